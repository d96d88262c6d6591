"""The slim caseload-wide load gives exactly the due items of the full caseload."""

from __future__ import annotations

import json
from datetime import date

from bench.data import caseload_records
from officer_desk.demo import demo_records
from officer_desk.due import due_items
from officer_desk.exchange import HEADER, sort_records
from officer_desk.policy import load_policy
from officer_desk.services import import_lines


def _import(store, records) -> None:
    lines = [json.dumps(HEADER)] + [json.dumps(r) for r in sort_records(records)]
    import_lines(store, lines, "t")


def test_overview_due_equals_full_due(opened) -> None:
    today = date(2026, 11, 24)
    _import(opened.store, demo_records(today) + caseload_records("officer", today))
    full = opened.store.caseload()
    slim = opened.store.overview()
    assert slim.partial and not full.partial
    policy = load_policy()
    for on in (today, date(2026, 12, 10), date(2027, 3, 1)):
        a = [i.as_json(detail=True) for i in due_items(full, on, policy, extended=True)]
        b = [i.as_json(detail=True) for i in due_items(slim, on, policy, extended=True)]
        assert a == b
    held = sum(len(f.appointments) for f in full.events.values())
    assert sum(len(f.appointments) for f in slim.events.values()) < held / 2
