"""Tenants (organisations with a REST account), their employers and their credentials.

Credentials are checked by the core's :class:`~precontract.config.Settings` before anything is
saved (key matches certificate, certificate valid, PKCS#12 password right): a bad upload changes
nothing. The key, the PKCS#12 bundle and the password are stored encrypted and never read back to
a page; only the certificate's subject and end date are shown.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from precontract.client import PrecontractClient
from precontract.config import DEFAULT_SANDBOX_URL, Environment, Settings
from precontract.credentials import generate_credentials
from precontract.identifiers import EnterpriseNumber
from precontract.sandbox_registration import register_client
from precontract.testing import new_client_id
from precontract_ats.crypto import SecretBox
from precontract_ats.services.errors import InvalidInput
from precontract_ats.store.models import Connection, Employer, Tenant

__all__ = [
    "ClientPool",
    "add_employer",
    "archive_connection",
    "archive_tenant",
    "create_tenant",
    "list_tenants",
    "remove_employer",
    "save_credentials",
    "tenant_settings",
    "update_tenant",
]


def _environment(value: str) -> Environment:
    try:
        return Environment(value)
    except ValueError:
        raise InvalidInput(
            "environment",
            f"unknown environment {value!r}: sandbox, acceptance or production",
            setting="environment",
        ) from None


def _sandbox_url(environment: Environment, url: str | None) -> str | None:
    if environment is not Environment.SANDBOX or not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(
            "sandbox_url", "the sandbox address must be an http(s) URL", setting="sandbox_url"
        )
    return url.strip().rstrip("/")


def _name(value: str) -> str:
    name = value.strip()
    if not name:
        raise InvalidInput("name_needed", "a name is needed", setting="name")
    return name[:200]


def create_tenant(
    session: Session,
    *,
    name: str,
    requester: str,
    environment: str = "sandbox",
    sandbox_url: str | None = None,
) -> Tenant:
    """A new tenant; the requester is also added as its first employer (the common case)."""
    env = _environment(environment)
    number = EnterpriseNumber.parse(requester)
    tenant = Tenant(
        name=_name(name),
        requester=number.compact,
        environment=env.value,
        sandbox_url=_sandbox_url(env, sandbox_url),
    )
    tenant.employers.append(Employer(enterprise_number=number.compact, name=tenant.name))
    session.add(tenant)
    session.flush()
    return tenant


def update_tenant(
    session: Session,
    tenant: Tenant,
    *,
    name: str,
    requester: str,
    environment: str,
    sandbox_url: str | None = None,
) -> Tenant:
    env = _environment(environment)
    tenant.name = _name(name)
    tenant.requester = EnterpriseNumber.parse(requester).compact
    if env.value != tenant.environment:
        _forget_test(tenant)  # another environment means another REST account
    tenant.environment = env.value
    tenant.sandbox_url = _sandbox_url(env, sandbox_url)
    session.flush()
    return tenant


def _forget_test(tenant: Tenant) -> None:
    """The last "Test connection" no longer holds once the account it tested changed."""
    tenant.last_test_at = None
    tenant.last_test_ok = None
    tenant.last_test_report = None


def add_employer(session: Session, tenant: Tenant, enterprise_number: str, name: str) -> Employer:
    number = EnterpriseNumber.parse(enterprise_number)
    if any(e.enterprise_number == number.compact for e in tenant.employers):
        raise InvalidInput(
            "employer_listed",
            f"the employer {number.formatted} is already listed",
            setting="enterprise_number",
            number=number.formatted,
        )
    employer = Employer(enterprise_number=number.compact, name=_name(name))
    tenant.employers.append(employer)
    session.flush()
    return employer


def remove_employer(session: Session, tenant: Tenant, employer_id: int) -> None:
    employer = session.get(Employer, employer_id)
    if employer is None or employer.tenant_id != tenant.id:
        raise InvalidInput("employer_not_here", "no such employer", setting="employer")
    session.delete(employer)
    session.flush()


def _settings(tenant: Tenant, *, client_id: str, credentials: dict[str, Any]) -> Settings:
    # The employer of each check is given to the check itself; the requester stands in here.
    values: dict[str, Any] = {
        "environment": tenant.environment,
        "client_id": client_id,
        "requester": tenant.requester,
        "employer": tenant.requester,
        **credentials,
    }
    if tenant.sandbox_url:
        values["sandbox_url"] = tenant.sandbox_url
    return Settings(**values)


def save_credentials(
    session: Session,
    box: SecretBox,
    tenant: Tenant,
    *,
    client_id: str,
    private_key: bytes | None = None,
    certificate: bytes | None = None,
    pkcs12: bytes | None = None,
    password: str | None = None,
) -> Settings:
    """Check the uploaded credentials with the core, then store them (encrypted)."""
    if pkcs12 and (private_key or certificate):
        raise InvalidInput(
            "credentials_both",
            "upload either a PKCS#12 file, or a key and a certificate, not both",
            setting="pkcs12_file",
        )
    if not pkcs12 and not (private_key and certificate):
        raise InvalidInput(
            "credentials_missing",
            "upload the private key and the certificate (PEM), or one PKCS#12 file (.p12/.pfx)",
            setting="private_key_file",
        )
    credentials: dict[str, Any] = (
        {"pkcs12_data": pkcs12}
        if pkcs12
        else {"private_key_pem": private_key, "certificate_pem": certificate}
    )
    if password:
        credentials["key_password"] = password
    settings = _settings(tenant, client_id=client_id, credentials=credentials)
    creds = settings.credentials
    tenant.client_id = settings.client_id
    tenant.credential_kind = "pkcs12" if pkcs12 else "pem"
    tenant.private_key_enc = box.encrypt(private_key) if private_key else None
    tenant.pkcs12_enc = box.encrypt(pkcs12) if pkcs12 else None
    tenant.certificate_pem = creds.certificate_pem
    tenant.key_password_enc = box.encrypt(password) if password else None
    tenant.certificate_subject = creds.subject
    tenant.certificate_not_after = creds.not_valid_after
    _forget_test(tenant)
    session.flush()
    return settings


def register_in_sandbox(
    session: Session,
    box: SecretBox,
    tenant: Tenant,
    *,
    register: Callable[..., Any] = register_client,
) -> str:
    """Register a sandbox tenant's client ID and certificate with its sandbox (no Chaman there).

    The uploaded certificate is registered under the tenant's client ID (a new one when it has
    none); without credentials, a new key and certificate are made, registered and stored
    (encrypted) as if uploaded. Returns the client ID.
    """
    if tenant.environment != Environment.SANDBOX.value:
        raise InvalidInput(
            "not_sandbox",
            "only a sandbox tenant registers with a sandbox",
            setting="environment",
        )
    url = tenant.sandbox_url or DEFAULT_SANDBOX_URL
    if tenant.has_credentials and tenant.certificate_pem:
        client_id = tenant.client_id or new_client_id()
        register(url, client_id, tenant.certificate_pem, name=tenant.name)
        if client_id != tenant.client_id:
            tenant.client_id = client_id
            _forget_test(tenant)
        session.flush()
        return client_id
    key_pem, cert_pem = generate_credentials(tenant.name)
    client_id = new_client_id()
    register(url, client_id, cert_pem, name=tenant.name)
    save_credentials(
        session, box, tenant, client_id=client_id, private_key=key_pem, certificate=cert_pem
    )
    return client_id


def tenant_settings(tenant: Tenant, box: SecretBox) -> Settings:
    """The core's settings for this tenant (decrypting its credentials)."""
    if not tenant.has_credentials or tenant.client_id is None:
        raise InvalidInput(
            "no_credentials",
            f"the tenant {tenant.name!r} has no client ID and certificate yet: upload them first",
            setting="client_id",
            tenant=tenant.name,
        )
    credentials: dict[str, Any] = {}
    if tenant.credential_kind == "pkcs12" and tenant.pkcs12_enc is not None:
        credentials["pkcs12_data"] = box.decrypt(tenant.pkcs12_enc)
    elif tenant.private_key_enc is not None:
        credentials["private_key_pem"] = box.decrypt(tenant.private_key_enc)
        credentials["certificate_pem"] = tenant.certificate_pem
    if tenant.key_password_enc is not None:
        credentials["key_password"] = box.decrypt_text(tenant.key_password_enc)
    return _settings(tenant, client_id=tenant.client_id, credentials=credentials)


