"""How the Odoo run finds its tree, adapts Odoo's requirements and reads Odoo's log.

The run itself is ``test_odoo_tests_in_odoo.py``; these check, without a server, that a failing,
erroring or skipped addon test, or a run that never reached its summary, is seen as such.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.odoo import odoo_server
from tests.odoo.odoo_server import NoOdoo, OdooRun, OdooTree

_PREFIX = "2026-12-01 09:00:00,000 4242"
_TEST = "odoo.addons.hr_recruitment_precontract.tests.test_tours"


def _log(*lines: str) -> str:
    return "\n".join(f"{_PREFIX} {line}" for line in lines) + "\n"


def _git_tree(root: Path) -> Path:
    (root / "addons" / "hr").mkdir(parents=True)
    (root / "odoo" / "addons" / "base").mkdir(parents=True)
    (root / "odoo-bin").write_text("#!/usr/bin/env python3\n")
    return root


def _package_tree(root: Path, version: str = "19, 0, 0") -> Path:
    (root / "odoo" / "addons" / "base").mkdir(parents=True)
    (root / "odoo" / "release.py").write_text(f"version_info = ({version}, FINAL, 0, '')\n")
    return root


def test_the_git_layout_starts_odoo_bin_with_both_addons_folders(tmp_path: Path) -> None:
    tree = odoo_server._tree_at(_git_tree(tmp_path), "ODOO_SRC")
    assert tree is not None
    assert tree.layout == "git"
    assert tree.command(Path("/venv/bin/python")) == [
        "/venv/bin/python",
        str(tmp_path / "odoo-bin"),
    ]
    assert tree.addons_path() == [
        tmp_path / "addons",
        tmp_path / "odoo" / "addons",
        odoo_server.ADDONS_DIR,
    ]


def test_the_package_layout_starts_python_m_odoo(tmp_path: Path) -> None:
    tree = odoo_server._tree_at(_package_tree(tmp_path), "vendored")
    assert tree is not None
    assert tree.layout == "package"
    assert tree.command(Path("/venv/bin/python")) == ["/venv/bin/python", "-m", "odoo"]
    assert tree.addons_path() == [tmp_path / "odoo" / "addons", odoo_server.ADDONS_DIR]
    assert tree.version() == (19, 0)


def test_an_odoo_src_that_is_no_odoo_tree_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODOO_SRC", str(tmp_path))
    with pytest.raises(NoOdoo, match=r"ODOO_SRC=.* is no Odoo tree"):
        odoo_server.find_tree()


def test_another_series_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_SRC", str(_package_tree(tmp_path, "18, 0, 0")))
    with pytest.raises(NoOdoo, match=r"tested on 19\.0 only"):
        odoo_server.find_tree()


def test_with_no_tree_at_all_one_line_names_the_three_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ODOO_SRC", raising=False)
    monkeypatch.setattr(odoo_server, "VENDORED", tmp_path / odoo_server.VENDORED.name)
    monkeypatch.setattr(odoo_server, "_clone", lambda: None)
    with pytest.raises(NoOdoo) as caught:
        odoo_server.find_tree()
    message = str(caught.value)
    assert "\n" not in message
    for way in ("ODOO_SRC", "odoo-19.0-community-slim.tar.xz", "git clone -b 19.0"):
        assert way in message


def test_odoos_requirements_are_adapted_only_where_they_cannot_install(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(
        "cbor2==5.4.2 ; python_version < '3.12'\n"
        "cbor2==5.6.2 ; python_version >= '3.12'\n"
        "cryptography==3.4.8; python_version < '3.12'  # comment\n"
        "python-ldap==3.4.0 ; sys_platform != 'win32' and python_version < '3.12'\n"
        "pytz  # no version pinning\n"
    )
    text = odoo_server.odoo_requirements(OdooTree(tmp_path, "package", "test"))
    lines = text.splitlines()[1:]
    assert lines == [
        "cbor2==5.6.2 ; python_version < '3.12'",
        "cbor2==5.6.2 ; python_version >= '3.12'",
        "cryptography==3.4.8; python_version < '3.12'",
        "pytz",
        odoo_server._EXTRA,
    ]
    pins = odoo_server.odoo_pins(text)
    assert pins["cbor2"] == "5.6.2"
    assert "pytz" not in pins


def test_the_documented_install_is_the_one_in_docs_odoo_md() -> None:
    command = odoo_server.documented_install()
    assert command.count(f"{odoo_server.DOC_VENV}/bin/pip install") == 2
    assert command.count("plugins/odoo/odoo-19.0-pins.txt") == 2
    assert f"'{odoo_server.DOC_CHECKOUT}[sandbox]'" in command


def test_a_clean_run_is_read_as_such() -> None:
    run = OdooRun.read(
        [],
        0,
        _log(
            f"INFO db {_TEST}: Starting TestPrecontractTours.test_a ... ",
            "INFO db odoo.tests.result: 0 failed, 0 error(s) of 1 tests when loading database 'db' ",
        ),
        1.0,
    )
    assert run.summary == "0 failed, 0 error(s) of 1 tests"
    assert run.skipped == []
    assert run.error_lines == []


def test_failures_errors_and_skips_are_all_seen() -> None:
    run = OdooRun.read(
        [],
        0,
        _log(
            f"INFO db {_TEST}: skipped TestPrecontractTours.test_b : Chrome executable not found",
            f"ERROR db {_TEST}: FAIL: TestPrecontractTours.test_a",
            "Traceback (most recent call last):",
            "AssertionError: 'requested' != 'active'",
            "ERROR db odoo.tests.result: 1 failed, 2 error(s) of 3 tests when loading database 'db' ",
        ),
        1.0,
    )
    assert run.summary == "1 failed, 2 error(s) of 3 tests"
    assert run.skipped == ["TestPrecontractTours.test_b: Chrome executable not found"]
    assert len(run.error_lines) == 2
    problems = run.problems()
    assert "AssertionError: 'requested' != 'active'" in problems
    assert "Chrome executable not found" in problems


def test_a_run_that_never_reached_its_summary_is_no_success() -> None:
    run = OdooRun.read(
        [],
        1,
        _log("CRITICAL db odoo.modules.module: Couldn't load module hr_recruitment_precontract"),
        1.0,
    )
    assert run.summary == "no test summary in Odoo's log"
    assert run.error_lines


def test_every_test_of_the_addon_is_expected() -> None:
    expected = odoo_server.expected_tests()
    assert "TestHrApplicantPrecontract.test_ssin_is_stored_compact_and_listed_masked" in expected
    assert "TestPrecontractTours.test_an_interviewer_sees_none_of_it" in expected
    assert len(expected) == len(set(expected))
