"""The operator's pages: parked work (retry or drop) and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from precontract_ats.services.audit import audit_page, record_admin_action
from precontract_ats.web.admin.base import AdminPages
from precontract_ats.web.parked import parked_items

__all__ = ["add_routes"]


def add_routes(router: APIRouter, ui: AdminPages) -> None:
    connector, db = ui.connector, ui.db

    @router.get("/parked")
    def parked_page(request: Request) -> Response:
        """What the workers gave up on after too many failures, with the last error."""
        admin = ui.current(request)
        with db.session() as session:
            items = parked_items(session, tenant_id=admin.tenant_id)
        return ui.render(request, admin, "parked.html", items=items, section="parked")

    @router.post("/parked/{kind}/{item_id}/{action}")
    async def parked_action(request: Request, kind: str, item_id: int, action: str) -> Response:
        admin, _ = await ui.posted(request)
        operations = {
            ("check", "retry"): connector.retry_check,
            ("check", "drop"): connector.drop_check,
            ("write-back", "retry"): connector.retry_now,
            ("write-back", "drop"): connector.drop_write_back,
        }
        operation = operations.get((kind, action))
        if operation is None:
            return ui.not_found(request, admin)
        operation(item_id)
        record_admin_action(
            db, f"admin.parked_{action}", actor=admin.user.username, detail=f"{kind} {item_id}"
        )
        return ui.back("/admin/parked", f"parked_{action}")

    @router.get("/audit")
    def audit(request: Request) -> Response:
        admin = ui.current(request)
        try:
            page = int(request.query_params.get("page", "1"))
            tenant_id = (
                int(request.query_params["tenant"]) if request.query_params.get("tenant") else None
            )
        except ValueError:
            page, tenant_id = 1, None
        if admin.tenant_id is not None:
            tenant_id = admin.tenant_id  # a tenant's administrator reads its own trail only
        with db.session() as session:
            tenants = ui.visible_tenants(session, admin)
        return ui.render(
            request,
            admin,
            "audit.html",
            page=audit_page(db, tenant_id=tenant_id, page=page),
            tenants=tenants,
            tenant_id=tenant_id,
            section="audit",
        )
