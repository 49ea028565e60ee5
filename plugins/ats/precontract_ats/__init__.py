"""The precontract connector: a web service hosting thin plugins for SaaS applicant-tracking
systems (Recruitee, Teamtailor, Bullhorn)."""

from pathlib import Path as _Path

from precontract.i18n import add_catalogue as _add_catalogue

# Everything the connector says (pages, e-mails, ATS texts): docs/translations.md.
_add_catalogue(_Path(__file__).resolve().parent / "locale", "precontract_connector")
