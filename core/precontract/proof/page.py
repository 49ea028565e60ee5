"""The layout of a proof: one A4 page of titled sections and labelled rows, in the shipped
DejaVu Sans (``fonts/README.md``), as PDF/A-3u."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from precontract.i18n import Language, translate

__all__ = ["FONTS", "Page"]

FONTS = Path(__file__).parent / "fonts"  # the same folder as precontract.proof.render.FONTS


class Page:
    """One A4 page: a title, labelled rows in sections, a footer with the integrity code."""

    LABEL_WIDTH = 66.0
    MARGIN = 16.0
    LINE = 4.7

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        pdf = FPDF(format="A4", unit="mm", enforce_compliance="PDF/A-3U")
        pdf.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        pdf.set_auto_page_break(auto=False)
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.add_page()
        self.pdf = pdf
        self.content_bottom = 0.0

    def t(self, key: str, **params: Any) -> str:
        return translate(f"proof.{key}", self.lang, **params)

    @property
    def width(self) -> float:
        return float(self.pdf.epw)

    def title(self, title: str, subtitle: str) -> None:
        pdf = self.pdf
        pdf.set_font("DejaVu", "B", 17)
        pdf.set_text_color(20, 40, 80)
        pdf.cell(0, 9, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("DejaVu", "", 9.5)
        pdf.set_text_color(90, 90, 90)
        pdf.cell(0, 6, subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)

    def notice(self, text: str) -> None:
        """The boxed sentence that says what this document is (and is not)."""
        pdf = self.pdf
        pdf.set_font("DejaVu", "B", 9)
        pdf.set_text_color(110, 60, 0)
        pdf.set_fill_color(255, 244, 214)
        pdf.set_draw_color(225, 170, 60)
        pdf.multi_cell(
            0,
            4.4,
            text,
            border=1,
            fill=True,
            padding=2,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(2)

    def section(self, heading: str) -> None:
        pdf = self.pdf
        pdf.ln(1.5)
        pdf.set_font("DejaVu", "B", 11)
        pdf.set_text_color(20, 40, 80)
        pdf.cell(0, 6.5, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(20, 40, 80)
        pdf.set_line_width(0.3)
        y = pdf.get_y()
        pdf.line(self.MARGIN, y, self.MARGIN + self.width, y)
        pdf.ln(1.2)

    def row(self, label: str, value: str, *, bold: bool = False) -> None:
        pdf = self.pdf
        top = pdf.get_y()
        pdf.set_font("DejaVu", "", 9)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(
            self.LABEL_WIDTH - 2, self.LINE, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        label_bottom = pdf.get_y()
        pdf.set_xy(self.MARGIN + self.LABEL_WIDTH, top)
        pdf.set_font("DejaVu", "B" if bold else "", 9.5)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(
            self.width - self.LABEL_WIDTH,
            self.LINE,
            value,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_y(max(pdf.get_y(), label_bottom))

    def subheading(self, text: str) -> None:
        pdf = self.pdf
        pdf.set_font("DejaVu", "B", 10)
        pdf.set_text_color(0, 0, 0)
        pdf.cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str, *, size: float = 9, bullet: bool = False) -> None:
        pdf = self.pdf
        pdf.set_font("DejaVu", "", size)
        pdf.set_text_color(0, 0, 0)
        if bullet:
            pdf.cell(5, self.LINE, "•")
            pdf.multi_cell(
                self.width - 5, self.LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        else:
            pdf.multi_cell(0, self.LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def footer(self, code: str, note: str, made_by: str) -> None:
        """The integrity code in a box after the content; who made the file at the page's foot."""
        pdf = self.pdf
        pdf.ln(4)
        top = pdf.get_y()
        pdf.set_draw_color(20, 40, 80)
        pdf.set_fill_color(236, 241, 250)
        pdf.rect(self.MARGIN, top, self.width, 17, style="DF")
        pdf.set_xy(self.MARGIN + 3, top + 2)
        pdf.set_font("DejaVu", "B", 9)
        pdf.set_text_color(20, 40, 80)
        pdf.cell(self.LABEL_WIDTH - 3, 6, self.t("integrity"))
        pdf.set_font("DejaVu", "B", 14)
        pdf.cell(0, 6, code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_x(self.MARGIN + 3)
        pdf.set_font("DejaVu", "", 7.5)
        pdf.set_text_color(60, 60, 60)
        pdf.multi_cell(self.width - 6, 3.5, note, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.content_bottom = max(float(pdf.get_y()), top + 17)
        pdf.set_y(pdf.h - self.MARGIN + 4)
        pdf.set_font("DejaVu", "", 7)
        pdf.set_text_color(110, 110, 110)
        pdf.cell(0, 4, made_by)

    def fits(self) -> bool:
        """The content ended above the foot line (the proof must stay one page)."""
        return self.content_bottom <= self.pdf.h - self.MARGIN + 2
