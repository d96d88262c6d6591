"""Decision and endorsement times through a real import: never after the import, an endorsement
never before its decision, and a refused file leaves the caseload exactly as it was."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from officer_desk.dates import parse_datetime
from officer_desk.exchange import check_file, uk_now
from tests.helpers.records import appt, event, person, write_jsonl


def _minute(delta: timedelta) -> str:
    return (uk_now() + delta).replace(second=0, microsecond=0).isoformat(timespec="minutes")


def _case(**decision: object) -> list[dict]:
    return [
        person("X123456"),
        event("e1", "X123456", "licence", release_date="2026-05-01", start_date="2026-05-01"),
        appt("a1", "2026-06-01T10:00", outcome="failed_to_attend", absence="unacceptable",
             absence_decided_on="2026-06-02"),
        {"type": "enforcement", "id": "r1", "event_id": "e1", "decision": "recall",
         "recall_type": "standard", "rationale": "Whereabouts unknown.", **decision},
    ]


def _export(cli, path: Path) -> str:
    cli.run("export", "--out", str(path), check=True)
    return path.read_text(encoding="utf-8")


def test_future_and_out_of_order_times_refuse_the_whole_file(initialised, tmp_path) -> None:
    cli = initialised
    before = _export(cli, tmp_path / "before.jsonl")
    cases = {
        "tomorrow": (_case(decided_at=_minute(timedelta(days=1))),
                     "line 5, field 'decided_at'", "is in the future"),
        "endorsed tomorrow": (_case(decided_at=_minute(-timedelta(hours=2)),
                                    senior_manager={"name": "Alex Morgan",
                                                    "at": _minute(timedelta(days=1))}),
                              "line 5, field 'senior_manager.at'", "is in the future"),
        "endorsed first": (_case(decided_at=_minute(-timedelta(hours=2)),
                                 line_manager={"name": "Sam Hughes",
                                               "at": _minute(-timedelta(hours=3))}),
                           "line 5, field 'line_manager.at'",
                           "is before the decision it countersigns"),
        "oversight ahead": (_case(decided_at=_minute(-timedelta(hours=2))) + [
            {"type": "oversight", "id": "o1", "event_id": "e1", "at": _minute(timedelta(hours=1)),
             "by": "Sam Hughes", "note": "Agreed the recall."}],
            "line 6, field 'at'", "is in the future"),
    }
    for name, (records, where, what) in cases.items():
        proc = cli.run("import", str(write_jsonl(tmp_path / f"{name}.jsonl", records)))
        assert proc.returncode == 1, name
        assert where in proc.stderr and what in proc.stderr, (name, proc.stderr)
        assert "nothing was imported" in proc.stderr
        if "future" in what:
            assert "up to 5 minutes ahead is allowed" in proc.stderr
        # Nothing half-imported: the good lines before the bad one were not kept either.
        assert _export(cli, tmp_path / f"after-{name}.jsonl") == before, name


def test_times_a_clock_may_drift_by_and_an_agreement_before_not_breaching(
        initialised, tmp_path) -> None:
    cli = initialised
    decided = _minute(timedelta(minutes=3))  # a fast clock at the centre: within 5 minutes
    records = _case(decided_at=decided, line_manager={"name": "Sam Hughes", "at": decided},
                    senior_manager={"name": "Alex Morgan", "at": decided})
    # A manager's agreement not to breach is given before the decision is made.
    records += [event("e2", "X123456", allocation_date="2026-05-01"),
                {"type": "enforcement", "id": "n1", "event_id": "e2", "decision": "no_breach",
                 "decided_at": _minute(-timedelta(hours=1)), "rationale": "In hospital.",
                 "line_manager": {"name": "Sam Hughes", "at": _minute(-timedelta(hours=2))}}]
    proc = cli.run("import", str(write_jsonl(tmp_path / "ok.jsonl", records)))
    assert proc.returncode == 0, proc.stderr
    assert "6 added" in proc.stdout


def test_the_demo_caseload_is_timed_before_it_was_made(cli, tmp_path) -> None:
    cli.run("demo", check=True)
    made = uk_now()
    lines = _export(cli, tmp_path / "demo.jsonl").splitlines()
    checked = check_file(lines, now=made)  # what an import of it now would say
    assert checked.ok, checked.problems[:5]
    recalls = [r for r in map(json.loads, lines[1:])
               if r["type"] == "enforcement" and r["decision"] == "recall"]
    open_ones = [r for r in recalls if not r.get("submitted_at")]
    assert open_ones
    for r in open_ones:
        decided = parse_datetime(r["decided_at"])
        for key in ("line_manager", "senior_manager"):
            at = parse_datetime(r[key]["at"])
            assert decided <= at <= decided + timedelta(hours=24)
    # Due in under a day from now: never more time left than the Part A's 24 hours.
    due = json.loads(cli.run("due", "--json", "--all", check=True).stdout)
    for item in due:
        if item["kind"] == "recall_report":
            assert parse_datetime(item["due"]) - made <= timedelta(hours=24), item
