"""CSRF tokens and the response headers of the admin screens.

The session itself is server-side (:mod:`precontract_ats.services.sessions`): the cookie holds a
random token (``HttpOnly``, ``SameSite=Strict``, ``Secure`` when the service is published over
https) and the session row its CSRF token. Every form carries that token; a POST without the
right one is refused. The sign-in form, before any session exists, uses a double-submit token (a
random cookie repeated in the form).

>>> token = new_csrf()
>>> csrf_ok(token, token), csrf_ok(token + "x", token), csrf_ok("", "")
(True, False, False)
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

__all__ = [
    "ADMIN_HEADERS",
    "EMBEDDABLE_HEADERS",
    "SessionData",
    "csrf_ok",
    "new_csrf",
]

SESSION_COOKIE = "pc_session"
NEW_KEY_COOKIE = "pc_new_key"  # a new inbound key, shown once after the redirect
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
