"""The endpoints Teamtailor calls on us, as ``Teamtailor/tt-partner-docs`` describes them.

- ``GET /config`` — partners/webhook_config/_index.md.erb: ``{"config": {"fields": [...]}}``, a
  ``select`` field with ``options`` ``{id, label}``; a problem is shown as an ``error`` field
  (the docs' own middleware example answers so, with status 200);
- ``GET /activation`` — partners/webhook_activation_config/_index.md.erb ("Dynamic config") and
  partners/custom_field_mapping/_index.md.erb: the activation form, with ``customFieldMapping``
  so that Teamtailor creates (or lets the user map) the fields we write, and the ``default_key``
  field carrying the provider key the administrator copies into the connector;
- ``POST /webhook`` — partners/_webhooks.md.erb: the partner event; a 2xx reply may carry
  ``partner_result_attributes`` (status, details, attachments), an error is a plain string with a
  status >= 400 that Teamtailor shows in the partner result; partners/_webhook_signatures.md.erb:
  with a secret key configured, ``Teamtailor-Signature`` must be valid;
- ``POST /recheck`` — partners/partner_results/_index.md.erb ("Action object"): the result card's
  "Check again" button POSTs the original partner event to ``{base-url}/{endpoint}``.

Every call carries ``Authorization: Bearer <provider key>``; the key is compared in constant time
(via its SHA-256). A ``Date`` header more than five minutes off is stale, a partner event id
seen before is a replay — answered with what the first delivery started, since Teamtailor retries
a webhook until it gets a 2xx (the recheck repeats the event on purpose and starts anew) — an
``update-url`` outside the configured Teamtailor API is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from precontract.errors import PrecontractError
from precontract.i18n import Language, normalise_language, translate
from precontract.identifiers import EnterpriseNumber
from precontract_ats.ats.base import ConnectionConfig, Report, ReportKind
from precontract_ats.ats.port import Once
from precontract_ats.ats.teamtailor_host import MAPPING_TYPES
from precontract_ats.ats.teamtailor_result import RECHECK_ENDPOINT, check_update_url
from precontract_ats.ats.verify import (
    InboundRefused,
    bearer_token,
    check_date_header,
    check_signature_v1,
    json_body,
)
from precontract_ats.services.connections import connection_config, find_by_inbound_key

if TYPE_CHECKING:
    from precontract_ats.ats.port import ConnectorPort, StartedCheck
    from precontract_ats.ats.teamtailor import TeamtailorPlugin

__all__ = ["partner_router"]

REPLAY_WINDOW = dt.timedelta(days=400)
_IN_PROGRESS = ("starting", "needs_niss", "needs_approval", "pending")


def _result_kind(status: str) -> ReportKind:
    if status == "result":
        return ReportKind.COMPLETED
    if status == "needs_niss":
        return ReportKind.NEEDS_NISS
    if status in _IN_PROGRESS:
        return ReportKind.LINK
    return ReportKind.FAILED


def partner_router(plugin: TeamtailorPlugin, connector: ConnectorPort) -> APIRouter:
    router = APIRouter(prefix="/ats/teamtailor", tags=["teamtailor"])

    def connection(request: Request) -> ConnectionConfig | None:
        with connector.db.session() as session:
            found = find_by_inbound_key(session, plugin.kind, bearer_token(request.headers))
            return connection_config(connector.box, found) if found is not None else None

    def authenticate(request: Request) -> ConnectionConfig:
        conf = connection(request)
        if conf is None:
            raise InboundRefused("unauthorized", "unknown or missing provider key")
        return conf

    def visitor_language(request: Request) -> Language:
        return normalise_language(request.headers.get("accept-language"))

    @router.get("/config")
    async def config(request: Request) -> JSONResponse:
        conf = await run_in_threadpool(connection, request)
        if conf is None:
            message = translate("ats.teamtailor.config.refused", visitor_language(request))
            return JSONResponse({"config": {"fields": [{"type": "error", "message": message}]}})
        options = [
            {"id": number, "label": f"{name} ({EnterpriseNumber.parse(number).formatted})"}
            for number, name in conf.employers
        ]
        return JSONResponse(
            {
                "config": {
                    "fields": [
                        {
                            "id": "employer",
                            "type": "select",
                            "label": translate("ats.teamtailor.config.employer", conf.language),
                            "placeholder": translate(
                                "ats.teamtailor.config.employer_placeholder", conf.language
                            ),
                            "required": True,
                            "options": options,
                        }
                    ]
                }
            }
        )

    @router.get("/activation")
    async def activation(request: Request) -> JSONResponse:
        # Nothing secret here: before activation the provider key is not known to us yet, so an
        # unknown caller gets the default form in its language.
        conf = await run_in_threadpool(connection, request)
        lang = conf.language if conf is not None else visitor_language(request)
        mapping = conf.mapping.fields if conf is not None else plugin.default_mapping(lang)
        return JSONResponse(
            {
                "config": {
                    "fields": [
                        {
                            "type": "infobox",
                            "icon": "info",
                            "content": translate("ats.teamtailor.activation.info", lang),
                        },
                        {
                            "id": "default_key",
                            "type": "text",
                            "label": translate("ats.teamtailor.provider_key", lang),
                            "description": translate("ats.teamtailor.provider_key.help", lang),
                        },
                    ],
                    "customFieldMapping": [
                        {"name": host.name, "type": MAPPING_TYPES[host.type], "apiName": host.name}
                        for host in mapping.values()
                        if host.type in MAPPING_TYPES
                    ],
                }
            }
        )

    async def partner_event(request: Request, *, recheck: bool) -> Response:
        lang = visitor_language(request)
        try:
            conf = await run_in_threadpool(authenticate, request)
            lang = conf.language
            check_date_header(request.headers.get("date"), connector.clock())
            body = await json_body(request)
            event = body.get("partner-event") if isinstance(body, dict) else None
            if not isinstance(event, dict):
                raise InboundRefused("malformed", "partner-event is missing")
            result = event.get("partner-result") or {}
            candidate = event.get("candidate") or {}
            if not event.get("id") or not candidate.get("id") or not result.get("update-url"):
                raise InboundRefused(
                    "malformed", "the partner event lacks its id, candidate or update-url"
                )
            secret = conf.secret("webhook_secret")
            if secret:
                check_signature_v1(
                    request.headers.get("teamtailor-signature"),
                    str(event["id"]),
                    secret,
                    now=connector.clock(),
                )
            check_update_url(str(result["update-url"]), conf)
            # Teamtailor delivers a webhook up to three times until it gets a 2xx
            # (partners/_webhooks.md.erb, "Error handling"): the same event again answers what
            # the first one started (the event id is stored with its check), instead of an
            # error in the partner result.
            started = await run_in_threadpool(
                _start, plugin, connector, conf, event, str(request.base_url), recheck
            )
        except PrecontractError as exc:
            # partners/_webhooks.md.erb: "To render an error message in the partner result you
            # need to return a plain string with a status code >=400."
            status = exc.status if isinstance(exc, InboundRefused) else 422
            return PlainTextResponse(exc.user_message(lang), status_code=status)
        host = plugin.host(conf)
        attributes = host.result_attributes(
            Report(kind=_result_kind(started.status), page_url=started.page_url)
        )
        # The webhook reply's partner_result_attributes documents status, assessment, details and
        # attachments only: the link and the summary follow through the update-url.
        reply = {k: v for k, v in attributes.items() if k in ("status", "details", "attachments")}
        return JSONResponse({"partner_result_attributes": reply}, status_code=200)

    @router.post("/webhook")
    async def webhook(request: Request) -> Response:
        return await partner_event(request, recheck=False)

    @router.post(f"/{RECHECK_ENDPOINT}")
    async def recheck(request: Request) -> Response:
        return await partner_event(request, recheck=True)

    return router


def _start(
    plugin: TeamtailorPlugin,
    connector: ConnectorPort,
    conf: ConnectionConfig,
    event: dict[str, Any],
    base_url: str,
    recheck: bool,
) -> StartedCheck:
    candidate = event["candidate"]
    result = event["partner-result"]
    data = event.get("webhook-data") or {}
    employer = str(data.get("employer") or "") if isinstance(data, dict) else ""
    name = f"{candidate.get('first-name') or ''} {candidate.get('last-name') or ''}".strip()
    recruiter = candidate.get("recruiter") or {}
    triggered_by = (candidate.get("job") or {}).get("triggered-by") or {}
    # A NISS the company keeps in a custom field binds the request from the start.
    ssin = plugin.host(conf).read_ssin(str(candidate["id"])) if conf.setting("ssin_field") else None
    return connector.start_check(
        conf.id,
        candidate_ref=str(candidate["id"]),
        applicant_name=name,
        applicant_email=candidate.get("email") or None,
        ssin=ssin,
        employer=employer or None,
        context={
            "event_id": str(event["id"]),
            "partner_result_id": str(result.get("id") or ""),
            "update_url": str(result["update-url"]),
        },
        actor="teamtailor:" + str(triggered_by.get("email") or recruiter.get("email") or conf.name),
        base_url=base_url.rstrip("/"),
        # Remembered with the check (the recheck repeats the event on purpose: a new check).
        once=None if recheck else Once(f"teamtailor:{conf.id}", str(event["id"]), REPLAY_WINDOW),
    )
