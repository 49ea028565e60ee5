"""Recruitee as docs.recruitee.com has it: the fake refuses what the Reports page does not
describe (each refusal proved here), and a refused button press tells the recruiter why in the
connection's language."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from sqlalchemy import select

from precontract_ats.ats.recruitee import RecruiteePlugin
from precontract_ats.engine import Connector
from precontract_ats.store.models import Connection

from .fakes.recruitee_fake import RecruiteeFake
from .journey import checks
from .support import Served
from .test_hosts import _config, _http


def _patch(fake: RecruiteeFake, report_id: str, body: Any) -> requests.Response:
    return requests.patch(
        f"{fake.url}/api/p/{fake.codename}/reports/{report_id}",
        json=body,
        headers={"RT-PARTNER-SECRET": fake.partner_secret},
        timeout=10,
    )


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ({"urls": {"report": "https://c.test/r/t"}}, "urls: only cancel"),
        ({"subtitle": "Flexi"}, "unknown attributes: subtitle"),
        ({"properties": [{"name": "a"}]}, "unknown attributes: properties"),
        ({"score": 10}, "score is a text"),
        ({"status": "sent"}, "invalid status"),
    ],
)
def test_the_fake_refuses_a_report_the_docs_do_not_describe(
    recruitee_fake: RecruiteeFake, body: dict[str, Any], why: str
) -> None:
    fake = recruitee_fake
    fake.reports["r1"] = {"status": "sent", "urls": {}, "history": []}
    refused = _patch(fake, "r1", body)
    assert refused.status_code == 422
    assert refused.json()["error"] == why
    assert fake.reports["r1"] == {"status": "sent", "urls": {}, "history": []}
    assert _patch(fake, "r1", {"urls": {"cancel": "https://c.test/x"}, "score": "1"}).ok


def test_a_refused_press_names_the_reason_in_the_connections_language(
    connector: Connector, served: Served, recruitee_fake: RecruiteeFake, recruitee_key: str
) -> None:
    fake = recruitee_fake
    other = fake.press_button(served.url, recruitee_key, "501", company_id="99999")
    assert other.status_code == 403
    assert other.json()["error"] == "forbidden"
    assert other.json()["message"] == "Deze oproep werd geweigerd (forbidden)."
    unknown = fake.press_button(served.url, "not-the-token", "501")
    assert unknown.status_code == 401
    assert checks(connector) == []


def test_the_connection_test_checks_the_token(recruitee_fake: RecruiteeFake) -> None:
    fake = recruitee_fake
    plugin = RecruiteePlugin(_http())
    settings = {"company_id": fake.company_id, "codename": fake.codename, "api_url": fake.url}
    good = plugin.host(_config("recruitee", plugin, settings, {"api_token": fake.api_token}))
    assert [(f.name, f.ok) for f in good.test_connection()] == [("credentials", True)]
    bad = plugin.host(_config("recruitee", plugin, settings, {"api_token": "wrong"}))
    [finding] = bad.test_connection()
    assert not finding.ok
    assert finding.message("fr") == "Recruitee a refusé les identifiants (erreur 401)."
    assert good.create_missing_fields() == []  # profile fields are made when first written


def test_a_niss_kept_in_a_profile_field_binds_the_request_from_the_start(
    connector: Connector, served: Served, recruitee_fake: RecruiteeFake, recruitee_key: str
) -> None:
    fake = recruitee_fake
    fake.set_profile_field("501", "INSZ", "85.07.30-033.28")
    with connector.db.session() as session:
        [connection] = session.scalars(select(Connection)).all()
        connection.settings = {**dict(connection.settings or {}), "ssin_field": "INSZ"}
    assert fake.press_button(served.url, recruitee_key, "501").status_code == 201
    assert checks(connector)[-1].ssin_masked == "85.07.30-***.**"
