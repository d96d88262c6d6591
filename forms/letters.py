"""Letters to the person: the warning letter and the decision-not-to-recall letter.

English, bilingual Welsh and English (Welsh first, each complete), or Easy Read in English or
in Welsh and English (the same order). The words are in ``letter_words`` and
``easy_read_words``; this module lays out the standard letters and hands Easy Read to
``easy_read``.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from forms import sections as s
from forms._template import build
from forms.easy_read import easy_flowables
from forms.easy_read_words import easy_dntr_letter, easy_warning_letter
from forms.letter_words import Block, dntr_letter, warning_letter, warning_title
from forms.styles import (
    BANNER,
    LETTER,
    LETTER_BULLET,
    LETTER_HEADING,
    LETTER_TITLE,
    RIGHT,
)
from officer_desk.letters import LetterFacts
from officer_desk.packs import PackInputs

TITLES = {"warning-letter": ("Warning letter", "Llythyr rhybudd"),
          "dntr": ("Decision not to recall", "Penderfyniad i beidio â galw yn ôl")}


def _flowables(blocks: list[Block]) -> list[Flowable]:
    out: list[Flowable] = []
    for b in blocks:
        text = b.text
        if b.style == "address":
            out.append(s.p("\n".join(text), LETTER))
        elif b.style == "reference":
            out += [s.p("\n".join(text), RIGHT), Spacer(1, 3 * mm)]
        elif b.style == "title":
            out.append(s.p(text, LETTER_TITLE))
        elif b.style == "heading":
            out.append(s.p(text, LETTER_HEADING))
        elif b.style == "banner":
            out.append(s.p(str(text).upper(), BANNER))
        elif b.style in ("para", "plain"):
            out.append(s.p(text, LETTER))
        elif b.style == "bullets":
            out += [Paragraph(s.escaped(line), LETTER_BULLET, bulletText="•") for line in text]
        elif b.style == "lines":
            out += [s.p(line, LETTER) for line in text]
        elif b.style == "signature":
            name, role = text
            out += [Spacer(1, 9 * mm), s.p(name, LETTER), s.p(role, LETTER)]
    # How to reach the officer and the sign-off stay together on one page.
    tail = next((i for i, b in enumerate(blocks) if b.style == "heading"
                 and b.text in ("How to contact me", "Sut i gysylltu â fi")), None)
    if tail is not None:
        cut = len(_flowables(blocks[:tail]))
        out = [*out[:cut], KeepTogether(out[cut:])]
    return out


def letter_flowables(facts: LetterFacts, kind: str, variant: str) -> list[Flowable]:
    """The letter's content for ``variant``: "" (English), "cy", "easy-read" or "easy-read-cy".

    A Welsh form is the Welsh letter then the English one, each complete, from a new page.
    """
    if variant in ("easy-read", "easy-read-cy"):
        easy = easy_warning_letter if kind == "warning-letter" else easy_dntr_letter
        english = easy_flowables(easy(facts, "en"), "en")
        if variant == "easy-read-cy":
            return [*easy_flowables(easy(facts, "cy"), "cy"), PageBreak(), *english]
        return english
    words = warning_letter if kind == "warning-letter" else dntr_letter
    if variant == "cy":
        return [*_flowables(words(facts, "cy")), PageBreak(), *_flowables(words(facts, "en"))]
    return _flowables(words(facts, "en"))


def letter_title(facts: LetterFacts, kind: str, variant: str) -> str:
    """The document title (for the header and the PDF's metadata)."""
    en, cy = TITLES[kind]
    if kind == "warning-letter":
        en = f"{TITLES[kind][0]}: {warning_title(facts, 'en').lower()}"
        cy = f"{TITLES[kind][1]}: {warning_title(facts, 'cy').lower()}"
    if variant.startswith("easy-read"):
        en, cy = f"{en} (easy read)", f"{cy} (hawdd ei ddeall)"
    return f"{cy} / {en}" if variant.endswith("cy") else en


def render_letter(inputs: PackInputs) -> bytes:
    """A warning letter or a decision-not-to-recall letter as PDF bytes."""
    facts = inputs.letter
    assert facts is not None
    return build(letter_flowables(facts, inputs.kind, inputs.variant),
                 title=letter_title(facts, inputs.kind, inputs.variant),
                 person=inputs.person.name, crn=inputs.person.crn, author=inputs.officer,
                 dated=facts.dated, policy_version=inputs.policy_version,
                 version=inputs.version,
                 with_contents=False, letter=True, welsh=inputs.variant.endswith("cy"))
