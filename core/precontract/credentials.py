"""The organisation's key and certificate: loading, checking, and the ``x5t#S256`` thumbprint.

The social security binds a REST account (client ID) to the certificate uploaded in Chaman; the
token request is signed with that certificate's private key. This module reads the pair from PEM
(encrypted or not), DER or PKCS#12, checks that the key belongs to the certificate and that the
certificate is valid now, and says exactly what is wrong otherwise (naming the setting).

>>> key_pem, cert_pem = generate_credentials("doctest")
>>> creds = Credentials.from_pem(key_pem, cert_pem)
>>> creds.subject
'CN=doctest'
>>> "PRIVATE" in repr(creds) or "BEGIN" in repr(creds)     # the key never shows
False
>>> len(creds.thumbprint_s256)                              # base64url SHA-256, no padding
43
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import NoReturn

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from precontract.errors import ConfigurationError
from precontract.timeutil import system_clock

__all__ = ["MIN_KEY_SIZE", "Credentials", "generate_credentials"]

MIN_KEY_SIZE = 2048
"""RS256 with a shorter RSA key is not considered safe (NIST SP 800-131A)."""


class Credentials:
    """A private key and the certificate it belongs to (as registered in Chaman).

    Build one with :meth:`from_pem` or :meth:`from_pkcs12`; both check that the key matches the
    certificate. :meth:`check_validity` checks the certificate's dates. The private key is never
    shown by ``repr()`` or ``str()``.
    """

    __slots__ = ("_certificate", "_private_key")

    def __init__(self, private_key: rsa.RSAPrivateKey, certificate: x509.Certificate) -> None:
        self._private_key = private_key
        self._certificate = certificate

    # ----------------------------------------------------------------------------- loading

    @classmethod
    def from_pem(
        cls,
        private_key: bytes,
        certificate: bytes | None,
        *,
        password: bytes | None = None,
        key_setting: str = "private_key_file",
        certificate_setting: str = "certificate_file",
        password_setting: str = "key_password",  # noqa: S107 - a setting name
    ) -> Credentials:
        """Load a private key (PEM, encrypted PEM or DER) and its certificate (PEM chain or DER).

        ``certificate`` may be ``None`` when the key file also holds the certificate. The
        ``*_setting`` names appear in error messages so an administrator knows what to fix.
        """
        key = _load_private_key(private_key, password, key_setting, password_setting)
        cert_data = certificate if certificate is not None else private_key
        cert_setting = certificate_setting if certificate is not None else key_setting
        candidates = _load_certificates(cert_data, cert_setting, required=certificate is not None)
        if not candidates:
            raise ConfigurationError(
                f"{certificate_setting} is missing: give the certificate (.cer/.pem) whose public "
                "key was uploaded in Chaman",
                setting=certificate_setting,
                key="config.certificate_missing",
            )
        return cls._matching(key, candidates, key_setting, cert_setting)

    @classmethod
    def from_pkcs12(
        cls,
        data: bytes,
        *,
        password: bytes | None = None,
        setting: str = "pkcs12_file",
        password_setting: str = "key_password",  # noqa: S107 - a setting name
    ) -> Credentials:
        """Load the key and certificate from a PKCS#12 (.p12/.pfx) bundle."""
        if not data:
            raise ConfigurationError(
                f"{setting} is empty", setting=setting, key="config.pkcs12_empty", setting_=setting
            )
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(data, password)
        except ValueError:
            if password is None:
                raise ConfigurationError(
                    f"{setting} could not be opened: it is not a PKCS#12 bundle, or it is "
                    f"protected by a password (set {password_setting})",
                    setting=password_setting,
                    key="config.pkcs12_password_needed",
                    setting_=setting,
                    password_setting=password_setting,
                ) from None
            raise ConfigurationError(
                f"{setting} could not be opened: {password_setting} is wrong, or the file is "
                "not a PKCS#12 bundle",
                setting=password_setting,
                key="config.pkcs12_password_wrong",
                setting_=setting,
                password_setting=password_setting,
            ) from None
        if key is None:
            raise ConfigurationError(
                f"{setting} holds no private key: export the certificate together with its key",
                setting=setting,
                key="config.pkcs12_no_key",
                setting_=setting,
            )
        rsa_key = _require_rsa(key, setting)
        candidates = [c for c in [cert, *extra] if c is not None]
        if not candidates:
            raise ConfigurationError(
                f"{setting} holds no certificate",
                setting=setting,
                key="config.pkcs12_no_certificate",
                setting_=setting,
            )
        return cls._matching(rsa_key, candidates, setting, setting)

    @classmethod
    def _matching(
        cls,
        key: rsa.RSAPrivateKey,
        certificates: list[x509.Certificate],
        key_setting: str,
        certificate_setting: str,
    ) -> Credentials:
        public = key.public_key().public_numbers()
        for cert in certificates:
            cert_key = cert.public_key()
            if isinstance(cert_key, rsa.RSAPublicKey) and cert_key.public_numbers() == public:
                return cls(key, cert)
        subject = certificates[0].subject.rfc4514_string()
        raise ConfigurationError(
            f"the private key ({key_setting}) does not belong to the certificate "
            f"({certificate_setting}, {subject}): use the key of the certificate uploaded in "
            "Chaman, or upload this key's certificate there",
            setting=key_setting,
            key="config.key_mismatch",
            key_setting=key_setting,
            certificate_setting=certificate_setting,
            subject=subject,
        )

    # ----------------------------------------------------------------------------- checks

    def check_validity(
        self, now: dt.datetime | None = None, *, setting: str = "certificate_file"
    ) -> None:
        """Raise :class:`ConfigurationError` when the certificate is expired or not yet valid."""
        moment = now or system_clock()
        if moment < self.not_valid_before:
            raise ConfigurationError(
                f"the certificate ({setting}, {self.subject}) is not valid before "
                f"{self.not_valid_before:%Y-%m-%d %H:%M} UTC: check this computer's clock, "
                "or wait until it becomes valid",
                setting=setting,
                key="config.certificate_not_yet_valid",
                setting_=setting,
                subject=self.subject,
                moment=f"{self.not_valid_before:%d/%m/%Y %H:%M}",
            )
        if moment >= self.not_valid_after:
            raise ConfigurationError(
                f"the certificate ({setting}, {self.subject}) expired on "
                f"{self.not_valid_after:%Y-%m-%d %H:%M} UTC: renew it and upload the new "
                "certificate in Chaman",
                setting=setting,
                key="config.certificate_expired",
                setting_=setting,
                subject=self.subject,
                moment=f"{self.not_valid_after:%d/%m/%Y %H:%M}",
            )

    def expires_within(self, delta: dt.timedelta, now: dt.datetime | None = None) -> bool:
        """True when the certificate ends within ``delta`` from ``now`` (time to renew it)."""
        return self.not_valid_after - (now or system_clock()) <= delta

    # ----------------------------------------------------------------------------- views

    @property
    def private_key(self) -> rsa.RSAPrivateKey:
        """The key that signs client assertions (never log or show it)."""
        return self._private_key

    @property
    def certificate(self) -> x509.Certificate:
        return self._certificate

    @property
    def certificate_pem(self) -> bytes:
        return self._certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def subject(self) -> str:
        return self._certificate.subject.rfc4514_string()

    @property
    def not_valid_before(self) -> dt.datetime:
        return self._certificate.not_valid_before_utc

    @property
    def not_valid_after(self) -> dt.datetime:
        return self._certificate.not_valid_after_utc

    @property
    def thumbprint_s256(self) -> str:
        """The ``x5t#S256`` JWS header value: base64url SHA-256 of the DER certificate."""
        der = self._certificate.public_bytes(serialization.Encoding.DER)
        return base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()

    @property
    def key_size(self) -> int:
        return self._private_key.key_size

    def __repr__(self) -> str:
        return (
            f"Credentials(subject={self.subject!r}, "
            f"not_valid_after={self.not_valid_after:%Y-%m-%d}, "
            f"x5t#S256={self.thumbprint_s256!r})"
        )

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        # Pickling would write the key in clear wherever the pickle goes.
        raise TypeError("Credentials cannot be pickled (they hold a private key)")


