"""Carving: partition a task inventory into coherent functions of about 25.5 hours.

The objective and the hard rules are written down in ``docs/carving.md``; in short:

* **Hard rules** for every function: hours within ``[min_hours, max_hours]``; at most
  ``max_areas`` areas, a level spread of at most ``max_level_spread`` and at most
  ``max_sites`` sites; a workable week (:mod:`matcher.schedule`: no overlapping fixed tasks,
  travel time between sites, at most ``max_hours_per_day``).
* **Objective** (maximised): the sum over functions of
  ``hours * (1 - coherence_weight * (1 - coherence)) - target_weight * |hours - target|``.
  Carved hours dominate; among equal hours, coherent functions near the target win.
* **Coherence** of a function in [0, 1]: ``0.5 * area purity + 0.25 * level purity +
  0.25 * site purity``, each the share of hours in the function's main area, level or site.

The solver is a seeded greedy construction followed by a local search (relocate and swap
tasks, dissolve functions below the band) under a move budget. Every task ends either in
a function or in the allocation table with a reason; nothing is dropped.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd

from matcher.model import Inventory, Task
from matcher.parsing import format_days
from matcher.schedule import (
    Schedule,
    ScheduleError,
    ScheduleParams,
    TravelTable,
    build_schedule,
    fixed_conflict,
)
from matcher.schema import AREA_LABELS_NL, AREAS, LEVEL_NAMES_NL

__all__ = [
    "FTA_HOURS",
    "CarveParams",
    "Carving",
    "Function",
    "carve",
    "carve_baseline",
]

#: Hours a week that count as one job (one fta) under the banenafspraak.
FTA_HOURS = 25.5


@dataclass(frozen=True)
class CarveParams:
    """Settings of the carve stage (defaults in brackets).

    Parameters
    ----------
    target_hours
        Preferred size of a function [25.5].
    min_hours, max_hours
        Accepted band; a function outside it is not offered [20, 30].
    max_areas
        Most areas in one function [2].
    max_level_spread
        Largest difference between the lowest and highest task level in a function [1].
    max_sites
        Most sites in one function [3].
    max_boards
        Most school boards one function may work for (sites' ``board``; sites without a
        board count as one board) [1].
    coherence_weight
        How much incoherence lowers a function's value (0 = ignore coherence) [0.3].
    target_weight
        Value lost per hour away from ``target_hours`` [0.2].
    idle_weight
        Value lost per idle hour a week inside working days (split shifts) [0.25].
    site_weight
        Value lost per site beyond the first (travel, two teams to work with) [1.0].
    iterations
        Move evaluations the polishing local search may spend [20,000].
    restarts
        Rounds of candidate-function generation (the first without noise) [3].
    time_limit
        Seconds the set-packing MILP may take before its best solution is used [20].
    seed
        Seed of the random tie-breaking; same input and seed give the same carving [0].
    method
        ``"exact"``: enumerate every feasible function and solve the set packing
        exactly (proven optimal; refused when there are more than
        ``exact_max_columns`` candidate functions); ``"heuristic"``: candidate
        generation, MILP selection and local search; ``"auto"``: exact for at most
        ``exact_max_tasks`` carvable tasks when the enumeration fits and the MILP proves
        optimality within ``time_limit``, else heuristic ["auto"].
    exact_max_tasks
        Largest pool of carvable tasks ``"auto"`` tries the exact method on [22].
    exact_max_columns
        Most candidate sets the exact method may visit [100,000].
    lns_rounds
        Rounds of exact re-carving of two functions plus left-over tasks after the
        heuristic (large-neighbourhood search) [30].
    lns_max_tasks
        Most tasks in one such neighbourhood [12].
    schedule
        Rules for a workable week (:class:`matcher.schedule.ScheduleParams`).
    """

    target_hours: float = 25.5
    min_hours: float = 20.0
    max_hours: float = 30.0
    max_areas: int = 2
    max_level_spread: int = 1
    max_sites: int = 3
    max_boards: int = 1
    coherence_weight: float = 0.3
    target_weight: float = 0.2
    idle_weight: float = 0.25
    site_weight: float = 1.0
    iterations: int = 20_000
    restarts: int = 3
    time_limit: float = 20.0
    seed: int = 0
    method: str = "auto"
    exact_max_tasks: int = 22
    exact_max_columns: int = 100_000
    lns_rounds: int = 30
    lns_max_tasks: int = 12
    schedule: ScheduleParams = field(default_factory=ScheduleParams)

    def __post_init__(self) -> None:
        if not 0 < self.min_hours <= self.target_hours <= self.max_hours <= 40:
            raise ValueError("CarveParams needs 0 < min_hours <= target_hours <= max_hours <= 40. "
                             f"Got {self.min_hours}, {self.target_hours}, {self.max_hours}.")
        if self.max_areas < 1 or self.max_sites < 1 or self.max_boards < 1 or \
                self.max_level_spread < 0:
            raise ValueError("CarveParams needs max_areas >= 1, max_sites >= 1, "
                             "max_boards >= 1 and max_level_spread >= 0.")
        if not 0 <= self.coherence_weight <= 1 or self.target_weight < 0:
            raise ValueError("CarveParams needs coherence_weight in [0, 1] and "
                             "target_weight >= 0.")
        if self.idle_weight < 0 or self.site_weight < 0 or self.time_limit <= 0:
            raise ValueError("CarveParams needs idle_weight >= 0, site_weight >= 0 and "
                             "time_limit > 0.")
        if self.method not in ("auto", "exact", "heuristic"):
            raise ValueError("CarveParams.method must be 'auto', 'exact' or 'heuristic'. "
                             f"Got {self.method!r}.")
        if self.iterations < 0 or self.restarts < 1:
            raise ValueError("CarveParams needs iterations >= 0 and restarts >= 1.")


@dataclass(frozen=True)
class Function:
    """A carved function: its tasks, week and derived properties."""

    function_id: str
    title: str
    tasks: tuple[Task, ...]
    schedule: Schedule
    locked: bool = False
    warnings: tuple[str, ...] = ()

    @cached_property
    def hours(self) -> float:
        """Hours a week."""
        return round(sum(t.hours for t in self.tasks), 2)

    @property
    def fta(self) -> float:
        """Jobs it counts for: hours / 25.5, two decimals."""
        return round(self.hours / FTA_HOURS, 2)

    @property
    def level(self) -> int:
        """Level of the function: the highest task level (the worker must do every task)."""
        return max(t.level for t in self.tasks)

    @cached_property
    def hours_by_area(self) -> dict[str, float]:
        """Hours per area, largest first."""
        return _sorted_hours((t.area, t.hours) for t in self.tasks)

    @property
    def areas(self) -> tuple[str, ...]:
        """Areas, most hours first."""
        return tuple(self.hours_by_area)

    @cached_property
    def hours_by_site(self) -> dict[str, float]:
        """Hours per site, largest first."""
        return _sorted_hours((t.site, t.hours) for t in self.tasks)

    @property
    def sites(self) -> tuple[str, ...]:
        """Sites, most hours first."""
        return tuple(self.hours_by_site)

    @cached_property
    def hours_by_role(self) -> dict[str, float]:
        """Hours it takes over from each current role (``onbekend`` when not given)."""
        return _sorted_hours((t.current_role or "onbekend", t.hours) for t in self.tasks)

    @property
    def days(self) -> tuple[int, ...]:
        """Days with work."""
        return self.schedule.days

    @property
    def physical_load(self) -> int:
        """Highest physical load of its tasks (0-2)."""
        return max(t.physical_load for t in self.tasks)

    @property
    def pupil_contact(self) -> int:
        """Highest pupil contact of its tasks (0-2)."""
        return max(t.pupil_contact for t in self.tasks)

    @property
    def fixed_days(self) -> tuple[int, ...]:
        """Days the function cannot move away from (fixed-time or day-bound tasks)."""
        days: set[int] = set()
        for t in self.tasks:
            if t.fixed or t.days:
                days.update(t.days or range(5))
        return tuple(sorted(days))

    @property
    def max_day_hours(self) -> float:
        """Hours on its longest day."""
        per_day = self.schedule.minutes_per_day()
        return round(max(per_day.values()) / 60, 2) if per_day else 0.0

    @property
    def coherence(self) -> float:
        """Coherence in [0, 1] (see the module docstring)."""
        return round(_coherence([(t.area, t.level, t.site, t.hours) for t in self.tasks]), 3)

    @property
    def task_ids(self) -> tuple[str, ...]:
        """Ids of its tasks in inventory order."""
        return tuple(t.task_id for t in self.tasks)


def _sorted_hours(items: Iterable[tuple[str, float]]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for key, hours in items:
        totals[key] += hours
    return {k: round(v, 2) for k, v in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))}


def _coherence(items: Sequence[tuple[str, int, str, float]]) -> float:
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


# --------------------------------------------------------------------------------------
# Result


REASONS_NL: dict[str, str] = {
    "placed": "",
    "not_carvable": "gemarkeerd als niet carveerbaar",
    "too_large": "de taak alleen heeft al meer uren dan een functie mag hebben",
    "unschedulable": "de taak past op zichzelf niet in een werkbare week",
    "no_fit": "past in geen enkele functie",
    "too_few_hours": "te weinig passende uren over voor een eigen functie",
}


@dataclass(frozen=True)
class Carving:
    """The result of carving: functions, where every task went and why."""

    functions: tuple[Function, ...]
    allocation: pd.DataFrame
    inventory: Inventory
    params: CarveParams
    objective: float = 0.0
    method: str = "heuristic"

    def functions_frame(self) -> pd.DataFrame:
        """One row per function (the columns of ``functions.csv``)."""
        rows = []
        for f in self.functions:
            rows.append({
                "function_id": f.function_id,
                "title": f.title,
                "hours_per_week": f.hours,
                "fta": f.fta,
                "level": f.level,
                "areas": ";".join(f.areas),
                "sites": ";".join(f.sites),
                "days": format_days(f.days),
                "task_ids": ";".join(f.task_ids),
                "n_tasks": len(f.tasks),
                "max_hours_per_day": f.max_day_hours,
                "physical_load": f.physical_load,
                "pupil_contact": f.pupil_contact,
                "coherence": f.coherence,
                "schedule": f.schedule.describe(),
                "locked": f.locked,
                "warnings": "; ".join(f.warnings),
            })
        columns = ["function_id", "title", "hours_per_week", "fta", "level", "areas", "sites",
                   "days", "task_ids", "n_tasks", "max_hours_per_day", "physical_load",
                   "pupil_contact", "coherence", "schedule", "locked", "warnings"]
        return pd.DataFrame(rows, columns=columns)

    def schedule_frame(self) -> pd.DataFrame:
        """Every block of every function's week: function_id, day, start, end, site, task."""
        from matcher.parsing import format_time
        from matcher.schema import DAY_NAMES_NL

        rows = [
            {"function_id": f.function_id, "day": DAY_NAMES_NL[b.day],
             "start": format_time(b.start), "end": format_time(b.end), "site": b.site,
             "task_id": b.task_id, "fixed": b.fixed}
            for f in self.functions for b in f.schedule.blocks
        ]
        return pd.DataFrame(rows, columns=["function_id", "day", "start", "end", "site",
                                           "task_id", "fixed"])

    def site_report(self) -> pd.DataFrame:
        """Per site: inventory hours, hours carved into functions, and the fta it can count.

        A function over several sites counts pro rata to its hours at each site, so the
        fta of all sites add up to the carving's fta (25.5 h = 1 job, two decimals).
        """
        sites = self.inventory.sites.frame
        inventory_hours: dict[str, float] = defaultdict(float)
        for t in self.inventory.tasks:
            inventory_hours[t.site] += t.hours
        carved: dict[str, float] = defaultdict(float)
        for f in self.functions:
            for site_id, hours in f.hours_by_site.items():
                carved[site_id] += hours
        rows = []
        for _, row in sites.iterrows():
            sid = str(row["site"])
            rows.append({"site": sid, "name": str(row["name"]),
                         "board": str(row.get("board", "") or ""),
                         "inventory_hours": round(inventory_hours[sid], 2),
                         "carved_hours": round(carved[sid], 2),
                         "fta": round(carved[sid] / FTA_HOURS, 2)})
        return pd.DataFrame(rows, columns=["site", "name", "board", "inventory_hours",
                                           "carved_hours", "fta"])

    def function(self, function_id: str) -> Function:
        """The function with this id."""
        for f in self.functions:
            if f.function_id == function_id:
                return f
        raise KeyError(function_id)

    def summary(self) -> dict[str, float | int]:
        """Measured quality: hours carved, fta, functions, coherence, leftovers."""
        total = self.inventory.total_hours
        carvable = sum(t.hours for t in self.inventory.tasks if t.carvable)
        carved = sum(f.hours for f in self.functions)
        weights = [f.hours for f in self.functions]
        coherence = (sum(f.coherence * f.hours for f in self.functions) / sum(weights)
                     if weights else 0.0)
        return {
            "tasks": len(self.inventory.tasks),
            "inventory_hours": round(total, 2),
            "carvable_hours": round(carvable, 2),
            "carved_hours": round(carved, 2),
            "carved_share": round(carved / total, 3) if total else 0.0,
            "carved_share_of_carvable": round(carved / carvable, 3) if carvable else 0.0,
            "fta": round(sum(f.fta for f in self.functions), 2),
            "functions": len(self.functions),
            "mean_coherence": round(coherence, 3),
            "unplaced_tasks": int((self.allocation["function_id"] == "").sum()),
            "idle_hours_per_week": round(
                sum(f.schedule.idle_minutes() for f in self.functions) / 60, 2),
            "objective": round(self.objective, 3),
            "proven_optimal": int(self.method == "exact"),
        }


