"""The examples in the connector's docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "precontract_ats.crypto",
    "precontract_ats.services.admins",
    "precontract_ats.services.errors",
    "precontract_ats.services.values",
    "precontract_ats.ats.verify",
    "precontract_ats.summary",
    "precontract_ats.web.security",
    "precontract_ats.web.access_log",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} lost its examples"
    assert result.failed == 0
