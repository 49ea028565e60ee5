"""Benchmarks of the core (``make bench``; not part of the tests).

Ratios measured in one run on the same machine, so they mean something wherever they run:

1. **Per-call overhead**: our client's ``precontractual_data()`` against a bare
   ``requests.Session`` GET of the same sandbox endpoint with the same bearer token. The
   difference is what the client adds: validation, problem mapping, retries' bookkeeping,
   pydantic parsing, NISS masking.
2. **Token requests for 1,000 data calls**: the token is cached until shortly before it ends,
   so 1,000 calls should need one token (a few if the sandbox's tokens are short-lived).
3. **Import time** of ``precontract`` (what a host imports) and of the CLI, in a fresh
   interpreter, minus the interpreter's own start-up.

Usage: ``python bench/run.py [--calls 300] [--data-calls 1000] [--imports 7]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import requests
from rich.console import Console
from rich.table import Table

from precontract.api.profile import PROFILE
from precontract.client import PrecontractClient
from precontract.http import RequestsTransport
from precontract.sandbox import SandboxServer, personas
from precontract.testing import sandbox_settings

SSIN = personas.STUDENT_AND_FLEXI.ssin


class CountingTransport(RequestsTransport):
    """The default pooled transport, counting the requests that go to the token endpoint."""

    def __init__(self, token_url: str) -> None:
        super().__init__()
        self.token_url = token_url
        self.token_requests = 0
        self.requests = 0

    def send(self, request: requests.PreparedRequest, *, timeout: tuple[float, float]) -> Any:
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


def per_call_overhead(sandbox: SandboxServer, calls: int) -> dict[str, float]:
    settings = sandbox_settings(sandbox)
    with PrecontractClient(settings) as client:
        request = client.mandates.create_access_request(
            requester=settings.requester, employer=settings.employer, ssin=SSIN
        )
        sandbox.approve(request.request_id, str(SSIN))
        token = client.tokens.token()
        url = settings.api_url + PROFILE.precontractual_data.format(ssin=SSIN.compact)
        params = {PROFILE.q_employer: settings.employer.compact}
        bare = requests.Session()
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

        def ours() -> object:
            return client.citizen_data.precontractual_data(SSIN, employer=settings.employer)

        def plain() -> object:
            response = bare.get(url, params=params, headers=headers, timeout=(5, 30))
            response.raise_for_status()
            return response.json()

        # Warm both connection pools, then interleave small batches so drift hits both alike.
        _timed(ours, 10)
        _timed(plain, 10)
        ours_times: list[float] = []
        plain_times: list[float] = []
        for _ in range(max(calls // 10, 1)):
            ours_times += _timed(ours, 10)
            plain_times += _timed(plain, 10)
        bare.close()
    ours_ms = statistics.median(ours_times) * 1000
    plain_ms = statistics.median(plain_times) * 1000
    return {"ours_ms": ours_ms, "plain_ms": plain_ms, "ratio": ours_ms / plain_ms}


def token_requests(sandbox: SandboxServer, data_calls: int) -> dict[str, int]:
    settings = sandbox_settings(sandbox)
    transport = CountingTransport(settings.token_url)
    with PrecontractClient(settings, transport=transport) as client:
        request = client.mandates.create_access_request(
            requester=settings.requester, employer=settings.employer, ssin=SSIN
        )
        sandbox.approve(request.request_id, str(SSIN))
        before_tokens, before_requests = transport.token_requests, transport.requests
        for _ in range(data_calls):
            client.citizen_data.precontractual_data(SSIN, employer=settings.employer)
    return {
        "data_calls": data_calls,
        "token_requests": transport.token_requests,
        "token_requests_during_calls": transport.token_requests - before_tokens,
        "http_requests_during_calls": transport.requests - before_requests,
    }


def _interpreter_ms(code: str, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _importtime_us(module: str) -> int:
    """The cumulative import time ``-X importtime`` reports for ``module`` (microseconds)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        check=True,
        capture_output=True,
        text=True,
    )
    for line in run.stderr.splitlines():
        parts = [part.strip() for part in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1])
    return 0


def import_times(rounds: int) -> dict[str, float]:
    baseline = _interpreter_ms("pass", rounds)
    # What a host imports: the package, its client and the workflow.
    core = "import precontract, precontract.client, precontract.eligibility, precontract.fields"
    return {
        "baseline_ms": baseline,
        "core_ms": _interpreter_ms(core, rounds) - baseline,
        "cli_ms": _interpreter_ms("import precontract.cli", rounds) - baseline,
        "core_importtime_ms": _importtime_us("precontract.client") / 1000,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300, help="timed calls per side")
    parser.add_argument("--data-calls", type=int, default=1000)
    parser.add_argument("--imports", type=int, default=7, help="interpreter starts per measure")
    args = parser.parse_args(argv)

    console = Console()
    with SandboxServer() as sandbox:
        with console.status(f"Per-call overhead ({args.calls} calls each)…"):
            overhead = per_call_overhead(sandbox, args.calls)
        with console.status(f"Token requests for {args.data_calls} data calls…"):
            tokens = token_requests(sandbox, args.data_calls)
    with console.status("Import times…"):
        imports = import_times(args.imports)

    table = Table(title="precontract benchmarks", title_justify="left")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    table.add_column("Note", style="dim")
    table.add_row(
        "Per-call: precontract client",
        f"{overhead['ours_ms']:.2f} ms",
        "median precontractual_data() against the sandbox",
    )
    table.add_row(
        "Per-call: bare requests.Session",
        f"{overhead['plain_ms']:.2f} ms",
        "same endpoint, same token",
    )
    table.add_row("Per-call overhead ratio", f"{overhead['ratio']:.2f}×", "ours / bare")
    table.add_row(
        f"Token requests for {tokens['data_calls']} data calls",
        str(tokens["token_requests_during_calls"]),
        f"{tokens['token_requests']} token request(s) in all, incl. the setup",
    )
    table.add_row(
        "HTTP requests for those calls",
        str(tokens["http_requests_during_calls"]),
        "no retries or extra calls expected",
    )
    table.add_row(
        "Import precontract (core)", f"{imports['core_ms']:.0f} ms", "minus interpreter start"
    )
    table.add_row("Import precontract.cli", f"{imports['cli_ms']:.0f} ms", "click + rich included")
    table.add_row(
        "-X importtime precontract.client",
        f"{imports['core_importtime_ms']:.0f} ms",
        "cumulative, one run",
    )
    table.add_row("Interpreter start", f"{imports['baseline_ms']:.0f} ms", "python -c pass")
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
