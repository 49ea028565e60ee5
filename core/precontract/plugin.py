"""The plugin contract: what a plugin implements to adapt one host, and the glue that runs a
check for it.

A plugin knows its host (Odoo's ORM, an ATS's REST API) and nothing about the social security
APIs; every rule about mandates, expiry and fields stays in the core. A plugin implements
:class:`HostAdapter` and calls :func:`run_check` from its button and :func:`expire_record` from
its scheduled job::

    outcome = run_check(adapter, "42", checker)
    if outcome.kind is OutcomeKind.NEEDS_APPROVAL:
        ...  # the adapter's present_approval() already showed or sent the QR code

Hosts that push events (an ATS's button webhook) verify them with their plugin's own verifier;
see ``precontract_ats``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from precontract.bulk import act_on_recheck
from precontract.eligibility import EligibilityChecker
from precontract.fields import ExpiryResult, FieldKey, expire, values_from_outcome
from precontract.identifiers import EnterpriseNumber
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind
from precontract.recheck import DEFAULT_HOURS_MAX_AGE, Recheck, decide

__all__ = [
    "HostAdapter",
    "RecheckRun",
    "expire_record",
    "reject_approver",
    "run_check",
    "run_recheck",
]


@runtime_checkable
class HostAdapter(Protocol):
    """What a plugin implements for its host."""

    def read_applicant(self, reference: str) -> Applicant:
        """The applicant behind the host's ``reference`` (name, e-mail, phone, language, NISS)."""
        ...

    def read_state(self, reference: str) -> CheckState:
        """The request id / mandate id stored by an earlier check (empty the first time)."""
        ...

    def read_values(self, reference: str) -> dict[FieldKey, Any]:
        """The logical values currently stored on the applicant (for the expiry rule)."""
        ...

    def write_values(self, reference: str, values: Mapping[FieldKey, Any]) -> None:
        """Write these logical values (``None`` clears) to the host, **all or nothing**.

        The adapter converts them with its :class:`~precontract.fields.FieldMapping`; keys it does
        not map are ignored. On failure nothing is written and the error propagates.
        """
        ...

    def present_approval(self, reference: str, outcome: CheckOutcome) -> None:
        """Show or send the approval link / QR code (``outcome.approval_url``) to the right person."""
        ...


def run_check(
    host: HostAdapter,
    reference: str,
    checker: EligibilityChecker,
    *,
    employer: EnterpriseNumber | None = None,
    planned_start: dt.date | None = None,
    new_request: bool = False,
    actor: str | None = None,
    accept_approver: bool = False,
) -> CheckOutcome:
    """Run one check for the host's applicant and write its outcome back.

    Bad input (an invalid NISS on the record, a missing employer) raises before any call goes out;
    nothing is written when the check itself fails. ``accept_approver=True`` is the employer's
    person (``actor``) accepting who approved an unbound request (a ``CONFIRM_APPROVER``
    outcome): see :meth:`EligibilityChecker.accept_approver`.
    """
    applicant = host.read_applicant(reference)
    state = host.read_state(reference)
    outcome = checker.check(
        applicant,
        employer=employer,
        state=state,
        planned_start=planned_start,
        new_request=new_request,
        actor=actor,
        accept_approver=accept_approver,
    )
    host.write_values(reference, values_from_outcome(outcome))
    if outcome.kind in (OutcomeKind.NEEDS_APPROVAL, OutcomeKind.PENDING):
        host.present_approval(reference, outcome)
    return outcome


def reject_approver(
    host: HostAdapter,
    reference: str,
    checker: EligibilityChecker,
    *,
    employer: EnterpriseNumber | None = None,
    actor: str | None = None,
) -> CheckOutcome:
    """The employer's person says who approved is not the applicant: nothing is read, the
    rejection is audited, and the host's record is emptied (``CANCELLED``) for a new request."""
    outcome = checker.reject_approver(
        host.read_applicant(reference), host.read_state(reference), employer=employer, actor=actor
    )
    host.write_values(reference, values_from_outcome(outcome))
    return outcome


def expire_record(host: HostAdapter, reference: str, now: dt.datetime) -> ExpiryResult:
    """Apply the expiry rule to what the host stores for ``reference`` and write what changed."""
    result = expire(host.read_values(reference), now)
    if result.changed:
        host.write_values(reference, {key: result.values[key] for key in result.cleared})
    return result


@dataclass(frozen=True, slots=True)
class RecheckRun:
    """What :func:`run_recheck` did: the rule's ``decision`` and, when it called, the ``outcome``."""

    decision: Recheck
    outcome: CheckOutcome | None = None


def run_recheck(
    host: HostAdapter,
    reference: str,
    checker: EligibilityChecker,
    *,
    planned_start: dt.date,
    employer: EnterpriseNumber | None = None,
    actor: str | None = None,
    hours_max_age: dt.timedelta = DEFAULT_HOURS_MAX_AGE,
) -> RecheckRun:
    """Re-check the host's applicant before ``planned_start`` and write a new answer back.

    The re-check rule (:func:`precontract.recheck.decide`) reads what the host stores: an answer
    that still holds for the start (``KEEP``), or one that can only be asked for later
    (``LATER``), calls nothing. Otherwise the check reads the pending request, reads again under
    the active mandate, or sends a new access request (:func:`precontract.bulk.act_on_recheck`),
    and its outcome is written as :func:`run_check` writes it. Bad input raises before any call.
    """
    decision = decide(
        host.read_values(reference), planned_start, checker.clock(), hours_max_age=hours_max_age
    )
    if not decision.action.calls:
        return RecheckRun(decision)
    applicant = host.read_applicant(reference)
    outcome = act_on_recheck(checker, applicant, decision, employer=employer, actor=actor)
    host.write_values(reference, values_from_outcome(outcome))
    if outcome.kind in (OutcomeKind.NEEDS_APPROVAL, OutcomeKind.PENDING):
        host.present_approval(reference, outcome)
    return RecheckRun(decision, outcome)
