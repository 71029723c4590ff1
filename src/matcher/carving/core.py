"""Carving: partition a task inventory into coherent functions of about 25.5 hours.

The objective and the hard rules are written down in ``docs/carving.md``; in short:

* **Hard rules** for every function: hours within ``[min_hours, max_hours]``; at most
  ``max_areas`` areas, a level spread of at most ``max_level_spread`` and at most
  ``max_sites`` sites; a workable week (:mod:`matcher.carving.week`: no overlapping fixed tasks,
  travel time between sites, at most ``max_hours_per_day``).
* **Objective** (maximised): the sum over functions of
  ``hours * (1 - coherence_weight * (1 - coherence)) - target_weight * |hours - target|``.
  Carved hours dominate; among equal hours, coherent functions near the target win.
* **Coherence** of a function in [0, 1]: ``0.5 * area purity + 0.25 * level purity +
  0.25 * site purity``, each the share of hours in the function's main area, level or site.

Solvers (``CarveParams.method``, described in ``docs/carving.md``): ``"exact"`` enumerates
every feasible function and solves the set packing with HiGHS; ``"heuristic"`` generates
candidate functions (greedy growth by affinity, then column generation on the selection
LP's duals), selects a packing by MILP, polishes it by local search and re-carves
neighbourhoods exactly; large boards are carved in blocks of nearby sites (on several
processes) and repaired across blocks. Every task ends either in a function or in the
allocation table with a reason; nothing is dropped.
"""

from __future__ import annotations

import contextlib
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd

