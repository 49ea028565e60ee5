"""The two business APIs: citizen mandates (§2 of the contract) and citizen data (§3).

Every call needs a valid, unexpired bearer token carrying the API's scope; every input is checked
and refused with ``issues[]`` naming the field; nothing outside the caller's mandates is disclosed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.masking import mask_ssins
from precontract.sandbox import personas
from precontract.sandbox.problems import Problem, bad_request, issue
from precontract.sandbox.schemas import (
    ENTERPRISE_PATTERN,
    SSIN_PATTERN,
    AccessRequestOut,
    AccessRequestPageOut,
    CreateAccessRequestIn,
    MandateOut,
    MandatePageOut,
    PrecontractualDataOut,
    ProblemOut,
)
from precontract.sandbox.state import (
    CONTEXT,
    DATA_TYPES,
    SCOPE_DATA,
    SCOPE_MANDATES,
    AccessRequestRecord,
    ClientRecord,
    MandateRecord,
    SandboxState,
)

__all__ = ["DATA_BASE", "MANDATES_BASE", "router"]

MANDATES_BASE = "/REST/citizenMandates/v1"
DATA_BASE = "/REST/citizenData/v1"
MANDATE_STATUSES = ("ACTIVE", "REVOKED", "EXPIRED")
REQUEST_STATUSES = ("PENDING", "APPROVED", "REFUSED", "EXPIRED", "CANCELLED")
MAX_LIMIT = 100

# The routes and their caller checks are ``async``: each is a few look-ups under the state's lock,
# far cheaper than FastAPI's hop to a worker thread and back for a plain ``def`` (two per call
# with the dependency), which was a large part of the sandbox's CPU time per call.
router = APIRouter()
Record = TypeVar("Record", AccessRequestRecord, MandateRecord)

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemOut, "content": {"application/problem+json": {}}, "description": text}
    for code, text in {
        400: "badRequest, with issues[]",
        401: "noAccessToken / invalidAccessToken / expiredAccessToken",
        403: "missingScope (with requiredScopes) or noActiveMandate",
        404: "resourceNotFound",
        409: "conflict: the request was already used or is not pending",
        429: "tooManyRequests (Retry-After header, retryAfterSec)",
        500: "internalServerError",
        502: "badGateway",
        503: "serviceUnavailable",
    }.items()
}


def _state(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


def _caller(request: Request, scope: str) -> ClientRecord:
    state = _state(request)
    header = request.headers.get("authorization", "")
    if not header:
        raise Problem.belgif(401, "noAccessToken", "no bearer token in the Authorization header")
    kind, _, value = header.partition(" ")
    if kind.lower() != "bearer" or not value.strip():
        raise Problem.belgif(401, "invalidAccessToken", "the Authorization header is not Bearer")
    token = state.token(value.strip())
    if token is None:
        raise Problem.belgif(401, "invalidAccessToken", "the access token is not known")
    if dt.datetime.fromisoformat(token.expires_at) <= state.now():
        raise Problem.belgif(401, "expiredAccessToken", "the access token has expired")
    client = state.client(token.client_id)
    if client is None:
        raise Problem.belgif(401, "invalidAccessToken", "the client of this token is gone")
    if scope not in token.scopes:
        raise Problem.belgif(
            403, "missingScope", f"this call needs the scope {scope}", requiredScopes=[scope]
        )
    return client


async def mandates_caller(request: Request) -> ClientRecord:
    return _caller(request, SCOPE_MANDATES)


async def data_caller(request: Request) -> ClientRecord:
    return _caller(request, SCOPE_DATA)


def _param(
    name: str, where: str, schema: dict[str, Any], description: str, *, required: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": required,
        "schema": schema,
        "description": description,
    }


# The parameters are parsed by hand (so that every wrong one is named in one badRequest); the
# OpenAPI document describes them as the contract types them.
ENTERPRISE_SCHEMA = {"type": "string", "pattern": ENTERPRISE_PATTERN, "example": "0403019261"}
SSIN_SCHEMA = {"type": "string", "pattern": SSIN_PATTERN, "example": "85073003328"}
EMPLOYER_PARAM = _param(
    "employerEnterpriseNumber",
    "query",
    ENTERPRISE_SCHEMA,
    "The employer (KBO/BCE number) the data is for",
    required=True,
)
LIST_PARAMETERS = [
    EMPLOYER_PARAM,
    _param("status", "query", {"type": "string", "enum": list(MANDATE_STATUSES)}, "Filter"),
    _param("ssin", "query", SSIN_SCHEMA, "Only the mandates of this citizen"),
    _param("offset", "query", {"type": "integer", "minimum": 0, "default": 0}, "Paging"),
    _param(
        "limit",
        "query",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 50},
        "Paging",
    ),
]
REQUEST_LIST_PARAMETERS = [
    EMPLOYER_PARAM,
    _param("status", "query", {"type": "string", "enum": list(REQUEST_STATUSES)}, "Filter"),
    _param(
        "ssin",
        "query",
        SSIN_SCHEMA,
        "Only the requests bound to, or approved by, this citizen",
    ),
    _param(
        "reference",
        "query",
        {"type": "string", "minLength": 1, "maxLength": 100},
        "Only the requests made with this reference",
    ),
    *LIST_PARAMETERS[3:],
]
_HIDDEN = {"include_in_schema": False}

RequestId = Annotated[str, Path(alias="requestId")]
MandateId = Annotated[str, Path(alias="mandateId")]
MandatesCaller = Annotated[ClientRecord, Depends(mandates_caller)]
DataCaller = Annotated[ClientRecord, Depends(data_caller)]


_MARK = "precontract-sandbox-id"
_URL_TEMPLATES: dict[tuple[str, str, str], str] = {}


def _url_for(request: Request, route: str, param: str = "", value: str = "") -> str:
    """``request.url_for(route, param=value)``, from a template made once per route and base URL:
    Starlette finds a route by trying each one in turn, a good part of an answer's CPU time."""
    key = (str(request.base_url), route, param)
    template = _URL_TEMPLATES.get(key)
    if template is None:
        template = str(request.url_for(route, **({param: _MARK} if param else {})))
        if len(_URL_TEMPLATES) > 256:  # the base URL follows the Host header: keep it bounded
            _URL_TEMPLATES.clear()
        _URL_TEMPLATES[key] = template
    return template.replace(_MARK, quote(value, safe="")) if param else template