# --------------------------------------------------------------------------------- helpers


def _load_private_key(
    data: bytes, password: bytes | None, setting: str, password_setting: str
) -> rsa.RSAPrivateKey:
    if not data or not data.strip():
        raise ConfigurationError(
            f"{setting} is missing: give the private key of the certificate uploaded in Chaman",
            setting=setting,
            key="config.key_missing",
        )
    loader = (
        serialization.load_pem_private_key
        if b"-----BEGIN" in data
        else serialization.load_der_private_key
    )
    try:
        key = loader(data, password)
    except TypeError:
        if password is None:
            raise ConfigurationError(
                f"the private key ({setting}) is encrypted: set {password_setting}",
                setting=password_setting,
                key="config.key_encrypted",
                setting_=setting,
                password_setting=password_setting,
            ) from None
        # A password for a key that is not encrypted: the key is still usable.
        key = loader(data, None)
    except ValueError:
        if password is not None and b"ENCRYPTED" in data:
            raise ConfigurationError(
                f"{password_setting} does not decrypt the private key ({setting})",
                setting=password_setting,
                key="config.key_password_wrong",
                setting_=setting,
                password_setting=password_setting,
            ) from None
        raise ConfigurationError(
            f"{setting} is not a private key in PEM or DER format "
            "(a certificate or a PKCS#12 bundle? use certificate_file or pkcs12_file)",
            setting=setting,
            key="config.key_unreadable",
            setting_=setting,
        ) from None
    except UnsupportedAlgorithm:
        raise ConfigurationError(
            f"{setting} could not be read as a private key",
            setting=setting,
            key="config.key_unsupported",
            setting_=setting,
        ) from None
    return _require_rsa(key, setting)


