# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The "Check flexi/student eligibility" button and the live follow-up of a pending request.

One check at a time per applicant: the button locks the applicant's row, so a second press (or a
second officer) waits for the first and then finds its request, instead of creating another.
While a request waits for the applicant, the open dialog and the form ask
:meth:`precontract_poll` every few seconds; at most every ``FOLLOW_EVERY`` seconds per applicant
that asks the social security, the other polls only read the record. Whoever writes a new status
(a poll, the scheduled action, another officer) tells every officer's browser through the bus.
"""

import datetime as dt
import logging

from markupsafe import Markup

from precontract.errors import ConfigurationError, InvalidIdentifier, PrecontractError
from precontract.i18n import normalise_language
from precontract.outcome import OutcomeKind
from precontract.timeutil import system_clock

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..host import CheckSession, shared_clients, wizard_values
from ..wizards.precontract_approval_wizard import TEMPLATES
from .hr_applicant import STATUS_FIELD, WAITING

_logger = logging.getLogger(__name__)

# A pending request is asked about at most this often per applicant, however many dialogs poll.
FOLLOW_EVERY = dt.timedelta(seconds=10)
# After a dialog showed a request, the scheduled follow-up comes this soon (not in ten minutes),
# for the officer who closes the dialog and moves on.
FOLLOW_SOON = dt.timedelta(minutes=2)
FOLLOW_CRON = "hr_recruitment_precontract.ir_cron_precontract_follow_pending"


# One class per concern, each file under the project's size limit, instead of one long class.
class HrApplicant(models.Model):
    _inherit = "hr.applicant"  # pylint: disable=consider-merging-classes-inherited

    def _precontract_ui_lang(self):
        return normalise_language(self.env.lang)

    def _precontract_session(self):
        """A :class:`CheckSession` over this worker's shared client, or a clear error."""
        credentials = self.env["precontract.credential"].sudo()
        try:
            client = shared_clients.get(
                credentials._precontract_stored_configuration(), owner=self.env.cr.dbname
            )
        except ConfigurationError as exc:
            raise UserError(
                self.env["res.config.settings"]._precontract_configuration_message(exc)
            ) from None
        return CheckSession(
            client.settings, self.env["hr.applicant"], clock=system_clock, client=client
        )

    def action_precontract_check(self):
        """The "Check flexi/student eligibility" button."""
        self.ensure_one()
        return self._precontract_check()

    def _precontract_lock(self):
        # Waits for a check of the same applicant running in another transaction; Odoo then
        # retries this one, which finds the request the other created.
        self.env.cr.execute(
            SQL("SELECT id FROM hr_applicant WHERE id IN %s FOR NO KEY UPDATE", tuple(self.ids))
        )

    def _precontract_check(self, new_request=False):
        self.ensure_one()
        self._precontract_lock()
        lang = self._precontract_ui_lang()
        try:
            outcome = self._precontract_run(new_request=new_request, actor=self.env.user.name)
        except PrecontractError as exc:
            return self._precontract_notification(exc.user_message(lang), "danger", sticky=True)
        return self._precontract_outcome_action(outcome, lang)

    def _precontract_run(self, new_request=False, actor=None):
        """One check through the core; the audit notes are written whatever happens.

        Bad input and a missing configuration raise a ``UserError`` (nothing sent, nothing
        written); a failed call raises the core's ``PrecontractError`` after it was audited.
        """
        self.ensure_one()
        lang = self._precontract_ui_lang()
        session = self._precontract_session()
        try:
            return session.check(
                str(self.id),
                employer=self._precontract_employer(),
                planned_start=self.availability or None,
                new_request=new_request,
                actor=actor,
            )
        except InvalidIdentifier as exc:
            # Checked before any call went out: nothing was sent, nothing written.
            raise UserError(exc.user_message(lang)) from None
        except ConfigurationError as exc:
            raise UserError(
                self.env["res.config.settings"]._precontract_configuration_message(exc)
            ) from None
        except PrecontractError as exc:
            # Raised only after the notes below: a raise that rolls back would lose them.
            _logger.warning("precontract check of applicant %s failed: %s", self.id, exc)
            raise
        finally:
            self._precontract_post_audit(session.audit.drain())
            session.close()

    # ------------------------------------------------------------------ live follow-up

    def precontract_poll(self):
        """What the dialog and the form ask while a request waits: has the status changed?

        Answers ``{"status": …, "changed": bool}``. Asks the social security only when the
        request is still waiting, was last asked about ``FOLLOW_EVERY`` ago or more, and no other
        transaction is checking this applicant right now.
        """
        self.ensure_one()
        self._precontract_require_officer(
            self.env._("Only recruitment officers can follow this check.")
        )
        before = self[STATUS_FIELD]
        self._precontract_follow_now()
        return {"status": self[STATUS_FIELD] or False, "changed": self[STATUS_FIELD] != before}

    def _precontract_follow_now(self):
        """Check a waiting applicant again if it is due; the outcome, or ``None`` if not asked."""
        self.ensure_one()
        if self[STATUS_FIELD] not in WAITING or not self.precontract_request_id:
            return None
        last = self.precontract_checked_at
        if last and fields.Datetime.now() - last < FOLLOW_EVERY:
            return None
        if not self.try_lock_for_update():
            return None  # the button, another poll or the scheduled action is on it
        try:
            return self._precontract_run(actor=self.env.user.name)
        except PrecontractError:
            return None  # audited and logged; the next poll tries again

    # ------------------------------------------------------------------ what the officer sees

    def _precontract_outcome_action(self, outcome, lang):
        if outcome.kind is OutcomeKind.RESULT:
            message = self.env._(
                "%(message)s The values are on the “Precontractual data” tab.",
                message=outcome.message(lang),
            )
            warnings = [warning.message(lang) for warning in outcome.warnings]
            return self._precontract_notification(
                " ".join([message, *warnings]),
                "warning" if warnings else "success",
                sticky=bool(warnings),
                next_action={"type": "ir.actions.client", "tag": "soft_reload"},
            )
        if outcome.kind in (OutcomeKind.NEEDS_APPROVAL, OutcomeKind.PENDING):
            self._precontract_follow_soon()
        wizard = self.env["precontract.approval.wizard"].create(
            dict(wizard_values(outcome, lang), applicant_id=self.id)
        )
        return wizard._precontract_open()

    def _precontract_follow_soon(self):
        """Bring the follow-up forward to ``FOLLOW_SOON`` from now (once, however many presses)."""
        cron = self.env.ref(FOLLOW_CRON, raise_if_not_found=False)
        if not cron:
            return
        cron = cron.sudo()
        at = fields.Datetime.now() + FOLLOW_SOON
        if not cron.active or cron.nextcall <= at:
            return  # it runs by then anyway
        triggers = self.env["ir.cron.trigger"].sudo()
        if triggers.search_count([("cron_id", "=", cron.id), ("call_at", "<=", at)], limit=1):
            return
        cron._trigger(at)

    def _precontract_mail_request_link(self):
        """E-mail the applicant their approval link (in their language) and note it."""
        self.ensure_one()
        template = self.env.ref(TEMPLATES[normalise_language(self.precontract_lang)])
        template.send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")
        self.message_post(
            body=self.env._(
                "The approval link was sent by e-mail to %(email)s.", email=self.email_from
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _precontract_notification(self, message, kind, sticky=False, next_action=None):
        params = {
            "title": self.env._("Flexi/student eligibility"),
            "message": message,
            "type": kind,
            "sticky": sticky,
        }
        if next_action:
            params["next"] = next_action
        return {"type": "ir.actions.client", "tag": "display_notification", "params": params}

    def action_precontract_send_result_link(self):
        """Send a colleague a link to this applicant, never the values.

        The values stay here, where they are cleared after their consultation window; an e-mail
        holding them would keep them out of that control. The message is prefilled with a link
        and no value; the recruiter of the applicant is proposed as its recipient.
        """
        self.ensure_one()
        url = f"{self.get_base_url()}/mail/view?model={self._name}&res_id={self.id}"
        name = self.partner_name or self.display_name
        body = Markup("<p>%s</p><p><a href='%s'>%s</a></p><p>%s</p>") % (
            self.env._(
                "The flexi-job and Student@work answer for %(name)s is available in Odoo.",
                name=name,
            ),
            url,
            self.env._("Open the applicant"),
            self.env._(
                "The values are shown on the applicant's “Precontractual data” tab only, to "
                "recruitment officers, until they may no longer be consulted."
            ),
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send result by e-mail"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_subject": self.env._(
                    "Flexi-job / Student@work answer available: %(name)s", name=name
                ),
                "default_body": body,
                "default_partner_ids": self.user_id.partner_id.ids,
                "default_subtype_xmlid": "mail.mt_note",
            },
        }
