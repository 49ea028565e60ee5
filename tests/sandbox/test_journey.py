"""The whole journey over HTTP as the three parties live it: the organisation creates an access
request, the applicant approves it in the portal with plain form posts (as a browser without
JavaScript would), and the organisation finds the mandate and reads the data it allows."""

from __future__ import annotations

import datetime as dt
import html
import re

import requests

from precontract.sandbox import SandboxServer, personas
from precontract.timeutil import BRUSSELS

from .support import EMPLOYER, MANDATES, Caller

APPLICANT = personas.STUDENT_AND_FLEXI


def _form_action(page: str, label: str) -> str:
    """The action of the form whose submit button reads ``label``."""
    for form in re.findall(r"<form\b.*?</form>", page, flags=re.S):
        if re.search(rf"<button[^>]*>\s*{re.escape(label)}\s*</button>", form):
            action = re.search(r'action="([^"]+)"', form)
            assert action, form
            return html.unescape(action[1])
    raise AssertionError(f"no form with a {label!r} button")


def test_create_approve_in_the_portal_list_and_read(sandbox: SandboxServer) -> None:
    sandbox.set_clock(dt.datetime(2026, 11, 28, 10, 30, tzinfo=BRUSSELS))
    caller = Caller.register(sandbox).login()
    created = caller.create_request()
    assert created.status_code == 201
    approval_url = created.json()["approvalUrl"]

    browser = requests.Session()
    browser.headers["Accept-Language"] = "en-GB,en;q=0.8"
    page = browser.get(approval_url, timeout=5).text
    sign_in = _form_action(page, "Sign in")
    signed_in = browser.post(
        sandbox.url + sign_in,
        data={
            "ssin": APPLICANT.ssin.compact,
            "next": re.search(r'name="next" value="([^"]+)"', page)[1],  # type: ignore[index]
        },
        timeout=5,
    )
    assert signed_in.url == approval_url  # back on the request after signing in
    assert f"Signed in as {APPLICANT.name}" in signed_in.text
    approved = browser.post(sandbox.url + _form_action(signed_in.text, "Approve"), timeout=5)
    assert approved.status_code == 200
    assert "Thank you" in approved.text

    listed = caller.mandates(status="ACTIVE", ssin=APPLICANT.ssin.compact).json()
    assert listed["total"] == 1
    (mandate,) = listed["items"]
    assert mandate["employer"]["enterpriseNumber"] == EMPLOYER
    request = caller.call("GET", f"{MANDATES}/accessRequests/{created.json()['requestId']}")
    assert request.json()["mandateId"] == mandate["mandateId"]

    data = caller.data(mandate["ssin"]).json()
    assert data["flexiJob"]["eligible"] is True
    assert data["flexiJob"]["period"] == {"startDate": "2026-10-01", "endDate": "2026-12-31"}
    assert data["flexiJob"]["consultableUntil"] == "2026-12-28"
    assert data["studentAtWork"]["remainingHours"] == APPLICANT.remaining_hours(2026)
    assert data["studentAtWork"]["consultableUntil"] == "2027-02-28"


def test_switching_language_keeps_where_the_sign_in_leads(sandbox: SandboxServer) -> None:
    caller = Caller.register(sandbox).login()
    approval_path = caller.create_request().json()["approvalUrl"].removeprefix(sandbox.url)
    browser = requests.Session()
    home = browser.get(f"{sandbox.url}/portal/", params={"next": approval_path}, timeout=5).text
    french = _language_link(home, "fr")
    page = browser.get(sandbox.url + french, timeout=5).text
    assert "Se connecter" in page
    assert f'name="next" value="{approval_path}"' in page


def test_the_language_links_of_a_refused_sign_in_lead_to_a_page(sandbox: SandboxServer) -> None:
    browser = requests.Session()
    refused = browser.post(
        f"{sandbox.url}/portal/login",
        data={"ssin": "12345678901", "next": "/portal/mandates"},
        timeout=5,
    )
    assert refused.status_code == 400
    dutch = browser.get(sandbox.url + _language_link(refused.text, "nl"), timeout=5)
    assert dutch.status_code == 200
    assert "Aanmelden" in dutch.text
    assert 'name="next" value="/portal/mandates"' in dutch.text


def _language_link(page: str, code: str) -> str:
    link = re.search(rf'<a href="([^"]+)"[^>]*hreflang="{code}"', page)
    assert link, page
    return html.unescape(link[1])
