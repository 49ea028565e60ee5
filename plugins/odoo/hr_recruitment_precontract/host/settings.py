"""Odoo's stored settings → the core's :class:`~precontract.config.Settings`.

The addon keeps the environment, client ID and requester in ``ir.config_parameter`` and the key
and certificate in a record only settings administrators can read; it gathers them in a
:class:`StoredConfiguration` and :func:`build_settings` checks everything before any call goes
out (missing values, a key that does not belong to the certificate, an expired certificate...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from precontract.config import Environment, Settings
from precontract.credentials import Credentials
from precontract.errors import ConfigurationError

if TYPE_CHECKING:
    from precontract.client import ConnectionReport

__all__ = [
    "PKCS12_SUFFIXES",
    "SETTING_FIELDS",
    "StoredConfiguration",
    "build_settings",
    "load_credentials",
    "report_text",
    "test_connection",
]

PKCS12_SUFFIXES = (".p12", ".pfx")

# One number for connecting and reading, as Odoo's own code passes it: Odoo's test runner
# compares every outgoing call's timeout with a number and fails on a (connect, read) pair.
ODOO_TIMEOUT = 30.0

# The core's setting names → the res.config.settings field the administrator fills in, so a
# configuration error can name the field as the administrator sees it.
SETTING_FIELDS: dict[str, str] = {
    "environment": "precontract_environment",
    "sandbox_url": "precontract_sandbox_url",
    "token_url": "precontract_environment",
    "api_url": "precontract_environment",
    "client_id": "precontract_client_id",
    "requester": "precontract_requester",
    "employer": "precontract_employer",
    "private_key_pem": "precontract_private_key_upload",
    "private_key_file": "precontract_private_key_upload",
    "pkcs12_data": "precontract_private_key_upload",
    "pkcs12_file": "precontract_private_key_upload",
    "certificate_pem": "precontract_certificate_upload",
    "certificate_file": "precontract_certificate_upload",
    "key_password": "precontract_key_password",
}


@dataclass(frozen=True)
class StoredConfiguration:
    """The settings as Odoo stores them (empty values as ``None``)."""

    environment: str | None = None
    sandbox_url: str | None = None
    client_id: str | None = None
    requester: str | None = None
    employer: str | None = None
    private_key: bytes | None = None
    key_filename: str | None = None
    certificate: bytes | None = None
    key_password: str | None = None

    def __repr__(self) -> str:  # the key and its password never appear in logs or tracebacks
        return (
            f"StoredConfiguration(environment={self.environment!r}, client_id={self.client_id!r}, "
            f"requester={self.requester!r}, employer={self.employer!r}, "
            f"private_key={'(set)' if self.private_key else None}, "
            f"certificate={'(set)' if self.certificate else None})"
        )

    @property
    def is_pkcs12(self) -> bool:
        """True when the uploaded key file is a PKCS#12 bundle (key and certificate together)."""
        return bool(self.key_filename) and str(self.key_filename).lower().endswith(PKCS12_SUFFIXES)


def _require(value: str | None, setting: str, what: str) -> str:
    if not value or not value.strip():
        raise ConfigurationError(f"{setting} is not set: {what}", setting=setting)
    return value.strip()


def _private_key(config: StoredConfiguration) -> bytes:
    if not config.private_key:
        raise ConfigurationError(
            "private_key_pem is not set: upload the private key of the certificate registered "
            "in Chaman",
            setting="private_key_pem",
        )
    return config.private_key


def build_settings(config: StoredConfiguration) -> Settings:
    """Check and build the core's settings; raise :class:`ConfigurationError` naming the setting."""
    client_id = _require(config.client_id, "client_id", "copy the client ID Chaman shows")
    requester = _require(
        config.requester, "requester", "give the enterprise number of the REST account holder"
    )
    private_key = _private_key(config)
    kwargs: dict[str, object] = {
        "environment": config.environment or Environment.SANDBOX.value,
        "client_id": client_id,
        "requester": requester,
        "connect_timeout": ODOO_TIMEOUT,
        "read_timeout": ODOO_TIMEOUT,
    }
    if config.sandbox_url:
        kwargs["sandbox_url"] = config.sandbox_url
    if config.employer:
        kwargs["employer"] = config.employer
    if config.key_password:
        kwargs["key_password"] = config.key_password
    if config.is_pkcs12:
        kwargs["pkcs12_data"] = private_key
    else:
        kwargs["private_key_pem"] = private_key
        if config.certificate:
            kwargs["certificate_pem"] = config.certificate
    return Settings.model_validate(kwargs)


def load_credentials(config: StoredConfiguration) -> Credentials:
    """The uploaded key and certificate, checked before they are stored.

    The same checks as :func:`build_settings`, without the account's other settings. Raises
    :class:`ConfigurationError` naming the setting: a key that does not belong to the certificate,
    a wrong password, a certificate not valid today (named in the field it was uploaded in).
    """
    private_key = _private_key(config)
    password = config.key_password.encode() if config.key_password else None
    if config.is_pkcs12:
        credentials = Credentials.from_pkcs12(private_key, password=password, setting="pkcs12_data")
        credentials.check_validity(setting="pkcs12_data")
        return credentials
    credentials = Credentials.from_pem(
        private_key,
        config.certificate,
        password=password,
        key_setting="private_key_pem",
        certificate_setting="certificate_pem",
    )
    credentials.check_validity(setting="certificate_pem")
    return credentials


def test_connection(settings: Settings) -> ConnectionReport:
    """The core's connection test: certificate, sign-in, permissions, each in plain words."""
    from precontract.client import PrecontractClient

    with PrecontractClient(settings) as client:
        return client.test_connection()


def report_text(report: ConnectionReport, lang: str) -> tuple[str, str]:
    """``(message, kind)`` for a notification: the verdict, then one line per check."""
    from precontract.client import CheckStatus

    if not report.ok:
        kind = "danger"
    elif any(check.status is CheckStatus.WARNING for check in report.checks):
        kind = "warning"
    else:
        kind = "success"
    # A notification shows plain text on one block: keep the lines, separated clearly.
    return "  ".join(report.summary(lang).splitlines()), kind
