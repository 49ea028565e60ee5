# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The PDF proof of each consultation (issue 13): one proof per answer, for recruitment officers
only (never on the chatter, which interviewers read), *Print proof* while the values on it may be
consulted, and nothing of it left once they may not (issue 10, point 3)."""

import datetime as dt
import re
from unittest.mock import patch

from precontract.timeutil import brussels_today, system_clock

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import SandboxCase, SandboxHttpCase, pdf_text

INTERVIEWER = "hr_recruitment.group_hr_recruitment_interviewer"


@tagged("post_install", "-at_install")
class TestProof(SandboxCase):
    def setUp(self):
        super().setUp()
        self.applicant = self.new_applicant(
            "Yasmine El Amrani", precontract_ssin=str(self.student.ssin)
        )

    def proofs(self):
        return self.env["precontract.proof"].sudo().search(
            [("applicant_id", "=", self.applicant.id)], order="id"
        )

    def files(self):
        """Every PDF the database holds for this applicant's proofs or on its chatter."""
        return self.env["ir.attachment"].sudo().search(
            [
                "|",
                "&",
                ("res_model", "=", "hr.applicant"),
                ("res_id", "=", self.applicant.id),
                ("res_model", "=", "precontract.proof"),
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

    def interviewer(self):
        user = new_test_user(
            self.env, login="precontract_proof_interviewer", groups=INTERVIEWER, name="Ivo"
        )
        self.applicant.interviewer_ids = [(4, user.id)]
        return user

    def move_past(self, day):
        """The sandbox's clock and the addon's "now" on the morning after ``day``."""
        after = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9), dt.UTC)
        self.sandbox.set_clock(after)
        now = patch.object(type(self.env["hr.applicant"]), "_precontract_now", lambda _self: after)
        now.start()
        self.addCleanup(now.stop)
        return after

    def test_an_answer_keeps_one_proof_pdf_for_officers_and_none_in_the_chatter(self):
        self.answered()
        proof = self.proofs()
        self.assertEqual(len(proof), 1)
        self.assertEqual(self.files(), proof.attachment_id)
        day = brussels_today(system_clock())
        self.assertEqual(proof.attachment_id.name, f"proof-{self.applicant.id}-{day:%Y%m%d}.pdf")
        self.assertNotIn(self.student.ssin.compact, proof.attachment_id.name)
        raw = proof.attachment_id.raw
        self.assertTrue(raw.startswith(b"%PDF-"))
        pages, text = pdf_text(raw)
        self.assertEqual(pages, 1)
        self.assertIn("Yasmine El Amrani", text)
        self.assertIn("412", text)
        self.assertNotIn(self.student.ssin.compact, text, "the NISS is masked on the proof")
        self.assertEqual(
            proof.consultable_until,
            min(
                self.applicant.precontract_flexi_consultable_until,
                self.applicant.precontract_student_consultable_until,
            ),
        )

        # Nothing on the chatter: no file (interviewers read it), no note with a value.
        messages = self.applicant.message_ids
        self.assertFalse(messages.attachment_ids)
        self.assertFalse(self.notes(self.applicant, "Proof of the consultation"))
        # The consultation's audit note carries the proof's integrity code, to match a printed
        # proof with the audit.
        consulted = self.notes(self.applicant, "Precontractual data consulted")
        self.assertEqual(len(consulted), 1)
        code = re.search(
            r"Integrity code of the proof: ([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})", consulted.body
        )
        self.assertTrue(code, consulted.body)
        self.assertEqual(proof.integrity_code, code[1])
        self.assertIn(code[1], text)
        self.assertNotIn("412", consulted.body)

    def test_an_interviewer_can_neither_open_nor_find_the_proof(self):
        self.answered()
        interviewer = self.interviewer()
        proof = self.proofs()
        file_id = proof.attachment_id.id
        # The applicant itself is readable: the interviewer works on it.
        self.assertEqual(self.applicant.with_user(interviewer).partner_name, "Yasmine El Amrani")

        attachments = self.env["ir.attachment"].with_user(interviewer)
        with self.assertRaises(AccessError):
            attachments.browse(file_id).read(["raw"])
        with self.assertRaises(AccessError):
            # What /web/content/<id> does before it sends a file.
            self.env["ir.binary"].with_user(interviewer)._find_record(res_id=file_id)
        with self.assertRaises(AccessError):
            self.env["precontract.proof"].with_user(interviewer).browse(proof.id).read(
                ["integrity_code"]
            )
        for domain in (
            [("id", "=", file_id)],
            [("mimetype", "=", "application/pdf")],
            [("name", "ilike", "proof")],
            [("index_content", "ilike", "El Amrani")],
            # Odoo's public files (the asset bundles) may hold any digits.
            [("index_content", "ilike", "412"), ("public", "=", False)],
            [("res_model", "=", "hr.applicant"), ("res_id", "=", self.applicant.id)],
        ):
            self.assertEqual(attachments.search_read(domain, ["name"]), [], domain)
        with self.assertRaises(AccessError):
            attachments.search_read([("res_model", "=", "precontract.proof")], ["name"])

        messages = self.env["mail.message"].with_user(interviewer).search_read(
            [("model", "=", "hr.applicant"), ("res_id", "=", self.applicant.id)],
            ["body", "attachment_ids"],
        )
        self.assertTrue(messages, "the interviewer reads the applicant's chatter")
        for message in messages:
            self.assertEqual(message["attachment_ids"], [])
            self.assertIsNone(re.search(r"(?<![\w-])412(?![\w-])", message["body"] or ""))
        self.assertFalse(
            self.env["mail.message"].with_user(interviewer).search_count(
                [("attachment_ids", "in", [file_id])]
            )
        )
        # Print proof is an officer's button.
        with self.assertRaises(AccessError):
            self.applicant.with_user(interviewer).action_precontract_print_proof()

    def test_an_officer_reads_and_prints_the_proof(self):
        self.answered()
        proof = self.proofs()
        officer = self.applicant.with_user(self.officer)
        self.assertTrue(officer.precontract_proof_available)
        action = officer.action_precontract_print_proof()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], f"/web/content/{proof.attachment_id.id}?download=true")
        # What /web/content/<id> does before sending it (over HTTP: TestProofDownload).
        record = self.env["ir.binary"].with_user(self.officer)._find_record(
            res_id=proof.attachment_id.id
        )
        self.assertEqual(record.env.uid, self.officer.id)
        self.assertEqual(record.mimetype, "application/pdf")
        self.assertTrue(record.raw.startswith(b"%PDF-"))
        self.assertTrue(
            self.env["ir.attachment"].with_user(self.officer).search_count(
                [("res_model", "=", "precontract.proof"), ("res_id", "=", proof.id)]
            )
        )

    def test_the_proof_is_in_the_language_of_the_user_who_checked(self):
        self.env["res.lang"]._activate_lang("fr_BE")
        officer = self.applicant.with_user(self.officer).with_context(lang="fr_BE")
        officer.action_precontract_check()
        self.approve(self.applicant, self.student)
        officer.action_precontract_check()
        _pages, text = pdf_text(self.proofs().attachment_id.raw)
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
        self.assertEqual(action["url"], f"/web/content/{proofs[-1].attachment_id.id}?download=true")

    def test_no_proof_for_a_check_that_read_nothing(self):
        self.applicant.with_user(self.officer).action_precontract_check()
        self.assertEqual(self.applicant.precontract_mandate_status, "needs_approval")
        self.assertFalse(self.proofs())
        applicant = self.applicant.with_user(self.officer)
        self.assertFalse(applicant.precontract_proof_available)
        with self.assertRaises(UserError):
            applicant.action_precontract_print_proof()

    def test_the_proof_is_removed_the_day_after_its_window(self):
        self.answered()
        self.applicant.with_user(self.officer).action_precontract_check()  # a second proof
        self.assertEqual(len(self.proofs()), 2)
        until = self.applicant.precontract_proof_until
        self.assertEqual(until, self.applicant.precontract_flexi_consultable_until)

        # On its last day the proof is still there and printable.
        self.move_past(until - dt.timedelta(days=1))
        self.env["hr.applicant"]._precontract_cron_expire()
        applicant = self.applicant.with_user(self.officer)
        applicant.invalidate_recordset()
        self.assertEqual(len(self.proofs()), 2)
        self.assertTrue(applicant.precontract_proof_available)

        # The day after, the flexi-job answer is cleared, and with it every proof showing it.
        self.move_past(until)
        self.env["hr.applicant"]._precontract_cron_expire()
        self.assertFalse(self.applicant.precontract_flexi_eligible)
        self.assertFalse(self.proofs())
        self.assertFalse(self.files())
        applicant.invalidate_recordset()
        self.assertFalse(applicant.precontract_proof_available)
        self.assertFalse(applicant.precontract_proof_id)
        with self.assertRaises(UserError):
            applicant.action_precontract_print_proof()

    def test_the_nightly_expiry_removes_a_proof_whose_window_ended_under_a_newer_answer(self):
        self.answered()
        first = self.proofs()
        # The record holds a later answer (a newer mandate's): its fields stay, the first proof's
        # values do not.
        first.write({"removed_at": dt.datetime(2026, 1, 2), "flexi_until": dt.date(2026, 1, 1)})
        self.env["hr.applicant"]._precontract_cron_expire()
        self.assertFalse(first.exists())
        self.assertFalse(self.files())
        self.assertEqual(self.applicant.precontract_student_hours_remaining, 412)

    def test_a_withdrawal_removes_the_proof_with_the_values(self):
        self.answered()
        self.assertEqual(len(self.files()), 1)
        self.sandbox.revoke(self.applicant.precontract_mandate_id)
        self.applicant.with_user(self.officer).action_precontract_check()
        self.assertEqual(self.applicant.precontract_mandate_status, "revoked")
        self.assertFalse(self.proofs())
        self.assertFalse(self.files())

    def test_deleting_the_applicant_deletes_its_proof_files(self):
        self.answered()
        self.assertEqual(len(self.files()), 1)
        applicant_id = self.applicant.id
        self.applicant.unlink()
        self.assertFalse(
            self.env["ir.attachment"].sudo().search_count(
                [("res_model", "=", "precontract.proof"), ("name", "like", f"proof-{applicant_id}-")]
            )
        )

    def test_the_form_shows_print_proof_only_while_it_can_be_printed(self):
        arch = self.env["hr.applicant"].with_user(self.officer).get_view(view_type="form")["arch"]
        self.assertIn('name="action_precontract_print_proof"', arch)
        self.assertRegex(
            arch,
            r'name="action_precontract_print_proof"[^>]*invisible="not precontract_proof_available"',
        )


