"""A 429 holds every thread of a client: the pause shared through the HTTP client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from precontract.config import RetryPolicy
from precontract.errors import TooManyRequests
from precontract.gate import SharedPause
from precontract.http import HttpClient

from .support import API, FakeClock


class Tokens:
    def token(self) -> str:
        return "t"

    def invalidate(self, token: str) -> None:
        pass


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def test_after_one_workers_429_every_other_call_waits_for_retry_after_before_sending(
    mocked: responses.RequestsMock,
) -> None:
    clock = FakeClock()
    pause = SharedPause(clock=lambda: clock.now.timestamp(), sleep=clock.sleep)
    http = HttpClient(
        base_url=API,
        timeout=(2.0, 7.0),
        retry=RetryPolicy(max_retries=0),  # this worker gives up at once: it cannot wait itself
        tokens=Tokens(),
        sleep=clock.sleep,
    )
    http.pause = pause
    mocked.get(f"{API}/a", status=429, headers={"Retry-After": "7"})
    with pytest.raises(TooManyRequests):
        http.request("GET", "/a")
    assert clock.slept == []
    assert pause.holds == 1

    # Another worker's call, made while the pause holds: it waits the 7 s, then sends.
    mocked.get(f"{API}/b", json={"ok": True})
    assert http.request("GET", "/b").json() == {"ok": True}
    assert clock.slept == [7.0]
    # Once past the deadline, calls go straight out.
    mocked.get(f"{API}/c", json={"ok": True})
    http.request("GET", "/c")
    assert clock.slept == [7.0]


def test_a_429_retried_by_its_own_thread_waits_once_through_the_pause(
    mocked: responses.RequestsMock,
) -> None:
    clock = FakeClock()
    http = HttpClient(base_url=API, timeout=(2.0, 7.0), tokens=Tokens(), sleep=clock.sleep)
    http.pause = SharedPause(clock=lambda: clock.now.timestamp(), sleep=clock.sleep)
    mocked.post(f"{API}/r", status=429, headers={"Retry-After": "2"})
    mocked.post(f"{API}/r", status=201, json={})
    assert http.request("POST", "/r", json={}).status == 201
    assert clock.slept == [2.0]  # not 2 s of its own and 2 more at the pause
