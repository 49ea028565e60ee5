"""HTTP to the social security: one pooled session, timeouts, safe retries, errors mapped once.

:class:`HttpClient` sends every call of the core. It

- goes through a :class:`Transport` (the seam: :class:`RequestsTransport` wraps one pooled
  ``requests.Session``; tests and hosts may hand another one in);
- puts a ``(connect, read)`` timeout on every call and a ``User-Agent: precontract/<version>``;
- attaches the bearer token of a :class:`TokenSource` and, when the API answers 401, renews the
  token once and repeats the call once;
- repeats a call only when that is safe: GET/DELETE on 502/503/504 and on transport failures;
  any call the server refused with 429 or 503 (it was not applied) or that never left this
  machine (connection refused, connect timeout). A POST that may have reached the server is
  never repeated blindly. Waits grow exponentially with jitter and honour ``Retry-After``;
- maps every refusal to the one exception tree of :mod:`precontract.errors`
  (:func:`error_from_response` is the one place that picks the class)::

    PrecontractError
    ├── TransportError          could not reach the API, or could not read its answer
    │   ├── RequestTimeout      requests' Timeout
    │   ├── ConnectionFailed    requests' ConnectionError (DNS, TLS, refused, dropped)
    │   └── MalformedResponse   not the JSON the contract promises
    └── ApiError                the server said no: status, type, title, detail, issues,
        ├── TokenError          request id, method and (masked) URL
        ├── BadRequest, Unauthorized, Forbidden (MissingScope, NoActiveMandate)
        ├── NotFound, Conflict, TooManyRequests (retry_after)
        └── ServerError

Log lines (logger ``precontract.http``) name the method, the URL with any NISS masked, the
status and the request id; never a header, a token or a body.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json as jsonlib
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

import requests
import requests.adapters
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from precontract.api.profile import PROFILE
from precontract.config import RetryPolicy, Settings, Timeout
from precontract.errors import (
    ApiError,
    BadRequest,
    Conflict,
    ConnectionFailed,
    Forbidden,
    Issue,
    MalformedResponse,
    MissingScope,
    NoActiveMandate,
    NotFound,
    RequestTimeout,
    ServerError,
    TokenError,
    TooManyRequests,
    TransportError,
    Unauthorized,
)
from precontract.gate import SharedPause
from precontract.i18n import translate
from precontract.masking import MaskingFilter, mask_ssins

__all__ = [
    "RETRY_RECORD",
    "USER_AGENT",
    "HttpClient",
    "HttpResponse",
    "RequestsTransport",
    "TokenSource",
    "Transport",
    "error_from_response",
]

logger = logging.getLogger(__name__)
logger.addFilter(MaskingFilter())

# The attribute of a "retrying" log record: (attempt, of how many, seconds), so a front end can
# tell its user in their language instead of showing the English log line.
RETRY_RECORD = "precontract_retry"


def _version() -> str:
    try:
        return metadata.version("precontract")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


USER_AGENT = f"precontract/{_version()}"

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_RETRY_ALWAYS = frozenset({429, 503})  # refused before being applied: safe for any method
_RETRY_IDEMPOTENT = frozenset({502, 504})  # a gateway may have passed the call on


# --------------------------------------------------------------------------------- the seam


class Transport(Protocol):
    """Sends one prepared request and answers the response (or raises requests' exceptions)."""

    def send(self, request: requests.PreparedRequest, *, timeout: Timeout) -> requests.Response: ...

    def close(self) -> None: ...


class RequestsTransport:
    """The default transport: one pooled ``requests.Session`` shared by every thread.

    Proxies and CA bundles from the environment (``HTTPS_PROXY``, ``REQUESTS_CA_BUNDLE``) apply,
    as with plain requests; ``ca_bundle`` overrides the CA bundle. Redirects are not followed:
    the APIs do not redirect, and a redirect would carry the bearer token elsewhere.
    """

    def __init__(
        self,
        *,
        pool_size: int = 10,
        ca_bundle: Path | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self._session = session or requests.Session()
        self._pool_size = 0
        self.ensure_pool_size(pool_size)
        self._verify: bool | str = str(ca_bundle) if ca_bundle else True
        self._environment: dict[tuple[str, str], Any] = {}
        # urllib3 logs request lines (with the path, hence an NISS) at DEBUG level.
        _mask_logger("urllib3.connectionpool")

    def ensure_pool_size(self, size: int) -> None:
        """Keep up to ``size`` connections per host (a bulk run's workers each use one; past
        the pool's size, urllib3 would open and drop a connection per call)."""
        if size <= self._pool_size:
            return
        self._pool_size = size
        adapter = requests.adapters.HTTPAdapter(
            pool_connections=size, pool_maxsize=size, max_retries=0
        )
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)

    def send(self, request: requests.PreparedRequest, *, timeout: Timeout) -> requests.Response:
        # Reading the environment's proxy settings scans os.environ twice per call (a millisecond
        # or more); they are read once per scheme and host, when the first call there goes out.
        origin = urlsplit(request.url or "")[:2]
        options = self._environment.get(origin)
        if options is None:
            options = self._session.merge_environment_settings(
                request.url, {}, None, self._verify, None
            )
            self._environment[origin] = options
        # Straight to the adapter: what Session.send adds (cookies into a jar our requests never
        # send, hooks, looking for a redirect not followed) is a tenth of a call's CPU time.
        adapter = self._session.get_adapter(request.url or "")
        response = adapter.send(request, timeout=timeout, **options)
        response.content  # noqa: B018 - read the body now, so the connection goes back to the pool
        return response

    def close(self) -> None:
        self._session.close()


class TokenSource(Protocol):
    """Where bearer tokens come from (see :class:`precontract.auth.TokenProvider`)."""

    def token(self) -> str: ...

    def invalidate(self, token: str) -> None: ...


def _mask_logger(name: str) -> None:
    target = logging.getLogger(name)
    if not any(isinstance(f, MaskingFilter) for f in target.filters):
        target.addFilter(MaskingFilter())


# --------------------------------------------------------------------------------- answers


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A successful answer: status, headers and body, with the request it answers."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    method: str
    url: str  # NISS masked
    request_id: str | None = None

    def json(self) -> Any:
        """The body as JSON; :class:`MalformedResponse` when it is not."""
        try:
            return jsonlib.loads(self.content)
        except (ValueError, UnicodeDecodeError):
            raise self.malformed(
                f"the answer is not valid JSON ({len(self.content)} bytes, content type "
                f"{self.headers.get('Content-Type', 'none')})"
            ) from None

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object (``{...}``); :class:`MalformedResponse` otherwise."""
        data = self.json()
        if not isinstance(data, dict):
            raise self.malformed(f"expected a JSON object, got {type(data).__name__}")
        return data

    def malformed(self, reason: str) -> MalformedResponse:
        """The error for this answer when it is not what the contract promises (``reason``)."""
        return MalformedResponse(
            f"{self.method} {self.url} -> {self.status}: {reason}",
            method=self.method,
            url=self.url,
            status=self.status,
            request_id=self.request_id,
        )


def _request_id(headers: Mapping[str, str]) -> str | None:
    for name in PROFILE.request_id_headers:
        value = headers.get(name)
        if value:
            return value
    return None


def _retry_after(headers: Mapping[str, str], body: Mapping[str, Any] | None) -> float | None:
    """Seconds from ``Retry-After`` (delta or HTTP date), else the body's ``retryAfterSec``."""
    raw = headers.get(PROFILE.header_retry_after)
    if raw:
        raw = raw.strip()
        if raw.isdigit():
            return float(raw)
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
    if body is not None:
        value = body.get("retryAfterSec")
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return float(value)
    return None


# --------------------------------------------------------------------------------- errors

# RFC 6749 §5.2 errors of the token endpoint; each has a text saying what an administrator should
# do (token.<error> and error.token.<error> in the core's catalogue). The first matching hint (a
# word in error_description) refines invalid_client, which covers many causes.
_OAUTH_ERRORS = frozenset(
    {
        "unknown_client",
        "key_mismatch",
        "clock",
        "audience",
        "replay",
        "invalid_client",
        "invalid_grant",
        "invalid_scope",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_request",
        "other",
    }
)

_INVALID_CLIENT_HINTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("unknown", "not found", "not registered", "no such client", "no client"), "unknown_client"),
    (("signature", "verif", "public key", "certificate"), "key_mismatch"),
    (("audience", "aud"), "audience"),
    (("replay", "already used"), "replay"),
    (("expired", "exp", "iat", "nbf", "future", "clock", "skew"), "clock"),
)


