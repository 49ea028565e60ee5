"""A faithful fake of Teamtailor for the connector's tests, served over real HTTP.

Follows the documented shapes:

- Teamtailor Partner API (https://partner.teamtailor.com/partners): when a trigger runs, Teamtailor
  POSTs ``{"partner-event": {"id", "webhook-data", "partner-result": {"id", "status": "sending",
  "update-url"}, "candidate": {"id", "first-name", "last-name", "email", ...}}}`` to the partner's
  ``{BASE_URL}/webhook`` with ``Authorization: Bearer <provider key>``
  (:meth:`TeamtailorFake.trigger`); it calls ``GET {BASE_URL}/config`` and ``GET
  {BASE_URL}/activation`` the same way; the partner updates the partner result at its
  ``update-url`` (JSON:API ``partner-results``);
- Teamtailor API (https://docs.teamtailor.com): JSON:API (``application/vnd.api+json``),
  ``Authorization: Token token=<key>`` and ``X-Api-Version``; ``GET /v1/candidates/{id}``,
  ``GET /v1/custom-fields`` (``api-name``, ``field-type``), ``GET
  /v1/candidates/{id}/custom-field-values``, ``POST /v1/custom-field-values`` with the
  relationships ``custom-field`` and ``owner``, ``PATCH``/``DELETE /v1/custom-field-values/{id}``.

Faults: :meth:`fail` makes the next calls to a path prefix answer an error status.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import secrets
import uuid
from typing import Any

import requests
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .base import FakeAts

API_VERSION = "20240404"
_TYPES = {
    "precontract-flexi-eligible": "CustomField::Checkbox",
    "precontract-flexi-period-start": "CustomField::Date",
    "precontract-flexi-period-end": "CustomField::Date",
    "precontract-flexi-consultable-until": "CustomField::Date",
    "precontract-student-hours-remaining": "CustomField::Number",
    "precontract-student-consultable-until": "CustomField::Date",
    "precontract-mandate-status": "CustomField::Text",
    "precontract-checked-at": "CustomField::Text",
}


class TeamtailorFake(FakeAts):
    def __init__(self) -> None:
        super().__init__()
        self.provider_key = secrets.token_urlsafe(20)
        self.partner_key = secrets.token_urlsafe(20)
        self.api_key = secrets.token_urlsafe(20)
        self.candidates: dict[str, dict[str, Any]] = {}
        self.custom_fields = {
            str(100 + i): {"api-name": name, "field-type": kind, "name": name}
            for i, (name, kind) in enumerate(_TYPES.items())
        }
        self.values: dict[str, dict[str, Any]] = {}  # id → {"field", "owner", "value"}
        self.results: dict[str, dict[str, Any]] = {}
        self._next = 5000
        self.app = self._build()

    # ------------------------------------------------------------------------------ test controls

    def add_candidate(self, candidate_id: str, first: str, last: str, email: str) -> None:
        self.candidates[candidate_id] = {
            "first-name": first,
            "last-name": last,
            "email": email,
            "phone": "+32470000001",
        }

    def field_values(self, candidate_id: str) -> dict[str, Any]:
        """The candidate's custom-field values as ``api-name → value``."""
        return {
            self.custom_fields[v["field"]]["api-name"]: v["value"]
            for v in self.values.values()
            if v["owner"] == candidate_id
        }

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
    ) -> requests.Response:
        """What Teamtailor does when the partner's trigger runs for a candidate."""
        result_id = str(uuid.uuid4())
        self.results[result_id] = {"status": "sending", "history": []}
        candidate = self.candidates[candidate_id]
        headers = {"Authorization": f"Bearer {provider_key or self.provider_key}"}
        if date is not None:
            headers["Date"] = email.utils.format_datetime(date.astimezone(dt.UTC), usegmt=True)
        body = {
            "partner-event": {
                "id": event_id or str(uuid.uuid4()),
                "webhook-data": {"employer": employer} if employer else {},
                "partner-result": {
                    "id": result_id,
                    "status": "sending",
                    "update-url": update_url
                    or f"{self.url}/partner/v1/partner-results/{result_id}",
                },
                "candidate": {
                    "id": int(candidate_id),
                    "uuid": str(uuid.uuid4()),
                    **candidate,
                    "tags": [],
                    "recruiter": {"name": "Edison Kuhn", "email": "recruiter@example.test"},
                },
            }
        }
        response = requests.post(
            f"{connector_url}/ats/teamtailor/webhook", json=body, headers=headers, timeout=30
        )
        response.result_id = result_id  # type: ignore[attr-defined]
        return response

    # ------------------------------------------------------------------------------ the app

    def _build(self) -> FastAPI:
        app = FastAPI()
        fake = self
        self.record_calls(app, lambda status: {"errors": [{"status": str(status)}]})

        def denied(request: Request, key: str) -> JSONResponse | None:
            if request.headers.get("authorization") != f"Token token={key}":
                return JSONResponse(
                    {"errors": [{"status": "401", "title": "Unauthorized"}]}, status_code=401
                )
            if not request.headers.get("x-api-version"):
                return JSONResponse(
                    {"errors": [{"status": "406", "title": "X-Api-Version missing"}]},
                    status_code=406,
                )
            return None

        @app.get("/v1/candidates/{candidate_id}")
        def candidate(request: Request, candidate_id: str) -> Any:
            if (refused := denied(request, fake.api_key)) is not None:
                return refused
            if candidate_id not in fake.candidates:
                return JSONResponse({"errors": [{"status": "404"}]}, status_code=404)
            return {
                "data": {
                    "id": candidate_id,
                    "type": "candidates",
                    "attributes": fake.candidates[candidate_id],
                }
            }

        @app.get("/v1/custom-fields")
        def custom_fields(request: Request) -> Any:
            if (refused := denied(request, fake.api_key)) is not None:
                return refused
            return {
                "data": [
                    {"id": fid, "type": "custom-fields", "attributes": attributes}
                    for fid, attributes in fake.custom_fields.items()
                ]
            }

        def resource(vid: str) -> dict[str, Any]:
            value = fake.values[vid]
            return {
                "id": vid,
                "type": "custom-field-values",
                "attributes": {"value": value["value"]},
                "relationships": {
                    "custom-field": {"data": {"type": "custom-fields", "id": value["field"]}},
                    "owner": {"data": {"type": "candidates", "id": value["owner"]}},
                },
            }

        @app.get("/v1/candidates/{candidate_id}/custom-field-values")
        def candidate_values(request: Request, candidate_id: str) -> Any:
            if (refused := denied(request, fake.api_key)) is not None:
                return refused
            return {
                "data": [
                    resource(vid) for vid, v in fake.values.items() if v["owner"] == candidate_id
                ]
            }

        @app.post("/v1/custom-field-values")
        async def create_value(request: Request) -> Any:
            if (refused := denied(request, fake.api_key)) is not None:
                return refused
            data = (await request.json())["data"]
            field_id = data["relationships"]["custom-field"]["data"]["id"]
            owner = data["relationships"]["owner"]["data"]["id"]
            if field_id not in fake.custom_fields or owner not in fake.candidates:
                return JSONResponse({"errors": [{"status": "422"}]}, status_code=422)
            if any(v["field"] == field_id and v["owner"] == owner for v in fake.values.values()):
                return JSONResponse(
                    {"errors": [{"status": "422", "title": "has already been taken"}]},
                    status_code=422,
                )
            with fake._lock:
                fake._next += 1
                vid = str(fake._next)
                fake.values[vid] = {
                    "field": field_id,
                    "owner": owner,
                    "value": data["attributes"]["value"],
                }
            return JSONResponse({"data": resource(vid)}, status_code=201)

        @app.patch("/v1/custom-field-values/{vid}")
        async def update_value(request: Request, vid: str) -> Any:
            if (refused := denied(request, fake.api_key)) is not None:
                return refused
            if vid not in fake.values:
                return JSONResponse({"errors": [{"status": "404"}]}, status_code=404)
            fake.values[vid]["value"] = (await request.json())["data"]["attributes"]["value"]
            return {"data": resource(vid)}

        @app.delete("/v1/custom-field-values/{vid}")
        def delete_value(request: Request, vid: str) -> Any:
            if (refused := denied(request, fake.api_key)) is not None:
                return refused
            fake.values.pop(vid, None)
            return JSONResponse(None, status_code=204)

        @app.patch("/partner/v1/partner-results/{result_id}")
        async def update_result(request: Request, result_id: str) -> Any:
            if (refused := denied(request, fake.partner_key)) is not None:
                return refused
            if result_id not in fake.results:
                return JSONResponse({"errors": [{"status": "404"}]}, status_code=404)
            data = (await request.json())["data"]
            attributes = data.get("attributes") or {}
            if data.get("type") != "partner-results" or data.get("id") != result_id:
                return JSONResponse({"errors": [{"status": "422"}]}, status_code=422)
            fake.results[result_id].update({k: v for k, v in attributes.items() if k != "history"})
            fake.results[result_id]["history"].append(attributes)
            return {
                "data": {
                    "id": result_id,
                    "type": "partner-results",
                    "attributes": fake.results[result_id],
                }
            }

        return app
