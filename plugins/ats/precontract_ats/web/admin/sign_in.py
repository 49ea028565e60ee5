"""Signing in and out of the admin screens (the sign-in brake is in
:mod:`precontract_ats.services.admins`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from precontract.i18n import translate
from precontract_ats.services import admins
from precontract_ats.services.audit import record_admin_action
from precontract_ats.services.sessions import open_session, revoke_session
from precontract_ats.summary import moment
from precontract_ats.web.admin.base import AdminPages
from precontract_ats.web.security import LOGIN_COOKIE, SESSION_COOKIE, csrf_ok, new_csrf
from precontract_ats.web.templating import request_language

__all__ = ["add_routes"]


def add_routes(router: APIRouter, ui: AdminPages) -> None:
    connector, db, pages = ui.connector, ui.db, ui.pages
    hours = connector.settings.session_hours
    secure = connector.settings.secure_cookies

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
        await ui.posted(request)
        with db.session() as session:
            revoke_session(session, request.cookies.get(SESSION_COOKIE), now=connector.clock())
        response = RedirectResponse("/admin/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response
