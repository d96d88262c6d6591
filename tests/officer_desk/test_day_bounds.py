"""How long a day's due items hold: checked against the rules run afresh on every later day.

The kept first screen of a new day trusts these bounds, so they are tested the hard way: for
the demo caseload and every start day over several months, each event's items are worked out
afresh for every day up to its bound and must be exactly the traced day's items.
"""

from __future__ import annotations

import operator
from datetime import date, datetime, timedelta

import pytest

from officer_desk.caseload import build_caseload
from officer_desk.day_bounds import TracedDay, _Bound, event_items_until, restated
from officer_desk.demo import demo_records
from officer_desk.due import event_items
from officer_desk.policy import load_policy

OPS = (operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne)


@pytest.mark.parametrize("op", OPS, ids=lambda o: o.__name__)
def test_each_comparison_knows_the_first_day_its_answer_changes(op) -> None:
    on = date(2026, 3, 10)
    for gap in range(-5, 6):
        fixed = on + timedelta(days=gap)
        for shift in (0, 3, -2):  # the day itself, or moved by whole days first
            for flipped in (False, True):  # `day OP fixed` and `fixed OP day`
                bound = _Bound(on)
                traced = TracedDay(on, bound) + timedelta(days=shift)
                answer = op(fixed, traced) if flipped else op(traced, fixed)

                def plain(day: date, shift=shift, flipped=flipped, fixed=fixed) -> bool:
                    moved = day + timedelta(days=shift)
                    return op(fixed, moved) if flipped else op(moved, fixed)

                assert answer == plain(on)
                changes = next((on + timedelta(days=k) for k in range(1, 30)
                                if plain(on + timedelta(days=k)) != answer), date.max)
                assert bound.until == changes, (op.__name__, gap, shift, flipped)


def test_anything_but_a_comparison_holds_for_the_day_alone() -> None:
    on = date(2026, 3, 10)
    for use in (lambda d: d.year, lambda d: d.isoformat(), lambda d: d - date(2026, 1, 1),
                lambda d: date(2026, 12, 1) - d, lambda d: hash(d), lambda d: d.weekday(),
                lambda d: f"{d:%d %b}", lambda d: d.toordinal(), lambda d: str(d)):
        bound = _Bound(on)
        use(TracedDay(on, bound))
        assert bound.until == on + timedelta(days=1)
    bound = _Bound(on)
    assert min(TracedDay(on, bound), date(2026, 3, 1)) == date(2026, 3, 1)
    assert bound.until == date.max  # a comparison whose answer never changes again
    with pytest.raises(TypeError):
        _ = TracedDay(on, _Bound(on)) < datetime(2026, 3, 11, 9, 0)  # as a plain day would


def test_bounds_hold_on_every_day_for_the_demo_caseload() -> None:
    policy = load_policy()
    made = date(2026, 11, 24)
    caseload = build_caseload(demo_records(made))
    checked = changed = 0
    for start in range(-40, 60, 3):
        on = made + timedelta(days=start)
        for ef in caseload.events.values():
            items, until = event_items_until(ef, on, policy, extended=True)
            assert items == event_items(ef, on, policy, extended=True)
            last = min(until, on + timedelta(days=45))
            day = on + timedelta(days=1)
            while day < last:
                assert event_items(ef, day, policy, extended=True) == restated(items, day), (
                    ef.event.id, on, day, until)
                day += timedelta(days=1)
                checked += 1
            if until <= on + timedelta(days=45):
                changed += event_items(ef, until, policy, extended=True) != restated(items, until)
    assert checked > 10_000
    assert changed > 100  # the bounds are not simply "today only" or "for ever"



def test_spans_give_each_later_day_its_items() -> None:
    """The spans worked out ahead give, for every day they cover, the rules' own items."""
    from officer_desk.day_bounds import AHEAD_DAYS, event_spans, items_on

    policy = load_policy()
    made = date(2026, 11, 24)
    caseload = build_caseload(demo_records(made))
    covered = 0
    for start in (-7, 0, 3, 11):
        on = made + timedelta(days=start)
        for ef in caseload.events.values():
            spans = event_spans(ef, on, policy, extended=True)
            assert spans[0].start == on
            for later in range(AHEAD_DAYS + 1):
                day = on + timedelta(days=later)
                found = items_on(spans, day)
                if found is None:  # changes every day: worked out on the day
                    assert len(spans) >= 12
                    continue
                assert found == event_items(ef, day, policy, extended=True), (ef.event.id, day)
                covered += 1
    assert covered > 1000


def test_spans_hold_for_a_synthetic_officer_caseload() -> None:
    """The same check over a different shape of caseload: two years of weekly contact, with
    failures, warnings, breaches and reviews for eighty people."""
    from bench.data import caseload_records
    from officer_desk.day_bounds import AHEAD_DAYS, event_spans, items_on

    policy = load_policy()
    made = date(2026, 11, 24)
    caseload = build_caseload(caseload_records("officer", made))
    covered = 0
    for start in (0, 4):
        on = made + timedelta(days=start)
        for ef in caseload.events.values():
            spans = event_spans(ef, on, policy, extended=True)
            for later in range(AHEAD_DAYS + 1):
                day = on + timedelta(days=later)
                found = items_on(spans, day)
                if found is not None:
                    assert found == event_items(ef, day, policy, extended=True), (
                        ef.event.id, day)
                    covered += 1
    assert covered == 2 * len(caseload.events) * (AHEAD_DAYS + 1)  # every day known ahead
