"""One run of checks for the addon: the client, the workflow, the adapter and the audit buffer.

The button builds a session for one applicant, the scheduled action one for a whole batch. Every
call to the social security APIs goes through the core (:func:`precontract.plugin.run_check`).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from precontract.eligibility import EligibilityChecker
from precontract.fields import ExpiryResult
from precontract.i18n import Language
from precontract.identifiers import EnterpriseNumber
from precontract.outcome import CheckOutcome, OutcomeKind
from precontract.plugin import (
    RecheckRun,
    expire_record,
    reject_approver,
    run_check,
    run_recheck,
)
from precontract.timeutil import Clock, system_clock

from .adapter import ApplicantModel, OdooApplicantAdapter
from .audit import BufferedAuditSink
from .batch import BatchReport, run_in_batches
from .values import naive_utc

if TYPE_CHECKING:
    from precontract.client import PrecontractClient
    from precontract.config import Settings

__all__ = ["QR_BOX_SIZE", "CheckSession", "expire_all", "follow_pending", "wizard_values"]

# Pixels per QR module: an approval link gives a code of about 400 px, easy to scan from a screen.
QR_BOX_SIZE = 10


class CheckSession:
    """The workflow wired to one Odoo database's settings and ``hr.applicant`` model.

    Given a ``client`` (the addon passes the worker process's shared one, see ``.clients``), the
    session uses it and leaves it open; without one it builds its own and closes it at the end.
    """

    def __init__(
        self,
        settings: Settings,
        applicants: ApplicantModel,
        *,
        clock: Clock = system_clock,
        client: PrecontractClient | None = None,
    ) -> None:
        self._owns_client = client is None
        if client is None:
            from precontract.client import PrecontractClient

            client = PrecontractClient(settings)
        self.client = client
        self.audit = BufferedAuditSink()
        # An approval of a request bound to no NISS answers CONFIRM_APPROVER: the form and the
        # dialog offer accept/reject (``accept_approver``/``reject_approver``, through the
        # core's plugin layer like every check).
        self.checker = EligibilityChecker.from_client(client, audit=self.audit, clock=clock)
        self.adapter = OdooApplicantAdapter(applicants)
        # Called with (reference, outcome) after every check that wrote its outcome: the addon
        # attaches the PDF proof of a RESULT there, in the same savepoint as the values.
        self.on_outcome: Callable[[str, CheckOutcome], None] | None = None

    def check(
        self,
        reference: str,
        *,
        employer: EnterpriseNumber | None = None,
        planned_start: dt.date | None = None,
        new_request: bool = False,
        actor: str | None = None,
    ) -> CheckOutcome:
        """Check one applicant and write the outcome on the record (see ``run_check``).

        ``planned_start`` (the applicant's availability in Odoo) adds the core's warnings when
        the answer does not cover that day.
        """
        outcome = run_check(
            self.adapter,
            reference,
            self.checker,
            employer=employer,
            planned_start=planned_start,
            new_request=new_request,
            actor=actor,
        )
        self._written(reference, outcome)
        return outcome

    def recheck(
        self,
        reference: str,
        *,
        planned_start: dt.date,
        employer: EnterpriseNumber | None = None,
        actor: str | None = None,
    ) -> RecheckRun:
        """The core's re-check rule for one applicant's planned start (see ``run_recheck``)."""
        run = run_recheck(
            self.adapter,
            reference,
            self.checker,
            planned_start=planned_start,
            employer=employer,
            actor=actor,
        )
        if run.outcome is not None:
            self._written(reference, run.outcome)
        return run

    def _written(self, reference: str, outcome: CheckOutcome) -> None:
        if self.on_outcome is not None:
            self.on_outcome(reference, outcome)

    def accept_approver(
        self,
        reference: str,
        *,
        actor: str | None,
        employer: EnterpriseNumber | None = None,
        planned_start: dt.date | None = None,
    ) -> CheckOutcome:
        """An officer accepts who approved as the applicant: the data is read and written.

        The check of ``run_check(..., accept_approver=True)``. The approver's NISS the core bound
        (``outcome.state.ssin``) is kept on the record, so the next check finds the mandate as
        the applicant's.
        """
        outcome = run_check(
            self.adapter,
            reference,
            self.checker,
            employer=employer,
            planned_start=planned_start,
            actor=actor,
            accept_approver=True,
        )
        if outcome.kind is OutcomeKind.RESULT and outcome.state.ssin is not None:
            self.adapter.write_ssin(reference, outcome.state.ssin)
        self._written(reference, outcome)
        return outcome

    def reject_approver(
        self, reference: str, *, actor: str | None, employer: EnterpriseNumber | None = None
    ) -> CheckOutcome:
        """An officer says who approved is not the applicant: nothing read, the request cleared."""
        outcome = reject_approver(
            self.adapter, reference, self.checker, employer=employer, actor=actor
        )
        self._written(reference, outcome)
        return outcome

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def wizard_values(outcome: CheckOutcome, lang: Language | str) -> dict[str, Any]:
    """The approval wizard's values for an outcome: state, message, link, expiry and QR code."""
    url = outcome.approval_url
    return {
        "state": outcome.kind.value,
        "message": outcome.message(lang),
        "approval_url": url or False,
        "approval_expires_at": naive_utc(outcome.approval_expires_at) or False,
        "qr_code": (
            base64.b64encode(outcome.qr_png(box_size=QR_BOX_SIZE)).decode("ascii") if url else False
        ),
    }


def follow_pending(
    session: CheckSession,
    references: Iterable[str],
    *,
    employer_of: Callable[[str], EnterpriseNumber | None],
    planned_start_of: Callable[[str], dt.date | None] | None = None,
    **batch: Any,
) -> BatchReport:
    """Check each applicant with a pending request again; approved ones get their data written.

    ``batch`` goes to :func:`~.batch.run_in_batches` (``batch_size``, ``isolate``...). The
    report's results are the outcome kinds.
    """

    def follow(reference: str) -> str:
        outcome = session.check(
            reference,
            employer=employer_of(reference),
            planned_start=planned_start_of(reference) if planned_start_of else None,
        )
        return outcome.kind.value

    return run_in_batches(references, follow, **batch)


def expire_all(
    adapter: OdooApplicantAdapter,
    references: Iterable[str],
    now: dt.datetime,
    **batch: Any,
) -> BatchReport:
    """Apply the core's expiry rule to each applicant (no call goes out)."""

    def expire(reference: str) -> ExpiryResult:
        return expire_record(adapter, reference, now)

    return run_in_batches(references, expire, **batch)
