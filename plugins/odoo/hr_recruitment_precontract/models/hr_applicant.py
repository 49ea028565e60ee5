# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The applicant's NISS, employer and precontractual data.

Thin by design: every call to the social security APIs, every rule about mandates, fields and
expiry is the core's (``precontract``); the field mapping and the batch logic are in ``..host``.
The button and the live follow-up are in ``hr_applicant_check``, the chatter's audit notes in
``hr_applicant_audit``, the scheduled actions in ``hr_applicant_cron``.
"""

from precontract.fields import FLEXI_KEYS, STUDENT_KEYS
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.masking import mask_ssins

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import is_html_empty

from ..host import FIELD_NAMES
from .identifiers import CompactIdentifiers
from .precontract_employer import _label

OFFICER = "hr_recruitment.group_hr_recruitment_user"

MANDATE_STATUSES = [
    ("needs_approval", "Approval requested"),
    ("pending", "Awaiting approval"),
    ("active", "Access granted"),
    ("refused", "Refused"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
    ("revoked", "Withdrawn by the applicant"),
    ("confirm_approver", "Approved by someone — confirm"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]
WAITING = ("needs_approval", "pending")
STATUS_FIELD = "precontract_mandate_status"
# What the officer's browser is told when an applicant's access status changes (no values).
BUS_STATUS = "hr_recruitment_precontract/status"
# The fields holding the answers themselves: never tracked, and any tracking value an older
# version of the addon left for them goes when they are cleared.
DATA_FIELDS = tuple(FIELD_NAMES[key] for key in (*FLEXI_KEYS, *STUDENT_KEYS))


class HrApplicant(CompactIdentifiers):
    _inherit = "hr.applicant"
    _precontract_identifiers = {"precontract_ssin": Ssin}

    precontract_ssin = fields.Char(
        string="NISS",
        groups=OFFICER,
        copy=False,
        help="The applicant's national register number (INSZ/NISS) or BIS number, e.g. "
        "85.07.30-033.28. When it is filled in, only this person can approve the access "
        "request.",
    )
    precontract_ssin_masked = fields.Char(
        string="NISS (masked)",
        compute="_compute_precontract_ssin_masked",
        store=True,
        tracking=True,
        groups=OFFICER,
    )
    precontract_lang = fields.Char(
        string="Language for the approval request",
        compute="_compute_precontract_lang",
        help="The language of the e-mail with the approval link: the applicant's contact "
        "language, or else the company's.",
    )
    precontract_employer_id = fields.Many2one(
        "precontract.employer",
        string="Check for employer",
        copy=False,
        groups=OFFICER,
        domain="[('company_id', '=', company_id)]",
        help="The client employer the applicant would work for. Left empty, the check is for "
        "the applicant's company itself (its employer enterprise number in the settings).",
    )
    precontract_employer_label = fields.Char(
        string="Employer checked for",
        compute="_compute_precontract_employer_label",
        groups=OFFICER,
        help="The employer the consent and the data on this tab are for.",
    )
    precontract_employer_name = fields.Char(
        string="Employer name",
        compute="_compute_precontract_employer_label",
        groups=OFFICER,
        help="The name of the employer the check is for, as the approval e-mail gives it.",
    )
    precontract_mandate_status = fields.Selection(
        MANDATE_STATUSES,
        string="Access status",
        readonly=True,
        copy=False,
        tracking=True,
        groups=OFFICER,
        help="Where the applicant's consent (citizen mandate) stands.",
    )
    precontract_request_url = fields.Char(
        string="Approval link",
        readonly=True,
        copy=False,
        groups=OFFICER,
        help="The link the applicant opens (or scans as a QR code) to approve the request.",
    )
    precontract_request_expires_at = fields.Datetime(
        string="Approval link valid until",
        readonly=True,
        copy=False,
        tracking=True,
        groups=OFFICER,
        help="The applicant must approve before the end of the day the request was made.",
    )
    precontract_request_id = fields.Char(
        string="Access request ID", readonly=True, copy=False, groups=OFFICER
    )
    precontract_mandate_id = fields.Char(
        string="Mandate ID", readonly=True, copy=False, groups=OFFICER
    )
    precontract_flexi_eligible = fields.Selection(
        YES_NO,
        string="Eligible for a flexi-job",
        readonly=True,
        copy=False,
        groups=OFFICER,
    )
    precontract_flexi_period_start = fields.Date(
        string="Flexi-job eligible from",
        readonly=True,
        copy=False,
        groups=OFFICER,
    )
    precontract_flexi_period_end = fields.Date(
        string="Flexi-job eligible until",
        readonly=True,
        copy=False,
        groups=OFFICER,
        help="The answer is given per quarter: for a start in another quarter, check again.",
    )
    precontract_flexi_consultable_until = fields.Date(
        string="Flexi-job data consultable until",
        readonly=True,
        copy=False,
        groups=OFFICER,
        help="The last day the flexi-job answer may be consulted; it is cleared afterwards.",
    )
    precontract_student_hours_remaining = fields.Integer(
        string="Student hours remaining",
        readonly=True,
        copy=False,
        groups=OFFICER,
        help="Student@work hours left this year, as of the moment shown next to it.",
    )
    precontract_student_year = fields.Integer(
        string="Student@work year", readonly=True, copy=False, groups=OFFICER
    )
    precontract_student_as_of = fields.Datetime(
        string="Student hours as of",
        readonly=True,
        copy=False,
        groups=OFFICER,
        help="Any employer's declaration can change the balance: it is correct at this moment.",
    )
    precontract_student_consultable_until = fields.Date(
        string="Student hours consultable until",
        readonly=True,
        copy=False,
        groups=OFFICER,
        help="The last day the Student@work hours may be consulted; they are cleared afterwards.",
    )
    precontract_checked_at = fields.Datetime(
        string="Last checked", readonly=True, copy=False, groups=OFFICER
    )

    def _precontract_require_officer(self, message):
        """Refuse (``AccessError`` saying ``message``) a user who is no recruitment officer.

        The superuser passes: the scheduled actions and server code act for the company.
        """
        if not self.env.su and not self.env.user.has_group(OFFICER):
            raise AccessError(message)

    # ------------------------------------------------------------------ the NISS

    @api.depends("precontract_ssin")
    def _compute_precontract_ssin_masked(self):
        for applicant in self:
            raw = applicant.precontract_ssin
            applicant.precontract_ssin_masked = mask_ssins(raw) if raw else False

    @api.depends("partner_id.lang", "company_id.partner_id.lang")
    @api.depends_context("lang")
    def _compute_precontract_lang(self):
        for applicant in self:
            applicant.precontract_lang = (
                applicant.partner_id.lang
                or applicant.company_id.partner_id.lang
                or self.env.lang
                or "en_US"
            )

    @api.depends(
        "precontract_employer_id",
        "company_id.name",
        "company_id.precontract_employer",
    )
    def _compute_precontract_employer_label(self):
        for applicant in self:
            name, number = applicant._precontract_employer_pair()
            applicant.precontract_employer_label = _label(name, number)
            applicant.precontract_employer_name = name

    def _precontract_employer_pair(self):
        """``(name, enterprise number)`` of the employer the check is for (number may be empty)."""
        self.ensure_one()
        employer = self.sudo().precontract_employer_id
        if employer:
            return employer.name, employer.enterprise_number
        company = self.company_id or self.env.company
        return company.name, company.precontract_employer or False

    def _precontract_employer(self):
        """The enterprise number the check is for (``None``: the REST account's own)."""
        number = self._precontract_employer_pair()[1]
        return EnterpriseNumber.parse(number) if number else None

    def write(self, vals):
        # The NISS is made compact (or refused) by CompactIdentifiers.write, under super().
        moved = self.browse()
        if "precontract_employer_id" in vals or "company_id" in vals:
            before = {applicant.id: applicant._precontract_employer() for applicant in self}
        result = super().write(vals)
        if "precontract_employer_id" in vals or "company_id" in vals:
            moved = self.filtered(lambda a: a._precontract_employer() != before[a.id])
            # Consent and data are per employer: what is on the record was for the other one.
            moved.sudo()._precontract_forget_employer_data()
        cleared = [name for name in DATA_FIELDS if name in vals and not vals[name]]
        if cleared or moved:
            self.sudo()._precontract_forget_tracking(cleared or DATA_FIELDS)
        if STATUS_FIELD in vals or moved:
            self._precontract_notify_status()
        return result

    def _precontract_forget_tracking(self, names):
        """Remove the chatter's tracking values of these fields (and notes left empty by it)."""
        values = self.env["mail.tracking.value"].sudo().search(
            [
                ("mail_message_id.model", "=", self._name),
                ("mail_message_id.res_id", "in", self.ids),
                ("field_id.model", "=", self._name),
                ("field_id.name", "in", list(names)),
            ]
        )
        messages = values.mail_message_id
        values.unlink()
        messages.filtered(
            lambda m: not m.tracking_value_ids and is_html_empty(m.body) and not m.attachment_ids
        ).unlink()

    def _precontract_forget_employer_data(self):
        stored = self.filtered(lambda a: a.precontract_mandate_status or a.precontract_request_id)
        if stored:
            stored.write(dict.fromkeys(FIELD_NAMES.values(), False))

    def _precontract_notify_status(self):
        """Tell the officers' open dialogs and forms that these applicants' status changed.

        Sent on the officers' group channel, which every officer's browser listens to; it carries
        the applicant id and the status key only, never a value.
        """
        group = self.env.ref(OFFICER, raise_if_not_found=False)
        if not group:
            return
        for applicant in self.sudo():
            group._bus_send(
                BUS_STATUS,
                {"applicant_id": applicant.id, "status": applicant[STATUS_FIELD] or False},
            )
