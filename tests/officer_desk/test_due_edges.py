"""Rules at the edges: nothing opens after an event ends; hours are real hours in UK time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from officer_desk.caseload import build_caseload
from officer_desk.dates import add_elapsed_hours, uk_zone_name
from officer_desk.due import due_items
from officer_desk.policy import load_policy
from tests.helpers.records import event, person

POLICY = load_policy()


def _due(records, on: str):
    caseload = build_caseload([person(), *records])
    return [i.as_json() for i in due_items(caseload, date.fromisoformat(on), POLICY)]


def _decision(eid: str, at: str, decision: str, **extra):
    return {"type": "enforcement", "id": eid, "event_id": "e1", "decided_at": at,
            "decision": decision, **extra}


def test_no_review_opens_from_a_plan_completed_after_the_end() -> None:
    ended = event(start_date="2025-01-01", end_date="2026-03-31")
    plan = {"type": "sentence_plan", "id": "s1", "event_id": "e1", "completed_on": "2026-04-02"}
    assert [i for i in _due([ended, plan], "2026-09-01") if i["kind"] == "review"] == []
    review = {"type": "review", "id": "r1", "event_id": "e1", "completed_on": "2026-04-10"}
    early = {"type": "sentence_plan", "id": "s0", "event_id": "e1", "completed_on": "2026-01-05"}
    # The latest anchor is after the end: nothing opens from it (nor from the earlier plan,
    # which a later review superseded).
    assert [i for i in _due([ended, early, review], "2026-09-01") if i["kind"] == "review"] == []
    # A plan completed on the last day still opens its review.
    on_end = {"type": "sentence_plan", "id": "s2", "event_id": "e1", "completed_on": "2026-03-31"}
    assert [i["kind"] for i in _due([ended, on_end], "2026-04-01")] == ["review"]


def test_no_breach_laid_or_recall_report_for_a_decision_after_the_end() -> None:
    order = event(start_date="2025-01-01", end_date="2026-03-31")
    late = _decision("d1", "2026-04-02T10:00", "breach")
    assert _due([order, late], "2026-04-20") == []
    licence = event(kind="licence", release_date="2025-06-01", end_date="2026-03-31")
    recall = _decision("d2", "2026-04-01T09:00", "recall", recall_type="standard")
    assert [i for i in _due([licence, recall], "2026-04-01") if i["kind"] != "induction"] == []
    in_time = _decision("d3", "2026-03-31T09:00", "recall", recall_type="standard")
    assert "recall_report" in [i["kind"] for i in _due([licence, in_time], "2026-03-31")]


def test_recall_hours_are_elapsed_hours_across_the_clocks_going_back() -> None:
    # 25 Oct 2026: BST ends at 02:00 BST (01:00 GMT). 00:30 BST + 2 real hours = 01:30 GMT.
    licence = event(kind="licence", release_date="2026-06-01")
    emergency = _decision("d1", "2026-10-25T00:30", "recall", recall_type="emergency")
    [item] = [i for i in _due([licence, emergency], "2026-10-25") if i["kind"] == "recall_report"]
    assert item["due"] == "2026-10-25T01:30"
    assert uk_zone_name(datetime(2026, 10, 25, 3, 0)) == "GMT"
    standard = _decision("d2", "2026-10-24T12:00", "recall", recall_type="standard")
    [item] = [i for i in _due([licence, standard], "2026-10-24") if i["kind"] == "recall_report"]
    assert item["due"] == "2026-10-25T11:00"  # 24 real hours; the clocks went back an hour


def test_recall_hours_across_the_clocks_going_forward() -> None:
    # 29 Mar 2026: GMT ends at 01:00 GMT (02:00 BST). 23:30 GMT + 2 real hours = 02:30 BST.
    assert add_elapsed_hours(datetime(2026, 3, 28, 23, 30), 2) == datetime(2026, 3, 29, 2, 30)
    assert add_elapsed_hours(datetime(2026, 3, 29, 0, 30), 2) == datetime(2026, 3, 29, 3, 30)
    assert add_elapsed_hours(datetime(2026, 3, 28, 12, 0), 24) == datetime(2026, 3, 29, 13, 0)
    assert uk_zone_name(datetime(2026, 3, 29, 3, 30)) == "BST"


def test_countdown_words_and_priority_order() -> None:
    from officer_desk.due import DueItem
    from officer_desk.today import countdown, in_order

    now = datetime(2026, 11, 24, 12, 0)
    part_a = DueItem("X1", "e", "recall_report", datetime(2026, 11, 24, 13, 5), "r", "due")
    late = DueItem("X1", "e", "recall_report", datetime(2026, 11, 24, 9, 0), "r", "due")
    contact = DueItem("X2", "e", "contact", date(2026, 11, 20), "c", "overdue")
    plan = DueItem("X3", "e", "sentence_plan", date(2026, 11, 24), "s", "due")
    warning = DueItem("X4", "e", "warning_letter", date(2026, 11, 27), "w", "due")
    assert countdown(part_a, now) == "1 h 05 min left"
    assert countdown(late, now) == "3 h 00 min overdue"
    assert countdown(contact, now) == "4 days overdue"
    assert countdown(plan, now) == "due today"
    assert countdown(warning, now) == "in 3 days"
    assert [i.kind for i in in_order([contact, plan, warning, part_a])] == [
        "recall_report", "warning_letter", "sentence_plan", "contact"]


def test_items_added_to_a_list_in_order_go_where_a_full_sort_puts_them() -> None:
    """Against a full stable sort, with many ties (same kind, day and person), date-times and
    plain dates, every kind of priority, and added lists of every size up to the whole."""
    import random

    from officer_desk.due import DueItem
    from officer_desk.today import in_order, in_order_with

    rng = random.Random(11)
    kinds = ["recall_report", "warning_letter", "breach_decision", "sentence_plan", "contact",
             "home_visit_checkin", "induction", "leaves_laptop"]

    def item(n: int) -> DueItem:
        day = date(2026, 11, 20) + timedelta(days=rng.randrange(6))
        due = (datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.randrange(24))
               if rng.random() < 0.3 else day)
        return DueItem(rng.choice(["X1", "X2", "X3"]), f"e{rng.randrange(3)}",
                       rng.choice(kinds), due, f"rule {n}", rng.choice(["due", "overdue"]))

    for trial in range(300):
        everything = [item(n) for n in range(rng.randrange(0, 60))]
        added = [item(1000 + n) for n in range(rng.randrange(0, 25))]
        ordered = in_order(everything)
        merged = in_order_with(ordered, added)
        assert merged == in_order(ordered + added), trial
        assert [id(i) for i in merged] == [id(i) for i in in_order(ordered + added)], trial