# --------------------------------------------------------------------------------------
# Titles


def function_title(tasks: Sequence[Task], sites: int) -> str:
    """A Dutch title a school would recognise, from the function's areas and tasks."""
    hours = _sorted_hours((t.area, t.hours) for t in tasks)
    level = max(t.level for t in tasks)
    text = " ".join(t.description.lower() for t in tasks)
    names = [_area_title(area, level, text, tasks) for area in list(hours)[:2]]
    title = names[0] if len(names) == 1 else f"{names[0]} en {names[1][0].lower()}{names[1][1:]}"
    if sites > 1:
        title += f" ({sites} locaties)"
    return title


def _area_title(area: str, level: int, text: str, tasks: Sequence[Task]) -> str:
    if area == "concierge":
        return "Assistent-conciërge"
    if area == "classroom":
        young = any(k in text for k in ("groep 1", "kleuter", "onderbouw po"))
        if young:
            return "Zorgassistent groep 1-2"
        if any(k in text for k in ("praktijk", "practicum", "techniek", "kooklok", "keuken")):
            return "Assistent praktijklessen"
        return "Klassenassistent" if level <= 2 else "Onderwijsassistent"
    if area == "administration":
        return "Administratief ondersteuner" if level <= 2 else "Administratief medewerker"
    return "Facilitair medewerker"


