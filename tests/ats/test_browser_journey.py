"""In a real browser, against the sandbox: "Test connection" on a tenant, and the recruiter page
turning by itself from the QR code to the results once the applicant approved on the portal."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from precontract.sandbox import personas
from precontract_ats.engine import Connector
from precontract_ats.services.admins import create_admin
from precontract_ats.worker import Worker

from .browser import page, shot
from .conftest import ADMIN_PASSWORD, BothClocks
from .fakes.bullhorn_fake import BullhornFake
from .fakes.recruitee_fake import RecruiteeFake
from .journey import bullhorn_connection, press_recruitee
from .support import Served
from .test_browser_admin import sign_in

__all__ = ["page"]

pytestmark = pytest.mark.browser


def _approve_on_the_portal(page: Page, citizen: personas.Persona) -> None:
    """Whoever has the approval link shown on ``page`` opens it, signs in as ``citizen`` and
    approves."""
    portal = page.context.new_page()
    portal.goto(page.locator("#approval-link").inner_text())
    portal.locator(f"input[name=ssin][value='{citizen.ssin.compact}']").check()
    portal.locator("form[action='/portal/login'] button[type=submit]").click()
    portal.locator("button.approve").click()
    # Closing before the approval's answer has loaded could abort the form post.
    expect(portal.get_by_role("status")).to_be_visible()
    portal.close()


def test_test_connection_against_the_sandbox(
    page: Page, connector: Connector, served: Served, tenant_id: int
) -> None:
    with connector.db.session() as session:
        create_admin(session, "admin", ADMIN_PASSWORD)
    sign_in(page, served.url)
    page.get_by_role("link", name="Bureau Interim").click()
    expect(page.get_by_text("Not tested yet")).to_be_visible()
    page.get_by_role("button", name="Test connection").click()
    verdict = page.locator("#test-verdict")
    expect(verdict).to_contain_text("The connection to social security works")
    expect(page.get_by_text("the client ID, the key and the token URL are right")).to_be_visible()
    shot(page, "10-test-connection")
    page.get_by_role("navigation").get_by_role("link", name="Tenants").click()
    expect(page.get_by_text("works", exact=True)).to_be_visible()


def test_the_recruiter_page_turns_from_qr_code_to_results(
    page: Page,
    connector: Connector,
    served: Served,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake, key = recruitee_fake, recruitee_key
    page_url = press_recruitee(fake, served.url, key, "501")

    worker = Worker(connector, interval=0.2)
    worker.start()
    try:
        page.goto(f"{page_url}?lang=en")
        expect(page.get_by_role("heading", name="Maria Abara")).to_be_visible()
        expect(page.get_by_role("img", name="QR code of the approval link")).to_be_visible()
        expect(page.get_by_text("This page updates by itself")).to_be_visible()
        expect(page.locator("#approval-expiry")).to_contain_text("28/11/2026 23:59")
        mail = page.locator("#mail-link").get_attribute("href") or ""
        assert mail.startswith("mailto:maria%40example.test?subject=")
        shot(page, "11-recruiter-waiting")

        # The applicant opens the link on their phone, signs in and approves.
        _approve_on_the_portal(page, personas.MARIA)
        clocks.tick()  # the worker's next poll is due

        # Recruitee sends no NISS: the page turns by itself to "approved by someone — confirm",
        # with who approved; the recruiter accepts.
        confirm = page.locator("#confirm")
        expect(confirm).to_be_visible(timeout=20_000)
        expect(page.locator("#approver-name")).to_have_text("Maria Abara")
        expect(page.locator("#name-match")).to_contain_text("Name: matches.")
        expect(page.locator("#approver-mismatch")).to_have_count(0)
        assert fake.field_values("501").get("Komt in aanmerking voor flexi-job") is None
        page.locator("#accept-approver").click()

        results = page.locator("#results")
        expect(results).to_be_visible(timeout=20_000)
        expect(page.locator("#flexi-answer")).to_have_text("Eligible")
        expect(page.locator("#flexi-until")).to_have_text("28/12/2026")
        expect(page.locator("#status-badge")).to_have_text("Result in")
        assert (page.locator("#mail-result").get_attribute("href") or "").startswith(
            "mailto:?subject="
        )
        shot(page, "12-recruiter-results")
    finally:
        worker.stop()
    assert fake.field_values("501")["Komt in aanmerking voor flexi-job"] is True


def test_emma_approved_by_someone_else_shows_the_mismatch_and_writes_nothing(
    page: Page,
    connector: Connector,
    served: Served,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake = recruitee_fake
    fake.add_candidate("507", "Emma Claes", "emma@example.test")
    page_url = press_recruitee(fake, served.url, recruitee_key, "507")
    worker = Worker(connector, interval=0.2)
    worker.start()
    try:
        page.goto(f"{page_url}?lang=en")
        expect(page.get_by_role("heading", name="Emma Claes")).to_be_visible()
        expect(page.locator("#niss-form")).to_be_visible()  # the NISS may still be typed
        # Another test citizen opens the link and approves.
        _approve_on_the_portal(page, personas.STUDENT_FULL)
        clocks.tick()

        expect(page.locator("#confirm")).to_be_visible(timeout=20_000)
        expect(page.locator("#status-badge")).to_have_text("Approved by someone — confirm")
        expect(page.locator("#approver-mismatch")).to_contain_text(
            "does not seem to be this applicant"
        )
        expect(page.locator("#approver-name")).to_have_text("Lucas Janssens")
        expect(page.locator("#approver-ssin")).to_have_text("05.03.18-***.**")
        expect(page.locator("#approver-birth-date")).to_have_text("18/03/2005")
        expect(page.locator("#name-match")).to_contain_text("Name: does NOT match.")
        expect(page.locator("#results")).to_have_count(0)
        shot(page, "15-recruiter-confirm-mismatch")

        # The recruiter rejects, types Emma's NISS: a request only she can approve.
        page.locator("#reject-approver").click()
        expect(page.locator("#ended")).to_be_visible()
        page.get_by_label("National register number (NISS)").fill(
            personas.STUDENT_FEW_HOURS.ssin.formatted
        )
        page.get_by_role("button", name="Ask Emma only").click()
        expect(page.get_by_role("heading", name="Waiting for Emma's approval")).to_be_visible()
        expect(page.locator("#niss-form")).to_have_count(0)
    finally:
        worker.stop()
    values = fake.field_values("507")
    assert values.get("Resterende studentenuren") is None
    assert values.get("Komt in aanmerking voor flexi-job") is None


def test_a_bullhorn_recruiter_starts_a_check_from_the_tab(
    page: Page,
    connector: Connector,
    served: Served,
    tenant_id: int,
    bullhorn_fake: BullhornFake,
) -> None:
    connection_id, key = bullhorn_connection(connector, tenant_id, bullhorn_fake)
    configured = f"{served.url}/ats/bullhorn/{connection_id}/tab?key={key}"
    page.set_viewport_size({"width": 900, "height": 700})  # a tab inside Bullhorn's window
    page.goto(bullhorn_fake.tab_url(configured, "9001") + "&lang=en")
    expect(page.locator("#candidate-name")).to_have_text("Maria Abara")
    page.get_by_label("For employer").select_option("0403019261")
    shot(page, "13-bullhorn-tab")
    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_role("heading", name="Waiting for Maria's approval")).to_be_visible()
    expect(page.get_by_text("For Roos Pokébowl (0403.019.261)")).to_be_visible()
    shot(page, "14-bullhorn-waiting")
    page.goto(bullhorn_fake.tab_url(configured, "9001") + "&lang=en")
    expect(page.get_by_role("button", name="Check again")).to_be_visible()
    expect(page.get_by_text("Latest check")).to_be_visible()
