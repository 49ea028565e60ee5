"""Fixtures for the Odoo addon's plain-pytest tests (no Odoo here: see docs/odoo.md)."""

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
