"""Fixtures shared by every test area.

- ``sandbox_server`` / ``sandbox`` come from the sandbox's pytest plugin: one real HTTP server on
  127.0.0.1 for the session, reset before each test.
- ``sandbox_settings``: settings for a fresh client (new key, certificate and client ID) registered
  in that sandbox; ``sandbox_client``: a ``PrecontractClient`` over them.
- The Hypothesis profile every property test runs under: nothing depends on the machine's speed
  (no deadline, no ``too_slow`` health check: a loaded CI machine or a fresh clone's first
  strategy build is slow) nor on an example database a previous run left behind (``.hypothesis/``
  is neither read nor written).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from precontract.client import PrecontractClient
from precontract.config import Settings
from precontract.sandbox.server import SandboxServer
from precontract.testing import sandbox_settings as _sandbox_settings

pytest_plugins = ["precontract.sandbox.pytest_plugin"]

# A test passing its own suppress_health_check list replaces this one: it must name too_slow too
# (tests/test_hypothesis_settings.py checks every @settings).
hypothesis_settings.register_profile(
    "precontract", deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
hypothesis_settings.load_profile("precontract")


@pytest.fixture
def sandbox_settings(sandbox: SandboxServer) -> Settings:
    return _sandbox_settings(sandbox)


@pytest.fixture
def sandbox_client(sandbox_settings: Settings) -> Iterator[PrecontractClient]:
    with PrecontractClient(sandbox_settings) as client:
        yield client
