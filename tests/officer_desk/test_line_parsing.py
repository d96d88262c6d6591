"""Blocks of plain lines are decoded the quick way: it must find exactly what the careful way
finds, line by line, whatever odd line sits among a thousand plain ones."""

from __future__ import annotations

import json
import random

import pytest

from officer_desk import exchange_lines
from officer_desk.exchange import Problem, check_file
from officer_desk.exchange_lines import BLOCK, parse_lines, parse_one
from tests.helpers.records import HEADER, appt, event, person

PLAIN = [json.dumps(appt(f"a{n}", f"2026-11-{n % 28 + 1:02d}T10:00"), separators=(",", ":"))
         for n in range(BLOCK * 2)]

ODD = {
    "repeated key": '{"type":"person","id":"p9","crn":"X923456","given_name":"A","given_name":"B"}',
    "repeated key in a nested object": (
        '{"type":"person","id":"p9","crn":"X923456","addresses":[{"line1":"1","line1":"2"}]}'),
    "key spaced from its colon": '{"type":"person","id" :"p9","crn":"X923456"}',
    "spaced and repeated": '{"type":"person","id" :"p9","id":"p8","crn":"X923456"}',
    "tab before a colon": '{"type":"person","id"\t:"p9","crn":"X923456"}',
    "tab-spaced and repeated": '{"type":"person","id"\t:"p9","id":"p8","crn":"X923456"}',
    "return-spaced and repeated": '{"type":"person","id"\r:"p9","id":"p8","crn":"X923456"}',
    "escaped quote and colon in a value": '{"type":"person","id":"p9","notes":"say \\":\\" here"}',
    "escaped quote hiding a repeat": '{"type":"person","id":"p9","\\u0069d":"p8"}',
    "backspace escape": '{"type":"person","id":"p9","notes":"a\\bb"}',
    "huge number": '{"type":"person","id":"p9","score":' + "9" * 40 + "}",
    "not finite": '{"type":"person","id":"p9","score":1e999}',
    "NaN": '{"type":"person","id":"p9","score":NaN}',
    "DEL character": '{"type":"person","id":"p9","notes":"a\x7fb"}',
    "non-ASCII name": '{"type":"person","id":"p9","given_name":"Łukasz","family_name":"Żółć"}',
    "override character": '{"type":"person","id":"p9","given_name":"\u202eeeL"}',
    "not JSON": '{"type":"person","id":"p9"',
    "two objects on a line": '{"type":"person"},{"type":"event"}',
    "a list": "[1, 2, 3]",
    "a string": '"just text"',
    "trailing text": '{"type":"person","id":"p9"} extra',
    "blank": "   ",
    "nested deeply": "[" * 100_000 + "]" * 100_000,
    "too long": '{"type":"person","notes":"' + "x" * exchange_lines.MAX_LINE + '"}',
}


def _careful(lines: list[str]) -> tuple[list, list]:
    parsed: list = []
    problems: list = []
    for number, raw in enumerate(lines, start=1):
        entry = parse_one(number, raw, problems, Problem)
        if entry is not None:
            parsed.append(entry)
    return parsed, problems


def _same(lines: list[str]) -> None:
    quick = parse_lines(lines, Problem)
    careful = _careful(lines)
    assert [p[0] for p in quick[0]] == [p[0] for p in careful[0]]
    assert ([(repr(p[1]), p[2], p[3]) for p in quick[0]]
            == [(repr(p[1]), p[2], p[3]) for p in careful[0]])
    assert sorted(map(str, quick[1])) == sorted(map(str, careful[1]))


@pytest.mark.parametrize("name", sorted(ODD))
def test_an_odd_line_among_plain_ones_is_found_as_the_careful_way_finds_it(name: str) -> None:
    lines = list(PLAIN)
    lines.insert(BLOCK // 2, ODD[name])
    _same(lines)


def test_many_odd_lines_in_any_order() -> None:
    chooser = random.Random(2026)
    lines = list(PLAIN)
    for line in chooser.choices(list(ODD.values())[:-2], k=60):
        lines.insert(chooser.randrange(len(lines)), line)
    _same(lines)


def test_a_repeated_key_among_plain_lines_is_refused_with_its_line() -> None:
    lines = [json.dumps(HEADER), json.dumps(person()), json.dumps(event()), *PLAIN[:1500]]
    lines.insert(700, PLAIN[0][:-1] + ',"kind":"supervision"}')
    checked = check_file(lines)
    assert [(p.line, p.field) for p in checked.problems] == [(701, "kind")]
    assert "given twice" in checked.problems[0].message
