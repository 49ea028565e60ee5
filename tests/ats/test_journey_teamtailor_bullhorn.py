"""Teamtailor and Bullhorn, the whole journey against the sandbox: the trigger or the tab → the
recruiter page → the approval → the worker → the custom fields → the partner result; plus a
failed write-back retried, and expiry clearing."""

from __future__ import annotations

import datetime as dt
import io
import re

import requests
from pypdf import PdfReader

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector

from .conftest import BothClocks
from .fakes.bullhorn_fake import BullhornFake
from .fakes.teamtailor_fake import TeamtailorFake
from .journey import (
    accept_approver,
    approve_latest,
    bullhorn_connection,
    checks,
    only_check,
    pending_write_backs,
    request_id_of,
    teamtailor_connection,
)
from .support import Served


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def test_teamtailor_trigger_to_custom_fields_and_a_completed_partner_result(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    tenant_id: int,
    clocks: BothClocks,
    teamtailor_fake: TeamtailorFake,
) -> None:
    fake = teamtailor_fake
    teamtailor_connection(connector, tenant_id, fake)
    # The recruiter's form lists the tenant's employers (GET /config, as Teamtailor reads it).
    employer = fake.fetch_config(served.url)[0]
    assert {"id": "0403019261", "label": "Roos Pokébowl (0403.019.261)"} in employer["options"]
    response = fake.trigger(served.url, "54321", employer="0403019261")
    assert response.status_code == 200, response.text
    result_id = response.result_id  # type: ignore[attr-defined]
    assert fake.results[result_id]["status"] == "sent"  # from the reply's partner_result_attributes
    page_url = only_check(connector).context["page_url"]
    assert "Yasmine El Amrani" in requests.get(page_url, timeout=10).text  # the QR code's page

    connector.run_once()
    assert fake.results[result_id]["status"] == "sent"
    assert fake.results[result_id]["url"] == page_url
    assert fake.field_values("54321")["precontract-mandate-status"] == "En attente d'approbation"

    sandbox.approve(request_id_of(connector), personas.STUDENT_AND_FLEXI.ssin)
    clocks.tick()
    connector.run_once()
    assert fake.field_values("54321")["precontract-mandate-status"] == (
        "Approuvé par quelqu'un — à confirmer"
    )
    fake.fail("/v1/custom-field-values", status=500, times=1)  # a hiccup at Teamtailor
    accept_approver(connector)  # no NISS mapped: the recruiter confirms who approved
    connector.run_once()
    assert only_check(connector).status == "result"
    assert [w.kind for w in pending_write_backs(connector)] == ["fields"]
    # The partner result is a job of its own: it does not wait behind the failing fields.
    assert fake.results[result_id]["status"] == "completed"

    clocks.advance(dt.timedelta(minutes=1))
    connector.run_once()
    values = fake.field_values("54321")
    assert values["precontract-flexi-eligible"] is True
    assert values["precontract-student-hours-remaining"] == 412
    assert values["precontract-student-consultable-until"] == "2027-02-28"
    assert values["precontract-mandate-status"] == "Accès accordé"
    assert fake.results[result_id]["status"] == "completed"
    assert "412 heures restantes" in fake.results[result_id]["summary"]
    details = fake.results[result_id]["details"]
    assert set(details) == {"Résultat"}
    assert "412" in details["Résultat"]
    assert [a["buttonText"] for a in fake.results[result_id]["actions"]] == ["Vérifier à nouveau"]
    [proof] = fake.results[result_id]["attachments"]
    assert proof["description"] == "Preuve de la consultation (PDF)"
    pdf = requests.get(proof["url"], timeout=10)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    clocks.set(dt.datetime(2026, 12, 29, 8, 0, tzinfo=dt.UTC))
    connector.run_once()
    values = fake.field_values("54321")
    assert "precontract-flexi-eligible" not in values  # cleared: its value is deleted
    assert values["precontract-student-hours-remaining"] == 412
    assert "412 heures restantes" in fake.results[result_id]["summary"]

    # The student hours' window ends too: the result card keeps no value, detail or proof.
    clocks.set(dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC))
    connector.run_once()
    result = fake.results[result_id]
    assert "412" not in result["summary"]
    assert result["details"] == {}
    assert result["attachments"] == []
    assert "precontract-student-hours-remaining" not in fake.field_values("54321")


def test_teamtailor_serves_its_config_and_activation(
    connector: Connector, served: Served, tenant_id: int, teamtailor_fake: TeamtailorFake
) -> None:
    teamtailor_connection(connector, tenant_id, teamtailor_fake)
    fields = teamtailor_fake.fetch_config(served.url)
    options = {o["id"]: o["label"] for o in fields[0]["options"]}
    assert options["0403019261"] == "Roos Pokébowl (0403.019.261)"
    assert "0123456749" in options
    # An unknown provider key: the form shows Teamtailor's documented error field, in red.
    refused = teamtailor_fake.fetch_config(served.url, provider_key="not-the-key")
    assert [f["type"] for f in refused] == ["error"]

    # The activation form declares the fields Teamtailor creates for us (customFieldMapping), in
    # the connection's language once the provider key is known.
    config = teamtailor_fake.fetch_activation(served.url, teamtailor_fake.provider_key)
    mapped = {m["apiName"]: m["type"] for m in config["customFieldMapping"]}
    assert mapped["precontract-flexi-eligible"] == "checkbox"
    assert mapped["precontract-student-hours-remaining"] == "number"
    assert mapped["precontract-flexi-consultable-until"] == "date"
    assert "default_key" in [f.get("id") for f in config["fields"]]
    assert "eID" in config["fields"][0]["content"]
    assert "candidat" in config["fields"][0]["content"]


