"""The retention rule on its own: which ended cases go, which go soon, and why each stays."""

from __future__ import annotations

from datetime import date

from officer_desk import retention
from officer_desk.caseload import build_caseload
from officer_desk.policy import load_policy
from tests.helpers.records import event, person

ON = date(2026, 11, 20)


def _caseload():
    return build_caseload([
        person("A000001", "p1"), event("e1", "A000001", end_date="2026-09-01"),
        person("B000002", "p2"), event("e2", "B000002", end_date="2026-09-01"),
        # One order ended long ago, a licence still running: the case stays.
        person("C000003", "p3"), event("e3", "C000003", end_date="2025-01-01"),
        event("e4", "C000003", "licence", end_date="2027-05-01"),
        # Ended 24 days ago: it leaves on the 29th day, in 5 days.
        person("D000004", "p4"), event("e5", "D000004", end_date="2026-10-27"),
        person("E000005", "p5"), event("e6", "E000005"),  # no end date: running
    ])


def test_the_ended_and_sent_go_the_unsent_stay_and_the_nearly_due_are_warned() -> None:
    policy = load_policy()
    assert retention.days(policy) == (28, 7)
    found = retention.endings(_caseload(), ON, policy)
    assert [e.crn for e in found] == ["A000001", "B000002", "D000004"]
    assert found[-1].leaves_on == date(2026, 11, 25)
    unsent = {"A000001": retention.Unsent("A000001"),
              "B000002": retention.Unsent("B000002", not_exported=1),
              "D000004": retention.Unsent("D000004", documents=1)}
    verdicts = {v.crn: v for v in retention.decide(found, unsent, ON)}
    assert verdicts["A000001"].status == retention.GOES
    assert "acknowledged by the central system's export" in verdicts["A000001"].reason
    assert verdicts["B000002"].status == retention.KEPT
    assert "1 change not yet exported to the central system" in verdicts["B000002"].reason
    assert verdicts["D000004"].status == retention.SOON
    assert "leaves this laptop on 25 Nov 2026" in verdicts["D000004"].reason
    assert "1 document issued since the last export" in verdicts["D000004"].reason

    items = {i.crn: i for i in retention.today_items(list(verdicts.values()), ON)}
    assert set(items) == {"B000002", "D000004"}  # the one that goes needs no warning
    assert items["D000004"].title == "Leaves this laptop on 25 Nov 2026 (supervision has ended)"
    assert items["D000004"].status == "due" and items["B000002"].status == "overdue"
    assert "export or sync it first" in items["B000002"].title


def test_the_hub_acknowledges_for_a_shared_case_but_not_with_a_conflict_open() -> None:
    synced = retention.Unsent("A000001", not_exported=3, on_hub=True, not_synced=0)
    assert synced.safe and not synced.parts()
    unsynced = retention.Unsent("A000001", not_exported=3, on_hub=True, not_synced=2)
    assert not unsynced.safe
    assert unsynced.parts() == ["3 changes not yet exported to the central system",
                                "2 changes not yet synced with the hub"]
    conflicted = retention.Unsent("A000001", on_hub=True, conflicts=1)
    assert not conflicted.safe and conflicted.parts() == ["1 open conflict on the hub"]
