"""Easy Read letters read back as printed: short sentences, hard words said plainly, a picture
beside every point, the same facts as the standard letter, in English and in Welsh."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from forms.easy_read_text import Row, plain
from forms.easy_read_words import easy_dntr_letter, easy_warning_letter
from forms.letter_words import Block, clock, on_day
from forms.pictograms import PICTURES, Pictogram, drawn
from forms.render import render_pack
from officer_desk.caseload import build_caseload
from officer_desk.errors import ValidationError
from officer_desk.packs import build_pack_inputs
from tests.forms.conftest import OFFICE, ON, POLICY, breach_records, read
from tests.helpers.reading_age import reading_age
from tests.helpers.records import appt

FURNITURE = re.compile(r"OFFICIAL-SENSITIVE|^(Tudalen \d+ o \d+ / )?Page \d+ of \d+$|"
                       r"^Warning letter|^Llythyr|^Decision not to recall|^Penderfyniad|"
                       r"^X123456 |^(Fersiwn \d+ / )?Version \d+$")
WORDS = re.compile(r"[^\s]+")

# A hard word, and the plain words that say what it means, in the same row as it is used.
HARD = {
    "en": [(r"\bsummons\b", r"A summons tells you the day you must go to court"),
           (r"\bcommunity order\b", r"A community order is a list of rules"),
           (r"\bsuspended sentence order\b", r"This means you do not go to prison now"),
           (r"\blicence\b", r"A licence is a list of rules"),
           (r"\bCRN\b", r"CRN means case reference number"),
           (r"\bbreach\b", r"Breaking the rules is called a breach"),
           (r"\brecall\b", r"back to prison is called a recall"),
           (r"\bprobation officer\b", r"A probation officer helps you keep to the rules"),
           (r"\bwarning\b", r"A warning tells you that you broke the rules"),
           (r"\bsupervision\b", r"Supervision means you must see your probation officer"),
           (r"\bfine\b", r"A fine means you must pay money"),
           (r"\bcurfew\b", r"A curfew means you must stay at home"),
           (r"\bunpaid work\b", r"Unpaid work is work you do for free"),
           (r"\bnew sentence\b", r"A sentence is the punishment the court gives you"),
           (r"\bworking days\b", r"Working days are Monday to Friday"),
           (r"\bproof\b", r"Proof is something on paper")],
    "cy": [(r"\bgwŷs\b", r"Mae gwŷs yn dweud pa ddiwrnod"),
           (r"\b[go]orchymyn cymunedol\b", r"Mae gorchymyn cymunedol yn rhestr o reolau"),
           (r"\bdedfryd ohiriedig\b", r"nad ydych chi'n mynd i'r carchar nawr"),
           (r"\b[td]r?wydded\b", r"Mae trwydded yn rhestr o reolau"),
           (r"\bCRN\b", r"Mae CRN yn golygu cyfeirnod eich achos"),
           (r"\b[Tt]oriad\b", r"Toriad yw'r enw ar dorri'r rheolau"),
           (r"\b[Aa]dalw\b", r"Adalw yw'r enw ar eich anfon yn ôl i'r carchar"),
           (r"\bswyddog prawf\b", r"Mae swyddog prawf yn eich helpu i gadw at reolau"),
           (r"\brhybudd\b", r"Mae rhybudd yn dweud eich bod chi wedi torri'r rheolau"),
           (r"\b[go]oruchwyliaeth\b", r"Mae goruchwyliaeth yn golygu"),
           (r"\bdirwy\b", r"Mae dirwy yn golygu bod rhaid i chi dalu arian"),
           (r"\bcyrffyw\b", r"Mae cyrffyw yn golygu bod rhaid i chi aros gartref"),
           (r"\bgwaith di-dâl\b", r"Gwaith di-dâl yw gwaith"),
           (r"\bdedfryd newydd\b", r"Dedfryd yw'r gosb"),
           (r"\bdiwrnod gwaith\b", r"Diwrnodau gwaith yw o ddydd Llun i ddydd Gwener"),
           (r"\bbrawf\b", r"Prawf yw rhywbeth ar bapur")],
}


def _warning_records(kind: str = "community_order") -> list[dict]:
    records = breach_records()
    if kind != "community_order":
        records[1].update(kind=kind, release_date="2026-02-01", end_date="2027-02-01",
                          custodial_term_days=243)
    # The next appointment after the letter is at a stated place.
    records[5] = appt("a3", "2026-10-01T10:00", location="Probation Office, 1 High Street")
    return records


def _dntr_records() -> list[dict]:
    return [
        {"type": "person", "id": "p1", "crn": "X123456", "given_name": "Siobhán",
         "family_name": "Ó Briain", "date_of_birth": "1991-04-04",
         "addresses": [{"lines": ["3 Stryd y Bont", "Abertawe"], "postcode": "SA1 2BB"}]},
        {"type": "event", "id": "e1", "crn": "X123456", "kind": "licence",
         "release_date": "2026-08-01", "start_date": "2026-08-01", "end_date": "2027-08-01",
         "offence": "Burglary", "rosh": "medium"},
        appt("a1", "2026-11-16T14:30", outcome="failed_to_attend", absence="unacceptable",
             absence_decided_on="2026-11-17", reason="Was drinking; internal note"),
        appt("a2", "2026-11-26T09:00", location="Probation office, Alexandra Road"),
        {"type": "enforcement", "id": "n1", "event_id": "e1", "decided_at": "2026-11-20T11:00",
         "decision": "no_recall", "rationale": "Re-engaged after a discussion with the SPO.",
         "checklist": {"manager_consulted": {"answer": "yes", "reason": "Agreed"}},
         "reasons_not_to_recall": "You came to see me the next day; you rang when you were ill",
         "progress": ["You have started your course."],
         "expectations": ["Come to every appointment.", "Stay at your approved address."]},
    ]


# (letter kind, records, the facts each language must state: a missed appointment, the next
# one, its place)
CASES = {
    "community order": ("warning-letter", lambda: _warning_records()),
    "suspended sentence": ("warning-letter", lambda: _warning_records(
        "suspended_sentence_order")),
    "licence": ("warning-letter", lambda: _warning_records("licence")),
    "pss": ("warning-letter", lambda: _warning_records("pss")),
    "decision not to recall": ("dntr", _dntr_records),
}
FACTS = {
    "warning-letter": (datetime(2026, 6, 1, 10), datetime(2026, 10, 1, 10),
                       "Probation Office, 1 High Street"),
    "dntr": (datetime(2026, 11, 16, 14, 30), datetime(2026, 11, 26, 9),
             "Probation office, Alexandra Road"),
}


def _inputs(kind: str, records: list[dict], variant: str):
    return build_pack_inputs(kind, build_caseload(records), "e1", POLICY, on=ON,
                             officer="Rhian Evans", office=OFFICE, variant=variant)


def _render(kind: str, records: list[dict], variant: str) -> tuple[bytes, list[str]]:
    with drawn() as pictures:
        pdf = render_pack(_inputs(kind, records, variant))
    return pdf, pictures


def _items(kind: str, records: list[dict], lang: str) -> list[Block | Row]:
    facts = _inputs(kind, records, "easy-read").letter
    assert facts is not None
    return (easy_warning_letter if kind == "warning-letter" else easy_dntr_letter)(facts, lang)


def _not_sentences(items: list[Block | Row]) -> set[str]:
    """Lines that are not prose: addresses, the date, headings, greeting, the signature."""
    out: set[str] = set()
    for item in items:
        if isinstance(item, Block):
            texts = (item.text,) if isinstance(item.text, str) else item.text
            out.update(texts)
        else:
            out.update(item.lines)
            if not item.lines and not all(plain(x).endswith((".", "?", ":"))
                                          for x in item.sentences):
                out.update(plain(x) for x in item.sentences)
    return out


def _body(pages: list[str]) -> list[str]:
    lines = [" ".join(line.split()) for page in pages for line in page.splitlines()]
    return [line for line in lines if line and not FURNITURE.search(line)]


def _sentences(lines: list[str], skip: set[str]) -> list[str]:
    text = " ".join(line for line in lines if line not in skip)
    return [s for s in re.split(r"(?<=[.?!:])\s+", text) if s.strip()]


def _halves(pages: list[str], variant: str) -> dict[str, list[str]]:
    """The Welsh letter and the English one (Welsh first, each from a new page)."""
    if variant == "easy-read":
        return {"en": pages}
    start = next(i for i, page in enumerate(pages) if "Dear " in page)
    return {"cy": pages[:start], "en": pages[start:]}


@pytest.mark.parametrize("variant", ["easy-read", "easy-read-cy"])
@pytest.mark.parametrize("case", list(CASES))
def test_easy_read_letters_are_short_explained_and_state_the_facts(case: str,
                                                                    variant: str) -> None:
    kind, make = CASES[case]
    records = make()
    pdf, pictures = _render(kind, records, variant)
    reader, pages = read(pdf)
    missed, upcoming, place = FACTS[kind]
    rows = 0
    for lang, half in _halves(pages, variant).items():
        items = _items(kind, records, lang)
        rows += sum(isinstance(item, Row) for item in items)
        lines = _body(half)
        text = " ".join(lines)
        # The key facts, in the reader's language: the missed appointment's day and time, the
        # next one's, where it is, who the officer is and how to reach them.
        for fact in (on_day(missed, lang), clock(missed, lang),
                     on_day(upcoming, lang), clock(upcoming, lang), place,
                     "Rhian Evans", "029 2000 0000", "X123456", "1 High Street"):
            assert fact in text, (lang, fact)
        # The next appointment's day, time and place are read on one page.
        heading = "Eich apwyntiad nesaf" if lang == "cy" else "Your next appointment"
        page = next(" ".join(p.split()) for p in half if heading in p)
        assert on_day(upcoming, lang) in page and place in page, page
        # Each sentence is short: 15 words at most (GOV.UK's easy read rule).
        sentences = _sentences(lines, _not_sentences(items))
        assert len(sentences) > 20
        for sentence in sentences:
            assert len(WORDS.findall(sentence)) <= 15, (lang, sentence)
        for item in items:
            if isinstance(item, Row):
                for sentence in item.sentences:
                    assert len(plain(sentence).split()) <= 15, sentence
        # Every hard word used is said in plain words, in the row where it is first used in a
        # sentence (a heading may name it first: the next row explains it).
        prose = " ".join(sentences)
        for word, meaning in HARD[lang]:
            if re.search(word, text) is None:
                continue
            used, explained = re.search(word, prose), re.search(meaning, prose)
            assert used is not None and explained is not None, (lang, word)
            assert -40 <= explained.start() - used.start() <= 260, (lang, word, prose[
                used.start():used.start() + 300])
        # No capitals-only words (the CRN is an acronym), the standard banner is not used.
        shouting = [w for w in re.findall(r"\b[A-Z]{4,}\b", text) if w not in ("CRN",)]
        assert not shouting, shouting
    if variant == "easy-read-cy":
        welsh = " ".join(_body(_halves(pages, variant)["cy"]))
        assert " ar ddydd " in welsh and "ar Dydd" not in welsh
    # A picture beside every point: each row's pictogram was drawn on the page.
    assert len(pictures) == rows
    assert set(pictures) <= set(PICTURES)
    assert len(reader.pages) <= 24  # the guidance's longest Easy Read document


@pytest.mark.parametrize("case", list(CASES))
def test_easy_read_is_its_own_wording_not_the_standard_letter_resized(case: str) -> None:
    kind, make = CASES[case]
    standard = _body(read(render_pack(_inputs(kind, make(), "")))[1])
    easy = _body(read(render_pack(_inputs(kind, make(), "easy-read")))[1])
    ours = set(_sentences(standard, set()))
    theirs = _sentences(easy, set())
    shared = [s for s in theirs if s in ours]
    assert len(shared) <= len(theirs) // 4, shared
    assert "UNACCEPTABLE" not in " ".join(easy)
    english = "\n".join(easy)
    assert reading_age(english) <= min(7.5, reading_age("\n".join(standard))), \
        reading_age(english)


def _sizes(pdf: bytes) -> tuple[list[tuple[float, str]], set[str]]:
    reader, _ = read(pdf)
    fragments: list[tuple[float, str]] = []
    fonts: set[str] = set()

    def visit(text, _cm, tm, font, size) -> None:
        if text.strip():
            fragments.append((round(size * tm[0], 1), text.strip()))
            if font:
                fonts.add(str(font.get("/BaseFont")))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return fragments, fonts


@pytest.mark.parametrize("variant", ["easy-read", "easy-read-cy"])
def test_easy_read_type_is_14_point_or_more_and_never_italic(variant: str) -> None:
    pdf, _ = _render("warning-letter", _warning_records(), variant)
    fragments, fonts = _sizes(pdf)
    small = [text for size, text in fragments if size < 14]
    # Only the page furniture (marking, header, page number) is smaller than 14 point.
    for text in small:
        assert FURNITURE.search(text) or text in ("OFFICIAL-SENSITIVE",) \
            or text.startswith("X123456"), text
    assert any(size >= 14 for size, _ in fragments)
    assert not any(re.search("Italic|Oblique", f) for f in fonts), fonts


def test_the_welsh_easy_read_keeps_the_letters_furniture_and_version() -> None:
    inputs = _inputs("warning-letter", _warning_records(), "easy-read-cy")
    inputs.version = 2
    reader, pages = read(render_pack(inputs))
    assert reader.metadata.title.startswith("Llythyr rhybudd: rhybudd cyntaf (hawdd ei ddeall)")
    for number, page in enumerate(pages, 1):
        flat = " ".join(page.split())
        assert "SWYDDOGOL-SENSITIF / OFFICIAL-SENSITIVE" in flat
        assert f"Tudalen {number} o {len(pages)} / Page {number} of {len(pages)}" in flat
        assert "Fersiwn 2 / Version 2" in flat
    halves = _halves(pages, "easy-read-cy")
    assert "Eich rhybudd cyntaf" in " ".join(halves["cy"])
    assert "Your first warning" in " ".join(halves["en"])


def test_a_welsh_easy_read_is_refused_for_a_pack_and_unknown_forms_are_named() -> None:
    with pytest.raises(ValidationError, match="easy-read-cy"):
        _inputs("warning-letter", _warning_records(), "easy")
    with pytest.raises(ValidationError, match="letters to the person"):
        build_pack_inputs("breach", build_caseload(breach_records()), "e1", POLICY, on=ON,
                          officer="Rhian Evans", office=OFFICE, variant="easy-read-cy")


def test_every_pictogram_has_a_text_alternative_in_both_languages() -> None:
    for name in PICTURES:
        en, cy = Pictogram(name, 50, "en"), Pictogram(name, 50, "cy")
        assert en.alt and cy.alt and en.alt != name, name


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript renders the pages")
def test_the_picture_column_is_drawn_on_every_page_at_screen_resolution(tmp_path: Path) -> None:
    pdf, _ = _render("dntr", _dntr_records(), "easy-read-cy")
    source = tmp_path / "letter.pdf"
    source.write_bytes(pdf)
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray",
                    "-r70", f"-sOutputFile={tmp_path}/page-%d.png", str(source)], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(read(pdf)[0].pages)
    dpmm = 70 / 25.4
    for image in images:
        page = Image.open(image).convert("L")
        # The picture column: 18 mm from the left edge, 20 mm wide, below the header rule.
        column = page.crop((int(18 * dpmm), int(30 * dpmm), int(38 * dpmm),
                            page.height - int(22 * dpmm)))
        dark = sum(column.histogram()[:128])
        assert dark > 150, (image.name, dark)  # at least one pictogram's worth of ink