def _oauth_explanation(error: str, description: str | None) -> str:
    """The i18n key (without ``error.``) explaining an RFC 6749 ``error``."""
    if error == "invalid_client":
        text = (description or "").lower()
        for words, key in _INVALID_CLIENT_HINTS:
            if any(word in text for word in words):
                return f"token.{key}"
        return "token.invalid_client"
    return f"token.{error}" if error in _OAUTH_ERRORS else "token.other"


def _problem_class(status: int, problem_type: str | None) -> type[ApiError]:
    types = PROFILE.problems
    by_type: dict[str, type[ApiError]] = {
        types.no_active_mandate: NoActiveMandate,
        types.missing_scope: MissingScope,
        types.bad_request: BadRequest,
        types.resource_not_found: NotFound,
        types.too_many_requests: TooManyRequests,
        types.no_access_token: Unauthorized,
        types.invalid_access_token: Unauthorized,
        types.expired_access_token: Unauthorized,
        types.conflict: Conflict,
    }
    if problem_type in by_type:
        return by_type[problem_type]
    if status == 400:
        return BadRequest
    if status == 401:
        return Unauthorized
    if status == 403:
        return Forbidden
    if status == 404:
        return NotFound
    if status == 409:
        return Conflict
    if status == 429:
        return TooManyRequests
    if status >= 500:
        return ServerError
    return ApiError


