"""What an operator does from the admin pages to a parked check or write-back: retry or drop."""

from __future__ import annotations

from precontract_ats.ats.base import ReportKind
from precontract_ats.engine.base import ConnectorBase
from precontract_ats.outbox import queue_report
from precontract_ats.store.models import Check, WriteBack

__all__ = ["Operators"]


class Operators(ConnectorBase):
    """Retry now / drop, for write-backs and checks an operator looks at."""

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
