"""Recording what a run of the core's check came to: the check's new state, its audit, the
write-backs for the ATS (one transaction), how soon it is asked again, and backing off a check
that failed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from precontract.errors import PrecontractError, TooManyRequests
from precontract.fields import expire, next_expiry
from precontract.i18n import LANGUAGES
from precontract.masking import mask_ssins
from precontract.outcome import CheckOutcome, OutcomeKind
from precontract_ats.ats.base import ReportKind
from precontract_ats.engine.base import ConnectorBase
from precontract_ats.engine.snapshot import DECISION, CheckJob
from precontract_ats.failures import notes_error, stored
from precontract_ats.outbox import CLEARING, queue_fields, queue_report, scrub_values
from precontract_ats.queue import FOLLOWED, failure_delay
from precontract_ats.services.audit import audit_record
from precontract_ats.services.values import dump_values, load_values
from precontract_ats.store.models import Check, Tenant

__all__ = ["LeaseLost", "Outcomes", "poll_delay"]

logger = logging.getLogger(__name__)


def poll_delay(age: dt.timedelta) -> dt.timedelta:
    """How soon a pending request is asked again: every few seconds while the applicant is likely
    in the room, then less and less often until the end of the day."""
    if age < dt.timedelta(minutes=2):
        return dt.timedelta(seconds=5)
    if age < dt.timedelta(minutes=15):
        return dt.timedelta(seconds=15)
    if age < dt.timedelta(hours=1):
        return dt.timedelta(minutes=1)
    return dt.timedelta(minutes=5)


def _report_kind(kind: OutcomeKind) -> ReportKind | None:
    if kind is OutcomeKind.RESULT:
        return ReportKind.COMPLETED
    if kind.is_final:
        return ReportKind.FAILED
    return None


def _next_poll(
    created_at: dt.datetime, follow_until: dt.datetime | None, now: dt.datetime
) -> dt.datetime:
    """A pending check's next turn: by :func:`poll_delay`, and once more just after its end of
    day (which closes it)."""
    next_poll = now + poll_delay(now - created_at)
    if follow_until is not None:
        next_poll = min(next_poll, follow_until + dt.timedelta(seconds=1))
    return next_poll


def _notes_after(notes: Mapping[str, Any] | None, outcome: CheckOutcome) -> dict[str, Any]:
    """A check's notes once ``outcome`` is recorded."""
    after = dict(notes or {})
    after.pop("error", None)
    after.pop(DECISION, None)  # carried out
    after["warnings"] = [w.code for w in outcome.warnings]
    after["warning_texts"] = {
        language: [w.message(language) for w in outcome.warnings] for language in LANGUAGES
    }
    after.pop("proof", None)
    if outcome.consultation_record is not None and outcome.audit_record is not None:
        # What the recruiter page renders the PDF proof from, in the reader's language, while
        # the values may be shown (dropped with them: expiry).
        after["proof"] = {
            "record": dict(outcome.consultation_record),
            "audit": outcome.audit_record.to_dict(),
        }
    # Who approved an unbound request, for the recruiter to accept or reject (the NISS masked);
    # gone once they decided.
    after.pop("approver", None)
    if outcome.approver is not None:
        after["approver"] = outcome.approver.to_dict()
    return after


# Built once: a poll's most frequent write is not worth building a statement for each time.
_QUIET_POLL = (
    update(Check)
    .where(
        Check.id == bindparam("q_check_id"),
        Check.lease_owner == bindparam("q_owner"),
        Check.status == bindparam("q_status"),
    )
    .values(
        lease_owner=None,
        lease_until=None,
        next_poll_at=bindparam("q_next_poll_at"),
        values=bindparam("q_values"),
    )
    .execution_options(synchronize_session=False)
)


class LeaseLost(Exception):
    """Our lease on a row ran out and someone else took it: record nothing."""


