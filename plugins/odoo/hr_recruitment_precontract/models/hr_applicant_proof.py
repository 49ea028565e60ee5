# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The PDF proof of each consultation: an attachment on the applicant's chatter, and *Print proof*.

The core renders the proof (``precontract.proof.render_proof``) from the outcome of the check that
read the data; it exists only then, so the addon renders it at once, in the language of the user
who ran the check, and keeps the file. *Print proof* downloads the latest one while the values it
shows may still be consulted, and is hidden (and refused) afterwards: the proof is a dated record
for the personnel file, not a way to read the values after their window (docs/workflow.md).
"""

import logging

from markupsafe import Markup

from precontract.masking import mask_ssins
from precontract.outcome import OutcomeKind
from precontract.proof import render_proof
from precontract.timeutil import brussels_today, system_clock

from odoo import api, fields, models
from odoo.exceptions import UserError

from .hr_applicant import OFFICER

_logger = logging.getLogger(__name__)

PDF = "application/pdf"


# One class per concern, each file under the project's size limit, instead of one long class.
class HrApplicant(models.Model):
    _inherit = "hr.applicant"  # pylint: disable=consider-merging-classes-inherited

    precontract_proof_id = fields.Many2one(
        "ir.attachment",
        string="Latest proof",
        readonly=True,
        copy=False,
        groups=OFFICER,
        help="The PDF proof of the latest consultation, also posted in the chatter.",
    )
    precontract_proof_until = fields.Date(
        string="Proof printable until",
        readonly=True,
        copy=False,
        groups=OFFICER,
        help="The last day the values on the latest proof may be consulted.",
    )
    precontract_proof_available = fields.Boolean(
        string="Proof can be printed",
        compute="_compute_precontract_proof_available",
        groups=OFFICER,
    )

    @api.depends(
        "precontract_proof_id",
        "precontract_proof_until",
        "precontract_flexi_eligible",
        "precontract_student_year",
    )
    def _compute_precontract_proof_available(self):
        today = brussels_today(self._precontract_now())
        for applicant in self:
            applicant.precontract_proof_available = applicant._precontract_proof_printable(today)

    def _precontract_proof_printable(self, today):
        """A proof exists, its values may still be consulted, and they are still on the record."""
        self.ensure_one()
        return bool(
            self.precontract_proof_id
            and self.precontract_proof_until
            and today <= self.precontract_proof_until
            and (self.precontract_flexi_eligible or self.precontract_student_year)
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
            applicant._precontract_attach_proof(outcome)
        except Exception as exc:  # noqa: BLE001 - the answer is written: a proof must not undo it
            _logger.exception(
                "precontract: no proof for applicant %s: %s", reference, mask_ssins(str(exc))
            )

    def _precontract_attach_proof(self, outcome):
        """Render the proof of ``outcome`` (a RESULT), attach it and post it in the chatter."""
        self.ensure_one()
        lang = self._precontract_ui_lang()
        pdf = render_proof(
            outcome,
            lang=lang,
            applicant_name=self.partner_name or self.display_name,
        )
        read_at = outcome.audit_record.at if outcome.audit_record else system_clock()
        day = brussels_today(read_at)
        attachment = self.env["ir.attachment"].sudo().create(
            {
                # Never the NISS in a file name: the applicant's id and the day of the reading.
                "name": f"proof-{self.id}-{day:%Y%m%d}.pdf",
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": PDF,
                "raw": pdf,
            }
        )
        data = outcome.data
        parts = (data.flexi_job, data.student_at_work) if data is not None else ()
        untils = [part.consultable_until for part in parts if part and part.consultable_until]
        code = outcome.audit_record.integrity_code if outcome.audit_record else None
        self.write(
            {
                "precontract_proof_id": attachment.id,
                "precontract_proof_until": min(untils) if untils else day,
            }
        )
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Proof of the consultation of %(day)s (PDF, integrity code %(code)s): a dated "
                "record of the check for the personnel file, not a live value.",
                day=day.strftime("%d/%m/%Y"),
                code=code or "-",
            ),
            attachment_ids=attachment.ids,
            subtype_xmlid="mail.mt_note",
        )
        return attachment

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
        if not self.precontract_proof_available:
            raise UserError(
                self.env._(
                    "No proof can be printed: there is none yet, or the values it shows may no "
                    "longer be consulted (they were cleared). The proof posted in the chatter "
                    "stays with the applicant's file."
                )
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.precontract_proof_id.id}?download=true",
            "target": "self",
        }
