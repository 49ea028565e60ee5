# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The approval dialog and the form follow a pending request by themselves (issue 9, point 5),
and a second press while a request is pending shows that request again (issue 10, point 2)."""

import datetime as dt
import json

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.hr_applicant import BUS_STATUS, OFFICER
from ..models.hr_applicant_check import FOLLOW_SOON
from .common import SandboxCase


@tagged("post_install", "-at_install")
class TestLiveDialog(SandboxCase):
    def setUp(self):
        super().setUp()
        self.applicant = self.new_applicant(precontract_ssin=str(self.student.ssin))

    def press(self, applicant=None):
        action = (applicant or self.applicant).with_user(self.officer).action_precontract_check()
        self.assertEqual(action["res_model"], "precontract.approval.wizard")
        return self.env["precontract.approval.wizard"].browse(action["res_id"])

    def age(self, applicant=None):
        # The last look at the social security was long enough ago for the next poll to ask.
        (applicant or self.applicant).precontract_checked_at = fields.Datetime.now() - (
            dt.timedelta(minutes=1)
        )

    def consultations(self):
        return self.notes(self.applicant, "consulted")

    def test_dialog_turns_into_the_answer_once_the_applicant_approves(self):
        wizard = self.press().with_user(self.officer)
        self.assertEqual(wizard.state, "needs_approval")
        requests_before = self.sandbox_requests()

        self.assertFalse(wizard.action_poll(), "nothing changed: the dialog stays")
        self.approve(self.applicant, self.student)
        # Polled again at once: the server does not ask the social security on every poll.
        self.assertFalse(wizard.action_poll())
        self.assertEqual(len(self.consultations()), 0)

        self.age()
        action = wizard.action_poll()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["next"]["tag"], "soft_reload")
        self.assertEqual(self.applicant.precontract_mandate_status, "active")
        self.assertEqual(self.applicant.precontract_student_hours_remaining, 412)
        self.assertEqual(len(self.consultations()), 1)
        self.assertEqual(self.sandbox_requests().keys(), requests_before.keys())

    def test_a_second_press_while_pending_shows_the_same_request(self):
        first = self.press()
        second = self.press()
        self.assertEqual(len(self.sandbox_requests()), 1)
        self.assertEqual(second.state, "pending")
        self.assertEqual(second.approval_url, first.approval_url)
        self.assertTrue(second.qr_code)
        self.assertEqual(len(self.notes(self.applicant, "created")), 1)

    def test_news_from_the_scheduled_action_reaches_the_dialog_without_a_second_call(self):
        wizard = self.press().with_user(self.officer)
        self.approve(self.applicant, self.student)
        self.env["hr.applicant"]._precontract_cron_follow_pending()
        self.assertEqual(self.applicant.precontract_mandate_status, "active")
        self.assertEqual(len(self.consultations()), 1)

        action = wizard.action_poll()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(len(self.consultations()), 1, "the dialog read what was stored")

    def test_a_refusal_turns_the_dialog_into_start_a_new_request(self):
        wizard = self.press().with_user(self.officer)
        self.sandbox.refuse(self.applicant.precontract_request_id, str(self.student.ssin))
        self.age()
        action = wizard.action_poll()
        self.assertEqual(action["res_model"], "precontract.approval.wizard")
        shown = self.env["precontract.approval.wizard"].browse(action["res_id"])
        self.assertEqual(shown.state, "refused")

    def test_the_officers_browsers_are_told_when_the_status_changes(self):
        self.press()
        self.env.cr.precommit.run()
        last = self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id
        self.approve(self.applicant, self.student)
        self.env["hr.applicant"]._precontract_cron_follow_pending()
        self.env.cr.precommit.run()  # the bus writes its messages when the transaction commits

        sent = [
            (json.loads(m.channel), json.loads(m.message))
            for m in self.env["bus.bus"].sudo().search([("id", ">", last)])
        ]
        ours = [(channel, message) for channel, message in sent if message["type"] == BUS_STATUS]
        group = self.env.ref(OFFICER)
        self.assertEqual(
            ours,
            [
                (
                    [self.env.cr.dbname, "res.groups", group.id],
                    {
                        "type": BUS_STATUS,
                        "payload": {"applicant_id": self.applicant.id, "status": "active"},
                    },
                )
            ],
        )

    def test_the_form_poll_asks_only_when_due_and_says_what_changed(self):
        self.press()
        applicant = self.applicant.with_user(self.officer)
        self.assertEqual(applicant.precontract_poll(), {"status": "needs_approval", "changed": False})
        self.approve(self.applicant, self.student)
        self.assertEqual(applicant.precontract_poll()["changed"], False)  # asked moments ago
        self.age()
        self.assertEqual(applicant.precontract_poll(), {"status": "active", "changed": True})
        self.assertEqual(len(self.consultations()), 1)

    def test_an_interviewer_cannot_poll(self):
        self.press()
        interviewer = new_test_user(
            self.env,
            login="precontract_live_interviewer",
            groups="hr_recruitment.group_hr_recruitment_interviewer",
        )
        with self.assertRaises(AccessError):
            self.applicant.with_user(interviewer).precontract_poll()

    def test_a_shown_request_brings_the_scheduled_follow_up_forward_once(self):
        cron = self.env.ref("hr_recruitment_precontract.ir_cron_precontract_follow_pending")
        cron.nextcall = fields.Datetime.now() + dt.timedelta(minutes=10)
        triggers = self.env["ir.cron.trigger"].sudo()
        triggers.search([("cron_id", "=", cron.id)]).unlink()
        before = fields.Datetime.now()
        self.press()
        self.press()  # shows the same request again: no second trigger
        after = fields.Datetime.now()
        [trigger] = triggers.search([("cron_id", "=", cron.id)])
        # Two minutes after the press, which happened between "before" and "after".
        self.assertGreaterEqual(trigger.call_at, before + FOLLOW_SOON)
        self.assertLessEqual(trigger.call_at, after + FOLLOW_SOON)

