"""The approval link as a QR code: PNG for screens and e-mails, SVG for web pages, and text for a
terminal.

The applicant is often in the room: the recruiter shows the code, the applicant scans it with their
phone and approves on the citizen portal. Every rendering keeps the four-module quiet zone and dark
modules on a light background, which is what phone cameras read reliably.

>>> png = qr_png("https://example.test/requests/r1")
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
>>> qr_svg("https://example.test/requests/r1").startswith("<svg")
True
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import qrcode

__all__ = ["qr_matrix", "qr_png", "qr_svg", "qr_terminal"]

_BORDER = 4  # the quiet zone the QR specification asks for


def _code(url: str, *, box_size: int = 10) -> qrcode.QRCode:
    # qrcode is imported with the first code drawn: it imports PIL, a third of a second, which a
    # web app or a worker importing this module would otherwise pay at start.
    import qrcode
    import qrcode.constants

    if not url:
        raise ValueError("a QR code needs a link")
    if box_size < 1:
        raise ValueError("box_size must be at least 1 pixel")
    # M (15 % recovery) keeps an approval link of ~80 characters at a size phones scan easily.
    correction = qrcode.constants.ERROR_CORRECT_M
    code = qrcode.QRCode(error_correction=correction, box_size=box_size, border=_BORDER)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_png(url: str, *, box_size: int = 10) -> bytes:
    """The link as a black-on-white PNG; ``box_size`` pixels per module."""
    image = _code(url, box_size=box_size).make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(url: str) -> str:
    """The link as a standalone SVG document (one path, white background, scalable)."""
    import qrcode.image.svg

    image = _code(url).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return str(image.to_string(encoding="unicode"))


def qr_matrix(url: str) -> list[list[bool]]:
    """The modules of the code, quiet zone included; ``True`` is a dark module."""
    return [list(row) for row in _code(url).get_matrix()]


# Two modules per character cell (upper and lower half), so the code stays square on screen.
_HALF_BLOCKS = {(False, False): "█", (False, True): "▀", (True, False): "▄", (True, True): " "}


def qr_terminal(url: str) -> str:
    """The link as text for a terminal, two modules per character cell.

    Light modules are drawn (``█``, ``▀``, ``▄``) and dark modules left blank, so the code reads
    correctly on the usual dark terminal background. For a terminal whose colours are unknown,
    draw :func:`qr_matrix` with explicit black-on-white colours instead (the CLI does).
    """
    matrix = qr_matrix(url)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    lines = []
    for top, bottom in zip(matrix[0::2], matrix[1::2], strict=True):
        lines.append("".join(_HALF_BLOCKS[(t, b)] for t, b in zip(top, bottom, strict=True)))
    return "\n".join(lines)
