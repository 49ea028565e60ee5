"""The sandbox lists a caller's access requests (so a second check finds the one still pending)
and names a persona's citizen on its mandates; plain HTTP, independent of the core's client."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from precontract.sandbox import SandboxServer, personas

from .support import EMPLOYER, MANDATES, OTHER_EMPLOYER, Caller

EMMA = personas.STUDENT_FEW_HOURS.ssin.compact
LUCAS = personas.STUDENT_FULL.ssin.compact


@pytest.fixture
def caller(sandbox: SandboxServer) -> Caller:
    return Caller.register(sandbox).login()


def listing(caller: Caller, employer: str = EMPLOYER, **params: Any) -> Any:
    response = caller.call(
        "GET",
        f"{MANDATES}/accessRequests",
        params={"employerEnterpriseNumber": employer, **params},
    )
    assert response.status_code == 200, response.text
    return response.json()


def ids(page: Any) -> list[str]:
    return [item["requestId"] for item in page["items"]]


def test_requests_are_listed_newest_first_by_status_niss_and_reference(
    sandbox: SandboxServer, caller: Caller
) -> None:
    bound = caller.new_request_id(ssin=EMMA)
    sandbox.advance(dt.timedelta(seconds=1))
    unbound = caller.new_request_id(reference="cand-7")
    sandbox.advance(dt.timedelta(seconds=1))
    later = caller.new_request_id(reference="cand-7")
    caller.new_request_id(employer=OTHER_EMPLOYER, reference="cand-7")

    assert ids(listing(caller)) == [later, unbound, bound]  # this employer's only
    assert ids(listing(caller, ssin=EMMA)) == [bound]
    by_reference = listing(caller, reference="cand-7")
    assert ids(by_reference) == [later, unbound]
    assert {item["reference"] for item in by_reference["items"]} == {"cand-7"}
    assert by_reference["total"] == 2

    # Approved by Lucas: no longer pending, found by the citizen who approved it.
    sandbox.approve(unbound, LUCAS)
    assert ids(listing(caller, reference="cand-7", status="PENDING")) == [later]
    assert ids(listing(caller, status="APPROVED", ssin=LUCAS)) == [unbound]
    assert ids(listing(caller)) == [later, unbound, bound]  # without status: every status


def test_the_listing_pages_and_refuses_what_is_wrong(
    sandbox: SandboxServer, caller: Caller
) -> None:
    made = []
    for _ in range(3):
        made.append(caller.new_request_id(reference="r"))
        sandbox.advance(dt.timedelta(seconds=1))
    first = listing(caller, limit=2)
    assert len(first["items"]) == 2
    assert first["total"] == 3
    assert first["next"] is not None
    assert "offset=2" in first["next"]
    rest = listing(caller, limit=2, offset=2)
    assert set(ids(first)) | set(ids(rest)) == set(made)
    assert rest["next"] is None

    wrong = caller.call(
        "GET",
        f"{MANDATES}/accessRequests",
        params={"status": "DONE", "ssin": "85073003329", "reference": "x" * 101, "limit": "0"},
    )
    assert wrong.status_code == 400
    named = {issue["name"] for issue in wrong.json()["issues"]}
    assert named == {"employerEnterpriseNumber", "status", "ssin", "reference", "limit"}
    assert "85073003329" not in wrong.text  # the refused NISS is masked


def test_another_organisation_lists_none_of_ours(sandbox: SandboxServer, caller: Caller) -> None:
    caller.new_request_id(reference="cand-7")
    other = Caller.register(sandbox, organisation="0202239951").login()
    assert listing(other, reference="cand-7")["items"] == []


def test_a_blank_or_long_reference_is_refused_at_creation(caller: Caller) -> None:
    assert caller.create_request(reference="  ").status_code == 400
    too_long = caller.create_request(reference="x" * 101)
    assert too_long.status_code == 400
    assert {issue["name"] for issue in too_long.json()["issues"]} == {"reference"}


def test_a_mandate_carries_the_citizens_name(sandbox: SandboxServer, caller: Caller) -> None:
    request_id = caller.new_request_id()
    sandbox.approve(request_id, LUCAS)
    [mandate] = caller.mandates(ssin=LUCAS).json()["items"]
    assert mandate["citizenName"] == "Lucas Janssens"
    assert (
        caller.call("GET", f"{MANDATES}/mandates/{mandate['mandateId']}").json()["citizenName"]
        == "Lucas Janssens"
    )
