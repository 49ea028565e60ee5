"""The snapshot of a stored check one run of the core's check works on, and the core's host adapter
over it (:class:`StoreFirstHost`): reads come from the snapshot, writes are collected and stored
with the run's outcome in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from precontract.audit import AuditEvent
from precontract.fields import FieldKey
from precontract.i18n import Language, normalise_language
from precontract.identifiers import Ssin
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind
from precontract_ats.store.models import Tenant

__all__ = ["DECISION", "BufferedAudit", "CheckJob", "StoreFirstHost"]

DECISION = "decision"
"""The check's notes' key of a recruiter's decision a run has yet to carry out (``approver``:
``accept``/``reject``, ``new_request``): kept until a run records its outcome."""


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
    #: The row as the claim read it, for telling a poll that changed nothing but its next turn
    #: (:meth:`~precontract_ats.engine.outcomes.Outcomes._record`) without reading it again.
    notes: dict[str, Any] | None
    approval_url: str | None
    approval_expires_at: dt.datetime | None
    follow_until: dt.datetime | None
    created_at: dt.datetime
    in_trouble: bool  # failures in a row or parked: a success has to reset that
    decision: dict[str, Any]  # the notes' DECISION
    to_write: dict[FieldKey, Any] = field(default_factory=dict)
    wants_link: bool = False
    audit: list[AuditEvent] = field(default_factory=list)


class BufferedAudit:
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
