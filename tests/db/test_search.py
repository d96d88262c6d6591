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


def test_search_folds_every_latin_letter(opened) -> None:
    import json

    from officer_desk.services import import_lines
    from tests.helpers.records import HEADER, person

    names = [("X100001", "Łukasz", "Żółć"), ("X100002", "Søren", "Ødegård"),
             ("X100003", "Jürgen", "Straße"), ("X100004", "Đorđe", "Đukić"),
             ("X100005", "Ægir", "Þórsson"), ("X100006", "Siobhán", "Ó Briain")]
    import_lines(opened.store, [json.dumps(HEADER)] + [
        json.dumps(person(crn, f"p{crn}", given_name=g, family_name=f), ensure_ascii=False)
        for crn, g, f in names], "t")
    for typed, crn in (("lukasz zolc", "X100001"), ("soren odegard", "X100002"),
                       ("strasse", "X100003"), ("dorde dukic", "X100004"),
                       ("aegir thorsson", "X100005"), ("siobhan o briain", "X100006"),
                       ("ŁUKASZ", "X100001")):
        assert {c for _, _, c in opened.store.search(typed)} == {crn}, typed
