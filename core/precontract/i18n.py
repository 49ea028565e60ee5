"""User-facing text in Dutch, French, German and English, from gettext catalogues.

Code, logs and exception ``str()`` are English; what a recruiter, an administrator or an
applicant reads is looked up by key: ``translate("outcome.pending", "nl")``. Each component keeps
its texts in a gettext catalogue (``locale/<domain>.pot``, one ``<lang>/LC_MESSAGES/<domain>.po``
per language), where a text's key is its ``msgctxt``, its English the ``msgid`` and the
translation the ``msgstr``; ``make i18n`` compiles each into a ``.mo`` keyed by that key, which
the standard library's :mod:`gettext` reads here. A component names its catalogue with
:func:`add_catalogue`. :func:`register` still adds texts from Python (for code not yet moved to a
catalogue). A missing language falls back to English, a missing key to the key itself (so a gap
is visible, never a crash). ``precontract.catalogues`` maintains the files (``make i18n``).

>>> translate("outcome.pending", "nl")
'Wacht op goedkeuring door de sollicitant.'
>>> normalise_language("fr_BE")
'fr'
>>> normalise_language("de-BE,de;q=0.9")
'de'
>>> normalise_language("es")
'en'
"""

from __future__ import annotations

import gettext
import threading
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "LANGUAGES",
    "Language",
    "add_catalogue",
    "normalise_language",
    "register",
    "registered",
    "translate",
]

Language = Literal["nl", "fr", "en", "de"]
LANGUAGES: tuple[Language, ...] = ("nl", "fr", "en", "de")

# Catalogues added by the components: (folder holding <lang>/LC_MESSAGES/, gettext domain).
_SOURCES: list[tuple[Path, str]] = []
# language -> the compiled catalogues (keyed by the texts' keys), opened on first use.
_LOADED: dict[str, list[gettext.NullTranslations]] = {}
_LOCK = threading.Lock()

