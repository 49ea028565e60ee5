# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""One company (a social secretariat) checks applicants for many client employers (issue 9,
point 7): the employer is chosen per applicant, the company's by default, and every check, field
and audit note is for that employer."""

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EMPLOYER, SandboxCase

CLIENT = "0417497106"
CLIENT_FORMATTED = "0417.497.106"
OTHER_CLIENT = "0884303369"


@tagged("post_install", "-at_install")
class TestEmployers(SandboxCase):
    def setUp(self):
        super().setUp()
        self.sandbox.register_enterprise(CLIENT, "Frituur De Kaai")
        self.sandbox.register_enterprise(OTHER_CLIENT, "Bakkerij Smet")
        Employer = self.env["precontract.employer"]
        self.client = Employer.create({"name": "Frituur De Kaai", "enterprise_number": "BE 0417.497.106"})
        self.other = Employer.create({"name": "Bakkerij Smet", "enterprise_number": OTHER_CLIENT})

    def request_employers(self):
        return sorted(r.employer for r in self.sandbox_requests().values())

    def sent_approval_email(self, applicant):
        """The one e-mail an officer's check and *Send by e-mail* leave for ``applicant``."""
        action = applicant.with_user(self.officer).action_precontract_check()
        wizard = self.env["precontract.approval.wizard"].browse(action["res_id"])
        wizard.with_user(self.officer).action_send_email()
        mail = self.env["mail.mail"].sudo().search(
            [("model", "=", "hr.applicant"), ("res_id", "=", applicant.id)]
        )
        self.assertEqual(len(mail), 1)
        return mail

    def test_the_number_is_stored_compact_checked_and_listed_once_per_company(self):
        self.assertEqual(self.client.enterprise_number, CLIENT)
        self.assertEqual(self.client.display_name, f"Frituur De Kaai ({CLIENT_FORMATTED})")
        with self.assertRaises(ValidationError):
            self.env["precontract.employer"].create({"name": "Typo", "enterprise_number": "0417.497.107"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["precontract.employer"].create({"name": "Again", "enterprise_number": CLIENT})

    def test_the_check_is_for_the_chosen_employer_and_the_note_names_it(self):
        applicant = self.new_applicant(precontract_employer_id=self.client.id)
        self.assertEqual(applicant.precontract_employer_label, f"Frituur De Kaai ({CLIENT_FORMATTED})")
        applicant.with_user(self.officer).action_precontract_check()
        self.assertEqual(self.request_employers(), [CLIENT])
        note = self.notes(applicant, "created")
        self.assertEqual(len(note), 1)
        self.assertIn(f"Frituur De Kaai ({CLIENT_FORMATTED})", note.body)

    def test_without_a_choice_the_check_is_for_the_company(self):
        applicant = self.new_applicant()
        self.assertIn("0403.019.261", applicant.precontract_employer_label)
        self.assertIn(self.env.company.name, applicant.precontract_employer_label)
        applicant.action_precontract_check()
        self.assertEqual(self.request_employers(), [EMPLOYER])

    def test_each_pending_applicant_is_followed_for_its_own_employer(self):
        first = self.new_applicant("Maria", precontract_ssin=str(self.flexi_worker.ssin),
                                   precontract_employer_id=self.client.id)
        second = self.new_applicant("Yasmine", precontract_ssin=str(self.student.ssin),
                                    precontract_employer_id=self.other.id)
        first.action_precontract_check()
        second.action_precontract_check()
        self.approve(first, self.flexi_worker)
        self.approve(second, self.student)
        self.env["hr.applicant"]._precontract_cron_follow_pending()
        self.assertEqual((first.precontract_mandate_status, second.precontract_mandate_status), ("active", "active"))
        with self.sandbox.state.reading() as data:
            mandates = {m.ssin: m.employer for m in data.mandates.values()}
        self.assertEqual(mandates, {self.flexi_worker.ssin.compact: CLIENT, self.student.ssin.compact: OTHER_CLIENT})
        self.assertIn("Bakkerij Smet", self.notes(second, "consulted").body)

    def test_choosing_another_employer_forgets_what_was_for_the_first(self):
        applicant = self.new_applicant(precontract_ssin=str(self.student.ssin),
                                       precontract_employer_id=self.client.id)
        applicant.action_precontract_check()
        self.approve(applicant, self.student)
        applicant.action_precontract_check()
        self.assertEqual(applicant.precontract_student_hours_remaining, 412)

        applicant.precontract_employer_id = self.other
        self.assertFalse(applicant.precontract_mandate_status)
        self.assertFalse(applicant.precontract_student_year)
        self.assertFalse(applicant.precontract_mandate_id)
        self.assertEqual(applicant.precontract_student_hours_remaining, 0)
        # The next check asks consent for the new employer; the first one's mandate is not used.
        applicant.action_precontract_check()
        self.assertEqual(applicant.precontract_mandate_status, "needs_approval")
        self.assertEqual(self.request_employers(), sorted([CLIENT, OTHER_CLIENT]))

    def test_the_approval_email_names_the_employer_the_applicant_would_work_for(self):
        applicant = self.new_applicant(precontract_employer_id=self.client.id)
        mail = self.sent_approval_email(applicant)
        self.assertTrue(mail.subject.startswith("Frituur De Kaai "), mail.subject)
        self.assertIn("Frituur De Kaai would like to check", mail.body_html)

    def test_a_german_speaking_applicant_gets_the_approval_email_in_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        applicant = self.new_applicant(precontract_employer_id=self.client.id)
        # No contact of her own: the company's language (here German) is the applicant's.
        applicant.company_id.partner_id.lang = "de_DE"
        self.assertEqual(applicant.precontract_lang, "de_DE")
        mail = self.sent_approval_email(applicant)
        self.assertEqual(
            mail.subject,
            "Frituur De Kaai bittet um Ihre Zustimmung, Ihre Daten für einen Flexi-Job oder "
            "Studentenjob einzusehen",
        )
        self.assertIn("Guten Tag Maria Peeters,", mail.body_html)
        self.assertIn("Frituur De Kaai möchte vor dem Erstellen Ihres Vertrags prüfen", mail.body_html)
        self.assertIn(applicant.precontract_request_url.split("?")[0], mail.body_html)
