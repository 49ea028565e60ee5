# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A local sandbox and the addon configured for it, shared by the tests that call out.

The sandbox (``precontract[sandbox]``) serves the social security APIs on 127.0.0.1, the only
address Odoo's test runner lets calls go to.
"""

import base64
import io

from precontract.credentials import generate_credentials

from odoo.tests import HttpCase, TransactionCase, new_test_user

from ..host import shared_clients

OFFICER = "hr_recruitment.group_hr_recruitment_user"
REQUESTER = "0123456749"
EMPLOYER = "0403019261"


def pdf_text(raw):
    """The pages and text of a PDF, with the reader Odoo's environment has (PyPDF2 on 3.11)."""
    try:
        from pypdf import PdfReader  # noqa: PLC0415
    except ImportError:
        from PyPDF2 import PdfReader  # noqa: PLC0415
    reader = PdfReader(io.BytesIO(raw))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


class SandboxMixin:
    """Each test gets its own sandbox, REST account and officer."""

    def setUp(self):
        super().setUp()
        try:
            from precontract.sandbox import SandboxServer  # noqa: PLC0415
            from precontract.sandbox.personas import (  # noqa: PLC0415
                FLEXI_WORKER,
                STUDENT_AND_FLEXI,
            )
        except ImportError:
            self.skipTest("the precontract[sandbox] extra is not installed")
        self.server = SandboxServer()
        self.sandbox = self.server.__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        self.addCleanup(shared_clients.clear)
        self._count_consultations()
        self.flexi_worker = FLEXI_WORKER
        self.student = STUDENT_AND_FLEXI
        key, cert = generate_credentials("odoo-feature-tests")
        client_id = "self_service_chaman_3_features"
        self.sandbox.register_client(client_id, cert)
        self.env.company.precontract_employer = EMPLOYER
        settings = self.env["res.config.settings"].create(
            {
                "precontract_environment": "sandbox",
                "precontract_sandbox_url": self.sandbox.url,
                "precontract_client_id": client_id,
                "precontract_requester": REQUESTER,
                "precontract_private_key_upload": base64.b64encode(key),
                "precontract_private_key_filename": "key.pem",
                "precontract_certificate_upload": base64.b64encode(cert),
            }
        )
        settings.execute()
        self.officer = new_test_user(
            self.env, login="precontract_feature_officer", groups=OFFICER, name="Eva Officer"
        )

    def new_applicant(self, name="Maria Peeters", **values):
        return self.env["hr.applicant"].create(
            {"partner_name": name, "email_from": "maria.peeters@example.com", **values}
        )

    # ------------------------------------------------------------------ what the sandbox holds

    def _count_consultations(self):
        """Count, at the sandbox, the reads of citizen data it answered (the consultations)."""
        self._consultations = 0
        state = self.sandbox.state
        read = state.precontractual_data

        def counted(*args, **kwargs):
            answer = read(*args, **kwargs)  # a refused read raises: not a consultation
            self._consultations += 1
            return answer

        state.precontractual_data = counted
        self.addCleanup(vars(state).pop, "precontractual_data", None)

    def sandbox_consultations(self):
        """How many times the sandbox gave out citizen data since the test started."""
        return self._consultations

    def sandbox_requests(self):
        with self.sandbox.state.reading() as data:
            return dict(data.requests)

    def sandbox_tokens(self):
        with self.sandbox.state.reading() as data:
            return len(data.tokens)

    def notes(self, applicant, contains=""):
        notes = applicant.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
        )
        return notes.filtered(lambda m: contains in (m.body or ""))

    def approve(self, applicant, persona=None):
        persona = persona or self.flexi_worker
        self.sandbox.approve(applicant.precontract_request_id, str(persona.ssin))


class SandboxCase(SandboxMixin, TransactionCase):
    pass


class SandboxHttpCase(SandboxMixin, HttpCase):
    pass
