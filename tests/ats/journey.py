"""Setting up a tenant on the sandbox and a connection to a fake ATS, as an administrator would."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import requests
from sqlalchemy import select

from precontract.fields import FieldMapping
from precontract.identifiers import Ssin
from precontract.sandbox.server import SandboxServer
from precontract.testing import DEMO_EMPLOYER, DEMO_REQUESTER, sandbox_settings
from precontract_ats.ats.base import ConnectionConfig
from precontract_ats.ats.bullhorn import BullhornPlugin
from precontract_ats.ats.http import AtsHttp
from precontract_ats.engine import Connector
from precontract_ats.services import connections, tenants
from precontract_ats.store.models import AuditRecord, Check, Tenant, WriteBack

from .fakes.bullhorn_fake import BullhornFake
from .fakes.recruitee_fake import RecruiteeFake
from .fakes.teamtailor_fake import TeamtailorFake
from .support import Served


def tenant_on_sandbox(connector: Connector, sandbox: SandboxServer) -> int:
    """A bureau (requester 0123.456.749) checking for Roos (employer 0403.019.261)."""
    settings = sandbox_settings(sandbox)
    assert settings.private_key_pem is not None
    assert settings.certificate_pem is not None
    with connector.db.session() as session:
        tenant = tenants.create_tenant(
            session, name="Bureau Interim", requester=DEMO_REQUESTER, sandbox_url=sandbox.url
        )
        tenants.add_employer(session, tenant, DEMO_EMPLOYER, "Roos Pokébowl")
        tenants.save_credentials(
            session,
            connector.box,
            tenant,
            client_id=settings.client_id,
            private_key=settings.private_key_pem.get_secret_value(),
            certificate=settings.certificate_pem,
        )
        return tenant.id


def _connect(
    connector: Connector,
    tenant_id: int,
    kind: str,
    *,
    language: str,
    settings: dict[str, str],
    secret_values: dict[str, str],
) -> tuple[int, str | None]:
    """A connection of ``kind`` for the tenant, checking for Roos by default, and its new key."""
    with connector.db.session() as session:
        tenant = session.get(Tenant, tenant_id)
        assert tenant is not None
        roos = next(e.id for e in tenant.employers if e.enterprise_number == DEMO_EMPLOYER)
        connection, key = connections.create_connection(
            session,
            connector.box,
            tenant,
            kind=kind,
            name=kind.title(),
            settings=settings,
            secret_values=secret_values,
            employer_id=roos,
            language=language,
        )
        return connection.id, key


# The journeys below were written for the unbound request made at once (``send``); the tests of
# the recruiter typing the NISS first ask for the product's default, ``ask``.
def recruitee_connection(
    connector: Connector,
    tenant_id: int,
    fake: RecruiteeFake,
    *,
    without_niss: str = "send",
    ssin_field: str = "",
) -> tuple[int, str]:
    connection_id, key = _connect(
        connector,
        tenant_id,
        "recruitee",
        language="nl",
        settings={
            "company_id": fake.company_id,
            "codename": fake.codename,
            "api_url": fake.url,
            "partner_url": fake.url,
            "without_niss": without_niss,
            "ssin_field": ssin_field,
        },
        secret_values={"api_token": fake.api_token, "partner_secret": fake.partner_secret},
    )
    assert key is not None
    return connection_id, key


def press_bullhorn(
    fake: BullhornFake, served: Served, connection_id: int, key: str, candidate: str
) -> requests.Response:
    """A Bullhorn user opens the connector's tab on ``candidate`` and starts a check for Roos."""
    tab = requests.get(
        fake.tab_url(f"{served.url}/ats/bullhorn/{connection_id}/tab?key={key}", candidate),
        timeout=10,
    )
    assert tab.status_code == 200, tab.text
    token = re.search(r'name="token" value="([^"]+)"', tab.text)
    assert token is not None
    started = requests.post(
        f"{served.url}/ats/bullhorn/{connection_id}/check",
        data={"token": token.group(1), "employer": DEMO_EMPLOYER},
        timeout=30,
    )
    assert started.status_code == 200, started.text
    return started


