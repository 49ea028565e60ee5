# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Re-checks before planned starts (issue 14, point 5): the server action on selected applicants,
the scheduled action, and the filters, counted at the sandbox."""

import datetime as dt

from precontract.recheck import quarter_of
from precontract.timeutil import brussels_today, system_clock

from odoo.tests import tagged

from .common import SandboxCase


def utc_now():
    """Now as Odoo stores a datetime (naive UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestRecheck(SandboxCase):
    def setUp(self):
        super().setUp()
        # Every call of the data API, counted by the sandbox itself (a fault that changes nothing).
        self.reads = self.sandbox.inject_fault("precontractualData", "latency", count=None)
        self.today = brussels_today(system_clock())
        self.quarter_start, self.quarter_end = quarter_of(self.today)

    def answered(self, name, persona, start):
        applicant = self.new_applicant(name, precontract_ssin=str(persona.ssin), availability=start)
        applicant.with_user(self.officer).action_precontract_check()
        if applicant.precontract_mandate_status == "needs_approval":
            self.approve(applicant, persona)
            applicant.with_user(self.officer).action_precontract_check()
        # Else a mandate for this NISS was there already (another applicant's): read at once.
        self.assertEqual(applicant.precontract_mandate_status, "active")
        return applicant

    def consultations(self):
        return self.reads.hits

    def recheck(self, applicants):
        return applicants.with_user(self.officer).action_precontract_recheck()

    def proofs(self, applicant):
        return self.env["precontract.proof"].sudo().search_count(
            [("applicant_id", "=", applicant.id)]
        )

    def three(self):
        """One covered, one whose hours are stale, one whose flexi answer is of another quarter."""
        start = min(self.today + dt.timedelta(days=3), self.quarter_end)
        covered = self.answered("Yasmine El Amrani", self.student, start)
        stale = self.answered("Lotte Janssens", self.student, start)
        stale.sudo().precontract_student_as_of = utc_now() - dt.timedelta(days=2)
        other = self.answered("Maria Peeters", self.flexi_worker, start)
        last_quarter_end = self.quarter_start - dt.timedelta(days=1)
        other.sudo().write(
            {
                "precontract_flexi_period_start": quarter_of(last_quarter_end)[0],
                "precontract_flexi_period_end": last_quarter_end,
            }
        )
        return covered, stale, other

    def test_the_server_action_reads_again_only_the_applicants_not_covered(self):
        covered, stale, other = self.three()
        selected = covered | stale | other
        self.assertEqual(self.consultations(), 3)
        requests = len(self.sandbox_requests())
        checked_at = covered.precontract_checked_at

        action = self.recheck(selected)

        self.assertEqual(self.consultations(), 5, "two applicants read again, not three")
        self.assertEqual(len(self.sandbox_requests()), requests, "no new access request")
        self.assertEqual(covered.precontract_checked_at, checked_at)
        self.assertEqual(other.precontract_flexi_period_start, self.quarter_start)
        self.assertGreater(stale.precontract_student_as_of, utc_now() - dt.timedelta(hours=1))
        self.assertEqual([self.proofs(a) for a in selected], [1, 2, 2])
        self.assertIn(
            "3 applicant(s): 1 still covered, 0 to check later, 2 answer(s) read again",
            action["params"]["message"],
        )
        # A second press right after: everything is covered now, nothing is called.
        self.recheck(selected)
        self.assertEqual(self.consultations(), 5)

    def test_filters_start_not_covered_and_expires_before_start(self):
        covered, stale, other = self.three()
        late = self.answered("Tom Maes", self.flexi_worker, self.today)
        late.availability = late.precontract_flexi_consultable_until + dt.timedelta(days=3)
        ours = [("id", "in", (covered | stale | other | late).ids)]
        applicants = self.env["hr.applicant"].with_user(self.officer)
        not_covered = applicants.search(
            [*ours, ("availability", "!=", False), ("precontract_start_covered", "=", False)]
        )
        self.assertEqual(not_covered, stale | other | late)
        self.assertEqual(
            applicants.search([*ours, ("precontract_start_covered", "=", True)]), covered
        )
        self.assertEqual(
            applicants.search([*ours, ("precontract_expires_before_start", "=", True)]), late
        )
        self.assertEqual(
            covered.with_user(self.officer).precontract_consultable_until,
            min(
                covered.precontract_flexi_consultable_until,
                covered.precontract_student_consultable_until,
            ),
        )
        # The same filters as the search view offers them.
        arch = applicants.get_view(view_type="search")["arch"]
        self.assertIn('name="precontract_start_not_covered"', arch)
        self.assertIn('name="precontract_expires_before_start"', arch)

    def test_the_scheduled_action_rechecks_coming_starts_that_are_not_covered(self):
        covered, stale, other = self.three()
        far = self.answered("Tom Maes", self.student, self.today)
        far.sudo().write(
            {
                "availability": self.today + dt.timedelta(days=30),
                "precontract_student_as_of": utc_now() - dt.timedelta(days=2),
            }
        )
        never = self.new_applicant("Nora Claes", availability=self.today + dt.timedelta(days=2))
        requests = len(self.sandbox_requests())
        self.assertEqual(self.consultations(), 4)

        self.env["hr.applicant"]._precontract_cron_recheck()

        self.assertEqual(self.consultations(), 6, "only the two coming starts not covered")
        self.assertEqual(len(self.sandbox_requests()), requests)
        self.assertFalse(never.precontract_mandate_status, "never asked: not asked by the cron")
        self.assertEqual(self.proofs(far), 1)
        self.assertEqual(self.proofs(stale), 2)

    def test_without_a_mandate_the_applicant_gets_a_request_by_e_mail(self):
        applicant = self.new_applicant(
            "Nora Claes", availability=self.today + dt.timedelta(days=2)
        )
        nothing = self.new_applicant("Jan Smet")
        requests = len(self.sandbox_requests())

        action = self.recheck(applicant | nothing)

        self.assertEqual(len(self.sandbox_requests()), requests + 1)
        self.assertEqual(self.consultations(), 0)
        self.assertEqual(applicant.precontract_mandate_status, "needs_approval")
        self.assertFalse(nothing.precontract_mandate_status)
        mails = self.env["mail.mail"].sudo().search(
            [("model", "=", "hr.applicant"), ("res_id", "=", applicant.id)]
        )
        self.assertEqual(len(mails), 1)
        self.assertIn(applicant.precontract_request_url, mails.body_html)
        self.assertIn("1 waiting for an approval", action["params"]["message"])
        self.assertIn("1 without an availability date", action["params"]["message"])

    def test_the_server_action_is_in_the_lists_actions_menu_for_officers(self):
        action = self.env.ref("hr_recruitment_precontract.action_precontract_recheck")
        self.assertEqual(action.binding_model_id.model, "hr.applicant")
        self.assertIn("list", action.binding_view_types)
        self.assertEqual(action.group_ids, self.env.ref("hr_recruitment.group_hr_recruitment_user"))
