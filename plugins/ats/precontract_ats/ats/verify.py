"""Checks every inbound ATS call passes before it may start anything.

- **who**: the bearer token or secret parameter is compared in constant time
  (:func:`hmac.compare_digest`) with what the connection holds; connections are found by the
  SHA-256 of their inbound token, so the token itself is never stored;
- **when**: a call whose ``Date`` header (or signed timestamp) is more than five minutes away from
  our clock is stale;
- **once**: the id of every accepted call (a report id, an event id, a one-time action token) is
  remembered, and a second call with the same id is a replay.

:func:`sign_action` / :func:`read_action` make the one-time tokens of pages shown inside an ATS
(Bullhorn's tab): an HMAC-signed payload with a timestamp and a random nonce.

>>> key = b"k" * 32
>>> import datetime as dt
>>> now = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
>>> token = sign_action(key, {"candidate": "42"}, now=now)
>>> read_action(key, token, now=now + dt.timedelta(minutes=1))["candidate"]
'42'
>>> read_action(key, token, now=now + dt.timedelta(hours=1))
Traceback (most recent call last):
    ...
precontract_ats.ats.verify.InboundRefused: stale: the action token is older than 600 seconds
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from precontract.errors import PrecontractError
from precontract_ats.crypto import token_hash
from precontract_ats.store.models import InboundNonce

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = [
    "MAX_SKEW",
    "InboundRefused",
    "bearer_token",
    "check_date_header",
    "json_body",
    "purge_nonces",
    "read_action",
    "remember_once",
    "same_token_hash",
    "sign_action",
]

MAX_SKEW = dt.timedelta(minutes=5)
ACTION_MAX_AGE = dt.timedelta(minutes=10)


class InboundRefused(PrecontractError):
    """An inbound call failed a check. ``reason``: unauthorized, stale, replay, malformed."""

    message_key = "connector.refused"
    STATUS: ClassVar[dict[str, int]] = {
        "unauthorized": 401,
        "stale": 401,
        "replay": 409,
        "malformed": 400,
        "forbidden": 403,
    }

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}", reason=reason)
        self.reason = reason

    @property
    def status(self) -> int:
        return self.STATUS.get(self.reason, 400)


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, if any."""
    value = headers.get("authorization") or headers.get("Authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def same_token_hash(given: str | None, expected_hash: str | None) -> bool:
    """Constant-time comparison of a given token with a stored SHA-256 of the right one."""
    if not given or not expected_hash:
        return False
    return hmac.compare_digest(token_hash(given), expected_hash)


def check_date_header(value: str | None, now: dt.datetime) -> None:
    """Refuse a call whose ``Date`` header is too far from ``now`` (absent: nothing to check)."""
    if not value:
        return
    try:
        sent = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        raise InboundRefused("malformed", "the Date header cannot be read") from None
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=dt.UTC)
    if abs(now - sent) > MAX_SKEW:
        raise InboundRefused("stale", f"the call was sent at {sent.isoformat()}, too long ago")


async def json_body(request: Request) -> Any:
    """The call's body as JSON; a body that is not JSON is refused as malformed."""
    try:
        return await request.json()
    except ValueError:
        raise InboundRefused("malformed", "the body is not JSON") from None


def remember_once(
    session: Session, scope: str, nonce: str, *, now: dt.datetime, ttl: dt.timedelta
) -> None:
    """Record ``nonce`` for ``scope``; a second call with it raises a replay refusal."""
    if not nonce:
        raise InboundRefused("malformed", "the call carries no id")
    try:
        with session.begin_nested():
            session.add(
                InboundNonce(
                    scope=scope[:100], nonce=nonce[:200], seen_at=now, expires_at=now + ttl
                )
            )
    except IntegrityError:
        raise InboundRefused("replay", f"the call {nonce[:40]!r} was already received") from None


def purge_nonces(session: Session, now: dt.datetime) -> int:
    result = session.execute(delete(InboundNonce).where(InboundNonce.expires_at < now))
    return int(getattr(result, "rowcount", 0) or 0)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_action(key: bytes, payload: Mapping[str, Any], *, now: dt.datetime) -> str:
    """A one-time token carrying ``payload``, a timestamp and a random nonce."""
    body = dict(payload)
    body["iat"] = int(now.timestamp())
    body["nonce"] = secrets.token_urlsafe(16)
    raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8")
    mac = hmac.new(key, raw, hashlib.sha256).digest()
    return f"{_b64(raw)}.{_b64(mac)}"


def read_action(
    key: bytes, token: str, *, now: dt.datetime, max_age: dt.timedelta = ACTION_MAX_AGE
) -> dict[str, Any]:
    """The payload of a token made by :func:`sign_action`, if genuine and fresh."""
    try:
        raw_b64, mac_b64 = token.split(".", 1)
        raw, mac = _unb64(raw_b64), _unb64(mac_b64)
    except (ValueError, TypeError):
        raise InboundRefused("malformed", "the action token cannot be read") from None
    if not hmac.compare_digest(hmac.new(key, raw, hashlib.sha256).digest(), mac):
        raise InboundRefused("unauthorized", "the action token is not genuine")
    payload: dict[str, Any] = json.loads(raw)
    issued = dt.datetime.fromtimestamp(int(payload.get("iat", 0)), dt.UTC)
    if now - issued > max_age or issued - now > MAX_SKEW:
        raise InboundRefused(
            "stale", f"the action token is older than {int(max_age.total_seconds())} seconds"
        )
    return payload


def check_signature_v1(
    header: str | None,
    signed: str,
    secret: str,
    *,
    now: dt.datetime,
    max_age: dt.timedelta = dt.timedelta(minutes=5),
) -> None:
    """Check a ``t=<unix time>,v1=<hex HMAC-SHA256>`` signature header.

    Teamtailor's ``Teamtailor-Signature`` (tt-partner-docs, "Webhook signatures"): the HMAC of
    ``"<t>.<signed>"`` (``signed`` being the partner event id) with the secret key; the latest
    scheme (``v1``) is the one checked, and a timestamp outside ``max_age`` is stale.
    """
    parts: dict[str, str] = {}
    for piece in (header or "").replace(" ", "").replace("\n", "").split(","):
        name, _, value = piece.partition("=")
        if name and value:
            parts.setdefault(name, value)
    stamp, given = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or not given:
        raise InboundRefused("unauthorized", "the signature header is missing or malformed")
    expected = hmac.new(secret.encode(), f"{stamp}.{signed}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given.lower()):
        raise InboundRefused("unauthorized", "the signature does not match")
    age = abs(now.timestamp() - int(stamp))
    if age > max_age.total_seconds():
        raise InboundRefused("stale", "the signature's timestamp is too old")
