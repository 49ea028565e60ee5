"""One settings object: which environment, which REST account, which key, how patient to be.

Build :class:`Settings` directly (a plugin that keeps its settings in a database), or with
:meth:`Settings.load`, which reads, from strongest to weakest: its keyword arguments,
``PRECONTRACT_*`` environment variables, a TOML file (``path``, or ``PRECONTRACT_CONFIG``), and
the defaults. ``docs/configuration.md`` lists every setting.

Everything is checked when the object is built, before any call goes out: the key and the
certificate must be present and belong together, the certificate must be valid now, the
enterprise numbers must be valid. A problem raises :class:`~precontract.errors.ConfigurationError`
naming the setting; secrets (the key, its password) never appear in messages or ``repr()``.

>>> from precontract.credentials import generate_credentials
>>> key, cert = generate_credentials("doctest")
>>> s = Settings(client_id="self_service_chaman_1_x", private_key_pem=key, certificate_pem=cert,
...              requester="0123.456.749")
>>> s.environment.value, s.token_url, s.employer.formatted   # employer defaults to the requester
('sandbox', 'http://127.0.0.1:8765/REST/oauth/v5/token', '0123.456.749')
>>> Settings.load(env={}, environment="production", client_id="c", private_key_pem=key,
...               certificate_pem=cert, requester="0123456749").api_url
'https://services.socialsecurity.be/REST'
>>> Settings(client_id="c", private_key_pem=key, certificate_pem=cert, requester="0123456789")
Traceback (most recent call last):
    ...
precontract.errors.ConfigurationError: requester: the enterprise number 0123456789 has wrong check digits (the last two digits)
"""

from __future__ import annotations

import enum
import os
import random as _random
import stat
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Self, TypeAlias
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretBytes,
    SecretStr,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from precontract.credentials import Credentials
from precontract.errors import ConfigurationError, PrecontractError, problem
from precontract.i18n import Text
from precontract.identifiers import EnterpriseNumber

__all__ = [
    "CONFIG_ENV_VAR",
    "DEFAULT_SANDBOX_URL",
    "ENV_PREFIX",
    "MAX_FILE_BYTES",
    "Environment",
    "RetryPolicy",
    "Settings",
    "Timeout",
    "read_file",
]

# Seconds: one number for connecting and reading, or a ``(connect, read)`` pair (as requests).
Timeout: TypeAlias = float | tuple[float, float]

ENV_PREFIX = "PRECONTRACT_"
CONFIG_ENV_VAR = "PRECONTRACT_CONFIG"
DEFAULT_SANDBOX_URL = "http://127.0.0.1:8765"


class Environment(enum.StrEnum):
    """Where the calls go: the local sandbox, or the social security's acceptance/production."""

    SANDBOX = "sandbox"
    ACCEPTANCE = "acceptance"
    PRODUCTION = "production"


# The published hosts (see docs/configuration.md); the sandbox's hang off ``sandbox_url``.
_PUBLISHED_HOSTS = {
    Environment.ACCEPTANCE: "https://services-acpt.socialsecurity.be",
    Environment.PRODUCTION: "https://services.socialsecurity.be",
}
_TOKEN_PATH = "/REST/oauth/v5/token"  # noqa: S105 - a URL path
_API_PATH = "/REST"


def default_urls(environment: Environment, sandbox_url: str) -> tuple[str, str]:
    """``(token_url, api_url)`` of an environment."""
    base = _PUBLISHED_HOSTS.get(environment, sandbox_url.rstrip("/"))
    return base + _TOKEN_PATH, base + _API_PATH


