# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Approved by someone — confirm (issue 10, point 1): a request bound to no NISS, approved by
another citizen than the applicant, files nothing under the applicant until an officer accepts."""

from precontract.sandbox.personas import STUDENT_FEW_HOURS, STUDENT_FULL

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import SandboxCase

EMMA = STUDENT_FEW_HOURS  # the applicant: a student with 38 hours left
LUCAS = STUDENT_FULL  # who approves instead of her: 650 hours left


@tagged("post_install", "-at_install")
class TestConfirmApprover(SandboxCase):
    def setUp(self):
        super().setUp()
        # Emma as an ATS without NISS knows her: a name only.
        self.applicant = self.new_applicant(EMMA.name).with_user(self.officer)

    def approved_by(self, citizen):
        first = self.applicant.action_precontract_check()
        self.assertEqual(self.applicant.precontract_mandate_status, "needs_approval")
        self.assertFalse(self.applicant.precontract_ssin)
        self.approve(self.applicant, citizen)
        action = self.applicant.action_precontract_check()
        self.assertTrue(first)
        return action

    def consultations(self):
        """The consultations, counted where they happen: at the sandbox."""
        return self.sandbox_consultations()

    def assertNoValues(self):
        applicant = self.applicant
        self.assertFalse(applicant.precontract_flexi_eligible)
        self.assertFalse(applicant.precontract_student_year)
        self.assertEqual(applicant.precontract_student_hours_remaining, 0)
        self.assertFalse(applicant.precontract_student_as_of)
        self.assertFalse(applicant.precontract_flexi_consultable_until)
        self.assertFalse(applicant.precontract_student_consultable_until)

    def test_approved_by_another_citizen_writes_nothing_and_shows_the_mismatch(self):
        action = self.approved_by(LUCAS)
        self.assertEqual(self.applicant.precontract_mandate_status, "confirm_approver")
        self.assertNoValues()
        self.assertEqual(self.consultations(), 0)
        self.assertEqual(len(self.sandbox_requests()), 1)
        # The form's tab names the approver, the NISS masked, and warns.
        self.assertEqual(self.applicant.precontract_approver_name, LUCAS.name)
        self.assertEqual(self.applicant.precontract_approver_ssin_masked, LUCAS.ssin.masked)
        self.assertEqual(str(self.applicant.precontract_approver_birth_date), "2005-03-18")
        self.assertTrue(self.applicant.precontract_approver_mismatch)
        # The dialog says the same and offers Accept and Reject.
        wizard = self.env["precontract.approval.wizard"].browse(action["res_id"])
        self.assertEqual(wizard.state, "confirm_approver")
        self.assertEqual(wizard.approver_name, LUCAS.name)
        self.assertTrue(wizard.approver_mismatch)
        arch = wizard.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_accept_approver", arch)
        self.assertIn("action_reject_approver", arch)
        self.assertIn("does not match this applicant", arch)
        # Checking again reads nothing either.
        self.applicant.action_precontract_check()
        self.assertEqual(self.applicant.precontract_mandate_status, "confirm_approver")
        self.assertNoValues()
        self.assertEqual(self.consultations(), 0)
        self.assertEqual(len(self.sandbox_requests()), 1, "no second request either")

    def test_accept_writes_the_approvers_values_and_notes_who_accepted(self):
        action = self.approved_by(LUCAS)
        wizard = self.env["precontract.approval.wizard"].browse(action["res_id"])
        wizard.with_user(self.officer).action_accept_approver()
        self.assertEqual(self.applicant.precontract_mandate_status, "active")
        self.assertEqual(self.applicant.precontract_student_hours_remaining, 650)
        self.assertEqual(self.applicant.precontract_ssin, LUCAS.ssin.compact)
        self.assertFalse(self.applicant.precontract_approver_name)
        self.assertFalse(self.applicant.precontract_approver_mismatch)
        self.assertEqual(self.consultations(), 1)
        self.assertEqual(len(self.notes(self.applicant, "consulted")), 1, "audited once")
        accepted = self.notes(self.applicant, "accepted the citizen who approved")
        self.assertEqual(len(accepted), 1)
        self.assertIn("Eva Officer", accepted.body)
        self.assertIn(LUCAS.ssin.masked, accepted.body)
        self.assertNotIn(LUCAS.ssin.compact, accepted.body)
        # The next check finds the mandate as the applicant's: one more consultation, no question.
        self.applicant.action_precontract_check()
        self.assertEqual(self.applicant.precontract_mandate_status, "active")
        self.assertEqual(self.consultations(), 2)
        self.assertEqual(len(self.sandbox_requests()), 1)

    def test_reject_clears_the_request_and_reads_nothing(self):
        self.approved_by(LUCAS)
        self.applicant.action_precontract_reject_approver()
        self.assertEqual(self.applicant.precontract_mandate_status, "cancelled")
        self.assertFalse(self.applicant.precontract_request_id)
        self.assertFalse(self.applicant.precontract_mandate_id)
        self.assertFalse(self.applicant.precontract_approver_name)
        self.assertFalse(self.applicant.precontract_ssin)
        self.assertNoValues()
        self.assertEqual(self.consultations(), 0)
        self.assertEqual(len(self.notes(self.applicant, "rejected the citizen who approved")), 1)
        # The next check sends a new request instead of using the rejected approval.
        self.applicant.action_precontract_check()
        self.assertEqual(self.applicant.precontract_mandate_status, "needs_approval")
        self.assertEqual(len(self.sandbox_requests()), 2)
        self.assertEqual(self.consultations(), 0)

    def test_the_applicant_herself_approving_matches_and_still_waits_for_accept(self):
        self.approved_by(EMMA)
        self.assertEqual(self.applicant.precontract_mandate_status, "confirm_approver")
        self.assertFalse(self.applicant.precontract_approver_mismatch)
        self.assertNoValues()
        self.applicant.action_precontract_accept_approver()
        self.assertEqual(self.applicant.precontract_student_hours_remaining, 38)
        self.assertEqual(self.consultations(), 1)

    def test_only_officers_can_accept(self):
        self.approved_by(LUCAS)
        interviewer = new_test_user(self.env, login="precontract_no_officer", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.applicant.with_user(interviewer).action_precontract_accept_approver()
        self.assertEqual(self.applicant.precontract_mandate_status, "confirm_approver")
        self.assertNoValues()

    def test_the_scheduled_follow_up_shows_the_approver_too(self):
        self.applicant.action_precontract_check()
        self.approve(self.applicant, LUCAS)
        self.env["hr.applicant"]._precontract_cron_follow_pending()
        self.assertEqual(self.applicant.precontract_mandate_status, "confirm_approver")
        self.assertEqual(self.applicant.precontract_approver_name, LUCAS.name)
        self.assertTrue(self.applicant.precontract_approver_mismatch)
        self.assertNoValues()
        self.assertEqual(self.consultations(), 0)
