"""A fake of Bullhorn as strict as its published contract, served over real HTTP.

Each route names the document it follows, a file of ``bullhorn/rest-api-docs`` (or
``bullhorn/oauth-example-python``). The fake has two data centres: the global address
(``/rest-services/loginInfo``, and a ``/oauth`` and ``/rest-services/login`` that answer 307 to the
API user's own data centre, as a call to the wrong one is sent on) and the user's data centre
under ``/dc2``. It refuses what Bullhorn refuses: a wrong password, a used code or refresh token
(each refresh ends the previous one), an ended session (401), an unknown field or a
``customText`` longer than 100 characters (400), a Note without ``personReference`` or
``comments``, a file without ``externalID``, ``fileContent`` (base64), ``name`` or with a
``fileType`` other than ``SAMPLE``, on an entity type files cannot be attached to (_file.md).

Custom tabs (https://bullhorn.github.io/Custom-Tabs-and-Menu-Actions/): the tab loads the
configured URL with ``EntityType``, ``EntityID``, ``UserID``, ``CorporationID`` and
``PrivateLabelID`` appended (:meth:`BullhornFake.tab_url`).
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from .base import FakeAts

_FIELDS = re.compile(
    r"^(customDate([1-9]|1[0-3])|customText([1-9]|[1-3][0-9]|40)|customInt([1-9]|1[0-9]|2[0-3]))$"
)
_STANDARD = {"id", "firstName", "lastName", "email", "mobile", "ssn"}
_NOTE_FIELDS = {"personReference", "commentingPerson", "comments", "action", "externalID", "id"}
# source/includes/_file.md, "PUT /file": the request body's fields and the entities taking files
_FILE_FIELDS = {
    "externalID", "fileContent", "fileExtension", "fileType", "name", "description",
    "contentType", "type",
}  # fmt: skip
_FILE_ENTITIES = {
    "Candidate", "ClientContact", "ClientCorporation", "JobOrder", "Opportunity", "Placement",
}  # fmt: skip


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
        self._refresh: set[str] = set()
        self.refreshes = 0
        self.notes: dict[int, dict[str, Any]] = {}
        self._next_note = 700
        self.missing_fields: set[str] = set()  # fields meta/Candidate does not know
        # Files attached to candidates: a DELETE only marks them deleted (a soft delete).
        self.files: dict[int, dict[str, Any]] = {}
        self._next_file = 170
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

    def live_files(self, candidate_id: str) -> list[dict[str, Any]]:
        """The files a Bullhorn user sees on the candidate (not deleted)."""
        return [
            f for f in self.files.values() if f["candidate"] == candidate_id and not f["isDeleted"]
        ]

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
        dc = "/dc2"

        def error(status: int, message: str) -> JSONResponse:
            return JSONResponse({"errorMessage": message, "errorCode": status}, status_code=status)

        # source/includes/_intro.md, "URLs": loginInfo names the user's data-centre addresses
        @app.get("/rest-services/loginInfo")
        def login_info(request: Request) -> Any:
            if request.query_params.get("username") != fake.username:
                return error(404, "Unknown user")
            return {
                "oauthUrl": f"{fake.url}{dc}/oauth",
                "restUrl": f"{fake.url}{dc}/rest-services",
                "atsUrl": f"{fake.url}{dc}/ats",
            }

        # A call to another data centre is sent on to the user's own, method and body kept.
        @app.api_route("/oauth/{rest:path}", methods=["GET", "POST"])
        @app.api_route("/rest-services/login", methods=["GET", "POST"])
        def elsewhere(request: Request) -> Any:
            target = f"{fake.url}{dc}{request.url.path}?{request.url.query}"
            return RedirectResponse(target, status_code=307)

        # oauth-example-python oauth_example.py; article/_gettingstartedrest.md "Get an
        # authorization code": the redirect's Location carries the code
        @app.api_route(f"{dc}/oauth/authorize", methods=["GET", "POST"])
        def authorize(request: Request) -> Any:
            q = request.query_params
            if (
                q.get("client_id") != fake.client_id
                or q.get("username") != fake.username
                or q.get("password") != fake.password
                or q.get("response_type") != "code"
            ):
                # A wrong user or password shows the login page again (no code).
                return HTMLResponse("<html><body>Login</body></html>", status_code=200)
            code = secrets.token_urlsafe(8)
            fake._codes.add(code)
            return RedirectResponse(f"https://example.test/callback?code={code}", status_code=302)

        # article/_gettingstartedrest.md "Get an access token", "Use a refresh token"
        @app.post(f"{dc}/oauth/token")
        def token(request: Request) -> Any:
            q = request.query_params
            if q.get("client_id") != fake.client_id or q.get("client_secret") != fake.client_secret:
                return JSONResponse({"error": "invalid_client"}, status_code=401)
            grant = q.get("grant_type")
            if grant == "authorization_code":
                code = q.get("code", "")
                if code not in fake._codes:
                    return JSONResponse({"error": "invalid_grant"}, status_code=400)
                fake._codes.discard(code)
            elif grant == "refresh_token":
                refresh = q.get("refresh_token", "")
                if refresh not in fake._refresh:
                    return JSONResponse({"error": "invalid_grant"}, status_code=400)
                fake._refresh.clear()  # a new one ends every earlier one
                fake.refreshes += 1
            else:
                return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
            access = secrets.token_urlsafe(12)
            refresh_token = secrets.token_urlsafe(12)
            fake._tokens.add(access)
            fake._refresh.add(refresh_token)
            return {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 600,
                "refresh_token": refresh_token,
            }

        # source/includes/_login.md
        @app.api_route(f"{dc}/rest-services/login", methods=["GET", "POST"])
        def login(request: Request) -> Any:
            access = request.query_params.get("access_token", "")
            if access not in fake._tokens or not request.query_params.get("version"):
                return error(401, "Invalid or expired OAuth access token.")
            fake._tokens.discard(access)
            session = secrets.token_urlsafe(12)
            fake.sessions.add(session)
            fake.logins += 1
            return {"BhRestToken": session, "restUrl": f"{fake.url}{dc}/rest-services/abc123/"}

        def check_session(request: Request) -> JSONResponse | None:
            given = request.headers.get("bhresttoken") or request.query_params.get("BhRestToken")
            if given not in fake.sessions:
                return error(401, "Bad 'BhRestToken' or timed-out.")
            return None

        rest = f"{dc}/rest-services/abc123"

        # source/includes/_entity.md, "GET entity"
        @app.get(f"{rest}/entity/Candidate/{{candidate_id}}")
        def get_candidate(request: Request, candidate_id: str) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            if candidate_id not in fake.candidates:
                return error(404, "Cannot find entity")
            wanted = request.query_params.get("fields", "id").split(",")
            for name in wanted:
                if name not in _STANDARD and not _FIELDS.match(name):
                    return error(400, f"Invalid field '{name}'")
            record = fake.candidates[candidate_id]
            return {"data": {name: record.get(name) for name in wanted}}

        # source/includes/_entity.md, "POST entity"; entityref/_candidate.md for the types
        @app.post(f"{rest}/entity/Candidate/{{candidate_id}}")
        async def update_candidate(request: Request, candidate_id: str) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            if candidate_id not in fake.candidates:
                return error(404, "Cannot find entity")
            body: dict[str, Any] = await request.json()
            for name, value in body.items():
                if name not in _STANDARD and not _FIELDS.match(name):
                    return error(400, f"Invalid field '{name}'")
                if (
                    name.startswith(("customDate", "customInt"))
                    and value is not None
                    and not isinstance(value, int)
                ):
                    return error(400, f"{name} must be a number")
                if name.startswith("customText") and isinstance(value, str) and len(value) > 100:
                    return error(400, f"{name}: value too long (max 100)")
            fake.candidates[candidate_id].update(body)  # applied whole, as Bullhorn does
            return {
                "changedEntityType": "Candidate",
                "changedEntityId": int(candidate_id),
                "changeType": "UPDATE",
                "data": body,
            }

        def bad_note(body: dict[str, Any]) -> str | None:
            unknown = set(body) - _NOTE_FIELDS
            if unknown:
                return f"Invalid field '{sorted(unknown)[0]}'"
            if len(str(body.get("action") or "")) > 30:
                return "action: value too long (max 30)"
            if len(str(body.get("externalID") or "")) > 100:
                return "externalID: value too long (max 100)"
            return None

        # entityref/_note.md; source/includes/_entity.md "PUT entity" (create)
        @app.put(f"{rest}/entity/Note")
        async def create_note(request: Request) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            body: dict[str, Any] = await request.json()
            if (problem := bad_note(body)) is not None:
                return error(400, problem)
            person = str((body.get("personReference") or {}).get("id") or "")
            if person not in fake.candidates or not body.get("comments"):
                return error(400, "personReference and comments are required")
            with fake._lock:
                fake._next_note += 1
                note_id = fake._next_note
            fake.notes[note_id] = {**body, "id": note_id}
            return {"changedEntityType": "Note", "changedEntityId": note_id, "changeType": "INSERT"}

        # entityref/_note.md; source/includes/_entity.md "POST entity" (update)
        @app.post(f"{rest}/entity/Note/{{note_id}}")
        async def update_note(request: Request, note_id: int) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            if note_id not in fake.notes:
                return error(404, "Cannot find entity")
            body: dict[str, Any] = await request.json()
            if (problem := bad_note(body)) is not None:
                return error(400, problem)
            fake.notes[note_id].update(body)
            return {"changedEntityType": "Note", "changedEntityId": note_id, "changeType": "UPDATE"}

        # source/includes/_query.md: GET query/{entity}?where=…&fields=…
        @app.get(f"{rest}/query/Note")
        def query_notes(request: Request) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            where = request.query_params.get("where", "")
            match = re.fullmatch(r"externalID='([^']*)'", where)
            if not match or not request.query_params.get("fields"):
                return error(400, "where and fields are required")
            found = [
                {"id": n["id"]} for n in fake.notes.values() if n.get("externalID") == match[1]
            ]
            return {"start": 0, "count": len(found), "data": found}

        # entityref/_entityfileattachment.md; _file.md "GET /entity/{entityType}/{entityId}/
        # fileAttachments": the files' metadata, the soft-deleted ones with isDeleted true
        @app.get(f"{rest}/entity/Candidate/{{candidate_id}}/fileAttachments")
        def file_attachments(request: Request, candidate_id: str) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            if candidate_id not in fake.candidates:
                return error(404, "Cannot find entity")
            wanted = request.query_params.get("fields", "")
            if not wanted:
                return error(400, "fields or layout is required")
            names = {"id", *wanted.split(",")}
            found = [
                {k: v for k, v in f.items() if k in names}
                for f in fake.files.values()
                if f["candidate"] == candidate_id
            ]
            return {"start": 0, "count": len(found), "data": found}

        # source/includes/_file.md, "PUT /file" (base64-encoded file): answers {"fileId": …}
        @app.put(f"{rest}/file/{{entity_type}}/{{entity_id}}")
        async def put_file(request: Request, entity_type: str, entity_id: str) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            if entity_type not in _FILE_ENTITIES:
                return error(400, f"Files cannot be attached to {entity_type}")
            if entity_type != "Candidate" or entity_id not in fake.candidates:
                return error(404, "Cannot find entity")
            body: dict[str, Any] = await request.json()
            unknown = set(body) - _FILE_FIELDS
            if unknown:
                return error(400, f"Invalid field '{sorted(unknown)[0]}'")
            for name in ("externalID", "fileContent", "fileType", "name"):
                if not body.get(name):
                    return error(400, f"{name} is required")
            if body["fileType"] != "SAMPLE":
                return error(400, "fileType must be SAMPLE")
            try:
                content = base64.b64decode(str(body["fileContent"]), validate=True)
            except binascii.Error:
                return error(400, "fileContent is not base64")
            with fake._lock:
                fake._next_file += 1
                file_id = fake._next_file
            fake.files[file_id] = {
                "id": file_id,
                "candidate": entity_id,
                "externalID": body["externalID"],
                "name": body["name"],
                "description": body.get("description"),
                "fileExtension": body.get("fileExtension"),
                "contentType": body.get("contentType"),
                "fileType": "SAMPLE",
                "isDeleted": False,
                "content": content,
            }
            return {"fileId": file_id}

        # source/includes/_file.md, "GET /file": the file as base64 text; 404 when not found
        @app.get(f"{rest}/file/Candidate/{{candidate_id}}/{{file_id}}")
        def get_file(request: Request, candidate_id: str, file_id: int) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            file = fake.files.get(file_id)
            if file is None or file["candidate"] != candidate_id or file["isDeleted"]:
                return error(404, "Cannot find entity")
            return {
                "File": {
                    "contentType": file["contentType"],
                    "fileContent": base64.b64encode(file["content"]).decode("ascii"),
                    "name": file["name"],
                }
            }

        # source/includes/_file.md, "DELETE /file": a soft delete; 404 when not found
        @app.delete(f"{rest}/file/Candidate/{{candidate_id}}/{{file_id}}")
        def delete_file(request: Request, candidate_id: str, file_id: int) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            file = fake.files.get(file_id)
            if file is None or file["candidate"] != candidate_id or file["isDeleted"]:
                return error(404, "Cannot find entity")
            file["isDeleted"] = True
            return {"fileId": file_id, "changeType": "DELETED"}

        # source/includes/_meta.md: GET meta/{entity}?fields=…
        @app.get(f"{rest}/meta/Candidate")
        def meta(request: Request) -> Any:
            if (refused := check_session(request)) is not None:
                return refused
            fields = []
            for name in request.query_params.get("fields", "").split(","):
                if name in fake.missing_fields:
                    continue
                if name.startswith("customText"):
                    fields.append(
                        {"name": name, "type": "SCALAR", "dataType": "String", "maxLength": 100}
                    )
                elif name.startswith("customDate"):
                    fields.append({"name": name, "type": "SCALAR", "dataType": "Timestamp"})
                elif name.startswith("customInt"):
                    fields.append({"name": name, "type": "SCALAR", "dataType": "Integer"})
                elif name == "id":
                    fields.append({"name": "id", "type": "ID", "dataType": "Integer"})
            return {"entity": "Candidate", "label": "Candidate", "fields": fields}

        return app
