# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The applicant's NISS and precontractual data, the button and the two scheduled actions.

Thin by design: every call to the social security APIs, every rule about mandates, fields and
expiry is the core's (``precontract``); the field mapping and the batch logic are in ``..host``.
"""

import logging

from precontract.audit import AuditAction
from precontract.errors import ConfigurationError, InvalidIdentifier, PrecontractError
from precontract.i18n import normalise_language
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.masking import mask_ssins
from precontract.outcome import OutcomeKind
from precontract.timeutil import system_clock

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..host import CheckSession, OdooApplicantAdapter, expire_all, follow_pending, wizard_values
from .identifiers import compact_vals

_logger = logging.getLogger(__name__)

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


class HrApplicant(models.Model):
    _inherit = "hr.applicant"

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
        tracking=True,
        groups=OFFICER,
    )
    precontract_flexi_period_start = fields.Date(
        string="Flexi-job eligible from",
        readonly=True,
        copy=False,
        tracking=True,
        groups=OFFICER,
    )
    precontract_flexi_period_end = fields.Date(
        string="Flexi-job eligible until",
        readonly=True,
        copy=False,
        tracking=True,
        groups=OFFICER,
        help="The answer is given per quarter: for a start in another quarter, check again.",
    )
    precontract_flexi_consultable_until = fields.Date(
        string="Flexi-job data consultable until",
        readonly=True,
        copy=False,
        tracking=True,
        groups=OFFICER,
        help="The last day the flexi-job answer may be consulted; it is cleared afterwards.",
    )
    precontract_student_hours_remaining = fields.Integer(
        string="Student hours remaining",
        readonly=True,
        copy=False,
        tracking=True,
        groups=OFFICER,
        help="Student@work hours left this year, as of the moment shown next to it.",
    )
    precontract_student_year = fields.Integer(
        string="Student@work year", readonly=True, copy=False, tracking=True, groups=OFFICER
    )
    precontract_student_as_of = fields.Datetime(
        string="Student hours as of",
        readonly=True,
        copy=False,
        tracking=True,
        groups=OFFICER,
        help="Any employer's declaration can change the balance: it is correct at this moment.",
    )
    precontract_student_consultable_until = fields.Date(
        string="Student hours consultable until",
        readonly=True,
        copy=False,
        tracking=True,
        groups=OFFICER,
        help="The last day the Student@work hours may be consulted; they are cleared afterwards.",
    )
    precontract_checked_at = fields.Datetime(
        string="Last checked", readonly=True, copy=False, groups=OFFICER
    )

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

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            [compact_vals(self.env, vals, "precontract_ssin", Ssin) for vals in vals_list]
        )

    def write(self, vals):
        return super().write(compact_vals(self.env, vals, "precontract_ssin", Ssin))

    # ------------------------------------------------------------------ the button

    def _precontract_ui_lang(self):
        return normalise_language(self.env.lang)

    def _precontract_session(self):
        """A :class:`CheckSession` on this database's settings, or a clear error."""
        credentials = self.env["precontract.credential"].sudo()
        try:
            settings = credentials._precontract_settings()
        except ConfigurationError as exc:
            raise UserError(
                self.env["res.config.settings"]._precontract_configuration_message(exc)
            ) from None
        return CheckSession(settings, self.env["hr.applicant"], clock=system_clock)

    def _precontract_company_employer(self):
        """The applicant's company's enterprise number (``None``: the REST account's own)."""
        self.ensure_one()
        number = self.company_id.precontract_employer
        return EnterpriseNumber.parse(number) if number else None

    def action_precontract_check(self):
        """The "Check flexi/student eligibility" button."""
        self.ensure_one()
        return self._precontract_check()

    def _precontract_check(self, new_request=False):
        self.ensure_one()
        lang = self._precontract_ui_lang()
        session = self._precontract_session()
        try:
            outcome = session.check(
                str(self.id),
                employer=self._precontract_company_employer(),
                planned_start=self.availability or None,
                new_request=new_request,
                actor=self.env.user.name,
            )
        except InvalidIdentifier as exc:
            # Checked before any call went out: nothing was sent, nothing written.
            raise UserError(exc.user_message(lang)) from None
        except ConfigurationError as exc:
            raise UserError(
                self.env["res.config.settings"]._precontract_configuration_message(exc)
            ) from None
        except PrecontractError as exc:
            # Reported, not raised: raising would also roll back the audit trail written below.
            _logger.warning("precontract check of applicant %s failed: %s", self.id, exc)
            return self._precontract_notification(exc.user_message(lang), "danger", sticky=True)
        finally:
            self._precontract_post_audit(session.audit.drain())
            session.close()
        return self._precontract_outcome_action(outcome, lang)

    def _precontract_outcome_action(self, outcome, lang):
        if outcome.kind is OutcomeKind.RESULT:
            message = self.env._(
                "%(message)s The values are on the “Precontractual data” tab.",
                message=outcome.message(lang),
            )
            warnings = [warning.message(lang) for warning in outcome.warnings]
            return self._precontract_notification(
                " ".join([message, *warnings]),
                "warning" if warnings else "success",
                sticky=bool(warnings),
                next_action={"type": "ir.actions.client", "tag": "soft_reload"},
            )
        wizard = self.env["precontract.approval.wizard"].create(
            dict(wizard_values(outcome, lang), applicant_id=self.id)
        )
        return wizard._precontract_open()

    def _precontract_notification(self, message, kind, sticky=False, next_action=None):
        params = {
            "title": self.env._("Flexi/student eligibility"),
            "message": message,
            "type": kind,
            "sticky": sticky,
        }
        if next_action:
            params["next"] = next_action
        return {"type": "ir.actions.client", "tag": "display_notification", "params": params}

    # ------------------------------------------------------------------ audit trail

    def _precontract_post_audit(self, events):
        """Write the core's audit events as internal notes on the applicants (NISS masked)."""
        for event in events:
            _logger.info("precontract audit: %s", event.to_dict())
            if not event.applicant_reference or not event.applicant_reference.isdigit():
                continue
            applicant = self.sudo().browse(int(event.applicant_reference)).exists()
            if applicant:
                applicant.message_post(
                    body=self._precontract_audit_text(event), subtype_xmlid="mail.mt_note"
                )

    def _precontract_audit_text(self, event):
        employer = event.employer
        if EnterpriseNumber.is_valid(employer):
            employer = EnterpriseNumber.parse(employer).formatted
        params = {
            "employer": employer,
            "ssin": event.ssin or "-",
            "request": event.request_id or "-",
            "mandate": event.mandate_id or "-",
            "data": ", ".join(event.data_types) or "-",
            "result": event.result,
            "actor": event.actor or self.env._("the scheduled action"),
        }
        if event.action == AuditAction.ACCESS_REQUEST_CREATED:
            return self.env._(
                "Access request %(request)s created for employer %(employer)s "
                "(NISS %(ssin)s, data: %(data)s) by %(actor)s.",
                **params,
            )
        if event.action == AuditAction.ACCESS_REQUEST_CANCELLED:
            return self.env._(
                "Access request %(request)s for employer %(employer)s cancelled by %(actor)s.",
                **params,
            )
        return self.env._(
            "Precontractual data consulted for employer %(employer)s under mandate "
            "%(mandate)s (NISS %(ssin)s, data: %(data)s, result: %(result)s) by %(actor)s.",
            **params,
        )

    # ------------------------------------------------------------------ scheduled actions

    def _precontract_after_batch(self, in_batch, remaining):
        # Odoo 19.0 commits and reports a cron's progress this way; 17.0/18.0 commit at the end.
        cron = self.env["ir.cron"]
        if self.env.context.get("cron_id") and hasattr(cron, "_commit_progress"):
            cron._commit_progress(in_batch, remaining=remaining)

    @api.model
    def _precontract_cron_follow_pending(self, batch_size=50):
        """Check the applicants whose access request is still pending; fill in approved ones."""
        applicants = self.sudo().search(
            [
                ("precontract_mandate_status", "in", WAITING),
                ("precontract_request_id", "!=", False),
            ]
        )
        if not applicants:
            return None
        try:
            session = applicants._precontract_session()
        except UserError as exc:
            _logger.warning("precontract: pending requests not followed: %s", exc)
            return None
        employers = {str(a.id): a._precontract_company_employer() for a in applicants}
        starts = {str(a.id): a.availability or None for a in applicants}
        with session:
            report = follow_pending(
                session,
                list(employers),
                employer_of=employers.get,
                planned_start_of=starts.get,
                batch_size=batch_size,
                isolate=self.env.cr.savepoint,
                after_each=lambda _ref: self._precontract_post_audit(session.audit.drain()),
                after_batch=self._precontract_after_batch,
            )
        _logger.info("precontract: pending requests followed: %s", report)
        return report

    @api.model
    def _precontract_cron_expire(self, batch_size=200):
        """Clear the values whose consultation window has ended (no call goes out)."""
        applicants = self.sudo().search(
            [
                "|",
                "|",
                "|",
                ("precontract_flexi_eligible", "!=", False),
                ("precontract_student_year", ">", 0),
                ("precontract_request_url", "!=", False),
                ("precontract_mandate_status", "in", WAITING),
            ]
        )
        report = expire_all(
            OdooApplicantAdapter(self.sudo()),
            [str(applicant_id) for applicant_id in applicants.ids],
            system_clock(),
            batch_size=batch_size,
            isolate=self.env.cr.savepoint,
            after_batch=self._precontract_after_batch,
        )
        _logger.info("precontract: consultation windows checked: %s", report)
        return report
