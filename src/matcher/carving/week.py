"""The weekly time model: turn a set of tasks into a week a person can work, or say why not.

Time is in minutes after midnight; days are numbered Monday = 0. The rules (each a field of
:class:`ScheduleParams`, documented in ``docs/carving.md``) are the week's hard rules: a task
set whose week breaks one is no function. A function's week is built in four steps:

1. **Fixed tasks** (start and end given) are placed at their times on each of their days.
   Two fixed tasks on one day must not overlap, and between tasks at different sites there
   must be time to travel (:class:`matcher.geo.TravelParams`).
2. **Flexible work is spread over days.** Tasks with days get an equal share on each of
   their days; tasks without days are cut into pieces of at least an hour and put on the
   least loaded working days. The number of working days follows from the hours
   (``target_hours_per_day``), and no day exceeds ``max_hours_per_day``.
3. **A day is one site, or one move** (``max_site_changes``): the fixed tasks of a day
   fix the order of its sites; flexible work goes to the part of the day at its own site:
   first into the gaps between fixed tasks, then after the part's last and before its first
   fixed task. A site without fixed tasks that day gets a part of its own at the end (or the
   start) of the day. Flexible work stays inside its site's opening hours, and work with
   pupils inside the pupil hours (:class:`SiteHours`); no flexible block is shorter than
   ``min_piece`` minutes (a task with less on that day gets one block).
4. **Breaks and a real working day.** A day of more than ``break_after_hours`` of work
   holds a break of ``break_minutes`` (an idle gap that is long enough, two of at least
   ``break_part_minutes``, or made by moving flexible work), above ``long_day_hours`` of
   ``long_break_minutes``. Every working day has at least ``min_day_hours`` of work and at
   most ``max_idle_per_day`` idle minutes besides the break and the travel.

:func:`build_schedule` returns a :class:`Schedule` (work, breaks and travel as blocks) or
raises :class:`ScheduleError` naming the rule and the tasks involved. :func:`check_schedule`
verifies a schedule against the hard rules again, by other code; the tests and the carver
use it.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import defaultdict
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from matcher.carving.day import DayPlan, Row
from matcher.carving.weekrules import (
    BREAK,
    DEFAULT_SCHEDULE,
    SITE_HOUR_COLUMNS,
    TRAVEL,
    WORK,
    ScheduleParams,
    SiteHours,
    site_hours,
)
from matcher.errors import ScheduleError
from matcher.inputs.schema import WORK_DAYS
from matcher.model import Task
from matcher.text.format import format_days, format_time
from matcher.text.labels import DAY_NAMES_NL

_T = TypeVar("_T")

__all__ = [
    "BREAK",
    "COMPLETION_RULES",
    "SITE_HOUR_COLUMNS",
    "TRAVEL",
    "WORK",
    "Block",
    "DayCache",
    "Schedule",
    "ScheduleError",
    "ScheduleParams",
    "SiteHours",
    "build_schedule",
    "check_schedule",
    "days_fit",
    "fixed_conflict",
    "site_hours",
]


TravelTable = Mapping[tuple[str, str], float]
#: Plans of days already built (:func:`build_schedule`'s ``day_cache``): the rows and
#: breaks of a day, or the error it raised.
DayCache = MutableMapping[tuple[int, tuple[str, ...], tuple[tuple[int, str, str, int], ...],
                                bool],
                          tuple[list[Row], list[tuple[int, int, str]]] | ScheduleError]


@dataclass(frozen=True)
class Block:
    """A stretch of one kind on one day: work on a task at a site, a break, or travel
    (to ``site``)."""

    # build_schedule fills the fields of Block and Schedule without calling __init__
    # (speed): give either a __post_init__ or slots and it must change too.

    day: int
    start: int
    end: int
    site: str
    task_id: str
    fixed: bool
    kind: str = WORK

    @property
    def minutes(self) -> int:
        """Length in minutes."""
        return self.end - self.start

    def __str__(self) -> str:
        what = self.task_id if self.kind == WORK else self.kind
        return (f"{DAY_NAMES_NL[self.day]} {format_time(self.start)}-{format_time(self.end)} "
                f"{what} @ {self.site}")


@dataclass(frozen=True)
class Schedule:
    """A concrete week: work blocks sorted by day and time, and the breaks and travel."""

    blocks: tuple[Block, ...]
    travel_minutes: int = 0
    breaks: tuple[Block, ...] = ()
    trips: tuple[Block, ...] = ()

    @property
    def days(self) -> tuple[int, ...]:
        """Days with work, sorted."""
        return tuple(sorted({b.day for b in self.blocks}))

    @property
    def break_minutes(self) -> int:
        """Minutes of break in the week (not paid)."""
        return sum(b.end - b.start for b in self.breaks)

    def rows(self) -> list[Block]:
        """Work, breaks and travel of the week in day and time order."""
        return sorted((*self.blocks, *self.breaks, *self.trips),
                      key=lambda b: (b.day, b.start, b.end))

    def minutes_per_day(self) -> dict[int, int]:
        """Working minutes on each day with work."""
        out: dict[int, int] = defaultdict(int)
        for b in self.blocks:
            out[b.day] += b.minutes
        return dict(sorted(out.items()))

    def span_per_day(self) -> dict[int, tuple[int, int]]:
        """First start and last end of work on each day with work."""
        out: dict[int, tuple[int, int]] = {}
        for b in self.blocks:
            lo, hi = out.get(b.day, (b.start, b.end))
            out[b.day] = (min(lo, b.start), max(hi, b.end))
        return dict(sorted(out.items()))

    def idle_per_day(self) -> dict[int, int]:
        """Idle minutes of each working day: its span less work, travel and break."""
        other: dict[int, int] = defaultdict(int)
        for b in (*self.breaks, *self.trips):
            other[b.day] += b.end - b.start
        work = self.minutes_per_day()
        return {d: max(0, hi - lo - work[d] - other[d])
                for d, (lo, hi) in self.span_per_day().items()}

    def idle_minutes(self) -> int:
        """Minutes inside the working spans that are neither work, travel nor break."""
        # One pass, a day at a time: built schedules are sorted by day.
        seen: list[int] = []
        total = 0
        work = 0
        lo = hi = 0
        for b in self.blocks:
            start, end = b.start, b.end
            work += end - start
            if seen and b.day == seen[-1]:
                if start < lo:
                    lo = start
                if end > hi:
                    hi = end
                continue
            if seen:
                if b.day in seen:  # a day comes back: blocks not sorted by day
                    return sum(self.idle_per_day().values())
                total += hi - lo
            seen.append(b.day)
            lo, hi = start, end
        if seen:
            total += hi - lo
        return max(0, total - work - self.travel_minutes - self.break_minutes)

    def site_changes_per_day(self) -> dict[int, int]:
        """Moves between sites on each working day."""
        out: dict[int, int] = {}
        last: dict[int, str] = {}
        for b in sorted(self.blocks, key=lambda b: (b.day, b.start)):
            out.setdefault(b.day, 0)
            if b.day in last and last[b.day] != b.site:
                out[b.day] += 1
            last[b.day] = b.site
        return out

    def start_spread(self) -> int:
        """Minutes between the earliest and the latest start of a working day."""
        starts = [lo for lo, _ in self.span_per_day().values()]
        return max(starts) - min(starts) if starts else 0

    def shortest_flexible(self) -> int | None:
        """The shortest flexible work block in minutes (``None``: no flexible work)."""
        pieces = [b.minutes for b in self.blocks if not b.fixed]
        return min(pieces) if pieces else None

    def describe(self) -> str:
        """One line per day: ``ma 08:30-13:40 (5,2 u)``."""
        lines = []
        work = self.minutes_per_day()
        for day, (lo, hi) in self.span_per_day().items():
            hours = f"{work[day] / 60:.1f}".replace(".", ",")
            lines.append(f"{DAY_NAMES_NL[day]} {format_time(lo)}-{format_time(hi)} ({hours} u)")
        return "; ".join(lines)


def fixed_conflict(a: Task, b: Task, travel: TravelTable) -> str | None:
    """Why two fixed tasks cannot be in one week, or ``None`` when they can.

    Returns ``"overlap"`` when they overlap in time on a common day, ``"travel"`` when the
    gap between them is shorter than the travel time between their sites.
    """
    if not (a.fixed and b.fixed):
        return None
    common = set(a.days or WORK_DAYS) & set(b.days or WORK_DAYS)
    if not common:
        return None
    assert a.start is not None and a.end is not None and b.start is not None
    assert b.end is not None
    if a.start < b.end and b.start < a.end:
        return "overlap"
    if a.site != b.site:
        first, second = (a, b) if a.start < b.start else (b, a)
        assert first.end is not None and second.start is not None
        if second.start - first.end < travel.get((first.site, second.site), math.inf):
            return "travel"
    return None


#: Sort key of rows and of pieces ``(-minutes, task, site, minutes)``: start (or size)
#: and task.
_FIRST_TWO = operator.itemgetter(0, 1)

_DEFAULT_PARAMS = DEFAULT_SCHEDULE

#: The rules only a finished function must meet (``build_schedule(complete=True)``).
COMPLETION_RULES = frozenset({"break", "short_day", "idle"})
_NO_HOURS: Mapping[str, SiteHours] = {}

_new_instance = object.__new__  # an instance without running __init__


def _put(by_day: dict[int, list[_T]], load: dict[int, int], day: int, item: _T,
         minutes: int) -> None:
    """Add ``item`` to ``day``'s list and its minutes to the day's load."""
    on_day = by_day.get(day)
    if on_day is None:
        by_day[day] = [item]
    else:
        on_day.append(item)
    load[day] = load.get(day, 0) + minutes


def _block(day: int, start: int, end: int, site: str, task_id: str, fixed: bool,
           kind: str) -> Block:
    # Filling ``__dict__`` is what the frozen dataclass's ``__init__`` does (there is no
    # ``__post_init__``), at half the cost.
    block = _new_instance(Block)
    block.__dict__.update(day=day, start=start, end=end, site=site, task_id=task_id,
                          fixed=fixed, kind=kind)
    return block


def build_schedule(
    tasks: Sequence[Task], travel: TravelTable | None = None,
    params: ScheduleParams | None = None, hours: Mapping[str, SiteHours] | None = None,
    *, complete: bool = True, day_cache: DayCache | None = None, mend: bool = True,
) -> Schedule:
    """Build a workable week for these tasks, or raise :class:`ScheduleError`.

    ``hours`` gives the opening and pupil hours of sites that differ from ``params``'
    defaults (:func:`site_hours`). ``complete=False`` builds the week of a set on its way to
    a function: without the rules only a finished function must meet (the break, at least
    ``min_day_hours`` and at most ``max_idle_per_day`` idle minutes a day), which adding
    tasks can mend. Deterministic: the same tasks give the same week.

    A day with too much idle time or no room for its break is mended by moving flexible
    work of tasks without days between days: first an hour at a time, and when that fails
    (``mend``, the default) by the minutes the day lacks or holds too many
    (:func:`_move_piece`). Every week found without ``mend`` is found with it, the same.
    """
    params = params or _DEFAULT_PARAMS
    travel = travel or {}
    hours = hours or _NO_HOURS
    fixed_by_day, load, bound, free = _split(tasks)
    for d, on_day in fixed_by_day.items():
        if len(on_day) < 2:
            continue
        on_day.sort(key=_FIRST_TWO)
        for a, b in itertools.pairwise(on_day):
            if b[0] < a[2]:
                assert a[5] is not None and b[5] is not None
                raise ScheduleError(
                    "overlap", f"{a[1]} en {b[1]} overlappen op {DAY_NAMES_NL[d]} "
                    f"({a[5].when} / {b[5].when})", [a[1], b[1]])
            need = travel.get((a[3], b[3]), math.inf) if a[3] != b[3] else 0
            if b[0] - a[2] < need:
                raise ScheduleError(
                    "travel", f"geen reistijd tussen {a[1]} ({a[3]}) en {b[1]} "
                    f"({b[3]}) op {DAY_NAMES_NL[d]}", [a[1], b[1]])
    pupils = {t.task_id for t in tasks
              if not t.fixed and t.pupil_contact >= params.pupil_contact_level}
    movable = {p[1] for p in free}
    demand = _demand(fixed_by_day, params)
    spread = _spread_flexible(bound, free, load, params, demand)
    first: ScheduleError | None = None
    for deficit in (False, True) if mend else (False,):
        per_day = {d: list(pieces) for d, pieces in spread.items()} if not deficit else spread
        try:
            planned = _plan_days(fixed_by_day, per_day, movable, demand, deficit, travel,
                                 params, hours, pupils, complete, day_cache)
            break
        except ScheduleError as error:
            if first is None:
                first = error
                if error.code not in ("idle", "break"):
                    raise  # no repair was tried: the other way would fail alike
    else:
        assert first is not None
        raise first
    blocks: list[Block] = []
    breaks: list[Block] = []
    trips: list[Block] = []
    travel_minutes = 0
    for d in sorted(planned):
        rows, pauses = planned[d]
        if not rows:
            continue
        previous: Row | None = None
        for row in rows:
            start, task_id, end, site, is_fixed, _ = row
            if previous is not None and site != previous[3]:
                hop = int(travel.get((previous[3], site), 0))
                trips.append(_block(d, previous[2], previous[2] + hop, site, "", False,
                                    TRAVEL))
                travel_minutes += hop
            blocks.append(_block(d, start, end, site, task_id, is_fixed, WORK))
            previous = row
        for start, end, site in pauses:
            breaks.append(_block(d, start, end, site, "", False, BREAK))
    schedule = _new_instance(Schedule)  # as for the blocks
    schedule.__dict__.update(blocks=tuple(blocks), travel_minutes=travel_minutes,
                             breaks=tuple(breaks), trips=tuple(trips))
    return schedule


def _plan_days(fixed_by_day: dict[int, list[Row]],
               per_day: dict[int, list[tuple[int, str, str, int]]], movable: set[str],
               demand: Mapping[int, int], deficit: bool, travel: TravelTable,
               params: ScheduleParams, hours: Mapping[str, SiteHours], pupils: set[str],
               complete: bool, cache: DayCache | None
               ) -> dict[int, tuple[list[Row], list[tuple[int, int, str]]]]:
    """Plan every day; a day with too much idle time or no room for its break is mended
    by moving flexible work of tasks without days (:func:`_move_piece`, ``per_day``
    changes), up to ``REPAIRS`` times, then planned again."""
    planned: dict[int, tuple[list[Row], list[tuple[int, int, str]]]] = {}
    for attempt in range(REPAIRS + 1):
        try:
            for d in sorted(set(fixed_by_day) | set(per_day)):
                if d not in planned:
                    planned[d] = _plan_day(d, fixed_by_day.get(d, []), per_day.get(d, []),
                                           travel, params, hours, pupils, complete, cache)
            return planned
        except ScheduleError as error:
            if error.code not in ("idle", "break") or attempt == REPAIRS or \
                    not _move_piece(per_day, error, movable, params.min_piece, demand,
                                    deficit):
                raise
            planned = {}
    raise AssertionError("unreachable")  # pragma: no cover


#: A day cache is emptied when it holds this many days.
DAY_CACHE_SIZE = 200_000


def _plan_day(d: int, fixed: list[Row], pieces: list[tuple[int, str, str, int]],
              travel: TravelTable, params: ScheduleParams, hours: Mapping[str, SiteHours],
              pupils: set[str], complete: bool, cache: DayCache | None
              ) -> tuple[list[Row], list[tuple[int, int, str]]]:
    """One day's :meth:`DayPlan.plan`, from ``cache`` when it was planned before."""
    if cache is None:
        return DayPlan(d, fixed, pieces, travel, params, hours, pupils).plan(complete)
    key = (d, tuple([r[1] for r in fixed]), tuple(pieces), complete)
    found = cache.get(key)
    if found is None:
        try:
            found = DayPlan(d, fixed, pieces, travel, params, hours, pupils).plan(complete)
        except ScheduleError as error:
            found = error.with_traceback(None)
        if len(cache) >= DAY_CACHE_SIZE:
            cache.clear()
        cache[key] = found
    if isinstance(found, ScheduleError):
        raise found.with_traceback(None)
    return found


