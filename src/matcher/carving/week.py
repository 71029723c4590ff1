"""The weekly time model: turn a set of tasks into a concrete, checkable week.

Time is in minutes after midnight; days are numbered Monday = 0. A function's week is
built in three steps:

1. **Fixed tasks** (start and end given) are placed at their times on each of their days.
   Two fixed tasks on one day must not overlap, and between tasks at different sites there
   must be time to travel (:class:`matcher.geo.TravelParams`).
2. **Flexible work** is spread over days. Tasks with days get an equal share on each of
   their days; tasks without days are cut into pieces of at least an hour and put on the
   least loaded working days. The number of working days follows from the hours
   (``target_hours_per_day``), and no day exceeds ``max_hours_per_day``.
3. **Within a day**, flexible pieces fill the gaps between fixed tasks first (so a day has
   as few idle gaps as possible), then the time after the last and before the first fixed
   task, inside the day window, grouped by site so that travel happens as rarely as
   possible.

:func:`build_schedule` returns a :class:`Schedule` or raises :class:`ScheduleError`
naming the rule and the tasks involved. :func:`check_schedule` independently verifies a
schedule against the hard rules; tests and the carver use it.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from matcher.errors import ParamError, ScheduleError
from matcher.inputs.schema import WORK_DAYS
from matcher.model import Task
from matcher.text.format import format_days, format_time
from matcher.text.labels import DAY_NAMES_NL

_T = TypeVar("_T")

__all__ = [
    "Block",
    "Schedule",
    "ScheduleError",
    "ScheduleParams",
    "build_schedule",
    "check_schedule",
    "days_fit",
    "fixed_conflict",
]

TravelTable = Mapping[tuple[str, str], float]

#: The smallest piece (minutes) flexible work is split into within a day.
MIN_SPLIT_MIN = 15


@dataclass(frozen=True)
class ScheduleParams:
    """Rules for a workable week.

    Parameters
    ----------
    day_start, day_end
        Window (minutes after midnight) for flexible work. Default 07:00-18:30. Fixed
        tasks keep their own times, even outside the window.
    flex_start
        Where a day without fixed tasks starts. Default 08:30, the start of lessons.
    max_hours_per_day
        Hard cap on working hours in one day. Default 8.
    target_hours_per_day
        Hours per day the week is spread to: 25.5 h becomes 5 days of about 5 h.
        Default 6.
    work_days
        Days flexible work may go to. Default Monday to Friday.

    Raises
    ------
    ParamError
        Naming every field that breaks its rule.
    """

    day_start: int = 7 * 60
    day_end: int = 18 * 60 + 30
    flex_start: int = 8 * 60 + 30
    max_hours_per_day: float = 8.0
    target_hours_per_day: float = 6.0
    work_days: tuple[int, ...] = WORK_DAYS

    def __post_init__(self) -> None:
        broken: list[tuple[str, str, object, dict[str, Any]]] = []
        if not 0 <= self.day_start < self.day_end <= 24 * 60:
            name = "day_start" if not 0 <= self.day_start < self.day_end else "day_end"
            broken.append((name, "param.day_window", getattr(self, name), {}))
        if not self.day_start <= self.flex_start < self.day_end:
            broken.append(("flex_start", "param.flex_start", self.flex_start, {}))
        if not 0 < self.max_hours_per_day <= 24:
            broken.append(("max_hours_per_day", "param.day_hours", self.max_hours_per_day, {}))
        if not 0 < self.target_hours_per_day <= self.max_hours_per_day:
            broken.append(("target_hours_per_day", "param.target_day_hours",
                           self.target_hours_per_day, {}))
        if not self.work_days or any(d not in range(7) for d in self.work_days):
            broken.append(("work_days", "param.work_days", self.work_days, {}))
        if broken:
            raise ParamError.of("ScheduleParams", broken)

    @property
    def max_day_minutes(self) -> int:
        """``max_hours_per_day`` in minutes."""
        return round(self.max_hours_per_day * 60)


@dataclass(frozen=True)
class Block:
    """A stretch of work on one task at one site on one day."""

    # build_schedule fills the fields of Block and Schedule without calling __init__
    # (speed): give either a __post_init__ or slots and it must change too.

    day: int
    start: int
    end: int
    site: str
    task_id: str
    fixed: bool

    @property
    def minutes(self) -> int:
        """Length in minutes."""
        return self.end - self.start

    def __str__(self) -> str:
        return (f"{DAY_NAMES_NL[self.day]} {format_time(self.start)}-{format_time(self.end)} "
                f"{self.task_id} @ {self.site}")


@dataclass(frozen=True)
class Schedule:
    """A concrete week: blocks sorted by day and time."""

    blocks: tuple[Block, ...]
    travel_minutes: int = 0

    @property
    def days(self) -> tuple[int, ...]:
        """Days with work, sorted."""
        return tuple(sorted({b.day for b in self.blocks}))

    def minutes_per_day(self) -> dict[int, int]:
        """Working minutes on each day with work."""
        out: dict[int, int] = defaultdict(int)
        for b in self.blocks:
            out[b.day] += b.minutes
        return dict(sorted(out.items()))

    def span_per_day(self) -> dict[int, tuple[int, int]]:
        """First start and last end on each day."""
        out: dict[int, tuple[int, int]] = {}
        for b in self.blocks:
            lo, hi = out.get(b.day, (b.start, b.end))
            out[b.day] = (min(lo, b.start), max(hi, b.end))
        return dict(sorted(out.items()))

    def idle_minutes(self) -> int:
        """Minutes inside the working spans that are neither work nor travel (split shifts)."""
        # One pass, a day at a time: built schedules are sorted by day. Spans are summed
        # over the days in the order they first appear (as the general form below does).
        seen: list[int] = []
        his: list[int] = []
        los: list[int] = []
        work = 0
        lo = hi = 0
        for b in self.blocks:
            start, end = b.start, b.end
            work += end - start
            if seen and (b.day is seen[-1] or b.day == seen[-1]):
                if start < lo:
                    lo = start
                if end > hi:
                    hi = end
                continue
            if seen:
                if b.day in seen:  # a day comes back: blocks not sorted by day
                    return self._idle_unsorted()
                his.append(hi)
                los.append(lo)
            seen.append(b.day)
            lo, hi = start, end
        if seen:
            his.append(hi)
            los.append(lo)
        return max(0, sum(his) - sum(los) - work - self.travel_minutes)

    def _idle_unsorted(self) -> int:
        lo: dict[int, int] = {}
        hi: dict[int, int] = {}
        work = 0
        for b in self.blocks:
            work += b.end - b.start
            if b.day in lo:
                lo[b.day] = min(lo[b.day], b.start)
                hi[b.day] = max(hi[b.day], b.end)
            else:
                lo[b.day], hi[b.day] = b.start, b.end
        return max(0, sum(hi.values()) - sum(lo.values()) - work - self.travel_minutes)

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


def chain_travel(left: str | None, right: str | None, sites: Collection[str],
                 travel: TravelTable) -> float:
    """Travel minutes from ``left`` through ``sites`` to ``right`` (``None``: no neighbour).

    The sites are visited as a segment is laid out (:func:`layout_order`): ``left``'s site
    first, ``right``'s last, the others by name. So the travel inside a segment depends
    only on which sites it holds, and is kept up to date without re-sorting its content.
    """
    total = 0.0
    current = left
    ordered = sites if len(sites) < 2 else sorted(
        sites, key=lambda s: (0 if s == left else 2 if s == right else 1, s))
    for site in ordered:
        if current is not None and site != current:
            total += travel.get((current, site), math.inf)
        current = site
    if right is not None and current is not None and current != right:
        total += travel.get((current, right), math.inf)
    return total


def layout_order(content: list[tuple[str, str, int]], left: str | None,
                 right: str | None) -> list[tuple[str, str, int]]:
    """Pieces ``(site, task, minutes)`` of a segment in layout order: grouped by site,
    ``left``'s site first, ``right``'s last, the others by name; then by task."""
    return sorted(content, key=lambda item: (
        0 if item[0] == left else 2 if item[0] == right else 1, item[0], item[1]))


#: A day's block before it becomes a :class:`Block`: ``(start, task, end, site, fixed,
#: Task)``; the task only for fixed ones (error messages).
_Row = tuple[int, str, int, str, bool, "Task | None"]
#: Sort key of rows and of pieces ``(-minutes, task, site, minutes)``: start (or size)
#: and task.
_FIRST_TWO = operator.itemgetter(0, 1)
_SECOND = operator.itemgetter(1)

_DEFAULT_PARAMS = ScheduleParams()

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

def build_schedule(
    tasks: Sequence[Task], travel: TravelTable | None = None,
    params: ScheduleParams | None = None,
) -> Schedule:
    """Build a workable week for these tasks, or raise :class:`ScheduleError`.

    Deterministic: the same tasks give the same week.
    """
    # Internally tasks, pieces and blocks are tuples (a build makes many of them); the
    # public blocks are made once at the end.
    params = params or _DEFAULT_PARAMS
    travel = travel or {}
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
    per_day = _spread_flexible(bound, free, load, params)
    chains: dict[tuple[Any, ...], float] = {}  # see _place_day
    blocks: list[Block] = []
    hops: list[float] = []  # travel between consecutive blocks at different sites
    for d in sorted(set(fixed_by_day) | set(per_day)):
        day_rows = fixed_by_day.get(d, [])
        pieces = per_day.get(d)
        if pieces:
            day_rows = _place_day(d, day_rows, pieces, travel, params, chains)
        if not day_rows:
            continue
        # Filling ``__dict__`` is what the frozen dataclass's ``__init__`` does (there is
        # no ``__post_init__``), at half the cost. Travel is summed (int) once all days
        # are placed.
        previous = day_rows[0][3]
        for start, task_id, end, site, is_fixed, _ in day_rows:
            if site != previous:
                hops.append(travel.get((previous, site), 0))
                previous = site
            block = _new_instance(Block)
            block.__dict__.update(day=d, start=start, end=end, site=site, task_id=task_id,
                                  fixed=is_fixed)
            blocks.append(block)
    travel_minutes = 0
    for hop in hops:
        travel_minutes += int(hop)
    schedule = _new_instance(Schedule)  # as for the blocks
    schedule.__dict__.update(blocks=tuple(blocks), travel_minutes=travel_minutes)
    return schedule


def _split(tasks: Sequence[Task]) -> tuple[dict[int, list[_Row]], dict[int, int], list[Task],
                                          list[tuple[int, str, str, int]]]:
    """One pass over the tasks: fixed tasks per day and the load they put on each day;
    flexible tasks bound to days, and free ones as ``(-minutes, task, site, minutes)``."""
    fixed_by_day: dict[int, list[_Row]] = {}
    load: dict[int, int] = {}
    bound: list[Task] = []
    free: list[tuple[int, str, str, int]] = []
    for t in tasks:
        start, end = t.start, t.end
        if start is not None and end is not None:
            row = (start, t.task_id, end, t.site, True, t)
            length = end - start
            for d in t.days or WORK_DAYS:
                _put(fixed_by_day, load, d, row, length)
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
    _, load, bound, free = _split(tasks)
    try:
        _spread_flexible(bound, free, load, params or _DEFAULT_PARAMS)
    except ScheduleError:
        return False
    return True


def _spread_flexible(
    bound: list[Task], free: list[tuple[int, str, str, int]], load: dict[int, int],
    params: ScheduleParams,
) -> dict[int, list[tuple[int, str, str, int]]]:
    """Decide how many minutes of each flexible task go to which day.

    ``bound`` are the flexible tasks with days (in task order), ``free`` those without
    (``(-minutes, task, site, minutes)``), ``load`` the minutes of fixed work per day
    (updated). Returns the pieces per day, ``(-minutes, task, site, minutes)``.
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
    load_of = load.__getitem__
    for _, task_id, site, total_minutes in free:
        pieces = total_minutes // 60
        if pieces < 1:
            pieces = 1
        if pieces > n_days:
            pieces = n_days
        # The least loaded days (ties: the earlier day; ``days`` is sorted), in day order.
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


