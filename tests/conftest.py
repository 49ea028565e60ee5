"""Fixtures shared by every test area.

- ``sandbox_server`` / ``sandbox`` come from the sandbox's pytest plugin: one real HTTP server on
  127.0.0.1 for the session, reset before each test.
- ``sandbox_settings``: settings for a fresh client (new key, certificate and client ID) registered
  in that sandbox; ``sandbox_client``: a ``PrecontractClient`` over them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from precontract.client import PrecontractClient
from precontract.config import Settings
from precontract.sandbox.server import SandboxServer
from precontract.testing import sandbox_settings as _sandbox_settings

pytest_plugins = ["precontract.sandbox.pytest_plugin"]


@pytest.fixture
def sandbox_settings(sandbox: SandboxServer) -> Settings:
    return _sandbox_settings(sandbox)


@pytest.fixture
def sandbox_client(sandbox_settings: Settings) -> Iterator[PrecontractClient]:
    with PrecontractClient(sandbox_settings) as client:
        yield client
