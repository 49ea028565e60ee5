"""The checks every inbound call passes, and the HTTP layer every outbound call goes through."""

from __future__ import annotations

import datetime as dt
import email.utils

import pytest
import requests
import responses

from precontract_ats.ats.http import AtsError, AtsHttp, AtsRateLimited, AtsUnreachable
from precontract_ats.ats.verify import (
    InboundRefused,
    bearer_token,
    check_date_header,
    read_action,
    remember_once,
    same_token_hash,
    sign_action,
)
from precontract_ats.crypto import token_hash
from precontract_ats.store.database import Database

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
KEY = b"k" * 32


def _date(moment: dt.datetime) -> str:
    return email.utils.format_datetime(moment, usegmt=True)


def test_only_a_bearer_header_carries_a_token() -> None:
    assert bearer_token({"authorization": "Bearer abc"}) == "abc"
    assert bearer_token({"Authorization": "bearer  abc "}) == "abc"
    assert bearer_token({"authorization": "Token token=abc"}) is None
    assert bearer_token({"authorization": "Bearer "}) is None
    assert bearer_token({}) is None


def test_a_key_matches_only_the_hash_of_itself() -> None:
    stored = token_hash("s3cret")
    assert same_token_hash("s3cret", stored)
    assert not same_token_hash("s3creT", stored)
    assert not same_token_hash("", token_hash(""))
    assert not same_token_hash(None, stored)
    assert not same_token_hash("s3cret", None)


@pytest.mark.parametrize(
    ("sent", "refused"),
    [
        (NOW - dt.timedelta(minutes=4), None),
        (NOW + dt.timedelta(minutes=4), None),
        (NOW - dt.timedelta(minutes=6), "stale"),
        (NOW + dt.timedelta(minutes=6), "stale"),
    ],
)
def test_a_call_sent_too_long_ago_is_stale(sent: dt.datetime, refused: str | None) -> None:
    if refused is None:
        check_date_header(_date(sent), NOW)
    else:
        with pytest.raises(InboundRefused) as caught:
            check_date_header(_date(sent), NOW)
        assert caught.value.reason == refused
        assert caught.value.status == 401


def test_an_unreadable_date_is_refused_and_a_missing_one_passes() -> None:
    with pytest.raises(InboundRefused, match="malformed"):
        check_date_header("yesterday", NOW)
    check_date_header(None, NOW)


def test_a_call_id_is_accepted_once(database: Database) -> None:
    with database.session() as session:
        remember_once(session, "recruitee:1", "report-1", now=NOW, ttl=dt.timedelta(days=1))
        remember_once(session, "recruitee:2", "report-1", now=NOW, ttl=dt.timedelta(days=1))
        with pytest.raises(InboundRefused) as caught:
            remember_once(session, "recruitee:1", "report-1", now=NOW, ttl=dt.timedelta(days=1))
        assert caught.value.status == 409
        # The session is still usable after the refusal.
        remember_once(session, "recruitee:1", "report-2", now=NOW, ttl=dt.timedelta(days=1))


def test_an_action_token_is_refused_when_tampered_or_stale() -> None:
    token = sign_action(KEY, {"c": 1, "e": "42"}, now=NOW)
    assert read_action(KEY, token, now=NOW)["e"] == "42"
    _body, mac = token.split(".")
    forged = sign_action(KEY, {"c": 1, "e": "43"}, now=NOW).split(".")[0] + "." + mac
    with pytest.raises(InboundRefused, match="not genuine"):
        read_action(KEY, forged, now=NOW)
    with pytest.raises(InboundRefused, match="not genuine"):
        read_action(b"x" * 32, token, now=NOW)
    with pytest.raises(InboundRefused, match="stale"):
        read_action(KEY, token, now=NOW + dt.timedelta(minutes=11))
    with pytest.raises(InboundRefused, match="malformed"):
        read_action(KEY, "garbage", now=NOW)


# ---------------------------------------------------------------------------------- outbound


def _http() -> tuple[AtsHttp, list[float]]:
    waits: list[float] = []
    return AtsHttp("Recruitee", sleep=waits.append, max_retries=2), waits


