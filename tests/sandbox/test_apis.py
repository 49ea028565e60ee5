"""The citizen mandates and citizen data APIs of the sandbox: the journey, the state machines,
expiry on the sandbox clock, isolation, validation and paging."""

from __future__ import annotations

import datetime as dt

import pytest

from precontract.sandbox import SandboxServer, personas
from precontract.sandbox.problems import Problem
from precontract.timeutil import BRUSSELS

from .support import DATA, EMPLOYER, MANDATES, OTHER_EMPLOYER, REQUESTER, Caller

MARIA = personas.MARIA.ssin.compact
STUDENT = personas.STUDENT_AND_FLEXI.ssin.compact


@pytest.fixture
def caller(sandbox: SandboxServer) -> Caller:
    return Caller.register(sandbox).login()


def _at(sandbox: SandboxServer, day: dt.date, hour: int = 10) -> None:
    sandbox.set_clock(dt.datetime.combine(day, dt.time(hour), tzinfo=BRUSSELS))
    sandbox.set_token_lifetime(86400 * 400)  # these tests move the clock a lot


def test_the_whole_journey(sandbox: SandboxServer, caller: Caller) -> None:
    _at(sandbox, dt.date(2026, 5, 12))
    created = caller.create_request(dataTypes=["FLEXI_JOB_ELIGIBILITY", "STUDENT_HOURS"])
    assert created.status_code == 201
    body = created.json()
    request_id = body["requestId"]
    assert created.headers["Location"] == (f"{sandbox.url}{MANDATES}/accessRequests/{request_id}")
    assert body["status"] == "PENDING"
    assert body["approvalUrl"] == f"{sandbox.url}/portal/requests/{request_id}"
    assert body["expiresAt"] == "2026-05-12T23:59:59+02:00"
    assert body["employer"] == {"enterpriseNumber": EMPLOYER, "name": "Pokébowl Roos"}
    assert body["requester"]["enterpriseNumber"] == REQUESTER
    assert "ssin" not in body

    sandbox.approve(request_id, STUDENT)
    approved = caller.call("GET", f"{MANDATES}/accessRequests/{request_id}").json()
    assert approved["status"] == "APPROVED"
    assert approved["ssin"] == STUDENT
    mandate_id = approved["mandateId"]

    page = caller.mandates(status="ACTIVE").json()
    assert page["total"] == 1
    mandate = page["items"][0]
    assert mandate["mandateId"] == mandate_id
    assert mandate["ssin"] == STUDENT
    assert mandate["dataTypes"] == [
        {"type": "FLEXI_JOB_ELIGIBILITY", "validUntil": "2026-06-12"},
        {"type": "STUDENT_HOURS", "validUntil": "2026-08-12"},
    ]

    data = caller.data(STUDENT).json()
    assert data["ssin"] == STUDENT
    assert data["flexiJob"] == {
        "eligible": True,
        "period": {"startDate": "2026-04-01", "endDate": "2026-06-30"},
        "consultableUntil": "2026-06-12",
    }
    student = data["studentAtWork"]
    assert (student["year"], student["contingentHours"], student["remainingHours"]) == (
        2026,
        650,
        412,
    )
    assert student["consultableUntil"] == "2026-08-12"
    assert student["asOf"].startswith("2026-05-12T10:")


@pytest.mark.parametrize(
    ("persona", "eligible", "remaining"),
    [
        (personas.FLEXI_WORKER, True, 650),
        (personas.PENSIONER, True, 650),
        (personas.NOT_ELIGIBLE, False, 650),
        (personas.STUDENT_FULL, False, 650),
        (personas.STUDENT_FEW_HOURS, False, 38),
        (personas.STUDENT_NO_HOURS, False, 0),
        (personas.BIS_WORKER, True, 650),
        (personas.STUDENT_AND_FLEXI, True, 412),
    ],
    ids=lambda value: getattr(value, "key", str(value)),
)
def test_each_persona_answers_by_the_rules(
    sandbox: SandboxServer,
    caller: Caller,
    persona: personas.Persona,
    eligible: bool,
    remaining: int,
) -> None:
    request_id = caller.new_request_id()
    sandbox.approve(request_id, persona.ssin)
    data = caller.data(persona.ssin.compact).json()
    assert data["flexiJob"]["eligible"] is eligible
    assert data["studentAtWork"]["remainingHours"] == remaining


