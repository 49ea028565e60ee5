# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Scheduled actions in bounded batches that commit and come back until done, and one client (one
token) per worker process (issue 9, point 6). The jobs run through Odoo's own scheduler
(``ir.cron._process_job``), as the cron worker runs them."""

import datetime as dt
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..host import shared_clients
from .common import SandboxCase

NO_PROGRESS = {"done": 0, "remaining": 0, "timed_out_counter": 0}


class CronRunner:
    """Runs one of the addon's scheduled actions as Odoo's cron worker does."""

    def run_job(self, cron):
        self.env.flush_all()
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            self.registry["ir.cron"]._process_job(cr, {**cron.read(load=None)[0], **NO_PROGRESS})
        self.env.invalidate_all()

    def progress(self, cron):
        rows = self.env["ir.cron.progress"].search([("cron_id", "=", cron.id)], order="id")
        return [(row.done, row.remaining) for row in rows]

    def is_ready(self, cron):
        ready = self.registry["ir.cron"]._get_all_ready_jobs(self.cr)
        return cron.id in [job["id"] for job in ready]

    def use_cron(self, xmlid, code):
        cron = self.env.ref(xmlid)
        cron.write({"code": code, "active": True})
        self.env["ir.cron.progress"].search([("cron_id", "=", cron.id)]).unlink()
        self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]).unlink()
        return cron


@tagged("post_install", "-at_install")
class TestFollowPendingBatches(SandboxCase, CronRunner):
    def test_five_pending_applicants_in_batches_of_two_take_three_committed_runs(self):
        from precontract.sandbox.personas import PERSONAS  # noqa: PLC0415

        people = PERSONAS[:5]
        applicants = self.env["hr.applicant"].concat(
            *(self.new_applicant(p.name, precontract_ssin=str(p.ssin)) for p in people)
        )
        for applicant, person in zip(applicants, people, strict=True):
            applicant.action_precontract_check()
            self.approve(applicant, person)
        cron = self.use_cron(
            "hr_recruitment_precontract.ir_cron_precontract_follow_pending",
            "model._precontract_cron_follow_pending(batch_size=2)",
        )
        cron.nextcall = fields.Datetime.now() - dt.timedelta(minutes=1)

        self.run_job(cron)

        # One progress line per run: each run handled one batch, committed it, said what was left.
        self.assertEqual(self.progress(cron), [(2, 3), (2, 1), (1, 0)])
        self.assertEqual(set(applicants.mapped("precontract_mandate_status")), {"active"})
        self.assertEqual(sum(len(self.notes(a, "consulted")) for a in applicants), 5)
        self.assertFalse(self.is_ready(cron), "done: not scheduled again before its interval")
        cursor = self.env["precontract.batch.cursor"].search([("name", "=", "follow_pending")])
        self.assertEqual(cursor.last_id, 0, "the next run starts a new round")

    def test_one_client_and_one_token_for_every_press_of_the_worker(self):
        for index in range(3):
            self.new_applicant(f"Applicant {index}").action_precontract_check()
        self.assertEqual(len(shared_clients), 1)
        self.assertEqual(self.sandbox_tokens(), 1)
        self.assertEqual(len(self.sandbox_requests()), 3)


@tagged("post_install", "-at_install")
class TestExpiryBatches(TransactionCase, CronRunner):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        freezer = freeze_time(dt.datetime(2026, 12, 1, 9, 0))
        cls.frozen = freezer.start()
        cls.addClassCleanup(freezer.stop)

    def setUp(self):
        super().setUp()
        self.patch(self.env.cr, "now", self.frozen)
        # Other applicants of the database are none of this test's business.
        self.env["hr.applicant"].search([]).write({"active": False})

    def test_twelve_records_in_batches_of_one_come_back_until_done(self):
        expired = dt.date(2026, 11, 20)
        applicants = self.env["hr.applicant"].create(
            [
                {
                    "partner_name": f"Student {index}",
                    "precontract_mandate_status": "active",
                    "precontract_student_year": 2026,
                    "precontract_student_hours_remaining": 412,
                    "precontract_student_consultable_until": expired,
                }
                for index in range(12)
            ]
        )
        cron = self.use_cron(
            "hr_recruitment_precontract.ir_cron_precontract_expire",
            "model._precontract_cron_expire(batch_size=1)",
        )
        cron.nextcall = dt.datetime(2026, 12, 1, 8, 0)
        frozen = self.frozen
        expire_batch = type(self.env["hr.applicant"])._precontract_expire_batch

        def two_seconds_each(records):
            frozen.tick(delta=dt.timedelta(seconds=2))
            return expire_batch(records)

        with patch.object(
            type(self.env["hr.applicant"]), "_precontract_expire_batch", two_seconds_each
        ):
            self.run_job(cron)
            # Ten runs of two seconds used up the job's time: ten done, two left, due again now.
            self.assertEqual(len(self.progress(cron)), 10)
            self.assertEqual(self.progress(cron)[-1], (1, 2))
            self.assertEqual(len(applicants.filtered("precontract_student_year")), 2)
            self.assertTrue(self.is_ready(cron))

            self.run_job(cron)
        self.assertEqual(self.progress(cron)[-2:], [(1, 1), (1, 0)])
        self.assertFalse(applicants.filtered("precontract_student_year"))
        self.assertEqual(set(applicants.mapped("precontract_mandate_status")), {"expired"})
        self.assertFalse(self.is_ready(cron))

    def test_called_directly_it_goes_through_every_batch(self):
        applicants = self.env["hr.applicant"].create(
            [
                {
                    "partner_name": f"Flexi {index}",
                    "precontract_mandate_status": "active",
                    "precontract_flexi_eligible": "yes",
                    "precontract_flexi_consultable_until": dt.date(2026, 11, 1),
                }
                for index in range(5)
            ]
        )
        self.env["hr.applicant"]._precontract_cron_expire(batch_size=2)
        self.assertFalse(applicants.filtered("precontract_flexi_eligible"))


@tagged("post_install", "-at_install")
class TestRoundWithoutConnection(TransactionCase, CronRunner):
    def test_an_unconfigured_connection_ends_the_round_at_once(self):
        self.env["hr.applicant"].search([]).write({"active": False})
        self.env["hr.applicant"].create(
            [
                {
                    "partner_name": f"Waiting {index}",
                    "precontract_mandate_status": "pending",
                    "precontract_request_id": f"request-{index}",
                }
                for index in range(3)
            ]
        )
        cron = self.use_cron(
            "hr_recruitment_precontract.ir_cron_precontract_follow_pending",
            "model._precontract_cron_follow_pending(batch_size=1)",
        )
        cron.nextcall = fields.Datetime.now() - dt.timedelta(minutes=1)
        with self.assertLogs(
            "odoo.addons.hr_recruitment_precontract.models.hr_applicant_cron", "WARNING"
        ) as logged:
            self.run_job(cron)
        # One run: nothing can be followed until the connection is set up, so no run for each.
        self.assertEqual(self.progress(cron), [(1, 0)])
        self.assertEqual(len(logged.records), 1)
        self.assertFalse(self.is_ready(cron))