def error_from_response(
    status: int,
    headers: Mapping[str, str],
    content: bytes,
    *,
    method: str,
    url: str,
) -> ApiError:
    """The exception for a refusal: a Belgif problem, an RFC 6749 error, or a bare status.

    ``url`` should already be masked; every text taken from the body is masked again.
    """
    body: dict[str, Any] | None = None
    if content:
        try:
            parsed = jsonlib.loads(content)
        except (ValueError, UnicodeDecodeError):
            parsed = None  # an HTML error page from a proxy: the status says enough
        if isinstance(parsed, dict):
            body = parsed
    request_id = _request_id(headers)
    common: dict[str, Any] = {
        "status": status,
        "request_id": request_id,
        "method": method,
        "url": url,
        "body": _safe_body(body),
    }

    if body is not None and isinstance(body.get("error"), str) and "type" not in body:
        error = body["error"]
        description = body.get("error_description")
        description = mask_ssins(str(description)) if description is not None else None
        key = _oauth_explanation(error, description)
        token_error = TokenError(
            f"{method} {url} -> {status} {error}: {translate(key, 'en')}"
            + (f" (server: {description})" if description else "")
            + (f" [request id {request_id}]" if request_id else ""),
            error=error,
            description=description,
            **common,
        )
        token_error.message_key = f"error.{key}"
        return token_error

    body = body or {}
    problem_type = _text(body.get("type"))
    cls = _problem_class(status, problem_type)
    issues_raw = body.get("issues")
    issues = (
        [Issue.from_json(i) for i in issues_raw if isinstance(i, dict)]
        if isinstance(issues_raw, list)
        else []
    )
    details: dict[str, Any] = {
        "problem_type": problem_type,
        "title": _text(body.get("title")),
        "detail": _text(body.get("detail")),
        "issues": issues,
        **common,
    }
    if cls is MissingScope:
        scopes = body.get("requiredScopes")
        details["required_scopes"] = [str(s) for s in scopes] if isinstance(scopes, list) else []
    if cls is TooManyRequests:
        details["retry_after"] = _retry_after(headers, body)
    return cls(**details)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _safe_body(body: Mapping[str, Any] | None) -> dict[str, Any] | None:
    # Kept on the exception for developers; an NISS in it is masked like everywhere else.
    if body is None:
        return None
    return dict(jsonlib.loads(mask_ssins(jsonlib.dumps(body))))


