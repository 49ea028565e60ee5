# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Browser tours (``static/tests/tours/``) in Chromium, against the sandbox on 127.0.0.1.

An officer asks consent and reads the answer, an administrator configures the connection and
tests it, an invalid NISS is refused in the form, and an interviewer sees none of it.
"""

import base64
import json
from html.parser import HTMLParser

import requests
from precontract.credentials import generate_credentials
from precontract.identifiers import Ssin
from precontract.errors import InvalidIdentifier

from odoo.tests import HttpCase, new_test_user, tagged

OFFICER = "hr_recruitment.group_hr_recruitment_user"
INTERVIEWER = "hr_recruitment.group_hr_recruitment_interviewer"


class _Forms(HTMLParser):
    """The ``action`` of every form of a sandbox portal page."""

    def __init__(self):
        super().__init__()
        self.actions = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.actions.append(dict(attrs).get("action"))


@tagged("post_install", "-at_install")
class TestPrecontractTours(HttpCase):
    def setUp(self):
        super().setUp()
        from precontract.sandbox import SandboxServer  # noqa: PLC0415
        from precontract.sandbox.personas import FLEXI_WORKER  # noqa: PLC0415

        server = SandboxServer()
        self.sandbox = server.__enter__()
        self.addCleanup(server.__exit__, None, None, None)
        self.persona = FLEXI_WORKER
        self.key, self.certificate = generate_credentials("odoo-tour")
        self.client_id = "self_service_chaman_3_tour"
        self.sandbox.register_client(self.client_id, self.certificate)
        self.officer = new_test_user(
            self.env, login="tour_officer", groups=OFFICER, name="Eva Officer"
        )
        self.interviewer = new_test_user(
            self.env, login="tour_interviewer", groups=INTERVIEWER, name="Ivo Interviewer"
        )
        self.applicant = self.env["hr.applicant"].create(
            {
                "partner_name": "Maria Abara",
                "email_from": "maria.abara@example.com",
                "interviewer_ids": [(4, self.interviewer.id)],
            }
        )

    def _configure(self):
        self.env["res.config.settings"].create(
            {
                "precontract_environment": "sandbox",
                "precontract_sandbox_url": self.sandbox.url,
                "precontract_client_id": self.client_id,
                "precontract_requester": "0123456749",
                "precontract_employer": "0403019261",
                "precontract_private_key_upload": base64.b64encode(self.key),
                "precontract_private_key_filename": "key.pem",
                "precontract_certificate_upload": base64.b64encode(self.certificate),
            }
        ).execute()

    def _attachment(self, name, content):
        """A file for the tour to upload, readable by the administrator only."""
        return (
            self.env["ir.attachment"]
            .create({"name": name, "raw": content, "mimetype": "text/plain", "public": False})
            .id
        )

    def _tour(self, url, name, login, **given):
        """``start_tour`` with ``given`` in ``window.precontractTour`` before the tour starts."""
        options = {
            "stepDelay": 0,
            "keepWatchBrowser": False,
            "debug": False,
            "startUrl": url,
            "delayToCheckUndeterminisms": 0,
        }
        code = (
            f"window.precontractTour = {json.dumps(given)}; "
            f"odoo.startTour({json.dumps(name)}, {json.dumps(options)})"
        )
        self.start_tour(url, name, login=login, code=code)

    def _approve_on_the_portal(self, url):
        """The applicant opens the link, signs in on the sandbox's portal and approves."""
        with requests.Session() as browser:
            page = browser.get(url, timeout=10)
            self.assertEqual(page.status_code, 200)
            signed_in = browser.post(
                f"{self.sandbox.url}/portal/login",
                data={"ssin": str(self.persona.ssin), "next": page.url.split(self.sandbox.url)[1]},
                timeout=10,
            )
            self.assertEqual(signed_in.status_code, 200)
            forms = _Forms()
            forms.feed(signed_in.text)
            approve = [action for action in forms.actions if action and action.endswith("/approve")]
            self.assertEqual(len(approve), 1, forms.actions)
            done = browser.post(f"{self.sandbox.url}{approve[0]}", timeout=10)
            self.assertEqual(done.status_code, 200)
            self.assertIn("done=approved", done.url)

    def test_officer_asks_consent_and_reads_the_answer(self):
        self._configure()
        # Bound to the NISS, the approval is the applicant's (unbound: see test_confirm_approver).
        self.applicant.precontract_ssin = str(self.persona.ssin)
        url = f"/odoo/hr.applicant/{self.applicant.id}"
        self._tour(
            url, "precontract_officer_asks_consent", "tour_officer", sandboxUrl=self.sandbox.url
        )
        self.assertEqual(self.applicant.precontract_mandate_status, "needs_approval")
        request_url = self.applicant.precontract_request_url
        self.assertTrue(request_url.startswith(self.sandbox.url))

        self._approve_on_the_portal(request_url)

        self._tour(url, "precontract_officer_reads_the_answer", "tour_officer")
        self.applicant.invalidate_recordset()
        self.assertEqual(self.applicant.precontract_mandate_status, "active")
        self.assertEqual(self.applicant.precontract_flexi_eligible, "yes")
        self.assertTrue(self.applicant.precontract_flexi_consultable_until)
        self.assertTrue(self.applicant.precontract_student_consultable_until)
        notes = self.applicant.message_ids.filtered(lambda m: "consulted" in (m.body or ""))
        self.assertEqual(len(notes), 1)

    def test_admin_saves_key_and_certificate_and_tests_the_connection(self):
        self._tour(
            "/odoo/action-hr_recruitment.action_hr_recruitment_configuration",
            "precontract_admin_configures_and_tests",
            "admin",
            sandboxUrl=self.sandbox.url,
            clientId=self.client_id,
            keyAttachment=self._attachment("tour-key.pem", self.key),
            certificateAttachment=self._attachment("tour-cert.pem", self.certificate),
        )
        stored = self.env["precontract.credential"]._precontract_current()
        self.assertEqual(stored.certificate_subject, "CN=odoo-tour")
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("hr_recruitment_precontract.client_id"),
            self.client_id,
        )

    def test_an_invalid_niss_gets_a_clear_message_in_the_form(self):
        try:
            Ssin.parse("85073003329")
        except InvalidIdentifier as exc:
            message = exc.user_message("en")
        self._tour(
            f"/odoo/hr.applicant/{self.applicant.id}",
            "precontract_officer_types_an_invalid_niss",
            "tour_officer",
            invalidMessage=message,
        )
        self.applicant.invalidate_recordset()
        self.assertFalse(self.applicant.precontract_ssin)

    def test_an_interviewer_sees_none_of_it(self):
        self._tour(
            f"/odoo/hr.applicant/{self.applicant.id}",
            "precontract_interviewer_sees_none_of_it",
            "tour_interviewer",
        )
