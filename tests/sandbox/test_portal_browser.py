"""The portal in a real browser (headless Debian Chromium driven by Playwright), on a phone-sized
screen: open the approval link, switch language, sign in as a persona, approve; the API then sees
the mandate."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from precontract.sandbox import SandboxServer, personas

from .support import Caller

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: `make browsers` installs it")
        pytest.skip("Debian's chromium is not installed (`make browsers` installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def test_approve_on_a_phone(browser: object, sandbox: SandboxServer, tmp_path: Path) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    caller = Caller.register(sandbox).login()
    created = caller.create_request().json()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.goto(created["approvalUrl"])
    expect(page.get_by_role("heading", name="Access request")).to_be_visible()

    page.get_by_role("link", name="NL").click()
    expect(page.get_by_role("heading", name="Toegangsaanvraag")).to_be_visible()
    expect(page.get_by_text("Pokébowl Roos")).to_be_visible()

    page.get_by_label(personas.STUDENT_AND_FLEXI.name, exact=False).check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text(f"Aangemeld als {personas.STUDENT_AND_FLEXI.name}")).to_be_visible()
    page.screenshot(path=str(tmp_path / "portal-request.png"), full_page=True)
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_role("status")).to_contain_text("Bedankt")

    mandates = caller.mandates(ssin=personas.STUDENT_AND_FLEXI.ssin.compact).json()
    assert mandates["total"] == 1
    assert mandates["items"][0]["status"] == "ACTIVE"

    page.get_by_role("link", name="Mijn toegangen").click()
    expect(page.locator(".mandate")).to_have_count(1)
    # The page fits a phone: nothing wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()