def test_bullhorn_tab_to_custom_fields(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    tenant_id: int,
    clocks: BothClocks,
    bullhorn_fake: BullhornFake,
) -> None:
    fake = bullhorn_fake
    connection_id, key = bullhorn_connection(connector, tenant_id, fake)
    tab = requests.get(
        fake.tab_url(f"{served.url}/ats/bullhorn/{connection_id}/tab?key={key}", "9001"), timeout=10
    )
    assert tab.status_code == 200
    assert "Maria Abara" in tab.text
    assert tab.headers.get("x-frame-options") is None  # Bullhorn shows it in an IFRAME
    token = re.search(r'name="token" value="([^"]+)"', tab.text)
    assert token is not None
    started = requests.post(
        f"{served.url}/ats/bullhorn/{connection_id}/check",
        data={"token": token.group(1), "employer": "0403019261", "lang": "en"},
        timeout=30,
    )
    assert started.status_code == 200
    assert "/r/" in started.url
    assert "Waiting for Maria" in started.text
    check = only_check(connector)
    assert check.ssin_masked == "85.07.30-***.**"  # the request is bound to the NISS in `ssn`

    connector.run_once()
    assert fake.candidates["9001"]["customText12"] == "Awaiting approval"
    # The check's Note on the candidate (its Notes tab), by the user who pressed the button.
    [note] = fake.notes.values()
    assert note["personReference"] == {"id": 9001}
    assert note["commentingPerson"] == {"id": 7}
    assert "waiting for the candidate's approval" in note["comments"]
    sandbox.approve(request_id_of(connector), personas.MARIA.ssin)
    clocks.tick()
    connector.run_once()
    record = fake.candidates["9001"]
    assert record["customText11"] == "Yes"
    assert record["customText12"] == "Access granted"
    until = dt.datetime.fromtimestamp(record["customDate11"] / 1000, dt.UTC)
    assert until.date() == dt.date(2026, 12, 28)
    assert pending_write_backs(connector) == []
    assert len(fake.notes) == 1  # the same Note, now with the outcome
    assert note["comments"].startswith("precontract: check completed.")
    # The proof is among the candidate's files, once (the connection speaks English).
    [proof] = fake.live_files("9001")
    assert proof["externalID"] == f"precontract-proof-{check.id}"
    assert proof["name"].startswith("proof-9001-")
    assert proof["name"].endswith(".pdf")
    assert proof["contentType"] == "application/pdf"
    text = _pdf_text(proof["content"])
    assert "Maria Abara" in text
    assert "85.07.30-***.**" in text
    assert "Eligible for a flexi-job Yes" in text
    assert "Hours remaining 650 of 650 hours" in text
    connector.run_once()  # nothing more to deliver: no second file
    assert len(fake.live_files("9001")) == 1
    # The tab shows where the check stands.
    again = requests.get(
        fake.tab_url(f"{served.url}/ats/bullhorn/{connection_id}/tab?key={key}", "9001"), timeout=10
    )
    assert "Latest check" in again.text
    assert "Check again" in again.text

    clocks.set(dt.datetime(2026, 12, 29, 8, 0, tzinfo=dt.UTC))
    connector.run_once()
    assert fake.candidates["9001"]["customText11"] is None
    assert fake.candidates["9001"]["customDate11"] is None
    # The student hours may still be consulted until the end of February.
    assert fake.candidates["9001"]["customText12"] == "Access granted"
    assert checks(connector)[0].cleared_at is None
    # The proof on file is replaced by one that no longer states the flexi answer.
    [partial] = fake.live_files("9001")
    assert partial["id"] != proof["id"]
    assert len(fake.files) == 2
    assert "Eligible for a flexi-job Yes" not in _pdf_text(partial["content"])
    clocks.set(dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC))
    connector.run_once()
    assert fake.candidates["9001"]["customText12"] == "Expired"
    assert fake.candidates["9001"]["customDate12"] is None
    assert checks(connector)[0].cleared_at is not None
    assert note["comments"] == (
        "precontract: check done; its result is no longer shown (consultation window ended)."
    )
    # No proof is left on the candidate (Bullhorn keeps a soft-deleted file on its server).
    assert fake.live_files("9001") == []
    assert all(f["isDeleted"] for f in fake.files.values())


def test_bullhorn_keeps_the_result_while_its_session_is_down(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    tenant_id: int,
    clocks: BothClocks,
    bullhorn_fake: BullhornFake,
) -> None:
    fake = bullhorn_fake
    connection_id, key = bullhorn_connection(connector, tenant_id, fake)
    tab = requests.get(
        fake.tab_url(f"{served.url}/ats/bullhorn/{connection_id}/tab?key={key}", "9002"), timeout=10
    )
    token = re.search(r'name="token" value="([^"]+)"', tab.text)
    assert token is not None
    requests.post(
        f"{served.url}/ats/bullhorn/{connection_id}/check",
        data={"token": token.group(1)},
        timeout=30,
    )
    approve_latest(connector, sandbox, clocks.tick, personas.STUDENT_FULL.ssin)
    fake.fail("/dc2/rest-services/abc123/entity", status=503, times=1000)
    accept_approver(connector)  # this candidate has no `ssn`: the recruiter confirms
    connector.run_once()
    assert only_check(connector).values["student_hours_remaining"] == 650  # type: ignore[index]
    waiting = pending_write_backs(connector)
    assert waiting
    assert waiting[0].attempts >= 1
    fake.clear_faults()
    clocks.advance(dt.timedelta(hours=2))
    connector.run_once()
    assert pending_write_backs(connector) == []
    assert fake.candidates["9002"]["customInt11"] == 650
    # The proof went with the report the worker retried: one file, not one per attempt.
    assert len(fake.live_files("9002")) == 1
