# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from precontract.errors import InvalidEnterpriseNumber
from precontract.i18n import normalise_language
from precontract.identifiers import EnterpriseNumber

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    precontract_employer = fields.Char(
        string="Employer enterprise number (KBO/BCE)",
        help="The enterprise number of this company as an employer, e.g. 0403.019.261. "
        "Precontractual data is asked for this employer; left empty, the requester's number "
        "is used.",
    )

    def _precontract_normalised(self, vals):
        raw = vals.get("precontract_employer")
        if not raw:
            return vals
        try:
            return dict(vals, precontract_employer=EnterpriseNumber.parse(raw).compact)
        except InvalidEnterpriseNumber as exc:
            raise ValidationError(exc.user_message(normalise_language(self.env.lang))) from None

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._precontract_normalised(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._precontract_normalised(vals))

    @api.constrains("precontract_employer")
    def _check_precontract_employer(self):
        for company in self:
            number = company.precontract_employer
            if number and not EnterpriseNumber.is_valid(number):
                raise ValidationError(
                    InvalidEnterpriseNumber("invalid", reason="format").user_message(
                        normalise_language(self.env.lang)
                    )
                )
