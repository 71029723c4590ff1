"""The carving problem: tasks in arrays, the hard rules and the value of a function.

:class:`CarveProblem` is shared by every solver (:mod:`matcher.carving.columns`,
:mod:`matcher.carving.heuristic`, :mod:`matcher.carving.exact`,
:mod:`matcher.carving.bound`): it checks the hard rules of a task set
(:meth:`CarveProblem.violation`), builds its week and values it
(:meth:`CarveProblem.value`), caching both.

* **Objective** (maximised): the sum over functions of
  ``hours * (1 - coherence_weight * (1 - coherence)) - target_weight * |hours - target|
  - idle_weight * idle - site_weight * (sites - 1)``.
* **Coherence** of a function in [0, 1]: ``0.5 * area purity + 0.25 * level purity +
  0.25 * site purity``, each the share of hours in the function's main area, level or site
  (:func:`coherence_of`).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor

import numpy as np

from matcher.carving.params import CarveParams, SolverParams
from matcher.carving.week import (
    DayCache,
    Schedule,
    SiteHours,
    TravelTable,
    build_schedule,
    site_hours,
)
from matcher.errors import ScheduleError
from matcher.inputs.schema import WORK_DAYS
from matcher.model import Inventory, Task

__all__ = ["Budget", "CarveProblem", "Conflicts", "ProgressCallback", "coherence_of",
           "day_minutes", "hours_by", "problem_and_pool", "site_boards",
           "week_cost"]


def hours_by(items: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Hours summed per key, largest first (ties by key), two decimals."""
    totals: dict[str, float] = defaultdict(float)
    for key, hours in items:
        totals[key] += hours
    return {k: round(v, 2) for k, v in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))}


def coherence_of(items: Sequence[tuple[str, int, str, float]]) -> float:
    """Coherence in [0, 1] of ``(area, level, site, hours)`` items (see the module doc)."""
    total = sum(h for *_, h in items)
    if total <= 0:
        return 0.0
    purity = []
    for position in range(3):
        by_key: dict[object, float] = defaultdict(float)
        for item in items:
            by_key[item[position]] += item[3]
        purity.append(max(by_key.values()) / total)
    return 0.5 * purity[0] + 0.25 * purity[1] + 0.25 * purity[2]


class Conflicts:
    """The fixed tasks each task cannot share a week with, worked out when first asked.

    ``conflicts[i]`` is the set of fixed tasks ``j`` for which
    :func:`matcher.carving.week.fixed_conflict` holds (they overlap on a common day, or the
    gap between them is shorter than the travel time between their sites); empty for a
    flexible task. With ``groups`` (a key per task: the board when functions stay within
    one board) only tasks of the same group are compared: no function holds two groups,
    and the boards rule is checked before the overlap.

    Computing every pair up front took time and memory in the square of the fixed tasks
    (40,000 fixed tasks of a 100,000-task region: 800 million pairs, before any time
    budget applied); one task against the fixed tasks of its group is one vectorised
    comparison, and only the tasks a solver looks at are ever compared.
    """

    def __init__(self, tasks: Sequence[Task], travel: TravelTable,
                 groups: Sequence[str] | None = None) -> None:
        self._n = len(tasks)
        fixed = [i for i, t in enumerate(tasks) if t.fixed]
        site_ids = sorted({t.site for t in tasks})
        site_index = {s: k for k, s in enumerate(site_ids)}
        self._index = np.array(fixed, dtype=np.int64)
        self._mask = np.array([sum(1 << d for d in (tasks[i].days or WORK_DAYS))
                               for i in fixed], dtype=np.int64)
        self._start = np.array([tasks[i].start for i in fixed], dtype=np.int64)
        self._end = np.array([tasks[i].end for i in fixed], dtype=np.int64)
        self._site = np.array([site_index[tasks[i].site] for i in fixed], dtype=np.int64)
        self._travel = np.array([[travel.get((a, b), math.inf) for b in site_ids]
                                 for a in site_ids], dtype=float).reshape(len(site_ids),
                                                                          len(site_ids))
        self._position = {i: k for k, i in enumerate(fixed)}
        members: dict[str, list[int]] = {}
        for k, i in enumerate(fixed):
            members.setdefault(groups[i] if groups is not None else "", []).append(k)
        self._group_of = {i: groups[i] if groups is not None else "" for i in fixed}
        self._members = {g: np.array(ks, dtype=np.int64) for g, ks in members.items()}
        self._cache: dict[int, set[int]] = {}

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> set[int]:
        found = self._cache.get(i)
        if found is not None:
            return found
        k = self._position.get(i)
        if k is None:
            found = set()
        else:
            ks = self._members[self._group_of[i]]
            start, end, site = self._start[k], self._end[k], self._site[k]
            s, e, st = self._start[ks], self._end[ks], self._site[ks]
            common = (self._mask[ks] & self._mask[k]) != 0
            overlap = (start < e) & (s < end)
            first = start < s  # task i comes first (on a tie the other one, as fixed_conflict)
            gap = np.where(first, s - end, start - e)
            trip = np.where(first, self._travel[site, st], self._travel[st, site])
            hit = common & (overlap | ((st != site) & (gap < trip)))
            hit &= ks != k
            found = {int(j) for j in self._index[ks[hit]]}
        self._cache[i] = found
        return found


