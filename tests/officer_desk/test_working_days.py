"""The England & Wales working-day calendar: table-driven and property-based."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officer_desk.working_days import add_working_days, is_working_day, working_days_between

CASES = [
    # (start, n, expected, why)
    (date(2026, 11, 23), 5, date(2026, 11, 30), "Monday + 5 skips the weekend"),
    (date(2026, 11, 27), 1, date(2026, 11, 30), "Friday + 1 is Monday"),
    (date(2026, 11, 28), 0, date(2026, 11, 28), "day 0 is the start itself, even a Saturday"),
    (date(2026, 11, 28), 1, date(2026, 11, 30), "Saturday + 1 is Monday"),
    (date(2026, 12, 23), 2, date(2026, 12, 29),
     "Christmas Friday 25th, Boxing Day substitute Monday 28th"),
    (date(2026, 12, 24), 1, date(2026, 12, 29), "Christmas Eve + 1 jumps Christmas"),
    (date(2026, 12, 31), 1, date(2027, 1, 4), "New Year's Day Friday 1 Jan 2027"),
    (date(2027, 3, 25), 1, date(2027, 3, 30), "Good Friday 26 Mar and Easter Monday 29 Mar"),
    (date(2026, 4, 2), 6, date(2026, 4, 14), "Easter 2026: 3 and 6 April"),
    (date(2027, 12, 24), 1, date(2027, 12, 29), "2027: both Christmas substitutes (27th, 28th)"),
    (date(2026, 5, 22), 1, date(2026, 5, 26), "Spring bank holiday Monday 25 May 2026"),
    (date(2026, 8, 28), 10, date(2026, 9, 14), "Late summer bank holiday 31 Aug 2026"),
]


@pytest.mark.parametrize(("start", "n", "expected", "why"), CASES)
def test_add_working_days(start: date, n: int, expected: date, why: str) -> None:
    assert add_working_days(start, n) == expected, why


def test_bank_holidays_are_not_working_days() -> None:
    for day in (date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1), date(2027, 3, 26),
                date(2027, 3, 29), date(2026, 5, 4)):
        assert not is_working_day(day)
    assert is_working_day(date(2026, 12, 29))


def test_negative_days_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
counts = st.integers(min_value=0, max_value=60)


@given(days, st.integers(min_value=1, max_value=60))
def test_result_is_always_a_working_day(start: date, n: int) -> None:
    assert is_working_day(add_working_days(start, n))


@given(days, counts, counts)
def test_adding_n_then_m_equals_n_plus_m(start: date, n: int, m: int) -> None:
    assert add_working_days(add_working_days(start, n), m) == add_working_days(start, n + m)


@given(days, st.integers(min_value=1, max_value=60))
def test_exactly_n_working_days_are_counted(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert all(not is_working_day(start + timedelta(days=k))
               for k in range(1, (end - start).days)
               if working_days_between(start, start + timedelta(days=k)) == n)
