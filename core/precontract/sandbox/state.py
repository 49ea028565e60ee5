"""The sandbox's state and its rules: clients and tokens, access requests, mandates.

One :class:`SandboxState` holds everything behind a lock (the APIs answer on the server's event
loop, the portal and the controls from its thread pool). Every call is answered in about the same
time whatever the sandbox holds: mandates are indexed by employer, by citizen and by both, access
requests by citizen (neither is scanned for a citizen's), remembered ``jti`` values and tokens leave by
expiry order (a heap), so 10,000 mandates or 50,000 token requests cost a call no more than ten.
Statuses that depend on time (an access request past its end of day, a mandate whose data types
all ran out) are computed when read, on the sandbox clock, so moving the clock is enough to expire
them. With a ``state_file`` the state is written to SQLite after every change and read back at
start, so a sandbox survives a restart.
"""

from __future__ import annotations

import calendar
import datetime as dt
import heapq
import json
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509

from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.masking import mask_ssin
from precontract.sandbox import personas
from precontract.sandbox.clock import SandboxClock
from precontract.sandbox.problems import Problem
from precontract.timeutil import BRUSSELS, brussels_today, end_of_day

__all__ = [
    "CONTEXT",
    "DATA_TYPES",
    "DEFAULT_ENTERPRISES",
    "DEFAULT_SCOPES",
    "FLEXI",
    "MAX_TOKEN_LIFETIME",
    "SCOPE_DATA",
    "SCOPE_MANDATES",
    "STUDENT",
    "AccessRequestRecord",
    "ClientRecord",
    "ForAnotherCitizen",
    "InvalidInput",
    "MandateRecord",
    "SandboxState",
    "add_months",
    "valid_until",
]

CONTEXT = "PRECONTRACTUAL_DATA"
FLEXI = "FLEXI_JOB_ELIGIBILITY"
STUDENT = "STUDENT_HOURS"
DATA_TYPES = (FLEXI, STUDENT)
# How long each data type may be consulted after approval, in months.
CONSULTATION_MONTHS = {FLEXI: 1, STUDENT: 3}
SCOPE_MANDATES = "scope:citizenmandates:manage"
SCOPE_DATA = "scope:citizendata:consult"
DEFAULT_SCOPES = (SCOPE_MANDATES, SCOPE_DATA)
DEFAULT_TOKEN_LIFETIME = 600
TOKEN_GRACE = dt.timedelta(hours=1)
"""An expired token is remembered this long (answered ``expiredAccessToken``, as a real server
says), then forgotten (``invalidAccessToken``): tokens no longer pile up."""
MAX_TOKEN_LIFETIME = 86400 * 400  # long-lived, for tests that move the clock by months

DEFAULT_ENTERPRISES = {
    "0123456749": "SocialSec Partners",  # a social secretariat
    "0403019261": "Pokébowl Roos",
}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; past the end of a shorter month, its last day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(data_types: list[str], granted: dt.date) -> dict[str, dt.date]:
    """The last day each data type may be consulted under a mandate granted on ``granted``."""
    return {t: add_months(granted, CONSULTATION_MONTHS[t]) for t in data_types}


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(BRUSSELS).isoformat(timespec="seconds")


