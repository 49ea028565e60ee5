"""The FastAPI application: the plugins' endpoints, the recruiter page and the admin screens."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.exc import DataError

from precontract.errors import PrecontractError
from precontract.i18n import translate
from precontract.masking import mask_ssins
from precontract_ats.ats.verify import InboundRefused
from precontract_ats.engine import Connector
from precontract_ats.services.admins import prepare_sign_in
from precontract_ats.web.access_log import log_requests, redact
from precontract_ats.web.admin import (
    Forbidden,
    NeedsSignIn,
    OutOfScope,
    admin_router,
    login_redirect,
)
from precontract_ats.web.recruiter import recruiter_router
from precontract_ats.web.security import ADMIN_HEADERS, EMBEDDABLE_HEADERS
from precontract_ats.web.templating import Pages, request_language
from precontract_ats.worker import Worker

__all__ = ["create_app"]

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"


def create_app(connector: Connector, *, worker: Worker | None = None) -> FastAPI:
    """The app over ``connector``; ``worker`` (if given) runs while the app is served."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(prepare_sign_in)
        if worker is not None:
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()

    app = FastAPI(
        title="precontract connector",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.connector = connector
    pages = Pages(dev_mode=connector.settings.dev_mode)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def malformed_calls(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # An ATS call whose JSON has another shape than its documentation says (a string where
        # an object belongs, null) must be answered 400 with a message, not 500.
        try:
            return await call_next(request)
        except (TypeError, AttributeError, KeyError) as exc:
            if not request.url.path.startswith("/ats/"):
                raise
            logger.warning(
                "malformed call to %s: %s: %s",
                redact(request.url.path, ""),
                type(exc).__name__,
                mask_ssins(str(exc)),
            )
            return JSONResponse(
                {
                    "error": "malformed",
                    "message": "the call's JSON does not have the documented shape",
                },
                status_code=400,
            )

    app.middleware("http")(log_requests)

    @app.middleware("http")
    async def headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        path = request.url.path
        if path.startswith(("/r/", "/ats/bullhorn/")):
            extra = EMBEDDABLE_HEADERS
        elif path.startswith("/static/"):
            extra = {"X-Content-Type-Options": "nosniff"}
        else:
            extra = ADMIN_HEADERS
        for name, value in extra.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(NeedsSignIn)
    async def sign_in(request: Request, exc: NeedsSignIn) -> Response:
        return login_redirect(exc.next_url)

    def error_page(request: Request, status: int, title: str, message: str) -> Response:
        """The admin's error page, its title and text in the reader's language."""
        lang = request_language(request)
        return pages.render(
            request,
            "error.html",
            status_code=status,
            user=None,
            title=translate(title, lang),
            message=translate(message, lang),
            back="/admin",
        )

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return error_page(request, 403, "error.csrf", "error.csrf_text")

    @app.exception_handler(InboundRefused)
    async def refused(request: Request, exc: InboundRefused) -> Response:
        return JSONResponse({"error": exc.reason, "message": str(exc)}, status_code=exc.status)

    @app.exception_handler(OutOfScope)
    async def out_of_scope(request: Request, exc: OutOfScope) -> Response:
        return error_page(request, 404, "error.not_found", "error.not_found_text")

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def out_of_range(request: Request, exc: Exception) -> Response:
        # An id or a number the database cannot hold (20 digits): nothing has it.
        if request.url.path.startswith("/admin"):
            return error_page(request, 404, "error.not_found", "error.not_found_text")
        return JSONResponse(
            {
                "error": "not_found",
                "message": translate("error.not_found_text", request_language(request)),
            },
            status_code=404,
        )

    @app.exception_handler(RecursionError)
    async def too_deep(request: Request, exc: RecursionError) -> Response:
        return JSONResponse(
            {"error": "malformed", "message": "the JSON is nested too deeply"}, status_code=400
        )

    @app.exception_handler(PrecontractError)
    async def failed(request: Request, exc: PrecontractError) -> Response:
        # Reached only from the ATS endpoints: the admin pages show errors in their forms.
        lang = request_language(request)
        return JSONResponse(
            {"error": type(exc).__name__, "message": exc.user_message(lang)}, status_code=422
        )

    @app.get("/")
    def index() -> Response:
        return RedirectResponse("/admin", status_code=303)

    @app.get("/healthz")
    def health() -> Response:
        with connector.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return JSONResponse({"status": "ok"})

    app.include_router(recruiter_router(connector, pages))
    app.include_router(admin_router(connector, pages))
    for plugin in connector.plugins.values():
        app.include_router(plugin.router(connector))
    return app
