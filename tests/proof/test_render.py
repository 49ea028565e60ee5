"""The PDF proof of a consultation, read back as a user or an inspector would: the text on the
page in each language, its metadata, one page, the attached record whose digest is the code in
the audit trail, and a rendered picture that is not blank."""

from __future__ import annotations

import datetime as dt
import io
import json
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from pypdf import PdfReader

from precontract.api.profile import DataType
from precontract.audit import AuditEvent, JsonLinesAuditSink
from precontract.client import PrecontractClient
from precontract.eligibility import EligibilityChecker
from precontract.i18n import LANGUAGES, keys, translate
from precontract.integrity import integrity_code
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind
from precontract.proof import (
    RECORD_NAME,
    ProofMismatch,
    ProofUnavailable,
    ProofWindowEnded,
    render_consultation,
    render_proof,
)
from precontract.sandbox import personas
from precontract.sandbox.personas import Persona

NAME = "Zoë Ørsted-Çelik, née Straße"  # é è ë ï à ç ß must survive: see the font test
COMBINATIONS = {
    # name: (persona, data types asked for)
    "both": (personas.STUDENT_AND_FLEXI, None),
    "flexi_only": (personas.FLEXI_WORKER, [DataType.FLEXI_JOB_ELIGIBILITY]),
    "student_only": (personas.STUDENT_FEW_HOURS, [DataType.STUDENT_HOURS]),
    "not_eligible": (personas.NOT_ELIGIBLE, [DataType.FLEXI_JOB_ELIGIBILITY]),
}
EXPECTED = {
    "nl": {
        "title": "Bewijs van een precontractuele controle",
        "dated": "Gedateerd verslag van een controle, geen actuele waarde.",
        "yes": "Ja",
        "no": "Nee",
        "hours": "{remaining} van {contingent} uur",
        "missing": "Geen deel van deze raadpleging",
        "limits": "de controle gaat de sector van de werkgever niet na",
        "masked": "(gemaskeerd)",
        "lang": "nl-BE",
    },
    "fr": {
        "title": "Preuve d'une vérification précontractuelle",
        "dated": "Relevé daté d'une vérification, pas une valeur en temps réel.",
        "yes": "Oui",
        "no": "Non",
        "hours": "{remaining} sur {contingent} heures",
        "missing": "Ne fait pas partie de cette consultation",
        "limits": "ne contrôle pas le secteur de l'employeur",
        "masked": "(masqué)",
        "lang": "fr-BE",
    },
    "en": {
        "title": "Proof of a precontractual check",
        "dated": "Dated record of a check, not a live value.",
        "yes": "Yes",
        "no": "No",
        "hours": "{remaining} of {contingent} hours",
        "missing": "Not part of this consultation",
        "limits": "the check does not verify the employer's sector",
        "masked": "(masked)",
        "lang": "en",
    },
}


class Consultation:
    """One applicant's consultation in the sandbox, with the audit file it was recorded in."""

    def __init__(self, outcome: CheckOutcome, audit: JsonLinesAuditSink, persona: Persona):
        self.outcome = outcome
        self.audit = audit
        self.persona = persona


@pytest.fixture
def consult(
    sandbox_client: PrecontractClient, sandbox: Any, tmp_path: Path
) -> Callable[..., Consultation]:
    audit = JsonLinesAuditSink(tmp_path / "audit.jsonl")
    checker = EligibilityChecker.from_client(sandbox_client, audit=audit, clock=sandbox.now)

    def run(combination: str, planned_start: dt.date | None = None) -> Consultation:
        persona, data_types = COMBINATIONS[combination]
        request = sandbox_client.mandates.create_access_request(
            requester=checker.requester,
            employer=checker.default_employer or checker.requester,
            ssin=persona.ssin,
            data_types=data_types,
        )
        sandbox.approve(request.request_id, str(persona.ssin))
        applicant = Applicant(reference=f"cand-{combination}", name=NAME, ssin=persona.ssin)
        outcome = checker.check(
            applicant,
            state=CheckState(request_id=request.request_id),
            planned_start=planned_start,
            actor="roos@pokebowl.example",
        )
        assert outcome.kind is OutcomeKind.RESULT
        return Consultation(outcome, audit, persona)

    return run


def page_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    # Lines wrap where the page is full: compare texts with single spaces.
    return reader, " ".join(reader.pages[0].extract_text().split())