class CarveProblem:
    """Task data in arrays plus cached feasibility and values, shared by all solvers.

    Parameters
    ----------
    tasks
        The tasks; solvers refer to them by their index in this sequence.
    travel
        Travel minutes between sites (:meth:`matcher.model.Sites.travel_minutes`).
    params
        The rules and objective.
    boards
        Site id -> board name (:func:`site_boards`); sites not in it share board ``""``.
    solver
        The solver's settings (defaults when not given).
    hours
        Opening and pupil hours of the sites that differ from the defaults
        (:func:`matcher.carving.week.site_hours`).
    mend
        Weeks are built with ``build_schedule``'s second way of mending a day (default);
        without it a problem accepts fewer task sets, a subset of the sets accepted with it
        (the heuristic searches both ways on a school, see
        :func:`matcher.carving.heuristic.carve_heuristic`).
    """

    def __init__(self, tasks: Sequence[Task], travel: TravelTable, params: CarveParams,
                 boards: Mapping[str, str] | None = None,
                 solver: SolverParams | None = None,
                 hours: Mapping[str, SiteHours] | None = None, mend: bool = True) -> None:
        self.tasks = list(tasks)
        self.mend = mend
        self.site_hours: dict[str, SiteHours] = dict(hours or {})
        self.solver = solver or SolverParams()
        board_of = boards or {}
        self.board = [board_of.get(t.site, "") for t in self.tasks]
        self.travel = travel
        self.params = params
        self.hours = [t.hours for t in self.tasks]
        #: The fixed tasks each task cannot share a week with (:class:`Conflicts`: worked
        #: out per task when first asked, among the tasks a function may join it with)
        self.conflict = Conflicts(self.tasks, travel, self.board if params.max_boards == 1
                                  else None)
        #: (days, start, end) of each fixed task, None for a flexible one (:meth:`unfillable`)
        self._fixed_at: list[tuple[tuple[int, ...], int, int] | None] = [
            (tuple(t.days or WORK_DAYS), t.start, t.end)
            if t.start is not None and t.end is not None else None for t in self.tasks]
        self._schedule_cache: dict[frozenset[int], Schedule | ScheduleError] = {}
        self._partial_cache: dict[frozenset[int], Schedule | ScheduleError] = {}
        self._day_cache: DayCache = {}
        self._value_cache: dict[frozenset[int], float] = {}
        self._arrays_built = False
        #: Pools walked by :func:`matcher.carving.columns.enumerate_columns`: sets visited
        #: (more than the limit when it stopped) and the feasible sets found (``None`` when
        #: it stopped).
        self.enumerated: dict[frozenset[int], tuple[int, list[frozenset[int]] | None]] = {}
        #: The forked growth process while :func:`matcher.carving.columns.growth_worker`
        #: is open.
        self.grower: Executor | None = None

    def variant(self, mend: bool) -> CarveProblem:
        """The same problem with weeks built with or without ``mend``, and its own caches
        (the day cache is shared: a day plans the same either way)."""
        other = CarveProblem(self.tasks, self.travel, self.params, None, self.solver,
                             self.site_hours, mend)
        other.board = self.board
        other.conflict = self.conflict
        other._day_cache = self._day_cache
        return other

    def build_arrays(self) -> None:
        """Integer codes of area, site, level, role and board per task, for vector scoring
        (built once, by the first growth)."""
        if self._arrays_built:
            return

        def codes(values: Sequence[object]) -> tuple[np.ndarray, int]:
            index: dict[object, int] = {}
            out = np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int64)
            return out, len(index)

        self.np_hours = np.array(self.hours, dtype=float)
        self.area_code, self.n_areas = codes([t.area for t in self.tasks])
        self.role_code, self.n_roles = codes([t.current_role for t in self.tasks])
        self.board_code, self.n_board_codes = codes(self.board)
        self.level_arr = np.array([t.level for t in self.tasks], dtype=np.int64)
        site_names = sorted({t.site for t in self.tasks})
        self.site_names = site_names
        site_index = {s: k for k, s in enumerate(site_names)}
        self.site_code = np.array([site_index[t.site] for t in self.tasks], dtype=np.int64)
        n_sites = len(site_names)
        # affinity of a task at site b with a function that has a task at site a
        score = np.zeros((n_sites, n_sites))
        for a, sa in enumerate(site_names):
            for b, sb in enumerate(site_names):
                if a == b:
                    score[a, b] = 2.0
                else:
                    minutes = self.travel.get((sa, sb), math.inf)
                    score[a, b] = 1.5 if minutes <= 30 else 0.8 if minutes <= 60 else 0.0
        self.site_score = score
        self._arrays_built = True

    def complete(self, members: frozenset[int]) -> bool:
        """Whether a task set is in the hour band, where the week's completion rules hold
        (a real working day, the break)."""
        return sum(self.hours[i] for i in members) >= self.params.min_hours - 1e-9

    def schedule(self, members: frozenset[int], complete: bool | None = None
                 ) -> Schedule | ScheduleError:
        """The week of a task set, or the :class:`ScheduleError` why it has none (cached).

        ``complete`` (default: the set is in the band) applies the rules only a finished
        function must meet (:func:`matcher.carving.week.build_schedule`'s ``complete``):
        a set on its way to the band is not held to them.
        """
        if complete is None:
            complete = self.complete(members)
        cache = self._schedule_cache if complete else self._partial_cache
        cached = cache.get(members)
        if cached is None:
            try:
                cached = build_schedule([self.tasks[i] for i in sorted(members)], self.travel,
                                        self.params.schedule, self.site_hours,
                                        complete=complete, day_cache=self._day_cache,
                                        mend=self.mend)
            except ScheduleError as exc:
                cached = exc
            if len(cache) > 200_000:
                cache.clear()
            cache[members] = cached
        return cached

    def quick_violation(self, members: frozenset[int]) -> str | None:
        """The first rule broken among the cheap ones (no schedule is built), or ``None``."""
        p = self.params
        tasks = [self.tasks[i] for i in members]
        if sum(t.hours for t in tasks) > p.max_hours + 1e-9:
            return "hours"
        if len({t.area for t in tasks}) > p.max_areas:
            return "areas"
        levels = [t.level for t in tasks]
        if max(levels) - min(levels) > p.max_level_spread:
            return "level"
        if len({t.site for t in tasks}) > p.max_sites:
            return "sites"
        if len({self.board[i] for i in members}) > p.max_boards:
            return "boards"
        for i in members:
            if self.conflict[i] & members:
                return "overlap"
        if self.unfillable(members):
            return "idle"
        return None

    def unfillable(self, members: frozenset[int]) -> bool:
        """Whether the fixed tasks of a set span its days so widely that no function of at
        most ``max_hours`` can hold them: a working day has at most ``max_idle_per_day``
        idle minutes besides its break and travel, so its work is at least its fixed span
        less those (the longest break, every allowed site change at the longest trip of the
        set). Adding tasks only widens the spans, so such a set can never be completed and
        growth need not try."""
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        fixed_at = self._fixed_at
        for i in members:
            at = fixed_at[i]
            if at is None:
                continue
            days, start, end = at
            for d in days:
                if first.get(d, start) >= start:
                    first[d] = start
                if last.get(d, end) <= end:
                    last[d] = end
        if not first:
            return False
        rules = self.params.schedule
        sites = {self.tasks[i].site for i in members}
        hop = 0.0
        if len(sites) > 1:
            hop = max((self.travel.get((a, b), 0.0) for a in sites for b in sites if a != b),
                      default=0.0)
        slack = (rules.max_idle_per_day + rules.long_break_minutes
                 + rules.max_site_changes * hop)
        need = sum(max(0.0, last[d] - first[d] - slack) for d in first)
        return need > self.params.max_hours * 60 + 1e-9

    def violation(self, members: frozenset[int], complete: bool | None = None) -> str | None:
        """The first hard rule a set of tasks breaks (ignoring min_hours), or ``None``;
        ``complete`` as for :meth:`schedule`."""
        quick = self.quick_violation(members)
        if quick is not None:
            return quick
        result = self.schedule(members, complete)
        if isinstance(result, ScheduleError):
            return result.code
        return None

    def value(self, members: frozenset[int]) -> float:
        """Objective contribution of one function (0 when it is below the band)."""
        cached = self._value_cache.get(members)
        if cached is None:
            cached = self._value(members)
            if len(self._value_cache) > 200_000:
                self._value_cache.clear()
            self._value_cache[members] = cached
        return cached

    def remember_value(self, members: frozenset[int], value: float) -> None:
        """Store a value computed elsewhere (a forked growth worker) in the cache."""
        if members not in self._value_cache:
            if len(self._value_cache) > 200_000:
                self._value_cache.clear()
            self._value_cache[members] = value

    def value_bound(self, members: frozenset[int]) -> float:
        """An upper bound on :meth:`value` that builds no week (idle time taken as 0).

        Exact when the set is below the band (0) or its week has no idle time.
        """
        cached = self._value_cache.get(members)
        if cached is not None:
            return cached
        return self._value(members, with_idle=False)

    def value_without_idle(self, members: frozenset[int]) -> float:
        """:meth:`value` with the idle-time term dropped (never cached, builds no week)."""
        return self._value(members, with_idle=False)

    def _value(self, members: frozenset[int], with_idle: bool = True) -> float:
        if not members:
            return 0.0
        p = self.params
        hours = sum(self.hours[i] for i in members)
        if hours < p.min_hours - 1e-9:
            return 0.0
        coherence = coherence_of([(self.tasks[i].area, self.tasks[i].level, self.tasks[i].site,
                                 self.hours[i]) for i in members])
        week = 0.0  # the terms that need the week: idle, travel, routine
        if with_idle:
            schedule = self.schedule(members)
            if isinstance(schedule, Schedule):
                week = week_cost(schedule, p)
        n_sites = len({self.tasks[i].site for i in members})
        return (hours * (1 - p.coherence_weight * (1 - coherence))
                - p.target_weight * abs(hours - p.target_hours) - week
                - p.site_weight * (n_sites - 1))


