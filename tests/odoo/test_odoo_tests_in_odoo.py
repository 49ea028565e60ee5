"""The addon's own tests, run by a real Odoo 19.0 server on the real PostgreSQL.

``tests/odoo/odoo_server.py`` finds the Odoo tree (``ODOO_SRC``, else the vendored tarball, else
a shallow clone), builds Odoo's own venv (cached), installs the core into it with the command
``docs/odoo.md`` gives, and runs ``odoo --test-enable --test-tags /hr_recruitment_precontract``
on a new database. Every test of the addon must have run and passed: a failure, an error, a skip,
a missing test or an ERROR in Odoo's log fails here, and so fails ``make test`` and CI.

With no Odoo tree and no network this is skipped, with one line naming what to provide; with
``PRECONTRACT_REQUIRE_ODOO=1`` (set by ``.ci/run``) that is a failure instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.odoo import odoo_server
from tests.odoo.odoo_server import NoOdoo, OdooRun, Prepared

pytestmark = pytest.mark.odoo


@dataclass
class Outcome:
    prepared: Prepared
    run: OdooRun


@pytest.fixture(scope="module")
def odoo() -> Iterator[Outcome]:
    try:
        with odoo_server.odoo_session() as (prepared, db):
            yield Outcome(prepared, odoo_server.run_addon_tests(prepared, db))
    except NoOdoo as missing:
        if os.environ.get("PRECONTRACT_REQUIRE_ODOO") == "1":
            pytest.fail(f"PRECONTRACT_REQUIRE_ODOO=1 but {missing}")
        pytest.skip(str(missing))


@pytest.mark.timeout(2700)  # a cold venv (~2 min) and Odoo installing and testing the addon
def test_every_addon_test_passes_in_a_real_odoo(odoo: Outcome) -> None:
    run = odoo.run
    expected = odoo_server.expected_tests()
    where = (
        f"\n{' '.join(run.command)}\n(exit {run.returncode}, {run.seconds:.0f} s)\n{run.problems()}"
    )
    assert run.summary == f"0 failed, 0 error(s) of {len(expected)} tests", where
    assert run.skipped == [], where
    assert run.error_lines == [], where
    assert run.returncode == 0, where
    # Odoo's runner lets calls to 127.0.0.1 through and blocks (and logs) any other.
    assert "Blocking un-mocked external HTTP request" not in run.log, where
    for name in expected:  # each test of the addon ran (Odoo logs each one it starts)
        assert f": Starting {name} ..." in run.log, f"{name} did not run{where}"


def test_the_documented_install_leaves_odoos_other_pins_alone(odoo: Outcome) -> None:
    pins = odoo_server.odoo_pins(odoo.prepared.requirements)
    moved = {
        odoo_server._canonical(line.split("=")[0].split(">")[0])
        for line in odoo_server.PINS.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    installed = odoo_server.installed_versions(odoo.prepared.venv)
    changed = {
        name: f"{pinned} -> {installed.get(name)}"
        for name, pinned in pins.items()
        if name not in moved and installed.get(name) != pinned
    }
    assert changed == {}, f"the install of docs/odoo.md changed Odoo's pins: {changed}"
    assert installed["precontract"] == "0.1.0"
    assert installed["cryptography"] == "42.0.8"
    assert installed["pyopenssl"] == "24.1.0"
    assert odoo.prepared.install_command.count(" install ") == 2