def _split(tasks: Sequence[Task]) -> tuple[dict[int, list[Row]], dict[int, int], list[Task],
                                          list[tuple[int, str, str, int]]]:
    """One pass over the tasks: fixed tasks per day and the load they put on each day;
    flexible tasks bound to days, and free ones as ``(-minutes, task, site, minutes)``."""
    fixed_by_day: dict[int, list[Row]] = {}
    load: dict[int, int] = {}
    bound: list[Task] = []
    free: list[tuple[int, str, str, int]] = []
    for t in tasks:
        start, end = t.start, t.end
        if start is not None and end is not None:
            row = (start, t.task_id, end, t.site, True, t)
            length = end - start
            for d in t.days or WORK_DAYS:  # _put, inlined (the hottest loop of a build)
                on_day = fixed_by_day.get(d)
                if on_day is None:
                    fixed_by_day[d] = [row]
                else:
                    on_day.append(row)
                load[d] = load.get(d, 0) + length
        elif t.days:
            bound.append(t)
        else:
            minutes = round(t.hours * 60)
            free.append((-minutes, t.task_id, t.site, minutes))
    return fixed_by_day, load, bound, free


def days_fit(tasks: Sequence[Task], params: ScheduleParams | None = None) -> bool:
    """Whether :func:`build_schedule` spreads these tasks' work over the week without a
    day above ``max_hours_per_day`` (its ``day_hours`` rule), without placing anything.

    ``False`` means ``build_schedule`` raises ``day_hours`` unless it finds an overlap or a
    travel conflict first; ``True`` says nothing about the other rules.
    """
    params = params or _DEFAULT_PARAMS
    fixed_by_day, load, bound, free = _split(tasks)
    try:
        _spread_flexible(bound, free, load, params, _demand(fixed_by_day, params))
    except ScheduleError:
        return False
    return True


