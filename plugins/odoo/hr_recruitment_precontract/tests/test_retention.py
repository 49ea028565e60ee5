# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Nothing readable after its consultation window, anywhere Odoo keeps it (issue 10, point 3):
the fields, the chatter and its tracking values, the e-mails the addon sends, and every file
(the PDF proofs, their indexed text)."""

import datetime as dt
import re
from unittest.mock import patch

from odoo.tests import tagged

from ..models.hr_applicant import DATA_FIELDS
from .common import SandboxCase, pdf_text


@tagged("post_install", "-at_install")
class TestRetention(SandboxCase):
    def setUp(self):
        super().setUp()
        self.applicant = self.new_applicant(
            "Yasmine El Amrani", precontract_ssin=str(self.student.ssin)
        )
        # Every file made from here on is searched (the proofs, anything on the chatter).
        self.files_before = self.env["ir.attachment"].sudo().search([], order="id desc", limit=1).id

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

    def files_text(self):
        """Every file made during the test: its name, indexed text, and its content as text."""
        files = self.env["ir.attachment"].sudo().with_context(active_test=False).search(
            [("id", ">", self.files_before)]
        )
        texts = []
        for file in files:
            texts += [file.name or "", file.description or "", file.index_content or ""]
            if file.mimetype == "application/pdf" and file.raw:
                texts.append(pdf_text(file.raw)[1])
            elif (file.mimetype or "").startswith("text/") and file.raw:
                texts.append(file.raw.decode("utf-8", "replace"))
        return texts

    def everything_odoo_keeps(self, with_fields=True, with_files=True):
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
                *(a.name or "" for a in messages.attachment_ids | mails.attachment_ids),
                *(
                    str(v)
                    for t in tracking
                    for v in (t.old_value_char, t.new_value_char, t.old_value_integer,
                              t.new_value_integer, t.old_value_datetime, t.new_value_datetime)
                    if v
                ),
                *(f"{m.subject or ''} {m.body_html or ''}" for m in mails),
                *(str(v) for k, v in record.items() if with_fields and k != "id" and v),
                *(self.files_text() if with_files else ()),
            ]
        )

    def test_the_answer_is_never_tracked_in_the_chatter(self):
        self.answered()
        self.env.flush_all()
        self.assertFalse(self.tracking_of_data())
        self.assertNoValue("412", self.everything_odoo_keeps(with_fields=False, with_files=False))
        # The proof holds the value, in a file of its own (officers only, see test_proof).
        self.assertIn("412", " ".join(self.files_text()))

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
        # The search finds the values while they may be consulted: on the record and the proof.
        kept = self.everything_odoo_keeps(with_fields=False)
        self.assertRegex(kept, r"(?<![\w-])412(?![\w-])")
        self.assertEqual(self.env["precontract.proof"].sudo().search_count([]), 1)

        self.sandbox.set_clock(
            dt.datetime.combine(student_until + dt.timedelta(days=1), dt.time(9), dt.UTC)
        )
        self.expire_at(self.sandbox.now())

        self.assertFalse(self.applicant.precontract_student_year)
        self.assertFalse(self.applicant.precontract_flexi_eligible)
        self.assertEqual(self.applicant.precontract_mandate_status, "expired")
        self.assertFalse(self.tracking_of_data())
        self.assertEqual(self.env["precontract.proof"].sudo().search_count([]), 0)
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
        # Standing alone: the link's port may hold the same digits.
        self.assertNoValue("412", message.body)
        for value in ("consultable", "Eligible", str(self.student.ssin.compact)):
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
        self.assertEqual(self.env["precontract.proof"].sudo().search_count([]), 0)
        self.assertNoValue("412", self.everything_odoo_keeps())
        self.assertNoValue("Yes", self.everything_odoo_keeps())
