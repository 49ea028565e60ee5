"""The admin screens: sign-in, tenants, credentials, "Test connection", employers, connections,
field mappings, the checks overview (re-checks before start), parked work and the audit log.

Every page needs a signed-in administrator (a tenant's administrator sees its own tenant only);
every form carries the session's CSRF token; secrets are accepted and never sent back (a blank
secret field keeps the stored one). After a change the browser is redirected (so a reload does
not post twice), except where a new inbound key must be shown once.

One module per page or job: :mod:`.sign_in`, :mod:`.tenants`, :mod:`.connections`,
:mod:`.checks`, :mod:`.operations`; :mod:`.base` is what they share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter

from precontract_ats.web.admin import checks, connections, operations, sign_in, tenants
from precontract_ats.web.admin.base import (
    AdminPages,
    Forbidden,
    NeedsSignIn,
    OutOfScope,
    count_admins,
    login_redirect,
)
from precontract_ats.web.templating import Pages

if TYPE_CHECKING:
    from precontract_ats.engine import Connector

__all__ = [
    "Forbidden",
    "NeedsSignIn",
    "OutOfScope",
    "admin_router",
    "count_admins",
    "login_redirect",
]


def admin_router(connector: Connector, pages: Pages) -> APIRouter:
    router = APIRouter(prefix="/admin")
    ui = AdminPages(connector, pages)
    for module in (sign_in, tenants, connections, checks, operations):
        module.add_routes(router, ui)
    return router
