"""The citizen's side, as toegangtotmijndata would show it: approve or refuse an access request,
see and withdraw one's mandates. Plain HTML, phone-friendly, in Dutch, French, German and English.

Signing in is simulated: the visitor picks a test persona. The session cookie holds a random id,
never the NISS.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from precontract.i18n import LANGUAGES, Language, add_catalogue, normalise_language, translate
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.sandbox import personas
from precontract.sandbox.problems import Problem
from precontract.sandbox.state import (
    CONSULTATION_MONTHS,
    AccessRequestRecord,
    ForAnotherCitizen,
    SandboxState,
    valid_until,
)
from precontract.timeutil import BRUSSELS, brussels_today

__all__ = ["router"]

# The portal's texts (``portal.*``, a test citizen's description as ``portal.persona.<key>``):
# its gettext catalogue, docs/translations.md.
add_catalogue(Path(__file__).resolve().parent / "locale", "precontract_portal")

router = APIRouter(prefix="/portal", include_in_schema=False)
SESSION_COOKIE = "sandbox_citizen_session"
LANG_COOKIE = "sandbox_lang"

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def _state(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


def _language(request: Request) -> Language:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen and chosen[:2].lower() in LANGUAGES:
        return normalise_language(chosen)
    return normalise_language(request.headers.get("accept-language"))


def _date(day: dt.date, lang: Language) -> str:
    months = {
        "nl": [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "fr": [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "de": [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        "en": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    }[lang]
    dot = "." if lang == "de" else ""  # German writes "28. Dezember"
    return f"{day.day}{dot} {months[day.month - 1]} {day.year}"


def _moment(iso: str, lang: Language) -> str:
    moment = dt.datetime.fromisoformat(iso).astimezone(BRUSSELS)
    return f"{_date(moment.date(), lang)} {moment:%H:%M}"


def _party(state: SandboxState, number: str, lang: Language) -> dict[str, str]:
    return {
        "name": state.enterprise_name(number) or translate("portal.unknown_enterprise", lang),
        "number": translate(
            "portal.enterprise_number", lang, number=EnterpriseNumber.parse(number).formatted
        ),
    }


def _render(
    request: Request,
    template: str,
    status: int = 200,
    *,
    page: str | None = None,
    page_query: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render ``template``. ``page`` is the address a GET shows the same page at (an answer to
    a form post is not one): the language links and the sign-in's way back point there."""
    lang = _language(request)
    state = _state(request)
    citizen = state.session_citizen(request.cookies.get(SESSION_COOKIE))
    persona = personas.by_ssin(citizen) if citizen else None
    if page is None:
        page = request.url.path if request.method == "GET" else "/portal/"
        if request.method == "GET" and page_query is None:
            page_query = {k: v for k, v in request.query_params.items() if k != "lang"}
    language_links = {
        code: f"{page}?{urlencode({**(page_query or {}), 'lang': code})}" for code in LANGUAGES
    }

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    html = _templates.get_template(template).render(
        t=t,
        lang=lang,
        languages=LANGUAGES,
        language_links=language_links,
        path=page,
        persona=persona,
        citizen=citizen,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang", "")[:2].lower() in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, samesite="lax", httponly=True)
    return response


def _signin_choices(lang: Language) -> list[dict[str, str]]:
    return [
        {
            "ssin": p.ssin.compact,
            "name": p.name,
            "masked": p.ssin.masked,
            "description": translate(f"portal.persona.{p.key}", lang),
        }
        for p in personas.PERSONAS
    ]


def _consultable(months: int, until: dt.date, lang: Language) -> str:
    key = "portal.consultable_one_month" if months == 1 else "portal.consultable_months"
    return translate(key, lang, months=months, until=_date(until, lang))


@router.get("/", name="portal_home")
def home(request: Request) -> HTMLResponse:
    return _render(
        request,
        "signin.html",
        next=request.query_params.get("next", "/portal/mandates"),
        choices=_signin_choices(_language(request)),
    )


@router.post("/login", name="portal_login")
def login(
    request: Request,
    ssin: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/portal/mandates",
) -> Response:
    try:
        citizen: str | None = Ssin.parse(ssin).compact
    except ValueError:
        citizen = None
    if citizen is None or personas.by_ssin(citizen) is None:
        return _render(
            request,
            "signin.html",
            status=400,
            page_query={"next": next},
            next=next,
            choices=_signin_choices(_language(request)),
        )
    target = next if next.startswith("/portal/") else "/portal/mandates"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE, _state(request).open_session(citizen), samesite="lax", httponly=True
    )
    return response


