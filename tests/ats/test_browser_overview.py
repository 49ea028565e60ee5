"""The checks overview in a real browser, as a planner uses it: search, filter, page through,
export, tick rows and re-check them before their start, watching the workers' progress."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract_ats.engine import Connector
from precontract_ats.services.admins import create_admin
from precontract_ats.store.models import Check, Connection, RecheckItem
from precontract_ats.worker import Worker

from .browser import page, shot
from .conftest import ADMIN_PASSWORD, BothClocks
from .fakes.recruitee_fake import RecruiteeFake
from .journey import checks, press_recruitee
from .overview_data import add_check, flexi
from .support import Served

__all__ = ["page"]

pytestmark = pytest.mark.browser

Q4 = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
START = dt.date(2026, 12, 14)


@pytest.fixture
def worker(connector: Connector) -> Iterator[Worker]:
    """The connector's worker in the background, as `serve` runs it (started by the test)."""
    running = Worker(connector, interval=0.2)
    try:
        yield running
    finally:
        running.stop()


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/admin/login?lang=en")
    page.get_by_label("User name").fill("planner")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_planner_searches_filters_pages_exports_and_rechecks_before_start(
    page: Page,
    connector: Connector,
    served: Served,
    sandbox: SandboxServer,
    clocks: BothClocks,
    tenant_id: int,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
    worker: Worker,
) -> None:
    fake = recruitee_fake
    with connector.db.session() as session:
        create_admin(session, "planner", ADMIN_PASSWORD)
        connection_id = session.scalars(select(Connection.id)).one()
    # Sixty of the week's starts whose flexi-job answers hold for them.
    for n in range(60):
        add_check(connector, tenant_id, connection_id, name=f"Planned {n:02}", ref=f"P{n:02}",
                  values=flexi(True, dt.date(2026, 12, 28), Q4), planned_start=START)  # fmt: skip
    # A real check of Yasmine: pressed in Recruitee, approved, its answer read at the sandbox.
    fake.add_candidate("801", "Yasmine El Amrani", "yasmine@example.test")
    press_recruitee(fake, served.url, recruitee_key, "801")
    sandbox.approve(checks(connector)[-1].request_id or "", personas.STUDENT_AND_FLEXI.ssin)
    clocks.tick()
    connector.run_once()
    connector.decide_approver(checks(connector)[-1].id, accept=True, actor="recruiter page")
    connector.run_once()
    yasmine = checks(connector)[-1]
    assert yasmine.status == "result"
    clocks.advance(dt.timedelta(days=2))  # Yasmine's hours are two days old now

    _sign_in(page, served.url)
    page.get_by_role("link", name="Checks").click()
    expect(page.get_by_role("heading", name="Checks")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(50)  # the first page of 61
    expect(page.get_by_text("Eligible").first).to_be_visible()
    expect(rows.first).to_contain_text("Yasmine El Amrani")  # the newest first
    shot(page, "overview-01-first-page")

    page.get_by_role("link", name="Older →").click()
    expect(rows).to_have_count(11)
    expect(page.get_by_role("link", name="Older →")).to_have_count(0)
    page.get_by_role("link", name="← Newer").click()
    expect(rows).to_have_count(50)

    search = page.get_by_role("search", name="Search and filters")
    search.get_by_label("Search").fill("yasmine")
    search.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Yasmine El Amrani")
    expect(rows.first).to_contain_text("412 h left")
    # The planner types Yasmine's first working day.
    rows.first.get_by_label("Planned start of Yasmine El Amrani").fill(START.isoformat())
    rows.first.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The planned start was saved.")).to_be_visible()
    expect(rows.first).to_contain_text("Not covered")  # the hours are older than a day

    search = page.get_by_role("search", name="Search and filters")
    search.get_by_label("Search").fill("")
    search.get_by_label("Start not covered").check()
    search.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    shot(page, "overview-02-not-covered")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    exported = download_info.value.path().read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(exported)))
    assert len(table) == 2  # the header and Yasmine: the filtered rows, not the page
    assert "Yasmine El Amrani" in table[1]
    assert personas.STUDENT_AND_FLEXI.ssin.compact not in exported

    # Every row with a start, re-checked at once: Yasmine's hours are read again, the rest hold.
    page.get_by_role("link", name="Clear").click()
    page.get_by_label("Select this page").check()
    worker.start()  # the page only queues; the worker runs the rows from the job queue
    page.get_by_role("button", name="Re-check selected").click()
    expect(page.get_by_text("The re-check was queued")).to_be_visible()
    progress = page.get_by_role("status").filter(has_text="Bulk re-check of 50 candidates")
    expect(progress).to_be_visible()
    shot(page, "overview-03-progress")
    expect(page.get_by_text("Finished: the rows below show the new answers.")).to_be_visible()
    expect(progress.locator('[data-count="done"]')).to_have_text("50")
    expect(progress.locator('[data-count="waiting"]')).to_have_text("0")
    expect(progress.locator('[data-count="failed"]')).to_have_text("0")
    shot(page, "overview-04-finished")
    worker.stop()
    with connector.db.session() as session:
        outcomes = [item.outcome for item in session.scalars(select(RecheckItem))]
        latest = session.scalars(
            select(Check).where(Check.candidate_ref == "801").order_by(Check.id.desc())
        ).first()
        assert latest is not None
    assert sorted(outcomes) == ["keep"] * 49 + ["result"]
    assert latest.id != yasmine.id
    assert (latest.values or {})["student_as_of"].startswith("2026-11-30")
