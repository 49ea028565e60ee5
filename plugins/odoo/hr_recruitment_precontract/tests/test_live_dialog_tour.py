# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The live dialog in a real browser (issue 9, point 5): the officer presses the button once; the
applicant approves on the sandbox; the dialog closes and announces the answer by itself."""

import threading

from odoo.tests import tagged

from .common import SandboxHttpCase


@tagged("post_install", "-at_install")
class TestLiveDialogTour(SandboxHttpCase):
    def test_the_dialog_turns_into_the_answer_in_the_browser(self):
        applicant = self.new_applicant(precontract_ssin=str(self.student.ssin))
        ssin = str(self.student.ssin)
        stop = threading.Event()

        def approve_once_asked():
            # The applicant approves on their phone once the request exists.
            while not stop.wait(0.2):
                requests = self.sandbox_requests()
                if requests:
                    self.sandbox.approve(next(iter(requests)), ssin)
                    return

        approver = threading.Thread(target=approve_once_asked, daemon=True)
        approver.start()
        self.addCleanup(stop.set)
        self.start_tour(
            f"/odoo/recruitment-applications/{applicant.id}",
            "precontract_live_dialog",
            login=self.officer.login,
        )
        stop.set()
        approver.join()
        self.assertEqual(applicant.precontract_mandate_status, "active")
        self.assertEqual(applicant.precontract_student_hours_remaining, 412)
        self.assertEqual(len(self.notes(applicant, "consulted")), 1)

    def test_the_open_form_shows_the_answer_without_waiting_for_the_scheduled_action(self):
        applicant = self.new_applicant(precontract_ssin=str(self.student.ssin))
        applicant.with_user(self.officer).action_precontract_check()
        self.approve(applicant, self.student)
        self.start_tour(
            f"/odoo/recruitment-applications/{applicant.id}",
            "precontract_live_form",
            login=self.officer.login,
        )
        self.assertEqual(applicant.precontract_mandate_status, "active")
        self.assertEqual(len(self.notes(applicant, "consulted")), 1)
