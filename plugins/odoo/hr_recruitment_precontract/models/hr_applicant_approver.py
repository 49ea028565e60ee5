# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Approved by someone — confirm: who approved a request bound to no NISS, Accept and Reject.

The core answers ``CONFIRM_APPROVER`` (and writes no value) when a request the applicant's
record could not bind to an NISS was approved. The form and the dialog show the approver as the
core describes them (masked NISS, birth date, name, and whether that matches the applicant);
an officer accepts (the data is then read, and the acceptance noted in the chatter) or rejects
(nothing is read, the request is dropped).
"""

from precontract.errors import InvalidIdentifier, PrecontractError
from precontract.outcome import OutcomeKind

from odoo import fields, models
from odoo.exceptions import UserError

from .hr_applicant import OFFICER

APPROVER_FIELDS = (
    "precontract_approver_name",
    "precontract_approver_ssin_masked",
    "precontract_approver_birth_date",
    "precontract_approver_mismatch",
)


class HrApplicant(models.Model):
    _inherit = "hr.applicant"  # pylint: disable=consider-merging-classes-inherited

    precontract_approver_name = fields.Char(
        string="Approved by", readonly=True, copy=False, groups=OFFICER
    )
    precontract_approver_ssin_masked = fields.Char(
        string="Approver's NISS", readonly=True, copy=False, groups=OFFICER
    )
    precontract_approver_birth_date = fields.Date(
        string="Approver's birth date", readonly=True, copy=False, groups=OFFICER
    )
    precontract_approver_mismatch = fields.Boolean(
        string="Approver does not match the applicant", readonly=True, copy=False, groups=OFFICER
    )

    def _precontract_outcome_written(self, reference, outcome):
        # After every check that wrote its outcome (the button, a poll, the scheduled action).
        result = super()._precontract_outcome_written(reference, outcome)
        applicant = self.sudo().browse(int(reference)).exists() if reference.isdigit() else None
        if applicant:
            applicant._precontract_write_approver(outcome)
        return result

    def _precontract_write_approver(self, outcome):
        """Show who approved while the outcome waits for an officer; clear it otherwise."""
        approver = outcome.approver if outcome.kind is OutcomeKind.CONFIRM_APPROVER else None
        if approver is None:
            if any(self.sudo()[name] for name in APPROVER_FIELDS):
                self.sudo().write(dict.fromkeys(APPROVER_FIELDS, False))
            return
        self.sudo().write(
            {
                "precontract_approver_name": approver.name or False,
                "precontract_approver_ssin_masked": approver.masked_ssin,
                "precontract_approver_birth_date": approver.birth_date or False,
                "precontract_approver_mismatch": approver.is_mismatch,
            }
        )

    def action_precontract_accept_approver(self):
        """Accept: the citizen who approved is this applicant; the data is read and written."""
        return self._precontract_decide_approver(accept=True)

    def action_precontract_reject_approver(self):
        """Reject: the citizen who approved is someone else; nothing is read."""
        return self._precontract_decide_approver(accept=False)

    def _precontract_decide_approver(self, accept):
        self.ensure_one()
        self._precontract_require_officer(
            self.env._("Only recruitment officers can confirm who approved.")
        )
        self._precontract_lock()
        if self.precontract_mandate_status != "confirm_approver":
            raise UserError(self.env._("There is no approval waiting for a confirmation."))
        lang = self._precontract_ui_lang()
        session = self._precontract_session()
        try:
            if accept:
                outcome = session.accept_approver(
                    str(self.id),
                    actor=self.env.user.name,
                    employer=self._precontract_employer(),
                    planned_start=self.availability or None,
                )
            else:
                outcome = session.reject_approver(
                    str(self.id), actor=self.env.user.name, employer=self._precontract_employer()
                )
        except InvalidIdentifier as exc:
            raise UserError(exc.user_message(lang)) from None
        except PrecontractError as exc:
            return self._precontract_notification(exc.user_message(lang), "danger", sticky=True)
        finally:
            self._precontract_post_audit(session.audit.drain())
            session.close()
        if not accept:
            return self._precontract_notification(
                self.env._(
                    "Rejected: nothing was read and the request is dropped. Check again to "
                    "send the applicant a new request (fill in their NISS first if you can)."
                ),
                "info",
                next_action={"type": "ir.actions.client", "tag": "soft_reload"},
            )
        return self._precontract_outcome_action(outcome, lang)
