"""No property test depends on the machine's speed or on a previous run's example database.

Every Hypothesis test runs under the profile ``tests/conftest.py`` loads; a test's own
``@settings(...)`` may change the number of examples but must not bring a deadline, a database or
the ``too_slow`` health check back.
"""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import HealthCheck, settings

TESTS = Path(__file__).resolve().parent


def test_the_profile_has_no_deadline_no_speed_check_and_no_database() -> None:
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
    assert settings.default.database is None


def _settings_calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "settings"
                and any(
                    k.arg in ("max_examples", "deadline", "suppress_health_check")
                    for k in node.keywords
                )
            ):
                found.append((f"{path.relative_to(TESTS)}:{node.lineno}", node))
    return found


def test_no_test_brings_a_deadline_a_database_or_the_speed_check_back() -> None:
    calls = _settings_calls()
    assert len(calls) >= 3  # the scan sees the tests' own settings (robustness, qr, fields)
    wrong = []
    for where, call in calls:
        for keyword in call.keywords:
            value = ast.unparse(keyword.value)
            if keyword.arg == "deadline" and value != "None":
                wrong.append(f"{where}: deadline={value}")
            if keyword.arg == "database" and value != "None":
                wrong.append(f"{where}: database={value}")
            if keyword.arg == "suppress_health_check" and "too_slow" not in value:
                wrong.append(f"{where}: suppress_health_check={value} leaves too_slow out")
    assert wrong == []