#: Times :func:`build_schedule` moves flexible work into a day with too much idle time.
REPAIRS = 3


def _move_piece(per_day: dict[int, list[tuple[int, str, str, int]]], error: ScheduleError,
                movable: set[str], min_piece: int, demand: Mapping[int, int],
                deficit: bool = True) -> bool:
    """Mend the day an ``idle`` or ``break`` error names by moving flexible work of a task
    without days; False when nothing can move. No piece is left under ``min_piece``.

    Plainly (``deficit`` false): an hour (at most) of one piece, into an ``idle`` day from
    the fullest other day, out of a ``break`` day to the emptiest. By ``deficit``: into an
    ``idle`` day the minutes it lacks (``error.short``, at least ``min_piece``) from the day
    with the most flexible work beyond its own ``demand`` (:func:`_demand`), so a day that
    needs its work to fill its gaps is not emptied for another; out of a ``break`` day the
    minutes above the break threshold (at least ``min_piece``), so it needs no break.
    """
    day = error.day
    if day is None:
        return False
    others = [d for d in per_day if d != day]
    move = max(min_piece, error.short) if deficit and error.short else 60
    if error.code == "break":
        if not others:
            return False
        # the emptiest other day (ties: the later day)
        to = min(others, key=lambda d: (sum(p[3] for p in per_day[d]), -d))
        return _move_from(per_day, day, to, movable, min_piece, move)
    if deficit:
        others.sort(key=lambda d: (demand.get(d, 0) - sum(p[3] for p in per_day[d]), d))
    else:
        others.sort(key=lambda d: (-sum(p[3] for p in per_day[d]), d))
    return any(_move_from(per_day, d, day, movable, min_piece, move) for d in others)


