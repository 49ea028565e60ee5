"""The ``precontract`` command's gettext catalogue and its lookup, :func:`t`.

The texts (``cli.*``, ``demo.*``) are in ``core/precontract/cli/locale`` (nl, fr, de, en; see
``docs/translations.md``); the command's ``--help`` texts stay English, like the code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precontract.i18n import Language, add_catalogue, translate

__all__ = ["t"]


def t(key: str, lang: Language | str, **params: Any) -> str:
    """Shorthand for :func:`precontract.i18n.translate`."""
    return translate(key, lang, **params)


add_catalogue(Path(__file__).resolve().parent / "locale", "precontract_cli")