def day(value: dt.date | None) -> str:
    assert value is not None
    return value.strftime("%d/%m/%Y")


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
@pytest.mark.parametrize("combination", list(COMBINATIONS))
def test_the_proof_reads_the_answer_in_the_recruiter_s_language(
    consult: Callable[..., Consultation], sandbox: Any, lang: str, combination: str
) -> None:
    consultation = consult(combination)
    outcome = consultation.outcome
    pdf = render_proof(outcome, lang=lang, clock=sandbox.now)
    reader, text = page_text(pdf)
    words = EXPECTED[lang]

    assert words["title"] in text
    assert words["dated"] in text
    assert NAME in text
    ssin = consultation.persona.ssin
    assert f"{ssin.masked} {words['masked']}" in text
    assert ssin.formatted not in text
    assert ssin.compact not in text
    assert "Pokébowl Roos — 0403.019.261" in text  # the employer's name, as the API gave it
    assert "0123.456.749" in text
    assert str(outcome.mandate_id) in text
    assert str(outcome.request_id) in text
    assert words["limits"] in text

    data = outcome.data
    assert data is not None
    flexi, student = data.flexi_job, data.student_at_work
    assert (flexi is not None) == (combination in ("both", "flexi_only", "not_eligible"))
    assert (student is not None) == (combination in ("both", "student_only"))
    if flexi is not None:
        assert flexi.period is not None
        answer = words["yes"] if flexi.eligible else words["no"]
        assert flexi.eligible is (combination != "not_eligible")
        assert f"{answer} " in text
        assert day(flexi.period.start_date) in text
        assert day(flexi.period.end_date) in text
        assert day(flexi.consultable_until) in text
    if student is not None:
        hours = words["hours"].format(
            remaining=student.remaining_hours, contingent=student.contingent_hours
        )
        assert hours in text
        assert str(student.year) in text
        assert day(student.consultable_until) in text
    if flexi is None or student is None:
        assert text.count(words["missing"]) == 1

    # The code on the page is the one on the audit line of this consultation, and nothing of
    # the answer is in that line.
    assert outcome.audit_record is not None
    code = outcome.audit_record.integrity_code
    assert code is not None
    assert code in text
    lines = consultation.audit.path.read_text(encoding="utf-8").splitlines()
    consultations = [json.loads(line) for line in lines if '"consultation"' in line]
    assert [line["integrityCode"] for line in consultations] == [code]
    assert not {"flexiJob", "studentAtWork", "remainingHours", "eligible"} & set(consultations[0])
    record = outcome.consultation_record
    assert record is not None
    assert record["salt"] not in lines[-1]

    # Metadata: title with the name, language, PDF/A-3u identification, the code as keyword.
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title["x-default"] == f"{words['title']} — {NAME}"
    assert code in str(xmp.pdf_keywords)
    raw_xmp = xmp.stream.get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in raw_xmp
    assert b"<pdfaid:conformance>U</pdfaid:conformance>" in raw_xmp
    assert reader.trailer["/Root"]["/Lang"] == words["lang"]


def test_the_attached_record_recomputes_the_code_of_the_audit_line(
    consult: Callable[..., Consultation], sandbox: Any
) -> None:
    consultation = consult("both", planned_start=dt.date(2027, 7, 1))
    pdf = render_proof(consultation.outcome, lang="en", clock=sandbox.now)
    reader = PdfReader(io.BytesIO(pdf))
    record = json.loads(reader.attachments[RECORD_NAME][0])
    event = consultation.audit.read()[-1]
    assert integrity_code(record) == event.integrity_code
    # What the record holds is what the page shows: the two warnings of a start next year.
    assert [w["code"] for w in record["warnings"]] == [
        "flexi_period_not_covering_start",
        "student_year_differs",
    ]
    _, text = page_text(pdf)
    for warning in consultation.outcome.warnings:
        assert " ".join(warning.message("en").split()) in text
    # A changed value no longer gives the code: a doctored copy does not match the audit.
    record["studentAtWork"]["remainingHours"] += 100
    assert integrity_code(record) != event.integrity_code


def test_the_full_niss_only_when_the_host_keeps_it(
    consult: Callable[..., Consultation], sandbox: Any
) -> None:
    consultation = consult("flexi_only")
    pdf = render_proof(consultation.outcome, lang="nl", full_ssin=True, clock=sandbox.now)
    _, text = page_text(pdf)
    assert consultation.persona.ssin.formatted in text
    assert "(gemaskeerd)" not in text


def test_the_proof_renders_to_a_picture_that_is_not_blank(
    consult: Callable[..., Consultation], sandbox: Any
) -> None:
    pdf = render_proof(consult("both").outcome, lang="fr", clock=sandbox.now)
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == 1
    image = document[0].render(scale=1).to_pil().convert("L")
    width, height = image.size
    assert abs(width - 595) <= 1
    assert abs(height - 842) <= 1
    histogram = image.histogram()
    dark = sum(histogram[:128])
    # Text on most of the page, none of it past the margins: a blank or clipped page fails.
    assert dark > width * height * 0.01
    top = image.crop((0, 0, width, 90))  # the title
    assert sum(top.histogram()[:128]) > 500
    margin = image.crop((0, 0, 30, height))
    assert sum(margin.histogram()[:250]) == 0