# Texts given in Python (register, and the core's own until they move to its catalogue).
_CATALOGUE: dict[str, dict[str, str]] = {
    # --- errors -------------------------------------------------------------------------
    "error.generic": {
        "en": "Something went wrong while checking the applicant.",
        "nl": "Er ging iets mis bij het controleren van de sollicitant.",
        "fr": "Un problème est survenu lors de la vérification du candidat.",
    },
    "error.configuration": {
        "en": "The connection to social security is not configured correctly: {detail}",
        "nl": "De verbinding met de sociale zekerheid is niet juist ingesteld: {detail}",
        "fr": "La connexion à la sécurité sociale n'est pas correctement configurée : {detail}",
    },
    "error.invalid_input": {
        "en": "This input is not valid: please check it.",
        "nl": "Deze invoer is niet geldig: kijk hem na.",
        "fr": "Cette saisie n'est pas valide : veuillez la vérifier.",
    },
    "error.empty_id": {
        "en": "The id is empty: give the id that was printed when the request was made.",
        "nl": "De id is leeg: geef de id die bij het maken van de aanvraag getoond werd.",
        "fr": "L'identifiant est vide : indiquez celui qui a été affiché à la création de la demande.",
    },
    "error.invalid_identifier": {
        "en": "This number is not valid ({reason}).",
        "nl": "Dit nummer is niet geldig ({reason}).",
        "fr": "Ce numéro n'est pas valide ({reason}).",
    },
    "error.invalid_ssin": {
        "en": "This national register number (NISS) is not valid: please check it.",
        "nl": "Dit rijksregisternummer (INSZ) is niet geldig: kijk het na.",
        "fr": "Ce numéro de registre national (NISS) n'est pas valide : veuillez le vérifier.",
    },
    "error.invalid_enterprise_number": {
        "en": "This enterprise number (KBO/BCE) is not valid: please check it.",
        "nl": "Dit ondernemingsnummer (KBO) is niet geldig: kijk het na.",
        "fr": "Ce numéro d'entreprise (BCE) n'est pas valide : veuillez le vérifier.",
    },
    "error.transport": {
        "en": "The social security services could not be reached. Please try again later.",
        "nl": "De diensten van de sociale zekerheid zijn niet bereikbaar. Probeer het later opnieuw.",
        "fr": "Les services de la sécurité sociale sont injoignables. Veuillez réessayer plus tard.",
    },
    "error.timeout": {
        "en": "The social security services did not answer in time. Please try again later.",
        "nl": "De diensten van de sociale zekerheid antwoordden niet op tijd. Probeer het later opnieuw.",
        "fr": "Les services de la sécurité sociale n'ont pas répondu à temps. Veuillez réessayer plus tard.",
    },
    "error.connection": {
        "en": "No connection could be made with the social security services. Please try again later.",
        "nl": "Er kon geen verbinding worden gemaakt met de diensten van de sociale zekerheid. Probeer het later opnieuw.",
        "fr": "Aucune connexion n'a pu être établie avec les services de la sécurité sociale. Veuillez réessayer plus tard.",
    },
    "error.malformed": {
        "en": "The social security services gave an answer that could not be read. Please try again later.",
        "nl": "De diensten van de sociale zekerheid gaven een onleesbaar antwoord. Probeer het later opnieuw.",
        "fr": "Les services de la sécurité sociale ont donné une réponse illisible. Veuillez réessayer plus tard.",
    },
    "error.api": {
        "en": "The social security services refused the request (error {status}).",
        "nl": "De diensten van de sociale zekerheid weigerden de aanvraag (fout {status}).",
        "fr": "Les services de la sécurité sociale ont refusé la demande (erreur {status}).",
    },
    "error.token": {
        "en": "Signing in to social security failed: {explanation}",
        "nl": "Aanmelden bij de sociale zekerheid mislukte: {explanation}",
        "fr": "La connexion à la sécurité sociale a échoué : {explanation}",
    },
    "error.bad_request": {
        "en": "The social security services found an error in the request.",
        "nl": "De diensten van de sociale zekerheid vonden een fout in de aanvraag.",
        "fr": "Les services de la sécurité sociale ont trouvé une erreur dans la demande.",
    },
    "error.unauthorized": {
        "en": "Access to the social security services was refused: check the client ID and certificate.",
        "nl": "De toegang tot de diensten van de sociale zekerheid werd geweigerd: kijk de client-ID en het certificaat na.",
        "fr": "L'accès aux services de la sécurité sociale a été refusé : vérifiez l'identifiant client et le certificat.",
    },
    "error.forbidden": {
        "en": "Your organisation is not allowed to do this.",
        "nl": "Uw organisatie mag dit niet doen.",
        "fr": "Votre organisation n'est pas autorisée à faire ceci.",
    },
    "error.missing_scope": {
        "en": "Your REST account lacks a permission in Chaman ({scopes}).",
        "nl": "Uw REST-account mist een machtiging in Chaman ({scopes}).",
        "fr": "Votre compte REST n'a pas une autorisation dans Chaman ({scopes}).",
    },
    "error.no_active_mandate": {
        "en": "The applicant has not granted access to this data (no active citizen mandate).",
        "nl": "De sollicitant heeft geen toegang tot deze gegevens gegeven (geen actief burgermandaat).",
        "fr": "Le candidat n'a pas donné accès à ces données (pas de mandat citoyen actif).",
    },
    "error.not_found": {
        "en": "The social security services do not know this request.",
        "nl": "De diensten van de sociale zekerheid kennen deze aanvraag niet.",
        "fr": "Les services de la sécurité sociale ne connaissent pas cette demande.",
    },
    "error.conflict": {
        "en": "This access request was already used or is no longer pending.",
        "nl": "Deze toegangsaanvraag werd al gebruikt of staat niet meer open.",
        "fr": "Cette demande d'accès a déjà été utilisée ou n'est plus en attente.",
    },
    "error.too_many_requests": {
        "en": "The social security services are busy. Please try again in a moment.",
        "nl": "De diensten van de sociale zekerheid zijn druk bezet. Probeer het zo meteen opnieuw.",
        "fr": "Les services de la sécurité sociale sont surchargés. Veuillez réessayer dans un instant.",
    },
    "error.server": {
        "en": "The social security services have a problem right now. Please try again later.",
        "nl": "De diensten van de sociale zekerheid hebben momenteel een probleem. Probeer het later opnieuw.",
        "fr": "Les services de la sécurité sociale rencontrent un problème. Veuillez réessayer plus tard.",
    },
    # --- configuration problems, and settings as the user knows them ---------------------
    # The setting.* labels fill the {...setting} of the config.* texts (errors.setting_label).
    "setting.private_key_pem": {
        "en": "the private key you uploaded",
        "nl": "de privésleutel die u opgeladen hebt",
        "fr": "la clé privée que vous avez chargée",
    },
    "setting.certificate_pem": {
        "en": "the certificate you uploaded",
        "nl": "het certificaat dat u opgeladen hebt",
        "fr": "le certificat que vous avez chargé",
    },
    "setting.pkcs12_data": {
        "en": "the PKCS#12 file you uploaded",
        "nl": "het PKCS#12-bestand dat u opgeladen hebt",
        "fr": "le fichier PKCS#12 que vous avez chargé",
    },
    "setting.key_password": {
        "en": "the key's password",
        "nl": "het wachtwoord van de sleutel",
        "fr": "le mot de passe de la clé",
    },
    "setting.private_key_file": {
        "en": "the private key file (private_key_file)",
        "nl": "het privésleutelbestand (private_key_file)",
        "fr": "le fichier de clé privée (private_key_file)",
    },
    "setting.certificate_file": {
        "en": "the certificate file (certificate_file)",
        "nl": "het certificaatbestand (certificate_file)",
        "fr": "le fichier de certificat (certificate_file)",
    },
    "setting.pkcs12_file": {
        "en": "the PKCS#12 file (pkcs12_file)",
        "nl": "het PKCS#12-bestand (pkcs12_file)",
        "fr": "le fichier PKCS#12 (pkcs12_file)",
    },
    "setting.config": {
        "en": "the configuration file",
        "nl": "het configuratiebestand",
        "fr": "le fichier de configuration",
    },
    "config.certificate_missing": {
        "en": "the certificate is missing: give the certificate (.cer/.pem) whose public key was uploaded in Chaman",
        "nl": "het certificaat ontbreekt: geef het certificaat (.cer/.pem) waarvan de publieke sleutel in Chaman werd opgeladen",
        "fr": "le certificat manque : donnez le certificat (.cer/.pem) dont la clé publique a été chargée dans Chaman",
    },
    "config.key_missing": {
        "en": "the private key is missing: give the private key of the certificate uploaded in Chaman",
        "nl": "de privésleutel ontbreekt: geef de privésleutel van het certificaat dat in Chaman werd opgeladen",
        "fr": "la clé privée manque : donnez la clé privée du certificat chargé dans Chaman",
    },
    "config.pkcs12_empty": {
        "en": "{setting} is empty",
        "nl": "{setting} is leeg",
        "fr": "{setting} est vide",
    },
    "config.pkcs12_password_needed": {
        "en": "{setting} could not be opened: it is not a PKCS#12 file, or it is protected by a password (give {password_setting})",
        "nl": "{setting} kon niet geopend worden: het is geen PKCS#12-bestand, of het is met een wachtwoord beveiligd (geef {password_setting})",
        "fr": "{setting} n'a pas pu être ouvert : ce n'est pas un fichier PKCS#12, ou il est protégé par un mot de passe (donnez {password_setting})",
    },
    "config.pkcs12_password_wrong": {
        "en": "{setting} could not be opened: {password_setting} is wrong, or the file is not a PKCS#12 file",
        "nl": "{setting} kon niet geopend worden: {password_setting} is fout, of het bestand is geen PKCS#12-bestand",
        "fr": "{setting} n'a pas pu être ouvert : {password_setting} est erroné, ou le fichier n'est pas un fichier PKCS#12",
    },
    "config.pkcs12_no_key": {
        "en": "{setting} holds no private key: export the certificate together with its key",
        "nl": "{setting} bevat geen privésleutel: exporteer het certificaat samen met zijn sleutel",
        "fr": "{setting} ne contient pas de clé privée : exportez le certificat avec sa clé",
    },
    "config.pkcs12_no_certificate": {
        "en": "{setting} holds no certificate",
        "nl": "{setting} bevat geen certificaat",
        "fr": "{setting} ne contient pas de certificat",
    },
    "config.key_mismatch": {
        "en": "{key_setting} does not belong to {certificate_setting} ({subject}): use the key of the certificate uploaded in Chaman, or upload this key's certificate there",
        "nl": "{key_setting} hoort niet bij {certificate_setting} ({subject}): gebruik de sleutel van het certificaat dat in Chaman werd opgeladen, of laad het certificaat van deze sleutel daar op",
        "fr": "{key_setting} ne correspond pas à {certificate_setting} ({subject}) : utilisez la clé du certificat chargé dans Chaman, ou chargez-y le certificat de cette clé",
    },
    "config.certificate_not_yet_valid": {
        "en": "{setting} ({subject}) is not valid before {moment} UTC: check this computer's clock, or wait until it becomes valid",
        "nl": "{setting} ({subject}) is pas geldig vanaf {moment} UTC: kijk de klok van deze computer na, of wacht tot het geldig wordt",
        "fr": "{setting} ({subject}) n'est valable qu'à partir du {moment} UTC : vérifiez l'horloge de cet ordinateur, ou attendez qu'il devienne valable",
    },
    "config.certificate_expired": {
        "en": "{setting} ({subject}) expired on {moment} UTC: renew it and upload the new certificate in Chaman",
        "nl": "{setting} ({subject}) is vervallen op {moment} UTC: vernieuw het en laad het nieuwe certificaat op in Chaman",
        "fr": "{setting} ({subject}) a expiré le {moment} UTC : renouvelez-le et chargez le nouveau certificat dans Chaman",
    },
    "config.key_encrypted": {
        "en": "{setting} is encrypted: give {password_setting}",
        "nl": "{setting} is versleuteld: geef {password_setting}",
        "fr": "{setting} est chiffrée : donnez {password_setting}",
    },
    "config.key_password_wrong": {
        "en": "{password_setting} does not decrypt {setting}",
        "nl": "{password_setting} ontsleutelt {setting} niet",
        "fr": "{password_setting} ne déchiffre pas {setting}",
    },
    "config.key_unreadable": {
        "en": "{setting} is not a private key in PEM or DER format (a certificate or a PKCS#12 file?)",
        "nl": "{setting} is geen privésleutel in PEM- of DER-formaat (een certificaat of een PKCS#12-bestand?)",
        "fr": "{setting} n'est pas une clé privée au format PEM ou DER (un certificat ou un fichier PKCS#12 ?)",
    },
    "config.key_unsupported": {
        "en": "{setting} could not be read as a private key",
        "nl": "{setting} kon niet gelezen worden als privésleutel",
        "fr": "{setting} n'a pas pu être lue comme clé privée",
    },
    "config.key_not_rsa": {
        "en": "{setting} is not an RSA key: the social security signs with RS256, which needs an RSA key",
        "nl": "{setting} is geen RSA-sleutel: de sociale zekerheid ondertekent met RS256, dat een RSA-sleutel vraagt",
        "fr": "{setting} n'est pas une clé RSA : la sécurité sociale signe en RS256, qui demande une clé RSA",
    },
    "config.key_too_small": {
        "en": "{setting} has {bits} bits: at least {minimum} are needed",
        "nl": "{setting} heeft {bits} bits: er zijn er minstens {minimum} nodig",
        "fr": "{setting} a {bits} bits : il en faut au moins {minimum}",
    },
    "config.certificate_damaged": {
        "en": "{setting} holds a damaged PEM certificate",
        "nl": "{setting} bevat een beschadigd PEM-certificaat",
        "fr": "{setting} contient un certificat PEM endommagé",
    },
    "config.certificate_unreadable": {
        "en": "{setting} is not a certificate in PEM or DER (.cer) format",
        "nl": "{setting} is geen certificaat in PEM- of DER-formaat (.cer)",
        "fr": "{setting} n'est pas un certificat au format PEM ou DER (.cer)",
    },
    "config.file_missing": {
        "en": "{setting}: {path} does not exist",
        "nl": "{setting}: {path} bestaat niet",
        "fr": "{setting} : {path} n'existe pas",
    },
    "config.file_is_directory": {
        "en": "{setting}: {path} is a folder, not a file",
        "nl": "{setting}: {path} is een map, geen bestand",
        "fr": "{setting} : {path} est un dossier, pas un fichier",
    },
    "config.file_not_allowed": {
        "en": "{setting}: {path} cannot be read (permission denied)",
        "nl": "{setting}: {path} kan niet gelezen worden (geen toegang)",
        "fr": "{setting} : {path} ne peut pas être lu (accès refusé)",
    },
    "config.file_unreadable": {
        "en": "{setting}: {path} cannot be read",
        "nl": "{setting}: {path} kan niet gelezen worden",
        "fr": "{setting} : {path} ne peut pas être lu",
    },
    "config.file_not_regular": {
        "en": "{setting}: {path} is not a regular file (a device or a pipe?)",
        "nl": "{setting}: {path} is geen gewoon bestand (een apparaat of een pipe?)",
        "fr": "{setting} : {path} n'est pas un fichier ordinaire (un périphérique ou un tube ?)",
    },
    "config.file_too_large": {
        "en": "{setting}: {path} is larger than {limit} KiB: it is not a key, a certificate or a configuration file",
        "nl": "{setting}: {path} is groter dan {limit} KiB: het is geen sleutel, certificaat of configuratiebestand",
        "fr": "{setting} : {path} dépasse {limit} Kio : ce n'est pas une clé, un certificat ni un fichier de configuration",
    },
    # --- outcomes of a check ----------------------------------------------------------------
    "outcome.needs_approval": {
        "en": "The applicant must approve the access request before the end of the day.",
        "nl": "De sollicitant moet de toegangsaanvraag vóór het einde van de dag goedkeuren.",
        "fr": "Le candidat doit approuver la demande d'accès avant la fin de la journée.",
    },
    "outcome.pending": {
        "en": "Waiting for the applicant's approval.",
        "nl": "Wacht op goedkeuring door de sollicitant.",
        "fr": "En attente de l'approbation du candidat.",
    },
    "outcome.refused": {
        "en": "The applicant refused the access request.",
        "nl": "De sollicitant heeft de toegangsaanvraag geweigerd.",
        "fr": "Le candidat a refusé la demande d'accès.",
    },
    "outcome.expired": {
        "en": "The access request or the applicant's consent has expired. Start a new request.",
        "nl": "De toegangsaanvraag of de toestemming van de sollicitant is verlopen. Start een nieuwe aanvraag.",
        "fr": "La demande d'accès ou le consentement du candidat a expiré. Lancez une nouvelle demande.",
    },
    "outcome.cancelled": {
        "en": "The access request was cancelled. Start a new request.",
        "nl": "De toegangsaanvraag werd geannuleerd. Start een nieuwe aanvraag.",
        "fr": "La demande d'accès a été annulée. Lancez une nouvelle demande.",
    },
    "outcome.revoked": {
        "en": "The applicant has withdrawn access to their data. Start a new request if needed.",
        "nl": "De sollicitant heeft de toegang tot de gegevens ingetrokken. Start zo nodig een nieuwe aanvraag.",
        "fr": "Le candidat a retiré l'accès à ses données. Lancez une nouvelle demande si nécessaire.",
    },
    "outcome.result": {
        "en": "The applicant's precontractual data was retrieved.",
        "nl": "De precontractuele gegevens van de sollicitant werden opgehaald.",
        "fr": "Les données précontractuelles du candidat ont été récupérées.",
    },
    # --- field values -----------------------------------------------------------------------
    "value.yes": {"en": "Yes", "nl": "Ja", "fr": "Oui"},
    "value.no": {"en": "No", "nl": "Nee", "fr": "Non"},
    "status.needs_approval": {
        "en": "Awaiting approval",
        "nl": "Wacht op goedkeuring",
        "fr": "En attente d'approbation",
    },
    "status.pending": {
        "en": "Awaiting approval",
        "nl": "Wacht op goedkeuring",
        "fr": "En attente d'approbation",
    },
    "status.active": {"en": "Access granted", "nl": "Toegang verleend", "fr": "Accès accordé"},
    "status.refused": {"en": "Refused", "nl": "Geweigerd", "fr": "Refusé"},
    "status.expired": {"en": "Expired", "nl": "Verlopen", "fr": "Expiré"},
    "status.cancelled": {"en": "Cancelled", "nl": "Geannuleerd", "fr": "Annulé"},
    "status.revoked": {
        "en": "Withdrawn by the applicant",
        "nl": "Ingetrokken door de sollicitant",
        "fr": "Retiré par le candidat",
    },
}


