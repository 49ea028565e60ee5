"""The Recruitee plugin's texts (en, nl, fr): settings, hints, and what the ATS shows."""

from __future__ import annotations

from precontract_ats.ats.base import register_texts

register_texts(
    {
        "ats.recruitee.company_id": ("Company ID", "Bedrijfs-ID", "ID de l'entreprise"),
        "ats.recruitee.company_id.help": (
            "The number in your Recruitee address: app.recruitee.com/#/… → Settings → Company.",
            "Het nummer in uw Recruitee-adres: app.recruitee.com/#/… → Instellingen → Bedrijf.",
            "Le numéro dans votre adresse Recruitee : app.recruitee.com/#/… → Paramètres → Entreprise.",
        ),
        "ats.recruitee.codename": (
            "Partner codename",
            "Codenaam van de partner",
            "Nom de code du partenaire",
        ),
        "ats.recruitee.codename.help": (
            "The codename of the precontract partner in Recruitee's Partners API.",
            "De codenaam van de precontract-partner in de Partners API van Recruitee.",
            "Le nom de code du partenaire precontract dans la Partners API de Recruitee.",
        ),
        "ats.recruitee.api_url": ("API address", "API-adres", "Adresse de l'API"),
        "ats.recruitee.api_url.help": (
            "Leave as is unless Recruitee tells you otherwise.",
            "Laat zo staan, tenzij Recruitee iets anders zegt.",
            "Laissez tel quel, sauf indication contraire de Recruitee.",
        ),
        "ats.recruitee.partner_url": (
            "Partners API address",
            "Adres van de Partners API",
            "Adresse de la Partners API",
        ),
        "ats.recruitee.partner_url.help": (
            "Leave as is unless Recruitee tells you otherwise.",
            "Laat zo staan, tenzij Recruitee iets anders zegt.",
            "Laissez tel quel, sauf indication contraire de Recruitee.",
        ),
        "ats.recruitee.api_token": (
            "Personal API token",
            "Persoonlijk API-token",
            "Jeton API personnel",
        ),
        "ats.recruitee.api_token.help": (
            "Recruitee → Settings → Apps and plugins → Personal API tokens. Used to write the candidate's profile fields.",
            "Recruitee → Instellingen → Apps en plugins → Persoonlijke API-tokens. Dient om de profielvelden van de kandidaat te schrijven.",
            "Recruitee → Paramètres → Apps et plugins → Jetons API personnels. Sert à écrire les champs de profil du candidat.",
        ),
        "ats.recruitee.ssin_field": (
            "NISS field (optional)",
            "INSZ-veld (optioneel)",
            "Champ NISS (facultatif)",
        ),
        "ats.recruitee.ssin_field.help": (
            "The name of a candidate profile field holding the national register number, if your company keeps one.",
            "De naam van een profielveld van de kandidaat met het rijksregisternummer, als uw bedrijf er een bijhoudt.",
            "Le nom d'un champ de profil du candidat contenant le numéro de registre national, si votre entreprise en tient un.",
        ),
        "ats.recruitee.partner_secret": ("Partner secret", "Partnergeheim", "Secret du partenaire"),
        "ats.recruitee.partner_secret.help": (
            "partner.secret of the precontract partner: lets us mark the report completed.",
            "partner.secret van de precontract-partner: laat ons toe het rapport af te ronden.",
            "partner.secret du partenaire precontract : nous permet de clôturer le rapport.",
        ),
        "ats.recruitee.inbound_key.help": (
            "Paste this token in Recruitee when you activate the precontract integration.",
            "Plak dit token in Recruitee wanneer u de precontract-integratie activeert.",
            "Collez ce jeton dans Recruitee lorsque vous activez l'intégration precontract.",
        ),
        "ats.recruitee.url.send_candidate": (
            "partner.urls.send_candidate",
            "partner.urls.send_candidate",
            "partner.urls.send_candidate",
        ),
        "ats.recruitee.url.tests": (
            "partner.urls.tests",
            "partner.urls.tests",
            "partner.urls.tests",
        ),
        "ats.recruitee.url.hint": (
            "Set once in the partner's configuration (POST/PATCH /partner), the same for every customer.",
            "Eenmaal in te stellen in de configuratie van de partner (POST/PATCH /partner), dezelfde voor elke klant.",
            "À définir une fois dans la configuration du partenaire (POST/PATCH /partner), la même pour chaque client.",
        ),
        "ats.recruitee.canceled": (
            "The check was cancelled: the connector no longer follows the candidate's approval.",
            "De controle werd geannuleerd: de connector volgt de goedkeuring van de kandidaat niet meer.",
            "La vérification a été annulée : le connecteur ne suit plus l'accord du candidat.",
        ),
        "ats.recruitee.cancel_too_late": (
            "This check has already ended; there is nothing to cancel.",
            "Deze controle is al afgelopen; er valt niets te annuleren.",
            "Cette vérification est déjà terminée ; il n'y a rien à annuler.",
        ),
        "ats.recruitee.test_name": (
            "Check for {name} ({number})",
            "Controle voor {name} ({number})",
            "Vérification pour {name} ({number})",
        ),
    }
)
