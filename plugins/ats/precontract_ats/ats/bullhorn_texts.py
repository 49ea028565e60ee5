"""The Bullhorn plugin's texts (en, nl, fr): settings, hints, and what the ATS shows."""

from __future__ import annotations

from precontract_ats.ats.base import register_texts

register_texts(
    {
        "ats.bullhorn.corporation_id": (
            "Corporation ID",
            "Corporation-ID",
            "ID de la société (Corporation ID)",
        ),
        "ats.bullhorn.corporation_id.help": (
            "Your Bullhorn corporation's number; Bullhorn sends it with every tab it opens.",
            "Het nummer van uw Bullhorn-corporation; Bullhorn stuurt het mee met elk tabblad dat het opent.",
            "Le numéro de votre société Bullhorn ; Bullhorn l'envoie avec chaque onglet qu'il ouvre.",
        ),
        "ats.bullhorn.client_id": ("OAuth client ID", "OAuth-client-ID", "ID client OAuth"),
        "ats.bullhorn.client_id.help": (
            "From Bullhorn support, for the REST API.",
            "Van Bullhorn-support, voor de REST API.",
            "Fourni par le support Bullhorn, pour l'API REST.",
        ),
        "ats.bullhorn.client_secret": (
            "OAuth client secret",
            "OAuth-clientgeheim",
            "Secret client OAuth",
        ),
        "ats.bullhorn.client_secret.help": (
            "Comes with the client ID.",
            "Hoort bij de client-ID.",
            "Va avec l'ID client.",
        ),
        "ats.bullhorn.username": ("API user", "API-gebruiker", "Utilisateur API"),
        "ats.bullhorn.username.help": (
            "A Bullhorn user reserved for the connector (it reads and writes candidates).",
            "Een Bullhorn-gebruiker voorbehouden aan de connector (leest en schrijft kandidaten).",
            "Un utilisateur Bullhorn réservé au connecteur (il lit et écrit les candidats).",
        ),
        "ats.bullhorn.password": (
            "API user's password",
            "Wachtwoord van de API-gebruiker",
            "Mot de passe de l'utilisateur API",
        ),
        "ats.bullhorn.password.help": (
            "Stored encrypted; never shown again.",
            "Versleuteld bewaard; nooit meer getoond.",
            "Conservé chiffré ; jamais réaffiché.",
        ),
        "ats.bullhorn.login_url": (
            "Bullhorn REST address",
            "Bullhorn REST-adres",
            "Adresse REST de Bullhorn",
        ),
        "ats.bullhorn.login_url.help": (
            "Leave https://rest.bullhornstaffing.com: the connector asks it (loginInfo) for your API user's data centre.",
            "Laat https://rest.bullhornstaffing.com staan: de connector vraagt er (loginInfo) het datacenter van uw API-gebruiker.",
            "Laissez https://rest.bullhornstaffing.com : le connecteur y demande (loginInfo) le centre de données de votre utilisateur API.",
        ),
        "ats.bullhorn.note_action": (
            "Note action (optional)",
            "Notitie-actie (optioneel)",
            "Action de la note (facultatif)",
        ),
        "ats.bullhorn.note_action.help": (
            "One of your Bullhorn note actions (commentActionList) for the check's note on the candidate.",
            "Een van uw Bullhorn-notitieacties (commentActionList) voor de notitie van de controle bij de kandidaat.",
            "Une des actions de note de votre Bullhorn (commentActionList) pour la note de la vérification sur le candidat.",
        ),
        "ats.bullhorn.note.link": (
            "precontract: eligibility check started by the recruiter; waiting for the candidate's approval. {url}",
            "precontract: controle gestart door de recruiter; wacht op de goedkeuring van de kandidaat. {url}",
            "precontract : vérification lancée par le recruteur ; en attente de l'accord du candidat. {url}",
        ),
        "ats.bullhorn.note.completed": (
            "precontract: check completed. {summary}",
            "precontract: controle afgerond. {summary}",
            "precontract : vérification terminée. {summary}",
        ),
        "ats.bullhorn.note.failed": (
            "precontract: check ended without data. {summary}",
            "precontract: controle beëindigd zonder gegevens. {summary}",
            "precontract : vérification terminée sans données. {summary}",
        ),
        "ats.bullhorn.note.canceled": (
            "precontract: check replaced by a newer one.",
            "precontract: controle vervangen door een nieuwere.",
            "precontract : vérification remplacée par une plus récente.",
        ),
        "ats.bullhorn.note.cleared": (
            "precontract: check done; its result is no longer shown (consultation window ended).",
            "precontract: controle uitgevoerd; het resultaat wordt niet meer getoond (raadplegingsperiode voorbij).",
            "precontract : vérification effectuée ; son résultat n'est plus affiché (période de consultation terminée).",
        ),
        "ats.bullhorn.proof.description": (
            "precontract: proof of the social security consultation (flexi-job / Student@work), a dated record; removed when its consultation window ends.",
            "precontract: bewijs van de raadpleging bij de sociale zekerheid (flexi-job / Student@work), een gedateerd verslag; verwijderd wanneer de raadplegingsperiode voorbij is.",
            "precontract : preuve de la consultation de la sécurité sociale (flexi-job / Student@work), un relevé daté ; supprimée à la fin de la période de consultation.",
        ),
        "ats.bullhorn.test.data_centre": (
            "Bullhorn's data centre for the API user: {url}",
            "Bullhorn-datacenter van de API-gebruiker: {url}",
            "Centre de données Bullhorn de l'utilisateur API : {url}",
        ),
        "ats.bullhorn.test.no_create": (
            "Bullhorn's API cannot create fields: add {name} in Bullhorn (Admin → Field Mappings).",
            "De Bullhorn-API kan geen velden aanmaken: voeg {name} toe in Bullhorn (Admin → Field Mappings).",
            "L'API Bullhorn ne peut pas créer de champs : ajoutez {name} dans Bullhorn (Admin → Field Mappings).",
        ),
        "ats.bullhorn.inbound_key.help": (
            "It is part of the tab's address below: paste that whole address in Bullhorn.",
            "Ze maakt deel uit van het adres van het tabblad hieronder: plak dat hele adres in Bullhorn.",
            "Elle fait partie de l'adresse de l'onglet ci-dessous : collez toute cette adresse dans Bullhorn.",
        ),
        "ats.bullhorn.url.tab": (
            "Custom tab / menu action URL",
            "URL van het aangepaste tabblad / menu-actie",
            "URL de l'onglet personnalisé / action de menu",
        ),
        "ats.bullhorn.url.hint": (
            "Bullhorn → Admin → View Layout → Candidate → Custom Tabs (or Menu Actions): paste this URL; Bullhorn adds the candidate's context.",
            "Bullhorn → Admin → View Layout → Candidate → Custom Tabs (of Menu Actions): plak deze URL; Bullhorn voegt de context van de kandidaat toe.",
            "Bullhorn → Admin → View Layout → Candidate → Custom Tabs (ou Menu Actions) : collez cette URL ; Bullhorn ajoute le contexte du candidat.",
        ),
        "ats.bullhorn.tab.title": (
            "Flexi-job and Student@work",
            "Flexi-job en Student@work",
            "Flexi-job et Student@work",
        ),
        "ats.bullhorn.tab.candidate": ("Candidate", "Kandidaat", "Candidat"),
        "ats.bullhorn.tab.employer": ("For employer", "Voor werkgever", "Pour l'employeur"),
        "ats.bullhorn.tab.check": (
            "Check eligibility",
            "Controleer in aanmerking komen",
            "Vérifier l'éligibilité",
        ),
        "ats.bullhorn.tab.recheck": ("Check again", "Opnieuw controleren", "Vérifier à nouveau"),
        "ats.bullhorn.tab.latest": ("Latest check", "Laatste controle", "Dernière vérification"),
        "ats.bullhorn.tab.open": ("Open the check", "Open de controle", "Ouvrir la vérification"),
        "ats.bullhorn.tab.explain": (
            "The applicant approves the request with their eID or itsme on the social security's site; the result then appears here and in the candidate's fields.",
            "De sollicitant keurt de aanvraag goed met eID of itsme op de site van de sociale zekerheid; het resultaat verschijnt daarna hier en in de velden van de kandidaat.",
            "Le candidat approuve la demande avec son eID ou itsme sur le site de la sécurité sociale ; le résultat apparaît ensuite ici et dans les champs du candidat.",
        ),
        "ats.bullhorn.tab.refused": (
            "This page cannot be shown",
            "Deze pagina kan niet getoond worden",
            "Cette page ne peut pas être affichée",
        ),
        "ats.bullhorn.tab.refused_text": (
            "The tab's address is not valid for this Bullhorn account. Ask your administrator to copy it again from the connector.",
            "Het adres van het tabblad is niet geldig voor deze Bullhorn-account. Vraag uw beheerder het opnieuw uit de connector te kopiëren.",
            "L'adresse de l'onglet n'est pas valable pour ce compte Bullhorn. Demandez à votre administrateur de la recopier depuis le connecteur.",
        ),
        "ats.bullhorn.tab.expired": (
            "This page was open too long or was already used: reload the tab and press the button again.",
            "Deze pagina stond te lang open of werd al gebruikt: herlaad het tabblad en druk opnieuw op de knop.",
            "Cette page est restée ouverte trop longtemps ou a déjà été utilisée : rechargez l'onglet et appuyez à nouveau sur le bouton.",
        ),
    }
)
