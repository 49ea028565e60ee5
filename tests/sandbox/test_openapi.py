"""The OpenAPI document an integrator reads says what the contract says: the operations with
their success codes, camelCase fields, the values a request may carry, and problems (never
FastAPI's 422) for the errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from precontract.sandbox import SandboxServer

from .support import MANDATES, Caller

CONTRACT = {
    ("post", f"{MANDATES}/accessRequests"): ("createAccessRequest", "201"),
    ("get", f"{MANDATES}/accessRequests"): ("listAccessRequests", "200"),
    ("get", f"{MANDATES}/accessRequests/{{requestId}}"): ("getAccessRequest", "200"),
    ("delete", f"{MANDATES}/accessRequests/{{requestId}}"): ("cancelAccessRequest", "204"),
    ("get", f"{MANDATES}/mandates"): ("listMandates", "200"),
    ("get", f"{MANDATES}/mandates/{{mandateId}}"): ("getMandate", "200"),
    ("get", "/REST/citizenData/v1/persons/{ssin}/precontractualData"): (
        "precontractualData",
        "200",
    ),
}
CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")


@pytest.fixture(scope="module")
def document(sandbox_server: SandboxServer) -> dict[str, Any]:
    answer = requests.get(f"{sandbox_server.url}/openapi.json", timeout=5)
    assert answer.status_code == 200
    doc: dict[str, Any] = answer.json()
    return doc


def _schemas_used(doc: dict[str, Any], node: Any, seen: set[str]) -> set[str]:
    """Every component schema reachable from ``node``."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in seen:
                seen.add(name)
                _schemas_used(doc, doc["components"]["schemas"][name], seen)
        for value in node.values():
            _schemas_used(doc, value, seen)
    elif isinstance(node, list):
        for value in node:
            _schemas_used(doc, value, seen)
    return seen


def test_each_operation_of_the_contract_with_its_success_code(document: dict[str, Any]) -> None:
    for (method, path), (operation_id, success) in CONTRACT.items():
        operation = document["paths"][path][method]
        assert operation["operationId"] == operation_id
        codes = set(operation["responses"])
        assert success in codes, (path, codes)
        assert {"400", "401", "403", "404", "429", "500", "503"} <= codes, (path, codes)
        assert "422" not in codes


def test_errors_are_problems(document: dict[str, Any]) -> None:
    for method, path in CONTRACT:
        for code, answer in document["paths"][path][method]["responses"].items():
            if code.startswith(("4", "5")):
                assert set(answer["content"]) == {"application/problem+json"}, (path, code)


def test_every_field_of_the_two_apis_is_camel_case(document: dict[str, Any]) -> None:
    used: set[str] = set()
    for method, path in CONTRACT:
        _schemas_used(document, document["paths"][path][method], used)
    assert {"AccessRequestOut", "MandatePageOut", "PrecontractualDataOut", "ProblemOut"} <= used
    for name in used:
        for field in document["components"]["schemas"][name].get("properties", {}):
            assert CAMEL.match(field), f"{name}.{field} is not camelCase"


def test_the_request_body_says_what_may_be_asked(document: dict[str, Any]) -> None:
    schema = document["components"]["schemas"]["CreateAccessRequestIn"]
    assert set(schema["required"]) == {"requester", "employer", "context"}
    properties = schema["properties"]
    assert properties["context"]["enum"] == ["PRECONTRACTUAL_DATA"]
    assert properties["dataTypes"]["items"]["enum"] == ["FLEXI_JOB_ELIGIBILITY", "STUDENT_HOURS"]
    assert re.match(properties["ssin"]["pattern"], "85073003328")
    enterprise = document["components"]["schemas"]["EnterpriseRef"]
    assert re.match(enterprise["properties"]["enterpriseNumber"]["pattern"], "0403019261")
    assert not re.match(enterprise["properties"]["enterpriseNumber"]["pattern"], "403019261")


def test_the_documented_example_is_accepted(sandbox: SandboxServer) -> None:
    # What the document shows as an example must be a valid request (and the sandbox agrees).
    doc = requests.get(f"{sandbox.url}/openapi.json", timeout=5).json()
    properties = doc["components"]["schemas"]["CreateAccessRequestIn"]["properties"]
    caller = Caller.register(sandbox).login()
    answer = caller.create_request(
        dataTypes=properties["dataTypes"]["example"], ssin=properties["ssin"]["example"]
    )
    assert answer.status_code == 201, answer.text


def test_the_token_endpoint_keeps_rfc_6749_names(document: dict[str, Any]) -> None:
    token = document["paths"]["/REST/oauth/v5/token"]["post"]
    assert token["operationId"] == "token"
    assert set(token["responses"]) == {"200", "400", "401"}
    form = token["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    fields = document["components"]["schemas"][form["$ref"].rsplit("/", 1)[1]]["properties"]
    assert {"grant_type", "client_assertion_type", "client_assertion", "scope"} == set(fields)
