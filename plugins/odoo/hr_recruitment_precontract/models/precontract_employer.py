# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The client employers a social secretariat or recruitment bureau checks applicants for.

One Odoo company (the secretariat) serves many employers: each applicant can name the employer
the check is for; without one, the check is for the applicant's company itself.
"""

from precontract.identifiers import EnterpriseNumber

from odoo import api, fields, models

from .identifiers import CompactIdentifiers


class PrecontractEmployer(CompactIdentifiers):
    _name = "precontract.employer"
    _description = "Precontract: employer an applicant is checked for"
    _order = "name, id"
    _precontract_identifiers = {"enterprise_number": EnterpriseNumber}

    name = fields.Char(string="Employer", required=True)
    enterprise_number = fields.Char(
        string="Enterprise number (KBO/BCE)",
        required=True,
        help="The employer's enterprise number, e.g. 0403.019.261. The applicant's consent and "
        "the data are asked for this employer.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        help="The company (social secretariat, bureau or employer) that checks applicants for "
        "this employer.",
    )
    active = fields.Boolean(default=True)

    _enterprise_number_company_uniq = models.Constraint(
        "unique(company_id, enterprise_number)",
        "This employer is already listed for this company.",
    )

    @api.depends("name", "enterprise_number")
    def _compute_display_name(self):
        for employer in self:
            employer.display_name = _label(employer.name, employer.enterprise_number)


def _label(name, number):
    """``Name (0403.019.261)``: how the employer reads on the form and in the chatter."""
    if number and EnterpriseNumber.is_valid(number):
        number = EnterpriseNumber.parse(number).formatted
    if name and number:
        return f"{name} ({number})"
    return name or number or ""
