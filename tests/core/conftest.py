"""Fixtures of the core's tests: generated keys and certificates (never committed ones), and a
client of the test sandbox counting its calls per endpoint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from precontract.audit import MemoryAuditSink
from precontract.client import PrecontractClient
from precontract.credentials import generate_credentials
from precontract.sandbox.server import SandboxServer
from precontract.testing import sandbox_settings

from .support import CountingTransport, FakeClock, KeyPair


@pytest.fixture(scope="session")
def keypair() -> KeyPair:
    key, cert = generate_credentials("precontract tests")
    return KeyPair(key, cert)


@pytest.fixture(scope="session")
def other_keypair() -> KeyPair:
    key, cert = generate_credentials("someone else")
    return KeyPair(key, cert)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def transport() -> CountingTransport:
    return CountingTransport()


@pytest.fixture
def client(sandbox: SandboxServer, transport: CountingTransport) -> Iterator[PrecontractClient]:
    """A client registered in the test sandbox, over ``transport``."""
    with PrecontractClient(sandbox_settings(sandbox), transport=transport) as c:
        yield c


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()
