"""The PDF proof of a consultation: what was asked, by whom, for whom, when, and what the
social security answered — a dated record for the personnel file, not a live value.

>>> from precontract.proof import render_proof          # doctest: +SKIP
>>> pdf = render_proof(outcome, lang="nl")              # doctest: +SKIP
>>> Path("proof.pdf").write_bytes(pdf)                  # doctest: +SKIP

See ``docs/proof.md``.
"""

from precontract.proof.render import (
    RECORD_NAME,
    ProofMismatch,
    ProofUnavailable,
    ProofWindowEnded,
    render_consultation,
    render_proof,
)

__all__ = [
    "RECORD_NAME",
    "ProofMismatch",
    "ProofUnavailable",
    "ProofWindowEnded",
    "render_consultation",
    "render_proof",
]
