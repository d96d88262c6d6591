"""Letters read as the person on probation reads them: plain, complete, in their language."""

from __future__ import annotations

import re

import pytest

from forms.letter_words import clock, long_date, on_day
from forms.render import render_pack
from officer_desk.caseload import build_caseload
from officer_desk.errors import PackIncompleteError
from officer_desk.packs import build_pack_inputs
from tests.forms.conftest import OFFICE, ON, POLICY, breach_records, read
from tests.helpers.reading_age import reading_age
from tests.helpers.records import appt

FURNITURE = re.compile(r"OFFICIAL-SENSITIVE|^Page \d+ of \d+$|^Warning letter|^Llythyr|"
                       r"^Decision not to recall|^Penderfyniad|^X123456")


def _letter(records: list[dict], kind: str = "warning-letter", **kw) -> list[str]:
    caseload = build_caseload(records)
    inputs = build_pack_inputs(kind, caseload, "e1", POLICY, on=ON, officer="Rhian Evans",
                               office=OFFICE, **kw)
    return read(render_pack(inputs))[1]


def _body(pages: list[str]) -> str:
    lines = [line.strip() for page in pages for line in page.splitlines()]
    return "\n".join(line for line in lines if line and not FURNITURE.search(line))


def _flat(pages: list[str]) -> str:
    return " ".join("\n".join(pages).split())


def test_the_warning_letter_is_plain_and_says_how_to_reach_the_officer() -> None:
    pages = _letter(breach_records())
    body = _body(pages)
    text = _flat(pages)
    assert reading_age(body) <= 9.0, reading_age(body)
    for fact in ("Rhian Evans", "Your probation officer", "029 2000 0000",
                 "Probation Office, 1 High Street, Cardiff, CF10 1AA",
                 "Monday 1 June 2026 at 10am", "by 8 June 2026", "by 4 June 2027",
                 "This failure to comply is unacceptable".upper(), "summons"):
        assert fact in text, fact
    # Second person, the officer's notes never copied in, no short month names or 24-hour times.
    assert "You did not come to your appointment" in text
    assert "Overslept" not in text
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", text)
    assert not re.search(r"\b\d{2}:\d{2}\b", text)


def test_a_welsh_speaker_gets_a_bilingual_letter_with_the_same_facts_in_each() -> None:
    records = breach_records()
    records[0]["language"] = "cy"
    pages = _letter(records)
    text = _flat(pages)
    welsh_end = text.index("Annwyl")  # Welsh first, then the English letter in full
    english = text.index("Dear ")
    assert welsh_end < english
    welsh, english_text = text[:english], text[english:]
    assert "Rhybudd cyntaf" in welsh and "First warning" in english_text
    failure = (2026, 6, 1, 10, 0)
    from datetime import date, datetime

    for lang, part in (("cy", welsh), ("en", english_text)):
        assert on_day(datetime(*failure), lang) in part
        assert clock(datetime(*failure), lang) in part
        for day in (date(2026, 6, 8), date(2027, 6, 4), date(2026, 10, 1)):
            assert long_date(day, lang) in part, (lang, day)
        for same in ("029 2000 0000", "Rhian Evans", "X123456"):
            assert same in part
    # "ar" softens the day that follows: "ar ddydd Llun", never "ar Dydd Llun".
    assert "ar ddydd Llun 1 Mehefin 2026 am 10yb" in welsh and "ar Dydd" not in welsh
    assert "gwŷs" in welsh and "Nid yw'r methiant hwn".upper() in welsh
    # The page furniture is Welsh first too: the marking and "Tudalen n o m" on every page.
    for number, page in enumerate(pages, 1):
        flat = " ".join(page.split())
        assert "SWYDDOGOL-SENSITIF / OFFICIAL-SENSITIVE" in flat, number
        assert f"Tudalen {number} o {len(pages)} / Page {number} of {len(pages)}" in flat


def test_a_suspended_sentence_letter_says_prison_may_follow() -> None:
    records = breach_records()
    records[1].update(kind="suspended_sentence_order", custodial_term_days=243)
    text = _flat(_letter(records))
    assert "The court can send you to prison" in text and "(8 months)" in text


