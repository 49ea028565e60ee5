"""Several worker processes on one database, one of them killed (-9) in mid-flight: every
consultation happens once, every access request is created once, every write-back reaches the ATS
once — counted at the sandbox (social security) and at the fake Recruitee.

The moment of the kill is not left to chance: the sandbox holds every status call of the workers
until the test lets them go, so the victim dies while it holds leases on checks it is polling, and
the survivors take them over when those leases run out.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime as dt
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from precontract.sandbox import faults, personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.crypto import SecretBox, generate_key
from precontract_ats.engine import Connector
from precontract_ats.services.errors import InvalidInput
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.database import Database
from precontract_ats.store.models import AuditRecord, Check, Connection, WriteBack
from precontract_ats.web.app import create_app

from .conftest import POSTGRES_ENV
from .fakes.recruitee_fake import RecruiteeFake
from .journey import recruitee_connection, tenant_on_sandbox
from .support import Counted, Served

CANDIDATES = 9
PATIENCE = 180.0  # seconds the work may take on a slow, loaded machine before the test gives up
HOLD_MS = 119_999  # the latency that marks a held call (see HeldStatusCalls)


def _wait_for(what: str, condition: Callable[[], bool], timeout: float = PATIENCE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.1)


class HeldStatusCalls:
    """The sandbox's access-request status calls wait until :meth:`release` (only calls coming
    over HTTP: the test's own approvals go through).

    The sandbox's routes run on its event loop, so a call is held there without blocking it:
    the sandbox's fault rules answer such a call with a latency fault of :data:`HOLD_MS`, and
    its sleep (patched in :mod:`precontract.sandbox.faults`) waits for the gate instead."""

    def __init__(self, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
        self.take = sandbox.faults.take
        self.gate = threading.Event()
        self.waiting = 0
        self._lock = threading.Lock()
        monkeypatch.setattr(sandbox.faults, "take", self._take)
        monkeypatch.setattr(faults, "asyncio", SimpleNamespace(sleep=self._sleep))

    def _take(self, method: str, path: str) -> faults.Fault | None:
        status_call = method == "GET" and faults.ENDPOINTS["getAccessRequest"][1].match(path)
        if status_call and not self.gate.is_set():
            return faults.Fault("getAccessRequest", "latency", latency_ms=HOLD_MS)
        return self.take(method, path)

    async def _sleep(self, seconds: float) -> None:
        if seconds != HOLD_MS / 1000:
            await asyncio.sleep(seconds)
            return
        with self._lock:
            self.waiting += 1
        deadline = time.monotonic() + PATIENCE
        while not self.gate.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        with self._lock:
            self.waiting -= 1

    def release(self) -> None:
        self.gate.set()


def _workers(url: str, key: str, count: int, logs: Path) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "PRECONTRACT_CONNECTOR_DATABASE_URL": url,
        "PRECONTRACT_CONNECTOR_SECRET_KEY": key,
        # Long enough that a loaded machine's late heartbeat never loses a live worker's lease
        # (that would deliver a write-back twice and make the counts depend on speed); the
        # killed worker's leases still run out within the test's patience.
        "PRECONTRACT_CONNECTOR_LEASE_SECONDS": "12",
        "PRECONTRACT_CONNECTOR_BATCH_SIZE": "2",
        "PRECONTRACT_CONNECTOR_WORKER_THREADS": "4",
        "PRECONTRACT_CONNECTOR_WORKER_INTERVAL": "0.5",
    }
    processes = []
    for n in range(count):
        log = (logs / f"worker{n}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "precontract_ats.cli", "worker"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return processes


def _leases(db: Database) -> dict[int, set[str]]:
    """Worker pid → what it holds a lease on right now ("check"/"write-back")."""
    held: dict[int, set[str]] = collections.defaultdict(set)
    with db.session() as session:
        for what, model in (("check", Check), ("write-back", WriteBack)):
            owners = session.scalars(
                select(model.lease_owner).where(model.lease_owner.like("worker:%"))
            )
            for owner in owners:
                held[int(owner.split(":")[2])].add(what)
    return held


def _logs(logs: Path) -> str:
    """The workers' warnings and errors, for a failing assertion's message."""
    lines = []
    for path in sorted(logs.glob("worker*.log")):
        lines += [f"{path.name}: {line}" for line in path.read_text(errors="replace").splitlines()
                  if " WARNING " in line or " ERROR " in line or "Error" in line]  # fmt: skip
    return "\n".join(lines[-40:])


def _run(
    db: Database,
    url: str,
    workers: int,
    sandbox: SandboxServer,
    fake: RecruiteeFake,
    logs: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = generate_key()
    connector = Connector(ConnectorSettings(database_url=url), db, SecretBox([key]))
    db.migrate()
    tenant_id = tenant_on_sandbox(connector, sandbox)
    _, token = recruitee_connection(connector, tenant_id, fake)
    held = HeldStatusCalls(sandbox, monkeypatch)
    consultations = Counted(sandbox.state.precontractual_data)
    monkeypatch.setattr(sandbox.state, "precontractual_data", consultations)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        with Served(create_app(connector)) as served:
            for n in range(CANDIDATES):
                fake.add_candidate(str(600 + n), f"Applicant {n}", f"a{n}@example.test")
                pressed = fake.press_button(served.url, token, str(600 + n), test_id="0403019261")
                assert pressed.status_code == 201, pressed.text
        processes = _workers(url, key, workers, logs)

        # The workers deliver the report links, then poll: the sandbox holds their polls.
        _wait_for("every worker polling", lambda: held.waiting >= min(workers, CANDIDATES // 2))
        victims = [pid for pid, what in _leases(db).items() if what == {"check"}]
        assert victims, "no worker holds a check while its poll is held"
        victim = next(p for p in processes if p.pid == victims[0])
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()

        # A start a web process began and never finished (it died): a worker resumes it.
        with db.session() as session:
            job, _ = connector._store_check(
                session, _connection_id(db), candidate_ref="699", applicant_name="Crashed Start",
                applicant_email=None, ssin=None, employer=None, context={},
                actor=None, base_url=None,
            )  # fmt: skip
            check = session.get(Check, job.id)
            assert check is not None
            check.lease_until = check.next_poll_at = check.created_at - dt.timedelta(seconds=1)
        fake.add_candidate("699", "Crashed Start", "crash@example.test")

        with sandbox.state.reading() as data:
            requests_before = list(data.requests)
        for request_id in requests_before:
            sandbox.approve(request_id, personas.MARIA.ssin)
        held.release()

        def crashed_start_has_a_request() -> bool:
            with sandbox.state.reading() as data:
                return len(data.requests) > len(requests_before)

        _wait_for("the crashed start resumed", crashed_start_has_a_request)
        with sandbox.state.reading() as data:
            for request_id in set(data.requests) - set(requests_before):
                sandbox.approve(request_id, personas.MARIA.ssin)

        def all_done() -> bool:
            with db.session() as session:
                confirming = list(
                    session.scalars(select(Check.id).where(Check.status == "confirm_approver"))
                )
            for check_id in confirming:  # Recruitee sends no NISS: the recruiter accepts
                with contextlib.suppress(InvalidInput):  # a worker holds it: next time
                    connector.decide_approver(check_id, accept=True, actor="recruiter page")
            with db.session() as session:
                open_checks = session.scalar(
                    select(func.count()).where(Check.status != "result").select_from(Check)
                )
                waiting = session.scalar(
                    select(func.count()).where(WriteBack.status == "pending").select_from(WriteBack)
                )
            return open_checks == 0 and waiting == 0

        _wait_for("every check completed and written back", all_done)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{_logs(logs)}") from None
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        connector.close()

    try:
        _count(db, sandbox, fake, consultations)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{_logs(logs)}") from None


def _count(
    db: Database, sandbox: SandboxServer, fake: RecruiteeFake, consultations: Counted
) -> None:
    checks = CANDIDATES + 1
    with sandbox.state.reading() as data:
        assert len(data.requests) == checks  # access requests = checks
    assert consultations.calls == checks  # consultations = checks
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Check)) == checks
        audit = collections.Counter(session.scalars(select(AuditRecord.action)))
        assert audit["consultation"] == checks
        assert audit["access_request.created"] == checks
        done = collections.Counter(
            (wb.check.candidate_ref, wb.kind)
            for wb in session.scalars(select(WriteBack).where(WriteBack.status == "done"))
        )
        assert all(w.status in ("done", "superseded") for w in session.scalars(select(WriteBack)))
    # Each write-back reached Recruitee once: one report PATCH per delivered report, one
    # candidate read per delivered fields write-back.
    calls = collections.Counter(fake.calls)
    for n in [*range(CANDIDATES), 99]:
        candidate = str(600 + n)
        assert (
            calls[("GET", f"/c/{fake.company_id}/candidates/{candidate}")]
            == done[(candidate, "fields")]
        )
        assert fake.field_values(candidate)["Komt in aanmerking voor flexi-job"] is True
    report_patches = sum(n for (m, p), n in calls.items() if m == "PATCH" and "/reports/" in p)
    # (The crashed start came with no Recruitee report: its reports make no call.)
    assert report_patches == sum(
        n for (candidate, kind), n in done.items() if kind == "report" and candidate != "699"
    )
    assert all(r["status"] == "completed" for r in fake.reports.values())
    assert len(fake.reports) == CANDIDATES


def _connection_id(db: Database) -> int:
    with db.session() as session:
        connection_id = session.scalar(select(Connection.id))
        assert connection_id is not None
        return connection_id


@pytest.fixture
def postgres_url() -> Iterator[tuple[Database, str]]:
    """A fresh PostgreSQL schema and a URL that selects it (for the worker processes too)."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not tested: {POSTGRES_ENV} is not set")
    schema = f"w_{secrets.token_hex(6)}"
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    scoped = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    db = Database(scoped)
    try:
        yield db, scoped
    finally:
        db.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
def test_three_workers_on_postgresql_one_killed_do_everything_once(
    postgres_url: tuple[Database, str],
    sandbox: SandboxServer,
    recruitee_fake: RecruiteeFake,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, url = postgres_url
    _run(db, url, 3, sandbox, recruitee_fake, tmp_path, monkeypatch)


def test_two_workers_on_sqlite_one_killed_do_everything_once(
    sandbox: SandboxServer,
    recruitee_fake: RecruiteeFake,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"sqlite:///{tmp_path}/connector.db"
    db = Database(url)
    try:
        _run(db, url, 2, sandbox, recruitee_fake, tmp_path, monkeypatch)
    finally:
        db.dispose()
