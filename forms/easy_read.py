"""Lays out an Easy Read letter: a picture to the left of each point, the words to its right.

The words are in ``easy_read_words``; the pictures in ``pictograms``. Each point is a one-row
table, so a picture never lands on a different page from its words, with plenty of space
between points, as the Easy Read guidance asks.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from forms import sections as s
from forms.easy_read_text import BOLD_OFF, BOLD_ON, Item, Row
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


KEEP_ROWS = 4  # a section this short is never split between pages


def easy_flowables(items: list[Item], lang: str) -> list[Flowable]:
    """The letter's flowables, a short section (a heading and its rows) kept on one page.

    A reader should not turn the page between "Your next appointment" and its time and place;
    the last section (how to reach the officer, and the sign-off) always stays whole. A long
    section (what the court can do) flows on, a whole row at a time.
    """
    sections: list[list[Flowable]] = [[]]
    rows = [0]
    for item in items:
        if isinstance(item, Row):
            sections[-1].append(row(item, lang))
            rows[-1] += 1
            continue
        text = item.text
        if item.style == "address":
            sections[-1] += [s.p("\n".join(text), EASY), Spacer(1, 2 * mm)]
        elif item.style == "reference":
            sections[-1] += [s.p("\n".join(text), EASY_RIGHT), Spacer(1, 2 * mm)]
        elif item.style == "title":
            sections[-1].append(s.p(text, EASY_TITLE))
        elif item.style == "heading":
            sections.append([s.p(text, EASY_HEADING)])
            rows.append(0)
        elif item.style == "plain":
            sections[-1].append(s.p(text, EASY_PLAIN))
    out: list[Flowable] = list(sections[0])
    for number, (section, count) in enumerate(zip(sections, rows, strict=True)):
        if number == 0:
            continue
        whole = count <= KEEP_ROWS or number == len(sections) - 1
        out += [KeepTogether(section)] if whole else section
    return out

