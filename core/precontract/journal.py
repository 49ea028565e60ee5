"""The bulk runner's journal: what each applicant's last check answered, in one JSON-lines file.

It serves two purposes:

- **resume**: a run that was interrupted left the applicants it finished in the file; the next
  run with the same journal gives their answers back without a call (same planned start, same
  NISS) and goes on with the others;
- **stored answers**: once a run finished, the next one starts from each applicant's last answer
  and the re-check rule (:mod:`precontract.recheck`) decides whether it still holds.

Lines, each one JSON object written with one ``write`` (so an interruption loses at most the line
being written, which is skipped when read back):

- ``{"type": "journal", "salt": …}`` — once, first;
- ``{"type": "run", "run": id, "startedAt": …}`` — a run starts;
- ``{"type": "result", "run": id, "key": "employer|reference", "ssin": digest, "plannedStart": …,
  "status": …, "values": {field key: value}, "at": …}`` — one applicant done;
- ``{"type": "finished", "run": id}`` — the run went through every applicant.

No NISS is written in clear: a keyed digest (the salt is the journal's own) tells whether the
NISS of a reference changed. When a new run starts after a finished one, the file is rewritten
with each applicant's last answer only, its values past their consultation window cleared
(:func:`precontract.fields.expire`): nothing stays readable after its window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from precontract.audit import append_line
from precontract.errors import ConfigurationError
from precontract.fields import NATURAL_TYPES, FieldKey, expire, parse_host_value
from precontract.identifiers import EnterpriseNumber, Ssin

__all__ = ["Journal", "JournalEntry", "JournalError", "journal_key"]


class JournalError(ConfigurationError):
    """The journal file cannot be read or written (a path the user chose: exit code 3)."""

    message_key = "error.journal"

    def __init__(self, message: str) -> None:
        super().__init__(message, setting="journal")


def journal_key(employer: EnterpriseNumber, reference: str) -> str:
    return f"{employer.compact}|{reference}"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One applicant's answer as the journal keeps it."""

    run: str
    key: str
    ssin_digest: str
    planned_start: dt.date
    status: str
    values: dict[FieldKey, Any]
    at: dt.datetime


class Journal:
    """A journal file; :meth:`load` reads it, :meth:`begin` starts (or resumes) a run.

    ``record`` may be called from many threads at once.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()
        self._salt = ""
        self.run_id = ""
        self.latest: dict[str, JournalEntry] = {}
        """Each key's last answer, from any run."""
        self.resumed: dict[str, JournalEntry] = {}
        """The answers of the interrupted run being resumed (empty for a new run)."""

    # ----------------------------------------------------------------------------- reading

    def load(self) -> None:
        """Read the file (nothing is written): the stored answers, and the run to resume."""
        lines = self._read()
        salt = next((line.get("salt") for line in lines if line.get("type") == "journal"), None)
        runs = [line["run"] for line in lines if line.get("type") == "run" and "run" in line]
        finished = {line.get("run") for line in lines if line.get("type") == "finished"}
        entries = [e for e in (self._entry(line) for line in lines) if e is not None]
        self.latest = {entry.key: entry for entry in entries}  # the last one of each key wins
        self._salt = salt if isinstance(salt, str) else secrets.token_hex(16)
        if isinstance(salt, str) and runs and runs[-1] not in finished:
            self.run_id = runs[-1]
            self.resumed = {e.key: e for e in entries if e.run == self.run_id}
        else:
            self.run_id = ""
            self.resumed = {}

    def begin(self, now: dt.datetime) -> None:
        """After :meth:`load`: go on with the interrupted run, or start a new one (the file is
        then rewritten with each applicant's last answer, expired values cleared)."""
        if self.run_id:
            return
        self.run_id = uuid.uuid4().hex[:12]
        self._compact(now)

    def digest(self, ssin: Ssin | None) -> str:
        if ssin is None:
            return ""
        return hashlib.blake2b(
            ssin.compact.encode(), key=bytes.fromhex(self._salt), digest_size=12
        ).hexdigest()

    def _read(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            raise JournalError(f"cannot read the journal {self.path}: {exc.strerror}") from exc
        lines: list[dict[str, Any]] = []
        for raw in text.splitlines():
            try:
                line = json.loads(raw)
            except ValueError:
                continue  # the line an interruption cut short
            if isinstance(line, dict):
                lines.append(line)
        return lines

    @staticmethod
    def _entry(line: Mapping[str, Any]) -> JournalEntry | None:
        if line.get("type") != "result":
            return None
        try:
            raw_values = line["values"]
            values: dict[FieldKey, Any] = {}
            for name, value in raw_values.items():
                key = FieldKey(name)
                natural = NATURAL_TYPES[key]
                values[key] = parse_host_value(value, natural, natural, key=key)
            return JournalEntry(
                run=str(line["run"]),
                key=str(line["key"]),
                ssin_digest=str(line.get("ssin", "")),
                planned_start=dt.date.fromisoformat(line["plannedStart"]),
                status=str(line["status"]),
                values=values,
                at=dt.datetime.fromisoformat(line["at"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # not ours, or from a newer version: as if nothing was stored

    # ----------------------------------------------------------------------------- writing

    def record(self, entry: JournalEntry) -> None:
        self._append(
            {
                "type": "result",
                "run": entry.run,
                "key": entry.key,
                "ssin": entry.ssin_digest,
                "plannedStart": entry.planned_start.isoformat(),
                "status": entry.status,
                "values": _json_values(entry.values),
                "at": entry.at.isoformat(),
            }
        )
        with self._lock:
            self.latest[entry.key] = entry

    def finish(self) -> None:
        self._append({"type": "finished", "run": self.run_id})

    def _append(self, line: Mapping[str, Any]) -> None:
        text = json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            try:
                append_line(self.path, text)
            except OSError as exc:
                raise JournalError(f"cannot write the journal {self.path}: {exc.strerror}") from exc

    def _compact(self, now: dt.datetime) -> None:
        """Rewrite the file: the header, each key's last answer (expired values cleared), a run."""
        lines: list[dict[str, Any]] = [{"type": "journal", "salt": self._salt}]
        for entry in self.latest.values():
            values = expire(entry.values, now).values
            self.latest[entry.key] = JournalEntry(
                entry.run,
                entry.key,
                entry.ssin_digest,
                entry.planned_start,
                entry.status,
                values,
                entry.at,
            )
            lines.append(
                {
                    "type": "result",
                    "run": entry.run,
                    "key": entry.key,
                    "ssin": entry.ssin_digest,
                    "plannedStart": entry.planned_start.isoformat(),
                    "status": entry.status,
                    "values": _json_values(values),
                    "at": entry.at.isoformat(),
                }
            )
        lines.append({"type": "run", "run": self.run_id, "startedAt": now.isoformat()})
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
                    handle.write("\n")
            os.replace(temporary, self.path)
        except OSError as exc:
            raise JournalError(f"cannot write the journal {self.path}: {exc.strerror}") from exc


def _json_values(values: Mapping[FieldKey, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dt.date | dt.datetime):
            out[key.value] = value.isoformat()
        else:
            out[key.value] = value
    return out
