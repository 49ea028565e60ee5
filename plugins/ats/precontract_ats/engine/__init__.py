"""The connector's engine: runs the core's check for an ATS button press, follows it, writes back.

**Store first, then write back.** Every outcome is saved in the connector's database before the
ATS is called: :class:`~.snapshot.StoreFirstHost` is the core's host adapter over a snapshot of the check;
what the core writes lands, in one transaction with the check's new state, in the ``write_backs``
outbox (:mod:`precontract_ats.outbox`), which the workers deliver through the ATS plugin's own host adapter,
retrying failures with a growing delay. So a result the social security answered is never lost,
even when the ATS is down for a day.

A check's life:

1. :meth:`Connector.start_check <.starting.Starting.start_check>` (a verified button call) stores the check with a *starting*
   claim (:func:`~precontract_ats.queue.starting_grace`), runs the core's
   :func:`~precontract.plugin.run_check` (an access request, or straight to the data when a
   mandate is active) and queues the report link for the ATS — unless the social security asked
   the tenant's REST account to wait (a 429): then the check is stored and a worker starts it
   after the pause (:func:`~precontract_ats.queue.paused_until`);
2. the workers (:mod:`precontract_ats.rounds`) follow pending requests until the end of their day, each check
   claimed by one worker at a time;
3. on approval the data is stored, written to the candidate's fields and the ATS's report is
   completed (``failed`` on a refusal, an expiry or a withdrawal);
4. values whose consultation window has ended are cleared in the store and in the ATS (the
   core's :func:`~precontract.fields.expire`), found by ``checks.expires_at``.

Any exception while working on one check backs that check off (:func:`~precontract_ats.queue.failure_delay`)
and, after ``max_failures`` in a row, parks it for an operator; the others go on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from precontract_ats.ats.port import StartedCheck
from precontract_ats.engine.operators import Operators
from precontract_ats.engine.outcomes import LeaseLost, poll_delay
from precontract_ats.engine.rechecking import Rechecking
from precontract_ats.engine.running import BINDABLE, NEEDS_NISS
from precontract_ats.engine.snapshot import CheckJob, StoreFirstHost
from precontract_ats.engine.starting import drop_proof
from precontract_ats.queue import FOLLOWED

if TYPE_CHECKING:
    from precontract_ats.rounds import Rounds

__all__ = [
    "BINDABLE",
    "FOLLOWED",
    "NEEDS_NISS",
    "CheckJob",
    "Connector",
    "ConnectorFactory",
    "LeaseLost",
    "StartedCheck",
    "StoreFirstHost",
    "drop_proof",
    "poll_delay",
]


class Connector(Rechecking, Operators):
    """The service's state and behaviour, shared by the web app and the worker: starting checks
    (:mod:`.starting`), running them (:mod:`.running`), recording their outcomes
    (:mod:`.outcomes`), the rows of bulk re-checks (:mod:`.rechecking`) and the operators'
    actions (:mod:`.operators`) over one
    :class:`~.base.ConnectorBase`."""

    _rounds: Rounds | None = None

    def run_once(self, now: dt.datetime | None = None) -> dict[str, int]:
        """One worker round in this process (see :mod:`.rounds`)."""
        from precontract_ats.rounds import Rounds

        if self._rounds is None:
            self._rounds = Rounds(self)
        return self._rounds.run_once(now)

    def close(self) -> None:
        if self._rounds is not None:
            self._rounds.close()
            self._rounds = None
        self.clients.close()


ConnectorFactory = Callable[[], Connector]
