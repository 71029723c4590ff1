"""Tests for the weekly time model: fixed times, travel between sites, day caps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.carving.week import (
    ScheduleParams,
    build_schedule,
    check_schedule,
    days_fit,
    fixed_conflict,
)
from matcher.errors import ParamError, ScheduleError
from matcher.model import Task
from tests.strategies import SITES, tasks

TRAVEL = SITES.travel_minutes()


def fixed(task_id: str, days: tuple[int, ...], start: str, end: str, site: str = "a") -> Task:
    """A fixed-time task from HH:MM strings."""
    s = int(start[:2]) * 60 + int(start[3:])
    e = int(end[:2]) * 60 + int(end[3:])
    return Task(task_id, task_id, "concierge", len(days) * (e - s) / 60, 1, site, days, s, e)


def test_fixed_tasks_keep_their_times():
    """Fixed tasks appear exactly at their days and times."""
    t = fixed("open", (0, 2), "07:45", "08:30")
    schedule = build_schedule([t], TRAVEL)
    assert [(b.day, b.start, b.end) for b in schedule.blocks] == [(0, 465, 510), (2, 465, 510)]


@pytest.mark.parametrize(
    ("first", "second", "code"),
    [
        (("07:45", "08:30", "a"), ("08:15", "09:00", "a"), "overlap"),  # same site overlap
        (("10:10", "10:30", "a"), ("10:35", "11:00", "b"), "travel"),  # 5 min for a trip
        (("10:10", "10:30", "a"), ("10:40", "11:00", "c"), "travel"),  # c has no location
    ],
)
def test_conflicting_fixed_tasks(first, second, code):
    """Overlapping fixed tasks, or too little time to travel, cannot share a week."""
    a = fixed("A", (1,), *first)
    b = fixed("B", (1, 3), *second)
    assert fixed_conflict(a, b, TRAVEL) == code
    with pytest.raises(ScheduleError) as info:
        build_schedule([a, b], TRAVEL)
    assert info.value.code == code
    assert set(info.value.tasks) == {"A", "B"}


def test_travel_time_is_respected_between_sites():
    """Tasks at two sites on one day leave the travel time between them."""
    a = fixed("A", (0,), "08:00", "09:00", "a")
    b = fixed("B", (0,), "11:00", "12:00", "b")
    flex = Task("F", "F", "facilities", 1.5, 1, "b", (0,))
    schedule = build_schedule([a, b, flex], TRAVEL)
    assert check_schedule(schedule, [a, b, flex], TRAVEL) == []
    assert schedule.travel_minutes >= TRAVEL[("a", "b")]


def test_day_cap():
    """More work on one day than max_hours_per_day is refused."""
    t = Task("T", "T", "facilities", 9.0, 1, "a", (2,))
    with pytest.raises(ScheduleError) as info:
        build_schedule([t], TRAVEL, ScheduleParams(max_hours_per_day=8))
    assert info.value.code == "day_hours"


def test_flexible_work_spread_over_days():
    """25 flexible hours are spread over five days of about five hours."""
    items = [Task(f"T{k}", "x", "administration", 5.0, 1) for k in range(5)]
    schedule = build_schedule(items, {})
    per_day = schedule.minutes_per_day()
    assert sorted(per_day) == [0, 1, 2, 3, 4]
    assert max(per_day.values()) - min(per_day.values()) <= 60


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"day_start": 600, "day_end": 500}, {"day_start", "flex_start"}),  # window reversed
        ({"max_hours_per_day": 0}, {"max_hours_per_day", "target_hours_per_day"}),
        ({"target_hours_per_day": 9, "max_hours_per_day": 8}, {"target_hours_per_day"}),
        ({"work_days": (7,)}, {"work_days"}),  # day 7 does not exist
        ({"day_end": 25 * 60, "flex_start": 0, "work_days": ()},
         {"day_end", "flex_start", "work_days"}),
    ],
)
def test_invalid_params(kwargs, fields):
    """Invalid schedule parameters are refused with a ParamError naming every broken field."""
    with pytest.raises(ParamError, match="ScheduleParams") as info:
        ScheduleParams(**kwargs)
    assert set(info.value.fields) == fields
    assert all(p.code.startswith("param.") for p in info.value.problems)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=10).flatmap(
    lambda keys: st.tuples(*[tasks(f"T{k}") for k in range(len(keys))])))
def test_built_schedules_obey_every_rule(items):
    """Any schedule that builds passes the independent checker; failures are ScheduleErrors."""
    try:
        schedule = build_schedule(list(items), TRAVEL)
    except ScheduleError as error:
        assert error.code in {"overlap", "travel", "day_hours", "no_room"}
        return
    assert check_schedule(schedule, list(items), TRAVEL) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=12).flatmap(
    lambda keys: st.tuples(*[tasks(f"T{k}") for k in range(len(keys))])))
def test_days_fit_is_the_builders_day_rule(items):
    """``days_fit`` is false exactly when the week builder breaks the hours-per-day rule
    (unless it stops first at an overlap or a travel conflict)."""
    fits = days_fit(list(items))
    try:
        build_schedule(list(items), TRAVEL)
    except ScheduleError as error:
        if error.code == "day_hours":
            assert not fits
        elif error.code == "no_room":
            assert fits
        return
    assert fits


def test_days_fit_sees_a_full_day():
    """Six hours bound to Monday plus two and a half fixed hours there: over eight."""
    monday = Task("M", "M", "classroom", 6.0, 1, "a", (0,))
    morning = fixed("F", (0,), "08:00", "10:30")
    assert days_fit([monday])
    assert not days_fit([monday, morning])
    assert days_fit([monday, morning], ScheduleParams(max_hours_per_day=9))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([None, "a", "b"]), st.sampled_from([None, "a", "b", "c"]),
       st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(1, 90)), max_size=6),
       st.sampled_from(["a", "b", "c"]))
def test_segment_need_follows_its_sites(left, right, pieces, site):
    """The time a segment needs, from its set of sites, equals laying out its pieces in order."""
    import math

    from matcher.carving.week import chain_travel, layout_order

    content = [(s, f"T{k}", minutes) for k, (s, minutes) in enumerate(pieces)]

    def laid_out(items):  # straightforward reference: walk the ordered pieces
        total, current = 0.0, left
        for s, _, minutes in sorted(items, key=lambda i: (
                0 if i[0] == left else 2 if i[0] == right else 1, i[0], i[1])):
            if current is not None and s != current:
                total += TRAVEL.get((current, s), math.inf)
            current = s
            total += minutes
        if right is not None and current is not None and current != right:
            total += TRAVEL.get((current, right), math.inf)
        return total

    sites = {s for s, *_ in content}
    work = sum(minutes for *_, minutes in content)
    assert work + chain_travel(left, right, (*sites, site) if site not in sites else sites,
                         TRAVEL) == laid_out([*content, (site, "new", 0)])
    if content:  # an empty segment is never laid out
        assert work + chain_travel(left, right, frozenset(sites), TRAVEL) == laid_out(content)
    assert [s for s, *_ in layout_order(content, left, right)] == [s for s, *_ in sorted(
        content, key=lambda i: (0 if i[0] == left else 2 if i[0] == right else 1, i[0],
                                i[1]))]
