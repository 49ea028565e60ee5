"""The id of an inbound press (Recruitee's report, Teamtailor's partner event, Bullhorn's one-time
button token) is stored in the transaction that stores its check, for every ATS: a press whose
answer is lost after its check was stored is answered, when sent again, with that same check (no
second check, no second access request, no 409); a press refused before anything was stored is
refused again the same way when sent again (not taken for a replay)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector

from .fakes.bullhorn_fake import BullhornFake
from .fakes.recruitee_fake import RecruiteeFake
from .fakes.teamtailor_fake import TeamtailorFake
from .journey import bullhorn_connection, checks, teamtailor_connection
from .support import Served


def _requests(sandbox: SandboxServer) -> int:
    with sandbox.state.reading() as data:
        return len(data.requests)


def _answer_lost_once(monkeypatch: pytest.MonkeyPatch, connector: Connector) -> None:
    """The next press is stored and started, then its answer fails (the process dies, the
    connection drops) before it reaches the ATS."""
    real = connector.start_check

    def stored_then_lost(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        monkeypatch.setattr(connector, "start_check", real)
        raise RuntimeError("the answer was lost after the check was stored")

    monkeypatch.setattr(connector, "start_check", stored_then_lost)


def test_recruitee_press_sent_again_after_a_lost_answer_answers_the_same_check(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _answer_lost_once(monkeypatch, connector)
    lost = recruitee_fake.press_button(served.url, recruitee_key, "501", report_id="rep-1")
    assert lost.status_code == 500
    assert len(checks(connector)) == 1
    again = recruitee_fake.press_button(served.url, recruitee_key, "501", report_id="rep-1")
    assert again.status_code == 201
    assert again.json()["report_url"] == checks(connector)[0].context["page_url"]
    assert len(checks(connector)) == 1
    assert _requests(sandbox) == 1


def test_teamtailor_event_sent_again_after_a_lost_answer_or_a_refusal(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    tenant_id: int,
    teamtailor_fake: TeamtailorFake,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = teamtailor_fake
    teamtailor_connection(connector, tenant_id, fake)
    _answer_lost_once(monkeypatch, connector)
    assert fake.trigger(served.url, "54321", event_id="ev-1").status_code == 500
    again = fake.trigger(served.url, "54321", event_id="ev-1")
    assert again.status_code == 200  # Teamtailor stops retrying: the partner result is "sent"
    assert again.json() == {"partner_result_attributes": {"status": "sent"}}
    assert len(checks(connector)) == 1
    assert _requests(sandbox) == 1

    # Refused before anything was stored (a candidate id longer than the store holds): the
    # delivery sent again is refused the same way, not as a replay.
    long_id = "9" * 150
    fake.add_candidate(long_id, "Long", "Id", "long@example.test")
    first = fake.trigger(served.url, long_id, event_id="ev-long")
    assert first.status_code == 422
    assert "100" in first.text
    second = fake.trigger(served.url, long_id, event_id="ev-long")
    assert second.status_code == 422
    assert second.text == first.text
    assert len(checks(connector)) == 1


def test_bullhorn_button_sent_again_after_a_lost_answer_or_a_refusal(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    tenant_id: int,
    bullhorn_fake: BullhornFake,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = bullhorn_fake
    connection_id, key = bullhorn_connection(connector, tenant_id, fake)
    configured = f"{served.url}/ats/bullhorn/{connection_id}/tab?key={key}"
    check_url = f"{served.url}/ats/bullhorn/{connection_id}/check"

    def token() -> str:
        page = requests.get(fake.tab_url(configured, "9001"), timeout=10).text
        match = re.search(r'name="token" value="([^"]+)"', page)
        assert match is not None
        return match.group(1)

    # An employer that is not the tenant's: refused before anything is stored; the same press
    # again is refused for the same reason, not as "already used".
    bad = token()
    first = requests.post(check_url, data={"token": bad, "employer": "0477472701"}, timeout=30)
    assert first.status_code == 422
    assert "already used" not in first.text
    second = requests.post(check_url, data={"token": bad, "employer": "0477472701"}, timeout=30)
    assert second.status_code == 422
    assert "already used" not in second.text
    assert checks(connector) == []

    good = token()
    _answer_lost_once(monkeypatch, connector)
    lost = requests.post(check_url, data={"token": good, "lang": "en"}, timeout=30)
    assert lost.status_code == 500
    again = requests.post(
        check_url, data={"token": good, "lang": "en"}, timeout=30, allow_redirects=False
    )
    assert again.status_code == 303
    assert again.headers["location"].startswith(f"/r/{checks(connector)[0].token}")
    assert len(checks(connector)) == 1
    assert _requests(sandbox) == 1
