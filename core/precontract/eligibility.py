"""The eligibility check a plugin's button triggers.

:meth:`EligibilityChecker.check` answers one :class:`~precontract.outcome.CheckOutcome`:

- an active mandate for this applicant and employer → the precontractual data → ``RESULT``;
- none → a new access request (bound to the NISS when the host knows it) → ``NEEDS_APPROVAL``;
- a known request → ``PENDING`` / ``REFUSED`` / ``EXPIRED`` / ``CANCELLED``, or, once approved,
  straight on to the data in the same call;
- an approved request that was bound to no NISS → ``CONFIRM_APPROVER``: who approved (masked
  NISS, birth date, name) compared with the applicant, and **no data** until a person of the
  employer accepts that citizen (:meth:`EligibilityChecker.accept_approver`, audited);
- a mandate that was revoked or ran out → ``REVOKED`` / ``EXPIRED``, never its data.

Whose approval it is: the applicant's NISS is known when the host gives it (``applicant.ssin``)
or the state carries it (``state.ssin``: the request was bound to it, or its approver was
accepted). A mandate of another NISS is never used for the applicant. With no NISS known, a
mandate is only used once its citizen was accepted.

The checker keeps no hidden state: the host stores ``outcome.state`` and gives it back.

The order of a check, given what the host stored:

1. a stored **mandate id** → read that mandate: active → data; revoked/expired → that outcome;
2. a stored **request id** → read that request: approved → its mandate → data; otherwise its
   status (a pending request is answered as ``PENDING`` with its link, for the QR code again);
3. a known **NISS** → the active mandates of this employer for that NISS → data;
4. a request of this employer still **pending** for that NISS (or, without one, made with the
   applicant's reference and bound to no one) → ``PENDING`` with its link: a second check never
   makes a second request while one waits;
5. otherwise → a new access request (carrying the applicant's reference).

Steps 1 and 2 answer ``CONFIRM_APPROVER`` instead of the data when no NISS is known.

Stored ids the server no longer knows (another environment, a purged sandbox) are dropped and
the check goes on with the next step. Every access request created or cancelled and every
consultation of the data is recorded through the :mod:`audit <precontract.audit>` sink.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from precontract.api.profile import (
    AccessRequest,
    AccessRequestStatus,
    DataType,
    Mandate,
    MandateStatus,
    PrecontractualData,
)
from precontract.audit import (
    AuditAction,
    AuditEvent,
    AuditSink,
    JsonLinesAuditSink,
    default_audit_path,
)
from precontract.errors import (
    ConfigurationError,
    Conflict,
    InvalidIdentifier,
    NoActiveMandate,
    NotFound,
    PrecontractError,
)
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.identity import Approver
from precontract.integrity import consultation_record, integrity_code, new_salt
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind, Warning_
from precontract.timeutil import Clock, brussels_today, system_clock

if TYPE_CHECKING:
    from precontract.api.citizen_data import CitizenDataClient
    from precontract.api.mandates import MandatesClient
    from precontract.client import PrecontractClient

__all__ = ["EligibilityChecker"]

_T = TypeVar("_T")


class _NoEmployer(ConfigurationError):
    message_key = "error.no_employer"


def _day(day: dt.date) -> str:
    # The way dates are written in Belgium, in all three languages.
    return day.strftime("%d/%m/%Y")


class EligibilityChecker:
    """Runs checks for one requester (the organisation holding the REST account)."""

    def __init__(
        self,
        mandates: MandatesClient,
        citizen_data: CitizenDataClient,
        *,
        requester: EnterpriseNumber,
        default_employer: EnterpriseNumber | None = None,
        audit: AuditSink | None = None,
        clock: Clock = system_clock,
        trust_unbound_approver: bool = False,
    ) -> None:
        self.mandates = mandates
        self.citizen_data = citizen_data
        self.requester = requester
        self.default_employer = default_employer
        # Every consultation is recorded: without a sink of the host's, the default file.
        self.audit: AuditSink = (
            audit if audit is not None else JsonLinesAuditSink(default_audit_path())
        )
        self.clock = clock
        # Transitional, for a host that does not offer the confirmation step yet: whoever
        # approves a request bound to no NISS is taken as the applicant, as before issue 10.
        self.trust_unbound_approver = trust_unbound_approver

    @classmethod
    def from_client(
        cls,
        client: PrecontractClient,
        *,
        audit: AuditSink | None = None,
        clock: Clock = system_clock,
        trust_unbound_approver: bool = False,
    ) -> EligibilityChecker:
        """A checker over ``client``'s APIs, for its settings' requester and employer.

        Without ``audit``, events go to the JSON-lines file named by the ``audit_log`` setting
        (default: ``audit.jsonl`` in the user's data folder). ``trust_unbound_approver=True`` is
        only for a host that does not offer the confirmation step yet (see the module's doc).
        """
        settings = client.settings
        if audit is None:
            audit = JsonLinesAuditSink(settings.audit_log or default_audit_path())
        return cls(
            client.mandates,
            client.citizen_data,
            requester=settings.requester,
            default_employer=settings.employer,
            audit=audit,
            clock=clock,
            trust_unbound_approver=trust_unbound_approver,
        )

    # ------------------------------------------------------------------------------ the check

    def check(
        self,
        applicant: Applicant,
        *,
        employer: EnterpriseNumber | None = None,
        state: CheckState | None = None,
        planned_start: dt.date | None = None,
        new_request: bool = False,
        actor: str | None = None,
        accept_approver: bool = False,
        reuse_pending: bool = True,
    ) -> CheckOutcome:
        """Check ``applicant`` for ``employer`` (default: the checker's default employer).

        ``reuse_pending=False`` skips step 4 (looking for a pending request by NISS or
        reference): for a caller whose references are not the applicant's own (the CLI's
        default reference is shared by every applicant).

        ``accept_approver=True`` says that a person of the employer (``actor``) accepted the
        citizen a ``CONFIRM_APPROVER`` outcome named as the applicant: the check binds that NISS
        (``outcome.state.ssin``), records it in the audit trail and goes on to the data. Without
        a ``CONFIRM_APPROVER`` situation (the NISS is known, the request is still pending) it
        changes nothing.
        """
        run = _Run(self, applicant, employer, planned_start, actor)
        run.reuse_pending = reuse_pending
        return run.check(state or CheckState(), new_request=new_request, accept=accept_approver)

    def accept_approver(
        self,
        applicant: Applicant,
        state: CheckState,
        *,
        actor: str | None,
        employer: EnterpriseNumber | None = None,
        planned_start: dt.date | None = None,
    ) -> CheckOutcome:
        """A person of the employer accepts who approved ``state``'s request as ``applicant``.

        The same as ``check(..., accept_approver=True)``: the data (``RESULT``) with the
        approver's NISS bound into ``outcome.state``; ``actor`` is recorded in the audit trail
        (``approver.accepted``) before the consultation.
        """
        return self.check(
            applicant,
            employer=employer,
            state=state,
            planned_start=planned_start,
            actor=actor,
            accept_approver=True,
        )

    def reject_approver(
        self,
        applicant: Applicant,
        state: CheckState,
        *,
        actor: str | None,
        employer: EnterpriseNumber | None = None,
    ) -> CheckOutcome:
        """A person of the employer says the citizen who approved is not ``applicant``.

        Nothing is read; the rejection is recorded (``approver.rejected``) and the outcome is
        ``CANCELLED`` with an empty state, so the next check starts a new request (bind it to
        the applicant's NISS if you can). Without an approved, unconfirmed request in ``state``
        it is an ordinary check.
        """
        run = _Run(self, applicant, employer, None, actor)
        return run.reject(state)


class _Run:
    """One check: the inputs, validated once, and the steps that answer it."""

    def __init__(
        self,
        checker: EligibilityChecker,
        applicant: Applicant,
        employer: EnterpriseNumber | None,
        planned_start: dt.date | None,
        actor: str | None,
    ) -> None:
        # Bad input is refused here, before any call goes out.
        employer = employer or checker.default_employer
        if employer is None:
            raise _NoEmployer("no employer enterprise number: give one or set a default")
        if applicant.ssin is not None and not isinstance(applicant.ssin, Ssin):
            raise InvalidIdentifier("the applicant's NISS must be an Ssin", reason="format")
        if planned_start is not None and isinstance(planned_start, dt.datetime):
            planned_start = planned_start.date()
        self.checker = checker
        self.applicant = applicant
        self.employer = EnterpriseNumber.parse(employer)
        self.planned_start = planned_start
        self.actor = actor
        self.now = checker.clock()
        # Set by check(): the applicant's NISS as far as known, whether an approver is being
        # accepted, and the stored request id (the audit names it with the mandate it led to).
        self.ssin: Ssin | None = applicant.ssin
        self.accept = False
        self.stored_request_id: str | None = None
        self.reuse_pending = True

    # ------------------------------------------------------------------------------ steps

    def check(self, state: CheckState, *, new_request: bool, accept: bool = False) -> CheckOutcome:
        self.accept = accept
        self.stored_request_id = state.request_id
        if self.applicant.ssin is not None and state.ssin not in (None, self.applicant.ssin):
            # The host corrected the NISS: what was stored belongs to someone else.
            state = CheckState()
        # The applicant's NISS as far as it is known; None until a request is bound or an
        # approver accepted.
        self.ssin = self.applicant.ssin or state.ssin
        if new_request:
            self._cancel_if_pending(state.request_id, self.ssin)
            waiting = self._pending_request(self.ssin)
            if waiting is not None:
                self._cancel_if_pending(waiting.request_id, self.ssin)
            return self._new_request(self.ssin)

        if state.mandate_id:
            mandate = self._get(self.checker.mandates.get_mandate, state.mandate_id)
            if mandate is not None and self._ours(mandate, self.ssin):
                request = None
                if state.request_id and self.ssin is None:
                    # The request names the approver's journey: keep it for the confirmation.
                    request = self._get(self.checker.mandates.get_access_request, state.request_id)
                return self._from_mandate(mandate, request=request)
        if state.request_id:
            request = self._get(self.checker.mandates.get_access_request, state.request_id)
            if request is not None and request.employer.enterprise_number == self.employer:
                outcome = self._from_request(request)
                if outcome is not None:
                    return outcome
        if self.ssin is not None:
            mandate = self._active_mandate(self.ssin)
            if mandate is not None:
                self.stored_request_id = None  # found by NISS: not the stored request's mandate
                return self._from_mandate(mandate, request=None)
        waiting = self._pending_request(self.ssin)
        if waiting is not None:
            return self._outcome(OutcomeKind.PENDING, request=waiting)
        return self._new_request(self.ssin)

    def reject(self, state: CheckState) -> CheckOutcome:
        self.accept = False
        self.ssin = self.applicant.ssin or state.ssin
        outcome = self.check(state, new_request=False)
        if outcome.kind is not OutcomeKind.CONFIRM_APPROVER or outcome.approver is None:
            return outcome
        self._record_approver(AuditAction.APPROVER_REJECTED, outcome)
        return self._outcome(OutcomeKind.CANCELLED)

    def _from_request(self, request: AccessRequest) -> CheckOutcome | None:
        status = request.status
        if status is AccessRequestStatus.APPROVED:
            if not request.mandate_id:
                return None  # approved but no mandate named: look it up by NISS instead
            mandate = self._get(self.checker.mandates.get_mandate, request.mandate_id)
            if mandate is None or not self._ours(mandate, self.ssin):
                # Gone, or approved by another citizen than the applicant we know: not theirs.
                return None
            return self._from_mandate(mandate, request=request)
        kind = {
            AccessRequestStatus.REFUSED: OutcomeKind.REFUSED,
            AccessRequestStatus.EXPIRED: OutcomeKind.EXPIRED,
            AccessRequestStatus.CANCELLED: OutcomeKind.CANCELLED,
        }.get(status, OutcomeKind.PENDING)  # PENDING, and a status we do not know yet
        return self._outcome(kind, request=request)

    def _from_mandate(self, mandate: Mandate, *, request: AccessRequest | None) -> CheckOutcome:
        if mandate.status is MandateStatus.REVOKED:
            return self._outcome(OutcomeKind.REVOKED, request=request, mandate=mandate)
        if not mandate.is_active:
            return self._outcome(OutcomeKind.EXPIRED, request=request, mandate=mandate)
        covered = self._covered_types(mandate)
        if not covered:
            # Active on paper, but every data type's window has ended.
            return self._outcome(OutcomeKind.EXPIRED, request=request, mandate=mandate)
        if self.ssin is None and not self.checker.trust_unbound_approver:
            # Approved by someone, for a request bound to no one: not the applicant's yet.
            confirm = self._confirm(mandate, request)
            if not self.accept:
                return confirm
            self._record_approver(AuditAction.APPROVER_ACCEPTED, confirm)
            self.ssin = mandate.ssin
        try:
            data = self.checker.citizen_data.precontractual_data(
                mandate.ssin, employer=self.employer
            )
        except NoActiveMandate:
            self._record_consultation(mandate, request, result="no_active_mandate")
            return self._after_refusal(mandate, request)
        except PrecontractError as exc:
            self._record_consultation(mandate, request, result=_failed(exc))
            raise
        data = self._restrict(data, mandate, covered)
        warnings = self._warnings(data)
        record = consultation_record(
            at=self.now,
            requester=self.checker.requester.compact,
            employer=self.employer.compact,
            applicant_reference=self.applicant.reference,
            applicant_name=self.applicant.name,
            masked_ssin=mandate.ssin.masked,
            mandate=mandate,
            request_id=self._request_id(request),
            data=data,
            warnings=[(w.code, w.params) for w in warnings],
            salt=new_salt(),
        )
        event = self._record_consultation(
            mandate, request, result="data", data=data, code=integrity_code(record)
        )
        return self._outcome(
            OutcomeKind.RESULT,
            request=request,
            mandate=mandate,
            data=data,
            warnings=warnings,
            audit_record=event,
            consultation_record=record,
        )

    def _confirm(self, mandate: Mandate, request: AccessRequest | None) -> CheckOutcome:
        approver = Approver.compare(
            mandate.ssin,
            mandate.citizen_name,
            applicant_name=self.applicant.name,
            applicant_birth_date=self.applicant.birth_date,
        )
        return self._outcome(
            OutcomeKind.CONFIRM_APPROVER, request=request, mandate=mandate, approver=approver
        )

    def _after_refusal(self, mandate: Mandate, request: AccessRequest | None) -> CheckOutcome:
        """The data API says there is no active mandate: say whether it was withdrawn or ran out."""
        current = self._get(self.checker.mandates.get_mandate, mandate.mandate_id) or mandate
        if current.status is MandateStatus.REVOKED:
            kind = OutcomeKind.REVOKED
        elif current.status is MandateStatus.EXPIRED or not self._covered_types(current):
            kind = OutcomeKind.EXPIRED
        else:
            # Still listed as active, yet refused: the citizen withdrew it moments ago.
            kind = OutcomeKind.REVOKED
        return self._outcome(kind, request=request, mandate=current)

    def _pending_request(self, ssin: Ssin | None) -> AccessRequest | None:
        """The newest request of this employer still waiting for this applicant, if any."""
        reference = self.applicant.reference
        if not self.reuse_pending or (ssin is None and not reference):
            return None
        if ssin is not None:
            page = self.checker.mandates.list_access_requests(employer=self.employer, ssin=ssin)
        else:
            page = self.checker.mandates.list_access_requests(
                employer=self.employer, reference=reference
            )
        waiting = [
            r
            for r in page.items
            if r.status is AccessRequestStatus.PENDING
            and r.employer.enterprise_number == self.employer
            # A request bound to the NISS, or (no NISS known) one bound to no one.
            and r.ssin == ssin
            and (ssin is not None or r.reference == reference)
        ]
        return max(waiting, key=lambda r: r.created_at or r.expires_at, default=None)

    def _new_request(self, ssin: Ssin | None) -> CheckOutcome:
        try:
            request = self.checker.mandates.create_access_request(
                requester=self.checker.requester,
                employer=self.employer,
                ssin=ssin,
                reference=self.applicant.reference[:100] or None,
            )
        except PrecontractError as exc:
            self._record_request(
                AuditAction.ACCESS_REQUEST_CREATED, None, ssin, result=_failed(exc), detail=str(exc)
            )
            raise
        self._record_request(
            AuditAction.ACCESS_REQUEST_CREATED, request, ssin, result=request.status.value
        )
        return self._outcome(OutcomeKind.NEEDS_APPROVAL, request=request)

    def _cancel_if_pending(self, request_id: str | None, ssin: Ssin | None) -> None:
        if not request_id:
            return
        request = self._get(self.checker.mandates.get_access_request, request_id)
        if request is None or request.status is not AccessRequestStatus.PENDING:
            return
        try:
            self.checker.mandates.cancel_access_request(request_id)
        except (Conflict, NotFound):
            return  # approved, refused or gone in the meantime: nothing left to cancel
        self._record_request(
            AuditAction.ACCESS_REQUEST_CANCELLED, request, ssin or request.ssin, result="cancelled"
        )

    # ------------------------------------------------------------------------------ helpers

    def _get(self, read: Callable[[str], _T], identifier: str) -> _T | None:
        """Read a stored id; ``None`` when the server does not know it (any more)."""
        try:
            return read(identifier)
        except NotFound:
            return None

    def _ours(self, mandate: Mandate, ssin: Ssin | None) -> bool:
        """A stored mandate only counts for this employer and this applicant."""
        if mandate.employer.enterprise_number != self.employer:
            return False
        return ssin is None or mandate.ssin == ssin

    def _active_mandate(self, ssin: Ssin) -> Mandate | None:
        """The most recently granted active mandate of ``ssin`` for this employer, if any."""
        page = self.checker.mandates.list_mandates(
            employer=self.employer, status=MandateStatus.ACTIVE, ssin=ssin
        )
        candidates = [
            m
            for m in page.items
            if m.is_active
            and m.ssin == ssin
            and m.employer.enterprise_number == self.employer
            and self._covered_types(m)
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda m: m.granted_at)

    def _covered_types(self, mandate: Mandate) -> set[DataType]:
        """The data types the mandate still allows to consult today (Brussels)."""
        today = brussels_today(self.now)
        return {
            item.type
            for item in mandate.data_types
            if item.type is not DataType.UNKNOWN and item.valid_until >= today
        }

    def _restrict(
        self, data: PrecontractualData, mandate: Mandate, covered: set[DataType]
    ) -> PrecontractualData:
        """Keep only what the mandate covers, each part with its consultable-until date.

        The server should not answer more than the mandate allows; if it does, we do not pass it
        on. A part without a date gets the mandate's, and the earlier of the two wins.
        """
        update: dict[str, Any] = {}
        flexi = data.flexi_job
        if flexi is not None:
            if DataType.FLEXI_JOB_ELIGIBILITY not in covered:
                update["flexi_job"] = None
            else:
                until = _earliest(
                    flexi.consultable_until, mandate.valid_until(DataType.FLEXI_JOB_ELIGIBILITY)
                )
                update["flexi_job"] = flexi.model_copy(update={"consultable_until": until})
        student = data.student_at_work
        if student is not None:
            if DataType.STUDENT_HOURS not in covered:
                update["student_at_work"] = None
            else:
                until = _earliest(
                    student.consultable_until, mandate.valid_until(DataType.STUDENT_HOURS)
                )
                update["student_at_work"] = student.model_copy(update={"consultable_until": until})
        return data.model_copy(update=update)

    def _warnings(self, data: PrecontractualData) -> tuple[Warning_, ...]:
        start = self.planned_start
        if start is None:
            return ()
        return tuple(_start_warnings(data, start))

    def _outcome(
        self,
        kind: OutcomeKind,
        *,
        request: AccessRequest | None = None,
        mandate: Mandate | None = None,
        data: PrecontractualData | None = None,
        warnings: tuple[Warning_, ...] = (),
        approver: Approver | None = None,
        audit_record: AuditEvent | None = None,
        consultation_record: dict[str, Any] | None = None,
    ) -> CheckOutcome:
        return CheckOutcome(
            kind=kind,
            applicant_reference=self.applicant.reference,
            employer=self.employer,
            checked_at=self.now,
            request=request,
            mandate=mandate,
            data=data if kind is OutcomeKind.RESULT else None,
            warnings=warnings,
            approver=approver if kind is OutcomeKind.CONFIRM_APPROVER else None,
            audit_record=audit_record,
            consultation_record=consultation_record,
        )

    # ------------------------------------------------------------------------------ audit

    def _record_request(
        self,
        action: AuditAction,
        request: AccessRequest | None,
        ssin: Ssin | None,
        *,
        result: str,
        detail: str | None = None,
    ) -> None:
        self.checker.audit.record(
            AuditEvent(
                action=action,
                at=self.now,
                actor=self.actor,
                requester=self.checker.requester.compact,
                employer=self.employer.compact,
                applicant_reference=self.applicant.reference,
                ssin=str(ssin) if ssin is not None else None,
                request_id=request.request_id if request is not None else None,
                result=result,
                data_types=tuple(t.value for t in request.data_types) if request else (),
                detail=detail,
            )
        )

    def _record_approver(self, action: AuditAction, outcome: CheckOutcome) -> None:
        """Who accepted or rejected which approver, and how the approver compared."""
        approver = outcome.approver
        assert approver is not None
        self.checker.audit.record(
            AuditEvent(
                action=action,
                at=self.now,
                actor=self.actor,
                requester=self.checker.requester.compact,
                employer=self.employer.compact,
                applicant_reference=self.applicant.reference,
                ssin=approver.ssin.compact,
                request_id=outcome.request_id or self.stored_request_id,
                mandate_id=outcome.mandate_id,
                result=approver.match.value,
                detail=(
                    f"name {approver.name_match.value}, "
                    f"birth date {approver.birth_date_match.value}"
                ),
            )
        )

    def _record_consultation(
        self,
        mandate: Mandate,
        request: AccessRequest | None,
        *,
        result: str,
        data: PrecontractualData | None = None,
        code: str | None = None,
    ) -> AuditEvent:
        returned: list[str] = []
        if data is not None and data.flexi_job is not None:
            returned.append(DataType.FLEXI_JOB_ELIGIBILITY.value)
        if data is not None and data.student_at_work is not None:
            returned.append(DataType.STUDENT_HOURS.value)
        event = AuditEvent(
            action=AuditAction.CONSULTATION,
            at=self.now,
            actor=self.actor,
            requester=self.checker.requester.compact,
            employer=self.employer.compact,
            applicant_reference=self.applicant.reference,
            ssin=mandate.ssin.compact,
            request_id=self._request_id(request),
            mandate_id=mandate.mandate_id,
            result=result,
            data_types=tuple(returned),
            integrity_code=code,
        )
        self.checker.audit.record(event)
        return event

    def _request_id(self, request: AccessRequest | None) -> str | None:
        """The request a consultation follows: the one read now, else the one the host stored."""
        return request.request_id if request is not None else self.stored_request_id


def _failed(error: PrecontractError) -> str:
    """The audit result of a call that failed: the kind of error."""
    return f"error:{type(error).__name__}"


def _earliest(*days: dt.date | None) -> dt.date | None:
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _start_warnings(data: PrecontractualData, start: dt.date) -> Iterator[Warning_]:
    """Remarks about a planned start date the answer does not cover."""
    flexi = data.flexi_job
    if flexi is not None and flexi.period is not None and not flexi.period.covers(start):
        # The answer is per quarter: another quarter needs its own answer.
        yield Warning_(
            "flexi_period_not_covering_start",
            {
                "period_start": _day(flexi.period.start_date),
                "period_end": _day(flexi.period.end_date),
                "planned_start": _day(start),
            },
        )
    student = data.student_at_work
    if student is not None and student.year != start.year:
        yield Warning_(
            "student_year_differs",
            {
                "year": str(student.year),
                "planned_year": str(start.year),
                "planned_start": _day(start),
            },
        )
