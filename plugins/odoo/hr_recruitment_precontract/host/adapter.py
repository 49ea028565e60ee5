"""The core's :class:`~precontract.plugin.HostAdapter` for Odoo's ``hr.applicant``.

It works on anything shaped like an Odoo model (``browse`` → a record with ``exists``, ``read`` and
``write``): the real ``env["hr.applicant"]`` in Odoo, a small in-memory stand-in in the plain
pytest suite. A reference is the applicant's database id as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from precontract.fields import FieldKey
from precontract.i18n import normalise_language
from precontract.identifiers import Ssin
from precontract.outcome import Applicant, CheckOutcome, CheckState

from .values import (
    APPLICANT_FIELDS,
    FIELD_NAMES,
    LANG_FIELD,
    RESULT_FIELDS,
    SSIN_FIELD,
    from_odoo,
    to_odoo,
)

__all__ = ["ApplicantModel", "ApplicantRecord", "OdooApplicantAdapter", "UnknownApplicant"]


class ApplicantRecord(Protocol):
    """The part of an Odoo record the adapter uses (a type, not an Odoo model: no super)."""

    def exists(self) -> Any: ...

    # A typing Protocol describing the ORM's methods, not an override: there is no super().
    def read(self, fields: Sequence[str]) -> list[dict[str, Any]]: ...  # pylint: disable=method-required-super

    def write(self, vals: dict[str, Any]) -> Any: ...  # pylint: disable=method-required-super


class ApplicantModel(Protocol):
    """The part of an Odoo model (``env["hr.applicant"]``) the adapter uses."""

    def browse(self, ids: int) -> ApplicantRecord: ...


class UnknownApplicant(LookupError):
    """The reference names no applicant (deleted meanwhile, or a wrong id)."""


class OdooApplicantAdapter:
    """Reads and writes one applicant at a time; every write is a single ORM ``write``.

    A single ``write`` is all or nothing inside Odoo's transaction; the scheduled actions wrap each
    record in a savepoint so that one failing record does not undo the others.
    """

    def __init__(self, applicants: ApplicantModel) -> None:
        self._applicants = applicants
        self.presented: dict[str, CheckOutcome] = {}

    def _record(self, reference: str) -> ApplicantRecord:
        try:
            record_id = int(reference)
        except ValueError:
            raise UnknownApplicant(f"not an applicant id: {reference!r}") from None
        record = self._applicants.browse(record_id)
        if not record.exists():
            raise UnknownApplicant(f"no applicant with id {record_id}")
        return record

    def _read(self, reference: str, fields: Sequence[str]) -> Mapping[str, Any]:
        return self._record(reference).read(list(fields))[0]

    def read_applicant(self, reference: str) -> Applicant:
        """The applicant; an invalid stored NISS raises :class:`~precontract.errors.InvalidSsin`."""
        values = self._read(reference, APPLICANT_FIELDS)
        raw_ssin = values.get(SSIN_FIELD)
        return Applicant(
            reference=reference,
            name=values.get("partner_name") or "",
            email=values.get("email_from") or None,
            phone=values.get("partner_phone") or None,
            language=normalise_language(values.get(LANG_FIELD) or None),
            ssin=Ssin.parse(raw_ssin) if raw_ssin else None,
        )

    def read_state(self, reference: str) -> CheckState:
        names = (
            FIELD_NAMES[FieldKey.REQUEST_ID],
            FIELD_NAMES[FieldKey.MANDATE_ID],
            SSIN_FIELD,
        )
        values = self._read(reference, names)
        raw_ssin = values.get(SSIN_FIELD)
        return CheckState(
            request_id=values.get(names[0]) or None,
            mandate_id=values.get(names[1]) or None,
            ssin=Ssin.parse(raw_ssin) if raw_ssin else None,
        )

    def read_values(self, reference: str) -> dict[FieldKey, Any]:
        return from_odoo(self._read(reference, RESULT_FIELDS))

    def write_values(self, reference: str, values: Mapping[FieldKey, Any]) -> None:
        converted = to_odoo(values)
        if converted:
            self._record(reference).write(converted)

    def write_ssin(self, reference: str, ssin: Ssin) -> None:
        """Keep an NISS an officer accepted as the applicant's (the approver's, after Accept)."""
        self._record(reference).write({SSIN_FIELD: ssin.formatted})

    def present_approval(self, reference: str, outcome: CheckOutcome) -> None:
        # Odoo shows the QR code in a wizard the model opens from the outcome it gets back; the
        # adapter only remembers it (the scheduled action follows requests without showing any).
        self.presented[reference] = outcome
