"""Write back only what changed (issue 11, point 3), counted at the fakes: a write-back that
changes nothing makes no write call (only the reads needed to know it), a changed value makes
one; Bullhorn's report touches the candidate's files only when there may be a proof to add or
remove."""

from __future__ import annotations

from typing import Any

from precontract.fields import FieldKey
from precontract_ats.ats.base import CheckRef, Report, ReportKind

from .fakes.bullhorn_fake import BullhornFake
from .fakes.recruitee_fake import RecruiteeFake
from .fakes.teamtailor_fake import TeamtailorFake
from .test_hosts import RESULT, _bullhorn_host, _recruitee_host, _teamtailor_host


def _calls(fake: Any) -> list[tuple[str, str]]:
    calls = list(fake.calls)
    fake.calls.clear()
    return calls


def test_recruitee_unchanged_write_back_only_reads_the_candidate(
    recruitee_fake: RecruiteeFake,
) -> None:
    fake = recruitee_fake
    _recruitee_host(fake).write_values("501", RESULT)
    first = _calls(fake)
    assert [m for m, _ in first].count("POST") == len(fake.candidates["501"]["fields"])

    _recruitee_host(fake).write_values("501", RESULT)  # the next delivery, nothing changed
    assert [m for m, _ in _calls(fake)] == ["GET"]

    _recruitee_host(fake).write_values("501", {**RESULT, FieldKey.STUDENT_HOURS_REMAINING: 400})
    assert [m for m, _ in _calls(fake)] == ["GET", "PATCH"]
    assert fake.field_values("501")["Resterende studentenuren"] == 400

    cleared = {**RESULT, FieldKey.STUDENT_HOURS_REMAINING: 400, FieldKey.FLEXI_ELIGIBLE: None}
    _recruitee_host(fake).write_values("501", cleared)
    assert [m for m, _ in _calls(fake)] == ["GET", "PATCH"]
    _recruitee_host(fake).write_values("501", cleared)
    assert [m for m, _ in _calls(fake)] == ["GET"]  # an empty field stays empty without a call


def test_teamtailor_unchanged_write_back_only_reads(teamtailor_fake: TeamtailorFake) -> None:
    fake = teamtailor_fake
    _teamtailor_host(fake).write_values("54321", RESULT)
    _calls(fake)
    _teamtailor_host(fake).write_values("54321", RESULT)
    calls = _calls(fake)
    assert {m for m, _ in calls} == {"GET"}
    assert len(calls) == 2  # the company's custom fields, the candidate's values (one page each)

    _teamtailor_host(fake).write_values("54321", {**RESULT, FieldKey.STUDENT_HOURS_REMAINING: 9})
    assert [m for m, _ in _calls(fake) if m != "GET"] == ["PATCH"]
    _teamtailor_host(fake).write_values(
        "54321", {**RESULT, FieldKey.STUDENT_HOURS_REMAINING: 9, FieldKey.FLEXI_ELIGIBLE: None}
    )
    assert [m for m, _ in _calls(fake) if m != "GET"] == ["DELETE"]


def _file_calls(fake: BullhornFake) -> list[str]:
    return [
        method
        for method, path in _calls(fake)
        if "fileAttachments" in path or "/file/Candidate" in path
    ]


def test_bullhorn_reports_list_the_files_only_when_a_proof_may_change(
    bullhorn_fake: BullhornFake,
) -> None:
    fake = bullhorn_fake
    host = _bullhorn_host(fake, connection_id=301)
    check = CheckRef(id=41, token="t", candidate_ref="9001", context={}, page_url="http://x/r/t")

    host.report(check, Report(kind=ReportKind.LINK, page_url=check.page_url))
    assert _file_calls(fake) == []
    host.report(check, Report(kind=ReportKind.COMPLETED, page_url=check.page_url, proof=b"%PDF"))
    assert _file_calls(fake) == ["GET", "PUT"]
    assert len(fake.live_files("9001")) == 1
    host.report(check, Report(kind=ReportKind.CLEARED, page_url=check.page_url))
    assert _file_calls(fake) == ["GET", "DELETE"]
    assert fake.live_files("9001") == []

    # A refused or cancelled check never attached anything: no file call.
    other = CheckRef(id=42, token="u", candidate_ref="9001", context={}, page_url="http://x/r/u")
    host.report(other, Report(kind=ReportKind.FAILED, page_url=other.page_url))
    host.report(other, Report(kind=ReportKind.CANCELED, page_url=other.page_url))
    assert _file_calls(fake) == []

    # A check taking over from one that had a result removes that one's proof at once.
    host.report(check, Report(kind=ReportKind.COMPLETED, page_url=check.page_url, proof=b"%PDF"))
    _calls(fake)
    newer = CheckRef(
        id=43,
        token="v",
        candidate_ref="9001",
        context={"replaces_proof": True},
        page_url="http://x/r/v",
    )
    host.report(newer, Report(kind=ReportKind.LINK, page_url=newer.page_url))
    assert _file_calls(fake) == ["GET", "DELETE"]
    assert fake.live_files("9001") == []
