"""The recruiter page: ``/r/{token}``, the address the ATS links to (its report, its tab).

It shows the applicant's name, the QR code and the link with the moment it expires, and a live
status (``status.json``, polled by a small script; a meta refresh without JavaScript); once the
applicant approved, the results with their "consultable until" dates, a "Send by e-mail" link and
the PDF proof of the consultation (``proof.pdf``, rendered in the reader's language).
Values whose consultation window has ended are never shown, even before the worker cleared them.

A request bound to no NISS (the ATS holds none) that someone approved is not the applicant's yet:
the page says "approved by someone — confirm", shows who approved (NISS masked, birth date, name,
whether the name matches the ATS's) with a warning on a mismatch, and offers **Accept** and
**Reject** (``POST /r/{token}/approver``); nothing is read or written to the ATS before Accept.
While nothing was read, the recruiter may type the applicant's NISS (``POST /r/{token}/niss``):
a request bound to it replaces the unbound one, so only the applicant can approve. On a connection
that waits for the NISS (the default), a press without one creates no request at all: the page
asks for the NISS first, and offers as a secondary choice to send the request without it
(``POST /r/{token}/unbound``; the approver is then confirmed as above).
While the social security asks the tenant's REST account to wait (a 429), a check pressed meanwhile
says so ("asked us to wait until 10:02": a worker starts it then), and the actions above are
refused, the check left as it was (:func:`precontract_ats.queue.paused_until`).
The token is 192 random bits; the page is not indexed and never sends a referrer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import select

from precontract.audit import AuditEvent
from precontract.errors import InvalidSsin, PrecontractError
from precontract.fields import FieldKey, expire, holds_data
from precontract.i18n import Language, translate
from precontract.identifiers import Ssin
from precontract.proof import ProofMismatch, ProofWindowEnded, render_consultation
from precontract.qr import qr_svg
from precontract_ats.actors import actor_words, recruiter_page_actor
from precontract_ats.engine import BINDABLE, FOLLOWED, NEEDS_NISS
from precontract_ats.failures import said
from precontract_ats.queue import paused_until
from precontract_ats.services.audit import record_admin_action
from precontract_ats.services.values import load_values
from precontract_ats.store.models import Check
from precontract_ats.summary import moment, summary, time_of_day
from precontract_ats.web.templating import Pages, request_language

if TYPE_CHECKING:
    from precontract_ats.engine import Connector

__all__ = ["BADGES", "check_view", "recruiter_router"]

BADGES = {
    "starting": "info",
    "needs_approval": "info",
    "pending": "info",
    "result": "ok",
    "refused": "bad",
    "expired": "warn",
    "cancelled": "warn",
    "revoked": "bad",
    "error": "bad",
    "superseded": "",
    "confirm_approver": "warn",
    NEEDS_NISS: "warn",
}


def _version(check: Check) -> str:
    # Changes only when the recruiter should see something new (not on every poll).
    parts = (check.status, check.approval_url, check.completed_at, check.cleared_at)
    return "|".join("" if p is None else str(p) for p in parts)


def check_view(check: Check, lang: Language, now: dt.datetime) -> dict[str, Any]:
    stored = load_values(check.values)
    shown = expire(stored, now).values if stored else {}
    employer_name = next(
        (e.name for e in check.tenant.employers if e.enterprise_number == check.employer),
        check.employer,
    )
    view: dict[str, Any] = {
        "token": check.token,
        "status": check.status,
        "badge": BADGES.get(check.status, ""),
        "applicant_name": check.applicant_name,
        "first_name": (check.applicant_name or "").split(" ")[0]
        or translate("page.the_applicant", lang),
        "employer": check.employer,
        "employer_name": employer_name,
        "ssin": check.ssin_masked,
        "version": _version(check),
        "final": check.status not in FOLLOWED,
        "approval_url": check.approval_url if check.status in FOLLOWED else None,
        "approval_expires_at": check.approval_expires_at,
        "checked_at": shown.get(FieldKey.CHECKED_AT) or check.updated_at,
        "flexi": None,
        "student": None,
        "warnings": ((check.notes or {}).get("warning_texts") or {}).get(lang, []),
    }
    if view["approval_url"]:
        view["qr_svg"] = Markup(qr_svg(view["approval_url"]))  # noqa: S704 - our own SVG markup
        subject = translate("page.mail_subject", lang, employer=employer_name)
        body = translate(
            "page.mail_body",
            lang,
            name=view["first_name"],
            employer=employer_name,
            link=view["approval_url"],
            when=moment(check.approval_expires_at),
        )
        view["mailto_link"] = (
            f"mailto:{quote(check.applicant_email or '')}?subject={quote(subject)}&body={quote(body)}"
        )
    if shown.get(FieldKey.FLEXI_ELIGIBLE) is not None:
        view["flexi"] = {
            "eligible": shown[FieldKey.FLEXI_ELIGIBLE],
            "start": shown.get(FieldKey.FLEXI_PERIOD_START),
            "end": shown.get(FieldKey.FLEXI_PERIOD_END),
            "until": shown.get(FieldKey.FLEXI_CONSULTABLE_UNTIL),
        }
    if shown.get(FieldKey.STUDENT_HOURS_REMAINING) is not None:
        view["student"] = {
            "hours": shown[FieldKey.STUDENT_HOURS_REMAINING],
            "year": shown.get(FieldKey.STUDENT_YEAR),
            "as_of": shown.get(FieldKey.STUDENT_AS_OF),
            "until": shown.get(FieldKey.STUDENT_CONSULTABLE_UNTIL),
        }
    view["cleared_all"] = holds_data(stored) and view["flexi"] is None and view["student"] is None
    has_proof = bool((check.notes or {}).get("proof"))
    shows_values = view["flexi"] is not None or view["student"] is not None
    view["proof_url"] = (
        f"/r/{check.token}/proof.pdf"
        if check.status == "result" and has_proof and shows_values
        else None
    )
    if check.status == "result":
        subject = translate("page.result_subject", lang, name=check.applicant_name)
        body = "\n".join(
            [
                translate(
                    "page.result_body", lang, name=check.applicant_name, employer=employer_name
                ),
                "",
                summary(shown, lang),
                "",
                translate("page.checked_at", lang, when=moment(view["checked_at"])),
            ]
        )
        view["mailto_result"] = f"mailto:?subject={quote(subject)}&body={quote(body)}"
    approver = (check.notes or {}).get("approver")
    if check.status == "confirm_approver" and approver:
        view["approver"] = {
            **approver,
            "birth_date": dt.date.fromisoformat(approver["birthDate"])
            if approver.get("birthDate")
            else None,
            "mismatch": approver.get("match") == "mismatch",
        }
    if check.status == "starting" and not view["approval_url"]:
        # No request yet: being made, or held while the social security asks us to wait.
        until = paused_until(check.tenant, now)
        view["preparing"] = (
            translate("page.paused_text", lang, until=time_of_day(until))
            if until is not None
            else translate("page.preparing_text", lang)
        )
    view["can_bind"] = check.ssin_enc is None and check.status in BINDABLE
    view["planned_start"] = check.planned_start
    error = (check.notes or {}).get("error")
    if check.status == "error" and error:
        view["message"] = said(error, lang)
    elif check.status == "superseded":
        view["message"] = translate("page.superseded", lang)
    elif check.status == NEEDS_NISS:
        view["message"] = translate("page.needs_niss_text", lang, name=view["first_name"])
    else:
        view["message"] = translate(f"outcome.{check.status}", lang)
    return view


def recruiter_router(connector: Connector, pages: Pages) -> APIRouter:
    router = APIRouter()

    def load(token: str) -> Check | None:
        with connector.db.session() as session:
            check = session.scalar(select(Check).where(Check.token == token))
            if check is not None:
                _ = check.tenant.employers  # loaded while the session is open
            return check

    @router.get("/r/{token}")
    def page(request: Request, token: str) -> Response:
        lang = request_language(request)
        check = load(token)
        if check is None:
            return pages.render(
                request,
                "error.html",
                status_code=404,
                title=translate("page.not_found", lang),
                message=translate("page.not_found_text", lang),
            )
        view = check_view(check, lang, connector.clock())
        return pages.render(
            request,
            "recruiter.html",
            v=view,
            final=view["final"],
            embedded=request.query_params.get("embedded") == "1",
        )

    def back_to(request: Request, token: str) -> Response:
        query = {k: v for k, v in request.query_params.items() if k in ("lang", "embedded")}
        suffix = "&".join(f"{k}={quote(v)}" for k, v in query.items())
        return RedirectResponse(f"/r/{token}" + (f"?{suffix}" if suffix else ""), status_code=303)

    def refused(request: Request, check: Check, message: str, status: int) -> Response:
        lang = request_language(request)
        view = check_view(check, lang, connector.clock())
        view["form_error"] = message
        return pages.render(
            request,
            "recruiter.html",
            status_code=status,
            v=view,
            final=True,
            embedded=request.query_params.get("embedded") == "1",
        )

    def actor_of(check: Check) -> str:
        # The page has no sign-in: whoever acts holds the link the ATS showed the presser.
        return recruiter_page_actor(check.actor)

    @router.post("/r/{token}/approver")
    async def decide(request: Request, token: str) -> Response:
        """Accept or reject who approved an unbound request (form field ``decision``)."""
        lang = request_language(request)
        check = load(token)
        if check is None:
            return page(request, token)
        decision = str((await request.form()).get("decision") or "")
        if decision not in ("accept", "reject"):
            return refused(request, check, translate("connector.input.not_confirming", lang), 400)
        try:
            connector.decide_approver(check.id, accept=decision == "accept", actor=actor_of(check))
        except PrecontractError as exc:
            return refused(request, check, exc.user_message(lang), 409)
        return back_to(request, token)

    @router.post("/r/{token}/niss")
    async def bind(request: Request, token: str) -> Response:
        """The recruiter types the applicant's NISS: the request is made for them only."""
        lang = request_language(request)
        check = load(token)
        if check is None:
            return page(request, token)
        raw = str((await request.form()).get("niss") or "")
        try:
            ssin = Ssin.parse(raw)
        except InvalidSsin:
            return refused(request, check, translate("page.niss_invalid", lang), 400)
        try:
            connector.bind_ssin(check.id, ssin, actor=actor_of(check))
        except PrecontractError as exc:
            return refused(request, check, exc.user_message(lang), 409)
        return back_to(request, token)

    @router.post("/r/{token}/planned-start")
    async def planned_start(request: Request, token: str) -> Response:
        """The recruiter types the candidate's first working day (the checks overview holds the
        answer against it; audited like the administrator's)."""
        lang = request_language(request)
        check = load(token)
        if check is None or check.status == "superseded":
            return page(request, token)
        raw = str((await request.form()).get("planned_start") or "").strip()
        try:
            day = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            view = check_view(check, lang, connector.clock())
            view["start_error"] = translate("overview.bad_date", lang, value=raw[:30])
            return pages.render(
                request, "recruiter.html", status_code=400, v=view, final=True,
                embedded=request.query_params.get("embedded") == "1",
            )  # fmt: skip
        with connector.db.session() as session:
            stored = session.get(Check, check.id)
            if stored is not None:
                stored.planned_start = day
        record_admin_action(
            connector.db, "recruiter.planned_start_set", actor=actor_of(check),
            tenant_id=check.tenant_id,
            detail=f"check {check.id}: {day.isoformat() if day else '-'}",
        )  # fmt: skip
        return back_to(request, token)

    @router.post("/r/{token}/unbound")
    def unbound(request: Request, token: str) -> Response:
        """The recruiter sends the request without the NISS (a check waiting for it): whoever
        approves is then confirmed on this page before anything is read."""
        lang = request_language(request)
        check = load(token)
        if check is None:
            return page(request, token)
        try:
            connector.send_without_ssin(check.id, actor=actor_of(check))
        except PrecontractError as exc:
            return refused(request, check, exc.user_message(lang), 409)
        return back_to(request, token)

    @router.get("/r/{token}/proof.pdf")
    def proof(request: Request, token: str) -> Response:
        """The PDF proof of the consultation (docs/proof.md), while its values may be shown."""
        lang = request_language(request)
        check = load(token)
        stored = (check.notes or {}).get("proof") if check is not None else None
        if check is None or check.status != "result" or not stored:
            return _no_proof(request, lang, 404)
        try:
            event = AuditEvent.from_dict(stored["audit"])
            pdf = render_consultation(
                stored["record"],
                replace(event, actor=actor_words(event.actor, lang)),
                lang=lang,
                applicant_name=check.applicant_name or None,
                clock=connector.clock,
            )
        except (ProofWindowEnded, ProofMismatch):
            return _no_proof(request, lang, 410)
        day = connector.clock().strftime("%Y%m%d")
        reference = re.sub(r"[^A-Za-z0-9_-]+", "-", check.candidate_ref)[:60] or "applicant"
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="proof-{reference}-{day}.pdf"',
                "Cache-Control": "no-store",
                "X-Robots-Tag": "noindex",
            },
        )

    def _no_proof(request: Request, lang: Language, status: int) -> Response:
        return pages.render(
            request,
            "error.html",
            status_code=status,
            title=translate("page.not_found", lang),
            message=translate("page.no_proof", lang),
        )

    @router.get("/r/{token}/status.json")
    def status(token: str) -> Response:
        check = load(token)
        if check is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        return JSONResponse(
            {
                "status": check.status,
                "version": _version(check),
                "final": check.status not in FOLLOWED,
                "approvalExpiresAt": (
                    check.approval_expires_at.isoformat() if check.approval_expires_at else None
                ),
            }
        )

    return router
