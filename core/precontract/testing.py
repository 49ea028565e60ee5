"""Helpers for tests and demos that talk to the sandbox (importable without FastAPI).

>>> class FakeSandbox:                      # anything with .url and .register_client() will do
...     url = "http://127.0.0.1:8765"
...     def register_client(self, client_id, certificate_pem, *, scopes=None, name=None):
...         self.registered = client_id
>>> sandbox = FakeSandbox()
>>> settings = sandbox_settings(sandbox)
>>> settings.client_id == sandbox.registered, settings.client_id.startswith("self_service_chaman_")
(True, True)
>>> settings.token_url, settings.requester.formatted, settings.employer.formatted
('http://127.0.0.1:8765/REST/oauth/v5/token', '0123.456.749', '0403.019.261')
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from precontract.config import Environment, Settings
from precontract.credentials import generate_credentials

__all__ = [
    "DEMO_EMPLOYER",
    "DEMO_REQUESTER",
    "SandboxLike",
    "new_client_id",
    "sandbox_settings",
    "synthetic_ssins",
]

DEMO_REQUESTER = "0123456749"
"""The requester enterprise number of the demo and the tests (valid, fictitious)."""
DEMO_EMPLOYER = "0403019261"
"""The employer enterprise number of the demo and the tests (valid)."""


class SandboxLike(Protocol):
    """What :func:`sandbox_settings` needs from a sandbox (``precontract.sandbox.SandboxServer``)."""

    @property
    def url(self) -> str: ...

    def register_client(
        self,
        client_id: str,
        certificate_pem: bytes,
        *,
        scopes: Sequence[str] | None = None,
        name: str | None = None,
    ) -> Any: ...


def new_client_id() -> str:
    """A fresh client ID shaped like Chaman's: ``self_service_chaman_<digits>_<random>``."""
    return f"self_service_chaman_{secrets.randbelow(10**8):08d}_{secrets.token_hex(4)}"


def sandbox_settings(
    sandbox: SandboxLike,
    *,
    scopes: Sequence[str] | None = None,
    client_name: str | None = None,
    **overrides: Any,
) -> Settings:
    """Ready settings for ``sandbox``: a new key and certificate, a fresh client ID registered
    with them (with ``scopes``, default: the sandbox's default scopes), requester
    ``0123456749`` and employer ``0403019261``. ``overrides`` go to :class:`Settings`.
    """
    key_pem, cert_pem = generate_credentials(client_name or "precontract sandbox client")
    client_id = overrides.pop("client_id", None) or new_client_id()
    sandbox.register_client(client_id, cert_pem, scopes=scopes, name=client_name)
    values: dict[str, Any] = {
        "environment": Environment.SANDBOX,
        "sandbox_url": sandbox.url,
        "client_id": client_id,
        "private_key_pem": key_pem,
        "certificate_pem": cert_pem,
        "requester": DEMO_REQUESTER,
        "employer": DEMO_EMPLOYER,
    }
    values.update(overrides)
    return Settings(**values)


def synthetic_ssins(count: int, *, born: dt.date = dt.date(1990, 1, 1)) -> Iterator[str]:
    """``count`` distinct valid national numbers (compact), for bulk tests and benchmarks.

    Births from ``born`` on (before 2000: the check digits are on the first nine digits), 997
    people per day (serial numbers 1 to 997).

    >>> from precontract.identifiers import Ssin
    >>> numbers = list(synthetic_ssins(3))
    >>> numbers, all(Ssin.parse(n).compact == n for n in numbers)
    (['90010100123', '90010100222', '90010100321'], True)
    """
    made = 0
    day = born
    while made < count:
        for serial in range(1, 998):
            if made >= count:
                return
            if day.year >= 2000:
                raise ValueError("synthetic_ssins only makes numbers of births before 2000")
            first = f"{day:%y%m%d}{serial:03d}"
            yield f"{first}{97 - int(first) % 97:02d}"
            made += 1
        day += dt.timedelta(days=1)
