"""Benchmarks of the ATS connector's queue (``make bench``; not part of the tests).

1. **Poll cost** in one process: ``--checks`` first polls, their SQL statements (by kind),
   transactions and CPU per poll.
2. **Follow-ups per second** with 1, 2 and 4 worker processes (``precontract connector worker``,
   4, then 8 calls in flight each — 8 is the default) on one PostgreSQL, the sandbox in its own process answering every
   call after 100 ms (``--checks`` checks), then after 1 s (``--slow-checks``): the checks are
   made due at once, once the workers are idle, and the clock runs until each has been polled
   (target at 100 ms: N workers ≥ 0.85 × N × one worker, and ≥ 100/s with 4). Beside the rate:
   the CPU per poll of the workers, of the sandbox and of the workers' PostgreSQL server
   processes (from /proc, from that moment on), the CPUs used and the load average — at 1 s
   the CPU is rarely the limit, so that run shows whether the queue itself is.
3. **Idle round** (nothing due) with 1,000 and with 100,000 finished checks kept, on SQLite and
   on PostgreSQL: the SQL statements one round sends, its median wall and CPU time (target:
   flat).

PostgreSQL comes from ``PRECONTRACT_BENCH_POSTGRES_URL`` or ``PRECONTRACT_TEST_POSTGRES_URL``
(a schema of its own is created and dropped); without it, only SQLite is measured.

Usage: ``python bench/connector.py [--checks 2400] [--slow-checks 240] [--finished 100000]
[--quick]``
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import itertools
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table
from sqlalchemy import event, func, select, update

from precontract.testing import DEMO_EMPLOYER, DEMO_REQUESTER, sandbox_settings
from precontract_ats.crypto import SecretBox, generate_key
from precontract_ats.engine import Connector
from precontract_ats.rounds import Rounds
from precontract_ats.services import connections, tenants
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.database import Database
from precontract_ats.store.models import Check, Tenant, WriteBack
from remote import RemoteSandbox

Row = tuple[str, str, str]
LATENCY_MS = 100
SLOW_MS = 1000  # the same with ten times fewer calls a second: is the queue itself the limit?
THREADS = 8  # calls in flight per worker process: the connector's default
LIGHT_THREADS = 4  # and half of it: four such workers' CPU fits in two cores (see follow_ups)
WORKER_APP = "precontract-bench-worker"


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A fresh schema on ``url`` and a URL selecting it (dropped afterwards)."""
    schema = f"bench_{secrets.token_hex(5)}"
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _connector(url: str, key: str) -> Connector:
    db = Database(url, pool_size=THREADS + 4)  # as ``build_connector`` sizes it
    db.migrate()
    return Connector(ConnectorSettings(database_url=url), db, SecretBox([key]))


def _tenant(connector: Connector, sandbox: RemoteSandbox | None) -> int:
    """A tenant with credentials on ``sandbox`` and one Recruitee connection (never called)."""
    with connector.db.session() as session:
        tenant = tenants.create_tenant(
            session,
            name="Bench",
            requester=DEMO_REQUESTER,
            sandbox_url=sandbox.url if sandbox else "http://127.0.0.1:9",
        )
        tenants.add_employer(session, tenant, DEMO_EMPLOYER, "Roos")
        if sandbox is not None:
            settings = sandbox_settings(sandbox)
            assert settings.private_key_pem is not None
            assert settings.certificate_pem is not None
            tenants.save_credentials(
                session,
                connector.box,
                tenant,
                client_id=settings.client_id,
                private_key=settings.private_key_pem.get_secret_value(),
                certificate=settings.certificate_pem,
            )
        connection, _ = connections.create_connection(
            session,
            connector.box,
            tenant,
            kind="recruitee",
            name="Recruitee",
            settings={
                "company_id": "1",
                "codename": "bench",
                "api_url": "http://127.0.0.1:9",
                "without_niss": "send",  # the checks carry no NISS: requests at once
            },
            secret_values={"api_token": "x" * 20, "partner_secret": "y" * 20},
            employer_id=tenant.employers[0].id,
            language="nl",
        )
        return connection.id


# ---------------------------------------------------------------------------------- follow-ups


