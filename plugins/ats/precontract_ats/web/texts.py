"""The texts of the connector's pages, in English, Dutch and French (registered at import)."""

from __future__ import annotations

from precontract_ats.ats.base import register_texts

__all__: list[str] = []

_TEXTS: dict[str, tuple[str, str, str]] = {
    # --- frame ----------------------------------------------------------------------------
    "app.name": ("precontract connector", "precontract-connector", "connecteur precontract"),
    "app.connector": ("connector", "connector", "connecteur"),
    "app.dev_mode": (
        "DEVELOPMENT MODE: secrets are protected by a local key file only. Never use this mode in production.",
        "ONTWIKKELMODUS: geheimen worden enkel met een lokaal sleutelbestand beschermd. Gebruik deze modus nooit in productie.",
        "MODE DÉVELOPPEMENT : les secrets ne sont protégés que par un fichier de clé local. N'utilisez jamais ce mode en production.",
    ),
    "nav.label": ("Main menu", "Hoofdmenu", "Menu principal"),
    "nav.tenants": ("Tenants", "Klanten", "Clients"),
    "nav.checks": ("Checks", "Controles", "Vérifications"),
    "nav.audit": ("Audit log", "Auditlogboek", "Journal d'audit"),
    "tenant.archive": ("Archive", "Archiveren", "Archiver"),
    "connection.archive": ("Archive", "Archiveren", "Archiver"),
    "done.tenant_archived": (
        "The tenant was archived: its connections no longer answer the ATSs; its checks and "
        "audit trail are kept.",
        "De klant werd gearchiveerd: zijn koppelingen antwoorden de ATS'en niet meer; zijn "
        "controles en audittrail blijven bewaard.",
        "Le client a été archivé : ses connexions ne répondent plus aux ATS ; ses vérifications et "
        "son journal d'audit sont conservés.",
    ),
    "done.connection_archived": (
        "The connection was archived: the ATS's calls are refused from now on.",
        "De koppeling werd gearchiveerd: de oproepen van het ATS worden voortaan geweigerd.",
        "La connexion a été archivée : les appels de l'ATS sont désormais refusés.",
    ),
    "nav.parked": ("Parked", "Geparkeerd", "En attente d'un opérateur"),
    "parked.title": ("Parked work", "Geparkeerd werk", "Travail en attente d'un opérateur"),
    "parked.intro": (
        "Checks and write-backs the workers stopped retrying after too many failures in a row. "
        "Fix the cause, then retry; drop what is no longer needed.",
        "Controles en terugschrijvingen die de workers niet meer herhalen na te veel mislukkingen "
        "op rij. Verhelp de oorzaak en probeer opnieuw; laat vallen wat niet meer nodig is.",
        "Vérifications et réécritures que les workers ne réessaient plus après trop d'échecs "
        "d'affilée. Corrigez la cause puis réessayez ; abandonnez ce qui n'est plus utile.",
    ),
    "parked.what": ("What", "Wat", "Quoi"),
    "parked.error": ("Last error", "Laatste fout", "Dernière erreur"),
    "parked.kind_check": ("Check", "Controle", "Vérification"),
    "parked.kind_write-back": ("Write-back", "Terugschrijving", "Réécriture"),
    "parked.failures": ("{n} failures", "{n} mislukkingen", "{n} échecs"),
    "parked.retry": ("Retry", "Opnieuw", "Réessayer"),
    "parked.drop": ("Drop", "Laten vallen", "Abandonner"),
    "parked.empty": ("Nothing is parked", "Niets geparkeerd", "Rien en attente"),
    "done.parked_retry": (
        "It will be tried again within seconds.",
        "Het wordt binnen enkele seconden opnieuw geprobeerd.",
        "Ce sera retenté dans quelques secondes.",
    ),
    "done.parked_drop": ("It was dropped.", "Het werd laten vallen.", "C'est abandonné."),
    "nav.sign_out": ("Sign out", "Afmelden", "Se déconnecter"),
    "language.nl": ("Dutch", "Nederlands", "Néerlandais"),
    "language.fr": ("French", "Frans", "Français"),
    "language.en": ("English", "Engels", "Anglais"),
    "env.sandbox": ("Sandbox", "Sandbox", "Bac à sable"),
    "env.acceptance": ("Acceptance", "Acceptatie", "Acceptation"),
    "env.production": ("Production", "Productie", "Production"),
    # --- forms ----------------------------------------------------------------------------
    "form.save": ("Save", "Opslaan", "Enregistrer"),
    "form.cancel": ("Cancel", "Annuleren", "Annuler"),
    "form.back": ("Back", "Terug", "Retour"),
    "form.remove": ("Remove", "Verwijderen", "Supprimer"),
    "form.filter": ("Show", "Tonen", "Afficher"),
    "form.optional": ("optional", "optioneel", "facultatif"),
    "form.copy": ("Copy", "Kopiëren", "Copier"),
    "form.copied": ("Copied", "Gekopieerd", "Copié"),
    "form.secret_stored": ("•••••••• stored", "•••••••• bewaard", "•••••••• enregistré"),
    "form.secret_keep": (
        "Leave empty to keep the stored value.",
        "Laat leeg om de bewaarde waarde te behouden.",
        "Laissez vide pour garder la valeur enregistrée.",
    ),
    "form.invalid": (
        "This is not valid: {detail}",
        "Dit is niet geldig: {detail}",
        "Ceci n'est pas valide : {detail}",
    ),
    "error.not_found": ("Not found", "Niet gevonden", "Introuvable"),
    "error.not_found_text": (
        "This page does not exist (any more).",
        "Deze pagina bestaat niet (meer).",
        "Cette page n'existe pas (ou plus).",
    ),
    "error.csrf": ("The form expired", "Het formulier is verlopen", "Le formulaire a expiré"),
    "error.csrf_text": (
        "For your safety the form could not be accepted. Go back, reload the page and try again.",
        "Voor uw veiligheid kon het formulier niet aanvaard worden. Ga terug, herlaad de pagina en probeer opnieuw.",
        "Pour votre sécurité, le formulaire n'a pas pu être accepté. Revenez en arrière, rechargez la page et réessayez.",
    ),
    # --- sign-in --------------------------------------------------------------------------
    "login.title": ("Sign in", "Aanmelden", "Connexion"),
    "login.username": ("User name", "Gebruikersnaam", "Nom d'utilisateur"),
    "login.password": ("Password", "Wachtwoord", "Mot de passe"),
    "login.submit": ("Sign in", "Aanmelden", "Se connecter"),
    "login.hint": (
        "No account yet? The operator creates one with `precontract connector create-admin`.",
        "Nog geen account? De beheerder maakt er een aan met `precontract connector create-admin`.",
        "Pas encore de compte ? L'exploitant en crée un avec `precontract connector create-admin`.",
    ),
    "login.wrong": (
        "The user name or the password is not right.",
        "De gebruikersnaam of het wachtwoord klopt niet.",
        "Le nom d'utilisateur ou le mot de passe est incorrect.",
    ),
    "login.locked": (
        "Too many failed attempts: signing in is blocked until {when}.",
        "Te veel mislukte pogingen: aanmelden is geblokkeerd tot {when}.",
        "Trop de tentatives échouées : la connexion est bloquée jusqu'à {when}.",
    ),
    "login.expired": (
        "The sign-in form expired: please try again.",
        "Het aanmeldformulier is verlopen: probeer opnieuw.",
        "Le formulaire de connexion a expiré : veuillez réessayer.",
    ),
    # --- done messages --------------------------------------------------------------------
    "done.tenant_created": (
        "The tenant was created. Next: upload its client ID and certificate.",
        "De klant werd aangemaakt. Volgende stap: laad de client-ID en het certificaat op.",
        "Le client a été créé. Étape suivante : chargez son identifiant client et son certificat.",
    ),
    "done.saved": ("Saved.", "Opgeslagen.", "Enregistré."),
    "done.credentials_saved": (
        'The credentials were checked and saved. Press "Test connection" to try them.',
        'De gegevens werden nagekeken en opgeslagen. Druk op "Verbinding testen" om ze te proberen.',
        "Les identifiants ont été vérifiés et enregistrés. Appuyez sur « Tester la connexion » pour les essayer.",
    ),
    "done.tested": (
        "The connection was tested: see the result below.",
        "De verbinding werd getest: zie het resultaat hieronder.",
        "La connexion a été testée : voyez le résultat ci-dessous.",
    ),
    "done.test_failed": (
        "The connection test failed: see below what to fix.",
        "De verbindingstest mislukte: zie hieronder wat u moet aanpassen.",
        "Le test de connexion a échoué : voyez ci-dessous ce qu'il faut corriger.",
    ),
    "done.sandbox_registered": (
        'The client ID and certificate are registered in the sandbox. Press "Test connection" to try them.',
        'De client-ID en het certificaat zijn geregistreerd in de sandbox. Druk op "Verbinding testen" om ze te proberen.',
        "L'identifiant client et le certificat sont enregistrés dans le bac à sable. Appuyez sur « Tester la connexion » pour les essayer.",
    ),
    "creds.sandbox_title": ("Sandbox", "Sandbox", "Bac à sable"),
    "creds.sandbox_help": (
        "There is no Chaman in the sandbox: register the client ID and certificate with the sandbox {url} itself. Without uploaded credentials, a new key and certificate are made and kept here.",
        "In de sandbox is er geen Chaman: registreer de client-ID en het certificaat bij de sandbox {url} zelf. Zonder opgeladen gegevens worden een nieuwe sleutel en een nieuw certificaat gemaakt en hier bewaard.",
        "Il n'y a pas de Chaman dans le bac à sable : enregistrez l'identifiant client et le certificat auprès du bac à sable {url} lui-même. Sans identifiants chargés, une nouvelle clé et un nouveau certificat sont créés et gardés ici.",
    ),
    "creds.sandbox_register": (
        "Register in sandbox",
        "Registreren in sandbox",
        "Enregistrer dans le bac à sable",
    ),
    "done.employer_added": (
        "The employer was added.",
        "De werkgever werd toegevoegd.",
        "L'employeur a été ajouté.",
    ),
    "done.employer_removed": (
        "The employer was removed.",
        "De werkgever werd verwijderd.",
        "L'employeur a été supprimé.",
    ),
    "done.connection_created": (
        "The connection was created. Now point the ATS to the addresses below.",
        "De koppeling werd aangemaakt. Wijs het ATS nu naar de adressen hieronder.",
        "La connexion a été créée. Indiquez maintenant à l'ATS les adresses ci-dessous.",
    ),
    "done.key_regenerated": (
        "A new key was made: the old one no longer works.",
        "Er werd een nieuwe sleutel gemaakt: de oude werkt niet meer.",
        "Une nouvelle clé a été créée : l'ancienne ne fonctionne plus.",
    ),
    "done.mapping_saved": (
        "The field mapping was saved.",
        "De veldkoppeling werd opgeslagen.",
        "La correspondance des champs a été enregistrée.",
    ),
    "done.retry_queued": (
        "The write-back will be tried again within seconds.",
        "De terugschrijving wordt binnen enkele seconden opnieuw geprobeerd.",
        "La réécriture sera retentée dans quelques secondes.",
    ),
    # --- tenants --------------------------------------------------------------------------
    "tenants.title": ("Tenants", "Klanten", "Clients"),
    "tenants.intro": (
        "Each tenant is an organisation with a REST account at the social security (a client ID and a certificate from Chaman).",
        "Elke klant is een organisatie met een REST-account bij de sociale zekerheid (een client-ID en een certificaat uit Chaman).",
        "Chaque client est une organisation avec un compte REST auprès de la sécurité sociale (un identifiant client et un certificat de Chaman).",
    ),
    "tenants.new": ("New tenant", "Nieuwe klant", "Nouveau client"),
    "tenants.connections": ("ATS connections", "ATS-koppelingen", "Connexions ATS"),
    "tenants.empty": ("No tenants yet", "Nog geen klanten", "Pas encore de clients"),
    "tenants.empty_hint": (
        "Create the first one: its name, its enterprise number and the environment (start with the sandbox).",
        "Maak de eerste aan: de naam, het ondernemingsnummer en de omgeving (begin met de sandbox).",
        "Créez le premier : son nom, son numéro d'entreprise et l'environnement (commencez par le bac à sable).",
    ),
    "tenant.name": ("Name", "Naam", "Nom"),
    "tenant.name_placeholder": (
        "e.g. Roos Pokébowl BV",
        "bv. Roos Pokébowl BV",
        "p. ex. Roos Pokébowl SRL",
    ),
    "tenant.requester": (
        "Requester enterprise number",
        "Ondernemingsnummer van de aanvrager",
        "Numéro d'entreprise du demandeur",
    ),
    "tenant.requester_help": (
        "The KBO/BCE number of the organisation holding the REST account (employer, social secretariat or recruitment bureau).",
        "Het KBO-nummer van de organisatie met de REST-account (werkgever, sociaal secretariaat of selectiekantoor).",
        "Le numéro BCE de l'organisation titulaire du compte REST (employeur, secrétariat social ou bureau de recrutement).",
    ),
    "tenant.environment": ("Environment", "Omgeving", "Environnement"),
    "tenant.environment_help": (
        "Sandbox: our simulator, for trying things out. Acceptance: the social security's test platform. Production: real data.",
        "Sandbox: onze simulator, om uit te proberen. Acceptatie: het testplatform van de sociale zekerheid. Productie: echte gegevens.",
        "Bac à sable : notre simulateur, pour essayer. Acceptation : la plateforme de test de la sécurité sociale. Production : données réelles.",
    ),
    "tenant.sandbox_url": ("Sandbox address", "Sandbox-adres", "Adresse du bac à sable"),
    "tenant.sandbox_url_help": (
        "Only for the sandbox environment; empty means http://127.0.0.1:8765.",
        "Enkel voor de sandbox-omgeving; leeg betekent http://127.0.0.1:8765.",
        "Uniquement pour le bac à sable ; vide signifie http://127.0.0.1:8765.",
    ),
    "tenant.form_intro": (
        "The organisation whose REST account the checks use.",
        "De organisatie met wiens REST-account de controles gebeuren.",
        "L'organisation dont le compte REST sert aux vérifications.",
    ),
    "tenant.edit": ("Edit tenant", "Klant bewerken", "Modifier le client"),
    "tenant.credentials": ("Certificate", "Certificaat", "Certificat"),
    "tenant.credentials_until": (
        "valid until {date}",
        "geldig tot {date}",
        "valable jusqu'au {date}",
    ),
    "tenant.credentials_missing": ("not uploaded", "niet opgeladen", "non chargé"),
    "tenant.last_test": ("Connection", "Verbinding", "Connexion"),
    "tenant.never_tested": ("not tested", "niet getest", "non testée"),
    "tenant.test_ok": ("works", "werkt", "fonctionne"),
    "tenant.test_failed": ("failed", "mislukt", "échec"),
    # --- credentials ----------------------------------------------------------------------
    "creds.title": (
        "Client ID and certificate",
        "Client-ID en certificaat",
        "Identifiant client et certificat",
    ),
    "creds.client_id": ("Client ID", "Client-ID", "Identifiant client"),
    "creds.client_id_help": (
        "Chaman shows it for the REST webservice account: self_service_chaman_<digits>_<letters>.",
        "Chaman toont hem bij de REST-webservice-account: self_service_chaman_<cijfers>_<letters>.",
        "Chaman l'affiche pour le compte de service web REST : self_service_chaman_<chiffres>_<lettres>.",
    ),
    "creds.certificate": ("Certificate", "Certificaat", "Certificat"),
    "creds.valid_until": ("Valid until", "Geldig tot", "Valable jusqu'au"),
    "creds.kind": ("Uploaded as", "Opgeladen als", "Chargé comme"),
    "creds.kind_pem": (
        "private key + certificate (PEM)",
        "privésleutel + certificaat (PEM)",
        "clé privée + certificat (PEM)",
    ),
    "creds.kind_pkcs12": ("PKCS#12 bundle", "PKCS#12-bundel", "fichier PKCS#12"),
    "creds.never_shown": (
        "The private key and the password are stored encrypted and are never shown again.",
        "De privésleutel en het wachtwoord worden versleuteld bewaard en nooit meer getoond.",
        "La clé privée et le mot de passe sont conservés chiffrés et ne sont plus jamais affichés.",
    ),
    "creds.missing": (
        "No credentials yet: upload the client ID with the private key and certificate of the REST account.",
        "Nog geen gegevens: laad de client-ID op met de privésleutel en het certificaat van de REST-account.",
        "Pas encore d'identifiants : chargez l'identifiant client avec la clé privée et le certificat du compte REST.",
    ),
    "creds.upload": ("Upload the credentials", "Gegevens opladen", "Charger les identifiants"),
    "creds.replace": (
        "Replace the credentials",
        "Gegevens vervangen",
        "Remplacer les identifiants",
    ),
    "creds.pem_legend": (
        "Either: the private key and the certificate",
        "Ofwel: de privésleutel en het certificaat",
        "Soit : la clé privée et le certificat",
    ),
    "creds.p12_legend": (
        "Or: one PKCS#12 file (.p12 / .pfx)",
        "Of: één PKCS#12-bestand (.p12 / .pfx)",
        "Soit : un fichier PKCS#12 (.p12 / .pfx)",
    ),
    "creds.private_key": ("Private key (PEM)", "Privésleutel (PEM)", "Clé privée (PEM)"),
    "creds.certificate_file": (
        "Certificate (.cer / .pem)",
        "Certificaat (.cer / .pem)",
        "Certificat (.cer / .pem)",
    ),
    "creds.pkcs12": ("PKCS#12 file", "PKCS#12-bestand", "Fichier PKCS#12"),
    "creds.password": (
        "Password of the key or the PKCS#12 file",
        "Wachtwoord van de sleutel of het PKCS#12-bestand",
        "Mot de passe de la clé ou du fichier PKCS#12",
    ),
    "creds.password_help": (
        "Only if the key or the file is protected by one.",
        "Enkel als de sleutel of het bestand er een heeft.",
        "Seulement si la clé ou le fichier en a un.",
    ),
    "creds.save": ("Check and save", "Nakijken en opslaan", "Vérifier et enregistrer"),
    # --- test connection ------------------------------------------------------------------
    "test.title": ("Test connection", "Verbinding testen", "Tester la connexion"),
    "test.button": ("Test connection", "Verbinding testen", "Tester la connexion"),
    "test.needs_credentials": (
        "Upload the credentials first; then test them here.",
        "Laad eerst de gegevens op; test ze daarna hier.",
        "Chargez d'abord les identifiants ; testez-les ensuite ici.",
    ),
    "test.never": (
        "Not tested yet. The test signs in and calls the mandates API; it reads no one's data.",
        "Nog niet getest. De test meldt aan en roept de API burgermandaten aan; hij leest geen gegevens van personen.",
        "Pas encore testée. Le test se connecte et appelle l'API des mandats ; il ne lit les données de personne.",
    ),
    "test.when": ("Tested on {when}.", "Getest op {when}.", "Testée le {when}."),
    "test.status_ok": ("OK", "OK", "OK"),
    "test.status_warning": ("Warning", "Waarschuwing", "Avertissement"),
    "test.status_failed": ("Failed", "Mislukt", "Échec"),
    "test.status_skipped": ("Not checked", "Niet nagekeken", "Non vérifié"),
    # --- employers ------------------------------------------------------------------------
    "employers.title": ("Employers", "Werkgevers", "Employeurs"),
    "employers.intro": (
        "The enterprises this tenant checks applicants for. A social secretariat or a bureau lists its clients here.",
        "De ondernemingen waarvoor deze klant sollicitanten controleert. Een sociaal secretariaat of kantoor zet hier zijn klanten.",
        "Les entreprises pour lesquelles ce client vérifie des candidats. Un secrétariat social ou un bureau y liste ses clients.",
    ),
    "employers.name": ("Name", "Naam", "Nom"),
    "employers.number": ("Enterprise number", "Ondernemingsnummer", "Numéro d'entreprise"),
    "employers.add": ("Add employer", "Werkgever toevoegen", "Ajouter l'employeur"),
    # --- connections ----------------------------------------------------------------------
    "connections.title": ("ATS connections", "ATS-koppelingen", "Connexions ATS"),
    "connections.intro": (
        "An ATS account (Recruitee, Teamtailor or Bullhorn) whose button starts checks and whose candidate fields receive the results.",
        "Een ATS-account (Recruitee, Teamtailor of Bullhorn) waarvan de knop controles start en waarvan de kandidaatvelden de resultaten krijgen.",
        "Un compte ATS (Recruitee, Teamtailor ou Bullhorn) dont le bouton lance les vérifications et dont les champs du candidat reçoivent les résultats.",
    ),
    "connections.empty": ("No ATS connected yet", "Nog geen ATS gekoppeld", "Aucun ATS connecté"),
    "connections.empty_hint": (
        "Pick the ATS below, give the connection a name, and fill in its settings.",
        "Kies hieronder het ATS, geef de koppeling een naam en vul de instellingen in.",
        "Choisissez l'ATS ci-dessous, nommez la connexion et remplissez ses paramètres.",
    ),
    "connections.new": ("Connect an ATS", "ATS koppelen", "Connecter un ATS"),
    "connection.name": ("Name", "Naam", "Nom"),
    "connection.name_placeholder": (
        "e.g. Recruitee Brussels",
        "bv. Recruitee Brussel",
        "p. ex. Recruitee Bruxelles",
    ),
    "connection.kind": ("ATS", "ATS", "ATS"),
    "connection.employer": ("Default employer", "Standaardwerkgever", "Employeur par défaut"),
    "connection.employer_default": (
        "The requester itself",
        "De aanvrager zelf",
        "Le demandeur lui-même",
    ),
    "connection.employer_help": (
        "Used when the recruiter does not pick one (Recruitee lists the employers as packages, Teamtailor as a trigger option, Bullhorn in the tab).",
        "Gebruikt als de recruiter er geen kiest (Recruitee toont de werkgevers als pakketten, Teamtailor als triggeroptie, Bullhorn in het tabblad).",
        "Utilisé quand le recruteur n'en choisit pas (Recruitee liste les employeurs comme forfaits, Teamtailor comme option du déclencheur, Bullhorn dans l'onglet).",
    ),
    "connection.language": (
        "Language of the texts written in the ATS",
        "Taal van de teksten in het ATS",
        "Langue des textes écrits dans l'ATS",
    ),
    "connection.state": ("State", "Status", "État"),
    "connection.enabled": ("active", "actief", "active"),
    "connection.disabled": ("off", "uit", "désactivée"),
    "connection.enabled_label": (
        "Active (the ATS may start checks)",
        "Actief (het ATS mag controles starten)",
        "Active (l'ATS peut lancer des vérifications)",
    ),
    "connection.edit": ("Edit settings", "Instellingen bewerken", "Modifier les paramètres"),
    "connection.new_title": ("Connect {ats}", "{ats} koppelen", "Connecter {ats}"),
    "connection.edit_title": ("{ats} settings", "Instellingen van {ats}", "Paramètres {ats}"),
    "connection.form_intro_recruitee": (
        'Recruitee shows "Request background check" on the candidate; the result lands in the candidate\'s profile fields and report.',
        'Recruitee toont "Request background check" bij de kandidaat; het resultaat komt in de profielvelden en het rapport van de kandidaat.',
        "Recruitee affiche « Request background check » sur le candidat ; le résultat arrive dans les champs de profil et le rapport du candidat.",
    ),
    "connection.form_intro_teamtailor": (
        "A Teamtailor trigger calls the connector; the result lands in the candidate's custom fields and partner result.",
        "Een Teamtailor-trigger roept de connector aan; het resultaat komt in de aangepaste velden en het partnerresultaat van de kandidaat.",
        "Un déclencheur Teamtailor appelle le connecteur ; le résultat arrive dans les champs personnalisés et le résultat partenaire du candidat.",
    ),
    "connection.form_intro_bullhorn": (
        "A custom tab on the Candidate shows the check; the result lands in the candidate's customText/customDate/customInt fields.",
        "Een aangepast tabblad bij de kandidaat toont de controle; het resultaat komt in de velden customText/customDate/customInt van de kandidaat.",
        "Un onglet personnalisé du candidat affiche la vérification ; le résultat arrive dans les champs customText/customDate/customInt du candidat.",
    ),
    # --- setup and keys -------------------------------------------------------------------
    "setup.title": ("Set up {ats}", "{ats} instellen", "Configurer {ats}"),
    "setup.intro_recruitee": (
        "1. The partner's URLs below go into the precontract partner (once for all customers). 2. The customer token goes into this company's Recruitee integration settings.",
        "1. De partner-URL's hieronder horen in de precontract-partner (eenmaal voor alle klanten). 2. Het klanttoken hoort in de integratie-instellingen van dit bedrijf in Recruitee.",
        "1. Les URL du partenaire ci-dessous vont dans le partenaire precontract (une fois pour tous les clients). 2. Le jeton client va dans les paramètres d'intégration Recruitee de cette entreprise.",
    ),
    "setup.intro_teamtailor": (
        "Give Teamtailor this base URL for the partner; paste the provider key Teamtailor issues for this company in the settings.",
        "Geef Teamtailor deze basis-URL voor de partner; plak de provider key die Teamtailor voor dit bedrijf uitgeeft in de instellingen.",
        "Donnez cette URL de base à Teamtailor pour le partenaire ; collez dans les paramètres la clé du fournisseur que Teamtailor émet pour cette entreprise.",
    ),
    "setup.intro_bullhorn": (
        "Add a custom tab (or menu action) on the Candidate in Bullhorn with the address below, including its key.",
        "Voeg in Bullhorn een aangepast tabblad (of menu-actie) toe bij de kandidaat met het adres hieronder, inclusief de sleutel.",
        "Ajoutez dans Bullhorn un onglet personnalisé (ou une action de menu) sur le candidat avec l'adresse ci-dessous, clé comprise.",
    ),
    "key.title_recruitee": ("Customer token", "Klanttoken", "Jeton client"),
    "key.title_bullhorn": ("Tab key", "Sleutel van het tabblad", "Clé de l'onglet"),
    "key.stored_yes": (
        "A key is set. It was shown once when it was made; make a new one if it was lost.",
        "Er is een sleutel ingesteld. Hij werd eenmaal getoond bij het aanmaken; maak een nieuwe als hij verloren is.",
        "Une clé est définie. Elle a été affichée une fois à sa création ; créez-en une nouvelle si elle a été perdue.",
    ),
    "key.stored_no": ("No key yet.", "Nog geen sleutel.", "Pas encore de clé."),
    "key.regenerate": ("Make a new key", "Nieuwe sleutel maken", "Créer une nouvelle clé"),
    "key.once_title": (
        "Copy this now: it is shown only once",
        "Kopieer dit nu: het wordt maar één keer getoond",
        "Copiez ceci maintenant : il n'est affiché qu'une fois",
    ),
    "key.once_hint": (
        "The connector keeps only a fingerprint of it. If it is lost, make a new one (the old one then stops working).",
        "De connector bewaart er enkel een vingerafdruk van. Als hij verloren is, maak dan een nieuwe (de oude werkt dan niet meer).",
        "Le connecteur n'en garde qu'une empreinte. Si elle est perdue, créez-en une nouvelle (l'ancienne cesse alors de fonctionner).",
    ),
    # --- mapping --------------------------------------------------------------------------
    "mapping.title": ("Field mapping", "Veldkoppeling", "Correspondance des champs"),
    "mapping.intro_recruitee": (
        "The profile field (by name) each result goes to; Recruitee creates a missing field on the candidate. Leave a name empty to skip that value.",
        "Het profielveld (op naam) waar elk resultaat naartoe gaat; Recruitee maakt een ontbrekend veld aan bij de kandidaat. Laat een naam leeg om die waarde over te slaan.",
        "Le champ de profil (par nom) où va chaque résultat ; Recruitee crée un champ manquant sur le candidat. Laissez un nom vide pour ignorer cette valeur.",
    ),
    "mapping.intro_teamtailor": (
        "The API name of the Teamtailor custom field each result goes to (Settings → Custom fields). Leave a name empty to skip that value.",
        "De API-naam van het aangepaste Teamtailor-veld waar elk resultaat naartoe gaat (Instellingen → Aangepaste velden). Laat leeg om over te slaan.",
        "Le nom d'API du champ personnalisé Teamtailor où va chaque résultat (Paramètres → Champs personnalisés). Laissez vide pour ignorer.",
    ),
    "mapping.intro_bullhorn": (
        "The Candidate field each result goes to: customDate1–13 (dates), customText1–40 (text), customInt1–23 (numbers). Pick fields your Bullhorn does not use yet.",
        "Het kandidaatveld waar elk resultaat naartoe gaat: customDate1–13 (datums), customText1–40 (tekst), customInt1–23 (getallen). Kies velden die uw Bullhorn nog niet gebruikt.",
        "Le champ du candidat où va chaque résultat : customDate1–13 (dates), customText1–40 (texte), customInt1–23 (nombres). Choisissez des champs encore inutilisés dans votre Bullhorn.",
    ),
    "mapping.value": ("Value", "Waarde", "Valeur"),
    "mapping.field": ("{ats} field", "Veld in {ats}", "Champ {ats}"),
    "mapping.type": ("Field type", "Veldtype", "Type de champ"),
    "mapping.not_written": ("not written", "niet geschreven", "non écrit"),
    "mapping.save": ("Save the mapping", "Koppeling opslaan", "Enregistrer la correspondance"),
    "type.date": ("date", "datum", "date"),
    "type.datetime": ("date and time", "datum en tijd", "date et heure"),
    "type.bool": ("yes/no", "ja/nee", "oui/non"),
    "type.int": ("number", "getal", "nombre"),
    "type.text": ("text", "tekst", "texte"),
    # --- checks ---------------------------------------------------------------------------
    "checks.title": ("Checks", "Controles", "Vérifications"),
    "checks.intro": (
        "Every button press, followed until its result is written back to the ATS.",
        "Elke druk op de knop, opgevolgd tot het resultaat in het ATS is teruggeschreven.",
        "Chaque pression sur le bouton, suivie jusqu'à ce que le résultat soit réécrit dans l'ATS.",
    ),
    "checks.recent": ("Recent checks", "Recente controles", "Vérifications récentes"),
    "checks.show": ("Show", "Tonen", "Afficher"),
    "checks.show_open": (
        "Pending or not yet written back",
        "Lopend of nog niet teruggeschreven",
        "En cours ou pas encore réécrites",
    ),
    "checks.show_failing": ("Write-back failing", "Terugschrijven mislukt", "Réécriture en échec"),
    "checks.show_all": ("All (latest 200)", "Alle (laatste 200)", "Toutes (200 dernières)"),
    "checks.empty_open": ("Nothing pending", "Niets lopend", "Rien en cours"),
    "checks.empty_failing": (
        "No failing write-backs",
        "Geen mislukte terugschrijvingen",
        "Aucune réécriture en échec",
    ),
    "checks.empty_all": ("No checks yet", "Nog geen controles", "Pas encore de vérifications"),
    "checks.empty_hint": (
        "Checks appear here when a recruiter presses the button in the ATS.",
        "Controles verschijnen hier wanneer een recruiter op de knop drukt in het ATS.",
        "Les vérifications apparaissent ici quand un recruteur appuie sur le bouton dans l'ATS.",
    ),
    "checks.empty_connection": (
        "No checks through this connection yet",
        "Nog geen controles via deze koppeling",
        "Pas encore de vérifications via cette connexion",
    ),
    "checks.empty_connection_hint": (
        "Once {ats} is set up, press the button on a candidate to try it.",
        "Zodra {ats} ingesteld is, druk op de knop bij een kandidaat om het te proberen.",
        "Une fois {ats} configuré, appuyez sur le bouton d'un candidat pour essayer.",
    ),
    "checks.when": ("Started", "Gestart", "Lancée"),
    "checks.where": ("Tenant / ATS", "Klant / ATS", "Client / ATS"),
    "checks.applicant": ("Applicant", "Sollicitant", "Candidat"),
    "checks.employer": ("Employer", "Werkgever", "Employeur"),
    "checks.status": ("Status", "Status", "Statut"),
    "checks.write_back": ("Written to the ATS", "Naar het ATS geschreven", "Écrit dans l'ATS"),
    "checks.wb_done": ("done", "klaar", "fait"),
    "checks.wb_pending": ("{n} waiting", "{n} wachtend", "{n} en attente"),
    "checks.wb_failing": (
        "{n} failing, retried",
        "{n} mislukt, wordt herhaald",
        "{n} en échec, réessayé",
    ),
    "checks.retry": ("Retry now", "Nu opnieuw", "Réessayer maintenant"),
    "checks.open_page": ("Open", "Openen", "Ouvrir"),
    "checks.cleared": (
        "values cleared (expired)",
        "waarden gewist (verlopen)",
        "valeurs effacées (expirées)",
    ),
    "check_status.starting": ("Starting", "Bezig", "En cours"),
    "check_status.needs_approval": (
        "Waiting for approval",
        "Wacht op goedkeuring",
        "En attente d'approbation",
    ),
    "check_status.pending": (
        "Waiting for approval",
        "Wacht op goedkeuring",
        "En attente d'approbation",
    ),
    "check_status.result": ("Result in", "Resultaat binnen", "Résultat reçu"),
    "check_status.refused": ("Refused", "Geweigerd", "Refusée"),
    "check_status.expired": ("Expired", "Verlopen", "Expirée"),
    "check_status.cancelled": ("Cancelled", "Geannuleerd", "Annulée"),
    "check_status.revoked": ("Withdrawn", "Ingetrokken", "Retirée"),
    "check_status.error": ("Could not run", "Kon niet lopen", "N'a pas pu être effectuée"),
    "check_status.confirm_approver": (
        "Approved by someone — confirm",
        "Goedgekeurd door iemand — bevestig",
        "Approuvé par quelqu'un — à confirmer",
    ),
    "page.confirm_title": (
        "Approved by someone — confirm who",
        "Goedgekeurd door iemand — bevestig wie",
        "Approuvé par quelqu'un — confirmez qui",
    ),
    "page.confirm_text": (
        "The request was not bound to {name}'s national register number, so whoever opened the "
        "link could approve it. Nothing was read and nothing is written to the ATS until you "
        "accept that this person is {name}.",
        "De aanvraag was niet gekoppeld aan het rijksregisternummer van {name}: wie de link "
        "opende, kon ze goedkeuren. Er werd niets gelezen en niets wordt in het ATS geschreven "
        "tot u aanvaardt dat deze persoon {name} is.",
        "La demande n'était pas liée au numéro de registre national de {name} : quiconque a "
        "ouvert le lien pouvait l'approuver. Rien n'a été lu et rien n'est écrit dans l'ATS "
        "avant que vous acceptiez que cette personne est {name}.",
    ),
    "page.approver_niss": (
        "NISS of who approved",
        "INSZ van wie goedkeurde",
        "NISS de l'approbateur",
    ),
    "page.approver_birth_date": ("Born on", "Geboren op", "Né(e) le"),
    "page.approver_name": ("Name", "Naam", "Nom"),
    "page.approver_unknown": ("not given", "niet meegedeeld", "non communiqué"),
    "page.compared_with": (
        "In the ATS: {value}",
        "In het ATS: {value}",
        "Dans l'ATS : {value}",
    ),
    "page.accept_approver": (
        "Accept: this is {name}",
        "Aanvaarden: dit is {name}",
        "Accepter : c'est {name}",
    ),
    "page.reject_approver": (
        "Reject: not {name}",
        "Weigeren: niet {name}",
        "Refuser : ce n'est pas {name}",
    ),
    "page.accept_hint": (
        "Accepting is recorded in the audit trail; the data is then read and written to the ATS.",
        "Aanvaarden wordt in het auditlogboek opgenomen; daarna worden de gegevens gelezen en in "
        "het ATS geschreven.",
        "L'acceptation est enregistrée dans le journal d'audit ; les données sont ensuite lues "
        "et écrites dans l'ATS.",
    ),
    "page.niss_title": (
        "Know the applicant's national register number?",
        "Kent u het rijksregisternummer van de sollicitant?",
        "Vous connaissez le numéro de registre national du candidat ?",
    ),
    "page.niss_text": (
        "Type it and the request is made for {name} only: nobody else can approve it, and no "
        "confirmation is needed.",
        "Typ het en de aanvraag geldt enkel voor {name}: niemand anders kan ze goedkeuren, en "
        "bevestigen is niet nodig.",
        "Saisissez-le et la demande ne vaut que pour {name} : personne d'autre ne peut "
        "l'approuver, et aucune confirmation n'est nécessaire.",
    ),
    "page.niss_label": (
        "National register number (NISS)",
        "Rijksregisternummer (INSZ)",
        "Numéro de registre national (NISS)",
    ),
    "page.niss_submit": (
        "Ask {name} only",
        "Enkel aan {name} vragen",
        "Demander à {name} seulement",
    ),
    "page.niss_invalid": (
        "This national register number is not valid: please check it.",
        "Dit rijksregisternummer is niet geldig: kijk het na.",
        "Ce numéro de registre national n'est pas valide : veuillez le vérifier.",
    ),
    "page.rejected": (
        "You rejected who approved: nothing was read or written. Start a new request bound to "
        "the applicant's national register number below, or press the button in the ATS again.",
        "U weigerde wie goedkeurde: er werd niets gelezen of geschreven. Start hieronder een "
        "nieuwe aanvraag gekoppeld aan het rijksregisternummer van de sollicitant, of druk "
        "opnieuw op de knop in het ATS.",
        "Vous avez refusé l'approbateur : rien n'a été lu ni écrit. Lancez ci-dessous une "
        "nouvelle demande liée au numéro de registre national du candidat, ou appuyez à nouveau "
        "sur le bouton dans l'ATS.",
    ),
    "connector.input.not_confirming": (
        "This check is not waiting for a confirmation (any more).",
        "Deze controle wacht niet (meer) op een bevestiging.",
        "Cette vérification n'attend pas (plus) de confirmation.",
    ),
    "connector.input.not_bindable": (
        "This check can no longer take a national register number: press the button in the ATS "
        "again.",
        "Deze controle kan geen rijksregisternummer meer krijgen: druk opnieuw op de knop in het "
        "ATS.",
        "Cette vérification ne peut plus recevoir de numéro de registre national : appuyez à "
        "nouveau sur le bouton dans l'ATS.",
    ),
    "check_status.superseded": (
        "Replaced by a newer check",
        "Vervangen door een nieuwere controle",
        "Remplacée par une vérification plus récente",
    ),
    # --- audit ----------------------------------------------------------------------------
    "audit.title": ("Audit log", "Auditlogboek", "Journal d'audit"),
    "audit.intro": (
        "Who asked for or consulted which applicant's data, for which employer, and when. The national number is always masked.",
        "Wie de gegevens van welke sollicitant aanvroeg of raadpleegde, voor welke werkgever en wanneer. Het rijksregisternummer is altijd gemaskeerd.",
        "Qui a demandé ou consulté les données de quel candidat, pour quel employeur, et quand. Le numéro national est toujours masqué.",
    ),
    "audit.tenant": ("Tenant", "Klant", "Client"),
    "audit.all_tenants": ("All tenants", "Alle klanten", "Tous les clients"),
    "audit.at": ("When", "Wanneer", "Quand"),
    "audit.action": ("What", "Wat", "Quoi"),
    "audit.actor": ("Who", "Wie", "Qui"),
    "audit.employer": ("Employer", "Werkgever", "Employeur"),
    "audit.applicant": ("Applicant", "Sollicitant", "Candidat"),
    "audit.result": ("Result", "Resultaat", "Résultat"),
    "audit.integrity_code": ("Integrity code", "Integriteitscode", "Code d'intégrité"),
    "audit.empty": ("Nothing recorded yet", "Nog niets geregistreerd", "Rien d'enregistré"),
    "audit.empty_hint": (
        "Access requests, consultations and administrators' changes are recorded here.",
        "Toegangsaanvragen, raadplegingen en wijzigingen door beheerders worden hier geregistreerd.",
        "Les demandes d'accès, les consultations et les modifications des administrateurs sont enregistrées ici.",
    ),
    "audit.page": (
        "Page {page} of {pages} ({total} lines)",
        "Pagina {page} van {pages} ({total} regels)",
        "Page {page} sur {pages} ({total} lignes)",
    ),
    "audit.newer": ("Newer", "Nieuwer", "Plus récent"),
    "audit.older": ("Older", "Ouder", "Plus ancien"),
    "audit_action.access_request.created": (
        "Access request sent",
        "Toegangsaanvraag verstuurd",
        "Demande d'accès envoyée",
    ),
    "audit_action.access_request.cancelled": (
        "Access request cancelled",
        "Toegangsaanvraag geannuleerd",
        "Demande d'accès annulée",
    ),
    "audit_action.consultation": ("Data consulted", "Gegevens geraadpleegd", "Données consultées"),
    "audit_action.admin.sign_in": ("Sign-in", "Aanmelding", "Connexion"),
    "audit_action.admin.tenant_created": ("Tenant created", "Klant aangemaakt", "Client créé"),
    "audit_action.admin.tenant_changed": ("Tenant changed", "Klant gewijzigd", "Client modifié"),
    "audit_action.admin.credentials_uploaded": (
        "Credentials uploaded",
        "Gegevens opgeladen",
        "Identifiants chargés",
    ),
    "audit_action.admin.sandbox_registered": (
        "Registered in the sandbox",
        "Geregistreerd in de sandbox",
        "Enregistré dans le bac à sable",
    ),
    "audit_action.admin.connection_tested": (
        "Connection tested",
        "Verbinding getest",
        "Connexion testée",
    ),
    "audit_action.admin.employer_added": (
        "Employer added",
        "Werkgever toegevoegd",
        "Employeur ajouté",
    ),
    "audit_action.admin.employer_removed": (
        "Employer removed",
        "Werkgever verwijderd",
        "Employeur supprimé",
    ),
    "audit_action.admin.connection_created": ("ATS connected", "ATS gekoppeld", "ATS connecté"),
    "audit_action.admin.connection_changed": (
        "ATS settings changed",
        "ATS-instellingen gewijzigd",
        "Paramètres ATS modifiés",
    ),
    "audit_action.admin.key_regenerated": (
        "New inbound key",
        "Nieuwe inkomende sleutel",
        "Nouvelle clé entrante",
    ),
    "audit_action.admin.mapping_changed": (
        "Field mapping changed",
        "Veldkoppeling gewijzigd",
        "Correspondance des champs modifiée",
    ),
    "audit_action.admin.write_back_retried": (
        "Write-back retried",
        "Terugschrijving herhaald",
        "Réécriture relancée",
    ),
    "audit_action.admin.created": (
        "Administrator created",
        "Beheerder aangemaakt",
        "Administrateur créé",
    ),
    # --- recruiter page -------------------------------------------------------------------
    "page.title": (
        "Flexi-job and Student@work check",
        "Controle flexi-job en Student@work",
        "Vérification flexi-job et Student@work",
    ),
    "page.brand": ("eligibility check", "controle", "vérification"),
    "page.applicant_unknown": ("Applicant", "Sollicitant", "Candidat"),
    "page.the_applicant": ("the applicant", "de sollicitant", "le candidat"),
    "page.for_employer": (
        "For {employer} ({number})",
        "Voor {employer} ({number})",
        "Pour {employer} ({number})",
    ),
    "page.waiting_title": (
        "Waiting for {name}'s approval",
        "Wacht op de goedkeuring van {name}",
        "En attente de l'approbation de {name}",
    ),
    "page.waiting_text": (
        "Let the applicant scan the QR code with their phone, or send them the link. They sign in with eID or itsme and approve the request.",
        "Laat de sollicitant de QR-code scannen met de gsm, of stuur de link. De sollicitant meldt aan met eID of itsme en keurt de aanvraag goed.",
        "Faites scanner le code QR par le candidat avec son téléphone, ou envoyez-lui le lien. Il se connecte avec eID ou itsme et approuve la demande.",
    ),
    "page.qr_label": (
        "QR code of the approval link",
        "QR-code van de goedkeuringslink",
        "Code QR du lien d'approbation",
    ),
    "page.link": ("Approval link", "Goedkeuringslink", "Lien d'approbation"),
    "page.expires": (
        "Can be approved until {when} (Belgian time).",
        "Kan goedgekeurd worden tot {when} (Belgische tijd).",
        "Peut être approuvée jusqu'au {when} (heure belge).",
    ),
    "page.send_link": ("Send by e-mail", "Per e-mail versturen", "Envoyer par e-mail"),
    "page.open_link": ("Open the link", "Link openen", "Ouvrir le lien"),
    "page.live": (
        "This page updates by itself.",
        "Deze pagina werkt zichzelf bij.",
        "Cette page se met à jour toute seule.",
    ),
    "page.results_title": ("Result", "Resultaat", "Résultat"),
    "page.results_cleared": (
        "The results may no longer be consulted: they were cleared.",
        "De resultaten mogen niet meer geraadpleegd worden: ze werden gewist.",
        "Les résultats ne peuvent plus être consultés : ils ont été effacés.",
    ),
    "page.flexi": ("Flexi-job", "Flexi-job", "Flexi-job"),
    "page.flexi_yes": ("Eligible", "Komt in aanmerking", "Éligible"),
    "page.flexi_no": ("Not eligible", "Komt niet in aanmerking", "Pas éligible"),
    "page.flexi_period": ("from {start} to {end}", "van {start} tot {end}", "du {start} au {end}"),
    "page.student": ("Student@work", "Student@work", "Student@work"),
    "page.student_hours": ("{hours} hours left", "nog {hours} uren", "{hours} heures restantes"),
    "page.student_as_of": (
        "in {year}, on {as_of}",
        "in {year}, op {as_of}",
        "en {year}, au {as_of}",
    ),
    "page.consultable_until": ("Consultable until", "Raadpleegbaar tot", "Consultable jusqu'au"),
    "page.no_data": (
        "The answer holds no data for this employer.",
        "Het antwoord bevat geen gegevens voor deze werkgever.",
        "La réponse ne contient pas de données pour cet employeur.",
    ),
    "page.checked_at": ("Checked on {when}.", "Gecontroleerd op {when}.", "Vérifié le {when}."),
    "page.written_back": (
        "The values are also written to the candidate in the ATS, and cleared there when they may no longer be consulted.",
        "De waarden worden ook bij de kandidaat in het ATS geschreven, en daar gewist wanneer ze niet meer geraadpleegd mogen worden.",
        "Les valeurs sont aussi écrites sur le candidat dans l'ATS, et y sont effacées quand elles ne peuvent plus être consultées.",
    ),
    "page.send_result": ("Send by e-mail", "Per e-mail versturen", "Envoyer par e-mail"),
    "page.download_proof": (
        "Download the proof (PDF)",
        "Bewijs downloaden (pdf)",
        "Télécharger la preuve (PDF)",
    ),
    "page.no_proof": (
        "There is no proof of this check to download (no data was read, or its consultation window has ended).",
        "Er is geen bewijs van deze controle te downloaden (er werden geen gegevens geraadpleegd, of de raadplegingstermijn is voorbij).",
        "Il n'y a pas de preuve de cette vérification à télécharger (aucune donnée n'a été lue, ou le délai de consultation a pris fin).",
    ),
    "page.start_again": (
        "To check again, press the button in the ATS once more.",
        "Om opnieuw te controleren, druk nogmaals op de knop in het ATS.",
        "Pour vérifier à nouveau, appuyez encore sur le bouton dans l'ATS.",
    ),
    "page.superseded": (
        "A newer check of this applicant replaced this one: open it from the ATS.",
        "Een nieuwere controle van deze sollicitant verving deze: open ze vanuit het ATS.",
        "Une vérification plus récente de ce candidat a remplacé celle-ci : ouvrez-la depuis l'ATS.",
    ),
    "page.privacy": (
        "This page is for the recruiter: do not share its address. The data comes from the social security (NSSO) under the applicant's mandate.",
        "Deze pagina is voor de recruiter: deel het adres niet. De gegevens komen van de sociale zekerheid (RSZ) onder het mandaat van de sollicitant.",
        "Cette page est destinée au recruteur : ne partagez pas son adresse. Les données viennent de la sécurité sociale (ONSS) sous le mandat du candidat.",
    ),
    "page.not_found": (
        "This check does not exist",
        "Deze controle bestaat niet",
        "Cette vérification n'existe pas",
    ),
    "page.not_found_text": (
        "The address is incomplete, or the check was removed. Open it again from the ATS.",
        "Het adres is onvolledig, of de controle werd verwijderd. Open ze opnieuw vanuit het ATS.",
        "L'adresse est incomplète, ou la vérification a été supprimée. Ouvrez-la à nouveau depuis l'ATS.",
    ),
    "page.mail_subject": (
        "{employer}: please approve access to your flexi-job and student data",
        "{employer}: gelieve toegang tot uw flexi-job- en studentengegevens goed te keuren",
        "{employer} : veuillez approuver l'accès à vos données flexi-job et étudiant",
    ),
    "page.mail_body": (
        "Hello {name},\n\n{employer} asks to check your flexi-job eligibility and your remaining Student@work hours with the social security. Open this link, sign in with eID or itsme, and approve the request:\n\n{link}\n\nThe link works until {when}. You can withdraw your consent at any time.\n",
        "Dag {name},\n\n{employer} vraagt om uw recht op flexi-job en uw resterende Student@work-uren na te gaan bij de sociale zekerheid. Open deze link, meld aan met eID of itsme en keur de aanvraag goed:\n\n{link}\n\nDe link werkt tot {when}. U kunt uw toestemming op elk moment intrekken.\n",
        "Bonjour {name},\n\n{employer} demande à vérifier votre éligibilité au flexi-job et vos heures Student@work restantes auprès de la sécurité sociale. Ouvrez ce lien, connectez-vous avec eID ou itsme et approuvez la demande :\n\n{link}\n\nLe lien fonctionne jusqu'au {when}. Vous pouvez retirer votre consentement à tout moment.\n",
    ),
    "page.result_subject": (
        "Flexi-job / Student@work: {name}",
        "Flexi-job / Student@work: {name}",
        "Flexi-job / Student@work : {name}",
    ),
    "page.result_body": (
        "Result of the check of {name} for {employer}:",
        "Resultaat van de controle van {name} voor {employer}:",
        "Résultat de la vérification de {name} pour {employer} :",
    ),
}

register_texts(_TEXTS)
