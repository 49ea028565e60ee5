# Copyright 2026 precontract
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The PDF proof of each consultation, readable by recruitment officers only, and only while
the values it shows may be consulted.

A proof shows the values it proves (eligible or not, the hours left), so it is kept like them.
Not on the applicant's chatter, which interviewers read (and whose attachments Odoo lets anyone
read who may read the applicant), but as the attachment of a ``precontract.proof`` record: a
model only recruitment officers may read (its access rights, and a company rule). Odoo checks an
attachment through the record it is attached to (``ir.attachment._check_access`` and ``_search``
follow ``res_model``/``res_id``), so an interviewer gets an access error on the file and finds it
in no search. A proof goes, with its file (Odoo's ``unlink`` deletes the attachments of the
records it deletes), at the first moment the core's expiry rule would clear
a value it shows (``precontract.fields.next_expiry``: the nightly expiry removes it then), and as
soon as the applicant's record loses such a value (a withdrawal, another employer, an answer that
no longer holds it).
"""

from precontract.fields import (
    FieldKey,
    expire,
    next_expiry,
    values_from_outcome,
)
from precontract.timeutil import brussels_today

from odoo import api, fields, models

from ..host.values import naive_utc

PDF = "application/pdf"
# The values a proof shows, per data type (the proof's field of its last day): one key that is
# there whenever the type is, and its "consultable until" key.
SHOWN = {
    "flexi_until": (FieldKey.FLEXI_ELIGIBLE, FieldKey.FLEXI_CONSULTABLE_UNTIL),
    "student_until": (FieldKey.STUDENT_YEAR, FieldKey.STUDENT_CONSULTABLE_UNTIL),
}


class PrecontractProof(models.Model):
    _name = "precontract.proof"
    _description = "Precontract: proof of a consultation (PDF)"
    _order = "id desc"
    _rec_name = "integrity_code"

    applicant_id = fields.Many2one(
        "hr.applicant", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="applicant_id.company_id", store=True)
    read_at = fields.Datetime(string="Data read at", readonly=True)
    integrity_code = fields.Char(string="Integrity code", readonly=True)
    flexi_until = fields.Date(string="Flexi-job data consultable until", readonly=True)
    student_until = fields.Date(string="Student hours consultable until", readonly=True)
    consultable_until = fields.Date(
        string="Proof printable until",
        readonly=True,
        help="The last day every value on the proof may be consulted.",
    )
    removed_at = fields.Datetime(
        string="Removed at",
        readonly=True,
        index=True,
        help="The first moment a value on the proof may no longer be consulted: the proof and "
        "its file are removed then.",
    )
    attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True)

    @api.model
    def _precontract_create(self, applicant, outcome, pdf):
        """Keep the proof ``pdf`` of ``outcome`` (a RESULT) for ``applicant``; the new record."""
        values = values_from_outcome(outcome)
        read_at = outcome.audit_record.at if outcome.audit_record else outcome.checked_at
        # A data type without its last day is printed without its values (render_proof).
        untils = {name: values.get(until) or False for name, (_p, until) in SHOWN.items()}
        proof = self.sudo().create(
            {
                "applicant_id": applicant.id,
                "read_at": naive_utc(read_at),
                "integrity_code": (
                    outcome.audit_record.integrity_code if outcome.audit_record else False
                ),
                **untils,
                "consultable_until": min((day for day in untils.values() if day), default=False),
            }
        )
        ends = next_expiry(proof._precontract_values(), outcome.checked_at)
        day = brussels_today(read_at)
        proof.write(
            {
                "removed_at": naive_utc(ends) if ends else False,
                "attachment_id": self.env["ir.attachment"].sudo().create(
                    {
                        # Never the NISS in a file name: the applicant's id and the day read.
                        "name": f"proof-{applicant.id}-{day:%Y%m%d}.pdf",
                        "res_model": self._name,
                        "res_id": proof.id,
                        "mimetype": PDF,
                        "raw": pdf,
                    }
                ).id,
            }
        )
        return proof

    def _precontract_values(self):
        """The values this proof shows, as far as the expiry rule needs them."""
        self.ensure_one()
        values = {}
        for name, (present, until) in SHOWN.items():
            if self[name]:
                # Shown (the value itself is in the PDF only), and its last day.
                values[present] = True
                values[until] = self[name]
        return values

    def _precontract_expired(self, now):
        """Whether the core's expiry rule would clear a value this proof shows, at ``now``."""
        self.ensure_one()
        return expire(self._precontract_values(), now).changed

    @api.model
    def _precontract_remove_due(self, now):
        """The nightly expiry's part: remove every proof showing a value past its window."""
        due = self.sudo().search([("removed_at", "<=", naive_utc(now))])
        # The index finds the candidates; the core's rule decides.
        due.filtered(lambda proof: proof._precontract_expired(now)).unlink()

    def _precontract_remove_showing(self, names):
        """Remove those of these proofs that show a value of the given data types
        (``flexi_until``/``student_until``): the record no longer holds it."""
        self.filtered(lambda proof: any(proof[name] for name in names)).sudo().unlink()
