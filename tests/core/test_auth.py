"""The client assertion and the token provider, checked the way an authorization server would."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
import requests
import responses

from precontract.auth import ASSERTION_TYPE, AccessToken, TokenProvider, build_client_assertion
from precontract.config import RetryPolicy, Settings
from precontract.credentials import Credentials
from precontract.errors import MalformedResponse, TokenError, Unauthorized
from precontract.http import HttpClient

from .support import API, TOKEN_URL, FakeClock, KeyPair, make_settings

CLIENT_ID = "self_service_chaman_12345_abc"


@pytest.fixture
def settings(keypair: KeyPair) -> Settings:
    return make_settings(keypair)


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def _provider(settings: Settings, clock: FakeClock) -> tuple[TokenProvider, HttpClient]:
    http = HttpClient.from_settings(settings, sleep=clock.sleep, rand=lambda: 0.5)
    tokens = TokenProvider(settings, http, clock=clock)
    http.tokens = tokens
    return tokens, http


def _form(request: Any) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(request.body))


def _token_answer(
    mocked: responses.RequestsMock, *, expires_in: int = 600, scope: str | None = None
) -> list[dict[str, str]]:
    """Answer every token request with a new token; return the forms received."""
    forms: list[dict[str, str]] = []

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        forms.append(_form(request))
        body: dict[str, Any] = {
            "access_token": f"token-{len(forms)}",
            "token_type": "Bearer",
            "expires_in": expires_in,
        }
        if scope:
            body["scope"] = scope
        return 200, {}, json.dumps(body)

    mocked.add_callback(responses.POST, TOKEN_URL, callback=answer)
    return forms


def _decode(
    assertion: str, creds: Credentials, audience: str = TOKEN_URL, *, at_real_time: bool = True
) -> dict[str, Any]:
    """Verify as a server would (``at_real_time=False`` when a fake clock signed it later)."""
    return jwt.decode(
        assertion,
        creds.certificate.public_key(),  # type: ignore[arg-type]
        algorithms=["RS256"],
        audience=audience,
        options={
            "require": ["iss", "sub", "aud", "jti", "iat", "exp"],
            "verify_exp": at_real_time,
            "verify_iat": at_real_time,
        },
    )


# --------------------------------------------------------------------------- the assertion


def test_assertion_claims_and_header_verify_with_the_certificate(settings: Settings) -> None:
    creds = settings.credentials
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assertion = build_client_assertion(
        client_id=CLIENT_ID, token_url=TOKEN_URL, credentials=creds, now=now
    )
    claims = _decode(assertion, creds)
    assert claims["iss"] == claims["sub"] == CLIENT_ID
    assert claims["aud"] == TOKEN_URL
    assert claims["iat"] == int(now.timestamp())
    assert claims["exp"] - claims["iat"] == 300  # exp <= iat + 300
    assert set(claims) == {"iss", "sub", "aud", "jti", "iat", "exp"}
    header = jwt.get_unverified_header(assertion)
    assert header == {"alg": "RS256", "typ": "JWT", "x5t#S256": creds.thumbprint_s256}


def test_assertion_signed_by_another_key_does_not_verify(
    settings: Settings, other_keypair: KeyPair
) -> None:
    other = Credentials.from_pem(other_keypair.key_pem, other_keypair.cert_pem)
    assertion = build_client_assertion(
        client_id=CLIENT_ID, token_url=TOKEN_URL, credentials=other, now=dt.datetime.now(dt.UTC)
    )
    with pytest.raises(jwt.InvalidSignatureError):
        _decode(assertion, settings.credentials)


def test_assertion_for_another_audience_is_refused_by_the_verifier(settings: Settings) -> None:
    assertion = build_client_assertion(
        client_id=CLIENT_ID,
        token_url="https://services.socialsecurity.be/REST/oauth/v5/token",
        credentials=settings.credentials,
        now=dt.datetime.now(dt.UTC),
    )
    with pytest.raises(jwt.InvalidAudienceError):
        _decode(assertion, settings.credentials)


def test_every_assertion_has_a_new_jti(settings: Settings) -> None:
    now = dt.datetime.now(dt.UTC)
    jtis = {
        _decode(
            build_client_assertion(
                client_id=CLIENT_ID, token_url=TOKEN_URL, credentials=settings.credentials, now=now
            ),
            settings.credentials,
        )["jti"]
        for _ in range(50)
    }
    assert len(jtis) == 50


def test_assertion_lifetime_is_bounded_and_expired_ones_fail(settings: Settings) -> None:
    with pytest.raises(ValueError, match="lifetime"):
        build_client_assertion(
            client_id=CLIENT_ID,
            token_url=TOKEN_URL,
            credentials=settings.credentials,
            now=dt.datetime.now(dt.UTC),
            lifetime=301,
        )
    old = build_client_assertion(
        client_id=CLIENT_ID,
        token_url=TOKEN_URL,
        credentials=settings.credentials,
        now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6),
    )
    with pytest.raises(jwt.ExpiredSignatureError):
        _decode(old, settings.credentials)


def test_no_thumbprint_when_not_wanted(settings: Settings) -> None:
    assertion = build_client_assertion(
        client_id=CLIENT_ID,
        token_url=TOKEN_URL,
        credentials=settings.credentials,
        now=dt.datetime.now(dt.UTC),
        include_thumbprint=False,
    )
    assert jwt.get_unverified_header(assertion) == {"alg": "RS256", "typ": "JWT"}


# --------------------------------------------------------------------------- the token request


def test_token_request_is_a_form_post_with_a_fresh_assertion(
    settings: Settings, clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    forms = _token_answer(mocked)
    tokens, _ = _provider(settings, clock)
    assert tokens.token() == "token-1"
    request = mocked.calls[0].request
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in request.headers
    assert request.headers["User-Agent"].startswith("precontract/")
    form = forms[0]
    assert set(form) == {"grant_type", "client_assertion_type", "client_assertion"}  # no scope
    assert form["grant_type"] == "client_credentials"
    assert form["client_assertion_type"] == ASSERTION_TYPE
    claims = _decode(form["client_assertion"], settings.credentials)
    assert claims["iat"] == int(clock.now.timestamp())


def test_scope_is_sent_when_configured(keypair: KeyPair, clock: FakeClock) -> None:
    settings = make_settings(keypair, scope="scope:citizenmandates:manage")
    with responses.RequestsMock() as mocked:
        forms = _token_answer(mocked, scope="scope:citizenmandates:manage")
        tokens, _ = _provider(settings, clock)
        assert tokens.access_token().scopes == {"scope:citizenmandates:manage"}
    assert forms[0]["scope"] == "scope:citizenmandates:manage"


def test_token_is_reused_across_many_calls_and_renewed_before_it_ends(
    settings: Settings, clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    forms = _token_answer(mocked, expires_in=600)  # leeway: 30 s
    tokens, http = _provider(settings, clock)
    mocked.get(f"{API}/ping", json={"ok": True})
    for _ in range(25):
        http.request("GET", "/ping")
        clock.advance(10)  # 250 s in all: still well within 600 - 30
    assert tokens.token_requests == 1
    assert {c.request.headers["Authorization"] for c in mocked.calls[1:]} == {"Bearer token-1"}

    clock.advance(600 - 30 - 250 - 1)  # one second before the leeway starts
    assert tokens.token() == "token-1"
    clock.advance(1)  # within the leeway: renewed early, never used while dying
    assert tokens.token() == "token-2"
    assert tokens.token_requests == 2
    clock.advance(700)  # long expired
    assert tokens.token() == "token-3"
    jtis = {
        _decode(f["client_assertion"], settings.credentials, at_real_time=False)["jti"]
        for f in forms
    }
    assert len(jtis) == 3


def test_short_lived_tokens_use_half_their_lifetime_as_leeway(
    settings: Settings, clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    _token_answer(mocked, expires_in=20)  # shorter than the 30 s leeway
    tokens, _ = _provider(settings, clock)
    assert tokens.token() == "token-1"
    clock.advance(9)
    assert tokens.token() == "token-1"
    clock.advance(1)
    assert tokens.token() == "token-2"


def test_concurrent_callers_cause_exactly_one_token_request(
    settings: Settings, clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    forms: list[dict[str, str]] = []

    def slow_answer(request: Any) -> tuple[int, dict[str, str], str]:
        forms.append(_form(request))
        time.sleep(0.05)  # keep the others waiting on the lock, as a slow server would
        return 200, {}, '{"access_token": "shared", "token_type": "Bearer", "expires_in": 600}'

    mocked.add_callback(responses.POST, TOKEN_URL, callback=slow_answer)
    tokens, _ = _provider(settings, clock)
    barrier = threading.Barrier(16)
    results: list[str] = []

    def caller() -> None:
        barrier.wait()
        results.append(tokens.token())

    threads = [threading.Thread(target=caller) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert results == ["shared"] * 16
    assert len(forms) == 1
    assert tokens.token_requests == 1


def test_401_renews_the_token_once_then_succeeds(
    settings: Settings, clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    _token_answer(mocked)
    tokens, http = _provider(settings, clock)
    mocked.get(
        f"{API}/ping",
        status=401,
        json={"type": "urn:problem-type:belgif:invalidAccessToken", "status": 401},
    )
    mocked.get(f"{API}/ping", json={"ok": True})
    assert http.request("GET", "/ping").json() == {"ok": True}
    api_calls = [c for c in mocked.calls if c.request.url == f"{API}/ping"]
    assert [c.request.headers["Authorization"] for c in api_calls] == [
        "Bearer token-1",
        "Bearer token-2",
    ]
    assert tokens.token_requests == 2


def test_a_second_401_is_surfaced_after_exactly_one_renewal(
    settings: Settings, clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    _token_answer(mocked)
    tokens, http = _provider(settings, clock)
    mocked.post(
        f"{API}/things",
        status=401,
        json={"type": "urn:problem-type:belgif:expiredAccessToken", "title": "Expired"},
    )
    with pytest.raises(Unauthorized) as info:
        http.request("POST", "/things", json={})
    assert info.value.problem_type == "urn:problem-type:belgif:expiredAccessToken"
    assert tokens.token_requests == 2
    assert len([c for c in mocked.calls if c.request.url == f"{API}/things"]) == 2
    assert "token-" not in str(info.value)


def test_invalidate_keeps_a_newer_token(
    settings: Settings, clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    _token_answer(mocked)
    tokens, _ = _provider(settings, clock)
    old = tokens.token()
    tokens.invalidate(old)
    new = tokens.token()
    tokens.invalidate(old)  # a late thread reporting a 401 on the old token
    assert tokens.token() == new == "token-2"
    assert tokens.token_requests == 2


def test_access_token_repr_hides_the_token() -> None:
    now = dt.datetime.now(dt.UTC)
    token = AccessToken("s3cr3t-token", issued_at=now, expires_at=now + dt.timedelta(seconds=60))
    assert "s3cr3t-token" not in repr(token)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("error", "description", "expected_en", "expected_nl"),
    [
        (
            "invalid_client",
            "Unknown client self_service_chaman_12345_abc",
            "the client ID is unknown to the social security (check the client ID shown in Chaman",
            "de client-ID is onbekend bij de sociale zekerheid",
        ),
        (
            "invalid_client",
            "Invalid signature of the client assertion",
            "the key does not match the certificate registered in Chaman",
            "de sleutel past niet bij het certificaat dat in Chaman geregistreerd is",
        ),
        (
            "invalid_client",
            "assertion expired",
            "check this computer's clock",
            "kijk de klok van deze computer na",
        ),
        (
            "invalid_client",
            "wrong audience",
            "the token URL does not match the environment",
            "de token-URL past niet bij de omgeving",
        ),
        (
            "invalid_client",
            None,
            "the client ID or the key was refused",
            "de client-ID of de sleutel werd geweigerd",
        ),
        (
            "invalid_scope",
            "scope:x not granted",
            "tick the permissions in Chaman",
            "vink de machtigingen aan in Chaman",
        ),
        (
            "unsupported_grant_type",
            None,
            "does not accept this kind of token request (check token_url)",
            "aanvaardt dit soort tokenaanvraag niet",
        ),
        (
            "something_new",
            None,
            "the token request was refused",
            "de tokenaanvraag werd geweigerd",
        ),
    ],
)
def test_oauth_errors_become_clear_token_errors(
    settings: Settings,
    clock: FakeClock,
    mocked: responses.RequestsMock,
    error: str,
    description: str | None,
    expected_en: str,
    expected_nl: str,
) -> None:
    body = {"error": error} | ({"error_description": description} if description else {})
    mocked.post(TOKEN_URL, status=401, json=body, headers={"X-Request-Id": "req-77"})
    tokens, _ = _provider(settings, clock)
    with pytest.raises(TokenError) as info:
        tokens.token()
    err = info.value
    assert err.error == error
    assert err.status == 401
    assert err.request_id == "req-77"
    assert expected_en in str(err)
    assert "req-77" in str(err)
    assert expected_en in err.user_message("en")
    assert expected_nl in err.user_message("nl")
    assert err.user_message("fr").startswith("La connexion à la sécurité sociale a échoué")
    assert len(mocked.calls) == 1  # a refusal is not repeated


def test_token_request_repeated_after_503_with_a_new_assertion(
    settings: Settings, clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    forms: list[str] = []

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        forms.append(_form(request)["client_assertion"])
        if len(forms) == 1:
            return 503, {"Retry-After": "1"}, ""
        return 200, {}, '{"access_token": "t", "token_type": "Bearer", "expires_in": 60}'

    mocked.add_callback(responses.POST, TOKEN_URL, callback=answer)
    tokens, _ = _provider(settings, clock)
    assert tokens.token() == "t"
    assert clock.slept == [1.0]
    jtis = {_decode(a, settings.credentials, at_real_time=False)["jti"] for a in forms}
    assert len(jtis) == 2
    assert tokens.token_requests == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html>oops</html>", "not valid JSON"),
        ('{"token_type": "Bearer", "expires_in": 60}', "no access_token"),
        ('{"access_token": "x", "token_type": "mac", "expires_in": 60}', "is not Bearer"),
        ('{"access_token": "x", "token_type": "Bearer", "expires_in": -5}', "not a positive"),
        ('["access_token"]', "expected a JSON object"),
    ],
)
def test_malformed_token_answers_are_clear_errors(
    settings: Settings, clock: FakeClock, mocked: responses.RequestsMock, body: str, message: str
) -> None:
    mocked.post(TOKEN_URL, body=body, status=200, headers={"X-Request-Id": "tok-1"})
    tokens, _ = _provider(settings, clock)
    with pytest.raises(MalformedResponse, match=message) as info:
        tokens.token()
    # Every such error names the call and carries what a support ticket needs.
    assert str(info.value).startswith(f"POST {TOKEN_URL} -> 200: ")
    assert (info.value.status, info.value.request_id) == (200, "tok-1")


def test_missing_expires_in_counts_as_five_minutes(
    settings: Settings, clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    mocked.post(TOKEN_URL, json={"access_token": "x", "token_type": "bearer"})
    tokens, _ = _provider(settings, clock)
    token = tokens.access_token()
    assert token.expires_at - token.issued_at == dt.timedelta(seconds=300)


def test_unreachable_token_endpoint_is_a_transport_error(
    keypair: KeyPair, clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    settings = make_settings(keypair, retry=RetryPolicy(max_retries=1))
    mocked.post(TOKEN_URL, body=requests.ConnectTimeout("connect timed out"))
    tokens, _ = _provider(settings, clock)
    from precontract.errors import RequestTimeout

    with pytest.raises(RequestTimeout) as info:
        tokens.token()
    assert isinstance(info.value.__cause__, requests.ConnectTimeout)
    assert tokens.token_requests == 2  # never sent: safe to repeat once