class InvalidInput(ValueError):
    """An argument the sandbox refuses, as Chaman would; ``field`` names it (the controls answer
    a badRequest naming the matching field of their body)."""

    def __init__(self, field: str, message: str, value: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class ForAnotherCitizen(Problem):
    """409: the access request is bound to, or was already used by, another citizen (the
    portal tells the citizen so, rather than that it can no longer be answered)."""


def _compact_enterprise(number: str, field: str) -> str:
    try:
        return EnterpriseNumber.parse(number).compact
    except ValueError as exc:
        raise InvalidInput(field, str(exc), number) from None


@dataclass
class ClientRecord:
    client_id: str
    certificate_pem: str
    scopes: list[str]
    name: str | None = None
    # The organisation of the REST account: it only sees requests and mandates of which it is the
    # requester. A client registered without one is bound to the requester of its first access
    # request, as a Chaman REST account belongs to one organisation.
    enterprise_number: str | None = None


@dataclass
class TokenRecord:
    client_id: str
    scopes: list[str]
    expires_at: str


@dataclass
class AccessRequestRecord:
    request_id: str
    status: str  # PENDING, APPROVED, REFUSED, CANCELLED (EXPIRED is computed)
    requester: str
    employer: str
    data_types: list[str]
    created_at: str
    expires_at: str
    client_id: str
    ssin: str | None = None
    approved_by: str | None = None
    mandate_id: str | None = None
    approved_at: str | None = None
    closed_at: str | None = None
    reference: str | None = None


@dataclass
class MandateRecord:
    mandate_id: str
    ssin: str
    status: str  # ACTIVE, REVOKED (EXPIRED is computed)
    requester: str
    employer: str
    granted_at: str
    valid_until: dict[str, str]  # data type -> last day (ISO)
    request_id: str
    revoked_at: str | None = None


@dataclass
class _Data:
    clients: dict[str, ClientRecord] = field(default_factory=dict)
    tokens: dict[str, TokenRecord] = field(default_factory=dict)
    jtis: dict[str, str] = field(default_factory=dict)  # "client jti" -> exp (ISO)
    requests: dict[str, AccessRequestRecord] = field(default_factory=dict)
    mandates: dict[str, MandateRecord] = field(default_factory=dict)
    enterprises: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ENTERPRISES))
    sessions: dict[str, str] = field(default_factory=dict)  # portal session -> NISS
    token_lifetime: int = DEFAULT_TOKEN_LIFETIME
    clock_offset_seconds: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> _Data:
        raw = json.loads(text)
        return cls(
            clients={k: ClientRecord(**v) for k, v in raw["clients"].items()},
            tokens={k: TokenRecord(**v) for k, v in raw["tokens"].items()},
            jtis=dict(raw["jtis"]),
            requests={k: AccessRequestRecord(**v) for k, v in raw["requests"].items()},
            mandates={k: MandateRecord(**v) for k, v in raw["mandates"].items()},
            enterprises=dict(raw["enterprises"]),
            sessions=dict(raw.get("sessions", {})),
            token_lifetime=int(raw.get("token_lifetime", DEFAULT_TOKEN_LIFETIME)),
            clock_offset_seconds=float(raw.get("clock_offset_seconds", 0.0)),
        )