def _place_day(
    day: int, fixed: list[_Row], pieces: list[tuple[int, str, str, int]],
    travel: TravelTable, params: ScheduleParams, chains: dict[tuple[Any, ...], float],
) -> list[_Row]:
    """Place flexible pieces on one day around its fixed tasks.

    ``fixed`` are the day's fixed rows sorted by start, ``pieces`` ``(-minutes, task,
    site, minutes)``, ``chains`` remembers :func:`chain_travel` within one build (keyed by
    left, right, sites and the site that joins). Returns all the day's rows sorted by
    start and task (on a tie the fixed ones first), back-to-back flexible rows of one
    task and site joined.
    """
    # A segment is free time between two fixed tasks (or before/after them), a list:
    # [0] span (hi - lo), [1] work (minutes placed), [2] chain (travel for [3], see
    # chain_travel), [3] sites of the placed pieces (a tuple), [4] content (site, task,
    # minutes), [5] lo, [6] hi, [7] left and [8] right neighbour's site, [9] anchor:
    # "forward" (pack after lo), "backward" (pack to end at hi) or "free" (no fixed
    # tasks that day), [10] rank: 0 for a gap between fixed tasks (or a free day), 1
    # after the last fixed task, 2 before the first.
    segments: list[list[Any]] = []
    # Pieces try the segments next to a task at their site first, then the others, each
    # by (rank, lo). ``same_order``: that is ``segments`` itself for every site (in
    # (rank, lo) order, and next to tasks at one site only).
    same_order = True
    if fixed:
        first, last = fixed[0], fixed[-1]
        previous_lo = None
        for a, b in itertools.pairwise(fixed):
            if a[3] != b[3]:
                same_order = False
            if b[0] > a[2]:
                if previous_lo is not None and a[2] < previous_lo:
                    same_order = False
                previous_lo = a[2]
                segments.append([b[0] - a[2], 0, 0.0, (), [], a[2], b[0], a[3], b[3],
                                 "forward", 0])
        hi = params.day_end if params.day_end > last[2] else last[2]  # max()
        segments.append([hi - last[2], 0, 0.0, (), [], last[2], hi, last[3], None,
                         "forward", 1])
        lo = params.day_start if params.day_start < first[0] else first[0]  # min()
        segments.append([first[0] - lo, 0, 0.0, (), [], lo, first[0], None, first[3],
                         "backward", 2])
    else:
        segments.append([params.day_end - params.day_start, 0, 0.0, (), [], params.day_start,
                         params.day_end, None, None, "free", 0])
    if len(pieces) > 1:
        pieces.sort(key=_FIRST_TWO)
    orders: dict[str, list[list[Any]]] = {}
    # Rows can only be joined when a task has two: split over segments, or two pieces.
    may_join = False
    placed: set[str] = set()
    for _, task_id, site, minutes in pieces:
        if task_id in placed:
            may_join = True
        placed.add(task_id)
        remaining = minutes
        # Same-site gaps first (no extra travel, no idle time), then extend the day.
        if same_order:
            order = segments
        else:
            order = orders.get(site)  # type: ignore[assignment]
            if order is None:
                order = orders[site] = _segment_order(segments, site)
        for seg in order:
            sites = seg[3]
            if site in sites:
                chain = seg[2]
            elif not sites and (seg[7] is None or seg[7] == site) and (
                    seg[8] is None or seg[8] == site):
                chain = 0.0  # what chain_travel gives: no travel at all
            else:
                key = (seg[7], seg[8], sites, site)
                chain = chains.get(key)
                if chain is None:
                    chain = chains[key] = chain_travel(seg[7], seg[8], (*sites, site), travel)
            room = seg[0] - (seg[1] + chain)
            if room <= 0:
                continue
            take = int(room) if room < remaining else remaining
            if take < (MIN_SPLIT_MIN if remaining > MIN_SPLIT_MIN else remaining):
                continue
            if site not in sites:
                seg[3] = (*sites, site)
                seg[2] = chain
            seg[4].append((site, task_id, take))
            seg[1] += take
            remaining -= take
            if remaining == 0:
                break
            may_join = True
        if remaining > 0:
            raise ScheduleError(
                "no_room", f"geen ruimte op {DAY_NAMES_NL[day]} voor {remaining} min van "
                f"{task_id} binnen {format_time(params.day_start)}-{format_time(params.day_end)}",
                [task_id])
    rows = fixed.copy()
    for seg in segments:
        content = seg[4]
        if not content:
            continue
        current = seg[7]
        if len(content) < 2:
            items = content
        elif len(seg[3]) == 1:  # one site: by task
            items = sorted(content, key=_SECOND)
        else:
            items = layout_order(content, current, seg[8])
        anchor = seg[9]
        if anchor == "forward":
            t = seg[5]
        elif anchor == "backward":
            t = int(seg[6] - (seg[1] + seg[2]))
        else:
            t = int(min(max(params.flex_start, seg[5]), seg[6] - (seg[1] + seg[2])))
        for site, task_id, minutes in items:
            if current is not None and site != current:
                t += int(travel.get((current, site), math.inf))
            current = site
            rows.append((t, task_id, t + minutes, site, False, None))
            t += minutes
    if len(rows) < 2:
        return rows
    rows.sort(key=_FIRST_TWO)
    if not may_join:
        return rows
    # Join back-to-back flexible rows of one task and site (next to each other among the
    # flexible rows).
    out: list[_Row] = []
    last_flex = -1
    for row in rows:
        if not row[4]:
            if last_flex >= 0:
                prev = out[last_flex]
                if prev[1] == row[1] and prev[2] == row[0] and prev[3] == row[3]:
                    out[last_flex] = (prev[0], row[1], row[2], row[3], False, None)
                    continue
            last_flex = len(out)
        out.append(row)
    return out


