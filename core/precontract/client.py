"""The core's front door: one object holding the HTTP session, the token and both API clients.

::

    from precontract import PrecontractClient, Settings

    with PrecontractClient(Settings.load("precontract.toml")) as client:
        print(client.test_connection().summary("nl"))
        request = client.mandates.create_access_request(
            requester=client.settings.requester, employer=client.settings.employer)
        print(request.approval_url)           # what the QR code encodes

One client per settings, shared by threads: it pools connections and caches the token.
"""

from __future__ import annotations

import datetime as dt
import enum
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from precontract.api.citizen_data import CitizenDataClient
from precontract.api.mandates import MandatesClient
from precontract.api.profile import PROFILE
from precontract.auth import AccessToken, TokenProvider
from precontract.config import Environment, Settings
from precontract.errors import (
    ApiError,
    MissingScope,
    PrecontractError,
    TokenError,
    TransportError,
)
from precontract.http import HttpClient, Transport
from precontract.i18n import Language, translate
from precontract.timeutil import Clock, system_clock

__all__ = ["CheckStatus", "ConnectionCheck", "ConnectionReport", "PrecontractClient"]

CERTIFICATE_WARNING = dt.timedelta(days=30)
"""A certificate ending sooner than this gets a warning in :meth:`test_connection`."""

# The permission names an access manager ticks in Chaman (domain.md).
PERMISSION_MANDATES = "Burgermandaten - Beheren"
PERMISSION_CITIZEN_DATA = "Burgergegevens raadplegen - Onderneming"


