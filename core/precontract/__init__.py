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

from precontract.client import ConnectionReport, PrecontractClient
from precontract.config import Environment, RetryPolicy, Settings
from precontract.credentials import Credentials, generate_credentials
from precontract.eligibility import EligibilityChecker
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
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.identity import Approver, Match
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind

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