def _move_from(per_day: dict[int, list[tuple[int, str, str, int]]], d: int, day: int,
               movable: set[str], min_piece: int, most: int = 60) -> bool:
    """Move up to ``most`` minutes of one movable piece from day ``d`` to ``day``."""
    for k, piece in enumerate(per_day.get(d, ())):
        _, task_id, site, minutes = piece
        if task_id not in movable:
            continue
        move = min(most, minutes)
        if 0 < minutes - move < min_piece:
            move = minutes  # nothing too short stays behind
        if move < min(min_piece, minutes):
            continue
        rest = minutes - move
        if rest:
            per_day[d][k] = (-rest, task_id, site, rest)
        else:
            del per_day[d][k]
        here = per_day.setdefault(day, [])
        for j, (_, t, s, m) in enumerate(here):
            if t == task_id and s == site:  # the task is already on the day: one piece
                here[j] = (-(m + move), t, s, m + move)
                break
        else:
            here.append((-move, task_id, site, move))
        return True
    return False


def _demand(fixed_by_day: dict[int, list[Row]], params: ScheduleParams) -> dict[int, int]:
    """Flexible minutes each day wants to fill the gaps between its fixed tasks down to
    ``max_idle_per_day``: its fixed span less its fixed work less the idle allowed."""
    out: dict[int, int] = {}
    for d, rows in fixed_by_day.items():
        if len(rows) > 1:
            span = max(r[2] for r in rows) - min(r[0] for r in rows)
            want = span - sum(r[2] - r[0] for r in rows) - params.max_idle_per_day
            if want > 0:
                out[d] = want
    return out


