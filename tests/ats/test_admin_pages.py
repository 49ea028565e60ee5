"""The admin screens over real HTTP: sign-in, CSRF, tenants, credentials, connections, mappings,
the audit log, in the three languages, and secrets that are never sent back."""

from __future__ import annotations

import html
import re
from typing import Any

import requests
from sqlalchemy import select

from precontract.audit import AuditAction, AuditEvent
from precontract.credentials import generate_credentials
from precontract_ats.engine import Connector
from precontract_ats.services.admins import create_admin
from precontract_ats.services.audit import DatabaseAuditSink
from precontract_ats.store.models import AuditRecord, Connection, Tenant

from .conftest import ADMIN_PASSWORD
from .fakes.recruitee_fake import RecruiteeFake
from .journey import checks
from .support import Served, csrf_of, sign_in


def _create_tenant(session: requests.Session, base: str, **fields: str) -> requests.Response:
    page = session.get(f"{base}/admin/tenants/new")
    data = {
        "name": "Roos Pokébowl",
        "requester": "0403.019.261",
        "environment": "sandbox",
        "sandbox_url": "",
    }
    data.update(fields)
    return session.post(
        f"{base}/admin/tenants/new", data={**data, "csrf_token": csrf_of(page.text)}
    )


def _upload_credentials(
    session: requests.Session, tenant_url: str, page: str, key: bytes, cert: bytes, **data: str
) -> requests.Response:
    """The tenant's credentials form, sent from ``page`` with ``key`` and ``cert``."""
    return session.post(
        f"{tenant_url}/credentials",
        data={"csrf_token": csrf_of(page), "client_id": "self_service_chaman_1_ab", **data},
        files={"private_key": ("key.pem", key), "certificate": ("cert.pem", cert)},
    )


def test_every_admin_page_needs_a_sign_in(served: Served) -> None:
    for path in ("/admin", "/admin/checks", "/admin/audit", "/admin/tenants/1"):
        response = requests.get(served.url + path, allow_redirects=False, timeout=10)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/admin/login?next=")


def test_a_wrong_password_says_so_and_repeated_failures_lock(
    connector: Connector, served: Served
) -> None:
    from precontract_ats.services.admins import create_admin

    with connector.db.session() as db_session:
        create_admin(db_session, "roos", ADMIN_PASSWORD)
    browser = requests.Session()
    for attempt in range(5):
        page = browser.get(f"{served.url}/admin/login?lang=en")
        response = browser.post(
            f"{served.url}/admin/login",
            data={
                "username": "roos",
                "password": f"wrong {attempt}",
                "csrf_token": csrf_of(page.text),
            },
        )
        assert "/admin/login" in response.url
    assert response.status_code == 429
    assert "Too many failed attempts" in response.text
    page = browser.get(f"{served.url}/admin/login")
    locked = browser.post(
        f"{served.url}/admin/login",
        data={"username": "roos", "password": ADMIN_PASSWORD, "csrf_token": csrf_of(page.text)},
    )
    assert locked.status_code == 429  # the right password does not unlock it early


def test_a_sign_in_without_the_forms_token_is_refused(connector: Connector, served: Served) -> None:
    from precontract_ats.services.admins import create_admin

    with connector.db.session() as db_session:
        create_admin(db_session, "roos", ADMIN_PASSWORD)
    response = requests.post(
        f"{served.url}/admin/login",
        data={"username": "roos", "password": ADMIN_PASSWORD},
        timeout=10,
    )
    assert response.status_code == 400
    assert "pc_session" not in response.cookies


def test_a_post_without_the_csrf_token_changes_nothing(
    admin_session: requests.Session, served: Served
) -> None:
    response = admin_session.post(
        f"{served.url}/admin/tenants/new",
        data={
            "name": "Forged",
            "requester": "0403019261",
            "environment": "sandbox",
            "csrf_token": "nope",
        },
    )
    assert response.status_code == 403
    assert "Forged" not in admin_session.get(f"{served.url}/admin").text


