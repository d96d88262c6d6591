"""How long one day's due items hold: the first later day on which they may differ.

The first unlock of a day needs every item the rules give for that day. Worked out afresh,
that is the whole overview read and every rule run over it; yet on most days most events'
items are exactly what they were the day before. This module says, for each event, until
when that is so, without knowing any rule.

The rules read the day only by comparing it with dates from the case ("known by then?",
"past its due day?", "started yet?"), or with such a date moved by a fixed number of days. A
comparison of a moving day with a fixed date changes its answer at most once as the day
moves on, on a day that can be worked out. ``TracedDay`` is a day that records, for every
comparison made with it, the first later day on which the answer would change: the earliest
of them is the first day on which the event's items may be different. Anything else done
with the day (its year, its text, its distance from another date) cannot be followed like
this, so it gives up: the items then hold for that day alone. A rule written in the future
that reads the day another way is therefore never trusted for longer than it was checked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from officer_desk.caseload import Caseload, EventFile
from officer_desk.dates import as_date
from officer_desk.due import DueItem, open_items, sort_key, status_on
from officer_desk.policy import Policy


class _Bound:
    """The day the items were worked out for, and the first later day they may change."""

    __slots__ = ("on", "until")

    def __init__(self, on: date) -> None:
        self.on = on
        self.until = date.max

    def change_in(self, days: int) -> None:
        if days >= 1:
            self.until = min(self.until, self.on + timedelta(days=days))

    def give_up(self) -> None:
        self.change_in(1)


def _plain(day: date) -> date:
    return date.fromordinal(date.toordinal(day))


class TracedDay(date):
    """A day (the rules' ``on``, or ``on`` moved by whole days) that records its comparisons."""

    __slots__ = ("_bound", "_value")

    _bound: _Bound
    _value: date

    def __new__(cls, value: date, bound: _Bound) -> TracedDay:
        plain = _plain(value)
        obj = super().__new__(cls, plain.year, plain.month, plain.day)
        obj._bound = bound
        obj._value = plain
        return obj

    # --- comparisons: each records when its answer would change ------------------------------

    def _against(self, other: object) -> int | None:
        """Days from this day to ``other``; None when ``other`` is not a plain date."""
        if isinstance(other, TracedDay):
            return None
        if isinstance(other, datetime) or not isinstance(other, date):
            return None
        return (other - self._value).days

    def _both(self, other: object) -> tuple[date, date] | None:
        if isinstance(other, TracedDay):
            if other._bound is not self._bound:
                self._bound.give_up()
            return self._value, other._value  # they move together: the answer stays
        return None

    def __lt__(self, other: object) -> Any:
        both = self._both(other)
        if both is not None:
            return both[0] < both[1]
        d = self._against(other)
        if d is None:
            return NotImplemented
        if d > 0:
            self._bound.change_in(d)  # no longer before it once the day reaches it
        return d > 0

    def __le__(self, other: object) -> Any:
        both = self._both(other)
        if both is not None:
            return both[0] <= both[1]
        d = self._against(other)
        if d is None:
            return NotImplemented
        if d >= 0:
            self._bound.change_in(d + 1)
        return d >= 0

    def __gt__(self, other: object) -> Any:
        both = self._both(other)
        if both is not None:
            return both[0] > both[1]
        d = self._against(other)
        if d is None:
            return NotImplemented
        if d >= 0:
            self._bound.change_in(d + 1)  # after it from the day after it
        return d < 0

    def __ge__(self, other: object) -> Any:
        both = self._both(other)
        if both is not None:
            return both[0] >= both[1]
        d = self._against(other)
        if d is None:
            return NotImplemented
        if d > 0:
            self._bound.change_in(d)
        return d <= 0

    def __eq__(self, other: object) -> Any:
        both = self._both(other)
        if both is not None:
            return both[0] == both[1]
        d = self._against(other)
        if d is None:
            return NotImplemented
        if d >= 0:
            self._bound.change_in(max(d, 1))
        return d == 0

    def __ne__(self, other: object) -> Any:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    # --- moving by whole days keeps the trace; anything else gives up ------------------------

    def __add__(self, other: object) -> Any:
        if isinstance(other, timedelta):
            return TracedDay(self._value + other, self._bound)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: object) -> Any:
        if isinstance(other, timedelta):
            return TracedDay(self._value - other, self._bound)
        both = self._both(other)
        if both is not None:
            return both[0] - both[1]
        if isinstance(other, date) and not isinstance(other, datetime):
            self._bound.give_up()  # a distance in days changes every day
            return self._value - other
        return NotImplemented

    def __rsub__(self, other: object) -> Any:
        if isinstance(other, date) and not isinstance(other, datetime):
            self._bound.give_up()
            return other - self._value
        return NotImplemented

    def __hash__(self) -> int:
        self._bound.give_up()
        return hash(self._value)

    def _plain_value(self) -> date:
        self._bound.give_up()
        return self._value

    @property
    def year(self) -> int:  # type: ignore[override]
        return self._plain_value().year

    @property
    def month(self) -> int:  # type: ignore[override]
        return self._plain_value().month

    @property
    def day(self) -> int:  # type: ignore[override]
        return self._plain_value().day

    def toordinal(self) -> int:
        return self._plain_value().toordinal()

    def weekday(self) -> int:
        return self._plain_value().weekday()

    def isoweekday(self) -> int:
        return self._plain_value().isoweekday()

    def isocalendar(self) -> Any:
        return self._plain_value().isocalendar()

    def isoformat(self) -> str:
        return self._plain_value().isoformat()

    def strftime(self, fmt: str) -> str:
        return self._plain_value().strftime(fmt)

    def __format__(self, fmt: str) -> str:
        return self._plain_value().__format__(fmt)

    def __str__(self) -> str:
        return str(self._plain_value())

    def __repr__(self) -> str:
        return f"TracedDay({self._value!r})"

    def ctime(self) -> str:
        return self._plain_value().ctime()

    def timetuple(self) -> Any:
        return self._plain_value().timetuple()

    def replace(self, *args: Any, **kwargs: Any) -> date:
        return self._plain_value().replace(*args, **kwargs)

    def __reduce__(self) -> Any:
        return (date, (self._plain_value().toordinal(),))


