"""The two API clients and the facade, against a responses-mocked server (edge cases)."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
import responses

from precontract.api.profile import (
    AccessRequestStatus,
    DataType,
    MandateStatus,
)
from precontract.client import CheckStatus, PrecontractClient
from precontract.errors import (
    Conflict,
    InvalidEnterpriseNumber,
    InvalidSsin,
    MalformedResponse,
    NoActiveMandate,
)

from .support import API, EMPLOYER, REQUESTER, TOKEN_URL, FakeClock, KeyPair, make_settings

SSIN = "85073003328"
OTHER_SSIN = "90022500186"
MANDATES = f"{API}/citizenMandates/v1"
DATA = f"{API}/citizenData/v1"
ALL_SCOPES = "scope:citizenmandates:manage scope:citizendata:consult"


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def client(keypair: KeyPair, clock: FakeClock) -> Iterator[PrecontractClient]:
    with PrecontractClient(make_settings(keypair), clock=clock, sleep=clock.sleep) as c:
        yield c


def _token(mocked: responses.RequestsMock, scope: str | None = ALL_SCOPES) -> None:
    body: dict[str, Any] = {"access_token": "tok", "token_type": "Bearer", "expires_in": 600}
    if scope is not None:
        body["scope"] = scope
    mocked.post(TOKEN_URL, json=body)


def _access_request(**changes: Any) -> dict[str, Any]:
    return {
        "requestId": "req-1",
        "status": "PENDING",
        "approvalUrl": "https://portal.test/portal/requests/req-1",
        "expiresAt": "2026-11-28T23:59:59+01:00",
        "requester": {"enterpriseNumber": REQUESTER},
        "employer": {"enterpriseNumber": EMPLOYER},
        "context": "PRECONTRACTUAL_DATA",
        "dataTypes": ["FLEXI_JOB_ELIGIBILITY", "STUDENT_HOURS"],
        "createdAt": "2026-11-28T10:00:00+01:00",
        **changes,
    }


def _mandate(mandate_id: str = "m-1", status: str = "ACTIVE", ssin: str = SSIN) -> dict[str, Any]:
    return {
        "mandateId": mandate_id,
        "ssin": ssin,
        "status": status,
        "requester": {"enterpriseNumber": REQUESTER},
        "employer": {"enterpriseNumber": "403019261"},  # returned without its leading 0
        "context": "PRECONTRACTUAL_DATA",
        "grantedAt": "2026-11-28T10:31:00+01:00",
        "dataTypes": [
            {"type": "FLEXI_JOB_ELIGIBILITY", "validUntil": "2026-12-28"},
            {"type": "STUDENT_HOURS", "validUntil": "2027-02-28"},
        ],
    }


def _body(call: Any) -> Any:
    return json.loads(call.request.body)


# --------------------------------------------------------------------------- access requests


def test_create_access_request_sends_the_contract_body(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    mocked.post(
        f"{MANDATES}/accessRequests",
        status=201,
        json=_access_request(),
        headers={"Location": f"{MANDATES}/accessRequests/req-1"},
    )
    created = client.mandates.create_access_request(
        requester="0123.456.749", employer="BE 0403.019.261", ssin="85.07.30-033.28"
    )
    assert created.request_id == "req-1"
    assert created.status is AccessRequestStatus.PENDING
    assert created.approval_url.endswith("/requests/req-1")
    assert created.expires_at == dt.datetime(
        2026, 11, 28, 23, 59, 59, tzinfo=created.expires_at.tzinfo
    )
    call = mocked.calls[-1]
    assert call.request.headers["Authorization"] == "Bearer tok"
    assert _body(call) == {
        "requester": {"enterpriseNumber": REQUESTER},
        "employer": {"enterpriseNumber": EMPLOYER},
        "context": "PRECONTRACTUAL_DATA",
        "dataTypes": ["FLEXI_JOB_ELIGIBILITY", "STUDENT_HOURS"],
        "ssin": SSIN,
    }


def test_create_without_ssin_and_with_one_data_type(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    mocked.post(f"{MANDATES}/accessRequests", status=201, json=_access_request())
    client.mandates.create_access_request(
        requester=REQUESTER, employer=EMPLOYER, data_types=["STUDENT_HOURS", DataType.STUDENT_HOURS]
    )
    body = _body(mocked.calls[-1])
    assert "ssin" not in body
    assert body["dataTypes"] == ["STUDENT_HOURS"]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.mandates.create_access_request(requester="0123456789", employer=EMPLOYER), InvalidEnterpriseNumber),
        (lambda c: c.mandates.create_access_request(requester=REQUESTER, employer="12345"), InvalidEnterpriseNumber),
        (lambda c: c.mandates.create_access_request(requester=REQUESTER, employer=EMPLOYER, ssin="85073003329"), InvalidSsin),
        (lambda c: c.mandates.create_access_request(requester=REQUESTER, employer=EMPLOYER, data_types=["PAY_SLIPS"]), ValueError),
        (lambda c: c.mandates.create_access_request(requester=REQUESTER, employer=EMPLOYER, data_types=[]), ValueError),
        (lambda c: c.mandates.list_mandates(employer="0403019262"), InvalidEnterpriseNumber),
        (lambda c: c.mandates.list_mandates(employer=EMPLOYER, ssin="1234"), InvalidSsin),
        (lambda c: c.mandates.list_mandates(employer=EMPLOYER, limit=500), ValueError),
        (lambda c: c.mandates.get_access_request(""), ValueError),
        (lambda c: c.mandates.get_mandate("  "), ValueError),
        (lambda c: c.citizen_data.precontractual_data("85.07.30-033.29", employer=EMPLOYER), InvalidSsin),
        (lambda c: c.citizen_data.precontractual_data(SSIN, employer="BE 0403.019.262"), InvalidEnterpriseNumber),
    ],
)  # fmt: skip
def test_bad_input_is_refused_before_any_http_call(
    client: PrecontractClient, mocked: responses.RequestsMock, call: Any, error: type[Exception]
) -> None:
    with pytest.raises(error):
        call(client)
    assert len(mocked.calls) == 0  # not even a token request
    assert client.tokens.token_requests == 0


def test_get_access_request_quotes_the_id_and_reads_the_approval(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    approved = _access_request(
        requestId="a/b c",
        status="APPROVED",
        ssin=SSIN,
        mandateId="m-9",
        approvedAt="2026-11-28T10:31:00+01:00",
    )
    mocked.get(f"{MANDATES}/accessRequests/a%2Fb%20c", json=approved)
    got = client.mandates.get_access_request("a/b c")
    assert got.status is AccessRequestStatus.APPROVED
    assert got.ssin is not None
    assert got.ssin.compact == SSIN
    assert got.mandate_id == "m-9"


def test_cancel_is_204_and_a_repeat_on_a_cancelled_request_is_quiet(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    url = f"{MANDATES}/accessRequests/req-1"
    mocked.delete(url, status=204)
    client.mandates.cancel_access_request("req-1")
    assert mocked.calls[-1].request.method == "DELETE"

    conflict = {"type": "urn:problem-type:socialsecurity:citizenMandates:conflict", "status": 409}
    mocked.replace(responses.DELETE, url, status=409, json=conflict)
    mocked.get(url, json=_access_request(status="CANCELLED"))
    client.mandates.cancel_access_request("req-1")  # already cancelled: the wish is fulfilled

    mocked.replace(responses.GET, url, json=_access_request(status="APPROVED"))
    with pytest.raises(Conflict) as info:
        client.mandates.cancel_access_request("req-1")
    assert info.value.user_message("en") == (
        "This access request was already used or is no longer pending."
    )


def test_unknown_status_parses_and_counts_as_not_active(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    mocked.get(f"{MANDATES}/mandates/m-1", json=_mandate(status="SUSPENDED_BY_NSSO"))
    mandate = client.mandates.get_mandate("m-1")
    assert mandate.status is MandateStatus.UNKNOWN
    assert not mandate.is_active
    assert mandate.employer.enterprise_number.compact == EMPLOYER
    assert mandate.valid_until(DataType.STUDENT_HOURS) == dt.date(2027, 2, 28)


# --------------------------------------------------------------------------- mandates


def test_list_mandates_sends_the_query_of_the_contract(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    mocked.get(
        f"{MANDATES}/mandates",
        json={"items": [_mandate()], "total": 1, "offset": 0, "limit": 50, "next": None},
    )
    page = client.mandates.list_mandates(employer="0403.019.261", ssin=SSIN)
    assert [m.mandate_id for m in page.items] == ["m-1"]
    assert page.items[0].is_active
    query = dict(
        urllib.parse.parse_qsl(urllib.parse.urlsplit(str(mocked.calls[-1].request.url)).query)
    )
    assert query == {
        "employerEnterpriseNumber": EMPLOYER,
        "status": "ACTIVE",
        "ssin": SSIN,
        "offset": "0",
        "limit": "50",
    }
    client.mandates.list_mandates(employer=EMPLOYER, status=None, offset=10, limit=5)
    assert "status=" not in (mocked.calls[-1].request.url or "")


def test_iter_mandates_walks_every_page(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    ids = [f"m-{i}" for i in range(5)]

    def page(request: Any) -> tuple[int, dict[str, str], str]:
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(request.url).query))
        offset, limit = int(params["offset"]), int(params["limit"])
        items = [_mandate(i) for i in ids[offset : offset + limit]]
        return 200, {}, json.dumps({"items": items, "total": 5, "offset": offset, "limit": limit})

    mocked.add_callback(responses.GET, f"{MANDATES}/mandates", callback=page)
    got = [m.mandate_id for m in client.mandates.iter_mandates(employer=EMPLOYER, page_size=2)]
    assert got == ids
    assert len([c for c in mocked.calls if "/mandates" in (c.request.url or "")]) == 3


def test_iter_mandates_stops_on_an_empty_page_whatever_total_says(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    mocked.get(f"{MANDATES}/mandates", json={"items": [], "total": 99, "offset": 0, "limit": 50})
    assert list(client.mandates.iter_mandates(employer=EMPLOYER)) == []


# --------------------------------------------------------------------------- citizen data


def test_precontractual_data_reads_both_data_types(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    mocked.get(
        f"{DATA}/persons/{SSIN}/precontractualData?employerEnterpriseNumber={EMPLOYER}",
        json={
            "ssin": SSIN,
            "flexiJob": {
                "eligible": True,
                "period": {"startDate": "2025-04-01", "endDate": "2025-06-30"},
                "consultableUntil": "2026-12-28",
            },
            "studentAtWork": {
                "year": 2026,
                "contingentHours": 650,
                "remainingHours": 412,
                "asOf": "2026-11-28T10:32:00+01:00",
                "consultableUntil": "2027-02-28",
            },
        },
    )
    data = client.citizen_data.precontractual_data("85.07.30-033.28", employer=EMPLOYER)
    assert data.flexi_job is not None
    assert data.flexi_job.eligible
    assert data.flexi_job.period is not None
    assert data.flexi_job.period.covers(dt.date(2025, 5, 1))
    assert data.student_at_work is not None
    assert data.student_at_work.remaining_hours == 412


def test_a_data_type_outside_the_mandate_is_none(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    mocked.get(f"{DATA}/persons/{SSIN}/precontractualData", json={"ssin": SSIN, "flexiJob": None})
    data = client.citizen_data.precontractual_data(SSIN, employer=EMPLOYER)
    assert data.flexi_job is None
    assert data.student_at_work is None


def test_no_active_mandate_is_its_own_error(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    mocked.get(
        f"{DATA}/persons/{SSIN}/precontractualData",
        status=403,
        json={
            "type": "urn:problem-type:socialsecurity:citizenMandates:noActiveMandate",
            "title": "No active citizen mandate",
            "status": 403,
        },
        headers={"X-Request-Id": "nm-1"},
    )
    with pytest.raises(NoActiveMandate) as info:
        client.citizen_data.precontractual_data(SSIN, employer=EMPLOYER)
    assert info.value.title == "No active citizen mandate"
    assert info.value.request_id == "nm-1"
    assert SSIN not in str(info.value)
    assert "burgermandaat" in info.value.user_message("nl")


def test_an_answer_about_someone_else_or_with_missing_fields_is_refused(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    url = f"{DATA}/persons/{SSIN}/precontractualData"
    mocked.get(url, json={"ssin": OTHER_SSIN})
    with pytest.raises(MalformedResponse, match=r"is about 90\.02\.25-"):
        client.citizen_data.precontractual_data(SSIN, employer=EMPLOYER)
    mocked.replace(
        responses.GET,
        url,
        json={"ssin": SSIN, "studentAtWork": {"year": 2026, "remainingHours": "x"}},
    )
    with pytest.raises(MalformedResponse) as info:
        client.citizen_data.precontractual_data(SSIN, employer=EMPLOYER)
    message = str(info.value)
    assert "studentAtWork.contingentHours: missing" in message
    assert "studentAtWork.remainingHours: int_parsing" in message
    assert SSIN not in message


# --------------------------------------------------------------------------- test_connection


def test_connection_report_all_good(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked)
    mocked.get(f"{MANDATES}/mandates", json={"items": [], "total": 0, "offset": 0, "limit": 1})
    report = client.test_connection()
    assert report.ok
    assert [c.status for c in report.checks] == [CheckStatus.OK] * 4
    text = report.summary("en")
    assert text.startswith("The connection to social security works (acceptance")
    assert "Signed in as self_service_chaman_12345_abc" in text
    assert '"Burgermandaten - Beheren" is granted' in text
    assert report.summary("nl").startswith("De verbinding met de sociale zekerheid werkt")
    assert report.summary("fr").startswith("La connexion à la sécurité sociale fonctionne")


def test_connection_report_names_the_missing_permissions(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    _token(mocked, scope="scope:citizenmandates:manage")
    mocked.get(
        f"{MANDATES}/mandates",
        status=403,
        json={
            "type": "urn:problem-type:belgif:missingScope",
            "status": 403,
            "requiredScopes": ["scope:citizenmandates:manage"],
        },
    )
    report = client.test_connection()
    assert not report.ok
    assert report.check("token").status is CheckStatus.OK
    assert report.check("mandates_api").status is CheckStatus.FAILED
    assert report.check("citizen_data").status is CheckStatus.FAILED
    nl = report.summary("nl")
    assert 'De machtiging "Burgermandaten - Beheren" ontbreekt' in nl
    assert 'De machtiging "Burgergegevens raadplegen - Onderneming" ontbreekt' in nl


def test_connection_report_explains_a_refused_sign_in(
    client: PrecontractClient, mocked: responses.RequestsMock
) -> None:
    mocked.post(
        TOKEN_URL,
        status=401,
        json={"error": "invalid_client", "error_description": "unknown client_id"},
    )
    report = client.test_connection()
    assert not report.ok
    assert report.check("certificate").status is CheckStatus.OK
    assert report.check("token").status is CheckStatus.FAILED
    assert report.check("mandates_api").status is CheckStatus.SKIPPED
    en = report.summary("en")
    assert (
        "the client ID is unknown to the social security (check the client ID shown in Chaman" in en
    )
    # Each skipped line names what was not checked.
    assert (
        'The citizen mandates API and the permission "Burgermandaten - Beheren" were not '
        "checked: signing in failed."
    ) in en
    assert (
        'De machtiging "Burgergegevens raadplegen - Onderneming" werd niet nagekeken: het '
        "aanmelden mislukte."
    ) in report.summary("nl")
    assert report.check("citizen_data").message("fr") == (
        "L'autorisation « Burgergegevens raadplegen - Onderneming » n'a pas été vérifiée : la "
        "connexion a échoué."
    )
    assert len([c for c in mocked.calls if "/mandates" in (c.request.url or "")]) == 0


def test_connection_report_when_nothing_answers(keypair: KeyPair, clock: FakeClock) -> None:
    settings = make_settings(
        keypair, token_url="https://127.0.0.1:1/token", api_url="https://127.0.0.1:1/REST"
    )
    with PrecontractClient(settings, clock=clock, sleep=clock.sleep) as client:
        report = client.test_connection()
    assert not report.ok
    assert "could not be reached" in report.check("token").message("en")
    assert report.check("token").error is not None


def test_connection_report_warns_about_a_certificate_ending_soon(
    keypair: KeyPair, mocked: responses.RequestsMock
) -> None:
    clock = FakeClock(dt.datetime.now(dt.UTC) + dt.timedelta(days=350))
    with PrecontractClient(make_settings(keypair), clock=clock, sleep=clock.sleep) as client:
        _token(mocked, scope=None)
        mocked.get(f"{MANDATES}/mandates", json={"items": [], "total": 0})
        report = client.test_connection()
    assert report.ok  # a warning, not a failure
    assert report.check("certificate").status is CheckStatus.WARNING
    assert "renew it" in report.check("certificate").message("en")
    assert report.check("citizen_data").status is CheckStatus.SKIPPED


def test_client_repr_shows_no_secret(client: PrecontractClient, keypair: KeyPair) -> None:
    text = repr(client)
    assert "self_service_chaman_12345_abc" in text
    assert "PRIVATE" not in text
