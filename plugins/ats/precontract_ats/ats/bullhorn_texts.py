"""The Bullhorn plugin's texts (settings, hints, what the ATS shows): in the connector's gettext
catalogue under ``ats.bullhorn.*`` (``plugins/ats/precontract_ats/locale``, docs/translations.md)."""

from __future__ import annotations
