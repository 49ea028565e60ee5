"""The NISS before the request (issue 10, point 1): on a connection that waits for it (the default),
a press without a NISS creates no access request; the recruiter page asks for the NISS, and offers,
as a secondary choice, to send the request without it. Over HTTP against the sandbox, with Emma
Claes (a student with 38 hours left) checked from Recruitee and Lucas (650 hours) approving what
is not his."""

from __future__ import annotations

import re

import requests
from sqlalchemy import select

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector
from precontract_ats.store.models import AuditRecord

from .conftest import BothClocks
from .fakes.bullhorn_fake import BullhornFake
from .fakes.recruitee_fake import RecruiteeFake
from .fakes.teamtailor_fake import TeamtailorFake
from .journey import (
    audit_actions,
    bullhorn_connection,
    checks,
    only_check,
    recruitee_connection,
    sandbox_requests,
    teamtailor_connection,
)
from .support import Served

EMMA = personas.STUDENT_FEW_HOURS
LUCAS = personas.STUDENT_FULL
HOURS = "Resterende studentenuren"
FLEXI = "Komt in aanmerking voor flexi-job"


def _press_emma(
    connector: Connector,
    served: Served,
    clocks: BothClocks,
    fake: RecruiteeFake,
    tenant_id: int,
    sandbox: SandboxServer,
) -> str:
    """Emma's button pressed on a connection left at the default; the page's address."""
    _, key = recruitee_connection(connector, tenant_id, fake, without_niss="ask")
    fake.add_candidate("507", "Emma Claes", "emma@example.test")
    pressed = fake.press_button(served.url, key, "507", test_id="0403019261")
    assert pressed.status_code == 201, pressed.text
    assert pressed.json()["status"] == "needs_niss"
    # Worker rounds change nothing: there is nothing to follow, nothing is asked.
    for _ in range(3):
        connector.run_once()
        clocks.tick()
    check = only_check(connector)
    assert check.status == "needs_niss"
    assert check.request_id is None
    assert check.next_poll_at is None
    assert sandbox_requests(sandbox) == []
    # The ATS's report carries the way to the recruiter page (and its cancel link), nothing else.
    report = fake.reports[pressed.report_id]  # type: ignore[attr-defined]
    assert "cancel" in report["urls"]
    assert fake.field_values("507") == {}
    page_url: str = pressed.json()["report_url"]
    return page_url


def test_typing_the_niss_first_makes_one_request_bound_to_emma(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    tenant_id: int,
) -> None:
    fake = recruitee_fake
    page_url = _press_emma(connector, served, clocks, fake, tenant_id, sandbox)
    page = requests.get(f"{page_url}?lang=en", timeout=10).text
    assert "What is Emma&#39;s national register number?" in page
    assert 'id="niss-form"' in page
    assert "Send the request without the number" in page  # the secondary choice
    assert 'id="approval-link"' not in page  # no link, no QR: nothing was asked
    french = requests.get(f"{page_url}?lang=fr", timeout=10).text
    assert "Quel est le numéro de registre national de Emma ?" in french

    wrong = requests.post(f"{page_url}/niss?lang=nl", data={"niss": "04092315115"}, timeout=30)
    assert wrong.status_code == 400
    assert "04092315115" not in wrong.text
    assert sandbox_requests(sandbox) == []

    bound = requests.post(
        f"{page_url}/niss?lang=en", data={"niss": EMMA.ssin.formatted}, timeout=30
    )
    assert bound.status_code == 200
    assert "Waiting for Emma" in bound.text
    made = sandbox_requests(sandbox)
    assert len(made) == 1
    assert sandbox.state.get_request(made[0]).ssin == EMMA.ssin.compact
    connector.run_once()
    fields = fake.field_values("507")
    assert fields.get(HOURS) is None
    assert fields.get(FLEXI) is None

    sandbox.approve(made[0], EMMA.ssin)
    clocks.tick()
    connector.run_once()
    assert only_check(connector).status == "result"  # hers: no confirmation asked
    connector.run_once()
    assert fake.field_values("507")[HOURS] == 38
    assert len(sandbox_requests(sandbox)) == 1
    assert "approver.accepted" not in audit_actions(connector)
    assert audit_actions(connector).count("consultation") == 1