# --------------------------------------------------------------------------------------
# Solver


class _Problem:
    """Task data in arrays plus cached feasibility, shared by all restarts."""

    def __init__(self, tasks: Sequence[Task], travel: TravelTable, params: CarveParams,
                 boards: Mapping[str, str] | None = None) -> None:
        self.tasks = list(tasks)
        board_of = boards or {}
        self.board = [board_of.get(t.site, "") for t in self.tasks]
        self.travel = travel
        self.params = params
        n = len(self.tasks)
        self.hours = [t.hours for t in self.tasks]
        self.conflict: list[set[int]] = [set() for _ in range(n)]
        fixed = [i for i, t in enumerate(self.tasks) if t.fixed]
        for a_pos, a in enumerate(fixed):
            for b in fixed[a_pos + 1:]:
                if fixed_conflict(self.tasks[a], self.tasks[b], travel):
                    self.conflict[a].add(b)
                    self.conflict[b].add(a)
        self._schedule_cache: dict[frozenset[int], Schedule | ScheduleError] = {}
        self._value_cache: dict[frozenset[int], float] = {}

    def schedule(self, members: frozenset[int]) -> Schedule | ScheduleError:
        cached = self._schedule_cache.get(members)
        if cached is None:
            try:
                cached = build_schedule([self.tasks[i] for i in sorted(members)], self.travel,
                                        self.params.schedule)
            except ScheduleError as exc:
                cached = exc
            if len(self._schedule_cache) > 200_000:
                self._schedule_cache.clear()
            self._schedule_cache[members] = cached
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
        return None

    def violation(self, members: frozenset[int]) -> str | None:
        """The first hard rule a set of tasks breaks (ignoring min_hours), or ``None``."""
        quick = self.quick_violation(members)
        if quick is not None:
            return quick
        result = self.schedule(members)
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

    def _value(self, members: frozenset[int]) -> float:
        if not members:
            return 0.0
        p = self.params
        hours = sum(self.hours[i] for i in members)
        if hours < p.min_hours - 1e-9:
            return 0.0
        coherence = _coherence([(self.tasks[i].area, self.tasks[i].level, self.tasks[i].site,
                                 self.hours[i]) for i in members])
        schedule = self.schedule(members)
        idle = schedule.idle_minutes() / 60 if isinstance(schedule, Schedule) else 0.0
        n_sites = len({self.tasks[i].site for i in members})
        return (hours * (1 - p.coherence_weight * (1 - coherence))
                - p.target_weight * abs(hours - p.target_hours) - p.idle_weight * idle
                - p.site_weight * (n_sites - 1))


