"""A NISS the ATS holds (a Recruitee profile field, a Teamtailor custom field, Bullhorn's ``ssn``)
binds the request from the start; one that is not a valid NISS is refused in the recruiter's
language before anything is stored or asked of the social security (issue 10, point 1)."""

from __future__ import annotations

import re

import requests

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector

from .conftest import BothClocks
from .fakes.bullhorn_fake import BullhornFake
from .fakes.recruitee_fake import RecruiteeFake
from .fakes.teamtailor_fake import TeamtailorFake
from .journey import (
    bullhorn_connection,
    checks,
    only_check,
    recruitee_connection,
    sandbox_requests,
    teamtailor_connection,
)
from .support import Served

EMMA = personas.STUDENT_FEW_HOURS
NOT_A_NISS = "85.07.30-033.27"  # one digit off: the check digits do not match


def test_recruitee_profile_field_binds_the_request_and_an_invalid_one_is_refused(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    tenant_id: int,
) -> None:
    fake = recruitee_fake
    _, key = recruitee_connection(connector, tenant_id, fake, without_niss="ask", ssin_field="INSZ")
    fake.add_candidate("507", "Emma Claes", "emma@example.test")
    fake.set_profile_field("507", "INSZ", EMMA.ssin.formatted)
    pressed = fake.press_button(served.url, key, "507", test_id="0403019261")
    assert pressed.status_code == 201, pressed.text
    made = sandbox_requests(sandbox)
    assert len(made) == 1  # no waiting for a NISS: the ATS gave it
    assert sandbox.state.get_request(made[0]).ssin == EMMA.ssin.compact
    assert only_check(connector).ssin_masked == EMMA.ssin.masked

    fake.add_candidate("508", "Tom Peeters", "tom@example.test")
    fake.set_profile_field("508", "INSZ", NOT_A_NISS)
    calls_before = len(fake.calls)
    refused = fake.press_button(served.url, key, "508", test_id="0403019261")
    assert refused.status_code == 422
    message = refused.json()["message"]  # the connection speaks Dutch
    assert "Het rijksregisternummer in het veld “INSZ” van Recruitee is niet geldig" in message
    assert NOT_A_NISS not in refused.text
    assert "8507300332" not in refused.text
    assert len(checks(connector)) == 1
    assert len(sandbox_requests(sandbox)) == 1
    # Only the candidate was read; nothing was written to Recruitee.
    assert [m for m, _ in fake.calls[calls_before:]] == ["GET"]


def test_teamtailor_custom_field_binds_the_request_and_an_invalid_one_is_refused(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    tenant_id: int,
    teamtailor_fake: TeamtailorFake,
) -> None:
    fake = teamtailor_fake
    teamtailor_connection(connector, tenant_id, fake, without_niss="ask", ssin_field="insz")
    fake.add_custom_field("insz", "CustomField::Text")
    fake.set_value("54321", "insz", EMMA.ssin.compact)
    assert fake.trigger(served.url, "54321").status_code == 200
    made = sandbox_requests(sandbox)
    assert len(made) == 1
    assert sandbox.state.get_request(made[0]).ssin == EMMA.ssin.compact

    fake.add_candidate("54322", "Tom", "Peeters", "tom@example.test")
    fake.set_value("54322", "insz", NOT_A_NISS)
    refused = fake.trigger(served.url, "54322")
    assert refused.status_code == 422
    # Shown in the partner result, in the connection's language (French).
    assert "Le numéro de registre national du champ « insz » de Teamtailor" in refused.text
    assert NOT_A_NISS not in refused.text
    assert len(checks(connector)) == 1
    assert len(sandbox_requests(sandbox)) == 1


def test_bullhorn_ssn_that_is_no_niss_is_said_in_the_tab_and_nothing_starts(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    tenant_id: int,
    bullhorn_fake: BullhornFake,
) -> None:
    fake = bullhorn_fake
    connection_id, key = bullhorn_connection(connector, tenant_id, fake, without_niss="ask")
    fake.add_candidate("9003", "Tom", "Peeters", "tom@example.test", ssn=NOT_A_NISS)
    configured = f"{served.url}/ats/bullhorn/{connection_id}/tab?key={key}"
    tab = requests.get(fake.tab_url(configured, "9003") + "&lang=nl", timeout=10)
    assert tab.status_code == 422
    assert "Het rijksregisternummer in het veld “ssn” van Bullhorn is niet geldig" in tab.text
    assert NOT_A_NISS not in tab.text
    assert 'name="token"' not in tab.text  # no button to press
    assert checks(connector) == []
    assert sandbox_requests(sandbox) == []

    # Maria's ssn is valid: her request is bound to it at once.
    page = requests.get(fake.tab_url(configured, "9001"), timeout=10)
    token = re.search(r'name="token" value="([^"]+)"', page.text)
    assert token is not None
    check_url = f"{served.url}/ats/bullhorn/{connection_id}/check"
    assert requests.post(check_url, data={"token": token.group(1)}, timeout=30).status_code == 200
    made = sandbox_requests(sandbox)
    assert len(made) == 1
    assert sandbox.state.get_request(made[0]).ssin == "85073003328"
