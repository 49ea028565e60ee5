"""Bullhorn as ``bullhorn/rest-api-docs`` has it: the fake refuses what Bullhorn refuses (each
refusal proved here), and the plugin finds the data centre, follows its 307, refreshes instead
of logging in again, keeps texts within 100 characters, leaves one Note per check and at most
one proof file per candidate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from precontract.fields import FieldKey, FieldMapping, HostField, ValueType
from precontract_ats.ats.base import CheckRef, Report, ReportKind
from precontract_ats.ats.http import AtsError, AtsHttp

from .fakes.bullhorn_fake import BullhornFake
from .journey import bullhorn_host
from .support import Served

_IDS = iter(range(500, 10_000))


@pytest.fixture
def fake() -> Iterator[BullhornFake]:
    fake = BullhornFake()
    fake.add_candidate("9001", "Lotte", "Maes", "lotte@example.test", ssn="85.07.30-033.28")
    with Served(fake.app) as server:
        fake.url = server.url
        yield fake


def _host(fake: BullhornFake, mapping: FieldMapping | None = None, **settings: str) -> Any:
    http = AtsHttp("test", sleep=lambda _: None, max_retries=1)
    return bullhorn_host(fake, http, connection_id=next(_IDS), mapping=mapping, **settings)


def _session(fake: BullhornFake) -> str:
    host = _host(fake)
    host.read_applicant("9001")
    return str(host.session.token)


def _rest(fake: BullhornFake, method: str, path: str, token: str, **kwargs: Any) -> Any:
    return requests.request(
        method,
        f"{fake.url}/dc2/rest-services/abc123/{path}",
        headers={"BhRestToken": token},
        timeout=10,
        **kwargs,
    )


# ---------------------------------------------------------------------------------- the fake


def test_the_fake_refuses_a_long_text_an_unknown_field_and_an_ended_session(
    fake: BullhornFake,
) -> None:
    token = _session(fake)
    long = _rest(fake, "POST", "entity/Candidate/9001", token, json={"customText11": "x" * 101})
    assert long.status_code == 400
    assert "max 100" in long.json()["errorMessage"]
    unknown = _rest(fake, "POST", "entity/Candidate/9001", token, json={"flexiEligible": "Yes"})
    assert unknown.status_code == 400
    fake.end_sessions()
    ended = _rest(fake, "POST", "entity/Candidate/9001", token, json={"customText11": "Yes"})
    assert ended.status_code == 401
    assert fake.candidates["9001"].get("customText11") is None


def test_the_fake_refuses_a_note_without_person_or_comments(fake: BullhornFake) -> None:
    token = _session(fake)
    assert _rest(fake, "PUT", "entity/Note", token, json={"comments": "x"}).status_code == 400
    no_text = {"personReference": {"id": 9001}}
    assert _rest(fake, "PUT", "entity/Note", token, json=no_text).status_code == 400
    long_action = {"personReference": {"id": 9001}, "comments": "x", "action": "a" * 31}
    assert _rest(fake, "PUT", "entity/Note", token, json=long_action).status_code == 400
    assert fake.notes == {}


def test_the_global_address_sends_a_login_on_with_a_307(fake: BullhornFake) -> None:
    moved = requests.post(
        f"{fake.url}/rest-services/login?version=*&access_token=x",
        allow_redirects=False,
        timeout=10,
    )
    assert moved.status_code == 307
    assert moved.headers["location"].startswith(f"{fake.url}/dc2/rest-services/login?")
    http = AtsHttp("Bullhorn", sleep=lambda _: None)
    with pytest.raises(AtsError) as caught:  # not followed: a redirect is not the answer
        http.request("POST", f"{fake.url}/rest-services/login?version=*&access_token=x")
    assert caught.value.status == 307
    with pytest.raises(AtsError) as refused:  # followed, to an address the caller allows
        http.request(
            "POST",
            f"{fake.url}/rest-services/login?version=*&access_token=x",
            follow_to=lambda url: url.startswith(fake.url),
        )
    assert refused.value.status == 401  # the data centre itself answered


# ---------------------------------------------------------------------------------- the plugin


def test_a_followed_307_asks_the_target_once_with_its_own_query(fake: BullhornFake) -> None:
    seen: list[str] = []
    http = AtsHttp("Bullhorn", sleep=lambda _: None)
    with pytest.raises(AtsError):
        http.request(
            "POST",
            f"{fake.url}/rest-services/login",
            params={"version": "*", "access_token": "x"},
            follow_to=lambda url: bool(seen.append(url)) or url.startswith(fake.url),
        )
    [target] = seen
    assert target.count("access_token=") == 1
    assert fake.calls[-1] == ("POST", "/dc2/rest-services/login")


def test_the_data_centre_comes_from_login_info(fake: BullhornFake) -> None:
    host = _host(fake)
    assert host.read_applicant("9001").name == "Lotte Maes"
    paths = [path for _, path in fake.calls]
    assert paths[0] == "/rest-services/loginInfo"
    assert "/dc2/oauth/authorize" in paths
    assert "/dc2/rest-services/login" in paths
    unknown = _host(fake, username="nobody")
    findings = unknown.test_connection()
    assert [(f.name, f.ok) for f in findings] == [("credentials", False)]
    assert "404" in findings[0].message("nl")


def test_refresh_tokens_rotate_and_a_refused_one_falls_back_to_the_password(
    fake: BullhornFake,
) -> None:
    host = _host(fake)
    host.read_applicant("9001")
    for _ in range(2):
        fake.end_sessions()
        host.read_applicant("9001")
    assert fake.refreshes == 2
    assert host.session.full_logins == 1
    fake._refresh.clear()  # Bullhorn forgot the refresh token
    fake.end_sessions()
    host.read_applicant("9001")
    assert host.session.full_logins == 2


def test_a_long_text_is_shortened_to_the_fields_hundred_characters(fake: BullhornFake) -> None:
    host = _host(
        fake, FieldMapping({FieldKey.REQUEST_URL: HostField("customText20", ValueType.TEXT)})
    )
    host.write_values("9001", {FieldKey.REQUEST_URL: "https://x.test/" + "x" * 150})
    written = fake.candidates["9001"]["customText20"]
    assert len(written) == 100
    assert written.endswith("…")


def test_one_note_per_check_updated_then_emptied(fake: BullhornFake) -> None:
    host = _host(fake, note_action="Eligibility")
    check = CheckRef(41, "t", "9001", {"user_id": "7"}, "https://c.test/r/t")
    host.report(check, Report(ReportKind.LINK, check.page_url))
    host.report(check, Report(ReportKind.COMPLETED, check.page_url, summary="Flexi-job: eligible"))
    [note] = fake.notes.values()
    assert note["externalID"] == "precontract-41"
    assert note["action"] == "Eligibility"
    assert note["comments"] == "precontract: check completed. Flexi-job: eligible"
    host.clear_report(check)
    assert "eligible" not in note["comments"]
    other = CheckRef(42, "u", "9001", {}, "https://c.test/r/u")
    host.clear_report(other)  # nothing was written for it: nothing made
    assert len(fake.notes) == 1


def test_the_fake_refuses_a_file_without_its_required_fields_or_on_an_unknown_entity(
    fake: BullhornFake,
) -> None:
    token = _session(fake)
    good = {"externalID": "x", "fileContent": "JVBERg==", "fileType": "SAMPLE", "name": "p.pdf"}
    for missing in ("externalID", "fileContent", "fileType", "name"):
        body = {k: v for k, v in good.items() if k != missing}
        refused = _rest(fake, "PUT", "file/Candidate/9001", token, json=body)
        assert refused.status_code == 400, missing
    other_type = _rest(fake, "PUT", "file/Candidate/9001", token, json={**good, "fileType": "PDF"})
    assert other_type.status_code == 400
    not_base64 = {**good, "fileContent": "not base64!"}
    assert _rest(fake, "PUT", "file/Candidate/9001", token, json=not_base64).status_code == 400
    assert _rest(fake, "PUT", "file/Note/9001", token, json=good).status_code == 400
    assert _rest(fake, "PUT", "file/Candidate/1", token, json=good).status_code == 404
    assert fake.files == {}
    made = _rest(fake, "PUT", "file/Candidate/9001", token, json=good)
    file_id = made.json()["fileId"]
    assert _rest(fake, "DELETE", f"file/Candidate/9001/{file_id}", token).json() == {
        "fileId": file_id,
        "changeType": "DELETED",
    }
    assert _rest(fake, "DELETE", f"file/Candidate/9001/{file_id}", token).status_code == 404
    assert fake.live_files("9001") == []


def test_one_proof_file_per_candidate_replaced_then_deleted(fake: BullhornFake) -> None:
    host = _host(fake)
    check = CheckRef(41, "t", "9001", {}, "https://c.test/r/t")
    host.report(check, Report(ReportKind.LINK, check.page_url))
    assert fake.files == {}
    done = Report(ReportKind.COMPLETED, check.page_url, summary="Flexi-job: eligible", proof=b"A")
    host.report(check, done)
    host.report(check, done)  # a delivery retried after its answer was lost
    [first] = fake.live_files("9001")
    assert first["content"] == b"A"
    assert first["externalID"] == "precontract-proof-41"
    assert first["fileType"] == "SAMPLE"
    assert len(fake.files) == 2
    # A newer check's proof takes the earlier one's place.
    newer = CheckRef(42, "u", "9001", {}, "https://c.test/r/u")
    host.report(newer, Report(ReportKind.COMPLETED, newer.page_url, proof=b"B"))
    [second] = fake.live_files("9001")
    assert second["externalID"] == "precontract-proof-42"
    host.clear_report(newer)
    assert fake.live_files("9001") == []
    assert len(fake.files) == 3


def test_the_connection_test_reads_the_fields_types_and_cannot_create(fake: BullhornFake) -> None:
    fake.missing_fields.add("customInt11")
    host = _host(fake)
    findings = {f.name: f for f in host.test_connection()}
    assert findings["credentials"].ok
    assert findings["data_centre"].message("en").endswith("/dc2/rest-services")
    assert not findings["customInt11"].ok
    assert findings["customDate11"].ok
    [made] = host.create_missing_fields()
    assert not made.ok
    assert "Field Mappings" in made.message("en")
