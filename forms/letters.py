"""Letters to the person: the warning letter and the decision-not-to-recall letter.

English, bilingual Welsh and English (Welsh first, each complete), or easy read. The words are
in ``letter_words``; this module lays them out.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from forms import sections as s
from forms._template import build
from forms.letter_words import Block, dntr_letter, easy_read, warning_letter, warning_title
from forms.styles import (
    BANNER,
    EASY,
    EASY_BANNER,
    EASY_HEADING,
    EASY_PLAIN,
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


def _flowables(blocks: list[Block], easy: bool) -> list[Flowable]:
    body = EASY if easy else LETTER
    out: list[Flowable] = []
    for b in blocks:
        text = b.text
        if b.style == "address":
            out.append(s.p("\n".join(text), body))
        elif b.style == "reference":
            out += [s.p("\n".join(text), RIGHT), Spacer(1, 3 * mm)]
        elif b.style == "title":
            out.append(s.p(text, LETTER_TITLE))
        elif b.style == "heading":
            out.append(s.p(text, EASY_HEADING if easy else LETTER_HEADING))
        elif b.style == "banner":
            out.append(s.p(str(text).upper() if not easy else text,
                           EASY_BANNER if easy else BANNER))
        elif b.style in ("para", "plain"):
            out.append(s.p(text, body if b.style == "para" or not easy else EASY_PLAIN))
        elif b.style in ("bullets", "easy"):
            out += [Paragraph(s.escaped(line), body if easy else LETTER_BULLET, bulletText="•")
                    for line in text]
        elif b.style == "lines":
            out += [s.p(line, body) for line in text]
        elif b.style == "signature":
            name, role = text
            out += [Spacer(1, 9 * mm), s.p(name, body), s.p(role, body)]
    # How to reach the officer and the sign-off stay together on one page.
    tail = next((i for i, b in enumerate(blocks) if b.style == "heading"
                 and b.text in ("How to contact me", "Sut i gysylltu â fi")), None)
    if tail is not None:
        cut = len(_flowables(blocks[:tail], easy))
        out = [*out[:cut], KeepTogether(out[cut:])]
    return out


def letter_flowables(facts: LetterFacts, kind: str, variant: str) -> list[Flowable]:
    """The letter's content for ``variant``: "" (English), "cy" or "easy-read"."""
    words = warning_letter if kind == "warning-letter" else dntr_letter
    if variant == "cy":
        return [*_flowables(words(facts, "cy"), False), PageBreak(),
                *_flowables(words(facts, "en"), False)]
    if variant == "easy-read":
        return _flowables(easy_read(words(facts, "en")), True)
    return _flowables(words(facts, "en"), False)


def letter_title(facts: LetterFacts, kind: str, variant: str) -> str:
    """The document title (for the header and the PDF's metadata)."""
    en, cy = TITLES[kind]
    if kind == "warning-letter":
        en = f"{TITLES[kind][0]}: {warning_title(facts, 'en').lower()}"
        cy = f"{TITLES[kind][1]}: {warning_title(facts, 'cy').lower()}"
    return f"{cy} / {en}" if variant == "cy" else en


def render_letter(inputs: PackInputs) -> bytes:
    """A warning letter or a decision-not-to-recall letter as PDF bytes."""
    facts = inputs.letter
    assert facts is not None
    return build(letter_flowables(facts, inputs.kind, inputs.variant),
                 title=letter_title(facts, inputs.kind, inputs.variant),
                 person=inputs.person.name, crn=inputs.person.crn, author=inputs.officer,
                 dated=facts.dated, policy_version=inputs.policy_version,
                 version=inputs.version,
                 with_contents=False, letter=True, welsh=inputs.variant == "cy")
