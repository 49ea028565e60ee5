"""What an ATS plugin's endpoints may ask of the connector.

The plugins sit below the engine: they receive the connector as this protocol, never import
:mod:`precontract_ats.engine` (which imports them), so the layers stay one-way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from precontract.identifiers import Ssin
from precontract.timeutil import Clock
from precontract_ats.ats.base import ReportKind
from precontract_ats.crypto import SecretBox
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.database import Database

__all__ = ["ConnectorPort", "Once", "StartedCheck"]


@dataclass(frozen=True)
class Once:
    """The id of an inbound call, remembered in the same transaction as the check it starts (a
    replay is refused; a call refused before its check was stored may be sent again)."""

    scope: str
    nonce: str
    ttl: dt.timedelta


@dataclass(frozen=True)
class StartedCheck:
    """A check a verified button call started: its id, its recruiter page and where it stands."""

    id: int
    token: str
    status: str
    page_url: str


class ConnectorPort(Protocol):
    """The part of :class:`precontract_ats.engine.Connector` the plugins' routers use."""

    settings: ConnectorSettings
    db: Database
    box: SecretBox
    clock: Clock
    action_key: bytes

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
        """Store a new check for a verified button call and start it. ``planned_start`` is the
        candidate's first working day when the ATS's call gives one: the checks overview holds
        the answer against it (the core's re-check rule)."""
        ...

    def queue_report(self, check_id: int, kind: ReportKind) -> None:
        """Queue a report to the ATS (delivered, and retried, by the worker)."""
        ...
