"""The page template every document shares: marking, case reference, "Page n of m".

A ``BaseDocTemplate`` with a cover and a body page template; the header names the document
and the person (CRN first: the reference courts and PPCS file by), the footer carries the
OFFICIAL-SENSITIVE marking, the policy version, the generation time and "Page n of m" drawn by
a canvas that knows the page count. ``invariant=1`` makes the bytes the same for the same input.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from forms.fonts import BOLD, REGULAR
from forms.styles import H1, TOC_0
from officer_desk.dates import uk_datetime

MARKING = "OFFICIAL-SENSITIVE"
MARGIN = 18 * mm


class _NumberedCanvas(Canvas):
    """Defers page output so each page can say "Page n of m" (ReportLab's two-pass recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self.setFont(REGULAR, 8)
            self.drawRightString(A4[0] - MARGIN, 10 * mm, f"Page {self.getPageNumber()} of {total}")
            super().showPage()
        super().save()


class PackDocTemplate(BaseDocTemplate):
    """A4 document with a cover page and body pages, header, footer and contents entries."""

    def __init__(self, buffer: io.BytesIO, *, title: str, person: str, crn: str, author: str,
                 generated_at: datetime, policy_version: str, subject: str = "") -> None:
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=24 * mm, bottomMargin=20 * mm, title=title, author=author,
                         subject=subject or f"{title}: {person} ({crn})",
                         creator="Officer Desk", producer="Officer Desk", invariant=1,
                         keywords=[MARKING, crn])
        self.doc_title = title
        self.person = person
        self.crn = crn
        self.generated_at = generated_at
        self.policy_version = policy_version
        self.section = ""
        self._entries = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([
            # Decorated at the page's end, so the header names the section the page holds.
            PageTemplate(id="cover", frames=[frame], onPageEnd=self._decorate),
            PageTemplate(id="body", frames=[frame], onPageEnd=self._decorate),
        ])

    def _decorate(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont(BOLD, 9)
        canvas.drawCentredString(width / 2, height - 11 * mm, MARKING)
        canvas.setFont(REGULAR, 8)
        canvas.drawString(MARGIN, height - 16 * mm, f"{self.doc_title}"
                          + (f" — {self.section}" if self.section and self.section != self.doc_title
                             else ""))
        canvas.drawRightString(width - MARGIN, height - 16 * mm, f"{self.crn}  {self.person}")
        canvas.setStrokeGray(0.6)
        canvas.line(MARGIN, height - 18 * mm, width - MARGIN, height - 18 * mm)
        canvas.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
        canvas.drawString(MARGIN, 10 * mm, f"Generated {uk_datetime(self.generated_at)} · "
                                           f"Officer Desk policy {self.policy_version}")
        canvas.setFont(BOLD, 9)
        canvas.drawCentredString(width / 2, 6 * mm, MARKING)
        canvas.restoreState()

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab's name
        """Each layout pass numbers its contents entries from the start (stable bytes)."""
        self._entries = 0
        self.section = ""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        """Track the section for the header and feed the contents page."""
        if isinstance(flowable, Paragraph) and flowable.style.name == H1.name:
            text = flowable.getPlainText()
            self.section = text
            self._entries += 1
            key = f"section-{self._entries}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0)
            self.notify("TOCEntry", (0, text, self.page, key))


def contents() -> TableOfContents:
    """A contents list filled in on the second pass."""
    toc = TableOfContents()
    toc.levelStyles = [TOC_0]
    toc.dotsMinLevel = 0
    return toc


def build(story: Sequence[Flowable], *, title: str, person: str, crn: str, author: str,
          generated_at: datetime, policy_version: str, with_contents: bool) -> bytes:
    """Lay out the story and return the PDF bytes."""
    buffer = io.BytesIO()
    doc = PackDocTemplate(buffer, title=title, person=person, crn=crn, author=author,
                          generated_at=generated_at, policy_version=policy_version)
    if with_contents:
        doc.multiBuild(list(story), canvasmaker=_NumberedCanvas)
    else:
        doc.build(list(story), canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
