"""Hand-made hostile lines: each is refused naming its line and field, and stores nothing."""

from __future__ import annotations

import json

import pytest

from officer_desk.errors import ValidationError
from officer_desk.exchange import check_file
from officer_desk.services import import_lines
from tests.helpers.records import HEADER, event, person

HEADER_LINE = json.dumps(HEADER)
PERSON = json.dumps(person(), ensure_ascii=False)
EVENT = json.dumps(event(), ensure_ascii=False)

HOSTILE = {
    "lone surrogate in a name": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"A\\ud800nn",'
        '"family_name":"Lee"}', "given_name", "surrogate"),
    "5,000-digit number": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann","family_name":"Lee",'
        '"score":' + "9" * 5000 + "}", "score", "5000 digits"),
    "failure_ids null": (
        '{"type":"warning","id":"w1","event_id":"e1","date":"2026-11-09","failure_ids":null}',
        "failure_ids", "must be a list"),
    "duplicate key": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann","family_name":"Lee",'
        '"given_name":"Bob"}', "given_name", "given twice"),
    "C1 control in a name": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann\\u0085",'
        '"family_name":"Lee"}', "given_name", "control character"),
    "bidi override in a name": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann",'
        '"family_name":"\u202eeeL"}', "family_name", "invisible"),
    "zero-width space in an alias": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann","family_name":"Lee",'
        '"aliases":["An\u200bn"]}', "aliases[0]", "invisible"),
    "backspace spelled as an escape in the notes": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann","family_name":"Lee",'
        '"notes":"fine\\bnot"}', "notes", "control character"),
    "form feed spelled as an escape in a name": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann\\f",'
        '"family_name":"Lee"}', "given_name", "control character"),
    "a repeated key spaced from its colon": (
        '{"type":"person","id":"p2","crn":"X223456","given_name" :"Ann","family_name":"Lee",'
        '"given_name":"Bob"}', "given_name", "given twice"),
    "U+FFFE written raw in the notes": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann","family_name":"Lee",'
        '"notes":"a\ufffeb"}', "notes", "noncharacter (U+FFFE)"),
    "U+FDD0 spelled as an escape in a name": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann\\ufdd0",'
        '"family_name":"Lee"}', "given_name", "noncharacter (U+FDD0)"),
    "U+10FFFF written raw in a summary": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann","family_name":"Lee",'
        '"notes":"\U0010ffff"}', "notes", "noncharacter (U+10FFFF)"),
    "NaN": (
        '{"type":"person","id":"p2","crn":"X223456","given_name":"Ann","family_name":"Lee",'
        '"score":NaN}', "score", "not a number"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_line_is_refused_with_line_and_field(name: str) -> None:
    line, field, words = HOSTILE[name]
    checked = check_file([HEADER_LINE, PERSON, EVENT, line])
    assert not checked.ok
    [problem] = checked.problems
    assert (problem.line, problem.field) == (4, field), str(problem)
    assert words in problem.message


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_lines_store_nothing_and_later_work_goes_on(opened, name: str) -> None:
    import_lines(opened.store, [HEADER_LINE, PERSON, EVENT], "good")
    before = opened.store.count()
    with pytest.raises(ValidationError) as info:
        import_lines(opened.store, [HEADER_LINE, HOSTILE[name][0]], "hostile")
    assert "line 2" in str(info.value)
    assert opened.store.count() == before
    # Search, a later import and an export still work.
    assert opened.store.search("Łukasz")
    import_lines(opened.store, [HEADER_LINE, json.dumps(person("X999999", "p9"))], "later")
    assert opened.store.record("person", "p9") is not None


def test_ordinary_names_and_text_pass() -> None:
    names = ["Łukasz Żółć", "Siobhán Ó Briain", "Zoë", "ناصر", "Nguyễn"]
    lines = [HEADER_LINE] + [json.dumps(person(f"X{n:06d}", f"p{n}", given_name=name,
                                               notes="line one\nline two\ttabbed"),
                                        ensure_ascii=False) for n, name in enumerate(names)]
    assert check_file(lines).ok
    # A string holding '":' is not taken for a repeated key.
    tricky = person(given_name='Ann "the": one', family_name="Lee")
    assert check_file([HEADER_LINE, json.dumps(tricky)]).ok


def test_a_form_cannot_store_a_name_with_an_override(opened) -> None:
    from officer_desk.codec import from_record
    from officer_desk.services import _save

    with pytest.raises(ValidationError) as info:
        _save(opened.store, [from_record(person(family_name="Lee\u202e"))], "X123456")
    assert "family_name" in str(info.value)
    assert opened.store.record("person", "p1") is None
