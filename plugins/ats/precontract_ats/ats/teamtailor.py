"""Teamtailor: the Partner API (a trigger in Teamtailor calls us) and custom-field values.

Followed documentation (see ``docs/connector.md``):

- Teamtailor Partner API — https://partner.teamtailor.com/partners : when a trigger runs,
  Teamtailor POSTs ``{"partner-event": {"id", "webhook-data", "partner-result": {"id", "status",
  "update-url"}, "candidate": {"id", "first-name", "last-name", "email", ...}}}`` to
  ``{BASE_URL}/webhook`` with ``Authorization: Bearer <provider key>``; it also calls
  ``GET {BASE_URL}/config`` (the fields of the trigger's form, whose values come back as
  ``webhook-data``) and ``GET {BASE_URL}/activation``; the partner reports through the
  ``update-url`` of the partner result;
- Teamtailor API — https://docs.teamtailor.com : JSON:API, ``Authorization: Token token=<key>``
  and an ``X-Api-Version`` header; ``GET /v1/custom-fields`` (``api-name``, ``field-type``),
  ``GET /v1/candidates/{id}/custom-field-values``, ``POST /v1/custom-field-values`` with the
  relationships ``custom-field`` and ``owner``, ``PATCH``/``DELETE /v1/custom-field-values/{id}``.

Inbound calls: the provider key is compared in constant time (via its SHA-256), a ``Date`` header
more than five minutes off is stale, a ``partner-event`` id seen before is a replay, and an
``update-url`` outside the configured Teamtailor API is refused (we never send a key elsewhere).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from precontract.errors import ConfigurationError, PrecontractError
from precontract.fields import FLEXI_KEYS, FieldKey, HostField, ValueType
from precontract.i18n import Language, translate
from precontract.identifiers import EnterpriseNumber
from precontract.outcome import Applicant, CheckOutcome
from precontract_ats.ats.base import (
    AtsHost,
    AtsPlugin,
    CheckRef,
    ConnectionConfig,
    Report,
    ReportKind,
    SettingField,
    SetupUrl,
    json_value,
    register_texts,
)
from precontract_ats.ats.http import AtsHttp
from precontract_ats.ats.verify import (
    InboundRefused,
    bearer_token,
    check_date_header,
    remember_once,
)
from precontract_ats.services.connections import connection_config, find_by_inbound_key

if TYPE_CHECKING:
    from precontract_ats.ats.port import ConnectorPort, StartedCheck

__all__ = ["PLUGIN", "TeamtailorHost", "TeamtailorPlugin"]

logger = logging.getLogger(__name__)

REPLAY_WINDOW = dt.timedelta(days=400)
JSONAPI = "application/vnd.api+json"

# Teamtailor's custom field types per value type.
_FIELD_TYPES: dict[ValueType, str] = {
    ValueType.TEXT: "CustomField::Text",
    ValueType.INT: "CustomField::Number",
    ValueType.BOOL: "CustomField::Checkbox",
    ValueType.DATE: "CustomField::Date",
}

_RESULT_STATUS = {
    ReportKind.LINK: "sent",
    ReportKind.COMPLETED: "completed",
    ReportKind.FAILED: "failed",
    ReportKind.CANCELED: "failed",
}

register_texts(
    {
        "ats.teamtailor.provider_key": ("Provider key", "Provider key", "Clé du fournisseur"),
        "ats.teamtailor.provider_key.help": (
            "The key Teamtailor gives for this company's activation; Teamtailor sends it with every call to us.",
            "De sleutel die Teamtailor geeft voor de activatie van dit bedrijf; Teamtailor stuurt hem mee bij elke oproep naar ons.",
            "La clé que Teamtailor donne pour l'activation de cette entreprise ; Teamtailor l'envoie à chaque appel vers nous.",
        ),
        "ats.teamtailor.partner_key": (
            "Partner API key",
            "Partner-API-sleutel",
            "Clé de l'API partenaire",
        ),
        "ats.teamtailor.partner_key.help": (
            "Lets us update the partner result (the candidate's precontract result in Teamtailor).",
            "Laat ons toe het partnerresultaat bij te werken (het precontract-resultaat van de kandidaat in Teamtailor).",
            "Nous permet de mettre à jour le résultat partenaire (le résultat precontract du candidat dans Teamtailor).",
        ),
        "ats.teamtailor.api_key": ("API key", "API-sleutel", "Clé API"),
        "ats.teamtailor.api_key.help": (
            "Teamtailor → Settings → Integrations → API keys: an Admin key with read/write, to write the custom fields.",
            "Teamtailor → Instellingen → Integraties → API-sleutels: een Admin-sleutel met lezen/schrijven, om de aangepaste velden te schrijven.",
            "Teamtailor → Paramètres → Intégrations → Clés API : une clé Admin en lecture/écriture, pour écrire les champs personnalisés.",
        ),
        "ats.teamtailor.api_url": ("API address", "API-adres", "Adresse de l'API"),
        "ats.teamtailor.api_url.help": (
            "https://api.teamtailor.com (EU) or https://api.na.teamtailor.com (North America).",
            "https://api.teamtailor.com (EU) of https://api.na.teamtailor.com (Noord-Amerika).",
            "https://api.teamtailor.com (UE) ou https://api.na.teamtailor.com (Amérique du Nord).",
        ),
        "ats.teamtailor.api_version": ("API version", "API-versie", "Version de l'API"),
        "ats.teamtailor.api_version.help": (
            "The X-Api-Version header; leave as is unless Teamtailor tells you otherwise.",
            "De X-Api-Version-header; laat zo staan, tenzij Teamtailor iets anders zegt.",
            "L'en-tête X-Api-Version ; laissez tel quel, sauf indication contraire de Teamtailor.",
        ),
        "ats.teamtailor.inbound_key.help": (
            "Teamtailor issues the provider key: paste it above.",
            "Teamtailor geeft de provider key uit: plak hem hierboven.",
            "Teamtailor émet la clé du fournisseur : collez-la ci-dessus.",
        ),
        "ats.teamtailor.url.base": (
            "Partner base URL",
            "Basis-URL van de partner",
            "URL de base du partenaire",
        ),
        "ats.teamtailor.url.hint": (
            "Teamtailor calls {base}/webhook, /config and /activation under this address.",
            "Teamtailor roept {base}/webhook, /config en /activation aan onder dit adres.",
            "Teamtailor appelle {base}/webhook, /config et /activation sous cette adresse.",
        ),
        "ats.teamtailor.config.employer": ("Employer", "Werkgever", "Employeur"),
        "ats.teamtailor.unknown_field": (
            "Teamtailor has no custom field with the API name {name}.",
            "Teamtailor heeft geen aangepast veld met API-naam {name}.",
            "Teamtailor n'a pas de champ personnalisé avec le nom d'API {name}.",
        ),
    }
)


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

    def _url(self, path: str) -> str:
        return f"{self.config.setting('api_url', 'https://api.teamtailor.com')}/v1{path}"

    def _headers(self, key: str) -> dict[str, str]:
        return {
            "Authorization": f"Token token={key}",
            "X-Api-Version": self.config.setting("api_version", "20240404"),
            "Content-Type": JSONAPI,
            "Accept": JSONAPI,
        }

    def _api(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(
            method, self._url(path), headers=self._headers(self.config.secret("api_key")), json=body
        )
        return response.json() if response.content else None

    def custom_fields(self) -> dict[str, dict[str, Any]]:
        """The company's custom fields by API name."""
        if self._custom_fields is None:
            data = self._api("GET", "/custom-fields?page[size]=100")["data"]
            self._custom_fields = {item["attributes"]["api-name"]: item for item in data}
        return self._custom_fields

    def _values(self, reference: str) -> dict[str, dict[str, Any]]:
        """The candidate's custom-field values by custom field id."""
        data = self._api("GET", f"/candidates/{reference}/custom-field-values")["data"]
        return {str(item["relationships"]["custom-field"]["data"]["id"]): item for item in data}

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
        )

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
        """Write the mapped fields; if one call fails, the ones already written are put back."""
        host_values = self.config.mapping.to_host(values, lang=self.config.language)
        fields = self.custom_fields()
        for name in host_values:
            if name not in fields:
                raise UnknownCustomField(name)
        existing = self._values(reference)
        undo: list[tuple[str, str, Any]] = []
        try:
            for name, value in host_values.items():
                field_id = str(fields[name]["id"])
                current = existing.get(field_id)
                if current is not None and value is None:
                    self._api("DELETE", f"/custom-field-values/{current['id']}")
                    undo.append(("POST", field_id, current["attributes"].get("value")))
                elif current is not None:
                    self._api(
                        "PATCH",
                        f"/custom-field-values/{current['id']}",
                        {
                            "data": {
                                "id": current["id"],
                                "type": "custom-field-values",
                                "attributes": {"value": json_value(value)},
                            }
                        },
                    )
                    undo.append(("PATCH", str(current["id"]), current["attributes"].get("value")))
                elif value is not None:
                    created = self._create(reference, field_id, value)
                    undo.append(("DELETE", str(created["data"]["id"]), None))
        except PrecontractError:
            self._undo(reference, undo)
            raise

    def _create(self, reference: str, field_id: str, value: Any) -> Any:
        return self._api(
            "POST",
            "/custom-field-values",
            {
                "data": {
                    "type": "custom-field-values",
                    "attributes": {"value": json_value(value)},
                    "relationships": {
                        "custom-field": {"data": {"type": "custom-fields", "id": field_id}},
                        "owner": {"data": {"type": "candidates", "id": str(reference)}},
                    },
                }
            },
        )

    def _undo(self, reference: str, undo: list[tuple[str, str, Any]]) -> None:
        for method, ident, old in reversed(undo):
            try:
                if method == "DELETE":
                    self._api("DELETE", f"/custom-field-values/{ident}")
                elif method == "PATCH":
                    self._api(
                        "PATCH",
                        f"/custom-field-values/{ident}",
                        {
                            "data": {
                                "id": ident,
                                "type": "custom-field-values",
                                "attributes": {"value": old},
                            }
                        },
                    )
                else:
                    self._create(reference, ident, old)
            except PrecontractError as exc:
                # Best effort: the whole write-back is retried later anyway.
                logger.warning("Teamtailor: could not undo a partial write: %s", exc)

    def present_approval(self, reference: str, outcome: CheckOutcome) -> None:
        """Nothing to do here: the partner result's link (:meth:`report`) leads to our page."""

    # ------------------------------------------------------------------------------ report

    def report(self, check: CheckRef, report: Report) -> None:
        url = str(check.context.get("update_url") or "")
        result_id = str(check.context.get("partner_result_id") or "")
        if not url or not result_id:
            return
        _check_update_url(url, self.config)
        attributes: dict[str, Any] = {"status": _RESULT_STATUS[report.kind], "url": report.page_url}
        if report.summary:
            attributes["summary"] = report.summary
        if report.kind is ReportKind.COMPLETED and report.score:
            attributes["details"] = report.score
        self.http.request(
            "PATCH",
            url,
            headers=self._headers(self.config.secret("partner_key")),
            json={"data": {"id": result_id, "type": "partner-results", "attributes": attributes}},
        )


