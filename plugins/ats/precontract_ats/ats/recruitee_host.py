"""Recruitee's host adapter: a candidate's profile fields over the company API and the report over
the Partners API (see :mod:`.recruitee` for the documents followed)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from precontract.errors import PrecontractError
from precontract.fields import FieldKey, ValueType
from precontract.identifiers import Ssin
from precontract.outcome import Applicant, CheckOutcome
from precontract_ats.ats.base import (
    AtsHost,
    CheckRef,
    ConnectionConfig,
    Finding,
    Report,
    ReportKind,
    json_value,
    reach,
    ssin_in_field,
)
from precontract_ats.ats.http import AtsHttp

__all__ = ["KINDS", "RecruiteeHost"]

logger = logging.getLogger(__name__)

# Recruitee profile field kinds per value type, and the key of a value in ``values``.
KINDS: dict[ValueType, tuple[str, str]] = {
    ValueType.TEXT: ("single_line", "text"),
    ValueType.INT: ("number", "number"),
    ValueType.BOOL: ("boolean", "flag"),
    ValueType.DATE: ("date", "date"),
}


class RecruiteeHost(AtsHost):
    """The core's host adapter over one Recruitee company (profile fields of a candidate)."""

    def __init__(self, config: ConnectionConfig, http: AtsHttp) -> None:
        self.config = config
        self.http = http

    # ------------------------------------------------------------------------------ calls

    def _company(self, path: str) -> str:
        base = self.config.setting("api_url", "https://api.recruitee.com")
        return f"{base}/c/{self.config.setting('company_id')}{path}"

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.secret('api_token')}"}

    def candidate(self, reference: str) -> dict[str, Any]:
        response = self.http.request(
            "GET", self._company(f"/candidates/{reference}"), headers=self._auth()
        )
        data: dict[str, Any] = response.json()["candidate"]
        return data

    def _fields(self, reference: str) -> dict[str, dict[str, Any]]:
        return {f["name"]: f for f in self.candidate(reference).get("fields") or []}

    def _field_url(self, reference: str, field_id: Any = None) -> str:
        path = f"/custom_fields/candidates/{reference}/fields"
        return self._company(path if field_id is None else f"{path}/{field_id}")

    # ------------------------------------------------------------------------------ HostAdapter

    def read_applicant(self, reference: str) -> Applicant:
        data = self.candidate(reference)
        emails = data.get("emails") or []
        phones = data.get("phones") or []
        return Applicant(
            reference=str(reference),
            name=str(data.get("name") or ""),
            email=emails[0] if emails else None,
            phone=phones[0] if phones else None,
            language=self.config.language,
            ssin=_ssin_of(data, self.config.setting("ssin_field")),
        )

    def read_ssin(self, reference: str) -> Ssin | None:
        name = self.config.setting("ssin_field")
        return _ssin_of(self.candidate(reference), name) if name else None

    def read_values(self, reference: str) -> dict[FieldKey, Any]:
        fields = self._fields(reference)
        host_values: dict[str, Any] = {}
        for host in self.config.mapping.fields.values():
            item = fields.get(host.name)
            if item is not None:
                values = item.get("values") or []
                key = KINDS[host.type][1]
                host_values[host.name] = values[0].get(key) if values else None
        return self.config.mapping.from_host(host_values)

    def write_values(self, reference: str, values: Mapping[FieldKey, Any]) -> None:
        """Write the mapped fields that differ from what the candidate shows (one read, then one
        call per changed field: none when nothing changed); if one call fails, the ones already
        written are put back."""
        host_values = self.config.mapping.to_host(values, lang=self.config.language)
        types = {h.name: h.type for h in self.config.mapping.fields.values()}
        existing = self._fields(reference)
        undo: list[tuple[str, str, Any]] = []
        try:
            for name, value in host_values.items():
                kind, key = KINDS[types[name]]
                payload = [] if value is None else [{key: json_value(value)}]
                field = existing.get(name)
                if field is not None and _shown(field, key) == (
                    payload[0][key] if payload else None
                ):
                    continue  # Recruitee shows this already: no call
                if field is not None:
                    self.http.request(
                        "PATCH",
                        self._field_url(reference, field["id"]),
                        headers=self._auth(),
                        json={"field": {"values": payload}},
                    )
                    undo.append(
                        (
                            "PATCH",
                            self._field_url(reference, field["id"]),
                            field.get("values") or [],
                        )
                    )
                elif value is not None:
                    response = self.http.request(
                        "POST",
                        self._field_url(reference),
                        headers=self._auth(),
                        json={"field": {"name": name, "kind": kind, "values": payload}},
                    )
                    created = response.json().get("field") or {}
                    undo.append(("DELETE", self._field_url(reference, created.get("id")), None))
        except Exception:
            self._undo(undo)
            raise

    def _undo(self, undo: list[tuple[str, str, Any]]) -> None:
        for method, url, old in reversed(undo):
            try:
                if method == "PATCH":
                    self.http.request(
                        method, url, headers=self._auth(), json={"field": {"values": old}}
                    )
                else:
                    self.http.request(method, url, headers=self._auth())
            except PrecontractError as exc:
                # Best effort: the whole write-back is retried later anyway.
                logger.warning("Recruitee: could not undo a partial write: %s", exc)

    def present_approval(self, reference: str, outcome: CheckOutcome) -> None:
        """Nothing to do here: the report link (:meth:`report`) leads to the recruiter page."""

    # ------------------------------------------------------------------------------ report

    def report(self, check: CheckRef, report: Report) -> None:
        report_id = str(check.context.get("report_id") or "")
        if not report_id:
            return
        base = self.config.setting("partner_url", "https://integrations.recruitee.com")
        url = f"{base}/api/p/{self.config.setting('codename')}/reports/{report_id}"
        body: dict[str, Any] = {}
        if report.kind in (ReportKind.LINK, ReportKind.NEEDS_NISS):
            cancel = str(check.context.get("cancel_url") or "")
            if not cancel:
                return
            body["urls"] = {"cancel": cancel}
        elif report.kind is ReportKind.CLEARED:
            body["score"] = ""  # the window ended: the score shown in Recruitee goes (status kept)
        else:
            body["status"] = report.kind.value
            if report.kind is not ReportKind.CANCELED:
                body["completed_at"] = (report.at or dt.datetime.now(dt.UTC)).isoformat()
                if report.score:
                    body["score"] = report.score
        self.http.request(
            "PATCH",
            url,
            headers={"RT-PARTNER-SECRET": self.config.secret("partner_secret")},
            json=body,
        )

    # ------------------------------------------------------------------------------ setup

    def test_connection(self) -> list[Finding]:
        """The personal API token on the company (profile fields are made per candidate when
        first written, so there is no field to look for beforehand)."""
        _, found = reach(
            "Recruitee",
            lambda: self.http.request(
                "GET", self._company("/candidates"), headers=self._auth(), params={"limit": 1}
            ),
        )
        return [found]


def _shown(field: Mapping[str, Any], key: str) -> Any:
    """The value a profile field shows (its first value's ``key``), None when it is empty."""
    values = field.get("values") or []
    first = values[0] if values and isinstance(values[0], dict) else {}
    return first.get(key)


def _ssin_of(candidate: Mapping[str, Any], field_name: str) -> Ssin | None:
    """The NISS in the candidate's profile field ``field_name``: a ``single_line`` field, its
    text in ``values[0].text`` (the candidate's ``fields`` as the company API returns them);
    None when the field is absent or empty, :class:`AtsSsinInvalid` when it is not a NISS."""
    if not field_name:
        return None
    for item in candidate.get("fields") or []:
        if item.get("name") == field_name:
            values = item.get("values") or []
            raw = values[0].get("text") if values and isinstance(values[0], dict) else None
            return ssin_in_field(raw, ats="Recruitee", field=field_name)
    return None
