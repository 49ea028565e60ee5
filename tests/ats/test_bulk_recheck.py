"""The bulk re-check from the checks overview, against the sandbox over real HTTP: the selected
rows are queued, the workers run them through the job queue, and the counts at the social
security are exact — consultations only for stale answers under an active mandate, access
requests only where no mandate is active, none where one is pending, none twice."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import requests
from sqlalchemy import select

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector
from precontract_ats.queue import WorkQueue
from precontract_ats.services import rechecks
from precontract_ats.services.admins import create_admin
from precontract_ats.store.models import Check, Connection, RecheckItem

from .conftest import ADMIN_PASSWORD, BothClocks
from .fakes.recruitee_fake import RecruiteeFake
from .journey import checks, press_recruitee
from .overview_data import add_check
from .support import Counted, SandboxCalls, Served, csrf_of, sign_in

START = dt.date(2026, 12, 14)


def _press(
    connector: Connector, fake: RecruiteeFake, served: Served, key: str, candidate: str
) -> int:
    """The button pressed for ``candidate``; the id of the check it stored."""
    press_recruitee(fake, served.url, key, candidate)
    return checks(connector)[-1].id


def _latest(connector: Connector, candidate: str) -> Check:
    return [c for c in checks(connector) if c.candidate_ref == candidate][-1]


def _approve(
    connector: Connector,
    sandbox: SandboxServer,
    clocks: BothClocks,
    candidate: str,
    persona: personas.Persona,
) -> None:
    request_id = _latest(connector, candidate).request_id
    assert request_id
    sandbox.approve(request_id, persona.ssin)
    clocks.tick()
    connector.run_once()
    check = _latest(connector, candidate)
    if check.status == "confirm_approver":  # Recruitee sends no NISS: the recruiter accepts
        connector.decide_approver(check.id, accept=True, actor="recruiter page (test)")
    connector.run_once()
    assert _latest(connector, candidate).status == "result"


@pytest.fixture
def planner(connector: Connector, served: Served, tenant_id: int) -> requests.Session:
    with connector.db.session() as session:
        create_admin(session, "planner", ADMIN_PASSWORD)
    return sign_in(served.url, "planner", ADMIN_PASSWORD)


def _set_start(planner: requests.Session, served: Served, check_id: int, day: dt.date) -> None:
    """The planner types the candidate's first working day on the overview."""
    page = planner.get(f"{served.url}/admin/checks?lang=en").text
    saved = planner.post(
        f"{served.url}/admin/checks/{check_id}/planned-start",
        data={"csrf_token": csrf_of(page), "planned_start": day.isoformat()},
    )
    assert saved.status_code == 200


