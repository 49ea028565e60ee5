# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The "Precontractual data" block of the Recruitment settings, and "Test connection"."""

import base64

from precontract.config import DEFAULT_SANDBOX_URL
from precontract.errors import ConfigurationError, PrecontractError
from precontract.i18n import normalise_language
from precontract.identifiers import EnterpriseNumber

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, format_datetime

from ..host import SETTING_FIELDS, report_text, test_connection
from .identifiers import compact

ADMIN = "base.group_system"
PREFIX = "hr_recruitment_precontract."
UPLOADS = (
    "precontract_private_key_upload",
    "precontract_private_key_filename",
    "precontract_certificate_upload",
    "precontract_certificate_filename",
    "precontract_key_password",
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    precontract_environment = fields.Selection(
        [
            ("sandbox", "Sandbox (local test server)"),
            ("acceptance", "Acceptance (social security test environment)"),
            ("production", "Production"),
        ],
        string="Environment",
        default="sandbox",
        config_parameter=PREFIX + "environment",
        help="Where the requests go. Use Acceptance with an acceptance account from Chaman, "
        "Production with a production account.",
    )
    precontract_sandbox_url = fields.Char(
        string="Sandbox address",
        default=DEFAULT_SANDBOX_URL,
        config_parameter=PREFIX + "sandbox_url",
        help="The address of the local sandbox (the command 'precontract sandbox' serves it).",
    )
    precontract_client_id = fields.Char(
        string="Client ID",
        config_parameter=PREFIX + "client_id",
        help="The client ID Chaman shows for your REST web service account, e.g. "
        "self_service_chaman_12345_abcdef.",
    )
    precontract_requester = fields.Char(
        string="Requester enterprise number (KBO/BCE)",
        config_parameter=PREFIX + "requester",
        help="The enterprise number of the organisation that holds the REST account: the "
        "employer itself, its social secretariat or a recruitment bureau.",
    )
    precontract_employer = fields.Char(
        related="company_id.precontract_employer",
        readonly=False,
    )
    precontract_private_key_upload = fields.Binary(
        string="Private key",
        attachment=False,
        groups=ADMIN,
        help="The private key of the certificate whose public key was uploaded in Chaman "
        "(PEM or DER), or a PKCS#12 file (.p12/.pfx) holding both.",
    )
    precontract_private_key_filename = fields.Char(string="Private key file name", groups=ADMIN)
    precontract_certificate_upload = fields.Binary(
        string="Certificate",
        attachment=False,
        groups=ADMIN,
        help="The certificate (.cer/.pem/.crt) uploaded in Chaman. Not needed with a PKCS#12 file.",
    )
    precontract_certificate_filename = fields.Char(string="Certificate file name", groups=ADMIN)
    precontract_key_password = fields.Char(
        string="Key password",
        groups=ADMIN,
        help="Only when the private key or the PKCS#12 file is protected by a password.",
    )
    precontract_credentials_info = fields.Char(
        string="Stored key", compute="_compute_precontract_credentials_info"
    )

    @api.depends("company_id")
    def _compute_precontract_credentials_info(self):
        current = self.env["precontract.credential"]._precontract_current()
        if not current:
            self.precontract_credentials_info = self.env._(
                "No private key and certificate are stored yet."
            )
            return
        self.precontract_credentials_info = self.env._(
            "A private key and certificate are stored: uploaded on %(date)s by %(user)s. "
            "Certificate %(subject)s, valid until %(until)s.",
            date=format_datetime(self.env, current.uploaded_on),
            user=current.uploaded_by_id.name or "-",
            subject=current.certificate_subject or "-",
            until=format_date(self.env, current.certificate_valid_until) or "-",
        )

    # ------------------------------------------------------------------ saving

    def set_values(self):
        for settings in self:
            settings.precontract_requester = compact(
                self.env, EnterpriseNumber, settings.precontract_requester
            )
        result = super().set_values()
        for settings in self.filtered(lambda s: any(s[name] for name in UPLOADS)):
            settings._precontract_store_credentials()
        return result

    def _precontract_store_credentials(self):
        """Store uploaded files (with the stored counterpart when only one was replaced)."""
        self.ensure_one()
        stored = self.env["precontract.credential"]._precontract_stored_configuration()
        overrides = self._precontract_uploads()
        key = overrides.get("private_key") or stored.private_key
        if not key:
            raise UserError(
                self.env._("Upload the private key that belongs to the certificate as well.")
            )
        try:
            self.env["precontract.credential"]._precontract_store(
                key,
                overrides.get("key_filename") or stored.key_filename,
                overrides.get("certificate") or stored.certificate,
                overrides.get("key_password") or stored.key_password,
            )
        except ConfigurationError as exc:
            raise UserError(self._precontract_configuration_message(exc)) from None
        # The uploads have been moved to the restricted record: do not keep copies here.
        self.write(dict.fromkeys(UPLOADS, False))

    def _precontract_uploads(self):
        values = {}
        if self.precontract_private_key_upload:
            values["private_key"] = base64.b64decode(self.precontract_private_key_upload)
            values["key_filename"] = self.precontract_private_key_filename or None
        if self.precontract_certificate_upload:
            values["certificate"] = base64.b64decode(self.precontract_certificate_upload)
        if self.precontract_key_password:
            values["key_password"] = self.precontract_key_password
        return values

    # ------------------------------------------------------------------ test connection

    @api.model
    def _precontract_configuration_message(self, error):
        """A configuration problem in words an administrator can act on (setting named)."""
        field_name = SETTING_FIELDS.get(error.setting or "")
        label = (
            self.fields_get([field_name], ["string"])[field_name]["string"]
            if field_name in self._fields
            else error.setting or "-"
        )
        return self.env._(
            "The connection to social security is not set up correctly. Please check "
            "“%(setting)s” in the Recruitment settings (an administrator can do this). "
            "Details: %(detail)s",
            setting=label,
            detail=error.message,
        )

    def action_precontract_test_connection(self):
        """Sign in to the chosen environment with the settings on screen, and say how it went."""
        self.ensure_one()
        lang = normalise_language(self.env.lang)
        overrides = {
            "environment": self.precontract_environment,
            "sandbox_url": self.precontract_sandbox_url,
            "client_id": self.precontract_client_id,
            "requester": self.precontract_requester,
            "employer": self.precontract_employer,
            **self._precontract_uploads(),
        }
        try:
            settings = self.env["precontract.credential"]._precontract_settings(overrides)
            report = test_connection(settings)
        except ConfigurationError as exc:
            return self._precontract_notify(self._precontract_configuration_message(exc), "danger")
        except PrecontractError as exc:
            return self._precontract_notify(
                self.env._("The connection test failed. %(reason)s", reason=exc.user_message(lang)),
                "danger",
            )
        message, kind = report_text(report, lang)
        return self._precontract_notify(message, kind)

    def _precontract_notify(self, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Test connection"),
                "message": message,
                "type": kind,
                "sticky": kind != "success",
            },
        }