@responses.activate
def test_a_busy_ats_is_asked_again_after_its_retry_after() -> None:
    http, waits = _http()
    url = "https://api.example.test/c/1/candidates/5"
    responses.get(url, status=503, headers={"Retry-After": "2"})
    responses.get(url, json={"candidate": {"id": 5}})
    assert http.request("GET", url).json() == {"candidate": {"id": 5}}
    assert waits == [2.0]


@responses.activate
def test_retries_are_bounded() -> None:
    http, waits = _http()
    url = "https://api.example.test/x"
    responses.patch(url, status=502)
    with pytest.raises(AtsError) as caught:
        http.request("PATCH", url, json={})
    assert caught.value.status == 502
    assert len(responses.calls) == 3
    assert len(waits) == 2


@responses.activate
def test_a_post_that_may_have_arrived_is_not_repeated() -> None:
    http, waits = _http()
    url = "https://api.example.test/fields"
    responses.post(url, status=502)
    with pytest.raises(AtsError):
        http.request("POST", url, json={})
    assert len(responses.calls) == 1
    assert waits == []


@responses.activate
def test_an_error_names_the_status_but_never_the_token() -> None:
    http, _ = _http()
    url = "https://api.example.test/c/1/candidates/5"
    responses.get(url, status=401, json={"error": "Unauthorized"})
    with pytest.raises(AtsError) as caught:
        http.request("GET", url, headers={"Authorization": "Bearer very-secret-token"})
    assert caught.value.status == 401
    assert "very-secret-token" not in str(caught.value)
    assert "401" in caught.value.user_message("nl")


def test_an_unreachable_ats_is_a_transport_failure() -> None:
    http, waits = _http()
    with pytest.raises(AtsUnreachable):
        # Port 9 on 127.0.0.1 (discard) is closed on test machines: the connection is refused.
        http.request("GET", "http://127.0.0.1:9/x")
    assert len(waits) == 2


@responses.activate
def test_a_connection_drop_on_a_post_is_not_repeated() -> None:
    http, _ = _http()
    url = "https://api.example.test/fields"
    responses.post(url, body=requests.ConnectionError("connection reset"))
    with pytest.raises(AtsUnreachable):
        http.request("POST", url, json={})
    assert len(responses.calls) == 1


@responses.activate
def test_teamtailors_rate_limit_reset_is_the_wait_before_asking_again() -> None:
    http, waits = _http()
    url = "https://api.teamtailor.test/v1/custom-fields"
    responses.get(url, status=429, headers={"X-Rate-Limit-Reset": "3"})
    responses.get(url, json={"data": []})
    assert http.request("GET", url).json() == {"data": []}
    assert waits == [3.0]
    assert len(responses.calls) == 2


@responses.activate
def test_a_long_rate_limit_is_left_to_the_worker_with_a_translated_message() -> None:
    http, waits = _http()
    url = "https://api.teamtailor.test/v1/custom-field-values"
    responses.post(url, status=429, headers={"Retry-After": "120"})
    with pytest.raises(AtsRateLimited) as caught:
        http.request("POST", url, json={})
    assert len(responses.calls) == 1  # not waited for in the request
    assert caught.value.retry_after == 120.0
    assert caught.value.user_message("nl") == (
        "Recruitee vraagt de connector trager te gaan; die probeert het over 120 seconden opnieuw."
    )
    assert waits == []


@responses.activate
def test_a_redirect_is_never_taken_for_the_answer() -> None:
    http, _ = _http()
    url = "https://api.example.test/c/1/candidates/5"
    responses.get(url, status=302, headers={"Location": "https://login.example.test/"})
    with pytest.raises(AtsError) as caught:
        http.request("GET", url)
    assert caught.value.status == 302
    # A caller expecting a redirect (an OAuth code in Location) gets it.
    assert http.request("GET", url, redirect_ok=True).headers["Location"].startswith("https://")


@responses.activate
def test_a_307_is_followed_only_where_the_caller_allows() -> None:
    http, _ = _http()
    url = "https://rest.bullhornstaffing.test/rest-services/login"
    responses.post(url, status=307, headers={"Location": "https://evil.example/steal"})
    with pytest.raises(AtsError) as caught:
        http.request("POST", url, follow_to=lambda u: "bullhornstaffing" in u)
    assert caught.value.status == 307
    assert [c.request.url for c in responses.calls] == [url]  # nothing sent to evil.example
