"""A 429 from the social security holds for every process, counted at the sandbox (issue 11,
point 4): a button press during the pause is stored but calls no one, and a worker starts it once
the pause is over; the recruiter page's actions are refused until then, the check left as it was.
The pause comes from a real 429 of the sandbox (``Retry-After`` 120 s) to a worker's poll. A
recruiter's decision whose own run is told to wait, or whose process dies, is carried out by a
worker afterwards (not lost, not replaced by following the old request)."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import requests
from sqlalchemy import inspect, select

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract.testing import DEMO_EMPLOYER
from precontract_ats.engine import Connector
from precontract_ats.store.models import Check, Tenant

from .conftest import BothClocks
from .fakes.recruitee_fake import RecruiteeFake
from .journey import (
    approve_latest,
    checks,
    press_recruitee,
    recruitee_connection,
    sandbox_requests,
    write_backs,
)
from .support import SandboxCalls, Served

CREATE = ("POST", "/REST/citizenMandates/v1/accessRequests")


def _paused_by_a_poll(
    connector: Connector, sandbox: SandboxServer, clocks: BothClocks
) -> dt.datetime:
    """The next poll of the pending request is answered 429 (Retry-After 120 s, past the core's
    own patience, so not retried on the spot): the tenant's REST account is paused; its end."""
    sandbox.inject_fault("getAccessRequest", "status", status=429, retry_after=120, count=1)
    clocks.tick()
    assert connector.run_once()["polled"] == 1
    return _pause_end(connector, clocks)


def _pause_end(connector: Connector, clocks: BothClocks) -> dt.datetime:
    """The end of the tenant's pause, which a 429 (``Retry-After`` 120 s) started just now."""
    with connector.db.session() as session:
        [tenant] = session.scalars(select(Tenant)).all()
    until = tenant.paused_until
    assert until is not None
    assert until == clocks.clock.now + dt.timedelta(seconds=120)
    return until


def _row(connector: Connector, check_id: int) -> dict[str, Any]:
    """Every column of the stored check."""
    with connector.db.session() as session:
        check = session.get(Check, check_id)
        assert check is not None
        return {c.key: getattr(check, c.key) for c in inspect(Check).column_attrs}


def _text(response: requests.Response) -> str:
    return html.unescape(response.text)


def test_a_press_during_a_pause_is_stored_and_started_by_a_worker_once_it_is_over(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    sandbox_calls: SandboxCalls,
) -> None:
    fake = recruitee_fake
    fake.add_candidate("502", "Lucas Janssens", "lucas@example.test")
    press_recruitee(fake, served.url, recruitee_key, "501")
    [maria] = checks(connector)
    assert maria.request_id is not None
    until = _paused_by_a_poll(connector, sandbox, clocks)  # 09:02:10 UTC: 10:02 in Brussels

    # Lucas's button is pressed during the pause: the check is stored, the social security is
    # not called at all (not even for a token).
    clocks.advance(dt.timedelta(seconds=60))
    mark = len(sandbox_calls.calls)
    pressed = fake.press_button(served.url, recruitee_key, "502", test_id=DEMO_EMPLOYER)
    assert pressed.status_code == 201, pressed.text
    assert pressed.json()["status"] == "starting"
    page_url = pressed.json()["report_url"]
    assert sandbox_calls.since(mark) == []
    assert sandbox_requests(sandbox) == [maria.request_id]
    [_, lucas] = checks(connector)
    assert (lucas.candidate_ref, lucas.status, lucas.request_id) == ("502", "starting", None)
    assert (lucas.lease_owner, lucas.lease_until, lucas.next_poll_at) == (None, None, until)

    # Recruitee sends the same press again (its answer lost): that check, no second one.
    report_id = pressed.report_id  # type: ignore[attr-defined]
    again = fake.press_button(
        served.url, recruitee_key, "502", test_id=DEMO_EMPLOYER, report_id=report_id
    )
    assert again.status_code == 201, again.text
    assert again.json() == {"status": "starting", "report_url": page_url}
    assert len(checks(connector)) == 2
    assert sandbox_calls.since(mark) == []

    # The recruiter page says what is happening, in the reader's language.
    said = {
        "en": "The social security asked us to wait until 10:02 before calling it again. The "
        "request is sent automatically then",
        "nl": "De sociale zekerheid vroeg ons tot 10:02 te wachten voor we haar opnieuw "
        "aanspreken. De aanvraag wordt dan vanzelf verstuurd",
        "fr": "La sécurité sociale nous a demandé d'attendre jusqu'à 10:02 avant de l'appeler à "
        "nouveau. La demande est alors envoyée automatiquement",
        "de": "Die soziale Sicherheit hat uns gebeten, bis 10:02 zu warten, bevor wir sie erneut "
        "anfragen. Die Anfrage wird dann automatisch gesendet",
    }
    for lang, text in said.items():
        page = _text(requests.get(f"{page_url}?lang={lang}", timeout=10))
        assert text in page, lang
    assert "The request for Lucas is being prepared" in _text(
        requests.get(f"{page_url}?lang=en", timeout=10)
    )

    # A worker round during the pause calls no one either.
    clocks.set(until - dt.timedelta(seconds=5))
    connector.run_once()
    assert sandbox_calls.since(mark) == []

    # The pause is over: one worker round creates exactly one access request, Lucas's.
    clocks.set(until)
    connector.run_once()
    created = [c for c in sandbox_calls.since(mark) if (c[0], c[1]) == CREATE]
    assert len(created) == 1
    requests_made = sandbox_requests(sandbox)
    assert len(requests_made) == 2
    lucas = checks(connector)[1]
    assert lucas.status == "needs_approval"
    assert lucas.request_id == requests_made[1]
    page = _text(requests.get(f"{page_url}?lang=en", timeout=10))
    assert "Waiting for Lucas's approval" in page
    assert "asked us to wait" not in page