def _party(state: SandboxState, number: str) -> dict[str, Any]:
    party: dict[str, Any] = {"enterpriseNumber": number}
    name = state.enterprise_name(number)
    if name:
        party["name"] = name
    return party


def _request_json(
    state: SandboxState, request: Request, record: AccessRequestRecord
) -> dict[str, Any]:
    status = state.request_status(record)
    body: dict[str, Any] = {
        "requestId": record.request_id,
        "status": status,
        "approvalUrl": _url_for(request, "portal_request", "request_id", record.request_id),
        "expiresAt": record.expires_at,
        "requester": _party(state, record.requester),
        "employer": _party(state, record.employer),
        "context": CONTEXT,
        "dataTypes": record.data_types,
        "createdAt": record.created_at,
    }
    if record.ssin:
        body["ssin"] = record.ssin
    if record.reference:
        body["reference"] = record.reference
    if status == "APPROVED":
        body.update(
            ssin=record.approved_by, mandateId=record.mandate_id, approvedAt=record.approved_at
        )
    return body


def mandate_json(state: SandboxState, record: MandateRecord) -> dict[str, Any]:
    body: dict[str, Any] = {
        "mandateId": record.mandate_id,
        "ssin": record.ssin,
        "status": state.mandate_status(record),
        "requester": _party(state, record.requester),
        "employer": _party(state, record.employer),
        "context": CONTEXT,
        "grantedAt": record.granted_at,
        "dataTypes": [{"type": t, "validUntil": until} for t, until in record.valid_until.items()],
    }
    # The register's name of the citizen, as the NSSO's screen shows it beside the NISS; a
    # citizen the sandbox has no persona for has none.
    persona = personas.by_ssin(record.ssin)
    if persona is not None:
        body["citizenName"] = persona.name
    return body


def _enterprise(value: Any, location: str, name: str, problems: list[dict[str, Any]]) -> str | None:
    if value is None or value == "":
        problems.append(issue(location, name, None, "an enterprise number is required"))
        return None
    try:
        return EnterpriseNumber.parse(str(value)).compact
    except ValueError as exc:
        # The refused value goes back masked: an NISS typed in an enterprise field stays hidden.
        problems.append(issue(location, name, mask_ssins(str(value)), str(exc)))
        return None


def _ssin(value: str, location: str, problems: list[dict[str, Any]]) -> str | None:
    try:
        return Ssin.parse(value).compact
    except ValueError as exc:
        problems.append(issue(location, "ssin", mask_ssins(value), str(exc)))
        return None


# --------------------------------------------------------------------------- access requests


