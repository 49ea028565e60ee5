"""Masking of NISS/INSZ numbers in free text: log lines, exception messages, URLs.

A national number is sensitive personal data. Wherever the full number is not needed, only the
birth-date part is kept: ``85.07.30-***.**``. Any 11-digit run shaped like an NISS (written
compact or with the usual dots and dash) is masked, valid or not: a mistyped number is still
somebody's number.

>>> mask_ssins("GET /persons/85073003328/precontractualData")
'GET /persons/85.07.30-***.**/precontractualData'
>>> mask_ssins("ssin=85.07.30-033.28&x=1")
'ssin=85.07.30-***.**&x=1'
>>> mask_ssins("enterprise 0403019261 stays")
'enterprise 0403019261 stays'
"""

from __future__ import annotations

import logging
import re

__all__ = ["MaskingFilter", "mask_ssin", "mask_ssins"]

# Six date digits, optional separators, three serial digits, two check digits; not part of a
# longer digit run (so a 12-digit reference is left alone).
_SSIN_RE = re.compile(r"(?<!\d)(\d{2})[.\s]?(\d{2})[.\s]?(\d{2})[-.\s]?(\d{3})[.\s]?(\d{2})(?!\d)")


def mask_ssin(compact: str) -> str:
    """Mask a compact 11-digit NISS: ``85073003328`` → ``85.07.30-***.**``."""
    return f"{compact[0:2]}.{compact[2:4]}.{compact[4:6]}-***.**"


def mask_ssins(text: str) -> str:
    """Mask every NISS-shaped number in ``text``."""
    if not text:
        return text
    return _SSIN_RE.sub(lambda m: f"{m[1]}.{m[2]}.{m[3]}-***.**", text)


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
