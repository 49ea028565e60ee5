"""The audit trail: who asked for or consulted which applicant's data, for which employer, when,
and what came back.

Social secretariats and recruitment bureaus must be able to show that every consultation was
covered by a mandate. The workflow records an :class:`AuditEvent` for every access request it
creates or cancels and for every consultation of the precontractual data, through an
:class:`AuditSink`:

- :class:`JsonLinesAuditSink` appends one JSON object per line to a file (the default);
- :class:`MemoryAuditSink` keeps events in a list (tests, and hosts that store them themselves).

A host with its own audit store implements the one-method :class:`AuditSink` protocol.

The NISS is always stored masked (``85.07.30-***.**``): the trail says *that* a person was
consulted and under which request or mandate, which is enough to trace it back without spreading
the full number. The data itself (eligibility, hours) is not copied into the trail.

>>> sink = MemoryAuditSink()
>>> sink.record(AuditEvent(action=AuditAction.CONSULTATION, requester="0123456749",
...     employer="0403019261", ssin="85073003328", result="data"))
>>> sink.events[0].ssin
'85.07.30-***.**'
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from precontract.errors import PrecontractError
from precontract.i18n import translate
from precontract.masking import mask_ssins

__all__ = [
    "AuditAction",
    "AuditError",
    "AuditEvent",
    "AuditSink",
    "JsonLinesAuditSink",
    "MemoryAuditSink",
    "action_label",
    "data_dir",
    "data_types_label",
    "default_audit_path",
    "result_label",
]


class AuditError(PrecontractError):
    """The audit sink could not record an event (a full disk, a read-only file...)."""

    message_key = "error.audit"

    def __init__(self, message: str) -> None:
        super().__init__(message, detail=message)


class AuditAction(enum.StrEnum):
    """What was done."""

    ACCESS_REQUEST_CREATED = "access_request.created"
    ACCESS_REQUEST_CANCELLED = "access_request.cancelled"
    CONSULTATION = "consultation"
    # A person of the employer accepted (or rejected) the citizen who approved a request bound
    # to no NISS as the applicant.
    APPROVER_ACCEPTED = "approver.accepted"
    APPROVER_REJECTED = "approver.rejected"


def _label(key: str, fallback: str, lang: str, **params: Any) -> str:
    text = translate(key, lang, **params)
    return fallback if text == key else text


def action_label(action: str, lang: str = "en") -> str:
    """An audited action in words (``access_request.created`` → "Access request created")."""
    return _label(f"audit.action.{action}", action, lang)


def result_label(result: str, lang: str = "en") -> str:
    """An audited result in words (``PENDING`` → "Awaiting approval", ``error:ServerError`` →
    "Failed (service problem)"); a result this version does not know is shown as it is."""
    if result.startswith("error:"):
        name = result.removeprefix("error:")
        reason = _label(f"audit.error.{name}", translate("audit.error.other", lang), lang)
        return translate("audit.result.error", lang, reason=reason)
    return _label(f"audit.result.{result}", result, lang)


def data_types_label(data_types: str | tuple[str, ...] | list[str], lang: str = "en") -> str:
    """Data types in words (``FLEXI_JOB_ELIGIBILITY,STUDENT_HOURS`` → "flexi-job, student
    hours")."""
    names = data_types.split(",") if isinstance(data_types, str) else list(data_types)
    return ", ".join(
        _label(f"audit.data_type.{n.strip()}", n.strip(), lang) for n in names if n.strip()
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _text(value: object) -> str | None:
    return None if value is None else mask_ssins(str(value))


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One line of the audit trail.

    - ``actor``: who pressed the button (a host user name or id), when the host says so;
    - ``requester`` / ``employer``: the enterprise numbers (compact digits);
    - ``applicant_reference``: the host's own id of the applicant;
    - ``ssin``: the applicant's NISS, **stored masked** whatever is passed in;
    - ``result``: what came back (``data``, ``no_active_mandate``, ``PENDING``, an error name...);
    - ``data_types``: the data types the answer held (consultations) or asked for (requests);
    - ``integrity_code``: a consultation's code (:mod:`precontract.integrity`), also printed on
      its proof, so that a printed proof can be matched with this line.
    """

    action: AuditAction
    requester: str
    employer: str
    result: str
    at: dt.datetime = field(default_factory=_now)
    actor: str | None = None
    applicant_reference: str | None = None
    ssin: str | None = None
    request_id: str | None = None
    mandate_id: str | None = None
    data_types: tuple[str, ...] = ()
    detail: str | None = None
    integrity_code: str | None = None

    def __post_init__(self) -> None:
        # Masking here, not in the sinks, so that no sink (a host's own included) can forget it.
        for name in ("requester", "employer", "result"):
            object.__setattr__(self, name, str(getattr(self, name)))
        for name in ("ssin", "actor", "applicant_reference", "detail"):
            object.__setattr__(self, name, _text(getattr(self, name)))
        object.__setattr__(self, "action", AuditAction(self.action))
        object.__setattr__(self, "data_types", tuple(str(t) for t in self.data_types))
        if self.at.tzinfo is None:
            raise ValueError("an audit event needs a timezone-aware moment")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the moment in ISO 8601, UTC)."""
        return {
            "at": self.at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "action": self.action.value,
            "actor": self.actor,
            "requester": self.requester,
            "employer": self.employer,
            "applicantReference": self.applicant_reference,
            "ssin": self.ssin,
            "requestId": self.request_id,
            "mandateId": self.mandate_id,
            "result": self.result,
            "dataTypes": list(self.data_types),
            "detail": self.detail,
            "integrityCode": self.integrity_code,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuditEvent:
        """Read back a line written by :meth:`to_dict`."""
        return cls(
            action=AuditAction(data["action"]),
            requester=data["requester"],
            employer=data["employer"],
            result=data["result"],
            at=dt.datetime.fromisoformat(data["at"]),
            actor=data.get("actor"),
            applicant_reference=data.get("applicantReference"),
            ssin=data.get("ssin"),
            request_id=data.get("requestId"),
            mandate_id=data.get("mandateId"),
            data_types=tuple(data.get("dataTypes") or ()),
            detail=data.get("detail"),
            integrity_code=data.get("integrityCode"),
        )


@runtime_checkable
class AuditSink(Protocol):
    """Where audit events go. ``record`` raises (e.g. :class:`AuditError`) when it cannot."""

    def record(self, event: AuditEvent) -> None: ...


class MemoryAuditSink:
    """Keeps events in memory, in order (tests, and hosts that persist them their own way)."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []
        self._lock = threading.Lock()

    def record(self, event: AuditEvent) -> None:
        with self._lock:
            self.events.append(event)

    def __len__(self) -> int:
        return len(self.events)


def append_line(path: Path, line: str) -> None:
    """Append ``line`` to ``path`` with one ``write`` (owner-only; its folders made when missing).

    Bulk runs append a line per applicant: no folder check, no buffered file object, each time.
    """
    data = line.encode("utf-8")
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    try:
        fd = os.open(path, flags, 0o600)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


class JsonLinesAuditSink:
    """Appends one JSON object per line to ``path`` (created with its folders, owner-only).

    Each event is written with a single ``write`` on a file opened in append mode, so lines from
    several threads or processes do not interleave.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()

    def record(self, event: AuditEvent) -> None:
        line = json.dumps(event.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
        try:
            with self._lock:
                append_line(self.path, line)
        except OSError as exc:
            raise AuditError(f"cannot write the audit log {self.path}: {exc.strerror}") from exc

    def read(self) -> list[AuditEvent]:
        """Every event in the file, oldest first (an empty list when there is no file yet)."""
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as handle:
            return [AuditEvent.from_dict(json.loads(line)) for line in handle if line.strip()]

    def __repr__(self) -> str:
        return f"JsonLinesAuditSink({str(self.path)!r})"


def data_dir() -> Path:
    """precontract's folder in the user's data folder (XDG on Linux, Application Support on
    macOS, LOCALAPPDATA on Windows)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "precontract"


def default_audit_path() -> Path:
    """``audit.jsonl`` in :func:`data_dir`."""
    return data_dir() / "audit.jsonl"
