"""Audit events kept until the addon writes them to the applicant's chatter.

The workflow records an event the moment it creates a request or consults data. Odoo writes the
chatter note afterwards, outside the savepoint of the record being processed: a consultation that
happened stays in the trail even when writing the result failed and was rolled back.
"""

from __future__ import annotations

import threading

from precontract.audit import AuditEvent

__all__ = ["BufferedAuditSink"]


class BufferedAuditSink:
    """An :class:`~precontract.audit.AuditSink` that keeps events until :meth:`drain`."""

    def __init__(self) -> None:
        self._events: list[AuditEvent] = []
        self._lock = threading.Lock()

    def record(self, event: AuditEvent) -> None:
        with self._lock:
            self._events.append(event)

    def drain(self) -> list[AuditEvent]:
        """Every event recorded since the last call, oldest first."""
        with self._lock:
            events, self._events = self._events, []
        return events

    def __len__(self) -> int:
        return len(self._events)
