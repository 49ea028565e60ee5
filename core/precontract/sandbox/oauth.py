"""The authorization server: ``POST /REST/oauth/v5/token`` (client credentials with a JWT
client assertion, RFC 7521/7523), as strict as a real one.

Every check answers an RFC 6749 §5.2 error with a description a developer can act on. The
assertion's times are checked against real time, as the client's own clock is real: moving the
sandbox clock simulates business time passing (requests and mandates expiring, tokens running
out), not a client with a wrong clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import jwt
from cryptography import x509
from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from precontract.sandbox.problems import OAuthError
from precontract.sandbox.state import ClientRecord, SandboxState

__all__ = ["ASSERTION_TYPE", "MAX_LIFETIME", "SKEW", "router", "verify_assertion"]

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MAX_LIFETIME = 300  # exp may be at most this many seconds after iat
SKEW = 30  # seconds of clock difference tolerated for iat/nbf/exp

# Token answers, granted or refused, are never to be cached (RFC 6749 §5.1).
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}

router = APIRouter()


class TokenOut(BaseModel):
    """The token answer (RFC 6749 §5.1)."""

    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    scope: str


class OAuthErrorOut(BaseModel):
    """An error answer (RFC 6749 §5.2)."""

    error: Literal[
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unsupported_grant_type",
        "invalid_scope",
    ]
    error_description: str


def _invalid(description: str) -> OAuthError:
    return OAuthError("invalid_client", description, 401)


def _moment(claims: dict[str, Any], name: str) -> dt.datetime | None:
    value = claims.get(name)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _invalid(f"the {name} claim must be a number of seconds since the epoch")
    try:
        return dt.datetime.fromtimestamp(value, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise _invalid(f"the {name} claim is not a moment (out of range)") from None


def verify_assertion(state: SandboxState, assertion: str, token_url: str) -> ClientRecord:
    """Check a client assertion; return the client it authenticates or raise
    :class:`OAuthError`."""
    try:
        header = jwt.get_unverified_header(assertion)
        claims = jwt.decode(assertion, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise _invalid(f"the client assertion is not a well-formed JWT ({exc})") from None
    alg = header.get("alg")
    if alg != "RS256":
        raise _invalid(f"the assertion must be signed with RS256, not {alg!r}")
    iss, sub = claims.get("iss"), claims.get("sub")
    if not isinstance(iss, str) or not iss:
        raise _invalid("the assertion has no iss claim (it must be the client ID)")
    if iss != sub:
        raise _invalid("iss and sub must both be the client ID")
    client = state.client(iss)
    if client is None:
        raise _invalid(f"unknown client {iss!r}: it is not registered")
    try:
        public_key = x509.load_pem_x509_certificate(client.certificate_pem.encode()).public_key()
        jwt.decode(
            assertion,
            public_key,  # type: ignore[arg-type]
            algorithms=["RS256"],
            options={
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
                "verify_aud": False,
            },
        )
    except jwt.InvalidSignatureError:
        raise _invalid(
            "signature verification failed with the certificate registered for this client"
        ) from None
    except jwt.PyJWTError as exc:
        raise _invalid(f"the assertion could not be verified ({exc})") from None
    aud = claims.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if token_url not in audiences:
        raise _invalid(f"the aud claim must be the token endpoint {token_url}")
    now = dt.datetime.now(dt.UTC)
    skew = dt.timedelta(seconds=SKEW)
    exp, iat, nbf = _moment(claims, "exp"), _moment(claims, "iat"), _moment(claims, "nbf")
    if exp is None:
        raise _invalid("the assertion has no exp claim")
    if exp < now - skew:
        raise _invalid("the assertion has expired (exp is in the past)")
    if iat is None:
        raise _invalid("the assertion has no iat claim")
    if iat > now + skew:
        raise _invalid("the assertion's iat is in the future (check the clock)")
    if nbf is not None and nbf > now + skew:
        raise _invalid("the assertion's nbf is in the future (check the clock)")
    if exp - iat > dt.timedelta(seconds=MAX_LIFETIME):
        raise _invalid(f"exp may be at most {MAX_LIFETIME} seconds after iat")
    if exp > now + dt.timedelta(seconds=MAX_LIFETIME) + skew:
        raise _invalid(f"exp is more than {MAX_LIFETIME} seconds ahead")
    jti = claims.get("jti")
    if not isinstance(jti, str) or not jti:
        raise _invalid("the assertion has no jti claim")
    if not state.use_jti(iss, jti, exp + skew, now=now):
        raise _invalid("this assertion's jti was already used (replay refused)")
    return client


@router.post(
    "/REST/oauth/v5/token",
    operation_id="token",
    tags=["oauth"],
    summary="Get an access token (client credentials with a JWT client assertion)",
    responses={
        200: {"description": "An access token", "model": TokenOut},
        400: {
            "description": "RFC 6749 error (invalid_request, unsupported_grant_type, invalid_scope)",
            "model": OAuthErrorOut,
        },
        401: {"description": "RFC 6749 error invalid_client", "model": OAuthErrorOut},
    },
)
def token(
    request: Request,
    grant_type: Annotated[str | None, Form()] = None,
    client_assertion_type: Annotated[str | None, Form()] = None,
    client_assertion: Annotated[str | None, Form()] = None,
    scope: Annotated[str | None, Form()] = None,
) -> JSONResponse:
    state: SandboxState = request.app.state.sandbox
    try:
        if not grant_type:
            raise OAuthError("invalid_request", "grant_type is missing")
        if grant_type != "client_credentials":
            raise OAuthError(
                "unsupported_grant_type",
                f"only client_credentials is supported, not {grant_type!r}",
            )
        if not client_assertion_type:
            raise OAuthError("invalid_request", "client_assertion_type is missing")
        if client_assertion_type != ASSERTION_TYPE:
            raise OAuthError("invalid_request", f"client_assertion_type must be {ASSERTION_TYPE}")
        if not client_assertion:
            raise OAuthError("invalid_request", "client_assertion is missing")
        token_url = str(request.url_for("token"))
        client = verify_assertion(state, client_assertion, token_url)
        scopes = list(client.scopes)
        if scope:
            asked = scope.split()
            refused = [s for s in asked if s not in client.scopes]
            if refused:
                raise OAuthError(
                    "invalid_scope", f"scope not granted to this client: {' '.join(refused)}"
                )
            scopes = asked
    except OAuthError as exc:
        return JSONResponse(
            exc.body(),
            status_code=exc.status,
            headers=NO_STORE,
        )
    access_token, lifetime = state.issue_token(client.client_id, scopes)
    return JSONResponse(
        {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": lifetime,
            "scope": " ".join(scopes),
        },
        headers=NO_STORE,
    )
