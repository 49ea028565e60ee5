"""One worker process's rounds: clear what expired, follow the checks whose turn it is, deliver
the write-backs that are due — each item claimed from the queue (:mod:`.queue`), the calls made
by a bounded thread pool, the leases renewed while the calls run.

Order within a round: **clearing first** (it makes no outside call and queues clearing
write-backs at priority 0), then the polls, then the deliveries. An exception in one item backs
that item off and parks it after ``max_failures``; it never ends the round for the others.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, TypeVar

from precontract.fields import FLEXI_KEYS, STUDENT_KEYS, expire, holds_data, next_expiry
from precontract.masking import mask_ssins
from precontract_ats.ats.base import CheckRef, ConnectionConfig, Report, ReportKind
from precontract_ats.ats.http import AtsError
from precontract_ats.ats.verify import purge_nonces
from precontract_ats.engine import CheckJob, Connector, drop_proof
from precontract_ats.failures import stored
from precontract_ats.outbox import (
    CLEARING,
    last_report_kind,
    queue_fields,
    queue_report,
    scrub_values,
)
from precontract_ats.proofs import stored_proof
from precontract_ats.queue import WorkQueue, failure_delay
from precontract_ats.services.values import dump_values, load_values
from precontract_ats.store.models import Check, Connection, WriteBack

__all__ = ["Delivery", "Rounds", "expire_check"]

logger = logging.getLogger(__name__)

_MAX_BATCHES = 20  # per kind and round: the next round goes on, so one round stays short
_T = TypeVar("_T")


@dataclass(frozen=True)
class Delivery:
    """A claimed write-back, read in the claim's transaction."""

    id: int
    owner: str
    kind: str
    payload: dict[str, Any]
    config: ConnectionConfig
    ref: CheckRef
    connection_id: int
    priority: int
    #: What the proof is rendered from (``check.notes["proof"]``), for an ATS storing files.
    proof: dict[str, Any] | None = None
    applicant_name: str = ""


def expire_check(session: Any, check: Check, now: dt.datetime) -> bool:
    """Apply the core's expiry rule to a stored check; answers whether something was cleared.

    Cleared values are queued for the ATS (priority: clearing), a report that showed them is
    redacted, and the write-backs already delivered lose their copy. A check a newer press took
    over is cleared in our store only (the newer check manages the ATS's fields)."""
    result = expire(load_values(check.values), now)
    notes = dict(check.notes or {})
    taken_over = bool(notes.get("superseded"))
    if result.changed:
        check.values = dump_values(result.values)
        # Which answers ran out, for the overview to say so once the values are gone.
        marks = dict(notes.get("expired") or {})
        for part, keys in (("flexi", FLEXI_KEYS), ("student", STUDENT_KEYS)):
            if any(k in result.cleared for k in keys):
                marks.setdefault(part, now.isoformat())
        if marks:
            notes["expired"] = marks
            check.notes = notes
        if not taken_over:
            cleared = {k: result.values[k] for k in result.cleared}
            queue_fields(session, check, cleared, now, priority=CLEARING)
            last = last_report_kind(session, check)
            if last is ReportKind.COMPLETED and holds_data(result.values):
                # Part of the data may still be shown: the report says only that part now.
                queue_report(session, check, last, now, priority=CLEARING)
            elif last not in (None, ReportKind.LINK, ReportKind.CLEARED):
                queue_report(session, check, ReportKind.CLEARED, now, priority=CLEARING)
        scrub_values(session, check)
    if not holds_data(result.values):
        if check.cleared_at is None:
            check.cleared_at = now
        if notes.pop("warning_texts", None) is not None:  # they quote the data
            check.notes = notes
        drop_proof(check)
    check.expires_at = next_expiry(result.values, now)
    return result.changed


