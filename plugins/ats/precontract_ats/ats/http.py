"""The one small HTTP layer every outbound ATS call goes through.

- a ``(connect, read)`` timeout on every call and a ``User-Agent``;
- bounded retries with exponential backoff and jitter, only where repeating is safe: any call the
  ATS refused with 429/503 (not applied; ``Retry-After`` honoured up to a ceiling), and idempotent
  calls (GET, PUT, PATCH, DELETE) on 502/504 and on connection failures;
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
from precontract.i18n import register
from precontract.masking import MaskingFilter, mask_ssins

__all__ = ["AtsError", "AtsHttp", "AtsUnreachable"]

logger = logging.getLogger(__name__)
logger.addFilter(MaskingFilter())

register(
    "connector.ats_error",
    {
        "en": "{ats} refused the call (error {status}).",
        "nl": "{ats} weigerde de oproep (fout {status}).",
        "fr": "{ats} a refusé l'appel (erreur {status}).",
    },
)
register(
    "connector.ats_unreachable",
    {
        "en": "{ats} could not be reached; the connector tries again later.",
        "nl": "{ats} was niet bereikbaar; de connector probeert het later opnieuw.",
        "fr": "{ats} était injoignable ; le connecteur réessaiera plus tard.",
    },
)

_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE"})
_RETRY_ALWAYS = frozenset({429, 503})
_RETRY_IDEMPOTENT = frozenset({502, 504})


class AtsError(PrecontractError):
    """The ATS answered with an error status."""

    message_key = "connector.ats_error"

    def __init__(self, message: str, *, ats: str, status: int, body: str = "") -> None:
        super().__init__(message, ats=ats, status=status)
        self.ats = ats
        self.status = status
        self.body = mask_ssins(body[:500])


class AtsUnreachable(PrecontractError):
    """The ATS could not be reached (DNS, refused, timeout, dropped connection)."""

    message_key = "connector.ats_unreachable"

    def __init__(self, message: str, *, ats: str) -> None:
        super().__init__(message, ats=ats)
        self.ats = ats


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())


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
    ) -> requests.Response:
        method = method.upper()
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
            if 200 <= status < 300 or (allow_redirects is False and 300 <= status < 400):
                return response
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
