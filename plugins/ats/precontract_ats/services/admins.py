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
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import case, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from precontract.errors import InvalidInput
from precontract_ats.services.sessions import revoke_user_sessions
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


@functools.cache
def _dummy() -> str:
    """Checked against when the user name is unknown, so both paths take the same time."""
    return hash_password("not a password", salt=b"0" * 16)


def prepare_sign_in() -> None:
    """Hash the unknown user's stand-in now (the app calls it when it starts): hashed at the
    first sign-in instead, that first attempt with an unknown name would take longer than any
    later one and tell the name apart; not at import, as scrypt takes a good part of a second."""
    _dummy()


def create_admin(
    session: Session,
    username: str,
    password: str,
    *,
    language: str = "en",
    tenant_id: int | None = None,
) -> AdminUser:
    """Create an administrator (of one tenant when ``tenant_id`` is given, else of all), or set a
    new password for an existing one."""
    username = username.strip()
    if not username:
        raise InvalidInput("a user name is needed", key="admin.username_needed")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooWeak(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    user = session.scalar(select(AdminUser).where(AdminUser.username == username))
    if user is None:
        user = AdminUser(username=username, password_hash="", language=language)
        session.add(user)
    else:  # a new password: every session opened with the old one ends now
        revoke_user_sessions(session, user.id, now=dt.datetime.now(dt.UTC))
    user.password_hash = hash_password(password)
    user.tenant_id = tenant_id
    session.flush()
    return user


@dataclass(frozen=True)
class LoginResult:
    user: AdminUser | None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


def _lock(session: Session, key: str, now: dt.datetime) -> dt.datetime:
    until = now + LOCK
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == key[:300])
        .values(locked_until=until, failures=0, window_start=now)
    )
    return until


def _count_attempt(
    session: Session, key: str, limit: int, now: dt.datetime
) -> tuple[int, dt.datetime | None]:
    """Count one sign-in attempt against ``key`` before its password is even looked at, in one
    atomic statement (parallel guesses each see the others' count); answers the moment the key
    is locked until, when it is (the attempt is then not evaluated at all)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(LoginThrottle)
        .values(key=key[:300], failures=0, window_start=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    stale = LoginThrottle.window_start < now - WINDOW
    failures, locked_until = session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == key[:300])
        .values(
            failures=case((stale, 1), else_=LoginThrottle.failures + 1),
            window_start=case((stale, now), else_=LoginThrottle.window_start),
        )
        .returning(LoginThrottle.failures, LoginThrottle.locked_until)
    ).one()
    if locked_until is not None and locked_until > now:
        return failures, locked_until
    if failures > limit:  # more guesses in flight than the limit: this one is not evaluated
        return failures, _lock(session, key, now)
    return failures, None


def _forgive(session: Session, key: str, *, reset: bool) -> None:
    """A right password: the attempt counted before is taken back (``reset``: all of them)."""
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == key[:300])
        .values(
            failures=0 if reset else case(
                (LoginThrottle.failures > 0, LoginThrottle.failures - 1), else_=0
            ),
            locked_until=None if reset else LoginThrottle.locked_until,
        )
    )  # fmt: skip


def authenticate(
    session: Session, username: str, password: str, *, address: str, now: dt.datetime
) -> LoginResult:
    """The user when the password is right and neither the name nor the address is locked.

    Every attempt is counted first (atomically), so of many parallel guesses only the first
    ``USER_LIMIT`` are ever checked; a right password takes its count back."""
    keys = (
        (f"user:{username.strip().casefold()}", USER_LIMIT),
        (f"address:{address}", ADDRESS_LIMIT),
    )
    counted = [(key, limit, *_count_attempt(session, key, limit, now)) for key, limit in keys]
    locked = [until for *_, until in counted if until is not None]
    if locked:
        return LoginResult(None, locked_until=max(locked))
    user = session.scalar(select(AdminUser).where(AdminUser.username == username.strip()))
    ok = verify_password(password, user.password_hash if user else _dummy()) and user is not None
    if not ok:
        earned = [
            _lock(session, key, now) for key, limit, failures, _ in counted if failures >= limit
        ]
        return LoginResult(None, locked_until=max(earned, default=None))
    user_key, address_key = keys[0][0], keys[1][0]
    assert user is not None
    _forgive(session, user_key, reset=True)
    _forgive(session, address_key, reset=False)
    user.last_login_at = now
    session.flush()
    return LoginResult(user)