def test_the_recruiter_pages_actions_are_refused_during_a_pause_and_change_nothing(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    tenant_id: int,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    sandbox_calls: SandboxCalls,
) -> None:
    fake = recruitee_fake
    fake.add_candidate("502", "Lucas Janssens", "lucas@example.test")
    fake.add_candidate("503", "Emma Claes", "emma@example.test")
    # Maria's request, sent without a NISS, approved by someone: the recruiter is to confirm.
    maria_page = press_recruitee(fake, served.url, recruitee_key, "501")
    approve_latest(connector, sandbox, clocks.tick, personas.MARIA.ssin)
    # Emma's press on a connection that waits for the NISS: nothing asked yet.
    _, asking_key = recruitee_connection(connector, tenant_id, fake, without_niss="ask")
    emma_page = press_recruitee(fake, served.url, asking_key, "503")
    # Lucas's request is pending; its poll is answered 429.
    lucas_page = press_recruitee(fake, served.url, recruitee_key, "502")
    until = _paused_by_a_poll(connector, sandbox, clocks)  # 09:02:20 UTC: 10:02 in Brussels
    maria, emma, lucas = checks(connector)
    statuses = (maria.status, emma.status, lucas.status)
    assert statuses == ("confirm_approver", "needs_niss", "needs_approval")
    before = {check.id: _row(connector, check.id) for check in (maria, emma, lucas)}
    queued = len(write_backs(connector))
    mark = len(sandbox_calls.calls)

    refusals = {
        "nl": "De sociale zekerheid vroeg ons tot 10:02 te wachten voor we haar opnieuw "
        "aanspreken. Er is niets gewijzigd: probeer het na 10:02 opnieuw.",
        "fr": "La sécurité sociale nous a demandé d'attendre jusqu'à 10:02 avant de l'appeler à "
        "nouveau. Rien n'a été modifié : réessayez après 10:02.",
        "de": "Die soziale Sicherheit hat uns gebeten, bis 10:02 zu warten, bevor wir sie erneut "
        "anfragen. Es wurde nichts geändert: Versuchen Sie es nach 10:02 erneut.",
        "en": "The social security asked us to wait until 10:02 before calling it again. Nothing "
        "was changed: try again after 10:02.",
    }
    actions = [
        ("nl", f"{maria_page}/approver", {"decision": "accept"}),
        ("fr", f"{maria_page}/approver", {"decision": "reject"}),
        ("de", f"{lucas_page}/niss", {"niss": personas.STUDENT_FULL.ssin.formatted}),
        ("en", f"{emma_page}/niss", {"niss": personas.STUDENT_FEW_HOURS.ssin.formatted}),
        ("en", f"{emma_page}/unbound", {}),
    ]
    for lang, url, form in actions:
        answer = requests.post(f"{url}?lang={lang}", data=form, timeout=30, allow_redirects=False)
        assert answer.status_code == 409, (url, answer.status_code)
        assert refusals[lang] in _text(answer), url

    assert sandbox_calls.since(mark) == []  # not one call to the social security
    assert {check_id: _row(connector, check_id) for check_id in before} == before
    assert len(write_backs(connector)) == queued
    assert len(sandbox_requests(sandbox)) == 2

    # Once the pause is over the same action goes through.
    clocks.set(until)
    accepted = requests.post(
        f"{maria_page}/approver?lang=en", data={"decision": "accept"}, timeout=30
    )
    assert accepted.status_code == 200
    assert checks(connector)[0].status == "result"


