"""What every admin page shares: the signed-in administrator and the tenants they may see, the
CSRF check of a form, rendering with the flash of the last change, and the redirect after it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from precontract.errors import PrecontractError
from precontract.i18n import Language, translate
from precontract_ats.ats import KINDS
from precontract_ats.services.audit import record_admin_action
from precontract_ats.services.errors import InvalidInput
from precontract_ats.services.sessions import read_session
from precontract_ats.store.models import AdminUser, Check, Connection, WriteBack
from precontract_ats.web.security import SESSION_COOKIE, SessionData, csrf_ok
from precontract_ats.web.templating import Pages, request_language

if TYPE_CHECKING:
    from precontract_ats.engine import Connector

__all__ = [
    "Admin",
    "AdminPages",
    "Forbidden",
    "NeedsSignIn",
    "OutOfScope",
    "count_admins",
    "login_redirect",
    "message_of",
    "read_upload",
]

# Redirects after something that did not work: their message is shown in red, not as done.
_FAILED_DONE = frozenset({"test_failed", "recheck_nothing"})

MAX_UPLOAD = 64 * 1024  # a key, a certificate or a PKCS#12 bundle is a few kilobytes


class NeedsSignIn(Exception):
    """Raised by pages that need an administrator; answered with a redirect to the sign-in."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class Forbidden(Exception):
    """A POST without the right CSRF token."""


class OutOfScope(Exception):
    """A tenant's administrator asked for another tenant's page: answered as not found."""


@dataclass(frozen=True)
class Admin:
    user: AdminUser
    session: SessionData

    @property
    def tenant_id(self) -> int | None:
        """The one tenant this administrator manages (None: a super-administrator, all)."""
        return self.user.tenant_id

    def sees(self, tenant_id: int | None) -> bool:
        return self.user.tenant_id is None or self.user.tenant_id == tenant_id


def message_of(exc: Exception, lang: Language) -> str:
    if isinstance(exc, PrecontractError):
        return exc.user_message(lang)
    return translate("form.invalid", lang, detail=str(exc))


async def read_upload(value: Any) -> bytes | None:
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    data = await value.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput(
            "file_too_large", "the file is too large for a key or a certificate", setting="file"
        )
    return data or None


def count_admins(session: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(AdminUser)) or 0)


def login_redirect(next_url: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/login?next={quote(next_url)}", status_code=303)


class AdminPages:
    """The plumbing the admin routers share (one per app)."""

    def __init__(self, connector: Connector, pages: Pages) -> None:
        self.connector = connector
        self.pages = pages
        self.db = connector.db
        self.titles = {kind: connector.plugin(kind).title for kind in KINDS}

    def current(self, request: Request) -> Admin:
        with self.db.session() as session:
            found = read_session(
                session, request.cookies.get(SESSION_COOKIE), now=self.connector.clock()
            )
        if found is not None:
            user, csrf = found
            if user.tenant_id is not None and not self._in_scope(request, user.tenant_id):
                raise OutOfScope()
            return Admin(user, SessionData(user.id, csrf))
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise NeedsSignIn(target)

    def _in_scope(self, request: Request, tenant_id: int) -> bool:
        """Whether a tenant's administrator may see what ``request`` asks for (lists are
        filtered by the administrator's tenant; a super-administrator sees everything)."""
        params = request.path_params
        if request.url.path.startswith("/admin/tenants/new"):
            return False  # new tenants are the super-administrator's
        with self.db.session() as session:
            owner: int | None
            if "tenant_id" in params:
                owner = int(params["tenant_id"])
            elif "connection_id" in params:
                owner = session.scalar(
                    select(Connection.tenant_id).where(
                        Connection.id == int(params["connection_id"])
                    )
                )
            elif "write_back_id" in params or params.get("kind") == "write-back":
                wb = session.get(WriteBack, int(params.get("write_back_id") or params["item_id"]))
                owner = wb.check.tenant_id if wb is not None else None
            elif "check_id" in params or params.get("kind") == "check":
                check = session.get(Check, int(params.get("check_id") or params["item_id"]))
                owner = check.tenant_id if check is not None else None
            else:
                return True
        return owner == tenant_id

    async def posted(self, request: Request) -> tuple[Admin, FormData]:
        admin = self.current(request)
        form = await request.form()
        if not csrf_ok(str(form.get("csrf_token") or ""), admin.session.csrf):
            raise Forbidden()
        return admin, form

    def render(
        self,
        request: Request,
        admin: Admin,
        name: str,
        *,
        status_code: int = 200,
        **context: Any,
    ) -> Response:
        lang = request_language(request)
        flashes = list(context.pop("flashes", []))
        done = request.query_params.get("done")
        if done:
            kind = "error" if done in _FAILED_DONE else "ok"
            flashes.append((kind, translate(f"done.{done}", lang)))
        return self.pages.render(
            request,
            name,
            status_code=status_code,
            user=admin.user,
            csrf=admin.session.csrf,
            titles=self.titles,
            flashes=flashes,
            **context,
        )

    @staticmethod
    def back(url: str, done: str | None = None) -> RedirectResponse:
        return RedirectResponse(f"{url}?done={done}" if done else url, status_code=303)

    def audited(
        self,
        admin: Admin,
        action: str,
        tenant_id: int,
        url: str,
        done: str,
        *,
        result: str = "ok",
        detail: str | None = None,
    ) -> RedirectResponse:
        """What ``admin`` changed on a tenant's things, recorded, then the redirect to ``url``
        that shows ``done`` (post/redirect/get)."""
        record_admin_action(
            self.db, action, actor=admin.user.username, tenant_id=tenant_id, result=result,
            detail=detail,
        )  # fmt: skip
        return self.back(url, done)

    def not_found(self, request: Request, admin: Admin) -> Response:
        lang = request_language(request)
        return self.render(
            request,
            admin,
            "error.html",
            status_code=404,
            title=translate("error.not_found", lang),
            message=translate("error.not_found_text", lang),
            back="/admin",
        )

    def visible_tenants(self, session: Session, admin: Admin) -> list[Any]:
        from precontract_ats.services.tenants import list_tenants

        return [t for t in list_tenants(session) if admin.sees(t.id)]
