"""What the Odoo addon's plain-pytest tests use instead of Odoo (which cannot be installed here):

- :func:`load_host` imports the addon's ``host`` package (plain Python over the core) from its
  folder, without importing the addon's Odoo models;
- :class:`FakeApplicants` is an in-memory stand-in for ``env["hr.applicant"]``.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.odoo import odoo_addon_source as src

HOST_DIR = Path(__file__).resolve().parents[2] / "plugins/odoo/hr_recruitment_precontract/host"
HOST_MODULE = "hr_recruitment_precontract_host"


def load_host() -> ModuleType:
    """Import the addon's ``host`` package under its own name (its imports are relative)."""
    if HOST_MODULE in sys.modules:
        return sys.modules[HOST_MODULE]
    spec = importlib.util.spec_from_file_location(
        HOST_MODULE, HOST_DIR / "__init__.py", submodule_search_locations=[str(HOST_DIR)]
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[HOST_MODULE] = module
    spec.loader.exec_module(module)
    return module


# The hr.applicant fields the stand-in knows, with their Odoo field type: the standard ones the
# adapter reads, and the addon's own as models/hr_applicant.py declares them.
_ADDON_FIELDS = src.models()["hr.applicant"].fields
FIELD_TYPES: dict[str, str] = {
    "partner_name": "char",
    "email_from": "char",
    "partner_phone": "char",
    "company_id": "integer",
    "availability": "date",
    **{name: info.type.lower() for name, info in _ADDON_FIELDS.items()},
}
SELECTIONS = {
    name: {key for key, _label in info.selection}
    for name, info in _ADDON_FIELDS.items()
    if info.selection
}


class WriteRefused(RuntimeError):
    """What the stand-in raises for a record told to fail (a lock, a constraint...)."""


class FakeApplicants:
    """Stands for Odoo's ``env["hr.applicant"]`` in the plain tests: the ORM calls the addon's
    adapter makes (``browse`` → ``exists``/``read``/``write``) with the ORM's conventions:

    - an empty field reads as ``False`` (an integer field as ``0``);
    - a date field takes ``datetime.date``, a datetime field a **naive** ``datetime`` (UTC), as
      the ORM wants, and refuses an aware one; a selection refuses a value it does not list;
    - writing a field the model does not have raises; a ``write`` is all or nothing;
    - :meth:`savepoint` rolls back what happened inside it on an exception, as
      ``env.cr.savepoint()`` does;
    - records in ``fail_on`` refuse every write (the record a batch must survive).

    Every successful write is kept in ``writes`` as ``(id, values)``.
    """

    def __init__(self) -> None:
        self.rows: dict[int, dict[str, Any]] = {}
        self.writes: list[tuple[int, dict[str, Any]]] = []
        self.fail_on: set[int] = set()
        self._next = 1

    def create(self, **values: Any) -> str:
        row: dict[str, Any] = dict.fromkeys(FIELD_TYPES, False)
        row["precontract_lang"] = "en_US"
        self._check(values)
        row.update(values)
        record_id = self._next
        self._next += 1
        self.rows[record_id] = row
        return str(record_id)

    def browse(self, ids: int) -> FakeRecord:
        return FakeRecord(self, ids)

    def get(self, reference: str, name: str) -> Any:
        value = self.rows[int(reference)][name]
        if FIELD_TYPES[name] == "integer" and value is False:
            return 0
        return value

    def writes_to(self, reference: str) -> list[dict[str, Any]]:
        return [values for record_id, values in self.writes if record_id == int(reference)]

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        saved = (copy.deepcopy(self.rows), list(self.writes))
        try:
            yield
        except BaseException:
            self.rows, self.writes = saved
            raise

    @staticmethod
    def _check(values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name not in FIELD_TYPES:
                raise ValueError(f"Invalid field {name!r} on model 'hr.applicant'")
            if value is False or value is None:
                continue
            kind = FIELD_TYPES[name]
            if kind == "datetime":
                if not isinstance(value, dt.datetime) or value.tzinfo is not None:
                    raise ValueError(f"{name}: a Datetime field expects a naive datetime")
            elif kind == "date":
                if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                    raise ValueError(f"{name}: a Date field expects a date")
            elif kind == "integer":
                if not isinstance(value, int) or isinstance(value, bool):
                    raise ValueError(f"{name}: an Integer field expects an int")
            elif kind == "selection":
                if value not in SELECTIONS[name]:
                    raise ValueError(f"{name}: wrong value {value!r} for the selection")
            elif not isinstance(value, str):
                raise ValueError(f"{name}: a Char field expects text")


class FakeRecord:
    def __init__(self, model: FakeApplicants, record_id: int) -> None:
        self._model = model
        self.id = record_id

    def exists(self) -> bool:
        return self.id in self._model.rows

    def read(self, fields: list[str]) -> list[dict[str, Any]]:
        row = self._model.rows[self.id]
        out: dict[str, Any] = {"id": self.id}
        for name in fields:
            if name not in FIELD_TYPES:
                raise ValueError(f"Invalid field {name!r} on model 'hr.applicant'")
            value = row[name]
            out[name] = 0 if FIELD_TYPES[name] == "integer" and value is False else value
        return [out]

    def write(self, vals: dict[str, Any]) -> bool:
        if self.id in self._model.fail_on:
            raise WriteRefused(f"hr.applicant({self.id}) cannot be written")
        FakeApplicants._check(vals)
        self._model.rows[self.id].update(vals)
        self._model.writes.append((self.id, dict(vals)))
        return True