def test_the_session_cookie_is_http_only_and_strict(connector: Connector, served: Served) -> None:
    from precontract_ats.services.admins import create_admin

    with connector.db.session() as db_session:
        create_admin(db_session, "roos", ADMIN_PASSWORD)
    browser = requests.Session()
    page = browser.get(f"{served.url}/admin/login")
    response = browser.post(
        f"{served.url}/admin/login",
        data={"username": "roos", "password": ADMIN_PASSWORD, "csrf_token": csrf_of(page.text)},
        allow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "pc_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert response.headers["x-frame-options"] == "DENY"


def test_an_empty_start_tells_what_to_do(admin_session: requests.Session, served: Served) -> None:
    page = admin_session.get(f"{served.url}/admin?lang=nl").text
    assert "Nog geen klanten" in page
    assert 'href="/admin/tenants/new"' in page


def test_a_tenant_is_created_with_its_requester_as_first_employer(
    admin_session: requests.Session, served: Served
) -> None:
    response = _create_tenant(admin_session, served.url)
    assert re.search(r"/admin/tenants/\d+\?done=tenant_created$", response.url)
    assert "Roos Pokébowl" in response.text
    assert "0403.019.261" in response.text
    assert "upload its client ID" in response.text


def test_a_wrong_enterprise_number_is_explained_in_the_users_language(
    admin_session: requests.Session, served: Served
) -> None:
    admin_session.get(f"{served.url}/admin?lang=fr")
    response = _create_tenant(admin_session, served.url, requester="0403019262")
    assert "numéro d'entreprise (BCE) n'est pas valide" in html.unescape(response.text)
    assert 'value="0403019262"' in response.text  # what was typed stays in the form


def test_an_employer_added_then_removed_is_said_shown_and_audited(
    connector: Connector, admin_session: requests.Session, served: Served
) -> None:
    admin_session.get(f"{served.url}/admin?lang=en")
    tenant_page = _create_tenant(admin_session, served.url)
    tenant_url = tenant_page.url.split("?")[0]
    tenant_id = int(tenant_url.rsplit("/", 1)[1])
    added = admin_session.post(
        f"{tenant_url}/employers",
        data={
            "csrf_token": csrf_of(tenant_page.text),
            "enterprise_number": "0202239951",
            "name": "Bakkerij",
        },
    )
    assert added.url.endswith(f"/admin/tenants/{tenant_id}?done=employer_added")
    assert "The employer was added." in added.text
    assert "Bakkerij" in added.text
    with connector.db.session() as session:
        tenant = session.get(Tenant, tenant_id)
        assert tenant is not None
        bakery = next(e.id for e in tenant.employers if e.enterprise_number == "0202239951")
    removed = admin_session.post(
        f"{tenant_url}/employers/{bakery}/delete", data={"csrf_token": csrf_of(added.text)}
    )
    assert removed.url.endswith(f"/admin/tenants/{tenant_id}?done=employer_removed")
    assert "The employer was removed." in removed.text
    assert "Bakkerij" not in removed.text
    with connector.db.session() as session:
        records = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action.in_(("admin.employer_added", "admin.employer_removed")))
            .order_by(AuditRecord.id)
        ).all()
        assert [(r.action, r.tenant_id, r.actor) for r in records] == [
            ("admin.employer_added", tenant_id, "admin"),
            ("admin.employer_removed", tenant_id, "admin"),
        ]


def test_a_refused_form_says_what_to_do_in_the_users_language(
    admin_session: requests.Session, served: Served
) -> None:
    admin_session.get(f"{served.url}/admin?lang=nl")
    tenant_page = _create_tenant(admin_session, served.url)
    tenant_url = tenant_page.url.split("?")[0]
    twice = admin_session.post(
        f"{tenant_url}/employers",
        data={
            "csrf_token": csrf_of(tenant_page.text),
            "enterprise_number": "0403019261",
            "name": "Roos",
        },
    )
    assert "De werkgever 0403.019.261 staat al in de lijst." in twice.text
    too_large = admin_session.post(
        f"{tenant_url}/credentials",
        data={"csrf_token": csrf_of(twice.text), "client_id": "self_service_chaman_1_ab"},
        files={"pkcs12": ("photo.jpg", b"x" * 70_000)},
    )
    assert "Dit bestand is te groot voor een sleutel of een certificaat" in too_large.text
    form = admin_session.get(f"{tenant_url}/connections/new?kind=recruitee")
    unnamed = admin_session.post(
        f"{tenant_url}/connections/new",
        data={"csrf_token": csrf_of(form.text), "kind": "recruitee", "name": " "},
    )
    assert "Geef een naam op." in unnamed.text
    nameless_setting = admin_session.post(
        f"{tenant_url}/connections/new",
        data={"csrf_token": csrf_of(form.text), "kind": "recruitee", "name": "Recruitee"},
    )
    assert "Vul “Bedrijfs-ID” in." in html.unescape(nameless_setting.text)
    for page in (twice, too_large, unnamed, nameless_setting):
        # Not the core's "the connection to social security is not configured correctly".
        assert "sociale zekerheid is niet juist ingesteld" not in page.text


