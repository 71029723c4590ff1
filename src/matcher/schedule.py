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
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from matcher.model import Task
from matcher.parsing import format_days, format_time
from matcher.schema import DAY_NAMES_NL, WORK_DAYS

__all__ = [
    "Block",
    "Schedule",
    "ScheduleError",
    "ScheduleParams",
    "build_schedule",
    "check_schedule",
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
    """

    day_start: int = 7 * 60
    day_end: int = 18 * 60 + 30
    flex_start: int = 8 * 60 + 30
    max_hours_per_day: float = 8.0
    target_hours_per_day: float = 6.0
    work_days: tuple[int, ...] = WORK_DAYS

    def __post_init__(self) -> None:
        if not 0 <= self.day_start < self.day_end <= 24 * 60:
            raise ValueError("ScheduleParams needs 0 <= day_start < day_end <= 24:00.")
        if not self.day_start <= self.flex_start < self.day_end:
            raise ValueError("ScheduleParams.flex_start must lie inside the day window.")
        if not 0 < self.max_hours_per_day <= 24:
            raise ValueError("ScheduleParams.max_hours_per_day must be in (0, 24].")
        if not 0 < self.target_hours_per_day <= self.max_hours_per_day:
            raise ValueError("ScheduleParams.target_hours_per_day must be in "
                             "(0, max_hours_per_day].")
        if not self.work_days or any(d not in range(7) for d in self.work_days):
            raise ValueError("ScheduleParams.work_days must be day numbers 0-6.")

    @property
    def max_day_minutes(self) -> int:
        """``max_hours_per_day`` in minutes."""
        return round(self.max_hours_per_day * 60)


@dataclass(frozen=True)
class Block:
    """A stretch of work on one task at one site on one day."""

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


class ScheduleError(ValueError):
    """A set of tasks that cannot form a workable week.

    ``code`` is one of ``overlap``, ``travel``, ``day_hours``, ``no_room``; ``tasks``
    names the tasks involved; the message is Dutch, for users.
    """

    def __init__(self, code: str, message: str, tasks: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.tasks = tuple(tasks)


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


@dataclass
class _Segment:
    """Free time on one day between two fixed tasks (or before/after them).

    ``work`` (minutes placed) and ``sites`` (sites of the placed pieces) are kept up to
    date by :meth:`add`, so the time a segment needs is known without re-sorting its
    content: pieces are laid out grouped by site (the left neighbour's site first, the
    right neighbour's last, the others by name), so the travel inside a segment depends
    only on which sites it holds.
    """

    lo: int
    hi: int
    left: str | None
    right: str | None
    anchor: str  # "forward": pack after lo; "backward": pack to end at hi
    content: list[tuple[str, str, int]] = field(default_factory=list)  # (site, task, minutes)
    work: int = 0
    sites: frozenset[str] = frozenset()
    chain: float = 0.0  # travel minutes for ``sites`` (see :meth:`travel_for`)

    def rank(self, site: str) -> tuple[int, str]:
        return (0 if site == self.left else 2 if site == self.right else 1), site

    def ordered(self) -> list[tuple[str, str, int]]:
        return sorted(self.content, key=lambda item: (*self.rank(item[0]), item[1]))

    def travel_for(self, sites: Collection[str], travel: TravelTable) -> float:
        """Travel minutes from the left neighbour through ``sites`` to the right one."""
        total = 0.0
        current = self.left
        ordered = sites if len(sites) < 2 else sorted(sites, key=self.rank)
        for site in ordered:
            if current is not None and site != current:
                total += travel.get((current, site), math.inf)
            current = site
        if self.right is not None and current is not None and current != self.right:
            total += travel.get((current, self.right), math.inf)
        return total

    def needed_with(self, site: str, travel: TravelTable) -> float:
        """Minutes the segment needs (work and travel) once a piece at ``site`` joins."""
        if site in self.sites:
            return self.work + self.chain
        return self.work + self.travel_for((*self.sites, site), travel)

    def add(self, site: str, task_id: str, minutes: int, travel: TravelTable) -> None:
        if site not in self.sites:
            self.sites = self.sites | {site}
            self.chain = self.travel_for(self.sites, travel)
        self.content.append((site, task_id, minutes))
        self.work += minutes

    def base_travel(self, travel: TravelTable) -> float:
        if self.left is not None and self.right is not None and self.left != self.right:
            return travel.get((self.left, self.right), math.inf)
        return 0.0


def _spread_flexible(
    tasks: Sequence[Task], params: ScheduleParams
) -> dict[int, list[tuple[str, str, int]]]:
    """Decide how many minutes of each flexible task go to which day."""
    per_day: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    load: dict[int, int] = defaultdict(int)
    for t in tasks:
        if t.fixed:
            for d in t.days or WORK_DAYS:
                assert t.start is not None and t.end is not None
                load[d] += t.end - t.start
    bound = [t for t in tasks if not t.fixed and t.days]
    free = [t for t in tasks if not t.fixed and not t.days]
    for t in bound:
        share, rest = divmod(t.minutes, len(t.days))
        for i, d in enumerate(t.days):
            minutes = share + (1 if i < rest else 0)
            if minutes:
                per_day[d].append((t.site, t.task_id, minutes))
                load[d] += minutes
    total = sum(load.values()) + sum(t.minutes for t in free)
    mandatory = [d for d in params.work_days if load[d] > 0]
    extra = [d for d in params.work_days if load[d] == 0]
    wanted = max(len(mandatory), math.ceil(total / (params.target_hours_per_day * 60) - 1e-9))
    days = sorted(mandatory + extra[: max(0, wanted - len(mandatory))])
    if not days:
        days = [params.work_days[0]]
    for t in sorted(free, key=lambda t: (-t.minutes, t.task_id)):
        pieces = min(len(days), max(1, t.minutes // 60))
        chosen = sorted(days, key=lambda d: (load[d], d))[:pieces]
        share, rest = divmod(t.minutes, pieces)
        for i, d in enumerate(sorted(chosen)):
            minutes = share + (1 if i < rest else 0)
            per_day[d].append((t.site, t.task_id, minutes))
            load[d] += minutes
    cap = params.max_day_minutes
    over = [d for d in sorted(load) if load[d] > cap]
    if over:
        d = over[0]
        names = sorted({tid for _, tid, _ in per_day[d]})
        raise ScheduleError(
            "day_hours",
            f"meer dan {params.max_hours_per_day:g} uur werk op {DAY_NAMES_NL[d]} "
            f"({load[d] / 60:.1f} uur)".replace(".", ","),
            names,
        )
    return per_day


def build_schedule(
    tasks: Sequence[Task], travel: TravelTable | None = None,
    params: ScheduleParams | None = None,
) -> Schedule:
    """Build a workable week for these tasks, or raise :class:`ScheduleError`.

    Deterministic: the same tasks give the same week.
    """
    params = params or ScheduleParams()
    travel = travel or {}
    fixed_by_day: dict[int, list[Task]] = defaultdict(list)
    for t in tasks:
        if t.fixed:
            for d in t.days or WORK_DAYS:
                fixed_by_day[d].append(t)
    blocks: list[Block] = []
    for d, day_tasks in fixed_by_day.items():
        day_tasks.sort(key=lambda t: (t.start, t.task_id))
        for a, b in itertools.pairwise(day_tasks):
            assert a.end is not None and b.start is not None
            if b.start < a.end:
                raise ScheduleError(
                    "overlap", f"{a.task_id} en {b.task_id} overlappen op {DAY_NAMES_NL[d]} "
                    f"({a.when} / {b.when})", [a.task_id, b.task_id])
            need = travel.get((a.site, b.site), math.inf) if a.site != b.site else 0
            if b.start - a.end < need:
                raise ScheduleError(
                    "travel", f"geen reistijd tussen {a.task_id} ({a.site}) en {b.task_id} "
                    f"({b.site}) op {DAY_NAMES_NL[d]}", [a.task_id, b.task_id])
    per_day = _spread_flexible(tasks, params)
    for d in sorted(set(fixed_by_day) | set(per_day)):
        fixed = fixed_by_day.get(d, [])
        for t in fixed:
            assert t.start is not None and t.end is not None
            blocks.append(Block(d, t.start, t.end, t.site, t.task_id, True))
        blocks.extend(_place_day(d, fixed, per_day.get(d, []), travel, params))
    blocks.sort(key=lambda b: (b.day, b.start, b.task_id))
    return Schedule(tuple(blocks), _travel_between(blocks, travel))


_SEGMENT_RANK = {"gap": 0, "free": 0, "after": 1, "before": 2}


def _place_day(
    day: int, fixed: list[Task], pieces: list[tuple[str, str, int]], travel: TravelTable,
    params: ScheduleParams,
) -> list[Block]:
    """Place flexible pieces on one day around its fixed tasks."""
    if not pieces:
        return []
    segments: list[tuple[str, _Segment]] = []
    if fixed:
        first, last = fixed[0], fixed[-1]
        assert first.start is not None and last.end is not None
        for a, b in itertools.pairwise(fixed):
            assert a.end is not None and b.start is not None
            if b.start > a.end:
                segments.append(("gap", _Segment(a.end, b.start, a.site, b.site, "forward")))
        segments.append(("after", _Segment(last.end, max(last.end, params.day_end), last.site,
                                           None, "forward")))
        segments.append(("before", _Segment(min(first.start, params.day_start), first.start,
                                            None, first.site, "backward")))
    else:
        segments.append(("free", _Segment(params.day_start, params.day_end, None, None, "free")))
    orders: dict[str, list[_Segment]] = {}
    for site, task_id, minutes in sorted(pieces, key=lambda p: (-p[2], p[1])):
        remaining = minutes
        # Same-site gaps first (no extra travel, no idle time), then extend the day.
        order = orders.get(site)
        if order is None:
            order = orders[site] = [seg for _, seg in sorted(segments, key=lambda item: (
                0 if site in (item[1].left, item[1].right) or item[0] == "free" else 1,
                _SEGMENT_RANK[item[0]], item[1].lo))]
        for seg in order:
            room = (seg.hi - seg.lo) - seg.needed_with(site, travel)
            if room <= 0:
                continue
            take = int(min(remaining, room))
            if take < min(remaining, MIN_SPLIT_MIN):
                continue
            seg.add(site, task_id, take, travel)
            remaining -= take
            if remaining == 0:
                break
        if remaining > 0:
            raise ScheduleError(
                "no_room", f"geen ruimte op {DAY_NAMES_NL[day]} voor {remaining} min van "
                f"{task_id} binnen {format_time(params.day_start)}-{format_time(params.day_end)}",
                [task_id])
    blocks: list[Block] = []
    for _, seg in segments:
        if not seg.content:
            continue
        items = seg.ordered()
        need = seg.work + seg.chain
        if seg.anchor == "forward":
            t = seg.lo
        elif seg.anchor == "backward":
            t = int(seg.hi - need)
        else:
            t = int(min(max(params.flex_start, seg.lo), seg.hi - need))
        current = seg.left
        for site, task_id, minutes in items:
            if current is not None and site != current:
                t += int(travel.get((current, site), math.inf))
            current = site
            blocks.append(Block(day, t, t + minutes, site, task_id, False))
            t += minutes
    return _merge(blocks)


def _travel_between(blocks: Sequence[Block], travel: TravelTable) -> int:
    """Travel minutes implied by consecutive blocks at different sites."""
    total = 0
    for a, b in itertools.pairwise(blocks):
        if a.day == b.day and a.site != b.site:
            total += int(travel.get((a.site, b.site), 0))
    return total


def _merge(blocks: list[Block]) -> list[Block]:
    """Join back-to-back blocks of the same task and site."""
    out: list[Block] = []
    for b in sorted(blocks, key=lambda b: (b.start, b.task_id)):
        if out and out[-1].task_id == b.task_id and out[-1].end == b.start and \
                out[-1].site == b.site:
            last = out.pop()
            out.append(Block(b.day, last.start, b.end, b.site, b.task_id, False))
        else:
            out.append(b)
    return out


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
