"""A complete breach case and helpers to read PDFs back with pypdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from officer_desk.caseload import build_caseload
from officer_desk.letters import Office
from officer_desk.policy import load_policy
from tests.helpers.records import appt, event, person

ON = date(2026, 11, 24)
POLICY = load_policy()
OFFICE = Office(("Probation Office", "1 High Street", "Cardiff", "CF10 1AA"), "029 2000 0000")

CHECKLIST = {k: {"answer": "yes", "reason": f"Recorded: {k.replace('_', ' ')}"} for k in (
    "reasons_explored", "home_visit_considered", "alternatives_considered",
    "diversity_considered", "manager_consulted")}


def breach_records(name=("Nguyễn Văn", "An"), checklist=CHECKLIST) -> list[dict]:
    return [
        person("X123456", given_name=name[0], family_name=name[1], date_of_birth="1990-05-01",
               addresses=[{"lines": ["12 Ffordd yr Eglwys", "Caerdydd"], "postcode": "CF10 2AB"}]),
        event(court="Cardiff Magistrates' Court", offence="Theft from a shop",
              sentence_date="2026-03-02", allocation_date="2026-03-03",
              requirements=[{"kind": "unpaid_work", "amount": 120, "unit": "hours"}]),
        appt("a1", "2026-06-01T10:00", outcome="failed_to_attend", absence="unacceptable",
             absence_decided_on="2026-06-03", reason="Overslept; no evidence"),
        {"type": "warning", "id": "w1", "event_id": "e1", "date": "2026-06-04",
         "failure_ids": ["a1"], "letter_sent_on": "2026-06-04"},
        appt("a2", "2026-11-10T14:00", outcome="failed_to_attend", absence="unacceptable",
             absence_decided_on="2026-11-12", reason="No contact; no explanation"),
        appt("a3", "2026-10-01T10:00", outcome="attended", notes="Confidential health detail",
             sensitive=True),
        appt("a4", "2026-12-01T10:00", location="Probation office"),
        {"type": "enforcement", "id": "b1", "event_id": "e1", "decided_at": "2026-11-18T16:00",
         "decision": "breach", "rationale": "Second unacceptable failure; propose the order "
                                            "continues with a curfew added.",
         "checklist": checklist},
    ]


@pytest.fixture
def breach_caseload():
    return build_caseload(breach_records())


def read(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]
