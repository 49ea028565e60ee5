"""The HTTP layer: timeouts, safe retries, errors mapped to the tree, and what goes into logs."""

from __future__ import annotations

import email.utils
import http.server
import json
import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import responses
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from precontract.config import RetryPolicy
from precontract.errors import (
    ApiError,
    BadRequest,
    Conflict,
    ConnectionFailed,
    Forbidden,
    MalformedResponse,
    MissingScope,
    NoActiveMandate,
    NotFound,
    RequestTimeout,
    ServerError,
    TooManyRequests,
    TransportError,
    Unauthorized,
)
from precontract.http import HttpClient, RequestsTransport, error_from_response

from .support import API, FakeClock

SSIN = "85073003328"
MASKED = "85.07.30-***.**"


class StaticTokens:
    """A token source that never expires (the provider has its own tests)."""

    def __init__(self) -> None:
        self.invalidated: list[str] = []

    def token(self) -> str:
        return "bearer-secret-xyz"

    def invalidate(self, token: str) -> None:
        self.invalidated.append(token)


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def _client(clock: FakeClock, *, retries: int = 3, max_retry_after: float = 30) -> HttpClient:
    return HttpClient(
        base_url=API,
        timeout=(2.0, 7.0),
        retry=RetryPolicy(
            max_retries=retries, backoff_factor=0.5, backoff_max=4, max_retry_after=max_retry_after
        ),
        tokens=StaticTokens(),
        sleep=clock.sleep,
        rand=lambda: 1.0,  # the top of the jitter range: predictable waits
    )


def _problem(kind: str, status: int, **extra: Any) -> dict[str, Any]:
    return {"type": f"urn:problem-type:belgif:{kind}", "status": status, "title": kind, **extra}


# --------------------------------------------------------------------------- every call


def test_every_call_has_a_timeout_a_user_agent_and_the_bearer_token(clock: FakeClock) -> None:
    seen: list[tuple[requests.PreparedRequest, tuple[float, float]]] = []

    class RecordingTransport:
        def send(
            self, request: requests.PreparedRequest, *, timeout: tuple[float, float]
        ) -> requests.Response:
            seen.append((request, timeout))
            response = requests.Response()
            response.status_code = 200
            response._content = b'{"ok": true}'
            return response

        def close(self) -> None:
            pass

    client = _client(clock)
    client.transport = RecordingTransport()
    assert client.request("GET", "/a", params={"x": 1}).json() == {"ok": True}
    client.request("POST", "/b", json={"k": "v"}, authenticated=False)
    (get, get_timeout), (post, post_timeout) = seen
    assert get_timeout == post_timeout == (2.0, 7.0)
    assert get.url == f"{API}/a?x=1"
    assert get.headers["User-Agent"].startswith("precontract/")
    assert get.headers["Authorization"] == "Bearer bearer-secret-xyz"
    assert "Authorization" not in post.headers
    assert post.body == b'{"k": "v"}'


# --------------------------------------------------------------------------- retries


