"""Helpers shared by the core's tests."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

import requests

from precontract.config import Settings
from precontract.http import RequestsTransport
from precontract.sandbox.faults import ENDPOINTS


@dataclass(frozen=True)
class KeyPair:
    key_pem: bytes
    cert_pem: bytes


class FakeClock:
    """A clock tests move by hand: nothing sleeps."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.slept: list[float] = []

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)


REQUESTER = "0123456749"
EMPLOYER = "0403019261"
API = "https://api.test/REST"
TOKEN_URL = "https://api.test/REST/oauth/v5/token"


def make_settings(pair: KeyPair, **overrides: Any) -> Settings:
    """Settings for responses-mocked tests (nothing listens on api.test)."""
    values: dict[str, Any] = {
        "environment": "acceptance",
        "token_url": TOKEN_URL,
        "api_url": API,
        "client_id": "self_service_chaman_12345_abc",
        "private_key_pem": pair.key_pem,
        "certificate_pem": pair.cert_pem,
        "requester": REQUESTER,
        "employer": EMPLOYER,
        **overrides,
    }
    return Settings(**values)


class CountingTransport(RequestsTransport):
    """The pooled transport, counting calls per sandbox endpoint (thread-safe)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def send(self, request: requests.PreparedRequest, *, timeout: tuple[float, float]) -> Any:
        path = "/REST" + (request.path_url.split("/REST", 1)[1].split("?")[0])
        name = next(
            (n for n, (m, p) in ENDPOINTS.items() if m == request.method and p.match(path)),
            "other",
        )
        with self._lock:
            self.calls[name] += 1
        return super().send(request, timeout=timeout)

    def take(self) -> Counter[str]:
        with self._lock:
            calls, self.calls = self.calls, Counter()
        calls.pop("token", None)
        return calls
