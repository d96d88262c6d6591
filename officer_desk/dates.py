"""Date parsing and formatting: ISO 8601 in files, UK style ("23 Nov 2026") on screen and paper."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD``; raise ValueError with a message a person understands."""
    if not isinstance(text, str) or not _DATE.match(text):
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date") from None


def parse_datetime(text: str) -> datetime:
    """Parse ``YYYY-MM-DDTHH:MM[:SS]`` (UK local time, no offset, as the exchange format says)."""
    if not isinstance(text, str) or not _DATETIME.match(text):
        raise ValueError(f"{text!r} is not a date-time (YYYY-MM-DDTHH:MM)")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date and time") from None


def iso_date(value: date) -> str:
    """The file form of a date."""
    return value.isoformat()


def iso_datetime(value: datetime) -> str:
    """The file form of a date-time: minutes unless seconds are set, as the format allows."""
    if value.second or value.microsecond:
        return value.replace(microsecond=0).isoformat()
    return value.strftime("%Y-%m-%dT%H:%M")


def uk_date(value: date | None) -> str:
    """``23 Nov 2026``: the UK form used on screen and in packs (no leading zero)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.day} {value.strftime('%b')} {value.year}"


def uk_datetime(value: datetime | None) -> str:
    """``23 Nov 2026 14:05``."""
    if value is None:
        return ""
    return f"{uk_date(value)} {value.strftime('%H:%M')}"


@lru_cache(maxsize=4096)  # the rules ask for the same warning windows again and again
def add_months(day: date, months: int) -> date:
    """Calendar months later, clamped to the month's end (29 Feb + 12 months is 28 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def as_date(value: date | datetime) -> date:
    """The calendar day of a date or date-time."""
    return value.date() if isinstance(value, datetime) else value


def add_elapsed_hours(local: datetime, hours: float) -> datetime:
    """UK local time ``hours`` real hours after ``local`` (also UK local, no offset).

    A deadline in hours is elapsed time: two hours after 00:30 on the night the clocks go back
    is 01:30 GMT, not 02:30. An hour that happens twice is read as its first (summer) time, an
    hour the clocks skip as if they had not yet moved.
    """
    aware = local.replace(tzinfo=UK, fold=0)
    later = (aware.astimezone(UTC) + timedelta(hours=hours)).astimezone(UK)
    return later.replace(tzinfo=None, fold=0)


def uk_zone_name(local: datetime) -> str:
    """``GMT`` or ``BST`` for a UK local time, so a deadline near a clock change is exact."""
    return local.replace(tzinfo=UK).tzname() or "UK time"


_UK_DATETIME = re.compile(r"^\s*(\d{1,2})[ /.-]([A-Za-z]+|\d{1,2})[ /.-](\d{4})"
                          r"(?:[ ,T]+(\d{1,2})[:.](\d{2})\s*([ap]m)?)?\s*$", re.IGNORECASE)


def parse_uk_datetime(text: str, *, time_required: bool = True) -> datetime:
    """What an officer types: "4 Dec 2026 14:00", "4 December 2026 2.05pm", "04/12/2026 14:00".

    ISO ``2026-12-04T14:00`` is accepted too. Raises ValueError with a message to show.
    """
    text = (text or "").strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    match = _UK_DATETIME.match(text)
    example = "for example 4 Dec 2026 14:00"
    if not match:
        raise ValueError(f"{text!r} is not a date and time ({example})")
    day, month_text, year, hour, minute, ampm = match.groups()
    if month_text.isdigit():
        month = int(month_text)
    else:
        names = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
        names.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
        names["sept"] = 9
        month = names.get(month_text.lower(), 0)
    if hour is None:
        if time_required:
            raise ValueError(f"{text!r} has no time of day ({example})")
        hour, minute = "0", "0"
    h = int(hour)
    if ampm:
        if not 1 <= h <= 12:
            raise ValueError(f"{text!r} is not a time of day ({example})")
        h = h % 12 + (12 if ampm.lower() == "pm" else 0)
    try:
        return datetime(int(year), month, int(day), h, int(minute))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date and time ({example})") from None
