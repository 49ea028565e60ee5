"""Bullhorn: a custom tab (or menu action) on the Candidate, and the Candidate's custom fields.

Followed documentation (see ``docs/connector.md``):

- Custom tabs and menu actions — https://bullhorn.github.io/Custom-Tabs-and-Menu-Actions/ : the tab
  is an IFRAME loading a configured URL, to which Bullhorn appends the context (``EntityType``,
  ``EntityID``, ``UserID``, ``CorporationID``, ``PrivateLabelID``); Bullhorn pushes nothing else;
- REST API (``bullhorn/rest-api-docs``): the login in :mod:`.bullhorn_session`;
  ``GET {restUrl}entity/Candidate/{id}?fields=…`` and ``POST {restUrl}entity/Candidate/{id}``
  with the fields to change (source/includes/_entity.md); entityref/_candidate.md:
  ``customDate*`` are timestamps in epoch milliseconds, ``customText*`` ``String (100)``,
  ``customInt*`` integers, the candidate's ``ssn`` (``String (18)``) may hold the NISS;
  entityref/_note.md: a ``Note`` (``PUT entity/Note`` with ``personReference``, ``comments``,
  ``action`` ``String (30)``, ``externalID`` ``String (100)``) is the audit a Bullhorn user
  reads on the candidate's Notes tab — one per check, updated as it goes and emptied when the
  window ends (``query/Note`` by its ``externalID``); _meta.md: ``GET meta/Candidate?fields=…``
  names each field's ``dataType`` and ``maxLength`` (the connection test).

The tab's address carries a secret key (made by us, compared in constant time via its SHA-256);
the ``CorporationID`` must be the connection's and the candidate must exist in the tenant's own
Bullhorn (read through its API), or the page is refused. The "Check" button posts a one-time token
(HMAC-signed, ten minutes, remembered once): a stale or replayed post is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from precontract.errors import PrecontractError
from precontract.fields import FieldKey, HostField, IncompatibleField, ValueType
from precontract.i18n import Language, normalise_language
from precontract.outcome import Applicant
from precontract_ats.ats.base import (
    WITHOUT_NISS,
    AtsPlugin,
    AtsSsinInvalid,
    ConnectionConfig,
    SettingField,
    SetupUrl,
)
from precontract_ats.ats.bullhorn_host import BullhornHost
from precontract_ats.ats.bullhorn_session import BullhornSession
from precontract_ats.ats.http import AtsError
from precontract_ats.ats.port import Once
from precontract_ats.ats.verify import (
    InboundRefused,
    read_action,
    same_token_hash,
    sign_action,
)
from precontract_ats.services.connections import connection_config
from precontract_ats.store.models import Check, Connection

if TYPE_CHECKING:
    from precontract_ats.ats.port import ConnectorPort, StartedCheck
    from precontract_ats.web.bullhorn_pages import BullhornPages

__all__ = ["PLUGIN", "BullhornHost", "BullhornPlugin", "BullhornSession"]

_FIELD_PATTERNS: dict[ValueType, re.Pattern[str]] = {
    ValueType.DATETIME: re.compile(r"^customDate([1-9]|1[0-3])$"),
    ValueType.TEXT: re.compile(r"^customText([1-9]|[1-3][0-9]|40)$"),
    ValueType.INT: re.compile(r"^customInt([1-9]|1[0-9]|2[0-3])$"),
}
ACTION_WINDOW = dt.timedelta(minutes=15)


class BullhornPlugin(AtsPlugin):
    kind: ClassVar[str] = "bullhorn"
    title: ClassVar[str] = "Bullhorn"
    setting_fields: ClassVar[tuple[SettingField, ...]] = (
        SettingField("corporation_id"),
        SettingField("client_id"),
        SettingField("client_secret", secret=True, input="password"),
        SettingField("username"),
        SettingField("password", secret=True, input="password"),
        SettingField("login_url", input="url", default="https://rest.bullhornstaffing.com"),
        SettingField("note_action", required=False),
        WITHOUT_NISS,
    )
    value_types: ClassVar[tuple[ValueType, ...]] = tuple(_FIELD_PATTERNS)
    attaches_proof: ClassVar[bool] = True

    def default_mapping(self, lang: Language) -> dict[FieldKey, HostField]:
        names = {
            FieldKey.FLEXI_ELIGIBLE: "customText11",
            FieldKey.FLEXI_CONSULTABLE_UNTIL: "customDate11",
            FieldKey.STUDENT_HOURS_REMAINING: "customInt11",
            FieldKey.STUDENT_CONSULTABLE_UNTIL: "customDate12",
            FieldKey.MANDATE_STATUS: "customText12",
        }
        return {key: HostField(name, self.default_type(key)) for key, name in names.items()}

    def check_mapping(self, mapping: Any) -> None:
        super().check_mapping(mapping)
        for key, host in mapping.fields.items():
            if not _FIELD_PATTERNS[host.type].match(host.name):
                raise IncompatibleField(
                    f"{key.value}: Bullhorn {host.type.value} fields are "
                    f"{_FIELD_PATTERNS[host.type].pattern.strip('^$')}, not {host.name!r}"
                )

    def host(self, config: ConnectionConfig) -> BullhornHost:
        return BullhornHost(config, self.http)

    def tab_url(self, base_url: str, connection_id: int, key: str) -> str:
        return f"{base_url}/ats/bullhorn/{connection_id}/tab?key={key}"

    def inbound_key_to_copy(self, base_url: str, connection_id: int, key: str) -> str:
        return self.tab_url(base_url, connection_id, key)

    def setup_urls(self, base_url: str, config: ConnectionConfig) -> list[SetupUrl]:
        return [
            SetupUrl(
                "ats.bullhorn.url.tab",
                self.tab_url(base_url, config.id, "<key>"),
                "ats.bullhorn.url.hint",
            )
        ]

    def router(self, connector: ConnectorPort) -> APIRouter:
        router = APIRouter(prefix="/ats/bullhorn", tags=["bullhorn"])
        pages = connector_pages(connector)

        def verify(
            connection_id: int, params: Mapping[str, str]
        ) -> tuple[ConnectionConfig, Applicant]:
            with connector.db.session() as session:
                connection = session.get(Connection, connection_id)
                if (
                    connection is None
                    or connection.kind != self.kind
                    or not connection.enabled
                    or not same_token_hash(params.get("key"), connection.inbound_key_hash)
                ):
                    raise InboundRefused("unauthorized", "the tab's key is not this connection's")
                config = connection_config(connector.box, connection)
            if params.get("CorporationID", "") != config.setting("corporation_id"):
                raise InboundRefused("forbidden", "the corporation is not this connection's")
            if params.get("EntityType", "Candidate") != "Candidate":
                raise InboundRefused("forbidden", "the tab works on candidates only")
            entity = params.get("EntityID", "")
            if not entity.isdigit():
                raise InboundRefused("malformed", "EntityID is not a candidate id")
            try:
                applicant = self.host(config).read_applicant(entity)
            except AtsError as exc:
                if exc.status == 404:
                    raise InboundRefused(
                        "forbidden", "no such candidate in this Bullhorn"
                    ) from None
                raise
            return config, applicant

        @router.get("/{connection_id}/tab")
        async def tab(request: Request, connection_id: int) -> Response:
            params = dict(request.query_params)
            lang = normalise_language(params.get("lang") or request.headers.get("accept-language"))
            try:
                config, applicant = await run_in_threadpool(verify, connection_id, params)
            except InboundRefused as exc:
                return pages.refused(lang, exc.status)
            except AtsSsinInvalid as exc:  # said before anything is asked of social security
                return pages.refused(lang, 422, message=exc.user_message(lang))
            latest = await run_in_threadpool(
                _latest_check, connector, connection_id, applicant.reference
            )
            token = sign_action(
                connector.action_key,
                {"c": connection_id, "e": applicant.reference, "u": params.get("UserID", "")},
                now=connector.clock(),
            )
            return HTMLResponse(pages.tab(config, applicant, latest, token, lang))

        @router.post("/{connection_id}/check")
        async def check(request: Request, connection_id: int) -> Response:
            form = await request.form()
            lang = normalise_language(str(form.get("lang") or ""))
            try:
                payload = read_action(
                    connector.action_key, str(form.get("token") or ""), now=connector.clock()
                )
                if payload.get("c") != connection_id:
                    raise InboundRefused("forbidden", "the token is for another connection")
                # The token's nonce is remembered with the check it starts: the same press
                # sent again (its answer lost) leads to that check's page, not a refusal.
                started = await run_in_threadpool(
                    _start,
                    connector,
                    self,
                    connection_id,
                    str(payload["e"]),
                    str(form.get("employer") or ""),
                    str(payload.get("u") or ""),
                    str(request.base_url),
                    Once(
                        f"bullhorn:{connection_id}", str(payload.get("nonce") or ""), ACTION_WINDOW
                    ),
                )
            except InboundRefused as exc:
                return pages.refused(lang, exc.status, expired=exc.reason in ("stale", "replay"))
            except PrecontractError as exc:  # e.g. an invalid ssn: nothing was stored or asked
                return pages.refused(lang, 422, message=exc.user_message(lang))
            return RedirectResponse(f"/r/{started.token}?lang={lang}&embedded=1", status_code=303)

        return router


def _latest_check(connector: ConnectorPort, connection_id: int, candidate: str) -> Check | None:
    from sqlalchemy import select

    with connector.db.session() as session:
        return session.scalars(
            select(Check)
            .where(Check.connection_id == connection_id, Check.candidate_ref == candidate)
            .order_by(Check.id.desc())
            .limit(1)
        ).first()


def _start(
    connector: ConnectorPort,
    plugin: BullhornPlugin,
    connection_id: int,
    candidate: str,
    employer: str,
    user: str,
    base_url: str,
    once: Once,
) -> StartedCheck:
    with connector.db.session() as session:
        connection = session.get(Connection, connection_id)
        assert connection is not None
        config = connection_config(connector.box, connection)
    try:
        applicant = plugin.host(config).read_applicant(candidate)
    except AtsSsinInvalid:
        raise
    except PrecontractError:
        applicant = Applicant(reference=candidate)
    return connector.start_check(
        connection_id,
        candidate_ref=candidate,
        applicant_name=applicant.name,
        applicant_email=applicant.email,
        ssin=applicant.ssin,
        employer=employer or None,
        context={"user_id": user},
        actor=f"bullhorn:user {user}" if user else "bullhorn",
        base_url=base_url.rstrip("/"),
        once=once,
    )


def connector_pages(connector: ConnectorPort) -> BullhornPages:
    """The HTML of the tab (the web package's templates), imported late to keep layers apart."""
    from precontract_ats.web.bullhorn_pages import BullhornPages

    return BullhornPages(connector)


PLUGIN = BullhornPlugin