def test_a_key_that_does_not_fit_the_certificate_is_said_in_dutch_without_setting_names(
    admin_session: requests.Session, served: Served
) -> None:
    admin_session.get(f"{served.url}/admin?lang=nl")
    tenant_page = _create_tenant(admin_session, served.url)
    tenant_url = tenant_page.url.split("?")[0]
    key, _ = generate_credentials("Roos BV")
    _, other_cert = generate_credentials("Someone else")
    mismatch = _upload_credentials(admin_session, tenant_url, tenant_page.text, key, other_cert)
    text = html.unescape(mismatch.text)
    assert (
        "de privésleutel die u opgeladen hebt hoort niet bij het certificaat dat u opgeladen hebt "
        "(CN=Someone else)"
    ) in text
    for internal in ("private_key_pem", "certificate_pem", "does not belong", "the private key"):
        assert internal not in text


def test_credentials_are_checked_before_saving_and_never_shown_back(
    admin_session: requests.Session, served: Served
) -> None:
    tenant_page = _create_tenant(admin_session, served.url)
    tenant_url = tenant_page.url.split("?")[0]
    key, cert = generate_credentials("Roos BV")
    _, other_cert = generate_credentials("Someone else")
    mismatch = _upload_credentials(admin_session, tenant_url, tenant_page.text, key, other_cert)
    assert "flash error" in mismatch.text
    assert (
        "self_service_chaman_1_ab" not in mismatch.text.split("creds-title")[1].split("<details")[0]
    )
    saved = _upload_credentials(admin_session, tenant_url, mismatch.text, key, cert, password="")
    assert saved.url.endswith("done=credentials_saved")
    assert "CN=Roos BV" in saved.text
    assert "PRIVATE KEY" not in saved.text
    assert key.decode() not in saved.text


def test_a_connection_shows_its_key_once_and_never_its_secrets(
    admin_session: requests.Session, served: Served
) -> None:
    tenant_url = _create_tenant(admin_session, served.url).url.split("?")[0]
    form = admin_session.get(f"{tenant_url}/connections/new?kind=recruitee&name=Recruitee")
    created = admin_session.post(
        f"{tenant_url}/connections/new",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "recruitee",
            "name": "Recruitee",
            "language": "nl",
            "employer_id": "",
            "setting_company_id": "77001",
            "setting_codename": "precontract",
            "secret_api_token": "api-token-never-shown",
            "secret_partner_secret": "partner-secret-never-shown",
            "setting_api_url": "https://api.recruitee.com",
            "setting_partner_url": "https://integrations.recruitee.com",
        },
    )
    assert created.status_code == 200
    # Post/redirect/get: the page after the form is a GET, so reloading it creates nothing.
    assert [r.status_code for r in created.history] == [303]
    assert created.request.method == "GET"
    key = re.search(r'<code id="new-key-value">([^<]+)</code>', created.text)
    assert key is not None
    assert len(key.group(1)) >= 40
    assert "/ats/recruitee/send_candidate" in created.text
    connection_url = re.search(r'href="(/admin/connections/\d+)/edit"', created.text)
    assert connection_url is not None
    again = admin_session.get(served.url + connection_url.group(1)).text
    assert key.group(1) not in again
    edit = admin_session.get(served.url + connection_url.group(1) + "/edit").text
    for page in (created.text, again, edit):
        assert "api-token-never-shown" not in page
        assert "partner-secret-never-shown" not in page
    assert "bewaard" in edit or "stored" in edit