def _untraced(value: Any, bound: _Bound) -> Any:
    """A field of an item as a plain value (a traced day in an item moves with the day)."""
    if isinstance(value, TracedDay):
        bound.give_up()
        return _plain(value)
    return value


def event_items_until(ef: EventFile, on: date, policy: Policy, extended: bool = False,
                      ) -> tuple[list[DueItem], date]:
    """The event's open items as of ``on`` (exactly ``event_items``) and the first later day
    on which they may differ other than by status: on every day from ``on`` up to the day
    before it, they are the same items, each with its status on that day (``status_on``,
    which the day's reader applies; an item due today is overdue tomorrow)."""
    bound = _Bound(_plain(on))
    crn, event_id = ef.event.crn, ef.event.id
    items = [DueItem(crn, event_id, it.kind, _untraced(it.due, bound), it.rule,
                     status_on(_untraced(day, bound), bound.on), it.ref,
                     _untraced(it.opened, bound))
             for it, day in open_items(ef, TracedDay(on, bound), policy, extended)]
    return items, bound.until


@dataclass(frozen=True)
class Span:
    """An event's items on every day from ``start`` up to the day before ``until`` (each day
    with its own statuses: see ``restated``)."""

    start: date
    until: date
    items: list[DueItem]


# How far ahead an event's spans are worked out: past a weekend and a bank holiday Monday,
# so the first unlock after them finds each event's items already known.
AHEAD_DAYS = 8
_MOST_SPANS = 12  # an event whose items change every day is worked out on the day instead


def event_spans(ef: EventFile, on: date, policy: Policy, extended: bool = False,
                ahead_days: int = AHEAD_DAYS) -> list[Span]:
    """The event's items from ``on`` until at least ``ahead_days`` later, span by span: the
    first span starts on ``on``; each next one on the day the last may have changed."""
    horizon = on + timedelta(days=ahead_days)
    spans: list[Span] = []
    start = on
    while True:
        items, until = event_items_until(ef, start, policy, extended)
        spans.append(Span(start, until, items))
        if until > horizon or len(spans) >= _MOST_SPANS:
            return spans
        start = until


def due_spans(caseload: Caseload, on: date, policy: Policy, extended: bool = False,
              ) -> tuple[list[DueItem], dict[str, list[Span]]]:
    """Every open item across the caseload as of ``on`` (exactly ``due_items``), and each
    event's spans from ``on`` (``event_spans``)."""
    items: list[DueItem] = []
    spans: dict[str, list[Span]] = {}
    for event_id, ef in caseload.events.items():
        spans[event_id] = found = event_spans(ef, on, policy, extended)
        items += found[0].items
    return sorted(items, key=sort_key), spans


def items_on(spans: list[Span], day: date) -> list[DueItem] | None:
    """The event's items on ``day`` from its spans, or None when no span covers the day."""
    for span in spans:
        if span.start <= day < span.until:
            return restated(span.items, day)
    return None


def restated(items: list[DueItem], on: date) -> list[DueItem]:
    """Items worked out for an earlier day, still holding on ``on``, with their status on it."""
    return [i if i.status == (status := status_on(as_date(i.due), on)) else
            replace(i, status=status) for i in items]
