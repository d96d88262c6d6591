"""One entry point for every document: domain inputs in, PDF bytes out (optionally AES-256)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

from pypdf import PdfReader, PdfWriter

from forms.breach_pack import render_breach_pack
from forms.case_records import render_home_visit, render_sentence_plan
from forms.recall_pack import render_recall_pack
from forms.warning_letter import render_warning_letter
from officer_desk.packs import PackInputs

RENDERERS: dict[str, Callable[[PackInputs, datetime], bytes]] = {
    "breach": render_breach_pack,
    "pss-breach": render_breach_pack,
    "recall": render_recall_pack,
    "warning-letter": render_warning_letter,
    "sentence-plan": render_sentence_plan,
    "home-visit": render_home_visit,
}


def protect(pdf: bytes, password: str) -> bytes:
    """Encrypt with AES-256 so the file opens only with the password."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_pack(inputs: PackInputs, generated_at: datetime, password: str | None = None) -> bytes:
    """The document for ``inputs.kind``."""
    pdf = RENDERERS[inputs.kind](inputs, generated_at)
    return protect(pdf, password) if password else pdf
