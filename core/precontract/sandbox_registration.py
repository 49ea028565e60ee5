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

__all__ = ["SandboxRegistrationError", "register_client"]

Reason = Literal["unreachable", "no_controls", "refused"]


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
