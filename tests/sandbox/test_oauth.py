"""The sandbox's token endpoint refuses what a real authorization server refuses (RFC 7521/7523,
RFC 6749 §5.2), and accepts a correct client assertion."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from precontract.sandbox import SandboxServer

from .support import ASSERTION_TYPE, MANDATES, Caller, KeyPair, assertion


@pytest.fixture
def caller(sandbox: SandboxServer) -> Caller:
    return Caller.register(sandbox)


def _post(sandbox: SandboxServer, **form: str) -> requests.Response:
    return requests.post(sandbox.token_url, data=form, timeout=10)


def _with(caller: Caller, token: str) -> requests.Response:
    return _post(
        caller.sandbox,
        grant_type="client_credentials",
        client_assertion_type=ASSERTION_TYPE,
        client_assertion=token,
    )


def _refused(response: requests.Response, error: str, words: str) -> None:
    assert response.status_code in (400, 401), response.text
    body = response.json()
    assert body["error"] == error
    assert words in body["error_description"]
    assert "access_token" not in body
    assert response.headers["Cache-Control"] == "no-store"


def test_a_correct_assertion_gets_an_opaque_bearer_token(caller: Caller) -> None:
    response = caller.token_response()
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] > 0
    assert set(body["scope"].split()) == {
        "scope:citizenmandates:manage",
        "scope:citizendata:consult",
    }
    assert body["access_token"].count(".") == 0  # opaque, not a JWT
    assert response.headers["Cache-Control"] == "no-store"


def test_unknown_client_is_refused(sandbox: SandboxServer) -> None:
    keys = KeyPair.generate()
    token = assertion("self_service_chaman_0_unknown", keys.key, sandbox.token_url)
    response = _post(
        sandbox,
        grant_type="client_credentials",
        client_assertion_type=ASSERTION_TYPE,
        client_assertion=token,
    )
    assert response.status_code == 401
    _refused(response, "invalid_client", "unknown client")


def test_a_signature_by_another_key_is_refused(caller: Caller) -> None:
    other = KeyPair.generate()
    response = _with(caller, assertion(caller.client_id, other.key, caller.sandbox.token_url))
    _refused(response, "invalid_client", "signature verification failed")


def _claims(caller: Caller) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": caller.client_id,
        "sub": caller.client_id,
        "aud": caller.sandbox.token_url,
        "jti": f"jti-{now}-{id(caller)}",
        "iat": now,
        "exp": now + 300,
    }


def test_alg_none_is_refused(caller: Caller) -> None:
    token = jwt.encode(_claims(caller), "", algorithm="none")
    _refused(_with(caller, token), "invalid_client", "RS256")


def test_hs256_signed_with_the_public_certificate_is_refused(caller: Caller) -> None:
    # The classic confusion attack: HMAC keyed with the (public) certificate text.
    token = jwt.encode(_claims(caller), "a-shared-secret-of-enough-length-32b!", algorithm="HS256")
    _refused(_with(caller, token), "invalid_client", "RS256")


def test_other_rsa_algorithms_are_refused(caller: Caller) -> None:
    token = jwt.encode(_claims(caller), caller.keys.key, algorithm="RS512")
    _refused(_with(caller, token), "invalid_client", "RS256")


def test_a_wrong_audience_is_refused(caller: Caller) -> None:
    token = assertion(
        caller.client_id, caller.keys.key, "https://services.socialsecurity.be/REST/oauth/v5/token"
    )
    _refused(_with(caller, token), "invalid_client", "aud")


def test_iss_different_from_sub_is_refused(caller: Caller) -> None:
    token = assertion(
        caller.client_id, caller.keys.key, caller.sandbox.token_url, sub="someone-else"
    )
    _refused(_with(caller, token), "invalid_client", "iss and sub")


def test_iss_of_another_registered_client_is_refused(
    sandbox: SandboxServer, caller: Caller
) -> None:
    other = Caller.register(sandbox)
    # Our key, their client ID: the signature does not match their certificate.
    token = assertion(other.client_id, caller.keys.key, sandbox.token_url)
    _refused(_with(caller, token), "invalid_client", "signature verification failed")


# Integer claim changes are seconds relative to the moment the test runs.


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"exp": None}, "no exp"),
        ({"exp": -600, "iat": -800}, "expired"),
        ({"exp": 290, "iat": -60}, "at most 300"),
        ({"iat": 600, "exp": 700}, "future"),
        ({"nbf": 600}, "nbf"),
        ({"iat": None}, "no iat"),
        ({"jti": None}, "no jti"),
        ({"exp": "tomorrow"}, "number of seconds"),
    ],
    ids=[
        "missing-exp",
        "expired",
        "exp-beyond-iat-plus-300",
        "iat-in-future",
        "nbf-in-future",
        "missing-iat",
        "missing-jti",
        "exp-not-a-number",
    ],
)
def test_bad_time_and_identity_claims_are_refused(
    caller: Caller, changes: dict[str, Any], words: str
) -> None:
    now = int(time.time())
    claims = {k: (now + v if isinstance(v, int) else v) for k, v in changes.items()}
    token = assertion(caller.client_id, caller.keys.key, caller.sandbox.token_url, **claims)
    _refused(_with(caller, token), "invalid_client", words)


def test_a_small_clock_skew_is_tolerated(caller: Caller) -> None:
    now = int(time.time())
    token = assertion(
        caller.client_id, caller.keys.key, caller.sandbox.token_url, iat=now + 10, exp=now + 300
    )
    assert _with(caller, token).status_code == 200


def test_a_replayed_jti_is_refused(caller: Caller) -> None:
    token = assertion(caller.client_id, caller.keys.key, caller.sandbox.token_url)
    assert _with(caller, token).status_code == 200
    _refused(_with(caller, token), "invalid_client", "replay")


@pytest.mark.parametrize(
    ("form", "error", "words"),
    [
        ({"grant_type": None}, "invalid_request", "grant_type"),
        ({"grant_type": "password"}, "unsupported_grant_type", "client_credentials"),
        ({"client_assertion_type": None}, "invalid_request", "client_assertion_type"),
        ({"client_assertion_type": "urn:example:saml"}, "invalid_request", "client_assertion_type"),
        ({"client_assertion": None}, "invalid_request", "client_assertion"),
        ({"client_assertion": "not-a-jwt"}, "invalid_client", "well-formed"),
        ({"scope": "scope:everything"}, "invalid_scope", "scope:everything"),
    ],
)
def test_malformed_token_requests_are_refused(
    caller: Caller, form: dict[str, str | None], error: str, words: str
) -> None:
    response = caller.token_response(**form)
    assert response.status_code == (401 if error == "invalid_client" else 400)
    _refused(response, error, words)


def test_a_narrower_scope_can_be_asked(caller: Caller) -> None:
    response = caller.token_response(scope="scope:citizendata:consult")
    assert response.json()["scope"] == "scope:citizendata:consult"
    caller.token = response.json()["access_token"]
    refused = caller.mandates()
    assert refused.status_code == 403
    assert refused.json()["type"] == "urn:problem-type:belgif:missingScope"


def test_api_calls_need_a_valid_unexpired_token(sandbox: SandboxServer, caller: Caller) -> None:
    none = caller.mandates()
    assert none.status_code == 401
    assert none.json()["type"] == "urn:problem-type:belgif:noAccessToken"
    assert none.headers["content-type"].startswith("application/problem+json")
    assert none.headers["www-authenticate"] == "Bearer"

    caller.token = "made-up"
    assert caller.mandates().json()["type"] == "urn:problem-type:belgif:invalidAccessToken"

    sandbox.set_token_lifetime(60)
    caller.login()
    assert caller.mandates().status_code == 200
    sandbox.advance(dt.timedelta(seconds=61))
    expired = caller.mandates()
    assert expired.status_code == 401
    assert expired.json()["type"] == "urn:problem-type:belgif:expiredAccessToken"
    # A new assertion (real time) still gets a new token after the sandbox clock moved.
    caller.login()
    assert caller.mandates().status_code == 200


def test_a_basic_authorization_header_is_not_a_token(caller: Caller) -> None:
    response = caller.call(
        "GET", f"{MANDATES}/mandates", headers={"Authorization": "Basic dXNlcjpwYXNz"}
    )
    assert response.json()["type"] == "urn:problem-type:belgif:invalidAccessToken"


def test_keys_are_never_echoed(caller: Caller) -> None:
    other: rsa.RSAPrivateKey = KeyPair.generate().key
    token = assertion(caller.client_id, other, caller.sandbox.token_url)
    text = _with(caller, token).text
    assert token not in text
    assert "PRIVATE KEY" not in text
