"""Audit events kept until the addon writes them to the applicant's chatter.

The workflow records an event the moment it creates a request or consults data. Odoo writes the
chatter note afterwards, outside the savepoint of the record being processed: a consultation that
happened stays in the trail even when writing the result failed and was rolled back.
"""

from __future__ import annotations

from precontract.audit import AuditEvent, MemoryAuditSink

__all__ = ["BufferedAuditSink"]


class BufferedAuditSink(MemoryAuditSink):
    """The core's :class:`~precontract.audit.MemoryAuditSink`, emptied by :meth:`drain`."""

    def drain(self) -> list[AuditEvent]:
        """Every event recorded since the last call, oldest first."""
        with self._lock:
            events, self.events = self.events, []
        return events
