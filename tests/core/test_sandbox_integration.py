"""The core's clients against the sandbox over real HTTP on 127.0.0.1: the journey and its faults."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest

from precontract.api.profile import AccessRequestStatus, DataType, MandateStatus
from precontract.client import CheckStatus, PrecontractClient
from precontract.config import RetryPolicy, Settings
from precontract.credentials import generate_credentials
from precontract.errors import (
    ConnectionFailed,
    InvalidEnterpriseNumber,
    InvalidSsin,
    MalformedResponse,
    NoActiveMandate,
    RequestTimeout,
    ServerError,
)
from precontract.sandbox import personas
from precontract.sandbox.server import SandboxServer
from precontract.testing import sandbox_settings
from precontract.timeutil import BRUSSELS

from .support import FakeClock

MANDATES_SCOPE = "scope:citizenmandates:manage"
DATA_SCOPE = "scope:citizendata:consult"


@pytest.fixture
def fake_sleep() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(sandbox: SandboxServer, fake_sleep: FakeClock) -> Iterator[PrecontractClient]:
    """A client of the test's sandbox whose retries do not really wait."""
    with PrecontractClient(sandbox_settings(sandbox), sleep=fake_sleep.sleep) as c:
        yield c


def _approved(client: PrecontractClient, sandbox: SandboxServer, who: personas.Persona) -> str:
    s = client.settings
    request = client.mandates.create_access_request(
        requester=s.requester, employer=s.employer, ssin=who.ssin
    )
    sandbox.approve(request.request_id, who)
    approved = client.mandates.get_access_request(request.request_id)
    assert approved.mandate_id is not None
    return approved.mandate_id


# --------------------------------------------------------------------------- the journey


def test_request_approve_list_and_read_the_data(
    client: PrecontractClient, sandbox: SandboxServer
) -> None:
    s = client.settings
    maria = personas.MARIA
    request = client.mandates.create_access_request(
        requester=s.requester, employer=s.employer, ssin=maria.ssin
    )
    assert request.status is AccessRequestStatus.PENDING
    assert request.approval_url.startswith(sandbox.url)
    assert request.approval_url.endswith(request.request_id)
    now = sandbox.now().astimezone(BRUSSELS)
    assert request.expires_at.astimezone(BRUSSELS).date() == now.date()
    assert request.expires_at.astimezone(BRUSSELS).time() >= dt.time(23, 59)
    assert request.data_types == [DataType.FLEXI_JOB_ELIGIBILITY, DataType.STUDENT_HOURS]

    sandbox.approve(request.request_id, maria)
    approved = client.mandates.get_access_request(request.request_id)
    assert approved.status is AccessRequestStatus.APPROVED
    assert approved.ssin == maria.ssin
    assert approved.mandate_id is not None

    page = client.mandates.list_mandates(employer=s.employer)
    assert [m.mandate_id for m in page.items] == [approved.mandate_id]
    assert page.total == 1
    listed = list(client.mandates.iter_mandates(employer=s.employer, ssin=maria.ssin))
    assert [m.ssin for m in listed] == [maria.ssin]

    mandate = client.mandates.get_mandate(approved.mandate_id)
    assert mandate.is_active
    flexi_until = mandate.valid_until(DataType.FLEXI_JOB_ELIGIBILITY)
    student_until = mandate.valid_until(DataType.STUDENT_HOURS)
    assert flexi_until is not None
    assert student_until is not None
    assert flexi_until < student_until  # 1 month vs 3 months

    data = client.citizen_data.precontractual_data(maria.ssin, employer=s.employer)
    assert data.ssin == maria.ssin
    assert data.flexi_job is not None
    assert data.flexi_job.eligible
    assert data.flexi_job.period is not None
    assert data.flexi_job.period.covers(now.date())
    assert client.tokens.token_requests == 1  # one token for the whole journey


def test_a_request_without_ssin_is_approved_by_whoever_scans_it(
    client: PrecontractClient, sandbox: SandboxServer
) -> None:
    s = client.settings
    request = client.mandates.create_access_request(
        requester=s.requester, employer=s.employer, data_types=[DataType.STUDENT_HOURS]
    )
    sandbox.approve(request.request_id, personas.STUDENT_FEW_HOURS)
    mandate_id = client.mandates.get_access_request(request.request_id).mandate_id
    assert mandate_id is not None
    mandate = client.mandates.get_mandate(mandate_id)
    assert mandate.ssin == personas.STUDENT_FEW_HOURS.ssin
    data = client.citizen_data.precontractual_data(mandate.ssin, employer=s.employer)
    assert data.flexi_job is None  # not asked for, not given
    assert data.student_at_work is not None
    assert data.student_at_work.remaining_hours == 38
    assert data.student_at_work.contingent_hours == 650


