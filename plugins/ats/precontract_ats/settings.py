"""The connector's own settings: where its database lives, the key that protects secrets at rest,
its public address and how often the worker runs.

Read from ``PRECONTRACT_CONNECTOR_*`` environment variables (or given as arguments):

=============================================  ================================================
``PRECONTRACT_CONNECTOR_DATABASE_URL``         SQLAlchemy URL; default a SQLite file in the
                                               user's data folder (``connector.db``)
``PRECONTRACT_CONNECTOR_SECRET_KEY``           Fernet key(s), comma-separated, newest first
                                               (``precontract connector generate-key``)
``PRECONTRACT_CONNECTOR_DEV_MODE``             ``1``: run without a secret key (a key file next
                                               to the database; never in production)
``PRECONTRACT_CONNECTOR_BASE_URL``             the public https address the ATSs call and
                                               recruiters open
``PRECONTRACT_CONNECTOR_TRUSTED_PROXIES``      addresses of the reverse proxies whose
                                               ``X-Forwarded-For`` is believed (comma-separated;
                                               default none: the peer's own address counts)
``PRECONTRACT_CONNECTOR_WORKER_INTERVAL``      seconds between two worker rounds (default 5)
``PRECONTRACT_CONNECTOR_WORKER_THREADS``       calls in flight per worker process (default 8)
``PRECONTRACT_CONNECTOR_LEASE_SECONDS``        how long a claimed item stays a worker's without
                                               being renewed (default 60; a dead worker's work
                                               is taken over after it)
``PRECONTRACT_CONNECTOR_BATCH_SIZE``           items claimed at once (default 50)
``PRECONTRACT_CONNECTOR_MAX_FAILURES``         failures in a row before an item is parked for
                                               an operator (default 8)
=============================================  ================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from precontract.audit import data_dir
from precontract.errors import ConfigurationError

__all__ = ["ENV_PREFIX", "ConnectorSettings", "default_database_url"]

ENV_PREFIX = "PRECONTRACT_CONNECTOR_"
_TRUE = {"1", "true", "yes", "on"}


def default_database_url() -> str:
    """A SQLite file in the user's data folder."""
    return f"sqlite:///{data_dir() / 'connector.db'}"


_NUMBERS: dict[str, type[int] | type[float]] = {
    "worker_interval": float,
    "worker_threads": int,
    "lease_seconds": float,
    "batch_size": int,
    "max_failures": int,
}
_BOUNDS = (
    ("worker_threads", 1, 256),
    ("lease_seconds", 2, 3600),
    ("batch_size", 1, 1000),
    ("max_failures", 1, 100),
)


class SettingProblem(ConfigurationError):
    """A setting of the connector service itself (``PRECONTRACT_CONNECTOR_*``) is wrong: said in
    the operator's language as ``connector.setting.<problem>``, naming the variable they set."""

    message_key = "connector.settings_wrong"

    def __init__(self, message: str, setting: str, problem: str, **params: Any) -> None:
        super().__init__(
            message, setting=setting, key=f"connector.setting.{problem}", setting_=setting, **params
        )


@dataclass(frozen=True)
class ConnectorSettings:
    """Everything the service needs besides what it keeps in its database."""

    database_url: str = field(default_factory=default_database_url)
    secret_keys: tuple[str, ...] = field(default=(), repr=False)
    dev_mode: bool = False
    base_url: str | None = None
    worker_interval: float = 5.0
    session_hours: float = 8.0
    worker_threads: int = 8
    trusted_proxies: tuple[str, ...] = ()
    lease_seconds: float = 60.0
    batch_size: int = 50
    max_failures: int = 8

    def __post_init__(self) -> None:
        for name, low, high in _BOUNDS:
            if not low <= getattr(self, name) <= high:
                raise SettingProblem(
                    f"{ENV_PREFIX}{name.upper()} must be between {low} and {high}",
                    f"{ENV_PREFIX}{name.upper()}",
                    "out_of_range",
                    low=low,
                    high=high,
                )
        if not self.database_url.strip():
            raise SettingProblem(
                "the database URL is empty", f"{ENV_PREFIX}DATABASE_URL", "database_url_empty"
            )
        if self.base_url is not None:
            parts = urlsplit(self.base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise SettingProblem(
                    f"{ENV_PREFIX}BASE_URL must be an http(s) address, like "
                    "https://connector.example.be",
                    f"{ENV_PREFIX}BASE_URL",
                    "base_url_invalid",
                )
            object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        if not 0.5 <= self.worker_interval <= 3600:
            raise SettingProblem(
                "the worker interval must be between 0.5 and 3600 seconds",
                f"{ENV_PREFIX}WORKER_INTERVAL",
                "out_of_range",
                low="0.5",
                high=3600,
            )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: object
    ) -> ConnectorSettings:
        """Settings from the environment; ``overrides`` (CLI options) win when not ``None``."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(ENV_PREFIX + name)
            return value.strip() if value and value.strip() else None

        values: dict[str, object] = {}
        if (url := get("DATABASE_URL")) is not None:
            values["database_url"] = url
        if (keys := get("SECRET_KEY")) is not None:
            values["secret_keys"] = tuple(k.strip() for k in keys.split(",") if k.strip())
        if (dev := get("DEV_MODE")) is not None:
            values["dev_mode"] = dev.lower() in _TRUE
        if (base := get("BASE_URL")) is not None:
            values["base_url"] = base
        if (proxies := get("TRUSTED_PROXIES")) is not None:
            values["trusted_proxies"] = tuple(p.strip() for p in proxies.split(",") if p.strip())
        for name, kind in _NUMBERS.items():
            if (raw := get(name.upper())) is not None:
                try:
                    values[name] = kind(raw)
                except ValueError:
                    raise SettingProblem(
                        f"{ENV_PREFIX}{name.upper()} is not a number",
                        f"{ENV_PREFIX}{name.upper()}",
                        "not_a_number",
                    ) from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def secure_cookies(self) -> bool:
        """Cookies are marked Secure when the service is published over https."""
        return bool(self.base_url and self.base_url.startswith("https://"))

    @property
    def sqlite_path(self) -> Path | None:
        """The database file when the URL is a SQLite file."""
        if not self.database_url.startswith("sqlite"):
            return None
        path = self.database_url.split("///", 1)[-1]
        return None if path in ("", ":memory:") else Path(path)
