"""The three ATS host adapters against their fakes over real HTTP: fields written (and cleared) in
each ATS's own shapes, all or nothing, read back for the expiry rule, and the reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from precontract.fields import FieldKey, FieldMapping
from precontract.i18n import Language
from precontract_ats.ats.base import CheckRef, ConnectionConfig, Report, ReportKind
from precontract_ats.ats.bullhorn import BullhornPlugin
from precontract_ats.ats.http import AtsError, AtsHttp
from precontract_ats.ats.recruitee import RecruiteePlugin
from precontract_ats.ats.teamtailor import TeamtailorPlugin, UnknownCustomField
from precontract_ats.ats.verify import InboundRefused

from .fakes.bullhorn_fake import BullhornFake
from .fakes.recruitee_fake import RecruiteeFake
from .fakes.teamtailor_fake import TeamtailorFake
from .journey import bullhorn_host
from .support import Served

RESULT: dict[FieldKey, Any] = {
    FieldKey.FLEXI_ELIGIBLE: True,
    FieldKey.FLEXI_PERIOD_START: dt.date(2026, 10, 1),
    FieldKey.FLEXI_PERIOD_END: dt.date(2026, 12, 31),
    FieldKey.FLEXI_CONSULTABLE_UNTIL: dt.date(2026, 12, 28),
    FieldKey.STUDENT_HOURS_REMAINING: 412,
    FieldKey.STUDENT_YEAR: 2026,
    FieldKey.STUDENT_AS_OF: dt.datetime(2026, 11, 28, 9, 32, tzinfo=dt.UTC),
    FieldKey.STUDENT_CONSULTABLE_UNTIL: dt.date(2027, 2, 28),
    FieldKey.MANDATE_STATUS: "active",
    FieldKey.CHECKED_AT: dt.datetime(2026, 11, 28, 9, 32, tzinfo=dt.UTC),
}


def _http() -> AtsHttp:
    return AtsHttp("test", sleep=lambda _: None, max_retries=1)


def _config(
    kind: str, plugin: Any, settings: dict[str, str], secrets: dict[str, str], lang: Language = "nl"
) -> ConnectionConfig:
    return ConnectionConfig(
        id=1,
        tenant_id=1,
        kind=kind,
        name=kind,
        language=lang,
        settings=settings,
        secrets=secrets,
        mapping=FieldMapping(plugin.default_mapping(lang)),
    )


# ---------------------------------------------------------------------------------- Recruitee


def _recruitee_host(fake: RecruiteeFake) -> Any:
    plugin = RecruiteePlugin(_http())
    config = _config(
        "recruitee",
        plugin,
        {
            "company_id": fake.company_id,
            "codename": fake.codename,
            "api_url": fake.url,
            "partner_url": fake.url,
        },
        {"api_token": fake.api_token, "partner_secret": fake.partner_secret},
    )
    return plugin.host(config)


def test_recruitee_profile_fields_are_created_then_updated_then_cleared(
    recruitee_fake: RecruiteeFake,
) -> None:
    fake = recruitee_fake
    host = _recruitee_host(fake)
    host.write_values("501", RESULT)
    fields = fake.field_values("501")
    assert fields["Komt in aanmerking voor flexi-job"] is True
    assert fields["Flexi-jobantwoord raadpleegbaar tot"] == "2026-12-28"
    assert fields["Resterende studentenuren"] == 412
    assert fields["Status van de toegang"] == "Toegang verleend"
    kinds = {f["name"]: f["kind"] for f in fake.candidates["501"]["fields"]}
    assert kinds["Komt in aanmerking voor flexi-job"] == "boolean"
    assert kinds["Resterende studentenuren"] == "number"
    count = len(fake.candidates["501"]["fields"])
    host.write_values("501", {FieldKey.STUDENT_HOURS_REMAINING: 400})
    assert len(fake.candidates["501"]["fields"]) == count  # updated, not duplicated
    assert fake.field_values("501")["Resterende studentenuren"] == 400
    host.write_values(
        "501", {FieldKey.FLEXI_ELIGIBLE: None, FieldKey.FLEXI_CONSULTABLE_UNTIL: None}
    )
    assert fake.field_values("501")["Komt in aanmerking voor flexi-job"] is None
    assert host.read_values("501")[FieldKey.STUDENT_HOURS_REMAINING] == 400
    assert host.read_values("501")[FieldKey.STUDENT_CONSULTABLE_UNTIL] == dt.date(2027, 2, 28)


def test_recruitee_writes_all_or_nothing(recruitee_fake: RecruiteeFake) -> None:
    fake = recruitee_fake
    host = _recruitee_host(fake)
    host.write_values(
        "501", {FieldKey.STUDENT_HOURS_REMAINING: 100, FieldKey.MANDATE_STATUS: "pending"}
    )
    before = fake.field_values("501")
    fake.calls.clear()
    # One field is created and one patched, then the third write fails: both are put back.
    fake.fail("/c/77001/custom_fields", status=500, times=1, after=2)
    with pytest.raises(AtsError):
        host.write_values(
            "501",
            {
                FieldKey.STUDENT_HOURS_REMAINING: 412,
                FieldKey.MANDATE_STATUS: "active",
                FieldKey.FLEXI_ELIGIBLE: True,
            },
        )
    writes = [m for m, path in fake.calls if m != "GET" and "custom_fields" in path]
    assert writes == [
        "POST",
        "PATCH",
        "PATCH",
        "PATCH",
        "DELETE",
    ]  # two writes, a failure, two undone
    assert fake.field_values("501") == before


def test_recruitee_report_gets_the_cancel_link_then_completes(
    recruitee_fake: RecruiteeFake,
) -> None:
    fake = recruitee_fake
    fake.reports["rep-1"] = {"status": "sent", "urls": {}, "history": []}
    host = _recruitee_host(fake)
    cancel = "https://connector.test/ats/recruitee/1/cancel/rep-1?sig=abc"
    check = CheckRef(
        1,
        "tok",
        "501",
        {"report_id": "rep-1", "cancel_url": cancel},
        "https://connector.test/r/tok",
    )
    host.report(check, Report(ReportKind.LINK, check.page_url))
    assert fake.reports["rep-1"]["status"] == "sent"
    assert fake.reports["rep-1"]["urls"] == {"cancel": cancel}  # the only documented link
    host.report(
        check, Report(ReportKind.COMPLETED, check.page_url, summary="x", score="Flexi: ja · 412 u")
    )
    assert fake.reports["rep-1"]["status"] == "completed"
    assert fake.reports["rep-1"]["score"] == "Flexi: ja · 412 u"


def test_recruitee_refuses_a_wrong_partner_secret(recruitee_fake: RecruiteeFake) -> None:
    fake = recruitee_fake
    fake.reports["rep-2"] = {"status": "sent", "urls": {}, "history": []}
    plugin = RecruiteePlugin(_http())
    config = _config(
        "recruitee",
        plugin,
        {
            "company_id": fake.company_id,
            "codename": fake.codename,
            "api_url": fake.url,
            "partner_url": fake.url,
        },
        {"api_token": fake.api_token, "partner_secret": "wrong"},
    )
    with pytest.raises(AtsError) as caught:
        plugin.host(config).report(
            CheckRef(1, "t", "501", {"report_id": "rep-2"}, "u"), Report(ReportKind.FAILED, "u")
        )
    assert caught.value.status == 401
    assert fake.reports["rep-2"]["status"] == "sent"


# ---------------------------------------------------------------------------------- Teamtailor


@pytest.fixture
def teamtailor() -> Iterator[TeamtailorFake]:
    fake = TeamtailorFake()
    fake.add_candidate("54321", "Juston", "Becker", "juston@example.test")
    with Served(fake.app) as server:
        fake.url = server.url
        yield fake


def _teamtailor_host(fake: TeamtailorFake, lang: Language = "fr") -> Any:
    plugin = TeamtailorPlugin(_http())
    config = _config(
        "teamtailor",
        plugin,
        {"api_url": fake.url, "api_version": "20240404"},
        {
            "provider_key": fake.provider_key,
            "partner_key": fake.partner_key,
            "api_key": fake.api_key,
        },
        lang,
    )
    return plugin.host(config)


def test_teamtailor_custom_field_values_are_created_updated_and_deleted(
    teamtailor: TeamtailorFake,
) -> None:
    host = _teamtailor_host(teamtailor)
    host.write_values("54321", RESULT)
    values = teamtailor.field_values("54321")
    assert values["precontract-flexi-eligible"] is True
    assert values["precontract-flexi-consultable-until"] == "2026-12-28"
    assert values["precontract-student-hours-remaining"] == 412
    assert values["precontract-mandate-status"] == "Accès accordé"
    host.write_values(
        "54321", {FieldKey.STUDENT_HOURS_REMAINING: 10, FieldKey.FLEXI_ELIGIBLE: None}
    )
    values = teamtailor.field_values("54321")
    assert values["precontract-student-hours-remaining"] == 10
    assert "precontract-flexi-eligible" not in values
    assert host.read_values("54321")[FieldKey.STUDENT_HOURS_REMAINING] == 10
    assert host.read_applicant("54321").name == "Juston Becker"


def test_teamtailor_names_a_custom_field_that_does_not_exist_before_writing(
    teamtailor: TeamtailorFake,
) -> None:
    plugin = TeamtailorPlugin(_http())
    config = ConnectionConfig(
        id=1,
        tenant_id=1,
        kind="teamtailor",
        name="t",
        language="en",
        settings={"api_url": teamtailor.url},
        secrets={"api_key": teamtailor.api_key},
        mapping=FieldMapping.from_names(
            {"flexi_eligible": "precontract-flexi-eligible", "student_year": "no-such-field"}
        ),
    )
    with pytest.raises(UnknownCustomField) as caught:
        plugin.host(config).write_values("54321", RESULT)
    assert "no-such-field" in caught.value.user_message("en")
    assert teamtailor.field_values("54321") == {}


def test_teamtailor_writes_all_or_nothing(teamtailor: TeamtailorFake) -> None:
    host = _teamtailor_host(teamtailor)
    host.write_values("54321", {FieldKey.STUDENT_HOURS_REMAINING: 100})
    before = teamtailor.field_values("54321")
    teamtailor.fail("/v1/custom-field-values", status=500, times=1, after=2)
    with pytest.raises(AtsError):
        host.write_values("54321", RESULT)
    writes = [c for c in teamtailor.calls if c[1].startswith("/v1/custom-field-values")]
    assert len(writes) > 3  # some were written, then undone
    assert teamtailor.field_values("54321") == before


def test_teamtailor_partner_result_is_updated_with_the_partner_key(
    teamtailor: TeamtailorFake,
) -> None:
    host = _teamtailor_host(teamtailor, "nl")
    teamtailor.results["res-1"] = {"status": "sending", "history": []}
    update_url = f"{teamtailor.url}/partner/v1/partner-results/res-1"
    check = CheckRef(
        1,
        "t",
        "54321",
        {"update_url": update_url, "partner_result_id": "res-1"},
        "https://c.test/r/t",
    )
    host.report(check, Report(ReportKind.LINK, check.page_url))
    assert teamtailor.results["res-1"]["status"] == "sent"
    assert teamtailor.results["res-1"]["url"] == "https://c.test/r/t"
    host.report(
        check, Report(ReportKind.COMPLETED, check.page_url, summary="Flexi-job: komt in aanmerking")
    )
    assert teamtailor.results["res-1"]["status"] == "completed"
    assert teamtailor.results["res-1"]["summary"] == "Flexi-job: komt in aanmerking"


def test_teamtailor_never_sends_the_partner_key_to_another_host(teamtailor: TeamtailorFake) -> None:
    host = _teamtailor_host(teamtailor)
    check = CheckRef(
        1, "t", "54321", {"update_url": "https://evil.example/steal", "partner_result_id": "x"}, "u"
    )
    with pytest.raises(InboundRefused, match="update-url"):
        host.report(check, Report(ReportKind.COMPLETED, "u"))


# ---------------------------------------------------------------------------------- Bullhorn


@pytest.fixture
def bullhorn() -> Iterator[BullhornFake]:
    fake = BullhornFake()
    fake.add_candidate("9001", "Lotte", "Maes", "lotte@example.test", ssn="85.07.30-033.28")
    fake.add_candidate("9002", "Tom", "Smith", "tom@example.test", ssn="123-45-6789")
    with Served(fake.app) as server:
        fake.url = server.url
        yield fake


def _bullhorn_host(fake: BullhornFake, *, connection_id: int = 1) -> Any:
    return bullhorn_host(fake, _http(), connection_id=connection_id)


def test_bullhorn_reads_the_candidate_with_its_national_number(bullhorn: BullhornFake) -> None:
    host = _bullhorn_host(bullhorn, connection_id=101)
    applicant = host.read_applicant("9001")
    assert applicant.name == "Lotte Maes"
    assert applicant.ssin is not None
    assert applicant.ssin.masked == "85.07.30-***.**"
    assert host.read_applicant("9002").ssin is None  # not a Belgian number: asked at approval


def test_bullhorn_writes_custom_fields_in_one_call_as_epoch_milliseconds(
    bullhorn: BullhornFake,
) -> None:
    host = _bullhorn_host(bullhorn, connection_id=102)
    host.write_values("9001", RESULT)
    record = bullhorn.candidates["9001"]
    assert record["customText11"] == "Yes"
    assert record["customInt11"] == 412
    until = dt.datetime.fromtimestamp(record["customDate11"] / 1000, dt.UTC)
    # The last day of the window, to its end in Brussels.
    assert until == dt.datetime(2026, 12, 28, 22, 59, 59, tzinfo=dt.UTC)
    assert record["customText12"] == "Access granted"
    assert host.read_values("9001")[FieldKey.FLEXI_CONSULTABLE_UNTIL] == dt.date(2026, 12, 28)
    assert host.read_values("9001")[FieldKey.FLEXI_ELIGIBLE] is True


def test_bullhorn_logs_in_once_and_refreshes_when_the_session_ended(
    bullhorn: BullhornFake,
) -> None:
    host = _bullhorn_host(bullhorn, connection_id=103)
    host.read_applicant("9001")
    host.read_applicant("9001")
    assert bullhorn.logins == 1
    bullhorn.end_sessions()
    host.write_values("9001", {FieldKey.STUDENT_HOURS_REMAINING: 5})
    assert bullhorn.logins == 2  # a new REST session …
    assert bullhorn.refreshes == 1  # … from the refresh token,
    assert host.session.full_logins == 1  # not the password again
    assert bullhorn.candidates["9001"]["customInt11"] == 5
    # The data centre came from loginInfo; the global address only answered it.
    assert ("GET", "/rest-services/loginInfo") in bullhorn.calls
    assert all(path.startswith("/dc2/") for _, path in bullhorn.calls[1:])


def test_bullhorn_with_a_wrong_password_fails_clearly(bullhorn: BullhornFake) -> None:
    plugin = BullhornPlugin(_http())
    config = ConnectionConfig(
        id=104,
        tenant_id=1,
        kind="bullhorn",
        name="b",
        language="en",
        settings={
            "corporation_id": "4242",
            "client_id": bullhorn.client_id,
            "username": bullhorn.username,
            "login_url": bullhorn.url,
        },
        secrets={"client_secret": bullhorn.client_secret, "password": "wrong"},
        mapping=FieldMapping(plugin.default_mapping("en")),
    )
    with pytest.raises(AtsError) as caught:
        plugin.host(config).read_applicant("9001")
    assert caught.value.status == 401
    assert "wrong" not in str(caught.value)
