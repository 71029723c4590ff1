"""An independent CP-SAT model of carving with the week rules of issue 16.

It exists to check matcher's carving, so it imports nothing of ``matcher.carving``: only the
data model (``matcher.model``), the loaders and the demo generators. It maximises the carved
hours (the sum of the hours of the tasks placed in functions) under the function rules (20-30
h, at most 2 areas, level spread at most 1, at most 3 sites, one board, carvable tasks only)
and the hard week rules W0-W5 of the spec (W6, the soft start-time rule, is not modelled).

The model
---------
Up to ``K = floor(carvable hours / min_hours)`` function slots; slot ``f`` may hold task ``j``
only if slot ``f - 1`` holds a task before ``j`` (functions ordered by their first task).
A week is modelled per function and day with CP-SAT intervals on whole minutes (no grid):

* a fixed task is an optional interval at its own times on each of its days;
* a flexible task's minutes on a day are its equal share (task with days) or a variable
  ``m`` (task without days, ``sum_d m = minutes``), placed in up to ``pieces`` optional
  blocks inside the site's opening hours (pupil hours for ``pupil_contact >= 1``, the short
  Wednesday included), each block at least ``min(min_piece, share)`` (task with days) or
  ``min(min_piece, minutes)`` (task without days: so ``m`` is 0 or at least that);
* one ``NoOverlap`` per function and day over the work blocks, the break parts and the
  travel interval;
* at most one site change: a day has a first and an optional second site; every block of
  the first site ends before the travel interval, every block of the second starts after
  it, and the travel interval is exactly as long as the travel between the two sites;
* the break: a day of more than 330 min of work holds 30 min of break (one part, or two
  of at least 15), as intervals between the day's first start and last end (the exact
  min/max of its work blocks) that overlap no work and no travel; above 600 min, 45;
* at least 120 and at most 480 min of work on a working day; idle = last end - first start
  - work - travel - break <= 60, where break is the break the day needs (see *Breaks*).

Exact or relaxed, honestly
--------------------------
Time is exact (whole minutes, the spec's own unit). The only restriction of the week is the
number of blocks a flexible task gets on a day (``pieces``, default 2). To keep the *bound*
valid anyway, a flexible task that could have more blocks on a day than ``pieces``
(``m >= (pieces + 1) * min_piece``) may leave ``rest`` minutes unplaced: they count as work
of the day (for the 8 h, the 2 h, the break and the idle time) but take no place in time.
Any true week maps to a solution of this relaxed model (keep each task's first and last block
of the day, so the day's first start and last end stay those of the true week, and leave its
middle blocks as ``rest``), so CP-SAT's bound is a valid upper bound on the carved hours
under the rules. The objective is ``BIG * carved - rest``: a solution with ``rest = 0`` is a
true week. Only such solutions count for ``best_hours``; when the best solution still has
``rest`` minutes, its functions are re-solved one at a time with more blocks and no rest
(a function that cannot be placed is dropped). Every week returned is checked by
:func:`check_week`, a separate check of the rules written from the spec, not from the model;
a function whose week fails it is not counted in ``best_hours`` (``Result.rejected``).

A start, function by function
-----------------------------
On some instances (a two-site school of 60 tasks) the full model finds no solution of its
own within minutes. So first, for ``greedy_share`` of the time (default a quarter), a
function-by-function construction: the largest function a one-slot model finds among the
tasks left, fixed, then the next (each checked by :func:`check_week`). Its assignment is
the full model's hint, and it is a carving in its own right: ``best_hours`` is the better
of the two (``Result.source`` says which). Without any carving the status is ``UNKNOWN``;
the bound is CP-SAT's either way.

Breaks
------
The break counted in the idle time is the break the day needs (30 or 45 minutes, or 0 on a
day of at most 330 min); a longer gap is break plus idle. A schedule that labels more time
as break (e.g. a "break" on a 4-hour day to hide idle time) is not a solution here. See
the report of issue 16 for this reading of the spec.

Run ``python benchmarks/cpsat_model.py --instance demo_vo --time-limit 120``.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from ortools.sat.python import cp_model

from matcher.model import Inventory, Task

# The week checker and the rules live in benchmarks/weekcheck.py (no solver there): one
# piece for this model and for the tests that check matcher's carvings.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
from weekcheck import (  # noqa: E402
    BREAK,
    DAY_END,
    DAY_NAMES,
    SCHEDULE_COLUMNS,
    TRAVEL,
    WORK,
    Hours,
    Rules,
    _hhmm,
    check_week,
    day_shares,
    site_boards,
    site_hours,
    window,
)

__all__ = ["Result", "Rules", "check_week", "load_instance", "solve"]

@dataclass
class Result:
    """The best carving found and CP-SAT's bound.

    ``best_hours``: carved hours of the best carving with a true week; ``bound``: an upper
    bound on the carved hours of any carving under the rules; ``functions``: task ids per
    function; ``weeks``: per function a schedule.csv-like frame (work, break and travel
    rows); ``violations``: what :func:`check_week` found in each week (empty lists).
    """

    best_hours: float
    bound: float
    status: str
    functions: list[list[str]]
    weeks: list[pd.DataFrame]
    time_s: float
    violations: list[list[str]] = field(default_factory=list)
    k: int = 0
    repaired: int = 0
    dropped: int = 0
    #: where the best carving came from: ``cp-sat``, ``cp-sat, repaired`` or ``greedy``
    source: str = ""
    #: functions of the best carving whose week failed :func:`check_week` (task ids,
    #: problems): not in ``functions`` and not counted in ``best_hours``
    rejected: list[tuple[list[str], list[str]]] = field(default_factory=list)

    @property
    def gap(self) -> float:
        """Relative gap between the bound and the best hours (0 when proven optimal)."""
        return (self.bound - self.best_hours) / self.bound if self.bound > 0 else 0.0

    def schedule_frame(self) -> pd.DataFrame:
        """All weeks in one frame, the columns of ``schedule.csv``."""
        if not self.weeks:
            return pd.DataFrame(columns=SCHEDULE_COLUMNS)
        return pd.concat(self.weeks, ignore_index=True)


# --------------------------------------------------------------------------- data


@dataclass
class _Data:
    tasks: list[Task]
    excluded: dict[str, str]
    hours: dict[str, Hours]
    travel: dict[tuple[str, str], float]
    board: dict[str, str]
    centi: list[int]
    scale: int  # centi-hours: hours * scale is an integer


def _prepare(inventory: Inventory, rules: Rules) -> _Data:
    hours = site_hours(inventory.sites, rules)
    travel = inventory.sites.travel_minutes()
    excluded: dict[str, str] = {}
    kept: list[Task] = []
    for t in inventory.tasks:
        reason = _unplaceable(t, rules, hours[t.site])
        if reason:
            excluded[t.task_id] = reason
        else:
            kept.append(t)
    scale = 100
    if any(abs(t.hours * scale - round(t.hours * scale)) > 1e-6 for t in kept):
        scale = 10000
    # Longer tasks first: the first task of a function tends to be a big one.
    kept.sort(key=lambda t: (-t.hours, t.task_id))
    centi = [round(t.hours * scale) for t in kept]
    return _Data(kept, excluded, hours, travel, site_boards(inventory.sites), centi, scale)


def _unplaceable(t: Task, rules: Rules, hours: Hours) -> str:
    """Why a task can be in no function at all ('' if it can)."""
    if not t.carvable:
        return "not carvable"
    if t.hours > rules.max_hours:
        return "more hours than a function"
    pupils = t.pupil_contact >= rules.pupil_contact_level
    if t.fixed:
        assert t.start is not None and t.end is not None
        if t.end - t.start > rules.max_day or t.end <= t.start:
            return "fixed block longer than a day"
        if any(d not in rules.days for d in (t.days or rules.days)):
            return "fixed on a day outside the work days"
        return ""
    if t.days:
        for d, m in day_shares(t, rules.days).items():
            lo, hi = window(hours, d, pupils)
            if m > min(rules.max_day, hi - lo):
                return "day share does not fit the window"
        if any(d not in rules.days for d in t.days):
            return "flexible on a day outside the work days"
        return ""
    room = sum(min(rules.max_day, max(0, window(hours, d, pupils)[1] - window(hours, d, pupils)[0]))
               for d in rules.days)
    return "" if t.minutes <= room else "does not fit the windows of the week"


# --------------------------------------------------------------------------- model


@dataclass
class _Block:
    """One optional work interval of a function-day."""

    task: int
    site: str
    pres: Any  # literal
    start: Any  # int or IntVar
    end: Any
    fixed: bool


@dataclass
class _Day:
    blocks: list[_Block]
    work: Any
    used: Any
    first: dict[str, Any]
    second: dict[str, Any]
    tv: Any
    travel: Any
    breaks: list[tuple[Any, Any, Any]]  # (presence, start, end)
    rests: list[Any]


class _Model:
    """The CP-SAT model of carving ``data`` into at most ``k`` functions."""

    def __init__(self, data: _Data, rules: Rules, k: int, pieces: int, allow_rest: bool,
                 force: Sequence[int] | None = None) -> None:
        self.data, self.rules, self.k = data, rules, k
        self.pieces = max(1, pieces)
        self.allow_rest = allow_rest and self.pieces >= 2
        m = self.m = cp_model.CpModel()
        tasks = data.tasks
        n = len(tasks)
        self.x: dict[tuple[int, int], Any] = {}
        self.used = [m.new_bool_var(f"used{f}") for f in range(k)]
        for f in range(k):
            for i in range(n):
                if force is None and i < f:
                    continue  # symmetry: function f starts with its smallest task index
                self.x[i, f] = m.new_bool_var(f"x{i}_{f}")
        for i in range(n):
            lits = [self.x[i, f] for f in range(k) if (i, f) in self.x]
            if force is not None:
                m.add(sum(lits) == 1)
            else:
                m.add_at_most_one(lits)
        if force is None:
            for f in range(1, k):
                m.add_implication(self.used[f], self.used[f - 1])
                for j in range(f, n):
                    earlier = [self.x[i, f - 1] for i in range(f - 1, j) if (i, f - 1) in self.x]
                    m.add(self.x[j, f] <= sum(earlier))
        self.rest_vars: list[Any] = []
        self.max_rest = 0
        self.days: dict[tuple[int, int], _Day] = {}
        for f in range(k):
            self._function(f)
        big = self.max_rest + 1
        self.big = big
        carved = sum(data.centi[i] * v for (i, _), v in self.x.items())
        m.maximize(big * carved - sum(self.rest_vars))

    # -- function rules
    def _function(self, f: int) -> None:
        m, data, rules = self.m, self.data, self.rules
        xs = {i: v for (i, g), v in self.x.items() if g == f}
        used = self.used[f]
        for v in xs.values():
            m.add_implication(v, used)
        m.add(sum(xs.values()) >= 1).only_enforce_if(used)
        hours = sum(data.centi[i] * v for i, v in xs.items())
        m.add(hours >= round(rules.min_hours * data.scale)).only_enforce_if(used)
        m.add(hours <= round(rules.max_hours * data.scale))

        def limit(key: Any, most: int, name: str) -> dict[Any, Any]:
            groups: dict[Any, list[Any]] = defaultdict(list)
            for i, v in xs.items():
                groups[key(data.tasks[i])].append(v)
            ys = {}
            for value, members in groups.items():
                y = m.new_bool_var(f"{name}{f}_{value}")
                for v in members:
                    m.add_implication(v, y)
                m.add(sum(members) >= 1).only_enforce_if(y)
                ys[value] = y
            if len(ys) > most:
                m.add(sum(ys.values()) <= most)
            return ys

        limit(lambda t: t.area, self.rules.max_areas, "area")
        sites = limit(lambda t: t.site, self.rules.max_sites, "site")
        levels = limit(lambda t: t.level, 99, "level")
        for a, ya in levels.items():
            for b, yb in levels.items():
                if a < b and b - a > rules.max_level_spread:
                    m.add_bool_or([ya.Not(), yb.Not()])
        boards: dict[str, list[Any]] = defaultdict(list)
        for s, y in sites.items():
            boards[data.board[s]].append(y)
        if len(boards) > rules.max_boards:
            yb = {}
            for b, members in boards.items():
                yb[b] = m.new_bool_var(f"board{f}_{b}")
                for y in members:
                    m.add_implication(y, yb[b])
            m.add(sum(yb.values()) <= rules.max_boards)
        self._fixed_cliques(f, xs)
        free = {i for i in xs if not data.tasks[i].fixed and not data.tasks[i].days}
        shares: dict[int, dict[int, Any]] = {i: {} for i in free}
        for i in free:
            t = data.tasks[i]
            pupils = t.pupil_contact >= rules.pupil_contact_level
            for d in rules.days:
                lo, hi = window(data.hours[t.site], d, pupils)
                cap = min(t.minutes, rules.max_day, max(0, hi - lo))
                shares[i][d] = m.new_int_var(0, cap, f"m{i}_{f}_{d}")
            m.add(sum(shares[i].values()) == t.minutes * xs[i])
        for d in rules.days:
            self.days[f, d] = self._day(f, d, xs, shares, sites)

    def _fixed_cliques(self, f: int, xs: dict[int, Any]) -> None:
        """Redundant: fixed tasks that overlap, or at different sites without the travel time
        between them, on a common day never share a function."""
        data, rules, m = self.data, self.rules, self.m
        fixed = [i for i in xs if data.tasks[i].fixed]
        seen: set[tuple[int, ...]] = set()
        span = {i: (data.tasks[i].start or 0, data.tasks[i].end or 0) for i in fixed}
        for d in rules.days:
            on = [i for i in fixed if d in (data.tasks[i].days or rules.days)]
            for i in on:
                clique = tuple(sorted(j for j in on if span[j][0] <= span[i][0] < span[j][1]))
                if len(clique) > 1 and clique not in seen:
                    seen.add(clique)
                    m.add_at_most_one([xs[j] for j in clique])
        for a in fixed:
            for b in fixed:
                ta, tb = data.tasks[a], data.tasks[b]
                if a >= b or ta.site == tb.site:
                    continue
                common = set(ta.days or rules.days) & set(tb.days or rules.days)
                if not common:
                    continue
                assert ta.start is not None and ta.end is not None
                assert tb.start is not None and tb.end is not None
                gap = max(tb.start - ta.end, ta.start - tb.end)
                first, second = (ta, tb) if ta.start < tb.start else (tb, ta)
                need = data.travel.get((first.site, second.site), math.inf)
                if gap < need:
                    m.add_bool_or([xs[a].Not(), xs[b].Not()])

    # -- one day of one function
    def _day(self, f: int, d: int, xs: dict[int, Any], shares: dict[int, dict[int, Any]],
             sites: dict[str, Any]) -> _Day:
        m, data, rules = self.m, self.data, self.rules
        mp = max(1, rules.min_piece)
        blocks: list[_Block] = []
        intervals: list[Any] = []
        work_terms: list[Any] = []
        rests: list[Any] = []
        for i, x in xs.items():
            t = data.tasks[i]
            if t.fixed:
                if d not in (t.days or rules.days):
                    continue
                assert t.start is not None and t.end is not None
                iv = m.new_optional_fixed_size_interval_var(t.start, t.end - t.start, x,
                                                       f"fx{i}_{f}_{d}")
                intervals.append(iv)
                blocks.append(_Block(i, t.site, x, t.start, t.end, True))
                work_terms.append((t.end - t.start) * x)
                continue
            pupils = t.pupil_contact >= rules.pupil_contact_level
            lo, hi = window(data.hours[t.site], d, pupils)
            if t.days:
                share = day_shares(t, rules.days).get(d, 0)
                if share == 0:
                    continue
                minutes: Any = share * x
                cap = share
                least: Any = min(mp, share)
                present_if_any = x
            else:
                minutes = shares[i][d]
                cap = min(t.minutes, rules.max_day, hi - lo)
                if cap <= 0:
                    continue
                # rule 3: a task without days goes in blocks of at least a piece (the
                # whole task in one block when it is shorter): 0 or >= least on a day
                least = min(mp, t.minutes)
                present_if_any = None
            work_terms.append(minutes)
            most = cap // mp if cap >= mp else 1
            n_pieces = min(self.pieces, most)
            rest_ok = self.allow_rest and most > n_pieces
            zs, sizes = [], []
            prev_end: Any = None
            prev_z: Any = None
            for p in range(n_pieces):
                z = m.new_bool_var(f"z{i}_{f}_{d}_{p}")
                st = m.new_int_var(lo, hi, f"st{i}_{f}_{d}_{p}")
                sz = m.new_int_var(0, cap, f"sz{i}_{f}_{d}_{p}")
                en = m.new_int_var(lo, hi, f"en{i}_{f}_{d}_{p}")
                iv = m.new_optional_interval_var(st, sz, en, z, f"iv{i}_{f}_{d}_{p}")
                intervals.append(iv)
                m.add(sz >= least).only_enforce_if(z)
                m.add(sz >= 1).only_enforce_if(z)
                m.add(sz == 0).only_enforce_if(z.Not())
                m.add_implication(z, x)
                if prev_z is not None:
                    m.add_implication(z, prev_z)
                    m.add(st >= prev_end + 1).only_enforce_if(z)
                prev_end, prev_z = en, z
                zs.append(z)
                sizes.append(sz)
                blocks.append(_Block(i, t.site, z, st, en, False))
            placed = sum(sizes)
            if rest_ok:
                rest = m.new_int_var(0, cap, f"rest{i}_{f}_{d}")
                has_rest = m.new_bool_var(f"hasrest{i}_{f}_{d}")
                m.add(rest <= cap * has_rest)
                m.add(rest >= mp * has_rest)
                m.add_implication(has_rest, zs[-1])
                m.add(placed + rest == minutes)
                rests.append(rest)
                self.rest_vars.append(rest)
                self.max_rest += cap
            else:
                m.add(placed == minutes)
            if present_if_any is not None:
                m.add(zs[0] == present_if_any)
            else:
                m.add(minutes >= 1).only_enforce_if(zs[0])
                m.add(minutes == 0).only_enforce_if(zs[0].Not())
        work = m.new_int_var(0, rules.max_day, f"work{f}_{d}")
        m.add(work == sum(work_terms))
        used = m.new_bool_var(f"u{f}_{d}")
        m.add(work >= max(1, rules.min_day) * used)
        m.add(work <= rules.max_day * used)

        # Sites of the day: a first one and, with a change, a second one after the travel.
        day_sites = sorted({b.site for b in blocks})
        first = {s: m.new_bool_var(f"first{f}_{d}_{s}") for s in day_sites}
        second: dict[str, Any] = {}
        if rules.max_site_changes >= 1 and len(day_sites) > 1:
            second = {s: m.new_bool_var(f"second{f}_{d}_{s}") for s in day_sites}
        m.add(sum(first.values()) == used)
        two = m.new_bool_var(f"two{f}_{d}")
        m.add(sum(second.values()) == two)
        m.add_implication(two, used)
        for s in day_sites:
            if s in second:
                m.add(first[s] + second[s] <= sites[s])
            else:
                m.add_implication(first[s], sites[s])
        horizon = DAY_END
        tv = m.new_int_var(0, horizon, f"tv{f}_{d}")
        pairs = {}
        for a in second:
            for b in second:
                trip = data.travel.get((a, b), math.inf)
                if a != b and not math.isinf(trip):
                    pairs[a, b] = (m.new_bool_var(f"pair{f}_{d}_{a}_{b}"), trip)
        m.add(sum(v for v, _ in pairs.values()) == two)
        for s in second:
            m.add(sum(v for (a, _), (v, _) in pairs.items() if a == s) <= first[s])
            m.add(sum(v for (_, b), (v, _) in pairs.items() if b == s) <= second[s])
        longest = max((math.ceil(trip) for _, trip in pairs.values()), default=0)
        travel = m.new_int_var(0, longest, f"travel{f}_{d}")
        m.add(travel == sum(math.ceil(trip) * v for v, trip in pairs.values()))
        travel_idle = sum(math.floor(trip) * v for v, trip in pairs.values())
        tend = m.new_int_var(0, horizon + longest, f"tend{f}_{d}")
        intervals.append(m.new_optional_interval_var(tv, travel, tend, two, f"trip{f}_{d}"))
        by_site: dict[str, list[Any]] = defaultdict(list)
        for blk in blocks:
            by_site[blk.site].append(blk.pres)
            if blk.site in second:
                m.add_bool_or([first[blk.site], second[blk.site]]).only_enforce_if(blk.pres)
                m.add(blk.end <= tv).only_enforce_if([blk.pres, first[blk.site]])
                m.add(blk.start >= tend).only_enforce_if([blk.pres, second[blk.site]])
            else:
                m.add_implication(blk.pres, first[blk.site])
        for s in day_sites:
            m.add_bool_or(by_site[s]).only_enforce_if(first[s])
            if s in second:
                m.add_bool_or(by_site[s]).only_enforce_if(second[s])

        # First start and last end of the day's work, exactly.
        start = m.new_int_var(0, 2 * horizon, f"S{f}_{d}")
        end = m.new_int_var(-horizon, horizon, f"E{f}_{d}")
        m.add_min_equality(start, [b.start + horizon * (1 - b.pres) for b in blocks] or [0])
        m.add_max_equality(end, [b.end - horizon * (1 - b.pres) for b in blocks] or [0])

        # The break, as one or two parts between the first start and the last end.
        breaks: list[tuple[Any, Any, Any]] = []
        need: Any = 0
        if rules.max_day > rules.break_after and rules.break_minutes > 0:
            long_ok = rules.max_day > rules.long_day
            most = rules.long_break if long_ok else rules.break_minutes
            bk = m.new_bool_var(f"bk{f}_{d}")
            m.add(work >= rules.break_after + 1).only_enforce_if(bk)
            m.add(work <= rules.break_after).only_enforce_if(bk.Not())
            need = rules.break_minutes * bk
            if long_ok:
                bk2 = m.new_bool_var(f"bk2{f}_{d}")
                m.add(work >= rules.long_day + 1).only_enforce_if(bk2)
                m.add(work <= rules.long_day).only_enforce_if(bk2.Not())
                m.add_implication(bk2, bk)
                need = need + (rules.long_break - rules.break_minutes) * bk2
            part = max(1, rules.break_part)
            q = m.new_bool_var(f"q{f}_{d}")
            m.add_implication(q, bk)
            if 2 * part > most:
                m.add(q == 0)
            sizes = []
            for p, pres in enumerate((bk, q)):
                st = m.new_int_var(0, horizon, f"bs{f}_{d}_{p}")
                sz = m.new_int_var(part if p else min(part, most), most, f"bz{f}_{d}_{p}")
                en = m.new_int_var(0, horizon, f"be{f}_{d}_{p}")
                intervals.append(m.new_optional_interval_var(st, sz, en, pres, f"brk{f}_{d}_{p}"))
                m.add(st >= start).only_enforce_if(pres)
                m.add(en <= end).only_enforce_if(pres)
                breaks.append((pres, st, en))
                sizes.append(sz)
            m.add(sizes[0] + sizes[1] == need).only_enforce_if(q)
            m.add(sizes[0] == need).only_enforce_if([bk, q.Not()])
            m.add(breaks[1][1] >= breaks[0][2] + 1).only_enforce_if(q)  # else one part
        m.add_no_overlap(intervals)
        # Idle: span - work - travel - break <= max_idle (travel minutes may be fractional).
        m.add(end - start - work - travel_idle - need <= rules.max_idle).only_enforce_if(used)
        return _Day(blocks, work, used, first, second, tv, travel, breaks, rests)


# --------------------------------------------------------------------------- solving


class _Recorder(cp_model.CpSolverSolutionCallback):
    """Keeps the best solution whose weeks are true weeks (no rest minutes)."""

    def __init__(self, model: _Model) -> None:
        super().__init__()
        self.model = model
        self.best_valid: tuple[int, list[list[int]], list[pd.DataFrame]] | None = None
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if any(self.value(r) for r in self.model.rest_vars):
            return
        carved = sum(self.model.data.centi[i] for (i, _), v in self.model.x.items()
                     if self.value(v))
        if self.best_valid is None or carved > self.best_valid[0]:
            found = _extract(self.model, self.value)
            self.best_valid = (carved, [m for _, m, _ in found], [w for _, _, w in found])


def _extract(model: _Model, value: Any) -> list[tuple[int, list[int], pd.DataFrame]]:
    """(slot, task indices, week) of each function of a solution."""
    data, rules = model.data, model.rules
    found: list[tuple[int, list[int], pd.DataFrame]] = []
    for f in range(model.k):
        members = sorted(i for (i, g), v in model.x.items() if g == f and value(v))
        if not members:
            continue
        fid = f"C{len(found) + 1:02d}"
        rows = []
        for d in rules.days:
            day = model.days[f, d]
            for b in day.blocks:
                if not value(b.pres):
                    continue
                start = b.start if isinstance(b.start, int) else value(b.start)
                end = b.end if isinstance(b.end, int) else value(b.end)
                if end > start:
                    rows.append((d, start, end, b.site, data.tasks[b.task].task_id, b.fixed,
                                 WORK))
            for pres, st, en in day.breaks:
                if value(pres):
                    rows.append((d, value(st), value(en), "", "", False, BREAK))
            if day.second and any(value(v) for v in day.second.values()):
                dest = next(s for s, v in day.second.items() if value(v))
                tv = value(day.tv)
                rows.append((d, tv, tv + value(day.travel), dest, "", False, TRAVEL))
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        # A break row takes the site of the work just before it.
        out = []
        last_site = ""
        for d, start, end, site, task, fixed, kind in rows:
            if kind == BREAK:
                site = last_site
            else:
                last_site = site
            out.append({"function_id": fid, "day": DAY_NAMES[d], "start": _hhmm(start),
                        "end": _hhmm(end), "site": site, "task_id": task, "fixed": fixed,
                        "kind": kind})
        found.append((f, members, pd.DataFrame(out, columns=SCHEDULE_COLUMNS)))
    return found


def _solver(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, float(time_limit))
    solver.parameters.num_workers = max(1, int(workers))
    solver.parameters.random_seed = int(seed)
    return solver


def _repair(data: _Data, rules: Rules, members: list[int], time_limit: float, workers: int,
            seed: int) -> pd.DataFrame | None:
    """A true week for one function, with up to 6 blocks a task a day and no rest."""
    sub = _Data([data.tasks[i] for i in members], {}, data.hours, data.travel, data.board,
                [data.centi[i] for i in members], data.scale)
    model = _Model(sub, rules, 1, pieces=6, allow_rest=False, force=list(range(len(members))))
    solver = _solver(time_limit, workers, seed)
    status = solver.solve(model.m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return _extract(model, solver.value)[0][2]


def _greedy(data: _Data, rules: Rules, budget: float, workers: int, seed: int, pieces: int
            ) -> list[tuple[list[int], pd.DataFrame]]:
    """Functions one at a time: the largest function CP-SAT finds among the tasks left (a
    one-slot model without rest), fixed, then the next, while ``budget`` seconds last. Only
    weeks :func:`check_week` accepts are kept. A start (and a hint) for the full model, which
    on some instances finds no solution of its own in the time it has."""
    began = time.perf_counter()
    left = list(range(len(data.tasks)))
    least = max(1, round(rules.min_hours * data.scale))
    found: list[tuple[list[int], pd.DataFrame]] = []
    while left:
        room = sum(data.centi[i] for i in left) // least
        remaining = budget - (time.perf_counter() - began)
        if room < 1 or remaining < 0.5:
            break
        sub = _Data([data.tasks[i] for i in left], {}, data.hours, data.travel, data.board,
                    [data.centi[i] for i in left], data.scale)
        model = _Model(sub, rules, 1, pieces=pieces, allow_rest=False)
        solver = _solver(max(0.5, remaining / room), workers, seed)
        if solver.solve(model.m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        got = _extract(model, solver.value)
        if not got:
            break
        members = [left[i] for i in got[0][1]]
        week = got[0][2]
        if check_week(week, [data.tasks[i] for i in members], rules, data.travel, data.hours,
                      data.board):
            break
        found.append((members, week))
        taken = set(members)
        left = [i for i in left if i not in taken]
    return found


def _hint(model: _Model, functions: Sequence[Sequence[int]]) -> None:
    """Hint the task assignment of ``functions`` to ``model`` (slots by first task, as the
    model's symmetry breaking orders them); CP-SAT completes the weeks itself."""
    order = sorted(functions, key=min)
    slot = {i: f for f, members in enumerate(order) for i in members}
    for (i, f), v in model.x.items():
        model.m.add_hint(v, 1 if slot.get(i) == f else 0)
    for f, u in enumerate(model.used):
        model.m.add_hint(u, 1 if f < len(order) else 0)


def solve(inventory: Inventory, rules: Rules | None = None, time_limit: float = 60.0,
          workers: int = 2, seed: int = 0, pieces: int = 2, log: bool = False,
          greedy_share: float = 0.25) -> Result:
    """Carve ``inventory`` with CP-SAT: the best carving found with true weeks, and a bound.

    ``pieces``: blocks a flexible task may get on a day in the model (more blocks are relaxed
    as ``rest`` minutes for the bound; see the module docstring). ``greedy_share``: the part
    of ``time_limit`` spent first on a function-by-function construction (:func:`_greedy`),
    the start of the full model (a hint) and a carving in its own right; 0 = none.
    ``best_hours`` counts only functions whose week :func:`check_week` accepts; the others
    are in ``Result.rejected``. ``status`` is ``UNKNOWN`` when no carving was found at all.
    """
    began = time.perf_counter()
    rules = rules or Rules()
    if rules.max_site_changes not in (0, 1):
        raise ValueError("the CP-SAT model handles max_site_changes 0 or 1 only")
    data = _prepare(inventory, rules)
    carvable = sum(data.centi)
    k = int(carvable // round(rules.min_hours * data.scale)) if rules.min_hours > 0 else len(
        data.tasks)
    k = min(k, len(data.tasks))
    if k == 0:
        return Result(0.0, 0.0, "OPTIMAL", [], [], time.perf_counter() - began, k=0)
    greedy = _greedy(data, rules, greedy_share * time_limit, workers, seed, pieces) \
        if greedy_share > 0 else []
    model = _Model(data, rules, k, pieces=pieces, allow_rest=True)
    if greedy:
        _hint(model, [members for members, _ in greedy])
    solver = _solver(max(1.0, time_limit - (time.perf_counter() - began)), workers, seed)
    solver.parameters.log_search_progress = log
    recorder = _Recorder(model)
    status = solver.solve(model.m, recorder)
    name = solver.status_name(status)
    if status == cp_model.INFEASIBLE:  # cannot happen: carving nothing is a solution
        raise RuntimeError("CP-SAT model infeasible")
    bound_obj = solver.best_objective_bound
    if math.isfinite(bound_obj):
        bound_centi = math.floor((bound_obj + model.max_rest) / model.big + 1e-9)
        bound_centi = min(bound_centi, carvable)
    else:
        bound_centi = carvable
    best: tuple[int, list[list[int]], list[pd.DataFrame]] = (0, [], [])
    source = ""
    if recorder.best_valid is not None:
        best, source = recorder.best_valid, "cp-sat"
    repaired = dropped = 0
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        carved = sum(data.centi[i] for (i, _), v in model.x.items() if solver.value(v))
        with_rest = {f for (f, _), day in model.days.items()
                     if any(solver.value(r) for r in day.rests)}
        if with_rest and carved > best[0]:
            keep_f, keep_w = [], []
            left = max(5.0, time_limit / 10)
            for f, members, week in _extract(model, solver.value):
                if f in with_rest:
                    fixed_week = _repair(data, rules, members, left, workers, seed)
                    if fixed_week is None:
                        dropped += 1
                        continue
                    repaired += 1
                    week = fixed_week
                keep_f.append(members)
                keep_w.append(week)
            total = sum(data.centi[i] for members in keep_f for i in members)
            if total > best[0]:
                best, source = (total, keep_f, keep_w), "cp-sat, repaired"
    greedy_total = sum(data.centi[i] for members, _ in greedy for i in members)
    if greedy_total > best[0]:
        best = (greedy_total, [m for m, _ in greedy], [w for _, w in greedy])
        source = "greedy"
    _, functions, weeks = best
    names: list[list[str]] = []
    out_weeks: list[pd.DataFrame] = []
    violations: list[list[str]] = []
    rejected: list[tuple[list[str], list[str]]] = []
    carved = 0
    for members, week in zip(functions, weeks, strict=True):
        tasks = [data.tasks[i] for i in members]
        problems = check_week(week, tasks, rules, data.travel, data.hours, data.board)
        if problems:  # not a true week: not counted
            rejected.append(([t.task_id for t in tasks], problems))
            continue
        week = week.assign(function_id=f"C{len(names) + 1:02d}")
        names.append([t.task_id for t in tasks])
        out_weeks.append(week)
        violations.append(problems)
        carved += sum(data.centi[i] for i in members)
    if not names:
        name = "OPTIMAL" if status == cp_model.OPTIMAL and bound_centi == 0 else "UNKNOWN"
    elif status == cp_model.OPTIMAL and carved == bound_centi:
        name = "OPTIMAL"
    else:
        name = "FEASIBLE"
    return Result(carved / data.scale, bound_centi / data.scale, name, names, out_weeks,
                  time.perf_counter() - began, violations, k, repaired, dropped, source,
                  rejected)


# --------------------------------------------------------------------------- checking


# --------------------------------------------------------------------------- instances


def load_instance(name: str) -> Inventory:
    """``demo_vo``, ``demo_po``, a named instance of ``benchmarks/realistic.py``
    (``po_school_60``), ``gen:N:SITES:SEED`` (matcher.demo.generate_inventory),
    ``board:N:SCHOOLS:SEED`` (generate_board), ``realistic:ARGS`` (benchmarks/realistic.py
    when present: its ``generate`` with ``key=value`` arguments, e.g. ``realistic:n_tasks=50``)
    or ``TASKS.csv[,SITES.csv]``."""
    from matcher.demo import demo_files, generate_board, generate_inventory
    from matcher.inputs.loaders import load_tasks

    if name.startswith("demo_"):
        files = demo_files(name.removeprefix("demo_"))
        return load_tasks(files.tasks, files.sites)
    here = Path(__file__).resolve().parent
    if (here / "realistic.py").exists() and ":" not in name and not name.endswith(".csv"):
        sys.path.insert(0, str(here))
        import realistic

        if name in realistic.INSTANCES:
            return realistic.instance(name)
    if name.startswith("gen:"):
        n, sites, seed = (int(v) for v in name.split(":")[1:])
        return generate_inventory(n_tasks=n, n_sites=sites, seed=seed)
    if name.startswith("board:"):
        n, schools, seed = (int(v) for v in name.split(":")[1:])
        return generate_board(n_tasks=n, n_schools=schools, seed=seed)
    if name.startswith("realistic:"):
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import realistic

        kwargs: dict[str, Any] = {}
        for part in filter(None, name.removeprefix("realistic:").split(",")):
            key, value = part.split("=")
            kwargs[key] = int(value) if value.lstrip("-").isdigit() else value
        return realistic.generate(**kwargs)
    tasks_file, _, sites_file = name.partition(",")
    return load_tasks(Path(tasks_file), Path(sites_file) if sites_file else None)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", default="demo_vo", help=load_instance.__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pieces", type=int, default=2)
    parser.add_argument("--greedy-share", type=float, default=0.25,
                        help="part of the time limit for the function-by-function start")
    parser.add_argument("--out", type=Path, help="write schedule.csv and functions.csv here")
    parser.add_argument("--log", action="store_true", help="CP-SAT's search log")
    args = parser.parse_args(argv)
    inventory = load_instance(args.instance)
    result = solve(inventory, time_limit=args.time_limit, workers=args.workers, seed=args.seed,
                   pieces=args.pieces, log=args.log, greedy_share=args.greedy_share)
    carvable = sum(t.hours for t in inventory.tasks if t.carvable)
    print(f"instance {args.instance}: {len(inventory.tasks)} tasks, {carvable:g} h carvable, "
          f"K = {result.k}")
    print(f"status {result.status}; best {result.best_hours:g} h; bound {result.bound:g} h; "
          f"gap {100 * result.gap:.1f}%; {result.time_s:.1f} s"
          + (f"; {result.repaired} weeks repaired, {result.dropped} dropped"
             if result.repaired or result.dropped else "")
          + (f"; from {result.source}" if result.source else ""))
    for members, problems in result.rejected:
        print(f"  rejected (week fails the check, not counted): {', '.join(members)}: "
              f"{problems[:3]}")
    hours = {t.task_id: t.hours for t in inventory.tasks}
    for n, (members, problems) in enumerate(zip(result.functions, result.violations,
                                                strict=True)):
        total = sum(hours[t] for t in members)
        check = "week ok" if not problems else f"{len(problems)} violations: {problems[:3]}"
        print(f"  C{n + 1:02d} {total:g} h ({check}): {', '.join(members)}")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        result.schedule_frame().to_csv(args.out / "schedule.csv", index=False)
        pd.DataFrame([{"function_id": f"C{n + 1:02d}", "task_ids": ",".join(members),
                       "hours": sum(hours[t] for t in members)}
                      for n, members in enumerate(result.functions)]).to_csv(
            args.out / "functions.csv", index=False)
    return 0 if not result.rejected else 1


if __name__ == "__main__":
    raise SystemExit(main())