def test_a_check_that_read_no_data_has_no_proof(
    sandbox_client: PrecontractClient, sandbox: Any, tmp_path: Path
) -> None:
    checker = EligibilityChecker.from_client(
        sandbox_client, audit=JsonLinesAuditSink(tmp_path / "a.jsonl"), clock=sandbox.now
    )
    outcome = checker.check(Applicant(reference="x", ssin=personas.MARIA.ssin))
    assert outcome.kind is OutcomeKind.NEEDS_APPROVAL
    with pytest.raises(ProofUnavailable) as caught:
        render_proof(outcome, lang="nl", clock=sandbox.now)
    assert "geen gegevens geraadpleegd" in caught.value.user_message("nl")


def test_another_consultation_s_audit_record_is_refused(
    consult: Callable[..., Consultation], sandbox: Any
) -> None:
    first = consult("flexi_only")
    second = consult("student_only")
    assert second.outcome.audit_record is not None
    with pytest.raises(ProofMismatch):
        render_proof(first.outcome, second.outcome.audit_record, clock=sandbox.now)
    # The host's own copy of the right line (read back from its store) is accepted.
    stored = AuditEvent.from_dict(json.loads(json.dumps(first.outcome.audit_record.to_dict())))  # type: ignore[union-attr]
    assert render_proof(first.outcome, stored, clock=sandbox.now).startswith(b"%PDF-")


def test_no_values_after_their_consultation_window(
    consult: Callable[..., Consultation], sandbox: Any
) -> None:
    consultation = consult("both")
    data = consultation.outcome.data
    assert data is not None
    assert data.flexi_job is not None
    assert data.student_at_work is not None
    flexi_until = data.flexi_job.consultable_until
    student_until = data.student_at_work.consultable_until
    assert flexi_until is not None
    assert student_until is not None
    assert flexi_until < student_until

    # Past the flexi window: the flexi answer is withheld, the student hours still shown.
    sandbox.advance(dt.timedelta(days=(flexi_until - sandbox.now().date()).days + 1))
    _, text = page_text(render_proof(consultation.outcome, lang="en", clock=sandbox.now))
    assert f"Its consultation window ended on {day(flexi_until)}" in text
    assert "Eligible for a flexi-job" not in text
    assert f"{data.student_at_work.remaining_hours} of" in text

    # Past both: no proof at all, with the reason in the recruiter's language.
    sandbox.advance(dt.timedelta(days=(student_until - sandbox.now().date()).days + 1))
    with pytest.raises(ProofWindowEnded) as caught:
        render_proof(consultation.outcome, lang="fr", clock=sandbox.now)
    assert day(student_until) in caught.value.user_message("fr")


# Every proof.* text, per language, as the PDF says it.
CATALOGUES = {lang: {key: translate(key, lang) for key in keys("proof.")} for lang in LANGUAGES}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_catalogue_has_every_text_with_the_same_placeholders() -> None:
    english = CATALOGUES["en"]
    assert len(english) > 40  # every text of the proof, found in the core's catalogue
    for lang, texts in CATALOGUES.items():
        assert set(texts) == set(english), lang
        for key, text in texts.items():
            assert text.strip(), (lang, key)
            assert _placeholders(text) == _placeholders(english[key]), (lang, key)


def test_the_shipped_font_carries_the_letters_of_belgian_names() -> None:
    from fontTools.ttLib import TTFont

    from precontract.proof.render import FONTS

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        cmap = TTFont(FONTS / name).getBestCmap()
        text = "éèëïàçßâêôûùüÿœæÉÈÇŒ€—–•’«»łşțğřžčšőűñãõ"
        assert [c for c in text if ord(c) not in cmap] == [], name
        for lang_texts in CATALOGUES.values():
            missing = {c for value in lang_texts.values() for c in value if ord(c) not in cmap}
            assert not missing, (name, missing)


def test_a_host_renders_later_from_what_it_stored_as_json(
    consult: Callable[..., Consultation], sandbox: Any
) -> None:
    consultation = consult("student_only")
    outcome = consultation.outcome
    assert outcome.audit_record is not None
    stored = json.loads(
        json.dumps({"record": outcome.consultation_record, "audit": outcome.audit_record.to_dict()})
    )
    event = AuditEvent.from_dict(stored["audit"])
    pdf = render_consultation(stored["record"], event, lang="fr", clock=sandbox.now)
    _, text = page_text(pdf)
    assert "Preuve d'une vérification précontractuelle" in text
    assert str(outcome.audit_record.integrity_code) in text
    # The full NISS only if it is this consultation's; another person's is refused.
    own = consultation.persona.ssin
    _, text = page_text(render_consultation(stored["record"], event, ssin=own, clock=sandbox.now))
    assert own.formatted in text
    with pytest.raises(ProofMismatch):
        render_consultation(stored["record"], event, ssin=personas.MARIA.ssin, clock=sandbox.now)
