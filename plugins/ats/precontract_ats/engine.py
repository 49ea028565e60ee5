"""The connector's engine: runs the core's check for an ATS button press, follows it, writes back.

**Store first, then write back.** Every outcome is saved in the connector's database before the
ATS is called: :class:`StoreFirstHost` is the core's host adapter over a snapshot of the check;
what the core writes lands, in one transaction with the check's new state, in the ``write_backs``
outbox (:mod:`.outbox`), which the workers deliver through the ATS plugin's own host adapter,
retrying failures with a growing delay. So a result the social security answered is never lost,
even when the ATS is down for a day.

A check's life:

1. :meth:`Connector.start_check` (a verified button call) stores the check with a *starting*
   claim (:func:`~precontract_ats.queue.starting_grace`), runs the core's
   :func:`~precontract.plugin.run_check` (an access request, or straight to the data when a
   mandate is active) and queues the report link for the ATS;
2. the workers (:mod:`.rounds`) follow pending requests until the end of their day, each check
   claimed by one worker at a time;
3. on approval the data is stored, written to the candidate's fields and the ATS's report is
   completed (``failed`` on a refusal, an expiry or a withdrawal);
4. values whose consultation window has ended are cleared in the store and in the ATS (the
   core's :func:`~precontract.fields.expire`), found by ``checks.expires_at``.

Any exception while working on one check backs that check off (:func:`~.queue.failure_delay`)
and, after ``max_failures`` in a row, parks it for an operator; the others go on.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from precontract.audit import AuditEvent
from precontract.eligibility import EligibilityChecker
from precontract.errors import ConfigurationError, PrecontractError, TooManyRequests
from precontract.fields import FieldKey, expire, next_expiry
from precontract.i18n import LANGUAGES, Language, normalise_language
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.masking import mask_ssins
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind
from precontract.plugin import reject_approver, run_check
from precontract.timeutil import Clock, end_of_day, system_clock
from precontract_ats.ats import KINDS, get_plugin
from precontract_ats.ats.base import AtsPlugin, CheckRef, ConnectionConfig, ReportKind
from precontract_ats.ats.port import Once, StartedCheck
from precontract_ats.ats.verify import remember_once
from precontract_ats.crypto import SecretBox
from precontract_ats.outbox import CLEARING, queue_fields, queue_report, scrub_values
from precontract_ats.queue import FOLLOWED, failure_delay, new_owner, starting_grace
from precontract_ats.services.audit import audit_record
from precontract_ats.services.connections import connection_config
from precontract_ats.services.errors import InvalidInput
from precontract_ats.services.tenants import ClientPool
from precontract_ats.services.values import dump_values, load_values
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.database import Database
from precontract_ats.store.models import Check, Connection, Tenant, WriteBack

if TYPE_CHECKING:
    from precontract_ats.rounds import Rounds

__all__ = [
    "FOLLOWED",
    "CheckJob",
    "Connector",
    "StartedCheck",
    "StoreFirstHost",
    "poll_delay",
]

logger = logging.getLogger(__name__)

BINDABLE = ("needs_approval", "pending", "confirm_approver", "cancelled")
"""Statuses in which the recruiter may still type the NISS (nothing was read under it yet)."""


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


def drop_proof(check: Check) -> None:
    """The proof's record holds the values: it goes when they do."""
    if check.notes and "proof" in check.notes:
        check.notes = {k: v for k, v in check.notes.items() if k != "proof"}


def _same_values(old: Mapping[FieldKey, Any], new: Mapping[FieldKey, Any]) -> bool:
    keys = (set(old) | set(new)) - {FieldKey.CHECKED_AT}
    return all(old.get(k) == new.get(k) for k in keys)


@dataclass
class CheckJob:
    """What one run of the core's check needs of a stored check, read in the claim's transaction,
    and what the run wants written (in one transaction at its end)."""

    id: int
    owner: str
    tenant: Tenant
    language: Language
    employer: str
    candidate_ref: str
    applicant_name: str
    applicant_email: str | None
    applicant_language: str
    ssin: Ssin | None
    request_id: str | None
    mandate_id: str | None
    values: dict[FieldKey, Any]
    status: str
    to_write: dict[FieldKey, Any] = field(default_factory=dict)
    wants_link: bool = False
    audit: list[AuditEvent] = field(default_factory=list)