def week_cost(schedule: Schedule, params: CarveParams) -> float:
    """The part of a function's value its week costs: idle time, travel and an irregular
    start (``idle_weight``, ``travel_weight`` per hour a week, ``routine_weight`` per hour
    the start times spread beyond ``max_start_spread``); never negative."""
    spread = max(0, schedule.start_spread() - params.schedule.max_start_spread)
    return (params.idle_weight * schedule.idle_minutes()
            + params.travel_weight * schedule.travel_minutes
            + params.routine_weight * spread) / 60


def site_boards(inventory: Inventory) -> dict[str, str]:
    """Site id -> board name ("" when unknown)."""
    frame = inventory.sites.frame
    boards = frame["board"] if "board" in frame.columns else [""] * len(frame)
    return {str(s): str(b or "") for s, b in zip(frame["site"], boards, strict=True)}


def problem_and_pool(inventory: Inventory, params: CarveParams,
                     solver: SolverParams | None = None) -> tuple[CarveProblem, list[int]]:
    """The problem of an inventory and its pool: the carvable tasks within ``max_hours``
    that fit a week alone (the tasks :func:`matcher.carving.carve` carves when none is
    locked)."""
    problem = CarveProblem(list(inventory.tasks), inventory.sites.travel_minutes(), params,
                           site_boards(inventory), solver,
                           site_hours(inventory.sites.frame, params.schedule))
    pool = [i for i, t in enumerate(problem.tasks)
            if t.carvable and t.hours <= params.max_hours + 1e-9
            and problem.violation(frozenset({i})) is None]
    return problem, pool