def _require_rsa(key: object, setting: str) -> rsa.RSAPrivateKey:
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ConfigurationError(
            f"the private key ({setting}) is not an RSA key: the social security signs with "
            "RS256, which needs an RSA key",
            setting=setting,
            key="config.key_not_rsa",
            setting_=setting,
        )
    if key.key_size < MIN_KEY_SIZE:
        raise ConfigurationError(
            f"the private key ({setting}) has {key.key_size} bits: at least {MIN_KEY_SIZE} "
            "are needed",
            setting=setting,
            key="config.key_too_small",
            setting_=setting,
            bits=key.key_size,
            minimum=MIN_KEY_SIZE,
        )
    return key


def _load_certificates(data: bytes, setting: str, *, required: bool) -> list[x509.Certificate]:
    if b"-----BEGIN CERTIFICATE-----" in data:
        try:
            return list(x509.load_pem_x509_certificates(data))
        except ValueError:
            raise ConfigurationError(
                f"{setting} holds a damaged PEM certificate",
                setting=setting,
                key="config.certificate_damaged",
                setting_=setting,
            ) from None
    if not required:
        return []
    if not data.strip():
        raise ConfigurationError(
            f"{setting} is missing: give the certificate (.cer/.pem) whose public key was "
            "uploaded in Chaman",
            setting=setting,
            key="config.certificate_missing",
        )
    try:
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise ConfigurationError(
            f"{setting} is not a certificate in PEM or DER (.cer) format",
            setting=setting,
            key="config.certificate_unreadable",
            setting_=setting,
        ) from None


def generate_credentials(
    common_name: str = "precontract demo",
    *,
    days: int = 365,
    key_size: int = 2048,
    not_before: dt.datetime | None = None,
) -> tuple[bytes, bytes]:
    """A new RSA key and a self-signed certificate for it: ``(private_key_pem, certificate_pem)``.

    For the sandbox, the demo and tests only: the real certificate is the organisation's own.
    ``not_before`` (default: a minute ago) lets tests build expired or future certificates.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    start = not_before or (system_clock() - dt.timedelta(minutes=1))
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)
