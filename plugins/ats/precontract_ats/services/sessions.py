"""Administrators' sessions, kept in the database so they can be revoked.

The cookie holds 256 random bits; the table keeps only their SHA-256 (a copy of the database
signs no one in), the user, the session's CSRF token and its end. Signing out revokes the
session; a new password (``create-admin`` for an existing user) revokes all of that user's.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from precontract_ats.crypto import token_hash
from precontract_ats.store.models import AdminSession, AdminUser

__all__ = ["open_session", "read_session", "revoke_session", "revoke_user_sessions"]


def open_session(
    session: Session, user: AdminUser, *, now: dt.datetime, hours: float
) -> tuple[str, str]:
    """A new session for ``user``: the cookie's token and the session's CSRF token."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    session.add(
        AdminSession(
            token_hash=token_hash(token),
            user_id=user.id,
            csrf=csrf,
            created_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    return token, csrf


def read_session(
    session: Session, token: str | None, *, now: dt.datetime
) -> tuple[AdminUser, str] | None:
    """The user and CSRF token of a live session, if ``token`` is one."""
    if not token or len(token) > 200:
        return None
    row = session.scalar(select(AdminSession).where(AdminSession.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    user = session.get(AdminUser, row.user_id)
    return (user, row.csrf) if user is not None else None


def revoke_session(session: Session, token: str | None, *, now: dt.datetime) -> None:
    if token:
        session.execute(
            update(AdminSession)
            .where(AdminSession.token_hash == token_hash(token), AdminSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )


def revoke_user_sessions(session: Session, user_id: int, *, now: dt.datetime) -> None:
    session.execute(
        update(AdminSession)
        .where(AdminSession.user_id == user_id, AdminSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
