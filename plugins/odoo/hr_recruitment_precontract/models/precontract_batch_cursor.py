# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Where a scheduled action's round over the applicants stands, between two of its batches.

Odoo 19 runs a scheduled action again and again while it reports work remaining
(``ir.cron._commit_progress``); each run handles one bounded batch and commits. The round's place
(the last applicant id handled) is kept here rather than in ``ir.config_parameter``, whose every
write clears the caches of all the server's workers.
"""

from odoo import api, fields, models


class PrecontractBatchCursor(models.Model):
    _name = "precontract.batch.cursor"
    _description = "Precontract: progress of a scheduled action's round"

    name = fields.Char(required=True, index=True)
    last_id = fields.Integer(string="Last applicant handled")

    _name_uniq = models.Constraint("unique(name)", "One cursor per scheduled action.")

    @api.model
    def _precontract_get(self, name):
        cursor = self.sudo().search([("name", "=", name)], limit=1)
        return cursor or self.sudo().create({"name": name, "last_id": 0})
