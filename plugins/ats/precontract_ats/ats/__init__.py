"""The ATS plugins: one module each (:mod:`.recruitee`, :mod:`.teamtailor`, :mod:`.bullhorn`)."""

from __future__ import annotations

import importlib
from functools import cache

from precontract_ats.ats.base import AtsPlugin
from precontract_ats.settings import SettingProblem

__all__ = ["KINDS", "get_plugin", "plugin_class"]

KINDS: tuple[str, ...] = ("recruitee", "teamtailor", "bullhorn")


def plugin_class(kind: str) -> type[AtsPlugin]:
    if kind not in KINDS:
        raise SettingProblem(
            f"unknown ATS {kind!r}: one of {', '.join(KINDS)}",
            "kind",
            "unknown_ats",
            kind=kind,
            kinds=", ".join(KINDS),
        )
    module = importlib.import_module(f"precontract_ats.ats.{kind}")
    cls: type[AtsPlugin] = module.PLUGIN
    return cls


@cache
def get_plugin(kind: str) -> AtsPlugin:
    """The shared plugin instance of ``kind`` (its HTTP session is pooled)."""
    return plugin_class(kind)()
