# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The REST account's private key and certificate, readable by settings administrators only.

The secrets sit in fields restricted to ``base.group_system`` (and the model's access rights say
the same); the rest of the addon reads them through ``sudo()`` in :meth:`_precontract_settings`
only, to sign token requests. The settings screen never shows them back: it shows who uploaded a
key when, and which certificate it belongs to.
"""

import base64

from odoo import api, fields, models

from ..host import StoredConfiguration, build_settings, load_credentials

ADMIN = "base.group_system"
PARAM_PREFIX = "hr_recruitment_precontract."
PARAMS = ("environment", "sandbox_url", "client_id", "requester")


class PrecontractCredential(models.Model):
    _name = "precontract.credential"
    _description = "Precontract: key and certificate of the REST account"
    _order = "id desc"

    private_key = fields.Binary(string="Private key", attachment=False, groups=ADMIN)
    key_filename = fields.Char(string="Private key file name", groups=ADMIN)
    certificate = fields.Binary(attachment=False, groups=ADMIN)
    key_password = fields.Char(string="Key password", groups=ADMIN)
    certificate_subject = fields.Char(string="Certificate subject", readonly=True)
    certificate_valid_until = fields.Datetime(string="Certificate valid until", readonly=True)
    uploaded_by_id = fields.Many2one("res.users", string="Uploaded by", readonly=True)
    uploaded_on = fields.Datetime(string="Uploaded on", readonly=True)

    @api.model
    def _precontract_current(self):
        # bin_size would give the files' sizes instead of their content.
        return self.sudo().with_context(bin_size=False).search([], limit=1)

    @api.model
    def _precontract_store(self, private_key, key_filename, certificate, key_password):
        """Replace the stored key and certificate, after checking they belong together."""
        credentials = load_credentials(
            StoredConfiguration(
                private_key=private_key,
                key_filename=key_filename,
                certificate=certificate,
                key_password=key_password,
            )
        )
        values = {
            "private_key": base64.b64encode(private_key),
            "key_filename": key_filename,
            "certificate": base64.b64encode(certificate) if certificate else False,
            "key_password": key_password or False,
            "certificate_subject": credentials.subject,
            "certificate_valid_until": credentials.not_valid_after.replace(tzinfo=None),
            "uploaded_by_id": self.env.user.id,
            "uploaded_on": fields.Datetime.now(),
        }
        # One pair at a time: a replaced private key is overwritten, not kept around.
        current = self._precontract_current()
        if current:
            current.write(values)
            return current
        return self.sudo().create(values)

    @api.model
    def _precontract_stored_configuration(self, overrides=None):
        """What is stored (``overrides``: values typed in the settings screen, not saved yet)."""
        params = self.env["ir.config_parameter"].sudo()
        values = {name: params.get_param(PARAM_PREFIX + name) or None for name in PARAMS}
        current = self._precontract_current()
        # No default employer: a check passes its applicant's company's number, and a company
        # without one checks for the requester (not for whichever company the user is in).
        values.update(
            private_key=current.private_key and base64.b64decode(current.private_key),
            key_filename=current.key_filename or None,
            certificate=current.certificate and base64.b64decode(current.certificate),
            key_password=current.key_password or None,
        )
        for name, value in (overrides or {}).items():
            if value:
                values[name] = value
        return StoredConfiguration(**{k: v or None for k, v in values.items()})

    @api.model
    def _precontract_settings(self, overrides=None):
        """The core's checked settings; raises ``ConfigurationError`` naming what is wrong."""
        return build_settings(self._precontract_stored_configuration(overrides))