def _affinity(problem: _Problem, members: Iterable[int], i: int) -> float:
    """How well task ``i`` fits with ``members``: same area, site, level, role; near sites."""
    t = problem.tasks[i]
    others = [problem.tasks[j] for j in members]
    score = 3.0 * any(o.area == t.area for o in others)
    if any(o.site == t.site for o in others):
        score += 2.0
    else:
        nearest = min((problem.travel.get((o.site, t.site), math.inf) for o in others),
                      default=math.inf)
        score += 1.5 if nearest <= 30 else 0.8 if nearest <= 60 else 0.0
    score += 1.5 * any(o.level == t.level for o in others)
    score += 0.5 * any(o.current_role == t.current_role for o in others)
    return score


def _grow(problem: _Problem, seed: int, free: set[int], rng: random.Random,
          noise: float) -> list[frozenset[int]]:
    """Grow one function from a seed task; return every in-band state passed on the way."""
    p = problem.params
    members = {seed}
    hours = problem.hours[seed]
    found: list[frozenset[int]] = []
    rejected: set[int] = set()
    while hours < p.max_hours - 1e-9:
        options = []
        for i in free:
            if i in members or i in rejected or hours + problem.hours[i] > p.max_hours + 1e-9:
                continue
            over = max(0.0, hours + problem.hours[i] - p.target_hours)
            options.append((_affinity(problem, members, i) - 0.5 * over
                            + noise * rng.random(), i))
        if not options:
            break
        options.sort(reverse=True)
        added = False
        for _, i in options[:12]:
            trial = frozenset(members | {i})
            if problem.quick_violation(trial) is None and problem.violation(trial) is None:
                members.add(i)
                hours += problem.hours[i]
                added = True
                break
            rejected.add(i)
        if not added:
            break
        if hours >= p.min_hours - 1e-9:
            found.append(frozenset(members))
            if hours >= p.target_hours - 0.25:
                break
    return found


def _generate_columns(problem: _Problem, pool: list[int], rng: random.Random
                      ) -> list[frozenset[int]]:
    """Candidate functions: seeded greedy growth from every task, with random variation."""
    free = set(pool)
    columns: set[frozenset[int]] = set()
    rounds = problem.params.restarts
    for r in range(rounds):
        for seed in sorted(pool, key=lambda i: (-problem.hours[i], i)):
            for column in _grow(problem, seed, free, rng, noise=0.0 if r == 0 else 2.5):
                columns.add(column)
    return sorted(columns, key=lambda c: sorted(c))