def test_flexi_answers_hold_per_quarter_and_student_quota_per_year(
    sandbox: SandboxServer, caller: Caller
) -> None:
    _at(sandbox, dt.date(2024, 12, 20))
    sandbox.approve(caller.new_request_id(), STUDENT)
    data = caller.data(STUDENT).json()
    assert data["flexiJob"]["period"] == {"startDate": "2024-10-01", "endDate": "2024-12-31"}
    assert data["studentAtWork"]["contingentHours"] == 600  # 2024's quota
    sandbox.advance(dt.timedelta(days=14))  # into 2025 and its first quarter
    data = caller.data(STUDENT).json()
    assert data["flexiJob"]["period"] == {"startDate": "2025-01-01", "endDate": "2025-03-31"}
    assert data["studentAtWork"]["year"] == 2025
    assert data["studentAtWork"]["contingentHours"] == 650


def test_flexi_eligibility_follows_work_in_quarter_t_minus_3(
    sandbox: SandboxServer, caller: Caller
) -> None:
    seasonal = personas.SEASONAL_WORKER.ssin.compact
    # Works 4/5 in Q2 and Q3 only: June 2026 looks at Q3 2025 (worked), July at Q4 (did not).
    _at(sandbox, dt.date(2026, 6, 30), hour=12)
    sandbox.approve(caller.new_request_id(), seasonal)
    june = caller.data(seasonal).json()["flexiJob"]
    assert (june["eligible"], june["period"]["startDate"]) == (True, "2026-04-01")
    sandbox.advance(dt.timedelta(days=1))
    july = caller.data(seasonal).json()["flexiJob"]
    assert (july["eligible"], july["period"]["startDate"]) == (False, "2026-07-01")
    # A pensioner is eligible whatever the quarter.
    sandbox.approve(caller.new_request_id(), personas.PENSIONER)
    assert caller.data(personas.PENSIONER.ssin.compact).json()["flexiJob"]["eligible"] is True


def test_refusal_and_cancellation(sandbox: SandboxServer, caller: Caller) -> None:
    refused = caller.new_request_id()
    sandbox.refuse(refused, MARIA)
    assert caller.call("GET", f"{MANDATES}/accessRequests/{refused}").json()["status"] == (
        "REFUSED"
    )
    cancelled = caller.new_request_id()
    assert caller.call("DELETE", f"{MANDATES}/accessRequests/{cancelled}").status_code == 204
    assert caller.call("GET", f"{MANDATES}/accessRequests/{cancelled}").json()["status"] == (
        "CANCELLED"
    )
    again = caller.call("DELETE", f"{MANDATES}/accessRequests/{cancelled}")
    assert again.status_code == 409
    assert "CANCELLED" in again.json()["detail"]
    assert caller.call("DELETE", f"{MANDATES}/accessRequests/{refused}").status_code == 409
    assert caller.mandates().json()["total"] == 0


def test_a_request_expires_at_the_end_of_its_day_in_brussels(
    sandbox: SandboxServer, caller: Caller
) -> None:
    # Tokens run out on the sandbox clock too: sign in again after each move.
    _at(sandbox, dt.date(2026, 11, 28), hour=23)
    request_id = caller.login().new_request_id()
    sandbox.set_clock(dt.datetime(2026, 11, 28, 23, 59, 30, tzinfo=BRUSSELS))
    assert caller.login().call("GET", f"{MANDATES}/accessRequests/{request_id}").json()[
        "status"
    ] == ("PENDING")
    sandbox.set_clock(dt.datetime(2026, 11, 29, 0, 0, 1, tzinfo=BRUSSELS))
    assert caller.login().call("GET", f"{MANDATES}/accessRequests/{request_id}").json()[
        "status"
    ] == ("EXPIRED")
    with pytest.raises(Problem, match="EXPIRED"):
        sandbox.approve(request_id, MARIA)
    assert caller.call("DELETE", f"{MANDATES}/accessRequests/{request_id}").status_code == 409


def test_each_data_type_runs_out_on_its_own_date(sandbox: SandboxServer, caller: Caller) -> None:
    _at(sandbox, dt.date(2026, 1, 31))
    mandate = sandbox.approve(caller.new_request_id(), STUDENT)
    assert mandate.valid_until == {
        "FLEXI_JOB_ELIGIBILITY": "2026-02-28",
        "STUDENT_HOURS": "2026-04-30",
    }
    _at(sandbox, dt.date(2026, 2, 28))  # last day for flexi
    assert caller.data(STUDENT).json()["flexiJob"] is not None
    _at(sandbox, dt.date(2026, 3, 1))
    data = caller.data(STUDENT).json()
    assert data["flexiJob"] is None
    assert data["studentAtWork"]["consultableUntil"] == "2026-04-30"
    assert caller.mandates(status="ACTIVE").json()["total"] == 1
    _at(sandbox, dt.date(2026, 5, 1))
    refused = caller.data(STUDENT)
    assert refused.status_code == 403
    assert refused.json()["type"] == (
        "urn:problem-type:socialsecurity:citizenMandates:noActiveMandate"
    )
    assert refused.json()["title"] == "No active citizen mandate"
    assert caller.mandates(status="EXPIRED").json()["items"][0]["status"] == "EXPIRED"
    assert caller.mandates(status="ACTIVE").json()["total"] == 0


