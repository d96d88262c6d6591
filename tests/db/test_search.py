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


def test_a_first_import_is_searchable_as_it_commits_and_a_refused_one_leaves_no_words(
        opened) -> None:
    """Into an empty caseload the words go in beside the rows, in the same transaction: the
    index is current when the import commits, and a file refused at its last line leaves
    neither rows nor words behind."""
    from officer_desk.errors import ValidationError

    store = opened.store
    good = [json.dumps(HEADER), json.dumps(person()), json.dumps(event()),
            json.dumps(appt("a1", "2026-11-05T10:00", outcome="attended",
                            notes="Talked about the allotment"))]
    try:
        # The dangling reference is found only after every chunk was stored (and indexed).
        import_lines(store, good + [json.dumps(appt("a9", "2026-11-06T10:00",
                                                    event_id="missing"))], "t")
    except ValidationError:
        pass
    else:
        raise AssertionError("a file with a bad line was imported")
    assert store.db.execute("SELECT count(*) FROM search").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM records").fetchone()[0] == 0

    import_lines(store, good, "t")
    assert store.search_is_current()
    assert store.index_for_search() == 0  # nothing left for the catch-up
    assert store.search("allotment") == [("appointment", "a1", "X123456")]
    assert store.search("lukasz zolc") == [("person", "p1", "X123456")]
    assert store.search("ALLOTMENT") == [("appointment", "a1", "X123456")]

    # A second file into the same caseload: the index catches up after it, as before.
    import_lines(store, [json.dumps(HEADER), json.dumps(
        appt("a2", "2026-11-12T10:00", outcome="attended", notes="Spoke of the bakery"))], "t")
    assert not store.search_is_current()
    assert store.search("bakery") == [("appointment", "a2", "X123456")]
    assert store.search_is_current()