def test_a_mapping_bullhorn_cannot_hold_is_refused_with_a_reason(
    admin_session: requests.Session, served: Served
) -> None:
    tenant_url = _create_tenant(admin_session, served.url).url.split("?")[0]
    form = admin_session.get(f"{tenant_url}/connections/new?kind=bullhorn")
    created = admin_session.post(
        f"{tenant_url}/connections/new",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "bullhorn",
            "name": "Bullhorn",
            "language": "en",
            "setting_corporation_id": "4242",
            "setting_client_id": "client",
            "setting_username": "api.user",
            "secret_client_secret": "s",
            "secret_password": "p",
            "setting_auth_url": "https://auth.example.test",
            "setting_login_url": "https://rest.example.test",
        },
    )
    # Bullhorn takes its key inside the tab's address: the address to copy is shown whole, once.
    shown = re.search(r'<code id="new-key-value">([^<]+)</code>', created.text)
    assert shown is not None
    assert re.fullmatch(rf"{served.url}/ats/bullhorn/\d+/tab\?key=[\w-]{{40,}}", shown.group(1))
    connection_url = re.search(r'action="(/admin/connections/\d+)/mapping"', created.text)
    assert connection_url is not None
    refused = admin_session.post(
        served.url + connection_url.group(1) + "/mapping",
        data={
            "csrf_token": csrf_of(created.text),
            "name_flexi_consultable_until": "customDate99",
            "type_flexi_consultable_until": "datetime",
        },
    )
    assert "flash error" in refused.text
    assert "customDate" in refused.text


def test_the_audit_log_masks_the_national_number(
    admin_session: requests.Session, served: Served, connector: Connector
) -> None:
    DatabaseAuditSink(connector.db, None).record(
        AuditEvent(
            action=AuditAction.CONSULTATION,
            requester="0123456749",
            employer="0403019261",
            ssin="85073003328",
            result="data",
            applicant_reference="42",
        )
    )
    page = admin_session.get(f"{served.url}/admin/audit?lang=en").text
    assert "85.07.30-***.**" in page
    assert "85073003328" not in page
    assert "033.28" not in page
    assert "Data consulted" in page


def test_the_audit_log_says_its_codes_in_words(
    admin_session: requests.Session, served: Served, connector: Connector
) -> None:
    sink = DatabaseAuditSink(connector.db, None)
    sink.record(
        AuditEvent(
            action=AuditAction.ACCESS_REQUEST_CREATED,
            requester="0123456749",
            employer="0403019261",
            result="PENDING",
            data_types=("FLEXI_JOB_ELIGIBILITY", "STUDENT_HOURS"),
        )
    )
    sink.record(
        AuditEvent(
            action=AuditAction.CONSULTATION,
            requester="0123456749",
            employer="0403019261",
            result="error:ServerError",
        )
    )
    page = admin_session.get(f"{served.url}/admin/audit?lang=nl").text
    assert "Wacht op goedkeuring" in page
    assert "flexi-job, studentenuren" in page
    assert "Mislukt (probleem bij de dienst)" in page
    for code in ("PENDING", "FLEXI_JOB_ELIGIBILITY", "STUDENT_HOURS", "error:ServerError"):
        assert code not in page


def test_a_sandbox_tenant_registers_in_the_sandbox_and_a_failed_test_is_red(
    admin_session: requests.Session, served: Served, sandbox: Any
) -> None:
    tenant_page = _create_tenant(admin_session, served.url, sandbox_url=sandbox.url)
    tenant_url = tenant_page.url.split("?")[0]
    # Credentials uploaded but never registered with the sandbox: the test fails, in red only.
    key, cert = generate_credentials("Roos BV")
    saved = _upload_credentials(
        admin_session, tenant_url, tenant_page.text, key, cert, client_id="self_service_chaman_7_ab"
    )
    assert 'id="sandbox-register"' in saved.text
    failed = admin_session.post(f"{tenant_url}/test", data={"csrf_token": csrf_of(saved.text)})
    text = html.unescape(failed.text)
    assert 'class="flash error" role="alert">The connection test failed: see below' in text
    assert "flash ok" not in text
    assert "does not know the client ID self_service_chaman_7_ab with this certificate" in text
    assert "Register in sandbox" in text

    registered = admin_session.post(
        f"{tenant_url}/sandbox-register", data={"csrf_token": csrf_of(failed.text)}
    )
    assert "are registered in the sandbox" in registered.text
    assert sandbox.state.client("self_service_chaman_7_ab") is not None
    passed = admin_session.post(f"{tenant_url}/test", data={"csrf_token": csrf_of(registered.text)})
    assert 'class="flash ok" role="status">The connection was tested' in passed.text
    assert 'class="flash ok" id="test-verdict"' in passed.text


