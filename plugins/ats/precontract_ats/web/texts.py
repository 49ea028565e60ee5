"""The connector pages' texts are in the connector's gettext catalogue.

``plugins/ats/precontract_ats/locale`` (nl, fr, en, de; see ``docs/translations.md``). Modules
that imported this one for its side effect keep working: the catalogue is added when
:mod:`precontract_ats` is imported.
"""

from __future__ import annotations

__all__: list[str] = []