def _select(problem: _Problem, columns: list[frozenset[int]], n_tasks: int,
            exact: bool = False) -> list[set[int]]:
    """Choose disjoint columns with the highest total value: a set-packing MILP (HiGHS)."""
    if not columns:
        return []
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csc_array

    values = np.array([problem.value(c) for c in columns])
    rows = [i for c in columns for i in c]
    cols = [k for k, c in enumerate(columns) for _ in c]
    matrix = csc_array((np.ones(len(rows)), (rows, cols)), shape=(n_tasks, len(columns)))
    result = milp(
        -values, integrality=np.ones(len(columns)), bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, 0, 1),
        options={"time_limit": problem.params.time_limit, "disp": False},
    )
    if exact and result.status != 0:
        raise _NotProven(result.message)
    if result.x is None:  # time limit without a solution: fall back to greedy packing
        chosen: list[set[int]] = []
        used: set[int] = set()
        for k in np.argsort(-values, kind="stable"):
            if not columns[k] & used:
                chosen.append(set(columns[k]))
                used |= columns[k]
        return chosen
    return [set(columns[k]) for k in np.flatnonzero(result.x > 0.5)]


def _polish(problem: _Problem, functions: list[set[int]], left: set[int],
            rng: random.Random) -> None:
    """Local search: insert leftovers, relocate and swap tasks while the objective improves.

    Functions stay inside the band and every hard rule holds after every move.
    """
    budget = problem.params.iterations
    values = [problem.value(frozenset(f)) for f in functions]

    def quick_ok(members: frozenset[int]) -> bool:
        hours = sum(problem.hours[i] for i in members)
        return (problem.params.min_hours - 1e-9 <= hours and
                problem.quick_violation(members) is None)

    def ok(members: frozenset[int]) -> bool:
        return quick_ok(members) and problem.violation(members) is None

    improved = True
    while improved and budget > 0:
        improved = False
        moves = [(i, -1) for i in sorted(left)]
        moves += [(i, a) for a, f in enumerate(functions) for i in sorted(f)]
        rng.shuffle(moves)
        for i, a in moves:
            if budget <= 0:
                break
            if (a < 0 and i not in left) or (a >= 0 and i not in functions[a]):
                continue
            if a >= 0:
                source = frozenset(functions[a] - {i})
                if not ok(source):
                    continue
                base_gain = problem.value(source) - values[a]
            else:
                base_gain = 0.0
            best_gain, best_target = 1e-9, -2
            for b, target in enumerate(functions):
                if b == a:
                    continue
                budget -= 1
                joined = frozenset(target | {i})
                if not quick_ok(joined):
                    continue
                gain = base_gain + problem.value(joined) - values[b]
                if gain > best_gain and ok(joined):
                    best_gain, best_target = gain, b
            if best_target == -2:
                continue
            if a >= 0:
                functions[a].discard(i)
                values[a] = problem.value(frozenset(functions[a]))
            else:
                left.discard(i)
            functions[best_target].add(i)
            values[best_target] = problem.value(frozenset(functions[best_target]))
            improved = True
        # swaps: a task in a function against a task in another function or the leftovers
        for a in rng.sample(range(len(functions)), len(functions)):
            for i in sorted(functions[a]):
                if budget <= 0 or i not in functions[a]:
                    break
                others = [(b, j) for b, f in enumerate(functions) if b != a for j in f]
                others += [(-1, j) for j in left]
                for b, j in others:
                    if abs(problem.hours[i] - problem.hours[j]) < 1e-9 and \
                            problem.tasks[i].area == problem.tasks[j].area and \
                            problem.tasks[i].site == problem.tasks[j].site:
                        continue
                    budget -= 1
                    new_a = frozenset((functions[a] - {i}) | {j})
                    if not quick_ok(new_a):
                        continue
                    new_b = frozenset((functions[b] - {j}) | {i}) if b >= 0 else new_a
                    if b >= 0 and not quick_ok(new_b):
                        continue
                    gain = problem.value(new_a) - values[a]
                    if b >= 0:
                        gain += problem.value(new_b) - values[b]
                    if gain <= 1e-9 or not ok(new_a) or (b >= 0 and not ok(new_b)):
                        continue
                    functions[a] = set(new_a)
                    values[a] = problem.value(new_a)
                    if b >= 0:
                        functions[b] = set(new_b)
                        values[b] = problem.value(new_b)
                    else:
                        left.discard(j)
                        left.add(i)
                    improved = True
                    break


class _TooMany(Exception):
    """The exact enumeration exceeded its column budget."""


class _NotProven(Exception):
    """The exact MILP stopped before proving optimality."""


def _enumerate_columns(problem: _Problem, pool: list[int], limit: int
                       ) -> list[frozenset[int]]:
    """Every task set that satisfies all hard rules and lies in the hour band.

    Depth-first over tasks in index order, pruning only on rules that stay broken when
    tasks are added (hours above the band, areas, level spread, sites, fixed-time
    conflicts); the week itself is checked for every in-band set. Raises ``_TooMany``
    when more than ``limit`` sets are visited.
    """
    p = problem.params
    order = sorted(pool)
    found: list[frozenset[int]] = []
    visited = 0

    def extend(members: tuple[int, ...], hours: float, start: int) -> None:
        nonlocal visited
        for pos in range(start, len(order)):
            i = order[pos]
            total = hours + problem.hours[i]
            if total > p.max_hours + 1e-9:
                continue
            trial = frozenset((*members, i))
            if problem.quick_violation(trial) is not None:
                continue
            visited += 1
            if visited > limit:
                raise _TooMany
            if total >= p.min_hours - 1e-9 and problem.violation(trial) is None:
                found.append(trial)
            extend((*members, i), total, pos + 1)

    extend((), 0.0, 0)
    return found


