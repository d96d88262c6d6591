"""Contact-level schedules: the level chosen, required against actual contacts per period."""

from __future__ import annotations

from datetime import date

from officer_desk.caseload import build_caseload
from officer_desk.contact_levels import contact_periods, level_for, next_contact
from officer_desk.policy import load_policy
from tests.helpers.records import appt, event, person

POLICY = load_policy()


def _file(**kw):
    ev = event(start_date="2026-09-07", **kw)
    records = [person(), ev,
               appt("a1", "2026-09-08T10:00", "induction", outcome="attended"),
               appt("a2", "2026-09-15T10:00", outcome="attended"),
               {"type": "contact", "id": "c1", "event_id": "e1", "at": "2026-09-24T12:00",
                "mode": "telephone"},
               appt("a3", "2026-10-20T10:00", outcome="failed_to_attend")]
    return build_caseload(records).events["e1"]


def test_level_follows_choice_then_rosh() -> None:
    assert level_for(_file(), POLICY) == "standard"
    assert level_for(_file(rosh="very_high"), POLICY) == "high"
    assert level_for(_file(rosh="very_high", contact_level="low"), POLICY) == "low"
    assert level_for(_file(contact_level="no such level"), POLICY) == "standard"


def test_required_against_actual_per_week() -> None:
    periods = contact_periods(_file(), date(2026, 10, 26), POLICY)
    # Weekly for the first 12 weeks from 7 Sep: seven whole weeks to 26 Oct.
    assert [p.start for p in periods[:3]] == [date(2026, 9, 7), date(2026, 9, 14),
                                              date(2026, 9, 21)]
    assert [p.actual for p in periods[:7]] == [1, 1, 1, 0, 0, 0, 0]  # a failure is no contact
    assert sum(p.short for p in periods) == 4
    assert periods[-1].required == 0  # the week still running is not judged yet


def test_next_contact_due_from_the_last_one() -> None:
    nxt = next_contact(_file(), date(2026, 10, 26), POLICY)
    assert nxt is not None and nxt.level == "standard"
    assert nxt.last == date(2026, 9, 24) and nxt.due == date(2026, 10, 1)
