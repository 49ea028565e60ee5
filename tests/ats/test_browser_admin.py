"""The admin screens in a real browser: sign in, create a tenant, upload its credentials, connect
an ATS and map its fields, as an administrator would without a manual."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from precontract.credentials import generate_credentials
from precontract_ats.engine import Connector
from precontract_ats.services.admins import create_admin

from .browser import page, shot
from .conftest import ADMIN_PASSWORD
from .support import Served

__all__ = ["page"]

pytestmark = pytest.mark.browser


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/admin?lang=en")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_administrator_sets_up_a_tenant_and_a_connection(
    page: Page, connector: Connector, served: Served, tmp_path: Path
) -> None:
    with connector.db.session() as session:
        create_admin(session, "admin", ADMIN_PASSWORD)
    page.goto(f"{served.url}/admin/login?lang=en")
    shot(page, "01-sign-in")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not right")

    sign_in(page, served.url)
    expect(page.get_by_text("No tenants yet")).to_be_visible()
    shot(page, "02-no-tenants")

    page.get_by_role("link", name="New tenant").first.click()
    page.get_by_label("Name").fill("Roos Pokébowl")
    page.get_by_label("Requester enterprise number").fill("0403.019.261")
    page.get_by_label("Environment").select_option("sandbox")
    shot(page, "03-new-tenant")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Roos Pokébowl")).to_be_visible()
    expect(page.get_by_text("The tenant was created")).to_be_visible()
    shot(page, "04-tenant-created")

    key, cert = generate_credentials("Roos Pokébowl BV")
    (tmp_path / "key.pem").write_bytes(key)
    (tmp_path / "cert.pem").write_bytes(cert)
    page.get_by_role("textbox", name="Client ID").fill("self_service_chaman_12345678_abcdef")
    page.get_by_label("Private key (PEM)").set_input_files(str(tmp_path / "key.pem"))
    page.get_by_label("Certificate (.cer / .pem)").set_input_files(str(tmp_path / "cert.pem"))
    page.get_by_role("button", name="Check and save").click()
    expect(page.get_by_text("The credentials were checked and saved")).to_be_visible()
    expect(page.get_by_text("CN=Roos Pokébowl BV")).to_be_visible()
    shot(page, "05-credentials")

    connections = page.get_by_role("region", name="ATS connections")
    connections.get_by_label("Name").fill("Recruitee Brussels")
    connections.get_by_label("ATS", exact=True).select_option("recruitee")
    page.get_by_role("button", name="Connect an ATS").click()
    expect(page.get_by_role("heading", name="Connect Recruitee")).to_be_visible()
    page.get_by_label("Company ID").fill("77001")
    page.get_by_label("Partner codename").fill("precontract")
    page.get_by_label("Personal API token").fill("api-token-for-the-test")
    page.get_by_label("Partner secret").fill("partner-secret-for-the-test")
    shot(page, "06-new-connection")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Copy this now: it is shown only once")).to_be_visible()
    token = page.locator("#new-key-value").inner_text()
    assert len(token) >= 40
    expect(page.get_by_text("/ats/recruitee/send_candidate")).to_be_visible()
    shot(page, "07-connection-created")

    page.get_by_label("Student hours remaining").fill("Studenturen (precontract)")
    page.get_by_role("button", name="Save the mapping").click()
    expect(page.get_by_text("The field mapping was saved")).to_be_visible()
    expect(page.get_by_label("Student hours remaining")).to_have_value("Studenturen (precontract)")
    assert token not in page.content()
    assert "api-token-for-the-test" not in page.content()

    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_text("ATS connected")).to_be_visible()
    shot(page, "08-audit")


def test_the_pages_switch_language(page: Page, connector: Connector, served: Served) -> None:
    with connector.db.session() as session:
        create_admin(session, "admin", ADMIN_PASSWORD)
    sign_in(page, served.url)
    page.get_by_role("link", name="NL", exact=True).click()
    expect(page.get_by_role("heading", name="Klanten")).to_be_visible()
    page.get_by_role("link", name="FR", exact=True).click()
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()
    page.get_by_role("link", name="Vérifications").click()
    expect(page.get_by_text("Aucune vérification trouvée")).to_be_visible()
