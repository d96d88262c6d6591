"""Full-text search: names, CRN and notes; it catches up after imports and changes."""

from __future__ import annotations

import json

from officer_desk.services import import_lines
from tests.helpers.records import HEADER, appt, event, person


def test_search_catches_up_and_forgets_old_words(opened) -> None:
    store = opened.store
    lines = [json.dumps(HEADER), json.dumps(person()), json.dumps(event()),
             json.dumps(appt("a1", "2026-11-05T10:00", outcome="attended",
                             notes="Talked about the allotment"))]
    import_lines(store, lines, "t")
    assert store.search("allotment") == [("appointment", "a1", "X123456")]
    assert store.search("łukasz") == [("person", "p1", "X123456")]
    assert store.search("ZOŁC") == [("person", "p1", "X123456")]  # ż, ó, ć fold to z, o, c
    changed = appt("a1", "2026-11-05T10:00", outcome="attended", notes="Discussed the bakery")
    store.save([changed])
    assert store.search("allotment") == []
    assert store.search("bakery") == [("appointment", "a1", "X123456")]
    assert store.search("  ") == []
    assert store.index_for_search() == 0  # nothing left to index
