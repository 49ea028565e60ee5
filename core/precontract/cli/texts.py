"""What the ``precontract`` command says, in Dutch, French, German and English.

The texts (``cli.*``, ``demo.*``) are in the command's gettext catalogue,
``core/precontract/cli/locale`` (see ``docs/translations.md``); the command's ``--help`` texts
stay English, like the code.
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
