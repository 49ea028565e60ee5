"""Administrators: passwords hashed with scrypt, and a brake on guessing them.

A password is stored as ``scrypt$<n>$<r>$<p>$<salt>$<hash>`` (base64); checking it compares in
constant time. Five failed sign-ins for one user name within 15 minutes lock that name for 15
minutes; twenty from one address lock the address. An unknown user name costs the same time as a
known one, so the answer does not tell which names exist.

>>> stored = hash_password("correct horse battery staple")
>>> stored.startswith("scrypt$")
True
>>> verify_password("correct horse battery staple", stored), verify_password("wrong", stored)
(True, False)
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from precontract.errors import InvalidInput
from precontract_ats.ats.base import register_texts
from precontract_ats.store.models import AdminUser, LoginThrottle

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "LoginResult",
    "PasswordTooWeak",
    "authenticate",
    "create_admin",
    "hash_password",
    "verify_password",
]

MIN_PASSWORD_LENGTH = 12
_N, _R, _P = 2**14, 8, 1  # ~16 MiB and ~50 ms per check: slow for guessers, fine for people
USER_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)


# Here, not with the pages' texts: `precontract connector create-admin` says them too.
register_texts(
    {
        "admin.password_too_weak": (
            "A password needs at least 12 characters.",
            "Een wachtwoord heeft minstens 12 tekens nodig.",
            "Un mot de passe doit compter au moins 12 caractères.",
        ),
        "admin.username_needed": (
            "Give a user name.",
            "Geef een gebruikersnaam op.",
            "Indiquez un nom d'utilisateur.",
        ),
    }
)


class PasswordTooWeak(InvalidInput):
    message_key = "admin.password_too_weak"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=32,
            maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, base64.b64decode(expected))


# Checked against when the user name is unknown, so both paths take the same time.
_DUMMY = hash_password("not a password", salt=b"0" * 16)


def create_admin(
    session: Session, username: str, password: str, *, language: str = "en"
) -> AdminUser:
    """Create an administrator, or set a new password for an existing one."""
    username = username.strip()
    if not username:
        raise InvalidInput("a user name is needed", key="admin.username_needed")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooWeak(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    user = session.scalar(select(AdminUser).where(AdminUser.username == username))
    if user is None:
        user = AdminUser(username=username, password_hash="", language=language)
        session.add(user)
    user.password_hash = hash_password(password)
    session.flush()
    return user


@dataclass(frozen=True)
class LoginResult:
    user: AdminUser | None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


def _throttle(session: Session, key: str) -> LoginThrottle:
    row = session.scalar(select(LoginThrottle).where(LoginThrottle.key == key))
    if row is None:
        row = LoginThrottle(key=key, failures=0)
        session.add(row)
    return row


def _locked(row: LoginThrottle, now: dt.datetime) -> dt.datetime | None:
    return row.locked_until if row.locked_until is not None and row.locked_until > now else None


def _fail(row: LoginThrottle, limit: int, now: dt.datetime) -> None:
    if row.window_start is None or now - row.window_start > WINDOW:
        row.window_start = now
        row.failures = 0
    row.failures += 1
    if row.failures >= limit:
        row.locked_until = now + LOCK
        row.failures = 0
        row.window_start = now


def authenticate(
    session: Session, username: str, password: str, *, address: str, now: dt.datetime
) -> LoginResult:
    """The user when the password is right and neither the name nor the address is locked."""
    user_row = _throttle(session, f"user:{username.strip().casefold()}")
    address_row = _throttle(session, f"address:{address}")
    locked = max(
        (t for t in (_locked(user_row, now), _locked(address_row, now)) if t is not None),
        default=None,
    )
    if locked is not None:
        return LoginResult(None, locked_until=locked)
    user = session.scalar(select(AdminUser).where(AdminUser.username == username.strip()))
    ok = verify_password(password, user.password_hash if user else _DUMMY) and user is not None
    if not ok:
        _fail(user_row, USER_LIMIT, now)
        _fail(address_row, ADDRESS_LIMIT, now)
        session.flush()
        return LoginResult(None, locked_until=_locked(user_row, now) or _locked(address_row, now))
    assert user is not None
    user_row.failures = 0
    user_row.locked_until = None
    user.last_login_at = now
    session.flush()
    return LoginResult(user)
