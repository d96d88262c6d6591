"""The page template every document shares: marking, case reference, "Page n of m".

A ``BaseDocTemplate`` with a cover and a body page template; the header names the document,
the section the page starts in, and the person (CRN first: the reference courts and PPCS file
by), each cut to fit; the footer carries the OFFICIAL-SENSITIVE marking, the policy version,
the date the document speaks as at, and "Page n of m" drawn by a canvas that knows the page
count. No printing time appears anywhere: a document is dated by its decision or its letter
date, and ``invariant=1`` makes the bytes the same for the same record.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
)
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from forms.fonts import BOLD, REGULAR
from forms.styles import H1, HEADINGS, TOC_0
from officer_desk.dates import uk_date

MARKING = "OFFICIAL-SENSITIVE"
# A Welsh letter's pages are Welsh first throughout, their furniture included.
MARKING_CY = "SWYDDOGOL-SENSITIF / OFFICIAL-SENSITIVE"
MARGIN = 18 * mm


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so it fits ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _NumberedCanvas(Canvas):
    """Defers page output so each page can say "Page n of m" (ReportLab's two-pass recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []
        self._template: Any = None

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        # ReportLab takes the template away before the canvas is saved: kept here, so the pages
        # that hold a stored copy (with its own page numbers) are known when numbering.
        self._template = getattr(self, "_doctemplate", self._template)
        self._saved.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._saved)
        doc = self._template
        copies = doc.copy_pages() if isinstance(doc, PackDocTemplate) else set()
        for state in self._saved:
            self.__dict__.update(state)
            if self.getPageNumber() not in copies:  # a stored copy keeps its own page furniture
                self.setFont(REGULAR, 8)
                n = self.getPageNumber()
                label = (f"Tudalen {n} o {total} / Page {n} of {total}"
                         if getattr(doc, "welsh", False) else f"Page {n} of {total}")
                self.drawRightString(A4[0] - MARGIN, 10 * mm, label)
            super().showPage()
        super().save()