@router.post("/logout", name="portal_logout")
def logout(request: Request) -> Response:
    _state(request).close_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/portal/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _request_view(
    state: SandboxState, record: AccessRequestRecord, lang: Language
) -> dict[str, Any]:
    # What approving now would grant.
    granted = valid_until(record.data_types, brussels_today(state.now()))
    return {
        "id": record.request_id,
        "status": state.request_status(record),
        "requester": _party(state, record.requester, lang),
        "employer": _party(state, record.employer, lang),
        "types": [
            {
                "label": translate(f"portal.type.{t}", lang),
                "period": _consultable(CONSULTATION_MONTHS[t], until, lang),
            }
            for t, until in granted.items()
        ],
        "deadline": _moment(record.expires_at, lang),
        # Only ever masked: the page is reachable by anyone holding the link.
        "bound_to": Ssin.parse(record.ssin).masked if record.ssin else None,
        "bound_ssin": record.ssin,
    }


@router.get("/requests/{request_id}", name="portal_request")
def show_request(request: Request, request_id: str) -> HTMLResponse:
    state = _state(request)
    lang = _language(request)
    try:
        record = state.get_request(request_id)
    except Problem:
        return _render(
            request, "message.html", status=404, message=translate("portal.not_found", lang)
        )
    return _render(
        request,
        "request.html",
        request_view=_request_view(state, record, lang),
        choices=_signin_choices(lang),
        notice=request.query_params.get("done"),
    )


def _answer(request: Request, request_id: str, approve: bool) -> Response:
    state = _state(request)
    lang = _language(request)
    citizen = state.session_citizen(request.cookies.get(SESSION_COOKIE))
    target = f"/portal/requests/{quote(request_id)}"
    if citizen is None:
        return RedirectResponse(target, status_code=303)
    try:
        if approve:
            state.approve(request_id, citizen)
        else:
            state.refuse(request_id, citizen)
    except Problem as problem:
        record = None
        with contextlib.suppress(Problem):
            record = state.get_request(request_id)
        if record is None:
            return _render(
                request, "message.html", status=404, message=translate("portal.not_found", lang)
            )
        key = (
            "portal.error.other_citizen"
            if isinstance(problem, ForAnotherCitizen)
            else "portal.error.not_pending"
        )
        return _render(
            request,
            "request.html",
            status=409,
            page=target,
            request_view=_request_view(state, record, lang),
            choices=_signin_choices(lang),
            error=translate(key, lang),
        )
    return RedirectResponse(
        f"{target}?done={'approved' if approve else 'refused'}", status_code=303
    )


@router.post("/requests/{request_id}/approve", name="portal_approve")
def approve(request: Request, request_id: str) -> Response:
    return _answer(request, request_id, approve=True)


@router.post("/requests/{request_id}/refuse", name="portal_refuse")
def refuse(request: Request, request_id: str) -> Response:
    return _answer(request, request_id, approve=False)


@router.get("/mandates", name="portal_mandates")
def my_mandates(request: Request) -> Response:
    state = _state(request)
    lang = _language(request)
    citizen = state.session_citizen(request.cookies.get(SESSION_COOKIE))
    if citizen is None:
        return RedirectResponse("/portal/?next=/portal/mandates", status_code=303)
    items = [
        {
            "id": m.mandate_id,
            "status": state.mandate_status(m),
            "requester": _party(state, m.requester, lang),
            "employer": _party(state, m.employer, lang),
            "granted": _moment(m.granted_at, lang),
            "types": [
                {
                    "label": translate(f"portal.type.{t}", lang),
                    "until": _date(dt.date.fromisoformat(u), lang),
                }
                for t, u in m.valid_until.items()
            ],
        }
        for m in state.citizen_mandates(citizen)
    ]
    return _render(
        request, "mandates.html", mandates=items, notice=request.query_params.get("done")
    )


@router.post("/mandates/{mandate_id}/revoke", name="portal_revoke")
def revoke(request: Request, mandate_id: str) -> Response:
    state = _state(request)
    citizen = state.session_citizen(request.cookies.get(SESSION_COOKIE))
    if citizen is None:
        return RedirectResponse("/portal/?next=/portal/mandates", status_code=303)
    try:
        state.revoke(mandate_id, citizen)
    except Problem:
        return RedirectResponse("/portal/mandates", status_code=303)
    return RedirectResponse("/portal/mandates?done=revoked", status_code=303)