from matcher.carving.week import (
    Schedule,
    ScheduleParams,
    TravelTable,
    build_schedule,
    fixed_conflict,
)
from matcher.errors import ScheduleError
from matcher.inputs.schema import AREAS
from matcher.model import Inventory, Task
from matcher.text.format import format_days
from matcher.text.labels import AREA_LABELS_NL, LEVEL_NAMES_NL

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
        ``"exact"``: a proven-optimal carving. Small inventories (every feasible function
        enumerated within ``exact_max_columns`` sets) get one set-packing MILP; larger ones
        the heuristic's carving as incumbent, then column generation, a walk over every
        function whose reduced cost lies within the gap and a branch and bound over them
        (:mod:`matcher.carving.exact`); refused when that stops at ``exact_work`` or
        ``exact_max_sets``. ``"heuristic"``: candidate generation, column generation,
        MILP selection, local search and large-neighbourhood search. ``"auto"``: exact
        for at most ``exact_max_tasks`` carvable tasks when it finishes within its limits
        (else the heuristic's carving, improved by whatever the exact search found),
        heuristic above, up to ``exact_improve_tasks`` followed by the exact method's
        first stage ["auto"].
    exact_max_tasks
        Largest pool of carvable tasks ``"auto"`` tries the exact method on [40].
    exact_improve_tasks
        Largest pool on which ``"auto"``, above ``exact_max_tasks``, follows the heuristic
        with the exact method's first stage (column generation priced by growth, subset-row
        cuts, the best packing of the generated functions): a better carving in seconds,
        not a proof [40].
    exact_max_columns
        Most task sets the full enumeration of the exact method may visit; above it the
        exact method prices and walks the gap instead [20,000].
    exact_work
        Most task sets the exact method's walks may visit plus ten per branch-and-bound
        node, over all its starts (a work limit: the same on every machine; about 1-2 s
        per million on one core with the weeks built and the LPs solved on the way, so up
        to about 1-1.5 minutes on a 36-40 task school it cannot prove) [40,000,000].
    exact_max_sets
        Most functions the exact method may list inside the gap [1,000,000].
    exact_starts
        Starts of the heuristic (seeds ``seed``, ``seed + 1``, ...) the exact method may
        use as incumbent: a further start runs only while optimality is not proven, and
        the exact search is repeated only when it carves more than the best so far [3].
    lns_rounds
        Rounds of re-carving up to three related functions plus left-over tasks after
        the heuristic (large-neighbourhood search, each sub-problem solved exactly over
        generated columns) [12].
    lns_max_tasks
        Neighbourhoods of at most this many tasks also get every feasible function
        enumerated [12].
    lns_size
        Most tasks in one neighbourhood (freed functions plus left-overs) [36].
    lns_functions
        Most functions freed in one neighbourhood [3].
    lns_patience
        Rounds without improvement after which the neighbourhood search stops [4].
    price_rounds
        Rounds of column generation: functions grown by marginal value minus the
        selection LP's dual prices of their tasks, added when their reduced cost is
        positive [2].
    lns_enumerate
        Most sets the full enumeration may visit when a small inventory (at most
        ``lns_size`` tasks) is re-carved whole by the neighbourhood search [30,000].
    select_columns
        Most candidate functions the heuristic's selection MILP sees; above it, those with
        the best reduced cost under the selection LP's duals [700].
    block_tasks
        Inventories (or parts no function can cross: boards when ``max_boards`` is 1,
        sites when ``max_sites`` is 1) with more carvable tasks than this are carved in
        blocks of nearby sites, then repaired across blocks [300].
    select_nodes
        Branch-and-bound nodes the heuristic's selection MILPs may explore (a work
        limit, so the result stays the same on any machine); the best packing found is
        then improved by the local and neighbourhood search [300].
    select_gap
        Relative gap between the best packing and the bound at which the heuristic's
        selection MILP over all candidates stops (``0``: HiGHS's default, 0.01%). HiGHS
        finds its packing early and spends most of its time proving it, while the local
        and neighbourhood search change the packing anyway; the smaller MILPs of the
        neighbourhood search keep the default [0.01].
    time_budget
        Seconds the whole heuristic may take (``None``: no limit). Every phase stops at
        its share of it; when it binds, the result can depend on the machine's speed, so
        leave it unset where results must be reproducible [None].
    workers
        Processes that carve the blocks of a large inventory side by side (1: all in
        this process; forked, and only from a single-threaded process); the result is
        the same for any number [2].
    schedule
        Rules for a workable week (:class:`matcher.carving.week.ScheduleParams`).
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
    exact_max_tasks: int = 40
    exact_improve_tasks: int = 40
    exact_max_columns: int = 20_000
    exact_work: int = 40_000_000
    exact_max_sets: int = 1_000_000
    exact_starts: int = 3
    lns_rounds: int = 12
    lns_max_tasks: int = 12
    lns_size: int = 36
    price_rounds: int = 2
    select_columns: int = 700
    block_tasks: int = 300
    time_budget: float | None = None
    select_nodes: int = 300
    select_gap: float = 0.01
    lns_functions: int = 3
    lns_patience: int = 4
    lns_enumerate: int = 30_000
    workers: int = 2
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
        if self.idle_weight < 0 or self.site_weight < 0 or self.time_limit <= 0 or \
                self.select_nodes < 1:
            raise ValueError("CarveParams needs idle_weight >= 0, site_weight >= 0, "
                             "time_limit > 0 and select_nodes >= 1.")
        if self.method not in ("auto", "exact", "heuristic"):
            raise ValueError("CarveParams.method must be 'auto', 'exact' or 'heuristic'. "
                             f"Got {self.method!r}.")
        if self.iterations < 0 or self.restarts < 1:
            raise ValueError("CarveParams needs iterations >= 0 and restarts >= 1.")
        if self.time_budget is not None and self.time_budget <= 0:
            raise ValueError("CarveParams.time_budget must be positive (or None). "
                             f"Got {self.time_budget}.")
        if self.exact_work < 1 or self.exact_max_sets < 1 or self.exact_max_columns < 1 or \
                self.exact_max_tasks < 0 or self.exact_starts < 1 or self.exact_improve_tasks < 0:
            raise ValueError("CarveParams needs exact_work, exact_max_sets, exact_max_columns "
                             "and exact_starts >= 1 and exact_max_tasks, exact_improve_tasks "
                             ">= 0.")
        if self.select_columns < 1 or self.block_tasks < 10 or self.lns_size < 2 or \
                self.workers < 1 or not 0 <= self.select_gap < 1:
            raise ValueError("CarveParams needs select_columns >= 1, block_tasks >= 10, "
                             "lns_size >= 2, workers >= 1 and select_gap in [0, 1).")


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
        from matcher.text.format import format_time
        from matcher.text.labels import DAY_NAMES_NL

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
        self._arrays_built = False
        #: Pools walked by :func:`_enumerate_columns`: sets visited (more than the limit
        #: when it stopped) and the feasible sets found (``None`` when it stopped).
        self.enumerated: dict[frozenset[int], tuple[int, list[frozenset[int]] | None]] = {}
        #: The forked growth process while :func:`_growth_worker` is open.
        self.grower: Executor | None = None

    def _build_arrays(self) -> None:
        """Integer codes of area, site, level, role and board per task, for vector scoring."""
        if self._arrays_built:
            return
        import numpy as np

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

    def _value(self, members: frozenset[int], with_idle: bool = True) -> float:
        if not members:
            return 0.0
        p = self.params
        hours = sum(self.hours[i] for i in members)
        if hours < p.min_hours - 1e-9:
            return 0.0
        coherence = _coherence([(self.tasks[i].area, self.tasks[i].level, self.tasks[i].site,
                                 self.hours[i]) for i in members])
        idle = 0.0
        if with_idle:
            schedule = self.schedule(members)
            idle = schedule.idle_minutes() / 60 if isinstance(schedule, Schedule) else 0.0
        n_sites = len({self.tasks[i].site for i in members})
        return (hours * (1 - p.coherence_weight * (1 - coherence))
                - p.target_weight * abs(hours - p.target_hours) - p.idle_weight * idle
                - p.site_weight * (n_sites - 1))


def _grow(problem: _Problem, seed: int, free: set[int], rng: random.Random,
          noise: float, duals: Sequence[float] | None = None,
          noise_seed: int | None = None) -> list[frozenset[int]]:
    """Grow one function from a seed task; return every in-band state passed on the way.

    Every free task that fits the hour cap is scored; the best twelve are tried in order
    and the first that keeps every hard rule (:meth:`_Problem.violation`) joins, the
    others are not tried again from this seed.

    * Without ``duals`` (candidate generation) the score is the *affinity* with the
      members: 3 for a shared area, 2 for a shared site (else 1.5 for a site within 30
      minutes, 0.8 within 60), 1.5 for a shared level, 0.5 for a shared current role,
      minus half the hours it would go over the target, plus ``noise`` times a uniform
      draw. Growth stops at the target.
    * With ``duals`` (pricing in column generation) only tasks that keep the cheap
      rules (areas, level spread, sites, boards, fixed-time conflicts) are scored, by
      their marginal :meth:`_Problem.value_bound` minus their dual price; growth goes on
      past the target while a task still scores above zero, up to ``max_hours``.

    The noise generator is seeded with ``noise_seed`` when given, else with a draw from
    ``rng`` (made only when some other free task exists, see :func:`_noise_seeds`).
    """
    import numpy as np

    problem._build_arrays()
    p = problem.params
    members = {seed}
    hours = problem.hours[seed]
    found: list[frozenset[int]] = []
    cand = np.array(sorted(free), dtype=np.int64)
    cand = cand[cand != seed]
    level = int(problem.level_arr[seed])
    if duals is not None:
        if p.max_boards == 1:
            cand = cand[problem.board_code[cand] == problem.board_code[seed]]
        cand = cand[np.abs(problem.level_arr[cand] - level) <= p.max_level_spread]
    if not len(cand):
        return found
    c_hours = problem.np_hours[cand]
    c_area = problem.area_code[cand]
    c_site = problem.site_code[cand]
    c_level = problem.level_arr[cand]
    c_role = problem.role_code[cand]
    c_board = problem.board_code[cand]
    c_dual = None if duals is None else np.asarray(duals, dtype=float)[cand]
    alive = np.ones(len(cand), dtype=bool)
    area_h = np.zeros(problem.n_areas)
    level_h = np.zeros(int(problem.level_arr.max()) + 1)
    site_h = np.zeros(len(problem.site_names))
    role_in = np.zeros(problem.n_roles, dtype=bool)
    board_in = np.zeros(problem.n_board_codes, dtype=bool)
    site_best = np.zeros(len(cand))
    position = np.full(len(problem.tasks), -1, dtype=np.int64)
    position[cand] = np.arange(len(cand))
    lo, hi = level, level

    def join(i: int) -> None:
        nonlocal site_best, lo, hi
        area_h[problem.area_code[i]] += problem.hours[i]
        level_h[problem.level_arr[i]] += problem.hours[i]
        site_h[problem.site_code[i]] += problem.hours[i]
        role_in[problem.role_code[i]] = True
        board_in[problem.board_code[i]] = True
        lo, hi = min(lo, int(problem.level_arr[i])), max(hi, int(problem.level_arr[i]))
        site_best = np.maximum(site_best, problem.site_score[problem.site_code[i], c_site])
        for j in (i, *(problem.conflict[i] if c_dual is not None else ())):
            k = position[j]
            if k >= 0:
                alive[k] = False

    def potential(h: np.ndarray | float, a: np.ndarray | float, lv: np.ndarray | float,
                  st: np.ndarray | float, n_sites: np.ndarray | float) -> np.ndarray | float:
        """value_bound as a function of hours, main area/level/site hours and sites."""
        return (h * (1 - p.coherence_weight)
                + p.coherence_weight * (0.5 * a + 0.25 * lv + 0.25 * st)
                - p.target_weight * np.abs(h - p.target_hours) - p.site_weight * (n_sites - 1))

    join(seed)
    noise_rng = None
    if noise > 0:
        noise_rng = np.random.default_rng(
            rng.getrandbits(63) if noise_seed is None else noise_seed)
    while hours < p.max_hours - 1e-9:
        ok = alive & (c_hours + hours <= p.max_hours + 1e-9)
        n_sites = int((site_h > 0).sum())
        if c_dual is not None:
            # pricing: only tasks that keep the cheap rules compete
            if int((area_h > 0).sum()) >= p.max_areas:
                ok &= area_h[c_area] > 0
            ok &= (np.maximum(hi, c_level) - np.minimum(lo, c_level)) <= p.max_level_spread
            if n_sites >= p.max_sites:
                ok &= site_h[c_site] > 0
            if int(board_in.sum()) >= p.max_boards:
                ok &= board_in[c_board]
        idx = np.flatnonzero(ok)
        if not len(idx):
            break
        if c_dual is None:
            over = np.maximum(0.0, hours + c_hours[idx] - p.target_hours)
            score = (3.0 * (area_h[c_area[idx]] > 0) + site_best[idx]
                     + 1.5 * (level_h[c_level[idx]] > 0) + 0.5 * role_in[c_role[idx]]
                     - 0.5 * over)
            if noise_rng is not None:
                score = score + noise * noise_rng.random(len(idx))
        else:
            h = c_hours[idx]
            now = potential(hours, area_h.max(), level_h.max(), site_h.max(), n_sites)
            new_sites = n_sites + (site_h[c_site[idx]] == 0)
            then = potential(hours + h, np.maximum(area_h.max(), area_h[c_area[idx]] + h),
                             np.maximum(level_h.max(), level_h[c_level[idx]] + h),
                             np.maximum(site_h.max(), site_h[c_site[idx]] + h), new_sites)
            score = then - now - c_dual[idx]
            if hours >= p.min_hours - 1e-9:
                keep = score > 1e-9
                if not keep.any():
                    break
                idx, score = idx[keep], score[keep]
        top = idx[np.lexsort((-cand[idx], -score))[:12]]
        added = False
        for k in top:
            i = int(cand[k])
            trial = frozenset(members | {i})
            if problem.violation(trial) is None:
                members.add(i)
                hours += problem.hours[i]
                join(i)
                added = True
                break
            alive[k] = False
        if not added:
            break
        if hours >= p.min_hours - 1e-9:
            found.append(frozenset(members))
            if c_dual is None and hours >= p.target_hours - 0.25:
                break
    return found


#: Growth from at least this many seeds runs half on a forked second process.
PARALLEL_SEEDS = 48

#: The problem a forked growth worker inherits (set only while the worker is forked).
_FORKED_PROBLEM: _Problem | None = None


def _noise_seeds(seeds: Sequence[int], free: set[int], rng: random.Random, noise: float
                 ) -> list[int | None]:
    """The noise seed of every growth, drawn from ``rng`` in seed order exactly as
    :func:`_grow` would draw them one growth after the other (no draw without noise or
    without another free task)."""
    return [rng.getrandbits(63) if noise > 0 and len(free) > (s in free) else None
            for s in seeds]


def _grow_many(problem: _Problem, seeds: Sequence[int], free: set[int],
               draws: Sequence[int | None], noise: float,
               duals: Sequence[float] | None) -> list[list[frozenset[int]]]:
    """Growth chains from ``seeds`` (with their noise seeds ``draws``), in order."""
    dummy = random.Random(0)  # never drawn from: every noise seed is given
    return [_grow(problem, s, free, dummy, noise, duals, noise_seed=d)
            for s, d in zip(seeds, draws, strict=True)]


def _grow_job(job: tuple) -> tuple[list[list[frozenset[int]]],  # type: ignore[type-arg]
                                   dict[frozenset[int], float]]:
    """Growth in a forked worker: the chains and the value of every in-band state."""
    seeds, free, draws, noise, duals = job
    problem = _FORKED_PROBLEM
    assert problem is not None
    chains = _grow_many(problem, seeds, free, draws, noise, duals)
    return chains, {c: problem.value(c) for chain in chains for c in chain}


def _can_fork_growth(problem: _Problem, n_seeds: int) -> bool:
    """Whether growth from ``n_seeds`` seeds is split over a forked second process: only
    with ``workers`` > 1, enough seeds, from the main process (never from a block
    worker) and when forking is safe (:func:`_can_fork`)."""
    import multiprocessing

    return problem.params.workers > 1 and n_seeds >= PARALLEL_SEEDS and \
        multiprocessing.parent_process() is None and _can_fork()


@contextlib.contextmanager
def _growth_worker(problem: _Problem, n_seeds: int) -> Iterator[None]:
    """While open, :func:`_grow_all` grows every second seed on one forked process.

    The process is forked once and kept, so the weeks it builds stay in its cache from
    one round of growth to the next (the seeds are split the same way every round).
    Does nothing when :func:`_can_fork_growth` says no.
    """
    if problem.grower is not None or not _can_fork_growth(problem, n_seeds):
        yield
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _FORKED_PROBLEM
    _FORKED_PROBLEM = problem
    try:
        with ProcessPoolExecutor(max_workers=1,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            # fork now, while this process is still single-threaded and the problem set
            pool.submit(int).result()
            problem.grower = pool
            try:
                yield
            finally:
                problem.grower = None
    finally:
        _FORKED_PROBLEM = None


def _grow_all(problem: _Problem, seeds: Sequence[int], free: set[int], rng: random.Random,
              noise: float, duals: Sequence[float] | None = None
              ) -> list[list[frozenset[int]]]:
    """:func:`_grow` from every seed in order: the same chains as growing one after the
    other, but inside :func:`_growth_worker` (and with at least ``PARALLEL_SEEDS``
    seeds) every second seed grows on the forked process while this one grows the
    others; the values of the states it finds join this process's cache."""
    draws = _noise_seeds(seeds, free, rng, noise)
    pool = problem.grower
    if pool is None or len(seeds) < PARALLEL_SEEDS:
        return _grow_many(problem, seeds, free, draws, noise, duals)
    from concurrent.futures.process import BrokenProcessPool

    job = (list(seeds[1::2]), free, list(draws[1::2]), noise, duals)
    try:
        future = pool.submit(_grow_job, job)
    except (BrokenProcessPool, RuntimeError):  # the worker died earlier: grow here
        future = None
    mine = _grow_many(problem, seeds[0::2], free, draws[0::2], noise, duals)
    try:
        if future is None:
            raise BrokenProcessPool
        theirs, values = future.result()
    except BrokenProcessPool:  # the worker died (e.g. out of memory): same chains here
        theirs, values = _grow_many(problem, job[0], free, job[2], noise, duals), {}
    for members, value in values.items():
        problem.remember_value(members, value)
    return [mine[k // 2] if k % 2 == 0 else theirs[k // 2] for k in range(len(seeds))]


def _undominated(problem: _Problem, chain: list[frozenset[int]]) -> list[frozenset[int]]:
    """States of one growth chain (each a superset of the last) worth more than all before.

    A superset worth no more than one of its subsets is never needed in a packing.
    """
    kept = []
    best = -math.inf
    for column in chain:
        value = problem.value(column)
        if value > best + 1e-9:
            kept.append(column)
            best = value
    return kept


def _generate_columns(problem: _Problem, pool: list[int], rng: random.Random,
                      budget: _Budget | None = None) -> list[frozenset[int]]:
    """Candidate functions: seeded greedy growth from every task, with random variation.

    ``restarts`` rounds over every task as a seed, the first without noise; rounds after
    the first are skipped once a quarter of the time budget is used.
    """
    free = set(pool)
    columns: set[frozenset[int]] = set()
    rounds = problem.params.restarts
    for r in range(rounds):
        if r and budget is not None and budget.over(0.25):
            break
        seeds = sorted(pool, key=lambda i: (-problem.hours[i], i))
        for chain in _grow_all(problem, seeds, free, rng, noise=0.0 if r == 0 else 2.5):
            columns.update(_undominated(problem, chain))
    return sorted(columns, key=lambda c: sorted(c))


def _lp_duals(problem: _Problem, columns: Sequence[frozenset[int]]) -> tuple[float, list[float]]:
    """The set-packing LP over ``columns``: its optimum and the dual price of every task."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import csr_array

    n = len(problem.tasks)
    if not columns:
        return 0.0, [0.0] * n
    values = np.array([problem.value(c) for c in columns])
    rows = [i for c in columns for i in c]
    cols = [k for k, c in enumerate(columns) for _ in c]
    matrix = csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, len(columns)))
    result = linprog(-values, A_ub=matrix, b_ub=np.ones(n), bounds=(0, None), method="highs")
    if result.status != 0:
        return 0.0, [0.0] * n
    return float(-result.fun), [float(-m) for m in result.ineqlin.marginals]


def _price_columns(problem: _Problem, pool: list[int], columns: list[frozenset[int]],
                   rounds: int, rng: random.Random, budget: _Budget | None = None
                   ) -> list[frozenset[int]]:
    """Column generation: add functions with a positive reduced cost under the LP duals.

    Each round solves the selection LP over the columns so far, then grows a function
    from every task by marginal value minus dual price (:func:`_grow` with ``duals``) and
    adds every in-band state whose value exceeds the sum of its tasks' duals. Stops when a
    round adds nothing. This tightens the LP and gives the selection MILP the functions
    that combine well, which greedy growth by affinity alone misses.
    """
    free = set(pool)
    known = set(columns)
    out = list(columns)
    for _ in range(rounds):
        if budget is not None and budget.over(0.4):
            break
        _, duals = _lp_duals(problem, out)
        new: set[frozenset[int]] = set()
        seeds = sorted(pool, key=lambda i: (-problem.hours[i], i))
        for chain in _grow_all(problem, seeds, free, rng, noise=0.0, duals=duals):
            for column in chain:
                if column in known:
                    continue
                if problem.value(column) - sum(duals[i] for i in column) > 1e-6:
                    new.add(column)
        if not new:
            break
        known |= new
        out.extend(sorted(new, key=lambda c: sorted(c)))
    return out


def _select(problem: _Problem, columns: list[frozenset[int]], n_tasks: int,
            exact: bool = False, time_limit: float | None = None, cap: bool = True
            ) -> list[set[int]]:
    """Choose disjoint columns with the highest total value: a set-packing MILP (HiGHS).

    With ``exact`` the MILP sees every column and must prove optimality (else
    :class:`_NotProven`). Otherwise, when there are more than ``select_columns`` columns,
    the MILP sees those with the best reduced cost under the duals of the selection LP
    (every column the LP uses among them), which keeps it small enough to solve, and
    stops at the relative gap ``select_gap`` (with ``cap``) or after ``select_nodes``
    nodes.
    """
    if not columns:
        return []
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csc_array

    most = problem.params.select_columns
    if not exact and cap and len(columns) > most:
        _, duals = _lp_duals(problem, columns)
        reduced = [problem.value(c) - sum(duals[i] for i in c) for c in columns]
        keep = sorted(range(len(columns)), key=lambda k: (-reduced[k], k))[:most]
        columns = [columns[k] for k in sorted(keep)]
    values = np.array([problem.value(c) for c in columns])
    rows = [i for c in columns for i in c]
    cols = [k for k, c in enumerate(columns) for _ in c]
    matrix = csc_array((np.ones(len(rows)), (rows, cols)), shape=(n_tasks, len(columns)))
    p = problem.params
    limit = p.time_limit
    if time_limit is not None:
        limit = max(0.5, min(time_limit, limit))
    options: dict[str, float] = {"time_limit": limit, "disp": False}
    if not exact:
        options["node_limit"] = p.select_nodes
        if cap and p.select_gap > 0:
            options["mip_rel_gap"] = p.select_gap
    result = milp(
        -values, integrality=np.ones(len(columns)), bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, 0, 1),
        options=options,
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
            rng: random.Random, budget: _Budget | None = None) -> None:
    """Local search: insert leftovers, relocate and swap tasks while the objective improves.

    Functions stay inside the band and every hard rule holds after every move.
    """
    moves_left = problem.params.iterations
    values = [problem.value(frozenset(f)) for f in functions]
    # hours of every function, so a move that leaves the band is skipped before any set
    # is built (the same moves as checking the sets, only cheaper)
    low = problem.params.min_hours - 1e-9
    high = problem.params.max_hours + 1e-9
    task_hours = problem.hours
    sizes = [sum(task_hours[i] for i in f) for f in functions]

    def quick_ok(members: frozenset[int]) -> bool:
        hours = sum(problem.hours[i] for i in members)
        return (problem.params.min_hours - 1e-9 <= hours and
                problem.quick_violation(members) is None)

    def ok(members: frozenset[int]) -> bool:
        return quick_ok(members) and problem.violation(members) is None

    improved = True
    while improved and moves_left > 0 and not (budget is not None and budget.over()):
        improved = False
        moves = [(i, -1) for i in sorted(left)]
        moves += [(i, a) for a, f in enumerate(functions) for i in sorted(f)]
        rng.shuffle(moves)
        for i, a in moves:
            if moves_left <= 0:
                break
            if (a < 0 and i not in left) or (a >= 0 and i not in functions[a]):
                continue
            if a >= 0:
                if sizes[a] - task_hours[i] < low:
                    continue
                source = frozenset(functions[a] - {i})
                if not ok(source):
                    continue
                base_gain = problem.value(source) - values[a]
            else:
                base_gain = 0.0
            best_gain, best_target = 1e-9, -2
            h_i = task_hours[i]
            for b, target in enumerate(functions):
                if b == a:
                    continue
                moves_left -= 1
                if not low <= sizes[b] + h_i <= high:
                    continue
                joined = frozenset(target | {i})
                if not quick_ok(joined):
                    continue
                if base_gain + problem.value_bound(joined) - values[b] <= best_gain:
                    continue
                gain = base_gain + problem.value(joined) - values[b]
                if gain > best_gain and ok(joined):
                    best_gain, best_target = gain, b
            if best_target == -2:
                continue
            if a >= 0:
                functions[a].discard(i)
                values[a] = problem.value(frozenset(functions[a]))
                sizes[a] = sum(task_hours[k] for k in functions[a])
            else:
                left.discard(i)
            functions[best_target].add(i)
            values[best_target] = problem.value(frozenset(functions[best_target]))
            sizes[best_target] = sum(task_hours[k] for k in functions[best_target])
            improved = True
        # swaps: a task in a function against a task in another function or the leftovers
        for a in rng.sample(range(len(functions)), len(functions)):
            for i in sorted(functions[a]):
                if moves_left <= 0 or i not in functions[a]:
                    break
                others = [(b, j) for b, f in enumerate(functions) if b != a for j in f]
                others += [(-1, j) for j in left]
                h_i = task_hours[i]
                for b, j in others:
                    if abs(h_i - task_hours[j]) < 1e-9 and \
                            problem.tasks[i].area == problem.tasks[j].area and \
                            problem.tasks[i].site == problem.tasks[j].site:
                        continue
                    moves_left -= 1
                    if not low <= sizes[a] - h_i + task_hours[j] <= high or \
                            (b >= 0 and not low <= sizes[b] - task_hours[j] + h_i <= high):
                        continue
                    new_a = frozenset((functions[a] - {i}) | {j})
                    if not quick_ok(new_a):
                        continue
                    new_b = frozenset((functions[b] - {j}) | {i}) if b >= 0 else new_a
                    if b >= 0 and not quick_ok(new_b):
                        continue
                    bound = problem.value_bound(new_a) - values[a]
                    if b >= 0:
                        bound += problem.value_bound(new_b) - values[b]
                    if bound <= 1e-9:
                        continue
                    gain = problem.value(new_a) - values[a]
                    if b >= 0:
                        gain += problem.value(new_b) - values[b]
                    if gain <= 1e-9 or not ok(new_a) or (b >= 0 and not ok(new_b)):
                        continue
                    functions[a] = set(new_a)
                    values[a] = problem.value(new_a)
                    sizes[a] = sum(task_hours[k] for k in new_a)
                    if b >= 0:
                        functions[b] = set(new_b)
                        values[b] = problem.value(new_b)
                        sizes[b] = sum(task_hours[k] for k in new_b)
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

    Remembered per pool on the problem: asking again (e.g. the heuristic's whole re-carve
    after ``"auto"`` tried the exact method) reuses the sets, or raises at once when an
    earlier walk already visited more than ``limit`` sets.
    """
    key = frozenset(pool)
    known = problem.enumerated.get(key)
    if known is not None:
        visited_before, columns = known
        if columns is not None and visited_before <= limit:
            return list(columns)
        if visited_before > limit:
            raise _TooMany
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
                problem.enumerated[key] = (visited, None)
                raise _TooMany
            if total >= p.min_hours - 1e-9 and problem.violation(trial) is None:
                found.append(trial)
            extend((*members, i), total, pos + 1)

    extend((), 0.0, 0)
    problem.enumerated[key] = (visited, found)
    return list(found)


class _Budget:
    """The wall-clock budget shared by the phases of the heuristic (none by default)."""

    def __init__(self, seconds: float | None) -> None:
        self.start = time.monotonic()
        self.seconds = seconds

    def over(self, share: float = 1.0) -> bool:
        """Whether ``share`` of the budget is used up (never without a budget)."""
        return self.seconds is not None and \
            time.monotonic() - self.start > share * self.seconds

    def left(self, share: float = 1.0) -> float | None:
        """Seconds until ``share`` of the budget is used (``None`` without a budget)."""
        if self.seconds is None:
            return None
        return max(0.0, share * self.seconds - (time.monotonic() - self.start))


def _solve(problem: _Problem, pool: list[int], warm: Sequence[frozenset[int]] = ()
           ) -> tuple[list[set[int]], float, str]:
    """Carve the pool: exactly when the method and size allow, else by the heuristic."""
    p = problem.params
    method = p.method
    exact = method == "exact" or (method == "auto" and len(pool) <= p.exact_max_tasks)
    if exact:
        # small enumerations: every feasible function and one set-packing MILP
        try:
            columns = _enumerate_columns(problem, pool, p.exact_max_columns)
            functions = _select(problem, columns, len(problem.tasks), exact=True)
            return functions, sum(problem.value(frozenset(f)) for f in functions), "exact"
        except (_TooMany, _NotProven):
            pass  # too many functions: prices and the gap (carve_exact) after the heuristic
    budget = _Budget(p.time_budget)
    rng = random.Random(p.seed)
    functions = _heuristic(problem, pool, rng, budget, warm)
    value = sum(problem.value(frozenset(f)) for f in functions)
    warm_value = sum(problem.value(g) for g in warm)
    if value < warm_value - 1e-9:
        # never below the warm start: keep it, improved by local search only
        functions = [set(g) for g in warm]
        _polish(problem, functions, set(pool) - {i for g in warm for i in g}, rng)
        value = sum(problem.value(frozenset(f)) for f in functions)
    if method == "auto" and not exact and len(pool) <= p.exact_improve_tasks:
        from matcher.carving.exact import solve_exact

        result = solve_exact(problem, pool, _in_band(problem, functions), work=p.exact_work,
                             prove=False)
        if result.value > value + 1e-9:
            functions, value = [set(f) for f in result.functions], result.value
    if exact:
        from matcher.carving.exact import solve_exact

        work = p.exact_work  # shared by every start
        for start in range(p.exact_starts):
            if work <= 0:
                break
            if start:
                # not proven: the gap was too wide; another start of the heuristic may
                # narrow it (small inventories vary a lot between seeds)
                again = _heuristic(problem, pool, random.Random(p.seed + start), budget, warm)
                again_value = sum(problem.value(frozenset(f)) for f in again)
                if again_value <= value + 1e-9:
                    continue
                functions, value = again, again_value
            result = solve_exact(problem, pool, _in_band(problem, functions), work=work,
                                 max_sets=p.exact_max_sets)
            work -= result.work
            if result.proven:
                return [set(f) for f in result.functions], result.value, "exact"
            if result.value > value + 1e-9:
                functions, value = [set(f) for f in result.functions], result.value
        if method == "exact":
            raise ValueError(
                "The exact method did not prove this carving optimal within its limits "
                f"(exact_work={p.exact_work:,} sets visited plus ten per branch-and-bound node, "
                f"exact_max_sets={p.exact_max_sets:,} functions in the gap): use "
                "method='heuristic' or raise them.")
    return functions, value, "heuristic"


def _in_band(problem: _Problem, functions: Sequence[set[int]]) -> list[frozenset[int]]:
    """The functions in the hour band (an incumbent for the exact method)."""
    low = problem.params.min_hours - 1e-9
    return [frozenset(f) for f in functions if sum(problem.hours[i] for i in f) >= low]


def _heuristic(problem: _Problem, pool: list[int], rng: random.Random, budget: _Budget,
               warm: Sequence[frozenset[int]]) -> list[set[int]]:
    """Carve every independent part; large parts in blocks of nearby sites plus repair."""
    p = problem.params
    functions: list[set[int]] = []
    for part in _components(problem, pool):
        if len(part) <= p.block_tasks:
            functions += _carve_part(problem, part, rng, budget, warm)
            continue
        found = _carve_blocks(problem, _site_blocks(problem, part), budget, warm)
        left = set(part) - {i for f in found for i in f}
        # repair across blocks: left-overs of neighbouring blocks form new functions
        if left:
            free = sorted(left)
            columns = _generate_columns(problem, free, rng, budget)
            found += _select(problem, columns, len(problem.tasks),
                             time_limit=budget.left(0.8))
            left = set(part) - {i for f in found for i in f}
        _polish(problem, found, left, rng, budget)
        _neighbourhoods(problem, part, found, left, rng, budget)
        _polish(problem, found, left, rng, budget)
        functions += found
    return functions


def _carve_blocks(problem: _Problem, blocks: list[list[int]], budget: _Budget,
                  warm: Sequence[frozenset[int]]) -> list[set[int]]:
    """Carve each block on its own (block ``k`` seeded with ``seed + k``), on ``workers``
    forked processes when there are several blocks and forking is safe; the result does
    not depend on where the blocks run."""
    p = problem.params
    jobs = [(block, [g for g in warm if g <= set(block)], p.seed + k)
            for k, block in enumerate(blocks)]
    if p.workers > 1 and len(blocks) > 1 and _can_fork():
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        args = (problem.tasks, dict(problem.travel), p,
                {t.site: b for t, b in zip(problem.tasks, problem.board, strict=True)},
                budget.left())
        with ProcessPoolExecutor(max_workers=min(p.workers, len(blocks)),
                                 mp_context=context) as pool:
            results = list(pool.map(_block_worker, [(*args, *job) for job in jobs]))
        return [set(g) for result in results for g in result]
    found: list[set[int]] = []
    for block, block_warm, seed in jobs:
        found += _carve_part(problem, block, random.Random(seed), budget, block_warm,
                             finish=False)
    return found


def _can_fork() -> bool:
    """Worker processes are forked, and only from a single-threaded process (a fork of a
    threaded one, e.g. a Streamlit server, could deadlock); otherwise blocks run here."""
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and \
        threading.active_count() == 1


def _block_worker(job: tuple) -> list[list[int]]:  # type: ignore[type-arg]
    """Carve one block in a worker process (see :func:`_carve_blocks`)."""
    tasks, travel, params, boards, seconds, block, warm, seed = job
    problem = _Problem(tasks, travel, params, boards)
    budget = _Budget(seconds)
    return [sorted(g) for g in _carve_part(problem, block, random.Random(seed), budget, warm,
                                           finish=False)]


def _carve_part(problem: _Problem, part: list[int], rng: random.Random, budget: _Budget,
                warm: Sequence[frozenset[int]], finish: bool = True) -> list[set[int]]:
    """Generation, column generation, selection, polishing and (``finish``) LNS."""
    p = problem.params
    inside = set(part)
    with _growth_worker(problem, len(part)):
        columns = _generate_columns(problem, part, rng, budget)
        known = set(columns)
        columns += [g for g in warm if g <= inside and g not in known]
        columns = _price_columns(problem, part, columns, p.price_rounds, rng, budget)
    functions = _select(problem, columns, len(problem.tasks), time_limit=budget.left(0.6))
    left = inside - {i for f in functions for i in f}
    _polish(problem, functions, left, rng, budget)
    if finish:
        _neighbourhoods(problem, part, functions, left, rng, budget)
        _polish(problem, functions, left, rng, budget)
    return functions


def _components(problem: _Problem, pool: list[int]) -> list[list[int]]:
    """Parts of the pool that no function can join: boards (``max_boards`` 1), sites
    (``max_sites`` 1); else the whole pool. In order of their first task."""
    p = problem.params
    if p.max_sites == 1:
        key = [problem.tasks[i].site for i in range(len(problem.tasks))]
    elif p.max_boards == 1:
        key = problem.board
    else:
        return [sorted(pool)]
    parts: dict[str, list[int]] = {}
    for i in sorted(pool):
        parts.setdefault(key[i], []).append(i)
    return list(parts.values())


def _site_blocks(problem: _Problem, part: list[int]) -> list[list[int]]:
    """Split a large part into blocks of nearby sites of at most ``block_tasks`` tasks.

    Starting from the site with most tasks, a block takes the nearest other sites (by
    travel time from any of its sites) while it stays within ``block_tasks``; a single
    site larger than that is a block of its own.
    """
    cap = problem.params.block_tasks
    by_site: dict[str, list[int]] = defaultdict(list)
    for i in part:
        by_site[problem.tasks[i].site].append(i)
    todo = sorted(by_site, key=lambda s: (-len(by_site[s]), s))
    blocks: list[list[int]] = []
    while todo:
        block = [todo.pop(0)]
        size = len(by_site[block[0]])
        while todo:
            nearest = min(todo, key=lambda s: (min(problem.travel.get((b, s), math.inf)
                                                   for b in block), s))
            if size + len(by_site[nearest]) > cap:
                break
            block.append(nearest)
            size += len(by_site[nearest])
            todo.remove(nearest)
        blocks.append(sorted(i for s in block for i in by_site[s]))
    return blocks


def _neighbourhoods(problem: _Problem, pool: list[int], functions: list[set[int]],
                    left: set[int], rng: random.Random, budget: _Budget | None = None
                    ) -> None:
    """Large-neighbourhood search: re-carve a few related functions plus left-overs.

    Each round frees one function together with up to two functions that share a site
    with it and the left-over tasks at their sites (at most ``lns_size`` tasks), and
    re-carves that subset: candidate functions grown from every freed task (without and
    with noise), column generation on the subset's LP duals, every feasible function when
    the subset has at most ``lns_max_tasks`` tasks, and the freed functions themselves;
    the set packing over these is solved exactly by HiGHS. A better packing replaces the
    freed functions, so every step keeps all hard rules and the objective never falls.
    At most ``lns_rounds`` rounds, stopping after ``lns_patience`` rounds in a row
    without improvement; deterministic for a seed.
    """
    p = problem.params
    idle_rounds = 0
    tried: set[frozenset[int]] = set()
    for _ in range(p.lns_rounds):
        if not functions or idle_rounds >= p.lns_patience or \
                (budget is not None and budget.over(0.95)):
            return
        if len(pool) <= p.lns_size and not tried:
            # small inventories: the first neighbourhood is everything
            picks = list(range(len(functions)))
            freed = set().union(*functions)
            sub_pool = sorted(pool)
        else:
            picks, freed, sub_pool = _pick_neighbourhood(problem, functions, left, rng)
        key = frozenset(sub_pool)
        if key in tried:
            idle_rounds += 1
            continue
        tried.add(key)
        before = sum(problem.value(frozenset(functions[j])) for j in picks)
        chosen = _recarve(problem, sub_pool, [frozenset(functions[j]) for j in picks], rng,
                          whole=len(sub_pool) == len(pool))
        after = sum(problem.value(frozenset(g)) for g in chosen)
        if after <= before + 1e-9:
            idle_rounds += 1
            continue
        idle_rounds = 0
        for j in sorted(picks, reverse=True):
            del functions[j]
        functions.extend(set(g) for g in chosen)
        left |= freed
        left -= {i for g in chosen for i in g}


def _pick_neighbourhood(problem: _Problem, functions: list[set[int]], left: set[int],
                        rng: random.Random) -> tuple[list[int], set[int], list[int]]:
    """A random function, up to ``lns_functions - 1`` that share a site, and left-overs."""
    p = problem.params
    k = rng.randrange(len(functions))
    sites = {problem.tasks[i].site for i in functions[k]}
    related = [j for j in range(len(functions)) if j != k
               and sites & {problem.tasks[i].site for i in functions[j]}]
    rng.shuffle(related)
    picks = [k]
    size = len(functions[k])
    for j in related:
        if len(picks) >= p.lns_functions:
            break
        if size + len(functions[j]) <= p.lns_size:
            picks.append(j)
            size += len(functions[j])
    freed = set().union(*(functions[j] for j in picks))
    sites = {problem.tasks[i].site for i in freed}
    extra = sorted((i for i in left if problem.tasks[i].site in sites),
                   key=lambda i: (-problem.hours[i], i))
    sub_pool = sorted(freed | set(extra[: max(0, p.lns_size - len(freed))]))
    return picks, freed, sub_pool


def _recarve(problem: _Problem, sub_pool: list[int], current: list[frozenset[int]],
             rng: random.Random, whole: bool = False) -> list[set[int]]:
    """The best packing of ``sub_pool`` found from generated, priced and current columns.

    ``whole`` (a small inventory re-carved as one neighbourhood) tries the full
    enumeration up to ``lns_enumerate`` sets and prices up to ten rounds. The packing
    MILP sees every column and stops after ``select_nodes`` nodes with its best packing.
    """
    p = problem.params
    columns: set[frozenset[int]] = set(current)
    free = set(sub_pool)
    if len(sub_pool) <= p.lns_max_tasks or whole:
        with contextlib.suppress(_TooMany):
            columns.update(_enumerate_columns(
                problem, sub_pool, p.lns_enumerate if whole else 20_000))
    for seed in sub_pool:
        columns.update(_undominated(problem, _grow(problem, seed, free, rng, 0.0)))
    ordered = _price_columns(problem, sub_pool, sorted(columns, key=lambda c: sorted(c)),
                             10 if whole else 1, rng)
    chosen = _select(problem, ordered, len(problem.tasks), cap=False)
    _polish(problem, chosen, free - {i for g in chosen for i in g}, rng)
    return chosen


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
          locked: Sequence[Sequence[str]] = (),
          warm_start: Sequence[Sequence[str]] = ()) -> Carving:
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
    warm_start
        Groups of task ids from an earlier carving (its other functions, e.g. after
        locking some). Every group that is still a valid function (all tasks known,
        carvable, not locked, not in an earlier group, within every hard rule and the
        band) is offered to the heuristic as a candidate and as the incumbent, so the
        result's objective is at least the sum of their values. Invalid groups are
        ignored. The exact method is optimal anyway.

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
    groups, objective, method = _solve(problem, pool, _valid_warm(problem, pool, warm_start))
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


def _valid_warm(problem: _Problem, pool: list[int], warm_start: Sequence[Sequence[str]]
                ) -> list[frozenset[int]]:
    """The warm-start groups that are still valid functions over the pool, in order."""
    index = {t.task_id: i for i, t in enumerate(problem.tasks)}
    free = set(pool)
    out: list[frozenset[int]] = []
    for group in warm_start:
        ids = [str(x) for x in group]
        if not ids or any(x not in index for x in ids):
            continue
        members = frozenset(index[x] for x in ids)
        if len(members) != len(ids) or not members <= free:
            continue
        hours = sum(problem.hours[i] for i in members)
        if hours < problem.params.min_hours - 1e-9 or problem.violation(members) is not None:
            continue
        out.append(members)
        free -= members
    return out


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