DATA = ("GET", "/REST/citizenData/v1/persons/")


def test_a_recruiters_decision_told_to_wait_is_carried_out_by_a_worker_after_the_pause(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    sandbox_calls: SandboxCalls,
) -> None:
    """Accepting who approved: the reading of the data is answered 429. The decision is kept with
    the check, and the first worker round after the pause reads the data — the recruiter is not
    asked again."""
    maria_page = press_recruitee(recruitee_fake, served.url, recruitee_key, "501")
    approve_latest(connector, sandbox, clocks.tick, personas.MARIA.ssin)
    [maria] = checks(connector)
    assert maria.status == "confirm_approver"
    mark = len(sandbox_calls.calls)
    sandbox.inject_fault("precontractualData", "status", status=429, retry_after=120, count=1)

    answer = requests.post(
        f"{maria_page}/approver?lang=en", data={"decision": "accept"}, timeout=30
    )
    assert answer.status_code == 200
    [maria] = checks(connector)
    assert maria.status == "starting"
    until = _pause_end(connector, clocks)

    clocks.set(until - dt.timedelta(seconds=5))
    connector.run_once()  # still paused: no one is called
    clocks.set(until)
    connector.run_once()
    [maria] = checks(connector)
    assert maria.status == "result"
    reads = [c for c in sandbox_calls.since(mark) if c[0] == DATA[0] and c[1].startswith(DATA[1])]
    assert len(reads) == 2  # the one told to wait, and the one after the pause
    assert "decision" not in (maria.notes or {})


def test_a_typed_niss_told_to_wait_still_replaces_the_unbound_request_after_the_pause(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    sandbox_calls: SandboxCalls,
) -> None:
    """The recruiter types the NISS of a check whose request is bound to no one; creating the
    bound request is answered 429. After the pause a worker creates it (bound to that NISS):
    the unbound one is not followed on in its place."""
    page = press_recruitee(recruitee_fake, served.url, recruitee_key, "501")
    connector.run_once()
    [check] = checks(connector)
    unbound = check.request_id
    assert unbound is not None
    sandbox.inject_fault("createAccessRequest", "status", status=429, retry_after=120, count=1)

    answer = requests.post(
        f"{page}/niss?lang=en", data={"niss": personas.MARIA.ssin.formatted}, timeout=30
    )
    assert answer.status_code == 200
    clocks.set(_pause_end(connector, clocks))
    connector.run_once()

    [check] = checks(connector)
    assert check.status == "needs_approval"
    assert check.request_id not in (None, unbound)
    with sandbox.state.reading() as data:
        assert data.requests[check.request_id].ssin == personas.MARIA.ssin.compact
    assert len(sandbox_requests(sandbox)) == 2


def test_a_recruiters_decision_whose_process_died_is_carried_out_after_the_starting_grace(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    """The web process stored the recruiter's accept and died before its run: the check is not
    left *starting* for ever; a worker carries the decision out once the start's grace is over
    (never before: a slow run of a living process is not taken over)."""
    press_recruitee(recruitee_fake, served.url, recruitee_key, "501")
    approve_latest(connector, sandbox, clocks.tick, personas.MARIA.ssin)
    [maria] = checks(connector)
    connector._reopen(maria.id, ("confirm_approver",), "not_confirming", approver="accept")

    clocks.advance(connector.starting_grace - dt.timedelta(minutes=1))
    assert connector.run_once()["polled"] == 0
    clocks.advance(dt.timedelta(minutes=2))
    assert connector.run_once()["polled"] == 1
    assert checks(connector)[0].status == "result"
