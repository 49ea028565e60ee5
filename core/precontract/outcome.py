"""What a check answers: the applicant as the host knows them, the state the host keeps, and the
outcome of one check.

These are the types every plugin works with; :mod:`precontract.eligibility` produces them and
:mod:`precontract.fields` turns them into a host's field values.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from precontract.api.profile import AccessRequest, Mandate, PrecontractualData
from precontract.audit import AuditEvent
from precontract.i18n import Language, translate
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.identity import Approver

__all__ = ["Applicant", "CheckOutcome", "CheckState", "OutcomeKind", "Warning_"]


@dataclass(frozen=True, slots=True)
class Applicant:
    """An applicant as a host knows them.

    ``reference`` is the host's own id (an Odoo record id, an ATS candidate id); ``ssin`` is set
    when the host stores the applicant's NISS (the access request is then bound to that citizen).
    ``name`` and ``birth_date`` are compared with the citizen who approves a request bound to no
    NISS (:class:`~precontract.identity.Approver`).
    """

    reference: str
    name: str = ""
    email: str | None = None
    phone: str | None = None
    language: Language = "en"
    ssin: Ssin | None = None
    birth_date: dt.date | None = None

    def __repr__(self) -> str:  # the name and e-mail are personal data too: keep logs lean
        return f"Applicant(reference={self.reference!r}, ssin={self.ssin!r})"


@dataclass(frozen=True, slots=True)
class CheckState:
    """What the host stores between two checks so the workflow can resume (after a restart too).

    The workflow itself keeps no hidden state: give it back the ids it handed out.
    """

    request_id: str | None = None
    mandate_id: str | None = None
    ssin: Ssin | None = None


class OutcomeKind(enum.StrEnum):
    """The one answer of a check."""

    NEEDS_APPROVAL = "needs_approval"  # a new access request: show the QR code / send the link
    PENDING = "pending"  # the request is still waiting for the applicant
    REFUSED = "refused"  # the applicant refused the request
    EXPIRED = "expired"  # the request ran past its day, or the mandate ran out
    CANCELLED = "cancelled"  # the request was cancelled
    REVOKED = "revoked"  # the applicant withdrew the mandate
    # A request bound to no NISS was approved by someone: a person of the employer must accept
    # that citizen as the applicant before any data is read for them.
    CONFIRM_APPROVER = "confirm_approver"
    RESULT = "result"  # the precontractual data is here

    @property
    def is_final(self) -> bool:
        """True when the check is over (a new request is needed, or done).

        ``NEEDS_APPROVAL`` and ``PENDING`` wait for the applicant (poll again);
        ``CONFIRM_APPROVER`` waits for a person of the employer (polling changes nothing: ask
        them, then check with ``accept_approver=True``).
        """
        return self not in (
            OutcomeKind.NEEDS_APPROVAL,
            OutcomeKind.PENDING,
            OutcomeKind.CONFIRM_APPROVER,
        )

    @property
    def waits_for_applicant(self) -> bool:
        """True while the applicant has still to approve: poll again later."""
        return self in (OutcomeKind.NEEDS_APPROVAL, OutcomeKind.PENDING)


@dataclass(frozen=True, slots=True)
class Warning_:
    """A remark attached to a result, with a stable ``code`` and translated text."""

    code: str
    params: dict[str, str] = field(default_factory=dict)

    def message(self, lang: Language | str = "en") -> str:
        return translate(f"warning.{self.code}", lang, **self.params)


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """The answer of :meth:`precontract.eligibility.EligibilityChecker.check`.

    - ``NEEDS_APPROVAL`` / ``PENDING``: ``approval_url`` and ``approval_expires_at`` are set;
      :meth:`qr_png` / :meth:`qr_svg` render the link.
    - ``RESULT``: ``data`` holds what the mandate covers (each part with its
      ``consultable_until`` date), ``mandate`` the mandate it was read under.
    - ``CONFIRM_APPROVER``: a request bound to no NISS was approved; ``approver`` says by whom
      (masked NISS, birth date, name) and how that compares with the applicant. No data was read
      and ``ssin`` is ``None``: nothing is the applicant's until a person of the employer accepts
      (:meth:`~precontract.eligibility.EligibilityChecker.accept_approver`).
    - ``REFUSED`` / ``EXPIRED`` / ``CANCELLED`` / ``REVOKED``: no data; start a new request.

    ``state`` is what the host must store to resume later. A ``RESULT`` also carries its
    ``audit_record`` (the consultation's audit event, with its integrity code) and
    ``consultation_record`` (what the code is computed over, salt included): the two things
    :func:`precontract.proof.render_proof` needs. Neither is for storing in host fields.
    """

    kind: OutcomeKind
    applicant_reference: str
    employer: EnterpriseNumber
    checked_at: dt.datetime
    request: AccessRequest | None = None
    mandate: Mandate | None = None
    data: PrecontractualData | None = None
    warnings: tuple[Warning_, ...] = ()
    approver: Approver | None = None
    audit_record: AuditEvent | None = None
    consultation_record: Mapping[str, Any] | None = field(default=None, repr=False)

    @property
    def ssin(self) -> Ssin | None:
        """The applicant's NISS, as far as this check established it."""
        if self.kind is OutcomeKind.CONFIRM_APPROVER:
            return None  # the approver's NISS is not the applicant's until accepted
        if self.data is not None:
            return self.data.ssin
        if self.mandate is not None:
            return self.mandate.ssin
        if self.request is not None:
            return self.request.ssin
        return None

    @property
    def request_id(self) -> str | None:
        return self.request.request_id if self.request is not None else None

    @property
    def mandate_id(self) -> str | None:
        if self.mandate is not None:
            return self.mandate.mandate_id
        return self.request.mandate_id if self.request is not None else None

    @property
    def approval_url(self) -> str | None:
        if self.kind in (OutcomeKind.NEEDS_APPROVAL, OutcomeKind.PENDING) and self.request:
            return self.request.approval_url
        return None

    @property
    def approval_expires_at(self) -> dt.datetime | None:
        if self.kind in (OutcomeKind.NEEDS_APPROVAL, OutcomeKind.PENDING) and self.request:
            return self.request.expires_at
        return None

    @property
    def state(self) -> CheckState:
        """What to store for the next check of this applicant."""
        if self.kind in (
            OutcomeKind.REFUSED,
            OutcomeKind.CANCELLED,
            OutcomeKind.EXPIRED,
            OutcomeKind.REVOKED,
        ):
            # Nothing to resume: the next check starts a new request.
            return CheckState(ssin=self.ssin)
        return CheckState(request_id=self.request_id, mandate_id=self.mandate_id, ssin=self.ssin)

    def message(self, lang: Language | str = "en") -> str:
        """One sentence for the recruiter, in nl/fr/en."""
        return translate(f"outcome.{self.kind.value}", lang)

    def qr_png(self, *, box_size: int = 10) -> bytes:
        """The approval link as a PNG QR code (only while approval is needed)."""
        from precontract.qr import qr_png

        if not self.approval_url:
            raise ValueError(f"a {self.kind.value} outcome has no approval link")
        return qr_png(self.approval_url, box_size=box_size)

    def qr_svg(self) -> str:
        """The approval link as an SVG QR code (only while approval is needed)."""
        from precontract.qr import qr_svg

        if not self.approval_url:
            raise ValueError(f"a {self.kind.value} outcome has no approval link")
        return qr_svg(self.approval_url)
