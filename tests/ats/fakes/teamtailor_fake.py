"""A fake of Teamtailor as strict as its published contract, served over real HTTP.

Each route names the document it follows; paths are files of the vendor's public repositories
``Teamtailor/docs`` (the public API) and ``Teamtailor/tt-partner-docs`` (the partner API). What
the documents refuse, the fake refuses: a page size over 30, a key in the wrong scheme, a missing
``X-Api-Version``, a ``details`` that is not an object of at most two levels, a status outside
the documented ones, an unknown attribute, a ``PATCH`` of a partner result. What the real API
leaves out, the fake leaves out: a value's ``relationships.custom-field.data`` without
``include=custom-field``.

As the caller of the partner's endpoints it behaves as Teamtailor does: :meth:`trigger` sends a
partner event (signed when a secret is set) and applies the reply's
``partner_result_attributes``; :meth:`press_action` presses a result card's action button;
:meth:`fetch_config` and :meth:`fetch_activation` read the forms and refuse a shape the docs do
not describe.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import hmac
import re
import secrets
import threading
import uuid
from typing import Any
from urllib.parse import urlencode

import requests
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .base import FakeAts

API_VERSION = "20201113"
PARTNER_API_VERSION = "20180828"
MAX_PAGE_SIZE = 30  # Teamtailor/docs source/includes/_pagination.md.erb
DEFAULT_PAGE_SIZE = 10
RESULT_STATUSES = ("sending", "sent", "pending", "completed", "failed")
# tt-partner-docs partners/partner_results/_update.md.erb, "Request attributes"
RESULT_ATTRIBUTES = frozenset(
    {
        "status",
        "summary",
        "job-id",
        "url",
        "assessment",
        "details",
        "attachments",
        "actions",
        "assessment-criteria",
    }
)
# tt-partner-docs partners/_webhooks.md.erb, "Partner Result Attributes object"
REPLY_ATTRIBUTES = frozenset({"status", "assessment", "details", "attachments"})
FIELD_TYPES = (
    "CustomField::Text",
    "CustomField::Email",
    "CustomField::Url",
    "CustomField::Phone",
    "CustomField::Date",
    "CustomField::Checkbox",
    "CustomField::Number",
)
_DEFAULT_FIELDS = {
    "precontract-flexi-eligible": "CustomField::Checkbox",
    "precontract-flexi-period-start": "CustomField::Date",
    "precontract-flexi-period-end": "CustomField::Date",
    "precontract-flexi-consultable-until": "CustomField::Date",
    "precontract-student-hours-remaining": "CustomField::Number",
    "precontract-student-consultable-until": "CustomField::Date",
    "precontract-mandate-status": "CustomField::Text",
    "precontract-checked-at": "CustomField::Text",
}


def _error(status: int, title: str) -> JSONResponse:
    return JSONResponse({"errors": [{"status": str(status), "title": title}]}, status_code=status)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return max((_depth(v) for v in value), default=0)
    return 0


def kebab(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class TeamtailorFake(FakeAts):
    def __init__(self) -> None:
        super().__init__()
        self.provider_key = secrets.token_urlsafe(20)
        self.partner_key = secrets.token_urlsafe(20)
        self.api_key = secrets.token_urlsafe(20)
        self.webhook_secret = ""  # set it to sign the partner events
        self.candidates: dict[str, dict[str, Any]] = {}
        self.custom_fields = {
            str(100 + i): {"api-name": name, "field-type": kind, "name": name}
            for i, (name, kind) in enumerate(_DEFAULT_FIELDS.items())
        }
        self.values: dict[str, dict[str, Any]] = {}  # id → {"field", "owner", "value"}
        self.results: dict[str, dict[str, Any]] = {}
        self.events: dict[str, dict[str, Any]] = {}  # partner result id → the event sent
        self.page_sizes: list[int] = []  # the page[size] of every list call
        self._next = 5000
        self._data_lock = threading.Lock()
        self.app = self._build()

    # ------------------------------------------------------------------------------ test controls

    def add_candidate(self, candidate_id: str, first: str, last: str, email: str) -> None:
        self.candidates[candidate_id] = {
            "first-name": first,
            "last-name": last,
            "email": email,
            "phone": "+32470000001",
        }

    def add_custom_field(self, api_name: str, field_type: str) -> str:
        with self._data_lock:
            self._next += 1
            fid = str(self._next)
        self.custom_fields[fid] = {"api-name": api_name, "field-type": field_type, "name": api_name}
        return fid

    def set_value(self, candidate_id: str, api_name: str, value: Any) -> None:
        fid = next(k for k, f in self.custom_fields.items() if f["api-name"] == api_name)
        with self._data_lock:
            self._next += 1
            self.values[str(self._next)] = {"field": fid, "owner": candidate_id, "value": value}

    def field_values(self, candidate_id: str) -> dict[str, Any]:
        """The candidate's custom-field values as ``api-name → value``."""
        return {
            self.custom_fields[v["field"]]["api-name"]: v["value"]
            for v in self.values.values()
            if v["owner"] == candidate_id
        }

    def signature(self, event_id: str, *, at: dt.datetime | None = None, secret: str = "") -> str:
        """``Teamtailor-Signature`` (tt-partner-docs partners/_webhook_signatures.md.erb)."""
        stamp = str(int((at or dt.datetime.now(dt.UTC)).timestamp()))
        key = (secret or self.webhook_secret).encode()
        v1 = hmac.new(key, f"{stamp}.{event_id}".encode(), hashlib.sha256).hexdigest()
        return f"t={stamp},v1={v1},v0={'0' * 64}"

    def trigger(
        self,
        connector_url: str,
        candidate_id: str,
        *,
        provider_key: str | None = None,
        event_id: str | None = None,
        employer: str | None = None,
        date: dt.datetime | None = None,
        update_url: str | None = None,
        signature: str | None = None,
    ) -> requests.Response:
        """What Teamtailor does when the partner's trigger runs for a candidate
        (tt-partner-docs partners/_webhooks.md.erb, "Expected payload")."""
        result_id = str(uuid.uuid4())
        self.results[result_id] = {"status": "sending", "history": []}
        candidate = self.candidates[candidate_id]
        event_id = event_id or str(uuid.uuid4())
        event = {
            "id": event_id,
            "webhook-data": {"employer": employer} if employer else {},
            "partner-result": {
                "id": result_id,
                "status": "sending",
                "update-url": update_url or f"{self.url}/partner/v1/partner-results/{result_id}",
            },
            "candidate": {
                "id": int(candidate_id),
                "uuid": str(uuid.uuid4()),
                **candidate,
                "tags": [],
                "recruiter": {"name": "Edison Kuhn", "email": "recruiter@example.test"},
                "custom-fields": [],
            },
            "company": {"uuid": "vAXspNm0J2Y", "name": "Bureau Interim"},
        }
        self.events[result_id] = event
        response = self._send(connector_url, "webhook", event, provider_key, date, signature)
        response.result_id = result_id  # type: ignore[attr-defined]
        return response

    def press_action(self, connector_url: str, result_id: str, button_text: str) -> Any:
        """A recruiter presses a result card's action (tt-partner-docs
        partners/partner_results/_index.md.erb, "Action object"): Teamtailor POSTs the original
        partner event to ``{base-url}/{endpoint}``."""
        actions = self.results[result_id].get("actions") or []
        action = next(a for a in actions if a["buttonText"] == button_text)
        return self._send(connector_url, action["endpoint"], self.events[result_id], None, None)

    def _send(
        self,
        connector_url: str,
        endpoint: str,
        event: dict[str, Any],
        provider_key: str | None,
        date: dt.datetime | None,
        signature: str | None = None,
    ) -> requests.Response:
        headers = {"Authorization": f"Bearer {provider_key or self.provider_key}"}
        if date is not None:
            headers["Date"] = email.utils.format_datetime(date.astimezone(dt.UTC), usegmt=True)
        if signature is not None:
            headers["Teamtailor-Signature"] = signature
        elif self.webhook_secret:
            headers["Teamtailor-Signature"] = self.signature(str(event["id"]), at=date)
        response = requests.post(
            f"{connector_url}/ats/teamtailor/{endpoint}",
            json={"partner-event": event},
            headers=headers,
            timeout=30,
        )
        if response.ok and response.content:
            # The reply may update the partner result (partners/_webhooks.md.erb, "Webhook
            # Response"), "only ... if the webhook response contains valid data".
            reply = response.json().get("partner_result_attributes")
            result_id = event["partner-result"]["id"]
            if isinstance(reply, dict):
                problem = _invalid_attributes(reply, REPLY_ATTRIBUTES)
                assert problem is None, f"invalid partner_result_attributes: {problem}"
                self.results[result_id].update(reply)
        return response

    def fetch_config(self, connector_url: str, provider_key: str | None = None) -> list[Any]:
        """``GET {BASE_URL}/config`` as Teamtailor reads it (tt-partner-docs
        partners/webhook_config/_index.md.erb): the fields, or an AssertionError on a shape the
        docs do not describe."""
        response = requests.get(
            f"{connector_url}/ats/teamtailor/config?job_id=123&stage_id=456&user_id=789",
            headers={"Authorization": f"Bearer {provider_key or self.provider_key}"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert isinstance(body, dict), body
        assert set(body) == {"config"}, body
        fields = body["config"]["fields"]
        for item in fields:
            assert item.get("type"), item
            if item["type"] == "select":
                assert item["id"], item
                assert item["label"], item
                for option in item.get("options", []):
                    assert set(option) == {"id", "label"}, option
            if item["type"] == "error":
                assert item.get("message"), item
        return list(fields)

    def fetch_activation(self, connector_url: str, provider_key: str | None = None) -> Any:
        """``GET {BASE_URL}/activation?company_uuid=…`` (partners/webhook_activation_config/
        _index.md.erb, "Dynamic config"; partners/custom_field_mapping/_index.md.erb)."""
        headers = {"Authorization": f"Bearer {provider_key}"} if provider_key else {}
        response = requests.get(
            f"{connector_url}/ats/teamtailor/activation?company_uuid=vAXspNm0J2Y",
            headers=headers,
            timeout=30,
        )
        assert response.status_code == 200, response.text
        config = response.json()["config"]
        for item in config.get("customFieldMapping", []):
            assert {"name", "type", "apiName"} <= set(item), item
            assert item["type"] in (
                "text",
                "number",
                "date",
                "checkbox",
                "select",
                "multiselect",
                "url",
                "phone",
            ), item
            assert item["apiName"] == kebab(item["apiName"]), item
        return config

    # ------------------------------------------------------------------------------ the app

    def _build(self) -> FastAPI:
        app = FastAPI()
        fake = self
        self.record_calls(app, lambda status: {"errors": [{"status": str(status)}]})

        def denied(request: Request, expected: str) -> JSONResponse | None:
            if request.headers.get("authorization") != expected:
                return _error(401, "Unauthorized")
            if not request.headers.get("x-api-version"):
                # Teamtailor/docs _versioning.md.erb: "The X-Api-Version header is required"
                return _error(406, "X-Api-Version missing")
            return None

        def api_denied(request: Request) -> JSONResponse | None:
            # Teamtailor/docs _auth.md.erb: "Authorization: Token token=abc123abc123"
            return denied(request, f"Token token={fake.api_key}")

        def page(request: Request, items: list[dict[str, Any]], path: str) -> Any:
            """Teamtailor/docs _pagination.md.erb: page[size] (default 10, max 30),
            page[number], links first/last/prev/next, meta record-count/page-count."""
            try:
                size = int(request.query_params.get("page[size]", DEFAULT_PAGE_SIZE))
                number = int(request.query_params.get("page[number]", 1))
            except ValueError:
                return _error(400, "Invalid page value")
            if size > MAX_PAGE_SIZE or size < 1:
                return _error(400, f"Invalid page size: {size}, the maximum is {MAX_PAGE_SIZE}")
            fake.page_sizes.append(size)
            pages = max(1, -(-len(items) // size))
            others = {k: v for k, v in request.query_params.items() if not k.startswith("page[")}

            def link(n: int) -> str:
                query = urlencode({**others, "page[number]": n, "page[size]": size})
                return f"{fake.url}{path}?{query}"

            links = {"first": link(1), "last": link(pages)}
            if number > 1:
                links["prev"] = link(number - 1)
            if number < pages:
                links["next"] = link(number + 1)
            return {
                "data": items[(number - 1) * size : number * size],
                "meta": {"record-count": len(items), "page-count": pages},
                "links": links,
            }

        # Teamtailor/docs candidates/_read.md.erb
        @app.get("/v1/candidates/{candidate_id}")
        def candidate(request: Request, candidate_id: str) -> Any:
            if (refused := api_denied(request)) is not None:
                return refused
            if candidate_id not in fake.candidates:
                return _error(404, "Not found")
            return {
                "data": {
                    "id": candidate_id,
                    "type": "candidates",
                    "attributes": fake.candidates[candidate_id],
                }
            }

        def field_resource(fid: str) -> dict[str, Any]:
            return {"id": fid, "type": "custom-fields", "attributes": fake.custom_fields[fid]}

        # Teamtailor/docs custom-fields/_list.md.erb
        @app.get("/v1/custom-fields")
        def custom_fields(request: Request) -> Any:
            if (refused := api_denied(request)) is not None:
                return refused
            items = [field_resource(fid) for fid in fake.custom_fields]
            return page(request, items, "/v1/custom-fields")

        # Teamtailor/docs custom-fields/_create.md.erb: name and field-type required
        @app.post("/v1/custom-fields")
        async def create_field(request: Request) -> Any:
            if (refused := api_denied(request)) is not None:
                return refused
            attributes = ((await request.json()).get("data") or {}).get("attributes") or {}
            if not attributes.get("name") or attributes.get("field-type") not in FIELD_TYPES:
                return _error(422, "name and a valid field-type are required")
            fid = fake.add_custom_field(
                kebab(str(attributes.get("api-name") or attributes["name"])),
                attributes["field-type"],
            )
            fake.custom_fields[fid]["name"] = attributes["name"]
            return JSONResponse({"data": field_resource(fid)}, status_code=201)

        def value_resource(vid: str, *, with_field: bool) -> dict[str, Any]:
            """Teamtailor/docs custom_field_values/_index.md.erb: the relationships carry links;
            their ``data`` only comes with ``include`` (JSON:API)."""
            value = fake.values[vid]
            field_rel: dict[str, Any] = {
                "links": {
                    "self": f"{fake.url}/v1/custom-field-values/{vid}/relationships/custom-field",
                    "related": f"{fake.url}/v1/custom-field-values/{vid}/custom-field",
                }
            }
            if with_field:
                field_rel["data"] = {"type": "custom-fields", "id": value["field"]}
            return {
                "id": vid,
                "type": "custom-field-values",
                "attributes": {
                    "field-type": fake.custom_fields[value["field"]]["field-type"],
                    "value": value["value"],
                },
                "relationships": {
                    "custom-field": field_rel,
                    "owner": {
                        "links": {
                            "related": f"{fake.url}/v1/custom-field-values/{vid}/owner",
                        }
                    },
                },
            }

        # Teamtailor/docs custom_field_values/_list.md.erb (a candidate's values)
        @app.get("/v1/candidates/{candidate_id}/custom-field-values")
        def candidate_values(request: Request, candidate_id: str) -> Any:
            if (refused := api_denied(request)) is not None:
                return refused
            include = request.query_params.get("include", "").split(",")
            with_field = "custom-field" in include
            items = [
                value_resource(vid, with_field=with_field)
                for vid, v in sorted(fake.values.items())
                if v["owner"] == candidate_id
            ]
            body = page(request, items, f"/v1/candidates/{candidate_id}/custom-field-values")
            if isinstance(body, dict) and with_field:
                fids = {i["relationships"]["custom-field"]["data"]["id"] for i in body["data"]}
                body["included"] = [field_resource(fid) for fid in sorted(fids)]
            return body

        def bad_value(field_id: str, value: Any) -> str | None:
            kind = fake.custom_fields[field_id]["field-type"]
            if kind == "CustomField::Checkbox" and not isinstance(value, bool):
                return "a checkbox takes true or false"
            if kind == "CustomField::Date" and not (
                isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            ):
                return "a date is ISO 8601, e.g. 2019-08-28"
            if kind == "CustomField::Number" and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                return "a number field takes a number"
            return None

        # Teamtailor/docs custom_field_values/_create.md.erb: value and both relationships
        @app.post("/v1/custom-field-values")
        async def create_value(request: Request) -> Any:
            if (refused := api_denied(request)) is not None:
                return refused
            data = (await request.json()).get("data") or {}
            try:
                field_id = str(data["relationships"]["custom-field"]["data"]["id"])
                owner = str(data["relationships"]["owner"]["data"]["id"])
                value = data["attributes"]["value"]
            except (KeyError, TypeError):
                return _error(422, "value and both relationships are required")
            if field_id not in fake.custom_fields or owner not in fake.candidates:
                return _error(422, "unknown custom field or owner")
            if (problem := bad_value(field_id, value)) is not None:
                return _error(422, problem)
            if any(v["field"] == field_id and v["owner"] == owner for v in fake.values.values()):
                return _error(422, "has already been taken")
            with fake._data_lock:
                fake._next += 1
                vid = str(fake._next)
                fake.values[vid] = {"field": field_id, "owner": owner, "value": value}
            return JSONResponse({"data": value_resource(vid, with_field=False)}, status_code=201)

        # Teamtailor/docs custom_field_values/_update.md.erb
        @app.patch("/v1/custom-field-values/{vid}")
        async def update_value(request: Request, vid: str) -> Any:
            if (refused := api_denied(request)) is not None:
                return refused
            if vid not in fake.values:
                return _error(404, "Not found")
            data = (await request.json()).get("data") or {}
            if str(data.get("id")) != vid or data.get("type") != "custom-field-values":
                return _error(422, "the id and type must be the resource's")
            value = (data.get("attributes") or {}).get("value")
            if (problem := bad_value(fake.values[vid]["field"], value)) is not None:
                return _error(422, problem)
            fake.values[vid]["value"] = value
            return {"data": value_resource(vid, with_field=False)}

        # Not in Teamtailor/docs (custom_field_values documents list, read, create and update
        # only): the JSON:API delete the connector uses is an assumption — 204, and 404 for a
        # value that does not exist, as the documented update answers (and JSON:API §Deleting)
        @app.delete("/v1/custom-field-values/{vid}")
        def delete_value(request: Request, vid: str) -> Any:
            if (refused := api_denied(request)) is not None:
                return refused
            if fake.values.pop(vid, None) is None:
                return _error(404, "Not found")
            return JSONResponse(None, status_code=204)

        # tt-partner-docs partners/partner_results/_update.md.erb: PUT, Bearer, X-Api-Version
        # (a PATCH has no route here: it answers 405 as an undocumented method would)
        @app.put("/partner/v1/partner-results/{result_id}")
        async def update_result(request: Request, result_id: str) -> Any:
            if (refused := denied(request, f"Bearer {fake.partner_key}")) is not None:
                return refused
            if result_id not in fake.results:
                return _error(404, "Not found")
            data = (await request.json()).get("data") or {}
            if data.get("type") != "partner-results" or data.get("id") != result_id:
                return _error(422, "the id and type must be the resource's")
            attributes = data.get("attributes") or {}
            if (problem := _invalid_attributes(attributes, RESULT_ATTRIBUTES)) is not None:
                return _error(422, problem)
            result = fake.results[result_id]
            result.update(attributes)
            result["history"].append(attributes)
            return {
                "data": {
                    "id": result_id,
                    "type": "partner-results",
                    "attributes": {k: v for k, v in result.items() if k != "history"},
                }
            }

        return app


def _invalid_attributes(attributes: dict[str, Any], allowed: frozenset[str]) -> str | None:
    """What the partner docs refuse in a partner result's attributes, or None."""
    unknown = set(attributes) - allowed
    if unknown:
        return f"unknown attributes: {', '.join(sorted(unknown))}"
    if "status" in attributes and attributes["status"] not in RESULT_STATUSES:
        return f"status must be one of {', '.join(RESULT_STATUSES)}"
    if "details" in attributes:
        details = attributes["details"]
        if not isinstance(details, dict):
            return "details must be an object"
        if _depth(details) > 2:
            return "details may be at most 2 levels deep"
    if "url" in attributes and not re.match(r"^https?://", str(attributes["url"])):
        return "url must be a valid HTTP or HTTPS URL"
    for item in attributes.get("attachments") or []:
        if not isinstance(item, dict) or set(item) != {"url", "description"}:
            return "an attachment has exactly url and description"
    for item in attributes.get("actions") or []:
        if not isinstance(item, dict) or set(item) != {"buttonText", "endpoint"}:
            return "an action has buttonText and endpoint"
    return None
