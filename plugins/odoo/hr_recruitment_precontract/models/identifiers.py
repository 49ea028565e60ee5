# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""NISS and enterprise numbers as the addon stores them: compact, or refused before any write.

Every value goes through ``create``/``write``, so normalising there is also the validation: no
constraint is needed after it.
"""

from precontract.errors import InvalidIdentifier
from precontract.i18n import normalise_language

from odoo import api, models
from odoo.exceptions import ValidationError


def compact(env, kind, raw):
    """``raw`` in ``kind``'s compact form (``Ssin``, ``EnterpriseNumber``), an empty value as it is.

    A wrong number raises a ``ValidationError`` in the user's language.
    """
    if not raw:
        return raw
    try:
        return kind.parse(raw).compact
    except InvalidIdentifier as exc:
        raise ValidationError(exc.user_message(normalise_language(env.lang))) from None


def compact_vals(env, vals, name, kind):
    """``vals`` of a ``create``/``write`` with the number in field ``name`` compact."""
    if not vals.get(name):
        return vals
    return dict(vals, **{name: compact(env, kind, vals[name])})


class CompactIdentifiers(models.Model):
    """The ``create``/``write`` of a model whose number fields are stored compact.

    A Python base only (``_register = False``: no model of its own in the registry); a model
    names its fields and their kind in ``_precontract_identifiers``.
    """

    _register = False
    _precontract_identifiers = {}  # field name -> Ssin or EnterpriseNumber

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._precontract_compact(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._precontract_compact(vals))

    def _precontract_compact(self, vals):
        for name, kind in self._precontract_identifiers.items():
            vals = compact_vals(self.env, vals, name, kind)
        return vals
