"""Property-based bad input: every case ends in a clear message and an unchanged caseload.

Generated over the import format (malformed JSON, wrong types, huge strings, control
characters, dates out of range, duplicate ids, mismatched event ids), the services' form
validation, and the command line's arguments.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officer_desk.errors import UserFacingError, ValidationError
from officer_desk.exchange import check_file
from tests.helpers.records import HEADER, appt, event, person

VALID = [person(), event(allocation_date="2026-11-02"),
         appt("a1", "2026-11-05T10:00", outcome="failed_to_attend", absence="unacceptable",
              absence_decided_on="2026-11-06"),
         {"type": "warning", "id": "w1", "event_id": "e1", "date": "2026-11-09",
          "failure_ids": ["a1"]}]
HEADER_LINE = json.dumps(HEADER)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=12)
nasty_strings = st.one_of(
    st.text(max_size=50),
    st.just(""), st.just("   "), st.just("\x00\x07\x1b[31m"), st.just("x" * 300_000),
    st.just("2026-02-30"), st.just("0001-01-01"), st.just("9999-12-31T25:61"),
    st.just("2026-11-24T10:00+01:00"), st.just("x123456"), st.just("X12345"))


@st.composite
def broken_records(draw) -> tuple[list[str], str]:
    """A valid file with one line broken in one way."""
    records = copy.deepcopy(VALID)
    index = draw(st.integers(0, len(records) - 1))
    rec = records[index]
    how = draw(st.sampled_from(["value", "drop", "type", "json", "duplicate", "event"]))
    if how == "value":
        key = draw(st.sampled_from([k for k in rec if k not in ("type",)]))
        rec[key] = draw(st.one_of(nasty_strings, json_values))
    elif how == "drop":
        key = draw(st.sampled_from([k for k in rec if k != "type"]))
        del rec[key]
    elif how == "type":
        rec["type"] = draw(st.text(max_size=10).filter(lambda t: t not in (
            "person", "event", "appointment", "warning")))
    elif how == "duplicate":
        records.append(copy.deepcopy(rec))
    elif how == "event" and "event_id" in rec:
        rec["event_id"] = "e-does-not-exist"
    lines = [HEADER_LINE] + [json.dumps(r) for r in records]
    if how == "json":
        lines[index + 1] = lines[index + 1][: draw(st.integers(0, len(lines[index + 1]) - 1))]
    return lines, how


def _is_still_valid(lines: list[str]) -> bool:
    return check_file(lines).ok


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_records())
def test_broken_files_are_named_by_line(case) -> None:
    lines, _how = case
    checked = check_file(lines)
    if checked.ok:
        return  # some edits leave a valid record (e.g. a new string in a free-text field)
    assert checked.records == []
    for problem in checked.problems:
        assert 1 <= problem.line <= len(lines)
        text = str(problem)
        assert text.startswith(f"line {problem.line}")
        assert "Traceback" not in text and len(text) < 600


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=8))
def test_arbitrary_text_never_crashes_the_checker(lines) -> None:
    checked = check_file([HEADER_LINE, *lines])
    assert all(1 <= p.line <= len(lines) + 1 for p in checked.problems)


@settings(max_examples=100, deadline=None)
@given(json_values)
def test_arbitrary_json_records(value) -> None:
    checked = check_file([HEADER_LINE, json.dumps(value)])
    if not checked.ok:
        assert all(p.line == 2 for p in checked.problems)


def test_every_broken_kind_is_refused_with_a_field() -> None:
    cases = {
        "control characters": dict(VALID[0], given_name="A\x00B"),
        "huge string": dict(VALID[0], family_name="x" * 300),
        "date out of range": dict(VALID[1], allocation_date="0001-01-01"),
        "not a date": dict(VALID[1], allocation_date="02/11/2026"),
        "offset date-time": dict(VALID[2], start="2026-11-05T10:00Z"),
        "wrong type": dict(VALID[2], serious="yes"),
        "unknown enum": dict(VALID[2], outcome="no_show"),
    }
    for name, broken in cases.items():
        lines = [HEADER_LINE] + [json.dumps(r) for r in VALID if r["id"] != broken["id"]]
        lines.append(json.dumps(broken))
        checked = check_file(lines)
        assert not checked.ok, name
        assert checked.problems[0].field, name


@pytest.fixture
def store(opened):
    from officer_desk.services import import_lines

    import_lines(opened.store, [HEADER_LINE] + [json.dumps(r) for r in VALID], "setup")
    return opened.store


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(broken_records())
def test_bad_files_leave_the_caseload_unchanged(store, case) -> None:
    from officer_desk.services import import_lines

    lines, _ = case
    before = (store.high_water(), sorted(json.dumps(r, sort_keys=True) for r in store.records()))
    try:
        import_lines(store, lines, "fuzz")
    except ValidationError as exc:
        assert exc.problems
        after = (store.high_water(),
                 sorted(json.dumps(r, sort_keys=True) for r in store.records()))
        assert after == before


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reason=st.one_of(st.none(), st.text(max_size=20)),
       rationale=st.text(max_size=20),
       texts=st.lists(st.text(max_size=10), max_size=3))
def test_form_validation_messages(store, reason, rationale, texts) -> None:
    from officer_desk import services
    from officer_desk.model import Absence, Decision, Outcome

    before = store.high_water()
    calls = [
        lambda: services.record_outcome(store, "a1", Outcome.FAILED_TO_ATTEND,
                                        absence=Absence.UNACCEPTABLE, reason=reason),
        lambda: services.decide_enforcement(store, "e1", datetime(2026, 11, 20, 9), Decision.BREACH,
                                            rationale),
        lambda: services.record_plan(store, "e1", date(2026, 11, 20),
                                     [("", t, "") for t in texts]),
        lambda: services.issue_warning(store, "e1", date(2026, 11, 20), []),
        lambda: services.reschedule(store, "a1", datetime(2026, 12, 1, 10), "nobody", "x"),
        lambda: services.record_outcome(store, "no-such-appointment", Outcome.ATTENDED),
    ]
    for call in calls:
        try:
            call()
        except UserFacingError as exc:
            assert str(exc).strip() and "Traceback" not in str(exc)
    assert store.high_water() >= before


words = st.sampled_from(["init", "import", "export", "due", "pack", "backup", "restore",
                         "audit", "verify", "--json", "--on", "2026-13-01", "2026-11-24",
                         "--out", "--event", "--kind", "breach", "--all", "-", "nonsense",
                         "--since-last", "x" * 500, "\x00", "--data-dir"])


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(words, min_size=1, max_size=6))
def test_cli_arguments_never_traceback(tmp_path_factory, capsys, argv) -> None:
    from officer_desk.cli import main

    root = tmp_path_factory.mktemp("cli")
    secret = root / "p.txt"
    secret.write_text("correct horse battery staple\n")
    if argv[0].startswith("-") or argv[0] not in ("init", "import", "export", "due", "pack",
                                                  "backup", "restore", "audit"):
        argv = ["due", *argv]
    if argv[0] == "init":
        argv = ["due", *argv[1:]]  # never create caseloads here: each costs a real KDF run
    argv = [a if a != "\x00" else "x" for a in argv]
    try:
        code = main([*argv, "--data-dir", str(root / "data"), "--passphrase-file", str(secret)])
    except SystemExit as exc:  # argparse: usage errors
        code = exc.code
    out = capsys.readouterr()
    assert code in (0, 1, 2)
    assert "Traceback" not in out.err