def _solve(problem: _Problem, pool: list[int]) -> tuple[list[set[int]], float, str]:
    method = problem.params.method
    if method == "exact" or (method == "auto" and len(pool) <= problem.params.exact_max_tasks):
        try:
            columns = _enumerate_columns(problem, pool, problem.params.exact_max_columns)
            functions = _select(problem, columns, len(problem.tasks), exact=True)
            return functions, sum(problem.value(frozenset(f)) for f in functions), "exact"
        except _TooMany:
            if method == "exact":
                raise ValueError(
                    f"The exact method needs more than {problem.params.exact_max_columns:,} "
                    "candidate functions for this inventory: use method='heuristic' or "
                    "raise exact_max_columns.") from None
        except _NotProven:
            if method == "exact":
                raise ValueError(
                    "The exact carving MILP did not prove optimality within time_limit="
                    f"{problem.params.time_limit:g} s: use method='heuristic' or raise "
                    "time_limit.") from None
    rng = random.Random(problem.params.seed)
    columns = _generate_columns(problem, pool, rng)
    functions = _select(problem, columns, len(problem.tasks))
    left = set(pool) - {i for f in functions for i in f}
    _polish(problem, functions, left, rng)
    _exact_neighbourhoods(problem, functions, left, rng)
    return functions, sum(problem.value(frozenset(f)) for f in functions), "heuristic"


def _exact_neighbourhoods(problem: _Problem, functions: list[set[int]], left: set[int],
                          rng: random.Random) -> None:
    """Large-neighbourhood search with the exact method as the repair step.

    Repeatedly frees two functions (or one and the left-over tasks) together with
    left-over tasks that share a site with them, up to ``lns_max_tasks`` tasks, and
    re-carves that subset exactly (every feasible function enumerated, set packing solved
    by HiGHS). A better packing replaces the old one, so every step keeps all hard rules
    and the objective never falls. At most ``lns_rounds`` rounds, stopping after six in
    a row without improvement; deterministic for a seed.
    """
    p = problem.params
    cap = p.lns_max_tasks
    tried: set[frozenset[int]] = set()
    idle_rounds = 0
    for _ in range(p.lns_rounds):
        if not functions or idle_rounds >= 6:
            return
        picks = rng.sample(range(len(functions)), min(2, len(functions)))
        freed = set().union(*(functions[k] for k in picks))
        if len(freed) > cap:
            picks = picks[:1]
            freed = set(functions[picks[0]])
            if len(freed) > cap:
                continue
        sites = {problem.tasks[i].site for i in freed}
        extra = sorted((i for i in left if problem.tasks[i].site in sites),
                       key=lambda i: (-problem.hours[i], i))
        sub_pool = sorted(freed | set(extra[: max(0, cap - len(freed))]))
        if frozenset(sub_pool) in tried:
            idle_rounds += 1
            continue
        tried.add(frozenset(sub_pool))
        before = sum(problem.value(frozenset(functions[k])) for k in picks)
        try:
            columns = _enumerate_columns(problem, sub_pool, 20_000)
            chosen = _select(problem, columns, len(problem.tasks), exact=True)
        except (_TooMany, _NotProven):
            idle_rounds += 1
            continue
        after = sum(problem.value(frozenset(g)) for g in chosen)
        if after <= before + 1e-9:
            idle_rounds += 1
            continue
        idle_rounds = 0
        for k in sorted(picks, reverse=True):
            del functions[k]
        functions.extend(set(g) for g in chosen)
        left |= freed
        left -= {i for g in chosen for i in g}


def _final_value(problem: _Problem, members: set[int]) -> float:
    hours = sum(problem.hours[i] for i in members)
    if hours < problem.params.min_hours - 1e-9:
        return 0.0
    return problem.value(frozenset(members))


_RULE_NL = {
    "hours": "te veel uren",
    "areas": "te veel gebieden",
    "level": "niveauverschil te groot",
    "sites": "te veel locaties",
    "boards": "andere schoolbestuur",
    "overlap": "overlapt in tijd",
    "travel": "geen reistijd tussen locaties",
    "day_hours": "te veel uren op een dag",
    "no_room": "geen ruimte in het dagrooster",
}