@router.post(
    f"{MANDATES_BASE}/accessRequests",
    status_code=201,
    operation_id="createAccessRequest",
    response_model=AccessRequestOut,
    response_model_exclude_none=True,
    responses={
        201: {
            "description": "The access request, PENDING",
            "headers": {
                "Location": {
                    "description": "The URL of the new access request",
                    "schema": {"type": "string", "format": "uri"},
                }
            },
        },
        **_ERRORS,
    },
    tags=["citizen mandates"],
    summary="Create an access request",
)
async def create_access_request(
    body: CreateAccessRequestIn, request: Request, response: Response, client: MandatesCaller
) -> dict[str, Any]:
    state = _state(request)
    problems: list[dict[str, Any]] = []
    requester = _enterprise(
        body.requester.enterpriseNumber, "body", "requester.enterpriseNumber", problems
    )
    employer = _enterprise(
        body.employer.enterpriseNumber, "body", "employer.enterpriseNumber", problems
    )
    if body.context != CONTEXT:
        problems.append(issue("body", "context", body.context, f"context must be {CONTEXT}"))
    data_types = body.dataTypes if body.dataTypes is not None else list(DATA_TYPES)
    if not data_types:
        problems.append(issue("body", "dataTypes", None, "ask at least one data type"))
    for index, data_type in enumerate(data_types):
        if data_type not in DATA_TYPES:
            problems.append(
                issue(
                    "body",
                    f"dataTypes[{index}]",
                    data_type,
                    f"unknown data type; one of {', '.join(DATA_TYPES)}",
                )
            )
    ssin = _ssin(body.ssin, "body", problems) if body.ssin is not None else None
    if problems:
        raise bad_request(*problems)
    assert requester is not None
    assert employer is not None
    if body.reference is not None and not body.reference.strip():
        raise bad_request(issue("body", "reference", body.reference, "a reference is not blank"))
    record = state.create_request(
        client,
        requester=requester,
        employer=employer,
        data_types=data_types,
        ssin=ssin,
        reference=body.reference,
    )
    response.headers["Location"] = _url_for(
        request, "get_access_request", "requestId", record.request_id
    )
    return _request_json(state, request, record)


@dataclass(frozen=True, slots=True)
class _Listing:
    """A listing's query parameters as sent (both listings have them)."""

    employer: str | None
    status: str | None
    ssin: str | None
    offset: str
    limit: str


async def _listing(
    employer_enterprise_number: Annotated[
        str | None, Query(alias="employerEnterpriseNumber", **_HIDDEN)
    ] = None,
    status: Annotated[str | None, Query(**_HIDDEN)] = None,
    ssin: Annotated[str | None, Query(**_HIDDEN)] = None,
    offset: Annotated[str, Query(**_HIDDEN)] = "0",
    limit: Annotated[str, Query(**_HIDDEN)] = "50",
) -> _Listing:
    return _Listing(employer_enterprise_number, status, ssin, offset, limit)


Listing = Annotated[_Listing, Depends(_listing)]


@router.get(
    f"{MANDATES_BASE}/accessRequests",
    response_model=AccessRequestPageOut,
    operation_id="listAccessRequests",
    responses=_ERRORS,
    tags=["citizen mandates"],
    summary="List the caller's access requests for an employer",
    openapi_extra={"parameters": REQUEST_LIST_PARAMETERS},
)
async def list_access_requests(
    request: Request,
    client: MandatesCaller,
    listing: Listing,
    reference: Annotated[str | None, Query(**_HIDDEN)] = None,
) -> dict[str, Any]:
    state = _state(request)
    query = _ListQuery.parse(listing, REQUEST_STATUSES, reference)
    found = state.list_requests(
        client,
        employer=query.employer,
        status=query.status,
        ssin=query.ssin,
        reference=query.reference,
    )
    return _page(
        request, "list_access_requests", found, query, partial(_request_json, state, request)
    )


@dataclass(frozen=True, slots=True)
class _ListQuery:
    """A listing's query parameters, checked together: every wrong one named in one badRequest."""

    employer: str
    status: str | None
    ssin: str | None
    reference: str | None
    start: int
    size: int

    @classmethod
    def parse(
        cls, listing: _Listing, statuses: tuple[str, ...], reference: str | None = None
    ) -> _ListQuery:
        problems: list[dict[str, Any]] = []
        number = _enterprise(listing.employer, "query", "employerEnterpriseNumber", problems)
        status, ssin = listing.status, listing.ssin
        if status is not None and status not in statuses:
            problems.append(issue("query", "status", status, f"one of {', '.join(statuses)}"))
        citizen = _ssin(ssin, "query", problems) if ssin is not None else None
        if reference is not None and not 1 <= len(reference) <= 100:
            problems.append(
                issue("query", "reference", mask_ssins(reference[:100]), "1 to 100 characters")
            )
        start = _integer(listing.offset, "offset", 0, None, problems)
        size = _integer(listing.limit, "limit", 1, MAX_LIMIT, problems)
        if problems:
            raise bad_request(*problems)
        assert number is not None
        assert start is not None
        assert size is not None
        return cls(number, status, citizen, reference, start, size)


