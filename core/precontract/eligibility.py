"""The eligibility check a plugin's button triggers.

:meth:`EligibilityChecker.check` answers one :class:`~precontract.outcome.CheckOutcome`:

- an active mandate for this applicant and employer → the precontractual data → ``RESULT``;
- none → a new access request (bound to the NISS when the host knows it) → ``NEEDS_APPROVAL``;
- a known request → ``PENDING`` / ``REFUSED`` / ``EXPIRED`` / ``CANCELLED``, or, once approved,
  straight on to the data in the same call;
- a mandate that was revoked or ran out → ``REVOKED`` / ``EXPIRED``, never its data.

The checker keeps no hidden state: the host stores ``outcome.state`` and gives it back.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from precontract.identifiers import EnterpriseNumber
from precontract.outcome import Applicant, CheckOutcome, CheckState
from precontract.timeutil import Clock, system_clock

if TYPE_CHECKING:
    from precontract.api.citizen_data import CitizenDataClient
    from precontract.api.mandates import MandatesClient
    from precontract.audit import AuditSink

__all__ = ["EligibilityChecker"]


class EligibilityChecker:
    """Runs checks for one requester (the organisation holding the REST account)."""

    def __init__(
        self,
        mandates: MandatesClient,
        citizen_data: CitizenDataClient,
        *,
        requester: EnterpriseNumber,
        default_employer: EnterpriseNumber | None = None,
        audit: AuditSink | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self.mandates = mandates
        self.citizen_data = citizen_data
        self.requester = requester
        self.default_employer = default_employer
        self.audit = audit
        self.clock = clock

    def check(
        self,
        applicant: Applicant,
        *,
        employer: EnterpriseNumber | None = None,
        state: CheckState | None = None,
        planned_start: dt.date | None = None,
        new_request: bool = False,
        actor: str | None = None,
    ) -> CheckOutcome:
        """Check ``applicant`` for ``employer`` (default: the checker's default employer)."""
        raise NotImplementedError("the workflow is built under issue 4")
