"""The Odoo host logic that needs no ORM: plain Python over the precontract core.

The addon's models stay thin: they read Odoo's settings, build a :class:`CheckSession` and hand it
the ``hr.applicant`` model; everything else (which Odoo field holds which result, Odoo's value
conventions, the settings object, running a batch that survives one failing record) lives here and
is tested in plain pytest, without Odoo (see ``tests/odoo`` in the repository).

This package never imports ``odoo``.
"""

from .adapter import ApplicantModel, ApplicantRecord, OdooApplicantAdapter
from .audit import BufferedAuditSink
from .batch import BatchReport, run_in_batches
from .clients import ClientCache, configuration_key, shared_clients
from .session import CheckSession, expire_all, follow_pending, wizard_values
from .settings import (
    SETTING_FIELDS,
    StoredConfiguration,
    build_settings,
    load_credentials,
    report_text,
    test_connection,
)
from .values import (
    APPLICANT_FIELDS,
    FIELD_NAMES,
    RESULT_FIELDS,
    SSIN_FIELD,
    from_odoo,
    naive_utc,
    to_odoo,
)

__all__ = [
    "APPLICANT_FIELDS",
    "FIELD_NAMES",
    "RESULT_FIELDS",
    "SETTING_FIELDS",
    "SSIN_FIELD",
    "ApplicantModel",
    "ApplicantRecord",
    "BatchReport",
    "BufferedAuditSink",
    "CheckSession",
    "ClientCache",
    "OdooApplicantAdapter",
    "StoredConfiguration",
    "build_settings",
    "configuration_key",
    "expire_all",
    "follow_pending",
    "from_odoo",
    "load_credentials",
    "naive_utc",
    "report_text",
    "run_in_batches",
    "shared_clients",
    "test_connection",
    "to_odoo",
    "wizard_values",
]
