"""The connection page's "Test ATS connection" and "Create the missing fields", over real HTTP
against the strict Teamtailor fake: a bad token or a missing field shows at setup, not at the
first write-back."""

from __future__ import annotations

import html

import requests

from precontract_ats.engine import Connector

from .fakes.teamtailor_fake import TeamtailorFake
from .journey import teamtailor_connection
from .support import Served, csrf_of


def _test(
    browser: requests.Session, served: Served, connection_id: int, *, create: bool = False
) -> str:
    page = browser.get(f"{served.url}/admin/connections/{connection_id}?lang=en")
    data = {"csrf_token": csrf_of(page.text)}
    if create:
        data["create"] = "1"
    answer = browser.post(
        f"{served.url}/admin/connections/{connection_id}/test-ats?lang=en", data=data
    )
    assert answer.status_code == 200
    return html.unescape(answer.text)


def test_the_admin_sees_a_missing_field_creates_it_and_sees_a_bad_key(
    connector: Connector,
    served: Served,
    tenant_id: int,
    admin_session: requests.Session,
    teamtailor_fake: TeamtailorFake,
) -> None:
    fake = teamtailor_fake
    del fake.custom_fields["100"]  # precontract-flexi-eligible
    connection_id = teamtailor_connection(connector, tenant_id, fake)

    first = _test(admin_session, served, connection_id)
    assert "Teamtailor accepted the credentials." in first
    assert "The field precontract-flexi-eligible does not exist." in first
    assert 'id="create-fields"' in first
    assert fake.values == {}  # nothing written to a candidate

    made = _test(admin_session, served, connection_id, create=True)
    assert "The field precontract-flexi-eligible was created (CustomField::Checkbox)." in made
    assert "does not exist" not in made
    assert [f["api-name"] for f in fake.custom_fields.values()].count(
        "precontract-flexi-eligible"
    ) == 1

    fake.api_key = "revoked"
    refused = _test(admin_session, served, connection_id)
    assert "Teamtailor refused the credentials (error 401)." in refused
