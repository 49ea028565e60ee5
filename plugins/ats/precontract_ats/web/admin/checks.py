"""The checks overview (:mod:`precontract_ats.services.overview`): search, filters, keyset pages,
the CSV export of every filtered row, a check's planned start, the bulk re-check of the selected
rows and its progress (:mod:`precontract_ats.services.rechecks`), and "retry" of a failing
write-back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy import func, select

from precontract.fields import FieldKey
from precontract.i18n import Language, translate
from precontract.timeutil import brussels_today
from precontract_ats.services import overview, rechecks
from precontract_ats.services.audit import record_admin_action
from precontract_ats.services.overview import FilterError, Filters, OverviewRow
from precontract_ats.store.models import Check, WriteBack
from precontract_ats.summary import day, moment
from precontract_ats.web.admin.base import Admin, AdminPages, OutOfScope
from precontract_ats.web.recruiter import BADGES
from precontract_ats.web.templating import request_language

__all__ = ["add_routes", "csv_lines"]

RECHECK_WINDOW = dt.timedelta(days=14)  # the "re-check before start" list looks this far ahead


def _safe(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula (names come from the ATS)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _yes_no(value: bool | None, lang: Language) -> str:
    if value is None:
        return ""
    return translate("overview.yes" if value else "overview.no", lang)


def csv_header(lang: Language) -> list[str]:
    def t(key: str) -> str:
        return translate(key, lang)

    return [
        t("checks.when"),
        t("overview.tenant"),
        t("overview.connection"),
        t("checks.applicant"),
        t("overview.reference"),
        t("overview.niss"),
        t("checks.employer"),
        t("checks.status"),
        t("overview.planned_start"),
        t("overview.start_covered"),
        FieldKey.FLEXI_ELIGIBLE.label(lang),
        FieldKey.FLEXI_PERIOD_START.label(lang),
        FieldKey.FLEXI_PERIOD_END.label(lang),
        FieldKey.FLEXI_CONSULTABLE_UNTIL.label(lang),
        t("overview.flexi_expired"),
        FieldKey.STUDENT_HOURS_REMAINING.label(lang),
        FieldKey.STUDENT_YEAR.label(lang),
        FieldKey.STUDENT_CONSULTABLE_UNTIL.label(lang),
        t("overview.student_expired"),
    ]


def csv_row(row: OverviewRow, lang: Language) -> list[str]:
    flexi, student = row.flexi, row.student
    hours = student.hours
    return [
        _safe(moment(row.created_at)),
        _safe(row.tenant),
        _safe(row.connection),
        _safe(row.applicant),
        _safe(row.candidate),
        _safe(row.ssin),  # masked: the export never holds a national number in clear
        _safe(row.employer),
        _safe(translate(f"check_status.{row.status}", lang)),
        _safe(day(row.planned_start)),
        _yes_no(row.covered, lang),
        _yes_no(flexi.eligible, lang) if flexi.shown else "",
        day(flexi.period_start) if flexi.shown else "",
        day(flexi.period_end) if flexi.shown else "",
        day(flexi.until) if flexi.shown else "",
        _yes_no(True, lang) if flexi.expired else "",
        (f"{hours:g}" if hours is not None else "") if student.shown else "",
        str(student.year or "") if student.shown else "",
        day(student.until) if student.shown else "",
        _yes_no(True, lang) if student.expired else "",
    ]


def csv_lines(rows: Iterator[OverviewRow], lang: Language) -> Iterator[str]:
    """The export, line by line (a BOM first, so spreadsheets read it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield "\ufeff" + line(csv_header(lang))
    for row in rows:
        yield line(csv_row(row, lang))


def add_routes(router: APIRouter, ui: AdminPages) -> None:
    connector, db = ui.connector, ui.db

    def tenant_ids(admin: Admin) -> list[int] | None:
        return None if admin.tenant_id is None else [admin.tenant_id]

    def filters_of(request: Request, admin: Admin) -> Filters:
        found = overview.parse_filters(request.query_params, tenant_ids=tenant_ids(admin))
        if found.tenant is not None and not admin.sees(found.tenant):
            raise OutOfScope()  # another tenant's checks: as if there were none
        return found

    def unreadable(request: Request, admin: Admin, message: str, back: str) -> Response:
        """What the admin typed (a filter, a date) cannot be read: said, with the way back."""
        lang = request_language(request)
        return ui.render(
            request, admin, "error.html", status_code=400,
            title=translate("overview.bad_filter", lang), message=message, back=back,
        )  # fmt: skip

    def refused(request: Request, admin: Admin, exc: FilterError) -> Response:
        lang = request_language(request)
        message = translate("overview.bad_filter_text", lang, field=exc.field, value=exc.value[:50])
        return unreadable(request, admin, message, "/admin/checks")

    def cursor(request: Request, name: str) -> int | None:
        raw = request.query_params.get(name) or ""
        return int(raw) if raw.isdigit() and len(raw) < 19 else None

    @router.get("/checks")
    def checks_page(request: Request) -> Response:
        admin = ui.current(request)
        try:
            filters = filters_of(request, admin)
        except FilterError as exc:
            return refused(request, admin, exc)
        now = connector.clock()
        today = brussels_today(now)
        with db.session() as session:
            shown = cursor(request, "recheck") or rechecks.still_running(
                session, admin.user.username
            )
            progress = rechecks.progress(session, shown) if shown else None
            if progress is not None and not all(
                admin.sees(t) for t in rechecks.tenant_of(session, progress.recheck_id)
            ):
                progress = None
            page = overview.overview_page(
                session, filters, now, before=cursor(request, "before"),
                after=cursor(request, "after"),
            )  # fmt: skip
            tenants = ui.visible_tenants(session, admin)
            employers = overview.employers_of(session, tenant_ids(admin))
            failing = _failing_write_backs(session, [r.id for r in page.rows])
        return ui.render(
            request,
            admin,
            "checks.html",
            page=page,
            filters=filters,
            tenants=tenants,
            employers=employers,
            states=overview.STATES,
            badges=BADGES,
            failing=failing,
            today=today,
            progress=progress,
            recheck_list=Filters(
                not_covered=True, start_from=today, start_to=today + RECHECK_WINDOW
            ).query_string(),
            section="checks",
        )

    @router.get("/checks.csv")
    def export(request: Request) -> Response:
        admin = ui.current(request)
        try:
            filters = filters_of(request, admin)
        except FilterError as exc:
            return refused(request, admin, exc)
        lang = request_language(request)
        now = connector.clock()
        record_admin_action(
            db, "admin.checks_exported", actor=admin.user.username, tenant_id=admin.tenant_id,
            detail=filters.query_string()[:500] or None,
        )  # fmt: skip

        def lines() -> Iterator[bytes]:
            # One session for the whole export, read in batches as the client takes the lines.
            with db.session() as session:
                for text in csv_lines(overview.overview_rows(session, filters, now), lang):
                    yield text.encode("utf-8")

        stamp = brussels_today(now).isoformat()
        return StreamingResponse(
            lines(),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="checks-{stamp}.csv"',
                "Cache-Control": "no-store",
            },
        )

    @router.post("/checks/{check_id}/planned-start")
    async def planned_start(request: Request, check_id: int) -> Response:
        admin, form = await ui.posted(request)
        lang = request_language(request)
        raw = str(form.get("planned_start") or "").strip()
        back_to = str(form.get("back") or "/admin/checks")
        if not back_to.startswith("/admin/checks") or back_to.startswith("//"):
            back_to = "/admin/checks"
        try:
            value = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            message = translate("overview.bad_date", lang, value=raw[:30])
            return unreadable(request, admin, message, back_to)
        with db.session() as session:
            check = session.get(Check, check_id)
            if check is None:
                return ui.not_found(request, admin)
            check.planned_start = value
            tenant_id = check.tenant_id
        record_admin_action(
            db, "admin.planned_start_set", actor=admin.user.username, tenant_id=tenant_id,
            detail=f"check {check_id}: {value.isoformat() if value else '-'}",
        )  # fmt: skip
        separator = "&" if "?" in back_to else "?"
        return RedirectResponse(f"{back_to}{separator}done=planned_start_saved", status_code=303)

    @router.post("/checks/recheck")
    async def bulk_recheck(request: Request) -> Response:
        admin, form = await ui.posted(request)
        ids = [int(v) for v in map(str, form.getlist("ids")) if v.isdigit() and len(v) < 19]
        query = str(form.get("query") or "")
        with db.session() as session:
            queued = rechecks.enqueue(
                session, ids, tenant_ids=tenant_ids(admin), actor=admin.user.username,
                now=connector.clock(),
            )  # fmt: skip
        if queued.recheck_id is None:
            return RedirectResponse(
                f"/admin/checks?{query}{'&' if query else ''}done=recheck_nothing", status_code=303
            )
        connector.wake.set()
        record_admin_action(
            db, "admin.recheck_started", actor=admin.user.username, tenant_id=admin.tenant_id,
            detail=f"re-check {queued.recheck_id}: {queued.queued} queued, {queued.skipped} skipped",
        )  # fmt: skip
        target = f"{query}{'&' if query else ''}recheck={queued.recheck_id}&done=recheck_queued"
        return RedirectResponse(f"/admin/checks?{target}", status_code=303)

    @router.get("/rechecks/{recheck_id}/progress")
    def recheck_progress(request: Request, recheck_id: int) -> Response:
        admin = ui.current(request)
        with db.session() as session:
            found = rechecks.progress(session, recheck_id)
            if found is None or not all(
                admin.sees(t) for t in rechecks.tenant_of(session, recheck_id)
            ):
                return JSONResponse({"error": "not_found"}, status_code=404)
        return JSONResponse(found.to_dict(), headers={"Cache-Control": "no-store"})

    @router.post("/write-backs/{write_back_id}/retry")
    async def retry(request: Request, write_back_id: int) -> Response:
        admin, _ = await ui.posted(request)
        connector.retry_now(write_back_id)
        record_admin_action(
            db, "admin.write_back_retried", actor=admin.user.username, detail=str(write_back_id)
        )
        return ui.back("/admin/checks", "retry_queued")


def _failing_write_backs(session: Any, check_ids: list[int]) -> dict[int, tuple[int, int, str]]:
    """check id → (write-backs failing, the first one's id, its last error)."""
    if not check_ids:
        return {}
    rows = session.execute(
        select(WriteBack.check_id, func.count(), func.min(WriteBack.id))
        .where(
            WriteBack.check_id.in_(check_ids),
            WriteBack.status == "pending",
            WriteBack.attempts > 0,
        )
        .group_by(WriteBack.check_id)
    ).all()
    out: dict[int, tuple[int, int, str]] = {}
    for check_id, count, first in rows:
        wb = session.get(WriteBack, first)
        out[check_id] = (int(count), int(first), (wb.last_error or "") if wb else "")
    return out
