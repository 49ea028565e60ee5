"""Signing in: the JWT client assertion and a token provider that caches and renews the token.

The social security's REST APIs use the OAuth 2.0 client-credentials grant with a client
assertion (RFC 7521, RFC 7523 ``private_key_jwt``): the client signs a short-lived JWT with the
private key of the certificate registered in Chaman and trades it for a bearer token.

>>> import jwt
>>> from precontract.credentials import Credentials, generate_credentials
>>> from precontract.timeutil import system_clock
>>> key, cert = generate_credentials("doctest")
>>> creds = Credentials.from_pem(key, cert)
>>> token_url = "https://services-acpt.socialsecurity.be/REST/oauth/v5/token"
>>> assertion = build_client_assertion(client_id="self_service_chaman_1_x", token_url=token_url,
...                                    credentials=creds, now=system_clock())
>>> claims = jwt.decode(assertion, creds.certificate.public_key(), algorithms=["RS256"],
...                     audience=token_url)
>>> claims["iss"] == claims["sub"] == "self_service_chaman_1_x", claims["exp"] - claims["iat"]
(True, 300)
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt

from precontract.config import Settings
from precontract.credentials import Credentials
from precontract.http import HttpClient
from precontract.masking import MaskingFilter
from precontract.timeutil import Clock, system_clock

__all__ = [
    "ASSERTION_TYPE",
    "GRANT_TYPE",
    "MAX_ASSERTION_LIFETIME",
    "AccessToken",
    "TokenProvider",
    "build_client_assertion",
]

logger = logging.getLogger(__name__)
logger.addFilter(MaskingFilter())

GRANT_TYPE = "client_credentials"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MAX_ASSERTION_LIFETIME = 300
"""The social security refuses assertions whose ``exp`` lies more than 5 minutes after ``iat``."""

_DEFAULT_EXPIRES_IN = 300  # expires_in is not documented: assume short when it is missing


def build_client_assertion(
    *,
    client_id: str,
    token_url: str,
    credentials: Credentials,
    now: dt.datetime,
    lifetime: int = MAX_ASSERTION_LIFETIME,
    jti: str | None = None,
    include_thumbprint: bool = True,
) -> str:
    """The signed JWT that authenticates this client at ``token_url`` (api-contract.md §1).

    A new ``jti`` each call: an authorization server refuses a replayed assertion.
    """
    if not 0 < lifetime <= MAX_ASSERTION_LIFETIME:
        raise ValueError(f"lifetime must be 1..{MAX_ASSERTION_LIFETIME} seconds, not {lifetime}")
    issued_at = int(now.timestamp())
    claims: dict[str, Any] = {
        "iss": client_id,  # RFC 7523 §3 (1): the issuer is the client itself
        "sub": client_id,  # RFC 7523 §3 (2) and §2.2: for client authentication, sub = client_id
        "aud": token_url,  # RFC 7523 §3 (3): the token endpoint URL identifies the audience
        "jti": jti or str(uuid.uuid4()),  # RFC 7523 §3 (7) / RFC 7519 §4.1.7: unique, no replay
        "iat": issued_at,  # RFC 7523 §3 (6): when it was issued
        "exp": issued_at + lifetime,  # RFC 7523 §3 (4): expiry; the server caps it at iat + 300
    }
    headers: dict[str, Any] = {"typ": "JWT"}  # RFC 7519 §5.1; "alg" is set by the signer below
    if include_thumbprint:
        # RFC 7515 §4.1.8: names the certificate without shipping it; harmless when unused.
        headers["x5t#S256"] = credentials.thumbprint_s256
    # RFC 7523 §3 (9) and RFC 7521 §5.2: signed (RS256) by the key bound to the client ID.
    return jwt.encode(claims, credentials.private_key, algorithm="RS256", headers=headers)


@dataclass(frozen=True, slots=True)
class AccessToken:
    """A bearer token and when it ends; ``repr()`` never shows the token."""

    value: str = field(repr=False)
    issued_at: dt.datetime
    expires_at: dt.datetime
    token_type: str = "Bearer"  # noqa: S105 - the token type, not a token
    scope: str | None = None

    @property
    def scopes(self) -> frozenset[str]:
        """The scopes the server granted (empty when it did not say)."""
        return frozenset((self.scope or "").split())

    def is_fresh(self, now: dt.datetime, leeway: dt.timedelta) -> bool:
        """True until ``leeway`` before its end: renew a little early, never use a dying one."""
        return now < self.expires_at - leeway


class TokenProvider:
    """Gives a valid bearer token to every caller; one renewal at a time across threads.

    The token is cached until ``settings.token_leeway`` seconds before ``expires_in`` ends
    (at most half its lifetime, for very short tokens). :meth:`invalidate` drops a token an API
    refused with 401, so the next caller renews it once. :attr:`token_requests` counts the token
    requests sent (the benchmark reports it).
    """

    def __init__(self, settings: Settings, http: HttpClient, *, clock: Clock = system_clock):
        self._settings = settings
        self._http = http
        self._clock = clock
        self._lock = threading.Lock()
        self._current: AccessToken | None = None
        self._requests = 0

    @property
    def token_requests(self) -> int:
        return self._requests

    @property
    def current(self) -> AccessToken | None:
        """The cached token, if any (fresh or not)."""
        return self._current

    def token(self) -> str:
        """A bearer token valid now (from the cache, or newly requested)."""
        return self.access_token().value

    def access_token(self) -> AccessToken:
        current = self._current
        if current is not None and self._fresh(current):
            return current
        with self._lock:
            # Another thread may have renewed it while this one waited for the lock.
            current = self._current
            if current is not None and self._fresh(current):
                return current
            self._current = self._request()
            return self._current

    def invalidate(self, token: str) -> None:
        """Forget ``token`` (refused by an API); a newer token already cached is kept."""
        with self._lock:
            if self._current is not None and self._current.value == token:
                self._current = None

    def renew(self) -> AccessToken:
        """Request a new token now, whatever the cache holds (``test_connection`` uses it)."""
        with self._lock:
            self._current = self._request()
            return self._current

    def _fresh(self, token: AccessToken) -> bool:
        lifetime = token.expires_at - token.issued_at
        leeway = min(dt.timedelta(seconds=self._settings.token_leeway), lifetime / 2)
        return token.is_fresh(self._clock(), leeway)

    def _form(self) -> dict[str, str]:
        # Built again for every attempt: a repeated request needs a new jti.
        settings = self._settings
        self._requests += 1
        form = {
            "grant_type": GRANT_TYPE,
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": build_client_assertion(
                client_id=settings.client_id,
                token_url=settings.token_url,
                credentials=settings.credentials,
                now=self._clock(),
            ),
        }
        if settings.scope:
            form["scope"] = settings.scope
        return form

    def _request(self) -> AccessToken:
        settings = self._settings
        # A token request changes nothing on the server: safe to repeat (with a new assertion).
        response = self._http.request(
            "POST", settings.token_url, form=self._form, authenticated=False, idempotent=True
        )
        body = response.json_object()
        value = body.get("access_token")
        token_type = body.get("token_type", "Bearer")
        if not isinstance(value, str) or not value:
            raise response.malformed("no access_token in the answer")
        if not isinstance(token_type, str) or token_type.lower() != "bearer":
            raise response.malformed(f"token_type {token_type!r} is not Bearer")
        expires_in = body.get("expires_in", _DEFAULT_EXPIRES_IN)
        if isinstance(expires_in, str) and expires_in.isdigit():
            expires_in = int(expires_in)
        if (
            not isinstance(expires_in, int | float)
            or isinstance(expires_in, bool)
            or expires_in <= 0
        ):
            raise response.malformed(f"expires_in {expires_in!r} is not a positive number")
        now = self._clock()
        scope = body.get("scope")
        token = AccessToken(
            value=value,
            issued_at=now,
            expires_at=now + dt.timedelta(seconds=float(expires_in)),
            scope=scope if isinstance(scope, str) else None,
        )
        logger.info(
            "token obtained for client %s, valid %d s%s",
            settings.client_id,
            int(expires_in),
            f", scope {token.scope}" if token.scope else "",
        )
        return token