class Rounds:
    """The rounds of one process over the connector's queue."""

    def __init__(self, connector: Connector) -> None:
        self.connector = connector
        self.settings = connector.settings
        self.queue = WorkQueue(connector.db, connector.owner, lease=connector.lease)
        self.pool = ThreadPoolExecutor(
            max_workers=self.settings.worker_threads, thread_name_prefix="precontract-call"
        )

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        try:
            self.queue.release_singleton()
        except Exception:  # the database may be gone at shutdown; the lease then runs out
            logger.warning("could not release the worker lease", exc_info=True)

    # ------------------------------------------------------------------------------ the round

    def run_once(self, now: dt.datetime | None = None) -> dict[str, int]:
        """One round; ``{"waiting": 1}`` when another worker holds SQLite's one-worker lease."""
        now = now or self.connector.clock()
        if not self.queue.hold_singleton(now):
            return {"waiting": 1}
        counts = {
            "expired": self.expire_due(now),
            "polled": self.poll_due(now),
            "rechecked": self.recheck_due(now),
            "delivered": self.deliver_due(now),
        }
        with self.connector.db.session() as session:
            counts["nonces_purged"] = purge_nonces(session, now)
        return counts

    def _pipeline(
        self,
        claim: Callable[[int], tuple[int, list[_T]]],
        work: Callable[[_T], Any],
        checks: Callable[[Sequence[_T]], Sequence[int]],
        wbs: Callable[[Sequence[_T]], Sequence[int]],
        rechecks: Callable[[Sequence[_T]], Sequence[int]] = lambda items: (),
    ) -> list[Any]:
        """Run ``work`` over claimed items on the pool, claiming more as calls finish; answers
        what each ``work`` answered.

        ``claim(n)`` claims up to ``n`` rows in one transaction and answers how many rows it
        claimed and the items to run. The pool is kept busy without hoarding: a claim is made
        while fewer than a quarter of a pool's items wait for a thread (before one is free, so
        no thread waits for the claim) and tops what this worker holds up to two pools, so each
        claim's transaction carries most of a pool's polls and a row this worker could not start
        within about one call is left to another worker. Leases are renewed once a beat
        (a third of the lease) for everything held, in one statement per kind, not after every
        finished call: that was an UPDATE of every held row per poll, waiting behind the polls'
        own row locks."""
        threads = self.settings.worker_threads
        low = threads + max(1, threads // 4)  # claim while fewer are held (some wait)
        budget = _MAX_BATCHES * self.settings.batch_size  # per round: the next round goes on
        beat = max(0.5, self.settings.lease_seconds / 3)
        next_beat = time.monotonic() + beat
        held: dict[Future[Any], _T] = {}
        results: list[Any] = []
        exhausted = False
        while True:
            while not exhausted and len(held) < low and budget > 0:
                wanted = min(2 * threads - len(held), self.settings.batch_size, budget)
                try:
                    rows, items = claim(wanted)
                except Exception:  # the database, for a moment: finish what is held first
                    if not held:
                        raise
                    logger.warning("could not claim more work", exc_info=True)
                    exhausted = True
                    break
                budget -= rows
                exhausted = rows < wanted
                for item in items:
                    held[self.pool.submit(work, item)] = item
            if not held:
                return results
            timeout = max(0.0, next_beat - time.monotonic())
            done, _ = wait(held, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                held.pop(future)
                if (exc := future.exception()) is not None:
                    logger.error("a queue item failed outside its own handling: %r", exc)
                else:
                    results.append(future.result())
            if held and time.monotonic() >= next_beat:
                next_beat = time.monotonic() + beat
                left = list(held.values())
                now = self.connector.clock()
                try:
                    self.queue.renew(now, checks(left), wbs(left), rechecks(left))
                    self.queue.hold_singleton(now)
                except Exception:
                    logger.warning("could not renew the leases", exc_info=True)

    # ------------------------------------------------------------------------------ expiry

    def expire_due(self, now: dt.datetime) -> int:
        """Clear values whose window has ended (found by ``checks.expires_at``), in batches."""
        changed = 0
        for _ in range(_MAX_BATCHES):
            with self.connector.db.session() as session:
                due = self.queue.due_expiries(session, now, self.settings.batch_size)
                for check in due:
                    try:
                        with session.begin_nested():
                            changed += expire_check(session, check, now)
                    except Exception:
                        logger.exception(
                            "check %s: clearing failed; tried again in an hour", check.id
                        )
                        check.expires_at = now + dt.timedelta(hours=1)
            if len(due) < self.settings.batch_size:
                break
        return changed

    # ------------------------------------------------------------------------------ polls

    def poll_due(self, now: dt.datetime) -> int:
        """Follow the checks whose turn it is, each claimed by this worker alone."""

        def claim(limit: int) -> tuple[int, list[CheckJob]]:
            jobs: list[CheckJob] = []
            with self.connector.db.session() as session:
                claimed = self.queue.claim_checks(session, now, limit)
                for check in claimed:
                    try:
                        jobs.append(self.connector.job_of(check, self.queue.owner))
                    except Exception as exc:  # e.g. a stored secret that cannot be read
                        logger.exception("check %s cannot be read", check.id)
                        self.connector.backoff_row(check, exc, now)
            return len(claimed), jobs

        return len(self._pipeline(claim, self._poll, lambda js: [j.id for j in js], lambda js: ()))

    def _poll(self, job: CheckJob) -> None:
        try:
            self.connector.run_job(job)
        except Exception as exc:
            logger.exception("check %s failed", job.id)
            self.connector.backoff_check(job.id, job.owner, exc)

    # ------------------------------------------------------------------------------ re-checks

    def recheck_due(self, now: dt.datetime) -> int:
        """Rows of bulk re-checks an administrator started, each claimed by this worker alone
        (:mod:`precontract_ats.engine.rechecking`)."""
        owner = self.queue.owner

        def claim(limit: int) -> tuple[int, list[int]]:
            with self.connector.db.session() as session:
                claimed = [item.id for item in self.queue.claim_rechecks(session, now, limit)]
            return len(claimed), claimed

        return len(
            self._pipeline(
                claim,
                lambda item_id: self.connector.recheck_item(item_id, owner),
                lambda ids: (),
                lambda ids: (),
                rechecks=lambda ids: ids,
            )
        )

    # ------------------------------------------------------------------------------ write-backs

    def deliver_due(self, now: dt.datetime) -> int:
        """Carry due write-backs to the ATSs, clearing ones first; answers how many succeeded."""

        def claim(limit: int) -> tuple[int, list[Delivery]]:
            jobs: list[Delivery] = []
            with self.connector.db.session() as session:
                claimed = self.queue.claim_write_backs(session, now, limit)
                for wb in claimed:
                    try:
                        jobs.append(self._delivery(wb))
                    except Exception as exc:
                        logger.exception("write-back %s cannot be read", wb.id)
                        self._failed_row(wb, exc, now)
            return len(claimed), jobs

        results = self._pipeline(claim, self.deliver, lambda ds: (), lambda ds: [d.id for d in ds])
        return sum(results)

    def _delivery(self, wb: WriteBack) -> Delivery:
        check = wb.check
        config = self.connector.config(check.connection)
        proof = None
        if (
            wb.kind == "report"
            and wb.payload.get("kind") == ReportKind.COMPLETED.value
            and self.connector.plugin(config.kind).attaches_proof
        ):
            proof = (check.notes or {}).get("proof")
        return Delivery(
            id=wb.id,
            owner=self.queue.owner,
            kind=wb.kind,
            payload=dict(wb.payload),
            config=config,
            ref=self.connector.check_ref(check),
            connection_id=check.connection_id,
            priority=wb.priority,
            proof=dict(proof) if proof else None,
            applicant_name=check.applicant_name,
        )

    def deliver(self, delivery: Delivery) -> bool:
        """Make one write-back's call; record success, a pause (429) or a failure."""
        now = self.connector.clock()
        error: str | None = None  # for the log, in English
        kept = ""  # for the pages: said in the reader's language (precontract_ats.failures)
        pause: float | None = None
        payload = delivery.payload
        try:
            plugin = self.connector.plugin(delivery.config.kind)
            host = plugin.host(delivery.config)
            if delivery.kind == "fields":
                host.write_values(delivery.ref.candidate_ref, load_values(payload.get("values")))
            else:
                at = payload.get("at")
                host.report(
                    delivery.ref,
                    Report(
                        kind=ReportKind(payload["kind"]),
                        page_url=delivery.ref.page_url,
                        summary=str(payload.get("summary") or ""),
                        score=str(payload.get("score") or ""),
                        at=dt.datetime.fromisoformat(at) if at else now,
                        proof=stored_proof(
                            delivery.proof,
                            lang=delivery.config.language,
                            applicant_name=delivery.applicant_name,
                            clock=self.connector.clock,
                        ),
                    ),
                )
        except AtsError as exc:
            if exc.status == 429:
                pause = float(getattr(exc, "retry_after", None) or 60.0)
            error, kept = mask_ssins(str(exc)) or type(exc).__name__, stored(exc)
        except Exception as exc:  # anything, a bug included: this write-back only
            error, kept = mask_ssins(f"{type(exc).__name__}: {exc}"), stored(exc)
        if error is not None:
            logger.warning("write-back %s (%s) failed: %s", delivery.id, delivery.kind, error)
        now = self.connector.clock()
        with self.connector.db.session() as session:
            wb = session.get(WriteBack, delivery.id, with_for_update=True, populate_existing=True)
            if wb is None or wb.lease_owner != delivery.owner:
                return False  # our lease ran out and another worker took it over
            wb.lease_owner = wb.lease_until = None
            if wb.status != "pending":
                return error is None  # dropped or superseded while on its way
            if pause is not None:
                until = now + dt.timedelta(seconds=max(1.0, min(pause, 3600.0)))
                connection = session.get(Connection, delivery.connection_id)
                if connection is not None and (
                    connection.paused_until is None or connection.paused_until < until
                ):
                    connection.paused_until = until
                wb.last_error = kept or None
                wb.next_attempt_at = until
                return False
            if error is None:
                wb.attempts += 1
                wb.status = "done"
                wb.done_at = now
                wb.last_error = None
                return True
            self._record_failure(wb, kept, now)
            return False

    def _record_failure(self, wb: WriteBack, kept: str, now: dt.datetime) -> None:
        """``kept``: the failure as :func:`~precontract_ats.failures.stored` keeps it."""
        wb.attempts += 1
        wb.last_error = kept[:1000]
        wb.next_attempt_at = now + failure_delay(wb.attempts)
        # A clearing write-back is never given up: the value must leave the ATS.
        if wb.attempts >= self.settings.max_failures and wb.priority != CLEARING:
            wb.status = "parked"

    def _failed_row(self, wb: WriteBack, error: BaseException, now: dt.datetime) -> None:
        wb.lease_owner = wb.lease_until = None
        self._record_failure(wb, stored(error), now)
