"""Registering a REST account refuses what Chaman would refuse, from Python as over HTTP, and an
account granted no permission can sign in but call neither API."""

from __future__ import annotations

import pytest
import requests

from precontract.sandbox import SandboxServer, personas

from .support import Caller, KeyPair


def test_an_account_with_no_scope_is_refused_by_both_apis(sandbox: SandboxServer) -> None:
    caller = Caller.register(sandbox, scopes=[])
    token = caller.token_response()
    assert token.status_code == 200
    assert token.json()["scope"] == ""
    caller.token = token.json()["access_token"]
    for refused, scope in (
        (caller.mandates(), "scope:citizenmandates:manage"),
        (caller.data(personas.MARIA.ssin.compact), "scope:citizendata:consult"),
    ):
        assert refused.status_code == 403
        assert refused.json()["type"] == "urn:problem-type:belgif:missingScope"
        assert refused.json()["requiredScopes"] == [scope]


def test_the_controls_accept_an_empty_scope_list_too(sandbox: SandboxServer) -> None:
    answer = requests.post(
        f"{sandbox.url}/sandbox/clients",
        timeout=5,
        json={
            "clientId": "self_service_chaman_7_none",
            "certificatePem": KeyPair.generate().certificate_pem.decode(),
            "scopes": [],
        },
    )
    assert answer.status_code == 201
    assert answer.json()["scopes"] == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"certificate_pem": "-----BEGIN CERTIFICATE-----\nnope"}, "not a PEM certificate"),
        ({"scopes": ["scope:everything"]}, "unknown scope scope:everything"),
        ({"client_id": ""}, "client ID is required"),
        ({"enterprise_number": "0403019262"}, "0403019262"),
    ],
    ids=["certificate", "scope", "client-id", "enterprise-number"],
)
def test_python_registration_refuses_what_the_controls_refuse(
    sandbox: SandboxServer, change: dict[str, object], words: str
) -> None:
    arguments: dict[str, object] = {
        "client_id": "self_service_chaman_8_python",
        "certificate_pem": KeyPair.generate().certificate_pem,
        **change,
    }
    client_id = str(arguments.pop("client_id"))
    certificate = arguments.pop("certificate_pem")
    assert isinstance(certificate, bytes | str)
    with pytest.raises(ValueError, match=words):
        sandbox.register_client(client_id, certificate, **arguments)  # type: ignore[arg-type]
    assert sandbox.state.client(client_id) is None


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"certificatePem": "-----BEGIN CERTIFICATE-----\nnope"}, "certificatePem", "not a PEM"),
        ({"scopes": ["scope:everything"]}, "scopes", "unknown scope scope:everything"),
        ({"enterpriseNumber": "0403019262"}, "enterpriseNumber", "0403019262"),
    ],
    ids=["certificate", "scope", "enterprise-number"],
)
def test_the_controls_name_the_refused_field(
    sandbox: SandboxServer, change: dict[str, object], field: str, words: str
) -> None:
    body = {
        "clientId": "self_service_chaman_8_http",
        "certificatePem": KeyPair.generate().certificate_pem.decode(),
        **change,
    }
    answer = requests.post(f"{sandbox.url}/sandbox/clients", json=body, timeout=5)
    assert answer.status_code == 400
    (entry,) = answer.json()["issues"]
    assert entry["name"] == field
    assert words in entry["detail"]
    assert sandbox.state.client("self_service_chaman_8_http") is None


def test_the_organisation_is_kept_compact(sandbox: SandboxServer) -> None:
    record = sandbox.register_client(
        "self_service_chaman_9_org",
        KeyPair.generate().certificate_pem,
        enterprise_number="BE 0403.019.261",
    )
    assert record.enterprise_number == "0403019261"


def test_an_enterprise_is_named_by_any_usual_form_of_its_number(sandbox: SandboxServer) -> None:
    sandbox.register_enterprise("BE 0202.239.951", "Frituur Marcel")
    caller = Caller.register(sandbox).login()
    body = caller.create_request(employer="0202239951").json()
    assert body["employer"] == {"enterpriseNumber": "0202239951", "name": "Frituur Marcel"}
    with pytest.raises(ValueError, match="wrong check digits"):
        sandbox.register_enterprise("0202239952", "Typo BV")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"enterpriseNumber": "0202239952", "name": "Typo BV"}, "enterpriseNumber"),
        ({"enterpriseNumber": "0202239951", "name": "  "}, "name"),
    ],
)
def test_the_controls_refuse_an_enterprise_without_a_valid_number_or_a_name(
    sandbox: SandboxServer, body: dict[str, str], field: str
) -> None:
    answer = requests.post(f"{sandbox.url}/sandbox/enterprises", json=body, timeout=5)
    assert answer.status_code == 400
    assert [i["name"] for i in answer.json()["issues"]] == [field]
    assert sandbox.state.enterprise_name("0202239951") is None


def test_the_controls_answer_the_enterprise_as_kept(sandbox: SandboxServer) -> None:
    answer = requests.post(
        f"{sandbox.url}/sandbox/enterprises",
        json={"enterpriseNumber": "BE 0202.239.951", "name": " Frituur Marcel "},
        timeout=5,
    )
    assert answer.status_code == 201
    assert answer.json() == {"enterpriseNumber": "0202239951", "name": "Frituur Marcel"}


@pytest.mark.parametrize("seconds", [0, 86400 * 401])
def test_the_token_lifetime_is_bounded_the_same_in_python_and_over_http(
    sandbox: SandboxServer, seconds: int
) -> None:
    with pytest.raises(ValueError, match="1 second to 400 days"):
        sandbox.set_token_lifetime(seconds)
    answer = requests.put(
        f"{sandbox.url}/sandbox/settings", json={"tokenLifetime": seconds}, timeout=5
    )
    assert answer.status_code == 400
    longest = requests.put(
        f"{sandbox.url}/sandbox/settings", json={"tokenLifetime": 86400 * 400}, timeout=5
    )
    assert longest.status_code == 200
