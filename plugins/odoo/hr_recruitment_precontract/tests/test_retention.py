# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Nothing readable after its consultation window, anywhere Odoo keeps it (issue 10, point 3):
the fields, the chatter and its tracking values, and the e-mails the addon sends."""

import datetime as dt
import re
from unittest.mock import patch

from odoo.tests import tagged

from ..models.hr_applicant import DATA_FIELDS
from .common import SandboxCase


@tagged("post_install", "-at_install")
class TestRetention(SandboxCase):
    def setUp(self):
        super().setUp()
        self.applicant = self.new_applicant(
            "Yasmine El Amrani", precontract_ssin=str(self.student.ssin)
        )

    def answered(self):
        self.applicant.with_user(self.officer).action_precontract_check()
        self.approve(self.applicant, self.student)
        self.applicant.with_user(self.officer).action_precontract_check()
        self.assertEqual(self.applicant.precontract_student_hours_remaining, 412)
        self.assertEqual(self.applicant.precontract_flexi_eligible, "yes")

    def tracking_of_data(self):
        return self.env["mail.tracking.value"].sudo().search(
            [
                ("mail_message_id.model", "=", "hr.applicant"),
                ("mail_message_id.res_id", "=", self.applicant.id),
                ("field_id.name", "in", list(DATA_FIELDS)),
            ]
        )

    def assertNoValue(self, value, text):
        # Standing alone: the request and mandate ids (UUIDs) may hold the same digits.
        self.assertIsNone(re.search(rf"(?<![\w-]){value}(?![\w-])", text), text)

    def expire_at(self, moment):
        with patch.object(
            type(self.env["hr.applicant"]), "_precontract_now", lambda _self: moment
        ):
            self.env["hr.applicant"]._precontract_cron_expire()

    def everything_odoo_keeps(self, with_fields=True):
        """Every text the database holds about this applicant, in one string."""
        messages = self.env["mail.message"].sudo().search(
            [("model", "=", "hr.applicant"), ("res_id", "=", self.applicant.id)]
        )
        tracking = messages.tracking_value_ids
        mails = self.env["mail.mail"].sudo().search([("res_id", "=", self.applicant.id)])
        record = self.applicant.read(list(DATA_FIELDS))[0]
        return " | ".join(
            [
                *(m.body or "" for m in messages),
                *(
                    str(v)
                    for t in tracking
                    for v in (t.old_value_char, t.new_value_char, t.old_value_integer,
                              t.new_value_integer, t.old_value_datetime, t.new_value_datetime)
                    if v
                ),
                *(m.body_html or "" for m in mails),
                *(str(v) for k, v in record.items() if with_fields and k != "id" and v),
            ]
        )

    def test_the_answer_is_never_tracked_in_the_chatter(self):
        self.answered()
        self.env.flush_all()
        self.assertFalse(self.tracking_of_data())
        self.assertNoValue("412", self.everything_odoo_keeps(with_fields=False))

    def test_nothing_of_the_answer_is_left_the_day_after_its_windows(self):
        self.answered()
        student_until = self.applicant.precontract_student_consultable_until
        self.assertTrue(student_until)
        # An older version of the addon tracked the values: its tracking lines must go too.
        field = self.env["ir.model.fields"]._get("hr.applicant", "precontract_student_hours_remaining")
        self.applicant.message_post(
            body="",
            tracking_value_ids=[
                (0, 0, {"field_id": field.id, "old_value_integer": 0, "new_value_integer": 412})
            ],
        )
        self.assertEqual(len(self.tracking_of_data()), 1)

        self.sandbox.set_clock(
            dt.datetime.combine(student_until + dt.timedelta(days=1), dt.time(9), dt.UTC)
        )
        self.expire_at(self.sandbox.now())

        self.assertFalse(self.applicant.precontract_student_year)
        self.assertFalse(self.applicant.precontract_flexi_eligible)
        self.assertEqual(self.applicant.precontract_mandate_status, "expired")
        self.assertFalse(self.tracking_of_data())
        kept = self.everything_odoo_keeps()
        self.assertNoValue("412", kept)
        self.assertNoValue("yes", kept)

    def test_send_result_by_email_sends_a_link_and_no_value(self):
        self.answered()
        recruiter = self.env["res.users"].create(
            {"name": "Rita Recruiter", "login": "rita.precontract", "email": "rita@example.com"}
        )
        self.applicant.user_id = recruiter
        action = self.applicant.with_user(self.officer).action_precontract_send_result_link()
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(composer.partner_ids, recruiter.partner_id)
        composer._action_send_mail()

        message = self.applicant.message_ids[0]
        self.assertIn(f"/mail/view?model=hr.applicant&amp;res_id={self.applicant.id}", message.body)
        for value in ("412", "consultable", "Eligible", str(self.student.ssin.compact)):
            self.assertNotIn(value, message.body)
        self.assertEqual(message.partner_ids, recruiter.partner_id)

    def test_a_withdrawal_clears_the_answer_and_its_old_tracking_the_same_way(self):
        self.answered()
        field = self.env["ir.model.fields"]._get("hr.applicant", "precontract_flexi_eligible")
        self.applicant.message_post(
            body="",
            tracking_value_ids=[(0, 0, {"field_id": field.id, "new_value_char": "Yes"})],
        )
        self.sandbox.revoke(self.applicant.precontract_mandate_id)
        self.applicant.with_user(self.officer).action_precontract_check()

        self.assertEqual(self.applicant.precontract_mandate_status, "revoked")
        self.assertFalse(self.applicant.precontract_student_year)
        self.assertFalse(self.tracking_of_data())
        self.assertNoValue("412", self.everything_odoo_keeps())
        self.assertNoValue("Yes", self.everything_odoo_keeps())
