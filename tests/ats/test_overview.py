"""The checks overview over real HTTP: the answers and their "until" dates (nothing once the
window is over), search, filters, keyset pages, the CSV export of every filtered row, planned
starts, and a tenant's administrator seeing only that tenant."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

import requests

from precontract_ats.engine import Connector
from precontract_ats.services import rechecks
from precontract_ats.services.admins import create_admin
from precontract_ats.store.models import Check, RecheckItem

from .conftest import ADMIN_PASSWORD
from .overview_data import MARIA, add_check, flexi, student, tenant_with_connection
from .support import MovableClock, Served, csrf_of, sign_in

Q4 = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)  # the connector fixture's clock


def _text(response: requests.Response) -> str:
    return html.unescape(response.text)


def _later(clock: MovableClock, served: Served, moment: dt.datetime) -> requests.Session:
    """Days later: the clock moved, the administrator signs in again (sessions last hours)."""
    clock.set(moment)
    return sign_in(served.url, "admin", ADMIN_PASSWORD)


def _roos_with_maria(
    connector: Connector, *, hours: float, student_until: dt.date
) -> tuple[int, int]:
    """Roos's tenant and connection, and Maria's check: flexi-job until 28/12, student hours
    until ``student_until``."""
    tenant, connection = tenant_with_connection(connector, "Roos Pokébowl", "0403019261")
    add_check(
        connector, tenant, connection, name="Maria Abara", ref="501",
        values={**flexi(True, dt.date(2026, 12, 28), Q4),
                **student(hours, 2026, student_until, NOW)},
    )  # fmt: skip
    return tenant, connection


def _rows(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'<tr data-check="(\d+)">', page)]


def test_the_overview_shows_recent_checks_of_every_state_with_their_answers(
    connector: Connector, admin_session: requests.Session, served: Served
) -> None:
    tenant, connection = _roos_with_maria(connector, hours=312, student_until=dt.date(2026, 12, 28))
    for index, status in enumerate(("pending", "needs_approval", "refused", "error", "expired")):
        add_check(connector, tenant, connection, name=f"Applicant {index}", ref=f"60{index}",
                  status=status)  # fmt: skip
    page = _text(admin_session.get(f"{served.url}/admin/checks?lang=en"))
    assert "Nothing pending" not in page
    assert len(_rows(page)) == 6  # every state, newest first
    assert "Maria Abara" in page
    assert "Eligible" in page
    assert "Q4 2026" in page
    assert "consultable until 28/12/2026" in page
    assert "312 h left" in page
    assert "(2026)" in page
    assert MARIA.masked in page
    assert MARIA.compact not in page
    dutch = _text(admin_session.get(f"{served.url}/admin/checks?lang=nl"))
    assert "Toegelaten" in dutch
    assert "K4 2026" in dutch
    assert "nog 312 u" in dutch
    german = _text(admin_session.get(f"{served.url}/admin/checks?lang=de"))
    assert "Berechtigt" in german
    assert "noch 312 Std." in german


def test_values_past_their_window_are_not_shown_and_the_row_says_they_expired(
    connector: Connector, admin_session: requests.Session, served: Served, clock: MovableClock
) -> None:
    _roos_with_maria(connector, hours=312.5, student_until=dt.date(2026, 12, 5))
    # The student window is over, the flexi one not.
    admin_session = _later(clock, served, dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC))
    page = _text(admin_session.get(f"{served.url}/admin/checks?lang=en"))
    assert "consultable until 28/12/2026" in page
    assert "312.5" not in page
    assert "05/12/2026" not in page
    assert page.count("may no longer be consulted: cleared") == 1
    # Both are over; no worker ran yet.
    admin_session = _later(clock, served, dt.datetime(2026, 12, 29, 9, 0, tzinfo=dt.UTC))
    page = _text(admin_session.get(f"{served.url}/admin/checks?lang=en"))
    assert "Q4 2026" not in page
    assert "28/12/2026" not in page
    assert page.count("may no longer be consulted: cleared") == 2
    connector.run_once()  # the worker clears the store: the row still says they expired
    with connector.db.session() as session:
        check = session.query(Check).one()
        assert check.values is not None
        assert check.values["flexi_eligible"] is None
    page = _text(admin_session.get(f"{served.url}/admin/checks?lang=en"))
    assert page.count("may no longer be consulted: cleared") == 2


def test_search_and_filters_narrow_the_rows(
    db_backend: str, connector: Connector, admin_session: requests.Session, served: Served
) -> None:
    roos, roos_connection = tenant_with_connection(connector, "Roos Pokébowl", "0403019261")
    bakery, bakery_connection = tenant_with_connection(connector, "Bakkerij", "0202239951")
    maria = add_check(connector, roos, roos_connection, name="Maria Abara", ref="501",
                      created_at=NOW - dt.timedelta(days=10))  # fmt: skip
    lucas = add_check(connector, roos, roos_connection, name="Lucas Janssens", ref="777",
                      status="pending")  # fmt: skip
    emma = add_check(connector, bakery, bakery_connection, name="Emma Claes", ref="MARIA-9",
                     employer="0202239951", status="refused")  # fmt: skip
    base = f"{served.url}/admin/checks?lang=en"

    def ids(query: str) -> set[int]:
        response = admin_session.get(f"{base}&{query}")
        assert response.status_code == 200, response.text
        return set(_rows(response.text))

    assert ids("q=maria") == {maria, emma}  # a name, or a reference
    assert ids("q=777") == {lucas}
    assert ids("q=%25") == set()  # a wildcard typed is searched for, not matched
    assert ids(f"tenant={bakery}") == {emma}
    assert ids("employer=0403.019.261") == {maria, lucas}
    assert ids("state=pending") == {lucas}
    assert ids("checked_from=2026-11-20") == {lucas, emma}
    assert ids("checked_to=2026-11-20") == {maria}
    refused = admin_session.get(f"{base}&checked_from=yesterday")
    assert refused.status_code == 400
    assert "Dates are written as 2026-12-31" in _text(refused)
    assert admin_session.get(f"{base}&state=nonsense").status_code == 400


def test_start_not_covered_follows_the_cores_rule(
    connector: Connector, admin_session: requests.Session, served: Served
) -> None:
    tenant, connection = tenant_with_connection(connector, "Roos Pokébowl", "0403019261")
    answer = {**flexi(True, dt.date(2026, 12, 28), Q4)}
    covered = add_check(connector, tenant, connection, name="In Q4", ref="1", values=answer,
                        planned_start=dt.date(2026, 12, 14))  # fmt: skip
    next_quarter = add_check(connector, tenant, connection, name="In Q1", ref="2", values=answer,
                             planned_start=dt.date(2027, 1, 4))  # fmt: skip
    nothing = add_check(connector, tenant, connection, name="Refused", ref="3",
                        status="refused", planned_start=dt.date(2026, 12, 2))  # fmt: skip
    add_check(connector, tenant, connection, name="No start", ref="4", values=answer)
    page = admin_session.get(f"{served.url}/admin/checks?lang=en&not_covered=1")
    assert set(_rows(page.text)) == {next_quarter, nothing}
    text = _text(page)
    assert "can be re-checked from 01/01/2027" in text
    everything = _text(admin_session.get(f"{served.url}/admin/checks?lang=en"))
    assert everything.count(">Covered<") == 1
    assert covered in _rows(everything)


def test_pages_go_by_id_and_the_export_holds_every_filtered_row(
    db_backend: str, connector: Connector, admin_session: requests.Session, served: Served
) -> None:
    tenant, connection = tenant_with_connection(connector, "Roos Pokébowl", "0403019261")
    made = [
        add_check(
            connector,
            tenant,
            connection,
            name=f"Applicant {n:03}",
            ref=f"R{n:03}",
            values=flexi(n % 2 == 0, dt.date(2026, 12, 28), Q4),
        )
        for n in range(120)
    ]
    add_check(connector, tenant, connection, name="=HYPERLINK(\"http://evil\")", ref="X",
              status="pending")  # fmt: skip
    seen: list[int] = []
    url = f"{served.url}/admin/checks?lang=en&q=applicant"
    pages = 0
    while url:
        page = admin_session.get(url).text
        rows = _rows(page)
        assert rows == sorted(rows, reverse=True)
        seen += rows
        pages += 1
        older = re.search(r'rel="next" href="([^"]+)"', page)
        url = f"{served.url}{html.unescape(older.group(1))}" if older else ""
    assert pages == 3
    assert seen == sorted(made, reverse=True)
    back = admin_session.get(
        f"{served.url}/admin/checks?lang=en&q=applicant&before={made[70]}"
    ).text
    newer = re.search(r'rel="prev" href="([^"]+)"', back)
    assert newer is not None
    assert (
        _rows(admin_session.get(f"{served.url}{html.unescape(newer.group(1))}").text)
        == (sorted(made, reverse=True)[:50])
    )

    exported = admin_session.get(f"{served.url}/admin/checks.csv?lang=en&q=applicant")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(table) == 1 + 120  # the header, then every row of every page
    header = table[0]
    assert header[:3] == ["Started", "Tenant", "Connection"]
    niss = header.index("National register number (NISS), masked")
    assert {row[niss] for row in table[1:]} == {MARIA.masked}
    assert MARIA.compact not in exported.text
    eligible = [row[header.index("Flexi-job eligible")] for row in table[1:]]
    assert eligible.count("yes") == 60
    assert eligible.count("no") == 60
    everything = admin_session.get(f"{served.url}/admin/checks.csv?lang=en").content
    rows = list(csv.reader(io.StringIO(everything.decode("utf-8-sig"))))
    assert len(rows) == 1 + 121
    assert [r[3] for r in rows if r[4] == "X"] == ['\'=HYPERLINK("http://evil")']


def test_the_export_leaves_out_values_past_their_window(
    connector: Connector, admin_session: requests.Session, served: Served, clock: MovableClock
) -> None:
    _roos_with_maria(connector, hours=312, student_until=dt.date(2026, 12, 5))
    admin_session = _later(clock, served, dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC))
    text = admin_session.get(f"{served.url}/admin/checks.csv?lang=fr").content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    row = dict(zip(table[0], table[1], strict=True))
    assert row["Heures étudiant expirées"] == "oui"
    assert "312" not in text
    assert "05/12/2026" not in text
    assert "28/12/2026" in text  # the flexi answer may still be consulted


def test_a_planned_start_is_saved_and_audited(
    connector: Connector, admin_session: requests.Session, served: Served
) -> None:
    tenant, connection = tenant_with_connection(connector, "Roos Pokébowl", "0403019261")
    check_id = add_check(connector, tenant, connection, name="Maria Abara", ref="501")
    page = admin_session.get(f"{served.url}/admin/checks?lang=en").text
    saved = admin_session.post(
        f"{served.url}/admin/checks/{check_id}/planned-start?lang=en",
        data={"csrf_token": csrf_of(page), "planned_start": "2026-12-14",
              "back": "/admin/checks?q=maria"},
    )  # fmt: skip
    assert saved.url.endswith("/admin/checks?q=maria&done=planned_start_saved")
    assert "The planned start was saved." in _text(saved)
    with connector.db.session() as session:
        check = session.get(Check, check_id)
        assert check is not None
        assert check.planned_start == dt.date(2026, 12, 14)
    wrong = admin_session.post(
        f"{served.url}/admin/checks/{check_id}/planned-start?lang=en",
        data={"csrf_token": csrf_of(page), "planned_start": "14/12"},
    )
    assert wrong.status_code == 400
    assert '"14/12" is not a date' in _text(wrong)
    audit = _text(admin_session.get(f"{served.url}/admin/audit?lang=en"))
    assert "Planned start set" in audit


def test_a_tenants_administrator_sees_and_exports_only_that_tenant(
    connector: Connector, served: Served
) -> None:
    roos, roos_connection = tenant_with_connection(connector, "Roos Pokébowl", "0403019261")
    bakery, bakery_connection = tenant_with_connection(connector, "Bakkerij", "0202239951")
    mine = add_check(connector, roos, roos_connection, name="Maria Abara", ref="501")
    theirs = add_check(connector, bakery, bakery_connection, name="Emma Claes", ref="9",
                       employer="0202239951")  # fmt: skip
    with connector.db.session() as session:
        create_admin(session, "roos", ADMIN_PASSWORD, tenant_id=roos)
    admin = sign_in(served.url, "roos", ADMIN_PASSWORD)
    page = admin.get(f"{served.url}/admin/checks?lang=en").text
    assert _rows(page) == [mine]
    assert "Bakkerij" not in page  # neither a row nor a filter option
    assert admin.get(f"{served.url}/admin/checks?tenant={bakery}").status_code == 404
    exported = admin.get(f"{served.url}/admin/checks.csv").content.decode("utf-8-sig")
    assert "Emma Claes" not in exported
    assert "Maria Abara" in exported
    refused = admin.post(
        f"{served.url}/admin/checks/{theirs}/planned-start",
        data={"csrf_token": csrf_of(page), "planned_start": "2026-12-14"},
    )
    assert refused.status_code == 404
    with connector.db.session() as session:
        session.get(Check, theirs).planned_start = dt.date(2026, 12, 14)  # type: ignore[union-attr]
        other = rechecks.enqueue(
            session, [theirs], tenant_ids=None, actor="admin", now=connector.clock()
        )
    assert admin.get(f"{served.url}/admin/rechecks/{other.recheck_id}/progress").status_code == 404
    ignored = admin.post(
        f"{served.url}/admin/checks/recheck?lang=en",
        data={"csrf_token": csrf_of(page), "ids": [str(theirs)]},
    )
    assert "Nothing to re-check" in _text(ignored)
    with connector.db.session() as session:
        assert session.query(RecheckItem).count() == 1  # only the super-administrator's


def test_the_recruiter_types_the_planned_start_on_the_recruiter_page(
    connector: Connector, admin_session: requests.Session, served: Served
) -> None:
    tenant, connection = tenant_with_connection(connector, "Roos Pokébowl", "0403019261")
    check_id = add_check(connector, tenant, connection, name="Maria Abara", ref="501",
                         values=flexi(True, dt.date(2026, 12, 28), Q4))  # fmt: skip
    with connector.db.session() as session:
        check = session.get(Check, check_id)
        assert check is not None
        token = check.token
    page = requests.get(f"{served.url}/r/{token}?lang=nl", timeout=10)
    assert "Geplande start" in html.unescape(page.text)
    saved = requests.post(
        f"{served.url}/r/{token}/planned-start?lang=en",
        data={"planned_start": "2027-01-04"}, timeout=10,
    )  # fmt: skip
    assert saved.status_code == 200
    assert 'value="2027-01-04"' in saved.text
    wrong = requests.post(
        f"{served.url}/r/{token}/planned-start?lang=en", data={"planned_start": "4 jan"}, timeout=10
    )
    assert wrong.status_code == 400
    assert '"4 jan" is not a date' in html.unescape(wrong.text)
    overview = _text(admin_session.get(f"{served.url}/admin/checks?lang=en&not_covered=1"))
    assert "can be re-checked from 01/01/2027" in overview  # the next quarter's answer
    assert "Planned start set (recruiter page)" in _text(
        admin_session.get(f"{served.url}/admin/audit?lang=en")
    )