def test_cancel_a_pending_request(client: PrecontractClient) -> None:
    s = client.settings
    request = client.mandates.create_access_request(requester=s.requester, employer=s.employer)
    client.mandates.cancel_access_request(request.request_id)
    assert (
        client.mandates.get_access_request(request.request_id).status
        is AccessRequestStatus.CANCELLED
    )
    client.mandates.cancel_access_request(request.request_id)  # again: nothing to do


def test_refused_and_revoked(client: PrecontractClient, sandbox: SandboxServer) -> None:
    s = client.settings
    request = client.mandates.create_access_request(
        requester=s.requester, employer=s.employer, ssin=personas.PENSIONER.ssin
    )
    sandbox.refuse(request.request_id, personas.PENSIONER)
    assert (
        client.mandates.get_access_request(request.request_id).status is AccessRequestStatus.REFUSED
    )

    mandate_id = _approved(client, sandbox, personas.PENSIONER)
    assert client.citizen_data.precontractual_data(personas.PENSIONER.ssin, employer=s.employer)
    sandbox.revoke(mandate_id)
    revoked = client.mandates.get_mandate(mandate_id)
    assert revoked.status is MandateStatus.REVOKED
    assert not revoked.is_active
    assert client.mandates.list_mandates(employer=s.employer).items == []
    with pytest.raises(NoActiveMandate) as info:
        client.citizen_data.precontractual_data(personas.PENSIONER.ssin, employer=s.employer)
    assert info.value.status == 403
    assert info.value.request_id  # the sandbox names every answer
    assert personas.PENSIONER.ssin.compact not in str(info.value)


def test_no_mandate_at_all_is_no_active_mandate(client: PrecontractClient) -> None:
    with pytest.raises(NoActiveMandate):
        client.citizen_data.precontractual_data(
            personas.STUDENT_FULL.ssin, employer=client.settings.employer
        )


def test_invalid_identifiers_never_reach_the_sandbox(client: PrecontractClient) -> None:
    with pytest.raises(InvalidSsin):
        client.citizen_data.precontractual_data("85.07.30-033.29", employer="0403019261")
    with pytest.raises(InvalidEnterpriseNumber):
        client.mandates.list_mandates(employer="0403.019.262")
    assert client.tokens.token_requests == 0