class PackDocTemplate(BaseDocTemplate):
    """A4 document with a cover page and body pages, header, footer and contents entries."""

    def __init__(self, buffer: io.BytesIO, *, title: str, person: str, crn: str, author: str,
                 dated: date, policy_version: str, subject: str = "",
                 letter: bool = False, welsh: bool = False, version: int = 1,
                 draft: str = "") -> None:
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=24 * mm, bottomMargin=20 * mm, title=title, author=author,
                         subject=subject or f"{title}: {person} ({crn})",
                         creator="Officer Desk", producer="Officer Desk", invariant=1,
                         keywords=[MARKING, crn])
        self.doc_title = title
        self.person = person
        self.crn = crn
        self.dated = dated
        self.policy_version = policy_version
        self.letter = letter
        self.welsh = welsh
        self.version = version
        self.draft = draft
        self.marking = MARKING_CY if welsh else MARKING
        self.section = ""
        self.page_section = ""
        self.page_started = False
        self._entries = 0
        # Filled in by later passes: pages that hold stored copies, the statement's page span.
        self.marks: dict[str, list[int]] = {}
        self.previous_marks: dict[str, list[int]] = {}
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([
            # Decorated at the page's end, so the header names the section the page holds.
            PageTemplate(id="cover", frames=[frame], onPage=self._page_start,
                         onPageEnd=self._decorate),
            PageTemplate(id="body", frames=[frame], onPage=self._page_start,
                         onPageEnd=self._decorate),
            # A page left blank for a stored copy (an issued letter) laid over it afterwards.
            PageTemplate(id="copy", frames=[frame]),
        ])

    def _page_start(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        self.page_section = self.section
        self.page_started = True
        if self.draft:  # drawn first, so the page's text lies over it and stays readable
            width, height = A4
            canvas.saveState()
            canvas.setFillColorRGB(0.96, 0.86, 0.86)
            canvas.setFont(BOLD, 110)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, -40, "DRAFT")
            canvas.restoreState()

    def _decorate(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont(BOLD, 9)
        canvas.drawCentredString(width / 2, height - 11 * mm, self.marking)
        if self.draft:  # on every page, where no reader can miss it
            canvas.setFillColorRGB(0.6, 0.1, 0.1)
            canvas.drawCentredString(width / 2, height - 7 * mm, fit(self.draft, BOLD, 9,
                                                                    width - 2 * MARGIN))
            canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(REGULAR, 8)
        right = fit(f"{self.crn}  {self.person}", REGULAR, 8, 62 * mm)
        right_width = stringWidth(right, REGULAR, 8)
        left = self.doc_title + (f" — {self.page_section}" if self.page_section
                                 and self.page_section != self.doc_title else "")
        canvas.drawString(MARGIN, height - 16 * mm,
                          fit(left, REGULAR, 8, width - 2 * MARGIN - right_width - 6 * mm))
        canvas.drawRightString(width - MARGIN, height - 16 * mm, right)
        canvas.setStrokeGray(0.6)
        canvas.line(MARGIN, height - 18 * mm, width - MARGIN, height - 18 * mm)
        canvas.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
        if self._in_statement():
            canvas.setFont(REGULAR, 9)
            canvas.drawString(MARGIN, 17 * mm, "Signed: ................................................"
                                               "   (witness)")
            canvas.setFont(REGULAR, 8)
        if not self.letter:
            issue = "draft, not issued" if self.draft else f"version {self.version}"
            canvas.drawString(MARGIN, 10 * mm, f"As at {uk_date(self.dated)} · {issue} · "
                                               f"Officer Desk policy {self.policy_version}")
        elif self.version > 1:  # a letter issued again says so, as every document does
            canvas.drawString(MARGIN, 10 * mm, (f"Fersiwn {self.version} / " if self.welsh
                                                else "") + f"Version {self.version}")
        canvas.setFont(BOLD, 9)
        canvas.drawCentredString(width / 2, 6 * mm, self.marking)
        canvas.restoreState()

    def copy_pages(self) -> set[int]:
        """Pages reserved for stored copies."""
        return {page for key, pages in self.marks.items() if key.startswith("copy:")
                for page in pages}

    def _in_statement(self) -> bool:
        """This page holds part of the s9 statement (each such page is signed)."""
        start = self.marks.get("statement-start")
        end = self.marks.get("statement-end")
        return bool(start) and self.page >= start[0] and (not end or self.page <= end[0])

    def statement_pages(self) -> int | None:
        """The statement's page count from the previous layout pass (None on the first)."""
        start = self.previous_marks.get("statement-start")
        end = self.previous_marks.get("statement-end")
        return end[0] - start[0] + 1 if start and end else None

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab's name
        """Each layout pass numbers its contents entries from the start (stable bytes)."""
        self._entries = 0
        self.section = ""
        self.page_section = ""
        self.previous_marks = self.marks
        self.marks = {}

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        """Track the section for the header and feed the contents page."""
        mark = getattr(flowable, "mark", None)
        if mark:
            self.marks.setdefault(mark, []).append(self.page)
        if isinstance(flowable, Paragraph) and flowable.style.name == H1.name:
            text = flowable.getPlainText()
            self.section = text
            if self.page_started:  # the page opens with this heading: it is the page's section
                self.page_section = text
            self._entries += 1
            key = f"section-{self._entries}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0)
            self.notify("TOCEntry", (0, text, self.page, key))
        if not isinstance(flowable, ActionFlowable | CondPageBreak):
            self.page_started = False


def keep_headings(story: Sequence[Flowable]) -> list[Flowable]:
    """A heading never ends a page: before each, a page break if less than 40 mm is left."""
    out: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, Paragraph) and flowable.style.name in HEADINGS:
            out.append(CondPageBreak(40 * mm))
        out.append(flowable)
    return out


def contents() -> TableOfContents:
    """A contents list filled in on the second pass."""
    toc = TableOfContents()
    toc.levelStyles = [TOC_0]
    toc.dotsMinLevel = 0
    return toc


def build(story: Sequence[Flowable], *, title: str, person: str, crn: str, author: str,
          dated: date, policy_version: str, with_contents: bool, letter: bool = False,
          welsh: bool = False, version: int = 1, draft: str = "",
          marks: dict[str, list[int]] | None = None,
          holder: dict[str, Any] | None = None) -> bytes:
    """Lay out the story and return the PDF bytes.

    ``marks`` receives the pages of marked flowables; ``holder["doc"]`` lets a flowable read
    what the previous layout pass learnt (the statement's page count).
    """
    buffer = io.BytesIO()
    doc = PackDocTemplate(buffer, title=title, person=person, crn=crn, author=author,
                          dated=dated, policy_version=policy_version, letter=letter,
                          welsh=welsh, version=version, draft=draft)
    if holder is not None:
        holder["doc"] = doc
    if with_contents:
        doc.multiBuild(keep_headings(story), canvasmaker=_NumberedCanvas)
    else:
        doc.build(keep_headings(story), canvasmaker=_NumberedCanvas)
    if marks is not None:
        marks.update(doc.marks)
    return buffer.getvalue()
