"""One row of a bulk re-check (:class:`~precontract_ats.store.models.RecheckItem`), run by a
worker that claimed it from the queue.

The row names a check; what counts is the candidate's **latest** check (a newer press may have
come since). The core's re-check rule (:func:`precontract.recheck.decide`) on its stored answer
for its planned start decides:

- the answer still holds (``keep``), or can only be asked for in a later quarter (``later``):
  done, nothing called;
- the latest check is still followed (a request pending, an approver to accept): done, the
  workers already follow it — never a second request;
- otherwise a new check of the same candidate is stored (as a new press would be: the earlier
  one is superseded, the ATS's report and fields follow the new one) with the stored answer and
  the ids to resume, and the core's :func:`~precontract.plugin.run_recheck` runs on it: the
  pending request read, the data read again under the active mandate, or a new access request.

The new check's id is written on the row in the transaction that stores the check, so a worker
that dies after it leaves a row the next worker finishes without starting a second check.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from precontract.errors import PrecontractError
from precontract.fields import expire, next_expiry
from precontract.i18n import Text
from precontract.recheck import decide
from precontract_ats.engine.running import NEEDS_NISS
from precontract_ats.engine.snapshot import CheckJob
from precontract_ats.engine.starting import Starting
from precontract_ats.failures import stored
from precontract_ats.queue import FOLLOWED, failure_delay
from precontract_ats.services.values import dump_values, load_values
from precontract_ats.store.models import Check, RecheckItem

__all__ = ["FOLLOWED_OR_WAITING", "Rechecking"]

logger = logging.getLogger(__name__)

FOLLOWED_OR_WAITING = (*FOLLOWED, "confirm_approver", NEEDS_NISS)
"""A latest check in these states already has its request, or waits for the recruiter to type
the NISS: a re-check leaves it to the workers and the recruiter page."""


@dataclass(frozen=True)
class _Started:
    job: CheckJob
    planned_start: dt.date
    actor: str


class Rechecking(Starting):
    """Runs the rows of bulk re-checks."""

    def recheck_item(self, item_id: int, owner: str) -> str | None:
        """Work on one claimed row; answers its outcome (None when our lease was lost)."""
        try:
            started = self._begin_recheck(item_id, owner)
            if isinstance(started, str):
                return started
            status = self.run_job(started.job, actor=started.actor, recheck=started.planned_start)
            return self._finish_recheck(item_id, owner, status)
        except PrecontractError as exc:  # refused before any call (a connection switched off)
            self._recheck_failed(item_id, owner, exc, final=True)
            return "error"
        except Exception as exc:  # a bug or a refusal: this row only, retried later
            logger.exception("re-check row %s failed", item_id)
            self._recheck_failed(item_id, owner, exc)
            return None

    def _begin_recheck(self, item_id: int, owner: str) -> _Started | str:
        now = self.clock()
        with self.db.session() as session:
            item = session.get(RecheckItem, item_id, with_for_update=True, populate_existing=True)
            if item is None or item.lease_owner != owner or item.status != "waiting":
                return "lost"
            if item.new_check_id is not None:
                # Started by a worker that died: that check is followed like any other.
                earlier = session.get(Check, item.new_check_id)
                return self._done(item, earlier.status if earlier else "gone", now)
            check = session.get(Check, item.check_id)
            if check is None:
                return self._done(item, "gone", now)
            latest = self._latest(session, check)
            if latest.status in FOLLOWED_OR_WAITING:
                return self._done(item, "followed", now)
            if latest.planned_start is None:
                return self._done(item, "no_start", now)
            values = expire(load_values(latest.values), now).values
            decision = decide(values, latest.planned_start, now)
            if not decision.action.calls:
                return self._done(item, decision.action.value, now)
            job, _ = self._store_check(
                session, latest.connection_id, candidate_ref=latest.candidate_ref,
                applicant_name=latest.applicant_name, applicant_email=latest.applicant_email,
                ssin=None, employer=latest.employer, context=_without_page(latest.context),
                actor=self._actor_of(item), base_url=None, planned_start=latest.planned_start,
                owner=f"recheck:{owner}",
            )  # fmt: skip
            new = session.get(Check, job.id)
            assert new is not None
            # The stored answer comes along: the rule reads it again, the expiry clears it.
            new.values = dump_values(values)
            new.expires_at = next_expiry(values, now)
            job.values = dict(values)
            item.new_check_id = new.id
            if new.status == NEEDS_NISS:
                # The connection asks for the NISS before any request: the recruiter page asks.
                return self._done(item, NEEDS_NISS, now)
            begun = _Started(job, latest.planned_start, self._actor_of(item))
        self.wake.set()
        return begun

    @staticmethod
    def _actor_of(item: RecheckItem) -> str:
        return f"bulk re-check by {item.recheck.actor}"[:200]

    @staticmethod
    def _latest(session: Session, check: Check) -> Check:
        latest = session.scalars(
            select(Check)
            .where(
                Check.connection_id == check.connection_id,
                Check.candidate_ref == check.candidate_ref,
                Check.employer == check.employer,
            )
            .order_by(Check.id.desc())
            .limit(1)
        ).first()
        return latest or check

    @staticmethod
    def _done(item: RecheckItem, outcome: str, now: dt.datetime) -> str:
        item.status = "failed" if outcome == "error" else "done"
        item.outcome = outcome
        item.done_at = now
        item.lease_owner = item.lease_until = None
        item.last_error = None
        return outcome

    def _finish_recheck(self, item_id: int, owner: str, status: str) -> str | None:
        now = self.clock()
        with self.db.session() as session:
            item = session.get(RecheckItem, item_id, with_for_update=True, populate_existing=True)
            if item is None or item.lease_owner != owner:
                return None
            if status == "error" and item.new_check_id is not None:
                check = session.get(Check, item.new_check_id)
                error = Text.from_json((check.notes or {}).get("error")) if check else None
                item.last_error = stored(error) if error is not None else None  # said when shown
                item.status, item.outcome, item.done_at = "failed", status, now
                item.lease_owner = item.lease_until = None
                return status
            return self._done(item, status, now)

    def _recheck_failed(
        self, item_id: int, owner: str, exc: BaseException, *, final: bool = False
    ) -> None:
        now = self.clock()
        with self.db.session() as session:
            item = session.get(RecheckItem, item_id, with_for_update=True, populate_existing=True)
            if item is None or item.lease_owner != owner:
                return
            item.lease_owner = item.lease_until = None
            item.attempts += 1
            item.last_error = stored(exc)  # said in the reader's language when shown
            if final or item.attempts >= self.settings.max_failures:
                item.status, item.outcome, item.done_at = "failed", "error", now
            else:
                item.next_attempt_at = now + failure_delay(item.attempts)


def _without_page(context: dict[str, object] | None) -> dict[str, object]:
    return {k: v for k, v in (context or {}).items() if k != "page_url"}