def test_register_in_sandbox_without_credentials_makes_and_keeps_them(
    admin_session: requests.Session, served: Served, sandbox: Any
) -> None:
    admin_session.get(f"{served.url}/admin?lang=fr")
    tenant_page = _create_tenant(admin_session, served.url, sandbox_url=sandbox.url)
    tenant_url = tenant_page.url.split("?")[0]
    assert "Enregistrer dans le bac à sable" in html.unescape(tenant_page.text)
    registered = admin_session.post(
        f"{tenant_url}/sandbox-register", data={"csrf_token": csrf_of(tenant_page.text)}
    )
    text = html.unescape(registered.text)
    assert "sont enregistrés dans le bac à sable" in text
    assert "self_service_chaman_" in text  # the new client ID is shown
    assert "PRIVATE KEY" not in text
    passed = admin_session.post(f"{tenant_url}/test", data={"csrf_token": csrf_of(registered.text)})
    assert 'class="flash ok" id="test-verdict"' in passed.text


def test_register_in_sandbox_says_when_no_sandbox_answers(
    admin_session: requests.Session, served: Served
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    tenant_page = _create_tenant(admin_session, served.url, sandbox_url=url)
    tenant_url = tenant_page.url.split("?")[0]
    refused = admin_session.post(
        f"{tenant_url}/sandbox-register", data={"csrf_token": csrf_of(tenant_page.text)}
    )
    assert f"No sandbox answered at {url}: check that it runs and its address." in html.unescape(
        refused.text
    )
    assert "Upload the credentials" in refused.text  # still none stored


def test_a_teamtailor_provider_key_already_used_is_refused_with_a_message(
    admin_session: requests.Session, served: Served
) -> None:
    tenant_url = _create_tenant(admin_session, served.url).url.split("?")[0]

    def create(name: str) -> requests.Response:
        form = admin_session.get(f"{tenant_url}/connections/new?kind=teamtailor")
        return admin_session.post(
            f"{tenant_url}/connections/new",
            data={
                "csrf_token": csrf_of(form.text),
                "kind": "teamtailor",
                "name": name,
                "language": "en",
                "employer_id": "",
                "setting_api_url": "https://api.teamtailor.com",
                "secret_provider_key": "the-same-provider-key",
                "secret_partner_key": "partner-key",
                "secret_api_key": "api-key",
            },
        )

    assert create("Teamtailor").status_code == 200
    second = create("Teamtailor again")
    assert second.status_code == 200
    assert "is already the key of another connection" in html.unescape(second.text)
    assert "Teamtailor again" in second.text  # the form, filled in, to correct


def test_an_archived_tenant_leaves_the_list_and_its_connections_refuse_the_ats(
    connector: Connector,
    admin_session: requests.Session,
    served: Served,
    tenant_id: int,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    assert "Bureau Interim" in admin_session.get(f"{served.url}/admin?lang=en").text
    page = admin_session.get(f"{served.url}/admin/tenants/{tenant_id}?lang=en").text
    assert f'action="/admin/tenants/{tenant_id}/archive"' in page
    archived = admin_session.post(
        f"{served.url}/admin/tenants/{tenant_id}/archive", data={"csrf_token": csrf_of(page)}
    )
    assert "The tenant was archived" in archived.text
    assert "Bureau Interim" not in archived.text
    pressed = recruitee_fake.press_button(served.url, recruitee_key, "501", test_id="0403019261")
    assert 400 <= pressed.status_code < 500
    assert checks(connector) == []


def test_a_tenants_administrator_sees_and_changes_only_that_tenant(
    connector: Connector, admin_session: requests.Session, served: Served
) -> None:
    first = _create_tenant(admin_session, served.url, name="Roos Pokébowl")
    second = _create_tenant(admin_session, served.url, name="Bakkerij Janssens")
    first_id = int(first.url.split("?")[0].rsplit("/", 1)[1])
    second_id = int(second.url.split("?")[0].rsplit("/", 1)[1])
    with connector.db.session() as session:
        create_admin(session, "roos", ADMIN_PASSWORD, tenant_id=first_id)
    roos = sign_in(served.url, "roos", ADMIN_PASSWORD)
    listed = roos.get(f"{served.url}/admin").text
    assert "Roos Pokébowl" in listed
    assert "Bakkerij Janssens" not in listed
    assert roos.get(f"{served.url}/admin/tenants/{first_id}").status_code == 200
    assert roos.get(f"{served.url}/admin/tenants/{second_id}").status_code == 404
    page = roos.get(f"{served.url}/admin/tenants/{first_id}").text
    refused = roos.post(
        f"{served.url}/admin/tenants/{second_id}/archive", data={"csrf_token": csrf_of(page)}
    )
    assert refused.status_code == 404
    assert roos.get(f"{served.url}/admin/tenants/new").status_code == 404
    assert 'href="/admin/tenants/new"' not in listed  # no button that leads to a 404
    assert 'href="/admin/tenants/new"' in admin_session.get(f"{served.url}/admin").text
    assert "Bakkerij Janssens" not in roos.get(f"{served.url}/admin/audit").text
    everything = admin_session.get(f"{served.url}/admin").text  # the super-administrator
    assert "Roos Pokébowl" in everything
    assert "Bakkerij Janssens" in everything


def test_the_admin_screens_speak_german(admin_session: requests.Session, served: Served) -> None:
    home = html.unescape(admin_session.get(f"{served.url}/admin?lang=de").text)
    assert "Neuer Kunde" in home
    assert "Prüfprotokoll" in home
    tenant_page = _create_tenant(admin_session, served.url)
    text = html.unescape(tenant_page.text)
    assert "Client-ID und Zertifikat" in text
    assert "In der Sandbox registrieren" in text
    tenant_url = tenant_page.url.split("?")[0]
    form = admin_session.get(f"{tenant_url}/connections/new?kind=recruitee")
    unnamed = admin_session.post(
        f"{tenant_url}/connections/new",
        data={"csrf_token": csrf_of(form.text), "kind": "recruitee", "name": " "},
    )
    assert "Geben Sie einen Namen an." in unnamed.text
    key, _ = generate_credentials("Roos BV")
    _, other_cert = generate_credentials("Someone else")
    mismatch = _upload_credentials(admin_session, tenant_url, unnamed.text, key, other_cert)
    assert (
        "Die Verbindung zur sozialen Sicherheit ist nicht richtig eingerichtet: der private "
        "Schlüssel, den Sie hochgeladen haben und das Zertifikat, das Sie hochgeladen haben "
        "(CN=Someone else) gehören nicht zusammen"
    ) in html.unescape(mismatch.text)


def test_an_archived_connection_cannot_be_switched_on_again_through_its_form(
    connector: Connector,
    admin_session: requests.Session,
    served: Served,
    tenant_id: int,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    connection_id = _connection_id(connector)
    page = admin_session.get(f"{served.url}/admin/connections/{connection_id}?lang=en").text
    admin_session.post(
        f"{served.url}/admin/connections/{connection_id}/archive",
        data={"csrf_token": csrf_of(page)},
    )
    form = admin_session.get(f"{served.url}/admin/connections/{connection_id}/edit?lang=en")
    assert "this connection stays switched off" in form.text
    assert 'name="enabled"' not in form.text
    refused = admin_session.post(
        f"{served.url}/admin/connections/{connection_id}/edit?lang=en",
        data={"csrf_token": csrf_of(form.text), "name": "Recruitee", "enabled": "1"},
    )
    assert refused.status_code == 409
    assert "This connection was archived: it stays switched off" in html.unescape(refused.text)
    with connector.db.session() as session:
        connection = session.get(Connection, connection_id)
        assert connection is not None
        assert connection.enabled is False
    pressed = recruitee_fake.press_button(served.url, recruitee_key, "501", test_id="0403019261")
    assert 400 <= pressed.status_code < 500
    assert checks(connector) == []


def _connection_id(connector: Connector) -> int:
    with connector.db.session() as session:
        found = session.scalar(select(Connection.id))
        assert found is not None
        return found
