"""Teamtailor's host adapter: a candidate's custom-field values over the public API (JSON:API); the
partner result is :mod:`.teamtailor_result`'s (see :mod:`.teamtailor` for the documents followed)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from precontract.errors import ConfigurationError, PrecontractError
from precontract.fields import FieldKey, HostField, ValueType
from precontract.identifiers import Ssin
from precontract.outcome import Applicant, CheckOutcome
from precontract_ats.ats.base import (
    AtsHost,
    CheckRef,
    ConnectionConfig,
    Finding,
    Report,
    json_value,
    reach,
    ssin_in_field,
)
from precontract_ats.ats.http import AtsHttp
from precontract_ats.ats.teamtailor_result import JSONAPI, put_result, result_attributes
from precontract_ats.ats.verify import InboundRefused

__all__ = ["API_VERSION", "FIELD_TYPES", "MAPPING_TYPES", "TeamtailorHost", "UnknownCustomField"]

logger = logging.getLogger(__name__)

PAGE_SIZE = 30  # Teamtailor/docs _pagination.md.erb: "Default: 10, max: 30"
MAX_PAGES = 50
#: Teamtailor/docs config.rb: the public API's current version.
API_VERSION = "20201113"

# Teamtailor's custom field types per value type (Teamtailor/docs custom-fields/_index.md.erb;
# ``CustomField::Number`` is not in that list but is in the partner docs' custom field mapping).
FIELD_TYPES: dict[ValueType, str] = {
    ValueType.TEXT: "CustomField::Text",
    ValueType.INT: "CustomField::Number",
    ValueType.BOOL: "CustomField::Checkbox",
    ValueType.DATE: "CustomField::Date",
}
#: The same types as the partner docs' ``customFieldMapping`` names them
#: (tt-partner-docs partners/custom_field_mapping/_index.md.erb, "Supported types").
MAPPING_TYPES: dict[ValueType, str] = {
    ValueType.TEXT: "text",
    ValueType.INT: "number",
    ValueType.BOOL: "checkbox",
    ValueType.DATE: "date",
}


class UnknownCustomField(ConfigurationError):
    message_key = "ats.teamtailor.unknown_field"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Teamtailor has no custom field with the API name {name!r}", setting="field_mapping"
        )
        self.params["name"] = name


class TeamtailorHost(AtsHost):
    """The core's host adapter over one Teamtailor company (custom-field values of a candidate)."""

    def __init__(self, config: ConnectionConfig, http: AtsHttp) -> None:
        self.config = config
        self.http = http
        self._custom_fields: dict[str, dict[str, Any]] | None = None

    # ------------------------------------------------------------------------------ calls

    @property
    def api_base(self) -> str:
        return self.config.setting("api_url", "https://api.teamtailor.com").rstrip("/")

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Token token={self.config.secret('api_key')}",
            "X-Api-Version": self.config.setting("api_version", API_VERSION),
            "Content-Type": JSONAPI,
            "Accept": JSONAPI,
        }

    def _api(self, method: str, path: str, body: Any = None) -> Any:
        url = path if path.startswith("http") else f"{self.api_base}/v1{path}"
        response = self.http.request(method, url, headers=self._headers(), json=body)
        return response.json() if response.content else None

    def _list(self, path: str, **params: str) -> list[dict[str, Any]]:
        """Every item of a JSON:API list, following ``links.next`` (30 a page, the maximum)."""
        query = urlencode({**params, "page[size]": str(PAGE_SIZE)})
        url: str | None = f"{self.api_base}/v1{path}?{query}"
        items: list[dict[str, Any]] = []
        for _ in range(MAX_PAGES):
            if url is None:
                break
            if not url.startswith(self.api_base + "/"):
                raise InboundRefused("forbidden", "a paging link leaves the Teamtailor API")
            page = self._api("GET", url) or {}
            items.extend(page.get("data") or [])
            url = (page.get("links") or {}).get("next") or None
        return items

    def custom_fields(self) -> dict[str, dict[str, Any]]:
        """The company's custom fields by API name."""
        if self._custom_fields is None:
            self._custom_fields = {
                str(item["attributes"].get("api-name")): item
                for item in self._list("/custom-fields")
            }
        return self._custom_fields

    def _values(self, reference: str) -> dict[str, dict[str, Any]]:
        """The candidate's custom-field values by custom field id (the field's id is in the
        relationship's ``data`` only when the list includes ``custom-field``)."""
        out: dict[str, dict[str, Any]] = {}
        for item in self._list(
            f"/candidates/{reference}/custom-field-values", include="custom-field"
        ):
            data = ((item.get("relationships") or {}).get("custom-field") or {}).get("data")
            if data and data.get("id") is not None:
                out[str(data["id"])] = item
        return out

    # ------------------------------------------------------------------------------ HostAdapter

    def read_applicant(self, reference: str) -> Applicant:
        attributes = self._api("GET", f"/candidates/{reference}")["data"]["attributes"]
        name = f"{attributes.get('first-name') or ''} {attributes.get('last-name') or ''}".strip()
        return Applicant(
            reference=str(reference),
            name=name,
            email=attributes.get("email"),
            phone=attributes.get("phone"),
            language=self.config.language,
            ssin=self.read_ssin(reference),
        )

    def read_ssin(self, reference: str) -> Ssin | None:
        name = self.config.setting("ssin_field")
        if not name:
            return None
        field = self.custom_fields().get(name)
        if field is None:
            return None
        item = self._values(reference).get(str(field["id"]))
        raw = item["attributes"].get("value") if item else None
        return ssin_in_field(raw, ats="Teamtailor", field=name)

    def read_values(self, reference: str) -> dict[FieldKey, Any]:
        fields = self.custom_fields()
        values = self._values(reference)
        host_values: dict[str, Any] = {}
        for host in self.config.mapping.fields.values():
            field = fields.get(host.name)
            if field is not None:
                item = values.get(str(field["id"]))
                host_values[host.name] = item["attributes"].get("value") if item else None
        return self.config.mapping.from_host(host_values)

    def write_values(self, reference: str, values: Mapping[FieldKey, Any]) -> None:
        """Write the mapped fields that differ from the candidate's values (two reads, the
        company's fields and the candidate's values, then one call per changed field: none when
        nothing changed); if one call fails, the ones already written are put back."""
        host_values = self.config.mapping.to_host(values, lang=self.config.language)
        fields = self.custom_fields()
        for name in host_values:
            if name not in fields:
                raise UnknownCustomField(name)
        existing = self._values(reference)
        undo: list[tuple[str, str, str, Any]] = []
        try:
            for name, value in host_values.items():
                field_id = str(fields[name]["id"])
                current = existing.get(field_id)
                if current is None and value is None:
                    continue
                if current is not None and current["attributes"].get("value") == json_value(value):
                    continue  # Teamtailor shows this already: no call
                if current is not None and value is None:
                    self._api("DELETE", f"/custom-field-values/{current['id']}")
                    undo.append(("POST", field_id, "", current["attributes"].get("value")))
                elif current is not None:
                    self._update(reference, str(current["id"]), field_id, value)
                    undo.append(
                        ("PATCH", field_id, str(current["id"]), current["attributes"].get("value"))
                    )
                elif value is not None:
                    created = self._create(reference, field_id, value)
                    undo.append(("DELETE", field_id, str(created["data"]["id"]), None))
        except PrecontractError:
            self._undo(reference, undo)
            raise

    def _relationships(self, reference: str, field_id: str) -> dict[str, Any]:
        return {
            "custom-field": {"data": {"type": "custom-fields", "id": field_id}},
            "owner": {"data": {"type": "candidates", "id": str(reference)}},
        }

    def _create(self, reference: str, field_id: str, value: Any) -> Any:
        return self._api(
            "POST",
            "/custom-field-values",
            {
                "data": {
                    "type": "custom-field-values",
                    "attributes": {"value": json_value(value)},
                    "relationships": self._relationships(reference, field_id),
                }
            },
        )

    def _update(self, reference: str, value_id: str, field_id: str, value: Any) -> None:
        self._api(
            "PATCH",
            f"/custom-field-values/{value_id}",
            {
                "data": {
                    "id": value_id,
                    "type": "custom-field-values",
                    "attributes": {"value": json_value(value)},
                    "relationships": self._relationships(reference, field_id),
                }
            },
        )

    def _undo(self, reference: str, undo: list[tuple[str, str, str, Any]]) -> None:
        for method, field_id, value_id, old in reversed(undo):
            try:
                if method == "DELETE":
                    self._api("DELETE", f"/custom-field-values/{value_id}")
                elif method == "PATCH":
                    self._update(reference, value_id, field_id, old)
                else:
                    self._create(reference, field_id, old)
            except PrecontractError as exc:
                # Best effort: the whole write-back is retried later anyway.
                logger.warning("Teamtailor: could not undo a partial write: %s", exc)

    def present_approval(self, reference: str, outcome: CheckOutcome) -> None:
        """Nothing to do here: the partner result's link (:meth:`report`) leads to our page."""

    # ------------------------------------------------------------------------------ report

    def result_attributes(self, report: Report) -> dict[str, Any]:
        """The partner result's attributes for ``report`` (also the webhook reply's
        ``partner_result_attributes``): see :func:`.teamtailor_result.result_attributes`."""
        return result_attributes(self.config, report)

    def report(self, check: CheckRef, report: Report) -> None:
        put_result(self.http, self.config, check, report)

    # ------------------------------------------------------------------------------ setup

    def test_connection(self) -> list[Finding]:
        fields, found = reach("Teamtailor", self.custom_fields)
        if fields is None:
            return [found]
        findings = [found]
        for host in self.config.mapping.fields.values():
            findings.append(_field_finding(host, fields.get(host.name)))
        return findings

    def create_missing_fields(self) -> list[Finding]:
        """Create the mapped custom fields Teamtailor lacks (``POST /v1/custom-fields``)."""
        fields = self.custom_fields()
        made: list[Finding] = []
        for host in self.config.mapping.fields.values():
            if host.name in fields:
                continue
            kind = FIELD_TYPES[host.type]
            self._api(
                "POST",
                "/custom-fields",
                {
                    "data": {
                        "type": "custom-fields",
                        "attributes": {
                            "name": host.name,
                            "field-type": kind,
                            "api-name": host.name,
                        },
                    }
                },
            )
            made.append(
                Finding(
                    host.name, True, "ats.test.field_created", {"name": host.name, "type": kind}
                )
            )
        self._custom_fields = None
        return made


def _field_finding(host: HostField, field: dict[str, Any] | None) -> Finding:
    expected = FIELD_TYPES.get(host.type, "?")
    if field is None:
        return Finding(
            host.name, False, "ats.test.field_missing", {"name": host.name}, creatable=True
        )
    actual = str(field["attributes"].get("field-type") or "")
    if actual != expected:
        return Finding(
            host.name,
            False,
            "ats.test.field_wrong_type",
            {"name": host.name, "actual": actual, "expected": expected},
        )
    return Finding(host.name, True, "ats.test.field_ok", {"name": host.name, "type": actual})
