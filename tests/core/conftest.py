"""Fixtures of the core's tests: generated keys and certificates (never committed ones)."""

from __future__ import annotations

import pytest

from precontract.credentials import generate_credentials

from .support import FakeClock, KeyPair


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