class _BufferedAudit:
    """The core's audit sink for one run: events are stored with the run's result."""

    def __init__(self, job: CheckJob) -> None:
        self.job = job

    def record(self, event: AuditEvent) -> None:
        self.job.audit.append(event)


class StoreFirstHost:
    """The core's host adapter over a :class:`CheckJob`.

    Reads come from the snapshot; writes are collected and stored with the run's outcome, in one
    transaction, then the workers carry them to the ATS. Repeated polls that change nothing but
    the "checked at" moment are not sent again.
    """

    def __init__(self, job: CheckJob) -> None:
        self.job = job

    def read_applicant(self, reference: str) -> Applicant:
        job = self.job
        return Applicant(
            reference=job.candidate_ref,
            name=job.applicant_name,
            email=job.applicant_email,
            language=normalise_language(job.applicant_language),
            ssin=job.ssin,
        )

    def read_state(self, reference: str) -> CheckState:
        job = self.job
        return CheckState(request_id=job.request_id, mandate_id=job.mandate_id, ssin=job.ssin)

    def read_values(self, reference: str) -> dict[FieldKey, Any]:
        return dict(self.job.values)

    def write_values(self, reference: str, values: Mapping[FieldKey, Any]) -> None:
        old = self.job.values
        merged = {**old, **values}
        self.job.values = merged
        if old and _same_values(old, merged):
            return
        self.job.to_write.update(values)

    def present_approval(self, reference: str, outcome: CheckOutcome) -> None:
        # The recruiter page shows the QR code; the ATS gets the page's address once.
        if outcome.kind is OutcomeKind.NEEDS_APPROVAL:
            self.job.wants_link = True


def _check_limits(candidate_ref: str, applicant_email: str | None) -> None:
    """Refuse what the store cannot hold, in the ATS admin's words, before anything is written."""
    for what, value, limit in (
        ("candidate id", candidate_ref, 100),
        ("e-mail", applicant_email, 300),
    ):
        if value is not None and len(value) > limit:
            raise InvalidInput(
                "too_long", f"the {what} is longer than {limit} characters", setting=what,
                what=what, limit=limit,
            )  # fmt: skip


class LeaseLost(Exception):
    """Our lease on a row ran out and someone else took it: record nothing."""


