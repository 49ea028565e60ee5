# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Re-checks before planned starts: the server action, the scheduled action and the overview.

The planned start is the applicant's *Availability* (``availability``, a date field of
``hr.applicant`` in 19.0). Whether the stored answer still holds for it, and what to do when it
does not, is the core's re-check rule (``precontract.recheck.decide``, acted on by
``precontract.plugin.run_recheck``): an answer that holds calls nothing, a pending request is
read (never doubled), an active mandate is read again, and without one the applicant gets a new
access request, whose link is e-mailed to them.
"""

import datetime as dt
import logging
from collections import Counter

from precontract.errors import InvalidIdentifier, PrecontractError
from precontract.outcome import OutcomeKind
from precontract.recheck import RecheckAction, decide
from precontract.timeutil import brussels_today

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..host import OdooApplicantAdapter
from .hr_applicant import OFFICER, STATUS_FIELD

_logger = logging.getLogger(__name__)

RECHECK_ROUND = "recheck_before_start"
# How far ahead the scheduled action looks at planned starts.
RECHECK_DAYS_AHEAD = 7
# Applicants the scheduled action re-checks by itself: those whose consent was asked and not
# refused, withdrawn or cancelled (nobody gets a request they never had from the recruiter).
RECHECK_STATUSES = ("active", "expired", "needs_approval", "pending", "confirm_approver")


# One class per concern, each file under the project's size limit, instead of one long class.
class HrApplicant(models.Model):
    _inherit = "hr.applicant"  # pylint: disable=consider-merging-classes-inherited

    precontract_consultable_until = fields.Date(
        string="Consultable until",
        compute="_compute_precontract_consultable_until",
        store=True,
        groups=OFFICER,
        help="The first day the stored answer (flexi-job or Student@work) may no longer be "
        "consulted is the day after this one.",
    )
    precontract_start_covered = fields.Boolean(
        string="Start covered",
        compute="_compute_precontract_start_covered",
        search="_search_precontract_start_covered",
        groups=OFFICER,
        help="The stored answer holds for the planned start (Availability): nothing to re-check.",
    )
    precontract_expires_before_start = fields.Boolean(
        string="Expires before start",
        compute="_compute_precontract_expires_before_start",
        search="_search_precontract_expires_before_start",
        groups=OFFICER,
        help="A stored answer may no longer be consulted on the planned start (Availability).",
    )

    @api.depends("precontract_flexi_consultable_until", "precontract_student_consultable_until")
    def _compute_precontract_consultable_until(self):
        for applicant in self:
            days = [
                day
                for day in (
                    applicant.precontract_flexi_consultable_until,
                    applicant.precontract_student_consultable_until,
                )
                if day
            ]
            applicant.precontract_consultable_until = min(days) if days else False

    # ------------------------------------------------------------------ the rule, per applicant

    def _precontract_recheck_decision(self, now):
        """The core's re-check decision for this applicant's planned start (None: no start)."""
        self.ensure_one()
        if not self.availability:
            return None
        stored = OdooApplicantAdapter(self.sudo()).read_values(str(self.id))
        return decide(stored, self.availability, now)

    def _compute_precontract_start_covered(self):
        now = self._precontract_now()
        for applicant in self:
            decision = applicant._precontract_recheck_decision(now) if applicant.id else None
            applicant.precontract_start_covered = bool(
                decision and decision.action is RecheckAction.KEEP
            )

    def _search_precontract_start_covered(self, operator, value):
        if operator != "in":
            return NotImplemented
        wanted = {bool(v) for v in value}
        if len(wanted) != 1:
            return [] if wanted else [("id", "=", 0)]
        now = self._precontract_now()
        # Only an applicant with a planned start and a stored answer can be covered.
        candidates = self.sudo().with_context(active_test=False).search(
            [("availability", "!=", False), (STATUS_FIELD, "!=", False)]
        )
        covered = [
            a.id
            for a in candidates
            if (d := a._precontract_recheck_decision(now)) and d.action is RecheckAction.KEEP
        ]
        return [("id", "in" if True in wanted else "not in", covered)]

    def _compute_precontract_expires_before_start(self):
        for applicant in self:
            start = applicant.availability
            days = (
                applicant.precontract_flexi_consultable_until,
                applicant.precontract_student_consultable_until,
            )
            applicant.precontract_expires_before_start = bool(
                start and any(day and day < start for day in days)
            )

    def _search_precontract_expires_before_start(self, operator, value):
        if operator != "in":
            return NotImplemented
        wanted = {bool(v) for v in value}
        if len(wanted) != 1:
            return [] if wanted else [("id", "=", 0)]
        self.env["hr.applicant"].flush_model(
            [
                "availability",
                "precontract_flexi_consultable_until",
                "precontract_student_consultable_until",
            ]
        )
        self.env.cr.execute(
            SQL(
                "SELECT id FROM hr_applicant WHERE availability IS NOT NULL AND ("
                "availability > precontract_flexi_consultable_until OR "
                "availability > precontract_student_consultable_until)"
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return [("id", "in" if True in wanted else "not in", ids)]

    # ------------------------------------------------------------------ acting on it

    def action_precontract_recheck(self):
        """The server action "Re-check eligibility before start" on the selected applicants."""
        self._precontract_require_officer(
            self.env._("Only recruitment officers can re-check eligibility.")
        )
        counts = self._precontract_recheck(actor=self.env.user.name)
        message = self.env._(
            "%(total)s applicant(s): %(kept)s still covered, %(later)s to check later, "
            "%(read)s answer(s) read again, %(asked)s waiting for an approval, "
            "%(no_start)s without an availability date, %(failed)s failed.",
            total=len(self),
            kept=counts["keep"],
            later=counts["later"],
            read=counts["result"],
            asked=counts["asked"],
            no_start=counts["no_start"],
            failed=counts["failed"],
        )
        return self._precontract_notification(
            message,
            "warning" if counts["failed"] else "success",
            sticky=bool(counts["failed"]),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def _precontract_recheck(self, actor=None):
        """Apply the re-check rule to each applicant (each in its own savepoint); the counts."""
        counts = Counter()
        todo = self.filtered("availability")
        counts["no_start"] = len(self) - len(todo)
        if not todo:
            return counts
        session = self._precontract_session()  # a clear UserError when not configured
        with session:
            for applicant in todo:
                reference = str(applicant.id)
                try:
                    with self.env.cr.savepoint():
                        applicant._precontract_lock()
                        run = session.recheck(
                            reference,
                            planned_start=applicant.availability,
                            employer=applicant._precontract_employer(),
                            actor=actor,
                        )
                        counts[applicant._precontract_recheck_count(run)] += 1
                        if run.outcome is not None:
                            applicant._precontract_recheck_mail(run.outcome)
                except (InvalidIdentifier, PrecontractError) as exc:
                    counts["failed"] += 1
                    _logger.warning("precontract re-check of applicant %s failed: %s", reference, exc)
                finally:
                    self._precontract_post_audit(session.audit.drain())
        return counts

    @staticmethod
    def _precontract_recheck_count(run):
        if run.outcome is None:
            return run.decision.action.value  # keep / later: nothing called
        if run.outcome.kind is OutcomeKind.RESULT:
            return "result"
        if run.outcome.kind in (
            OutcomeKind.NEEDS_APPROVAL,
            OutcomeKind.PENDING,
            OutcomeKind.CONFIRM_APPROVER,
        ):
            return "asked"
        return "other"

    def _precontract_recheck_mail(self, outcome):
        """A new access request of a re-check goes to the applicant by e-mail (their language)."""
        self.ensure_one()
        if outcome.kind is not OutcomeKind.NEEDS_APPROVAL or not self.email_from:
            return
        if self.precontract_request_url:
            self._precontract_mail_request_link()

    # ------------------------------------------------------------------ the scheduled action

    @api.model
    def _precontract_cron_recheck(self, days_ahead=RECHECK_DAYS_AHEAD, batch_size=50):
        """Re-check applicants whose planned start is within ``days_ahead`` days."""
        today = brussels_today(self._precontract_now())
        domain = [
            ("availability", ">=", today),
            ("availability", "<=", today + dt.timedelta(days=days_ahead)),
            (STATUS_FIELD, "in", RECHECK_STATUSES),
        ]
        self._precontract_rounds(RECHECK_ROUND, domain, batch_size, "_precontract_recheck_batch")

    def _precontract_recheck_batch(self):
        """One batch of the round; ``False`` ends the round (the connection is not set up)."""
        if not self:
            return None
        try:
            counts = self._precontract_recheck()
        except UserError as exc:
            _logger.warning("precontract: planned starts not re-checked: %s", exc)
            return False
        _logger.info("precontract: planned starts re-checked: %s", dict(counts))
        return True
