"""What the court reads, and how every document reads on the page.

Requirements with progress, suspended-sentence terms, the court's powers, the hearing, home
visits, the s9 statement's form; and for every document kind: no ISO dates, no code names, no
internal source references, a header that fits and names the page's section, no page left
holding a lone heading.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from forms.render import render_pack
from officer_desk.caseload import build_caseload
from officer_desk.demo import demo_records
from officer_desk.exchange import sort_records
from officer_desk.packs import PACK_KINDS, build_pack_inputs, pack_gaps
from tests.forms.conftest import OFFICE, ON, POLICY, breach_records, read
from tests.helpers.records import appt


def _pages(records: list[dict], kind: str = "breach") -> list[str]:
    inputs = build_pack_inputs(kind, build_caseload(records), "e1", POLICY, on=ON,
                               officer="Rhian Evans", office=OFFICE)
    return read(render_pack(inputs))[1]


def _flat(pages: list[str]) -> str:
    return " ".join("\n".join(pages).split())


def test_requirements_in_words_with_progress_and_home_visits_in_the_record() -> None:
    records = breach_records()
    records.insert(5, appt("u1", "2026-09-05T09:00", "unpaid_work", outcome="attended",
                           hours=6))
    records.append({"type": "home_visit", "id": "h1", "event_id": "e1",
                    "planned_at": "2026-11-12T15:00", "done_at": "2026-11-12T15:20",
                    "outcome": "not in", "notes": "No answer; card left.",
                    "purpose": "Explore the missed appointment"})
    text = _flat(_pages(records))
    assert "Unpaid work 120 hours 6 of 120 hours done" in text
    assert "Home visits" in text and "12 Nov 2026 15:20 Not in No answer; card left." in text


def test_suspended_sentence_terms_powers_and_hearing() -> None:
    records = breach_records()
    records[1].update(kind="suspended_sentence_order", custodial_term_days=243,
                      end_date="2028-03-02", supervision_period_months=12)
    records[-1].update(hearing_court="Cardiff Magistrates' Court",
                       hearing_date="2026-12-08T10:00")
    text = _flat(_pages(records))
    for fact in ("Custodial term (suspended) 8 months", "Operational period 2 years",
                 "Supervision period 1 year", "Order the suspended sentence to take effect",
                 "unless it would be unjust in all the circumstances",
                 "Hearing Cardiff Magistrates' Court, 8 Dec 2026 10:00"):
        assert fact in text, fact


def test_community_order_powers_and_s9_statement_form() -> None:
    pages = _pages(breach_records())
    text = _flat(pages)
    assert "A fine of up to £2,500" in text and "Revoke the order" in text
    start = next(n for n, p in enumerate(pages) if p.lstrip().startswith("Witness statement"))
    statement = pages[start:]
    count = len(statement)
    assert "Age of witness Over 18" in _flat(statement)
    assert f"consisting of {count} page{'s' if count != 1 else ''}, each signed by me" in \
        _flat(statement)
    for page in statement:
        assert "Signed: ....." in page
    for page in pages[:start]:
        assert "Signed: ....." not in page


@pytest.fixture(scope="module")
def every_document() -> dict[str, list[str]]:
    demo = build_caseload(sort_records(demo_records(date(2026, 11, 24))))
    out = {}
    for kind in PACK_KINDS:
        for event_id in demo.events:
            if not pack_gaps(kind, demo, event_id, POLICY, on=date(2026, 11, 24),
                             officer="Demo Officer", office=OFFICE):
                inputs = build_pack_inputs(kind, demo, event_id, POLICY,
                                           on=date(2026, 11, 24), officer="Demo Officer",
                                           office=OFFICE)
                out[kind] = read(render_pack(inputs))[1]
                break
    out["breach-letters"] = _pages(breach_records())
    return out


def test_the_demo_has_a_complete_case_for_every_document(every_document) -> None:
    missing = set(PACK_KINDS) - set(every_document)
    assert not missing, missing


CODE_NAMES = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(seen|not_in|failed_to_attend|unpaid work "
                        r"appointment)\b")


def test_no_iso_dates_code_names_or_source_references_in_print(every_document) -> None:
    for kind, pages in every_document.items():
        text = "\n".join(pages)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}", text), kind
        assert not CODE_NAMES.search(text), (kind, CODE_NAMES.search(text))
        assert not re.search(r"\b\d{3}:\d{2,4}\b", text), (kind, "source reference")
        assert not re.search(r"\ba unpaid\b|\bpack pack\b|\ban supervision\b", text), kind


FURNITURE = re.compile(r"OFFICIAL-SENSITIVE|^Page \d+ of \d+$|^As at |policy 2026|"
                       r"^Signed: \.|^[A-Z]\d{6}  ")


def test_no_page_holds_only_a_heading_or_a_line(every_document) -> None:
    for kind, pages in every_document.items():
        for n, page in enumerate(pages, start=1):
            lines = [line for line in page.splitlines() if line.strip()
                     and not FURNITURE.search(line.strip())]
            header = lines[-1] if lines else ""  # the running header is drawn last
            body = [line for line in lines if line != header]
            assert len(body) >= 5, (kind, n, body)


def test_the_header_names_the_pages_section_and_fits(every_document) -> None:
    pages = every_document["recall"]
    for page in pages:
        header = [line for line in page.splitlines() if line.startswith("Recall report (Part A)")]
        assert header, page[:200]
    sections = [next((line for line in p.splitlines() if re.match(r"^\d+\. ", line)), None)
                for p in pages]
    for page, first in zip(pages, sections, strict=True):
        if first and page.lstrip().startswith(first):
            assert f"Recall report (Part A) — {first}" in page


def test_a_long_name_is_cut_to_fit_the_header() -> None:
    records = breach_records(name=("Maximiliana Alexandrina Wilhelmina Bartholomew-",
                                   "Featherstonehaugh-Cholmondeley-Worthington"))
    pages = _pages(records)
    header_lines = [line for p in pages for line in p.splitlines() if "X123456  " in line]
    assert header_lines and all(line.rstrip().endswith("…") for line in header_lines)


@pytest.mark.parametrize("extended", [False, True])
def test_a_part_a_gives_a_custodial_term_only_for_an_extended_sentence(extended: bool) -> None:
    from tests.helpers.records import recall_records

    records = recall_records("X123456", "")
    for r in records:
        if r["type"] == "event":
            r["extended_sentence"] = extended
    caseload = build_caseload(records)
    inputs = build_pack_inputs("recall", caseload, "e1", POLICY, on=date(2026, 11, 20),
                               officer="Rhian Evans", office=OFFICE, check=False)
    text = _flat(read(render_pack(inputs))[1])
    assert "Length of sentence 2 years" in text
    assert ("Custodial term" in text) is extended


def test_a_part_a_has_the_national_forms_fields() -> None:
    from tests.helpers.records import recall_records

    records = recall_records("X123456", "", previous_releases="12 May 2022 (HMP Parc)",
                             previous_recalls="None", vlo_informed_at="2026-11-20T10:00")
    inputs = build_pack_inputs("recall", build_caseload(records), "e1", POLICY,
                               on=date(2026, 11, 20), officer="Rhian Evans", office=OFFICE,
                               check=False)
    text = _flat(read(render_pack(inputs))[1])
    for words in ("Prisoners Low", "Previous releases 12 May 2022 (HMP Parc)",
                  "Previous recalls None", "Victim liaison officer informed 20 Nov 2026",
                  f"Telephone {OFFICE.phone}"):
        assert words in text, words
    without = [dict(r) for r in records]
    without[-1].pop("rosh_prisoners")
    gaps = build_pack_inputs("recall", build_caseload(without), "e1", POLICY,
                             on=date(2026, 11, 20), officer="Rhian Evans", office=OFFICE,
                             check=False).gaps
    assert any("prisoners" in g for g in gaps)
