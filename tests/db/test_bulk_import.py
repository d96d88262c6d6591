"""The pipelined import: stored while checked, committed only when the whole file passes."""

from __future__ import annotations

import json

import pytest

from officer_desk.errors import ValidationError
from officer_desk.exchange import check_file
from officer_desk.services import import_lines
from tests.helpers.records import HEADER, appt, event, person


def _lines(records):
    return [json.dumps(HEADER)] + [json.dumps(r) for r in records]


def test_any_line_order_and_small_chunks(opened, monkeypatch) -> None:
    import officer_desk.exchange as exchange

    original = exchange.check_file
    monkeypatch.setattr("officer_desk.services.check_file",
                        lambda lines, known, on_chunk: original(lines, known, on_chunk, 2))
    records = [appt(f"a{n}", f"2026-11-{n + 1:02d}T10:00") for n in range(7)]
    records += [event(), person()]  # the event and person come last in the file
    result = import_lines(opened.store, _lines(records), "t")
    assert result.added == 9
    case = opened.store.case("X123456")
    assert len(case.events["e1"].appointments) == 7  # every row found its CRN


def test_a_late_problem_rolls_back_chunks_already_stored(opened, monkeypatch) -> None:
    original = check_file
    monkeypatch.setattr("officer_desk.services.check_file",
                        lambda lines, known, on_chunk: original(lines, known, on_chunk, 2))
    good = [person(), event()] + [appt(f"a{n}", f"2026-11-{n + 1:02d}T10:00") for n in range(6)]
    bad = good + [appt("a-bad", "2026-11-31T10:00")]
    with pytest.raises(ValidationError) as info:
        import_lines(opened.store, _lines(bad), "t")
    assert "line 10" in info.value.problems[0]
    assert opened.store.count() == {}
    assert import_lines(opened.store, _lines(good), "t").added == 8


def test_reimport_into_a_filled_caseload_counts_changes(opened) -> None:
    records = [person(), event(), appt("a1", "2026-11-02T10:00")]
    import_lines(opened.store, _lines(records), "t")
    records[2] = appt("a1", "2026-11-02T10:00", outcome="attended")
    result = import_lines(opened.store, _lines(records), "t")
    assert (result.added, result.changed, result.unchanged) == (0, 1, 2)
