"""Sessions, CSRF tokens and the response headers of the admin screens.

The session is a signed cookie (HMAC-SHA256 with a key derived from the connector's secret key):
``base64(json) . base64(mac)``, holding the user id, its expiry and the session's CSRF token. It is
``HttpOnly``, ``SameSite=Strict`` and ``Secure`` when the service is published over https. Every
form carries the CSRF token; a POST without the right one is refused. The sign-in form, before any
session exists, uses a double-submit token (a random cookie repeated in the form).

>>> codec = SessionCodec(b"k" * 32, max_age=3600)
>>> import datetime as dt
>>> now = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
>>> cookie = codec.dump(SessionData(user_id=1, csrf="abc"), now=now)
>>> codec.load(cookie, now=now).user_id
1
>>> codec.load(cookie + "x", now=now) is None
True
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

__all__ = [
    "ADMIN_HEADERS",
    "EMBEDDABLE_HEADERS",
    "SessionCodec",
    "SessionData",
    "csrf_ok",
    "new_csrf",
]

SESSION_COOKIE = "pc_session"
LOGIN_COOKIE = "pc_login"
LANG_COOKIE = "pc_lang"

_COMMON = {
    "X-Content-Type-Options": "nosniff",
    # The recruiter page's address is a secret: never leak it to another site.
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
ADMIN_HEADERS = {
    **_COMMON,
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}
# The recruiter page and Bullhorn's tab are shown inside the ATS (an IFRAME).
EMBEDDABLE_HEADERS = {
    **_COMMON,
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'self' https://*.bullhornstaffing.com https://*.bullhorn.com "
        "https://*.recruitee.com https://*.teamtailor.com; form-action 'self'; base-uri 'none'"
    ),
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(given: str | None, expected: str | None) -> bool:
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


@dataclass(frozen=True)
class SessionData:
    user_id: int
    csrf: str


class SessionCodec:
    """Signs and checks the session cookie."""

    def __init__(self, key: bytes, *, max_age: float) -> None:
        self._key = key
        self.max_age = max_age

    def _mac(self, raw: bytes) -> bytes:
        return hmac.new(self._key, raw, hashlib.sha256).digest()

    def dump(self, data: SessionData, *, now: dt.datetime) -> str:
        body = {"u": data.user_id, "c": data.csrf, "e": int(now.timestamp() + self.max_age)}
        raw = json.dumps(body, separators=(",", ":")).encode()
        return f"{_b64(raw)}.{_b64(self._mac(raw))}"

    def load(self, cookie: str | None, *, now: dt.datetime) -> SessionData | None:
        if not cookie or "." not in cookie:
            return None
        raw_b64, mac_b64 = cookie.split(".", 1)
        try:
            raw, mac = _unb64(raw_b64), _unb64(mac_b64)
        except (ValueError, TypeError):
            return None
        if not hmac.compare_digest(self._mac(raw), mac):
            return None
        try:
            body = json.loads(raw)
            if int(body["e"]) < now.timestamp():
                return None
            return SessionData(user_id=int(body["u"]), csrf=str(body["c"]))
        except (ValueError, KeyError, TypeError):
            return None
