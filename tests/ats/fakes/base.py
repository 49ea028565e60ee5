"""What every fake ATS shares: the calls it received, and faults a test injects into them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


class FakeAts:
    """The calls received (``(method, path)``) and the injected faults of one fake ATS.

    ``url`` is where the fake is served (the fixtures set it once the server runs).
    """

    def __init__(self) -> None:
        self.url = ""
        self.calls: list[tuple[str, str]] = []
        # [path prefix, status, times left, calls to let by, headers]
        self._faults: list[list[Any]] = []
        self._lock = threading.Lock()

    def fail(
        self,
        prefix: str,
        status: int = 500,
        times: int = 1,
        *,
        after: int = 0,
        headers: dict[str, str] | None = None,
        body: Any = None,
    ) -> None:
        """The next ``times`` calls whose path starts with ``prefix`` answer ``status`` (with
        ``headers``, e.g. a rate limit's, and ``body`` instead of the ATS's usual error), once
        ``after`` such calls went through."""
        self._faults.append([prefix, status, times, after, dict(headers or {}), body])

    def clear_faults(self) -> None:
        """The ATS works again."""
        with self._lock:
            self._faults.clear()

    def _injected(self, path: str) -> tuple[int, dict[str, str], Any] | None:
        """The status (headers, body) an injected fault answers for ``path``, if one is due."""
        with self._lock:
            for fault in self._faults:
                if path.startswith(fault[0]) and fault[2] > 0:
                    if fault[3] > 0:
                        fault[3] -= 1
                        continue
                    fault[2] -= 1
                    return int(fault[1]), fault[4], fault[5]
        return None

    def record_calls(self, app: FastAPI, error_body: Callable[[int], Any]) -> None:
        """Record every call to ``app``; answer a due fault with ``error_body(status)``, the
        error shape of that ATS."""

        @app.middleware("http")
        async def record(request: Request, call_next: Any) -> Any:
            self.calls.append((request.method, request.url.path))
            fault = self._injected(request.url.path)
            if fault is not None:
                status, headers, body = fault
                answer = error_body(status) if body is None else body
                return JSONResponse(answer, status_code=status, headers=headers)
            return await call_next(request)
