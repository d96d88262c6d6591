"""Nothing recorded that didn't happen; entries corrected or voided with a reason, never lost."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from db import audit
from officer_desk import services
from officer_desk.due import due_items
from officer_desk.errors import ValidationError
from officer_desk.model import Absence, Outcome
from officer_desk.policy import load_policy
from officer_desk.services import import_lines
from officer_desk.timeline import timeline
from tests.helpers.records import HEADER, appt, event, person

NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture
def store(opened):
    import_lines(opened.store, [json.dumps(HEADER)] + [json.dumps(r) for r in (
        person(), event(allocation_date="2026-11-02"),
        appt("past", "2026-11-20T10:00"), appt("ahead", "2026-12-04T10:00"))], "t")
    return opened.store


def test_an_outcome_for_an_appointment_ahead_is_refused(store) -> None:
    with pytest.raises(ValidationError) as info:
        services.record_outcome(store, "ahead", Outcome.FAILED_TO_ATTEND, now=NOW)
    assert "4 Dec 2026 10:00" in str(info.value) and "not happened yet" in str(info.value)
    assert store.record("appointment", "ahead").get("outcome") is None
    services.record_outcome(store, "ahead", Outcome.RESCHEDULED, now=NOW)  # that one is fine


def test_a_home_visit_planned_for_tomorrow_cannot_be_recorded_as_seen(store) -> None:
    services.plan_home_visit(store, "e1", datetime(2026, 11, 25, 10, 0), purpose="Check address",
                             checkin_by=datetime(2026, 11, 25, 11, 30))
    visit = next(r for r in store.records(["home_visit"]))
    with pytest.raises(ValidationError) as info:
        services.record_home_visit(store, visit["id"], datetime(2026, 11, 24, 11, 0), "seen",
                                   now=NOW)
    assert "planned for 25 Nov 2026 10:00" in str(info.value)


def test_void_keeps_the_entry_visible_and_out_of_the_rules(store) -> None:
    services.record_outcome(store, "past", Outcome.FAILED_TO_ATTEND,
                            absence=Absence.UNACCEPTABLE, reason="No contact", now=NOW,
                            decided_on=date(2026, 11, 24))
    policy = load_policy()
    kinds = {i.kind for i in due_items(store.case("X123456"), date(2026, 11, 24), policy)}
    assert "warning_letter" in kinds
    with pytest.raises(ValidationError):
        services.void_record(store, "appointment", "past", "  ", NOW)
    services.void_record(store, "appointment", "past", "Recorded on the wrong person", NOW)
    case = store.case("X123456")
    kinds = {i.kind for i in due_items(case, date(2026, 11, 24), policy)}
    assert "warning_letter" not in kinds
    [entry] = [e for e in timeline(case.events["e1"]) if e.ref == ("appointment", "past")]
    assert entry.voided and "Recorded on the wrong person" in entry.detail
    assert "Failed to attend" in entry.detail  # what was recorded is still shown
    raw = store.record("appointment", "past")
    assert raw["outcome"] == "failed_to_attend" and raw["voided"]["reason"]
    with pytest.raises(ValidationError):
        services.void_record(store, "appointment", "past", "again", NOW)
    assert audit.entries(store.db, crn="X123456")[0].action == "void"


def test_correct_keeps_the_values_before(store) -> None:
    services.record_outcome(store, "past", Outcome.ATTENDED, now=NOW)
    services.correct_record(store, "appointment", "past",
                            {"outcome": None, "absence": None, "absence_decided_on": None},
                            "Outcome put on the wrong appointment", NOW)
    raw = store.record("appointment", "past")
    assert "outcome" not in raw
    assert raw["corrections"][0]["before"]["outcome"] == "attended"
    assert raw["corrections"][0]["reason"] == "Outcome put on the wrong appointment"
    entry = next(e for e in timeline(store.case("X123456").events["e1"])
                 if e.ref == ("appointment", "past"))
    assert "Corrected: Outcome put on the wrong appointment" in entry.detail
    with pytest.raises(ValidationError):
        services.correct_record(store, "appointment", "past", {"outcome": None}, "why", NOW)
