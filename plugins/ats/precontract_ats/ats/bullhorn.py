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

import base64
import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from precontract.errors import PrecontractError
from precontract.fields import FieldKey, HostField, IncompatibleField, ValueType
from precontract.i18n import Language, normalise_language, translate
from precontract.identifiers import Ssin
from precontract.outcome import Applicant, CheckOutcome
from precontract_ats.ats import bullhorn_texts  # noqa: F401 - registers the texts
from precontract_ats.ats.base import (
    WITHOUT_NISS,
    AtsHost,
    AtsPlugin,
    AtsSsinInvalid,
    CheckRef,
    ConnectionConfig,
    Finding,
    Report,
    ReportKind,
    SettingField,
    SetupUrl,
    ssin_in_field,
)
from precontract_ats.ats.bullhorn_session import BullhornSession, session_for
from precontract_ats.ats.http import AtsError, AtsHttp
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

TEXT_MAX = 100  # entityref/_candidate.md: customText1 to 20 | String (100)
NOTE_ACTION_MAX = 30  # entityref/_note.md: action | String (30)
# The dataType meta/Candidate gives each kind of mapped field (_meta.md, "dataType").
_DATA_TYPES: dict[ValueType, str] = {
    ValueType.DATETIME: "Timestamp",
    ValueType.TEXT: "String",
    ValueType.INT: "Integer",
}

_FIELD_PATTERNS: dict[ValueType, re.Pattern[str]] = {
    ValueType.DATETIME: re.compile(r"^customDate([1-9]|1[0-3])$"),
    ValueType.TEXT: re.compile(r"^customText([1-9]|[1-3][0-9]|40)$"),
    ValueType.INT: re.compile(r"^customInt([1-9]|1[0-9]|2[0-3])$"),
}
ACTION_WINDOW = dt.timedelta(minutes=15)
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
        try:
            _, rest = self.session.data_centre()
            meta = self.session.call(
                "GET", "meta/Candidate", params={"fields": ",".join(["id", *names])}
            )
        except AtsError as exc:
            return [
                Finding(
                    "credentials",
                    False,
                    "ats.test.credentials_refused",
                    {"ats": "Bullhorn", "status": str(exc.status)},
                )
            ]
        except PrecontractError as exc:
            return [Finding.failed("credentials", exc)]
        findings = [
            Finding("credentials", True, "ats.test.credentials_ok", {"ats": "Bullhorn"}),
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