@tagged("post_install", "-at_install")
class TestProofDownload(SandboxHttpCase):
    """Print proof's link over Odoo's HTTP server: the file for an officer, nothing for others."""

    def test_the_proof_link_serves_the_pdf_to_officers_only(self):
        applicant = self.new_applicant("Yasmine El Amrani", precontract_ssin=str(self.student.ssin))
        applicant.with_user(self.officer).action_precontract_check()
        self.approve(applicant, self.student)
        applicant.with_user(self.officer).action_precontract_check()
        url = applicant.with_user(self.officer).action_precontract_print_proof()["url"]
        interviewer = new_test_user(
            self.env, login="precontract_http_interviewer", groups=INTERVIEWER, name="Ivo"
        )
        applicant.interviewer_ids = [(4, interviewer.id)]

        self.authenticate(self.officer.login, self.officer.login)
        served = self.url_open(url)
        self.assertEqual(served.status_code, 200)
        self.assertTrue(served.headers["Content-Type"].startswith("application/pdf"))
        self.assertTrue(served.content.startswith(b"%PDF-"))
        _pages, text = pdf_text(served.content)
        self.assertIn("412", text)

        self.authenticate(interviewer.login, interviewer.login)
        refused = self.url_open(url)
        self.assertIn(refused.status_code, (403, 404))
        self.assertNotIn(b"%PDF-", refused.content)
