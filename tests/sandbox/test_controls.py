"""The controls (and switching them off), persistence in SQLite, personas and the OpenAPI
document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import requests
from stdnum.be import ssn

from precontract.sandbox import SandboxServer, personas

from .support import MANDATES, Caller, KeyPair


def test_register_a_client_and_move_the_clock_over_http(sandbox: SandboxServer) -> None:
    keys = KeyPair.generate()
    registered = requests.post(
        f"{sandbox.url}/sandbox/clients",
        timeout=5,
        json={
            "clientId": "self_service_chaman_42_http",
            "certificatePem": keys.certificate_pem.decode(),
            "scopes": ["scope:citizendata:consult"],
        },
    )
    assert registered.status_code == 201
    assert registered.json()["scopes"] == ["scope:citizendata:consult"]
    bad = requests.post(
        f"{sandbox.url}/sandbox/clients",
        timeout=5,
        json={"clientId": "x", "certificatePem": "-----BEGIN CERTIFICATE-----\nnope"},
    )
    assert bad.status_code == 400

    moved = requests.put(
        f"{sandbox.url}/sandbox/clock", timeout=5, json={"now": "2027-03-01T09:00:00+01:00"}
    ).json()
    assert moved["now"].startswith("2027-03-01T08:00")
    later = requests.post(
        f"{sandbox.url}/sandbox/clock/advance", timeout=5, json={"seconds": 86400}
    ).json()
    assert later["now"].startswith("2027-03-02")
    back = requests.delete(f"{sandbox.url}/sandbox/clock", timeout=5).json()
    assert abs(dt.datetime.fromisoformat(back["now"]) - dt.datetime.now(dt.UTC)) < dt.timedelta(
        seconds=5
    )


def test_approve_refuse_revoke_over_http(sandbox: SandboxServer) -> None:
    caller = Caller.register(sandbox).login()
    first, second = caller.new_request_id(), caller.new_request_id()
    maria = personas.MARIA.ssin.compact
    approved = requests.post(
        f"{sandbox.url}/sandbox/accessRequests/{first}/approve", timeout=5, json={"ssin": maria}
    )
    assert approved.json()["status"] == "ACTIVE"
    refused = requests.post(
        f"{sandbox.url}/sandbox/accessRequests/{second}/refuse", timeout=5, json={"ssin": maria}
    )
    assert refused.status_code == 204
    twice = requests.post(
        f"{sandbox.url}/sandbox/accessRequests/{second}/refuse", timeout=5, json={"ssin": maria}
    )
    assert twice.status_code == 409
    revoked = requests.post(
        f"{sandbox.url}/sandbox/mandates/{approved.json()['mandateId']}/revoke", timeout=5
    )
    assert revoked.json()["status"] == "REVOKED"
    assert caller.data(maria).status_code == 403


def test_a_persona_answers_by_its_key_or_as_an_object(sandbox: SandboxServer) -> None:
    caller = Caller.register(sandbox).login()
    by_key = requests.post(
        f"{sandbox.url}/sandbox/accessRequests/{caller.new_request_id()}/approve",
        timeout=5,
        json={"persona": "pensioner"},
    )
    assert by_key.json()["ssin"] == personas.PENSIONER.ssin.compact
    unknown = requests.post(
        f"{sandbox.url}/sandbox/accessRequests/{caller.new_request_id()}/approve",
        timeout=5,
        json={"persona": "astronaut"},
    )
    assert unknown.status_code == 400
    assert unknown.json()["issues"][0]["name"] == "persona"
    nobody = requests.post(
        f"{sandbox.url}/sandbox/accessRequests/{caller.new_request_id()}/approve",
        timeout=5,
        json={},
    )
    assert nobody.status_code == 400
    mandate = sandbox.approve(caller.new_request_id(), personas.STUDENT_FULL)
    assert mandate.ssin == personas.STUDENT_FULL.ssin.compact
    assert caller.mandates().json()["total"] == 2


def test_enterprise_names_appear_in_answers(sandbox: SandboxServer) -> None:
    requests.post(
        f"{sandbox.url}/sandbox/enterprises",
        timeout=5,
        json={"enterpriseNumber": "BE 0202.239.951", "name": "Frituur Marcel"},
    )
    caller = Caller.register(sandbox).login()
    body = caller.create_request(employer="0202239951").json()
    assert body["employer"] == {"enterpriseNumber": "0202239951", "name": "Frituur Marcel"}


def test_controls_can_be_switched_off() -> None:
    with SandboxServer(controls=False) as sandbox:
        assert requests.get(f"{sandbox.url}/sandbox/personas", timeout=5).status_code == 404
        assert requests.post(f"{sandbox.url}/sandbox/reset", timeout=5).status_code == 404
        paths = requests.get(f"{sandbox.url}/openapi.json", timeout=5).json()["paths"]
        assert not [p for p in paths if p.startswith("/sandbox")]


def test_state_survives_a_restart_with_a_state_file(tmp_path: Path) -> None:
    state_file = tmp_path / "sandbox.sqlite3"
    with SandboxServer(state_file=state_file) as first:
        caller = Caller.register(first).login()
        request_id = caller.new_request_id()
        first.approve(request_id, personas.MARIA.ssin)
        first.advance(dt.timedelta(days=3))
        # A move through the controls is kept too.
        requests.post(f"{first.url}/sandbox/clock/advance", json={"seconds": 86400}, timeout=5)
        moved_to = first.now()
        assert moved_to - dt.datetime.now(dt.UTC) > dt.timedelta(days=3, hours=23)
    with SandboxServer(state_file=state_file) as second:
        caller.sandbox = second
        caller.login()  # the client registration survived too
        status = caller.call("GET", f"{MANDATES}/accessRequests/{request_id}").json()["status"]
        assert status == "APPROVED"
        assert caller.data(personas.MARIA.ssin.compact).status_code == 200
        assert abs(second.now() - moved_to) < dt.timedelta(minutes=1)


def test_without_a_state_file_a_restart_forgets() -> None:
    with SandboxServer() as first:
        caller = Caller.register(first).login()
    with SandboxServer() as second:
        caller.sandbox = second
        assert caller.token_response().status_code == 401


def test_personas_have_valid_numbers_and_cover_the_contract() -> None:
    numbers = [p.ssin.compact for p in personas.PERSONAS]
    assert len(set(numbers)) == len(numbers) >= 8
    assert all(ssn.is_valid(n) for n in numbers)
    assert any(p.ssin.is_bis for p in personas.PERSONAS)
    assert any(p.ssin.birth_date and p.ssin.birth_date.year >= 2000 for p in personas.PERSONAS)
    day = dt.date(2026, 11, 28)
    kinds = {
        "flexi by work": personas.FLEXI_WORKER.flexi_reason_on(day).startswith("employed at"),
        "pensioner": personas.PENSIONER.pensioner and personas.PENSIONER.flexi_eligible_on(day),
        "not eligible": not personas.NOT_ELIGIBLE.flexi_eligible_on(day),
        "650 left": personas.STUDENT_FULL.remaining_hours(2026) == 650,
        "few left": 0 < personas.STUDENT_FEW_HOURS.remaining_hours(2026) < 100,
        "none left": personas.STUDENT_NO_HOURS.remaining_hours(2026) == 0,
        "both": personas.STUDENT_AND_FLEXI.flexi_eligible_on(day)
        and personas.STUDENT_AND_FLEXI.remaining_hours(2026) < 650,
    }
    assert all(kinds.values()), kinds


def test_controls_list_personas(sandbox: SandboxServer) -> None:
    listed = requests.get(f"{sandbox.url}/sandbox/personas", timeout=5).json()
    assert {p["ssin"] for p in listed} == {p.ssin.compact for p in personas.PERSONAS}


def test_the_openapi_document_matches_the_contract(sandbox: SandboxServer) -> None:
    doc = requests.get(f"{sandbox.url}/openapi.json", timeout=5).json()
    paths = doc["paths"]
    base = "/REST/citizenMandates/v1"
    assert set(paths[f"{base}/accessRequests"]) == {"post", "get"}
    assert set(paths[f"{base}/accessRequests/{{requestId}}"]) == {"get", "delete"}
    assert set(paths[f"{base}/mandates"]) == {"get"}
    assert set(paths[f"{base}/mandates/{{mandateId}}"]) == {"get"}
    assert set(paths["/REST/citizenData/v1/persons/{ssin}/precontractualData"]) == {"get"}
    assert set(paths["/REST/oauth/v5/token"]) == {"post"}
    create = paths[f"{base}/accessRequests"]["post"]
    assert {"201", "400", "401", "403", "429"} <= set(create["responses"])
    assert "Location" in create["responses"]["201"]["headers"]
    assert "204" in paths[f"{base}/accessRequests/{{requestId}}"]["delete"]["responses"]
    # Validation errors are 400 badRequest problems, never FastAPI's 422.
    for operations in paths.values():
        for operation in operations.values():
            assert "422" not in operation["responses"]
    problem = paths[f"{base}/mandates/{{mandateId}}"]["get"]["responses"]["404"]
    assert set(problem["content"]) == {"application/problem+json"}
    listing = paths[f"{base}/mandates"]["get"]
    parameters = {p["name"]: p for p in listing["parameters"]}
    assert set(parameters) == {"employerEnterpriseNumber", "status", "ssin", "offset", "limit"}
    assert parameters["employerEnterpriseNumber"]["required"] is True
    assert parameters["status"]["schema"]["enum"] == ["ACTIVE", "REVOKED", "EXPIRED"]
    assert parameters["offset"]["schema"]["type"] == "integer"
    assert (parameters["limit"]["schema"]["type"], parameters["limit"]["schema"]["maximum"]) == (
        "integer",
        100,
    )
    data = paths["/REST/citizenData/v1/persons/{ssin}/precontractualData"]["get"]
    assert {(p["in"], p["name"], p["required"]) for p in data["parameters"]} == {
        ("path", "ssin", True),
        ("query", "employerEnterpriseNumber", True),
    }
    token = paths["/REST/oauth/v5/token"]["post"]
    assert set(token["requestBody"]["content"]) == {"application/x-www-form-urlencoded"}
    schemas = doc["components"]["schemas"]

    def fields(name: str) -> set[str]:
        return set(schemas[name]["properties"])

    assert fields("AccessRequestOut") == {
        "requestId",
        "status",
        "approvalUrl",
        "expiresAt",
        "requester",
        "employer",
        "context",
        "dataTypes",
        "createdAt",
        "ssin",
        "mandateId",
        "approvedAt",
        "reference",
    }
    assert fields("AccessRequestPageOut") == {"items", "total", "offset", "limit", "next"}
    assert fields("MandateOut") == {
        "mandateId",
        "ssin",
        "status",
        "requester",
        "employer",
        "context",
        "grantedAt",
        "dataTypes",
        "citizenName",
    }
    assert fields("MandatePageOut") == {"items", "total", "offset", "limit", "next"}
    assert fields("PrecontractualDataOut") == {"ssin", "flexiJob", "studentAtWork"}
    assert fields("StudentAtWorkOut") == {
        "year",
        "contingentHours",
        "remainingHours",
        "asOf",
        "consultableUntil",
    }
    assert fields("FlexiJobOut") == {"eligible", "period", "consultableUntil"}
    assert fields("PeriodOut") == {"startDate", "endDate"}
    assert fields("TokenOut") == {"access_token", "token_type", "expires_in", "scope"}
    assert fields("OAuthErrorOut") == {"error", "error_description"}
    assert fields("ProblemOut") >= {"type", "href", "title", "status", "detail", "issues"}
    assert fields("CreateAccessRequestIn") == {
        "requester",
        "employer",
        "context",
        "dataTypes",
        "ssin",
        "reference",
    }
    assert set(schemas["MandateOut"]["properties"]["status"]["enum"]) == {
        "ACTIVE",
        "REVOKED",
        "EXPIRED",
    }
