"""The citizen portal's texts: its gettext catalogue, ``core/precontract/sandbox/locale``.

``portal.*`` in Dutch, French, German and English, a test citizen's description included
(``portal.persona.<key>``; its English is the persona's ``description``). See
``docs/translations.md``.
"""

from __future__ import annotations

from pathlib import Path

from precontract.i18n import add_catalogue

add_catalogue(Path(__file__).resolve().parent / "locale", "precontract_portal")
