"""Process many applicants in batches; one failing record is logged and skipped.

Odoo passes ``isolate=env.cr.savepoint`` so that a failing record's partial work is rolled back
while the others are kept, and ``after_batch`` to report progress (and commit it, on 19.0).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from precontract.masking import mask_ssins

__all__ = ["BatchReport", "run_in_batches"]

_logger = logging.getLogger(__name__)


@dataclass
class BatchReport:
    """What a batch run did: the result per reference, and the failures (message masked)."""

    results: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{len(self.results)} processed, {len(self.failures)} failed"


def run_in_batches(
    references: Iterable[str],
    action: Callable[[str], Any],
    *,
    batch_size: int = 50,
    isolate: Callable[[], AbstractContextManager[Any]] = nullcontext,
    after_each: Callable[[str], None] | None = None,
    after_batch: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Run ``action(reference)`` for each reference, ``batch_size`` at a time.

    Each call runs inside ``isolate()``; an exception there is logged (NISS masked), recorded in
    the report and does not stop the run. ``after_each(reference)`` runs outside the isolation,
    whatever happened (the addon writes the audit trail there); ``after_batch(in_batch,
    remaining)`` after each batch, with the number of references it held and the number left.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    pending = list(references)
    report = BatchReport()
    for start in range(0, len(pending), batch_size):
        for reference in pending[start : start + batch_size]:
            try:
                with isolate():
                    report.results[reference] = action(reference)
            except Exception as exc:
                message = mask_ssins(f"{type(exc).__name__}: {exc}")
                report.failures[reference] = message
                _logger.warning("applicant %s skipped: %s", reference, message)
            finally:
                if after_each is not None:
                    after_each(reference)
        done = min(start + batch_size, len(pending))
        if after_batch is not None:
            after_batch(done - start, len(pending) - done)
    return report
