"""A fake of Recruitee as strict as its published contract, served over real HTTP.

Each route names the page of docs.recruitee.com it follows:

- "Sending candidates" (https://docs.recruitee.com/reference/sending-candidates): the button
  POSTs ``{first_name, last_name, email, candidate_id, company_id, report_id, test_id,
  test_name}`` to the partner's ``send_candidate`` URL with ``Authorization: Bearer <token>``
  (:meth:`RecruiteeFake.press_button`); ``tests`` is fetched the same way;
- "Reports" (https://docs.recruitee.com/reference/reports): ``PATCH
  /api/p/{codename}/reports/{report_id}`` with ``RT-PARTNER-SECRET``; ``status`` one of
  ``completed``/``failed``/``canceled`` (a new report is ``sent``), ``score`` a text,
  ``completed_at``, and ``urls.cancel`` — the only URL the page documents. Anything else is
  refused (422): another ``urls`` key, ``subtitle`` and ``properties`` ("not available for
  Background Check"), an unknown attribute. :meth:`press_cancel` is the user cancelling from
  Recruitee through ``urls.cancel``;
- the company API (https://api.recruitee.com/c/{company_id}, ``Authorization: Bearer <personal API
  token>``): ``GET /candidates/{id}`` → ``{"candidate": {..., "fields": [...]}}``, ``GET
  /candidates`` (a list); profile fields ``POST /custom_fields/candidates/{id}/fields``
  ``{"field": {"name", "kind", "values"}}`` and ``PATCH``/``DELETE …/fields/{field_id}``. The value
  keys per kind (``text``, ``number``, ``flag``, ``date``) are our reading of the field kinds (low
  confidence for ``date``, listed in docs/connector.md).

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

_REPORT_KEYS = {"status", "score", "completed_at", "urls"}
_VALUE_KEYS = {"single_line": "text", "number": "number", "boolean": "flag", "date": "date"}


class RecruiteeFake(FakeAts):
    """The state of one fake Recruitee (one company) and its FastAPI app."""

    def __init__(self, *, company_id: str = "77001", codename: str = "precontract") -> None:
        super().__init__()
        self.company_id = company_id
        self.codename = codename
        self.api_token = secrets.token_urlsafe(20)
        self.partner_secret = secrets.token_urlsafe(20)
        self.candidates: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        self._next_field = 1000
        self.app = self._build()

    # ------------------------------------------------------------------------------ test controls

    def add_candidate(self, candidate_id: str, name: str, email: str) -> None:
        self.candidates[candidate_id] = {
            "id": int(candidate_id),
            "name": name,
            "emails": [email],
            "phones": ["+32470000000"],
            "fields": [],
        }

    def set_profile_field(self, candidate_id: str, name: str, text: str) -> None:
        """A ``single_line`` profile field the company keeps on the candidate (e.g. the NISS),
        in the shape ``GET /candidates/{id}`` returns ``fields`` and ``POST
        …/custom_fields/candidates/{id}/fields`` takes them: ``{"id", "name", "kind",
        "values": [{"text": …}]}``."""
        with self._lock:
            self._next_field += 1
            self.candidates[candidate_id]["fields"].append(
                {
                    "id": self._next_field,
                    "name": name,
                    "kind": "single_line",
                    "values": [{"text": text}],
                }
            )

    def field_values(self, candidate_id: str) -> dict[str, Any]:
        """The candidate's profile fields as ``name → value`` (``None`` when empty)."""
        out: dict[str, Any] = {}
        for field in self.candidates[candidate_id]["fields"]:
            values = field["values"]
            out[field["name"]] = values[0][_VALUE_KEYS[field["kind"]]] if values else None
        return out

    def press_button(
        self,
        connector_url: str,
        token: str,
        candidate_id: str,
        *,
        test_id: str = "",
        report_id: str | None = None,
        date: dt.datetime | None = None,
        company_id: str | None = None,
    ) -> requests.Response:
        """What Recruitee does when a recruiter presses "Request background check"."""
        candidate = self.candidates[candidate_id]
        first, _, last = candidate["name"].partition(" ")
        report_id = report_id or str(uuid.uuid4())
        self.reports.setdefault(report_id, {"status": "sent", "urls": {}, "history": []})
        headers = {"Authorization": f"Bearer {token}"}
        if date is not None:
            headers["Date"] = email.utils.format_datetime(date.astimezone(dt.UTC), usegmt=True)
        body = {
            "first_name": first,
            "last_name": last,
            "email": candidate["emails"][0],
            "candidate_id": candidate["id"],
            "company_id": int(company_id or self.company_id),
            "report_id": report_id,
            "test_id": test_id,
            "test_name": "Flexi-job / Student@work",
        }
        response = requests.post(
            f"{connector_url}/ats/recruitee/send_candidate", json=body, headers=headers, timeout=30
        )
        response.report_id = report_id  # type: ignore[attr-defined]
        return response

    def press_cancel(self, report_id: str) -> requests.Response:
        """The user cancels the check from Recruitee: the report's ``urls.cancel`` is opened."""
        url = self.reports[report_id]["urls"]["cancel"]
        return requests.get(url, timeout=30)

    # ------------------------------------------------------------------------------ the app

    def _build(self) -> FastAPI:
        app = FastAPI()
        fake = self
        self.record_calls(app, lambda status: {"error": "injected"})

        def company_auth(request: Request, company_id: str) -> JSONResponse | None:
            if request.headers.get("authorization") != f"Bearer {fake.api_token}":
                return JSONResponse({"error": "Unauthorized"}, status_code=401)
            if company_id != fake.company_id:
                return JSONResponse({"error": "Not found"}, status_code=404)
            return None

        # Recruitee ATS API (https://docs.recruitee.com/reference, "candidates"): a list; used by
        # the connection test only (an assumption in docs/connector.md)
        @app.get("/c/{company_id}/candidates")
        def candidates(request: Request, company_id: str) -> Any:
            if (denied := company_auth(request, company_id)) is not None:
                return denied
            return {"candidates": list(fake.candidates.values())[:1]}

        # Recruitee ATS API, "candidates/{id}": the candidate with its profile ``fields``
        @app.get("/c/{company_id}/candidates/{candidate_id}")
        def candidate(request: Request, company_id: str, candidate_id: str) -> Any:
            if (denied := company_auth(request, company_id)) is not None:
                return denied
            if candidate_id not in fake.candidates:
                return JSONResponse({"error": "Not found"}, status_code=404)
            return {"candidate": fake.candidates[candidate_id]}

        # Recruitee ATS API, "custom_fields/candidates/{id}/fields": a profile field by name
        @app.post("/c/{company_id}/custom_fields/candidates/{candidate_id}/fields")
        async def create_field(request: Request, company_id: str, candidate_id: str) -> Any:
            if (denied := company_auth(request, company_id)) is not None:
                return denied
            field = (await request.json())["field"]
            if field.get("kind") not in _VALUE_KEYS or not field.get("name"):
                return JSONResponse({"error": "invalid field"}, status_code=422)
            with fake._lock:
                fake._next_field += 1
                created = {
                    "id": fake._next_field,
                    "name": field["name"],
                    "kind": field["kind"],
                    "values": field.get("values") or [],
                }
                fake.candidates[candidate_id]["fields"].append(created)
            return JSONResponse({"field": created}, status_code=201)

        def find_field(candidate_id: str, field_id: int) -> dict[str, Any] | None:
            fields: list[dict[str, Any]] = fake.candidates.get(candidate_id, {}).get("fields", [])
            return next((f for f in fields if f["id"] == field_id), None)

        # Recruitee ATS API, "custom_fields/candidates/{id}/fields/{field_id}" (update)
        @app.patch("/c/{company_id}/custom_fields/candidates/{candidate_id}/fields/{field_id}")
        async def update_field(
            request: Request, company_id: str, candidate_id: str, field_id: int
        ) -> Any:
            if (denied := company_auth(request, company_id)) is not None:
                return denied
            field = find_field(candidate_id, field_id)
            if field is None:
                return JSONResponse({"error": "Not found"}, status_code=404)
            field["values"] = (await request.json())["field"].get("values") or []
            return {"field": field}

        # Recruitee ATS API, "custom_fields/candidates/{id}/fields/{field_id}" (delete)
        @app.delete("/c/{company_id}/custom_fields/candidates/{candidate_id}/fields/{field_id}")
        def delete_field(
            request: Request, company_id: str, candidate_id: str, field_id: int
        ) -> Any:
            if (denied := company_auth(request, company_id)) is not None:
                return denied
            fields = fake.candidates[candidate_id]["fields"]
            fake.candidates[candidate_id]["fields"] = [f for f in fields if f["id"] != field_id]
            return {}

        # https://docs.recruitee.com/reference/reports: RT-PARTNER-SECRET; status, score (text),
        # completed_at, urls.cancel; "subtitle and properties are not available for Background
        # Check" partners
        @app.patch("/api/p/{codename}/reports/{report_id}")
        async def update_report(request: Request, codename: str, report_id: str) -> Any:
            if request.headers.get("rt-partner-secret") != fake.partner_secret:
                return JSONResponse({"error": "Unauthorized"}, status_code=401)
            if codename != fake.codename or report_id not in fake.reports:
                return JSONResponse({"error": "Not found"}, status_code=404)
            body = await request.json()
            report = fake.reports[report_id]
            unknown = set(body) - _REPORT_KEYS
            if unknown:
                return JSONResponse(
                    {"error": f"unknown attributes: {', '.join(sorted(unknown))}"},
                    status_code=422,
                )
            urls = body.get("urls") or {}
            if not isinstance(urls, dict) or set(urls) - {"cancel"}:
                return JSONResponse({"error": "urls: only cancel"}, status_code=422)
            if "score" in body and not isinstance(body["score"], str):
                return JSONResponse({"error": "score is a text"}, status_code=422)
            if "status" in body and body["status"] not in ("completed", "failed", "canceled"):
                return JSONResponse({"error": "invalid status"}, status_code=422)
            for key in ("status", "score", "completed_at"):
                if key in body:
                    report[key] = body[key]
            report["urls"].update(body.get("urls") or {})
            report["history"].append(body)
            return {"report": {"id": report_id, **report}}

        return app
