"""Read as the magistrate and the defendant read them: the right grounds, nothing sensitive.

Each breach pack is built from the record, read back with pypdf, and checked for what a court
needs to see (the sequence failure → warning → later failure) and what the person must never
receive (the text of a record marked sensitive).
"""

from __future__ import annotations

import re

import pytest

from forms.render import render_pack
from officer_desk.caseload import build_caseload
from officer_desk.errors import PackIncompleteError
from officer_desk.packs import build_pack_inputs
from tests.forms.conftest import OFFICE, ON, POLICY, breach_records, read
from tests.helpers.records import recall_records


def _build(records: list[dict], kind: str = "breach", **kw):
    caseload = build_caseload(records)
    inputs = build_pack_inputs(kind, caseload, "e1", POLICY, on=ON, officer="Rhian Evans",
                               office=OFFICE, **kw)
    return read(render_pack(inputs))[1]


def _flat(pages: list[str]) -> str:
    return " ".join("\n".join(pages).split())


def _section(pages: list[str], heading: str, until: str) -> str:
    text = _flat(pages)
    start = text.index(heading)
    end = text.index(until, start + len(heading))
    return text[start:end]


def _without(records: list[dict], *ids: str) -> list[dict]:
    return [r for r in records if r.get("id") not in ids]


def test_a_breach_laying_only_a_warned_failure_is_refused() -> None:
    # The only unacceptable failure is the one the warning dealt with: no breach to lay.
    records = _without(breach_records(), "a2")
    with pytest.raises(PackIncompleteError) as info:
        _build(records)
    said = "\n".join(info.value.missing)
    assert "No failure can be laid before the court" in said
    assert "dealt with by the warning of 4 Jun 2026" in said


def test_the_grounds_are_the_failure_after_the_warning_and_the_sequence_is_shown() -> None:
    pages = _build(breach_records())
    grounds = _section(pages, "Grounds: failures to comply", "Chronology")
    assert "Ground 1. On 10 Nov 2026 at 14:00" in grounds
    assert "within 12 months of the formal warning given on 4 Jun 2026" in grounds
    assert "1 Jun 2026" not in grounds and "Ground 2" not in grounds
    chronology = _section(pages, "Chronology: failures, warnings", "Compliance history")
    first, warning, later = (chronology.index("1 Jun 2026"),
                             chronology.index("Formal warning given"),
                             chronology.index("10 Nov 2026"))
    assert first < warning < later
    assert "History: dealt with by the warning of 4 Jun 2026" in chronology
    assert "Ground 1: laid before the court" in chronology
    statement = _section(pages, "I am the responsible officer", "Signed (witness)")
    s_first = statement.index("On 1 Jun 2026 at 10:00")
    s_warning = statement.index("On 4 Jun 2026 I gave")
    s_later = statement.index("On 10 Nov 2026 at 14:00, within 12 months of that warning")
    assert s_first < s_warning < s_later
    assert ("Having considered what was given as the reason, I judged this failure "
            "unacceptable") in statement
    assert "No acceptable reason" not in statement


def test_a_failure_after_the_warning_has_lapsed_is_not_a_ground() -> None:
    records = breach_records()
    records[2]["start"] = "2025-06-01T10:00"  # the warned failure, a year earlier
    records[2]["absence_decided_on"] = "2025-06-03"
    records[3].update(date="2025-06-04", letter_sent_on="2025-06-04")  # lapsed 4 Jun 2026
    with pytest.raises(PackIncompleteError) as info:
        _build(records)
    assert "a first unacceptable failure: a warning, not a breach" in "\n".join(
        info.value.missing)


def test_a_failure_judged_serious_is_a_ground_without_a_warning() -> None:
    records = _without(breach_records(), "a1", "w1")
    for r in records:
        if r.get("id") == "a2":
            r["serious"] = True
        if r.get("type") == "enforcement":
            r["rationale"] = "A serious failure: threatening staff at reception."
    pages = _build(records)
    grounds = _section(pages, "Grounds: failures to comply", "Chronology")
    assert "Ground 1. On 10 Nov 2026" in grounds and "I judged the failure serious" in grounds


@pytest.mark.parametrize("rationale,claim", [
    ("Third failure in the period; propose revocation.", "Third failure"),
    ("Three missed appointments since June.", "Three missed appointments"),
    ("Two warnings have been given already.", "Two warnings"),
])
def test_a_rationale_that_contradicts_the_record_is_refused(rationale: str, claim: str) -> None:
    records = breach_records()
    records[-1]["rationale"] = rationale
    with pytest.raises(PackIncompleteError) as info:
        _build(records)
    said = "\n".join(info.value.missing)
    assert claim in said and "the record holds" in said


SECRET = "Attending a sexual health clinic appointment"


def test_sensitive_failure_text_is_in_no_page_the_court_or_the_person_receives() -> None:
    records = breach_records()
    for r in records:
        if r.get("id") in ("a1", "a2"):
            r.update(sensitive=True, reason=SECRET, notes=f"{SECRET}; letter seen",
                     location="Sexual health clinic, Newport Road")
    pages = _build(records)
    text = _flat(pages)
    assert SECRET not in text and "clinic" not in text
    # The facts the court needs are still there: the date, the time, that they did not attend.
    assert "Ground 1. On 10 Nov 2026 at 14:00" in text
    assert "withheld from this document as sensitive" in text
    letter = _flat(_build(records, "warning-letter"))
    assert SECRET not in letter and "clinic" not in letter
    assert "1 June 2026" in letter


def test_a_proposal_marked_sensitive_cannot_go_to_court() -> None:
    records = breach_records()
    records[-1]["sensitive"] = True
    with pytest.raises(PackIncompleteError) as info:
        _build(records)
    assert any("marked sensitive, but the court and the person read it" in m
               for m in info.value.missing)


