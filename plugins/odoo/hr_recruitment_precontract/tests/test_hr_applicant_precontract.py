# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Tests inside Odoo (``odoo-bin -i hr_recruitment_precontract --test-enable``).

The journey against the sandbox runs when the ``precontract[sandbox]`` extra is installed next to
Odoo; the other tests need Odoo only.
"""

import base64
import datetime as dt

from precontract.credentials import generate_credentials

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

OFFICER = "hr_recruitment.group_hr_recruitment_user"
INTERVIEWER = "hr_recruitment.group_hr_recruitment_interviewer"


@tagged("post_install", "-at_install")
class TestHrApplicantPrecontract(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(cls.env, login="precontract_officer", groups=OFFICER)
        cls.interviewer = new_test_user(
            cls.env, login="precontract_interviewer", groups=INTERVIEWER
        )
        cls.applicant = cls.env["hr.applicant"].create(
            {"partner_name": "Maria Peeters", "email_from": "maria.peeters@example.com"}
        )

    def test_ssin_is_stored_compact_and_listed_masked(self):
        self.applicant.with_user(self.officer).precontract_ssin = "85.07.30-033.28"
        self.assertEqual(self.applicant.precontract_ssin, "85073003328")
        self.assertEqual(self.applicant.precontract_ssin_masked, "85.07.30-***.**")

    def test_invalid_ssin_is_refused_and_nothing_written(self):
        with self.assertRaises(ValidationError):
            self.applicant.write(
                {"precontract_ssin": "85073003329", "partner_name": "Someone Else"}
            )
        self.assertFalse(self.applicant.precontract_ssin)
        self.assertEqual(self.applicant.partner_name, "Maria Peeters")

    def test_interviewers_do_not_see_the_ssin_or_the_data(self):
        visible = self.env["hr.applicant"].with_user(self.interviewer).fields_get()
        self.assertNotIn("precontract_ssin", visible)
        self.assertNotIn("precontract_flexi_eligible", visible)
        self.assertIn("precontract_ssin", self.env["hr.applicant"].with_user(self.officer).fields_get())

    def test_key_and_certificate_are_for_settings_administrators_only(self):
        with self.assertRaises(AccessError):
            self.env["precontract.credential"].with_user(self.officer).search([])

    def test_employer_number_is_validated_and_normalised(self):
        company = self.env.company
        company.precontract_employer = "BE 0403.019.261"
        self.assertEqual(company.precontract_employer, "0403019261")
        with self.assertRaises(ValidationError):
            company.precontract_employer = "0403.019.262"

    def test_check_without_configuration_says_what_to_do(self):
        with self.assertRaises(UserError) as caught:
            self.applicant.with_user(self.officer).action_precontract_check()
        self.assertIn("Recruitment", str(caught.exception))

    def test_expiry_clears_data_whose_window_ended(self):
        yesterday = dt.date.today() - dt.timedelta(days=2)
        self.applicant.write(
            {
                "precontract_mandate_status": "active",
                "precontract_flexi_eligible": "yes",
                "precontract_flexi_period_start": dt.date(2026, 1, 1),
                "precontract_flexi_period_end": dt.date(2026, 3, 31),
                "precontract_flexi_consultable_until": yesterday,
                "precontract_student_year": dt.date.today().year,
                "precontract_student_hours_remaining": 412,
                "precontract_student_consultable_until": dt.date.today() + dt.timedelta(days=60),
            }
        )
        self.env["hr.applicant"]._precontract_cron_expire()
        self.assertFalse(self.applicant.precontract_flexi_eligible)
        self.assertFalse(self.applicant.precontract_flexi_consultable_until)
        self.assertEqual(self.applicant.precontract_student_hours_remaining, 412)
        self.assertEqual(self.applicant.precontract_mandate_status, "active")

    def test_uploaded_key_is_stored_and_never_shown_back(self):
        key, cert = generate_credentials("odoo-test")
        settings = self.env["res.config.settings"].create(
            {
                "precontract_client_id": "self_service_chaman_1_test",
                "precontract_requester": "0123.456.749",
                "precontract_private_key_upload": base64.b64encode(key),
                "precontract_private_key_filename": "key.pem",
                "precontract_certificate_upload": base64.b64encode(cert),
                "precontract_certificate_filename": "cert.pem",
            }
        )
        settings.execute()
        self.assertFalse(settings.precontract_private_key_upload)
        stored = self.env["precontract.credential"]._precontract_current()
        self.assertEqual(stored.certificate_subject, "CN=odoo-test")
        fresh = self.env["res.config.settings"].create({})
        self.assertIn("CN=odoo-test", fresh.precontract_credentials_info)
        self.assertNotIn("PRIVATE KEY", fresh.precontract_credentials_info)
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("hr_recruitment_precontract.requester"),
            "0123456749",
        )


@tagged("post_install", "-at_install")
class TestPrecontractJourney(TransactionCase):
    """The button, the QR wizard and the follow-up action against a local sandbox."""

    def setUp(self):
        super().setUp()
        try:
            from precontract.sandbox import SandboxServer  # noqa: PLC0415
            from precontract.sandbox.personas import FLEXI_WORKER  # noqa: PLC0415
        except ImportError:
            self.skipTest("the precontract[sandbox] extra is not installed")
        self.server = SandboxServer()
        self.sandbox = self.server.__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        self.persona = FLEXI_WORKER
        key, cert = generate_credentials("odoo-journey")
        client_id = "self_service_chaman_2_journey"
        self.sandbox.register_client(client_id, cert)
        settings = self.env["res.config.settings"].create(
            {
                "precontract_environment": "sandbox",
                "precontract_sandbox_url": self.sandbox.url,
                "precontract_client_id": client_id,
                "precontract_requester": "0123456749",
                "precontract_employer": "0403019261",
                "precontract_private_key_upload": base64.b64encode(key),
                "precontract_private_key_filename": "key.pem",
                "precontract_certificate_upload": base64.b64encode(cert),
            }
        )
        settings.execute()
        self.applicant = self.env["hr.applicant"].create(
            {"partner_name": "Maria Peeters", "email_from": "maria.peeters@example.com"}
        )

    def test_button_qr_approval_and_follow_up(self):
        action = self.applicant.action_precontract_check()
        self.assertEqual(action["res_model"], "precontract.approval.wizard")
        wizard = self.env["precontract.approval.wizard"].browse(action["res_id"])
        self.assertEqual(wizard.state, "needs_approval")
        self.assertTrue(wizard.qr_code)
        self.assertEqual(wizard.approval_url, self.applicant.precontract_request_url)

        # The request is bound to no NISS: the approver is accepted, then the answer follows.
        self.sandbox.approve(self.applicant.precontract_request_id, str(self.persona.ssin))
        self.env["hr.applicant"]._precontract_cron_follow_pending()
        self.assertEqual(self.applicant.precontract_mandate_status, "confirm_approver")
        self.assertFalse(self.applicant.precontract_flexi_eligible)
        self.applicant.action_precontract_accept_approver()

        self.assertEqual(self.applicant.precontract_mandate_status, "active")
        self.assertTrue(self.applicant.precontract_flexi_consultable_until)
        notes = self.applicant.message_ids.mapped("body")
        self.assertTrue(any("consulted" in (body or "") for body in notes))