def carve(inventory: Inventory, params: CarveParams | None = None, *,
          locked: Sequence[Sequence[str]] = ()) -> Carving:
    """Carve an inventory into functions within the hour band.

    Parameters
    ----------
    inventory
        The tasks and sites (see :func:`matcher.load_tasks`).
    params
        Settings; see :class:`CarveParams` for the defaults.
    locked
        Groups of task ids that the user fixed as functions (a functiecreatie session
        locks what it likes, moves tasks between functions, and re-carves the rest).
        Each group becomes one function exactly (ids ``F01``, ... first, in the given
        order, ``locked=True``); only the other tasks are carved. A group outside the
        hour band, with too many areas or sites, a wide level band or a task marked not
        carvable is kept with Dutch ``warnings``; a group that cannot form a workable week
        (overlap, no travel time, too many hours on a day), an unknown task id or a task
        in two groups raises :class:`~matcher.errors.InputError`.

    Returns
    -------
    Carving
        Functions (ids ``F01``, ``F02``, ...) and an allocation table with one row per task:
        task_id, function_id (empty when unplaced), reason_code and a Dutch reason.

    Examples
    --------
    >>> from matcher.model import Task
    >>> tasks = [Task(f"T{i}", "kopieerwerk", "administration", 5.0, 1) for i in range(5)]
    >>> carving = carve(Inventory.from_tasks(tasks))
    >>> [(f.function_id, f.hours) for f in carving.functions]
    [('F01', 25.0)]
    """
    params = params or CarveParams()
    tasks = list(inventory.tasks)
    travel = inventory.sites.travel_minutes()
    problem = _Problem(tasks, travel, params, _boards(inventory))
    locked_groups, locked_warnings = _check_locked(problem, locked)
    in_lock = {i for g in locked_groups for i in g}
    reasons: dict[int, tuple[str, str]] = {}
    pool: list[int] = []
    for i, t in enumerate(tasks):
        if i in in_lock:
            continue
        if not t.carvable:
            reasons[i] = ("not_carvable", REASONS_NL["not_carvable"])
        elif t.hours > params.max_hours + 1e-9:
            reasons[i] = ("too_large", f"{REASONS_NL['too_large']} ({t.hours:g} u > "
                                       f"{params.max_hours:g} u)")
        else:
            alone = problem.violation(frozenset({i}))
            if alone is not None:
                detail = problem.schedule(frozenset({i}))
                text = str(detail) if isinstance(detail, ScheduleError) else _RULE_NL[alone]
                reasons[i] = ("unschedulable", f"{REASONS_NL['unschedulable']}: {text}")
            else:
                pool.append(i)
    groups, objective, method = _solve(problem, pool)
    kept = [g for g in groups if sum(problem.hours[i] for i in g) >= params.min_hours - 1e-9]
    placed = {i for g in kept for i in g}
    dropped = [i for i in pool if i not in placed]
    fixed = _make_functions(problem, locked_groups, start=1, sort=False,
                            warnings=locked_warnings)
    functions = fixed + _make_functions(problem, kept, start=len(fixed) + 1)
    owner = {t.task_id: f.function_id for f in functions for t in f.tasks}
    left_hours = sum(problem.hours[i] for i in dropped)
    for i in dropped:
        reasons[i] = _unplaced_reason(problem, i, kept, left_hours)
    rows = []
    for i, t in enumerate(tasks):
        fid = owner.get(t.task_id, "")
        code, text = ("placed", "") if fid else reasons[i]
        rows.append({"task_id": t.task_id, "function_id": fid, "hours_per_week": t.hours,
                     "reason_code": code, "reason": text})
    allocation = pd.DataFrame(rows, columns=["task_id", "function_id", "hours_per_week",
                                             "reason_code", "reason"])
    return Carving(tuple(functions), allocation, inventory, params, objective, method)


def _unplaced_reason(problem: _Problem, i: int, kept: list[set[int]], left_hours: float
                     ) -> tuple[str, str]:
    p = problem.params
    left = f"{left_hours:.1f}".replace(".", ",")
    minimum = f"{p.min_hours:g}".replace(".", ",")
    few = (f"{REASONS_NL['too_few_hours']} (overgebleven taken samen {left} u, minimum "
           f"{minimum} u)")
    if not kept:
        return "too_few_hours", few
    counts: Counter[str] = Counter()
    for g in kept:
        rule = problem.violation(frozenset(g | {i}))
        counts[rule or "hours"] += 1
    parts = ", ".join(f"{n}x {_RULE_NL.get(rule, rule)}" for rule, n in counts.most_common())
    fits = f"{REASONS_NL['no_fit']} ({parts})"
    if left_hours < p.min_hours:
        return "too_few_hours", f"{few}; {fits}"
    return "no_fit", (f"{fits}; de overgebleven taken ({left} u) vormen samen geen "
                      "functie die aan alle regels voldoet")


def _make_functions(problem: _Problem, groups: Sequence[set[int] | frozenset[int]],
                    start: int = 1, sort: bool = True,
                    warnings: Sequence[tuple[str, ...]] | None = None) -> list[Function]:
    """Functions from task groups, numbered from ``start`` (sorted by site and area)."""
    made = []
    for k, g in enumerate(groups):
        members = sorted(g)
        tasks = tuple(problem.tasks[i] for i in members)
        schedule = problem.schedule(frozenset(g))
        assert isinstance(schedule, Schedule)
        sites = len({t.site for t in tasks})
        made.append(Function("", function_title(tasks, sites), tasks, schedule,
                             locked=warnings is not None,
                             warnings=warnings[k] if warnings is not None else ()))
    if sort:
        made.sort(key=lambda f: (f.sites[0], -f.hours_by_area[f.areas[0]], f.title,
                                 f.task_ids))
    return [replace(f, function_id=f"F{k:02d}") for k, f in enumerate(made, start=start)]


