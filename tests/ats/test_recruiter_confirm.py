"""The recruiter page's confirmation step (issue 10), over HTTP against the sandbox: Emma Claes (a
student with 38 hours left) is checked from Recruitee, which sends no NISS; another test citizen
approves. Nothing is written for Emma until the recruiter accepts, and the mismatch is shown."""

from __future__ import annotations

from typing import Any

import requests
from sqlalchemy import select

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector
from precontract_ats.store.models import AuditRecord

from .conftest import BothClocks
from .fakes.recruitee_fake import RecruiteeFake
from .journey import (
    approve_latest,
    audit_actions,
    only_check,
    press_recruitee,
    request_id_of,
)
from .support import Served

EMMA = personas.STUDENT_FEW_HOURS
LUCAS = personas.STUDENT_FULL
HOURS = "Resterende studentenuren"
FLEXI = "Komt in aanmerking voor flexi-job"
STATUS = "Status van de toegang"


def _approved_by_lucas(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    fake: RecruiteeFake,
    key: str,
) -> str:
    """Emma's button pressed, the request approved by Lucas; the page's address."""
    fake.add_candidate("507", "Emma Claes", "emma@example.test")
    page_url = press_recruitee(fake, served.url, key, "507")
    waiting = requests.get(f"{page_url}?lang=en", timeout=10).text
    assert "Know the applicant&#39;s national register number?" in waiting  # typed NISS offered
    approve_latest(connector, sandbox, clocks.tick, LUCAS.ssin)
    return page_url


def test_emma_approved_by_another_citizen_gets_nothing_until_accepted(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake = recruitee_fake
    page_url = _approved_by_lucas(connector, served, sandbox, clocks, fake, recruitee_key)
    check = only_check(connector)
    assert check.status == "confirm_approver"
    assert check.ssin_enc is None  # Lucas's NISS is not filed under Emma
    assert check.next_poll_at is None  # waiting for the recruiter, not polling
    fields = fake.field_values("507")
    assert fields.get(HOURS) is None
    assert fields.get(FLEXI) is None
    assert fields[STATUS] == "Goedgekeurd door iemand — bevestig"
    assert "consultation" not in audit_actions(connector)

    page = requests.get(f"{page_url}?lang=en", timeout=10).text
    assert "Approved by someone — confirm who" in page
    assert "05.03.18-***.**" in page
    assert LUCAS.ssin.compact not in page
    assert "18/03/2005" in page
    assert "Lucas Janssens" in page
    assert "Name: does NOT match." in page
    assert "In the ATS: Emma Claes" in page
    assert "does not seem to be this applicant" in page  # the mismatch warning
    assert "Accept: this is Emma" in page
    assert "Reject: not Emma" in page
    assert "650" not in page
    dutch = requests.get(f"{page_url}?lang=nl", timeout=10).text
    assert "Goedgekeurd door iemand — bevestig wie" in dutch
    assert "Aanvaarden: dit is Emma" in dutch

    # More rounds change nothing: nothing is read or written until someone accepts.
    clocks.tick()
    connector.run_once()
    assert fake.field_values("507").get(HOURS) is None
    assert "consultation" not in audit_actions(connector)

    accepted = requests.post(
        f"{page_url}/approver?lang=en", data={"decision": "accept"}, timeout=30
    )
    assert accepted.status_code == 200  # after the 303 back to the page
    assert "650 hours" in accepted.text  # Lucas's hours, as the recruiter accepted him
    connector.run_once()
    assert fake.field_values("507")[HOURS] == 650
    actions = audit_actions(connector)
    assert actions.index("approver.accepted") < actions.index("consultation")
    with connector.db.session() as session:
        record = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "approver.accepted")
        ).one()
        assert record.actor is not None
        assert record.actor == "recruiter-page:recruitee:77001"
        assert record.request_id is not None
        assert record.mandate_id is not None


def test_rejecting_then_typing_the_niss_binds_a_new_request_to_emma(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake = recruitee_fake
    page_url = _approved_by_lucas(connector, served, sandbox, clocks, fake, recruitee_key)
    first_request = request_id_of(connector)

    rejected = requests.post(
        f"{page_url}/approver?lang=en", data={"decision": "reject"}, timeout=30
    )
    assert rejected.status_code == 200
    assert "Cancelled" in rejected.text
    assert "approver.rejected" in audit_actions(connector)
    assert "consultation" not in audit_actions(connector)

    wrong = requests.post(f"{page_url}/niss?lang=en", data={"niss": "04092315115"}, timeout=30)
    assert wrong.status_code == 400
    assert "This national register number is not valid" in wrong.text
    assert "04092315115" not in wrong.text

    bound = requests.post(
        f"{page_url}/niss?lang=en", data={"niss": EMMA.ssin.formatted}, timeout=30
    )
    assert bound.status_code == 200
    assert "Waiting for Emma" in bound.text
    assert EMMA.ssin.masked in bound.text
    new_request = request_id_of(connector)
    assert new_request != first_request
    # Only Emma can approve it now; once she did, her data comes in without a confirmation.
    on_server = sandbox.state.get_request(new_request)
    assert on_server.ssin == EMMA.ssin.compact
    sandbox.approve(new_request, EMMA.ssin)
    clocks.tick()
    connector.run_once()
    assert only_check(connector).status == "result"
    connector.run_once()
    assert fake.field_values("507")[HOURS] == 38


def test_typing_the_niss_while_waiting_replaces_the_unbound_request(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    sandbox_client: Any,
) -> None:
    fake = recruitee_fake
    fake.add_candidate("507", "Emma Claes", "emma@example.test")
    page_url = press_recruitee(fake, served.url, recruitee_key, "507")
    unbound = request_id_of(connector)
    bound = requests.post(f"{page_url}/niss?lang=en", data={"niss": EMMA.ssin.compact}, timeout=30)
    assert bound.status_code == 200
    replaced = request_id_of(connector)
    assert replaced != unbound
    assert sandbox.state.get_request(unbound).status == "CANCELLED"
    assert sandbox.state.get_request(replaced).ssin == EMMA.ssin.compact
    # A second NISS is refused: the check is bound now.
    again = requests.post(f"{page_url}/niss?lang=en", data={"niss": LUCAS.ssin.compact}, timeout=30)
    assert again.status_code == 409
    assert sandbox.state.get_request(replaced).ssin == EMMA.ssin.compact
