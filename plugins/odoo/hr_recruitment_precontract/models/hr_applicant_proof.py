# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The PDF proof of each consultation on the applicant, and *Print proof*.

The core renders the proof (``precontract.proof.render_proof``) from the outcome of the check that
read the data; it exists only then, so the addon renders it at once, in the language of the user
who ran the check, and keeps it as a ``precontract.proof`` (officers only, see that model). *Print
proof* downloads the latest one while the values it shows may still be consulted; the proof is
removed with them: it is not a way to read the values after their window (docs/workflow.md).
"""

import logging

from precontract.masking import mask_ssins
from precontract.outcome import OutcomeKind
from precontract.proof import render_proof

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..host import FIELD_NAMES
from .hr_applicant import OFFICER
from .precontract_proof import SHOWN

_logger = logging.getLogger(__name__)

# The applicant's "consultable until" field of each data type a proof shows: when the record
# loses it, the proofs showing that type go too.
UNTIL_FIELDS = {name: FIELD_NAMES[until] for name, (_present, until) in SHOWN.items()}


# One class per concern, each file under the project's size limit, instead of one long class.
class HrApplicant(models.Model):
    _inherit = "hr.applicant"  # pylint: disable=consider-merging-classes-inherited

    precontract_proof_id = fields.Many2one(
        "precontract.proof",
        string="Latest proof",
        readonly=True,
        copy=False,
        groups=OFFICER,
        help="The PDF proof of the latest consultation, kept while its values may be consulted.",
    )
    precontract_proof_until = fields.Date(
        string="Proof printable until",
        related="precontract_proof_id.consultable_until",
        groups=OFFICER,
    )
    precontract_proof_available = fields.Boolean(
        string="Proof can be printed",
        compute="_compute_precontract_proof_available",
        groups=OFFICER,
    )

    @api.depends(
        "precontract_proof_id",
        "precontract_flexi_consultable_until",
        "precontract_student_consultable_until",
    )
    def _compute_precontract_proof_available(self):
        now = self._precontract_now()
        for applicant in self:
            proof = applicant.sudo().precontract_proof_id
            applicant.precontract_proof_available = bool(
                proof and proof.attachment_id and not proof._precontract_expired(now)
            )

    # ------------------------------------------------------------------ making the proof

    def _precontract_session(self):
        session = super()._precontract_session()
        session.on_outcome = self._precontract_outcome_written
        return session

    def _precontract_outcome_written(self, reference, outcome):
        if outcome.kind is not OutcomeKind.RESULT or not reference.isdigit():
            return
        applicant = self.sudo().browse(int(reference)).exists()
        if not applicant:
            return
        try:
            with self.env.cr.savepoint():
                applicant._precontract_attach_proof(outcome)
        except Exception as exc:  # noqa: BLE001 - the answer is written: a proof must not undo it
            _logger.exception(
                "precontract: no proof for applicant %s: %s", reference, mask_ssins(str(exc))
            )

    def _precontract_attach_proof(self, outcome):
        """Render the proof of ``outcome`` (a RESULT) and keep it, for officers only."""
        self.ensure_one()
        pdf = render_proof(
            outcome,
            lang=self._precontract_ui_lang(),
            applicant_name=self.partner_name or self.display_name,
        )
        proof = self.env["precontract.proof"]._precontract_create(self, outcome, pdf)
        # No chatter note and no chatter attachment: interviewers read the chatter. The
        # consultation's audit note carries the proof's integrity code, never a value.
        self.sudo().precontract_proof_id = proof
        return proof

    def write(self, vals):
        result = super().write(vals)
        gone = [name for name, field in UNTIL_FIELDS.items() if field in vals and not vals[field]]
        if gone:
            # The record lost those values (expiry, withdrawal, another employer, an answer
            # without them): a proof showing them would keep them readable.
            self.env["precontract.proof"].sudo().search(
                [("applicant_id", "in", self.ids)]
            )._precontract_remove_showing(gone)
        return result

    def unlink(self):
        # Through the ORM, so that each proof's file goes with it (a database cascade would
        # leave the files).
        self.env["precontract.proof"].sudo().search([("applicant_id", "in", self.ids)]).unlink()
        return super().unlink()

    def _precontract_audit_text(self, event):
        text = super()._precontract_audit_text(event)
        if event.integrity_code:
            text = self.env._(
                "%(note)s Integrity code of the proof: %(code)s.",
                note=text,
                code=event.integrity_code,
            )
        return text

    # ------------------------------------------------------------------ Print proof

    def action_precontract_print_proof(self):
        """Download the latest proof, while the values on it may still be consulted."""
        self.ensure_one()
        self._precontract_require_officer(self.env._("Only recruitment officers can print a proof."))
        if not self.precontract_proof_available:
            raise UserError(
                self.env._(
                    "No proof can be printed: there is none yet, or the values it shows may no "
                    "longer be consulted (the proof was removed with them)."
                )
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.precontract_proof_id.attachment_id.id}?download=true",
            "target": "self",
        }
