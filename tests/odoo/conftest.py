"""Fixtures for the Odoo addon's plain-pytest tests (the host logic without a server)."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.odoo.odoo_fakes import FakeApplicants, load_host


@pytest.fixture(scope="session")
def host() -> ModuleType:
    return load_host()


@pytest.fixture
def applicants() -> FakeApplicants:
    return FakeApplicants()
