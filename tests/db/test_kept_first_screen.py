"""The first screen kept at lock lives inside the encrypted caseload and goes with a case."""

from __future__ import annotations

import json

from db.hub.history import purge_case_db
from officer_desk.services import import_lines
from tests.helpers.records import HEADER, event, person


def test_a_case_moved_away_leaves_no_trace_in_the_kept_first_screen(opened) -> None:
    import_lines(opened.store, [json.dumps(HEADER), json.dumps(person()), json.dumps(event())],
                 "t")
    opened.store.keep_start_snapshot({"basis": "x", "records": [person()], "items": []})
    assert "X123456" in json.dumps(opened.store.start_snapshot())
    purge_case_db(opened.db, "officer", "X123456")
    assert opened.store.start_snapshot() is None
    rows = opened.db.execute("SELECT key, value FROM settings").fetchall()
    assert not [key for key, value in rows if "X123456" in value]


def test_keeping_it_adds_nothing_to_the_audit_trail(opened) -> None:
    before = opened.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    opened.store.keep_start_snapshot({"basis": "x", "records": [], "items": []})
    assert opened.db.execute("SELECT count(*) FROM audit").fetchone()[0] == before
