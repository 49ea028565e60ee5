# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from precontract.identifiers import EnterpriseNumber

from odoo import api, fields, models

from .identifiers import compact_vals


class ResCompany(models.Model):
    _inherit = "res.company"

    precontract_employer = fields.Char(
        string="Employer enterprise number (KBO/BCE)",
        help="The enterprise number of this company as an employer, e.g. 0403.019.261. "
        "Precontractual data is asked for this employer; left empty, the requester's number "
        "is used.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._precontract_compact(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._precontract_compact(vals))

    def _precontract_compact(self, vals):
        return compact_vals(self.env, vals, "precontract_employer", EnterpriseNumber)
