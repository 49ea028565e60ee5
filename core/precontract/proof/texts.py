"""What a proof says: the keys of its texts, and each language's texts under those keys.

The texts are in the core's gettext catalogue under ``proof.*`` (``core/precontract/locale``, see
``docs/translations.md``); :data:`CATALOGUES` reads them back per language (``tests/proof`` checks
that each has every key with the same placeholders, in letters the PDF's font has).
"""

from __future__ import annotations

from precontract.i18n import LANGUAGES, translate

__all__ = ["CATALOGUES", "KEYS"]

KEYS: tuple[str, ...] = (
    "title",
    "subtitle",
    "dated",
    "section.parties",
    "section.applicant",
    "section.access",
    "section.answer",
    "section.warnings",
    "section.limits",
    "requester",
    "employer",
    "actor",
    "applicant_name",
    "niss",
    "niss_masked",
    "reference",
    "granted_at",
    "read_at",
    "mandate_id",
    "request_id",
    "unknown",
    "flexi",
    "flexi_eligible",
    "flexi_period",
    "flexi_period_value",
    "student",
    "student_remaining",
    "student_remaining_value",
    "student_year",
    "student_as_of",
    "consultable_until",
    "not_consulted",
    "window_ended",
    "no_warnings",
    "limits",
    "times",
    "integrity",
    "integrity_note",
    "made_by",
    "yes",
    "no",
    "hours",
    "pdf_subject",
)

CATALOGUES: dict[str, dict[str, str]] = {
    lang: {key: translate(f"proof.{key}", lang) for key in KEYS} for lang in LANGUAGES
}
