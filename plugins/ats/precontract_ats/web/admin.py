"""The admin screens: sign-in, tenants, credentials, "Test connection", employers, connections,
field mappings, checks and the audit log.

Every page needs a signed-in administrator; every form carries the session's CSRF token; secrets
are accepted and never sent back (a blank secret field keeps the stored one). After a change the
browser is redirected (so a reload does not post twice), except where a new inbound key must be
shown once.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from precontract.client import PrecontractClient
from precontract.errors import PrecontractError
from precontract.fields import FieldKey
from precontract.i18n import LANGUAGES, Language, translate
from precontract_ats.ats import KINDS
from precontract_ats.ats.base import Finding
from precontract_ats.engine import FOLLOWED
from precontract_ats.services import admins
from precontract_ats.services import connections as connection_service
from precontract_ats.services import tenants as tenant_service
from precontract_ats.services.audit import audit_page, record_admin_action
from precontract_ats.services.errors import InvalidInput
from precontract_ats.services.sessions import open_session, read_session, revoke_session
from precontract_ats.store.models import AdminUser, Check, Connection, Tenant, WriteBack
from precontract_ats.summary import moment
from precontract_ats.web.parked import parked_items
from precontract_ats.web.recruiter import BADGES
from precontract_ats.web.security import (
    LOGIN_COOKIE,
    NEW_KEY_COOKIE,
    SESSION_COOKIE,
    SessionData,
    csrf_ok,
    new_csrf,
)
from precontract_ats.web.templating import Pages, request_language

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

# Redirects after something that did not work: their message is shown in red, not as done.
_FAILED_DONE = frozenset({"test_failed"})

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


def _message(exc: Exception, lang: Language) -> str:
    if isinstance(exc, PrecontractError):
        return exc.user_message(lang)
    return translate("form.invalid", lang, detail=str(exc))


async def _read_upload(value: Any) -> bytes | None:
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    data = await value.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput(
            "file_too_large", "the file is too large for a key or a certificate", setting="file"
        )
    return data or None


def admin_router(connector: Connector, pages: Pages) -> APIRouter:
    router = APIRouter(prefix="/admin")
    hours = connector.settings.session_hours
    secure = connector.settings.secure_cookies
    db = connector.db
    titles = {kind: connector.plugin(kind).title for kind in KINDS}

    # ------------------------------------------------------------------------------ plumbing

    def current(request: Request) -> Admin:
        with db.session() as session:
            found = read_session(
                session, request.cookies.get(SESSION_COOKIE), now=connector.clock()
            )
        if found is not None:
            user, csrf = found
            if user.tenant_id is not None and not in_scope(request, user.tenant_id):
                raise OutOfScope()
            return Admin(user, SessionData(user.id, csrf))
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise NeedsSignIn(target)

    def in_scope(request: Request, tenant_id: int) -> bool:
        """Whether a tenant's administrator may see what ``request`` asks for (lists are
        filtered by :func:`scope`; a super-administrator sees everything)."""
        params = request.path_params
        if request.url.path.startswith("/admin/tenants/new"):
            return False  # new tenants are the super-administrator's
        with db.session() as session:
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
            elif params.get("kind") == "check":
                check = session.get(Check, int(params["item_id"]))
                owner = check.tenant_id if check is not None else None
            else:
                return True
        return owner == tenant_id

    def scope(admin: Admin) -> int | None:
        """The tenant an administrator's lists show (None: all of them)."""
        return admin.user.tenant_id

    async def posted(request: Request) -> tuple[Admin, FormData]:
        admin = current(request)
        form = await request.form()
        if not csrf_ok(str(form.get("csrf_token") or ""), admin.session.csrf):
            raise Forbidden()
        return admin, form

    def render(request: Request, admin: Admin, name: str, **context: Any) -> Response:
        lang = request_language(request)
        flashes = list(context.pop("flashes", []))
        done = request.query_params.get("done")
        if done:
            kind = "error" if done in _FAILED_DONE else "ok"
            flashes.append((kind, translate(f"done.{done}", lang)))
        return pages.render(
            request,
            name,
            user=admin.user,
            csrf=admin.session.csrf,
            titles=titles,
            flashes=flashes,
            **context,
        )

    def back(url: str, done: str | None = None) -> RedirectResponse:
        return RedirectResponse(f"{url}?done={done}" if done else url, status_code=303)

    def not_found(request: Request, admin: Admin) -> Response:
        lang = request_language(request)
        return render(
            request,
            admin,
            "error.html",
            title=translate("error.not_found", lang),
            message=translate("error.not_found_text", lang),
            back="/admin",
        )

    # ------------------------------------------------------------------------------ sign-in

    @router.get("/login")
    def login_page(request: Request) -> Response:
        token = request.cookies.get(LOGIN_COOKIE) or new_csrf()
        response = pages.render(
            request,
            "login.html",
            user=None,
            login_csrf=token,
            next_url=request.query_params.get("next", "/admin"),
            username="",
            error=None,
        )
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=secure)
        return response

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        lang = request_language(request)
        token = request.cookies.get(LOGIN_COOKIE)
        username = str(form.get("username") or "")
        next_url = str(form.get("next") or "/admin")
        if not next_url.startswith("/admin") or next_url.startswith("//"):
            next_url = "/admin"

        def again(error: str, status: int) -> Response:
            fresh = new_csrf()
            response = pages.render(
                request,
                "login.html",
                status_code=status,
                user=None,
                login_csrf=fresh,
                next_url=next_url,
                username=username,
                error=error,
            )
            response.set_cookie(
                LOGIN_COOKIE, fresh, httponly=True, samesite="strict", secure=secure
            )
            return response

        if not csrf_ok(str(form.get("csrf_token") or ""), token):
            return again(translate("login.expired", lang), 400)
        address = request.client.host if request.client else "unknown"
        now = connector.clock()

        def check() -> admins.LoginResult:
            with db.session() as session:
                return admins.authenticate(
                    session, username, str(form.get("password") or ""), address=address, now=now
                )

        result = await run_in_threadpool(check)
        if not result.ok:
            record_admin_action(db, "admin.sign_in", actor=username[:200], result="refused", at=now)
            if result.locked_until is not None:
                return again(translate("login.locked", lang, when=moment(result.locked_until)), 429)
            return again(translate("login.wrong", lang), 401)
        assert result.user is not None
        record_admin_action(db, "admin.sign_in", actor=result.user.username, at=now)
        response = RedirectResponse(next_url, status_code=303)
        with db.session() as session:
            cookie, _ = open_session(session, result.user, now=now, hours=hours)
        response.set_cookie(
            SESSION_COOKIE,
            cookie,
            httponly=True,
            samesite="strict",
            secure=secure,
            max_age=int(hours * 3600),
        )
        response.delete_cookie(LOGIN_COOKIE)
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        await posted(request)
        with db.session() as session:
            revoke_session(session, request.cookies.get(SESSION_COOKIE), now=connector.clock())
        response = RedirectResponse("/admin/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    # ------------------------------------------------------------------------------ tenants

    @router.get("")
    def tenants_page(request: Request) -> Response:
        admin = current(request)
        with db.session() as session:
            tenants = [
                t for t in tenant_service.list_tenants(session) if scope(admin) in (None, t.id)
            ]
            for tenant in tenants:
                _ = tenant.connections
        return render(request, admin, "tenants.html", tenants=tenants, section="tenants")

    @router.get("/tenants/new")
    def new_tenant_page(request: Request) -> Response:
        admin = current(request)
        form = {"name": "", "requester": "", "environment": "sandbox", "sandbox_url": ""}
        return render(request, admin, "tenant_form.html", tenant=None, form=form, section="tenants")

    @router.post("/tenants/new")
    async def new_tenant(request: Request) -> Response:
        admin, form = await posted(request)
        values = _tenant_form(form)
        try:
            with db.session() as session:
                tenant = tenant_service.create_tenant(session, **values)
                tenant_id = tenant.id
        except (PrecontractError, ValueError) as exc:
            return render(
                request,
                admin,
                "tenant_form.html",
                tenant=None,
                form=values,
                error=_message(exc, request_language(request)),
                section="tenants",
            )
        record_admin_action(
            db,
            "admin.tenant_created",
            actor=admin.user.username,
            tenant_id=tenant_id,
            detail=values["name"],
        )
        return back(f"/admin/tenants/{tenant_id}", "tenant_created")

    def tenant_page(request: Request, admin: Admin, tenant_id: int, **extra: Any) -> Response:
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None:
                return not_found(request, admin)
            _ = tenant.employers, [c.employer for c in tenant.connections]
        return render(request, admin, "tenant.html", tenant=tenant, section="tenants", **extra)

    @router.get("/tenants/{tenant_id}")
    def show_tenant(request: Request, tenant_id: int) -> Response:
        return tenant_page(request, current(request), tenant_id)

    @router.get("/tenants/{tenant_id}/edit")
    def edit_tenant_page(request: Request, tenant_id: int) -> Response:
        admin = current(request)
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
        if tenant is None:
            return not_found(request, admin)
        form = {
            "name": tenant.name,
            "requester": tenant.requester,
            "environment": tenant.environment,
            "sandbox_url": tenant.sandbox_url or "",
        }
        return render(
            request, admin, "tenant_form.html", tenant=tenant, form=form, section="tenants"
        )

    @router.post("/tenants/{tenant_id}/edit")
    async def edit_tenant(request: Request, tenant_id: int) -> Response:
        admin, form = await posted(request)
        values = _tenant_form(form)
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None:
                return not_found(request, admin)
            try:
                tenant_service.update_tenant(session, tenant, **values)
            except (PrecontractError, ValueError) as exc:
                session.rollback()
                return render(
                    request,
                    admin,
                    "tenant_form.html",
                    tenant=tenant,
                    form=values,
                    error=_message(exc, request_language(request)),
                    section="tenants",
                )
        record_admin_action(
            db, "admin.tenant_changed", actor=admin.user.username, tenant_id=tenant_id
        )
        return back(f"/admin/tenants/{tenant_id}", "saved")

    @router.post("/tenants/{tenant_id}/credentials")
    async def credentials(request: Request, tenant_id: int) -> Response:
        admin, form = await posted(request)
        lang = request_language(request)
        try:
            private_key = await _read_upload(form.get("private_key"))
            certificate = await _read_upload(form.get("certificate"))
            pkcs12 = await _read_upload(form.get("pkcs12"))
        except InvalidInput as exc:
            return tenant_page(request, admin, tenant_id, creds_error=_message(exc, lang))
        password = str(form.get("password") or "") or None
        client_id = str(form.get("client_id") or "")

        def save() -> str | None:
            with db.session() as session:
                tenant = session.get(Tenant, tenant_id)
                if tenant is None:
                    return "missing"
                tenant_service.save_credentials(
                    session,
                    connector.box,
                    tenant,
                    client_id=client_id,
                    private_key=private_key,
                    certificate=certificate,
                    pkcs12=pkcs12,
                    password=password,
                )
            return None

        try:
            if await run_in_threadpool(save) == "missing":
                return not_found(request, admin)
        except (PrecontractError, ValueError) as exc:
            return tenant_page(request, admin, tenant_id, creds_error=_message(exc, lang))
        record_admin_action(
            db, "admin.credentials_uploaded", actor=admin.user.username, tenant_id=tenant_id
        )
        return back(f"/admin/tenants/{tenant_id}", "credentials_saved")

    @router.post("/tenants/{tenant_id}/test")
    async def test_connection(request: Request, tenant_id: int) -> Response:
        admin, _ = await posted(request)
        lang = request_language(request)

        def run() -> bool | None:
            with db.session() as session:
                tenant = session.get(Tenant, tenant_id)
                if tenant is None:
                    return None
                settings = tenant_service.tenant_settings(tenant, connector.box)
            with PrecontractClient(settings) as client:
                report = client.test_connection()
            stored = {
                "verdict": {code: report.summary(code).splitlines()[0] for code in LANGUAGES},
                "checks": [
                    {
                        "name": c.name,
                        "status": c.status.value,
                        "message": {code: c.message(code) for code in LANGUAGES},
                    }
                    for c in report.checks
                ],
            }
            with db.session() as session:
                tenant = session.get(Tenant, tenant_id)
                assert tenant is not None
                tenant.last_test_at = connector.clock()
                tenant.last_test_ok = report.ok
                tenant.last_test_report = stored
            return report.ok

        try:
            ok = await run_in_threadpool(run)
        except PrecontractError as exc:
            return tenant_page(
                request, admin, tenant_id, flashes=[("error", exc.user_message(lang))]
            )
        if ok is None:
            return not_found(request, admin)
        record_admin_action(
            db,
            "admin.connection_tested",
            actor=admin.user.username,
            tenant_id=tenant_id,
            result="ok" if ok else "failed",
        )
        return back(f"/admin/tenants/{tenant_id}", "tested" if ok else "test_failed")

    @router.post("/tenants/{tenant_id}/sandbox-register")
    async def sandbox_register(request: Request, tenant_id: int) -> Response:
        admin, _ = await posted(request)
        lang = request_language(request)

        def run() -> str | None:
            with db.session() as session:
                tenant = session.get(Tenant, tenant_id)
                if tenant is None:
                    return None
                return tenant_service.register_in_sandbox(session, connector.box, tenant)

        try:
            client_id = await run_in_threadpool(run)
        except (PrecontractError, ValueError) as exc:
            return tenant_page(request, admin, tenant_id, creds_error=_message(exc, lang))
        if client_id is None:
            return not_found(request, admin)
        record_admin_action(
            db,
            "admin.sandbox_registered",
            actor=admin.user.username,
            tenant_id=tenant_id,
            detail=client_id,
        )
        return back(f"/admin/tenants/{tenant_id}", "sandbox_registered")

    @router.post("/tenants/{tenant_id}/employers")
    async def add_employer(request: Request, tenant_id: int) -> Response:
        admin, form = await posted(request)
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None:
                return not_found(request, admin)
            try:
                tenant_service.add_employer(
                    session,
                    tenant,
                    str(form.get("enterprise_number") or ""),
                    str(form.get("name") or ""),
                )
            except (PrecontractError, ValueError) as exc:
                session.rollback()
                return tenant_page(
                    request,
                    admin,
                    tenant_id,
                    employer_error=_message(exc, request_language(request)),
                )
        record_admin_action(
            db, "admin.employer_added", actor=admin.user.username, tenant_id=tenant_id
        )
        return back(f"/admin/tenants/{tenant_id}", "employer_added")

    @router.post("/tenants/{tenant_id}/employers/{employer_id}/delete")
    async def remove_employer(request: Request, tenant_id: int, employer_id: int) -> Response:
        admin, _ = await posted(request)
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None:
                return not_found(request, admin)
            try:
                tenant_service.remove_employer(session, tenant, employer_id)
            except PrecontractError as exc:
                session.rollback()
                return tenant_page(
                    request,
                    admin,
                    tenant_id,
                    employer_error=_message(exc, request_language(request)),
                )
        record_admin_action(
            db, "admin.employer_removed", actor=admin.user.username, tenant_id=tenant_id
        )
        return back(f"/admin/tenants/{tenant_id}", "employer_removed")

    # ------------------------------------------------------------------------------ connections

    def connection_form_page(
        request: Request,
        admin: Admin,
        tenant: Tenant,
        kind: str,
        form: dict[str, Any],
        connection: Connection | None = None,
        error: str | None = None,
        stored: dict[str, str] | None = None,
    ) -> Response:
        return render(
            request,
            admin,
            "connection_form.html",
            tenant=tenant,
            plugin=connector.plugin(kind),
            form=form,
            connection=connection,
            error=error,
            stored_secrets=stored or {},
            section="tenants",
        )

    @router.get("/tenants/{tenant_id}/connections/new")
    def new_connection_page(request: Request, tenant_id: int) -> Response:
        admin = current(request)
        kind = request.query_params.get("kind", "")
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None or kind not in KINDS:
                return not_found(request, admin)
            _ = tenant.employers
        form: dict[str, Any] = {
            "name": request.query_params.get("name") or titles[kind],
            "employer_id": None,
            "language": request_language(request),
            "settings": {},
            "enabled": True,
        }
        return connection_form_page(request, admin, tenant, kind, form)

    @router.post("/tenants/{tenant_id}/connections/new")
    async def new_connection(request: Request, tenant_id: int) -> Response:
        admin, form = await posted(request)
        kind = str(form.get("kind") or "")
        values = _connection_form(
            form, connector.plugin(kind).setting_fields if kind in KINDS else ()
        )
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None or kind not in KINDS:
                return not_found(request, admin)
            try:
                connection, key = connection_service.create_connection(
                    session,
                    connector.box,
                    tenant,
                    kind=kind,
                    name=values["name"],
                    settings=values["settings"],
                    secret_values=values["secrets"],
                    employer_id=values["employer_id"],
                    language=values["language"],
                )
                connection_id = connection.id
            except (PrecontractError, ValueError) as exc:
                session.rollback()
                _ = tenant.employers
                return connection_form_page(
                    request,
                    admin,
                    tenant,
                    kind,
                    values,
                    error=_message(exc, request_language(request)),
                )
        record_admin_action(
            db,
            "admin.connection_created",
            actor=admin.user.username,
            tenant_id=tenant_id,
            detail=f"{kind}: {values['name']}",
        )
        # Post/redirect/get: reloading the page shows it, it never creates a second connection.
        return key_once(
            back(f"/admin/connections/{connection_id}", "connection_created"), connection_id, key
        )

    def key_once(response: Response, connection_id: int, key: str | None) -> Response:
        """The new inbound key travels to the page after the redirect once, encrypted, in a
        cookie that lives a minute (it is shown once, then forgotten)."""
        if key:
            sealed = connector.box.encrypt(
                json.dumps({"c": connection_id, "k": key, "t": connector.clock().timestamp()})
            )
            response.set_cookie(
                NEW_KEY_COOKIE, sealed.decode("ascii"), max_age=60, path="/admin/connections",
                httponly=True, samesite="strict", secure=secure,
            )  # fmt: skip
        return response

    def key_shown(request: Request, connection_id: int) -> str | None:
        sealed = request.cookies.get(NEW_KEY_COOKIE)
        if not sealed:
            return None
        try:
            data = json.loads(connector.box.decrypt(sealed.encode("ascii")))
        except (PrecontractError, ValueError):
            return None
        if data.get("c") != connection_id or connector.clock().timestamp() - data.get("t", 0) > 60:
            return None
        return str(data.get("k") or "") or None

    def connection_page(
        request: Request,
        admin: Admin,
        connection_id: int,
        *,
        new_key: str | None = None,
        done: str | None = None,
        mapping_error: str | None = None,
        findings: list[Finding] | None = None,
    ) -> Response:
        lang = request_language(request)
        base = connector.base_url(str(request.base_url))
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return not_found(request, admin)
            tenant = connection.tenant
            _ = tenant.employers, connection.employer
            config = connector.config(connection)
            plugin = connector.plugin(connection.kind)
            rows = _check_rows(
                session,
                select(Check)
                .where(Check.connection_id == connection_id)
                .order_by(Check.id.desc())
                .limit(10),
            )
        flashes = [("ok", translate(f"done.{done}", lang))] if done else []
        return render(
            request,
            admin,
            "connection.html",
            connection=connection,
            tenant=tenant,
            plugin=plugin,
            setup_urls=plugin.setup_urls(base, config),
            mapping=config.mapping,
            keys=list(FieldKey),
            new_key=new_key,
            new_key_display=new_key and plugin.inbound_key_to_copy(base, connection_id, new_key),
            checks=rows,
            mapping_error=mapping_error,
            flashes=flashes,
            findings=[(f.ok, f.message(lang), f.creatable) for f in findings or []],
            tested=findings is not None,
            section="tenants",
        )

    def ats_setup(connection_id: int, create: bool) -> list[Finding] | None:
        """The connection's self-test against its ATS (or the missing fields made, then the
        test again), never writing a candidate."""
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return None
            config = connector.config(connection)
        host = connector.plugin(config.kind).host(config)
        made = host.create_missing_fields() if create else []
        return made + host.test_connection()

    @router.post("/connections/{connection_id}/test-ats")
    async def test_ats(request: Request, connection_id: int) -> Response:
        admin, form = await posted(request)
        create = form.get("create") == "1"
        try:
            findings = await run_in_threadpool(ats_setup, connection_id, create)
        except PrecontractError as exc:
            findings = [Finding("error", False, exc.message_key, dict(exc.params))]
        if findings is None:
            return not_found(request, admin)
        record_admin_action(
            db,
            "admin.fields_created" if create else "admin.ats_tested",
            actor=admin.user.username,
            result="ok" if all(f.ok for f in findings) else "failed",
        )
        return connection_page(request, admin, connection_id, findings=findings)

    @router.get("/connections/{connection_id}")
    def show_connection(request: Request, connection_id: int) -> Response:
        admin = current(request)
        key = key_shown(request, connection_id)
        response = connection_page(request, admin, connection_id, new_key=key)
        if request.cookies.get(NEW_KEY_COOKIE):
            response.delete_cookie(NEW_KEY_COOKIE, path="/admin/connections")
        return response

    @router.get("/connections/{connection_id}/edit")
    def edit_connection_page(request: Request, connection_id: int) -> Response:
        admin = current(request)
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return not_found(request, admin)
            tenant = connection.tenant
            _ = tenant.employers
            config = connector.config(connection)
        form = {
            "name": connection.name,
            "employer_id": connection.employer_id,
            "language": connection.language,
            "settings": dict(connection.settings or {}),
            "enabled": connection.enabled,
        }
        stored = {name: "set" for name, value in config.secrets.items() if value}
        return connection_form_page(
            request, admin, tenant, connection.kind, form, connection=connection, stored=stored
        )

    @router.post("/connections/{connection_id}/edit")
    async def edit_connection(request: Request, connection_id: int) -> Response:
        admin, form = await posted(request)
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return not_found(request, admin)
            plugin = connector.plugin(connection.kind)
            values = _connection_form(form, plugin.setting_fields)
            try:
                connection_service.update_connection(
                    session,
                    connector.box,
                    connection,
                    name=values["name"],
                    settings=values["settings"],
                    secret_values=values["secrets"],
                    employer_id=values["employer_id"],
                    language=values["language"],
                    enabled=values["enabled"],
                )
            except (PrecontractError, ValueError) as exc:
                session.rollback()
                tenant = connection.tenant
                _ = tenant.employers
                stored = {n: "set" for n, v in connector.config(connection).secrets.items() if v}
                return connection_form_page(
                    request,
                    admin,
                    tenant,
                    connection.kind,
                    values,
                    connection=connection,
                    error=_message(exc, request_language(request)),
                    stored=stored,
                )
            tenant_id = connection.tenant_id
        record_admin_action(
            db, "admin.connection_changed", actor=admin.user.username, tenant_id=tenant_id
        )
        return back(f"/admin/connections/{connection_id}", "saved")

    @router.post("/connections/{connection_id}/key")
    async def regenerate_key(request: Request, connection_id: int) -> Response:
        admin, _ = await posted(request)
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None or not connector.plugin(connection.kind).generates_inbound_key:
                return not_found(request, admin)
            key = connection_service.regenerate_inbound_key(session, connection)
            tenant_id = connection.tenant_id
        record_admin_action(
            db, "admin.key_regenerated", actor=admin.user.username, tenant_id=tenant_id
        )
        return key_once(
            back(f"/admin/connections/{connection_id}", "key_regenerated"), connection_id, key
        )

    @router.post("/connections/{connection_id}/mapping")
    async def save_mapping(request: Request, connection_id: int) -> Response:
        admin, form = await posted(request)
        names = {key.value: str(form.get(f"name_{key.value}") or "") for key in FieldKey}
        types = {key.value: str(form.get(f"type_{key.value}") or "") for key in FieldKey}
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return not_found(request, admin)
            try:
                connection_service.save_mapping(session, connection, names, types)
            except (PrecontractError, ValueError) as exc:
                session.rollback()
                error = _message(exc, request_language(request))
                return connection_page(request, admin, connection_id, mapping_error=error)
            tenant_id = connection.tenant_id
        record_admin_action(
            db, "admin.mapping_changed", actor=admin.user.username, tenant_id=tenant_id
        )
        return back(f"/admin/connections/{connection_id}", "mapping_saved")

    # ------------------------------------------------------------------------------ checks, audit

    @router.get("/checks")
    def checks_page(request: Request) -> Response:
        admin = current(request)
        show = request.query_params.get("show", "open")
        if show not in ("open", "failing", "all"):
            show = "open"
        with db.session() as session:
            query = select(Check).order_by(Check.id.desc()).limit(200)
            if scope(admin) is not None:
                query = query.where(Check.tenant_id == scope(admin))
            pending = select(WriteBack.check_id).where(WriteBack.status == "pending")
            if show == "open":
                query = query.where(Check.status.in_(FOLLOWED) | Check.id.in_(pending))
            elif show == "failing":
                query = query.where(Check.id.in_(pending.where(WriteBack.attempts > 0)))
            rows = _check_rows(session, query)
        return render(request, admin, "checks.html", checks=rows, show=show, section="checks")

    @router.post("/write-backs/{write_back_id}/retry")
    async def retry(request: Request, write_back_id: int) -> Response:
        admin, _ = await posted(request)
        connector.retry_now(write_back_id)
        record_admin_action(
            db, "admin.write_back_retried", actor=admin.user.username, detail=str(write_back_id)
        )
        return back("/admin/checks", "retry_queued")

    @router.post("/tenants/{tenant_id}/archive")
    async def archive_tenant(request: Request, tenant_id: int) -> Response:
        admin, _ = await posted(request)
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None:
                return not_found(request, admin)
            tenant_service.archive_tenant(session, tenant, now=connector.clock())
        record_admin_action(
            db, "admin.tenant_archived", actor=admin.user.username, tenant_id=tenant_id
        )
        return back("/admin", "tenant_archived")

    @router.post("/connections/{connection_id}/archive")
    async def archive_connection(request: Request, connection_id: int) -> Response:
        admin, _ = await posted(request)
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return not_found(request, admin)
            tenant_service.archive_connection(connection, now=connector.clock())
            tenant_id = connection.tenant_id
        record_admin_action(
            db, "admin.connection_archived", actor=admin.user.username, tenant_id=tenant_id,
            detail=str(connection_id),
        )  # fmt: skip
        return back(f"/admin/tenants/{tenant_id}", "connection_archived")

    @router.get("/parked")
    def parked_page(request: Request) -> Response:
        """What the workers gave up on after too many failures, with the last error."""
        admin = current(request)
        with db.session() as session:
            items = parked_items(session, tenant_id=scope(admin))
        return render(request, admin, "parked.html", items=items, section="parked")

    @router.post("/parked/{kind}/{item_id}/{action}")
    async def parked_action(request: Request, kind: str, item_id: int, action: str) -> Response:
        admin, _ = await posted(request)
        operations = {
            ("check", "retry"): connector.retry_check,
            ("check", "drop"): connector.drop_check,
            ("write-back", "retry"): connector.retry_now,
            ("write-back", "drop"): connector.drop_write_back,
        }
        operation = operations.get((kind, action))
        if operation is None:
            return not_found(request, admin)
        operation(item_id)
        record_admin_action(
            db, f"admin.parked_{action}", actor=admin.user.username, detail=f"{kind} {item_id}"
        )
        return back("/admin/parked", f"parked_{action}")

    @router.get("/audit")
    def audit(request: Request) -> Response:
        admin = current(request)
        try:
            page = int(request.query_params.get("page", "1"))
            tenant_id = (
                int(request.query_params["tenant"]) if request.query_params.get("tenant") else None
            )
        except ValueError:
            page, tenant_id = 1, None
        if scope(admin) is not None:
            tenant_id = scope(admin)  # a tenant's administrator reads its own trail only
        with db.session() as session:
            tenants = [
                t for t in tenant_service.list_tenants(session) if scope(admin) in (None, t.id)
            ]
        return render(
            request,
            admin,
            "audit.html",
            page=audit_page(db, tenant_id=tenant_id, page=page),
            tenants=tenants,
            tenant_id=tenant_id,
            section="audit",
        )

    return router


@dataclass(frozen=True)
class CheckRow:
    id: int
    token: str
    created_at: dt.datetime
    tenant: str
    connection: str
    applicant: str
    candidate: str
    ssin: str | None
    employer: str
    status: str
    badge: str
    cleared: bool
    pending: int
    failing: int
    failing_id: int | None
    last_error: str | None
    done: int


def _check_rows(session: Any, query: Any) -> list[CheckRow]:
    rows: list[CheckRow] = []
    for check in session.scalars(query):
        pending = [w for w in check.write_backs if w.status == "pending"]
        failing = [w for w in pending if w.attempts > 0]
        rows.append(
            CheckRow(
                id=check.id,
                token=check.token,
                created_at=check.created_at,
                tenant=check.tenant.name,
                connection=check.connection.name,
                applicant=check.applicant_name,
                candidate=check.candidate_ref,
                ssin=check.ssin_masked,
                employer=check.employer,
                status=check.status,
                badge=BADGES.get(check.status, ""),
                cleared=check.cleared_at is not None and check.status == "result",
                pending=len(pending),
                failing=len(failing),
                failing_id=failing[0].id if failing else None,
                last_error=failing[0].last_error if failing else None,
                done=sum(1 for w in check.write_backs if w.status == "done"),
            )
        )
    return rows


def _tenant_form(form: FormData) -> dict[str, Any]:
    return {
        "name": str(form.get("name") or ""),
        "requester": str(form.get("requester") or ""),
        "environment": str(form.get("environment") or "sandbox"),
        "sandbox_url": str(form.get("sandbox_url") or "") or None,
    }


def _connection_form(form: FormData, fields: Any) -> dict[str, Any]:
    employer = str(form.get("employer_id") or "")
    return {
        "name": str(form.get("name") or ""),
        "employer_id": int(employer) if employer.isdigit() else None,
        "language": str(form.get("language") or "nl"),
        "enabled": form.get("enabled") == "1",
        "settings": {
            f.name: str(form.get(f"setting_{f.name}") or "") for f in fields if not f.secret
        },
        "secrets": {f.name: str(form.get(f"secret_{f.name}") or "") for f in fields if f.secret},
    }


def count_admins(session: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(AdminUser)) or 0)


def login_redirect(next_url: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/login?next={quote(next_url)}", status_code=303)
