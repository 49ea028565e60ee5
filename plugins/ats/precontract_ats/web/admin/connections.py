"""An ATS connection's pages: its form, its page (setup addresses, inbound key shown once, field
mapping, last checks), the ATS self-test, key regeneration, archiving."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from precontract.errors import PrecontractError
from precontract.fields import FieldKey
from precontract.i18n import translate
from precontract_ats.ats import KINDS
from precontract_ats.ats.base import Finding
from precontract_ats.services import connections as connection_service
from precontract_ats.services import tenants as tenant_service
from precontract_ats.services.audit import record_admin_action
from precontract_ats.store.models import Check, Connection, Tenant
from precontract_ats.web.admin.base import Admin, AdminPages, message_of
from precontract_ats.web.admin.rows import check_rows
from precontract_ats.web.security import NEW_KEY_COOKIE
from precontract_ats.web.templating import request_language

__all__ = ["add_routes"]


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


def add_routes(router: APIRouter, ui: AdminPages) -> None:
    connector, db = ui.connector, ui.db
    secure = connector.settings.secure_cookies
    titles = ui.titles

    def connection_form_page(
        request: Request,
        admin: Admin,
        tenant: Tenant,
        kind: str,
        form: dict[str, Any],
        connection: Connection | None = None,
        error: str | None = None,
        stored: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Response:
        return ui.render(
            request,
            admin,
            "connection_form.html",
            status_code=status_code,
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
        admin = ui.current(request)
        kind = request.query_params.get("kind", "")
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None or kind not in KINDS:
                return ui.not_found(request, admin)
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
        admin, form = await ui.posted(request)
        kind = str(form.get("kind") or "")
        values = _connection_form(
            form, connector.plugin(kind).setting_fields if kind in KINDS else ()
        )
        with db.session() as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None or kind not in KINDS:
                return ui.not_found(request, admin)
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
                    error=message_of(exc, request_language(request)),
                )
        # Post/redirect/get: reloading the page shows it, it never creates a second connection.
        done = ui.audited(
            admin, "admin.connection_created", tenant_id, f"/admin/connections/{connection_id}",
            "connection_created", detail=f"{kind}: {values['name']}",
        )  # fmt: skip
        return key_once(done, connection_id, key)

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
                return ui.not_found(request, admin)
            tenant = connection.tenant
            _ = tenant.employers, connection.employer
            config = connector.config(connection)
            plugin = connector.plugin(connection.kind)
            rows = check_rows(
                session,
                select(Check)
                .where(Check.connection_id == connection_id)
                .order_by(Check.id.desc())
                .limit(10),
            )
        flashes = [("ok", translate(f"done.{done}", lang))] if done else []
        return ui.render(
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
        admin, form = await ui.posted(request)
        create = form.get("create") == "1"
        try:
            findings = await run_in_threadpool(ats_setup, connection_id, create)
        except PrecontractError as exc:
            findings = [Finding.failed("error", exc)]
        if findings is None:
            return ui.not_found(request, admin)
        record_admin_action(
            db,
            "admin.fields_created" if create else "admin.ats_tested",
            actor=admin.user.username,
            result="ok" if all(f.ok for f in findings) else "failed",
        )
        return connection_page(request, admin, connection_id, findings=findings)

    @router.get("/connections/{connection_id}")
    def show_connection(request: Request, connection_id: int) -> Response:
        admin = ui.current(request)
        key = key_shown(request, connection_id)
        response = connection_page(request, admin, connection_id, new_key=key)
        if request.cookies.get(NEW_KEY_COOKIE):
            response.delete_cookie(NEW_KEY_COOKIE, path="/admin/connections")
        return response

    @router.get("/connections/{connection_id}/edit")
    def edit_connection_page(request: Request, connection_id: int) -> Response:
        admin = ui.current(request)
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return ui.not_found(request, admin)
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
        admin, form = await ui.posted(request)
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return ui.not_found(request, admin)
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
                    error=message_of(exc, request_language(request)),
                    stored=stored,
                    # An archived connection stays off: refused as a conflict, not a typo.
                    status_code=409 if connection.archived_at is not None else 200,
                )
            tenant_id = connection.tenant_id
        return ui.audited(
            admin, "admin.connection_changed", tenant_id,
            f"/admin/connections/{connection_id}", "saved",
        )  # fmt: skip

    @router.post("/connections/{connection_id}/key")
    async def regenerate_key(request: Request, connection_id: int) -> Response:
        admin, _ = await ui.posted(request)
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None or not connector.plugin(connection.kind).generates_inbound_key:
                return ui.not_found(request, admin)
            key = connection_service.regenerate_inbound_key(session, connection)
            tenant_id = connection.tenant_id
        done = ui.audited(
            admin, "admin.key_regenerated", tenant_id, f"/admin/connections/{connection_id}",
            "key_regenerated",
        )  # fmt: skip
        return key_once(done, connection_id, key)

    @router.post("/connections/{connection_id}/mapping")
    async def save_mapping(request: Request, connection_id: int) -> Response:
        admin, form = await ui.posted(request)
        names = {key.value: str(form.get(f"name_{key.value}") or "") for key in FieldKey}
        types = {key.value: str(form.get(f"type_{key.value}") or "") for key in FieldKey}
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return ui.not_found(request, admin)
            try:
                connection_service.save_mapping(session, connection, names, types)
            except (PrecontractError, ValueError) as exc:
                session.rollback()
                error = message_of(exc, request_language(request))
                return connection_page(request, admin, connection_id, mapping_error=error)
            tenant_id = connection.tenant_id
        return ui.audited(
            admin, "admin.mapping_changed", tenant_id,
            f"/admin/connections/{connection_id}", "mapping_saved",
        )  # fmt: skip

    @router.post("/connections/{connection_id}/archive")
    async def archive_connection(request: Request, connection_id: int) -> Response:
        admin, _ = await ui.posted(request)
        with db.session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return ui.not_found(request, admin)
            tenant_service.archive_connection(connection, now=connector.clock())
            tenant_id = connection.tenant_id
        return ui.audited(
            admin, "admin.connection_archived", tenant_id, f"/admin/tenants/{tenant_id}",
            "connection_archived", detail=str(connection_id),
        )  # fmt: skip
