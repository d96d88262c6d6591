"""A sentence's length as a court states it: an order's end date is its last day."""

from __future__ import annotations

from datetime import date

import pytest

from officer_desk.model import Event, EventKind
from officer_desk.packs import sentence_words


@pytest.mark.parametrize("made,ends,said", [
    (date(2026, 3, 5), date(2027, 3, 4), "1 year"),  # its last day: 12 months
    (date(2026, 12, 1), date(2027, 11, 30), "1 year"),
    (date(2026, 1, 31), date(2026, 7, 30), "6 months"),
    (date(2026, 3, 5), date(2026, 9, 20), "6 months and 16 days"),
])
def test_an_order_runs_to_the_end_of_its_last_day(made: date, ends: date, said: str) -> None:
    order = Event(id="e1", crn="X123456", kind=EventKind("community_order"), sentence_date=made,
                  start_date=made, end_date=ends)
    assert sentence_words(order).length == said
