"""The access log, without secrets: one line per request (method, path, status, milliseconds),
where the recruiter page's token is replaced by ``<token>`` and a query string keeps its names
only (``?key=…``: Bullhorn's tab key, a cancel link's signature, …).

``serve`` turns uvicorn's own access log off (it writes the whole URL): this one takes its place.

>>> redact("/r/AbC123-_x/status", "lang=en&key=s3cret")
'/r/<token>/status?lang=…&key=…'
>>> redact("/ats/bullhorn/4/tab", "")
'/ats/bullhorn/4/tab'
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import Response

from precontract.masking import mask_ssins

__all__ = ["log_requests", "redact"]

logger = logging.getLogger("precontract_ats.access")

_TOKEN = re.compile(r"^/r/[^/]+")


def redact(path: str, query: str) -> str:
    """``path`` and ``query`` as a log line may show them."""
    shown = mask_ssins(_TOKEN.sub("/r/<token>", path))
    if not query:
        return shown
    names = [name for name, _ in parse_qsl(query, keep_blank_values=True)]
    return shown + "?" + "&".join(f"{name[:40]}=…" for name in names)


async def log_requests(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    started = time.perf_counter()
    status = 500
    try:
        response = await call_next(request)
        status = response.status_code
        return response
    finally:
        logger.info(
            '%s "%s %s" %s %.0f ms',
            request.client.host if request.client else "-",
            request.method,
            redact(request.url.path, request.url.query),
            status,
            (time.perf_counter() - started) * 1000,
        )