def _pending_checks(connector: Connector, connection_id: int, count: int) -> None:
    """``count`` checks with a pending access request each (made while the sandbox is fast)."""

    def start(n: int) -> None:
        connector.start_check(connection_id, candidate_ref=f"c{n}", applicant_name=f"A {n}")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(start, range(count)))
    with connector.db.session() as session:
        # Their write-backs would go to an ATS that does not exist: out of the way.
        session.execute(update(WriteBack).values(status="done"))
        session.execute(update(Check).values(next_poll_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC)))
        pending = session.scalar(select(func.count()).where(Check.status == "needs_approval"))
    assert pending == count, f"{pending} of {count} checks are pending"


def _workers(
    url: str, key: str, count: int, logs: Path, threads: int
) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "PRECONTRACT_CONNECTOR_DATABASE_URL": url,
        "PRECONTRACT_CONNECTOR_SECRET_KEY": key,
        "PRECONTRACT_CONNECTOR_WORKER_THREADS": str(threads),
        "PRECONTRACT_CONNECTOR_WORKER_INTERVAL": "0.5",
        "PGAPPNAME": WORKER_APP,  # libpq's: their server processes are told apart by it
    }
    return [
        subprocess.Popen(
            [sys.executable, "-m", "precontract_ats.cli", "worker"],
            env=env,
            stdout=(logs / f"worker{n}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for n in range(count)
    ]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc); 0 for a process that is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backends(connector: Connector) -> list[int]:
    """The PostgreSQL server processes of the workers' sessions (not the bench's own, which
    counts what is left every 50 ms, nor autovacuum's)."""
    with connector.db.session() as session:
        return list(
            session.scalars(
                sa.text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                {"name": WORKER_APP},
            )
        )


def _wait_idle(processes: list[subprocess.Popen[bytes]]) -> None:
    """Until the workers have started (imports, connections, a first empty round) and are
    idle: their CPU time stops growing. Measuring from a fixed sleep counted slow starts."""
    deadline = time.monotonic() + 120
    before = sum(_cpu_seconds(p.pid) for p in processes)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("a worker process ended at its start: see its log")
        now = sum(_cpu_seconds(p.pid) for p in processes)
        if now - before < 0.05 * len(processes):  # an idle round every 0.5 s
            return
        before = now
    raise RuntimeError("the workers did not become idle in 2 minutes")


def _poll_all(connector: Connector) -> float:
    """Make every check due now; answers the seconds until each one has been polled."""
    start = dt.datetime.now(dt.UTC)
    with connector.db.session() as session:
        session.execute(update(Check).values(next_poll_at=start))
    began = time.perf_counter()
    while True:
        with connector.db.session() as session:
            left = session.scalar(select(func.count()).where(Check.next_poll_at <= start))
        if not left:
            return time.perf_counter() - began
        if time.perf_counter() - began > 600:
            raise RuntimeError("the workers did not poll every check in 10 minutes")
        time.sleep(0.05)


def _park(connector: Connector) -> None:
    with connector.db.session() as session:
        session.execute(
            update(Check).values(
                next_poll_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
                lease_owner=None,
                lease_until=None,
            )
        )
        session.execute(update(Tenant).values(paused_until=None))
        # What the polls queued would go to an ATS that does not exist: out of the way.
        session.execute(update(WriteBack).values(status="done"))


def follow_ups(
    pg_url: str, checks: int, latency: int, workdir: Path, thread_counts: tuple[int, ...]
) -> list[Row]:
    """Follow-ups per second with 1, 2 and 4 workers, for each number of threads per worker.

    The polls' CPU (worker, sandbox and PostgreSQL: about 7 ms a poll) is the machine's, not
    the queue's: four workers of 8 threads at 100 ms ask for more than 1.6 CPUs, which a
    two-core machine running the sandbox, PostgreSQL and the bench beside them cannot give
    without queueing every step. With 4 threads each the same four workers need about 0.9 CPU:
    that run shows how the queue itself scales there, the 8-thread run how the machine does."""
    rows: list[Row] = []
    with RemoteSandbox() as sandbox, postgres_schema(pg_url) as url:
        key = generate_key()
        connector = _connector(url, key)
        connection_id = _tenant(connector, sandbox)
        _pending_checks(connector, connection_id, checks)
        sandbox.inject_fault(kind="latency", latencyMs=latency, count=None)
        if latency == LATENCY_MS:
            rows += poll_cost(connector, checks)
            _park(connector)
        rates: dict[tuple[int, int], float] = {}  # by (threads, workers)
        for threads, n in itertools.product(thread_counts, (1, 2, 4)):
            processes = _workers(url, key, n, workdir, threads)
            try:
                _wait_idle(processes)
                pg_before = {pid: _cpu_seconds(pid) for pid in _backends(connector)}
                cpu_before = sum(_cpu_seconds(p.pid) for p in processes)
                sandbox_before = sandbox.cpu_seconds()
                load_before = os.getloadavg()[0]
                elapsed = _poll_all(connector)
                cpu = sum(_cpu_seconds(p.pid) for p in processes) - cpu_before
                sandbox_cpu = sandbox.cpu_seconds() - sandbox_before
                pg_cpu = sum(
                    _cpu_seconds(pid) - pg_before.get(pid, 0.0) for pid in _backends(connector)
                )
                load = max(load_before, os.getloadavg()[0])
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    process.wait(30)
            _park(connector)
            rate = rates[threads, n] = checks / elapsed
            ratio = rate / (n * rates[threads, 1])
            used = (cpu + sandbox_cpu + pg_cpu) / elapsed
            rows.append(
                (
                    f"Follow-ups/s, {n} worker{'s' if n > 1 else ''} × {threads} threads, "
                    f"{latency} ms latency",
                    f"{rate:.1f}",
                    f"{ratio:.2f} × {n} × one worker"
                    + (" (target ≥ 0.85)" if n > 1 else "")
                    + (", target ≥ 100/s" if n == 4 and latency == LATENCY_MS else "")
                    + f"; {checks} polls in {elapsed:.1f} s; CPU per poll: workers "
                    f"{cpu * 1000 / checks:.1f} ms, sandbox {sandbox_cpu * 1000 / checks:.1f} ms, "
                    f"PostgreSQL {pg_cpu * 1000 / checks:.1f} ms; {used:.2f} of "
                    f"{os.cpu_count()} CPUs used, load {load:.1f}; bound "
                    f"{n * threads * 1000 / latency:.0f}/s",
                )
            )
        connector.close()
        connector.db.dispose()
    return rows


def poll_cost(connector: Connector, checks: int) -> list[Row]:
    """The polls of one round in this process (no deliveries: their ATS does not exist), each
    the first of its check (which writes the check's changed status to the ATS's fields):
    statements, transactions and CPU per poll."""
    statements: collections.Counter[str] = collections.Counter()
    commits = [0]

    def statement(*args: object) -> None:
        statements[" ".join(str(args[2]).split()[:2])] += 1

    def commit(*args: object) -> None:
        commits[0] += 1

    rounds = Rounds(connector)
    now = dt.datetime.now(dt.UTC)
    with connector.db.session() as session:
        session.execute(update(Check).values(next_poll_at=now))
    event.listen(connector.db.engine, "before_cursor_execute", statement)
    event.listen(connector.db.engine, "commit", commit)
    try:
        cpu, began = time.process_time(), time.perf_counter()
        polled = 0
        while polled < checks:  # a round takes up to _MAX_BATCHES claims: the next one goes on
            done = rounds.poll_due(now)
            if not done:
                break
            polled += done
        cpu, wall = time.process_time() - cpu, time.perf_counter() - began
    finally:
        event.remove(connector.db.engine, "before_cursor_execute", statement)
        event.remove(connector.db.engine, "commit", commit)
        rounds.close()
    assert polled == checks, f"{polled} of {checks} checks polled"
    total = sum(statements.values())
    kinds = ", ".join(f"{what} {n / polled:.2f}" for what, n in statements.most_common(6))
    return [
        (
            "Poll cost, one process, PostgreSQL",
            f"{cpu * 1000 / polled:.1f} ms CPU",
            f"{polled} first polls at {LATENCY_MS} ms latency in {wall:.1f} s; per poll "
            f"{total / polled:.2f} statements ({kinds}) and {commits[0] / polled:.2f} "
            "transactions",
        )
    ]


# ---------------------------------------------------------------------------------- idle round


def _finished(connector: Connector, tenant_id: int, connection_id: int, count: int) -> None:
    now = dt.datetime.now(dt.UTC)
    done = now - dt.timedelta(days=10)
    base = {
        "tenant_id": tenant_id,
        "connection_id": connection_id,
        "employer": DEMO_EMPLOYER,
        "applicant_name": "",
        "applicant_language": "nl",
        "context": {},
        "status": "result",
        "failures": 0,
        "values": {"flexi_eligible": True, "flexi_consultable_until": "2099-12-28"},
        "expires_at": dt.datetime(2099, 12, 29, tzinfo=dt.UTC),
        "created_at": done,
        "updated_at": done,
        "completed_at": done,
    }
    with connector.db.session() as session:
        first = session.scalar(select(func.count()).select_from(Check)) or 0
        for chunk in range(0, count, 5000):
            session.execute(
                sa.insert(Check),
                [
                    {**base, "token": secrets.token_hex(12), "candidate_ref": str(first + n)}
                    for n in range(chunk, min(count, chunk + 5000))
                ],
            )


def idle_round(url: str, label: str, small: int, large: int, rounds: int) -> list[Row]:
    connector = _connector(url, generate_key())
    connection_id = _tenant(connector, None)
    with connector.db.session() as session:
        tenant_id = session.scalar(select(Tenant.id))
    assert tenant_id is not None
    statements: list[str] = []
    event.listen(connector.db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    measured: dict[int, tuple[int, float, float]] = {}
    for total in (small, large):
        current = 0
        with connector.db.session() as session:
            current = session.scalar(select(func.count()).select_from(Check)) or 0
        _finished(connector, tenant_id, connection_id, total - current)
        if connector.db.engine.dialect.name == "postgresql":
            # What autovacuum does on a table that grew by a tenth; a table filled a moment ago
            # has no statistics yet and its plans would be the bench's, not production's.
            with connector.db.engine.connect() as conn:
                conn.execute(sa.text("ANALYZE"))
        connector.run_once()
        walls, cpus = [], []
        for _ in range(rounds):
            statements.clear()
            cpu, began = time.process_time(), time.perf_counter()
            connector.run_once()
            walls.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
        measured[total] = (len(statements), statistics.median(walls), statistics.median(cpus))
    connector.close()
    connector.db.dispose()
    (s1, t1, c1), (s2, t2, c2) = measured[small], measured[large]
    return [
        (
            f"Idle round, {label}, {small:,} finished checks",
            f"{t1 * 1000:.2f} ms",
            f"{s1} statements, {c1 * 1000:.2f} ms CPU (median of {rounds})",
        ),
        (
            f"Idle round, {label}, {large:,} finished checks",
            f"{t2 * 1000:.2f} ms",
            f"{s2} statements, {c2 * 1000:.2f} ms CPU; wall × {t2 / t1:.2f}, "
            f"CPU × {c2 / c1:.2f} (target ≈ 1)",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # Enough that four workers poll for ten seconds or more: their start (a round every half
    # second) and the run's tail stay a small part of it.
    parser.add_argument("--checks", type=int, default=2400, help="pending checks to poll")
    parser.add_argument(
        "--slow-checks", type=int, default=240, help="pending checks to poll at 1 s latency"
    )
    parser.add_argument("--finished", type=int, default=100_000, help="finished checks kept")
    parser.add_argument("--rounds", type=int, default=20, help="idle rounds timed")
    parser.add_argument("--quick", action="store_true", help="small counts, to try the bench")
    args = parser.parse_args(argv)
    if args.quick:
        args.checks, args.slow_checks, args.finished, args.rounds = 200, 64, 10_000, 5
    pg_url = os.environ.get("PRECONTRACT_BENCH_POSTGRES_URL") or os.environ.get(
        "PRECONTRACT_TEST_POSTGRES_URL"
    )
    console = Console()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="precontract-connector-bench-") as folder:
        workdir = Path(folder)
        if pg_url:
            with console.status(f"Follow-ups: {args.checks} pending checks, 1/2/4 workers…"):
                rows += follow_ups(
                    pg_url, args.checks, LATENCY_MS, workdir, (LIGHT_THREADS, THREADS)
                )
            with console.status(f"Follow-ups at 1 s: {args.slow_checks} checks, 1/2/4 workers…"):
                rows += follow_ups(pg_url, args.slow_checks, SLOW_MS, workdir, (THREADS,))
        else:
            rows.append(("Follow-ups/s", "—", "no PostgreSQL: set PRECONTRACT_BENCH_POSTGRES_URL"))
        with console.status("Idle round on SQLite…"):
            rows += idle_round(
                f"sqlite:///{workdir}/idle.db", "SQLite", 1000, args.finished, args.rounds
            )
        if pg_url:
            with console.status("Idle round on PostgreSQL…"), postgres_schema(pg_url) as url:
                rows += idle_round(url, "PostgreSQL", 1000, args.finished, args.rounds)
    table = Table(title="precontract connector benchmarks", title_justify="left")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    table.add_column("Note", style="dim")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
