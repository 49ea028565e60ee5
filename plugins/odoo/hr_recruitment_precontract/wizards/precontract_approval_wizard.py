# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The dialog of a check that needs the applicant: QR code, link, expiry, e-mail, live status.

Its values come from the core's outcome (``..host.wizard_values``); the QR code is the outcome's
own PNG (``CheckOutcome.qr_png``), computed once and kept out of attachments. While it waits, the
dialog's ``precontract_live_approval`` widget calls :meth:`action_poll` every few seconds and at
once when the bus says the applicant's status changed; the dialog then turns into the answer by
itself.
"""

import base64

from precontract.i18n import normalise_language, translate
from precontract.outcome import OutcomeKind
from precontract.qr import qr_png

from odoo import fields, models
from odoo.exceptions import UserError

from ..host.session import QR_BOX_SIZE

WAITING = ("needs_approval", "pending")
TEMPLATES = {
    "nl": "hr_recruitment_precontract.mail_template_approval_request_nl",
    "fr": "hr_recruitment_precontract.mail_template_approval_request_fr",
    "en": "hr_recruitment_precontract.mail_template_approval_request_en",
    "de": "hr_recruitment_precontract.mail_template_approval_request_de",
}


class PrecontractApprovalWizard(models.TransientModel):
    _name = "precontract.approval.wizard"
    _description = "Precontract: approval of an access request"

    applicant_id = fields.Many2one("hr.applicant", required=True, readonly=True, ondelete="cascade")
    applicant_email = fields.Char(related="applicant_id.email_from", string="E-mail")
    state = fields.Selection(
        [
            ("needs_approval", "Approval requested"),
            ("pending", "Awaiting approval"),
            ("refused", "Refused"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
            ("revoked", "Withdrawn by the applicant"),
            ("confirm_approver", "Approved by someone — confirm"),
            ("result", "Data received"),
        ],
        string="Status",
        required=True,
        readonly=True,
    )
    message = fields.Text(readonly=True)
    approval_url = fields.Char(string="Approval link", readonly=True)
    approval_expires_at = fields.Datetime(string="Valid until", readonly=True)
    qr_code = fields.Binary(string="QR code", attachment=False, readonly=True)
    # Who approved a request bound to no NISS (state ``confirm_approver``), as the form shows it.
    approver_name = fields.Char(related="applicant_id.precontract_approver_name")
    approver_ssin_masked = fields.Char(related="applicant_id.precontract_approver_ssin_masked")
    approver_birth_date = fields.Date(related="applicant_id.precontract_approver_birth_date")
    approver_mismatch = fields.Boolean(related="applicant_id.precontract_approver_mismatch")

    def _precontract_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Check flexi/student eligibility"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_poll(self):
        """What the live dialog asks: ``False`` while nothing changed, else the action to show."""
        self.ensure_one()
        if self.state not in WAITING:
            return False
        applicant = self.applicant_id
        outcome = applicant._precontract_follow_now()
        lang = normalise_language(self.env.lang)
        if outcome is not None:
            if outcome.kind in (OutcomeKind.NEEDS_APPROVAL, OutcomeKind.PENDING):
                return False
            return applicant._precontract_outcome_action(outcome, lang)
        status = applicant.precontract_mandate_status
        if status in WAITING and applicant.precontract_request_url == self.approval_url:
            return False
        # Someone else (the scheduled action, another officer) wrote the news: show what is
        # stored, without asking the social security again.
        if status == "active":
            return applicant._precontract_notification(
                self.env._(
                    "The applicant approved. The values are on the “Precontractual data” tab."
                ),
                "success",
                next_action={"type": "ir.actions.client", "tag": "soft_reload"},
            )
        state = status if status in dict(self._fields["state"].selection) else "expired"
        values = {"state": state, "message": translate(f"outcome.{state}", lang)}
        if status in WAITING:
            # Another officer started a new request meanwhile: show its link and code.
            url = applicant.precontract_request_url
            values.update(
                approval_url=url,
                approval_expires_at=applicant.precontract_request_expires_at,
                qr_code=base64.b64encode(qr_png(url, box_size=QR_BOX_SIZE)) if url else False,
            )
        self.write(values)
        return self._precontract_open()

    def action_new_request(self):
        """Start a new access request (after a refusal, an expiry or a withdrawal)."""
        self.ensure_one()
        return self.applicant_id._precontract_check(new_request=True)

    def action_accept_approver(self):
        """Accept who approved as the applicant: the data is read and written (audited)."""
        self.ensure_one()
        return self.applicant_id.action_precontract_accept_approver()

    def action_reject_approver(self):
        """Reject who approved: nothing is read, the request is dropped."""
        self.ensure_one()
        return self.applicant_id.action_precontract_reject_approver()

    def action_send_email(self):
        """Send the link by e-mail, in the applicant's language (nl, fr, de or en)."""
        self.ensure_one()
        applicant = self.applicant_id
        if not applicant.email_from:
            raise UserError(self.env._("The applicant has no e-mail address."))
        if not self.approval_url or applicant.precontract_request_url != self.approval_url:
            raise UserError(
                self.env._("This link is no longer the applicant's current one: refresh first.")
            )
        applicant._precontract_mail_request_link()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Flexi/student eligibility"),
                "message": self.env._(
                    "The approval link was sent to %(email)s.", email=applicant.email_from
                ),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
