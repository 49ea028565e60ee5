"""What a proof says, one catalogue per language.

Each catalogue holds every key; they are registered in the shared catalogue
(:mod:`precontract.i18n`) under ``proof.*``. A new language is one more catalogue in
:data:`CATALOGUES` (with the same keys and placeholders; ``tests/proof`` checks that).
"""

from __future__ import annotations

from precontract.i18n import register

__all__ = ["CATALOGUES"]

EN: dict[str, str] = {
    "title": "Proof of a precontractual check",
    "subtitle": "Flexi-job eligibility and Student@work hours, read under a citizen mandate",
    "dated": (
        "Dated record of a check, not a live value. It shows what the social security (NSSO) "
        "answered on {checked_at}. Eligibility and hours may have changed since: check again "
        "before a new decision. The data may be consulted until the dates below, not after."
    ),
    "section.parties": "Who asked",
    "section.applicant": "For whom",
    "section.access": "Access and consultation",
    "section.answer": "The answer, as the API gave it",
    "section.warnings": "Warnings shown",
    "section.limits": "What this check does not cover",
    "requester": "Requester",
    "employer": "Employer",
    "actor": "Checked by",
    "applicant_name": "Applicant (as in your records)",
    "niss": "NISS",
    "niss_masked": "{niss} (masked)",
    "reference": "Your reference",
    "granted_at": "Access granted on",
    "read_at": "Data read on",
    "mandate_id": "Citizen mandate",
    "request_id": "Access request",
    "unknown": "—",
    "flexi": "Flexi-job",
    "flexi_eligible": "Eligible for a flexi-job",
    "flexi_period": "For the quarter",
    "flexi_period_value": "{start} to {end}",
    "student": "Student@work",
    "student_remaining": "Hours remaining",
    "student_remaining_value": "{remaining} of {contingent} hours",
    "student_year": "Calendar year",
    "student_as_of": "As of",
    "consultable_until": "Consultable until",
    "not_consulted": "Not part of this consultation (the citizen mandate does not cover it).",
    "window_ended": "Its consultation window ended on {day}: the value is no longer shown.",
    "no_warnings": "None.",
    "limits": (
        "As the NSSO says of its own service: the check does not verify the employer's sector "
        "(whether flexi-jobs are allowed there), nor the applicant's student status or age. "
        "The flexi-job answer holds for one quarter only; the student hours change with every "
        "Dimona STU declaration of any employer. The employer remains responsible for these "
        "conditions and for the Dimona declaration (worker type FLX or STU)."
    ),
    "times": "Times are Brussels time.",
    "integrity": "Integrity code",
    "integrity_note": (
        "The same code is in the audit trail, on the line of this consultation (integrityCode). "
        "The record it is computed over is attached to this PDF (consultation.json)."
    ),
    "made_by": "Made by precontract {version} on {made_at}.",
    "yes": "Yes",
    "no": "No",
    "hours": "{hours} h",
    "pdf_subject": "Flexi-job and Student@work check of {name} on {checked_at}",
}

NL: dict[str, str] = {
    "title": "Bewijs van een precontractuele controle",
    "subtitle": "Flexi-jobgeschiktheid en Student@work-uren, geraadpleegd onder een burgermandaat",
    "dated": (
        "Gedateerd verslag van een controle, geen actuele waarde. Het toont wat de sociale "
        "zekerheid (RSZ) op {checked_at} antwoordde. De geschiktheid en de uren kunnen sindsdien "
        "veranderd zijn: controleer opnieuw vóór een nieuwe beslissing. De gegevens mogen worden "
        "geraadpleegd tot de datums hieronder, niet daarna."
    ),
    "section.parties": "Wie vroeg",
    "section.applicant": "Voor wie",
    "section.access": "Toegang en raadpleging",
    "section.answer": "Het antwoord, zoals de API het gaf",
    "section.warnings": "Getoonde waarschuwingen",
    "section.limits": "Wat deze controle niet nagaat",
    "requester": "Aanvrager",
    "employer": "Werkgever",
    "actor": "Gecontroleerd door",
    "applicant_name": "Sollicitant (zoals in uw gegevens)",
    "niss": "INSZ",
    "niss_masked": "{niss} (gemaskeerd)",
    "reference": "Uw referentie",
    "granted_at": "Toegang verleend op",
    "read_at": "Gegevens geraadpleegd op",
    "mandate_id": "Burgermandaat",
    "request_id": "Toegangsaanvraag",
    "unknown": "—",
    "flexi": "Flexi-job",
    "flexi_eligible": "Komt in aanmerking voor een flexi-job",
    "flexi_period": "Voor het kwartaal",
    "flexi_period_value": "{start} tot en met {end}",
    "student": "Student@work",
    "student_remaining": "Resterende uren",
    "student_remaining_value": "{remaining} van {contingent} uur",
    "student_year": "Kalenderjaar",
    "student_as_of": "Stand op",
    "consultable_until": "Raadpleegbaar tot",
    "not_consulted": "Geen deel van deze raadpleging (het burgermandaat dekt het niet).",
    "window_ended": "De raadplegingstermijn eindigde op {day}: de waarde wordt niet meer getoond.",
    "no_warnings": "Geen.",
    "limits": (
        "Zoals de RSZ over zijn eigen dienst zegt: de controle gaat de sector van de werkgever "
        "niet na (of flexi-jobs er toegelaten zijn), noch het studentenstatuut of de leeftijd "
        "van de sollicitant. Het flexi-jobantwoord geldt voor één kwartaal; de studentenuren "
        "veranderen met elke Dimona STU-aangifte van eender welke werkgever. De werkgever blijft "
        "verantwoordelijk voor deze voorwaarden en voor de Dimona-aangifte (werknemerstype FLX "
        "of STU)."
    ),
    "times": "Tijden in Brusselse tijd.",
    "integrity": "Integriteitscode",
    "integrity_note": (
        "Dezelfde code staat in het auditlogboek, op de regel van deze raadpleging "
        "(integrityCode). Het verslag waarover ze berekend is, zit als bijlage in deze pdf "
        "(consultation.json)."
    ),
    "made_by": "Gemaakt door precontract {version} op {made_at}.",
    "yes": "Ja",
    "no": "Nee",
    "hours": "{hours} u",
    "pdf_subject": "Flexi-job- en Student@work-controle van {name} op {checked_at}",
}

