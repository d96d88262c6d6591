"""Every document read back with pypdf: headings, values, page numbers, Unicode, refusals."""

from __future__ import annotations

import pytest

from forms.render import render_pack
from officer_desk.caseload import build_caseload
from officer_desk.errors import PackIncompleteError
from officer_desk.packs import build_pack_inputs, pack_gaps
from tests.forms.conftest import OFFICE, ON, POLICY, breach_records, read
from tests.helpers.records import event, person


def render(kind: str, caseload, event_id: str = "e1", **kw) -> bytes:
    inputs = build_pack_inputs(kind, caseload, event_id, POLICY, on=ON, officer="Rhian Evans",
                               office=OFFICE, **kw)
    return render_pack(inputs)


def test_breach_pack_contents(breach_caseload) -> None:
    reader, pages = read(render("breach", breach_caseload))
    text = " ".join("\n".join(pages).split())  # table cells wrap: read as running text
    for heading in ("Breach pack", "Contents", "Breach report", "Warning letters as issued",
                    "Attendance and contact record", "Witness statement",
                    "Before breach: questions answered", "Chronology: failures, warnings",
                    "Officer's assessment and proposal", "Requirements of the order, with "
                                                         "progress", "The court's powers"):
        assert heading in text, heading
    for value in ("X123456", "Nguyễn Văn An", "Cardiff Magistrates' Court", "10 Nov 2026",
                  "Overslept; no evidence", "THIS FAILURE TO COMPLY IS UNACCEPTABLE",
                  "4 Jun 2027", "OFFICIAL-SENSITIVE", f"Policy {POLICY.version}".lower()):
        assert value.lower() in text.lower(), value
    total = len(pages)
    assert total >= 5
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {total}" in page
        assert "OFFICIAL-SENSITIVE" in page
        assert "X123456" in page
    assert reader.metadata.title == "Breach pack"
    assert reader.metadata.author == "Rhian Evans"


def test_sensitive_notes_are_withheld(breach_caseload) -> None:
    text = "\n".join(read(render("breach", breach_caseload))[1])
    assert "Confidential health detail" not in text
    assert "Withheld: recorded as sensitive" in text


@pytest.mark.parametrize("name", [("Łukasz", "Żółć"), ("Siobhán", "Ó Briain"),
                                  ("Nguyễn Văn", "An")])
def test_unicode_names_extract_intact(name) -> None:
    caseload = build_caseload(breach_records(name))
    _, pages = read(render("warning-letter", caseload))
    assert f"{name[0]} {name[1]}" in pages[0]


def test_same_input_same_bytes(breach_caseload) -> None:
    assert render("breach", breach_caseload) == render("breach", breach_caseload)


def test_warning_letter_dates(breach_caseload) -> None:
    _, pages = read(render("warning-letter", breach_caseload))
    text = pages[0]
    # Failure Mon 1 Jun 2026: evidence within 5 working days = Mon 8 Jun (the letter went out
    # on 4 Jun, before that); liable up to 4 Jun 2027, 12 months from the warning.
    assert "by 8 June 2026" in text
    assert "4 June 2027" in text
    assert "First warning" in text
    # The next appointment as it stood on the letter's date (4 Jun), not today's next one.
    assert "Thursday 1 October 2026 at 10am" in text
    assert "1 December 2026" not in text


def test_incomplete_breach_pack_is_refused_with_the_list() -> None:
    records = breach_records(checklist={"reasons_explored": {"answer": "yes", "reason": ""}})
    records[1].pop("court")
    caseload = build_caseload(records)
    with pytest.raises(PackIncompleteError) as info:
        render("breach", caseload)
    missing = "\n".join(info.value.missing)
    assert "The court that made the order." in missing
    assert "Give the reason for the answer to: Were the reasons" in missing
    assert "Answer: Was a home visit considered" in missing
    assert pack_gaps("breach", caseload, "e1", POLICY, on=ON, officer="R",
                     office=OFFICE) == info.value.missing


def test_wrong_kind_for_event_is_refused() -> None:
    caseload = build_caseload([person(date_of_birth="1990-01-01"), event(kind="licence")])
    with pytest.raises(PackIncompleteError) as info:
        render("breach", caseload)
    assert any("community order" in m for m in info.value.missing)
    with pytest.raises(PackIncompleteError):
        render("warning-letter", caseload)


def test_password_protected_pdf(breach_caseload) -> None:
    import io

    from pypdf import PdfReader

    inputs = build_pack_inputs("warning-letter", breach_caseload, "e1", POLICY, on=ON,
                               officer="Rhian Evans", office=OFFICE)
    pdf = render_pack(inputs, password="s3cret-pass")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    assert "Nguy" not in pdf.decode("latin-1")
    reader.decrypt("s3cret-pass")
    assert "Nguyễn Văn An" in reader.pages[0].extract_text()
