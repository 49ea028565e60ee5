"""`precontract sandbox` serves the sandbox in the foreground until stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the sandbox command ended early"
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    pytest.fail(f"nothing answered on {url}")


@pytest.mark.parametrize("controls", [True, False])
def test_the_sandbox_command_serves_until_interrupted(controls: bool) -> None:
    port = _free_port()
    args = [sys.executable, "-m", "precontract.cli", "sandbox", "--port", str(port)]
    if not controls:
        args.append("--no-controls")
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ}
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base + "/portal/mandates", process)
        token = requests.post(base + "/REST/oauth/v5/token", data={}, timeout=5)
        assert token.status_code in (400, 401), "the token endpoint refuses an empty request"
        clock = requests.get(base + "/sandbox/clock", timeout=5)
        assert (clock.status_code == 200) is controls
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