def test_the_ssin_is_masked_in_every_log_line(
    client: PrecontractClient, sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    _approved(client, sandbox, personas.MARIA)
    caplog.set_level(logging.DEBUG)
    client.citizen_data.precontractual_data(personas.MARIA.ssin, employer=client.settings.employer)
    assert personas.MARIA.ssin.masked in caplog.text
    assert personas.MARIA.ssin.compact not in caplog.text
    token = client.tokens.current
    assert token is not None
    assert token.value not in caplog.text


# --------------------------------------------------------------------------- tokens


def test_token_reused_then_renewed_shortly_before_it_ends(sandbox: SandboxServer) -> None:
    sandbox.set_token_lifetime(40)  # leeway: min(30 s, half of 40 s) = 20 s
    clock = FakeClock()
    with PrecontractClient(sandbox_settings(sandbox), clock=clock) as client:
        for _ in range(5):
            client.mandates.list_mandates(employer=client.settings.employer)
        assert client.tokens.token_requests == 1
        clock.advance(21)  # within the sandbox's 30 s clock skew: the assertion stays valid
        client.mandates.list_mandates(employer=client.settings.employer)
        assert client.tokens.token_requests == 2


def test_a_token_the_server_says_has_expired_is_renewed_once(
    client: PrecontractClient, sandbox: SandboxServer
) -> None:
    client.mandates.list_mandates(employer=client.settings.employer)
    sandbox.advance(dt.timedelta(days=1))  # business time: the token ran out server-side
    page = client.mandates.list_mandates(employer=client.settings.employer)
    assert page.items == []
    assert client.tokens.token_requests == 2


# --------------------------------------------------------------------------- faults


def test_429_with_retry_after_is_followed(
    client: PrecontractClient, sandbox: SandboxServer, fake_sleep: FakeClock
) -> None:
    sandbox.inject_fault("createAccessRequest", "status", status=429, retry_after=2)
    s = client.settings
    created = client.mandates.create_access_request(requester=s.requester, employer=s.employer)
    assert created.status is AccessRequestStatus.PENDING
    assert fake_sleep.slept == [2.0]


def test_503_burst_is_retried_then_surfaced(
    client: PrecontractClient, sandbox: SandboxServer, fake_sleep: FakeClock
) -> None:
    fault = sandbox.inject_fault("listMandates", "status", status=503, count=None, retry_after=1)
    with pytest.raises(ServerError) as info:
        client.mandates.list_mandates(employer=client.settings.employer)
    assert info.value.status == 503
    assert fault.hits == 1 + client.settings.retry.max_retries
    assert fake_sleep.slept == [1.0] * client.settings.retry.max_retries

    sandbox.clear_faults()
    sandbox.inject_fault("listMandates", "status", status=503, count=2)
    assert client.mandates.list_mandates(employer=client.settings.employer).items == []


def test_malformed_answer_is_a_clear_error(
    client: PrecontractClient, sandbox: SandboxServer
) -> None:
    sandbox.inject_fault("listMandates", "malformed")
    with pytest.raises(MalformedResponse, match="not valid JSON"):
        client.mandates.list_mandates(employer=client.settings.employer)


def test_a_dropped_post_is_not_repeated(client: PrecontractClient, sandbox: SandboxServer) -> None:
    client.tokens.token()  # sign in first: the fault is for the API call
    fault = sandbox.inject_fault("createAccessRequest", "drop", count=None)
    s = client.settings
    with pytest.raises(ConnectionFailed):
        client.mandates.create_access_request(requester=s.requester, employer=s.employer)
    assert fault.hits == 1


def test_a_slow_answer_times_out_as_a_transport_error(sandbox: SandboxServer) -> None:
    settings = sandbox_settings(sandbox, read_timeout=0.3, retry=RetryPolicy(max_retries=1))
    clock = FakeClock()
    with PrecontractClient(settings, sleep=clock.sleep) as client:
        client.tokens.token()
        fault = sandbox.inject_fault("getMandate", "latency", latency_ms=1500, count=None)
        with pytest.raises(RequestTimeout, match=r"no answer within 0\.3 s"):
            client.mandates.get_mandate("m-1")
        assert fault.hits == 2  # a GET: repeated once, as the policy allows


# --------------------------------------------------------------------------- test_connection


def test_connection_report_all_good(client: PrecontractClient) -> None:
    report = client.test_connection()
    assert report.ok, report.summary("en")
    assert all(c.status is CheckStatus.OK for c in report.checks)


@pytest.mark.parametrize(
    ("scopes", "failing", "permission"),
    [
        ([MANDATES_SCOPE], "citizen_data", "Burgergegevens raadplegen - Onderneming"),
        ([DATA_SCOPE], "mandates_api", "Burgermandaten - Beheren"),
    ],
)
def test_connection_report_names_the_missing_permission(
    sandbox: SandboxServer, scopes: list[str], failing: str, permission: str
) -> None:
    with PrecontractClient(sandbox_settings(sandbox, scopes=scopes)) as client:
        report = client.test_connection()
    assert not report.ok
    assert report.check(failing).status is CheckStatus.FAILED
    assert f'"{permission}" is missing' in report.summary("en")
    assert f'machtiging "{permission}" ontbreekt' in report.summary("nl")


def test_connection_report_for_an_unknown_client_and_a_wrong_key(sandbox: SandboxServer) -> None:
    registered = sandbox_settings(sandbox)
    unknown = registered.model_dump() | {"client_id": "self_service_chaman_1_unknown"}
    with PrecontractClient(Settings(**unknown)) as client:
        report = client.test_connection()
    assert report.check("token").status is CheckStatus.FAILED
    # On the sandbox the cure is registering there, not checking Chaman.
    assert "does not know the client ID self_service_chaman_1_unknown" in report.summary("en")
    assert "precontract sandbox register" in report.summary("en")

    key, cert = generate_credentials("another certificate")
    wrong_key = registered.model_dump() | {"private_key_pem": key, "certificate_pem": cert}
    with PrecontractClient(Settings(**wrong_key)) as client:
        report = client.test_connection()
    assert report.check("token").status is CheckStatus.FAILED
    # The sandbox refuses a key that is not the registered certificate's as an unknown client.
    assert "does not know the client ID" in report.summary("en")
    assert report.check("mandates_api").status is CheckStatus.SKIPPED
