"""Registering a client ID and its certificate with a running sandbox, over HTTP.

A sandbox has no Chaman: its ``POST /sandbox/clients`` control plays the access manager who
uploads a certificate. ``precontract sandbox register`` and the connector's *Register in sandbox*
both come here; each says a refusal in its own words (:attr:`SandboxRegistrationError.reason`).
Only ``requests`` is needed, not the sandbox's own server packages.
"""

from __future__ import annotations

from typing import Any, Literal

import requests

from precontract.errors import PrecontractError
from precontract.i18n import register

__all__ = ["SandboxRegistrationError", "register_client"]

Reason = Literal["unreachable", "no_controls", "refused"]

for _key, (_en, _nl, _fr) in {
    "sandbox.unreachable": (
        "No sandbox answered at {url}: check that it runs and its address.",
        "Op {url} antwoordt geen sandbox: kijk na of hij draait en wat zijn adres is.",
        "Aucun bac à sable ne répond à {url} : vérifiez qu'il tourne et son adresse.",
    ),
    "sandbox.no_controls": (
        "The sandbox at {url} has its test controls switched off (--no-controls): it cannot "
        "register a client.",
        "De sandbox op {url} heeft zijn testbediening uitgeschakeld (--no-controls): hij kan geen "
        "client registreren.",
        "Le bac à sable à {url} a ses commandes de test désactivées (--no-controls) : il ne peut "
        "pas enregistrer de client.",
    ),
    "sandbox.refused": (
        "The sandbox at {url} refused the registration (error {status}): check the certificate "
        "and the client ID.",
        "De sandbox op {url} weigerde de registratie (fout {status}): kijk het certificaat en de "
        "client-ID na.",
        "Le bac à sable à {url} a refusé l'enregistrement (erreur {status}) : vérifiez le "
        "certificat et l'identifiant client.",
    ),
}.items():
    register(_key, {"en": _en, "nl": _nl, "fr": _fr})


class SandboxRegistrationError(PrecontractError):
    """The sandbox could not be reached, has no test controls, or refused the registration."""

    def __init__(self, message: str, *, reason: Reason, url: str, status: int = 0) -> None:
        super().__init__(message, url=url, status=status)
        self.reason: Reason = reason
        self.url = url
        self.status = status
        self.message_key = f"sandbox.{reason}"


def register_client(
    sandbox_url: str,
    client_id: str,
    certificate_pem: bytes | str,
    *,
    name: str | None = None,
    timeout: float = 15,
) -> dict[str, Any]:
    """Register ``client_id`` with ``certificate_pem`` at ``sandbox_url``; the sandbox's answer
    (``clientId``, ``scopes``, ``enterpriseNumber``)."""
    url = sandbox_url.strip().rstrip("/")
    pem = certificate_pem.decode() if isinstance(certificate_pem, bytes) else certificate_pem
    body: dict[str, Any] = {"clientId": client_id, "certificatePem": pem}
    if name:
        body["name"] = name
    try:
        answer = requests.post(f"{url}/sandbox/clients", json=body, timeout=timeout)
    except requests.RequestException as exc:
        raise SandboxRegistrationError(
            f"POST {url}/sandbox/clients: {type(exc).__name__}", reason="unreachable", url=url
        ) from exc
    if answer.status_code == 404:
        raise SandboxRegistrationError(
            f"{url} has no /sandbox/clients (test controls off?)", reason="no_controls", url=url
        )
    if answer.status_code != 201:
        raise SandboxRegistrationError(
            f"POST {url}/sandbox/clients -> {answer.status_code}: {answer.text[:300]}",
            reason="refused",
            url=url,
            status=answer.status_code,
        )
    try:
        result: dict[str, Any] = answer.json()
    except ValueError:
        raise SandboxRegistrationError(
            f"POST {url}/sandbox/clients: the answer is not JSON", reason="unreachable", url=url
        ) from None
    return result
