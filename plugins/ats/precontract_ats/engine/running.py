"""Running the core's check on a stored check: claimed first, for a worker's round or for a
recruiter's decision on the recruiter page (accept or reject who approved, type the NISS)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from precontract.eligibility import EligibilityChecker
from precontract.errors import PrecontractError, TooManyRequests
from precontract.fields import holds_data, next_expiry
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.plugin import reject_approver, run_check, run_recheck
from precontract.timeutil import end_of_day
from precontract_ats.engine.outcomes import LeaseLost, Outcomes
from precontract_ats.engine.snapshot import DECISION, BufferedAudit, CheckJob, StoreFirstHost
from precontract_ats.queue import paused_until
from precontract_ats.services.errors import InvalidInput
from precontract_ats.services.values import load_values
from precontract_ats.store.models import Check
from precontract_ats.summary import time_of_day

__all__ = ["BINDABLE", "NEEDS_NISS", "Running"]

logger = logging.getLogger(__name__)

NEEDS_NISS = "needs_niss"
"""A press without a NISS, on a connection that waits for it: no request exists yet."""

BINDABLE = (NEEDS_NISS, "needs_approval", "pending", "confirm_approver", "cancelled")
"""Statuses in which the recruiter may still type the NISS (nothing was read under it yet)."""


class Running(Outcomes):
    """Runs the core's check for a claimed check and records what came of it."""

    def run(
        self,
        check_id: int,
        *,
        actor: str | None = None,
        new_request: bool = False,
        approver: str | None = None,
    ) -> str:
        """Run (or resume) the core's check for a stored check now, claiming it first; answers
        its new status (unchanged when another process holds it). ``approver`` (``accept`` /
        ``reject``) and ``new_request`` come from the recruiter page (:meth:`decide_approver`,
        :meth:`bind_ssin`)."""
        now = self.clock()
        owner = f"run:{self.owner}"
        with self.db.session() as session:
            check = session.get(Check, check_id, with_for_update=True)
            if check is None:
                raise LookupError(f"check {check_id} is gone")
            if check.lease_until is not None and check.lease_until >= now:
                return check.status
            check.lease_owner, check.lease_until = owner, now + self.lease
            job = self.job_of(check, owner)
        return self.run_job(job, actor=actor, new_request=new_request, approver=approver)

    def run_job(
        self,
        job: CheckJob,
        *,
        actor: str | None = None,
        new_request: bool = False,
        approver: str | None = None,
        recheck: dt.date | None = None,
    ) -> str:
        """Run the core's check for a claimed check and record what came of it; ``recheck``
        (a planned start) runs the core's re-check for it instead (:func:`run_recheck`: the
        pending request read, the data read again under the active mandate, or a new request).
        A recruiter's decision kept with the check (:meth:`_reopen`) is carried out too."""
        approver = approver or job.decision.get("approver")
        new_request = new_request or bool(job.decision.get("new_request"))
        try:
            client = self.clients.client(job.tenant, self.box)
        except PrecontractError as exc:  # no or unreadable credentials
            return self._failed(job, exc)
        checker = EligibilityChecker.from_client(
            client,
            audit=BufferedAudit(job),
            clock=self.clock,
        )
        host = StoreFirstHost(job)
        employer = EnterpriseNumber.parse(job.employer)
        try:
            if recheck is not None:
                run = run_recheck(
                    host, job.candidate_ref, checker, planned_start=recheck, employer=employer,
                    actor=actor,
                )  # fmt: skip
                if run.outcome is None:  # the stored answer holds after all: nothing called
                    return self._kept(job)
                outcome = run.outcome
            elif approver == "reject":
                outcome = reject_approver(
                    host, job.candidate_ref, checker, employer=employer, actor=actor
                )
            else:
                outcome = run_check(
                    host, job.candidate_ref, checker, employer=employer, actor=actor,
                    new_request=new_request, accept_approver=approver == "accept",
                )  # fmt: skip
        except TooManyRequests as exc:
            return self._paused(job, exc)
        except PrecontractError as exc:
            return self._failed(job, exc)
        return self._record(job, outcome)

    def _kept(self, job: CheckJob) -> str:
        """A re-check found, when it ran, that the stored answer still holds (time moved between
        the rule's two readings): the new check keeps that answer and calls nobody."""
        now = self.clock()
        try:
            with self.db.session() as session:
                check = self._claimed(session, job)
                check.lease_owner = check.lease_until = None
                values = load_values(check.values)
                check.status = "result" if holds_data(values) else "expired"
                check.next_poll_at = None
                check.completed_at = now
                check.expires_at = next_expiry(values, now)
                return check.status
        except LeaseLost:
            return job.status

    def decide_approver(self, check_id: int, *, accept: bool, actor: str | None) -> str:
        """A recruiter accepts (the data is read and written back) or rejects who approved a
        request bound to no NISS; only for a check waiting for that decision."""
        approver = "accept" if accept else "reject"
        self._reopen(check_id, ("confirm_approver",), "not_confirming", approver=approver)
        return self.run(check_id, actor=actor, approver=approver)

    def bind_ssin(self, check_id: int, ssin: Ssin, *, actor: str | None) -> str:
        """The recruiter typed the applicant's NISS: a request bound to it replaces an unbound
        one still pending (or follows a rejected approver), so only the applicant can approve."""
        self._reopen(check_id, BINDABLE, "not_bindable", ssin=ssin, new_request=True)
        return self.run(check_id, actor=actor, new_request=True)

    def send_without_ssin(self, check_id: int, *, actor: str | None) -> str:
        """The recruiter sends the request without the NISS (the secondary choice of a check
        waiting for it): anyone with the link may approve, so the approver is confirmed later."""
        self._reopen(check_id, (NEEDS_NISS,), "not_waiting_for_niss")
        return self.run(check_id, actor=actor)

    def _reopen(
        self,
        check_id: int,
        allowed: Sequence[str],
        refusal: str,
        *,
        ssin: Ssin | None = None,
        approver: str | None = None,
        new_request: bool = False,
    ) -> None:
        """Put a check the recruiter acts on back among the followed ones, for one run.

        The recruiter's decision (``approver``, ``new_request``) is kept with the check until a
        run records its outcome: when this process's run is told to wait (a 429) or dies, the
        worker that resumes the check after the pause or the start's grace carries it out.

        Refused, the check left as it was, while a pause the social security asked for is known:
        the recruiter is told until when, rather than have the decision wait unseen."""
        now = self.clock()
        with self.db.session() as session:
            check = session.get(Check, check_id, with_for_update=True)
            if (
                check is None
                or check.status not in allowed
                or (ssin is not None and check.ssin_enc is not None)
                or (check.lease_until is not None and check.lease_until >= now)
            ):
                raise InvalidInput(refusal, f"check {check_id}: {refusal}", setting="check")
            until = paused_until(check.tenant, now)
            if until is not None:
                raise InvalidInput(
                    "paused",
                    f"check {check_id}: the social security asked to wait until {until}",
                    setting="check",
                    until=time_of_day(until),
                )
            self._set_ssin(check, ssin)
            check.status = "starting"
            # Left to this process as a start is; resumed by a worker if it never finishes.
            check.next_poll_at = now + self.starting_grace
            check.completed_at = None
            check.follow_until = max(check.follow_until or now, end_of_day(now))
            notes = dict(check.notes or {})
            notes.pop("approver", None)
            notes.pop(DECISION, None)
            if approver is not None:
                notes[DECISION] = {"approver": approver}
            elif new_request:
                notes[DECISION] = {"new_request": True}
            check.notes = notes