def test_429_waits_as_long_as_retry_after_says_then_succeeds(
    clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    mocked.post(
        f"{API}/r", status=429, headers={"Retry-After": "2"}, json=_problem("tooManyRequests", 429)
    )
    mocked.post(f"{API}/r", status=201, json={"id": 1})
    response = _client(clock).request("POST", "/r", json={})  # 429: not applied, safe to repeat
    assert response.status == 201
    assert clock.slept == [2.0]
    assert len(mocked.calls) == 2


def test_429_with_retry_after_in_the_body_or_as_a_date(
    clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    mocked.get(f"{API}/r", status=429, json=_problem("tooManyRequests", 429, retryAfterSec=3))
    when = email.utils.format_datetime(clock.now.replace(microsecond=0), usegmt=True)
    mocked.get(f"{API}/r", status=429, headers={"Retry-After": when})
    mocked.get(f"{API}/r", json={})
    _client(clock).request("GET", "/r")
    assert clock.slept[0] == 3.0
    assert 0 <= clock.slept[1] <= 1  # a date already (nearly) reached: retry at once


def test_429_asking_longer_than_the_policy_allows_is_surfaced_at_once(
    clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    mocked.get(f"{API}/r", status=429, headers={"Retry-After": "120", "X-Request-Id": "abc"})
    with pytest.raises(TooManyRequests) as info:
        _client(clock, max_retry_after=30).request("GET", "/r")
    assert info.value.retry_after == 120
    assert info.value.request_id == "abc"
    assert clock.slept == []
    assert len(mocked.calls) == 1


def test_503_burst_is_retried_with_growing_waits_then_surfaced(
    clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    mocked.get(
        f"{API}/r",
        status=503,
        json=_problem("serviceUnavailable", 503, detail="maintenance"),
        headers={"X-Request-Id": "r-503"},
    )
    with pytest.raises(ServerError) as info:
        _client(clock, retries=3).request("GET", "/r")
    assert len(mocked.calls) == 4  # one try and three retries: bounded
    assert clock.slept == [0.5, 1.0, 2.0]  # doubling (rand=1.0 gives the top of each range)
    err = info.value
    assert (err.status, err.problem_type, err.detail, err.request_id) == (
        503,
        "urn:problem-type:belgif:serviceUnavailable",
        "maintenance",
        "r-503",
    )
    assert err.user_message("fr").startswith("Les services de la sécurité sociale rencontrent")


def test_503_burst_that_ends_succeeds(clock: FakeClock, mocked: responses.RequestsMock) -> None:
    for _ in range(2):
        mocked.post(f"{API}/r", status=503)
    mocked.post(f"{API}/r", status=201, json={})
    assert _client(clock).request("POST", "/r", json={}).status == 201
    assert len(clock.slept) == 2


def test_jitter_spreads_the_waits(mocked: responses.RequestsMock) -> None:
    mocked.get(f"{API}/r", status=503)
    waits: list[float] = []
    draws = iter([0.0, 0.5, 1.0])
    client = HttpClient(
        base_url=API,
        timeout=(1, 1),
        retry=RetryPolicy(max_retries=3, backoff_factor=1.0),
        sleep=waits.append,
        rand=lambda: next(draws),
    )
    with pytest.raises(ServerError):
        client.request("GET", "/r")
    assert waits == [0.5, 1.5, 4.0]


@pytest.mark.parametrize("status", [502, 504])
def test_gateway_errors_repeat_a_get_but_never_a_post(
    clock: FakeClock, mocked: responses.RequestsMock, status: int
) -> None:
    mocked.get(f"{API}/r", status=status)
    mocked.get(f"{API}/r", json={"ok": 1})
    assert _client(clock).request("GET", "/r").json() == {"ok": 1}

    mocked.post(f"{API}/p", status=status, body="<html>Bad gateway</html>")
    with pytest.raises(ServerError) as info:
        _client(clock).request("POST", "/p", json={})
    assert info.value.status == status
    assert len([c for c in mocked.calls if c.request.url == f"{API}/p"]) == 1


def test_500_and_client_errors_are_not_repeated(
    clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    mocked.get(f"{API}/a", status=500, json=_problem("internalServerError", 500))
    mocked.get(f"{API}/b", status=404, json=_problem("resourceNotFound", 404))
    client = _client(clock)
    with pytest.raises(ServerError):
        client.request("GET", "/a")
    with pytest.raises(NotFound):
        client.request("GET", "/b")
    assert len(mocked.calls) == 2


def test_timeout_is_a_transport_error_raised_from_requests(
    clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    mocked.get(f"{API}/slow", body=requests.ReadTimeout("read timed out"))
    with pytest.raises(RequestTimeout) as info:
        _client(clock, retries=2).request("GET", "/slow")
    err = info.value
    assert isinstance(err, TransportError)
    assert not isinstance(err, ApiError)
    assert isinstance(err.__cause__, requests.ReadTimeout)
    assert "no answer within 7 s" in str(err)
    assert len(mocked.calls) == 3  # a GET may be repeated


def test_a_post_that_may_have_arrived_is_never_repeated(
    clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    mocked.post(f"{API}/p", body=requests.ReadTimeout("read timed out"))
    with pytest.raises(RequestTimeout):
        _client(clock).request("POST", "/p", json={})
    dropped = requests.ConnectionError(ProtocolError("Connection aborted."))
    mocked.post(f"{API}/q", body=dropped)
    with pytest.raises(ConnectionFailed, match="dropped"):
        _client(clock).request("POST", "/q", json={})
    assert len(mocked.calls) == 2
    assert clock.slept == []


def test_a_post_that_never_left_is_repeated(
    clock: FakeClock, mocked: responses.RequestsMock
) -> None:
    refused = requests.ConnectionError(
        MaxRetryError(None, "/p", NewConnectionError(None, "Connection refused"))  # type: ignore[arg-type]
    )
    mocked.post(f"{API}/p", body=refused)
    mocked.post(f"{API}/p", status=201, json={})
    assert _client(clock).request("POST", "/p", json={}).status == 201
    assert len(clock.slept) == 1


def test_connection_refused_by_a_real_closed_port(clock: FakeClock) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens there now: connect fails before sending, so even a POST is retried.
    client = HttpClient(
        base_url=f"http://127.0.0.1:{port}",
        timeout=(1, 1),
        retry=RetryPolicy(max_retries=2),
        sleep=clock.sleep,
    )
    with pytest.raises(ConnectionFailed, match="no connection could be made") as info:
        client.request("POST", "/x", json={})
    assert isinstance(info.value.__cause__, requests.ConnectionError)
    assert len(clock.slept) == 2
    client.close()


# --------------------------------------------------------------------------- answers


def test_malformed_json_is_a_clear_error(clock: FakeClock, mocked: responses.RequestsMock) -> None:
    mocked.get(
        f"{API}/m",
        body="{not json",
        content_type="application/json",
        headers={"X-Request-Id": "m-1"},
    )
    response = _client(clock).request("GET", "/m")
    with pytest.raises(MalformedResponse) as info:
        response.json()
    err = info.value
    assert "the answer is not valid JSON" in str(err)
    assert "GET https://api.test/REST/m -> 200" in str(err)
    assert err.request_id == "m-1"
    assert err.status == 200
    assert err.user_message("nl").startswith(
        "De diensten van de sociale zekerheid gaven een onleesbaar"
    )


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (400, _problem("badRequest", 400), BadRequest),
        (401, _problem("noAccessToken", 401), Unauthorized),
        (403, {"type": "urn:problem-type:socialsecurity:citizenMandates:noActiveMandate",
               "title": "No active citizen mandate", "status": 403}, NoActiveMandate),
        (403, _problem("missingScope", 403, requiredScopes=["scope:a"]), MissingScope),
        (403, {"title": "Forbidden"}, Forbidden),
        (404, _problem("resourceNotFound", 404), NotFound),
        (409, {"type": "urn:problem-type:socialsecurity:citizenMandates:conflict"}, Conflict),
        (409, {}, Conflict),
        (429, _problem("tooManyRequests", 429, retryAfterSec=5), TooManyRequests),
        (500, _problem("internalServerError", 500), ServerError),
        (502, {}, ServerError),
        (418, {}, ApiError),
    ],
)  # fmt: skip
def test_one_function_maps_status_and_type_to_the_class(
    status: int, body: dict[str, Any], cls: type[ApiError]
) -> None:
    err = error_from_response(
        status,
        {"X-Request-Id": "id-9"},
        json.dumps(body).encode(),
        method="GET",
        url=f"{API}/x",
    )
    assert type(err) is cls
    assert err.status == status
    assert err.request_id == "id-9"
    assert err.method == "GET"
    if isinstance(err, MissingScope):
        assert err.required_scopes == ("scope:a",)
        assert "scope:a" in err.user_message("en")
    if isinstance(err, TooManyRequests):
        assert err.retry_after == 5


def test_bad_request_carries_its_issues_with_the_ssin_masked() -> None:
    body = {
        "type": "urn:problem-type:belgif:badRequest",
        "title": "Bad Request",
        "status": 400,
        "detail": f"The input {SSIN} is invalid",
        "issues": [
            {"in": "path", "name": "ssin", "value": SSIN, "detail": "invalid check digits"},
            "not an object",
        ],
    }
    err = error_from_response(
        400, {}, json.dumps(body).encode(), method="GET", url=f"{API}/persons/{MASKED}"
    )
    assert isinstance(err, BadRequest)
    assert err.title == "Bad Request"
    assert err.detail == f"The input {MASKED} is invalid"
    assert len(err.issues) == 1
    issue = err.issues[0]
    assert (issue.in_, issue.name, issue.value) == ("path", "ssin", MASKED)
    assert "path:ssin: invalid check digits" in str(err)
    assert SSIN not in str(err)
    assert SSIN not in json.dumps(err.body)


def test_an_html_error_page_maps_by_status() -> None:
    err = error_from_response(
        503, {"Retry-After": "9"}, b"<html>down</html>", method="GET", url=f"{API}/x"
    )
    assert isinstance(err, ServerError)
    assert err.problem_type is None


# --------------------------------------------------------------------------- privacy


def test_ssin_masked_and_token_absent_in_logs_and_errors(
    clock: FakeClock, mocked: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"{API}/citizenData/v1/persons/{SSIN}/precontractualData"
    mocked.get(url, status=503)
    mocked.get(url, status=403, json={"type": "urn:problem-type:socialsecurity:citizenMandates:noActiveMandate",
                                       "detail": f"no mandate for {SSIN}"})  # fmt: skip
    caplog.set_level(logging.DEBUG, logger="precontract")
    with pytest.raises(NoActiveMandate) as info:
        _client(clock).request("GET", f"/citizenData/v1/persons/{SSIN}/precontractualData",
                               params={"ssin": SSIN})  # fmt: skip
    logged = caplog.text
    assert MASKED in logged
    assert SSIN not in logged
    assert "bearer-secret-xyz" not in logged
    assert "Authorization" not in logged
    assert "retry 1 of 3" in logged
    assert SSIN not in str(info.value)
    assert SSIN not in info.value.url
    assert info.value.detail == f"no mandate for {MASKED}"


class _JsonHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_urllib3_debug_lines_are_masked_too(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _JsonHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        caplog.set_level(logging.DEBUG)
        client = HttpClient(
            base_url=f"http://127.0.0.1:{server.server_address[1]}",
            timeout=(2, 2),
            transport=RequestsTransport(pool_size=2),
            sleep=clock.sleep,
        )
        assert client.request("GET", f"/persons/{SSIN}").json() == {"ok": True}
        client.close()
    finally:
        server.shutdown()
        server.server_close()
    urllib3_lines = [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")]
    assert any(MASKED in line for line in urllib3_lines)
    assert SSIN not in caplog.text
