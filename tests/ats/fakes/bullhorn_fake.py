"""A faithful fake of Bullhorn for the connector's tests, served over real HTTP.

Follows the documented shapes:

- REST API, login (https://bullhorn.github.io/Getting-Started-with-REST/ and
  https://bullhorn.github.io/rest-api-docs/): ``GET /oauth/authorize?client_id&response_type=code
  &action=Login&username&password`` answers a redirect whose ``Location`` carries ``code``;
  ``POST /oauth/token?grant_type=authorization_code&code&client_id&client_secret`` →
  ``{"access_token", "refresh_token", "expires_in"}``; ``GET /rest-services/login?version=*
  &access_token`` → ``{"BhRestToken", "restUrl"}``;
- entities: ``GET {restUrl}entity/Candidate/{id}?fields=a,b`` → ``{"data": {...}}`` and ``POST
  {restUrl}entity/Candidate/{id}`` (the fields to change) → ``{"changedEntityType": "Candidate",
  "changedEntityId", "changeType": "UPDATE", "data"}``, with the ``BhRestToken`` header; an
  unknown or ended session answers 401; ``customDate1..13`` are epoch milliseconds,
  ``customText1..40`` text, ``customInt1..23`` integers (anything else: 400);
- custom tabs (https://bullhorn.github.io/Custom-Tabs-and-Menu-Actions/): the tab loads the
  configured URL with ``EntityType``, ``EntityID``, ``UserID``, ``CorporationID`` and
  ``PrivateLabelID`` appended (:meth:`BullhornFake.tab_url`).
"""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse

from .base import FakeAts

_FIELDS = re.compile(
    r"^(customDate([1-9]|1[0-3])|customText([1-9]|[1-3][0-9]|40)|customInt([1-9]|1[0-9]|2[0-3]))$"
)
_STANDARD = {"id", "firstName", "lastName", "email", "mobile", "ssn"}


class BullhornFake(FakeAts):
    def __init__(self, *, corporation_id: str = "4242") -> None:
        super().__init__()
        self.corporation_id = corporation_id
        self.client_id = "client-" + secrets.token_hex(4)
        self.client_secret = secrets.token_urlsafe(16)
        self.username = "api.precontract"
        self.password = secrets.token_urlsafe(12)
        self.candidates: dict[str, dict[str, Any]] = {}
        self.sessions: set[str] = set()
        self.logins = 0
        self._codes: set[str] = set()
        self._tokens: set[str] = set()
        self.app = self._build()

    def add_candidate(
        self, candidate_id: str, first: str, last: str, email: str, ssn: str = ""
    ) -> None:
        self.candidates[candidate_id] = {
            "id": int(candidate_id),
            "firstName": first,
            "lastName": last,
            "email": email,
            "mobile": "+32470000002",
            "ssn": ssn,
        }

    def end_sessions(self) -> None:
        """Bullhorn ends every REST session (they expire after some idle time)."""
        self.sessions.clear()

    def tab_url(
        self,
        configured: str,
        candidate_id: str,
        *,
        user_id: str = "7",
        corporation: str | None = None,
    ) -> str:
        """The URL Bullhorn's tab loads: the configured one with the entity context appended."""
        context = {
            "EntityType": "Candidate",
            "EntityID": candidate_id,
            "UserID": user_id,
            "CorporationID": corporation or self.corporation_id,
            "PrivateLabelID": "1",
        }
        return f"{configured}&{urlencode(context)}"

    def _build(self) -> FastAPI:
        app = FastAPI()
        fake = self
        self.record_calls(app, lambda status: {"errorMessage": "injected"})

        @app.get("/oauth/authorize")
        def authorize(request: Request) -> Any:
            q = request.query_params
            if (
                q.get("client_id") != fake.client_id
                or q.get("username") != fake.username
                or q.get("password") != fake.password
                or q.get("response_type") != "code"
            ):
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            code = secrets.token_urlsafe(8)
            fake._codes.add(code)
            return RedirectResponse(f"https://example.test/callback?code={code}", status_code=302)

        @app.post("/oauth/token")
        def token(request: Request) -> Any:
            q = request.query_params
            code = q.get("code", "")
            if q.get("client_secret") != fake.client_secret or code not in fake._codes:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            fake._codes.discard(code)
            access = secrets.token_urlsafe(12)
            fake._tokens.add(access)
            return {
                "access_token": access,
                "refresh_token": secrets.token_urlsafe(12),
                "expires_in": 600,
            }

        @app.get("/rest-services/login")
        def login(request: Request) -> Any:
            access = request.query_params.get("access_token", "")
            if access not in fake._tokens:
                return JSONResponse({"errorMessage": "Invalid access token"}, status_code=401)
            fake._tokens.discard(access)
            session = secrets.token_urlsafe(12)
            fake.sessions.add(session)
            fake.logins += 1
            return {"BhRestToken": session, "restUrl": f"{fake.url}/rest-services/abc123/"}

        def check_session(request: Request) -> JSONResponse | None:
            if request.headers.get("bhresttoken") not in fake.sessions:
                return JSONResponse(
                    {"errorMessage": "Bad 'BhRestToken' or timed-out."}, status_code=401
                )
            return None

        @app.get("/rest-services/abc123/entity/Candidate/{candidate_id}")
        def get_candidate(request: Request, candidate_id: str) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            if candidate_id not in fake.candidates:
                return JSONResponse({"errorMessage": "Cannot find entity"}, status_code=404)
            wanted = request.query_params.get("fields", "id").split(",")
            record = fake.candidates[candidate_id]
            return {"data": {name: record.get(name) for name in wanted}}

        @app.post("/rest-services/abc123/entity/Candidate/{candidate_id}")
        async def update_candidate(request: Request, candidate_id: str) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            if candidate_id not in fake.candidates:
                return JSONResponse({"errorMessage": "Cannot find entity"}, status_code=404)
            body: dict[str, Any] = await request.json()
            for name, value in body.items():
                if name not in _STANDARD and not _FIELDS.match(name):
                    return JSONResponse({"errorMessage": f"Invalid field {name}"}, status_code=400)
                if (
                    name.startswith(("customDate", "customInt"))
                    and value is not None
                    and not isinstance(value, int)
                ):
                    return JSONResponse(
                        {"errorMessage": f"{name} must be a number"}, status_code=400
                    )
            fake.candidates[candidate_id].update(body)  # applied whole, as Bullhorn does
            return {
                "changedEntityType": "Candidate",
                "changedEntityId": int(candidate_id),
                "changeType": "UPDATE",
                "data": body,
            }

        return app