def _boards(inventory: Inventory) -> dict[str, str]:
    """Site id -> board name ("" when unknown)."""
    frame = inventory.sites.frame
    boards = frame["board"] if "board" in frame.columns else [""] * len(frame)
    return {str(s): str(b or "") for s, b in zip(frame["site"], boards, strict=True)}


def _check_locked(problem: _Problem, locked: Sequence[Sequence[str]]
                  ) -> tuple[list[frozenset[int]], list[tuple[str, ...]]]:
    """Validate locked task groups: hard errors raise, soft rule breaks become warnings."""
    from matcher.errors import InputError, Problem

    index = {t.task_id: i for i, t in enumerate(problem.tasks)}
    p = problem.params
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    groups: list[frozenset[int]] = []
    warnings: list[tuple[str, ...]] = []
    for k, group in enumerate(locked, start=1):
        where = f"vergrendelde functie {k}"
        ids = [str(x) for x in group]
        if not ids:
            problems.append(Problem("<vergrendeld>", None, where, "bevat geen taken."))
            continue
        for task_id in ids:
            if task_id not in index:
                problems.append(Problem("<vergrendeld>", None, where,
                                        "noemt een taak die niet in de inventaris staat.",
                                        task_id))
            elif task_id in seen:
                problems.append(Problem("<vergrendeld>", None, where,
                                        f"bevat een taak die al in vergrendelde functie "
                                        f"{seen[task_id]} zit.", task_id))
            else:
                seen[task_id] = k
        members = frozenset(index[x] for x in ids if x in index)
        if not members:
            continue
        schedule = problem.schedule(members)
        if isinstance(schedule, ScheduleError):
            problems.append(Problem("<vergrendeld>", None, where,
                                    f"vormt geen werkbare week: {schedule}."))
            continue
        tasks = [problem.tasks[i] for i in members]
        hours = sum(t.hours for t in tasks)
        notes = []
        if not p.min_hours - 1e-9 <= hours <= p.max_hours + 1e-9:
            notes.append(f"{hours:.2f} u valt buiten de band {p.min_hours:g}-{p.max_hours:g} u"
                         .replace(".", ","))
        if len({t.area for t in tasks}) > p.max_areas:
            notes.append(f"meer dan {p.max_areas} gebieden")
        levels = [t.level for t in tasks]
        if max(levels) - min(levels) > p.max_level_spread:
            notes.append(f"niveauverschil groter dan {p.max_level_spread}")
        if len({t.site for t in tasks}) > p.max_sites:
            notes.append(f"meer dan {p.max_sites} locaties")
        if any(not t.carvable for t in tasks):
            notes.append("bevat een taak die als niet carveerbaar is gemarkeerd")
        groups.append(members)
        warnings.append(tuple(notes))
    if problems:
        raise InputError(problems)
    return groups, warnings


def carve_baseline(inventory: Inventory, params: CarveParams | None = None) -> Carving:
    """What a spreadsheet user would do: per area, fill functions with tasks in file order.

    Tasks of one area are taken in inventory order and added to the current function while
    it stays under the target and within the hard rules; otherwise a new function starts.
    Functions that end below the band are not offered. Used as the benchmark baseline.
    """
    params = params or CarveParams()
    tasks = list(inventory.tasks)
    problem = _Problem(tasks, inventory.sites.travel_minutes(), params, _boards(inventory))
    groups: list[set[int]] = []
    for area in AREAS:
        current: set[int] = set()
        for i, t in enumerate(tasks):
            if t.area != area or not t.carvable:
                continue
            trial = frozenset(current | {i})
            hours = sum(problem.hours[j] for j in trial)
            if hours <= params.target_hours + 1e-9 and problem.violation(trial) is None:
                current.add(i)
                continue
            if current:
                groups.append(current)
            current = {i} if problem.violation(frozenset({i})) is None else set()
        if current:
            groups.append(current)
    kept = [g for g in groups if sum(problem.hours[i] for i in g) >= params.min_hours - 1e-9]
    functions = _make_functions(problem, kept)
    owner = {t.task_id: f.function_id for f in functions for t in f.tasks}
    rows = [{"task_id": t.task_id, "function_id": owner.get(t.task_id, ""),
             "hours_per_week": t.hours,
             "reason_code": "placed" if t.task_id in owner else "baseline_unplaced",
             "reason": "" if t.task_id in owner else "niet geplaatst door de basismethode"}
            for t in tasks]
    objective = sum(_final_value(problem, g) for g in kept)
    return Carving(tuple(functions), pd.DataFrame(rows), inventory, params, objective)


def level_label(level: int) -> str:
    """Dutch name of a level: ``2 (eenvoudig)``."""
    return f"{level} ({LEVEL_NAMES_NL[level]})"


def area_labels(areas: Iterable[str]) -> str:
    """Dutch labels of areas joined with ``, ``."""
    return ", ".join(AREA_LABELS_NL[a] for a in areas)


def _is_finite(x: float) -> bool:
    return math.isfinite(x)