def test_revocation_stops_the_data(sandbox: SandboxServer, caller: Caller) -> None:
    mandate = sandbox.approve(caller.new_request_id(), MARIA)
    assert caller.data(MARIA).status_code == 200
    sandbox.revoke(mandate.mandate_id)
    assert caller.data(MARIA).status_code == 403
    one = caller.call("GET", f"{MANDATES}/mandates/{mandate.mandate_id}").json()
    assert one["status"] == "REVOKED"
    assert caller.mandates(status="REVOKED").json()["total"] == 1


def test_one_request_serves_one_citizen_only(sandbox: SandboxServer, caller: Caller) -> None:
    request_id = caller.new_request_id()
    sandbox.approve(request_id, MARIA)
    with pytest.raises(Problem, match="another citizen"):
        sandbox.approve(request_id, STUDENT)
    with pytest.raises(Problem, match="APPROVED"):
        sandbox.approve(request_id, MARIA)
    assert caller.mandates().json()["total"] == 1


def test_a_request_bound_to_an_niss_is_for_that_citizen(
    sandbox: SandboxServer, caller: Caller
) -> None:
    response = caller.create_request(ssin="85.07.30-033.28")
    assert response.json()["ssin"] == MARIA
    request_id = response.json()["requestId"]
    with pytest.raises(Problem, match="another citizen"):
        sandbox.approve(request_id, STUDENT)
    sandbox.approve(request_id, MARIA)
    assert caller.mandates(ssin=MARIA).json()["total"] == 1


def test_data_for_another_employer_is_never_disclosed(
    sandbox: SandboxServer, caller: Caller
) -> None:
    sandbox.approve(caller.new_request_id(), MARIA)
    assert caller.data(MARIA, employer=OTHER_EMPLOYER).status_code == 403
    assert caller.mandates(employer=OTHER_EMPLOYER).json()["total"] == 0


def test_only_the_asked_data_types_are_disclosed(sandbox: SandboxServer, caller: Caller) -> None:
    sandbox.approve(caller.new_request_id(dataTypes=["STUDENT_HOURS"]), STUDENT)
    data = caller.data(STUDENT).json()
    assert data["flexiJob"] is None
    assert data["studentAtWork"]["remainingHours"] == 412


def test_another_organisation_sees_nothing_of_ours(sandbox: SandboxServer) -> None:
    ours = Caller.register(sandbox, organisation=REQUESTER).login()
    theirs = Caller.register(sandbox, organisation="0202239951").login()
    request_id = ours.new_request_id()
    sandbox.approve(request_id, MARIA)
    assert theirs.call("GET", f"{MANDATES}/accessRequests/{request_id}").status_code == 404
    assert theirs.mandates().json()["total"] == 0
    assert theirs.data(MARIA).status_code == 403
    # and it may not pretend to be us
    assert theirs.create_request(requester=REQUESTER).status_code == 403


def test_an_account_without_an_organisation_is_bound_by_its_first_request(
    sandbox: SandboxServer, caller: Caller
) -> None:
    request_id = caller.new_request_id()
    sandbox.approve(request_id, MARIA)
    # Another REST account, registered without an organisation: it has asked nothing yet, so it
    # is nobody's and sees nothing.
    stranger = Caller.register(sandbox).login()
    assert stranger.call("GET", f"{MANDATES}/accessRequests/{request_id}").status_code == 404
    assert stranger.mandates().json()["total"] == 0
    assert stranger.data(MARIA).status_code == 403
    # Its first request binds it to that requester, and it stays bound.
    assert stranger.create_request(requester="0202239951").status_code == 201
    refused = stranger.create_request(requester=REQUESTER)
    assert refused.status_code == 403
    assert refused.json()["type"].endswith(":requesterNotAllowed")
    assert stranger.mandates().json()["total"] == 0
    # Our account, bound to REQUESTER by its first request, may not switch either.
    assert caller.create_request(requester="0202239951").status_code == 403
    # A second account of our own organisation sees our mandates, as the organisation's.
    colleague = Caller.register(sandbox, organisation=REQUESTER).login()
    assert colleague.mandates().json()["total"] == 1
    assert colleague.data(MARIA).status_code == 200


