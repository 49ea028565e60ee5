"""Recruitee: the Partners API ``background_check`` kind ("Request background check").

Followed documentation (see ``docs/connector.md``):

- Partners API concepts — https://docs.recruitee.com/reference/partners-api-concepts : the partner's
  URLs receive ``Authorization: Bearer <token>`` where the token is the one *we* give the customer
  to paste into Recruitee; the partner secret (``RT-PARTNER-SECRET``) authorises report updates;
- Sending candidates — https://docs.recruitee.com/reference/sending-candidates : the button POSTs
  ``{first_name, last_name, email, candidate_id, company_id, report_id, test_id, test_name}`` to
  ``partner.urls.send_candidate``; ``partner.urls.tests`` lists what the recruiter may pick (here:
  the tenant's employers);
- Reports — https://docs.recruitee.com/reference/reports : ``PATCH {partner}/api/p/{codename}/reports/
  {report_id}`` with ``RT-PARTNER-SECRET`` and ``{"status": "completed" | "failed" | "canceled",
  "score", "completed_at"}``; "You can also set the report.urls.cancel URL and allow the user to
  cancel the test from Recruitee" — the only ``urls`` key the page documents, so the link to the
  recruiter page goes into a profile field (``request_url``), not the report; ``subtitle`` and
  ``properties`` "are not available for Background Check" partners;
- the company API (``https://api.recruitee.com/c/{company_id}``, ``Authorization: Bearer <personal
  API token>``): the candidate with its profile ``fields``, created with ``POST …/custom_fields/
  candidates/{id}/fields`` ``{"field": {"name", "kind", "values"}}`` and updated with ``PATCH
  …/fields/{field_id}``.

Inbound calls: the bearer token is compared in constant time (via its SHA-256), the
``company_id`` must be the connection's, a ``Date`` header more than five minutes off is stale, and
a ``report_id`` seen before is a replay. A refusal carries a sentence in the connection's language
(partners-api-concepts: "4xx - error, you can show your own error message"). The cancel link
carries an HMAC of the connection and the report: only the link we gave cancels.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import TYPE_CHECKING, Any, ClassVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from precontract.errors import PrecontractError
from precontract.fields import FieldKey, HostField, ValueType
from precontract.i18n import Language, normalise_language, translate
from precontract.identifiers import EnterpriseNumber
from precontract_ats.ats.base import (
    WITHOUT_NISS,
    AtsPlugin,
    ConnectionConfig,
    ReportKind,
    SettingField,
    SetupUrl,
)
from precontract_ats.ats.port import Once
from precontract_ats.ats.recruitee_host import KINDS, RecruiteeHost
from precontract_ats.ats.verify import (
    InboundRefused,
    bearer_token,
    check_date_header,
    json_body,
)
from precontract_ats.services.connections import connection_config, find_by_inbound_key
from precontract_ats.store.models import Check

if TYPE_CHECKING:
    from precontract_ats.ats.port import ConnectorPort, StartedCheck

__all__ = ["PLUGIN", "RecruiteeHost", "RecruiteePlugin"]

REPLAY_WINDOW = dt.timedelta(days=400)
_FOLLOWED = ("starting", "needs_niss", "needs_approval", "pending")


def cancel_signature(key: bytes, connection_id: int, report_id: str) -> str:
    return hmac.new(key, f"cancel:{connection_id}:{report_id}".encode(), hashlib.sha256).hexdigest()


class RecruiteePlugin(AtsPlugin):
    kind: ClassVar[str] = "recruitee"
    title: ClassVar[str] = "Recruitee"
    setting_fields: ClassVar[tuple[SettingField, ...]] = (
        SettingField("company_id"),
        SettingField("codename"),
        SettingField("api_token", secret=True, input="password"),
        SettingField("partner_secret", secret=True, input="password"),
        SettingField("api_url", input="url", default="https://api.recruitee.com"),
        SettingField("partner_url", input="url", default="https://integrations.recruitee.com"),
        SettingField("ssin_field", required=False),
        WITHOUT_NISS,
    )
    value_types: ClassVar[tuple[ValueType, ...]] = tuple(KINDS)

    def default_mapping(self, lang: Language) -> dict[FieldKey, HostField]:
        # Every value a recruiter reads, named by its label; the ids stay in the connector's store.
        return {
            key: HostField(key.label(lang), self.default_type(key))
            for key in FieldKey
            if key not in (FieldKey.REQUEST_ID, FieldKey.MANDATE_ID)
        }

    def host(self, config: ConnectionConfig) -> RecruiteeHost:
        return RecruiteeHost(config, self.http)

    def setup_urls(self, base_url: str, config: ConnectionConfig) -> list[SetupUrl]:
        return [
            SetupUrl(
                "ats.recruitee.url.send_candidate",
                f"{base_url}/ats/recruitee/send_candidate",
                "ats.recruitee.url.hint",
            ),
            SetupUrl(
                "ats.recruitee.url.tests",
                f"{base_url}/ats/recruitee/tests",
                "ats.recruitee.url.hint",
            ),
        ]

    def router(self, connector: ConnectorPort) -> APIRouter:
        router = APIRouter(prefix="/ats/recruitee", tags=["recruitee"])
        plugin = self

        def authenticate(request: Request) -> ConnectionConfig:
            with connector.db.session() as session:
                connection = find_by_inbound_key(session, self.kind, bearer_token(request.headers))
                if connection is None:
                    raise InboundRefused("unauthorized", "unknown or missing customer token")
                return connection_config(connector.box, connection)

        @router.get("/tests")
        async def tests(request: Request) -> JSONResponse:
            conf = await run_in_threadpool(authenticate, request)
            return JSONResponse(
                [
                    {"id": number, "name": _test_name(name, number, conf.language)}
                    for number, name in conf.employers
                ]
            )

        @router.post("/send_candidate")
        async def send_candidate(request: Request) -> JSONResponse:
            lang: Language = normalise_language(request.headers.get("accept-language"))
            try:
                conf = await run_in_threadpool(authenticate, request)
                lang = conf.language
                check_date_header(request.headers.get("date"), connector.clock())
                body = await json_body(request)
                if not isinstance(body, dict):
                    raise InboundRefused("malformed", "the body is not a JSON object")
                for name in ("candidate_id", "company_id", "report_id"):
                    if body.get(name) in (None, ""):
                        raise InboundRefused("malformed", f"{name} is missing")
                started = await run_in_threadpool(
                    _start, plugin, connector, conf, body, str(request.base_url)
                )
            except PrecontractError as exc:
                status = exc.status if isinstance(exc, InboundRefused) else 422
                reason = exc.reason if isinstance(exc, InboundRefused) else type(exc).__name__
                # "message" for the recruiter, "detail" (English) for whoever reads the logs.
                return JSONResponse(
                    {"error": reason, "message": exc.user_message(lang), "detail": exc.message},
                    status_code=status,
                )
            return JSONResponse(
                {"status": started.status, "report_url": started.page_url}, status_code=201
            )

        def cancel(connection_id: int, report_id: str, sig: str) -> tuple[bool, Language]:
            expected = cancel_signature(connector.action_key, connection_id, report_id)
            if not hmac.compare_digest(expected, sig):
                raise InboundRefused("unauthorized", "the cancel link is not genuine")
            with connector.db.session() as session:
                recent = session.scalars(
                    select(Check)
                    .where(Check.connection_id == connection_id)
                    .order_by(Check.id.desc())
                    .limit(200)
                ).all()
                check = next(
                    (c for c in recent if (c.context or {}).get("report_id") == report_id), None
                )
                if check is None:
                    raise InboundRefused("forbidden", "no check for this report")
                lang = normalise_language(check.connection.language)
                if check.status not in _FOLLOWED:
                    return False, lang
                check.status = "cancelled"
                check.follow_until = connector.clock()
                check.next_poll_at = None
                check_id = check.id
            connector.queue_report(check_id, ReportKind.CANCELED)
            return True, lang

        @router.api_route("/{connection_id}/cancel/{report_id}", methods=["GET", "POST"])
        async def cancel_link(
            request: Request, connection_id: int, report_id: str, sig: str = ""
        ) -> Response:
            """The report's ``urls.cancel``: Recruitee's user cancels the check."""
            done, lang = await run_in_threadpool(cancel, connection_id, report_id, sig)
            text = translate(
                "ats.recruitee.canceled" if done else "ats.recruitee.cancel_too_late", lang
            )
            if request.method == "POST":
                return JSONResponse({"status": "canceled" if done else "ended", "message": text})
            return HTMLResponse(f"<!doctype html><meta charset=utf-8><p>{text}</p>")

        return router


def _test_name(name: str, number: str, lang: Language) -> str:
    return translate(
        "ats.recruitee.test_name", lang, name=name, number=EnterpriseNumber.parse(number).formatted
    )


def _start(
    plugin: RecruiteePlugin,
    connector: ConnectorPort,
    conf: ConnectionConfig,
    body: dict[str, Any],
    base_url: str,
) -> StartedCheck:
    if str(body["company_id"]) != conf.setting("company_id"):
        raise InboundRefused("forbidden", "the company_id is not this connection's")
    test_id = str(body.get("test_id") or "")
    employers = {number for number, _ in conf.employers}
    name = " ".join(str(body.get(k) or "").strip() for k in ("first_name", "last_name")).strip()
    report_id = str(body["report_id"])
    ssin = (
        plugin.host(conf).read_ssin(str(body["candidate_id"]))
        if conf.setting("ssin_field")
        else None
    )
    sig = cancel_signature(connector.action_key, conf.id, report_id)
    root = (connector.settings.base_url or base_url).rstrip("/")
    return connector.start_check(
        conf.id,
        candidate_ref=str(body["candidate_id"]),
        applicant_name=name,
        applicant_email=body.get("email") or None,
        ssin=ssin,
        employer=test_id if test_id in employers else None,
        context={
            "report_id": report_id,
            "test_id": test_id,
            "cancel_url": f"{root}/ats/recruitee/{conf.id}/cancel/{report_id}?sig={sig}",
        },
        actor=f"recruitee:{body.get('company_id')}",
        base_url=base_url.rstrip("/"),
        # Remembered with the check: a call refused before it was stored may come again.
        once=Once(f"recruitee:{conf.id}", str(body["report_id"]), REPLAY_WINDOW),
    )


PLUGIN = RecruiteePlugin
