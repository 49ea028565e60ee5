"""The examples in the core's docstrings are part of its documentation: they must stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
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
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} lost its examples"
    assert result.failed == 0
