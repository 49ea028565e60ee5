"""``serve()`` in the foreground, as ``precontract sandbox`` runs it: its log never shows an NISS."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from precontract.sandbox import SandboxServer, personas

CORE = Path(__file__).resolve().parents[2] / "core"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_access_log_masks_the_niss(tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(CORE), os.environ.get("PYTHONPATH", "")]),
    }
    code = f"from precontract.sandbox import serve; serve('127.0.0.1', {port})"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", code], stdout=out, stderr=subprocess.STDOUT, env=env
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                assert process.poll() is None, log.read_text()
                try:
                    requests.get(f"{base}/portal/", timeout=1)
                    break
                except requests.ConnectionError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"nothing answered on {base}")
                    time.sleep(0.1)
            niss = personas.MARIA.ssin.compact
            answer = requests.get(
                f"{base}/REST/citizenData/v1/persons/{niss}/precontractualData",
                params={"employerEnterpriseNumber": "0403019261", "ssin": "85.07.30-033.28"},
                timeout=5,
            )
            assert answer.status_code == 401
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    text = log.read_text()
    assert "/REST/citizenData/v1/persons/85.07.30-***.**/precontractualData" in text
    assert niss not in text
    assert "033.28" not in text


def test_a_server_never_started_still_frees_its_port() -> None:
    server = SandboxServer()
    port = server.port
    server.stop()
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))  # EADDRINUSE while the server's socket stays open


def test_stopping_twice_is_harmless() -> None:
    with SandboxServer() as server:
        assert requests.get(f"{server.url}/portal/", timeout=5).status_code == 200
    server.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.url}/portal/", timeout=2)