def test_sending_without_the_niss_asks_who_approved_before_anything_is_written(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    tenant_id: int,
    admin_session: requests.Session,
) -> None:
    fake = recruitee_fake
    page_url = _press_emma(connector, served, clocks, fake, tenant_id, sandbox)

    sent = requests.post(f"{page_url}/unbound?lang=en", timeout=30)
    assert sent.status_code == 200
    assert 'id="approval-link"' in sent.text
    made = sandbox_requests(sandbox)
    assert len(made) == 1
    assert sandbox.state.get_request(made[0]).ssin is None  # anyone with the link may approve
    again = requests.post(f"{page_url}/unbound?lang=en", timeout=30)
    assert again.status_code == 409  # no longer waiting: no second request
    assert "no longer waiting for a national register number" in again.text
    assert len(sandbox_requests(sandbox)) == 1

    sandbox.approve(made[0], LUCAS.ssin)
    clocks.tick()
    connector.run_once()
    connector.run_once()
    assert only_check(connector).status == "confirm_approver"
    assert fake.field_values("507").get(HOURS) is None
    assert "consultation" not in audit_actions(connector)

    accepted = requests.post(
        f"{page_url}/approver?lang=en", data={"decision": "accept"}, timeout=30
    )
    assert accepted.status_code == 200
    connector.run_once()
    assert fake.field_values("507")[HOURS] == 650
    assert len(sandbox_requests(sandbox)) == 1

    # Who acted on the page, in words, in the reader's language.
    with connector.db.session() as session:
        actors = set(session.scalars(select(AuditRecord.actor)))
    assert "recruiter-page:recruitee:77001" in actors
    texts = {
        "nl": "de recruiter met de link die naar een Recruitee-gebruiker (bedrijf 77001) ging",
        "fr": "le recruteur qui détient le lien envoyé à un utilisateur de Recruitee (entreprise",
        "en": "the recruiter holding the link sent to a Recruitee user (company 77001)",
        "de": "der Recruiter mit dem Link, den Recruitee-Benutzer (Unternehmen 77001) erhielt",
    }
    for lang, words in texts.items():
        audit = admin_session.get(f"{served.url}/admin/audit?lang={lang}", timeout=10).text
        assert words in audit, lang
        assert "recruiter-page:" not in audit


def test_teamtailor_and_bullhorn_wait_for_the_niss_too(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    tenant_id: int,
    teamtailor_fake: TeamtailorFake,
    bullhorn_fake: BullhornFake,
) -> None:
    teamtailor_connection(connector, tenant_id, teamtailor_fake, without_niss="ask")
    triggered = teamtailor_fake.trigger(served.url, "54321")
    assert triggered.status_code == 200
    # The partner result says "sent" and links the recruiter page, which asks for the NISS.
    assert triggered.json() == {"partner_result_attributes": {"status": "sent"}}
    assert checks(connector)[-1].status == "needs_niss"

    connection_id, key = bullhorn_connection(
        connector, tenant_id, bullhorn_fake, without_niss="ask"
    )
    configured = f"{served.url}/ats/bullhorn/{connection_id}/tab?key={key}"
    tab = requests.get(bullhorn_fake.tab_url(configured, "9002"), timeout=10).text  # no ssn
    token = re.search(r'name="token" value="([^"]+)"', tab)
    assert token is not None
    pressed = requests.post(
        f"{served.url}/ats/bullhorn/{connection_id}/check",
        data={"token": token.group(1), "lang": "en"},
        timeout=30,
    )
    assert pressed.status_code == 200  # the embedded recruiter page, after the redirect
    assert "What is Lucas&#39;s national register number?" in pressed.text
    assert checks(connector)[-1].status == "needs_niss"
    connector.run_once()
    assert sandbox_requests(sandbox) == []
    assert len(checks(connector)) == 2
    # The ATSs say what is needed: Teamtailor's partner result, Bullhorn's Note.
    result = teamtailor_fake.results[triggered.result_id]  # type: ignore[attr-defined]
    assert result["status"] == "sent"
    assert result["summary"].startswith("Numéro de registre national requis")
    assert result["url"] == checks(connector)[0].context["page_url"]
    (note,) = bullhorn_fake.notes.values()
    assert "national register number is needed first" in note["comments"]
    assert "waiting for the candidate's approval" not in note["comments"]
