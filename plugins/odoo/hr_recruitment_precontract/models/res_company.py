# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from precontract.identifiers import EnterpriseNumber

from odoo import fields

from .identifiers import CompactIdentifiers


class ResCompany(CompactIdentifiers):
    _inherit = "res.company"
    _precontract_identifiers = {"precontract_employer": EnterpriseNumber}

    precontract_employer = fields.Char(
        string="Employer enterprise number (KBO/BCE)",
        help="The enterprise number of this company as an employer, e.g. 0403.019.261. "
        "Precontractual data is asked for this employer; left empty, the requester's number "
        "is used.",
    )
