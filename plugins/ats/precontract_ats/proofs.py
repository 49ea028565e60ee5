"""The PDF proof of a stored check, rendered by the core from what the engine kept of it
(``check.notes["proof"]``: the consultation record and its audit event; docs/proof.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from precontract.audit import AuditEvent
from precontract.i18n import Language
from precontract.proof import ProofMismatch, ProofWindowEnded, render_consultation
from precontract.timeutil import Clock
from precontract_ats.actors import actor_words

__all__ = ["stored_proof"]


def stored_proof(
    stored: Mapping[str, Any] | None, *, lang: Language, applicant_name: str, clock: Clock
) -> bytes | None:
    """The proof's PDF, or None when there is none to hand out (no data was read, every window
    has ended, or the audit does not match the record)."""
    if not stored:
        return None
    try:
        event = AuditEvent.from_dict(stored["audit"])
        return render_consultation(
            stored["record"],
            replace(event, actor=actor_words(event.actor, lang)),
            lang=lang,
            applicant_name=applicant_name or None,
            clock=clock,
        )
    except (ProofWindowEnded, ProofMismatch):
        return None
