"""Starting a check for a verified button press: what the ATS sent is checked and stored with a
*starting* claim, earlier checks of the candidate are superseded, and the core's check runs —
unless the social security asked the tenant's REST account to wait (a 429): then the check is
stored and left to a worker, which starts it once the pause is over."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from precontract.i18n import normalise_language
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.timeutil import end_of_day
from precontract_ats.ats.base import ReportKind, waits_for_niss
from precontract_ats.ats.port import Once, StartedCheck
from precontract_ats.ats.verify import InboundRefused, remember_once
from precontract_ats.engine.running import NEEDS_NISS, Running
from precontract_ats.engine.snapshot import CheckJob
from precontract_ats.outbox import queue_report
from precontract_ats.queue import FOLLOWED, paused_until
from precontract_ats.services.errors import InvalidInput
from precontract_ats.store.models import Check, Connection

__all__ = ["INBOUND_ID", "Starting", "drop_proof"]

#: The key of a check's context holding the id of the inbound call that started it.
INBOUND_ID = "inbound_id"

logger = logging.getLogger(__name__)


def drop_proof(check: Check) -> None:
    """The proof's record holds the values: it goes when they do."""
    if check.notes and "proof" in check.notes:
        check.notes = {k: v for k, v in check.notes.items() if k != "proof"}


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


class Starting(Running):
    """Stores and starts the check of a button press."""

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
        planned_start: dt.date | None = None,
    ) -> StartedCheck:
        """Store a new check for a verified button call and run it (see the module's text).

        What the ATS sent is checked against what the store holds before anything is written;
        ``once``, the inbound call's id, is remembered in the transaction that stores the check
        (and kept in its context): a call refused here is not taken for a replay when the ATS
        sends it again, and a call sent again after its check was stored (its answer lost)
        answers that check instead of starting a second one. ``planned_start``: the candidate's
        first working day when the ATS gives one (else the one an earlier check of the candidate
        had)."""
        _check_limits(candidate_ref, applicant_email)
        if once is not None:
            context = {**(context or {}), INBOUND_ID: once.nonce[:200]}
        try:
            with self.db.session() as own:
                if once is not None:
                    remember_once(own, once.scope, once.nonce, now=self.clock(), ttl=once.ttl)
                job, started = self._store_check(
                    own, connection_id, candidate_ref=candidate_ref,
                    applicant_name=applicant_name, applicant_email=applicant_email, ssin=ssin,
                    employer=employer, context=context, actor=actor, base_url=base_url,
                    planned_start=planned_start,
                )  # fmt: skip
                held = job.status != NEEDS_NISS and self._hold_for_pause(own, job.id)
        except InboundRefused as exc:
            earlier = self.started_by(connection_id, once.nonce) if once is not None else None
            if exc.reason != "replay" or earlier is None:
                raise
            return earlier
        self.wake.set()
        if job.status == NEEDS_NISS or held:
            # Nothing asked of the social security yet: the recruiter page asks for the NISS, or
            # a worker starts the check once the pause is over.
            return started
        try:
            status = self.run_job(job, actor=actor)
        except Exception as exc:  # a bug: the check is backed off, the worker takes it over
            logger.exception("check %s could not start", job.id)
            status = self.backoff_check(job.id, job.owner, exc)
        return StartedCheck(
            id=started.id, token=started.token, status=status, page_url=started.page_url
        )

    def _hold_for_pause(self, session: Session, check_id: int) -> bool:
        """While the social security asks the check's REST account to wait, a press calls no one:
        the check stays *starting*, unclaimed, due at the pause's end (the workers' claim skips a
        paused account until then). Answers whether it was held."""
        check = session.get(Check, check_id)
        assert check is not None  # stored in this session
        until = paused_until(check.tenant, self.clock())
        if until is None:
            return False
        logger.info("check %s stored; its start waits for the pause until %s", check_id, until)
        check.lease_owner = check.lease_until = None
        check.next_poll_at = until
        return True

    def started_by(self, connection_id: int, inbound_id: str) -> StartedCheck | None:
        """The check the inbound call ``inbound_id`` started on the connection, if any."""
        with self.db.session() as session:
            check = session.scalars(
                select(Check)
                .where(
                    Check.connection_id == connection_id,
                    Check.context[INBOUND_ID].as_string() == inbound_id[:200],
                )
                .order_by(Check.id.desc())
                .limit(1)
            ).first()
            if check is None:
                return None
            return StartedCheck(
                id=check.id,
                token=check.token,
                status=check.status,
                page_url=str((check.context or {}).get("page_url") or self.page_url(check.token)),
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
        planned_start: dt.date | None = None,
        owner: str | None = None,
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
        owner = owner or f"start:{self.owner}:{token[:8]}"
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
            planned_start=planned_start,
        )
        # Resume what an earlier press of the same candidate started (same employer).
        # Only the latest one counts: a refusal there means a new request now.
        for earlier in previous:
            if earlier.employer == chosen:
                check.request_id = earlier.request_id
                check.mandate_id = earlier.mandate_id
                if ssin is None:
                    ssin = self.ssin_of(earlier)
                if check.planned_start is None:
                    check.planned_start = earlier.planned_start
                break
        self._set_ssin(check, ssin)
        if any(earlier.status == "result" for earlier in previous):
            # An ATS storing files may still hold an earlier check's proof: its report removes it.
            check.context = {**check.context, "replaces_proof": True}
        waits = (
            ssin is None
            and check.request_id is None
            and check.mandate_id is None
            and waits_for_niss(connection.settings)
        )
        if waits:
            # No NISS from the ATS: no request yet (it would be bound to no one); the recruiter
            # page asks for it, or to send the request without it (docs/connector.md).
            check.status = NEEDS_NISS
            check.lease_owner = check.lease_until = check.next_poll_at = None
        session.add(check)
        session.flush()
        self._supersede(session, previous, now)
        if waits:
            queue_report(session, check, ReportKind.NEEDS_NISS, now)
        page_url = check.context["page_url"]
        started = StartedCheck(id=check.id, token=token, status=check.status, page_url=page_url)
        return self.job_of(check, owner), started

    def _supersede(self, session: Session, previous: Sequence[Check], now: dt.datetime) -> None:
        """Earlier checks of the candidate stop managing the ATS's fields; open ones are closed."""
        for earlier in previous:
            if earlier.status in FOLLOWED or earlier.status == NEEDS_NISS:
                earlier.status = "superseded"
                earlier.next_poll_at = None
                queue_report(session, earlier, ReportKind.CANCELED, now)
            if earlier.cleared_at is None:
                earlier.cleared_at = now
            # Its values still leave our store when their window ends, not the ATS's fields.
            earlier.notes = {**(earlier.notes or {}), "superseded": True}
            drop_proof(earlier)
