"""Real exports write null for optional fields they have no value for; that means absent."""

from __future__ import annotations

import json

from officer_desk.caseload import build_caseload
from officer_desk.exchange import check_file
from tests.helpers.records import HEADER, appt, event, person

HEADER_LINE = json.dumps(HEADER)


def test_null_optional_fields_are_accepted_as_not_recorded() -> None:
    records = [
        person(pnc=None, aliases=None, addresses=[{"lines": None, "postcode": None,
                                                   "from": None, "to": None}], flags=None),
        event(mappa=None, rosh=None, end_date=None, requirements=None, court=None,
              allocation_date="2026-11-02"),
        appt("a1", "2026-11-03T10:00:00", location=None, outcome=None, absence=None,
             absence_decided_on=None, serious=None, reason=None, notes=None),
        {"type": "enforcement", "id": "n1", "event_id": "e1", "decided_at": "2026-11-04T09:00",
         "decision": "no_breach", "recall_type": None, "submitted_at": None, "rationale": None},
        {"type": "home_visit", "id": "h1", "event_id": "e1", "planned_at": "2026-11-05T11:00",
         "done_at": None, "outcome": None, "notes": None},
    ]
    checked = check_file([HEADER_LINE] + [json.dumps(r) for r in records])
    assert checked.ok, checked.problems
    caseload = build_caseload([r for _, r in checked.records])
    ef = caseload.events["e1"]
    assert ef.event.mappa is None and ef.event.requirements == []
    assert ef.appointments[0].outcome is None and ef.home_visits[0].done_at is None
    assert caseload.people["X123456"].aliases == []


def test_required_fields_may_not_be_null() -> None:
    checked = check_file([HEADER_LINE, json.dumps(person(given_name=None))])
    assert [str(p) for p in checked.problems] == [
        "line 2, field 'given_name': null must be text (leave the field out instead of null)"]


def test_a_reference_to_a_broken_record_says_so() -> None:
    lines = [HEADER_LINE, json.dumps(person()), json.dumps(event(kind="co")),
             json.dumps(appt("a1", "2026-11-03T10:00"))]
    messages = [str(p) for p in check_file(lines).problems]
    assert messages[0].startswith("line 3, field 'kind'")
    assert messages[1] == ("line 4, field 'event_id': refers to event 'e1', which has problems "
                           "of its own (line 3)")