class Outcomes(ConnectorBase):
    """Stores the outcome (or the failure) of a run on the check the run claimed."""

    def _claimed(self, session: Session, job: CheckJob) -> Check:
        """The check, locked, if our lease on it still holds (else :class:`LeaseLost`)."""
        check = session.get(Check, job.id, with_for_update=True, populate_existing=True)
        if check is None or check.lease_owner != job.owner:
            raise LeaseLost(f"check {job.id}")
        return check

    def _store_audit(self, session: Session, job: CheckJob) -> None:
        for event in job.audit:
            session.add(audit_record(event, job.tenant.id))
        job.audit.clear()

    def _record(self, job: CheckJob, outcome: CheckOutcome) -> str:
        now = self.clock()
        if self._record_quiet_poll(job, outcome, now):
            return job.status
        try:
            with self.db.session() as session:
                check = self._claimed(session, job)
                self._store_audit(session, job)
                check.lease_owner = check.lease_until = None
                if check.status not in FOLLOWED:
                    # A newer press took over, or the recruiter cancelled, while we were asking.
                    return check.status
                state = outcome.state
                check.status = outcome.kind.value
                # What the core says to keep: after a refusal or an expiry, nothing to resume.
                check.request_id = state.request_id
                check.mandate_id = state.mandate_id
                if outcome.ssin != job.ssin:  # encrypted anew only when it changed
                    self._set_ssin(check, outcome.ssin)
                if outcome.approval_url:
                    check.approval_url = outcome.approval_url
                    check.approval_expires_at = outcome.approval_expires_at
                    if outcome.approval_expires_at is not None:
                        check.follow_until = outcome.approval_expires_at
                check.notes = _notes_after(check.notes, outcome)
                check.failures, check.last_failure, check.parked_at = 0, None, None
                check.values = dump_values(job.values)
                if job.to_write:
                    queue_fields(session, check, job.to_write, now)
                if job.wants_link:
                    queue_report(session, check, ReportKind.LINK, now)
                if outcome.kind.is_final:
                    self._finish(session, check, _report_kind(outcome.kind), now, outcome.kind)
                elif not outcome.kind.waits_for_applicant:
                    check.next_poll_at = None  # the recruiter decides: polling changes nothing
                elif check.follow_until is not None and now > check.follow_until:
                    self._expire_unapproved(session, check, now)
                else:
                    check.next_poll_at = _next_poll(check.created_at, check.follow_until, now)
                status = check.status
        except LeaseLost:
            logger.warning(
                "check %s: lease lost while it was being followed; nothing recorded", job.id
            )
            return job.status
        self.wake.set()
        return status

    def _record_quiet_poll(self, job: CheckJob, outcome: CheckOutcome, now: dt.datetime) -> bool:
        """Record a poll that changed nothing but the check's next turn — most of them: the
        applicant has not approved yet — in one statement, fenced by our lease and the status we
        read; answers ``False`` when the poll was not that quiet, or the fence did not hold, and
        the full record (:meth:`_record`) is to be made. Each column it sets is the value the
        full record would set (tests/ats/test_quiet_poll.py compares the two rows)."""
        kind = outcome.kind
        state = outcome.state
        quiet = (
            kind.waits_for_applicant
            and not kind.is_final
            and kind.value == job.status
            and not (job.to_write or job.wants_link or job.audit or job.in_trouble)
            and (state.request_id, state.mandate_id) == (job.request_id, job.mandate_id)
            and (outcome.ssin is None or outcome.ssin == job.ssin)
            and (
                not outcome.approval_url
                or (
                    (outcome.approval_url, outcome.approval_expires_at)
                    == (job.approval_url, job.approval_expires_at)
                    and outcome.approval_expires_at in (None, job.follow_until)
                )
            )
            and (job.follow_until is None or now <= job.follow_until)
            and _notes_after(job.notes, outcome) == job.notes
        )
        if not quiet:
            return False
        changed = self.db.execute_alone(
            _QUIET_POLL,
            {
                "q_check_id": job.id,
                "q_owner": job.owner,
                "q_status": job.status,
                "q_next_poll_at": _next_poll(job.created_at, job.follow_until, now),
                # Nothing for the ATS (``to_write`` is empty): at most the "checked at" moment.
                "q_values": dump_values(job.values),
            },
        )
        return changed == 1

    def _finish(
        self,
        session: Session,
        check: Check,
        report: ReportKind | None,
        now: dt.datetime,
        kind: OutcomeKind | None = None,
    ) -> None:
        check.next_poll_at = None
        check.completed_at = now
        values = load_values(check.values)
        check.expires_at = next_expiry(values, now)
        if report is not None:
            queue_report(session, check, report, now)
        if kind is OutcomeKind.REVOKED:
            # A withdrawn mandate: what the ATS's report said about the data goes too.
            queue_report(session, check, ReportKind.CLEARED, now, priority=CLEARING)
            scrub_values(session, check)

    def _expire_unapproved(self, session: Session, check: Check, now: dt.datetime) -> None:
        """Past the end of its day a request can no longer be approved: close it ourselves."""
        result = expire(load_values(check.values), now)
        check.values = dump_values(result.values)
        check.status = "expired"
        if result.changed:
            cleared = {k: result.values[k] for k in result.cleared}
            queue_fields(session, check, cleared, now, priority=CLEARING)
        self._finish(session, check, ReportKind.FAILED, now)

    def _failed(self, job: CheckJob, exc: PrecontractError) -> str:
        """A check that could not run: keep following a pending one (later and later, parked after
        ``max_failures`` in a row); report a failed start."""
        now = self.clock()
        logger.warning("check %s failed: %s", job.id, mask_ssins(str(exc)))
        try:
            with self.db.session() as session:
                check = self._claimed(session, job)
                self._store_audit(session, job)
                check.lease_owner = check.lease_until = None
                notes = dict(check.notes or {})
                notes["error"] = notes_error(exc)  # said in the reader's language
                check.notes = notes
                check.error = mask_ssins(str(exc))[:1000]
                if check.status not in FOLLOWED:
                    return check.status
                if check.status in ("needs_approval", "pending"):
                    if check.follow_until is not None and now > check.follow_until:
                        self._expire_unapproved(session, check, now)
                        return check.status
                    # A hiccup while following: try again, later each time it repeats, and
                    # after max_failures in a row leave it to an operator (the admin's Parked).
                    check.failures += 1
                    check.last_failure = stored(exc)
                    if check.failures >= self.settings.max_failures:
                        check.parked_at = now
                        logger.error("check %s parked after %s failures", job.id, check.failures)
                        return check.status
                    delay = max(poll_delay(now - check.created_at), failure_delay(check.failures))
                    check.next_poll_at = now + delay
                    return check.status
                check.status = "error"
                notes.pop(DECISION, None)  # a new press starts over
                check.notes = dict(notes)
                self._finish(session, check, ReportKind.FAILED, now)
        except LeaseLost:
            return job.status
        self.wake.set()
        return "error"

    def _paused(self, job: CheckJob, exc: TooManyRequests) -> str:
        """Social security said 429: this REST account's work waits for ``Retry-After`` (every
        worker reads the pause from the database); the check is asked again after it."""
        now = self.clock()
        until = now + dt.timedelta(seconds=max(1.0, min(exc.retry_after or 60.0, 3600.0)))
        logger.warning(
            "social security answered 429 for tenant %s: paused until %s", job.tenant.id, until
        )
        try:
            with self.db.session() as session:
                check = self._claimed(session, job)
                self._store_audit(session, job)
                check.lease_owner = check.lease_until = None
                tenant = session.get(Tenant, job.tenant.id)
                if tenant is not None and (
                    tenant.paused_until is None or tenant.paused_until < until
                ):
                    tenant.paused_until = until
                if check.status == "starting":
                    check.next_poll_at = until  # a worker starts it once the pause is over
                elif check.status in ("needs_approval", "pending"):
                    check.next_poll_at = max(check.next_poll_at or until, until)
                return check.status
        except LeaseLost:
            return job.status

    def backoff_check(self, check_id: int, owner: str, exc: BaseException) -> str:
        """Anything unexpected while working on a check (a bug, a malformed answer): it is asked
        again later and later, and parked for an operator after ``max_failures`` in a row."""
        with self.db.session() as session:
            check = session.get(Check, check_id, with_for_update=True, populate_existing=True)
            if check is None or check.lease_owner != owner:
                return check.status if check is not None else "gone"
            self.backoff_row(check, exc, self.clock())
            return check.status

    def backoff_row(self, check: Check, exc: BaseException, now: dt.datetime) -> None:
        """:meth:`backoff_check` on a row the caller holds, in its session."""
        text = mask_ssins(f"{type(exc).__name__}: {exc}")[:1000]
        check.lease_owner = check.lease_until = None
        check.failures += 1
        check.last_failure = stored(exc)
        if check.failures >= self.settings.max_failures:
            check.parked_at = now
            logger.error("check %s parked after %s failures: %s", check.id, check.failures, text)
        else:
            check.next_poll_at = now + failure_delay(check.failures)
