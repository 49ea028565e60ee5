"""The sandbox application: authorization server, the two APIs, the portal and the controls."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from precontract.masking import mask_ssins
from precontract.sandbox import api, controls, oauth, portal
from precontract.sandbox.faults import FaultInjector, FaultRules
from precontract.sandbox.problems import Problem, bad_request, issue
from precontract.sandbox.state import SandboxState

__all__ = ["asgi_app", "create_app"]

log = logging.getLogger("precontract.sandbox")

DESCRIPTION = """A strict simulator of the social security REST APIs used for precontractual
data (our model of "Burgermandaten beheren" and "Burgergegevens raadplegen", see
docs/api-contract.md), with the OAuth token endpoint, a citizen portal (/portal) and test
controls (/sandbox). Never use it with real personal data."""


class _RequestIds:
    """Gives every answer an ``X-Request-Id`` (as the real services do) unless it has one.

    A plain ASGI wrapper: an ``@app.middleware("http")`` function costs each call a task and a
    memory stream of its own, a large part of a sandbox call's CPU time.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"x-request-id" for name, _ in headers):
                    headers.append((b"x-request-id", uuid.uuid4().hex.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)


def _problem_response(problem: Problem, request: Request) -> JSONResponse:
    return JSONResponse(
        problem.body(instance=mask_ssins(request.url.path)),
        status_code=problem.status,
        media_type="application/problem+json",
        headers={
            **problem.headers,
            **({"WWW-Authenticate": "Bearer"} if problem.status == 401 else {}),
        },
    )


def _problem_content(answer: dict[str, Any]) -> None:
    """FastAPI lists a response model under application/json; problems are
    application/problem+json only."""
    content = answer.get("content", {})
    if "application/problem+json" in content and "application/json" in content:
        content["application/problem+json"] = content.pop("application/json")


def create_app(
    state: SandboxState | None = None,
    *,
    controls_enabled: bool = True,
    faults: FaultRules | None = None,
) -> FastAPI:
    """The FastAPI application over ``state`` (a fresh in-memory one by default)."""
    app = FastAPI(
        title="precontract sandbox",
        version="1.0",
        description=DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.sandbox = state or SandboxState()
    app.state.faults = faults or FaultRules()
    app.state.controls_enabled = controls_enabled

    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem) -> JSONResponse:
        return _problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        issues = []
        for error in exc.errors():
            location, *rest = [str(part) for part in error.get("loc", ("body",))]
            name = ".".join(rest) or location
            value = error.get("input")
            shown = mask_ssins(str(value)) if isinstance(value, str | int | float) else None
            issues.append(issue(location, name, shown, str(error.get("msg", "invalid"))))
        return _problem_response(bad_request(*issues), request)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            problem = Problem.belgif(404, "resourceNotFound", f"nothing at {request.url.path}")
        elif exc.status_code == 405:
            problem = Problem(
                405,
                "urn:problem-type:belgif:methodNotAllowed",
                "Method Not Allowed",
                f"{request.method} is not allowed here",
            )
        else:
            problem = Problem(exc.status_code, "about:blank", str(exc.detail))
        return _problem_response(problem, request)

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("sandbox error on %s %s", request.method, mask_ssins(request.url.path))
        return _problem_response(Problem.belgif(500, "internalServerError"), request)

    app.add_middleware(_RequestIds)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/portal/")

    def openapi() -> dict[str, Any]:
        # Validation errors answer 400 badRequest here, never FastAPI's 422: leave 422 out.
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for operations in document.get("paths", {}).values():
                for operation in operations.values():
                    responses = operation.get("responses", {})
                    responses.pop("422", None)
                    for answer in responses.values():
                        _problem_content(answer)
            schemas = document.get("components", {}).get("schemas", {})
            for name in ("HTTPValidationError", "ValidationError"):
                schemas.pop(name, None)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    app.include_router(oauth.router)
    app.include_router(api.router)
    app.include_router(portal.router)
    if controls_enabled:
        app.include_router(controls.router)
    return app


def asgi_app(app: FastAPI) -> FaultInjector:
    """``app`` behind its fault injector (what the server actually runs)."""
    return FaultInjector(app, app.state.faults)
