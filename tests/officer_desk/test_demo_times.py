"""The demo caseload's times, whatever the hour it is made: every decision, endorsement and
submission is before the moment it was made, an endorsement follows its decision (within 24
hours when the Part A is still in time), and no deadline shows more time left than it gives."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest

from officer_desk.caseload import build_caseload
from officer_desk.dates import parse_datetime
from officer_desk.demo import demo_records
from officer_desk.due import due_items
from officer_desk.exchange import ENDORSEMENTS, HEADER, check_file
from officer_desk.policy import load_policy
from officer_desk.today import countdown

POLICY = load_policy()
HOURS = {"emergency": 2}  # a Part A's hours; standard and fixed-term: 24


@pytest.mark.parametrize("made", [
    datetime(2026, 11, 24, 0, 3), datetime(2026, 11, 24, 9, 0),
    datetime(2026, 11, 24, 11, 59), datetime(2026, 11, 24, 15, 30),
    datetime(2026, 11, 24, 23, 58),
    datetime(2026, 3, 29, 1, 30),  # the night the clocks go forward
    datetime(2026, 10, 25, 1, 30),  # and back
    None,  # made without a time: midday
])
def test_demo_times_are_in_order_and_in_the_past(made: datetime | None) -> None:
    today = made.date() if made else date(2026, 11, 24)
    moment = made or datetime.combine(today, time(12, 0))
    records = demo_records(today, now=made)
    # The same file an import would take, at the moment the demo was made.
    checked = check_file([json.dumps(HEADER)] + [json.dumps(r) for r in records], now=moment)
    assert checked.ok, checked.problems[:5]
    decisions = [r for r in records if r["type"] == "enforcement"]
    assert any(r["decision"] == "recall" for r in decisions)
    for r in decisions:
        decided = parse_datetime(r["decided_at"])
        assert decided <= moment, r
        if r.get("submitted_at"):
            assert decided <= parse_datetime(r["submitted_at"]) <= moment, r
        for key in ENDORSEMENTS:
            if isinstance(r.get(key), dict):
                at = parse_datetime(r[key]["at"])
                assert decided <= at <= moment, (key, r)
                if r["decision"] == "recall" and not r.get("submitted_at"):
                    # Meant to be in time: endorsed within the Part A's hours.
                    assert at <= decided + timedelta(hours=HOURS.get(r.get("recall_type"), 24))
    for r in records:
        if r["type"] in ("contact", "oversight"):
            assert parse_datetime(r["at"]) <= moment, r
        if r["type"] == "home_visit" and r.get("done_at"):
            assert parse_datetime(r["done_at"]) <= moment, r
    caseload = build_caseload(records)
    for item in due_items(caseload, today, POLICY, extended=True):
        if item.kind != "recall_report" or not isinstance(item.due, datetime):
            continue
        words = countdown(item, moment)
        if words.endswith("left"):
            decision = next(e for f in caseload.events.values() for e in f.enforcements
                            if e.id == item.ref)
            hours = HOURS.get(decision.recall_type.value if decision.recall_type else "", 24)
            assert item.due - moment <= timedelta(hours=hours), words
