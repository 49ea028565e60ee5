"""The connector's engine: runs the core's check for an ATS button press, follows it, writes back.

**Store first, then write back.** Every outcome is saved in the connector's database before the
ATS is called: :class:`StoreFirstHost` is the core's host adapter over our store; what it writes
becomes a row in the ``write_backs`` outbox, which the worker delivers through the ATS plugin's own
host adapter, in order per check, retrying failures with a growing delay and never dropping one.
So a result the social security answered is never lost, even when the ATS is down for a day.

A check's life:

1. :meth:`Connector.start_check` (a verified button call) stores the check, runs the core's
   :func:`~precontract.plugin.run_check` (an access request, or straight to the data when a
   mandate is active) and queues the report link for the ATS;
2. :meth:`Connector.poll_due` follows pending requests until the end of their day;
3. on approval the data is stored, written to the candidate's fields and the ATS's report is
   completed (``failed`` on a refusal, an expiry or a withdrawal);
4. :meth:`Connector.expire_due` clears values whose consultation window has ended, in the store
   and in the ATS (the core's :func:`~precontract.fields.expire`).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import requests
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from precontract.eligibility import EligibilityChecker
from precontract.errors import ConfigurationError, PrecontractError
from precontract.fields import FLEXI_KEYS, REQUEST_KEYS, STUDENT_KEYS, FieldKey, expire
from precontract.i18n import LANGUAGES, Language, normalise_language
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.masking import mask_ssins
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind
from precontract.plugin import run_check
from precontract.timeutil import Clock, end_of_day, system_clock
from precontract_ats.ats import KINDS, get_plugin
from precontract_ats.ats.base import AtsPlugin, CheckRef, ConnectionConfig, Report, ReportKind
from precontract_ats.ats.port import StartedCheck
from precontract_ats.ats.verify import purge_nonces
from precontract_ats.crypto import SecretBox
from precontract_ats.services.audit import DatabaseAuditSink
from precontract_ats.services.connections import connection_config
from precontract_ats.services.errors import InvalidInput
from precontract_ats.services.tenants import ClientPool
from precontract_ats.services.values import dump_values, load_values
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.database import Database
from precontract_ats.store.models import Check, Connection, WriteBack
from precontract_ats.summary import score, summary

__all__ = ["FOLLOWED", "Connector", "StartedCheck", "StoreFirstHost", "write_back_delay"]

logger = logging.getLogger(__name__)

FOLLOWED = ("starting", "needs_approval", "pending")
"""Statuses the worker polls."""
STARTING_GRACE = dt.timedelta(minutes=2)
_DATA_KEYS = (*FLEXI_KEYS, *STUDENT_KEYS, *REQUEST_KEYS)


def write_back_delay(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed write-back: 30 s, 1, 2, 4 … minutes, at most 1 h."""
    return dt.timedelta(seconds=min(3600, 30 * 2 ** max(attempts - 1, 0)))


def poll_delay(age: dt.timedelta) -> dt.timedelta:
    """How soon a pending request is asked again: often while the applicant is likely in the
    room, then once a minute until the end of the day."""
    return dt.timedelta(seconds=5 if age < dt.timedelta(minutes=15) else 60)


def _report_kind(kind: OutcomeKind) -> ReportKind | None:
    if kind is OutcomeKind.RESULT:
        return ReportKind.COMPLETED
    if kind.is_final:
        return ReportKind.FAILED
    return None


def _queue_fields(
    session: Session, check: Check, values: Mapping[FieldKey, Any], now: dt.datetime
) -> None:
    """Queue ``values`` for the candidate's fields in the ATS (the outbox the worker delivers)."""
    session.add(
        WriteBack(
            check_id=check.id,
            kind="fields",
            payload={"values": dump_values(values)},
            next_attempt_at=now,
        )
    )


def _drop_proof(check: Check) -> None:
    """The proof's record holds the values: it goes when they do."""
    if check.notes and "proof" in check.notes:
        check.notes = {k: v for k, v in check.notes.items() if k != "proof"}


def _same_values(old: Mapping[FieldKey, Any], new: Mapping[FieldKey, Any]) -> bool:
    keys = (set(old) | set(new)) - {FieldKey.CHECKED_AT}
    return all(old.get(k) == new.get(k) for k in keys)


