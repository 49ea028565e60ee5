"""The tenants' pages: the list, a tenant's form and page, its credentials ("Test connection",
sandbox registration), its employers, archiving."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from precontract.client import PrecontractClient
from precontract.errors import PrecontractError
from precontract.i18n import LANGUAGES
from precontract_ats.services import tenants as tenant_service
from precontract_ats.services.errors import InvalidInput
from precontract_ats.store.models import Tenant
from precontract_ats.web.admin.base import Admin, AdminPages, message_of, read_upload
from precontract_ats.web.templating import request_language

__all__ = ["add_routes"]

_T = TypeVar("_T")


def _tenant_form(form: FormData) -> dict[str, Any]:
    return {
        "name": str(form.get("name") or ""),
        "requester": str(form.get("requester") or ""),
        "environment": str(form.get("environment") or "sandbox"),
        "sandbox_url": str(form.get("sandbox_url") or "") or None,
    }


def add_routes(router: APIRouter, ui: AdminPages) -> None:
    connector, db = ui.connector, ui.db

    def tenant_page(request: Request, admin: Admin, tenant_id: int, **extra: Any) -> Response:
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None:
                return ui.not_found(request, admin)
            _ = tenant.employers, [c.employer for c in tenant.connections]
        return ui.render(request, admin, "tenant.html", tenant=tenant, section="tenants", **extra)

    def tenant_form(
        request: Request,
        admin: Admin,
        tenant: Tenant | None,
        form: Mapping[str, Any],
        error: str | None = None,
    ) -> Response:
        """The form of a new tenant (``tenant`` None) or of ``tenant``, filled with ``form``."""
        return ui.render(
            request, admin, "tenant_form.html", tenant=tenant, form=form, error=error,
            section="tenants",
        )  # fmt: skip

    async def on_tenant(
        request: Request,
        admin: Admin,
        tenant_id: int,
        work: Callable[[Any, Tenant], _T],
        *,
        action: str,
        done: Callable[[_T], str],
        result: Callable[[_T], str] = lambda _: "",
        detail: Callable[[_T], str | None] = lambda _: None,
        errors: tuple[type[Exception], ...] = (PrecontractError,),
        error_flash: bool = False,
    ) -> Response:
        """A tenant's button whose work calls out (social security, the sandbox): the work runs
        in a thread on the tenant it loads; a refusal is shown on the tenant's page, a success
        is audited and redirected to the page."""
        lang = request_language(request)

        def run() -> tuple[bool, _T | None]:
            with db.session() as session:
                tenant = session.get(Tenant, tenant_id)
                if tenant is None:
                    return False, None
                return True, work(session, tenant)

        try:
            found, value = await run_in_threadpool(run)
        except errors as exc:
            if error_flash:
                return tenant_page(
                    request, admin, tenant_id, flashes=[("error", message_of(exc, lang))]
                )
            return tenant_page(request, admin, tenant_id, creds_error=message_of(exc, lang))
        if not found:
            return ui.not_found(request, admin)
        assert value is not None
        return ui.audited(
            admin, action, tenant_id, f"/admin/tenants/{tenant_id}", done(value),
            result=result(value), detail=detail(value),
        )  # fmt: skip

    @router.get("")
    def tenants_page(request: Request) -> Response:
        admin = ui.current(request)
        with db.session() as session:
            tenants = ui.visible_tenants(session, admin)
            for tenant in tenants:
                _ = tenant.connections
        return ui.render(request, admin, "tenants.html", tenants=tenants, section="tenants")

    @router.get("/tenants/new")
    def new_tenant_page(request: Request) -> Response:
        admin = ui.current(request)
        form = {"name": "", "requester": "", "environment": "sandbox", "sandbox_url": ""}
        return tenant_form(request, admin, None, form)

    @router.post("/tenants/new")
    async def new_tenant(request: Request) -> Response:
        admin, form = await ui.posted(request)
        values = _tenant_form(form)
        try:
            with db.session() as session:
                tenant = tenant_service.create_tenant(session, **values)
                tenant_id = tenant.id
        except (PrecontractError, ValueError) as exc:
            return tenant_form(
                request, admin, None, values, message_of(exc, request_language(request))
            )
        return ui.audited(
            admin, "admin.tenant_created", tenant_id, f"/admin/tenants/{tenant_id}",
            "tenant_created", detail=values["name"],
        )  # fmt: skip

    @router.get("/tenants/{tenant_id}")
    def show_tenant(request: Request, tenant_id: int) -> Response:
        return tenant_page(request, ui.current(request), tenant_id)

    @router.get("/tenants/{tenant_id}/edit")
    def edit_tenant_page(request: Request, tenant_id: int) -> Response:
        admin = ui.current(request)
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
        if tenant is None:
            return ui.not_found(request, admin)
        form = {
            "name": tenant.name,
            "requester": tenant.requester,
            "environment": tenant.environment,
            "sandbox_url": tenant.sandbox_url or "",
        }
        return tenant_form(request, admin, tenant, form)

    @router.post("/tenants/{tenant_id}/edit")
    async def edit_tenant(request: Request, tenant_id: int) -> Response:
        admin, form = await ui.posted(request)
        values = _tenant_form(form)
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None:
                return ui.not_found(request, admin)
            try:
                tenant_service.update_tenant(session, tenant, **values)
            except (PrecontractError, ValueError) as exc:
                session.rollback()
                error = message_of(exc, request_language(request))
                return tenant_form(request, admin, tenant, values, error)
        return ui.audited(
            admin, "admin.tenant_changed", tenant_id, f"/admin/tenants/{tenant_id}", "saved"
        )

    @router.post("/tenants/{tenant_id}/credentials")
    async def credentials(request: Request, tenant_id: int) -> Response:
        admin, form = await ui.posted(request)
        try:
            private_key = await read_upload(form.get("private_key"))
            certificate = await read_upload(form.get("certificate"))
            pkcs12 = await read_upload(form.get("pkcs12"))
        except InvalidInput as exc:
            return tenant_page(
                request, admin, tenant_id, creds_error=message_of(exc, request_language(request))
            )
        password = str(form.get("password") or "") or None
        client_id = str(form.get("client_id") or "")

        def save(session: Any, tenant: Tenant) -> bool:
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
            return True

        return await on_tenant(
            request, admin, tenant_id, save, action="admin.credentials_uploaded",
            done=lambda _: "credentials_saved", errors=(PrecontractError, ValueError),
        )  # fmt: skip

    @router.post("/tenants/{tenant_id}/test")
    async def test_connection(request: Request, tenant_id: int) -> Response:
        admin, _ = await ui.posted(request)

        def test(session: Any, tenant: Tenant) -> bool:
            settings = tenant_service.tenant_settings(tenant, connector.box)
            session.commit()  # no lock held while social security answers
            with PrecontractClient(settings) as client:
                report = client.test_connection()
            tenant.last_test_at = connector.clock()
            tenant.last_test_ok = report.ok
            tenant.last_test_report = {
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
            return report.ok

        return await on_tenant(
            request, admin, tenant_id, test, action="admin.connection_tested",
            done=lambda ok: "tested" if ok else "test_failed",
            result=lambda ok: "ok" if ok else "failed", error_flash=True,
        )  # fmt: skip

    @router.post("/tenants/{tenant_id}/sandbox-register")
    async def sandbox_register(request: Request, tenant_id: int) -> Response:
        admin, _ = await ui.posted(request)

        def register(session: Any, tenant: Tenant) -> str:
            return tenant_service.register_in_sandbox(session, connector.box, tenant)

        return await on_tenant(
            request, admin, tenant_id, register, action="admin.sandbox_registered",
            done=lambda _: "sandbox_registered", detail=lambda client_id: client_id,
            errors=(PrecontractError, ValueError),
        )  # fmt: skip

    def employer_change(
        request: Request,
        admin: Admin,
        tenant_id: int,
        change: Callable[[Any, Tenant], object],
        *,
        action: str,
        done: str,
    ) -> Response:
        """Add or remove one of the tenant's employers: a refusal is shown on the tenant's page,
        a change audited (``action``) and redirected to it."""
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None:
                return ui.not_found(request, admin)
            try:
                change(session, tenant)
            except (PrecontractError, ValueError) as exc:
                session.rollback()
                return tenant_page(
                    request,
                    admin,
                    tenant_id,
                    employer_error=message_of(exc, request_language(request)),
                )
        return ui.audited(admin, action, tenant_id, f"/admin/tenants/{tenant_id}", done)

    @router.post("/tenants/{tenant_id}/employers")
    async def add_employer(request: Request, tenant_id: int) -> Response:
        admin, form = await ui.posted(request)
        number, name = str(form.get("enterprise_number") or ""), str(form.get("name") or "")
        return employer_change(
            request, admin, tenant_id,
            lambda session, tenant: tenant_service.add_employer(session, tenant, number, name),
            action="admin.employer_added", done="employer_added",
        )  # fmt: skip

    @router.post("/tenants/{tenant_id}/employers/{employer_id}/delete")
    async def remove_employer(request: Request, tenant_id: int, employer_id: int) -> Response:
        admin, _ = await ui.posted(request)
        return employer_change(
            request, admin, tenant_id,
            lambda session, tenant: tenant_service.remove_employer(session, tenant, employer_id),
            action="admin.employer_removed", done="employer_removed",
        )  # fmt: skip

    @router.post("/tenants/{tenant_id}/archive")
    async def archive_tenant(request: Request, tenant_id: int) -> Response:
        admin, _ = await ui.posted(request)
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None:
                return ui.not_found(request, admin)
            tenant_service.archive_tenant(session, tenant, now=connector.clock())
        return ui.audited(admin, "admin.tenant_archived", tenant_id, "/admin", "tenant_archived")
