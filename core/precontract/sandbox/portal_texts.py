"""The citizen portal's texts in Dutch, French and English (registered in the catalogue)."""

from __future__ import annotations

from precontract.i18n import register
from precontract.sandbox.personas import PERSONAS

TEXTS: dict[str, dict[str, str]] = {
    "portal.title": {
        "nl": "Toegang tot mijn gegevens",
        "fr": "Accès à mes données",
        "en": "Access to my data",
    },
    "portal.sandbox_notice": {
        "nl": "Testomgeving (sandbox): hier meldt u zich aan als testburger, niet met eID of itsme.",
        "fr": "Environnement de test (sandbox) : vous vous connectez comme citoyen de test, pas avec eID ou itsme.",
        "en": "Test environment (sandbox): you sign in as a test citizen, not with eID or itsme.",
    },
    "portal.signin_title": {"nl": "Aanmelden", "fr": "Se connecter", "en": "Sign in"},
    "portal.signin_intro": {
        "nl": "Kies de testburger als wie u zich aanmeldt.",
        "fr": "Choisissez le citoyen de test avec lequel vous vous connectez.",
        "en": "Choose the test citizen you sign in as.",
    },
    "portal.signin_button": {"nl": "Aanmelden", "fr": "Se connecter", "en": "Sign in"},
    "portal.signed_in_as": {
        "nl": "Aangemeld als {name}",
        "fr": "Connecté en tant que {name}",
        "en": "Signed in as {name}",
    },
    "portal.signout": {"nl": "Afmelden", "fr": "Se déconnecter", "en": "Sign out"},
    "portal.request_title": {
        "nl": "Toegangsaanvraag",
        "fr": "Demande d'accès",
        "en": "Access request",
    },
    "portal.who_asks": {
        "nl": "Wie vraagt toegang?",
        "fr": "Qui demande l'accès ?",
        "en": "Who is asking?",
    },
    "portal.requester": {"nl": "Aanvrager", "fr": "Demandeur", "en": "Requester"},
    "portal.employer": {
        "nl": "Voor de werkgever",
        "fr": "Pour l'employeur",
        "en": "For the employer",
    },
    "portal.enterprise_number": {
        "nl": "ondernemingsnummer {number}",
        "fr": "numéro d'entreprise {number}",
        "en": "enterprise number {number}",
    },
    "portal.unknown_enterprise": {
        "nl": "Onbekende onderneming",
        "fr": "Entreprise inconnue",
        "en": "Unknown enterprise",
    },
    "portal.what": {"nl": "Welke gegevens?", "fr": "Quelles données ?", "en": "Which data?"},
    "portal.type.FLEXI_JOB_ELIGIBILITY": {
        "nl": "Of u in aanmerking komt voor een flexi-job",
        "fr": "Si vous pouvez exercer un flexi-job",
        "en": "Whether you are eligible for a flexi-job",
    },
    "portal.type.STUDENT_HOURS": {
        "nl": "Hoeveel uren u nog over hebt als student (Student@work)",
        "fr": "Combien d'heures il vous reste comme étudiant (Student@work)",
        "en": "How many Student@work hours you have left",
    },
    "portal.consultable_one_month": {
        "nl": "Raadpleegbaar gedurende 1 maand, tot en met {until}",
        "fr": "Consultable pendant 1 mois, jusqu'au {until} inclus",
        "en": "May be consulted for 1 month, until {until} inclusive",
    },
    "portal.consultable_months": {
        "nl": "Raadpleegbaar gedurende {months} maanden, tot en met {until}",
        "fr": "Consultable pendant {months} mois, jusqu'au {until} inclus",
        "en": "May be consulted for {months} months, until {until} inclusive",
    },
    "portal.bound_to": {
        "nl": "Deze aanvraag is enkel bestemd voor de burger met rijksregisternummer {ssin}.",
        "fr": "Cette demande est réservée au citoyen dont le numéro de registre national est {ssin}.",
        "en": "This request is only for the citizen with national number {ssin}.",
    },
    "portal.bound_to_other": {
        "nl": "U bent aangemeld als iemand anders: u kunt deze aanvraag niet beantwoorden.",
        "fr": "Vous êtes connecté en tant qu'une autre personne : vous ne pouvez pas répondre à cette demande.",
        "en": "You are signed in as someone else: you cannot answer this request.",
    },
    "portal.deadline": {
        "nl": "U kunt deze aanvraag goedkeuren tot {deadline}.",
        "fr": "Vous pouvez approuver cette demande jusqu'au {deadline}.",
        "en": "You can approve this request until {deadline}.",
    },
    "portal.revoke_hint": {
        "nl": "U kunt de toegang op elk moment weer intrekken bij 'Mijn toegangen'.",
        "fr": "Vous pouvez retirer l'accès à tout moment dans « Mes accès ».",
        "en": "You can withdraw access at any time under 'My mandates'.",
    },
    "portal.approve": {"nl": "Goedkeuren", "fr": "Approuver", "en": "Approve"},
    "portal.refuse": {"nl": "Weigeren", "fr": "Refuser", "en": "Refuse"},
    "portal.status.PENDING": {
        "nl": "Wacht op uw beslissing",
        "fr": "En attente de votre décision",
        "en": "Waiting for your decision",
    },
    "portal.status.APPROVED": {
        "nl": "U hebt deze aanvraag goedgekeurd.",
        "fr": "Vous avez approuvé cette demande.",
        "en": "You approved this request.",
    },
    "portal.status.REFUSED": {
        "nl": "Deze aanvraag werd geweigerd.",
        "fr": "Cette demande a été refusée.",
        "en": "This request was refused.",
    },
    "portal.status.EXPIRED": {
        "nl": "Deze aanvraag is verlopen: ze kon enkel op de dag zelf worden goedgekeurd.",
        "fr": "Cette demande a expiré : elle ne pouvait être approuvée que le jour même.",
        "en": "This request has expired: it could only be approved on the day it was made.",
    },
    "portal.status.CANCELLED": {
        "nl": "De aanvrager heeft deze aanvraag geannuleerd.",
        "fr": "Le demandeur a annulé cette demande.",
        "en": "The requester cancelled this request.",
    },
    "portal.not_found": {
        "nl": "Deze aanvraag bestaat niet.",
        "fr": "Cette demande n'existe pas.",
        "en": "This request does not exist.",
    },
    "portal.error.other_citizen": {
        "nl": "Deze aanvraag is bedoeld voor iemand anders of werd al door iemand anders gebruikt.",
        "fr": "Cette demande est destinée à quelqu'un d'autre ou a déjà été utilisée par une autre personne.",
        "en": "This request is meant for someone else or was already used by someone else.",
    },
    "portal.error.not_pending": {
        "nl": "Deze aanvraag kan niet meer worden beantwoord.",
        "fr": "Il n'est plus possible de répondre à cette demande.",
        "en": "This request can no longer be answered.",
    },
    "portal.approved_done": {
        "nl": "Bedankt. {requester} kan nu uw gegevens raadplegen voor {employer}.",
        "fr": "Merci. {requester} peut maintenant consulter vos données pour {employer}.",
        "en": "Thank you. {requester} can now consult your data for {employer}.",
    },
    "portal.refused_done": {
        "nl": "U hebt de aanvraag geweigerd.",
        "fr": "Vous avez refusé la demande.",
        "en": "You refused the request.",
    },
    "portal.my_mandates": {"nl": "Mijn toegangen", "fr": "Mes accès", "en": "My mandates"},
    "portal.no_mandates": {
        "nl": "U hebt nog niemand toegang gegeven.",
        "fr": "Vous n'avez encore donné accès à personne.",
        "en": "You have not given anyone access yet.",
    },
    "portal.granted_on": {
        "nl": "Gegeven op {date}",
        "fr": "Donné le {date}",
        "en": "Granted on {date}",
    },
    "portal.until": {
        "nl": "tot en met {date}",
        "fr": "jusqu'au {date} inclus",
        "en": "until {date} inclusive",
    },
    "portal.mandate.ACTIVE": {"nl": "Actief", "fr": "Actif", "en": "Active"},
    "portal.mandate.REVOKED": {"nl": "Ingetrokken", "fr": "Retiré", "en": "Withdrawn"},
    "portal.mandate.EXPIRED": {"nl": "Verlopen", "fr": "Expiré", "en": "Expired"},
    "portal.revoke": {"nl": "Toegang intrekken", "fr": "Retirer l'accès", "en": "Withdraw access"},
    "portal.revoked_done": {
        "nl": "De toegang werd ingetrokken.",
        "fr": "L'accès a été retiré.",
        "en": "Access was withdrawn.",
    },
    "portal.language": {"nl": "Taal", "fr": "Langue", "en": "Language"},
}

