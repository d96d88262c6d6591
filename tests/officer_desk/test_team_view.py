"""The manager's team view counts what the officers' own rules engine counts, case by case."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from officer_desk.caseload import build_caseload
from officer_desk.countersign import Recommendation
from officer_desk.demo import demo_records
from officer_desk.due import due_items
from officer_desk.policy import load_policy
from officer_desk.team_view import team_lines
from tests.helpers.records import event, person, recall_records

ON = date(2026, 11, 24)
POLICY = load_policy()


def test_overdue_by_kind_equals_the_rules_engine_for_each_officer() -> None:
    caseload = build_caseload(demo_records(ON))
    crns = sorted(caseload.people)
    holders = {crn: ("rhian" if n % 2 else "dafydd") for n, crn in enumerate(crns)}
    lines = team_lines(caseload, [("rhian", "PO"), ("dafydd", "PO")], holders, ON, POLICY, [])
    assert [o.username for o in lines] == ["dafydd", "rhian"]
    everything = due_items(caseload, ON, POLICY, extended=True)
    assert any(i.status == "overdue" for i in everything)  # the demo has work overdue
    for officer in lines:
        mine = {c for c, u in holders.items() if u == officer.username}
        expected = Counter(i.kind for i in everything if i.status == "overdue" and i.crn in mine)
        assert officer.overdue == expected, officer.username
        assert len(officer.cases) == len(mine)
    total = Counter()
    for officer in lines:
        total.update(officer.overdue)
    assert total == Counter(i.kind for i in everything if i.status == "overdue")


def test_decisions_awaiting_oversight_and_people_not_seen() -> None:
    records = recall_records("R500001", "tv-")
    records += [person("R500002", pid="tv-p2", given_name="Siobhán", family_name="Ó Briain"),
                event("tv-e2", "R500002", allocation_date="2026-09-01", start_date="2026-09-01"),
                {"type": "contact", "id": "tv-c1", "event_id": "tv-e2",
                 "at": "2026-09-02T10:00", "mode": "office", "summary": "Induction"}]
    caseload = build_caseload(records)
    holders = {"R500001": "cora", "R500002": "cora"}
    [cora] = team_lines(caseload, [("cora", "PO")], holders, ON, POLICY, [])
    assert cora.awaiting_oversight == 1  # the recall decision: no oversight, no countersign
    lines = {c.crn: c for c in cora.cases}
    assert lines["R500002"].no_contact and lines["R500002"].last_contact == date(2026, 9, 2)
    assert lines["R500002"].name == "Siobhán Ó Briain"
    assert cora.compliance is not None and cora.compliance < 1

    signed = Recommendation(1, "R500001", "tv-e1", "tv-r1", "recall", "RECALL_DECIDED",
                            "0" * 64, "cora")
    [cora] = team_lines(caseload, [("cora", "PO")], holders, ON, POLICY, [signed])
    assert cora.awaiting_oversight == 0  # countersigned is overseen
    records.append({"type": "oversight", "id": "tv-o1", "event_id": "tv-e1",
                    "at": "2026-11-20T12:00", "by": "sam", "grade": "SPO", "about": "tv-r1",
                    "note": "Read the Part A; recall is right."})
    [cora] = team_lines(build_caseload(records), [("cora", "PO")], holders, ON, POLICY, [])
    assert cora.awaiting_oversight == 0
    entry = build_caseload(records).events["tv-e1"].oversight[0]
    assert entry.at == datetime(2026, 11, 20, 12, 0) and entry.by == "sam"