def _segment_order(segments: list[list[Any]], site: str) -> list[list[Any]]:
    """The order in which a piece at ``site`` tries the segments of its day: those next to
    a task at ``site`` (or a day without fixed tasks) first, then by rank and time."""
    return sorted(segments, key=lambda seg: (
        0 if site == seg[7] or site == seg[8] or seg[9] == "free" else 1, seg[10], seg[5]))


def check_schedule(
    schedule: Schedule, tasks: Sequence[Task], travel: TravelTable | None = None,
    params: ScheduleParams | None = None,
) -> list[str]:
    """Independently check a schedule against the hard rules; return the violations.

    Checked: every task gets exactly its minutes; fixed tasks at their days and times; no
    two blocks overlap; travel time between blocks at different sites; no day above
    ``max_hours_per_day``; flexible blocks inside the day window; day-bound tasks only on
    their days.
    """
    params = params or ScheduleParams()
    travel = travel or {}
    problems: list[str] = []
    by_task: dict[str, int] = defaultdict(int)
    for b in schedule.blocks:
        by_task[b.task_id] += b.minutes
    for t in tasks:
        if by_task.get(t.task_id, 0) != t.minutes and not (
            t.fixed and abs(by_task.get(t.task_id, 0) - t.minutes) <= 5
        ):
            problems.append(f"{t.task_id}: {by_task.get(t.task_id, 0)} min scheduled, "
                            f"{t.minutes} expected")
        for b in schedule.blocks:
            if b.task_id != t.task_id:
                continue
            if t.fixed and (b.start, b.end) != (t.start, t.end):
                problems.append(f"{t.task_id}: fixed task moved to {b}")
            if t.days and b.day not in t.days:
                problems.append(f"{t.task_id}: scheduled on {DAY_NAMES_NL[b.day]}, outside "
                                f"{format_days(t.days)}")
            if not t.fixed and (b.start < params.day_start or b.end > params.day_end):
                problems.append(f"{t.task_id}: flexible block {b} outside the day window")
            if b.site != t.site:
                problems.append(f"{t.task_id}: block at site {b.site}, task at {t.site}")
    extra = set(by_task) - {t.task_id for t in tasks}
    if extra:
        problems.append(f"blocks for unknown tasks {sorted(extra)}")
    day_blocks: dict[int, list[Block]] = defaultdict(list)
    for b in schedule.blocks:
        day_blocks[b.day].append(b)
    for d, items in day_blocks.items():
        items.sort(key=lambda b: b.start)
        if sum(b.minutes for b in items) > params.max_day_minutes:
            problems.append(f"{DAY_NAMES_NL[d]}: more than {params.max_hours_per_day:g} h")
        for a, b in itertools.pairwise(items):
            if b.start < a.end:
                problems.append(f"{DAY_NAMES_NL[d]}: {a} overlaps {b}")
            elif a.site != b.site and b.start - a.end < travel.get((a.site, b.site), math.inf):
                problems.append(f"{DAY_NAMES_NL[d]}: no travel time between {a} and {b}")
    return problems
