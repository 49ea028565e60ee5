"""Masking of NISS/INSZ numbers in free text: log lines, exception messages, URLs.

A national number is sensitive personal data. Wherever the full number is not needed, only the
birth-date part is kept: ``85.07.30-***.**``. Every spelling :meth:`Ssin.parse
<precontract.identifiers.Ssin.parse>` accepts is masked: eleven digits in groups joined by
spaces, dots, dashes or slashes (``85-07-30-033-28``, ``85/07/30/033/28``,
``85.07.30 - 033.28``...). Numbers written the usual ways (compact, ``850730-033-28``,
``85.07.30-033.28``, the 2-2-2-3-2 groups) are masked valid or not: a mistyped number is still
somebody's number; other groupings are masked when they hold a valid NISS, so that dates and phone
numbers stay readable.

>>> mask_ssins("GET /persons/85073003328/precontractualData")
'GET /persons/85.07.30-***.**/precontractualData'
>>> mask_ssins("ssin=85.07.30-033.28&x=1")
'ssin=85.07.30-***.**&x=1'
>>> mask_ssins("typed 85/07/30/033/28 or 85.07.30 - 033.28")
'typed 85.07.30-***.** or 85.07.30-***.**'
>>> mask_ssins("enterprise 0403019261 stays, so does 01/10/2026 - 31/12/2026")
'enterprise 0403019261 stays, so does 01/10/2026 - 31/12/2026'
"""

from __future__ import annotations

import logging
import re

__all__ = ["MaskingFilter", "mask_ssin", "mask_ssins"]

# Digit groups joined by the separators Ssin.parse removes (whitespace . - /), any number of each.
_RUN = re.compile(r"[0-9]+(?:[\s./-]+[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
# The group lengths of the usual ways of writing an NISS: masked even when not valid.
_USUAL_GROUPS = {(11,), (6, 5), (6, 3, 2), (2, 2, 2, 5), (2, 2, 2, 3, 2)}
_DIGITS = 11


def mask_ssin(compact: str) -> str:
    """Mask a compact 11-digit NISS: ``85073003328`` → ``85.07.30-***.**``."""
    return f"{compact[0:2]}.{compact[2:4]}.{compact[4:6]}-***.**"


def _mask_run(run: str) -> str:
    """Mask every window of whole digit groups of ``run`` that spells an NISS."""
    if len(run) < _DIGITS:
        return run  # fewer than eleven digits: a host, a port, an enterprise number (each call)
    groups = list(_GROUP.finditer(run))
    pieces: list[str] = []
    done = 0  # how much of ``run`` is in ``pieces``
    first = 0
    while first < len(groups):
        total, last = 0, first
        while last < len(groups) and total < _DIGITS:
            total += len(groups[last][0])
            last += 1
        # Whole groups only: eleven digits inside a longer group (a 12-digit reference) are not
        # a number someone wrote as an NISS.
        window = groups[first:last]
        digits = "".join(g[0] for g in window)
        if total == _DIGITS and (
            tuple(len(g[0]) for g in window) in _USUAL_GROUPS or _valid_ssin(digits)
        ):
            pieces.append(run[done : window[0].start()])
            pieces.append(mask_ssin(digits))
            done = window[-1].end()
            first = last
        else:
            first += 1
    pieces.append(run[done:])
    return "".join(pieces)


def _valid_ssin(digits: str) -> bool:
    # Imported here: python-stdnum's util imports ssl and pydoc (for its online lookups), about
    # half of what `import precontract` would cost, and most texts hold no unusual 11 digits.
    from stdnum.be import ssn

    return bool(ssn.is_valid(digits))


def mask_ssins(text: str) -> str:
    """Mask every NISS in ``text``, in any spelling :meth:`Ssin.parse` accepts."""
    if not text:
        return text
    return _RUN.sub(lambda m: _mask_run(m[0]), text)


class MaskingFilter(logging.Filter):
    """A logging filter that masks NISS numbers in every record passing through it.

    The core's loggers (``precontract.*``) carry it already; a host may add it to its own
    handlers too: ``handler.addFilter(MaskingFilter())``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_ssins(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
