"""The public API a plugin author learns in five minutes: the names of ``precontract``."""

from __future__ import annotations

import precontract


def test_the_core_names_are_exported_from_the_package() -> None:
    for name in (
        "PrecontractClient",
        "ConnectionReport",
        "Settings",
        "Environment",
        "RetryPolicy",
        "Credentials",
        "generate_credentials",
        "TokenError",
    ):
        assert name in precontract.__all__
        assert getattr(precontract, name) is not None
    assert precontract.PrecontractClient.__module__ == "precontract.client"
