"""Controls for tests and demos under ``/sandbox/…`` — never part of the real APIs.

Register a client, move the clock, act as a citizen without a browser, inject faults, reset.
The server is started with ``controls=False`` to leave them out entirely (they answer 404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from precontract.identifiers import Ssin
from precontract.sandbox import personas
from precontract.sandbox.api import mandate_json
from precontract.sandbox.faults import Fault, FaultRules
from precontract.sandbox.problems import bad_request, issue
from precontract.sandbox.state import MAX_TOKEN_LIFETIME, InvalidInput, SandboxState
from precontract.timeutil import brussels_today

__all__ = ["router"]

router = APIRouter(prefix="/sandbox", tags=["sandbox controls"])


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClientIn(_In):
    clientId: str = Field(min_length=1)
    certificatePem: str
    scopes: list[str] | None = None
    name: str | None = None
    enterpriseNumber: str | None = None


class ClockIn(_In):
    now: dt.datetime


class AdvanceIn(_In):
    seconds: float


class CitizenIn(_In):
    """The citizen who answers: an NISS, or a persona's key (``flexi_worker``, ...)."""

    ssin: str | None = None
    persona: str | None = None


class FaultIn(_In):
    endpoint: str = "*"
    kind: str
    count: int | None = 1
    status: int = 503
    retryAfter: int = 1
    latencyMs: int = 0
    limit: int = 0
    windowMs: int = 1000


class EnterpriseIn(_In):
    enterpriseNumber: str
    name: str


class SettingsIn(_In):
    tokenLifetime: int = Field(ge=1, le=MAX_TOKEN_LIFETIME)


