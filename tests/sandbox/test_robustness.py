"""Junk never crashes the sandbox: a token request, a control or a fault with values out of any
range is refused with a clear answer, never a 500."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from precontract.sandbox import SandboxServer

from .support import ASSERTION_TYPE, Caller, assertion


@pytest.mark.parametrize(
    ("claim", "value"),
    [("exp", 10**20), ("iat", -(10**20)), ("nbf", 10**30), ("exp", 1e300)],
)
def test_a_claim_out_of_any_range_is_an_invalid_client(
    sandbox: SandboxServer, claim: str, value: float
) -> None:
    caller = Caller.register(sandbox)
    token = assertion(caller.client_id, caller.keys.key, sandbox.token_url, **{claim: value})
    answer = requests.post(
        sandbox.token_url,
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": token,
        },
        timeout=5,
    )
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"
    assert claim in answer.json()["error_description"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/sandbox/clock/advance", '{"seconds": 1e18}', "seconds"),
        ("/sandbox/clock/advance", '{"seconds": -1e12}', "seconds"),
        ("/sandbox/clock/advance", '{"seconds": NaN}', "seconds"),
        ("/sandbox/clock/advance", '{"seconds": Infinity}', "seconds"),
    ],
)
def test_the_clock_cannot_be_thrown_out_of_range(
    sandbox: SandboxServer, path: str, body: str, field: str
) -> None:
    before = sandbox.now()
    answer = requests.post(
        sandbox.url + path, data=body, headers={"Content-Type": "application/json"}, timeout=5
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["issues"][0]["name"] == field
    assert abs(sandbox.now() - before) < dt.timedelta(seconds=5)


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:00:00+00:00"])
def test_the_clock_cannot_be_set_out_of_range(sandbox: SandboxServer, moment: str) -> None:
    answer = requests.put(f"{sandbox.url}/sandbox/clock", json={"now": moment}, timeout=5)
    assert answer.status_code == 400
    assert "stays between" in answer.json()["issues"][0]["detail"]
    with pytest.raises(ValueError, match="stays between"):
        sandbox.set_clock(dt.datetime.fromisoformat(moment))


def test_far_but_sane_moments_still_work(sandbox: SandboxServer) -> None:
    caller = Caller.register(sandbox)
    sandbox.set_clock(dt.datetime(2099, 12, 31, 23, 0, tzinfo=dt.UTC))
    caller.login()
    created = caller.create_request()
    assert created.status_code == 201
    assert created.json()["expiresAt"] == "2100-01-01T23:59:59+01:00"  # Brussels' new year


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "latency", "latencyMs": -5},
        {"kind": "latency", "latencyMs": 10**9},
        {"kind": "status", "status": 429, "retryAfter": -1},
    ],
)
def test_a_fault_out_of_range_is_refused(sandbox: SandboxServer, fault: dict[str, Any]) -> None:
    answer = requests.post(f"{sandbox.url}/sandbox/faults", json=fault, timeout=5)
    assert answer.status_code == 400
    assert requests.get(f"{sandbox.url}/sandbox/faults", timeout=5).json() == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=8,
)
_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "requester": _JSON | st.just({"enterpriseNumber": "0123456749"}),
        "employer": _JSON | st.just({"enterpriseNumber": "0403019261"}),
        "context": _JSON | st.just("PRECONTRACTUAL_DATA"),
        "dataTypes": _JSON | st.just(["STUDENT_HOURS"]),
        "ssin": _JSON | st.just("85073003328"),
    },
)


@pytest.fixture
def caller(sandbox: SandboxServer) -> Caller:
    return Caller.register(sandbox).login()


# Hypothesis runs every example within one call of the fixtures: one account serves them all.
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=_FIELDS)
def test_any_access_request_body_is_answered_201_or_400(
    caller: Caller, body: dict[str, Any]
) -> None:
    answer = caller.call(
        "POST",
        "/REST/citizenMandates/v1/accessRequests",
        data=json.dumps(body, allow_nan=True),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code in (201, 400), answer.text
    if answer.status_code == 400:
        assert answer.json()["issues"], answer.text
