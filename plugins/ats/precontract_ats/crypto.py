"""Secrets at rest: private keys, PKCS#12 bundles, passwords and ATS tokens are stored encrypted.

:class:`SecretBox` encrypts with Fernet (AES-128-CBC + HMAC-SHA256, authenticated) under the key(s)
of ``PRECONTRACT_CONNECTOR_SECRET_KEY``. Several comma-separated keys allow rotation: the first
encrypts, all decrypt. The same master key also derives the keys that sign session cookies and
CSRF tokens, so an operator manages one secret.

Without a key the service refuses to start, except in the clearly-labelled development mode,
where a key is generated once into a file next to the database (owner-only).

>>> box = SecretBox.generate()
>>> token = box.encrypt(b"the PEM bytes of a private key")
>>> box.decrypt(token)
b'the PEM bytes of a private key'
>>> repr(box)
'SecretBox(keys=1)'
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from precontract.errors import ConfigurationError
from precontract_ats.settings import ENV_PREFIX, ConnectorSettings, SettingProblem

__all__ = ["SecretBox", "SecretUnreadable", "generate_key", "secret_box_for", "token_hash"]

_KEY_SETTING = f"{ENV_PREFIX}SECRET_KEY"


class SecretUnreadable(ConfigurationError):
    """A stored secret cannot be decrypted: the secret key changed without keeping the old one."""

    message_key = "connector.secret_unreadable"

    def __init__(self) -> None:
        super().__init__(
            "a stored secret cannot be decrypted with the configured key(s): if the key was "
            f"rotated, keep the old key after the new one in {_KEY_SETTING}",
            setting=_KEY_SETTING,
        )


def generate_key() -> str:
    """A new random key for ``PRECONTRACT_CONNECTOR_SECRET_KEY``."""
    return Fernet.generate_key().decode("ascii")


def token_hash(value: str) -> str:
    """SHA-256 of an inbound token, to find its connection without storing the token itself.

    The tokens are long random strings, so a plain hash cannot be reversed by guessing.
    """
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


class SecretBox:
    """Encrypts and decrypts secrets; derives the signing keys of the web app."""

    def __init__(self, keys: Sequence[str | bytes]) -> None:
        if not keys:
            raise SettingProblem(
                f"no secret key: set {_KEY_SETTING} (make one with "
                "`precontract connector generate-key`)",
                _KEY_SETTING,
                "no_secret_key",
                dev_setting=f"{ENV_PREFIX}DEV_MODE",
            )
        fernets: list[Fernet] = []
        raws: list[bytes] = []
        for key in keys:
            raw = key.encode("ascii") if isinstance(key, str) else key
            try:
                fernets.append(Fernet(raw))
            except (ValueError, TypeError):
                raise SettingProblem(
                    f"{_KEY_SETTING} holds a value that is not a Fernet key (32 bytes, url-safe "
                    "base64): make one with `precontract connector generate-key`",
                    _KEY_SETTING,
                    "bad_secret_key",
                ) from None
            raws.append(raw)
        self._fernet = MultiFernet(fernets)
        self._master = raws[0]

    @classmethod
    def generate(cls) -> SecretBox:
        """A box with a fresh random key (tests and first runs)."""
        return cls([generate_key()])

    def encrypt(self, data: bytes | str) -> bytes:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return self._fernet.encrypt(raw)

    def decrypt(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken:
            raise SecretUnreadable() from None

    def decrypt_text(self, token: bytes) -> str:
        return self.decrypt(token).decode("utf-8")

    def derive(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose (cookie signing, CSRF, one-time tokens)."""
        return hmac.new(
            self._master, b"precontract-connector:" + purpose.encode(), "sha256"
        ).digest()

    def __repr__(self) -> str:
        return f"SecretBox(keys={len(self._fernet._fernets)})"


def _dev_key(settings: ConnectorSettings) -> str:
    """The development key: one file next to the database, created on first use (0600)."""
    folder = settings.sqlite_path.parent if settings.sqlite_path else Path.cwd()
    path = folder / "connector-dev.key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def secret_box_for(settings: ConnectorSettings) -> SecretBox:
    """The box for these settings; refuses to run without a key unless in development mode."""
    if settings.secret_keys:
        return SecretBox(settings.secret_keys)
    if settings.dev_mode:
        return SecretBox([_dev_key(settings)])
    raise SettingProblem(
        f"no secret key: set {_KEY_SETTING} to a key made with `precontract connector "
        f"generate-key` (or {ENV_PREFIX}DEV_MODE=1 on a developer's machine only)",
        _KEY_SETTING,
        "no_secret_key",
        dev_setting=f"{ENV_PREFIX}DEV_MODE",
    )
