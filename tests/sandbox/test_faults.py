"""Injected faults: each kind does what a client would meet in the wild, then calls go through."""

from __future__ import annotations

import time

import pytest
import requests

from precontract.sandbox import SandboxServer

from .support import MANDATES, Caller


@pytest.fixture
def caller(sandbox: SandboxServer) -> Caller:
    return Caller.register(sandbox).login()


def test_latency(sandbox: SandboxServer, caller: Caller) -> None:
    sandbox.inject_fault("listMandates", "latency", latency_ms=400)
    started = time.monotonic()
    assert caller.mandates().status_code == 200
    assert time.monotonic() - started >= 0.4
    sandbox.inject_fault("listMandates", "latency", latency_ms=1500)
    with pytest.raises(requests.Timeout):
        requests.get(f"{sandbox.url}{MANDATES}/mandates", timeout=0.3)


def test_429_with_retry_after_then_through(sandbox: SandboxServer, caller: Caller) -> None:
    sandbox.inject_fault("listMandates", "status", status=429, retry_after=7)
    busy = caller.mandates()
    assert busy.status_code == 429
    assert busy.headers["Retry-After"] == "7"
    assert busy.json()["type"] == "urn:problem-type:belgif:tooManyRequests"
    assert busy.json()["retryAfterSec"] == 7
    assert caller.mandates().status_code == 200


def test_a_burst_of_5xx_for_a_count_of_calls(sandbox: SandboxServer, caller: Caller) -> None:
    sandbox.inject_fault("*", "status", status=503, count=3)
    answers = [caller.mandates().status_code for _ in range(4)]
    assert answers == [503, 503, 503, 200]


@pytest.mark.parametrize(
    ("status", "name", "title"),
    [
        (500, "internalServerError", "Internal Server Error"),
        (502, "badGateway", "Bad Gateway"),
        (504, "serviceUnavailable", "Gateway Timeout"),
    ],
)
def test_server_errors_are_problems(
    sandbox: SandboxServer, caller: Caller, status: int, name: str, title: str
) -> None:
    sandbox.inject_fault("getMandate", "status", status=status)
    response = caller.call("GET", f"{MANDATES}/mandates/x")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["type"], body["title"], body["status"]) == (
        f"urn:problem-type:belgif:{name}",
        title,
        status,
    )
    assert "Retry-After" not in response.headers


def test_malformed_body(sandbox: SandboxServer, caller: Caller) -> None:
    sandbox.inject_fault("listMandates", "malformed")
    response = caller.mandates()
    assert response.status_code == 200
    with pytest.raises(ValueError):  # noqa: PT011 - whatever the JSON library raises
        response.json()


def test_dropped_connection(sandbox: SandboxServer, caller: Caller) -> None:
    sandbox.inject_fault("token", "drop")
    with pytest.raises(requests.ConnectionError):
        caller.token_response()
    assert caller.token_response().status_code == 200


def test_faults_only_hit_their_endpoint_and_method(sandbox: SandboxServer, caller: Caller) -> None:
    sandbox.inject_fault("cancelAccessRequest", "status", status=500, count=None)
    request_id = caller.new_request_id()
    assert caller.call("GET", f"{MANDATES}/accessRequests/{request_id}").status_code == 200
    assert caller.call("DELETE", f"{MANDATES}/accessRequests/{request_id}").status_code == 500
    assert caller.call("DELETE", f"{MANDATES}/accessRequests/{request_id}").status_code == 500
    sandbox.clear_faults()
    assert caller.call("DELETE", f"{MANDATES}/accessRequests/{request_id}").status_code == 204


def test_faults_through_the_controls(sandbox: SandboxServer, caller: Caller) -> None:
    added = requests.post(
        f"{sandbox.url}/sandbox/faults",
        timeout=5,
        json={
            "endpoint": "precontractualData",
            "kind": "status",
            "status": 503,
            "retryAfter": 2,
            "count": 2,
        },
    )
    assert added.status_code == 201
    listed = requests.get(f"{sandbox.url}/sandbox/faults", timeout=5).json()
    assert [(f["endpoint"], f["count"], f["hits"]) for f in listed] == [
        ("precontractualData", 2, 0)
    ]
    wrong = requests.post(
        f"{sandbox.url}/sandbox/faults",
        timeout=5,
        json={"endpoint": "everything", "kind": "status"},
    )
    assert wrong.status_code == 400
    assert "unknown endpoint" in wrong.json()["issues"][0]["detail"]
    assert requests.delete(f"{sandbox.url}/sandbox/faults", timeout=5).status_code == 204
    assert requests.get(f"{sandbox.url}/sandbox/faults", timeout=5).json() == []


def test_the_portal_and_controls_are_never_faulted(sandbox: SandboxServer) -> None:
    sandbox.inject_fault("*", "status", status=500, count=None)
    assert requests.get(f"{sandbox.url}/portal/", timeout=5).status_code == 200
    assert requests.get(f"{sandbox.url}/sandbox/personas", timeout=5).status_code == 200


def test_a_rate_limit_lets_its_limit_through_per_window_then_answers_429(
    sandbox: SandboxServer, caller: Caller
) -> None:
    # A minute's window: every call of this test falls in the first one, however slow the machine.
    added = requests.post(
        f"{sandbox.url}/sandbox/faults",
        timeout=5,
        json={"endpoint": "*", "kind": "ratelimit", "limit": 3, "windowMs": 60_000},
    )
    assert added.status_code == 201
    assert [caller.mandates().status_code for _ in range(3)] == [200, 200, 200]
    busy = caller.mandates()
    assert busy.status_code == 429
    assert busy.json()["type"] == "urn:problem-type:belgif:tooManyRequests"
    assert 1 <= int(busy.headers["Retry-After"]) <= 60
    assert busy.json()["retryAfterSec"] == int(busy.headers["Retry-After"])
    listed = requests.get(f"{sandbox.url}/sandbox/faults", timeout=5).json()
    assert [(f["kind"], f["hits"], f["acceptedMax"]) for f in listed] == [("ratelimit", 1, 3)]
    # The portal and the controls are never limited.
    assert requests.get(f"{sandbox.url}/sandbox/faults", timeout=5).status_code == 200
    refused = requests.post(
        f"{sandbox.url}/sandbox/faults", timeout=5, json={"kind": "ratelimit", "limit": 0}
    )
    assert refused.status_code == 400
