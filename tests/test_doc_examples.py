"""The examples in precontract's docstrings are part of its documentation: they must stay true.

Every module of the package whose docstrings hold examples is run, so a new one is covered
without being listed; the modules below must keep theirs.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import precontract

KEEP_EXAMPLES = [
    "precontract.identifiers",
    "precontract.masking",
    "precontract.i18n",
    "precontract.errors",
    "precontract.fields",
    "precontract.api.profile",
    "precontract.credentials",
    "precontract.config",
    "precontract.auth",
    "precontract.api.mandates",
    "precontract.api.citizen_data",
    "precontract.testing",
    "precontract.qr",
    "precontract.audit",
    "precontract.recheck",
    "precontract.gate",
]


def _runs_examples(module_name: str) -> bool:
    module = importlib.import_module(module_name)
    return any(
        not example.options.get(doctest.SKIP)
        for test in doctest.DocTestFinder().find(module)
        for example in test.examples
    )


def _modules() -> list[str]:
    found = {
        info.name
        for info in pkgutil.walk_packages(precontract.__path__, "precontract.")
        if not info.name.endswith(("pytest_plugin", "__main__")) and _runs_examples(info.name)
    }
    return sorted(found | set(KEEP_EXAMPLES))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} lost its examples"
    assert result.failed == 0