def add_catalogue(locale_dir: Path | str, domain: str) -> None:
    """Make the catalogue ``domain`` in ``locale_dir`` (``<lang>/LC_MESSAGES/<domain>.mo``)
    part of every lookup."""
    source = (Path(locale_dir), domain)
    with _LOCK:
        if source not in _SOURCES:
            _SOURCES.append(source)
            _LOADED.clear()


def _opened(lang: str) -> list[gettext.NullTranslations]:
    found = _LOADED.get(lang)
    if found is None:
        with _LOCK:
            found = [
                gettext.translation(domain, localedir=locale_dir, languages=[lang], fallback=True)
                for locale_dir, domain in _SOURCES
            ]
            _LOADED[lang] = found
    return found


def _lookup(key: str, lang: str) -> str | None:
    for translations in _opened(lang):
        text = translations.gettext(key)
        if text != key:
            return text
    return None


def registered() -> dict[str, dict[str, str]]:
    """The texts given in Python (:func:`register`): key -> language -> text."""
    return {key: dict(texts) for key, texts in _CATALOGUE.items()}


def register(key: str, texts: dict[str, str]) -> None:
    """Add or replace one text (used by plugins for their own strings)."""
    if "en" not in texts:
        raise ValueError(f"text {key!r} needs at least an English version")
    _CATALOGUE[key] = dict(texts)


def normalise_language(value: str | None) -> Language:
    """Map ``nl_BE``, ``fr-BE``, ``DE``, an Accept-Language value… to nl/fr/de/en (default en)."""
    if value:
        for part in value.replace("_", "-").split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return "en"


def translate(key: str, lang: str | None = "en", /, **params: Any) -> str:
    """The text ``key`` in ``lang``, with ``{placeholders}`` filled from ``params``."""
    code = normalise_language(lang)
    given = _CATALOGUE.get(key, {})
    text = _lookup(key, code) or given.get(code) or _lookup(key, "en") or given.get("en")
    if text is None:
        return key
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
