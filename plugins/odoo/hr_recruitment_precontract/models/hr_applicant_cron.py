# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The two scheduled actions, in bounded batches that commit and come back until done.

Run by Odoo's scheduler, each run handles one batch (at most ``batch_size`` applicants, each in
its own savepoint), commits it with ``ir.cron._commit_progress`` and reports how many are left;
Odoo runs the action again while some are, and schedules it again soon when its time is up. Ten
thousand waiting applicants are two hundred short transactions, not one long one. Where the
round stands between two runs is kept in ``precontract.batch.cursor``.

Called directly (a shell, a test), an action goes through every batch in the one transaction.
"""

import logging

from precontract.timeutil import system_clock

from odoo import api, models
from odoo.exceptions import UserError

from ..host import OdooApplicantAdapter, expire_all, follow_pending
from .hr_applicant import STATUS_FIELD, WAITING

_logger = logging.getLogger(__name__)

FOLLOW_ROUND = "follow_pending"
EXPIRE_ROUND = "expire"


# One class per concern, each file under the project's size limit, instead of one long class.
class HrApplicant(models.Model):
    _inherit = "hr.applicant"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ batches

    def _precontract_in_cron(self):
        return bool(self.env.context.get("cron_id")) and hasattr(
            self.env["ir.cron"], "_commit_progress"
        )

    @api.model
    def _precontract_rounds(self, name, domain, batch_size, handle):
        """Hand ``handle`` the next batch(es) of the round ``name`` over ``domain``.

        In a cron job: one batch, then commit and report what is left. Otherwise: every batch.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        cursor = self.env["precontract.batch.cursor"]._precontract_get(name)
        applicants = self.sudo()
        while True:
            batch = applicants.search(
                [*domain, ("id", ">", cursor.last_id)], order="id", limit=batch_size
            )
            remaining = (
                applicants.search_count([*domain, ("id", ">", batch[-1].id)]) if batch else 0
            )
            # Rows another transaction is checking right now (a poll, the button) are left for
            # the next round rather than checked twice. A handler answering False ends the round
            # (nothing can be done now, e.g. the connection is not configured).
            if batch and getattr(batch.try_lock_for_update(), handle)() is False:
                remaining = 0
            # The round starts over once it reached the end.
            cursor.last_id = batch[-1].id if remaining else 0
            if self._precontract_in_cron():
                self.env["ir.cron"]._commit_progress(len(batch), remaining=remaining)
                return
            if not remaining:
                return

    # ------------------------------------------------------------------ follow pending requests

    @api.model
    def _precontract_cron_follow_pending(self, batch_size=50):
        """Check the applicants whose access request is still pending; fill in approved ones."""
        domain = [(STATUS_FIELD, "in", WAITING), ("precontract_request_id", "!=", False)]
        self._precontract_rounds(FOLLOW_ROUND, domain, batch_size, "_precontract_follow_batch")

    def _precontract_follow_batch(self):
        if not self:
            return None
        try:
            session = self._precontract_session()
        except UserError as exc:
            _logger.warning("precontract: pending requests not followed: %s", exc)
            return False
        employers = {str(a.id): a._precontract_employer() for a in self}
        starts = {str(a.id): a.availability or None for a in self}
        with session:
            report = follow_pending(
                session,
                list(employers),
                employer_of=employers.get,
                planned_start_of=starts.get,
                batch_size=len(employers),
                isolate=self.env.cr.savepoint,
                after_each=lambda _ref: self._precontract_post_audit(session.audit.drain()),
            )
        _logger.info("precontract: pending requests followed: %s", report)
        return True

    # ------------------------------------------------------------------ expiry

    @api.model
    def _precontract_now(self):
        """The moment the expiry rule is applied at (an aware datetime)."""
        return system_clock()

    @api.model
    def _precontract_cron_expire(self, batch_size=200):
        """Clear the values whose consultation window has ended (no call goes out), and remove
        the proofs showing one of them."""
        self.env["precontract.proof"]._precontract_remove_due(self._precontract_now())
        domain = [
            "|",
            "|",
            "|",
            ("precontract_flexi_eligible", "!=", False),
            ("precontract_student_year", ">", 0),
            ("precontract_request_url", "!=", False),
            (STATUS_FIELD, "in", WAITING),
        ]
        self._precontract_rounds(EXPIRE_ROUND, domain, batch_size, "_precontract_expire_batch")

    def _precontract_expire_batch(self):
        report = expire_all(
            OdooApplicantAdapter(self.sudo()),
            [str(applicant_id) for applicant_id in self.ids],
            self._precontract_now(),
            batch_size=max(len(self), 1),
            isolate=self.env.cr.savepoint,
        )
        _logger.info("precontract: consultation windows checked: %s", report)
        return True
