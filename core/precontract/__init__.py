"""precontract: check a Belgian applicant's flexi-job eligibility and Student@work hours.

The NSSO answers from the social security databases once the applicant grants a citizen mandate.
This package holds everything that talks to those APIs, and every rule about mandates, expiry and
fields; the Odoo addon and the ATS connector are thin plugins over it.

Five-minute tour::

    from precontract import Applicant, EligibilityChecker, PrecontractClient, Settings, Ssin

    settings = Settings.load("precontract.toml")        # or Settings(...), or PRECONTRACT_* vars
    with PrecontractClient(settings) as client:
        checker = EligibilityChecker.from_client(client)
        outcome = checker.check(Applicant(reference="42", ssin=Ssin.parse("85.07.30-033.28")))
        print(outcome.kind, outcome.approval_url or outcome.data)

See the README's "Use the core from Python" section.
"""

import importlib
from typing import TYPE_CHECKING, Any

# The errors are light and every host catches them: imported now. The rest (requests, pydantic,
# cryptography, PyJWT behind the client and the workflow) is imported on first use of its name,
# so that `import precontract` costs a host, a CLI command or a worker almost nothing.
from precontract.errors import (
    ApiError,
    ConfigurationError,
    InvalidEnterpriseNumber,
    InvalidIdentifier,
    InvalidSsin,
    NoActiveMandate,
    PrecontractError,
    TokenError,
    TransportError,
)

if TYPE_CHECKING:
    from precontract.client import ConnectionReport, PrecontractClient
    from precontract.config import Environment, RetryPolicy, Settings
    from precontract.credentials import Credentials, generate_credentials
    from precontract.eligibility import EligibilityChecker
    from precontract.identifiers import EnterpriseNumber, Ssin
    from precontract.identity import Approver, Match
    from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind

_LAZY = {
    "ConnectionReport": "precontract.client",
    "PrecontractClient": "precontract.client",
    "Environment": "precontract.config",
    "RetryPolicy": "precontract.config",
    "Settings": "precontract.config",
    "Credentials": "precontract.credentials",
    "generate_credentials": "precontract.credentials",
    "EligibilityChecker": "precontract.eligibility",
    "EnterpriseNumber": "precontract.identifiers",
    "Ssin": "precontract.identifiers",
    "Approver": "precontract.identity",
    "Match": "precontract.identity",
    "Applicant": "precontract.outcome",
    "CheckOutcome": "precontract.outcome",
    "CheckState": "precontract.outcome",
    "OutcomeKind": "precontract.outcome",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'precontract' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__version__ = "0.1.0"

__all__ = [
    "ApiError",
    "Applicant",
    "Approver",
    "CheckOutcome",
    "CheckState",
    "ConfigurationError",
    "ConnectionReport",
    "Credentials",
    "EligibilityChecker",
    "EnterpriseNumber",
    "Environment",
    "InvalidEnterpriseNumber",
    "InvalidIdentifier",
    "InvalidSsin",
    "Match",
    "NoActiveMandate",
    "OutcomeKind",
    "PrecontractClient",
    "PrecontractError",
    "RetryPolicy",
    "Settings",
    "Ssin",
    "TokenError",
    "TransportError",
    "__version__",
    "generate_credentials",
]
