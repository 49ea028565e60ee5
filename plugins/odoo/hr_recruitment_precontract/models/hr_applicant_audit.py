# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The audit trail as internal notes on the applicant, in words in the user's language.

The core records the events (who, which employer, which request or mandate, the NISS masked, the
data types, the result) and says its codes in words (``precontract.audit``'s labels); the note
adds what Odoo knows: the employer's name, the person and their recruitment role by name.
"""

import logging

from precontract.audit import AuditAction, action_label, data_types_label, result_label
from precontract.i18n import normalise_language
from precontract.identifiers import EnterpriseNumber

from odoo import models

from .precontract_employer import _label

_logger = logging.getLogger(__name__)

# The recruitment roles, highest first: the note names the one the acting user holds.
ROLES = (
    "hr_recruitment.group_hr_recruitment_manager",
    "hr_recruitment.group_hr_recruitment_user",
)


# One class per concern, each file under the project's size limit, instead of one long class.
class HrApplicant(models.Model):
    _inherit = "hr.applicant"  # pylint: disable=consider-merging-classes-inherited

    def _precontract_post_audit(self, events):
        """Write the core's audit events as internal notes on the applicants (NISS masked)."""
        for event in events:
            _logger.info("precontract audit: %s", event.to_dict())
            if not event.applicant_reference or not event.applicant_reference.isdigit():
                continue
            applicant = self.sudo().browse(int(event.applicant_reference)).exists()
            if applicant:
                applicant.message_post(
                    body=applicant._precontract_audit_text(event), subtype_xmlid="mail.mt_note"
                )

    def _precontract_employer_words(self, number):
        """The employer by name where the addon knows it, with its number in the usual form."""
        name = False
        own_name, own_number = self._precontract_employer_pair()
        if own_number and own_number == number:
            name = own_name
        else:
            known = self.env["precontract.employer"].sudo().search(
                [("enterprise_number", "=", number)], limit=1
            )
            name = known.name or False
        if not name and EnterpriseNumber.is_valid(number):
            return EnterpriseNumber.parse(number).formatted
        return _label(name, number)

    def _precontract_actor_words(self, actor):
        if not actor:
            return self.env._("the scheduled action")
        user = self.env.user
        if actor != user.name:
            return actor
        for xmlid in ROLES:
            group = self.env.ref(xmlid, raise_if_not_found=False)
            if group and group in user.all_group_ids:
                return self.env._("%(user)s (%(role)s)", user=actor, role=group.display_name)
        return actor

    def _precontract_audit_text(self, event):
        self.ensure_one()
        lang = normalise_language(self.env.lang)
        params = {
            "employer": self._precontract_employer_words(event.employer),
            "ssin": event.ssin or "-",
            "request": event.request_id or "-",
            "mandate": event.mandate_id or "-",
            "data": data_types_label(event.data_types, lang) or self.env._("none"),
            "result": result_label(event.result, lang),
            "actor": self._precontract_actor_words(event.actor),
            "action": action_label(event.action, lang),
        }
        if event.action == AuditAction.ACCESS_REQUEST_CREATED and not event.request_id:
            return self.env._(
                "An access request for employer %(employer)s (NISS %(ssin)s, data asked: "
                "%(data)s) could not be created: %(result)s. Asked by %(actor)s.",
                **params,
            )
        if event.action == AuditAction.ACCESS_REQUEST_CREATED:
            return self.env._(
                "Access request %(request)s created for employer %(employer)s "
                "(NISS %(ssin)s, data asked: %(data)s; %(result)s) by %(actor)s.",
                **params,
            )
        if event.action == AuditAction.ACCESS_REQUEST_CANCELLED:
            return self.env._(
                "Access request %(request)s for employer %(employer)s cancelled by %(actor)s.",
                **params,
            )
        if event.action == AuditAction.APPROVER_ACCEPTED:
            return self.env._(
                "%(actor)s accepted the citizen who approved access request %(request)s "
                "(NISS %(ssin)s, mandate %(mandate)s) as this applicant, for employer "
                "%(employer)s.",
                **params,
            )
        if event.action == AuditAction.APPROVER_REJECTED:
            return self.env._(
                "%(actor)s rejected the citizen who approved access request %(request)s "
                "(NISS %(ssin)s) as this applicant: nothing was read, the request is dropped.",
                **params,
            )
        if event.action == AuditAction.CONSULTATION:
            return self.env._(
                "Precontractual data consulted for employer %(employer)s under mandate "
                "%(mandate)s (NISS %(ssin)s, data: %(data)s; result: %(result)s) by %(actor)s.",
                **params,
            )
        return self.env._(
            "%(action)s for employer %(employer)s (request %(request)s, mandate %(mandate)s, "
            "NISS %(ssin)s; result: %(result)s) by %(actor)s.",
            **params,
        )
