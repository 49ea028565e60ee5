"""Recruitee, the whole journey: the button → the recruiter page → the applicant approves in the
sandbox → the worker → the profile fields in Recruitee → the report completed. Then a write-back
that fails and is retried without losing the result, and the values cleared when they expire."""

from __future__ import annotations

import datetime as dt
import re

import requests

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector

from .conftest import BothClocks
from .fakes.recruitee_fake import RecruiteeFake
from .journey import (
    accept_approver,
    approve_latest,
    only_check,
    pending_write_backs,
    request_id_of,
)
from .support import Served, csrf_of

FLEXI = "Komt in aanmerking voor flexi-job"
FLEXI_UNTIL = "Flexi-jobantwoord raadpleegbaar tot"
STATUS = "Status van de toegang"
LINK = "Goedkeuringslink"


def _press(fake: RecruiteeFake, served: Served, key: str) -> requests.Response:
    response = fake.press_button(served.url, key, "501", test_id="0403019261")
    assert response.status_code == 201, response.text
    return response


def test_the_whole_journey_ends_with_fields_and_a_completed_report(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake, key = recruitee_fake, recruitee_key

    response = _press(fake, served, key)
    report_id = response.report_id  # type: ignore[attr-defined]
    page_url = response.json()["report_url"]
    assert page_url.startswith(f"{served.url}/r/")
    page = requests.get(page_url, timeout=10).text
    assert "Maria Abara" in page
    assert "<svg" in page  # the QR code
    assert "/portal/requests/" in page  # the approval link

    connector.run_once()
    assert set(fake.reports[report_id]["urls"]) == {"cancel"}
    assert fake.reports[report_id]["status"] == "sent"
    fields = fake.field_values("501")
    assert fields[STATUS] == "Wacht op goedkeuring"
    assert "/portal/requests/" in fields[LINK]

    sandbox.approve(request_id_of(connector), personas.MARIA.ssin)
    clocks.tick()
    connector.run_once()
    assert fake.field_values("501")[STATUS] == "Goedgekeurd door iemand — bevestig"
    accept_approver(connector)  # Recruitee sends no NISS: the recruiter confirms who approved
    connector.run_once()

    fields = fake.field_values("501")
    assert fields[FLEXI] is True
    assert fields[STATUS] == "Toegang verleend"
    assert fields[FLEXI_UNTIL] == "2026-12-28"
    assert fields[LINK] is None  # the link is no longer needed
    report = fake.reports[report_id]
    assert report["status"] == "completed"
    assert report["score"].startswith("Flexi: ja")
    assert pending_write_backs(connector) == []
    page = requests.get(f"{page_url}?lang=en", timeout=10).text
    assert "Eligible" in page
    assert "28/12/2026" in page


def test_a_failed_write_back_is_retried_and_the_result_is_never_lost(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake, key = recruitee_fake, recruitee_key
    report_id = _press(fake, served, key).report_id  # type: ignore[attr-defined]
    approve_latest(connector, sandbox, clocks.tick, personas.STUDENT_AND_FLEXI.ssin)
    fake.fail("/c/", status=503, times=1000)  # Recruitee is down
    accept_approver(connector)
    connector.run_once()
    check = only_check(connector)
    assert check.status == "result"  # stored first...
    assert check.values is not None
    assert check.values["student_hours_remaining"] == 412
    waiting = pending_write_backs(connector)
    assert waiting  # ...and queued for Recruitee
    assert waiting[0].attempts == 1
    assert "503" in (waiting[0].last_error or "")
    # The report is a job of its own: it does not wait behind the failing fields.
    assert fake.reports[report_id]["status"] == "completed"

    # A restart does not lose it: a new engine over the same database delivers it.
    connector.close()  # the old process stops (and frees the one-worker lease of SQLite)
    restarted = Connector(connector.settings, connector.db, connector.box, clock=connector.clock)
    restarted.run_once()
    assert pending_write_backs(connector)[0].attempts == 1  # not due yet: no hammering
    fake.clear_faults()
    clocks.advance(dt.timedelta(seconds=31))
    restarted.run_once()
    assert pending_write_backs(connector) == []
    assert fake.field_values("501")["Resterende studentenuren"] == 412
    assert fake.reports[report_id]["status"] == "completed"
    restarted.close()


def test_values_are_cleared_in_recruitee_when_their_window_ends(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake, key = recruitee_fake, recruitee_key
    pressed = _press(fake, served, key)
    page_url = pressed.json()["report_url"]
    report = fake.reports[pressed.report_id]  # type: ignore[attr-defined]
    approve_latest(connector, sandbox, clocks.tick, personas.STUDENT_AND_FLEXI.ssin)
    accept_approver(connector)
    connector.run_once()
    assert fake.field_values("501")[FLEXI] is True

    # Flexi may be consulted until 28/12 (a month); student hours until 28/02 (three months).
    clocks.set(dt.datetime(2026, 12, 28, 22, 0, tzinfo=dt.UTC))  # 23:00 in Brussels: still the 28th
    connector.run_once()
    assert fake.field_values("501")[FLEXI] is True
    clocks.set(dt.datetime(2026, 12, 29, 8, 0, tzinfo=dt.UTC))
    connector.run_once()
    fields = fake.field_values("501")
    assert fields[FLEXI] is None
    assert fields[FLEXI_UNTIL] is None
    assert fields["Resterende studentenuren"] == 412
    page = requests.get(f"{page_url}?lang=en", timeout=10).text
    assert "Eligible" not in page
    assert "412 hours left" in page
    assert "Flexi" not in report["score"]  # the report shows only what may still be consulted

    clocks.set(dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC))
    connector.run_once()
    fields = fake.field_values("501")
    assert fields["Resterende studentenuren"] is None
    assert fields[STATUS] == "Verlopen"
    check = only_check(connector)
    assert check.cleared_at is not None
    assert check.values is not None
    assert check.values["student_hours_remaining"] is None  # cleared in our store too
    assert "may no longer be consulted" in requests.get(f"{page_url}?lang=en", timeout=10).text
    assert report["score"] == ""  # the report's score went with the values
    assert report["status"] == "completed"


def test_a_request_not_approved_by_the_end_of_the_day_expires(
    connector: Connector,
    served: Served,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake, key = recruitee_fake, recruitee_key
    report_id = _press(fake, served, key).report_id  # type: ignore[attr-defined]
    connector.run_once()
    assert fake.field_values("501")[LINK] is not None
    clocks.set(dt.datetime(2026, 11, 29, 7, 0, tzinfo=dt.UTC))
    connector.run_once()
    assert only_check(connector).status == "expired"
    assert fake.field_values("501")[LINK] is None
    assert fake.field_values("501")[STATUS] == "Verlopen"
    assert fake.reports[report_id]["status"] == "failed"


def test_pressing_again_resumes_the_pending_request(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake, key = recruitee_fake, recruitee_key
    first = _press(fake, served, key).report_id  # type: ignore[attr-defined]
    connector.run_once()
    first_request = request_id_of(connector)
    second = _press(fake, served, key).report_id  # type: ignore[attr-defined]
    assert request_id_of(connector) == first_request  # the same QR code, not a second request
    connector.run_once()
    assert fake.reports[first]["status"] == "canceled"
    sandbox.approve(first_request, personas.MARIA.ssin)
    clocks.tick()
    connector.run_once()
    accept_approver(connector)
    connector.run_once()
    assert fake.reports[second]["status"] == "completed"
    assert fake.field_values("501")[FLEXI] is True


def test_an_administrator_sees_a_failing_write_back_and_retries_it_now(
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    admin_session: requests.Session,
) -> None:
    fake, key = recruitee_fake, recruitee_key
    fake.fail("/c/", status=401, times=1000)  # the personal API token was revoked
    _press(fake, served, key)
    connector.run_once()
    page = admin_session.get(f"{served.url}/admin/checks?show=failing&lang=en").text
    assert "Maria Abara" in page
    assert "1 failing, retried" in page
    # Said, not the developer text, and what a 401 means for the administrator.
    assert "Recruitee refused the connector&#39;s access (error 401): the API key" in page
    fake.clear_faults()  # the administrator fixed the token
    retry_form = re.search(r'action="(/admin/write-backs/\d+/retry)"', page)
    assert retry_form is not None
    done = admin_session.post(served.url + retry_form.group(1), data={"csrf_token": csrf_of(page)})
    assert "tried again within seconds" in done.text
    connector.run_once()  # no clock moved: "retry now" made it due at once
    assert pending_write_backs(connector) == []
    assert fake.field_values("501")[STATUS] == "Wacht op goedkeuring"
    assert (
        "No failing write-backs"
        in admin_session.get(f"{served.url}/admin/checks?show=failing&lang=en").text
    )


def test_the_user_cancels_from_recruitee_and_the_check_stops(
    db_backend: str,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake, key = recruitee_fake, recruitee_key
    response = _press(fake, served, key)
    report_id = response.report_id  # type: ignore[attr-defined]
    connector.run_once()
    cancel_url = fake.reports[report_id]["urls"]["cancel"]
    forged = requests.get(cancel_url.replace("sig=", "sig=0"), timeout=10)
    assert forged.status_code == 401
    assert only_check(connector).status == "needs_approval"

    page = fake.press_cancel(report_id)
    assert page.status_code == 200
    assert "geannuleerd" in page.text
    assert only_check(connector).status == "cancelled"
    connector.run_once()  # the worker delivers the report's new status
    assert fake.reports[report_id]["status"] == "canceled"

    # The candidate approves anyway: nothing is read, nothing written.
    sandbox.approve(request_id_of(connector), personas.MARIA.ssin)
    clocks.tick()
    connector.run_once()
    assert only_check(connector).status == "cancelled"
    assert fake.field_values("501").get(FLEXI) is None
    assert "geannuleerd" not in fake.press_cancel(report_id).text  # already ended
