"""A 429 holds every thread of a client: the pause shared through the HTTP client."""

from __future__ import annotations

import itertools
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


class Moments:
    """A monotonic clock moved by hand; sleeping moves it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def let_through(pause: SharedPause, clock: Moments, calls: int, spacing: float) -> None:
    for _ in range(calls):
        pause.accepted(pause.admit())
        clock.now += spacing


def test_after_a_429_calls_are_paced_just_below_the_rate_the_server_let_through() -> None:
    clock = Moments()
    pause = SharedPause(clock=clock, sleep=clock.sleep)
    let_through(pause, clock, 100, 0.002)  # a burst: 100 calls in 0.2 s, then refused
    assert pause.rate is None
    pause.refused(pause.admit(), 1.0)
    assert pause.rate == pytest.approx(95.0)  # 100 in the last second, less 5 %
    assert pause.holds == 1

    # Every thread waits out the Retry-After, then each call takes the next slot: 1/95 s apart
    # instead of all at once.
    sends = [pause.admit() for _ in range(5)]
    assert sends[0] == pytest.approx(1000.2 + 1.0)
    gaps = [b - a for a, b in itertools.pairwise(sends)]
    assert gaps == pytest.approx([1 / 95] * 4)


def test_calls_refused_while_in_flight_do_not_lower_the_rate_again() -> None:
    clock = Moments()
    pause = SharedPause(clock=clock, sleep=clock.sleep)
    let_through(pause, clock, 50, 0.01)  # 50 calls in 0.5 s: the server's window holds 50
    in_flight = [pause.admit() for _ in range(3)]  # sent before the first refusal comes back
    pause.refused(in_flight[0], 2.0)
    assert pause.rate == pytest.approx(47.5)
    for sent in in_flight[1:]:
        pause.refused(sent, 2.0)
    assert pause.rate == pytest.approx(47.5)
    assert pause.refusals == 3


def test_the_rate_grows_slowly_while_nothing_is_refused() -> None:
    clock = Moments()
    pause = SharedPause(clock=clock, sleep=clock.sleep)
    let_through(pause, clock, 10, 0.09)
    pause.refused(pause.admit(), 1.0)
    assert pause.rate == pytest.approx(9.5)
    clock.now += 1.0  # the pause is over
    let_through(pause, clock, 100, 0.0)  # 100 paced calls take 100 / 9.5... s and grow the rate
    assert pause.rate is not None
    assert 9.5 * 1.04 < pause.rate < 9.5 * 1.07  # 0.5 % per second over ~10.5 s


def test_a_429_on_the_first_call_holds_but_learns_no_rate() -> None:
    clock = Moments()
    pause = SharedPause(clock=clock, sleep=clock.sleep)
    pause.refused(pause.admit(), 3.0)
    assert pause.rate is None
    assert pause.admit() == pytest.approx(1003.0)
    assert pause.admit() == pytest.approx(1003.0)  # no pacing: nothing told a rate
