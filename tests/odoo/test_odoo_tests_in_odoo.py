"""The addon's own ``odoo.tests.TransactionCase`` tests, where Odoo is installed.

Odoo is not on PyPI or Debian, so on our machines this is skipped (``-ra`` shows the reason). In
an environment with Odoo, it checks that the addon's test module imports and holds the test
cases; Odoo itself runs them with
``odoo-bin -d test -i hr_recruitment_precontract --test-enable --stop-after-init``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ADDONS = Path(__file__).resolve().parents[2] / "plugins" / "odoo"


def test_the_addons_odoo_tests_import_where_odoo_is_installed() -> None:
    pytest.importorskip(
        "odoo",
        reason="Odoo is not installed here (it is not on PyPI or Debian): the addon's "
        "TransactionCase tests run inside Odoo (odoo-bin --test-enable -i hr_recruitment_precontract)",
    )
    import odoo.addons  # type: ignore[import-not-found]
    import odoo.release  # type: ignore[import-not-found]

    if str(ADDONS) not in odoo.addons.__path__:
        odoo.addons.__path__.append(str(ADDONS))
    module = importlib.import_module(
        "odoo.addons.hr_recruitment_precontract.tests.test_hr_applicant_precontract"
    )
    from odoo.tests import TransactionCase  # type: ignore[import-not-found]

    for name in ("TestHrApplicantPrecontract", "TestPrecontractJourney"):
        assert issubclass(getattr(module, name), TransactionCase)
    assert odoo.release.version_info[0] >= 17