class SandboxState:
    """Everything the sandbox knows, and the rules that change it."""

    def __init__(
        self, *, state_file: Path | str | None = None, clock: SandboxClock | None = None
    ) -> None:
        self.clock = clock or SandboxClock()
        self.state_file = Path(state_file) if state_file else None
        self._lock = threading.RLock()
        self._data = _Data()
        if self.state_file is not None:
            self._load()
        self._index()

    def _index(self) -> None:
        """Build the indexes (derived, never persisted) from the data."""
        data = self._data
        self._by_employer: dict[str, list[str]] = {}
        self._by_citizen: dict[str, list[str]] = {}
        self._by_person: dict[tuple[str, str], list[str]] = {}
        for mandate in data.mandates.values():
            self._add_to_indexes(mandate)
        self._requests_of: dict[str, list[str]] = {}  # citizen -> requests bound to or decided by
        for record in data.requests.values():
            for citizen in {record.ssin, record.approved_by} - {None}:
                assert citizen is not None
                self._requests_of.setdefault(citizen, []).append(record.request_id)
        self._jti_expiry = [(dt.datetime.fromisoformat(exp), key) for key, exp in data.jtis.items()]
        heapq.heapify(self._jti_expiry)
        self._token_expiry = [
            (dt.datetime.fromisoformat(t.expires_at), value) for value, t in data.tokens.items()
        ]
        heapq.heapify(self._token_expiry)

    def _add_to_indexes(self, mandate: MandateRecord) -> None:
        self._by_employer.setdefault(mandate.employer, []).append(mandate.mandate_id)
        self._by_citizen.setdefault(mandate.ssin, []).append(mandate.mandate_id)
        self._by_person.setdefault((mandate.employer, mandate.ssin), []).append(mandate.mandate_id)

    # ------------------------------------------------------------------ persistence

    def _connect(self) -> sqlite3.Connection:
        assert self.state_file is not None
        db = sqlite3.connect(self.state_file)
        db.execute("CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY, data TEXT)")
        return db

    def _load(self) -> None:
        with self._connect() as db:
            row = db.execute("SELECT data FROM snapshot WHERE id = 1").fetchone()
        if row:
            self._data = _Data.from_json(row[0])
            self.clock.advance(dt.timedelta(seconds=self._data.clock_offset_seconds))

    def _save(self) -> None:
        if self.state_file is None:
            return
        self._data.clock_offset_seconds = self.clock.offset.total_seconds()
        db = self._connect()
        try:
            with db:
                db.execute(
                    "INSERT OR REPLACE INTO snapshot (id, data) VALUES (1, ?)",
                    (self._data.to_json(),),
                )
        finally:
            db.close()

    @contextmanager
    def changing(self) -> Iterator[_Data]:
        """Hold the lock for a change, and persist it afterwards."""
        with self._lock:
            yield self._data
            self._save()

    @contextmanager
    def reading(self) -> Iterator[_Data]:
        with self._lock:
            yield self._data

    def reset(self) -> None:
        """Forget everything (clients too) and put the clock back to real time."""
        with self._lock:
            self._data = _Data()
            self._index()
            self.clock.reset()
            self._save()

    def now(self) -> dt.datetime:
        return self.clock.now()

    # The clock's moves are kept with the state, so a restarted sandbox resumes at the same moment.

    def set_clock(self, moment: dt.datetime) -> dt.datetime:
        """Move the clock to ``moment`` (aware); time keeps flowing from there."""
        with self.changing():
            return self.clock.set(moment)

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        with self.changing():
            return self.clock.advance(delta)

    def reset_clock(self) -> dt.datetime:
        """Back to real time."""
        with self.changing():
            self.clock.reset()
            return self.clock.now()

    # ------------------------------------------------------------------ clients and tokens

    def register_client(
        self,
        client_id: str,
        certificate_pem: str,
        *,
        scopes: list[str] | None = None,
        name: str | None = None,
        enterprise_number: str | None = None,
    ) -> ClientRecord:
        """Register (or replace) a REST account, as Chaman would; refuse what Chaman refuses.

        ``scopes=None`` grants both APIs; an empty list grants none (an account whose
        permissions were not ticked), so every API call answers 403 ``missingScope``.
        """
        if not client_id:
            raise InvalidInput("client_id", "a client ID is required")
        try:
            x509.load_pem_x509_certificate(certificate_pem.encode())
        except ValueError as exc:
            raise InvalidInput("certificate_pem", f"not a PEM certificate ({exc})") from None
        granted = list(DEFAULT_SCOPES if scopes is None else dict.fromkeys(scopes))
        unknown = " ".join(s for s in granted if s not in DEFAULT_SCOPES)
        if unknown:
            raise InvalidInput(
                "scopes", f"unknown scope {unknown}; one of {' '.join(DEFAULT_SCOPES)}", unknown
            )
        organisation = (
            _compact_enterprise(enterprise_number, "enterprise_number")
            if enterprise_number
            else None
        )
        record = ClientRecord(client_id, certificate_pem, granted, name, organisation)
        with self.changing() as data:
            data.clients[client_id] = record
        return record

    def client(self, client_id: str) -> ClientRecord | None:
        with self.reading() as data:
            return data.clients.get(client_id)

    def use_jti(self, client_id: str, jti: str, expires: dt.datetime, *, now: dt.datetime) -> bool:
        """Remember a client assertion's ``jti`` until it expires; False when seen before."""
        key = f"{client_id} {jti}"
        with self.changing() as data:
            heap = self._jti_expiry
            while heap and heap[0][0] < now:
                _, old = heapq.heappop(heap)
                data.jtis.pop(old, None)
            if key in data.jtis:
                return False
            data.jtis[key] = expires.isoformat()
            heapq.heappush(heap, (expires, key))
            return True

    def issue_token(self, client_id: str, scopes: list[str]) -> tuple[str, int]:
        token = secrets.token_urlsafe(32)
        with self.changing() as data:
            now = self.now()
            heap = self._token_expiry
            while heap and heap[0][0] < now - TOKEN_GRACE:
                _, old = heapq.heappop(heap)
                data.tokens.pop(old, None)
            lifetime = data.token_lifetime
            expires = now + dt.timedelta(seconds=lifetime)
            data.tokens[token] = TokenRecord(client_id, scopes, expires.isoformat())
            heapq.heappush(heap, (expires, token))
        return token, lifetime

    def tokens_held(self) -> int:
        """How many tokens the sandbox remembers (expired ones within :data:`TOKEN_GRACE`)."""
        with self.reading() as data:
            return len(data.tokens)

    def jtis_held(self) -> int:
        """How many assertion ``jti`` values the sandbox remembers (until each one's expiry)."""
        with self.reading() as data:
            return len(data.jtis)

    def token(self, value: str) -> TokenRecord | None:
        with self.reading() as data:
            return data.tokens.get(value)

    def set_token_lifetime(self, seconds: int) -> None:
        if not 1 <= seconds <= MAX_TOKEN_LIFETIME:
            raise ValueError("a token lives from 1 second to 400 days")
        with self.changing() as data:
            data.token_lifetime = seconds

    # ------------------------------------------------------------------ enterprises

    def enterprise_name(self, number: str) -> str | None:
        with self.reading() as data:
            return data.enterprises.get(number)

    def register_enterprise(self, number: str, name: str) -> str:
        """Name an enterprise (any usual form of its number, answered compact); the portal and
        the API answers show the name."""
        compact = _compact_enterprise(number, "number")
        if not name.strip():
            raise InvalidInput("name", "an enterprise needs a name")
        with self.changing() as data:
            data.enterprises[compact] = name.strip()
        return compact

    # ------------------------------------------------------------------ access requests

    def request_status(self, record: AccessRequestRecord) -> str:
        if record.status == "PENDING" and self.now() > dt.datetime.fromisoformat(record.expires_at):
            return "EXPIRED"
        return record.status

    def create_request(
        self,
        client: ClientRecord,
        *,
        requester: str,
        employer: str,
        data_types: list[str],
        ssin: str | None,
        reference: str | None = None,
    ) -> AccessRequestRecord:
        now = self.now()
        record = AccessRequestRecord(
            request_id=str(uuid.uuid4()),
            status="PENDING",
            requester=requester,
            employer=employer,
            data_types=list(dict.fromkeys(data_types)),
            created_at=_iso(now),
            expires_at=_iso(end_of_day(now)),
            client_id=client.client_id,
            ssin=ssin,
            reference=reference,
        )
        with self.changing() as data:
            account = data.clients.get(client.client_id, client)
            if account.enterprise_number is None:
                account.enterprise_number = requester
                client.enterprise_number = requester
            if requester != account.enterprise_number:
                raise Problem(
                    403,
                    "urn:problem-type:socialsecurity:citizenMandates:requesterNotAllowed",
                    "Requester not allowed",
                    f"this REST account acts for {account.enterprise_number} and may only ask "
                    "access as that organisation",
                )
            data.requests[record.request_id] = record
            if ssin is not None:
                self._requests_of.setdefault(ssin, []).append(record.request_id)
        return record

    def _visible(self, client: ClientRecord | None, requester: str) -> bool:
        """What an API client may see: its own organisation's; None means the citizen or the
        controls, who see everything. A client not yet bound to an organisation sees nothing."""
        return client is None or client.enterprise_number == requester

    def get_request(
        self, request_id: str, client: ClientRecord | None = None
    ) -> AccessRequestRecord:
        with self.reading() as data:
            record = data.requests.get(request_id)
        if record is None or not self._visible(client, record.requester):
            raise Problem.belgif(404, "resourceNotFound", f"no access request {request_id}")
        return record

    def list_requests(
        self,
        client: ClientRecord,
        *,
        employer: str,
        status: str | None = None,
        ssin: str | None = None,
        reference: str | None = None,
    ) -> list[AccessRequestRecord]:
        """This client's requests for ``employer``, newest first; ``ssin`` matches the citizen a
        request is bound to or was approved by."""
        with self.reading() as data:
            # By citizen, the bulk runner's look for a pending request: from the index, so the
            # answer takes the same time however many requests the sandbox holds.
            candidates = (
                data.requests.values()
                if ssin is None
                else [data.requests[i] for i in self._requests_of.get(ssin, [])]
            )
            found = [
                r
                for r in candidates
                if r.employer == employer
                and self._visible(client, r.requester)
                and (ssin is None or ssin in (r.ssin, r.approved_by))
                and (reference is None or r.reference == reference)
                and (status is None or self.request_status(r) == status)
            ]
        return sorted(found, key=lambda r: (r.created_at, r.request_id), reverse=True)

    def cancel_request(self, request_id: str, client: ClientRecord) -> None:
        with self.changing():
            record = self.get_request(request_id, client)
            status = self.request_status(record)
            if status != "PENDING":
                raise Problem.mandates(
                    409, "conflict", f"the access request is {status}, not PENDING"
                )
            record.status = "CANCELLED"
            record.closed_at = _iso(self.now())

    def _decide(self, request_id: str, ssin: str) -> AccessRequestRecord:
        record = self.get_request(request_id)
        status = self.request_status(record)
        if status == "APPROVED" and record.approved_by != ssin:
            raise ForAnotherCitizen.mandates(
                409, "conflict", "this access request was already used by another citizen"
            )
        if status != "PENDING":
            raise Problem.mandates(409, "conflict", f"the access request is {status}, not PENDING")
        if record.ssin and record.ssin != ssin:
            raise ForAnotherCitizen.mandates(
                409, "conflict", "this access request is meant for another citizen"
            )
        return record

    def approve(self, request_id: str, ssin: Ssin | str) -> MandateRecord:
        """The citizen ``ssin`` approves: the request becomes APPROVED and a mandate ACTIVE."""
        citizen = Ssin.parse(ssin).compact
        with self.changing() as data:
            record = self._decide(request_id, citizen)
            now = self.now()
            today = brussels_today(now)
            mandate = MandateRecord(
                mandate_id=str(uuid.uuid4()),
                ssin=citizen,
                status="ACTIVE",
                requester=record.requester,
                employer=record.employer,
                granted_at=_iso(now),
                valid_until={
                    t: day.isoformat() for t, day in valid_until(record.data_types, today).items()
                },
                request_id=record.request_id,
            )
            data.mandates[mandate.mandate_id] = mandate
            self._add_to_indexes(mandate)
            record.status = "APPROVED"
            self._decided_by(record, citizen)
            record.mandate_id = mandate.mandate_id
            record.approved_at = mandate.granted_at
            return mandate

    def _decided_by(self, record: AccessRequestRecord, citizen: str) -> None:
        if citizen != record.ssin and record.approved_by is None:
            self._requests_of.setdefault(citizen, []).append(record.request_id)
        record.approved_by = citizen

    def refuse(self, request_id: str, ssin: Ssin | str) -> AccessRequestRecord:
        citizen = Ssin.parse(ssin).compact
        with self.changing():
            record = self._decide(request_id, citizen)
            record.status = "REFUSED"
            self._decided_by(record, citizen)
            record.closed_at = _iso(self.now())
            return record

    # ------------------------------------------------------------------ mandates

    def mandate_status(self, record: MandateRecord) -> str:
        if record.status == "ACTIVE" and not self.open_data_types(record):
            return "EXPIRED"
        return record.status

    def open_data_types(self, record: MandateRecord) -> list[str]:
        """The data types that may still be consulted today under this mandate."""
        today = brussels_today(self.now())
        return [
            t for t, until in record.valid_until.items() if dt.date.fromisoformat(until) >= today
        ]

    def get_mandate(self, mandate_id: str, client: ClientRecord | None = None) -> MandateRecord:
        with self.reading() as data:
            record = data.mandates.get(mandate_id)
        if record is None or not self._visible(client, record.requester):
            raise Problem.belgif(404, "resourceNotFound", f"no mandate {mandate_id}")
        return record

    def list_mandates(
        self,
        client: ClientRecord | None,
        *,
        employer: str,
        status: str | None = None,
        ssin: str | None = None,
    ) -> list[MandateRecord]:
        with self.reading() as data:
            # Only this employer's mandates (of this citizen, when asked), never all of them.
            ids = (
                self._by_person.get((employer, ssin), [])
                if ssin is not None
                else self._by_employer.get(employer, [])
            )
            found = [
                m
                for m in (data.mandates[i] for i in ids)
                if self._visible(client, m.requester)
                and (status is None or self.mandate_status(m) == status)
            ]
        return sorted(found, key=lambda m: (m.granted_at, m.mandate_id))

    def revoke(self, mandate_id: str, ssin: Ssin | str | None = None) -> MandateRecord:
        """The citizen withdraws the mandate (only the citizen may: never an API client)."""
        with self.changing():
            record = self.get_mandate(mandate_id)
            if ssin is not None and Ssin.parse(ssin).compact != record.ssin:
                raise Problem.belgif(404, "resourceNotFound", f"no mandate {mandate_id}")
            status = self.mandate_status(record)
            if status != "ACTIVE":
                raise Problem.mandates(409, "conflict", f"the mandate is {status}, not ACTIVE")
            record.status = "REVOKED"
            record.revoked_at = _iso(self.now())
            return record

    def citizen_mandates(self, ssin: str) -> list[MandateRecord]:
        with self.reading() as data:
            found = [data.mandates[i] for i in self._by_citizen.get(ssin, [])]
        return sorted(found, key=lambda m: m.granted_at, reverse=True)

    # ------------------------------------------------------------------ citizen data

    def precontractual_data(self, client: ClientRecord, ssin: str, employer: str) -> dict[str, Any]:
        """The data the active mandates of ``ssin`` for ``employer`` let this client read."""
        active = self.list_mandates(client, employer=employer, status="ACTIVE", ssin=ssin)
        until: dict[str, dt.date] = {}
        for mandate in active:
            for data_type in self.open_data_types(mandate):
                day = dt.date.fromisoformat(mandate.valid_until[data_type])
                until[data_type] = max(day, until.get(data_type, day))
        if not until:
            raise Problem.mandates(
                403,
                "noActiveMandate",
                f"the citizen {mask_ssin(ssin)} has no active mandate for employer {employer}",
            )
        persona = personas.by_ssin(ssin)
        now = self.now()
        today = brussels_today(now)
        body: dict[str, Any] = {"ssin": ssin, "flexiJob": None, "studentAtWork": None}
        if FLEXI in until:
            start, end = personas.quarter_of(today)
            eligible = bool(persona and persona.flexi_eligible_on(today))
            body["flexiJob"] = {
                "eligible": eligible,
                # The answer holds for one quarter, eligible or not.
                "period": {"startDate": start.isoformat(), "endDate": end.isoformat()},
                "consultableUntil": until[FLEXI].isoformat(),
            }
        if STUDENT in until:
            year = today.year
            body["studentAtWork"] = {
                "year": year,
                "contingentHours": personas.contingent_hours(year),
                "remainingHours": persona.remaining_hours(year)
                if persona
                else personas.contingent_hours(year),
                "asOf": _iso(now.replace(microsecond=0)),
                "consultableUntil": until[STUDENT].isoformat(),
            }
        return body

    # ------------------------------------------------------------------ portal sessions

    def open_session(self, ssin: str) -> str:
        session = secrets.token_urlsafe(24)
        with self.changing() as data:
            data.sessions[session] = Ssin.parse(ssin).compact
        return session

    def session_citizen(self, session: str | None) -> str | None:
        if not session:
            return None
        with self.reading() as data:
            return data.sessions.get(session)

    def close_session(self, session: str | None) -> None:
        if session:
            with self.changing() as data:
                data.sessions.pop(session, None)