class PrecontractClient:
    """The HTTP session, the token provider and the two API clients for one settings object.

    ``transport`` replaces the pooled requests session (tests, or a host's own HTTP stack);
    ``clock`` and ``sleep`` are injectable so tests never wait.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: Transport | None = None,
        clock: Clock = system_clock,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.http = HttpClient.from_settings(settings, transport=transport, sleep=sleep)
        self.tokens = TokenProvider(settings, self.http, clock=clock)
        self.http.tokens = self.tokens
        self.mandates = MandatesClient(self.http)
        self.citizen_data = CitizenDataClient(self.http)

    def close(self) -> None:
        """Close the pooled connections."""
        self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        s = self.settings
        return f"PrecontractClient(environment={s.environment.value!r}, client_id={s.client_id!r})"

    def test_connection(self) -> ConnectionReport:
        """Check, in plain words, what an administrator's "Test connection" button should say.

        The certificate's dates; a new token (client ID, key and token URL right?); the
        mandates API (reachable? permission "Burgermandaten - Beheren"?); the citizen data
        permission (from the token's scopes: no person's data is read). Never raises for a
        refusal: the report says what failed and what to do.
        """
        s = self.settings
        checks: list[ConnectionCheck] = [self._check_certificate()]
        token_check, token = self._check_token()
        checks.append(token_check)
        if token is None:
            checks += [
                ConnectionCheck(
                    "mandates_api",
                    CheckStatus.SKIPPED,
                    "connection.skipped_api",
                    {"permission": PERMISSION_MANDATES},
                ),
                ConnectionCheck(
                    "citizen_data",
                    CheckStatus.SKIPPED,
                    "connection.skipped_scope",
                    {"permission": PERMISSION_CITIZEN_DATA},
                ),
            ]
        else:
            checks.append(self._check_mandates_api())
            checks.append(_check_citizen_data_scope(token))
        return ConnectionReport(
            environment=s.environment.value, client_id=s.client_id, checks=tuple(checks)
        )

    # ----------------------------------------------------------------------------- the steps

    def _check_certificate(self) -> ConnectionCheck:
        creds = self.settings.credentials
        params = {"subject": creds.subject, "until": f"{creds.not_valid_after:%Y-%m-%d}"}
        if creds.expires_within(CERTIFICATE_WARNING, self.clock()):
            return ConnectionCheck(
                "certificate", CheckStatus.WARNING, "connection.certificate_expiring", params
            )
        return ConnectionCheck("certificate", CheckStatus.OK, "connection.certificate_ok", params)

    def _check_token(self) -> tuple[ConnectionCheck, AccessToken | None]:
        s = self.settings
        params: dict[str, Any] = {
            "client_id": s.client_id,
            "environment": s.environment.value,
            "url": s.token_url,
        }
        try:
            token = self.tokens.renew()
        except TokenError as exc:
            if s.environment is Environment.SANDBOX and exc.error == "invalid_client":
                # No Chaman behind a sandbox: the certificate is registered with the sandbox.
                params["url"] = s.sandbox_url or s.token_url
                return ConnectionCheck(
                    "token", CheckStatus.FAILED, "connection.sandbox_client_unknown", params, exc
                ), None
            return ConnectionCheck(
                "token", CheckStatus.FAILED, exc.message_key, dict(exc.params), exc
            ), None
        except TransportError as exc:
            return ConnectionCheck(
                "token", CheckStatus.FAILED, "connection.token_unreachable", params, exc
            ), None
        except ApiError as exc:
            params["status"] = exc.status
            return ConnectionCheck(
                "token", CheckStatus.FAILED, "connection.token_refused", params, exc
            ), None
        return ConnectionCheck("token", CheckStatus.OK, "connection.token_ok", params), token

    def _check_mandates_api(self) -> ConnectionCheck:
        s = self.settings
        params: dict[str, Any] = {
            "url": s.api_url,
            "permission": PERMISSION_MANDATES,
            "employer": s.employer.formatted,
        }
        try:
            self.mandates.list_mandates(employer=s.employer, limit=1)
        except MissingScope as exc:
            params["scopes"] = ", ".join(exc.required_scopes) or PROFILE.scope_mandates
            return ConnectionCheck(
                "mandates_api", CheckStatus.FAILED, "connection.permission_missing", params, exc
            )
        except TransportError as exc:
            return ConnectionCheck(
                "mandates_api", CheckStatus.FAILED, "connection.api_unreachable", params, exc
            )
        except ApiError as exc:
            params["status"] = exc.status
            params["problem"] = exc.user_message("en")
            return ConnectionCheck(
                "mandates_api", CheckStatus.FAILED, "connection.api_refused", params, exc
            )
        return ConnectionCheck("mandates_api", CheckStatus.OK, "connection.api_ok", params)


def _check_citizen_data_scope(token: AccessToken) -> ConnectionCheck:
    params = {"permission": PERMISSION_CITIZEN_DATA, "scopes": PROFILE.scope_citizen_data}
    if not token.scopes:
        return ConnectionCheck(
            "citizen_data", CheckStatus.SKIPPED, "connection.scope_unknown", params
        )
    if PROFILE.scope_citizen_data in token.scopes:
        return ConnectionCheck("citizen_data", CheckStatus.OK, "connection.scope_ok", params)
    return ConnectionCheck(
        "citizen_data", CheckStatus.FAILED, "connection.permission_missing", params
    )


# --------------------------------------------------------------------------------- the report


class CheckStatus(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"


_MARKS = {
    CheckStatus.OK: "✔",
    CheckStatus.WARNING: "!",
    CheckStatus.FAILED: "✘",
    CheckStatus.SKIPPED: "–",
}


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    """One line of a connection test: what was checked, how it went, what to do."""

    name: str
    status: CheckStatus
    message_key: str
    params: dict[str, Any] = field(default_factory=dict)
    error: PrecontractError | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.status is not CheckStatus.FAILED

    def message(self, lang: Language | str = "en") -> str:
        return translate(self.message_key, lang, **self.params)


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    """The answer of :meth:`PrecontractClient.test_connection`."""

    environment: str
    client_id: str
    checks: tuple[ConnectionCheck, ...]

    @property
    def ok(self) -> bool:
        """True when nothing failed (warnings and checks that could not run allowed)."""
        return all(check.ok for check in self.checks)

    def check(self, name: str) -> ConnectionCheck:
        for item in self.checks:
            if item.name == name:
                return item
        raise KeyError(name)

    def summary(self, lang: Language | str = "en") -> str:
        """The report as lines of text in nl, fr or en, the verdict first."""
        verdict = "connection.verdict_ok" if self.ok else "connection.verdict_failed"
        lines = [translate(verdict, lang, environment=self.environment, client_id=self.client_id)]
        lines += [f"{_MARKS[c.status]} {c.message(lang)}" for c in self.checks]
        return "\n".join(lines)
