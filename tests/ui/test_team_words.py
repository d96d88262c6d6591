"""What the My team tab shows a manager reads as words: dates in UK form, no code names."""

from __future__ import annotations

import re

from officer_desk.countersign import Recommendation
from ui.team_tab import LateModel, QueueModel


def test_a_late_change_and_a_recommendation_in_words(qtbot) -> None:
    late = LateModel([{"id": 1, "crn": "X123456", "from": "rhian",
                       "record_type": "contact", "record_id": "c1", "kind": "create",
                       "changes": {"type": {"new": "contact"}, "id": {"new": "c1"},
                                   "event_id": {"new": "e1"},
                                   "at": {"new": "2026-11-21T09:00"},
                                   "mode": {"new": "partner_agency"},
                                   "summary": {"new": "Spoke to his sister Siân"}}}])
    shown = late.index(0, 3).data()
    assert shown == ("at: 21 Nov 2026 09:00; mode: partner agency; summary: Spoke to his "
                     "sister Siân")
    assert not re.search(r"\d{4}-\d{2}-\d{2}|_", shown)
    queue = QueueModel(lambda crn: "Łukasz Żółć")
    queue.set_rows([Recommendation(3, "X123456", "e1", "r1", "no_recall",
                                   "SPO_SIGNATURE_REQUESTED", "0" * 64, "rhian")])
    row = [queue.index(0, c).data() for c in range(queue.columnCount())]
    assert row == ["X123456", "Łukasz Żółć", "Not to recall",
                   "Waiting for the SPO's countersignature", "rhian"]
