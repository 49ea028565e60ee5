"""The sandbox in its own process, for the benchmarks: client and server no longer share a GIL,
and the server's CPU time is read from /proc, apart from the client's.

``python bench/remote.py [--mandates N]`` serves a sandbox on a free port of 127.0.0.1, seeded
with ``N`` active mandates (and as many remembered assertion ``jti`` values) for the demo
requester and employer, prints ``READY <url>`` and serves until its stdin closes.
:class:`RemoteSandbox` starts one and drives it through its HTTP controls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import requests

from precontract.testing import DEMO_EMPLOYER, DEMO_REQUESTER, synthetic_ssins

SEED_CLIENT = "bench_seed"


class RemoteSandbox:
    """A sandbox child process; the ``SandboxLike`` that ``sandbox_settings`` needs."""

    def __init__(self, *, mandates: int = 0) -> None:
        self.mandates = mandates
        self._process: subprocess.Popen[str] | None = None
        self.url = ""
        self._http = requests.Session()

    def __enter__(self) -> RemoteSandbox:
        self._process = subprocess.Popen(
            [sys.executable, __file__, "--mandates", str(self.mandates)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().split()
        if len(line) != 2 or line[0] != "READY":
            self._process.kill()
            raise RuntimeError(f"the sandbox process did not start: {line}")
        self.url = line[1]
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._http.close()
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the sandbox process (all its threads) so far."""
        assert self._process is not None
        with open(f"/proc/{self._process.pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return ticks / os.sysconf("SC_CLK_TCK")

    # ----------------------------------------------------------------------------- controls

    def _control(self, method: str, path: str, body: Any = None) -> Any:
        response = self._http.request(method, f"{self.url}/sandbox{path}", json=body, timeout=30)
        response.raise_for_status()
        return response.json() if response.content else None

    def register_client(
        self,
        client_id: str,
        certificate_pem: bytes,
        *,
        scopes: Sequence[str] | None = None,
        name: str | None = None,
    ) -> Any:
        # Bound to the demo requester from the start, so it sees the seeded mandates.
        body: dict[str, Any] = {
            "clientId": client_id,
            "certificatePem": certificate_pem.decode(),
            "enterpriseNumber": DEMO_REQUESTER,
        }
        if scopes is not None:
            body["scopes"] = list(scopes)
        if name is not None:
            body["name"] = name
        return self._control("POST", "/clients", body)

    def approve(self, request_id: str, ssin: str) -> Any:
        return self._control("POST", f"/accessRequests/{request_id}/approve", {"ssin": ssin})

    def inject_fault(self, **fault: Any) -> Any:
        return self._control("POST", "/faults", fault)

    def faults(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._control("GET", "/faults")
        return result

    def clear_faults(self) -> None:
        self._control("DELETE", "/faults")


def seeded_ssins(count: int) -> list[str]:
    """The NISS numbers the child seeds mandates for (the same in both processes)."""
    return list(synthetic_ssins(count))


def _serve(mandates: int) -> None:
    from precontract.sandbox.server import SandboxServer
    from precontract.sandbox.state import DATA_TYPES, DEFAULT_SCOPES, ClientRecord

    with SandboxServer() as sandbox:
        state = sandbox.state
        seed = ClientRecord(SEED_CLIENT, "", list(DEFAULT_SCOPES), enterprise_number=DEMO_REQUESTER)
        now = dt.datetime.now(dt.UTC)
        for ssin in seeded_ssins(mandates):
            record = state.create_request(
                seed,
                requester=DEMO_REQUESTER,
                employer=DEMO_EMPLOYER,
                data_types=list(DATA_TYPES),
                ssin=ssin,
            )
            state.approve(record.request_id, ssin)
            state.use_jti(SEED_CLIENT, ssin, now + dt.timedelta(minutes=10), now=now)
        print("READY", sandbox.url, flush=True)
        sys.stdin.read()  # until the parent closes it


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mandates", type=int, default=0)
    _serve(parser.parse_args().mandates)
