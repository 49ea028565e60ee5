"""The citizen portal over HTTP: what the applicant sees, approving, refusing, revoking, in three
languages."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import requests

from precontract.sandbox import SandboxServer, personas
from precontract.timeutil import BRUSSELS

from .support import Caller

MARIA = personas.MARIA


@pytest.fixture
def caller(sandbox: SandboxServer) -> Caller:
    return Caller.register(sandbox).login()


def _signed_in(
    sandbox: SandboxServer, persona: personas.Persona, next_path: str
) -> requests.Session:
    browser = requests.Session()
    response = browser.post(
        f"{sandbox.url}/portal/login",
        timeout=5,
        data={"ssin": persona.ssin.compact, "next": next_path},
    )
    assert response.status_code == 200  # followed the redirect
    assert persona.ssin.compact not in str(browser.cookies.values())  # the cookie is no NISS
    return browser


def test_the_request_page_says_who_asks_what_and_until_when(
    sandbox: SandboxServer, caller: Caller
) -> None:
    sandbox.set_clock(dt.datetime(2026, 11, 28, 10, 0, tzinfo=BRUSSELS))
    caller.login()
    url = caller.create_request().json()["approvalUrl"]
    page = requests.get(url, timeout=5, headers={"Accept-Language": "nl-BE,nl;q=0.9"}).text
    assert "Toegangsaanvraag" in page
    assert "SocialSec Partners" in page
    assert "0123.456.749" in page
    assert "Pokébowl Roos" in page
    assert "0403.019.261" in page
    assert "flexi-job" in page
    assert "Student@work" in page
    assert "tot en met 28 december 2026" in page  # flexi: 1 month
    assert "tot en met 28 februari 2027" in page  # student: 3 months
    assert "28 november 2026 23:59" in page
    assert 'name="viewport"' in page
    german = requests.get(url, timeout=5, headers={"Accept-Language": "de-BE,de;q=0.9"}).text
    assert "Wer fragt an?" in german
    assert "bis einschließlich 28. Dezember 2026" in german  # flexi: 1 month
    assert "28. November 2026 23:59" in german


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", "Demande d'accès"),
        ("en", "Access request"),
        ("nl", "Toegangsaanvraag"),
        ("de", "Zugriffsanfrage"),
    ],
)
def test_the_language_switch(caller: Caller, lang: str, words: str) -> None:
    url = caller.create_request().json()["approvalUrl"]
    browser = requests.Session()
    assert words in html.unescape(browser.get(f"{url}?lang={lang}", timeout=5).text)
    # the choice sticks for the next page
    assert words in html.unescape(browser.get(url, timeout=5).text)


def test_approve_in_the_portal_then_the_api_sees_the_mandate(
    sandbox: SandboxServer, caller: Caller
) -> None:
    created = caller.create_request().json()
    path = created["approvalUrl"].removeprefix(sandbox.url)
    anonymous = requests.get(created["approvalUrl"], timeout=5).text
    assert MARIA.name in anonymous
    assert "/portal/login" in anonymous
    browser = _signed_in(sandbox, MARIA, path)
    page = browser.get(created["approvalUrl"], timeout=5, params={"lang": "en"}).text
    assert "Approve" in page
    assert "Refuse" in page
    done = browser.post(f"{created['approvalUrl']}/approve", timeout=5)
    assert "Thank you" in done.text
    request = caller.call("GET", f"/REST/citizenMandates/v1/accessRequests/{created['requestId']}")
    assert request.json()["status"] == "APPROVED"
    assert caller.mandates(ssin=MARIA.ssin.compact).json()["total"] == 1


def test_refuse_in_the_portal(sandbox: SandboxServer, caller: Caller) -> None:
    created = caller.create_request().json()
    browser = _signed_in(sandbox, MARIA, created["approvalUrl"].removeprefix(sandbox.url))
    done = browser.post(f"{created['approvalUrl']}/refuse", timeout=5, params={"lang": "en"})
    assert "You refused the request" in done.text
    assert caller.mandates().json()["total"] == 0


def test_a_second_citizen_is_told_the_request_is_used(
    sandbox: SandboxServer, caller: Caller
) -> None:
    created = caller.create_request().json()
    sandbox.approve(created["requestId"], MARIA.ssin)
    other = _signed_in(sandbox, personas.PENSIONER, "/portal/mandates")
    response = other.post(f"{created['approvalUrl']}/approve", timeout=5, params={"lang": "en"})
    assert response.status_code == 409
    assert "someone else" in response.text
    assert caller.mandates().json()["total"] == 1


def test_answering_a_request_no_longer_pending_says_so(
    sandbox: SandboxServer, caller: Caller
) -> None:
    created = caller.create_request().json()
    sandbox.refuse(created["requestId"], MARIA.ssin)
    browser = _signed_in(sandbox, MARIA, "/portal/mandates")
    response = browser.post(f"{created['approvalUrl']}/approve", timeout=5, params={"lang": "en"})
    assert response.status_code == 409
    assert "can no longer be answered" in response.text
    assert "someone else" not in response.text
    assert caller.mandates().json()["total"] == 0


def test_my_mandates_and_revoke(sandbox: SandboxServer, caller: Caller) -> None:
    sandbox.approve(caller.new_request_id(), MARIA.ssin)
    browser = _signed_in(sandbox, MARIA, "/portal/mandates")
    page = browser.get(f"{sandbox.url}/portal/mandates", params={"lang": "fr"}, timeout=5).text
    assert "Mes accès" in page
    assert "Actif" in page
    assert "Pokébowl Roos" in page
    mandate_id = caller.mandates().json()["items"][0]["mandateId"]
    done = browser.post(f"{sandbox.url}/portal/mandates/{mandate_id}/revoke", timeout=5)
    assert "L'accès a été retiré" in html.unescape(done.text)
    assert caller.mandates().json()["items"][0]["status"] == "REVOKED"


def test_someone_else_cannot_revoke_my_mandate(sandbox: SandboxServer, caller: Caller) -> None:
    sandbox.approve(caller.new_request_id(), MARIA.ssin)
    mandate_id = caller.mandates().json()["items"][0]["mandateId"]
    other = _signed_in(sandbox, personas.PENSIONER, "/portal/mandates")
    other.post(f"{sandbox.url}/portal/mandates/{mandate_id}/revoke", timeout=5)
    assert caller.mandates().json()["items"][0]["status"] == "ACTIVE"


def test_an_expired_or_unknown_request_says_so(sandbox: SandboxServer, caller: Caller) -> None:
    created = caller.create_request().json()
    sandbox.advance(dt.timedelta(days=1))
    page = requests.get(created["approvalUrl"], params={"lang": "en"}, timeout=5).text
    assert "This request has expired" in page
    missing = requests.get(f"{sandbox.url}/portal/requests/nope", params={"lang": "en"}, timeout=5)
    assert missing.status_code == 404
    assert "does not exist" in missing.text


def test_a_request_for_one_citizen_says_so_and_only_they_can_answer(
    sandbox: SandboxServer, caller: Caller
) -> None:
    created = caller.create_request(ssin=MARIA.ssin.compact).json()
    url = created["approvalUrl"]
    anonymous = requests.get(url, params={"lang": "en"}, timeout=5).text
    assert f"only for the citizen with national number {MARIA.ssin.masked}" in anonymous
    other = _signed_in(sandbox, personas.PENSIONER, url.removeprefix(sandbox.url))
    page = other.get(url, timeout=5).text
    assert "signed in as someone else" in page
    assert "/approve" not in page  # no button to press
    refused = other.post(f"{url}/approve", timeout=5, params={"lang": "en"})
    assert refused.status_code == 409
    assert "meant for someone else" in refused.text
    maria = _signed_in(sandbox, MARIA, url.removeprefix(sandbox.url))
    assert "/approve" in maria.get(url, timeout=5).text
    assert "Thank you" in maria.post(f"{url}/approve", timeout=5, params={"lang": "en"}).text


def test_the_test_citizens_are_described_in_the_visitors_language(caller: Caller) -> None:
    url = caller.create_request().json()["approvalUrl"]
    page = html.unescape(requests.get(url, params={"lang": "fr"}, timeout=5).text)
    assert "Pensionné (au cadastre des pensions) : éligible au flexi-job." in page
    assert "Consultable pendant 1 mois" in page
    english = requests.get(url, params={"lang": "en"}, timeout=5).text
    assert "May be consulted for 1 month, until" in english
    assert "May be consulted for 3 months, until" in english


def test_signing_in_with_a_number_that_is_no_test_citizen_is_refused(
    sandbox: SandboxServer,
) -> None:
    for number in ("12345678901", "not a number", personas.MARIA.ssin.compact[:-1] + "0"):
        response = requests.post(
            f"{sandbox.url}/portal/login", data={"ssin": number}, timeout=5, allow_redirects=False
        )
        assert response.status_code == 400
        assert "sandbox_citizen_session" not in response.cookies