@pytest.mark.parametrize("kind,expect", [
    ("licence", "you can be sent back to prison. This is called recall"),
    ("pss", "It can send you to prison for up to 14 days"),
])
def test_licence_and_pss_warnings_have_letters(kind: str, expect: str) -> None:
    records = breach_records()
    records[1].update(kind=kind, release_date="2026-02-01", end_date="2027-02-01")
    pages = _letter(records)
    text = _flat(pages)
    assert expect in text
    assert "Warning about your" in text


def test_a_letter_without_the_office_phone_is_refused() -> None:
    caseload = build_caseload(breach_records())
    with pytest.raises(PackIncompleteError) as info:
        build_pack_inputs("warning-letter", caseload, "e1", POLICY, on=ON, officer="Rhian Evans")
    assert any("office phone number" in m for m in info.value.missing)


def _dntr_records(**extra) -> list[dict]:
    return [
        {"type": "person", "id": "p1", "crn": "X123456", "given_name": "Siobhán",
         "family_name": "Ó Briain", "date_of_birth": "1991-04-04",
         "addresses": [{"lines": ["3 Stryd y Bont", "Abertawe"], "postcode": "SA1 2BB"}],
         **extra},
        {"type": "event", "id": "e1", "crn": "X123456", "kind": "licence",
         "release_date": "2026-08-01", "start_date": "2026-08-01", "end_date": "2027-08-01",
         "offence": "Burglary", "rosh": "medium"},
        appt("a1", "2026-11-16T14:30", outcome="failed_to_attend", absence="unacceptable",
             absence_decided_on="2026-11-17", reason="Was drinking; internal note"),
        appt("a2", "2026-11-26T09:00", location="Probation office, Alexandra Road"),
        {"type": "enforcement", "id": "n1", "event_id": "e1", "decided_at": "2026-11-20T11:00",
         "decision": "no_recall", "rationale": "Re-engaged after a discussion with the SPO.",
         "expectations": ["Come to every appointment.", "Stay at your approved address."]},
    ]


def test_the_decision_not_to_recall_letter() -> None:
    pages = _letter(_dntr_records(), "dntr")
    text = _flat(pages)
    for fact in ("We are not recalling you to prison", "What happened",
                 "You did not come to your appointment with your probation officer on Monday "
                 "16 November 2026 at 2:30pm", "we thought about sending you back to prison",
                 "On 20 November 2026, we decided not to recall you",
                 "What we expect from you now", "Come to every appointment.",
                 "Stay at your approved address.", "If it happens again",
                 "you can be sent back to prison", "Your next appointment",
                 "Thursday 26 November 2026 at 9am", "Probation office, Alexandra Road",
                 "029 2000 0000", "Rhian Evans"):
        assert fact in text, fact
    assert "internal note" not in text
    assert reading_age(_body(pages)) <= 9.0


def test_the_dntr_letter_in_welsh_and_refused_for_a_recall() -> None:
    text = _flat(_letter(_dntr_records(language="cy"), "dntr"))
    assert "Nid ydym yn eich galw yn ôl i'r carchar" in text
    assert "Ar 20 Tachwedd 2026, penderfynon ni beidio â'ch galw yn ôl" in text
    assert "We are not recalling you to prison" in text
    records = _dntr_records()
    records[-1]["decision"] = "recall"
    with pytest.raises(PackIncompleteError) as info:
        _letter(records, "dntr")
    assert any("decision not to recall" in m for m in info.value.missing)


def test_the_dntr_letter_gives_the_manager_the_reasons_and_what_is_going_well() -> None:
    records = _dntr_records()
    records[-1].update(
        checklist={"manager_consulted": {"answer": "yes", "reason": "Agreed with the SPO"}},
        reasons_not_to_recall="You came to see me the next day; you have kept to your curfew",
        progress=["You have started your course.", "You are looking for work."])
    pages = _letter(records, "dntr")
    text = _flat(pages)
    for fact in ("I talked about this with my manager before we decided.",
                 "Why we decided this", "You came to see me the next day",
                 "you have kept to your curfew", "What is going well",
                 "You have started your course.", "You are looking for work."):
        assert fact in text, fact
    assert reading_age(_body(pages)) <= 9.0
    plain = _flat(_letter(_dntr_records(), "dntr"))  # nothing said that was not recorded
    assert "my manager" not in plain and "Why we decided this" not in plain