# --------------------------------------------------------------------------------- the client


@dataclass
class _Attempt:
    number: int = 0
    renewed: bool = False


class HttpClient:
    """Sends the core's calls; one instance per settings, shared by threads.

    ``sleep`` and ``rand`` are injectable so tests run retries without waiting. With a
    ``pause`` (:class:`~precontract.gate.SharedPause`, set by the bulk runner), a 429 or 503 with
    ``Retry-After`` holds every thread of this client, and every attempt waits for it first;
    after a 429, every attempt also waits its turn at the rate the server let through.
    """

    def __init__(
        self,
        *,
        base_url: str,
        timeout: Timeout,
        retry: RetryPolicy | None = None,
        transport: Transport | None = None,
        tokens: TokenSource | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.transport: Transport = transport or RequestsTransport()
        self.tokens = tokens
        self._sleep = sleep
        self._rand = rand
        self._user_agent = user_agent
        self.pause: SharedPause | None = None

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        transport: Transport | None = None,
        tokens: TokenSource | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
    ) -> HttpClient:
        return cls(
            base_url=settings.api_url,
            timeout=settings.timeout,
            retry=settings.retry,
            transport=transport
            or RequestsTransport(pool_size=settings.pool_size, ca_bundle=settings.ca_bundle),
            tokens=tokens,
            sleep=sleep,
            rand=rand,
        )

    def close(self) -> None:
        self.transport.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        form: Mapping[str, str] | Callable[[], Mapping[str, str]] | None = None,
        authenticated: bool = True,
        idempotent: bool | None = None,
    ) -> HttpResponse:
        """Send ``method path`` (``path`` relative to ``base_url``, or an absolute URL).

        ``form`` may be a function, called again for each attempt (a new client assertion).
        ``idempotent`` overrides the method's nature (a token request is safe to repeat).
        Raises :class:`ApiError` for a refusal and :class:`TransportError` when no usable answer
        came back.
        """
        method = method.upper()
        url = path if "://" in path else self.base_url + path
        safe = idempotent if idempotent is not None else method in _IDEMPOTENT
        attempt = _Attempt()
        while True:
            attempt.number += 1
            sent_at = self.pause.admit() if self.pause is not None else 0.0
            token = self.tokens.token() if authenticated and self.tokens is not None else None
            data = form() if callable(form) else form
            prepared = self._prepare(method, url, params, json, data, token)
            shown = mask_ssins(prepared.url or url)
            started = time.monotonic()
            try:
                response = self.transport.send(prepared, timeout=self.timeout)
            except requests.RequestException as exc:
                error, sent = _transport_error(exc, method, shown, self.timeout)
                delay = self._retry_delay(attempt, safe or not sent) if _retryable(exc) else None
                if delay is None:
                    raise error from exc
                logger.warning(
                    "%s %s failed (%s); retry %d of %d in %.1f s",
                    method,
                    shown,
                    type(error).__name__,
                    attempt.number,
                    self.retry.max_retries,
                    delay,
                    extra={RETRY_RECORD: (attempt.number, self.retry.max_retries, delay)},
                )
                self._sleep(delay)
                continue

            status = response.status_code
            headers = response.headers
            content = response.content
            request_id = _request_id(headers)
            logger.debug(
                "%s %s -> %d in %.0f ms%s",
                method,
                shown,
                status,
                (time.monotonic() - started) * 1000,
                f" [request id {request_id}]" if request_id else "",
            )
            if 200 <= status < 300:
                if self.pause is not None:
                    self.pause.accepted(sent_at)
                return HttpResponse(status, headers, content, method, shown, request_id)

            error_ = error_from_response(status, headers, content, method=method, url=shown)
            if status == 401 and token is not None and not attempt.renewed and self.tokens:
                # The token may have been revoked or expired early: one renewal, one retry.
                attempt.renewed = True
                self.tokens.invalidate(token)
                logger.info("%s %s -> 401; renewing the token once", method, shown)
                continue
            hint = _retry_after(headers, error_.body)
            held = hint is not None and self.pause is not None and status in _RETRY_ALWAYS
            if self.pause is not None:
                # Every thread of this client stops, not only the one that was told; a 429 also
                # sets the pace the pause lets them go on at.
                if status == 429:
                    self.pause.refused(sent_at, hint)
                else:
                    self.pause.accepted(sent_at)
                    if held and hint is not None:
                        self.pause.hold(hint)
            delay = self._status_delay(attempt, status, safe, hint)
            if delay is None:
                raise error_
            logger.warning(
                "%s %s -> %d; retry %d of %d in %.1f s",
                method,
                shown,
                status,
                attempt.number,
                self.retry.max_retries,
                delay,
                extra={RETRY_RECORD: (attempt.number, self.retry.max_retries, delay)},
            )
            if not held:
                self._sleep(delay)
            # else: the pause, at the top of the loop, waits as long as the server asked

    # ----------------------------------------------------------------------------- internals

    def _prepare(
        self,
        method: str,
        url: str,
        params: Mapping[str, str | int] | None,
        json: Any,
        form: Mapping[str, str] | None,
        token: str | None,
    ) -> requests.PreparedRequest:
        headers = {
            "User-Agent": self._user_agent,
            "Accept": "application/json, application/problem+json",
        }
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        prepared = requests.PreparedRequest()
        prepared.prepare_method(method)
        if url.isascii() and "?" not in url and "#" not in url:
            # Our URLs: the configured base and quoted path segments. requests' prepare_url
            # parses and re-quotes each one again, a fifth of a call's CPU time.
            prepared.url = f"{url}?{urlencode(params)}" if params else url
        else:
            prepared.prepare_url(url, dict(params) if params else None)
        prepared.prepare_headers(headers)
        prepared.prepare_body(dict(form) if form is not None else None, None, json)
        prepared.prepare_hooks({})
        return prepared

    def _retry_delay(self, attempt: _Attempt, allowed: bool) -> float | None:
        if not allowed or attempt.number > self.retry.max_retries:
            return None
        return self.retry.backoff(attempt.number, self._rand)

    def _status_delay(
        self, attempt: _Attempt, status: int, safe: bool, hint: float | None
    ) -> float | None:
        if status not in _RETRY_ALWAYS and not (safe and status in _RETRY_IDEMPOTENT):
            return None
        if attempt.number > self.retry.max_retries:
            return None
        if hint is not None:
            # Waiting less than the server asks is pointless; longer than the policy allows
            # blocks a user: give up now and let the error carry the hint.
            return hint if hint <= self.retry.max_retry_after else None
        return self.retry.backoff(attempt.number, self._rand)


