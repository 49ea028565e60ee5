# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Approved by someone — confirm, in a real browser (issue 10, point 1): the officer presses the
button for an applicant whose NISS is not filled in; another citizen approves on the sandbox; the
dialog shows who approved and that it does not match; the officer rejects. On another applicant,
approved by herself, the dialog and the form show who approved and nothing is written until the
officer accepts on the form."""

import threading

from precontract.sandbox.personas import STUDENT_FEW_HOURS, STUDENT_FULL

from odoo.tests import tagged

from .common import SandboxHttpCase

EMMA = STUDENT_FEW_HOURS  # 38 hours left
LUCAS = STUDENT_FULL  # 650 hours left: the citizen who approves, in every tour


@tagged("post_install", "-at_install")
class TestConfirmApproverTour(SandboxHttpCase):
    def approve_once_asked(self, citizen):
        """Approve, as ``citizen``, the next request the sandbox receives (as from a phone)."""
        known = set(self.sandbox_requests())
        stop = threading.Event()

        def approve():
            while not stop.wait(0.2):
                new = [request for request in self.sandbox_requests() if request not in known]
                if new:
                    self.sandbox.approve(new[0], str(citizen.ssin))
                    return

        approver = threading.Thread(target=approve, daemon=True)
        approver.start()
        self.addCleanup(approver.join)
        self.addCleanup(stop.set)
        return stop

    def tour(self, applicant, name):
        self.start_tour(
            f"/odoo/recruitment-applications/{applicant.id}", name, login=self.officer.login
        )
        applicant.invalidate_recordset()

    def assertNothingWritten(self, applicant):
        self.assertFalse(applicant.precontract_flexi_eligible)
        self.assertFalse(applicant.precontract_student_year)
        self.assertEqual(applicant.precontract_student_hours_remaining, 0)
        self.assertFalse(applicant.precontract_flexi_consultable_until)
        self.assertFalse(applicant.precontract_student_consultable_until)
        self.assertFalse(applicant.precontract_ssin)
        self.assertFalse(self.env["precontract.proof"].search([("applicant_id", "=", applicant.id)]))

    def test_the_officer_rejects_a_mismatch_then_accepts_the_right_citizen(self):
        # Emma, as an ATS without NISS knows her; Lucas approves her request.
        emma = self.new_applicant(EMMA.name)
        self.approve_once_asked(LUCAS)
        self.tour(emma, "precontract_confirm_mismatch_and_reject")
        self.assertEqual(emma.precontract_mandate_status, "cancelled")
        self.assertFalse(emma.precontract_request_id)
        self.assertFalse(emma.precontract_approver_name)
        self.assertNothingWritten(emma)
        self.assertEqual(self.sandbox_consultations(), 0)
        self.assertEqual(len(self.notes(emma, "rejected the citizen who approved")), 1)

        # Another applicant, Lucas himself, approves his own request: still a confirmation.
        lucas = self.new_applicant(LUCAS.name, email_from="lucas.janssens@example.com")
        self.approve_once_asked(LUCAS)
        self.tour(lucas, "precontract_confirm_shown_in_the_dialog")
        self.assertEqual(lucas.precontract_mandate_status, "confirm_approver")
        self.assertEqual(lucas.precontract_approver_name, LUCAS.name)
        self.assertFalse(lucas.precontract_approver_mismatch)
        self.assertNothingWritten(lucas)
        self.assertEqual(self.sandbox_consultations(), 0)
        self.assertEqual(len(self.sandbox_requests()), 2)

        self.tour(lucas, "precontract_confirm_accept_on_the_form")
        self.assertEqual(lucas.precontract_mandate_status, "active")
        self.assertEqual(lucas.precontract_student_hours_remaining, 650)
        self.assertEqual(lucas.precontract_ssin, LUCAS.ssin.compact)
        self.assertEqual(self.sandbox_consultations(), 1)
        self.assertEqual(len(self.notes(lucas, "accepted the citizen who approved")), 1)
        # Emma's record still holds nothing.
        emma.invalidate_recordset()
        self.assertNothingWritten(emma)
