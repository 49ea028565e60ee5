"""Holes a probe found, each closed: secrets in the access log, a racy sign-in brake that believed
any local peer's X-Forwarded-For, links built from the Host header, 500s for odd input."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from click.testing import CliRunner
from sqlalchemy import select

from precontract_ats.cli import connector as connector_cli
from precontract_ats.engine import Connector
from precontract_ats.service import uvicorn_options
from precontract_ats.services import admins
from precontract_ats.settings import ConnectorSettings
from precontract_ats.store.models import LoginThrottle
from precontract_ats.web.app import create_app

from .conftest import ADMIN_PASSWORD
from .fakes.recruitee_fake import RecruiteeFake
from .fakes.teamtailor_fake import TeamtailorFake
from .journey import checks, teamtailor_connection
from .support import Served, csrf_of


def test_no_secret_reaches_the_access_log(
    connector: Connector, served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="precontract_ats.access")
    token = "Zr9SecretToken_of_a_recruiter_page"
    key = "tab-key-that-must-not-be-logged"
    requests.get(f"{served.url}/r/{token}/status?lang=en", timeout=10)
    requests.get(f"{served.url}/ats/bullhorn/1/tab?key={key}&EntityID=9001", timeout=10)
    lines = [r.getMessage() for r in caplog.records if r.name == "precontract_ats.access"]
    assert any('"GET /r/<token>/status?lang=…"' in line for line in lines), lines
    assert any('"GET /ats/bullhorn/1/tab?key=…&EntityID=…"' in line for line in lines), lines
    assert token not in caplog.text
    assert key not in caplog.text
    # serve turns uvicorn's own access log (the whole URL) off
    assert uvicorn_options(connector.settings)["access_log"] is False


def _guess(url: str, password: str, headers: dict[str, str] | None = None) -> int:
    browser = requests.Session()
    page = browser.get(f"{url}/admin/login", timeout=30)
    return browser.post(
        f"{url}/admin/login",
        data={"username": "roos", "password": password, "csrf_token": csrf_of(page.text)},
        headers=headers or {},
        timeout=60,
    ).status_code


def test_forty_parallel_guesses_evaluate_five_and_none_fails(
    connector: Connector, served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    with connector.db.session() as session:
        admins.create_admin(session, "roos", ADMIN_PASSWORD)
    evaluated = 0
    lock = threading.Lock()
    real = admins.verify_password

    def counted(password: str, stored: str) -> bool:
        nonlocal evaluated
        with lock:
            evaluated += 1
        return real(password, stored)

    monkeypatch.setattr(admins, "verify_password", counted)
    with ThreadPoolExecutor(40) as pool:
        statuses = list(pool.map(lambda n: _guess(served.url, f"wrong {n}"), range(40)))
    assert evaluated == admins.USER_LIMIT
    assert set(statuses) <= {401, 429}
    assert statuses.count(401) + statuses.count(429) == 40
    assert _guess(served.url, ADMIN_PASSWORD) == 429  # locked: the right password waits too


def test_forwarded_addresses_are_believed_only_from_configured_proxies(
    connector: Connector,
) -> None:
    with connector.db.session() as session:
        admins.create_admin(session, "roos", ADMIN_PASSWORD)
    options = uvicorn_options(connector.settings)
    assert options["proxy_headers"] is False
    with Served(create_app(connector), **options) as server:
        for n in range(3):
            _guess(server.url, "wrong", {"X-Forwarded-For": f"203.0.113.{n}"})
    with connector.db.session() as session:
        keys = set(session.scalars(select(LoginThrottle.key)))
    assert keys == {"user:roos", "address:127.0.0.1"}  # the spoofed addresses count for nothing
    behind = ConnectorSettings(database_url="sqlite://", trusted_proxies=("127.0.0.1",))
    assert uvicorn_options(behind)["forwarded_allow_ips"] == "127.0.0.1"
    assert uvicorn_options(behind)["proxy_headers"] is True


def test_serve_refuses_to_run_without_its_public_address(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRECONTRACT_CONNECTOR_SECRET_KEY", "x")
    monkeypatch.delenv("PRECONTRACT_CONNECTOR_BASE_URL", raising=False)
    monkeypatch.delenv("PRECONTRACT_CONNECTOR_DEV_MODE", raising=False)
    result = CliRunner().invoke(
        connector_cli, ["serve", "--database-url", f"sqlite:///{tmp_path}/c.db"]
    )
    assert result.exit_code != 0
    assert "PRECONTRACT_CONNECTOR_BASE_URL is not set" in result.output


@pytest.mark.parametrize(
    "path",
    [
        "/admin/tenants/99999999999999999999",
        "/admin/connections/99999999999999999999",
        "/r/x/status",
    ],
)
def test_an_id_too_large_for_the_database_is_a_404_not_a_500(
    db_backend: str, admin_session: requests.Session, served: Served, path: str
) -> None:
    response = admin_session.get(f"{served.url}{path}", timeout=10)
    assert response.status_code == 404


def test_json_nested_a_hundred_thousand_deep_is_refused_with_a_message(
    served: Served, recruitee_key: str
) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = requests.post(
        f"{served.url}/ats/recruitee/send_candidate",
        data=body,
        headers={"Authorization": f"Bearer {recruitee_key}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400
    assert "nested" in response.json()["message"]


def test_signing_out_and_a_new_password_end_the_session_for_good(
    connector: Connector, served: Served, admin_session: requests.Session
) -> None:
    cookie = admin_session.cookies.get("pc_session")
    assert cookie
    assert admin_session.get(f"{served.url}/admin/checks", timeout=10).url.endswith("/checks")
    page = admin_session.get(f"{served.url}/admin", timeout=10).text
    admin_session.post(f"{served.url}/admin/logout", data={"csrf_token": csrf_of(page)}, timeout=10)
    replayed = requests.get(
        f"{served.url}/admin/checks", cookies={"pc_session": cookie}, timeout=10
    )
    assert "/admin/login" in replayed.url  # the old cookie signs no one in any more

    from .support import sign_in

    other = sign_in(served.url, "admin", ADMIN_PASSWORD)
    stolen = other.cookies.get("pc_session")
    with connector.db.session() as session:
        admins.create_admin(session, "admin", "a completely new passphrase")
    again = requests.get(f"{served.url}/admin/checks", cookies={"pc_session": stolen}, timeout=10)
    assert "/admin/login" in again.url


def test_the_unknown_name_stand_in_is_hashed_when_the_app_starts(connector: Connector) -> None:
    # Hashed at the first sign-in instead, the first guess of an unknown name would take a
    # scrypt longer than any later one: a way to tell names apart.
    admins._dummy.cache_clear()
    with Served(create_app(connector), lifespan="on") as served:
        assert admins._dummy.cache_info().currsize == 1
        page = requests.get(f"{served.url}/admin/login", timeout=10).text
        requests.post(
            f"{served.url}/admin/login",
            data={"username": "nobody", "password": "x" * 12, "csrf_token": csrf_of(page)},
            timeout=30,
        )
        assert admins._dummy.cache_info().misses == 1  # the sign-in hashed nothing more


def test_a_refused_press_is_not_remembered_so_its_retry_is_no_replay(
    db_backend: str,
    connector: Connector,
    served: Served,
    recruitee_fake: RecruiteeFake,
    recruitee_key: str,
) -> None:
    fake = recruitee_fake
    long_id = "7" * 150
    fake.add_candidate(long_id, "Long Id", "long@example.test")
    first = fake.press_button(served.url, recruitee_key, long_id, report_id="r-long")
    assert first.status_code == 422
    assert "meer dan 100 tekens" in first.json()["message"]  # the connection speaks Dutch
    again = fake.press_button(served.url, recruitee_key, long_id, report_id="r-long")
    assert again.status_code == 422  # not 409: the refused call left nothing behind
    assert checks(connector) == []
    ok = fake.press_button(served.url, recruitee_key, "501", report_id="r-ok")
    assert ok.status_code == 201
    replay = fake.press_button(served.url, recruitee_key, "501", report_id="r-ok")
    assert replay.status_code == 201  # the check it started, not a second one
    assert replay.json()["report_url"] == ok.json()["report_url"]
    assert len(checks(connector)) == 1


@pytest.mark.parametrize(
    "event",
    [
        {"id": "e1", "candidate": "54321", "partner-result": {"id": "r", "update-url": "x"}},
        {"id": "e2", "candidate": {"id": "54321"}, "partner-result": ["not", "an", "object"]},
        {"id": "e3", "candidate": None, "partner-result": None},
    ],
)
def test_a_teamtailor_event_of_the_wrong_json_types_is_a_4xx_with_a_message(
    connector: Connector,
    served: Served,
    tenant_id: int,
    teamtailor_fake: TeamtailorFake,
    event: dict[str, object],
) -> None:
    teamtailor_connection(connector, tenant_id, teamtailor_fake)
    response = teamtailor_fake._send(served.url, "webhook", event, None, None)
    assert 400 <= response.status_code < 500, response.text
    assert response.text.strip()
    assert checks(connector) == []