def _retryable(exc: requests.RequestException) -> bool:
    # A TLS failure (bad certificate, wrong CA) does not heal by itself.
    return not isinstance(exc, requests.exceptions.SSLError | requests.exceptions.InvalidURL)


def _never_sent(exc: requests.ConnectionError) -> bool:
    """True when the connection failed before any byte of the request left this machine."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason: object = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the cause
    return isinstance(reason, NewConnectionError | NameResolutionError | ConnectTimeoutError)


def _transport_error(
    exc: requests.RequestException, method: str, url: str, timeout: Timeout
) -> tuple[TransportError, bool]:
    """Our error for requests' exception, and whether the request may have reached the server."""
    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    if isinstance(exc, requests.ConnectTimeout):
        return RequestTimeout(
            f"{method} {url}: no connection within {connect:g} s", method=method, url=url
        ), False
    if isinstance(exc, requests.Timeout):
        return RequestTimeout(
            f"{method} {url}: no answer within {read:g} s", method=method, url=url
        ), True
    if isinstance(exc, requests.ConnectionError):
        sent = not _never_sent(exc)
        what = "the connection was dropped" if sent else "no connection could be made"
        if isinstance(exc, requests.exceptions.SSLError):
            what = "the TLS handshake failed (certificate or CA bundle)"
        return ConnectionFailed(f"{method} {url}: {what}", method=method, url=url), sent
    return ConnectionFailed(f"{method} {url}: {type(exc).__name__}", method=method, url=url), True