def _spread_flexible(
    bound: list[Task], free: list[tuple[int, str, str, int]], load: dict[int, int],
    params: ScheduleParams, demand: dict[int, int] | None = None,
) -> dict[int, list[tuple[int, str, str, int]]]:
    """Decide how many minutes of each flexible task go to which day.

    ``bound`` are the flexible tasks with days (in task order), ``free`` those without
    (``(-minutes, task, site, minutes)``), ``load`` the minutes of fixed work per day
    (updated), ``demand`` the minutes a day wants to fill its gaps between fixed tasks
    (:func:`_demand`): a piece of a task without days goes to the days whose load less
    demand is least. Returns the pieces per day, ``(-minutes, task, site, minutes)``.
    """
    per_day: dict[int, list[tuple[int, str, str, int]]] = {}
    for t in bound:
        task_days = t.days
        share, rest = divmod(round(t.hours * 60), len(task_days))
        task_id, site = t.task_id, t.site
        for i, d in enumerate(task_days):
            minutes = share + (1 if i < rest else 0)
            if minutes:
                _put(per_day, load, d, (-minutes, task_id, site, minutes), minutes)
    total = sum(load.values()) + sum([p[3] for p in free])
    days: list[int] = []  # the working days, when there is free work
    if free or type(total) is not int:  # (an int total cannot break math.ceil)
        work_days = params.work_days
        mandatory: list[int] = []
        extra: list[int] = []
        for d in work_days:
            day_load = load.get(d, 0)
            if day_load > 0:
                mandatory.append(d)
            elif day_load == 0:
                extra.append(d)
        wanted = max(len(mandatory),
                     math.ceil(total / (params.target_hours_per_day * 60) - 1e-9))
        days = sorted(mandatory + extra[: max(0, wanted - len(mandatory))])
        if not days:
            days = [work_days[0]]
        for d in days:
            if d not in load:
                load[d] = 0
    n_days = len(days)
    if len(free) > 1:
        free.sort(key=_FIRST_TWO)
    want = demand or {}
    load_of: Callable[[int], int] = (
        (lambda d: load[d] - want.get(d, 0)) if want else load.__getitem__)
    for _, task_id, site, total_minutes in free:
        pieces = total_minutes // 60
        if pieces < 1:
            pieces = 1
        if pieces > n_days:
            pieces = n_days
        # The least loaded days less their demand (ties: the earlier day; ``days`` is
        # sorted), in day order.
        if pieces == n_days:
            chosen = days
        elif pieces == 1:
            chosen = [min(days, key=load_of)]
        else:
            chosen = sorted(sorted(days, key=load_of)[:pieces])
        share, rest = divmod(total_minutes, pieces)
        for i, d in enumerate(chosen):
            minutes = share + (1 if i < rest else 0)
            _put(per_day, load, d, (-minutes, task_id, site, minutes), minutes)
    cap = params.max_day_minutes
    for minutes in load.values():
        if minutes > cap:
            break
    else:
        return per_day
    over = [d for d in sorted(load) if load[d] > cap]
    if over:
        d = over[0]
        names = sorted({p[1] for p in per_day.get(d, [])})
        raise ScheduleError(
            "day_hours",
            f"meer dan {params.max_hours_per_day:g} uur werk op {DAY_NAMES_NL[d]} "
            f"({load[d] / 60:.1f} uur)".replace(".", ","),
            names,
        )
    return per_day




