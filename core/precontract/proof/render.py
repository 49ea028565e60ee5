"""The one-page PDF proof of a consultation, drawn with fpdf2 (``docs/proof.md`` says why).

Everything printed comes from the consultation record the checker made when it read the data
(:mod:`precontract.integrity`), so the page shows exactly what the integrity code covers; the
applicant's full NISS, the only thing not in the record, is printed only when the host says it
keeps it anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from precontract import __version__
from precontract.audit import AuditEvent
from precontract.errors import PrecontractError
from precontract.i18n import Language, normalise_language, translate
from precontract.identifiers import Ssin
from precontract.integrity import canonical_json, integrity_code
from precontract.outcome import CheckOutcome, OutcomeKind
from precontract.timeutil import BRUSSELS, Clock, brussels_today, system_clock

if TYPE_CHECKING:
    from fpdf import FPDF

    from precontract.proof.page import Page

# fpdf2 (and fontTools under it) is a second's import: loaded with the page, on the first proof
# rendered, so that a host importing this module for its errors (a web app) does not pay for it.
FONTS = Path(__file__).parent / "fonts"

__all__ = [
    "FONTS",
    "RECORD_NAME",
    "ProofMismatch",
    "ProofUnavailable",
    "ProofWindowEnded",
    "render_consultation",
    "render_proof",
]

RECORD_NAME = "consultation.json"


class ProofUnavailable(PrecontractError):
    """The outcome read no data (a request, a refusal...): there is nothing to prove."""

    message_key = "error.proof_unavailable"


class ProofMismatch(PrecontractError):
    """The audit record given is not the one of this consultation (its code differs)."""

    message_key = "error.proof_mismatch"


class ProofWindowEnded(PrecontractError):
    """Every data type's consultation window has ended: the values may no longer be shown."""

    message_key = "error.proof_window_ended"


# ------------------------------------------------------------------------------ formatting


def _day(value: str | dt.date | None) -> str:
    if value is None:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def _moment(value: str | dt.datetime | None) -> str:
    if value is None:
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M")


def _enterprise(party: Mapping[str, Any]) -> str:
    number = str(party.get("enterpriseNumber") or "")
    formatted = f"{number[0:4]}.{number[4:7]}.{number[7:10]}" if len(number) == 10 else number
    name = party.get("name")
    return f"{name} — {formatted}" if name else formatted


# ------------------------------------------------------------------------------ the proof


def _check_window(record: Mapping[str, Any], today: dt.date) -> dict[str, bool]:
    """Which parts may still be shown; raises when none may."""
    shown: dict[str, bool] = {}
    last: dt.date | None = None
    for part in ("flexiJob", "studentAtWork"):
        value = record.get(part)
        if value is None:
            continue
        raw = value.get("consultableUntil")
        until = dt.date.fromisoformat(raw) if raw else None
        # Without a last day we cannot tell the value may still be shown (as fields.expire).
        shown[part] = until is not None and today <= until
        if until is not None:
            last = until if last is None else max(last, until)
    if not any(shown.values()):
        raise ProofWindowEnded(
            f"every consultation window has ended (last day {last})", day=_day(last)
        )
    return shown


def render_proof(
    outcome: CheckOutcome,
    audit_record: AuditEvent | None = None,
    *,
    lang: Language | str = "en",
    applicant_name: str | None = None,
    full_ssin: bool = False,
    clock: Clock = system_clock,
) -> bytes:
    """The PDF proof of the consultation ``outcome`` made (one A4 page, PDF/A-3u).

    - ``audit_record``: the consultation's audit event (default ``outcome.audit_record``); its
      ``integrity_code`` must be the record's, or :class:`ProofMismatch` is raised.
    - ``lang``: the recruiter's language (nl, fr, en; others fall back to English).
    - ``applicant_name``: the name as the host has it (default: the one given to the check).
    - ``full_ssin``: print the full NISS, for hosts that store it anyway (default: masked).
    - ``clock``: "now", for the window rule: a part past its consultable-until day is printed
      without its values; when every part is, :class:`ProofWindowEnded` is raised.

    Raises :class:`ProofUnavailable` for an outcome that read no data.
    """
    record = outcome.consultation_record
    if outcome.kind is not OutcomeKind.RESULT or record is None:
        raise ProofUnavailable(f"a {outcome.kind.value} outcome has no proof", kind=outcome.kind)
    event = audit_record if audit_record is not None else outcome.audit_record
    if event is None:
        raise ProofMismatch("no audit record was given for this consultation")
    return render_consultation(
        record,
        event,
        lang=lang,
        applicant_name=applicant_name,
        ssin=outcome.ssin if full_ssin else None,
        clock=clock,
    )