def test_a_bulk_recheck_consults_only_stale_rows_and_asks_only_without_a_mandate(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    planner: requests.Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake, key = recruitee_fake, recruitee_key
    people = {
        "701": personas.STUDENT_AND_FLEXI,  # an answer whose student hours go stale
        "702": personas.MARIA,  # the same
        "703": personas.NOT_ELIGIBLE,  # refuses: no mandate
        "704": personas.PENSIONER,  # approves; the mandate is withdrawn afterwards
        "705": personas.STUDENT_FULL,  # checked again just before: the answer holds
        "706": personas.STUDENT_FEW_HOURS,  # a request still pending
        "707": personas.STUDENT_NO_HOURS,  # no planned start: not queued
        "708": personas.SEASONAL_WORKER,  # starts next quarter: asked for from January
    }
    for candidate, persona in people.items():
        fake.add_candidate(candidate, persona.name, f"{candidate}@example.test")
    for candidate in ("701", "702", "703", "704", "707", "708"):
        _press(connector, fake, served, key, candidate)
    for candidate in ("701", "702", "704", "707", "708"):
        _approve(connector, sandbox, clocks, candidate, people[candidate])
    sandbox.refuse(_latest(connector, "703").request_id or "", personas.NOT_ELIGIBLE.ssin)
    clocks.tick()
    connector.run_once()
    assert _latest(connector, "703").status == "refused"

    clocks.advance(dt.timedelta(days=2))  # still the fourth quarter; the hours are two days old
    planner = sign_in(served.url, "planner", ADMIN_PASSWORD)
    sandbox.revoke(_latest(connector, "704").mandate_id or "")
    _press(connector, fake, served, key, "705")
    _approve(connector, sandbox, clocks, "705", people["705"])
    _press(connector, fake, served, key, "706")
    for candidate in ("701", "702", "703", "704", "705", "706"):
        _set_start(planner, served, _latest(connector, candidate).id, START)
    _set_start(planner, served, _latest(connector, "708").id, dt.date(2027, 1, 4))

    consultations = Counted(sandbox.state.precontractual_data)
    monkeypatch.setattr(sandbox.state, "precontractual_data", consultations)
    with sandbox.state.reading() as data:
        requests_before = set(data.requests)

    page = planner.get(f"{served.url}/admin/checks?lang=en&q=70").text
    selected = {c.candidate_ref: c.id for c in checks(connector) if c.status != "superseded"}
    assert set(selected) == set(people)
    ids = [str(selected[c]) for c in sorted(selected)]
    started = planner.post(
        f"{served.url}/admin/checks/recheck?lang=en",
        data={"csrf_token": csrf_of(page), "ids": ids, "query": "q=70"},
    )
    assert started.status_code == 200
    assert "The re-check was queued" in html.unescape(started.text)
    recheck_id = int(re.search(r"recheck=(\d+)", started.url).group(1))  # type: ignore[union-attr]
    progress = planner.get(f"{served.url}/admin/rechecks/{recheck_id}/progress").json()
    assert (progress["total"], progress["waiting"], progress["done"]) == (7, 7, 0)
    again = planner.post(  # pressed twice: nothing is queued twice
        f"{served.url}/admin/checks/recheck?lang=en",
        data={"csrf_token": csrf_of(page), "ids": ids},
    )
    assert "Nothing to re-check" in html.unescape(again.text)
    assert consultations.calls == 0  # the page only queues; the workers call
    elsewhere = html.unescape(planner.get(f"{served.url}/admin/checks?lang=en").text)
    assert "Bulk re-check of 7 candidates" in elsewhere  # shown until it is done

    connector.run_once()  # a worker round: the rows are claimed from the queue and run

    progress = planner.get(f"{served.url}/admin/rechecks/{recheck_id}/progress").json()
    assert (progress["total"], progress["waiting"], progress["done"], progress["failed"]) == (
        7, 0, 7, 0,
    )  # fmt: skip
    with connector.db.session() as session:
        outcomes = {
            item.check.candidate_ref: item.outcome
            for item in session.scalars(
                select(RecheckItem).where(RecheckItem.recheck_id == recheck_id)
            )
        }
    finished = html.unescape(planner.get(f"{served.url}/admin/checks?lang=en").text)
    assert "Bulk re-check of" not in finished  # done: no longer shown unless asked for
    assert outcomes == {
        "701": "result",  # read again under the active mandate
        "702": "result",
        "703": "needs_approval",  # no mandate: a new request
        "704": "needs_approval",  # the mandate was withdrawn: a new request
        "705": "keep",
        "706": "followed",
        "708": "later",
    }
    assert consultations.calls == 2  # the stale rows only
    with sandbox.state.reading() as data:
        new_requests = set(data.requests) - requests_before
    assert len(new_requests) == 2  # only where no mandate was active; none beside 706's
    assert {_latest(connector, c).request_id for c in ("703", "704")} == new_requests
    for candidate in ("701", "702"):
        fresh = _latest(connector, candidate)
        assert fresh.status == "result"
        assert fresh.planned_start == START
        assert (fresh.values or {})["student_as_of"].startswith("2026-11-30")
    page = html.unescape(planner.get(f"{served.url}/admin/checks?lang=en&q=70").text)
    assert page.count(">Re-checked<") == 7  # every queued row says so

    again = planner.post(  # the same rows again: the new checks hold, nobody is called
        f"{served.url}/admin/checks/recheck?lang=en",
        data={"csrf_token": csrf_of(page), "ids": [str(_latest(connector, c).id) for c in people]},
    )
    recheck_id = int(re.search(r"recheck=(\d+)", again.url).group(1))  # type: ignore[union-attr]
    connector.run_once()
    progress = planner.get(f"{served.url}/admin/rechecks/{recheck_id}/progress").json()
    assert progress["outcomes"] == {"keep": 3, "followed": 3, "later": 1}
    assert consultations.calls == 2
    with sandbox.state.reading() as data:
        assert set(data.requests) - requests_before == new_requests


def test_a_worker_dying_mid_recheck_leaves_one_check_and_one_request(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake, key = recruitee_fake, recruitee_key
    fake.add_candidate("703", personas.NOT_ELIGIBLE.name, "703@example.test")
    first = _press(connector, fake, served, key, "703")
    sandbox.refuse(_latest(connector, "703").request_id or "", personas.NOT_ELIGIBLE.ssin)
    clocks.tick()
    connector.run_once()
    with connector.db.session() as session:
        check = session.get(Check, first)
        assert check is not None
        check.planned_start = START
        queued = rechecks.enqueue(
            session, [first], tenant_ids=None, actor="planner", now=connector.clock()
        )
    with sandbox.state.reading() as data:
        requests_before = set(data.requests)

    # A worker claims the row, stores the new check, and dies before calling anyone.
    dead = WorkQueue(connector.db, "worker:dead", lease=connector.lease)
    with connector.db.session() as session:
        [item] = dead.claim_rechecks(session, connector.clock(), 10)
        item_id = item.id
    begun = connector._begin_recheck(item_id, "worker:dead")
    assert not isinstance(begun, str)
    assert len(checks(connector)) == 2

    clocks.advance(connector.lease + dt.timedelta(seconds=1))
    connector.run_once()  # another worker takes the row over: it finds the check begun
    with connector.db.session() as session:
        finished = session.get(RecheckItem, item_id)
        assert finished is not None
        assert (finished.status, finished.new_check_id) == ("done", begun.job.id)
    clocks.advance(connector.starting_grace + dt.timedelta(seconds=1))
    connector.run_once()  # the begun check's start claim ran out: a worker resumes it, once
    assert len(checks(connector)) == 2
    assert _latest(connector, "703").status == "needs_approval"
    with sandbox.state.reading() as data:
        assert len(set(data.requests) - requests_before) == 1
    assert queued.queued == 1


def test_without_a_niss_the_recheck_asks_the_recruiter_first_and_sends_no_request(
    connector: Connector,
    sandbox: SandboxServer,
    clocks: BothClocks,
    tenant_id: int,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    with connector.db.session() as session:
        connection = session.scalars(select(Connection)).one()
        connection.settings = {**connection.settings, "without_niss": "ask"}  # the default
        connection_id = connection.id
    refused = add_check(
        connector, tenant_id, connection_id, name="Nobody Known", ref="901", status="refused",
        values={}, planned_start=START, ssin=None,
    )  # fmt: skip
    with connector.db.session() as session:
        rechecks.enqueue(session, [refused], tenant_ids=None, actor="planner", now=clocks.clock.now)
    with sandbox.state.reading() as data:
        requests_before = set(data.requests)
    connector.run_once()
    with connector.db.session() as session:
        [item] = session.scalars(select(RecheckItem)).all()
        assert (item.status, item.outcome) == ("done", "needs_niss")
    assert _latest(connector, "901").status == "needs_niss"  # the recruiter page asks for it
    with sandbox.state.reading() as data:
        assert set(data.requests) == requests_before


def test_a_bulk_recheck_waits_for_the_social_securitys_pause(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    sandbox_calls: SandboxCalls,
) -> None:
    fake, key = recruitee_fake, recruitee_key
    fake.add_candidate("705", personas.NOT_ELIGIBLE.name, "705@example.test")
    fake.add_candidate("706", personas.STUDENT_FULL.name, "706@example.test")
    refused = _press(connector, fake, served, key, "705")
    sandbox.refuse(_latest(connector, "705").request_id or "", personas.NOT_ELIGIBLE.ssin)
    clocks.tick()
    connector.run_once()
    # 706's request is pending; its poll is answered 429 (Retry-After 120 s): the bureau's REST
    # account is paused.
    _press(connector, fake, served, key, "706")
    sandbox.inject_fault("getAccessRequest", "status", status=429, retry_after=120, count=1)
    clocks.tick()
    connector.run_once()
    until = clocks.clock.now + dt.timedelta(seconds=120)
    with connector.db.session() as session:
        check = session.get(Check, refused)
        assert check is not None
        assert check.tenant.paused_until == until
        check.planned_start = START
        rechecks.enqueue(session, [refused], tenant_ids=None, actor="planner", now=clocks.clock.now)
    with sandbox.state.reading() as data:
        requests_before = set(data.requests)

    # During the pause the worker leaves the row waiting and calls no one.
    mark = len(sandbox_calls.calls)
    clocks.set(until - dt.timedelta(seconds=5))
    connector.run_once()
    assert sandbox_calls.since(mark) == []
    with connector.db.session() as session:
        [item] = session.scalars(select(RecheckItem)).all()
        assert (item.status, item.lease_owner, item.new_check_id) == ("waiting", None, None)
    assert len(checks(connector)) == 2

    # The pause is over: one round runs the row, with one new access request (705 was refused).
    clocks.set(until)
    connector.run_once()
    with connector.db.session() as session:
        [item] = session.scalars(select(RecheckItem)).all()
        assert item.status == "done"
    assert len(checks(connector)) == 3
    assert _latest(connector, "705").status == "needs_approval"
    with sandbox.state.reading() as data:
        assert len(set(data.requests) - requests_before) == 1
