"""What every ATS plugin is made of.

A plugin is one module (``recruitee``, ``teamtailor``, ``bullhorn``) holding:

- an :class:`AtsPlugin` subclass: the settings and secrets a connection needs, the value types its
  custom fields take, a default field mapping, the addresses to paste into the ATS, and the
  FastAPI router receiving the ATS's calls (each one verified, see :mod:`.verify`);
- an :class:`AtsHost`: the core's :class:`~precontract.plugin.HostAdapter` over that ATS's REST
  API (read the candidate, read and write the mapped custom fields all or nothing, show the
  approval link), plus :meth:`AtsHost.report` to tell the ATS how the check ended.

Plugins know their ATS and nothing about mandates: the connector's engine runs the core's
:func:`~precontract.plugin.run_check` over them.
"""

from __future__ import annotations

import abc
import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from precontract.errors import InvalidSsin, PrecontractError
from precontract.fields import (
    NATURAL_TYPES,
    FieldKey,
    FieldMapping,
    HostField,
    IncompatibleField,
    ValueType,
)
from precontract.i18n import Language, Text
from precontract.identifiers import Ssin
from precontract.outcome import CheckState
from precontract.plugin import HostAdapter
from precontract_ats.ats.http import AtsError, AtsHttp

if TYPE_CHECKING:
    from fastapi import APIRouter

    from precontract_ats.ats.port import ConnectorPort

__all__ = [
    "WITHOUT_NISS",
    "AtsHost",
    "AtsPlugin",
    "CheckRef",
    "ConnectionConfig",
    "Finding",
    "Report",
    "ReportKind",
    "SettingField",
    "SetupUrl",
    "json_value",
    "reach",
    "ssin_in_field",
    "waits_for_niss",
]


class AtsSsinInvalid(PrecontractError):
    """The NISS an ATS field holds for the candidate is not valid: the press is refused, in the
    recruiter's language, before anything is stored or asked of the social security (the
    number is never echoed: the core's :class:`~precontract.errors.InvalidSsin` masks it)."""

    message_key = "ats.ssin_invalid"

    def __init__(self, ats: str, field: str, reason: str) -> None:
        super().__init__(
            f"the NISS in {ats}'s field {field!r} is not valid ({reason})", ats=ats, field=field
        )


