"""Jinja2 for the connector's pages: autoescaped templates, nl/fr/en texts, Belgian dates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from precontract.audit import data_types_label, result_label
from precontract.config import DEFAULT_SANDBOX_URL
from precontract.i18n import LANGUAGES, Language, normalise_language, translate
from precontract.identifiers import EnterpriseNumber
from precontract_ats.actors import actor_words
from precontract_ats.failures import said
from precontract_ats.summary import day, moment
from precontract_ats.web.security import LANG_COOKIE

__all__ = ["Pages", "request_language"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


def request_language(request: Request) -> Language:
    """``?lang=``, then the language cookie, then the browser's preference."""
    asked = request.query_params.get("lang")
    if asked and asked in LANGUAGES:
        return normalise_language(asked)
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie and cookie in LANGUAGES:
        return normalise_language(cookie)
    return normalise_language(request.headers.get("accept-language"))


def _kbo(value: Any) -> str:
    try:
        return EnterpriseNumber.parse(value).formatted
    except ValueError:
        return str(value or "")


class Pages:
    """Renders templates with the request's language and the shared context."""

    def __init__(self, *, dev_mode: bool = False) -> None:
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["day"] = day
        self.env.filters["moment"] = moment
        self.env.filters["kbo"] = _kbo
        self.env.globals["LANGUAGES"] = LANGUAGES
        self.env.globals["default_sandbox_url"] = DEFAULT_SANDBOX_URL
        # The audit trail's codes in words (the core says them, for every host alike).
        self.env.globals["audit_result"] = result_label
        self.env.globals["audit_data_types"] = data_types_label
        self.env.globals["audit_actor"] = actor_words
        self.dev_mode = dev_mode

    def render_text(self, name: str, lang: Language, **context: Any) -> str:
        def t(key: str, **params: Any) -> str:
            return translate(key, lang, **params)

        def failure(kept: Any) -> str:
            """A stored failure (a write-back's, a check's) in the reader's language."""
            return said(kept, lang)

        template = self.env.get_template(name)
        return template.render(lang=lang, t=t, failure=failure, dev_mode=self.dev_mode, **context)

    def render(
        self,
        request: Request,
        name: str,
        *,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        lang = request_language(request)
        html = self.render_text(name, lang, request=request, path=request.url.path, **context)
        response = HTMLResponse(html, status_code=status_code, headers=headers)
        if request.query_params.get("lang") == lang:
            response.set_cookie(
                LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True
            )
        return response