def render_consultation(
    record: Mapping[str, Any],
    audit_record: AuditEvent,
    *,
    lang: Language | str = "en",
    applicant_name: str | None = None,
    ssin: Ssin | None = None,
    clock: Clock = system_clock,
) -> bytes:
    """The proof of a consultation from what a host stored: ``outcome.consultation_record`` and
    ``outcome.audit_record`` (both JSON-ready: the record as is, the event with ``to_dict``).

    For hosts that render on demand (a download in the user's language) instead of once at the
    check. The same rules as :func:`render_proof`: the audit record must carry the record's code
    (:class:`ProofMismatch`), and nothing is shown past its window (:class:`ProofWindowEnded`).
    ``ssin`` is the full NISS to print, for hosts that store it; it must be the record's.
    """
    code = integrity_code(record)
    if audit_record.integrity_code != code:
        raise ProofMismatch("the audit record's integrity code is not this consultation's")
    if ssin is not None and ssin.masked != record.get("ssin"):
        raise ProofMismatch("the NISS given is not the one of this consultation")
    event = audit_record
    now = clock()
    shown = _check_window(record, brussels_today(now))
    language = normalise_language(lang)
    from precontract.proof.page import Page

    page = Page(language)
    t = page.t

    name = applicant_name or str(record.get("applicantName") or "")
    checked_at = _moment(record["at"])
    page.title(t("title"), t("subtitle"))
    page.notice(t("dated", checked_at=checked_at))

    page.section(t("section.parties"))
    page.row(t("requester"), _enterprise(record["requester"]))
    page.row(t("employer"), _enterprise(record["employer"]))
    if event.actor:
        page.row(t("actor"), event.actor)

    page.section(t("section.applicant"))
    page.row(t("applicant_name"), name or t("unknown"), bold=True)
    if ssin is not None:
        page.row(t("niss"), ssin.formatted)
    else:
        page.row(t("niss"), t("niss_masked", niss=record["ssin"]))
    if record.get("applicantReference"):
        page.row(t("reference"), str(record["applicantReference"]))

    page.section(t("section.access"))
    page.row(t("granted_at"), _moment(record.get("grantedAt")) or t("unknown"))
    page.row(t("read_at"), checked_at)
    page.row(t("mandate_id"), str(record.get("mandateId") or t("unknown")))
    page.row(t("request_id"), str(record.get("requestId") or t("unknown")))

    page.section(t("section.answer"))
    _flexi(page, record.get("flexiJob"), shown.get("flexiJob", False))
    _student(page, record.get("studentAtWork"), shown.get("studentAtWork", False))

    page.section(t("section.warnings"))
    warnings = record.get("warnings") or []
    if not warnings:
        page.paragraph(t("no_warnings"))
    for warning in warnings:
        text = translate(f"warning.{warning['code']}", language, **warning.get("params", {}))
        page.paragraph(text, bullet=True)

    page.section(t("section.limits"))
    page.paragraph(t("limits"), size=8.5)

    page.footer(
        code,
        t("integrity_note"),
        f"{t('made_by', version=__version__, made_at=_moment(now))} {t('times')}",
    )
    if not page.fits():  # pragma: no cover - the tests render the longest texts
        raise RuntimeError("the proof no longer fits on one page")
    return _finish(page.pdf, record, code, language, name, checked_at, now)


def _flexi(page: Page, flexi: Mapping[str, Any] | None, shown: bool) -> None:
    t = page.t
    page.subheading(t("flexi"))
    if flexi is None:
        page.paragraph(t("not_consulted"))
        return
    if not shown:
        page.paragraph(t("window_ended", day=_day(flexi.get("consultableUntil"))))
        return
    page.row(t("flexi_eligible"), t("yes") if flexi["eligible"] else t("no"), bold=True)
    period = flexi.get("period")
    if period:
        value = t(
            "flexi_period_value", start=_day(period["startDate"]), end=_day(period["endDate"])
        )
        page.row(t("flexi_period"), value)
    page.row(t("consultable_until"), _day(flexi.get("consultableUntil")))


def _student(page: Page, student: Mapping[str, Any] | None, shown: bool) -> None:
    t = page.t
    page.subheading(t("student"))
    if student is None:
        page.paragraph(t("not_consulted"))
        return
    if not shown:
        page.paragraph(t("window_ended", day=_day(student.get("consultableUntil"))))
        return
    remaining = t(
        "student_remaining_value",
        remaining=student["remainingHours"],
        contingent=student["contingentHours"],
    )
    page.row(t("student_remaining"), remaining, bold=True)
    page.row(t("student_year"), str(student["year"]))
    page.row(t("student_as_of"), _moment(student.get("asOf")))
    page.row(t("consultable_until"), _day(student.get("consultableUntil")))


def _finish(
    pdf: FPDF,
    record: Mapping[str, Any],
    code: str,
    lang: Language,
    name: str,
    checked_at: str,
    now: dt.datetime,
) -> bytes:
    title = translate("proof.title", lang)
    pdf.set_title(f"{title} — {name}" if name else title)
    pdf.set_subject(translate("proof.pdf_subject", lang, name=name or "—", checked_at=checked_at))
    pdf.set_author(str(record["requester"].get("name") or record["requester"]["enterpriseNumber"]))
    pdf.set_keywords(f"precontract, flexi-job, Student@work, integrity code {code}")
    pdf.set_creator(f"precontract {__version__}")
    pdf.set_lang({"nl": "nl-BE", "fr": "fr-BE"}.get(lang, "en"))
    pdf.set_creation_date(now.astimezone(dt.UTC))
    pdf.embed_file(
        bytes=canonical_json(record) + b"\n",
        basename=RECORD_NAME,
        desc=f"The consultation record; its SHA-256 gives the integrity code {code}",
        mime_type="application/json",
        associated_file_relationship="Data",
        modification_date=now.astimezone(dt.UTC),
    )
    return bytes(pdf.output())