def ssin_in_field(raw: Any, *, ats: str, field: str, other_numbers: bool = False) -> Ssin | None:
    """The NISS an ATS field holds: None when empty, :class:`AtsSsinInvalid` when not valid.

    ``other_numbers``: the field may hold another country's number too (Bullhorn's ``ssn``);
    then only a value shaped like a NISS (11 digits) is judged, anything else is no NISS."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    try:
        return Ssin.parse(text)
    except InvalidSsin as exc:
        if other_numbers and exc.reason in ("format", "length"):
            return None  # not a Belgian number: the request waits for one, or goes unbound
        raise AtsSsinInvalid(ats, field, exc.reason) from None


T = TypeVar("T")


@dataclass(frozen=True)
class SettingField:
    """One setting of a connection, as the admin screen shows it.

    Its label and help text are the translated texts ``ats.<kind>.<name>`` and
    ``ats.<kind>.<name>.help``. A secret is stored encrypted and never shown back.
    """

    name: str
    secret: bool = False
    required: bool = True
    input: str = "text"  # text, url, password, select
    default: str = ""
    #: The values a ``select`` takes, each labelled ``ats.option.<name>.<value>``.
    choices: tuple[str, ...] = ()


#: When the ATS gives no NISS: ``ask`` (the default) stores the check and creates no request
#: until the recruiter typed the NISS on the recruiter page (or chose to send the request
#: without it); ``send`` creates the unbound request at once (the approver is confirmed later).
WITHOUT_NISS = SettingField(
    "without_niss", required=False, input="select", default="ask", choices=("ask", "send")
)


@dataclass(frozen=True)
class SetupUrl:
    """An address the administrator pastes into the ATS (label key, the address, a hint key)."""

    label_key: str
    url: str
    hint_key: str = ""


@dataclass(frozen=True)
class ConnectionConfig:
    """A connection with its secrets decrypted: everything a plugin host needs, nothing more."""

    id: int
    tenant_id: int
    kind: str
    name: str
    language: Language
    settings: Mapping[str, str]
    secrets: Mapping[str, str] = field(repr=False)
    mapping: FieldMapping
    employers: Sequence[tuple[str, str]] = ()  # (enterprise number, name) of the tenant
    default_employer: str | None = None

    def setting(self, name: str, default: str = "") -> str:
        return str(self.settings.get(name) or default).strip()

    def secret(self, name: str) -> str:
        return str(self.secrets.get(name) or "")


@dataclass(frozen=True)
class CheckRef:
    """What a host needs to know about a check to report on it."""

    id: int
    token: str
    candidate_ref: str
    context: Mapping[str, Any]
    page_url: str


class ReportKind(enum.StrEnum):
    LINK = "link"  # the check started: here is the recruiter page
    #: the ATS gave no NISS and the connection waits for it: the recruiter page asks for it
    NEEDS_NISS = "needs_niss"
    COMPLETED = "completed"  # the data is in
    FAILED = "failed"  # refused, expired, revoked, or an error
    CANCELED = "canceled"  # a newer check of the same candidate took over
    CLEARED = "cleared"  # the consultation window ended: nothing readable may stay in the ATS


@dataclass(frozen=True)
class Attachment:
    """A document the ATS links from its report (a proof PDF, once the core makes one)."""

    url: str
    description: str


@dataclass(frozen=True)
class Report:
    kind: ReportKind
    page_url: str
    summary: str = ""
    score: str = ""
    at: dt.datetime | None = None
    attachments: Sequence[Attachment] = ()
    #: The consultation's PDF proof, for an ATS storing files (:attr:`AtsPlugin.attaches_proof`):
    #: given with a ``COMPLETED`` report while a value may still be shown, else None.
    proof: bytes | None = None


@dataclass(frozen=True)
class Finding:
    """One line of a connection's self-test (credentials, data centre, a mapped field).

    ``text_key`` is a translated text taking ``params`` (a parameter may be a
    :class:`~precontract.i18n.Text`, such as an error's, said in the same language); ``ok`` False
    is a problem the administrator must fix before the first check.
    """

    name: str
    ok: bool
    text_key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    #: a missing field this ATS's API can create (see :meth:`AtsHost.create_missing_fields`)
    creatable: bool = False

    @classmethod
    def failed(cls, name: str, error: PrecontractError) -> Finding:
        """A problem that is ``error`` itself, said as the error says it."""
        text = error.text()
        return cls(name, False, text.key, dict(text.params))

    def message(self, lang: Language) -> str:
        return Text(self.text_key, dict(self.params)).render(lang)


def waits_for_niss(settings: Mapping[str, Any] | None) -> bool:
    """True when a press without a NISS waits for the recruiter to type it (:data:`WITHOUT_NISS`;
    a connection saved before the setting existed waits too)."""
    return str((settings or {}).get(WITHOUT_NISS.name) or WITHOUT_NISS.default) != "send"


def reach(ats: str, call: Callable[[], T]) -> tuple[T | None, Finding]:
    """A connection test's first call to the ATS: its answer (None when it failed) and the
    credentials line every ATS shows alike (refused with its status, unreachable, or fine)."""
    try:
        answer = call()
    except AtsError as exc:
        refused = {"ats": ats, "status": str(exc.status)}
        return None, Finding("credentials", False, "ats.test.credentials_refused", refused)
    except PrecontractError as exc:  # unreachable, or a login refused: said as the error says it
        return None, Finding.failed("credentials", exc)
    return answer, Finding("credentials", True, "ats.test.credentials_ok", {"ats": ats})


def json_value(value: Any) -> Any:
    """A converted host value as JSON carries it (a date as ISO 8601 text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class AtsHost(HostAdapter, Protocol):
    """The core's host adapter, plus the report back to the ATS."""

    def read_state(self, reference: str) -> CheckState:
        """The ids the mapped fields hold (the engine keeps its own copy in its store)."""
        values = self.read_values(reference)
        return CheckState(
            request_id=values.get(FieldKey.REQUEST_ID), mandate_id=values.get(FieldKey.MANDATE_ID)
        )

    def report(self, check: CheckRef, report: Report) -> None:
        """Tell the ATS how the check stands (its own report/result object, if it has one).

        A :attr:`ReportKind.CLEARED` report empties what an earlier report wrote (summary,
        details, score): after the consultation window nothing readable stays in the ATS.
        """
        ...

    def clear_report(self, check: CheckRef) -> None:
        """Empty the report's text and details (the window ended); see :meth:`report`."""
        self.report(check, Report(kind=ReportKind.CLEARED, page_url=check.page_url))

    def read_ssin(self, reference: str) -> Ssin | None:
        """The NISS the ATS holds for the candidate in a mapped field, if any (the caller still
        binds it to the approver); None when this connection maps no such field."""
        return None

    def test_connection(self) -> list[Finding]:
        """Check the credentials, the address and that every mapped field exists with the right
        type, without writing anything."""
        return []

    def create_missing_fields(self) -> list[Finding]:
        """Create the mapped fields the ATS lacks, where its API allows it; the findings say
        what was made (an ATS without such an API answers nothing)."""
        return []


class AtsPlugin(abc.ABC):
    """One ATS: what a connection to it needs and how it talks to us."""

    kind: ClassVar[str]
    title: ClassVar[str]
    setting_fields: ClassVar[tuple[SettingField, ...]]
    value_types: ClassVar[tuple[ValueType, ...]]
    #: True when we make the inbound key (the admin pastes it into the ATS); False when the ATS
    #: issues it and the admin pastes it here (then ``inbound_key_setting`` names the secret).
    generates_inbound_key: ClassVar[bool] = True
    inbound_key_setting: ClassVar[str | None] = None
    #: True when the ATS stores the proof's bytes as a file of the candidate (the worker renders
    #: it for each ``COMPLETED`` report); the others link the recruiter page's download.
    attaches_proof: ClassVar[bool] = False

    def __init__(self, http: AtsHttp | None = None) -> None:
        # One pooled session per ATS, shared by every connection's host.
        self.http = http or AtsHttp(self.title)

    @abc.abstractmethod
    def default_mapping(self, lang: Language) -> dict[FieldKey, HostField]:
        """A sensible starting mapping (the admin adjusts it)."""

    def default_type(self, key: FieldKey) -> ValueType:
        """The field type a default mapping gives ``key``: its natural type when this ATS has such
        fields, else the nearest one it has (a date in a date-and-time field, the rest as text)."""
        natural = NATURAL_TYPES[key]
        if natural in self.value_types:
            return natural
        if natural is ValueType.DATE and ValueType.DATETIME in self.value_types:
            return ValueType.DATETIME
        return ValueType.TEXT

    def check_mapping(self, mapping: FieldMapping) -> None:
        """Refuse host fields this ATS cannot have (raise :class:`IncompatibleField`)."""
        for key, host in mapping.fields.items():
            if host.type not in self.value_types:
                raise IncompatibleField(
                    f"{self.title} has no {host.type.value} fields ({key.value} → {host.name!r})"
                )

    @abc.abstractmethod
    def host(self, config: ConnectionConfig) -> AtsHost:
        """The host adapter for one connection."""

    @abc.abstractmethod
    def setup_urls(self, base_url: str, config: ConnectionConfig) -> list[SetupUrl]:
        """Where the administrator points the ATS (shown on the connection's page)."""

    @abc.abstractmethod
    def router(self, connector: ConnectorPort) -> APIRouter:
        """The endpoints the ATS calls."""

    def inbound_key_to_copy(self, base_url: str, connection_id: int, key: str) -> str:
        """What the administrator copies into the ATS once a key is made: the key itself, unless
        the ATS takes it inside an address."""
        return key

    def describe_inbound_key(self) -> str:
        """The text key saying where the inbound key goes."""
        return f"ats.{self.kind}.inbound_key.help"
