"""Whose approval it is (issue 10): a request bound to no NISS, approved by someone, gives nothing
for the applicant until a person of the employer accepts that citizen; the sandbox over HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from precontract.audit import AuditAction, MemoryAuditSink
from precontract.client import PrecontractClient
from precontract.eligibility import EligibilityChecker
from precontract.fields import FLEXI_KEYS, STUDENT_KEYS, FieldKey, values_from_outcome
from precontract.identity import Match, names_match
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind
from precontract.sandbox import personas

EMMA = personas.STUDENT_FEW_HOURS  # a student with 38 hours left
LUCAS = personas.STUDENT_FULL  # another test citizen, 650 hours left


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()


@pytest.fixture
def checker(
    sandbox_client: PrecontractClient, audit: MemoryAuditSink, sandbox: Any
) -> EligibilityChecker:
    return EligibilityChecker.from_client(sandbox_client, audit=audit, clock=sandbox.now)


def emma(**fields: Any) -> Applicant:
    """Emma as an ATS without NISS knows her: a name and a birth date."""
    known: dict[str, Any] = {"name": "Emma Claes", "birth_date": dt.date(2004, 9, 23)}
    known.update(fields)
    return Applicant(reference="cand-7", **known)


def approved_by(
    checker: EligibilityChecker, sandbox: Any, citizen: personas.Persona, applicant: Applicant
) -> CheckOutcome:
    first = checker.check(applicant, actor="roos")
    assert first.kind is OutcomeKind.NEEDS_APPROVAL
    assert first.request is not None
    assert first.request.ssin is None
    sandbox.approve(first.request_id, citizen.ssin.compact)
    return checker.check(applicant, state=first.state, actor="roos")


def consultations(audit: MemoryAuditSink) -> int:
    return sum(e.action is AuditAction.CONSULTATION for e in audit.events)


def test_emma_approved_by_another_citizen_gets_nothing_and_the_mismatch_is_shown(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    outcome = approved_by(checker, sandbox, LUCAS, emma())
    assert outcome.kind is OutcomeKind.CONFIRM_APPROVER
    assert outcome.data is None
    approver = outcome.approver
    assert approver is not None
    assert approver.masked_ssin == "05.03.18-***.**"
    assert approver.birth_date == dt.date(2005, 3, 18)
    assert approver.name == "Lucas Janssens"
    assert approver.name_match is Match.MISMATCH
    assert approver.birth_date_match is Match.MISMATCH
    assert approver.match is Match.MISMATCH
    lines = approver.lines("nl")
    assert (
        lines[0] == "Goedgekeurd door Lucas Janssens (INSZ 05.03.18-***.**, geboren op 18/03/2005)."
    )
    assert "komt NIET overeen" in lines[1]
    assert lines[-1].startswith("Let op:")
    assert outcome.message("en").startswith("Approved by someone — confirm")
    # Nothing was read and nothing of Lucas is the applicant's: no NISS to store, no values.
    assert consultations(audit) == 0
    assert outcome.ssin is None
    assert outcome.state.ssin is None
    values = values_from_outcome(outcome)
    assert values[FieldKey.MANDATE_STATUS] == "confirm_approver"
    assert all(values[key] is None for key in (*FLEXI_KEYS, *STUDENT_KEYS))
    assert values[FieldKey.REQUEST_URL] is None
    # Asking again changes nothing until someone accepts.
    again = checker.check(emma(), state=outcome.state)
    assert again.kind is OutcomeKind.CONFIRM_APPROVER
    assert consultations(audit) == 0


def test_accepting_the_approver_binds_their_niss_reads_the_data_and_is_audited(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    unconfirmed = approved_by(checker, sandbox, LUCAS, emma())
    result = checker.accept_approver(emma(), unconfirmed.state, actor="an.recruiter")
    assert result.kind is OutcomeKind.RESULT
    assert result.data is not None
    assert result.data.student_at_work is not None
    assert result.data.student_at_work.remaining_hours == 650  # Lucas's, as the recruiter chose
    assert result.state.ssin == LUCAS.ssin
    accepted = [e for e in audit.events if e.action is AuditAction.APPROVER_ACCEPTED]
    assert len(accepted) == 1
    event = accepted[0]
    assert event.actor == "an.recruiter"
    assert event.ssin == LUCAS.ssin.masked
    assert event.request_id == unconfirmed.request_id
    assert event.mandate_id == unconfirmed.mandate_id
    assert event.result == "mismatch"
    # The consultation that follows names the same actor, request and mandate.
    [consultation] = [e for e in audit.events if e.action is AuditAction.CONSULTATION]
    assert consultation.actor == "an.recruiter"
    assert consultation.request_id == unconfirmed.request_id
    assert consultation.mandate_id == unconfirmed.mandate_id
    assert audit.events.index(event) < audit.events.index(consultation)
    # Once accepted, the stored state is enough: no second confirmation, no second acceptance.
    again = checker.check(emma(), state=result.state)
    assert again.kind is OutcomeKind.RESULT
    assert sum(e.action is AuditAction.APPROVER_ACCEPTED for e in audit.events) == 1


def test_emma_approving_herself_still_asks_but_shows_a_match(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    outcome = approved_by(checker, sandbox, EMMA, emma(name="CLAES Emma"))
    assert outcome.kind is OutcomeKind.CONFIRM_APPROVER
    assert outcome.approver is not None
    assert outcome.approver.name_match is Match.MATCH
    assert outcome.approver.birth_date_match is Match.MATCH
    assert outcome.approver.match is Match.MATCH
    assert not any("Let op" in line for line in outcome.approver.lines("nl"))
    assert consultations(audit) == 0
    result = checker.check(emma(), state=outcome.state, accept_approver=True, actor="roos")
    assert result.kind is OutcomeKind.RESULT
    assert result.data is not None
    assert result.data.student_at_work is not None
    assert result.data.student_at_work.remaining_hours == 38


def test_what_the_host_does_not_know_cannot_be_compared(
    checker: EligibilityChecker, sandbox: Any
) -> None:
    outcome = approved_by(checker, sandbox, LUCAS, Applicant(reference="cand-8"))
    assert outcome.approver is not None
    assert outcome.approver.name == "Lucas Janssens"
    assert outcome.approver.name_match is Match.UNKNOWN
    assert outcome.approver.birth_date_match is Match.UNKNOWN
    assert outcome.approver.match is Match.UNKNOWN


def test_rejecting_the_approver_drops_the_request_and_is_audited(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    unconfirmed = approved_by(checker, sandbox, LUCAS, emma())
    rejected = checker.reject_approver(emma(), unconfirmed.state, actor="roos")
    assert rejected.kind is OutcomeKind.CANCELLED
    assert rejected.state == CheckState()
    assert values_from_outcome(rejected)[FieldKey.STUDENT_HOURS_REMAINING] is None
    [event] = [e for e in audit.events if e.action is AuditAction.APPROVER_REJECTED]
    assert event.actor == "roos"
    assert event.request_id == unconfirmed.request_id
    assert consultations(audit) == 0
    # The next check starts over with a new request, bound to Emma now that her NISS is typed.
    fresh = checker.check(emma(ssin=EMMA.ssin), state=rejected.state)
    assert fresh.kind is OutcomeKind.NEEDS_APPROVAL
    assert fresh.request is not None
    assert fresh.request.ssin == EMMA.ssin


def test_a_stored_mandate_id_alone_does_not_skip_the_confirmation(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    unconfirmed = approved_by(checker, sandbox, LUCAS, emma())
    only_mandate = CheckState(mandate_id=unconfirmed.mandate_id)
    outcome = checker.check(emma(), state=only_mandate)
    assert outcome.kind is OutcomeKind.CONFIRM_APPROVER
    assert outcome.approver is not None
    assert outcome.approver.ssin == LUCAS.ssin
    assert consultations(audit) == 0


def test_a_request_approved_by_someone_else_than_the_known_niss_is_not_used(
    checker: EligibilityChecker, sandbox: Any, audit: MemoryAuditSink
) -> None:
    unconfirmed = approved_by(checker, sandbox, LUCAS, emma())
    # The recruiter typed Emma's NISS since: Lucas's approval is not hers, a bound request is made.
    outcome = checker.check(emma(ssin=EMMA.ssin), state=unconfirmed.state)
    assert outcome.kind is OutcomeKind.NEEDS_APPROVAL
    assert outcome.request is not None
    assert outcome.request.ssin == EMMA.ssin
    assert consultations(audit) == 0


def test_a_request_bound_to_the_niss_is_the_applicants_without_confirmation(
    checker: EligibilityChecker, sandbox: Any
) -> None:
    first = checker.check(emma(ssin=EMMA.ssin))
    sandbox.approve(first.request_id, EMMA.ssin.compact)
    # The host kept the state only (the NISS is in it): still the applicant's.
    result = checker.check(emma(), state=first.state)
    assert result.kind is OutcomeKind.RESULT


def test_the_sandbox_names_the_citizen_of_a_mandate(
    checker: EligibilityChecker, sandbox: Any, sandbox_client: PrecontractClient
) -> None:
    unconfirmed = approved_by(checker, sandbox, LUCAS, emma())
    mandate = sandbox_client.mandates.get_mandate(unconfirmed.mandate_id or "")
    assert mandate.citizen_name == "Lucas Janssens"


@pytest.mark.parametrize(
    ("known", "registered", "expected"),
    [
        ("Emma Claes", "Emma Claes", Match.MATCH),
        ("claes, émma", "Emma Claes", Match.MATCH),
        ("Emma Claes", "Emma Marie Claes", Match.MATCH),  # a second given name
        ("Emma Claes", "Lucas Janssens", Match.MISMATCH),
        ("Emma Claes", "Emma Janssens", Match.MISMATCH),
        ("", "Emma Claes", Match.UNKNOWN),
        ("Emma Claes", None, Match.UNKNOWN),
    ],
)
def test_names_are_compared_word_by_word(
    known: str, registered: str | None, expected: Match
) -> None:
    assert names_match(known, registered) is expected
