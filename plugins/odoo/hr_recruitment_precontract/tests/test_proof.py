# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The PDF proof of each consultation (issue 13): one attachment per answer, on the chatter, and
*Print proof* only while the values on it may be consulted."""

import datetime as dt
import io
import re
from unittest.mock import patch

from precontract.timeutil import brussels_today, system_clock

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SandboxCase


def pdf_text(raw):
    """The text of a PDF, with the reader Odoo's environment has (PyPDF2 on Python 3.11)."""
    try:
        from pypdf import PdfReader  # noqa: PLC0415
    except ImportError:
        from PyPDF2 import PdfReader  # noqa: PLC0415
    reader = PdfReader(io.BytesIO(raw))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


@tagged("post_install", "-at_install")
class TestProof(SandboxCase):
    def setUp(self):
        super().setUp()
        self.applicant = self.new_applicant(
            "Yasmine El Amrani", precontract_ssin=str(self.student.ssin)
        )

    def proofs(self):
        return self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", "hr.applicant"),
                ("res_id", "=", self.applicant.id),
                ("mimetype", "=", "application/pdf"),
            ],
            order="id",
        )

    def answered(self):
        self.applicant.with_user(self.officer).action_precontract_check()
        self.assertFalse(self.proofs(), "a request is not a consultation: no proof yet")
        self.approve(self.applicant, self.student)
        self.applicant.with_user(self.officer).action_precontract_check()
        self.assertEqual(self.applicant.precontract_student_hours_remaining, 412)

    def test_an_answer_attaches_one_proof_pdf_in_the_chatter(self):
        self.answered()
        proofs = self.proofs()
        self.assertEqual(len(proofs), 1)
        proof = proofs
        day = brussels_today(system_clock())
        self.assertEqual(proof.name, f"proof-{self.applicant.id}-{day:%Y%m%d}.pdf")
        self.assertNotIn(self.student.ssin.compact, proof.name)
        self.assertTrue(proof.raw.startswith(b"%PDF-"))
        pages, text = pdf_text(proof.raw)
        self.assertEqual(pages, 1)
        self.assertIn("Yasmine El Amrani", text)
        self.assertIn("412", text)
        self.assertNotIn(self.student.ssin.compact, text, "the NISS is masked on the proof")

        # Posted on the chatter as a note carrying the file and the integrity code.
        posted = self.notes(self.applicant, "Proof of the consultation")
        self.assertEqual(len(posted), 1)
        self.assertEqual(posted.attachment_ids, proof)
        code = re.search(r"integrity code ([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})", posted.body)
        self.assertTrue(code, posted.body)
        self.assertIn(code[1], text)
        # The same code on the consultation's audit note, to match a printed proof with it.
        consulted = self.notes(self.applicant, "Precontractual data consulted")
        self.assertEqual(len(consulted), 1)
        self.assertIn(f"Integrity code of the proof: {code[1]}", consulted.body)

    def test_the_proof_is_in_the_language_of_the_user_who_checked(self):
        self.env["res.lang"]._activate_lang("fr_BE")
        officer = self.applicant.with_user(self.officer).with_context(lang="fr_BE")
        officer.action_precontract_check()
        self.approve(self.applicant, self.student)
        officer.action_precontract_check()
        _pages, text = pdf_text(self.proofs().raw)
        self.assertIn("vérification précontractuelle", text)
        self.assertNotIn("Proof of a precontractual check", text)

    def test_print_proof_downloads_the_latest_proof(self):
        self.answered()
        self.applicant.invalidate_recordset()
        self.applicant.with_user(self.officer).action_precontract_check()  # read again
        proofs = self.proofs()
        self.assertEqual(len(proofs), 2, "one proof per answer")
        applicant = self.applicant.with_user(self.officer)
        self.assertTrue(applicant.precontract_proof_available)
        action = applicant.action_precontract_print_proof()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], f"/web/content/{proofs[-1].id}?download=true")

    def test_no_proof_for_a_check_that_read_nothing(self):
        self.applicant.with_user(self.officer).action_precontract_check()
        self.assertEqual(self.applicant.precontract_mandate_status, "needs_approval")
        self.assertFalse(self.proofs())
        applicant = self.applicant.with_user(self.officer)
        self.assertFalse(applicant.precontract_proof_available)
        with self.assertRaises(UserError):
            applicant.action_precontract_print_proof()

    def test_print_proof_is_hidden_and_refused_once_the_values_may_not_be_consulted(self):
        self.answered()
        until = self.applicant.precontract_proof_until
        self.assertEqual(
            until,
            min(
                self.applicant.precontract_flexi_consultable_until,
                self.applicant.precontract_student_consultable_until,
            ),
        )
        day_after = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(9), dt.UTC)
        self.sandbox.set_clock(day_after)
        now = patch.object(
            type(self.env["hr.applicant"]), "_precontract_now", lambda _self: day_after
        )
        now.start()
        self.addCleanup(now.stop)
        self.env["hr.applicant"]._precontract_cron_expire()
        # The flexi-job answer is cleared: the proof, which shows it, is no longer printed.
        self.assertFalse(self.applicant.precontract_flexi_eligible)
        applicant = self.applicant.with_user(self.officer)
        applicant.invalidate_recordset()
        self.assertFalse(applicant.precontract_proof_available)
        with self.assertRaises(UserError):
            applicant.action_precontract_print_proof()
        # The proof stays as the dated record of the check, in the chatter.
        self.assertEqual(len(self.proofs()), 1)

    def test_the_form_shows_print_proof_only_while_it_can_be_printed(self):
        arch = self.env["hr.applicant"].with_user(self.officer).get_view(view_type="form")["arch"]
        self.assertIn('name="action_precontract_print_proof"', arch)
        self.assertRegex(
            arch,
            r'name="action_precontract_print_proof"[^>]*invisible="not precontract_proof_available"',
        )
