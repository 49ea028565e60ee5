"""Fault injection: make an endpoint slow, busy (429), broken (5xx), garbled or unreachable, or
limit its rate (at most ``limit`` calls per window, 429 with ``Retry-After`` past it).

Faults are rules held by the server; each matches an endpoint (a name below, or ``*``) and
optionally a method, fires ``count`` times (or until cleared) and then lets calls through. They
apply to the token endpoint and the two APIs, never to the portal or the controls.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from http import HTTPStatus
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from precontract.sandbox.problems import BELGIF, Problem

__all__ = ["ENDPOINTS", "KINDS", "Fault", "FaultInjector", "FaultRules"]

ENDPOINTS: dict[str, tuple[str, re.Pattern[str]]] = {
    "token": ("POST", re.compile(r"^/REST/oauth/v5/token$")),
    "createAccessRequest": ("POST", re.compile(r"^/REST/citizenMandates/v1/accessRequests$")),
    "listAccessRequests": ("GET", re.compile(r"^/REST/citizenMandates/v1/accessRequests$")),
    "getAccessRequest": ("GET", re.compile(r"^/REST/citizenMandates/v1/accessRequests/[^/]+$")),
    "cancelAccessRequest": (
        "DELETE",
        re.compile(r"^/REST/citizenMandates/v1/accessRequests/[^/]+$"),
    ),
    "listMandates": ("GET", re.compile(r"^/REST/citizenMandates/v1/mandates$")),
    "getMandate": ("GET", re.compile(r"^/REST/citizenMandates/v1/mandates/[^/]+$")),
    "precontractualData": (
        "GET",
        re.compile(r"^/REST/citizenData/v1/persons/[^/]+/precontractualData$"),
    ),
}
KINDS = ("latency", "status", "malformed", "drop", "ratelimit")
MAX_LATENCY_MS = 120_000  # longer than any client timeout worth testing
# The Belgif problem each injectable status answers (504 has none of its own).
_STATUS_PROBLEMS = {
    429: "tooManyRequests",
    500: "internalServerError",
    502: "badGateway",
    503: "serviceUnavailable",
    504: "serviceUnavailable",
}


@dataclass
class Fault:
    endpoint: str
    kind: str
    count: int | None = 1  # how many calls it hits; None = until cleared
    status: int = 503
    retry_after: int = 1
    latency_ms: int = 0
    limit: int = 0  # ratelimit: calls let through per window (all matching endpoints together)
    window_ms: int = 1000
    id: str = ""
    hits: int = 0  # calls it answered (for a ratelimit: the calls it refused)
    accepted_max: int = 0  # ratelimit: the most calls let through in one window
    _window_start: float = field(default=0.0, repr=False)
    _in_window: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        if self.endpoint != "*" and self.endpoint not in ENDPOINTS:
            raise ValueError(
                f"unknown endpoint {self.endpoint!r}; one of * or " + ", ".join(ENDPOINTS)
            )
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(KINDS)}")
        if self.kind == "status" and self.status not in _STATUS_PROBLEMS:
            raise ValueError(f"status faults answer one of {sorted(_STATUS_PROBLEMS)}")
        if self.count is not None and self.count < 1:
            raise ValueError("count must be at least 1 (or null for until cleared)")
        if not 0 <= self.latency_ms <= MAX_LATENCY_MS:
            raise ValueError(f"latency is from 0 to {MAX_LATENCY_MS} ms")
        if self.retry_after < 0:
            raise ValueError("Retry-After is a number of seconds, 0 or more")
        if self.kind == "ratelimit" and self.limit < 1:
            raise ValueError("a ratelimit fault needs a limit of at least 1 call per window")
        if not 1 <= self.window_ms <= 60_000:
            raise ValueError("a rate window is from 1 to 60000 ms")
        self.id = self.id or uuid.uuid4().hex[:12]

    def matches(self, method: str, path: str) -> bool:
        if self.endpoint == "*":
            return any(m == method and p.match(path) for m, p in ENDPOINTS.values())
        wanted, pattern = ENDPOINTS[self.endpoint]
        return wanted == method and bool(pattern.match(path))

    def as_json(self) -> dict[str, Any]:
        raw = asdict(self)
        return {
            "id": raw["id"],
            "endpoint": raw["endpoint"],
            "kind": raw["kind"],
            "count": raw["count"],
            "status": raw["status"],
            "retryAfter": raw["retry_after"],
            "latencyMs": raw["latency_ms"],
            "limit": raw["limit"],
            "windowMs": raw["window_ms"],
            "hits": raw["hits"],
            "acceptedMax": raw["accepted_max"],
        }

    def admit(self, now: float) -> float | None:
        """A ratelimit's verdict on one call at ``now`` (monotonic seconds): None to let it
        through, else the seconds until the window ends (its Retry-After)."""
        window = self.window_ms / 1000
        if now - self._window_start >= window:
            self._window_start, self._in_window = now, 0
        if self._in_window < self.limit:
            self._in_window += 1
            self.accepted_max = max(self.accepted_max, self._in_window)
            return None
        return self._window_start + window - now


class FaultRules:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def list(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault matching this call, counted as used."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    if fault.kind == "ratelimit":
                        wait = fault.admit(time.monotonic())
                        if wait is None:
                            continue  # within the limit: other faults may still apply
                        fault.hits += 1
                        # Retry-After is whole seconds (RFC 9110 §10.2.3): never too early.
                        return replace(fault, status=429, retry_after=max(1, math.ceil(wait)))
                    fault.hits += 1
                    if fault.count is not None and fault.hits >= fault.count:
                        self._faults.remove(fault)
                    return fault
        return None


class FaultInjector:
    """ASGI wrapper, outermost, so a "drop" can close the connection itself."""

    def __init__(self, app: ASGIApp, rules: FaultRules) -> None:
        self.app = app
        self.rules = rules

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        fault = self.rules.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.kind == "latency":
            await asyncio.sleep(fault.latency_ms / 1000)
            await self.app(scope, receive, send)
        elif fault.kind in ("status", "ratelimit"):
            await self._status(fault, send)
        elif fault.kind == "malformed":
            await self._send(send, 200, b'{"items": [{"mandateId": "', "application/json")
        else:
            await self._drop(send)

    async def _status(self, fault: Fault, send: Send) -> None:
        problem = Problem(
            fault.status,
            BELGIF + _STATUS_PROBLEMS[fault.status],
            HTTPStatus(fault.status).phrase,
            "injected by the sandbox",
        )
        headers: list[tuple[bytes, bytes]] = []
        if fault.status in (429, 503):
            problem.extra["retryAfterSec"] = fault.retry_after
            headers.append((b"retry-after", str(fault.retry_after).encode()))
        body = json.dumps(problem.body()).encode()
        await self._send(send, fault.status, body, "application/problem+json", headers)

    @staticmethod
    async def _send(
        send: Send,
        status: int,
        body: bytes,
        content_type: str,
        headers: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", content_type.encode()),
                    (b"content-length", str(len(body)).encode()),
                    *(headers or []),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    async def _drop(send: Send) -> None:
        # uvicorn's send is a bound method of its request cycle, which holds the transport:
        # closing it drops the connection before any byte of an answer, as a crashed proxy would.
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if transport is not None:
            transport.close()
            return
        # Elsewhere: promise a body and break off.
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", b"1000")],
            }
        )
        raise ConnectionAbortedError("fault injected: connection dropped")
