"""Lays out an Easy Read letter: a picture to the left of each point, the words to its right.

The words are in ``easy_read_words``; the pictures in ``pictograms``. Each point is a one-row
table, so a picture never lands on a different page from its words, with plenty of space
between points, as the Easy Read guidance asks.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from forms import sections as s
from forms.easy_read_words import BOLD_OFF, BOLD_ON, Item, Row
from forms.pictograms import Pictogram
from forms.styles import EASY, EASY_HEADING, EASY_PLAIN, EASY_RIGHT, EASY_TITLE

PICTURE = 20 * mm  # about 55 pixels on a 70 dpi screen: big enough to recognise
GUTTER = 6 * mm
TEXT_WIDTH = s.WIDTH - PICTURE - GUTTER

ROW_STYLE = TableStyle([
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (0, 0), GUTTER),
    ("RIGHTPADDING", (1, 0), (1, 0), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * mm),
])


def marked_up(text: str) -> str:
    """A sentence made safe for a Paragraph, its bold marks turned into <b> tags."""
    return s.escaped(text).replace(BOLD_ON, "<b>").replace(BOLD_OFF, "</b>")


def row(item: Row, lang: str) -> Table:
    """One point: the picture in the left column, each sentence a paragraph on the right."""
    words: list[Flowable] = [Paragraph(marked_up(sentence), EASY) for sentence in item.sentences]
    if item.lines:
        words.append(Paragraph("<br/>".join(f"<b>{s.escaped(line)}</b>" for line in item.lines),
                               EASY))
    table = Table([[Pictogram(item.picture, PICTURE, lang), words]],
                  colWidths=[PICTURE + GUTTER, TEXT_WIDTH], hAlign="LEFT")
    table.setStyle(ROW_STYLE)
    return table


def easy_flowables(items: list[Item], lang: str) -> list[Flowable]:
    """The letter's flowables; how to reach the officer and the sign-off stay on one page."""
    out: list[Flowable] = []
    tail: int | None = None
    for item in items:
        if isinstance(item, Row):
            out.append(row(item, lang))
            continue
        text = item.text
        if item.style == "address":
            out += [s.p("\n".join(text), EASY), Spacer(1, 2 * mm)]
        elif item.style == "reference":
            out += [s.p("\n".join(text), EASY_RIGHT), Spacer(1, 2 * mm)]
        elif item.style == "title":
            out.append(s.p(text, EASY_TITLE))
        elif item.style == "heading":
            if text in ("How to contact me", "Sut i gysylltu â fi"):
                tail = len(out)
            out.append(s.p(text, EASY_HEADING))
        elif item.style == "plain":
            out.append(s.p(text, EASY_PLAIN))
    if tail is not None:
        out = [*out[:tail], KeepTogether(out[tail:])]
    return out

