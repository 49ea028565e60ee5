"""Helpers of the connector's tests: a movable clock, a server runner on a free port, call
counters (of a sandbox state's method, of every HTTP call the sandbox receives)."""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import requests
import uvicorn

from precontract.sandbox.server import SandboxServer

#: The sandbox's path of an access request's status (the id follows) and of the token.
STATUS_CALL = "/REST/citizenMandates/v1/accessRequests/"
TOKEN = "/REST/oauth/v5/token"


class MovableClock:
    """A clock the test moves (the connector's own clock, kept in step with the sandbox's)."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        self.now += delta
        return self.now

    def set(self, moment: dt.datetime) -> None:
        self.now = moment


class Counted:
    """Counts the calls of one of the sandbox state's methods (the consultations)."""

    def __init__(self, original: Callable[..., Any]) -> None:
        self.original = original
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.calls += 1
        return self.original(*args, **kwargs)


class SandboxCalls:
    """Every HTTP call the sandbox receives, with the (test's) time it came at (the fixture
    ``sandbox_calls`` puts it in place)."""

    def __init__(self, sandbox: SandboxServer, clock: MovableClock) -> None:
        self.calls: list[tuple[str, str, dt.datetime]] = []
        self._take = sandbox.faults.take
        self._clock = clock

    def __call__(self, method: str, path: str) -> object:
        self.calls.append((method, path, self._clock.now))
        return self._take(method, path)

    def of_request(self, request_id: str) -> list[dt.datetime]:
        """When the status of ``request_id`` was asked."""
        return [at for m, p, at in self.calls if m == "GET" and p == STATUS_CALL + request_id]

    def since(self, mark: int) -> list[tuple[str, str, dt.datetime]]:
        return self.calls[mark:]


class Served:
    """Serves an ASGI app with uvicorn in a background thread on 127.0.0.1 and a free port.

    The port is bound here and handed to uvicorn, so no other test can take it in between.
    """

    def __init__(self, app: Any, **options: Any) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.socket.bind(("127.0.0.1", 0))
        self.port: int = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        options.setdefault("lifespan", "off")
        config = uvicorn.Config(app, log_level="warning", **options)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


def get_json(url: str, **kwargs: Any) -> Any:
    response = requests.get(url, timeout=10, **kwargs)
    response.raise_for_status()
    return response.json()


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF.search(html)
    assert match is not None, "the page has no form with a CSRF token"
    return match.group(1)


def sign_in(base_url: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base_url}/admin/login", timeout=10)
    response = session.post(
        f"{base_url}/admin/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": csrf_of(page.text),
            "next": "/admin",
        },
        timeout=30,
    )
    assert response.url.rstrip("/").endswith("/admin"), "the sign-in did not succeed"
    return session
