"""Benchmarks of the core (``make bench``; not part of the tests).

Ratios measured in one run on the same machine, so they mean something wherever they run. The
sandbox runs in its own process (``bench/remote.py``): client and server do not share a GIL, and
CPU time is measured on each side apart (the client's with ``time.process_time``, the server's
from ``/proc``), beside the wall time.

1. **Per-call overhead**: our client's ``precontractual_data()`` against a bare
   ``requests.Session`` GET of the same endpoint with the same token: wall time and client CPU
   per call.
2. **Token requests for 1,000 data calls**: the token is cached, so one token should do.
3. **Bulk at 100 ms latency**: the bulk runner re-checking 10,000 new applicants against a
   sandbox answering every call after 100 ms, against its bound
   ``concurrency / (calls per check × 100 ms)`` checks per second (target ≥ 85 %).
4. **Bulk against a rate limit**: the same against a sandbox letting 100 calls per second
   through and answering 429 past it: the most calls it let through in a second (≤ the limit),
   the share of the limit used (the workers pace at the rate learnt from the 429s), the 429s,
   and applicants lost (target 0).
5. **``precontract recheck``** on a file of 10,000 new applicants, as a user runs it (its
   progress bar drawn as on a terminal): the time, and the results file and journal (every row,
   once).
6. **The sandbox at 10,000 mandates**: its CPU time per call (a check's two calls; a token
   request) with 10,000 mandates and as many remembered ``jti`` values, against 100 (target
   ratio ≈ 1: constant time per call).
7. **Import time** of ``precontract`` (target ≤ 150 ms above the interpreter's start), of the
   whole core a host uses, of the CLI and of the connector service: wall and CPU time and peak
   memory of a fresh interpreter, minus the interpreter's own start.

Usage: ``python bench/run.py [--bulk 10000] [--limited 2000] [--recheck 10000] [--concurrency 16]
[--quick]``
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from rich.console import Console
from rich.table import Table

from precontract.api.profile import PROFILE
from precontract.audit import JsonLinesAuditSink
from precontract.bulk import BulkItem, BulkRunner
from precontract.client import PrecontractClient
from precontract.eligibility import EligibilityChecker
from precontract.http import RequestsTransport
from precontract.identifiers import Ssin
from precontract.journal import Journal
from precontract.outcome import Applicant
from precontract.testing import sandbox_settings, synthetic_ssins
from precontract.timeutil import brussels_today
from remote import RemoteSandbox, seeded_ssins

Row = tuple[str, str, str]


class CountingTransport(RequestsTransport):
    """The default pooled transport, counting requests (all, and to the token endpoint)."""

    def __init__(self, token_url: str, pool_size: int = 10) -> None:
        super().__init__(pool_size=pool_size)
        self.token_url = token_url
        self.token_requests = 0
        self.requests = 0
        self._lock = threading.Lock()

    def send(self, request: requests.PreparedRequest, *, timeout: tuple[float, float]) -> Any:
        with self._lock:
            self.requests += 1
            if request.url == self.token_url:
                self.token_requests += 1
        return super().send(request, timeout=timeout)


def _timed(call: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


# --------------------------------------------------------------------------------- 1 and 2


def per_call(calls: int, data_calls: int) -> list[Row]:
    with RemoteSandbox(mandates=1) as sandbox:
        settings = sandbox_settings(sandbox)
        ssin = Ssin.parse(seeded_ssins(1)[0])
        transport = CountingTransport(settings.token_url)
        with PrecontractClient(settings, transport=transport) as client:
            token = client.tokens.token()
            url = settings.api_url + PROFILE.precontractual_data.format(ssin=ssin.compact)
            params = {PROFILE.q_employer: settings.employer.compact}
            bare = requests.Session()
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

            def ours() -> object:
                return client.citizen_data.precontractual_data(ssin, employer=settings.employer)

            def plain() -> object:
                response = bare.get(url, params=params, headers=headers, timeout=(5, 30))
                response.raise_for_status()
                return response.json()

            _timed(ours, 10)  # warm both connection pools
            _timed(plain, 10)
            wall: dict[str, list[float]] = {"ours": [], "plain": []}
            cpu = {"ours": 0.0, "plain": 0.0}
            server = {"ours": 0.0, "plain": 0.0}
            for _ in range(max(calls // 10, 1)):  # small interleaved batches: drift hits both
                for name, call in (("ours", ours), ("plain", plain)):
                    cpu_before, server_before = time.process_time(), sandbox.cpu_seconds()
                    wall[name] += _timed(call, 10)
                    cpu[name] += time.process_time() - cpu_before
                    server[name] += sandbox.cpu_seconds() - server_before
            bare.close()
            before_tokens = transport.token_requests
            for _ in range(data_calls):
                ours()
            tokens_during = transport.token_requests - before_tokens
    n = len(wall["ours"])
    ours_ms, plain_ms = statistics.median(wall["ours"]), statistics.median(wall["plain"])
    return [
        ("Per call: precontract client (wall)", _ms(ours_ms), "median precontractual_data()"),
        ("Per call: bare requests.Session (wall)", _ms(plain_ms), "same endpoint, same token"),
        ("Per call: wall ratio", f"{ours_ms / plain_ms:.2f}×", "ours / bare"),
        (
            "Per call: client CPU, ours / bare",
            f"{_ms(cpu['ours'] / n)} / {_ms(cpu['plain'] / n)}",
            "what our client adds, in this process only",
        ),
        (
            "Per call: sandbox CPU",
            _ms((server["ours"] + server["plain"]) / (2 * n)),
            "the server's own process (clock ticks of 10 ms, averaged)",
        ),
        (f"Token requests for {data_calls} data calls", str(tokens_during), "cached token"),
    ]


# --------------------------------------------------------------------------------- 3 and 4


def _bulk(
    sandbox: RemoteSandbox, count: int, concurrency: int, workdir: Path
) -> tuple[float, float, float, Counter[str], CountingTransport, BulkRunner]:
    settings = sandbox_settings(sandbox, pool_size=concurrency)
    transport = CountingTransport(settings.token_url, pool_size=concurrency)
    start = dt.date.today() + dt.timedelta(days=1)
    items = [
        BulkItem(Applicant(reference=f"b{i}", ssin=Ssin.parse(n)), start)
        for i, n in enumerate(synthetic_ssins(count))
    ]
    with PrecontractClient(settings, transport=transport) as client:
        audit = JsonLinesAuditSink(workdir / f"audit-{count}-{concurrency}.jsonl")
        checker = EligibilityChecker.from_client(client, audit=audit)
        runner = BulkRunner.from_client(
            client,
            checker=checker,
            concurrency=concurrency,
            journal=Journal(workdir / f"journal-{time.monotonic_ns()}.jsonl"),
        )
        client.tokens.token()  # the one token, outside the timing
        statuses: Counter[str] = Counter()
        wall, cpu, server = time.perf_counter(), time.process_time(), sandbox.cpu_seconds()
        for result in runner.run(items):
            statuses[result.status] += 1
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        server = sandbox.cpu_seconds() - server
    return wall, cpu, server, statuses, transport, runner


def bulk_latency(count: int, concurrency: int, latency_ms: int, workdir: Path) -> list[Row]:
    with RemoteSandbox() as sandbox:
        sandbox.inject_fault(endpoint="*", kind="latency", latencyMs=latency_ms, count=None)
        wall, cpu, server, statuses, transport, _ = _bulk(sandbox, count, concurrency, workdir)
    calls = transport.requests - transport.token_requests
    per_check = calls / count  # sequential round trips of one check (the workflow decides)
    bound = concurrency / (per_check * latency_ms / 1000)
    rate = count / wall
    return [
        (
            f"Bulk, {count:,} applicants at {latency_ms} ms latency",
            f"{rate:.0f} checks/s",
            f"{concurrency} workers, {wall:.1f} s; {dict(statuses)}",
        ),
        (
            "Bulk: share of the concurrency bound",
            f"{rate / bound:.0%}",
            f"bound {bound:.0f} checks/s = {concurrency} / ({per_check:.2f} calls × {latency_ms}"
            " ms); target ≥ 85 %",
        ),
        (
            "Bulk: wall time per call",
            _ms(wall * concurrency / calls),
            f"a worker's time per call: {latency_ms} ms of latency + what both sides add",
        ),
        (
            "Bulk: calls per check; tokens",
            f"{calls / count:.2f}; {transport.token_requests}",
            "the NISS's active mandates, its pending requests, then a new request",
        ),
        (
            "Bulk: CPU per call, client / sandbox",
            f"{_ms(cpu / calls)} / {_ms(server / calls)}",
            "each in its own process",
        ),
        (
            "Bulk: CPUs used / needed at the bound",
            f"{(cpu + server) / wall:.2f} / {(cpu + server) / calls * per_check * bound:.2f}",
            f"of {os.cpu_count()}: when 'used' is below 'needed' and the machine is loaded, "
            "the share of the bound measures the machine",
        ),
    ]


def bulk_limited(count: int, concurrency: int, limit: int, workdir: Path) -> list[Row]:
    with RemoteSandbox() as sandbox:
        sandbox.inject_fault(endpoint="*", kind="ratelimit", limit=limit, windowMs=1000)
        wall, _, _, statuses, transport, runner = _bulk(sandbox, count, concurrency, workdir)
        (fault,) = sandbox.faults()
    lost = count - sum(n for status, n in statuses.items() if status != "error")
    calls = transport.requests
    through = (calls - fault["hits"]) / wall
    learnt = runner.pause.rate
    return [
        (
            f"Rate-limited bulk, {count:,} applicants",
            f"{fault['acceptedMax']} calls/s at most",
            f"sandbox limit {limit} calls/s; target: never above it",
        ),
        (
            "Rate-limited: share of the limit",
            f"{through / limit:.0%}",
            f"{through:.0f} calls/s let through on average ({calls:,} calls in {wall:.1f} s); "
            f"paced at {learnt or 0:.0f}/s at the end, learnt from the 429s",
        ),
        (
            "Rate-limited: 429s; pauses; applicants lost",
            f"{fault['hits']}; {runner.pause.holds}; {lost}",
            "target 0 lost",
        ),
    ]


# --------------------------------------------------------------------------------- 5


def recheck_command(count: int, concurrency: int, workdir: Path) -> list[Row]:
    """``precontract recheck`` on a file of ``count`` new applicants, as a user runs it."""
    with RemoteSandbox() as sandbox:
        settings = sandbox_settings(sandbox)
        key, cert = settings.private_key_pem, settings.certificate_pem
        assert key is not None
        assert cert is not None
        start = dt.date.today() + dt.timedelta(days=1)
        file = workdir / "applicants.csv"
        lines = ["NISS,Reference,Planned start,Name,E-mail"]
        for i, number in enumerate(synthetic_ssins(count)):
            lines.append(f"{number},a{i},{start.isoformat()},Person {i},a{i}@example.test")
        file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = {
            **os.environ,
            "PRECONTRACT_CONFIG": "",
            "PRECONTRACT_LANG": "en",
            "PRECONTRACT_AUDIT_LOG": str(workdir / "recheck-audit.jsonl"),
            "PRECONTRACT_PRIVATE_KEY_PEM": key.get_secret_value().decode(),
            "PRECONTRACT_CERTIFICATE_PEM": cert.decode(),
            "PRECONTRACT_CLIENT_ID": settings.client_id,
            "PRECONTRACT_SANDBOX_URL": sandbox.url,
            "PRECONTRACT_REQUESTER": settings.requester.compact,
            "PRECONTRACT_EMPLOYER": settings.employer.compact,
            # Draw the bar as on a terminal (its output is read here, not shown).
            "TTY_COMPATIBLE": "1",
            "TTY_INTERACTIVE": "1",
            "COLUMNS": "120",
        }
        command = [sys.executable, "-m", "precontract.cli", "recheck", str(file)]
        command += ["--concurrency", str(concurrency)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        run = subprocess.run(command, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    with (workdir / "applicants.results.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    statuses = Counter(row["status"] for row in rows)
    references = {row["reference"] for row in rows}
    journaled = sum(
        '"type":"result"' in line
        for line in (workdir / "applicants.journal.jsonl").read_text(encoding="utf-8").splitlines()
    )
    frames = run.stderr.count("━")
    bar = "drawn" if f"{count}/{count}" in run.stderr and frames else "missing"
    return [
        (
            f"precontract recheck, {count:,} rows",
            f"{wall:.0f} s; {count / wall:.0f} rows/s",
            f"exit {run.returncode}, {concurrency} workers, progress bar {bar}; "
            f"client CPU {cpu / count * 1000:.1f} ms per row",
        ),
        (
            "recheck: results file; journal",
            f"{len(rows):,} rows ({len(references):,} references); {journaled:,} answers",
            f"{dict(statuses)}; target: every row, once",
        ),
    ]


# --------------------------------------------------------------------------------- 5


def _server_cpu_per_call(mandates: int, checks: int, tokens: int) -> tuple[float, float]:
    with RemoteSandbox(mandates=mandates) as sandbox:
        settings = sandbox_settings(sandbox)
        people = [Ssin.parse(n) for n in seeded_ssins(min(mandates, checks))]
        with PrecontractClient(settings) as client:
            checker = EligibilityChecker.from_client(
                client, audit=JsonLinesAuditSink(Path(tempfile.gettempdir()) / "bench-audit.jsonl")
            )
            client.tokens.token()
            today = brussels_today(dt.datetime.now(dt.UTC))
            before = sandbox.cpu_seconds()
            for i in range(checks):
                ssin = people[i % len(people)]
                outcome = checker.check(Applicant(reference="x", ssin=ssin), planned_start=today)
                assert outcome.kind.value == "result", outcome.kind
            check_cpu = (sandbox.cpu_seconds() - before) / (2 * checks)
            before = sandbox.cpu_seconds()
            for _ in range(tokens):
                client.tokens.renew()
            token_cpu = (sandbox.cpu_seconds() - before) / tokens
    return check_cpu, token_cpu


def sandbox_scaling(small: int, large: int, checks: int, tokens: int) -> list[Row]:
    small_check, small_token = _server_cpu_per_call(small, checks, tokens)
    large_check, large_token = _server_cpu_per_call(large, checks, tokens)
    return [
        (
            f"Sandbox CPU per check call, {large:,} / {small:,} mandates",
            f"{large_check / small_check:.2f}×",
            f"{_ms(large_check)} vs {_ms(small_check)}; target ≈ 1",
        ),
        (
            f"Sandbox CPU per token request, {large:,} / {small:,} jti",
            f"{large_token / small_token:.2f}×",
            f"{_ms(large_token)} vs {_ms(small_token)} (RS256 verification dominates)",
        ),
    ]


# --------------------------------------------------------------------------------- 6


def _interpreter(code: str, rounds: int) -> tuple[float, float, float]:
    """Median wall and CPU seconds, and the peak MiB, of a fresh interpreter running ``code``."""
    walls, cpus, peaks = [], [], []
    # VmHWM, not ru_maxrss: across exec, Linux keeps the forking parent's peak in ru_maxrss.
    script = f"{code}\nprint(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])"
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        peaks.append(int(run.stdout.split()[-1]) / 1024)  # kB
    return statistics.median(walls), statistics.median(cpus), statistics.median(peaks)


def import_times(rounds: int) -> list[Row]:
    base_wall, base_cpu, base_mib = _interpreter("pass", rounds)
    rows: list[Row] = []
    for label, code, note in (
        ("import precontract", "import precontract", "target ≤ 150 ms"),
        (
            "import the core a host uses",
            "import precontract.client, precontract.eligibility, precontract.fields",
            "requests, pydantic, cryptography, PyJWT",
        ),
        ("import precontract.cli", "import precontract.cli", "click + rich"),
        (
            "import the connector service",
            "import precontract_ats.service",
            "what `precontract connector serve` loads: FastAPI, SQLAlchemy, Jinja2 (was 1.47 s, 106 MiB)",
        ),
    ):
        wall, cpu, mib = _interpreter(code, rounds)
        rows.append(
            (
                f"{label} (wall / CPU; memory)",
                f"{(wall - base_wall) * 1000:.0f} / {(cpu - base_cpu) * 1000:.0f} ms; "
                f"{mib:.0f} MiB",
                f"minus the interpreter's start; {note}",
            )
        )
    rows.append(
        (
            "Interpreter start (wall / CPU; memory)",
            f"{base_wall * 1000:.0f} / {base_cpu * 1000:.0f} ms; {base_mib:.0f} MiB",
            "python -c pass",
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300, help="timed calls per side")
    parser.add_argument("--data-calls", type=int, default=1000)
    parser.add_argument("--bulk", type=int, default=10_000, help="applicants at 100 ms latency")
    parser.add_argument("--limited", type=int, default=2_000, help="applicants, rate-limited")
    parser.add_argument("--recheck", type=int, default=10_000, help="rows for the CLI")
    parser.add_argument("--concurrency", type=int, default=16, help="bulk workers")
    parser.add_argument("--limit", type=int, default=100, help="calls/s of the rate limit")
    parser.add_argument("--mandates", type=int, default=10_000)
    parser.add_argument("--imports", type=int, default=7, help="interpreter starts per measure")
    parser.add_argument("--quick", action="store_true", help="small counts, to try the bench")
    args = parser.parse_args(argv)
    if args.quick:
        args.calls, args.data_calls, args.bulk, args.limited = 50, 100, 500, 300
        args.recheck = 300
        args.mandates, args.imports = 1000, 3

    console = Console()
    # Each 429 the rate-limited run meets is retried, and says so at WARNING: not here.
    logging.getLogger("precontract").setLevel(logging.ERROR)
    rows: list[Row] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="precontract-bench-") as folder:
        workdir = Path(folder)
        with console.status("Per-call overhead…"):
            rows += per_call(args.calls, args.data_calls)
        with console.status(f"Bulk: {args.bulk:,} applicants at 100 ms…"):
            rows += bulk_latency(args.bulk, args.concurrency, 100, workdir)
        with console.status(f"Bulk: {args.limited:,} applicants, {args.limit} calls/s…"):
            rows += bulk_limited(args.limited, args.concurrency, args.limit, workdir)
        with console.status(f"precontract recheck on {args.recheck:,} rows…"):
            rows += recheck_command(args.recheck, args.concurrency, workdir)
    with console.status(f"Sandbox at {args.mandates:,} mandates…"):
        rows += sandbox_scaling(100, args.mandates, checks=300, tokens=100)
    with console.status("Import times…"):
        rows += import_times(args.imports)

    rows.append(
        (
            "Machine load (1 min), start / end",
            f"{load_before:.1f} / {os.getloadavg()[0]:.1f}",
            f"{os.cpu_count()} CPUs; wall-time ratios suffer when the load exceeds them",
        )
    )
    table = Table(title="precontract benchmarks", title_justify="left")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    table.add_column("Note", style="dim")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
