"""One entry point for every document: domain inputs in, PDF bytes out (optionally AES-256).

A breach pack's warning letters are the stored copies as issued: the layout leaves a blank page
for each page of each stored letter, and the stored pages are laid onto those pages afterwards,
with the pack's own page number stamped in the top margin.
"""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from forms._template import MARGIN, build
from forms.breach_pack import breach_story
from forms.case_records import render_home_visit, render_sentence_plan
from forms.fonts import REGULAR
from forms.letters import render_letter
from forms.readiness_report import render_readiness
from forms.recall_pack import recall_story
from officer_desk.packs import PackInputs


def protect(pdf: bytes, password: str) -> bytes:
    """Encrypt with AES-256 so the file opens only with the password."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _stamp(text: str) -> Any:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont(REGULAR, 8)
    canvas.drawRightString(A4[0] - MARGIN, A4[1] - 6 * mm, text)
    canvas.showPage()
    canvas.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


def _lay_copies(pdf: bytes, marks: dict[str, list[int]],
                stored: dict[str, tuple[Any, bytes]], title: str) -> bytes:
    """Lay each stored letter's pages onto the pages reserved for them."""
    reserved = {key: pages[0] for key, pages in marks.items() if key.startswith("copy:")}
    if not reserved:
        return pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    total = len(writer.pages)
    sources = {wid: PdfReader(io.BytesIO(data)) for wid, (_meta, data) in stored.items()}
    for key, page_no in sorted(reserved.items(), key=lambda kv: kv[1]):
        _, warning_id, index = key.split(":")
        target = writer.pages[page_no - 1]
        target.merge_page(sources[warning_id].pages[int(index)])
        target.merge_page(_stamp(f"{title}: page {page_no} of {total} (copy as issued)"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_pack(inputs: PackInputs, password: str | None = None) -> bytes:
    """The document for ``inputs.kind``."""
    kind = inputs.kind
    if kind in ("warning-letter", "dntr"):
        pdf = render_letter(inputs)
    elif kind in ("breach", "pss-breach"):
        holder: dict[str, Any] = {}
        marks: dict[str, list[int]] = {}
        pdf = build(breach_story(inputs, holder), title=inputs.title, person=inputs.person.name,
                    crn=inputs.person.crn, author=inputs.officer, dated=inputs.on,
                    policy_version=inputs.policy_version,
                    version=inputs.version, with_contents=True, marks=marks,
                    holder=holder)
        pdf = _lay_copies(pdf, marks, inputs.stored_letters, inputs.title)
    elif kind == "recall":
        pdf = build(recall_story(inputs), title=inputs.title, person=inputs.person.name,
                    crn=inputs.person.crn, author=inputs.officer, dated=inputs.on,
                    policy_version=inputs.policy_version,
                    version=inputs.version, with_contents=True, draft=inputs.draft)
    elif kind == "sentence-plan":
        pdf = render_sentence_plan(inputs)
    elif kind == "readiness":
        pdf = render_readiness(inputs)
    else:
        pdf = render_home_visit(inputs)
    return protect(pdf, password) if password else pdf
