"""The eligibility workflow against the sandbox over HTTP: every outcome, resuming from stored
ids, revocation and expiry, the start-date warnings and the audit trail."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from precontract.api.profile import AccessRequestStatus, DataType, MandateStatus
from precontract.audit import AuditAction, MemoryAuditSink
from precontract.client import PrecontractClient
from precontract.config import Settings
from precontract.eligibility import EligibilityChecker
from precontract.errors import ConfigurationError, NoActiveMandate, ServerError
from precontract.fields import FLEXI_KEYS, STUDENT_KEYS, FieldKey, values_from_outcome
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind
from precontract.sandbox import personas
from precontract.timeutil import BRUSSELS, brussels_today, end_of_day

EMPLOYER = EnterpriseNumber.parse("0403019261")
OTHER_EMPLOYER = EnterpriseNumber.parse("0202239951")

WORKER = personas.FLEXI_WORKER.ssin
BOTH = personas.STUDENT_AND_FLEXI.ssin


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()


@pytest.fixture
def checker(
    sandbox_client: PrecontractClient, audit: MemoryAuditSink, sandbox: Any
) -> EligibilityChecker:
    # The workflow's clock follows the sandbox's, so moving one moves both.
    return EligibilityChecker.from_client(sandbox_client, audit=audit, clock=sandbox.now)


def applicant(ssin: Ssin | None = WORKER, reference: str = "applicant-1") -> Applicant:
    return Applicant(reference=reference, name="Maria Peeters", ssin=ssin)


def approved(
    checker: EligibilityChecker, sandbox: Any, ssin: Ssin = WORKER, **kwargs: Any
) -> CheckOutcome:
    """Ask, let the persona approve, and check again: the result with its data."""
    first = checker.check(applicant(ssin), **kwargs)
    assert first.kind is OutcomeKind.NEEDS_APPROVAL
    assert first.request_id is not None
    sandbox.approve(first.request_id, str(ssin))
    return checker.check(applicant(ssin), state=first.state, **kwargs)


def created_requests(audit: MemoryAuditSink) -> int:
    return sum(e.action is AuditAction.ACCESS_REQUEST_CREATED for e in audit.events)


# --------------------------------------------------------------------------- needs approval


def test_a_first_check_creates_a_request_bound_to_the_niss(
    checker: EligibilityChecker,
    sandbox_client: PrecontractClient,
    sandbox: Any,
    audit: MemoryAuditSink,
) -> None:
    outcome = checker.check(applicant(), actor="roos")
    assert outcome.kind is OutcomeKind.NEEDS_APPROVAL
    assert outcome.data is None
    assert outcome.approval_url is not None
    assert outcome.approval_url.startswith(sandbox.url)
    # The link must be approved on the day it was made (Brussels time).
    assert outcome.approval_expires_at == end_of_day(sandbox.now())
    on_server = sandbox_client.mandates.get_access_request(outcome.request_id or "")
    assert on_server.status is AccessRequestStatus.PENDING
    assert on_server.ssin == WORKER
    assert on_server.employer.enterprise_number == EMPLOYER
    assert outcome.state == CheckState(request_id=on_server.request_id, ssin=WORKER)
    # The QR code of the outcome carries exactly the link.
    image = Image.open(io.BytesIO(outcome.qr_png()))
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [outcome.approval_url]
    [event] = audit.events
    assert event.action is AuditAction.ACCESS_REQUEST_CREATED
    assert event.ssin == WORKER.masked
    assert event.actor == "roos"
    assert event.request_id == outcome.request_id
    assert event.employer == EMPLOYER.compact
    assert event.applicant_reference == "applicant-1"


def test_without_a_niss_whoever_approves_is_the_applicant_once_accepted(
    checker: EligibilityChecker, sandbox: Any
) -> None:
    first = checker.check(applicant(ssin=None))
    assert first.kind is OutcomeKind.NEEDS_APPROVAL
    assert first.ssin is None
    sandbox.approve(first.request_id, str(BOTH))
    unconfirmed = checker.check(applicant(ssin=None), state=first.state)
    assert unconfirmed.kind is OutcomeKind.CONFIRM_APPROVER
    assert unconfirmed.state.ssin is None
    result = checker.accept_approver(applicant(ssin=None), unconfirmed.state, actor="roos")
    assert result.kind is OutcomeKind.RESULT
    assert result.ssin == BOTH
    assert result.data is not None
    assert result.data.ssin == BOTH
    # The NISS accepted from the approval is part of what the host stores.
    assert result.state.ssin == BOTH


# --------------------------------------------------------------------------- pending → result


def test_pending_then_approved_goes_on_to_the_data_in_the_same_call(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    first = checker.check(applicant())
    pending = checker.check(applicant(), state=first.state)
    assert pending.kind is OutcomeKind.PENDING
    assert pending.request_id == first.request_id
    assert pending.approval_url == first.approval_url, "the same QR code can be shown again"
    assert created_requests(audit) == 1

    sandbox.approve(first.request_id, str(WORKER))
    result = checker.check(applicant(), state=pending.state)
    assert result.kind is OutcomeKind.RESULT
    assert result.mandate is not None
    assert result.mandate.status is MandateStatus.ACTIVE
    assert result.data is not None
    flexi = result.data.flexi_job
    assert flexi is not None
    assert flexi.eligible is True
    assert flexi.period is not None
    assert flexi.period.covers(brussels_today(sandbox.now()))
    # Flexi data may be consulted for a month after the approval.
    today = brussels_today(sandbox.now())
    assert flexi.consultable_until == result.mandate.valid_until(DataType.FLEXI_JOB_ELIGIBILITY)
    assert flexi.consultable_until is not None
    assert 28 <= (flexi.consultable_until - today).days <= 31
    assert result.state.mandate_id == result.mandate.mandate_id
    assert created_requests(audit) == 1
    consultation = audit.events[-1]
    assert consultation.action is AuditAction.CONSULTATION
    assert consultation.result == "data"
    assert consultation.mandate_id == result.mandate.mandate_id
    assert consultation.ssin == WORKER.masked
    assert DataType.FLEXI_JOB_ELIGIBILITY.value in consultation.data_types


def test_student_hours_come_with_their_year_as_of_and_three_months(
    checker: EligibilityChecker, sandbox: Any
) -> None:
    result = approved(checker, sandbox, BOTH)
    assert result.data is not None
    student = result.data.student_at_work
    assert student is not None
    assert student.year == brussels_today(sandbox.now()).year
    assert 0 <= student.remaining_hours <= student.contingent_hours
    assert student.consultable_until is not None
    days = (student.consultable_until - brussels_today(sandbox.now())).days
    assert 89 <= days <= 92
    values = values_from_outcome(result)
    assert values[FieldKey.STUDENT_HOURS_REMAINING] == student.remaining_hours
    assert values[FieldKey.STUDENT_CONSULTABLE_UNTIL] == student.consultable_until
    assert values[FieldKey.MANDATE_STATUS] == "active"


def test_an_active_mandate_is_found_from_the_niss_alone(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    approved(checker, sandbox)
    again = checker.check(applicant())  # the host lost the ids, but knows the NISS
    assert again.kind is OutcomeKind.RESULT
    assert created_requests(audit) == 1, "no second request for an applicant who already agreed"


def test_a_mandate_for_another_employer_does_not_count(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    result = approved(checker, sandbox)
    other = checker.check(applicant(), employer=OTHER_EMPLOYER, state=result.state)
    assert other.kind is OutcomeKind.NEEDS_APPROVAL
    assert other.employer == OTHER_EMPLOYER
    assert created_requests(audit) == 2


def test_only_the_data_types_of_the_mandate_are_returned(
    checker: EligibilityChecker, sandbox_client: PrecontractClient, sandbox: Any
) -> None:
    request = sandbox_client.mandates.create_access_request(
        requester=sandbox_client.settings.requester,
        employer=EMPLOYER,
        ssin=BOTH,
        data_types=[DataType.STUDENT_HOURS],
    )
    sandbox.approve(request.request_id, str(BOTH))
    result = checker.check(applicant(BOTH), state=CheckState(request_id=request.request_id))
    assert result.kind is OutcomeKind.RESULT
    assert result.data is not None
    assert result.data.flexi_job is None
    assert result.data.student_at_work is not None
    values = values_from_outcome(result)
    assert all(values[key] is None for key in FLEXI_KEYS)


# --------------------------------------------------------------------------- resume


def test_resume_after_a_restart_from_the_stored_ids_only(
    sandbox_settings: Settings, sandbox: Any
) -> None:
    with PrecontractClient(sandbox_settings) as first_client:
        first_checker = EligibilityChecker.from_client(
            first_client, audit=MemoryAuditSink(), clock=sandbox.now
        )
        first = first_checker.check(applicant())
    stored = json.dumps({"request_id": first.state.request_id, "ssin": str(first.state.ssin)})
    sandbox.approve(first.request_id, str(WORKER))

    # A new process: new client, new checker, only what the host stored.
    saved = json.loads(stored)
    state = CheckState(request_id=saved["request_id"], ssin=Ssin.parse(saved["ssin"]))
    audit = MemoryAuditSink()
    with PrecontractClient(sandbox_settings) as second_client:
        second_checker = EligibilityChecker.from_client(
            second_client, audit=audit, clock=sandbox.now
        )
        result = second_checker.check(Applicant(reference="applicant-1"), state=state)
    assert result.kind is OutcomeKind.RESULT
    assert result.ssin == WORKER
    assert created_requests(audit) == 0


def test_stored_ids_the_server_does_not_know_start_over(
    checker: EligibilityChecker, audit: MemoryAuditSink
) -> None:
    stale = CheckState(request_id="no-such-request", mandate_id="no-such-mandate")
    outcome = checker.check(applicant(), state=stale)
    assert outcome.kind is OutcomeKind.NEEDS_APPROVAL
    assert outcome.request_id != "no-such-request"
    assert created_requests(audit) == 1


# --------------------------------------------------------------------------- final outcomes


def test_a_refused_request_shows_no_data_and_the_next_check_asks_again(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    first = checker.check(applicant())
    sandbox.refuse(first.request_id, str(WORKER))
    refused = checker.check(applicant(), state=first.state)
    assert refused.kind is OutcomeKind.REFUSED
    assert refused.data is None
    assert refused.state == CheckState(ssin=WORKER)
    assert refused.message("nl") == "De sollicitant heeft de toegangsaanvraag geweigerd."
    again = checker.check(applicant(), state=refused.state)
    assert again.kind is OutcomeKind.NEEDS_APPROVAL
    assert again.request_id != first.request_id
    assert created_requests(audit) == 2


def test_a_request_not_approved_the_same_day_expires(
    checker: EligibilityChecker, sandbox: Any
) -> None:
    first = checker.check(applicant())
    sandbox.advance(dt.timedelta(days=1))
    expired = checker.check(applicant(), state=first.state)
    assert expired.kind is OutcomeKind.EXPIRED
    assert expired.approval_url is None
    assert expired.data is None


def test_a_new_request_cancels_the_pending_one(
    checker: EligibilityChecker, sandbox_client: PrecontractClient, audit: MemoryAuditSink
) -> None:
    first = checker.check(applicant())
    second = checker.check(applicant(), state=first.state, new_request=True)
    assert second.kind is OutcomeKind.NEEDS_APPROVAL
    assert second.request_id != first.request_id
    old = sandbox_client.mandates.get_access_request(first.request_id or "")
    assert old.status is AccessRequestStatus.CANCELLED
    assert [(e.action, e.result) for e in audit.events] == [
        (AuditAction.ACCESS_REQUEST_CREATED, "PENDING"),
        (AuditAction.ACCESS_REQUEST_CANCELLED, "cancelled"),
        (AuditAction.ACCESS_REQUEST_CREATED, "PENDING"),
    ]
    assert audit.events[1].request_id == first.request_id
    # A host still holding the old state learns it was cancelled.
    cancelled = checker.check(applicant(), state=first.state)
    assert cancelled.kind is OutcomeKind.CANCELLED


def test_a_request_the_api_refuses_is_recorded_with_the_error(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    sandbox.inject_fault("createAccessRequest", "status", status=500)
    with pytest.raises(ServerError):
        checker.check(applicant())
    [event] = audit.events
    assert event.action is AuditAction.ACCESS_REQUEST_CREATED
    assert (event.result, event.request_id) == ("error:ServerError", None)
    assert event.detail is not None
    assert "-> 500" in event.detail
    assert event.ssin == WORKER.masked
    assert WORKER.compact not in event.detail


def test_revocation_between_two_checks(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    result = approved(checker, sandbox)
    assert result.kind is OutcomeKind.RESULT
    consultations = sum(e.action is AuditAction.CONSULTATION for e in audit.events)
    sandbox.revoke(result.mandate_id)

    revoked = checker.check(applicant(), state=result.state)
    assert revoked.kind is OutcomeKind.REVOKED
    assert revoked.data is None
    values = values_from_outcome(revoked)
    assert all(values[key] is None for key in (*FLEXI_KEYS, *STUDENT_KEYS))
    assert values[FieldKey.MANDATE_STATUS] == "revoked"
    # No consultation was attempted under a revoked mandate.
    assert sum(e.action is AuditAction.CONSULTATION for e in audit.events) == consultations
    # The next check, from what the host keeps after a revocation, asks again.
    assert checker.check(applicant(), state=revoked.state).kind is OutcomeKind.NEEDS_APPROVAL


def test_flexi_runs_out_after_a_month_and_the_rest_after_three(
    checker: EligibilityChecker, sandbox: Any
) -> None:
    result = approved(checker, sandbox, BOTH)
    assert result.data is not None
    assert result.data.flexi_job is not None
    assert result.data.student_at_work is not None

    sandbox.advance(dt.timedelta(days=32))
    later = checker.check(applicant(BOTH), state=result.state)
    assert later.kind is OutcomeKind.RESULT
    assert later.data is not None
    assert later.data.flexi_job is None, "flexi data may no longer be consulted"
    assert later.data.student_at_work is not None

    sandbox.advance(dt.timedelta(days=70))
    ended = checker.check(applicant(BOTH), state=later.state)
    assert ended.kind is OutcomeKind.EXPIRED
    assert ended.data is None


def test_a_refusal_by_the_data_api_is_told_as_revoked_not_raised(
    sandbox_client: PrecontractClient, sandbox: Any, audit: MemoryAuditSink
) -> None:
    class RevokedMeanwhile:
        """The citizen revokes between our mandate read and the data call."""

        def precontractual_data(self, ssin: Ssin, *, employer: EnterpriseNumber) -> Any:
            raise NoActiveMandate(status=403, title="No active citizen mandate")

    setup = EligibilityChecker.from_client(
        sandbox_client, audit=MemoryAuditSink(), clock=sandbox.now
    )
    result = approved(setup, sandbox)
    racing = EligibilityChecker(
        sandbox_client.mandates,
        RevokedMeanwhile(),  # type: ignore[arg-type]
        requester=sandbox_client.settings.requester,
        default_employer=EMPLOYER,
        audit=audit,
        clock=sandbox.now,
    )
    outcome = racing.check(applicant(), state=result.state)
    assert outcome.kind is OutcomeKind.REVOKED
    assert outcome.data is None
    [event] = audit.events
    assert event.action is AuditAction.CONSULTATION
    assert event.result == "no_active_mandate"


# --------------------------------------------------------------------------- warnings


def _next_quarter_start(today: dt.date) -> dt.date:
    month = ((today.month - 1) // 3 + 1) * 3 + 1
    return dt.date(today.year + (month > 12), (month - 1) % 12 + 1, 1)


def test_a_planned_start_in_another_quarter_warns(
    checker: EligibilityChecker, sandbox: Any
) -> None:
    today = brussels_today(sandbox.now())
    next_quarter = _next_quarter_start(today)
    result = approved(checker, sandbox, planned_start=next_quarter)
    codes = [w.code for w in result.warnings]
    assert "flexi_period_not_covering_start" in codes
    warning = next(w for w in result.warnings if w.code == "flexi_period_not_covering_start")
    assert next_quarter.strftime("%d/%m/%Y") in warning.message("fr")
    assert "kwartaal" in warning.message("nl")

    inside = checker.check(applicant(), state=result.state, planned_start=today)
    assert inside.kind is OutcomeKind.RESULT
    assert inside.warnings == ()


def test_a_planned_start_in_another_year_warns_about_student_hours(
    checker: EligibilityChecker, sandbox: Any
) -> None:
    today = brussels_today(sandbox.now())
    next_year = dt.date(today.year + 1, 2, 1)
    result = approved(checker, sandbox, BOTH, planned_start=next_year)
    codes = {w.code for w in result.warnings}
    assert "student_year_differs" in codes
    assert "flexi_period_not_covering_start" in codes
    message = next(w for w in result.warnings if w.code == "student_year_differs").message("en")
    assert str(today.year) in message
    assert str(next_year.year) in message


# --------------------------------------------------------------------------- input and audit


def test_without_an_employer_nothing_is_sent(
    sandbox_client: PrecontractClient, audit: MemoryAuditSink
) -> None:
    checker = EligibilityChecker(
        sandbox_client.mandates,
        sandbox_client.citizen_data,
        requester=sandbox_client.settings.requester,
        audit=audit,
    )
    with pytest.raises(ConfigurationError) as info:
        checker.check(applicant())
    assert "employer" in info.value.user_message("en").lower()
    assert audit.events == []


@pytest.mark.skipif(sys.platform != "linux", reason="XDG data folder")
def test_from_client_writes_json_lines_to_the_users_data_folder(
    sandbox_client: PrecontractClient, sandbox: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    checker = EligibilityChecker.from_client(sandbox_client, clock=sandbox.now)
    result = approved(checker, sandbox)
    path = tmp_path / "precontract" / "audit.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["action"] for line in lines] == ["access_request.created", "consultation"]
    assert all(line["ssin"] == WORKER.masked for line in lines)
    assert str(WORKER) not in path.read_text(encoding="utf-8")
    assert lines[1]["mandateId"] == result.mandate_id
    assert dt.datetime.fromisoformat(lines[1]["at"]).astimezone(BRUSSELS).date() == brussels_today(
        sandbox.now()
    )
