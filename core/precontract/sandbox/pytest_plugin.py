"""pytest fixtures: ``sandbox_server`` (one server per test session) and ``sandbox`` (the same
server, with its state, clock and faults reset before each test).

Enable with ``pytest_plugins = ["precontract.sandbox.pytest_plugin"]`` in a ``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from precontract.sandbox.server import SandboxServer


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    """A sandbox served on 127.0.0.1 on a free port for the whole session."""
    with SandboxServer() as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    """The session's sandbox, fresh: no clients, requests or mandates, real time, no faults."""
    sandbox_server.reset()
    return sandbox_server
