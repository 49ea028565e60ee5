"""Every inbound ATS call is verified: a valid one starts a check; a wrong secret or a stale call
is refused and starts nothing; the same call again answers the check it started."""

from __future__ import annotations

import datetime as dt
import re

import requests

from precontract_ats.engine import Connector

from .conftest import BothClocks
from .fakes.bullhorn_fake import BullhornFake
from .fakes.recruitee_fake import RecruiteeFake
from .fakes.teamtailor_fake import TeamtailorFake
from .journey import bullhorn_connection, checks, teamtailor_connection
from .support import Served

# ---------------------------------------------------------------------------------- Recruitee


def test_recruitee_valid_wrong_replayed_stale(
    connector: Connector,
    served: Served,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake, key = recruitee_fake, recruitee_key

    wrong = fake.press_button(served.url, key[:-1] + ("A" if key[-1] != "A" else "B"), "501")
    assert wrong.status_code == 401
    assert checks(connector) == []

    valid = fake.press_button(served.url, key, "501", report_id="rep-1", date=clocks.clock.now)
    assert valid.status_code == 201
    assert len(checks(connector)) == 1

    # The same report again (Recruitee retrying a press whose answer it lost) answers the check
    # it started: no second check, no error.
    replay = fake.press_button(served.url, key, "501", report_id="rep-1")
    assert replay.status_code == 201
    assert replay.json()["report_url"] == valid.json()["report_url"]
    assert len(checks(connector)) == 1

    stale = fake.press_button(
        served.url, key, "501", report_id="rep-2", date=clocks.clock.now - dt.timedelta(minutes=10)
    )
    assert stale.status_code == 401
    assert stale.json()["error"] == "stale"

    other_company = fake.press_button(served.url, key, "501", report_id="rep-3", company_id="99999")
    assert other_company.status_code == 403
    assert len(checks(connector)) == 1

    # The test (employer) the recruiter picked, not the connection's default employer (Roos).
    picked = fake.press_button(served.url, key, "501", report_id="rep-4", test_id="0123456749")
    assert picked.status_code == 201
    assert checks(connector)[-1].employer == "0123456749"


def test_recruitee_lists_the_tenants_employers_as_tests(
    connector: Connector, served: Served, recruitee_key: str
) -> None:
    key = recruitee_key
    tests = requests.get(
        f"{served.url}/ats/recruitee/tests", headers={"Authorization": f"Bearer {key}"}, timeout=10
    ).json()
    assert {"id": "0403019261", "name": "Controle voor Roos Pokébowl (0403.019.261)"} in tests
    assert requests.get(f"{served.url}/ats/recruitee/tests", timeout=10).status_code == 401


def test_recruitee_refuses_a_body_without_its_ids(
    connector: Connector, served: Served, recruitee_key: str
) -> None:
    key = recruitee_key
    response = requests.post(
        f"{served.url}/ats/recruitee/send_candidate",
        json={"candidate_id": 501, "company_id": 77001},
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    )
    assert response.status_code == 400
    assert "report_id" in response.json()["detail"]
    assert response.json()["message"] == "Deze oproep werd geweigerd (malformed)."
    assert checks(connector) == []


# ---------------------------------------------------------------------------------- Teamtailor


def test_teamtailor_valid_wrong_replayed_stale(
    connector: Connector,
    served: Served,
    tenant_id: int,
    clocks: BothClocks,
    teamtailor_fake: TeamtailorFake,
) -> None:
    fake = teamtailor_fake
    teamtailor_connection(connector, tenant_id, fake)
    assert fake.trigger(served.url, "54321", provider_key="not-the-key").status_code == 401
    assert (
        fake.trigger(served.url, "54321", event_id="ev-1", date=clocks.clock.now).status_code == 200
    )
    # Teamtailor delivers again until it gets a 2xx: the same event answers what it started.
    replay = fake.trigger(served.url, "54321", event_id="ev-1")
    assert replay.status_code == 200
    assert replay.json() == {"partner_result_attributes": {"status": "sent"}}
    stale = fake.trigger(
        served.url, "54321", event_id="ev-2", date=clocks.clock.now + dt.timedelta(hours=1)
    )
    assert stale.status_code == 401
    elsewhere = fake.trigger(
        served.url, "54321", event_id="ev-3", update_url="https://evil.example/x"
    )
    assert elsewhere.status_code == 403
    assert len(checks(connector)) == 1

    # The employer picked in the trigger's form, not the connection's default employer (Roos).
    picked = fake.trigger(served.url, "54321", event_id="ev-4", employer="0123456749")
    assert picked.status_code == 200
    assert checks(connector)[-1].employer == "0123456749"


# ---------------------------------------------------------------------------------- Bullhorn


def _tab(
    fake: BullhornFake,
    served: Served,
    connection_id: int,
    key: str,
    candidate: str = "9001",
    **context: str,
) -> requests.Response:
    configured = f"{served.url}/ats/bullhorn/{connection_id}/tab?key={key}"
    return requests.get(fake.tab_url(configured, candidate, **context), timeout=10)


def test_bullhorn_tab_is_refused_with_a_wrong_key_corporation_or_candidate(
    connector: Connector, served: Served, tenant_id: int, bullhorn_fake: BullhornFake
) -> None:
    connection_id, key = bullhorn_connection(connector, tenant_id, bullhorn_fake)
    valid = _tab(bullhorn_fake, served, connection_id, key)
    assert valid.status_code == 200
    assert "Check eligibility" in valid.text
    wrong_key = _tab(bullhorn_fake, served, connection_id, "x" + key[1:])
    assert wrong_key.status_code == 401
    assert "cannot be shown" in wrong_key.text
    assert "Maria" not in wrong_key.text
    other_corporation = _tab(bullhorn_fake, served, connection_id, key, corporation="1111")
    assert other_corporation.status_code == 403
    unknown_candidate = _tab(bullhorn_fake, served, connection_id, key, candidate="123456")
    assert unknown_candidate.status_code == 403
    assert checks(connector) == []


def test_bullhorn_check_button_is_refused_when_replayed_or_stale(
    connector: Connector,
    served: Served,
    tenant_id: int,
    clocks: BothClocks,
    bullhorn_fake: BullhornFake,
) -> None:
    connection_id, key = bullhorn_connection(connector, tenant_id, bullhorn_fake)

    def token() -> str:
        match = re.search(
            r'name="token" value="([^"]+)"', _tab(bullhorn_fake, served, connection_id, key).text
        )
        assert match is not None
        return match.group(1)

    check_url = f"{served.url}/ats/bullhorn/{connection_id}/check"
    first = token()
    picked = {"token": first, "employer": "0123456749"}  # not the connection's default (Roos)
    assert requests.post(check_url, data=picked, timeout=30).status_code == 200
    assert checks(connector)[0].employer == "0123456749"
    # The same press again (a lost answer, a double click) leads to the check it started.
    replay = requests.post(check_url, data={"token": first, "lang": "en"}, timeout=30)
    assert replay.status_code == 200
    assert replay.url.split("?")[0].endswith(f"/r/{checks(connector)[0].token}")
    forged = requests.post(check_url, data={"token": first[:-2] + "xx"}, timeout=30)
    assert forged.status_code == 401
    old = token()
    clocks.advance(dt.timedelta(minutes=11))
    stale = requests.post(check_url, data={"token": old}, timeout=30)
    assert stale.status_code == 401
    assert len(checks(connector)) == 1