class RetryPolicy(BaseModel):
    """How often and how patiently a call is repeated when repeating it is safe.

    Only calls that cannot have been applied twice are repeated: GET/DELETE, and any call the
    server refused with 429/503, or that never reached it. ``max_retries`` bounds the repeats;
    the wait doubles from ``backoff_factor`` up to ``backoff_max`` seconds, with jitter; a
    server's ``Retry-After`` is honoured up to ``max_retry_after`` seconds (a longer wait is not
    attempted: the error is raised with the server's hint).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_retries: int = Field(default=3, ge=0, le=10)
    backoff_factor: float = Field(default=0.5, ge=0, le=60)
    backoff_max: float = Field(default=8.0, ge=0, le=300)
    max_retry_after: float = Field(default=30.0, ge=0, le=600)

    def backoff(self, retry: int, rand: Callable[[], float] = _random.random) -> float:
        """Seconds to wait before retry number ``retry`` (1, 2, ...): half fixed, half jitter."""
        ceiling = min(self.backoff_max, self.backoff_factor * 2.0 ** max(retry - 1, 0))
        return ceiling / 2 + rand() * ceiling / 2


class Settings(BaseModel):
    """The settings of one REST account in one environment.

    Give the key and certificate one way: ``private_key_file`` + ``certificate_file`` (PEM or
    DER; the key may be encrypted with ``key_password``), or ``pkcs12_file`` (+ ``key_password``),
    or the same in memory: ``private_key_pem`` + ``certificate_pem``, or ``pkcs12_data``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    environment: Environment = Environment.SANDBOX
    sandbox_url: str = DEFAULT_SANDBOX_URL
    token_url: str = ""
    api_url: str = ""
    client_id: str

    private_key_file: Path | None = None
    certificate_file: Path | None = None
    pkcs12_file: Path | None = None
    private_key_pem: SecretBytes | None = None
    certificate_pem: bytes | None = Field(default=None, repr=False)
    pkcs12_data: SecretBytes | None = None
    key_password: SecretStr | None = None

    requester: EnterpriseNumber
    # The employer checking for itself holds the REST account: the common case.
    employer: EnterpriseNumber = Field(default_factory=lambda data: data["requester"])
    scope: str | None = None

    connect_timeout: float = Field(default=5.0, gt=0, le=120)
    read_timeout: float = Field(default=30.0, gt=0, le=600)
    token_leeway: float = Field(default=30.0, ge=0, le=240)
    pool_size: int = Field(default=10, ge=1, le=100)
    ca_bundle: Path | None = None
    # Where the workflow records who consulted what (JSON lines); None: the user's data folder.
    audit_log: Path | None = None
    retry: RetryPolicy = Field(default_factory=RetryPolicy)

    _credentials: Credentials | None = PrivateAttr(default=None)
    _sources: dict[str, str] = PrivateAttr(default_factory=dict)

    # ----------------------------------------------------------------------------- validation

    @model_validator(mode="before")
    @classmethod
    def _fill_defaults(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        values = dict(data)
        if values.get("employer") in (None, ""):
            values.pop("employer", None)  # defaults to the requester
        try:
            environment = Environment(values.get("environment") or Environment.SANDBOX)
        except ValueError:
            return values  # the field validation names the bad value
        token_url, api_url = default_urls(
            environment, str(values.get("sandbox_url") or DEFAULT_SANDBOX_URL)
        )
        if not values.get("token_url"):
            values["token_url"] = token_url
        if not values.get("api_url"):
            values["api_url"] = api_url
        return values

    @field_validator("client_id")
    @classmethod
    def _check_client_id(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise PydanticCustomError(
                "config.client_id_empty", "the client ID is empty: copy it from Chaman"
            )
        if any(ch.isspace() for ch in value):
            raise PydanticCustomError(
                "config.client_id_spaces", "the client ID holds spaces: copy it again from Chaman"
            )
        return value

    @field_validator("scope")
    @classmethod
    def _check_scope(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("sandbox_url", "token_url", "api_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PydanticCustomError("config.not_a_url", "not an http(s) URL")
        return value.strip().rstrip("/")

    @model_validator(mode="after")
    def _check_consistency(self) -> Self:
        if self.environment is not Environment.SANDBOX:
            for name in ("token_url", "api_url"):
                if not getattr(self, name).startswith("https://"):
                    raise ConfigurationError(
                        f"{name} must use https outside the sandbox (environment "
                        f"{self.environment.value})",
                        setting=name,
                        key="config.https_needed",
                        setting_=name,
                        environment=self.environment.value,
                    )
        if self.ca_bundle is not None and not self.ca_bundle.exists():
            raise _file_error(
                f"ca_bundle: {self.ca_bundle} does not exist",
                "file_missing",
                "ca_bundle",
                self.ca_bundle,
            )
        self._credentials = self._load_credentials()
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _as_configuration_error(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # One error type for every configuration problem, naming the setting and never the value.
        try:
            return handler(data)
        except ValidationError as exc:
            raise _configuration_error(exc) from None

    def _load_credentials(self) -> Credentials:
        password = (
            self.key_password.get_secret_value().encode() if self.key_password is not None else None
        )
        pkcs12_given = [n for n in ("pkcs12_file", "pkcs12_data") if getattr(self, n) is not None]
        pem_given = [
            n
            for n in ("private_key_file", "private_key_pem", "certificate_file", "certificate_pem")
            if getattr(self, n) is not None
        ]
        if len(pkcs12_given) > 1:
            raise _both("pkcs12_file", "pkcs12_data")
        if pkcs12_given and pem_given:
            raise _both(pkcs12_given[0], pem_given[0])
        if self.pkcs12_file is not None:
            data = read_file(self.pkcs12_file, "pkcs12_file")
            credentials = Credentials.from_pkcs12(data, password=password, setting="pkcs12_file")
            cert_setting = "pkcs12_file"
        elif self.pkcs12_data is not None:
            credentials = Credentials.from_pkcs12(
                self.pkcs12_data.get_secret_value(), password=password, setting="pkcs12_data"
            )
            cert_setting = "pkcs12_data"
        else:
            key_setting, key = self._key_source()
            cert_setting, cert = self._certificate_source()
            credentials = Credentials.from_pem(
                key,
                cert,
                password=password,
                key_setting=key_setting,
                certificate_setting=cert_setting,
            )
        credentials.check_validity(setting=cert_setting)
        return credentials

    def _key_source(self) -> tuple[str, bytes]:
        if self.private_key_file is not None and self.private_key_pem is not None:
            raise _both("private_key_file", "private_key_pem")
        if self.private_key_file is not None:
            return "private_key_file", read_file(self.private_key_file, "private_key_file")
        if self.private_key_pem is not None:
            return "private_key_pem", self.private_key_pem.get_secret_value()
        raise ConfigurationError(
            "no private key: set private_key_file and certificate_file (PEM), or pkcs12_file "
            "(environment variables PRECONTRACT_PRIVATE_KEY_FILE, PRECONTRACT_CERTIFICATE_FILE, "
            "PRECONTRACT_PKCS12_FILE)",
            setting="private_key_file",
            key="config.credentials_missing",
        )

    def _certificate_source(self) -> tuple[str, bytes | None]:
        if self.certificate_file is not None and self.certificate_pem is not None:
            raise _both("certificate_file", "certificate_pem")
        if self.certificate_file is not None:
            return "certificate_file", read_file(self.certificate_file, "certificate_file")
        if self.certificate_pem is not None:
            return "certificate_pem", self.certificate_pem
        # The key file may hold the certificate too; Credentials says so when it does not.
        return "certificate_file", None

    # ----------------------------------------------------------------------------- views

    @property
    def credentials(self) -> Credentials:
        """The checked key and certificate."""
        if self._credentials is None:  # pragma: no cover - set by validation
            raise ConfigurationError(
                "the credentials were not loaded",
                setting="private_key_file",
                key="config.credentials_missing",
            )
        return self._credentials

    @property
    def timeout(self) -> Timeout:
        """``(connect, read)`` seconds, as requests wants them; one number when both are equal.

        requests means the same by both forms, but some hosts only understand a number: Odoo's
        test runner compares every call's timeout with 10 and fails on a pair.
        """
        if self.connect_timeout == self.read_timeout:
            return self.connect_timeout
        return (self.connect_timeout, self.read_timeout)

    @property
    def sources(self) -> dict[str, str]:
        """Where each setting came from when built by :meth:`load` (argument, environment, file)."""
        return dict(self._sources)

    def describe(self) -> dict[str, str]:
        """Every setting as text for ``precontract config show``; secrets are hidden.

        >>> from precontract.credentials import generate_credentials
        >>> key, cert = generate_credentials("doctest")
        >>> shown = Settings(client_id="c", private_key_pem=key, certificate_pem=cert,
        ...                  key_password="s3cret", requester="0123456749").describe()
        >>> shown["private_key_pem"], shown["key_password"], shown["certificate_subject"]
        ('(set, hidden)', '(set, hidden)', 'CN=doctest')
        """
        creds = self.credentials
        lines: dict[str, str] = {
            "environment": self.environment.value,
            "sandbox_url": self.sandbox_url,
            "token_url": self.token_url,
            "api_url": self.api_url,
            "client_id": self.client_id,
        }
        for name in ("private_key_file", "certificate_file", "pkcs12_file"):
            value = getattr(self, name)
            if value is not None:
                lines[name] = str(value)
        for name in ("private_key_pem", "pkcs12_data", "key_password"):
            lines[name] = "(set, hidden)" if getattr(self, name) is not None else "(not set)"
        if self.certificate_pem is not None:
            lines["certificate_pem"] = "(set)"
        lines.update(
            {
                "certificate_subject": creds.subject,
                "certificate_valid_from": f"{creds.not_valid_before:%Y-%m-%d %H:%M} UTC",
                "certificate_valid_until": f"{creds.not_valid_after:%Y-%m-%d %H:%M} UTC",
                "certificate_x5t#S256": creds.thumbprint_s256,
                "requester": self.requester.formatted,
                "employer": self.employer.formatted,
                "scope": self.scope or "(default scopes of the client)",
                "connect_timeout": f"{self.connect_timeout:g} s",
                "read_timeout": f"{self.read_timeout:g} s",
                "token_leeway": f"{self.token_leeway:g} s",
                "pool_size": str(self.pool_size),
                "ca_bundle": str(self.ca_bundle) if self.ca_bundle else "(system default)",
                "audit_log": str(self.audit_log) if self.audit_log else "(user data folder)",
                "retry.max_retries": str(self.retry.max_retries),
                "retry.backoff_factor": f"{self.retry.backoff_factor:g} s",
                "retry.backoff_max": f"{self.retry.backoff_max:g} s",
                "retry.max_retry_after": f"{self.retry.max_retry_after:g} s",
            }
        )
        return lines

    # ----------------------------------------------------------------------------- loading

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> Settings:
        """Build settings from arguments > ``PRECONTRACT_*`` variables > TOML file > defaults.

        ``path`` is a TOML file (default: the file named by ``PRECONTRACT_CONFIG``, if any);
        relative paths inside it are relative to the file. ``env`` replaces ``os.environ`` (pass
        ``{}`` to ignore the environment). Arguments that are ``None`` count as not given.
        """
        environ = os.environ if env is None else env
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}

        config_path = path if path is not None else environ.get(CONFIG_ENV_VAR) or None
        if config_path is not None:
            for name, value in _read_toml(Path(config_path)).items():
                _merge(values, sources, name, value, lambda _: f"file {config_path}")
        for name, value in _from_environment(environ).items():
            _merge(values, sources, name, value, lambda n: f"environment {_env_name(n)}")
        for name, value in overrides.items():
            if value is not None:
                _merge(values, sources, name, value, lambda _: "argument")

        settings = cls.model_validate(values)
        for name in cls.model_fields:
            sources.setdefault(name, "default")
        settings._sources = sources
        return settings

    def __repr_args__(self) -> Any:
        # Keep repr() short and free of the certificate body; secrets are SecretStr/Bytes anyway.
        for name, value in super().__repr_args__():
            if name in ("environment", "client_id", "token_url", "api_url", "requester"):
                yield name, value


# --------------------------------------------------------------------------------- helpers

_MISSING_HINTS = {
    "client_id": "client_id is missing: copy the client ID that Chaman shows for the REST "
    "webservice account (it looks like self_service_chaman_<digits>_<random>)",
    "requester": "requester is missing: the enterprise number (KBO/BCE) of the organisation "
    "holding the REST account",
}
# pydantic's error types -> the problem's text; its context's limit is said as {limit}.
_PROBLEMS = {
    "enum": "config.not_one_of",
    "literal_error": "config.not_one_of",
    "int_parsing": "config.not_a_number",
    "int_type": "config.not_a_number",
    "int_from_float": "config.not_a_number",
    "float_parsing": "config.not_a_number",
    "float_type": "config.not_a_number",
    "greater_than": "config.more_than",
    "greater_than_equal": "config.at_least",
    "less_than": "config.less_than",
    "less_than_equal": "config.at_most",
    "bool_parsing": "config.not_yes_or_no",
    "bool_type": "config.not_yes_or_no",
}
_LIMITS = ("gt", "ge", "lt", "le")


def _problem_of(error: Any, setting: str) -> Text:
    """One pydantic error as the user's problem (its own English never reaches them)."""
    kind = str(error["type"])
    context = error.get("ctx") or {}
    cause = context.get("error")
    if kind == "missing":
        return problem(
            f"config.{setting}_missing" if setting in _MISSING_HINTS else "config.setting_missing",
            setting_=setting,
        )
    if kind == "extra_forbidden":
        return problem("config.unknown_setting", setting_=setting)
    if kind.startswith("config."):
        return problem(kind, setting_=setting)
    if isinstance(cause, PrecontractError):
        return problem("config.setting_refused", setting_=setting, reason=cause.text())
    if kind in _PROBLEMS:
        limit = next((context[name] for name in _LIMITS if name in context), "")
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)  # "at least 1", not "1.0"
        return problem(
            _PROBLEMS[kind],
            setting_=setting,
            expected=str(context.get("expected", "")).replace(" or ", ", "),
            limit=str(limit),
        )
    return problem("config.setting_invalid", setting_=setting)


def _configuration_error(exc: ValidationError) -> ConfigurationError:
    problems: list[str] = []
    texts: list[Text] = []
    settings: list[str] = []
    first: str | None = None
    for error in exc.errors(include_input=False, include_url=False):
        setting = ".".join(str(part) for part in error["loc"]) or "settings"
        first = first or setting
        kind = error["type"]
        if kind == "default_factory_not_called":
            continue  # the employer defaults to an invalid requester: said once, for the requester
        texts.append(_problem_of(error, setting))
        settings.append(setting)
        if kind == "missing":
            problems.append(_MISSING_HINTS.get(setting, f"{setting} is missing"))
        elif kind == "extra_forbidden":
            problems.append(f"{setting} is not a known setting (see docs/configuration.md)")
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{setting}: {message}")
    return ConfigurationError("; ".join(problems), setting=first, problems=texts, settings=settings)


def _both(setting: str, other: str) -> ConfigurationError:
    return ConfigurationError(
        f"give {setting} or {other}, not both",
        setting=setting,
        key="config.both",
        setting_=setting,
        other_setting=other,
    )


# Far above any key, certificate, PKCS#12 bundle or configuration; a bigger file is the wrong one.
MAX_FILE_BYTES = 1024 * 1024


def read_file(path: Path, setting: str) -> bytes:
    """The file's bytes, read at most :data:`MAX_FILE_BYTES` (+1) of: a device (``/dev/zero``),
    a pipe or a huge file is refused instead of filling the memory."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        descriptor = os.open(path.expanduser(), os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise _file_error(
            f"{setting}: {path} does not exist", "file_missing", setting, path
        ) from None
    except IsADirectoryError:
        raise _file_error(
            f"{setting}: {path} is a directory, not a file", "file_is_directory", setting, path
        ) from None
    except PermissionError:
        raise _file_error(
            f"{setting}: {path} cannot be read (permission denied)",
            "file_not_allowed",
            setting,
            path,
        ) from None
    except OSError as exc:
        raise _file_error(
            f"{setting}: {path} cannot be read ({exc.strerror})", "file_unreadable", setting, path
        ) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise _file_error(
                f"{setting}: {path} is a directory, not a file", "file_is_directory", setting, path
            )
        if not stat.S_ISREG(mode):
            raise _file_error(
                f"{setting}: {path} is not a regular file (a device or a pipe?)",
                "file_not_regular",
                setting,
                path,
            )
        chunks: list[bytes] = []
        left = MAX_FILE_BYTES + 1
        while left > 0 and (chunk := os.read(descriptor, min(left, 65536))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _file_error(
            f"{setting}: {path} cannot be read ({exc.strerror})", "file_unreadable", setting, path
        ) from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        raise _file_error(
            f"{setting}: {path} is larger than {MAX_FILE_BYTES // 1024} KiB: it is not a key, a "
            "certificate or a configuration file",
            "file_too_large",
            setting,
            path,
            limit=MAX_FILE_BYTES // 1024,
        )
    return data


def _file_error(
    message: str, problem: str, setting: str, path: Path, **params: Any
) -> ConfigurationError:
    return ConfigurationError(
        message, setting=setting, key=f"config.{problem}", setting_=setting, path=path, **params
    )


_PATH_SETTINGS = ("private_key_file", "certificate_file", "pkcs12_file", "ca_bundle", "audit_log")
_RETRY_FIELDS = tuple(RetryPolicy.model_fields)


def _read_toml(path: Path) -> dict[str, Any]:
    raw = read_file(path, "config")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _file_error(
            f"config: {path} is not valid TOML ({exc})", "toml_invalid", "config", path
        ) from None
    base = path.expanduser().resolve().parent
    for name in _PATH_SETTINGS:
        value = data.get(name)
        if isinstance(value, str) and value:
            # Relative to the file, so a config and its key can move together.
            data[name] = str(base / Path(value).expanduser())
    return data


def _env_name(name: str) -> str:
    return ENV_PREFIX + name.upper().replace(".", "_")


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        if name == "retry":
            continue
        raw = environ.get(_env_name(name), "")
        if raw.strip():
            values[name] = (
                raw.strip() if name not in ("private_key_pem", "certificate_pem") else raw
            )
    retry = {
        field: raw.strip()
        for field in _RETRY_FIELDS
        if (raw := environ.get(_env_name(f"retry.{field}"), "")).strip()
    }
    if retry:
        values["retry"] = retry
    return values


def _merge(
    values: dict[str, Any],
    sources: dict[str, str],
    name: str,
    value: Any,
    source: Callable[[str], str],
) -> None:
    if name == "retry" and isinstance(value, Mapping):
        current = values.get("retry")
        base = current.model_dump() if isinstance(current, RetryPolicy) else dict(current or {})
        base.update(value)
        values["retry"] = base
        for field in value:
            sources[f"retry.{field}"] = source(f"retry.{field}")
        sources["retry"] = source("retry")
        return
    values[name] = value
    sources[name] = source(name)
