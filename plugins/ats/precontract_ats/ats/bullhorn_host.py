"""Bullhorn's host adapter: a Candidate's custom fields over the REST API, the check's Note and the
proof among the candidate's files (see :mod:`.bullhorn` for the documents followed)."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping
from typing import Any

from precontract.fields import FieldKey, ValueType
from precontract.i18n import translate
from precontract.identifiers import Ssin
from precontract.outcome import Applicant, CheckOutcome
from precontract_ats.ats.base import (
    AtsHost,
    CheckRef,
    ConnectionConfig,
    Finding,
    Report,
    ReportKind,
    reach,
    ssin_in_field,
)
from precontract_ats.ats.bullhorn_session import session_for
from precontract_ats.ats.http import AtsHttp

__all__ = ["PROOF_EXTERNAL_ID", "BullhornHost"]

TEXT_MAX = 100  # entityref/_candidate.md: customText1 to 20 | String (100)
NOTE_ACTION_MAX = 30  # entityref/_note.md: action | String (30)
# The dataType meta/Candidate gives each kind of mapped field (_meta.md, "dataType").
_DATA_TYPES: dict[ValueType, str] = {
    ValueType.DATETIME: "Timestamp",
    ValueType.TEXT: "String",
    ValueType.INT: "Integer",
}

PROOF_EXTERNAL_ID = "precontract-proof-"  # then the check's id (_file.md: externalID)


class BullhornHost(AtsHost):
    """The core's host adapter over one Bullhorn corporation (fields of a Candidate)."""

    def __init__(self, config: ConnectionConfig, http: AtsHttp) -> None:
        self.config = config
        self.session = session_for(config, http)

    def candidate(self, reference: str, extra: tuple[str, ...] = ()) -> dict[str, Any]:
        fields = ",".join(("id", "firstName", "lastName", "email", "mobile", "ssn", *extra))
        data: dict[str, Any] = self.session.call(
            "GET", f"entity/Candidate/{reference}", params={"fields": fields}
        )["data"]
        return data

    def read_ssin(self, reference: str) -> Ssin | None:
        return _ssin(self.candidate(reference).get("ssn"))

    def read_applicant(self, reference: str) -> Applicant:
        data = self.candidate(reference)
        ssin = _ssin(data.get("ssn"))
        return Applicant(
            reference=str(reference),
            name=f"{data.get('firstName') or ''} {data.get('lastName') or ''}".strip(),
            email=data.get("email") or None,
            phone=data.get("mobile") or None,
            language=self.config.language,
            ssin=ssin,
        )

    def read_values(self, reference: str) -> dict[FieldKey, Any]:
        names = tuple(h.name for h in self.config.mapping.fields.values())
        data = self.candidate(reference, names)
        host_values = {name: _from_bullhorn(data.get(name), self._type(name)) for name in names}
        return self.config.mapping.from_host(host_values)

    def _type(self, name: str) -> ValueType:
        for host in self.config.mapping.fields.values():
            if host.name == name:
                return host.type
        return ValueType.TEXT

    def write_values(self, reference: str, values: Mapping[FieldKey, Any]) -> None:
        """One POST with every mapped field: Bullhorn applies it whole or not at all. A text
        longer than a ``customText`` field's 100 characters is shortened, not refused."""
        host_values = self.config.mapping.to_host(values, lang=self.config.language)
        body = {name: _to_bullhorn(value) for name, value in host_values.items()}
        if body:
            self.session.call("POST", f"entity/Candidate/{reference}", json=body)

    def present_approval(self, reference: str, outcome: CheckOutcome) -> None:
        """Nothing to do here: the tab shows the recruiter page with the QR code."""

    # ------------------------------------------------------------------------------ the note

    def report(self, check: CheckRef, report: Report) -> None:
        """The check's Note, and the proof PDF among the candidate's files while it may be
        read (replaced when part of the data expires, deleted when the window ends)."""
        self._note(check, report)
        self._proof_file(check, report)

    def _note(self, check: CheckRef, report: Report) -> None:
        """One Note per check on the candidate (the audit a Bullhorn user reads), created with
        the link and updated with the outcome; emptied of the result when the window ends."""
        lang = self.config.language
        text = translate(
            f"ats.bullhorn.note.{report.kind.value}",
            lang,
            url=report.page_url,
            summary=report.summary,
        ).strip()
        external = f"precontract-{check.id}"
        found = self.session.call(
            "GET",
            "query/Note",
            params={"where": f"externalID='{external}'", "fields": "id", "count": "1"},
        )
        existing = (found or {}).get("data") or []
        if existing:
            self.session.call("POST", f"entity/Note/{existing[0]['id']}", json={"comments": text})
            return
        if report.kind is ReportKind.CLEARED:
            return  # nothing was written: nothing to empty
        note: dict[str, Any] = {
            "personReference": {"id": int(check.candidate_ref)},
            "comments": text,
            "externalID": external,
        }
        user = str(check.context.get("user_id") or "")
        if user.isdigit():
            note["commentingPerson"] = {"id": int(user)}
        action = self.config.setting("note_action")[:NOTE_ACTION_MAX]
        if action:
            note["action"] = action
        self.session.call("PUT", "entity/Note", json=note)

    # ------------------------------------------------------------------------------ the proof

    def _proof_file(self, check: CheckRef, report: Report) -> None:
        """At most one proof on the candidate: this check's, as the report says it now.

        _file.md: ``PUT file/Candidate/{id}`` attaches (``externalID``, base64 ``fileContent``,
        ``fileType`` always ``SAMPLE``, ``name``), ``DELETE file/Candidate/{id}/{fileId}``
        removes it from the candidate (a soft delete: Bullhorn keeps the bytes on its server);
        entityref/_entityfileattachment.md: ``GET entity/Candidate/{id}/fileAttachments`` lists
        the files with their ``externalID`` and ``isDeleted``. Deleting what we find by
        ``externalID`` before attaching makes a retried delivery leave one file, not two; the
        proofs of earlier checks go as a newer check takes over (their store dropped them).
        The files are listed only when there may be one of ours to remove or one to add (a
        result with its proof, the window's end, a check replacing one that had a result):
        the other reports make no file call."""
        attaches = report.kind is ReportKind.COMPLETED and bool(report.proof)
        if not (
            attaches or report.kind is ReportKind.CLEARED or check.context.get("replaces_proof")
        ):
            # Nothing of ours can be among the files: this check attached none yet (it attaches
            # with its result only) and no earlier check of the candidate had a result.
            return
        reference = check.candidate_ref
        own = f"{PROOF_EXTERNAL_ID}{check.id}"
        listed = self.session.call(
            "GET",
            f"entity/Candidate/{reference}/fileAttachments",
            params={"fields": "id,externalID,isDeleted"},
        )
        for file in (listed or {}).get("data") or []:
            external = str(file.get("externalID") or "")
            if file.get("isDeleted") or not external.startswith(PROOF_EXTERNAL_ID):
                continue
            if external == own and report.kind is ReportKind.LINK:
                continue
            self.session.call("DELETE", f"file/Candidate/{reference}/{file['id']}")
        if attaches and report.proof:
            lang = self.config.language
            day = (report.at or dt.datetime.now(dt.UTC)).strftime("%Y%m%d")
            self.session.call(
                "PUT",
                f"file/Candidate/{reference}",
                json={
                    "externalID": own,
                    "fileContent": base64.b64encode(report.proof).decode("ascii"),
                    "fileExtension": ".pdf",
                    "fileType": "SAMPLE",
                    "name": f"proof-{reference}-{day}.pdf",
                    "contentType": "application/pdf",
                    "description": translate("ats.bullhorn.proof.description", lang),
                },
            )

    # ------------------------------------------------------------------------------ setup

    def test_connection(self) -> list[Finding]:
        names = [h.name for h in self.config.mapping.fields.values()]

        def first() -> tuple[str, Any]:
            _, rest = self.session.data_centre()
            fields = ",".join(["id", *names])
            return rest, self.session.call("GET", "meta/Candidate", params={"fields": fields})

        answer, found = reach("Bullhorn", first)
        if answer is None:
            return [found]
        rest, meta = answer
        findings = [
            found,
            Finding("data_centre", True, "ats.bullhorn.test.data_centre", {"url": rest}),
        ]
        known = {str(f.get("name")): f for f in (meta or {}).get("fields") or []}
        for host in self.config.mapping.fields.values():
            field = known.get(host.name)
            expected = _DATA_TYPES.get(host.type, "?")
            if field is None:
                findings.append(
                    Finding(host.name, False, "ats.test.field_missing", {"name": host.name})
                )
            elif str(field.get("dataType")) != expected:
                findings.append(
                    Finding(
                        host.name,
                        False,
                        "ats.test.field_wrong_type",
                        {
                            "name": host.name,
                            "actual": str(field.get("dataType")),
                            "expected": expected,
                        },
                    )
                )
            else:
                findings.append(
                    Finding(
                        host.name, True, "ats.test.field_ok", {"name": host.name, "type": expected}
                    )
                )
        return findings

    def create_missing_fields(self) -> list[Finding]:
        """Bullhorn's REST API has no call to add fields: say where the admin adds them."""
        return [
            Finding(f.name, False, "ats.bullhorn.test.no_create", {"name": f.name})
            for f in self.test_connection()
            if f.text_key == "ats.test.field_missing"
        ]


def _ssin(raw: Any) -> Ssin | None:
    """The candidate's ``ssn`` as a NISS. Bullhorn's field holds other countries' numbers too:
    those are no NISS (None); 11 digits that are not a valid NISS are :class:`AtsSsinInvalid`
    (the recruiter corrects it in Bullhorn before the request is made)."""
    return ssin_in_field(raw, ats="Bullhorn", field="ssn", other_numbers=True)


def _to_bullhorn(value: Any) -> Any:
    if isinstance(value, str) and len(value) > TEXT_MAX:
        return value[: TEXT_MAX - 1] + "…"
    if isinstance(value, dt.datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, dt.date):
        return int(dt.datetime.combine(value, dt.time(12), dt.UTC).timestamp() * 1000)
    return value


def _from_bullhorn(value: Any, value_type: ValueType) -> Any:
    if value_type is ValueType.DATETIME and isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC)
    return value
