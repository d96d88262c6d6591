"""The England & Wales working-day calendar that every deadline counts in.

"N working days after D" is the Nth working day after D, D itself being day 0
(exchange-format.md). Working days skip Saturdays, Sundays and England & Wales bank holidays,
substitute days included; the service levels' "business days" are treated the same
(policy-rules.md section 7).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # Imported on first use: a start drawn from the first screen kept at lock needs no rules.
    import holidays

    # subdiv "ENG" gives the England & Wales list; the same holidays apply to Wales.
    table = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(table.keys())


def warm(years: Iterable[int]) -> None:
    """Build the holiday tables now (the library's first use loads every country's calendar,
    a tenth of a second), e.g. while an unlock derives its key."""
    for year in years:
        _bank_holidays(year)


def is_bank_holiday(day: date) -> bool:
    """True on an England & Wales bank holiday (including substitute days)."""
    return day in _bank_holidays(day.year)


@lru_cache(maxsize=8192)
def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


@lru_cache(maxsize=65536)
def add_working_days(start: date, n: int) -> date:
    """The Nth working day after ``start`` (``start`` is day 0); n=0 gives ``start``."""
    if n < 0:
        raise ValueError("working days to add must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def holiday_name(day: date) -> str | None:
    """The bank holiday's name ("Christmas Day"), or None."""
    if not is_bank_holiday(day):
        return None
    import holidays

    return str(holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day))
