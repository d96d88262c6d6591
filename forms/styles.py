"""Paragraph and table styles shared by every document."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from forms.fonts import BOLD, REGULAR, register_fonts

register_fonts()

INK = colors.HexColor("#1b1b1b")
RULE = colors.HexColor("#8a8a8a")
SHADE = colors.HexColor("#eef0f3")
ALERT = colors.HexColor("#8b1a1a")

BODY = ParagraphStyle("Body", fontName=REGULAR, fontSize=10, leading=13.5, textColor=INK,
                      spaceAfter=5)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=8.5, leading=11, spaceAfter=2)
# Table cells never break a word across lines: columns are sized for the words they hold.
CELL = ParagraphStyle("Cell", parent=BODY, fontSize=9, leading=11.5, spaceAfter=0,
                      splitLongWords=0)
CELL_BOLD = ParagraphStyle("CellBold", parent=CELL, fontName=BOLD)
TITLE = ParagraphStyle("Title", parent=BODY, fontName=BOLD, fontSize=20, leading=25,
                       spaceAfter=10)
SUBTITLE = ParagraphStyle("Subtitle", parent=BODY, fontSize=12, leading=16, spaceAfter=14)
H1 = ParagraphStyle("H1", parent=BODY, fontName=BOLD, fontSize=14, leading=18, spaceBefore=6,
                    spaceAfter=8)
H2 = ParagraphStyle("H2", parent=BODY, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8,
                    spaceAfter=4)
BANNER = ParagraphStyle("Banner", parent=BODY, fontName=BOLD, fontSize=12, leading=16,
                        alignment=TA_CENTER, textColor=ALERT, borderColor=ALERT, borderWidth=1.2,
                        borderPadding=6, spaceBefore=8, spaceAfter=12)
RIGHT = ParagraphStyle("Right", parent=BODY, alignment=TA_RIGHT)
MARKING = ParagraphStyle("Marking", parent=BODY, fontName=BOLD, alignment=TA_CENTER,
                         fontSize=11)
# Headings are kept with what follows by a conditional page break put before each (see
# ``_template.keep_headings``), not by keepWithNext: ReportLab moves a heading kept with a
# long table to a new page whole, leaving the page before it holding only a heading.
HEADINGS = ("H1", "H2", "LetterHeading", "EasyHeading")

# The contents page's own title: styled as a heading but not itself a contents entry.
CONTENTS_TITLE = ParagraphStyle("ContentsTitle", parent=H1)
TOC_0 = ParagraphStyle("TOC0", parent=BODY, fontSize=11, leading=16, leftIndent=0)

GRID = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
])
HEADED_GRID = TableStyle([
    *GRID.getCommands(),
    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
])
KEY_VALUE = TableStyle([
    *GRID.getCommands(),
    ("BACKGROUND", (0, 0), (0, -1), SHADE),
])

# Letters to the person: larger type, more air; easy read larger again, one line per idea.
LETTER = ParagraphStyle("Letter", parent=BODY, fontSize=11.5, leading=16, spaceAfter=6)
LETTER_BULLET = ParagraphStyle("LetterBullet", parent=LETTER, leftIndent=5 * mm, bulletIndent=0)
LETTER_TITLE = ParagraphStyle("LetterTitle", parent=LETTER, fontName=BOLD, fontSize=16,
                              leading=21, spaceBefore=6, spaceAfter=8)
LETTER_HEADING = ParagraphStyle("LetterHeading", parent=LETTER, fontName=BOLD, fontSize=12.5,
                                leading=17, spaceBefore=8, spaceAfter=3, keepWithNext=1)
# Easy Read: 14 pt at least, wide line spacing, bold for the facts, never capitals or italics
# (Department of Health, "Making written information easier to understand", 2010).
EASY = ParagraphStyle("EasyRead", parent=LETTER, fontSize=14, leading=21, spaceAfter=4)
EASY_PLAIN = ParagraphStyle("EasyPlain", parent=EASY, spaceBefore=4, spaceAfter=8)
EASY_RIGHT = ParagraphStyle("EasyRight", parent=EASY, alignment=TA_RIGHT, spaceAfter=6)
EASY_TITLE = ParagraphStyle("EasyTitle", parent=EASY, fontName=BOLD, fontSize=20, leading=26,
                            spaceBefore=6, spaceAfter=10)
EASY_HEADING = ParagraphStyle("EasyHeading", parent=EASY, fontName=BOLD, fontSize=16, leading=22,
                              spaceBefore=12, spaceAfter=6, keepWithNext=1)