# The test citizens' descriptions in Dutch and French; the English is their own description
# (personas.py), so the two cannot drift apart.
PERSONA_TEXTS: dict[str, dict[str, str]] = {
    "flexi_worker": {
        "nl": "Werkt 4/5 bij een andere werkgever (kwartaal T-3): komt in aanmerking voor een flexi-job.",
        "fr": "Travaille à 4/5 chez un autre employeur (trimestre T-3) : éligible au flexi-job.",
    },
    "pensioner": {
        "nl": "Gepensioneerd (in het pensioenkadaster): komt in aanmerking voor een flexi-job.",
        "fr": "Pensionné (au cadastre des pensions) : éligible au flexi-job.",
    },
    "not_eligible": {
        "nl": "Werkt halftijds (kwartaal T-3): komt niet in aanmerking voor een flexi-job.",
        "fr": "Travaille à mi-temps (trimestre T-3) : pas éligible au flexi-job.",
    },
    "student_full": {
        "nl": "Student die dit jaar nog niet werkte: alle 650 uren over.",
        "fr": "Étudiant qui n'a pas encore travaillé cette année : les 650 heures restent.",
    },
    "student_few_hours": {
        "nl": "Student die dit jaar veel werkte: nog 38 uren over.",
        "fr": "Étudiant qui a beaucoup travaillé cette année : 38 heures restantes.",
    },
    "student_no_hours": {
        "nl": "Student die het hele contingent opgebruikt heeft: 0 uren over.",
        "fr": "Étudiant qui a épuisé tout le contingent : 0 heure restante.",
    },
    "bis_worker": {
        "nl": "Niet in het rijksregister (BIS-nummer); werkt voltijds: komt in aanmerking voor een flexi-job.",
        "fr": "Pas au registre national (numéro BIS) ; travaille à temps plein : éligible au flexi-job.",
    },
    "seasonal_worker": {
        "nl": "Werkt 4/5 in de lente en de zomer: komt in aanmerking van januari tot juni, niet van juli tot december.",
        "fr": "Travaille à 4/5 au printemps et en été : éligible de janvier à juin, pas de juillet à décembre.",
    },
    "reduced_to_four_fifths": {
        "nl": "Voltijds in januari–maart, 4/5 vanaf april: die daling blokkeert flexi van januari tot juni, komt in aanmerking van juli tot december.",
        "fr": "Temps plein de janvier à mars, 4/5 à partir d'avril : cette baisse bloque le flexi de janvier à juin, éligible de juillet à décembre.",
    },
    "student_and_flexi": {
        "nl": "Student die ook 4/5 werkte in kwartaal T-3: komt in aanmerking voor een flexi-job, 412 uren over.",
        "fr": "Étudiant qui a aussi travaillé à 4/5 au trimestre T-3 : éligible au flexi-job, 412 heures restantes.",
    },
}

for _key, _texts in TEXTS.items():
    register(_key, _texts)
for _persona in PERSONAS:
    register(
        f"portal.persona.{_persona.key}",
        {**PERSONA_TEXTS[_persona.key], "en": _persona.description},
    )