def test_scopes_are_checked_per_api(sandbox: SandboxServer) -> None:
    mandates_only = Caller.register(sandbox, scopes=["scope:citizenmandates:manage"]).login()
    refused = mandates_only.data(MARIA)
    assert refused.status_code == 403
    assert refused.json()["type"] == "urn:problem-type:belgif:missingScope"
    assert refused.json()["requiredScopes"] == ["scope:citizendata:consult"]
    data_only = Caller.register(sandbox, scopes=["scope:citizendata:consult"]).login()
    assert data_only.create_request().json()["requiredScopes"] == ["scope:citizenmandates:manage"]


def test_paging(sandbox: SandboxServer, caller: Caller) -> None:
    for persona in personas.PERSONAS[:5]:
        sandbox.approve(caller.new_request_id(), persona.ssin)
    first = caller.mandates(limit=2).json()
    assert (first["total"], first["offset"], first["limit"], len(first["items"])) == (5, 0, 2, 2)
    seen = [m["mandateId"] for m in first["items"]]
    url = first["next"]
    while url:
        page = caller.call("GET", url.removeprefix(sandbox.url)).json()
        seen += [m["mandateId"] for m in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 5
    last = caller.mandates(offset=4, limit=2).json()
    assert last["next"] is None


@pytest.mark.parametrize(
    ("params", "location", "name"),
    [
        ({"limit": "0"}, "query", "limit"),
        ({"limit": "101"}, "query", "limit"),
        ({"offset": "-1"}, "query", "offset"),
        ({"offset": "ten"}, "query", "offset"),
        ({"status": "SLEEPING"}, "query", "status"),
        ({"ssin": "85073003329"}, "query", "ssin"),
    ],
)
def test_bad_paging_and_filters_name_the_field(
    caller: Caller, params: dict[str, str], location: str, name: str
) -> None:
    response = caller.mandates(**params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "urn:problem-type:belgif:badRequest"
    assert [(i["in"], i["name"]) for i in body["issues"]] == [(location, name)]


def test_a_missing_employer_is_a_bad_request(caller: Caller) -> None:
    response = caller.call("GET", f"{MANDATES}/mandates")
    assert response.json()["issues"][0]["name"] == "employerEnterpriseNumber"


def test_an_invalid_ssin_in_the_path_is_a_bad_request_and_stays_masked(caller: Caller) -> None:
    response = caller.data("85073003329")
    assert response.status_code == 400
    (entry,) = response.json()["issues"]
    assert (entry["in"], entry["name"]) == ("path", "ssin")
    assert "85073003329" not in response.text


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"employer": "0403019262"}, "employer.enterpriseNumber"),
        ({"requester": "12"}, "requester.enterpriseNumber"),
        ({"dataTypes": ["SALARY"]}, "dataTypes[0]"),
        ({"dataTypes": []}, "dataTypes"),
        ({"context": "RECRUITMENT"}, "context"),
        ({"ssin": "12345678901"}, "ssin"),
    ],
)
def test_an_invalid_access_request_names_the_field(
    caller: Caller, body: dict[str, object], name: str
) -> None:
    payload = dict(body)
    employer = str(payload.pop("employer", EMPLOYER))
    requester = str(payload.pop("requester", REQUESTER))
    response = caller.create_request(employer=employer, requester=requester, **payload)
    assert response.status_code == 400
    assert [i["name"] for i in response.json()["issues"]] == [name]


def test_an_unknown_field_or_broken_json_is_a_bad_request(caller: Caller) -> None:
    response = caller.create_request(colour="blue")
    assert response.status_code == 400
    (entry,) = response.json()["issues"]
    assert (entry["in"], entry["name"], entry["value"]) == ("body", "colour", "blue")
    missing = caller.call("POST", f"{MANDATES}/accessRequests", json={"context": "X"})
    assert {i["name"] for i in missing.json()["issues"]} == {"requester", "employer"}
    broken = caller.call(
        "POST", f"{MANDATES}/accessRequests", data="{", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400


def test_unknown_ids_are_not_found(caller: Caller) -> None:
    for path in ("accessRequests/nope", "mandates/nope"):
        response = caller.call("GET", f"{MANDATES}/{path}")
        assert response.status_code == 404
        assert response.json()["type"] == "urn:problem-type:belgif:resourceNotFound"


def test_every_answer_carries_a_request_id(caller: Caller) -> None:
    assert caller.mandates().headers["X-Request-Id"]
    assert caller.data(MARIA).headers["X-Request-Id"]


def test_data_paths_exist_only_under_the_contracts_base(caller: Caller) -> None:
    assert caller.call("GET", f"{DATA}/persons/{MARIA}").status_code == 404
