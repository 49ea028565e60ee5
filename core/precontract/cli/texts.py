"""What the ``precontract`` command says, in English, Dutch and French.

Registered in the shared catalogue (:mod:`precontract.i18n`) under ``cli.*`` and ``demo.*``; the
command's ``--help`` texts stay English, like the code.
"""

from __future__ import annotations

from typing import Any

from precontract.i18n import Language, register, translate

__all__ = ["t"]

_TEXTS: dict[str, tuple[str, str, str]] = {  # en, nl, fr
    # --- errors and exit ----------------------------------------------------------------------
    "cli.error": ("Error: {message}", "Fout: {message}", "Erreur : {message}"),
    "cli.unexpected": (
        "Unexpected error ({detail}). Run again with --debug to see where it happened.",
        "Onverwachte fout ({detail}). Voer opnieuw uit met --debug om te zien waar ze optrad.",
        "Erreur inattendue ({detail}). Relancez avec --debug pour voir où elle s'est produite.",
    ),
    "cli.interrupted": ("Interrupted.", "Onderbroken.", "Interrompu."),
    "cli.retrying": (
        "The social security services did not answer as expected; trying again ({n} of {total}) "
        "in {seconds} s…",
        "De diensten van de sociale zekerheid antwoordden niet zoals verwacht; nieuwe poging "
        "({n} van {total}) over {seconds} s…",
        "Les services de la sécurité sociale n'ont pas répondu comme prévu ; nouvel essai "
        "({n} sur {total}) dans {seconds} s…",
    ),
    "cli.bad_date": (
        "{option}: “{value}” is not a date; type it as 15/01/2027 (or 2027-01-15).",
        "{option}: “{value}” is geen datum; typ ze als 15/01/2027 (of 2027-01-15).",
        "{option} : « {value} » n'est pas une date ; tapez-la comme 15/01/2027 (ou 2027-01-15).",
    ),
    "cli.not_pending": (
        "Access request {request_id} is no longer pending ({status}): there is nothing to cancel.",
        "Toegangsaanvraag {request_id} staat niet meer open ({status}): er valt niets te annuleren.",
        "La demande d'accès {request_id} n'est plus en attente ({status}) : il n'y a rien à annuler.",
    ),
    "cli.port_busy": (
        "Port {port} on {host} is already in use (another sandbox?): stop it or choose another "
        "port with --port.",
        "Poort {port} op {host} is al in gebruik (nog een sandbox?): stop die of kies een andere "
        "poort met --port.",
        "Le port {port} sur {host} est déjà utilisé (un autre bac à sable ?) : arrêtez-le ou "
        "choisissez un autre port avec --port.",
    ),
    "cli.address_unusable": (
        "The sandbox cannot listen on {host} port {port}: choose an address of this computer "
        "(--host) and a free port (--port).",
        "De sandbox kan niet luisteren op {host} poort {port}: kies een adres van deze computer "
        "(--host) en een vrije poort (--port).",
        "Le bac à sable ne peut pas écouter sur {host} port {port} : choisissez une adresse de "
        "cet ordinateur (--host) et un port libre (--port).",
    ),
    "cli.sandbox_unreachable": (
        "No sandbox answered at {url}: start one with `precontract sandbox`, or give its address "
        "with --url.",
        "Op {url} antwoordt geen sandbox: start er een met `precontract sandbox`, of geef het "
        "adres met --url.",
        "Aucun bac à sable ne répond à {url} : lancez-en un avec `precontract sandbox`, ou "
        "donnez son adresse avec --url.",
    ),
    "cli.sandbox_no_controls": (
        "The sandbox at {url} has its test controls switched off (--no-controls): restart it "
        "without that option to register a client.",
        "De sandbox op {url} heeft zijn testbediening uitgeschakeld (--no-controls): start hem "
        "opnieuw zonder die optie om een client te registreren.",
        "Le bac à sable à {url} a ses commandes de test désactivées (--no-controls) : "
        "relancez-le sans cette option pour enregistrer un client.",
    ),
    "cli.sandbox_registration_refused": (
        "The sandbox at {url} refused the registration (error {status}): check the certificate "
        "and the client ID.",
        "De sandbox op {url} weigerde de registratie (fout {status}): kijk het certificaat en de "
        "client-ID na.",
        "Le bac à sable à {url} a refusé l'enregistrement (erreur {status}) : vérifiez le "
        "certificat et l'identifiant client.",
    ),
    "cli.sandbox_file_exists": (
        "{path} already exists: choose another folder with --output-dir, or register that "
        "certificate with --certificate-file.",
        "{path} bestaat al: kies een andere map met --output-dir, of registreer dat certificaat "
        "met --certificate-file.",
        "{path} existe déjà : choisissez un autre dossier avec --output-dir, ou enregistrez ce "
        "certificat avec --certificate-file.",
    ),
    "cli.sandbox_registered": (
        "Registered with the sandbox {url}: client ID {client_id}",
        "Geregistreerd bij de sandbox {url}: client-ID {client_id}",
        "Enregistré auprès du bac à sable {url} : identifiant client {client_id}",
    ),
    "cli.sandbox_new_files": (
        "New key and certificate: {key_file} (keep it private) and {certificate}",
        "Nieuwe sleutel en certificaat: {key_file} (houd hem geheim) en {certificate}",
        "Nouvelle clé et certificat : {key_file} (gardez-la secrète) et {certificate}",
    ),
    "cli.sandbox_settings": (
        "For your configuration file (precontract.toml):",
        "Voor uw configuratiebestand (precontract.toml):",
        "Pour votre fichier de configuration (precontract.toml) :",
    ),
    "cli.host_unknown": (
        "{host} is not an address of this computer: use 127.0.0.1, 0.0.0.0 or this computer's "
        "address with --host.",
        "{host} is geen adres van deze computer: gebruik 127.0.0.1, 0.0.0.0 of het adres van "
        "deze computer met --host.",
        "{host} n'est pas une adresse de cet ordinateur : utilisez 127.0.0.1, 0.0.0.0 ou "
        "l'adresse de cet ordinateur avec --host.",
    ),
    "cli.sandbox_missing": (
        "The sandbox is not installed: install the project with its sandbox extra "
        "(pip install 'precontract[sandbox]').",
        "De sandbox is niet geïnstalleerd: installeer het project met de extra sandbox "
        "(pip install 'precontract[sandbox]').",
        "Le bac à sable n'est pas installé : installez le projet avec l'extra sandbox "
        "(pip install 'precontract[sandbox]').",
    ),
    # --- labels -------------------------------------------------------------------------------
    "cli.applicant": ("Applicant", "Sollicitant", "Candidat"),
    "cli.employer": ("Employer", "Werkgever", "Employeur"),
    "cli.requester": ("Requester", "Aanvrager", "Demandeur"),
    "cli.niss": ("NISS", "INSZ", "NISS"),
    "cli.status": ("Status", "Status", "Statut"),
    "cli.request": ("Access request", "Toegangsaanvraag", "Demande d'accès"),
    "cli.mandate": ("Mandate", "Mandaat", "Mandat"),
    "cli.granted_at": ("Granted", "Verleend", "Accordé"),
    "cli.flexi_until": ("Flexi until", "Flexi tot", "Flexi jusqu'au"),
    "cli.student_until": ("Student until", "Student tot", "Étudiant jusqu'au"),
    "cli.field": ("Field", "Veld", "Champ"),
    "cli.when": ("When", "Wanneer", "Quand"),
    "cli.action": ("Action", "Actie", "Action"),
    "cli.result": ("Result", "Resultaat", "Résultat"),
    "cli.value": ("Value", "Waarde", "Valeur"),
    "cli.setting": ("Setting", "Instelling", "Paramètre"),
    "cli.source": ("Source", "Bron", "Source"),
    "cli.fields_title": (
        "What the applicant's file shows",
        "Wat het dossier van de sollicitant toont",
        "Ce que montre le dossier du candidat",
    ),
    "cli.warning": ("Warning", "Waarschuwing", "Avertissement"),
    "cli.approval_link": (
        "Approval link: {url}",
        "Goedkeuringslink: {url}",
        "Lien d'approbation : {url}",
    ),
    "cli.approve_before": (
        "Approve before: {moment}",
        "Goed te keuren vóór: {moment}",
        "À approuver avant : {moment}",
    ),
    "cli.qr_saved": (
        "QR code saved as {path}",
        "QR-code bewaard als {path}",
        "Code QR enregistré sous {path}",
    ),
    "cli.proof_saved": (
        "Proof of this consultation saved as {path}",
        "Bewijs van deze raadpleging bewaard als {path}",
        "Preuve de cette consultation enregistrée sous {path}",
    ),
    "cli.no_proof": (
        "No proof saved: this check read no data.",
        "Geen bewijs bewaard: deze controle heeft geen gegevens geraadpleegd.",
        "Aucune preuve enregistrée : cette vérification n'a lu aucune donnée.",
    ),
    "cli.qr_caption": (
        "Scan to approve ({name})",
        "Scan om goed te keuren ({name})",
        "Scannez pour approuver ({name})",
    ),
    "cli.accept_hint": (
        "Nothing was read. If this person is the applicant, check again with "
        "--accept-approver (or give the applicant's NISS); otherwise start a new request.",
        "Er werd niets gelezen. Is deze persoon de sollicitant, controleer dan opnieuw met "
        "--accept-approver (of geef het INSZ van de sollicitant); anders start u een nieuwe "
        "aanvraag.",
        "Rien n'a été lu. Si cette personne est le candidat, vérifiez à nouveau avec "
        "--accept-approver (ou donnez le NISS du candidat) ; sinon lancez une nouvelle demande.",
    ),
    "cli.store_state": (
        "To resume later, keep: {state}",
        "Om later verder te gaan, bewaar: {state}",
        "Pour reprendre plus tard, gardez : {state}",
    ),
    "cli.request_created": (
        "Access request {request_id} created; the applicant must approve it before {expires}.",
        "Toegangsaanvraag {request_id} aangemaakt; de sollicitant moet ze goedkeuren vóór {expires}.",
        "Demande d'accès {request_id} créée ; le candidat doit l'approuver avant le {expires}.",
    ),
    "cli.request_approved": (
        "The applicant approved the request: mandate {mandate_id}. Run `precontract check` to read the data.",
        "De sollicitant keurde de aanvraag goed: mandaat {mandate_id}. Voer `precontract check` uit om de gegevens te lezen.",
        "Le candidat a approuvé la demande : mandat {mandate_id}. Lancez `precontract check` pour lire les données.",
    ),
    "cli.request_cancelled": (
        "Access request {request_id} was cancelled: its link and QR code no longer work.",
        "Toegangsaanvraag {request_id} werd geannuleerd: de link en QR-code werken niet meer.",
        "La demande d'accès {request_id} a été annulée : son lien et son code QR ne fonctionnent plus.",
    ),
    "cli.no_mandates": (
        "No mandates found for employer {employer}.",
        "Geen mandaten gevonden voor werkgever {employer}.",
        "Aucun mandat trouvé pour l'employeur {employer}.",
    ),
    "cli.mandates_title": (
        "Mandates for employer {employer}",
        "Mandaten voor werkgever {employer}",
        "Mandats pour l'employeur {employer}",
    ),
    "cli.config_title": (
        "Configuration ({environment})",
        "Configuratie ({environment})",
        "Configuration ({environment})",
    ),
    # --- the demo -----------------------------------------------------------------------------
    "demo.title": (
        "precontract: a tour of the flexi-job and Student@work check",
        "precontract: een rondleiding door de flexi-job- en Student@work-controle",
        "precontract : visite guidée de la vérification flexi-job et Student@work",
    ),
    "demo.intro": (
        "A recruiter wants to know, before the contract, whether an applicant may work as a "
        "flexi-jobber and how many student hours are left. The NSSO answers once the applicant "
        "grants a citizen mandate. Everything below runs against the embedded sandbox: no social "
        "security account is needed.",
        "Een recruiter wil vóór het contract weten of een sollicitant als flexi-jobber mag werken "
        "en hoeveel studentenuren er nog over zijn. De RSZ antwoordt zodra de sollicitant een "
        "burgermandaat geeft. Alles hieronder draait tegen de ingebouwde sandbox: er is geen "
        "account bij de sociale zekerheid nodig.",
        "Un recruteur veut savoir, avant le contrat, si un candidat peut travailler en flexi-job "
        "et combien d'heures étudiant il lui reste. L'ONSS répond dès que le candidat accorde un "
        "mandat citoyen. Tout ce qui suit tourne sur le bac à sable intégré : aucun compte auprès "
        "de la sécurité sociale n'est nécessaire.",
    ),
    "demo.step": (
        "Step {n} of {total}: {title}",
        "Stap {n} van {total}: {title}",
        "Étape {n} sur {total} : {title}",
    ),
    "demo.step.sandbox": (
        "start the sandbox",
        "de sandbox starten",
        "démarrer le bac à sable",
    ),
    "demo.sandbox_started": (
        "The sandbox plays the social security APIs and the citizen portal at {url}.",
        "De sandbox speelt de API's van de sociale zekerheid en het burgerportaal op {url}.",
        "Le bac à sable joue les API de la sécurité sociale et le portail citoyen sur {url}.",
    ),
    "demo.phone_hint": (
        "To approve with a phone, run the demo with --host 0.0.0.0: the links then name this "
        "computer's address on your network.",
        "Om met een gsm goed te keuren, start de demo met --host 0.0.0.0: de links gebruiken "
        "dan het adres van deze computer op uw netwerk.",
        "Pour approuver avec un téléphone, lancez la démo avec --host 0.0.0.0 : les liens "
        "utilisent alors l'adresse de cet ordinateur sur votre réseau.",
    ),
    "demo.phone_ready": (
        "A phone on the same network (Wi-Fi) can open the links and scan the QR codes: {url}",
        "Een gsm op hetzelfde netwerk (wifi) kan de links openen en de QR-codes scannen: {url}",
        "Un téléphone sur le même réseau (Wi-Fi) peut ouvrir les liens et scanner les codes "
        "QR : {url}",
    ),
    "demo.no_network": (
        "This computer has no network address a phone could reach: give it with --host (for "
        "example --host 192.168.1.20), or leave --host out to run the demo on this computer only.",
        "Deze computer heeft geen netwerkadres dat een gsm kan bereiken: geef het op met --host "
        "(bijvoorbeeld --host 192.168.1.20), of laat --host weg om de demo alleen op deze "
        "computer te draaien.",
        "Cet ordinateur n'a pas d'adresse réseau qu'un téléphone pourrait joindre : indiquez-la "
        "avec --host (par exemple --host 192.168.1.20), ou omettez --host pour lancer la démo "
        "sur cet ordinateur seulement.",
    ),
    "demo.step.account": (
        "register a REST account",
        "een REST-account registreren",
        "enregistrer un compte REST",
    ),
    "demo.account": (
        "A new RSA key and its self-signed certificate were made in memory; the certificate was "
        "registered for client ID {client_id}, as an access manager does in Chaman. The key is "
        "never shown or written to disk.",
        "Een nieuwe RSA-sleutel en zijn zelfondertekend certificaat werden in het geheugen "
        "gemaakt; het certificaat werd geregistreerd voor client-ID {client_id}, zoals een "
        "toegangsbeheerder dat in Chaman doet. De sleutel wordt nooit getoond of weggeschreven.",
        "Une nouvelle clé RSA et son certificat auto-signé ont été créés en mémoire ; le "
        "certificat a été enregistré pour l'identifiant client {client_id}, comme le fait un "
        "gestionnaire d'accès dans Chaman. La clé n'est jamais affichée ni écrite sur disque.",
    ),
    "demo.account_parties": (
        "Requester {requester}, employer {employer}.",
        "Aanvrager {requester}, werkgever {employer}.",
        "Demandeur {requester}, employeur {employer}.",
    ),
    "demo.step.connection": (
        "test the connection",
        "de verbinding testen",
        "tester la connexion",
    ),
    "demo.step.applicant": (
        "check {name}",
        "{name} controleren",
        "vérifier {name}",
    ),
    "demo.persona": (
        "{name} ({niss}): {description}",
        "{name} ({niss}): {description}",
        "{name} ({niss}) : {description}",
    ),
    "demo.persona.flexi_worker": (
        "works 4/5 for another employer, so eligible for a flexi-job.",
        "werkt 4/5 bij een andere werkgever, dus komt in aanmerking voor een flexi-job.",
        "travaille à 4/5 chez un autre employeur, donc éligible au flexi-job.",
    ),
    "demo.persona.student_few_hours": (
        "a student who worked a lot this year: few hours left.",
        "een student die dit jaar veel werkte: nog weinig uren over.",
        "un étudiant qui a beaucoup travaillé cette année : peu d'heures restantes.",
    ),
    "demo.persona.student_and_flexi": (
        "a student who also works 4/5: flexi-eligible, with student hours left.",
        "een student die ook 4/5 werkt: komt in aanmerking voor flexi, met studentenuren over.",
        "un étudiant qui travaille aussi à 4/5 : éligible au flexi, avec des heures étudiant restantes.",
    ),
    "demo.press": (
        "The recruiter presses “Check flexi/student eligibility”.",
        "De recruiter drukt op “Flexi/student controleren”.",
        "Le recruteur clique sur « Vérifier flexi/étudiant ».",
    ),
    "demo.planned_start": (
        "Planned start: {date}.",
        "Geplande start: {date}.",
        "Début prévu : {date}.",
    ),
    "demo.show_qr": (
        "The recruiter shows this QR code; {name} scans it with a phone:",
        "De recruiter toont deze QR-code; {name} scant hem met de gsm:",
        "Le recruteur montre ce code QR ; {name} le scanne avec son téléphone :",
    ),
    "demo.approving": (
        "{name} signs in on the citizen portal and approves (simulated by the sandbox).",
        "{name} meldt zich aan op het burgerportaal en keurt goed (gesimuleerd door de sandbox).",
        "{name} se connecte au portail citoyen et approuve (simulé par le bac à sable).",
    ),
    "demo.waiting": (
        "Open the link (or scan the code), sign in as {name} and approve. Waiting…",
        "Open de link (of scan de code), meld je aan als {name} en keur goed. Even wachten…",
        "Ouvrez le lien (ou scannez le code), connectez-vous en tant que {name} et approuvez. En attente…",
    ),
    "demo.check_again": (
        "The recruiter checks again: the mandate is active, so the data is read in the same call.",
        "De recruiter controleert opnieuw: het mandaat is actief, dus de gegevens worden meteen gelezen.",
        "Le recruteur vérifie à nouveau : le mandat est actif, les données sont lues dans le même appel.",
    ),
    "demo.step.revoke": (
        "the applicant withdraws access",
        "de sollicitant trekt de toegang in",
        "le candidat retire l'accès",
    ),
    "demo.revoking": (
        "{name} revokes the mandate on the citizen portal. The recruiter checks again:",
        "{name} trekt het mandaat in op het burgerportaal. De recruiter controleert opnieuw:",
        "{name} révoque le mandat sur le portail citoyen. Le recruteur vérifie à nouveau :",
    ),
    "demo.cleared": (
        "The applicant's file no longer shows the data: {status}.",
        "Het dossier van de sollicitant toont de gegevens niet meer: {status}.",
        "Le dossier du candidat n'affiche plus les données : {status}.",
    ),
    "demo.step.invalid": (
        "a mistyped NISS",
        "een verkeerd getypt INSZ",
        "un NISS mal saisi",
    ),
    "demo.invalid": (
        "A recruiter mistypes the last digit of {name}'s NISS ({niss}: numbers stay masked on "
        "screen). The check digits no longer match, so the number is refused before any call "
        "goes out:",
        "Een recruiter tikt het laatste cijfer van het INSZ van {name} verkeerd ({niss}: nummers "
        "blijven gemaskeerd op het scherm). De controlecijfers kloppen dan niet meer, dus het "
        "nummer wordt geweigerd nog vóór er een oproep vertrekt:",
        "Un recruteur se trompe dans le dernier chiffre du NISS de {name} ({niss} : les numéros "
        "restent masqués à l'écran). Les chiffres de contrôle ne correspondent plus, le numéro est "
        "donc refusé avant tout appel :",
    ),
    "demo.step.expiry": (
        "time passes",
        "de tijd verstrijkt",
        "le temps passe",
    ),
    "demo.expiry": (
        "{days} days later (the sandbox clock moves on). The expiry rule runs on what the "
        "recruiter's system kept for {name}:",
        "{days} dagen later (de klok van de sandbox schuift op). De vervalregel loopt op wat het "
        "systeem van de recruiter voor {name} bewaarde:",
        "{days} jours plus tard (l'horloge du bac à sable avance). La règle d'expiration "
        "s'applique à ce que le système du recruteur a gardé pour {name} :",
    ),
    "demo.expiry_result": (
        "Cleared: {cleared}. Still shown: {kept}.",
        "Leeggemaakt: {cleared}. Nog getoond: {kept}.",
        "Vidé : {cleared}. Encore affiché : {kept}.",
    ),
    "demo.nothing": ("nothing", "niets", "rien"),
    "demo.step.audit": (
        "the audit trail",
        "het auditlogboek",
        "le journal d'audit",
    ),
    "demo.audit": (
        "{count} events were recorded in {path}, the NISS masked:",
        "{count} gebeurtenissen werden vastgelegd in {path}, met gemaskeerd INSZ:",
        "{count} événements ont été enregistrés dans {path}, NISS masqué :",
    ),
    "demo.done": (
        "Tour complete. Keep a sandbox running with `precontract sandbox` and try the portal in a "
        "browser; `precontract check --help` shows how scripts use the same workflow.",
        "Rondleiding voltooid. Houd een sandbox draaiende met `precontract sandbox` en probeer het "
        "portaal in een browser; `precontract check --help` toont hoe scripts dezelfde workflow gebruiken.",
        "Visite terminée. Gardez un bac à sable actif avec `precontract sandbox` et essayez le "
        "portail dans un navigateur ; `precontract check --help` montre comment les scripts "
        "utilisent le même flux.",
    ),
    "demo.files": (
        "Files of this tour (QR codes, a PDF proof per applicant, audit trail): {path}",
        "Bestanden van deze rondleiding (QR-codes, een pdf-bewijs per sollicitant, auditlogboek): {path}",
        "Fichiers de cette visite (codes QR, une preuve PDF par candidat, journal d'audit) : {path}",
    ),
    "demo.timeout": (
        "No answer from {name} in time; the tour goes on.",
        "Geen antwoord van {name} op tijd; de rondleiding gaat verder.",
        "Pas de réponse de {name} à temps ; la visite continue.",
    ),
}

for _key, (_en, _nl, _fr) in _TEXTS.items():
    register(_key, {"en": _en, "nl": _nl, "fr": _fr})


def t(key: str, lang: Language | str, **params: Any) -> str:
    """Shorthand for :func:`precontract.i18n.translate`."""
    return translate(key, lang, **params)
