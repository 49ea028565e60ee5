"""The Teamtailor plugin's texts (en, nl, fr): settings, hints, and what the ATS shows."""

from __future__ import annotations

from precontract_ats.ats.base import register_texts

register_texts(
    {
        "ats.teamtailor.provider_key": ("Provider key", "Provider key", "Clé du fournisseur"),
        "ats.teamtailor.provider_key.help": (
            "The key Teamtailor gives for this company's activation; Teamtailor sends it with every call to us.",
            "De sleutel die Teamtailor geeft voor de activatie van dit bedrijf; Teamtailor stuurt hem mee bij elke oproep naar ons.",
            "La clé que Teamtailor donne pour l'activation de cette entreprise ; Teamtailor l'envoie à chaque appel vers nous.",
        ),
        "ats.teamtailor.partner_key": (
            "Partner API key",
            "Partner-API-sleutel",
            "Clé de l'API partenaire",
        ),
        "ats.teamtailor.partner_key.help": (
            "Lets us update the partner result (the candidate's precontract result in Teamtailor).",
            "Laat ons toe het partnerresultaat bij te werken (het precontract-resultaat van de kandidaat in Teamtailor).",
            "Nous permet de mettre à jour le résultat partenaire (le résultat precontract du candidat dans Teamtailor).",
        ),
        "ats.teamtailor.api_key": ("API key", "API-sleutel", "Clé API"),
        "ats.teamtailor.api_key.help": (
            "Teamtailor → Settings → Integrations → API keys: an Admin key with read/write, to write the custom fields.",
            "Teamtailor → Instellingen → Integraties → API-sleutels: een Admin-sleutel met lezen/schrijven, om de aangepaste velden te schrijven.",
            "Teamtailor → Paramètres → Intégrations → Clés API : une clé Admin en lecture/écriture, pour écrire les champs personnalisés.",
        ),
        "ats.teamtailor.webhook_secret": (
            "Webhook secret key",
            "Geheime webhooksleutel",
            "Clé secrète des webhooks",
        ),
        "ats.teamtailor.webhook_secret.help": (
            "Teamtailor → Integrations hub → the secret key for webhook signatures. When set, a call without a valid Teamtailor-Signature is refused.",
            "Teamtailor → Integrations hub → de geheime sleutel voor webhookhandtekeningen. Indien ingevuld, wordt een oproep zonder geldige Teamtailor-Signature geweigerd.",
            "Teamtailor → Integrations hub → la clé secrète des signatures de webhook. Si elle est remplie, un appel sans Teamtailor-Signature valide est refusé.",
        ),
        "ats.teamtailor.api_url": ("API address", "API-adres", "Adresse de l'API"),
        "ats.teamtailor.api_url.help": (
            "https://api.teamtailor.com (EU) or https://api.na.teamtailor.com (North America).",
            "https://api.teamtailor.com (EU) of https://api.na.teamtailor.com (Noord-Amerika).",
            "https://api.teamtailor.com (UE) ou https://api.na.teamtailor.com (Amérique du Nord).",
        ),
        "ats.teamtailor.api_version": ("API version", "API-versie", "Version de l'API"),
        "ats.teamtailor.api_version.help": (
            "The X-Api-Version header of the Teamtailor API; leave as is unless Teamtailor tells you otherwise.",
            "De X-Api-Version-header van de Teamtailor-API; laat zo staan, tenzij Teamtailor iets anders zegt.",
            "L'en-tête X-Api-Version de l'API Teamtailor ; laissez tel quel, sauf indication contraire de Teamtailor.",
        ),
        "ats.teamtailor.partner_api_version": (
            "Partner API version",
            "Partner-API-versie",
            "Version de l'API partenaire",
        ),
        "ats.teamtailor.partner_api_version.help": (
            "The X-Api-Version header of the partner API (partner results).",
            "De X-Api-Version-header van de partner-API (partnerresultaten).",
            "L'en-tête X-Api-Version de l'API partenaire (résultats partenaire).",
        ),
        "ats.teamtailor.ssin_field": (
            "NISS field (optional)",
            "INSZ-veld (optioneel)",
            "Champ NISS (facultatif)",
        ),
        "ats.teamtailor.ssin_field.help": (
            "The API name of a candidate custom field holding the national register number, if your company keeps one.",
            "De API-naam van een aangepast kandidaatveld met het rijksregisternummer, als uw bedrijf er een bijhoudt.",
            "Le nom d'API d'un champ personnalisé du candidat contenant le numéro de registre national, si votre entreprise en tient un.",
        ),
        "ats.teamtailor.inbound_key.help": (
            "Teamtailor issues the provider key: paste it above.",
            "Teamtailor geeft de provider key uit: plak hem hierboven.",
            "Teamtailor émet la clé du fournisseur : collez-la ci-dessus.",
        ),
        "ats.teamtailor.url.base": (
            "Partner base URL",
            "Basis-URL van de partner",
            "URL de base du partenaire",
        ),
        "ats.teamtailor.url.hint": (
            "Teamtailor calls {base}/webhook, /config, /activation and /recheck under this address.",
            "Teamtailor roept {base}/webhook, /config, /activation en /recheck aan onder dit adres.",
            "Teamtailor appelle {base}/webhook, /config, /activation et /recheck sous cette adresse.",
        ),
        "ats.teamtailor.config.employer": ("Employer", "Werkgever", "Employeur"),
        "ats.teamtailor.config.employer_placeholder": (
            "Choose the employer",
            "Kies de werkgever",
            "Choisissez l'employeur",
        ),
        "ats.teamtailor.config.refused": (
            "This Teamtailor account is not connected to precontract: ask your administrator to paste the provider key in the connector.",
            "Deze Teamtailor-account is niet verbonden met precontract: vraag uw beheerder de provider key in de connector te plakken.",
            "Ce compte Teamtailor n'est pas connecté à precontract : demandez à votre administrateur de coller la clé du fournisseur dans le connecteur.",
        ),
        "ats.teamtailor.activation.info": (
            "precontract checks a candidate's flexi-job eligibility and Student@work hours with the candidate's own approval (eID or itsme). Let Teamtailor create the fields below, or map them to fields you have.",
            "precontract controleert of een kandidaat in aanmerking komt voor flexi-jobs en zijn Student@work-uren, met de goedkeuring van de kandidaat zelf (eID of itsme). Laat Teamtailor de velden hieronder aanmaken, of koppel ze aan velden die u al hebt.",
            "precontract vérifie l'éligibilité flexi-job et les heures Student@work d'un candidat, avec l'accord du candidat lui-même (eID ou itsme). Laissez Teamtailor créer les champs ci-dessous, ou associez-les à des champs existants.",
        ),
        "ats.teamtailor.result.check_again": (
            "Check again",
            "Opnieuw controleren",
            "Vérifier à nouveau",
        ),
        "ats.teamtailor.result.details": ("Result", "Resultaat", "Résultat"),
        "ats.teamtailor.result.proof": (
            "Proof of the consultation (PDF)",
            "Bewijs van de raadpleging (pdf)",
            "Preuve de la consultation (PDF)",
        ),
        "ats.teamtailor.result.cleared": (
            "The consultation window has ended: the result is no longer shown. Check again if needed.",
            "De raadplegingsperiode is voorbij: het resultaat wordt niet meer getoond. Controleer opnieuw indien nodig.",
            "La période de consultation est terminée : le résultat n'est plus affiché. Vérifiez à nouveau si nécessaire.",
        ),
        "ats.teamtailor.unknown_field": (
            "Teamtailor has no custom field with the API name {name}.",
            "Teamtailor heeft geen aangepast veld met API-naam {name}.",
            "Teamtailor n'a pas de champ personnalisé avec le nom d'API {name}.",
        ),
    }
)