def list_tenants(session: Session) -> list[Tenant]:
    """The tenants not archived."""
    return list(
        session.scalars(select(Tenant).where(Tenant.archived_at.is_(None)).order_by(Tenant.name))
    )


def archive_tenant(session: Session, tenant: Tenant, *, now: dt.datetime) -> None:
    """Gone from the lists, its connections switched off and archived; its checks and audit
    trail stay (the values still leave when their window ends)."""
    tenant.archived_at = now
    for connection in tenant.connections:
        archive_connection(connection, now=now)


def archive_connection(connection: Connection, *, now: dt.datetime) -> None:
    """Switched off for good (the ATS's calls are refused) and gone from the tenant's list."""
    connection.archived_at = now
    connection.enabled = False


ClientFactory = Callable[[Settings], PrecontractClient]


class ClientPool:
    """One :class:`PrecontractClient` per tenant, shared by threads, renewed when the tenant's
    settings change (so the token cache and the connection pool are reused)."""

    def __init__(self, factory: ClientFactory = PrecontractClient) -> None:
        self._factory = factory
        self._clients: dict[int, tuple[dt.datetime, PrecontractClient]] = {}
        self._lock = threading.Lock()

    def client(self, tenant: Tenant, box: SecretBox) -> PrecontractClient:
        with self._lock:
            known = self._clients.get(tenant.id)
            if known is not None and known[0] == tenant.updated_at:
                return known[1]
            client = self._factory(tenant_settings(tenant, box))
            self._clients[tenant.id] = (tenant.updated_at, client)
            if known is not None:
                known[1].close()
            return client

    def close(self) -> None:
        with self._lock:
            for _, client in self._clients.values():
                client.close()
            self._clients.clear()
