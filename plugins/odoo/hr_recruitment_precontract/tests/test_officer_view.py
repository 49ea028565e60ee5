# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""What the officer reads on the 19.0 form and in the chatter (issue 9, point 11)."""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from ..models.hr_applicant import OFFICER
from .common import SandboxCase


@tagged("post_install", "-at_install")
class TestOfficerView(SandboxCase):
    def test_the_student_year_is_shown_without_a_thousands_separator(self):
        arch = self.env["hr.applicant"].with_user(self.officer).get_views([(False, "form")])
        form = etree.fromstring(arch["views"]["form"]["arch"])
        [year] = form.xpath("//field[@name='precontract_student_year']")
        # Odoo 19's integer widget groups digits unless enable_formatting is off ("2,026").
        self.assertEqual(safe_eval(year.get("options")), {"enable_formatting": False})
        self.assertFalse(year.get("widget"))

    def test_the_audit_note_reads_in_words(self):
        applicant = self.new_applicant(precontract_ssin=str(self.student.ssin))
        applicant.with_user(self.officer).action_precontract_check()
        self.approve(applicant, self.student)
        applicant.with_user(self.officer).action_precontract_check()
        group = self.env.ref(OFFICER)

        created = self.notes(applicant, "created").body
        self.assertIn("data asked: flexi-job, student hours; Awaiting approval)", created)
        consulted = self.notes(applicant, "consulted").body
        self.assertIn("data: flexi-job, student hours; result: Data read)", consulted)
        for body in (created, consulted):
            self.assertIn(f"by Eva Officer ({group.display_name})", body)
            self.assertIn(f"{self.env.company.name} (0403.019.261)", body)
            for code in ("FLEXI_JOB_ELIGIBILITY", "STUDENT_HOURS", "group_hr_recruitment", "PENDING"):
                self.assertNotIn(code, body)

    def test_the_audit_note_is_in_the_officers_language(self):
        self.env["res.lang"]._activate_lang("nl_BE")
        self.env["ir.module.module"]._load_module_terms(["hr_recruitment_precontract"], ["nl_BE"])
        self.officer.lang = "nl_BE"
        applicant = self.new_applicant()
        # The web client sends the user's language in the context of every call.
        applicant.with_user(self.officer).with_context(lang="nl_BE").action_precontract_check()
        [note] = applicant.message_ids.filtered(lambda m: "0403.019.261" in (m.body or ""))
        self.assertIn("aangemaakt voor werkgever", note.body)
        self.assertIn("gevraagde gegevens: flexi-job, studentenuren; Wacht op goedkeuring)", note.body)
        self.assertNotIn("created", note.body)
        menu = self.env.ref("hr_recruitment_precontract.precontract_employer_menu")
        self.assertEqual(
            menu.with_context(lang="nl_BE").name, "Werkgevers (flexi/student-controles)"
        )