class StoreFirstHost:
    """The core's host adapter over the connector's store, for one check.

    Reads come from the check row; writes land in the row and in the outbox in one transaction,
    and the worker carries them to the ATS. Repeated polls that change nothing but the "checked
    at" moment are not sent again.
    """

    def __init__(self, connector: Connector, check_id: int) -> None:
        self.connector = connector
        self.check_id = check_id

    def _check(self, session: Session) -> Check:
        check = session.get(Check, self.check_id)
        if check is None:
            raise LookupError(f"check {self.check_id} is gone")
        return check

    def read_applicant(self, reference: str) -> Applicant:
        with self.connector.db.session() as session:
            check = self._check(session)
            return Applicant(
                reference=check.candidate_ref,
                name=check.applicant_name,
                email=check.applicant_email,
                language=normalise_language(check.applicant_language),
                ssin=self.connector.ssin_of(check),
            )

    def read_state(self, reference: str) -> CheckState:
        with self.connector.db.session() as session:
            check = self._check(session)
            return CheckState(
                request_id=check.request_id,
                mandate_id=check.mandate_id,
                ssin=self.connector.ssin_of(check),
            )

    def read_values(self, reference: str) -> dict[FieldKey, Any]:
        with self.connector.db.session() as session:
            return load_values(self._check(session).values)

    def write_values(self, reference: str, values: Mapping[FieldKey, Any]) -> None:
        with self.connector.db.session() as session:
            check = self._check(session)
            old = load_values(check.values)
            merged = {**old, **values}
            check.values = dump_values(merged)
            if old and _same_values(old, merged):
                return
            _queue_fields(session, check, values, self.connector.clock())
        self.connector.wake.set()

    def present_approval(self, reference: str, outcome: CheckOutcome) -> None:
        # The recruiter page shows the QR code; the ATS gets the page's address once.
        if outcome.kind is OutcomeKind.NEEDS_APPROVAL:
            self.connector.queue_report(self.check_id, ReportKind.LINK)


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
            if kind is ReportKind.LINK and any(
                w.kind == "report" and w.payload.get("kind") == "link" for w in check.write_backs
            ):
                return
            lang = normalise_language(check.connection.language)
            values = load_values(check.values)
            error = (check.notes or {}).get("error")
            text = summary(values, lang) if not error else str(error.get(lang) or error.get("en"))
            session.add(
                WriteBack(
                    check_id=check.id,
                    kind="report",
                    payload={
                        "kind": kind.value,
                        "summary": text,
                        "score": score(values, lang),
                        "at": self.clock().isoformat(),
                    },
                    next_attempt_at=self.clock(),
                )
            )
        self.wake.set()

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
    ) -> StartedCheck:
        """Store a new check for a verified button call and run it (see the module's text)."""
        now = self.clock()
        token = secrets.token_urlsafe(24)
        with self.db.session() as session:
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
                    connection.employer.enterprise_number
                    if connection.employer
                    else tenant.requester
                )
            previous = session.scalars(
                select(Check)
                .where(Check.connection_id == connection.id, Check.candidate_ref == candidate_ref)
                .order_by(Check.id.desc())
            ).all()
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
            superseded = self._supersede(previous, now)
            check_id = check.id
            page_url = check.context["page_url"]
        for earlier_id in superseded:
            self.queue_report(earlier_id, ReportKind.CANCELED)
        status = self.run(check_id, actor=actor)
        return StartedCheck(id=check_id, token=token, status=status, page_url=page_url)

    def _supersede(self, previous: Sequence[Check], now: dt.datetime) -> list[int]:
        """Earlier checks of the candidate stop managing the ATS's fields; open ones are closed."""
        reported: list[int] = []
        for earlier in previous:
            if earlier.status in FOLLOWED:
                earlier.status = "superseded"
                earlier.next_poll_at = None
                reported.append(earlier.id)
            if earlier.cleared_at is None:
                earlier.cleared_at = now
            _drop_proof(earlier)
        return reported

    def run(self, check_id: int, *, actor: str | None = None) -> str:
        """Run (or resume) the core's check for a stored check; answers its new status."""
        with self.db.session() as session:
            check = session.get(Check, check_id)
            if check is None:
                raise LookupError(f"check {check_id} is gone")
            tenant = check.tenant
            employer = EnterpriseNumber.parse(check.employer)
            candidate = check.candidate_ref
            lang: Language = normalise_language(check.connection.language)
            was = check.status
            try:
                client = self.clients.client(tenant, self.box)
            except PrecontractError as exc:  # no or unreadable credentials
                failure: PrecontractError | None = exc
            else:
                failure = None
        if failure is not None:
            return self._failed(check_id, failure, was=was)
        checker = EligibilityChecker.from_client(
            client,
            audit=DatabaseAuditSink(self.db, tenant.id),
            clock=self.clock,
            # Until the recruiter page offers the confirmation step (issue 10).
            trust_unbound_approver=True,
        )
        host = StoreFirstHost(self, check_id)
        try:
            outcome = run_check(host, candidate, checker, employer=employer, actor=actor)
        except PrecontractError as exc:
            return self._failed(check_id, exc, was=was)
        return self._record(check_id, outcome, lang)

    def _record(self, check_id: int, outcome: CheckOutcome, lang: Language) -> str:
        now = self.clock()
        report: ReportKind | None = None
        with self.db.session() as session:
            check = session.get(Check, check_id)
            assert check is not None
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
                language: [w.message(language) for w in outcome.warnings] for language in LANGUAGES
            }
            notes.pop("proof", None)
            if outcome.consultation_record is not None and outcome.audit_record is not None:
                # What the recruiter page renders the PDF proof from, in the reader's language,
                # while the values may be shown (dropped with them: expire_due).
                notes["proof"] = {
                    "record": dict(outcome.consultation_record),
                    "audit": outcome.audit_record.to_dict(),
                }
            check.notes = notes
            if outcome.kind.is_final:
                check.next_poll_at = None
                check.completed_at = now
                report = _report_kind(outcome.kind)
            else:
                check.next_poll_at = now + poll_delay(now - check.created_at)
            status = check.status
        if report is not None:
            self.queue_report(check_id, report)
        return status

    def _failed(self, check_id: int, exc: PrecontractError, *, was: str) -> str:
        """A check that could not run: keep following a pending one; report a failed start."""
        now = self.clock()
        logger.warning("check %s failed: %s", check_id, mask_ssins(str(exc)))
        with self.db.session() as session:
            check = session.get(Check, check_id)
            assert check is not None
            notes = dict(check.notes or {})
            notes["error"] = {lang: exc.user_message(lang) for lang in LANGUAGES}
            check.notes = notes
            check.error = mask_ssins(str(exc))[:1000]
            if was in ("needs_approval", "pending"):
                # A hiccup while following: try again at the next round.
                check.next_poll_at = now + poll_delay(now - check.created_at)
                return check.status
            check.status = "error"
            check.next_poll_at = None
            check.completed_at = now
        self.queue_report(check_id, ReportKind.FAILED)
        return "error"

    # ------------------------------------------------------------------------------ worker

    def poll_due(self, now: dt.datetime | None = None) -> int:
        """Follow the pending requests whose turn it is; answers how many were polled."""
        now = now or self.clock()
        with self.db.session() as session:
            due = session.scalars(
                select(Check.id).where(
                    or_(
                        Check.status.in_(("needs_approval", "pending"))
                        & (Check.next_poll_at <= now),
                        (Check.status == "starting") & (Check.created_at <= now - STARTING_GRACE),
                    )
                )
            ).all()
        for check_id in due:
            status = self.run(check_id)
            if status in ("needs_approval", "pending"):
                self._expire_unapproved(check_id, now)
        return len(due)

    def _expire_unapproved(self, check_id: int, now: dt.datetime) -> None:
        """Past the end of its day a request can no longer be approved: close it ourselves."""
        with self.db.session() as session:
            check = session.get(Check, check_id)
            if check is None or check.follow_until is None or now <= check.follow_until:
                return
            values = load_values(check.values)
            result = expire(values, now)
            check.values = dump_values(result.values)
            check.status = "expired"
            check.next_poll_at = None
            check.completed_at = now
            if result.changed:
                _queue_fields(session, check, {k: result.values[k] for k in result.cleared}, now)
        self.queue_report(check_id, ReportKind.FAILED)

    def deliver_due(self, now: dt.datetime | None = None) -> int:
        """Carry due write-backs to the ATSs, oldest first per check; answers how many succeeded."""
        now = now or self.clock()
        with self.db.session() as session:
            rows = session.execute(
                select(WriteBack.id, WriteBack.check_id, WriteBack.next_attempt_at)
                .where(WriteBack.status == "pending")
                .order_by(WriteBack.check_id, WriteBack.id)
            ).all()
        delivered = 0
        blocked: set[int] = set()
        for wb_id, check_id, due_at in rows:
            # In order per check: a later write never overtakes an earlier one that failed.
            if check_id in blocked:
                continue
            if due_at > now:
                blocked.add(check_id)
                continue
            if self.deliver(wb_id, now=now):
                delivered += 1
            else:
                blocked.add(check_id)
        return delivered

    def deliver(self, write_back_id: int, *, now: dt.datetime | None = None) -> bool:
        """Try one write-back now; on failure it stays queued with a later attempt time."""
        now = now or self.clock()
        with self.db.session() as session:
            wb = session.get(WriteBack, write_back_id)
            if wb is None or wb.status != "pending":
                return wb is not None
            check = wb.check
            config = self.config(check.connection)
            ref = self.check_ref(check)
            kind, payload = wb.kind, dict(wb.payload)
        plugin = self.plugin(config.kind)
        error: str | None = None
        try:
            host = plugin.host(config)
            if kind == "fields":
                host.write_values(ref.candidate_ref, load_values(payload.get("values")))
            else:
                host.report(
                    ref,
                    Report(
                        kind=ReportKind(payload["kind"]),
                        page_url=ref.page_url,
                        summary=str(payload.get("summary") or ""),
                        score=str(payload.get("score") or ""),
                        at=dt.datetime.fromisoformat(payload["at"]) if payload.get("at") else now,
                    ),
                )
        except (PrecontractError, requests.RequestException, ValueError, KeyError) as exc:
            error = mask_ssins(str(exc)) or type(exc).__name__
            logger.warning("write-back %s (%s) failed: %s", write_back_id, kind, error)
        with self.db.session() as session:
            wb = session.get(WriteBack, write_back_id)
            assert wb is not None
            wb.attempts += 1
            if error is None:
                wb.status = "done"
                wb.done_at = now
                wb.last_error = None
            else:
                wb.last_error = error[:1000]
                wb.next_attempt_at = now + write_back_delay(wb.attempts)
        return error is None

    def retry_now(self, write_back_id: int) -> None:
        """An administrator's "retry now": the write-back is due at once."""
        with self.db.session() as session:
            wb = session.get(WriteBack, write_back_id)
            if wb is not None and wb.status == "pending":
                wb.next_attempt_at = self.clock()
        self.wake.set()

    def expire_due(self, now: dt.datetime | None = None) -> int:
        """Clear values whose consultation window has ended, in the store and (queued) in the ATS."""
        now = now or self.clock()
        with self.db.session() as session:
            ids = session.scalars(
                select(Check.id).where(
                    Check.cleared_at.is_(None),
                    Check.values.is_not(None),
                    Check.status.not_in(FOLLOWED),
                )
            ).all()
        changed = 0
        for check_id in ids:
            with self.db.session() as session:
                check = session.get(Check, check_id)
                if check is None:
                    continue
                result = expire(load_values(check.values), now)
                if all(result.values.get(k) is None for k in _DATA_KEYS):
                    check.cleared_at = now
                    _drop_proof(check)
                if not result.changed:
                    continue
                check.values = dump_values(result.values)
                _queue_fields(session, check, {k: result.values[k] for k in result.cleared}, now)
                changed += 1
        return changed

    def run_once(self, now: dt.datetime | None = None) -> dict[str, int]:
        """One worker round: follow, deliver, expire, deliver what expiry queued, tidy up."""
        now = now or self.clock()
        counts = {
            "polled": self.poll_due(now),
            "delivered": self.deliver_due(now),
            "expired": self.expire_due(now),
        }
        counts["delivered"] += self.deliver_due(now)
        with self.db.session() as session:
            counts["nonces_purged"] = purge_nonces(session, now)
        return counts

    def close(self) -> None:
        self.clients.close()


ConnectorFactory = Callable[[], Connector]