FR: dict[str, str] = {
    "title": "Preuve d'une vérification précontractuelle",
    "subtitle": "Éligibilité flexi-job et heures Student@work, consultées sous un mandat citoyen",
    "dated": (
        "Relevé daté d'une vérification, pas une valeur en temps réel. Il montre ce que la "
        "sécurité sociale (ONSS) a répondu le {checked_at}. L'éligibilité et les heures ont pu "
        "changer depuis : vérifiez à nouveau avant une nouvelle décision. Les données sont "
        "consultables jusqu'aux dates ci-dessous, pas au-delà."
    ),
    "section.parties": "Qui a demandé",
    "section.applicant": "Pour qui",
    "section.access": "Accès et consultation",
    "section.answer": "La réponse, telle que l'API l'a donnée",
    "section.warnings": "Avertissements affichés",
    "section.limits": "Ce que cette vérification ne couvre pas",
    "requester": "Demandeur",
    "employer": "Employeur",
    "actor": "Vérifié par",
    "applicant_name": "Candidat (selon vos données)",
    "niss": "NISS",
    "niss_masked": "{niss} (masqué)",
    "reference": "Votre référence",
    "granted_at": "Accès accordé le",
    "read_at": "Données consultées le",
    "mandate_id": "Mandat citoyen",
    "request_id": "Demande d'accès",
    "unknown": "—",
    "flexi": "Flexi-job",
    "flexi_eligible": "Éligible à un flexi-job",
    "flexi_period": "Pour le trimestre",
    "flexi_period_value": "du {start} au {end}",
    "student": "Student@work",
    "student_remaining": "Heures restantes",
    "student_remaining_value": "{remaining} sur {contingent} heures",
    "student_year": "Année civile",
    "student_as_of": "Situation au",
    "consultable_until": "Consultable jusqu'au",
    "not_consulted": "Ne fait pas partie de cette consultation (le mandat citoyen ne la couvre pas).",
    "window_ended": "Son délai de consultation a pris fin le {day} : la valeur n'est plus affichée.",
    "no_warnings": "Aucun.",
    "limits": (
        "Comme l'ONSS le dit de son propre service : la vérification ne contrôle pas le secteur "
        "de l'employeur (si les flexi-jobs y sont permis), ni le statut d'étudiant ou l'âge du "
        "candidat. La réponse flexi-job vaut pour un seul trimestre ; les heures étudiant "
        "changent à chaque déclaration Dimona STU de n'importe quel employeur. L'employeur reste "
        "responsable de ces conditions et de la déclaration Dimona (type de travailleur FLX ou "
        "STU)."
    ),
    "times": "Heures indiquées en heure de Bruxelles.",
    "integrity": "Code d'intégrité",
    "integrity_note": (
        "Le même code figure dans le journal d'audit, sur la ligne de cette consultation "
        "(integrityCode). Le relevé sur lequel il est calculé est joint à ce PDF "
        "(consultation.json)."
    ),
    "made_by": "Établi par precontract {version} le {made_at}.",
    "yes": "Oui",
    "no": "Non",
    "hours": "{hours} h",
    "pdf_subject": "Vérification flexi-job et Student@work de {name} le {checked_at}",
}

CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "nl": NL, "fr": FR}

for _key in EN:
    register(f"proof.{_key}", {lang: texts[_key] for lang, texts in CATALOGUES.items()})
