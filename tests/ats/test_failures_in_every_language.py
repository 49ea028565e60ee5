"""An ATS's refusal is read in the reader's language (issue 15, point 3): a failed write-back on
the admin's checks page and, once parked, on the *Parked* page, in nl/fr/de/en from the same
stored row, with what the ATS answered quoted and its NISS masked; "Test ATS connection" when the
ATS cannot be reached; a failed check on the recruiter page."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
import requests
from sqlalchemy import select

from precontract.errors import ConfigurationError, InvalidEnterpriseNumber
from precontract.i18n import LANGUAGES
from precontract_ats.ats.http import AtsError, AtsUnreachable
from precontract_ats.engine import Connector
from precontract_ats.failures import notes_error, said, stored
from precontract_ats.store.models import Check, Connection

from .conftest import ADMIN_PASSWORD, BothClocks
from .fakes.recruitee_fake import RecruiteeFake
from .fakes.teamtailor_fake import TeamtailorFake
from .journey import press_recruitee, teamtailor_connection, write_backs
from .support import Served, csrf_of, sign_in

ANSWER = {"error": "custom field invalid for 85073003328"}
QUOTED = '{"error":"custom field invalid for 85.07.30-***.**"}'

REFUSED = {  # what a 422 means for the reader, then what the ATS said
    "nl": "Recruitee aanvaardde niet wat de connector stuurde (fout 422). Het antwoord van "
    f"Recruitee: «{QUOTED}»",
    "fr": "Recruitee n'a pas accepté ce que le connecteur a envoyé (erreur 422). Réponse de "
    f"Recruitee : « {QUOTED} »",
    "de": "Recruitee hat nicht angenommen, was der Konnektor gesendet hat (Fehler 422). Antwort "
    f"von Recruitee: „{QUOTED}“",
    "en": f"Recruitee did not accept what the connector sent (error 422). Recruitee answered: "
    f"“{QUOTED}”",
}


def _page(browser: requests.Session, url: str) -> str:
    answer = browser.get(url, timeout=30)
    assert answer.status_code == 200
    return html.unescape(answer.text)


def test_a_refused_write_back_reads_in_each_language_and_so_does_its_parking(
    connector: Connector,
    served: Served,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    admin_session: requests.Session,
) -> None:
    fake = recruitee_fake
    fake.fail("/c/", status=422, times=1000, body=ANSWER)
    press_recruitee(fake, served.url, recruitee_key, "501")
    connector.run_once()
    failing = [w for w in write_backs(connector) if w.status == "pending" and w.attempts]
    assert [(w.kind, w.attempts) for w in failing] == [("fields", 1)]
    kept = failing[0].last_error or ""
    assert "85073003328" not in kept  # the store keeps no NISS either
    assert json.loads(kept)["key"] == "connector.ats_answered"  # what to say, not a sentence

    for lang in LANGUAGES:
        page = _page(admin_session, f"{served.url}/admin/checks?lang={lang}")
        assert REFUSED[lang] in page, lang
        assert "85073003328" not in page
    assert "did not accept" not in _page(admin_session, f"{served.url}/admin/checks?lang=de")

    for _ in range(connector.settings.max_failures):
        clocks.advance(dt.timedelta(hours=1))
        connector.run_once()
    parked = [w for w in write_backs(connector) if w.status == "parked"]
    assert [(w.kind, w.attempts) for w in parked] == [("fields", connector.settings.max_failures)]
    browser = sign_in(served.url, "admin", ADMIN_PASSWORD)  # hours later: signed out meanwhile
    for lang in LANGUAGES:
        page = _page(browser, f"{served.url}/admin/parked?lang={lang}")
        assert REFUSED[lang] in page, lang


UNREACHABLE = {
    "nl": "Teamtailor was niet bereikbaar; de connector probeert het later opnieuw.",
    "fr": "Teamtailor était injoignable ; le connecteur réessaiera plus tard.",
    "de": "Teamtailor ist nicht erreichbar; der Connector versucht es später erneut.",
    "en": "Teamtailor could not be reached; the connector tries again later.",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_test_ats_connection_says_an_unreachable_ats_in_the_readers_language(
    connector: Connector,
    served: Served,
    tenant_id: int,
    admin_session: requests.Session,
    teamtailor_fake: TeamtailorFake,
    lang: str,
) -> None:
    connection_id = teamtailor_connection(connector, tenant_id, teamtailor_fake)
    with connector.db.session() as session:
        connection = session.get(Connection, connection_id)
        assert connection is not None
        connection.settings = {**connection.settings, "api_url": "http://127.0.0.1:9"}
    page = admin_session.get(f"{served.url}/admin/connections/{connection_id}?lang={lang}")
    answer = admin_session.post(
        f"{served.url}/admin/connections/{connection_id}/test-ats?lang={lang}",
        data={"csrf_token": csrf_of(page.text)},
        timeout=60,
    )
    assert answer.status_code == 200
    text = html.unescape(answer.text)
    assert UNREACHABLE[lang] in text
    assert "127.0.0.1:9" not in text  # the developer's detail (the address) stays in the log
    assert "ConnectionError" not in text


def test_a_kept_failure_is_said_in_every_language_and_fits_its_column() -> None:
    huge = AtsError(
        "Teamtailor: PATCH … answered 400", ats="Teamtailor", status=400, body="x" * 5000
    )
    kept = stored(huge)
    assert len(kept) <= 1000
    assert said(kept, "nl").startswith(
        "Teamtailor aanvaardde niet wat de connector stuurde (fout 400)."
    )
    assert said(kept, "fr").endswith("x… »")
    gone = stored(AtsUnreachable("Recruitee: GET … failed (ConnectTimeout)", ats="Recruitee"))
    assert (
        said(gone, "de")
        == "Recruitee ist nicht erreichbar; der Connector versucht es später erneut."
    )
    bug = stored(KeyError("values"))
    assert said(bug, "nl") == (
        "Een onverwachte fout in de connector (meld het aan de beheerder): KeyError: 'values'"
    )
    # A row kept before failures were kept this way is shown as it was written.
    assert said("Recruitee: PATCH … answered 500", "nl") == "Recruitee: PATCH … answered 500"
    assert said({"nl": "oud", "en": "old"}, "fr") == "old"


def test_a_configuration_problem_kept_on_a_check_is_said_in_the_readers_words() -> None:
    error = ConfigurationError(
        "requester: …",
        setting="requester",
        problems=[],
        key="config.setting_refused",
        setting_="requester",
        reason=InvalidEnterpriseNumber("…", reason="checksum").text(),
    )
    notes = json.loads(json.dumps(notes_error(error)))  # as the database gives it back
    assert said(notes, "de") == (
        "Die Verbindung zur sozialen Sicherheit ist nicht richtig eingerichtet: die "
        "Unternehmensnummer der Organisation mit dem REST-Konto: Diese Unternehmensnummer (ZDU) "
        "ist ungültig: bitte prüfen Sie sie."
    )
    assert "requester" not in said(notes, "nl")


def test_a_failed_check_shows_on_the_recruiter_page_in_the_readers_language(
    connector: Connector,
    served: Served,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    press_recruitee(recruitee_fake, served.url, recruitee_key, "501")
    with connector.db.session() as session:
        check = session.scalars(select(Check)).one()
        check.status = "error"
        check.notes = {
            **(check.notes or {}),
            "error": notes_error(AtsUnreachable("…", ats="Recruitee")),
        }
        token = check.token
    for lang, words in {
        "nl": "Recruitee was niet bereikbaar",
        "fr": "Recruitee était injoignable",
        "de": "Recruitee ist nicht erreichbar",
        "en": "Recruitee could not be reached",
    }.items():
        page = _page(requests.Session(), f"{served.url}/r/{token}?lang={lang}")
        assert words in page, lang


@pytest.mark.parametrize(
    ("status", "en", "nl"),
    [
        (401, "Teamtailor refused the connector's access (error 401): the API key or token saved "
         "on the connection may be wrong, expired or missing a permission.",
         "Teamtailor weigerde de connector de toegang (fout 401)"),
        (403, "Teamtailor refused the connector's access (error 403)",
         "Teamtailor weigerde de connector de toegang (fout 403)"),
        (404, "Teamtailor no longer knows the record the connector works on (error 404): the "
         "candidate, the field or the report may have been deleted or merged.",
         "Teamtailor kent het record niet meer waaraan de connector werkt (fout 404)"),
        (422, "Teamtailor did not accept what the connector sent (error 422).",
         "Teamtailor aanvaardde niet wat de connector stuurde (fout 422)."),
        (502, "Teamtailor had a problem on its side (error 502).",
         "Teamtailor had een probleem aan zijn kant (fout 502)."),
        (418, "Teamtailor refused the call (error 418).", "Teamtailor weigerde de oproep (fout 418)."),
    ],
)  # fmt: skip
def test_an_ats_refusal_says_what_its_status_means_for_the_reader(
    status: int, en: str, nl: str
) -> None:
    kept = stored(
        AtsError(f"Teamtailor: PATCH … answered {status}", ats="Teamtailor", status=status)
    )
    assert said(kept, "en").startswith(en)
    assert said(kept, "nl").startswith(nl)
    for lang in ("fr", "de"):
        assert f"{status})" in said(kept, lang)
        assert "Teamtailor" in said(kept, lang)