class Connector:
    """The service's state and behaviour, shared by the web app and the worker."""

    def __init__(
        self,
        settings: ConnectorSettings,
        db: Database,
        box: SecretBox,
        *,
        clock: Clock = system_clock,
        clients: ClientPool | None = None,
        plugins: Mapping[str, AtsPlugin] | None = None,
        owner: str | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.box = box
        self.clock = clock
        self.clients = clients or ClientPool()
        self.plugins: dict[str, AtsPlugin] = {kind: get_plugin(kind) for kind in KINDS}
        self.plugins.update(plugins or {})
        self.wake = threading.Event()
        self.action_key = box.derive("ats-actions")
        #: This process's name on the leases it takes.
        self.owner = owner or new_owner()
        self.starting_grace = starting_grace()
        self._rounds: Rounds | None = None

    # ------------------------------------------------------------------------------ helpers

    def plugin(self, kind: str) -> AtsPlugin:
        try:
            return self.plugins[kind]
        except KeyError:
            raise ConfigurationError(f"unknown ATS {kind!r}", setting="kind") from None

    def config(self, connection: Connection) -> ConnectionConfig:
        return connection_config(self.box, connection)

    def base_url(self, request_base: str | None = None) -> str:
        return (self.settings.base_url or request_base or "http://127.0.0.1:8000").rstrip("/")

    def page_url(self, token: str, base: str | None = None) -> str:
        return f"{self.base_url(base)}/r/{token}"

    def ssin_of(self, check: Check) -> Ssin | None:
        if check.ssin_enc is None:
            return None
        return Ssin.parse(self.box.decrypt_text(check.ssin_enc))

    def _set_ssin(self, check: Check, ssin: Ssin | None) -> None:
        if ssin is None:
            return
        check.ssin_enc = self.box.encrypt(ssin.compact)
        check.ssin_masked = ssin.masked

    def check_ref(self, check: Check) -> CheckRef:
        return CheckRef(
            id=check.id,
            token=check.token,
            candidate_ref=check.candidate_ref,
            context=dict(check.context or {}),
            page_url=str((check.context or {}).get("page_url") or self.page_url(check.token)),
        )

    def queue_report(self, check_id: int, kind: ReportKind) -> None:
        """Queue a report to the ATS, with the result's summary in the connection's language."""
        with self.db.session() as session:
            check = session.get(Check, check_id)
            if check is None:
                return
            queue_report(session, check, kind, self.clock())
        self.wake.set()

    def job_of(self, check: Check, owner: str) -> CheckJob:
        """The snapshot of ``check`` a run works on (call inside the claim's session)."""
        tenant = check.tenant
        _ = tenant.updated_at  # loaded now: the run reads it after the session closed
        return CheckJob(
            id=check.id,
            owner=owner,
            tenant=tenant,
            language=normalise_language(check.connection.language),
            employer=check.employer,
            candidate_ref=check.candidate_ref,
            applicant_name=check.applicant_name,
            applicant_email=check.applicant_email,
            applicant_language=check.applicant_language,
            ssin=self.ssin_of(check),
            request_id=check.request_id,
            mandate_id=check.mandate_id,
            values=load_values(check.values),
            status=check.status,
        )

    # ------------------------------------------------------------------------------ checks

    def start_check(
        self,
        connection_id: int,
        *,
        candidate_ref: str,
        applicant_name: str = "",
        applicant_email: str | None = None,
        ssin: Ssin | None = None,
        employer: str | None = None,
        context: Mapping[str, Any] | None = None,
        actor: str | None = None,
        base_url: str | None = None,
        once: Once | None = None,
    ) -> StartedCheck:
        """Store a new check for a verified button call and run it (see the module's text).

        What the ATS sent is checked against what the store holds before anything is written;
        ``once``, the inbound call's id, is remembered in the transaction that stores the check,
        so a call refused here is not taken for a replay when the ATS sends it again."""
        _check_limits(candidate_ref, applicant_email)
        with self.db.session() as own:
            if once is not None:
                remember_once(own, once.scope, once.nonce, now=self.clock(), ttl=once.ttl)
            job, started = self._store_check(
                own, connection_id, candidate_ref=candidate_ref,
                applicant_name=applicant_name, applicant_email=applicant_email, ssin=ssin,
                employer=employer, context=context, actor=actor, base_url=base_url,
            )  # fmt: skip
        self.wake.set()
        try:
            status = self.run_job(job, actor=actor)
        except Exception as exc:  # a bug: the check is backed off, the worker takes it over
            logger.exception("check %s could not start", job.id)
            status = self.backoff_check(job.id, job.owner, exc)
        return StartedCheck(
            id=started.id, token=started.token, status=status, page_url=started.page_url
        )

    def _store_check(
        self,
        session: Session,
        connection_id: int,
        *,
        candidate_ref: str,
        applicant_name: str,
        applicant_email: str | None,
        ssin: Ssin | None,
        employer: str | None,
        context: Mapping[str, Any] | None,
        actor: str | None,
        base_url: str | None,
    ) -> tuple[CheckJob, StartedCheck]:
        now = self.clock()
        token = secrets.token_urlsafe(24)
        connection = session.get(Connection, connection_id)
        if connection is None or not connection.enabled:
            raise InvalidInput(
                "connection_off", "this connection is not active", setting="connection"
            )
        tenant = connection.tenant
        numbers = {e.enterprise_number for e in tenant.employers}
        if employer:
            chosen = EnterpriseNumber.parse(employer).compact
            if chosen not in numbers:
                number = EnterpriseNumber.parse(chosen).formatted
                raise InvalidInput(
                    "employer_unknown",
                    f"the employer {number} is not one of this tenant's employers",
                    setting="employer",
                    number=number,
                    tenant=tenant.name,
                )
        else:
            chosen = (
                connection.employer.enterprise_number if connection.employer else tenant.requester
            )
        previous = session.scalars(
            select(Check)
            .where(Check.connection_id == connection.id, Check.candidate_ref == candidate_ref)
            .order_by(Check.id.desc())
        ).all()
        owner = f"start:{self.owner}:{token[:8]}"
        grace = now + self.starting_grace
        check = Check(
            token=token,
            tenant_id=tenant.id,
            connection_id=connection.id,
            employer=chosen,
            candidate_ref=candidate_ref,
            applicant_name=applicant_name.strip()[:300],
            applicant_email=(applicant_email or None),
            applicant_language=normalise_language(connection.language),
            context={**(context or {}), "page_url": self.page_url(token, base_url)},
            status="starting",
            actor=actor,
            follow_until=end_of_day(now),
            created_at=now,
            # Claimed by this start; if it never finishes, a worker resumes it after the grace.
            lease_owner=owner,
            lease_until=grace,
            next_poll_at=grace,
        )
        # Resume what an earlier press of the same candidate started (same employer).
        # Only the latest one counts: a refusal there means a new request now.
        for earlier in previous:
            if earlier.employer == chosen:
                check.request_id = earlier.request_id
                check.mandate_id = earlier.mandate_id
                if ssin is None:
                    ssin = self.ssin_of(earlier)
                break
        self._set_ssin(check, ssin)
        session.add(check)
        session.flush()
        self._supersede(session, previous, now)
        page_url = check.context["page_url"]
        started = StartedCheck(id=check.id, token=token, status="starting", page_url=page_url)
        return self.job_of(check, owner), started

    def _supersede(self, session: Session, previous: Sequence[Check], now: dt.datetime) -> None:
        """Earlier checks of the candidate stop managing the ATS's fields; open ones are closed."""
        for earlier in previous:
            if earlier.status in FOLLOWED:
                earlier.status = "superseded"
                earlier.next_poll_at = None
                queue_report(session, earlier, ReportKind.CANCELED, now)
            if earlier.cleared_at is None:
                earlier.cleared_at = now
            # Its values still leave our store when their window ends, not the ATS's fields.
            earlier.notes = {**(earlier.notes or {}), "superseded": True}
            drop_proof(earlier)

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

    @property
    def lease(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.settings.lease_seconds)

    def run_job(
        self,
        job: CheckJob,
        *,
        actor: str | None = None,
        new_request: bool = False,
        approver: str | None = None,
    ) -> str:
        """Run the core's check for a claimed check and record what came of it."""
        try:
            client = self.clients.client(job.tenant, self.box)
        except PrecontractError as exc:  # no or unreadable credentials
            return self._failed(job, exc)
        checker = EligibilityChecker.from_client(
            client,
            audit=_BufferedAudit(job),
            clock=self.clock,
        )
        host = StoreFirstHost(job)
        employer = EnterpriseNumber.parse(job.employer)
        try:
            if approver == "reject":
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

    def decide_approver(self, check_id: int, *, accept: bool, actor: str | None) -> str:
        """A recruiter accepts (the data is read and written back) or rejects who approved a
        request bound to no NISS; only for a check waiting for that decision."""
        self._reopen(check_id, ("confirm_approver",), "not_confirming")
        return self.run(check_id, actor=actor, approver="accept" if accept else "reject")

    def bind_ssin(self, check_id: int, ssin: Ssin, *, actor: str | None) -> str:
        """The recruiter typed the applicant's NISS: a request bound to it replaces an unbound
        one still pending (or follows a rejected approver), so only the applicant can approve."""
        self._reopen(check_id, BINDABLE, "not_bindable", ssin=ssin)
        return self.run(check_id, actor=actor, new_request=True)

    def _reopen(
        self, check_id: int, allowed: Sequence[str], refusal: str, *, ssin: Ssin | None = None
    ) -> None:
        """Put a check the recruiter acts on back among the followed ones, for one run."""
        with self.db.session() as session:
            check = session.get(Check, check_id, with_for_update=True)
            if (
                check is None
                or check.status not in allowed
                or (ssin is not None and check.ssin_enc is not None)
                or (check.lease_until is not None and check.lease_until >= self.clock())
            ):
                raise InvalidInput(refusal, f"check {check_id}: {refusal}", setting="check")
            self._set_ssin(check, ssin)
            check.status = "starting"
            check.next_poll_at = None
            check.completed_at = None
            check.follow_until = max(check.follow_until or self.clock(), end_of_day(self.clock()))
            notes = dict(check.notes or {})
            notes.pop("approver", None)
            check.notes = notes

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
                self._set_ssin(check, outcome.ssin)
                if outcome.approval_url:
                    check.approval_url = outcome.approval_url
                    check.approval_expires_at = outcome.approval_expires_at
                    if outcome.approval_expires_at is not None:
                        check.follow_until = outcome.approval_expires_at
                notes = dict(check.notes or {})
                notes.pop("error", None)
                notes["warnings"] = [w.code for w in outcome.warnings]
                notes["warning_texts"] = {
                    language: [w.message(language) for w in outcome.warnings]
                    for language in LANGUAGES
                }
                notes.pop("proof", None)
                if outcome.consultation_record is not None and outcome.audit_record is not None:
                    # What the recruiter page renders the PDF proof from, in the reader's
                    # language, while the values may be shown (dropped with them: expiry).
                    notes["proof"] = {
                        "record": dict(outcome.consultation_record),
                        "audit": outcome.audit_record.to_dict(),
                    }
                # Who approved an unbound request, for the recruiter to accept or reject (the
                # NISS masked); gone once they decided.
                notes.pop("approver", None)
                if outcome.approver is not None:
                    notes["approver"] = outcome.approver.to_dict()
                check.notes = notes
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
                    delay = poll_delay(now - check.created_at)
                    next_poll = now + delay
                    if check.follow_until is not None:
                        next_poll = min(next_poll, check.follow_until + dt.timedelta(seconds=1))
                    check.next_poll_at = next_poll
                status = check.status
        except LeaseLost:
            logger.warning(
                "check %s: lease lost while it was being followed; nothing recorded", job.id
            )
            return job.status
        self.wake.set()
        return status

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
        check.expires_at = next_expiry(values, now) if values else None
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
        """A check that could not run: keep following a pending one (later and later); report a
        failed start."""
        now = self.clock()
        logger.warning("check %s failed: %s", job.id, mask_ssins(str(exc)))
        try:
            with self.db.session() as session:
                check = self._claimed(session, job)
                self._store_audit(session, job)
                check.lease_owner = check.lease_until = None
                notes = dict(check.notes or {})
                notes["error"] = {lang: exc.user_message(lang) for lang in LANGUAGES}
                check.notes = notes
                check.error = mask_ssins(str(exc))[:1000]
                if check.status not in FOLLOWED:
                    return check.status
                if check.status in ("needs_approval", "pending"):
                    if check.follow_until is not None and now > check.follow_until:
                        self._expire_unapproved(session, check, now)
                        return check.status
                    # A hiccup while following: try again, later each time it repeats.
                    check.failures += 1
                    check.last_failure = check.error
                    delay = max(poll_delay(now - check.created_at), failure_delay(check.failures))
                    check.next_poll_at = now + delay
                    return check.status
                check.status = "error"
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
        check.last_failure = text
        if check.failures >= self.settings.max_failures:
            check.parked_at = now
            logger.error("check %s parked after %s failures: %s", check.id, check.failures, text)
        else:
            check.next_poll_at = now + failure_delay(check.failures)

    # ------------------------------------------------------------------------------ operators

    def retry_now(self, write_back_id: int) -> None:
        """An administrator's "retry now": the write-back (failing or parked) is due at once."""
        with self.db.session() as session:
            wb = session.get(WriteBack, write_back_id)
            if wb is not None and wb.status in ("pending", "parked"):
                wb.status = "pending"
                wb.next_attempt_at = self.clock()
        self.wake.set()

    def drop_write_back(self, write_back_id: int) -> None:
        """An administrator's "drop": a parked write-back is given up (kept, marked dropped)."""
        with self.db.session() as session:
            wb = session.get(WriteBack, write_back_id)
            if wb is not None and wb.status in ("pending", "parked"):
                wb.status = "dropped"
                wb.payload = {}

    def retry_check(self, check_id: int) -> None:
        """An administrator's "retry" of a parked check: followed again at once."""
        with self.db.session() as session:
            check = session.get(Check, check_id)
            if check is not None and check.parked_at is not None:
                check.parked_at = None
                check.failures = 0
                check.next_poll_at = self.clock()
        self.wake.set()

    def drop_check(self, check_id: int) -> None:
        """An administrator's "drop" of a parked check: no longer followed (marked as an error)."""
        now = self.clock()
        with self.db.session() as session:
            check = session.get(Check, check_id)
            if check is not None and check.parked_at is not None:
                check.status = "error"
                check.next_poll_at = None
                check.completed_at = now
                check.parked_at = None
                queue_report(session, check, ReportKind.FAILED, now)

    def run_once(self, now: dt.datetime | None = None) -> dict[str, int]:
        """One worker round in this process (see :mod:`.rounds`)."""
        from precontract_ats.rounds import Rounds

        if self._rounds is None:
            self._rounds = Rounds(self)
        return self._rounds.run_once(now)

    def close(self) -> None:
        if self._rounds is not None:
            self._rounds.close()
            self._rounds = None
        self.clients.close()


ConnectorFactory = Callable[[], Connector]
