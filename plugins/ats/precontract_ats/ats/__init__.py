"""The ATS plugins: one module each (:mod:`.recruitee`, :mod:`.teamtailor`, :mod:`.bullhorn`)."""

from __future__ import annotations

import importlib
from functools import cache

from precontract.errors import ConfigurationError
from precontract_ats.ats.base import AtsPlugin

__all__ = ["KINDS", "get_plugin", "plugin_class"]

KINDS: tuple[str, ...] = ("recruitee", "teamtailor", "bullhorn")


def plugin_class(kind: str) -> type[AtsPlugin]:
    if kind not in KINDS:
        raise ConfigurationError(f"unknown ATS {kind!r}: one of {', '.join(KINDS)}", setting="kind")
    module = importlib.import_module(f"precontract_ats.ats.{kind}")
    cls: type[AtsPlugin] = module.PLUGIN
    return cls


@cache
def get_plugin(kind: str) -> AtsPlugin:
    """The shared plugin instance of ``kind`` (its HTTP session is pooled)."""
    return plugin_class(kind)()
