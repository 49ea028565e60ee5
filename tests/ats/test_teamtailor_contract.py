"""Teamtailor as its published contract has it: the fake refuses what the real API refuses (each
refusal proved here), and the plugin pages, includes, signs and reports as the docs say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from precontract.fields import FieldKey, FieldMapping, HostField, ValueType
from precontract.i18n import Language
from precontract_ats.ats.base import Attachment, CheckRef, ConnectionConfig, Report, ReportKind
from precontract_ats.ats.http import AtsHttp
from precontract_ats.ats.teamtailor import TeamtailorPlugin
from precontract_ats.engine import Connector
from precontract_ats.store.models import Connection

from .conftest import BothClocks
from .fakes.teamtailor_fake import TeamtailorFake
from .journey import checks, teamtailor_connection
from .support import Served


@pytest.fixture
def fake() -> Iterator[TeamtailorFake]:
    fake = TeamtailorFake()
    fake.add_candidate("54321", "Juston", "Becker", "juston@example.test")
    with Served(fake.app) as server:
        fake.url = server.url
        yield fake


def _host(
    fake: TeamtailorFake,
    *,
    lang: Language = "fr",
    mapping: dict[FieldKey, HostField] | None = None,
    **settings: str,
) -> Any:
    plugin = TeamtailorPlugin(AtsHttp("test", sleep=lambda _: None, max_retries=1))
    config = ConnectionConfig(
        id=1,
        tenant_id=1,
        kind="teamtailor",
        name="tt",
        language=lang,
        settings={"api_url": fake.url, **settings},
        secrets={"api_key": fake.api_key, "partner_key": fake.partner_key},
        mapping=FieldMapping(mapping if mapping is not None else plugin.default_mapping(lang)),
    )
    return plugin.host(config)


def _api(fake: TeamtailorFake, path: str, **headers: str) -> requests.Response:
    sent = {"Authorization": f"Token token={fake.api_key}", "X-Api-Version": "20201113"}
    sent.update(headers)
    return requests.get(f"{fake.url}{path}", headers=sent, timeout=10)


def _put_result(fake: TeamtailorFake, result_id: str, attributes: Any, **headers: str) -> Any:
    sent = {
        "Authorization": f"Bearer {fake.partner_key}",
        "X-Api-Version": "20180828",
        "Content-Type": "application/vnd.api+json",
    }
    sent.update(headers)
    body = {"data": {"id": result_id, "type": "partner-results", "attributes": attributes}}
    return requests.put(
        f"{fake.url}/partner/v1/partner-results/{result_id}", json=body, headers=sent, timeout=10
    )


# ---------------------------------------------------------------------------------- the fake


def test_the_fake_refuses_a_page_over_thirty_and_pages_with_links(fake: TeamtailorFake) -> None:
    assert _api(fake, "/v1/custom-fields?page[size]=31").status_code == 400
    first = _api(fake, "/v1/custom-fields?page[size]=3").json()
    assert len(first["data"]) == 3
    assert first["meta"] == {"record-count": 8, "page-count": 3}
    assert "page%5Bnumber%5D=2" in first["links"]["next"]
    assert len(_api(fake, "/v1/custom-fields").json()["data"]) == 8  # default 10 a page


def test_the_fake_wants_the_token_scheme_and_a_version(fake: TeamtailorFake) -> None:
    assert _api(fake, "/v1/custom-fields", Authorization=f"Bearer {fake.api_key}").status_code == (
        401
    )
    missing = requests.get(
        f"{fake.url}/v1/custom-fields",
        headers={"Authorization": f"Token token={fake.api_key}"},
        timeout=10,
    )
    assert missing.status_code == 406


def test_the_fake_deletes_a_value_once(fake: TeamtailorFake) -> None:
    fake.set_value("54321", "precontract-mandate-status", "Accès accordé")
    [value] = _api(fake, "/v1/candidates/54321/custom-field-values").json()["data"]
    sent = {"Authorization": f"Token token={fake.api_key}", "X-Api-Version": "20201113"}
    url = f"{fake.url}/v1/custom-field-values/{value['id']}"
    assert requests.delete(url, headers=sent, timeout=10).status_code == 204
    assert requests.delete(url, headers=sent, timeout=10).status_code == 404
    assert _api(fake, "/v1/candidates/54321/custom-field-values").json()["data"] == []


def test_without_include_a_value_does_not_name_its_field(fake: TeamtailorFake) -> None:
    fake.set_value("54321", "precontract-mandate-status", "Accès accordé")
    bare = _api(fake, "/v1/candidates/54321/custom-field-values").json()["data"][0]
    assert "data" not in bare["relationships"]["custom-field"]
    included = _api(fake, "/v1/candidates/54321/custom-field-values?include=custom-field").json()
    assert included["data"][0]["relationships"]["custom-field"]["data"]["id"] == "106"
    assert included["included"][0]["attributes"]["api-name"] == "precontract-mandate-status"


@pytest.mark.parametrize(
    ("attributes", "why"),
    [
        ({"details": "flexi: yes"}, "details must be an object"),
        ({"details": {"a": {"b": {"c": "d"}}}}, "at most 2 levels"),
        ({"status": "done"}, "status must be one of"),
        ({"score": "10"}, "unknown attributes: score"),
        ({"candidate-id": 3}, "unknown attributes: candidate-id"),
        ({"attachments": [{"url": "https://x.test/p.pdf"}]}, "exactly url and description"),
        ({"actions": [{"label": "Again", "endpoint": "x"}]}, "buttonText and endpoint"),
    ],
)
def test_the_fake_refuses_a_partner_result_the_docs_refuse(
    fake: TeamtailorFake, attributes: dict[str, Any], why: str
) -> None:
    fake.results["r1"] = {"status": "sending", "history": []}
    refused = _put_result(fake, "r1", attributes)
    assert refused.status_code == 422
    assert why in refused.json()["errors"][0]["title"]
    assert fake.results["r1"] == {"status": "sending", "history": []}


def test_the_fake_takes_a_put_with_bearer_only(fake: TeamtailorFake) -> None:
    fake.results["r1"] = {"status": "sending", "history": []}
    token = _put_result(fake, "r1", {"status": "sent"}, Authorization=f"Token {fake.partner_key}")
    assert token.status_code == 401
    patched = requests.patch(
        f"{fake.url}/partner/v1/partner-results/r1",
        json={"data": {"id": "r1", "type": "partner-results", "attributes": {"status": "sent"}}},
        headers={"Authorization": f"Bearer {fake.partner_key}", "X-Api-Version": "20180828"},
        timeout=10,
    )
    assert patched.status_code == 405
    assert _put_result(fake, "r1", {"status": "sent", "details": {"a": {"b": "c"}}}).ok
    assert fake.results["r1"]["status"] == "sent"


def test_the_fake_refuses_a_value_of_the_wrong_type(fake: TeamtailorFake) -> None:
    body = {
        "data": {
            "type": "custom-field-values",
            "attributes": {"value": "yes"},
            "relationships": {
                "custom-field": {"data": {"type": "custom-fields", "id": "100"}},
                "owner": {"data": {"type": "candidates", "id": "54321"}},
            },
        }
    }
    refused = requests.post(
        f"{fake.url}/v1/custom-field-values",
        json=body,
        headers={"Authorization": f"Token token={fake.api_key}", "X-Api-Version": "20201113"},
        timeout=10,
    )
    assert refused.status_code == 422
    body["data"]["relationships"]["custom-field"]["data"]["id"] = "999"  # type: ignore[index]
    body["data"]["attributes"]["value"] = True  # type: ignore[index]
    unknown = requests.post(
        f"{fake.url}/v1/custom-field-values",
        json=body,
        headers={"Authorization": f"Token token={fake.api_key}", "X-Api-Version": "20201113"},
        timeout=10,
    )
    assert unknown.status_code == 422
    assert fake.values == {}


# ---------------------------------------------------------------------------------- the plugin


def test_the_host_pages_thirty_at_a_time_and_finds_the_last_field(fake: TeamtailorFake) -> None:
    for i in range(40):
        fake.add_custom_field(f"other-{i}", "CustomField::Text")
    fake.add_custom_field("precontract-late", "CustomField::Text")
    mapping = {FieldKey.MANDATE_STATUS: HostField("precontract-late", ValueType.TEXT)}
    host = _host(fake, mapping=mapping)
    host.write_values("54321", {FieldKey.MANDATE_STATUS: "active"})
    assert fake.field_values("54321") == {"precontract-late": "Accès accordé"}
    assert fake.page_sizes
    assert set(fake.page_sizes) == {30}
    assert host.read_values("54321")[FieldKey.MANDATE_STATUS] == "active"


def test_a_rate_limited_write_waits_the_seconds_teamtailor_names(fake: TeamtailorFake) -> None:
    waits: list[float] = []
    plugin = TeamtailorPlugin(AtsHttp("Teamtailor", sleep=waits.append, max_retries=2))
    config = ConnectionConfig(
        id=1,
        tenant_id=1,
        kind="teamtailor",
        name="tt",
        language="fr",
        settings={"api_url": fake.url},
        secrets={"api_key": fake.api_key},
        mapping=FieldMapping(plugin.default_mapping("fr")),
    )
    limits = {"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": "4"}
    fake.fail("/v1/custom-field-values", status=429, times=1, headers=limits)
    plugin.host(config).write_values("54321", {FieldKey.STUDENT_HOURS_REMAINING: 12})
    assert waits == [4.0]
    assert fake.field_values("54321") == {"precontract-student-hours-remaining": 12}


def test_the_partner_result_gets_details_actions_attachments_and_is_cleared(
    fake: TeamtailorFake,
) -> None:
    host = _host(fake, lang="nl")
    fake.results["r1"] = {"status": "sending", "history": []}
    check = CheckRef(
        1,
        "t",
        "54321",
        {"update_url": f"{fake.url}/partner/v1/partner-results/r1", "partner_result_id": "r1"},
        "https://c.test/r/t",
    )
    proof = Attachment("https://c.test/proof/t.pdf", "Bewijs")
    host.report(
        check,
        Report(
            ReportKind.COMPLETED,
            check.page_url,
            summary="Flexi-job: komt in aanmerking",
            score="flexi: ja",
            attachments=[proof],
        ),
    )
    result = fake.results["r1"]
    assert result["status"] == "completed"
    assert result["details"] == {"Resultaat": "flexi: ja"}
    assert result["actions"] == [{"buttonText": "Opnieuw controleren", "endpoint": "recheck"}]
    assert result["attachments"] == [{"url": proof.url, "description": "Bewijs"}]

    host.clear_report(check)
    assert result["details"] == {}
    assert result["attachments"] == []
    assert "flexi" not in result["summary"].lower()
    assert result["status"] == "completed"


def test_the_niss_is_read_from_the_mapped_custom_field(fake: TeamtailorFake) -> None:
    fake.add_custom_field("rijksregisternummer", "CustomField::Text")
    fake.set_value("54321", "rijksregisternummer", "85.07.30-033.28")
    host = _host(fake, ssin_field="rijksregisternummer")
    ssin = host.read_ssin("54321")
    assert ssin is not None
    assert ssin.compact == "85073003328"
    assert host.read_applicant("54321").ssin == ssin
    assert _host(fake).read_ssin("54321") is None


def test_the_connection_test_names_missing_and_mistyped_fields_and_creates_them(
    fake: TeamtailorFake,
) -> None:
    del fake.custom_fields["100"]  # precontract-flexi-eligible
    fake.custom_fields["104"]["field-type"] = "CustomField::Text"  # hours: not a number
    host = _host(fake, lang="en")
    findings = {f.name: f for f in host.test_connection()}
    assert findings["credentials"].ok
    assert not findings["precontract-flexi-eligible"].ok
    assert findings["precontract-flexi-eligible"].creatable
    assert findings["precontract-student-hours-remaining"].message("en") == (
        "The field precontract-student-hours-remaining is CustomField::Text, not "
        "CustomField::Number."
    )
    made = host.create_missing_fields()
    assert [f.name for f in made] == ["precontract-flexi-eligible"]
    again = {f.name: f.ok for f in host.test_connection()}
    assert again["precontract-flexi-eligible"] is True
    assert sum(1 for ok in again.values() if not ok) == 1  # the mistyped one stays for the admin

    stale = _host(fake)
    fake.api_key = "rotated"
    refused = stale.test_connection()
    assert [(f.name, f.ok) for f in refused] == [("credentials", False)]
    assert "401" in refused[0].message("fr")


# ---------------------------------------------------------------------------------- inbound


def test_a_signed_webhook_is_taken_and_a_bad_signature_refused_in_the_users_language(
    connector: Connector,
    served: Served,
    tenant_id: int,
    clocks: BothClocks,
    teamtailor_fake: TeamtailorFake,
) -> None:
    fake = teamtailor_fake
    fake.webhook_secret = "tt-signing-secret"
    teamtailor_connection(connector, tenant_id, fake)
    now = clocks.clock.now
    assert fake.trigger(served.url, "54321", date=now).status_code == 200
    forged = fake.trigger(
        served.url, "54321", signature=fake.signature("other", at=now, secret="tt-signing-secret")
    )
    assert forged.status_code == 401
    assert forged.headers["content-type"].startswith("text/plain")
    assert forged.text == "Cet appel a été refusé (unauthorized)."
    unsigned = fake.trigger(served.url, "54321", signature="")
    assert unsigned.status_code == 401
    assert len(checks(connector)) == 1


def test_check_again_on_the_result_card_starts_a_new_check(
    connector: Connector, served: Served, tenant_id: int, teamtailor_fake: TeamtailorFake
) -> None:
    fake = teamtailor_fake
    teamtailor_connection(connector, tenant_id, fake)
    response = fake.trigger(served.url, "54321")
    result_id = response.result_id  # type: ignore[attr-defined]
    fake.results[result_id]["actions"] = [
        {"buttonText": "Vérifier à nouveau", "endpoint": "recheck"}
    ]
    again = fake.press_action(served.url, result_id, "Vérifier à nouveau")
    assert again.status_code == 200, again.text
    assert checks(connector)[0].status == "superseded"
    assert len(checks(connector)) == 2
    assert checks(connector)[-1].context["partner_result_id"] == result_id


def test_a_niss_kept_in_teamtailor_binds_the_request_from_the_start(
    connector: Connector, served: Served, tenant_id: int, teamtailor_fake: TeamtailorFake
) -> None:
    fake = teamtailor_fake
    fake.add_custom_field("rijksregisternummer", "CustomField::Text")
    fake.set_value("54321", "rijksregisternummer", "85.07.30-033.28")
    connection_id = teamtailor_connection(connector, tenant_id, fake)
    with connector.db.session() as session:
        connection = session.get(Connection, connection_id)
        assert connection is not None
        connection.settings = {
            **dict(connection.settings or {}),
            "ssin_field": "rijksregisternummer",
        }
    assert fake.trigger(served.url, "54321").status_code == 200
    assert checks(connector)[-1].ssin_masked == "85.07.30-***.**"
