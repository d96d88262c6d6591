"""The time rules for decisions and sign-offs: the file check and the services share one rule."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from db import caseload_file
from officer_desk import services
from officer_desk.errors import ValidationError
from officer_desk.exchange import HEADER, check_file
from officer_desk.model import Decision, RecallType
from tests.helpers.records import event, person

NOW = datetime(2026, 11, 24, 12, 0)


def _lines(*records: dict) -> list[str]:
    return [json.dumps(HEADER)] + [json.dumps(r) for r in records]


def _decision(**fields: object) -> dict:
    return {"type": "enforcement", "id": "r1", "event_id": "e1", "decision": "recall",
            "recall_type": "standard", **fields}


def test_the_file_check_names_the_line_and_field_and_allows_five_minutes() -> None:
    base = (person(), event("e1", kind="licence", release_date="2026-05-01"))
    ok = check_file(_lines(*base, _decision(decided_at="2026-11-24T12:05")), now=NOW)
    assert ok.ok, ok.problems
    late = check_file(_lines(*base, _decision(decided_at="2026-11-24T12:06")), now=NOW)
    assert [str(p) for p in late.problems] == [
        "line 4, field 'decided_at': 2026-11-24T12:06 is in the future: a decision cannot be "
        "recorded before it happens (it is 2026-11-24T12:00 UK time now; up to 5 minutes "
        "ahead is allowed for a clock that runs fast)"]
    assert late.records == []  # a refused file hands nothing on
    early = check_file(_lines(*base, _decision(
        decided_at="2026-11-24T10:00", line_manager={"name": "S", "at": "2026-11-24T09:59"},
        senior_manager={"name": "A", "at": "2026-11-24T10:00"})), now=NOW)
    assert [(p.line, p.field) for p in early.problems] == [(4, "line_manager.at")]
    assert "before the decision it countersigns (decided_at 2026-11-24T10:00)" in \
        early.problems[0].message


def test_a_breach_laid_or_part_a_sent_ahead_of_time_or_before_the_decision_is_refused() -> None:
    base = (person(), event("e1", kind="licence", release_date="2026-05-01"))
    ok = check_file(_lines(*base, _decision(decided_at="2026-11-24T09:00",
                                            submitted_at="2026-11-24T11:30")), now=NOW)
    assert ok.ok, ok.problems
    ahead = check_file(_lines(*base, _decision(decided_at="2026-11-24T09:00",
                                               submitted_at="2026-11-25T09:00")), now=NOW)
    assert [(p.line, p.field) for p in ahead.problems] == [(4, "submitted_at")]
    assert "in the future" in ahead.problems[0].message
    before = check_file(_lines(*base, _decision(decided_at="2026-11-24T09:00",
                                                submitted_at="2026-11-24T08:00")), now=NOW)
    assert [(p.line, p.field) for p in before.problems] == [(4, "submitted_at")]
    assert "before the decision (decided_at 2026-11-24T09:00)" in before.problems[0].message


def test_a_file_with_a_bad_time_stores_no_chunk() -> None:
    """The check runs line by line, before a chunk goes to be stored: nothing half-imported."""
    stored: list[dict] = []
    records = [person(), event("e1", kind="licence", release_date="2026-05-01")]
    records += [{"type": "contact", "id": f"c{i}", "event_id": "e1", "at": "2026-11-20T10:00",
                 "mode": "telephone"} for i in range(30)]
    records.append(_decision(decided_at="2026-11-25T12:00"))
    checked = check_file(_lines(*records), now=NOW, chunk_size=10,
                         on_chunk=lambda recs, _texts: stored.extend(recs))
    assert not checked.ok and checked.problems[0].line == 34
    # Chunks may go to the caller's transaction while the file is read; the caller rolls them
    # back when the file fails (import_lines), which the import test checks on a real file.
    assert len(stored) <= 30


@pytest.fixture
def store(tmp_path):
    caseload_file.create(tmp_path / "data", "correct horse battery staple")
    opened = caseload_file.unlock(tmp_path / "data", "correct horse battery staple")
    opened.store.save([person(), event("e1", kind="licence", release_date="2026-05-01",
                                       start_date="2026-05-01")], "create")
    yield opened.store
    opened.lock()


def test_the_services_refuse_the_same_times(store) -> None:
    ahead = NOW + timedelta(days=1)
    with pytest.raises(ValidationError, match="decided_at: .* is in the future"):
        services.decide_enforcement(store, "e1", ahead, Decision.RECALL, "Whereabouts unknown.",
                                    recall_type=RecallType.STANDARD, now=NOW)
    with pytest.raises(ValidationError, match="line_manager.at: .* before the decision"):
        services.decide_enforcement(store, "e1", NOW, Decision.RECALL, "Whereabouts unknown.",
                                    recall_type=RecallType.STANDARD, now=NOW,
                                    line_manager={"name": "Sam Hughes",
                                                  "at": "2026-11-24T11:00"})
    with pytest.raises(ValidationError, match="senior_manager.at: .* is in the future"):
        services.decide_enforcement(store, "e1", NOW, Decision.RECALL, "Whereabouts unknown.",
                                    recall_type=RecallType.STANDARD, now=NOW,
                                    senior_manager={"name": "Alex Morgan",
                                                    "at": "2026-11-24T13:00"})
    assert store.caseload().events["e1"].enforcements == []  # nothing recorded
    changes = services.decide_enforcement(
        store, "e1", NOW, Decision.RECALL, "Whereabouts unknown.",
        recall_type=RecallType.STANDARD, now=NOW + timedelta(minutes=30),
        line_manager={"name": "Sam Hughes", "at": "2026-11-24T12:25"})
    decision_id = changes.records[0][1]
    with pytest.raises(ValidationError, match="an oversight entry cannot be recorded"):
        services.record_oversight(store, "e1", ahead, "Sam Hughes", "Read the Part A.",
                                  about=decision_id, now=NOW)
    with pytest.raises(ValidationError, match="decided_at: .* is in the future"):
        services.correct_record(store, "enforcement", decision_id,
                                {"decided_at": "2026-11-26T09:00"}, "Wrong day typed",
                                now=NOW)


def test_recording_a_submission_ahead_of_time_is_refused(store) -> None:
    """The breach laid, or the Part A sent, is recorded only once it has happened."""
    services.import_lines(store, _lines(person(), event("e1", kind="licence",
                                                        release_date="2026-05-01"),
                                        _decision(decided_at="2026-11-24T09:00")), "t")
    with pytest.raises(ValidationError, match="in the future"):
        services.mark_submitted(store, "r1", NOW + timedelta(days=1), now=NOW)
    services.mark_submitted(store, "r1", NOW - timedelta(minutes=30), now=NOW)
    assert store.record("enforcement", "r1")["submitted_at"].startswith("2026-11-24T11:30")
