"""The one small HTTP layer every outbound ATS call goes through.

- a ``(connect, read)`` timeout on every call and a ``User-Agent``;
- bounded retries with exponential backoff and jitter, only where repeating is safe: any call the
  ATS refused with 429/503 (not applied; the wait it asks for honoured up to a ceiling:
  ``Retry-After``, or Teamtailor's ``X-Rate-Limit-Reset``), and idempotent calls (GET, PUT,
  PATCH, DELETE) on 502/504 and on connection failures; a 429 still refused after that is
  :class:`AtsRateLimited`, so the worker backs off instead of the request thread;
- a redirect is never taken for the answer: a 307/308 is followed (same method and body) only
  to an address the caller allows (Bullhorn sends a call to the user's data centre so), a caller
  expecting a redirect (an OAuth code) says so, any other 3xx is an :class:`AtsError`;
- answers other than 2xx become :class:`AtsError` (status, and a short excerpt of the body without
  headers), connection failures :class:`AtsUnreachable`; both are ``PrecontractError`` so a caller
  catches one root;
- log lines name the method, the URL (NISS masked) and the status; never a header or a token.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

from precontract.errors import PrecontractError
from precontract.i18n import Text
from precontract.masking import MaskingFilter, mask_ssins

__all__ = ["AtsError", "AtsHttp", "AtsRateLimited", "AtsUnreachable"]

logger = logging.getLogger(__name__)
logger.addFilter(MaskingFilter())


# How much of the ATS's own answer a page quotes after the error.
_ANSWER_SHOWN = 200
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE"})
_RETRY_ALWAYS = frozenset({429, 503})
_RETRY_IDEMPOTENT = frozenset({502, 504})


def _said_for(status: int) -> str:
    """What a recruiter or an administrator is told of an ATS's refusal, by its status: what it
    means for them, the status kept in brackets for whoever reports it."""
    if status in (401, 403):
        return "connector.ats_access_refused"
    if status in (404, 410):
        return "connector.ats_not_found"
    if status in (400, 409, 422):
        return "connector.ats_rejected"
    if 500 <= status < 600:
        return "connector.ats_trouble"
    return AtsError.message_key


class AtsError(PrecontractError):
    """The ATS answered with an error status.

    Its text (``key``, else one saying what the status means: a refused access, a record the ATS
    no longer knows, a refused payload, a problem on the ATS's side) is said in the reader's
    language; what the ATS answered follows, quoted as it wrote it (shortened, NISS masked).
    """

    message_key = "connector.ats_error"

    def __init__(
        self, message: str, *, ats: str, status: int, body: str = "", key: str | None = None
    ) -> None:
        super().__init__(message, ats=ats, status=status)
        if key is not None:
            self.message_key = key
        elif type(self).message_key == AtsError.message_key:  # not a kind with its own text
            self.message_key = _said_for(status)
        self.ats = ats
        self.status = status
        self.body = mask_ssins(body[:500])

    def text(self) -> Text:
        said = super().text()
        answer = " ".join(self.body.split())
        if not answer:
            return said
        if len(answer) > _ANSWER_SHOWN:
            answer = answer[:_ANSWER_SHOWN] + "…"
        return Text("connector.ats_answered", {"error": said, "ats": self.ats, "answer": answer})


class AtsRateLimited(AtsError):
    """The ATS answered 429 and asked for a longer wait than a request may spend."""

    message_key = "connector.ats_rate_limited"

    def __init__(self, message: str, *, ats: str, retry_after: float, body: str = "") -> None:
        super().__init__(message, ats=ats, status=429, body=body)
        self.retry_after = retry_after
        self.params["seconds"] = str(int(retry_after))


class AtsUnreachable(PrecontractError):
    """The ATS could not be reached (DNS, refused, timeout, dropped connection)."""

    message_key = "connector.ats_unreachable"

    def __init__(self, message: str, *, ats: str) -> None:
        super().__init__(message, ats=ats)
        self.ats = ats


def _retry_after(response: requests.Response) -> float | None:
    """The wait the ATS asks for: ``Retry-After`` (seconds or a date, RFC 9110), else the
    seconds left in Teamtailor's rate-limit period (``X-Rate-Limit-Reset``, docs.teamtailor.com
    "Rate Limit"), an epoch time being read as one."""
    value = response.headers.get("Retry-After")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            return max(0.0, when.timestamp() - time.time())
    for name in ("X-Rate-Limit-Reset", "X-RateLimit-Reset"):
        reset = response.headers.get(name)
        if reset:
            try:
                seconds = float(reset)
            except ValueError:
                return None
            return max(0.0, seconds - time.time() if seconds > 1_000_000_000 else seconds)
    return None


class AtsHttp:
    """Sends the connector's calls to one ATS (one pooled session, thread-safe for our use)."""

    def __init__(
        self,
        ats: str,
        *,
        timeout: tuple[float, float] = (5.0, 20.0),
        max_retries: int = 2,
        backoff: float = 0.5,
        max_wait: float = 10.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.ats = ats
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.session = session or requests.Session()
        self._sleep = sleep

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        allow_redirects: bool = False,
        redirect_ok: bool = False,
        follow_to: Callable[[str], bool] | None = None,
    ) -> requests.Response:
        """One call. ``redirect_ok``: a 3xx is the answer the caller wants (an OAuth code in
        ``Location``); ``follow_to``: a 307/308 to an address it accepts is followed, at most
        three times."""
        method = method.upper()
        for _hop in range(4):
            response = self._send(
                method,
                url,
                headers=headers,
                params=params,
                json=json,
                data=data,
                allow_redirects=allow_redirects,
            )
            status = response.status_code
            target = response.headers.get("Location", "")
            if status in (307, 308) and follow_to is not None and target:
                target = requests.compat.urljoin(url, target)
                if follow_to(target):
                    # The Location is the whole target (RFC 9110 §10.2.2): its query replaces ours.
                    url, params = target, None
                    continue
            if 300 <= status < 400 and not redirect_ok:
                raise AtsError(
                    f"{self.ats}: {method} {mask_ssins(url.split('?', 1)[0])} redirected ({status})",
                    ats=self.ats,
                    status=status,
                    key="connector.ats_redirected",
                )
            return response
        raise AtsError(
            f"{self.ats}: too many redirects",
            ats=self.ats,
            status=310,
            key="connector.ats_redirected",
        )

    def _send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None,
        params: Mapping[str, Any] | None,
        json: Any,
        data: Any,
        allow_redirects: bool,
    ) -> requests.Response:
        shown = mask_ssins(url.split("?", 1)[0])
        all_headers = {"User-Agent": "precontract-connector", "Accept": "application/json"}
        all_headers.update(headers or {})
        attempt = 0
        while True:
            try:
                response = self.session.request(
                    method,
                    url,
                    headers=all_headers,
                    params=params,
                    json=json,
                    data=data,
                    timeout=self.timeout,
                    allow_redirects=allow_redirects,
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                never_sent = isinstance(exc, requests.ConnectTimeout) or (
                    isinstance(exc, requests.ConnectionError)
                    and not isinstance(exc, requests.ReadTimeout)
                    and "Connection refused" in str(exc)
                )
                if attempt < self.max_retries and (method in _IDEMPOTENT or never_sent):
                    attempt += 1
                    self._wait(attempt, None)
                    continue
                logger.warning("%s %s failed: %s", method, shown, type(exc).__name__)
                raise AtsUnreachable(
                    f"{self.ats}: {method} {shown} failed ({type(exc).__name__})", ats=self.ats
                ) from exc
            status = response.status_code
            retryable = status in _RETRY_ALWAYS or (
                status in _RETRY_IDEMPOTENT and method in _IDEMPOTENT
            )
            if retryable and attempt < self.max_retries:
                hint = _retry_after(response)
                if hint is None or hint <= self.max_wait:
                    attempt += 1
                    self._wait(attempt, hint)
                    continue
            logger.info("%s %s -> %s", method, shown, status)
            if 200 <= status < 400:
                return response
            if status == 429:
                raise AtsRateLimited(
                    f"{self.ats}: {method} {shown} answered 429",
                    ats=self.ats,
                    retry_after=_retry_after(response) or 60.0,
                    body=response.text or "",
                )
            raise AtsError(
                f"{self.ats}: {method} {shown} answered {status}",
                ats=self.ats,
                status=status,
                body=response.text or "",
            )

    def _wait(self, attempt: int, hint: float | None) -> None:
        if hint is not None:
            delay = hint
        else:
            ceiling = min(self.max_wait, self.backoff * 2 ** (attempt - 1))
            delay = ceiling / 2 + random.random() * ceiling / 2  # noqa: S311 - jitter, not crypto
        self._sleep(delay)

    def close(self) -> None:
        self.session.close()

    def __repr__(self) -> str:
        return f"AtsHttp({self.ats!r})"
