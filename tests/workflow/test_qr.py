"""The QR code of an approval link decodes back to that exact link, in every rendering."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from precontract.qr import qr_matrix, qr_png, qr_svg, qr_terminal

LINK = "http://127.0.0.1:8765/portal/requests/8f0c2a4e-6b1d-4c3e-9a7f-2d5b8e1c0f93"


def _decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def _image_from_matrix(matrix: list[list[bool]], scale: int = 8) -> Image.Image:
    size = len(matrix)
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle((x * scale, y * scale, (x + 1) * scale - 1, (y + 1) * scale - 1), 0)
    return image


def test_png_decodes_to_the_link() -> None:
    image = Image.open(io.BytesIO(qr_png(LINK)))
    assert image.format == "PNG"
    assert _decode(image) == [LINK]


def test_png_box_size_scales_the_image() -> None:
    small = Image.open(io.BytesIO(qr_png(LINK, box_size=2)))
    large = Image.open(io.BytesIO(qr_png(LINK, box_size=12)))
    assert large.size[0] == small.size[0] * 6
    assert _decode(large.convert("L")) == [LINK]


_SQUARE = re.compile(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H[\d.]+z")


def test_svg_decodes_to_the_link_once_rasterised() -> None:
    svg = qr_svg(LINK)
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag.endswith("svg")
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert width == height
    # A white background is part of the document: the code stays readable on a dark page.
    rect = next(el for el in root if el.tag.endswith("rect"))
    assert rect.attrib["fill"] == "white"
    path = next(el for el in root if el.tag.endswith("path"))
    size = int(width)
    matrix = [[False] * size for _ in range(size)]
    squares = _SQUARE.findall(path.attrib["d"])
    assert squares, "the SVG path holds no modules"
    for x0, y0, x1, y1 in squares:
        for y in range(int(float(y0)), int(float(y1))):
            for x in range(int(float(x0)), int(float(x1))):
                matrix[y][x] = True
    assert _decode(_image_from_matrix(matrix)) == [LINK]


def test_terminal_rendering_decodes_to_the_link() -> None:
    text = qr_terminal(LINK)
    lines = text.split("\n")
    assert len({len(line) for line in lines}) == 1, "ragged lines would skew the code"
    # Drawn characters are light modules; blanks are dark (for a dark terminal background).
    upper = {"█": False, "▀": False, "▄": True, " ": True}
    lower = {"█": False, "▀": True, "▄": False, " ": True}
    matrix: list[list[bool]] = []
    for line in lines:
        matrix.append([upper[ch] for ch in line])
        matrix.append([lower[ch] for ch in line])
    assert _decode(_image_from_matrix(matrix)) == [LINK]


def test_matrix_keeps_the_quiet_zone() -> None:
    matrix = qr_matrix(LINK)
    assert len(matrix) == len(matrix[0])
    for edge in (
        matrix[:4],
        matrix[-4:],
        [row[:4] for row in matrix],
        [row[-4:] for row in matrix],
    ):
        assert not any(any(row) for row in edge)


@settings(max_examples=25, deadline=None)
@given(
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=120)
)
def test_any_link_round_trips(tail: str) -> None:
    url = "https://toegangtotmijndata.example/requests/" + tail
    assert _decode(Image.open(io.BytesIO(qr_png(url, box_size=4)))) == [url]


@pytest.mark.parametrize("render", [qr_png, qr_svg, qr_terminal])
def test_an_empty_link_is_refused(render: object) -> None:
    with pytest.raises(ValueError, match="link"):
        render("")  # type: ignore[operator]