def day_minutes(problem: CarveProblem, i: int) -> dict[int, int]:
    """Minutes task ``i`` certainly puts on each day (fixed time, or an even day share)."""
    t = problem.tasks[i]
    if t.fixed:
        assert t.start is not None and t.end is not None
        return {d: t.end - t.start for d in (t.days or WORK_DAYS)}
    if t.days:
        share = t.minutes // len(t.days)
        return {d: share for d in t.days}
    return {}


#: ``progress(fraction, stage)``: how far a carve is (0-1, never going back) and what it
#: does now, in Dutch (``"kandidaat-functies"``, ``"selectie"``, ...).
ProgressCallback = Callable[[float, str], None]


class Budget:
    """The wall-clock budget shared by the phases of the heuristic (none by default), and
    the progress they report.

    Each phase reports its own fraction with :meth:`at`; :meth:`span` maps the phases of
    one part of the work (a component, a start of the exact search) onto its share of the
    whole, so the callback sees one fraction that only grows. :meth:`child` gives a part
    of the work (a block of sites) its own share of the time, reporting through this one.
    :attr:`cut` tells whether a phase stopped because the budget was used up.
    """

    def __init__(self, seconds: float | None, progress: ProgressCallback | None = None
                 ) -> None:
        self.start = time.monotonic()
        self.seconds = seconds
        self.progress = progress
        self._low, self._high, self._last = 0.0, 1.0, 0.0
        self._parent: Budget | None = None
        #: whether some phase stopped early because the budget was used up
        self.cut = False

    @classmethod
    def until(cls, deadline: float | None, progress: ProgressCallback | None = None
              ) -> Budget:
        """A budget that ends at ``deadline`` (a :func:`time.monotonic` time, the same in
        forked processes; ``None``: no budget)."""
        if deadline is None:
            return cls(None, progress)
        return cls(max(0.0, deadline - time.monotonic()), progress)

    @property
    def deadline(self) -> float | None:
        """The :func:`time.monotonic` time the budget ends (``None`` without one)."""
        return None if self.seconds is None else self.start + self.seconds

    def child(self, seconds: float | None) -> Budget:
        """A budget of ``seconds`` from now (never beyond this one's end) for a part of
        the work; its progress and its :attr:`cut` go to this budget."""
        left = self.left()
        if left is not None:
            seconds = left if seconds is None else min(seconds, left)
        part = Budget(seconds)
        part._parent = self._root()
        return part

    def _root(self) -> Budget:
        return self if self._parent is None else self._parent._root()

    def span_now(self) -> tuple[float, float]:
        """The current span (to restore after a nested one)."""
        root = self._root()
        return root._low, root._high

    def span(self, low: float, high: float) -> None:
        """The next reports cover ``low``-``high`` of the whole carve."""
        root = self._root()
        root._low, root._high = low, max(low, high)

    def at(self, fraction: float, stage: str) -> None:
        """Report ``fraction`` (0-1) of the current span, doing ``stage``."""
        root = self._root()
        if root.progress is None:
            return
        value = root._low + (root._high - root._low) * min(1.0, max(0.0, fraction))
        root._last = max(root._last, value)
        root.progress(root._last, stage)

    def over(self, share: float = 1.0) -> bool:
        """Whether ``share`` of the budget is used up (never without a budget); the first
        time it is, :attr:`cut` is set (here and on the budget this one is part of)."""
        if self.seconds is None or time.monotonic() - self.start <= share * self.seconds:
            return False
        self.mark_cut()
        return True

    def mark_cut(self) -> None:
        """Note that the budget cut a phase short."""
        self.cut = True
        if self._parent is not None:
            self._parent.mark_cut()

    def left(self, share: float = 1.0) -> float | None:
        """Seconds until ``share`` of the budget is used (``None`` without a budget)."""
        if self.seconds is None:
            return None
        return max(0.0, share * self.seconds - (time.monotonic() - self.start))