def _check_update_url(url: str, config: ConnectionConfig) -> None:
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
        SettingField("api_url", input="url", default="https://api.teamtailor.com"),
        SettingField("api_version", default="20240404"),
    )
    value_types: ClassVar[tuple[ValueType, ...]] = tuple(_FIELD_TYPES)
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
        router = APIRouter(prefix="/ats/teamtailor", tags=["teamtailor"])

        def authenticate(request: Request) -> ConnectionConfig:
            with connector.db.session() as session:
                connection = find_by_inbound_key(session, self.kind, bearer_token(request.headers))
                if connection is None:
                    raise InboundRefused("unauthorized", "unknown or missing provider key")
                return connection_config(connector.box, connection)

        @router.get("/config")
        async def config(request: Request) -> JSONResponse:
            conf = await run_in_threadpool(authenticate, request)
            options = [
                {"label": f"{name} ({EnterpriseNumber.parse(number).formatted})", "value": number}
                for number, name in conf.employers
            ]
            return JSONResponse(
                {
                    "fields": [
                        {
                            "id": "employer",
                            "type": "select",
                            "label": translate("ats.teamtailor.config.employer", conf.language),
                            "required": True,
                            "options": options,
                        }
                    ]
                }
            )

        @router.get("/activation")
        async def activation(request: Request) -> JSONResponse:
            conf = await run_in_threadpool(authenticate, request)
            return JSONResponse({"activated": True, "name": conf.name})

        @router.post("/webhook")
        async def webhook(request: Request) -> JSONResponse:
            conf = await run_in_threadpool(authenticate, request)
            check_date_header(request.headers.get("date"), connector.clock())
            try:
                body = await request.json()
            except ValueError:
                raise InboundRefused("malformed", "the body is not JSON") from None
            event = body.get("partner-event") if isinstance(body, dict) else None
            if not isinstance(event, dict):
                raise InboundRefused("malformed", "partner-event is missing")
            result = event.get("partner-result") or {}
            candidate = event.get("candidate") or {}
            if not event.get("id") or not candidate.get("id") or not result.get("update-url"):
                raise InboundRefused(
                    "malformed", "the partner event lacks its id, candidate or update-url"
                )
            _check_update_url(str(result["update-url"]), conf)
            started = await run_in_threadpool(_start, connector, conf, event, str(request.base_url))
            return JSONResponse(
                {"status": started.status, "url": started.page_url}, status_code=201
            )

        return router


def _start(
    connector: ConnectorPort, conf: ConnectionConfig, event: dict[str, Any], base_url: str
) -> StartedCheck:
    with connector.db.session() as session:
        remember_once(
            session,
            f"teamtailor:{conf.id}",
            str(event["id"]),
            now=connector.clock(),
            ttl=REPLAY_WINDOW,
        )
    candidate = event["candidate"]
    result = event["partner-result"]
    data = event.get("webhook-data") or {}
    employer = str(data.get("employer") or "") if isinstance(data, dict) else ""
    name = f"{candidate.get('first-name') or ''} {candidate.get('last-name') or ''}".strip()
    return connector.start_check(
        conf.id,
        candidate_ref=str(candidate["id"]),
        applicant_name=name,
        applicant_email=candidate.get("email") or None,
        employer=employer or None,
        context={
            "event_id": str(event["id"]),
            "partner_result_id": str(result.get("id") or ""),
            "update_url": str(result["update-url"]),
        },
        actor="teamtailor:" + str((candidate.get("recruiter") or {}).get("email") or conf.name),
        base_url=base_url.rstrip("/"),
    )


PLUGIN = TeamtailorPlugin
