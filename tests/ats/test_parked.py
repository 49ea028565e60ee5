"""Parked checks (issue 11, point 2): a check whose follow-up keeps failing is backed off, parked
after ``max_failures`` in a row and shown to the operator on the admin's Parked page with its
error in the reader's language (no NISS, in any spelling); *retry* and *drop* there, through the
admin's signed-in session and its CSRF token, do what they say — counted at the sandbox and at
the fake Bullhorn."""

from __future__ import annotations

import datetime as dt
import html
import re

import requests

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector
from precontract_ats.failures import said
from precontract_ats.queue import failure_delay

from .conftest import BothClocks
from .fakes.bullhorn_fake import BullhornFake
from .journey import bullhorn_connection, checks, press_bullhorn
from .support import Served, csrf_of

DATA_CALL = "/REST/citizenData/v1/persons/"


def test_a_check_that_keeps_failing_is_parked_and_an_operator_retries_or_drops_it(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    tenant_id: int,
    bullhorn_fake: BullhornFake,
    admin_session: requests.Session,
) -> None:
    fake = bullhorn_fake
    maria, emma = personas.MARIA, personas.STUDENT_FEW_HOURS
    fake.add_candidate("9003", "Emma", "Claes", "emma@example.test", ssn=emma.ssin.formatted)
    connection_id, key = bullhorn_connection(connector, tenant_id, fake)
    press_bullhorn(fake, served, connection_id, key, "9001")  # Maria, her NISS in `ssn`
    press_bullhorn(fake, served, connection_id, key, "9003")
    retried, dropped = checks(connector)
    for check, who in ((retried, maria), (dropped, emma)):
        assert check.request_id is not None
        sandbox.approve(check.request_id, who.ssin)
    connector.run_once()  # the first write-backs (awaiting approval, the notes)

    # The applicants approved, but the data call answers garbage, every time.
    sandbox.inject_fault("precontractualData", "malformed", count=None)
    data_calls = 0
    bound = connector.settings.max_failures
    clocks.tick()  # the first polls are due
    for failures in range(1, bound + 1):
        counts = connector.run_once()
        assert counts["polled"] == 2
        data_calls += 2
        stored = {c.id: c for c in checks(connector)}
        assert {c.failures for c in stored.values()} == {failures}
        if failures < bound:
            assert all(c.parked_at is None for c in stored.values())
            # Backed off, longer each time (30 s, 1 min, 2 min … ).
            assert all(
                c.next_poll_at == clocks.clock.now + failure_delay(failures)
                for c in stored.values()
            )
        clocks.advance(failure_delay(failures) + dt.timedelta(seconds=1))
    assert all(c.parked_at is not None for c in checks(connector))
    assert connector.run_once()["polled"] == 0  # parked: no worker follows it
    assert fault_hits(sandbox) == data_calls

    page = admin_session.get(f"{served.url}/admin/parked?lang=en").text
    assert "Maria Abara" in page
    assert "Emma Claes" in page
    assert page.count(f"{bound} failures") == 2
    error = said(checks(connector)[0].last_failure, "en")  # what the operator reads
    assert error.startswith("The social security")
    assert html.unescape(page).count(error) == 2
    for who in (maria, emma):  # the NISS of neither shows, in any spelling
        assert who.ssin.compact not in page
        assert who.ssin.formatted not in page
    forms = re.findall(r'action="/admin/parked/check/(\d+)/(retry|drop)"', page)
    assert sorted(forms) == sorted(
        (str(c.id), action) for c in (retried, dropped) for action in ("retry", "drop")
    )

    # The garbage stops. The operator retries Maria's check and drops Emma's.
    sandbox.clear_faults()
    csrf = csrf_of(page)
    answer = admin_session.post(
        f"{served.url}/admin/parked/check/{retried.id}/retry", data={"csrf_token": csrf}
    )
    assert "It will be tried again within seconds." in answer.text
    answer = admin_session.post(
        f"{served.url}/admin/parked/check/{dropped.id}/drop", data={"csrf_token": csrf}
    )
    assert "It was dropped." in answer.text
    assert "Nothing is parked" in admin_session.get(f"{served.url}/admin/parked?lang=en").text

    connector.run_once()  # Maria's check is read now; Emma's no more
    after = {c.id: c for c in checks(connector)}
    assert after[retried.id].status == "result"
    assert after[retried.id].failures == 0
    assert after[dropped.id].status == "error"
    assert after[dropped.id].next_poll_at is None
    assert fake.candidates["9001"]["customText11"] == "Yes"  # Maria: eligible for a flexi-job
    assert fake.candidates["9001"]["customText12"] == "Access granted"
    assert fake.candidates["9003"]["customText12"] == "Awaiting approval"
    clocks.advance(dt.timedelta(hours=2))
    assert connector.run_once()["polled"] == 0  # the dropped check is not followed any more
    with sandbox.state.reading() as data:
        assert len(data.requests) == 2  # and no new access request was made for either


def fault_hits(sandbox: SandboxServer) -> int:
    """How many calls the injected faults still in place answered."""
    return sum(f.hits for f in sandbox.faults.list())