def _recall_records(**enforcement_extra) -> list[dict]:
    return recall_records(**enforcement_extra)


PART_A_FIELDS = (
    "Emergency recall", "Indeterminate sentence", "Extended sentence", "Recall type proposed",
    "Must reach PPCS by", "Preferred language", "Polish", "Prison number", "A9876ZZ",
    "Releasing prison", "HMP Cardiff", "Date of current release", "1 May 2026",
    "Index offence", "Date of offence", "3 Oct 2024", "Length of sentence", "2 years",
    "Licence expiry date", "Sentence expiry date", "9 Jan 2027", "4. Victims",
    "Custody status", "Police contact: name", "PC Jordan Price", "01632 960 118",
    "jordan.price@police.example", "Last recorded address", "Other possible addresses",
    "Market Street", "7. Vulnerabilities", "8. Contraband", "None suspected",
    "MAPPA category", "Risk of serious harm", "The public", "A known adult", "Children",
    "Staff", "Former partner at risk of violence", "11. Index offence analysis",
    "Violence when drinking", "12. Licence conditions breached",
    "Keep in touch with the supervising officer.", "14. Alternatives to recall tried",
    "15. Fixed-term recall: eligibility and exclusions", "Region", "Wales", "Team",
    "Cardiff South", "17. Line manager endorsement", "20 Nov 2026 10:10",
    "18. Senior manager authorisation", "20 Nov 2026 10:45", "19. Attachments",
    "OASys assessment", "Pre-sentence report", "Previous convictions",
    "20 Nov 2026 at 09:30", "This report will be disclosed to the person",
    "Exclusions checked", "MAPPA level 2 or 3", "Terrorist or national-security offence",
)


def test_part_a_has_every_national_field() -> None:
    pages = _build(_recall_records(), "recall")
    text = _flat(pages)
    for field in PART_A_FIELDS:
        assert field in text, field
    # The 24-hour deadline with what was left: decided 09:30 on 20 Nov, due 09:30 on 21 Nov.
    assert "21 Nov 2026 09:30 (24 hours after the decision)" in text


def test_part_a_keeps_non_disclosable_material_in_its_own_section() -> None:
    records = _recall_records(non_disclosable="Partner's new address: 9 Rhodfa'r Parc.",
                              non_disclosable_fields=["victims"])
    pages = _build(records, "recall")
    split = next(n for n, page in enumerate(pages) if "Non-disclosable information" in page
                 and "NOT FOR DISCLOSURE" in page)
    disclosed, withheld = _flat(pages[:split]), _flat(pages[split:])
    for secret in ("9 Rhodfa'r Parc", "VLO told 20 Nov", "going to a clinic"):
        assert secret not in disclosed, secret
        assert secret in withheld, secret
    assert "See the non-disclosable section" in disclosed


def test_part_a_refuses_a_condition_not_on_the_licence() -> None:
    with pytest.raises(PackIncompleteError) as info:
        _build(_recall_records(conditions_breached=["9z"]), "recall")
    assert "not on the licence: 9z" in "\n".join(info.value.missing)


def test_part_a_refuses_without_risk_to_each_group() -> None:
    with pytest.raises(PackIncompleteError) as info:
        _build(_recall_records(rosh_children=None, rosh_staff=None), "recall")
    assert "risk of serious harm to children, staff" in "\n".join(info.value.missing)


def test_part_a_time_is_the_decisions_whatever_day_it_is_printed() -> None:
    caseload = build_caseload(_recall_records())
    from datetime import date, datetime

    inputs = build_pack_inputs("recall", caseload, "e1", POLICY, on=date(2026, 11, 20),
                               officer="Rhian Evans", office=OFFICE,
                               now=datetime(2026, 11, 20, 11, 0))
    text = _flat(read(render_pack(inputs))[1])
    assert "Date and time of the decision 20 Nov 2026 at 09:30" in text
    assert "22 hours 30 minutes left" in text
    assert not re.search(r"Generated|24 Nov 2026", text)


def test_each_ground_names_the_requirement_it_breached() -> None:
    from officer_desk.caseload import build_caseload
    from officer_desk.packs import breached_requirement

    records = breach_records()
    ef = build_caseload(records).events["e1"]
    [supervision] = [a for a in ef.appointments if a.id == "a2"]
    said = breached_requirement(ef, supervision)
    assert said.startswith("the ") and "Sentencing Act 2020, s.215" in said
    records[1] = dict(records[1], kind="suspended_sentence_order")
    ef = build_caseload(records).events["e1"]
    assert "s.301" in breached_requirement(ef, [a for a in ef.appointments if a.id == "a2"][0])
    inputs = build_pack_inputs("breach", build_caseload(breach_records()), "e1", POLICY, on=ON,
                               officer="Rhian Evans", office=OFFICE)
    text = " ".join(" ".join(p.split()) for p in read(render_pack(inputs))[1])
    statement = text[text.rindex("I am the responsible officer"):]
    assert "This was a failure to comply with the duty to keep in touch" in statement


def test_the_statement_says_how_and_when_the_person_was_told() -> None:
    records = breach_records()
    for r in records:
        if r.get("id") == "a2":
            r.update(notified_by="letter", notified_on="2026-11-03")
    inputs = build_pack_inputs("breach", build_caseload(records), "e1", POLICY, on=ON,
                               officer="Rhian Evans", office=OFFICE)
    text = " ".join(" ".join(p.split()) for p in read(render_pack(inputs))[1])
    statement = text[text.rindex("I am the responsible officer"):]
    assert "had been told of this appointment by letter on 3 Nov 2026." in statement