def check_schedule(
    schedule: Schedule, tasks: Sequence[Task], travel: TravelTable | None = None,
    params: ScheduleParams | None = None, hours: Mapping[str, SiteHours] | None = None,
) -> list[str]:
    """Check a schedule against the hard rules again; return the violations.

    Checked: every task gets exactly its minutes; fixed tasks at their days and times;
    day-bound tasks only on their days; no two blocks overlap; travel time between blocks at
    different sites; at most ``max_site_changes`` a day; no day above ``max_hours_per_day``
    or below ``min_day_hours``; flexible blocks inside the opening (or pupil) hours and not
    shorter than ``min_piece`` (or the task's minutes that day); the break a long day needs,
    between its work; at most ``max_idle_per_day`` idle minutes.
    """
    params = params or ScheduleParams()
    travel = travel or {}
    hours = hours or {}
    default = params.default_hours()
    problems: list[str] = []
    by_task: dict[str, int] = defaultdict(int)
    task_day: dict[tuple[str, int], int] = defaultdict(int)
    for b in schedule.blocks:
        by_task[b.task_id] += b.minutes
        task_day[b.task_id, b.day] += b.minutes
    known = {t.task_id: t for t in tasks}
    for t in tasks:
        if by_task.get(t.task_id, 0) != t.minutes and not (
            t.fixed and abs(by_task.get(t.task_id, 0) - t.minutes) <= 5
        ):
            problems.append(f"{t.task_id}: {by_task.get(t.task_id, 0)} min scheduled, "
                            f"{t.minutes} expected")
    for b in schedule.blocks:
        task = known.get(b.task_id)
        if task is None:
            problems.append(f"block for unknown task {b.task_id}")
            continue
        t = task
        if t.fixed and (b.start, b.end) != (t.start, t.end):
            problems.append(f"{t.task_id}: fixed task moved to {b}")
        if t.days and b.day not in t.days:
            problems.append(f"{t.task_id}: scheduled on {DAY_NAMES_NL[b.day]}, outside "
                            f"{format_days(t.days)}")
        if b.site != t.site:
            problems.append(f"{t.task_id}: block at site {b.site}, task at {t.site}")
        if not t.fixed:
            lo, hi = hours.get(b.site, default).window(
                b.day, t.pupil_contact >= params.pupil_contact_level)
            if b.start < lo or b.end > hi:
                problems.append(f"{t.task_id}: flexible block {b} outside "
                                f"{format_time(lo)}-{format_time(hi)}")
            if b.minutes < min(params.min_piece, task_day[b.task_id, b.day]):
                problems.append(f"{t.task_id}: flexible block {b} shorter than "
                                f"{params.min_piece} min")
    day_blocks: dict[int, list[Block]] = defaultdict(list)
    for b in schedule.blocks:
        day_blocks[b.day].append(b)
    pauses: dict[int, list[Block]] = defaultdict(list)
    for b in schedule.breaks:
        pauses[b.day].append(b)
    for d, items in day_blocks.items():
        items.sort(key=lambda b: b.start)
        name = DAY_NAMES_NL[d]
        work = sum(b.minutes for b in items)
        if work > params.max_day_minutes:
            problems.append(f"{name}: more than {params.max_hours_per_day:g} h")
        if work < round(params.min_day_hours * 60):
            problems.append(f"{name}: less than {params.min_day_hours:g} h of work")
        moves = 0
        changes = 0
        for a, b in itertools.pairwise(items):
            if b.start < a.end:
                problems.append(f"{name}: {a} overlaps {b}")
            elif a.site != b.site:
                changes += 1
                need = travel.get((a.site, b.site), math.inf)
                moves += int(need) if not math.isinf(need) else 0
                if b.start - a.end < need:
                    problems.append(f"{name}: no travel time between {a} and {b}")
        if changes > params.max_site_changes:
            problems.append(f"{name}: {changes} site changes")
        lo, hi = items[0].start, items[-1].end
        breaks = pauses.get(d, [])
        for p in breaks:
            inside = lo <= p.start and p.end <= hi
            clash = any(p.start < b.end and b.start < p.end for b in items)
            if not inside or clash:
                problems.append(f"{name}: break {p} not between the work")
        need = params.break_needed(work)
        lengths = sorted((p.minutes for p in breaks), reverse=True)
        if need and not (sum(lengths[:2]) >= need
                         and all(m >= params.break_part_minutes for m in lengths[:2])):
            problems.append(f"{name}: {work} min of work without a break of {need} min")
        idle = hi - lo - work - moves - sum(lengths)
        if idle > params.max_idle_per_day:
            problems.append(f"{name}: {idle} min idle")
    return problems
