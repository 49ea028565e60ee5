"""What an administrator typed or uploaded that the connector refuses, said in their language.

The core's :class:`~precontract.errors.ConfigurationError` speaks of "the connection to social
security"; these refusals are about a form (a tenant, an employer, an ATS connection), so each has
its own sentence. ``str()`` stays the English developer message, for logs.

>>> InvalidInput("name_needed", "a name is needed", setting="name").user_message("nl")
'Geef een naam op.'
"""

from __future__ import annotations

from typing import Any

from precontract.errors import ConfigurationError
from precontract.i18n import Language, translate
from precontract.masking import mask_ssins
from precontract_ats.ats.base import register_texts

__all__ = ["InvalidInput"]

register_texts(
    {
        "connector.input.name_needed": ("Give a name.", "Geef een naam op.", "Indiquez un nom."),
        "connector.input.key_in_use": (
            "“{label}” is already the key of another connection: each connection needs its own.",
            "“{label}” is al de sleutel van een andere koppeling: elke koppeling heeft een eigen "
            "sleutel nodig.",
            "« {label} » est déjà la clé d'une autre connexion : chaque connexion a besoin de la "
            "sienne.",
        ),
        "connector.input.too_long": (
            "The ATS sent a {what} longer than {limit} characters; the connector cannot store it.",
            "Het ATS stuurde een {what} van meer dan {limit} tekens; de connector kan die niet "
            "bewaren.",
            "L'ATS a envoyé un {what} de plus de {limit} caractères ; le connecteur ne peut pas "
            "l'enregistrer.",
        ),
        "connector.input.required": (
            "Fill in “{label}”.",
            "Vul “{label}” in.",
            "Complétez « {label} ».",
        ),
        "connector.input.not_http": (
            "“{label}” must be an address starting with https:// (or http://).",
            "“{label}” moet een adres zijn dat met https:// (of http://) begint.",
            "« {label} » doit être une adresse commençant par https:// (ou http://).",
        ),
        "connector.input.environment": (
            "Choose the sandbox, acceptance or production environment.",
            "Kies de omgeving sandbox, acceptatie of productie.",
            "Choisissez l'environnement bac à sable, acceptation ou production.",
        ),
        "connector.input.sandbox_url": (
            "The sandbox address must start with http:// or https://.",
            "Het sandbox-adres moet met http:// of https:// beginnen.",
            "L'adresse du bac à sable doit commencer par http:// ou https://.",
        ),
        "connector.input.employer_listed": (
            "The employer {number} is already in the list.",
            "De werkgever {number} staat al in de lijst.",
            "L'employeur {number} figure déjà dans la liste.",
        ),
        "connector.input.employer_not_here": (
            "This employer is not one of this tenant's employers (any more).",
            "Deze werkgever is (niet langer) een van de werkgevers van deze klant.",
            "Cet employeur ne fait pas (ou plus) partie des employeurs de ce client.",
        ),
        "connector.input.employer_unknown": (
            "The employer {number} is not one of the employers of {tenant}: an administrator "
            "adds it on the tenant's page.",
            "De werkgever {number} is geen werkgever van {tenant}: een beheerder voegt hem toe "
            "op de pagina van de klant.",
            "L'employeur {number} ne fait pas partie des employeurs de {tenant} : un "
            "administrateur l'ajoute sur la page du client.",
        ),
        "connector.input.credentials_both": (
            "Upload either one PKCS#12 file, or a private key and a certificate, not both.",
            "Laad ofwel één PKCS#12-bestand op, ofwel een privésleutel en een certificaat, niet "
            "beide.",
            "Chargez soit un fichier PKCS#12, soit une clé privée et un certificat, pas les deux.",
        ),
        "connector.input.credentials_missing": (
            "Upload the private key and the certificate (PEM files), or one PKCS#12 file "
            "(.p12/.pfx).",
            "Laad de privésleutel en het certificaat op (PEM-bestanden), of één PKCS#12-bestand "
            "(.p12/.pfx).",
            "Chargez la clé privée et le certificat (fichiers PEM), ou un fichier PKCS#12 "
            "(.p12/.pfx).",
        ),
        "connector.input.file_too_large": (
            "This file is too large for a key or a certificate: choose the right file.",
            "Dit bestand is te groot voor een sleutel of een certificaat: kies het juiste bestand.",
            "Ce fichier est trop grand pour une clé ou un certificat : choisissez le bon fichier.",
        ),
        "connector.input.no_credentials": (
            "{tenant} has no client ID and certificate yet: an administrator uploads them on the "
            "tenant's page.",
            "{tenant} heeft nog geen client-ID en certificaat: een beheerder laadt ze op via de "
            "pagina van de klant.",
            "{tenant} n'a pas encore d'identifiant client ni de certificat : un administrateur "
            "les charge sur la page du client.",
        ),
        "connector.input.not_sandbox": (
            "Only a tenant of the sandbox environment can be registered in the sandbox.",
            "Alleen een klant van de sandbox-omgeving kan in de sandbox geregistreerd worden.",
            "Seul un client de l'environnement bac à sable peut être enregistré dans le bac à "
            "sable.",
        ),
        "connector.input.connection_off": (
            "This ATS connection is switched off in the connector: an administrator can switch "
            "it on again.",
            "Deze ATS-koppeling staat uit in de connector: een beheerder kan ze weer aanzetten.",
            "Cette connexion ATS est désactivée dans le connecteur : un administrateur peut la "
            "réactiver.",
        ),
    }
)


class InvalidInput(ConfigurationError):
    """A value an administrator gave is refused; the text is ``connector.input.<code>``.

    ``label_key`` names the translated label of the field at fault (shown as ``{label}``).
    """

    def __init__(
        self, code: str, message: str, *, setting: str, label_key: str = "", **params: Any
    ) -> None:
        super().__init__(message, setting=setting)
        self.message_key = f"connector.input.{code}"
        self.label_key = label_key
        self.params.update({name: mask_ssins(str(value)) for name, value in params.items()})

    def user_message(self, lang: Language | str = "en") -> str:
        label = translate(self.label_key, lang) if self.label_key else self.setting or ""
        return translate(self.message_key, lang, **{"label": label, **self.params})