def _state(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


def _faults(request: Request) -> FaultRules:
    rules: FaultRules = request.app.state.faults
    return rules


def _clock(state: SandboxState) -> dict[str, Any]:
    return {"now": state.now().isoformat(), "offsetSeconds": state.clock.offset.total_seconds()}


def _citizen(body: CitizenIn) -> str:
    if body.persona is not None:
        found = next((p for p in personas.PERSONAS if p.key == body.persona), None)
        if found is None:
            keys = ", ".join(p.key for p in personas.PERSONAS)
            raise bad_request(issue("body", "persona", body.persona, f"one of {keys}"))
        return found.ssin.compact
    if body.ssin is None:
        raise bad_request(issue("body", "ssin", None, "give the citizen's ssin or a persona"))
    try:
        return Ssin.parse(body.ssin).compact
    except ValueError as exc:
        raise bad_request(issue("body", "ssin", None, str(exc))) from None


@contextmanager
def _refusals_named(**body_names: str) -> Iterator[None]:
    """The state's refusal of an argument, answered as a badRequest naming the body's field
    (``body_names`` maps the state's argument names to the body's)."""
    try:
        yield
    except InvalidInput as exc:
        name = body_names.get(exc.field, exc.field)
        raise bad_request(issue("body", name, exc.value, str(exc))) from None


@router.post("/clients", status_code=201, summary="Register a client (client ID + certificate)")
def register_client(body: ClientIn, request: Request) -> dict[str, Any]:
    with _refusals_named(
        client_id="clientId", certificate_pem="certificatePem", enterprise_number="enterpriseNumber"
    ):
        record = _state(request).register_client(
            body.clientId,
            body.certificatePem,
            scopes=body.scopes,
            name=body.name,
            enterprise_number=body.enterpriseNumber,
        )
    return {
        "clientId": record.client_id,
        "scopes": record.scopes,
        "enterpriseNumber": record.enterprise_number,
    }


@router.get("/personas", summary="The test citizens (flexi answer: this quarter of the clock)")
def list_personas(request: Request) -> list[dict[str, Any]]:
    today = brussels_today(_state(request).now())
    return [
        {
            "key": p.key,
            "name": p.name,
            "ssin": p.ssin.compact,
            "description": p.description,
            "flexiEligible": p.flexi_eligible_on(today),
            "flexiReason": p.flexi_reason_on(today),
            "remainingHours": p.remaining_hours(today.year),
            "hoursUsed": p.hours_used,
        }
        for p in personas.PERSONAS
    ]


@router.get("/clock", summary="The sandbox's current moment")
def get_clock(request: Request) -> dict[str, Any]:
    return _clock(_state(request))


@router.put("/clock", summary="Set the sandbox's clock (time keeps flowing from there)")
def set_clock(body: ClockIn, request: Request) -> dict[str, Any]:
    state = _state(request)
    try:
        state.set_clock(body.now)
    except ValueError as exc:
        raise bad_request(issue("body", "now", body.now.isoformat(), str(exc))) from None
    return _clock(state)


@router.post("/clock/advance", summary="Move the clock forward (or back) by seconds")
def advance_clock(body: AdvanceIn, request: Request) -> dict[str, Any]:
    state = _state(request)
    try:
        # NaN, infinities and huge numbers fail already as a timedelta.
        state.advance(dt.timedelta(seconds=body.seconds))
    except (OverflowError, ValueError) as exc:
        raise bad_request(issue("body", "seconds", str(body.seconds), str(exc))) from None
    return _clock(state)


@router.delete("/clock", summary="Back to real time")
def reset_clock(request: Request) -> dict[str, Any]:
    state = _state(request)
    state.reset_clock()
    return _clock(state)


@router.post("/accessRequests/{request_id}/approve", summary="Approve as a citizen")
def approve(request_id: str, body: CitizenIn, request: Request) -> dict[str, Any]:
    state = _state(request)
    mandate = state.approve(request_id, _citizen(body))
    return mandate_json(state, mandate)


@router.post("/accessRequests/{request_id}/refuse", status_code=204, summary="Refuse as a citizen")
def refuse(request_id: str, body: CitizenIn, request: Request) -> Response:
    _state(request).refuse(request_id, _citizen(body))
    return Response(status_code=204)


@router.post("/mandates/{mandate_id}/revoke", summary="Revoke as the citizen")
def revoke(mandate_id: str, request: Request) -> dict[str, Any]:
    state = _state(request)
    return mandate_json(state, state.revoke(mandate_id))


@router.post("/faults", status_code=201, summary="Inject a fault")
def add_fault(body: FaultIn, request: Request) -> dict[str, Any]:
    try:
        fault = Fault(
            endpoint=body.endpoint,
            kind=body.kind,
            count=body.count,
            status=body.status,
            retry_after=body.retryAfter,
            latency_ms=body.latencyMs,
            limit=body.limit,
            window_ms=body.windowMs,
        )
    except ValueError as exc:
        raise bad_request(issue("body", "fault", None, str(exc))) from None
    return _faults(request).add(fault).as_json()


@router.get("/faults", summary="The faults still armed")
def list_faults(request: Request) -> list[dict[str, Any]]:
    return [f.as_json() for f in _faults(request).list()]


@router.delete("/faults", status_code=204, summary="Clear every fault")
def clear_faults(request: Request) -> Response:
    _faults(request).clear()
    return Response(status_code=204)


@router.post("/enterprises", status_code=201, summary="Name an enterprise (shown on the portal)")
def add_enterprise(body: EnterpriseIn, request: Request) -> dict[str, Any]:
    state = _state(request)
    with _refusals_named(number="enterpriseNumber"):
        number = state.register_enterprise(body.enterpriseNumber, body.name)
    return {"enterpriseNumber": number, "name": state.enterprise_name(number)}


@router.put("/settings", summary="Change the token lifetime")
def change_settings(body: SettingsIn, request: Request) -> dict[str, Any]:
    _state(request).set_token_lifetime(body.tokenLifetime)
    return {"tokenLifetime": body.tokenLifetime}


@router.post("/reset", status_code=204, summary="Forget everything and go back to real time")
def reset(request: Request) -> Response:
    _state(request).reset()
    _faults(request).clear()
    return Response(status_code=204)
