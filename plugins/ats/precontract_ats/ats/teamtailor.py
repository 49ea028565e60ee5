"""Teamtailor: the Partner API (a trigger in Teamtailor calls us) and custom-field values.

Followed documentation, by repository and file (see also ``docs/connector.md``):

- ``Teamtailor/tt-partner-docs`` (https://partner.teamtailor.com/partners):
  ``partners/_webhooks.md.erb`` (the partner event, the webhook reply's
  ``partner_result_attributes``, a plain-text error shown in the partner result),
  ``partners/partner_results/_update.md.erb`` and ``_index.md.erb`` (``PUT`` the update-url with
  ``Authorization: Bearer <partner API key>`` and ``X-Api-Version``; ``details`` an object at
  most two levels deep, ``actions`` ``{buttonText, endpoint}``, ``attachments`` ``{url,
  description}``), ``config.rb`` (the partner API version, ``20180828``),
  ``partners/_webhook_signatures.md.erb`` (``Teamtailor-Signature``), and the inbound endpoints
  in :mod:`.teamtailor_partner`;
- ``Teamtailor/docs`` (https://docs.teamtailor.com): ``_auth.md.erb`` (``Authorization: Token
  token=<key>``), ``_versioning.md.erb`` (``X-Api-Version`` required), ``_pagination.md.erb``
  (``page[size]`` at most 30, ``links.next``), ``_rate_limit.md`` (``X-Rate-Limit-*``),
  ``custom-fields/*`` and ``custom_field_values/*`` (a value's relationships carry ``data`` only
  with ``include=custom-field``; ``POST``/``PATCH``/``DELETE /v1/custom-field-values``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlencode

from precontract.errors import ConfigurationError, PrecontractError
from precontract.fields import FLEXI_KEYS, FieldKey, HostField, ValueType
from precontract.i18n import Language, translate
from precontract.identifiers import Ssin
from precontract.outcome import Applicant, CheckOutcome
from precontract_ats.ats import teamtailor_texts  # noqa: F401 - registers the texts
from precontract_ats.ats.base import (
    WITHOUT_NISS,
    AtsHost,
    AtsPlugin,
    Attachment,
    CheckRef,
    ConnectionConfig,
    Finding,
    Report,
    ReportKind,
    SettingField,
    SetupUrl,
    json_value,
    ssin_in_field,
)
from precontract_ats.ats.http import AtsError, AtsHttp
from precontract_ats.ats.verify import InboundRefused

if TYPE_CHECKING:
    from fastapi import APIRouter

    from precontract_ats.ats.port import ConnectorPort

__all__ = ["PLUGIN", "TeamtailorHost", "TeamtailorPlugin"]

logger = logging.getLogger(__name__)

JSONAPI = "application/vnd.api+json"
PAGE_SIZE = 30  # Teamtailor/docs _pagination.md.erb: "Default: 10, max: 30"
MAX_PAGES = 50
#: Teamtailor/docs config.rb: the public API's current version.
API_VERSION = "20201113"
#: Teamtailor/tt-partner-docs config.rb: the partner API's version.
PARTNER_API_VERSION = "20180828"
RECHECK_ENDPOINT = "recheck"

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

_RESULT_STATUS = {
    ReportKind.LINK: "sent",
    ReportKind.COMPLETED: "completed",
    ReportKind.FAILED: "failed",
    ReportKind.CANCELED: "failed",
}


class UnknownCustomField(ConfigurationError):
    message_key = "ats.teamtailor.unknown_field"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Teamtailor has no custom field with the API name {name!r}", setting="field_mapping"
        )
        self.params["name"] = name


def details_object(label: str, text: str) -> dict[str, Any]:
    """The partner result's ``details``: an object (never a string), one level deep."""
    return {label: text} if text else {}


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
        ``partner_result_attributes``)."""
        lang = self.config.language
        if report.kind is ReportKind.CLEARED:
            return {
                "summary": translate("ats.teamtailor.result.cleared", lang),
                "details": {},
                "attachments": [],
            }
        attributes: dict[str, Any] = {"status": _RESULT_STATUS[report.kind]}
        if report.page_url:
            attributes["url"] = report.page_url
        if report.summary:
            attributes["summary"] = report.summary
        if report.kind is ReportKind.COMPLETED:
            attributes["details"] = details_object(
                translate("ats.teamtailor.result.details", lang), report.score
            )
        if report.kind in (ReportKind.COMPLETED, ReportKind.FAILED):
            attributes["actions"] = [
                {
                    "buttonText": translate("ats.teamtailor.result.check_again", lang),
                    "endpoint": RECHECK_ENDPOINT,
                }
            ]
        attachments = list(report.attachments)
        if report.kind is ReportKind.COMPLETED and not attachments and report.page_url:
            # The recruiter page serves the consultation's PDF proof while its values may be
            # shown; the attachment goes with the rest when the window ends (CLEARED).
            attachments.append(
                Attachment(
                    f"{report.page_url}/proof.pdf?lang={lang}",
                    translate("ats.teamtailor.result.proof", lang),
                )
            )
        if attachments:
            attributes["attachments"] = [
                {"url": a.url, "description": a.description} for a in attachments
            ]
        return attributes

    def report(self, check: CheckRef, report: Report) -> None:
        url = str(check.context.get("update_url") or "")
        result_id = str(check.context.get("partner_result_id") or "")
        if not url or not result_id:
            return
        check_update_url(url, self.config)
        self.http.request(
            "PUT",
            url,
            headers={
                "Authorization": f"Bearer {self.config.secret('partner_key')}",
                "X-Api-Version": self.config.setting("partner_api_version", PARTNER_API_VERSION),
                "Content-Type": JSONAPI,
                "Accept": JSONAPI,
            },
            json={
                "data": {
                    "id": result_id,
                    "type": "partner-results",
                    "attributes": self.result_attributes(report),
                }
            },
        )

    # ------------------------------------------------------------------------------ setup

    def test_connection(self) -> list[Finding]:
        try:
            fields = self.custom_fields()
        except AtsError as exc:
            return [
                Finding(
                    "credentials",
                    False,
                    "ats.test.credentials_refused",
                    {"ats": "Teamtailor", "status": str(exc.status)},
                )
            ]
        except PrecontractError as exc:
            return [Finding.failed("credentials", exc)]
        findings = [Finding("credentials", True, "ats.test.credentials_ok", {"ats": "Teamtailor"})]
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


def check_update_url(url: str, config: ConnectionConfig) -> None:
    """The partner key is only ever sent to the configured Teamtailor API."""
    base = config.setting("api_url", "https://api.teamtailor.com").rstrip("/") + "/"
    if not url.startswith(base):
        raise InboundRefused("forbidden", "the update-url is not on the configured Teamtailor API")


class TeamtailorPlugin(AtsPlugin):
    kind: ClassVar[str] = "teamtailor"
    title: ClassVar[str] = "Teamtailor"
    setting_fields: ClassVar[tuple[SettingField, ...]] = (
        SettingField("provider_key", secret=True, input="password"),
        SettingField("partner_key", secret=True, input="password"),
        SettingField("api_key", secret=True, input="password"),
        SettingField("webhook_secret", secret=True, required=False, input="password"),
        SettingField("api_url", input="url", default="https://api.teamtailor.com"),
        SettingField("api_version", default=API_VERSION),
        SettingField("partner_api_version", default=PARTNER_API_VERSION),
        SettingField("ssin_field", required=False),
        WITHOUT_NISS,
    )
    value_types: ClassVar[tuple[ValueType, ...]] = tuple(FIELD_TYPES)
    generates_inbound_key: ClassVar[bool] = False
    inbound_key_setting: ClassVar[str | None] = "provider_key"

    def default_mapping(self, lang: Language) -> dict[FieldKey, HostField]:
        keys = (
            *FLEXI_KEYS,
            FieldKey.STUDENT_HOURS_REMAINING,
            FieldKey.STUDENT_CONSULTABLE_UNTIL,
            FieldKey.MANDATE_STATUS,
            FieldKey.CHECKED_AT,
        )
        # Teamtailor's API names are lower-case words joined by dashes.
        return {
            key: HostField("precontract-" + key.value.replace("_", "-"), self.default_type(key))
            for key in keys
        }

    def host(self, config: ConnectionConfig) -> TeamtailorHost:
        return TeamtailorHost(config, self.http)

    def setup_urls(self, base_url: str, config: ConnectionConfig) -> list[SetupUrl]:
        return [
            SetupUrl(
                "ats.teamtailor.url.base", f"{base_url}/ats/teamtailor", "ats.teamtailor.url.hint"
            )
        ]

    def router(self, connector: ConnectorPort) -> APIRouter:
        from precontract_ats.ats.teamtailor_partner import partner_router

        return partner_router(self, connector)


PLUGIN = TeamtailorPlugin