def teamtailor_connection(
    connector: Connector,
    tenant_id: int,
    fake: TeamtailorFake,
    *,
    without_niss: str = "send",
    ssin_field: str = "",
) -> int:
    connection_id, _ = _connect(
        connector,
        tenant_id,
        "teamtailor",
        language="fr",
        settings={"api_url": fake.url, "without_niss": without_niss, "ssin_field": ssin_field},
        secret_values={
            "provider_key": fake.provider_key,
            "partner_key": fake.partner_key,
            "api_key": fake.api_key,
            "webhook_secret": fake.webhook_secret,
        },
    )
    return connection_id


def bullhorn_connection(
    connector: Connector, tenant_id: int, fake: BullhornFake, *, without_niss: str = "send"
) -> tuple[int, str]:
    connection_id, key = _connect(
        connector,
        tenant_id,
        "bullhorn",
        language="en",
        settings={
            "corporation_id": fake.corporation_id,
            "client_id": fake.client_id,
            "username": fake.username,
            "login_url": fake.url,
            "without_niss": without_niss,
        },
        secret_values={"client_secret": fake.client_secret, "password": fake.password},
    )
    assert key is not None
    return connection_id, key


def bullhorn_host(
    fake: BullhornFake,
    http: AtsHttp,
    *,
    connection_id: int,
    mapping: FieldMapping | None = None,
    **settings: str,
) -> Any:
    """The plugin's host for an English connection to ``fake`` (Bullhorn keeps its sessions per
    connection id), calling through ``http``."""
    plugin = BullhornPlugin(http)
    config = ConnectionConfig(
        id=connection_id,
        tenant_id=1,
        kind="bullhorn",
        name="b",
        language="en",
        settings={
            "corporation_id": fake.corporation_id,
            "client_id": fake.client_id,
            "username": fake.username,
            "login_url": fake.url,
            **settings,
        },
        secrets={"client_secret": fake.client_secret, "password": fake.password},
        mapping=mapping or FieldMapping(plugin.default_mapping("en")),
    )
    return plugin.host(config)


def only_check(connector: Connector) -> Check:
    with connector.db.session() as session:
        checks = session.scalars(select(Check).order_by(Check.id)).all()
        assert len(checks) == 1, f"expected one check, found {len(checks)}"
        return checks[0]


def checks(connector: Connector) -> list[Check]:
    with connector.db.session() as session:
        return list(session.scalars(select(Check).order_by(Check.id)))


def write_backs(connector: Connector) -> list[WriteBack]:
    with connector.db.session() as session:
        return list(session.scalars(select(WriteBack).order_by(WriteBack.id)))


def pending_write_backs(connector: Connector) -> list[WriteBack]:
    return [w for w in write_backs(connector) if w.status == "pending"]


def audit_actions(connector: Connector) -> list[str]:
    """The actions of the audit trail, oldest first."""
    with connector.db.session() as session:
        return [r.action for r in session.scalars(select(AuditRecord).order_by(AuditRecord.id))]


def sandbox_requests(sandbox: SandboxServer) -> list[str]:
    """The ids of the access requests the sandbox received."""
    with sandbox.state.reading() as data:
        return list(data.requests)


def accept_approver(connector: Connector) -> None:
    """The recruiter accepts who approved the latest check's request: the ATS sent no NISS, so
    the approval is only the candidate's once someone says so (issue 10). Run a worker round
    after it to deliver what it wrote."""
    check = checks(connector)[-1]
    assert check.status == "confirm_approver", f"the check is {check.status}"
    connector.decide_approver(check.id, accept=True, actor="recruiter-page:test")


def press_recruitee(fake: RecruiteeFake, connector_url: str, key: str, candidate: str) -> str:
    """The recruiter presses Recruitee's button for ``candidate``, picking Roos's test: the
    recruiter page's address (the report's ``report_url``)."""
    pressed = fake.press_button(connector_url, key, candidate, test_id=DEMO_EMPLOYER)
    assert pressed.status_code == 201, pressed.text
    page_url: str = pressed.json()["report_url"]
    return page_url


def approve_latest(
    connector: Connector, sandbox: SandboxServer, tick: Callable[[], object], ssin: Ssin
) -> None:
    """A worker round makes the request known, ``ssin`` approves it, the next round sees it."""
    connector.run_once()
    sandbox.approve(request_id_of(connector), ssin)
    tick()
    connector.run_once()


def request_id_of(connector: Connector) -> str:
    check = checks(connector)[-1]
    assert check.request_id, (
        f"the check has no access request (status {check.status}, {check.error})"
    )
    return check.request_id


def as_dict(response: Any) -> dict[str, Any]:
    data: dict[str, Any] = response.json()
    return data