def _page(
    request: Request,
    route: str,
    found: Sequence[Record],
    query: _ListQuery,
    to_json: Callable[[Record], dict[str, Any]],
) -> dict[str, Any]:
    start, size = query.start, query.size
    page: dict[str, Any] = {
        "items": [to_json(record) for record in found[start : start + size]],
        "total": len(found),
        "offset": start,
        "limit": size,
        "next": None,
    }
    if start + size < len(found):
        params = dict(request.query_params)
        params.update(offset=str(start + size), limit=str(size))
        page["next"] = f"{_url_for(request, route)}?{urlencode(params)}"
    return page


@router.get(
    f"{MANDATES_BASE}/accessRequests/{{requestId}}",
    response_model=AccessRequestOut,
    operation_id="getAccessRequest",
    response_model_exclude_none=True,
    responses=_ERRORS,
    tags=["citizen mandates"],
    summary="Read an access request",
)
async def get_access_request(
    request_id: RequestId, request: Request, client: MandatesCaller
) -> dict[str, Any]:
    state = _state(request)
    return _request_json(state, request, state.get_request(request_id, client))


@router.delete(
    f"{MANDATES_BASE}/accessRequests/{{requestId}}",
    status_code=204,
    operation_id="cancelAccessRequest",
    responses=_ERRORS,
    tags=["citizen mandates"],
    summary="Cancel a pending access request",
)
async def cancel_access_request(
    request_id: RequestId, request: Request, client: MandatesCaller
) -> Response:
    _state(request).cancel_request(request_id, client)
    return Response(status_code=204)


# --------------------------------------------------------------------------- mandates


@router.get(
    f"{MANDATES_BASE}/mandates",
    response_model=MandatePageOut,
    operation_id="listMandates",
    responses=_ERRORS,
    tags=["citizen mandates"],
    summary="List mandates for an employer",
    openapi_extra={"parameters": LIST_PARAMETERS},
)
async def list_mandates(
    request: Request, client: MandatesCaller, listing: Listing
) -> dict[str, Any]:
    state = _state(request)
    query = _ListQuery.parse(listing, MANDATE_STATUSES)
    found = state.list_mandates(
        client, employer=query.employer, status=query.status, ssin=query.ssin
    )
    return _page(request, "list_mandates", found, query, partial(mandate_json, state))


def _integer(
    raw: str, name: str, low: int, high: int | None, problems: list[dict[str, Any]]
) -> int | None:
    try:
        value = int(raw)
    except ValueError:
        problems.append(issue("query", name, raw, "must be a whole number"))
        return None
    if value < low or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
        problems.append(issue("query", name, raw, f"must be {bounds}"))
        return None
    return value


@router.get(
    f"{MANDATES_BASE}/mandates/{{mandateId}}",
    response_model=MandateOut,
    operation_id="getMandate",
    responses=_ERRORS,
    tags=["citizen mandates"],
    summary="Read one mandate",
)
async def get_mandate(
    mandate_id: MandateId, request: Request, client: MandatesCaller
) -> dict[str, Any]:
    state = _state(request)
    return mandate_json(state, state.get_mandate(mandate_id, client))


# --------------------------------------------------------------------------- citizen data


@router.get(
    f"{DATA_BASE}/persons/{{ssin}}/precontractualData",
    response_model=PrecontractualDataOut,
    operation_id="precontractualData",
    responses=_ERRORS,
    tags=["citizen data"],
    summary="Read an applicant's precontractual data (flexi-job eligibility, student hours)",
    openapi_extra={
        "parameters": [
            _param("ssin", "path", SSIN_SCHEMA, "The applicant's NISS", required=True),
            EMPLOYER_PARAM,
        ]
    },
)
async def precontractual_data(
    ssin: Annotated[str, Path(**_HIDDEN)],
    request: Request,
    client: DataCaller,
    employer_enterprise_number: Annotated[
        str | None, Query(alias="employerEnterpriseNumber", **_HIDDEN)
    ] = None,
) -> dict[str, Any]:
    problems: list[dict[str, Any]] = []
    citizen = _ssin(ssin, "path", problems)
    employer = _enterprise(
        employer_enterprise_number, "query", "employerEnterpriseNumber", problems
    )
    if problems:
        raise bad_request(*problems)
    assert citizen is not None
    assert employer is not None
    return _state(request).precontractual_data(client, citizen, employer)
