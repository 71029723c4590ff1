"""The result of carving: :class:`Function` (tasks, week, derived properties) and
:class:`Carving` (functions, where every task went and why, summaries and tables)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd

from matcher.carving.params import CarveParams, SolverParams
from matcher.carving.problem import CarveProblem, coherence_of, hours_by
from matcher.carving.titles import function_title
from matcher.carving.week import Schedule
from matcher.model import Inventory, Task, fta
from matcher.text.format import format_days, format_time
from matcher.text.labels import DAY_NAMES_NL

__all__ = ["WORKABILITY_COLUMNS", "Carving", "Function", "make_functions", "week_warnings"]


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
        """Jobs it counts for: hours / 25.5, two decimals (:func:`matcher.model.fta`)."""
        return fta(self.hours)

    @property
    def level(self) -> int:
        """Level of the function: the highest task level (the worker must do every task)."""
        return max(t.level for t in self.tasks)

    @cached_property
    def hours_by_area(self) -> dict[str, float]:
        """Hours per area, largest first."""
        return hours_by((t.area, t.hours) for t in self.tasks)

    @property
    def areas(self) -> tuple[str, ...]:
        """Areas, most hours first."""
        return tuple(self.hours_by_area)

    @cached_property
    def hours_by_site(self) -> dict[str, float]:
        """Hours per site, largest first."""
        return hours_by((t.site, t.hours) for t in self.tasks)

    @property
    def sites(self) -> tuple[str, ...]:
        """Sites, most hours first."""
        return tuple(self.hours_by_site)

    @cached_property
    def hours_by_role(self) -> dict[str, float]:
        """Hours it takes over from each current role (``onbekend`` when not given)."""
        return hours_by((t.current_role or "onbekend", t.hours) for t in self.tasks)

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
        """Coherence in [0, 1] (:func:`matcher.carving.problem.coherence_of`)."""
        return round(coherence_of([(t.area, t.level, t.site, t.hours) for t in self.tasks]), 3)

    @property
    def task_ids(self) -> tuple[str, ...]:
        """Ids of its tasks in inventory order."""
        return tuple(t.task_id for t in self.tasks)

    @cached_property
    def workability(self) -> dict[str, int]:
        """How workable its week is, in minutes and counts (``docs/carving.md``): the most
        site changes on a day and in the week, the shortest flexible block (0: none),
        the most idle minutes on a day and in the week, break and travel minutes a week,
        the spread of the start times, the first start and the last end of any day."""
        s = self.schedule
        changes = s.site_changes_per_day()
        idle = s.idle_per_day()
        spans = s.span_per_day().values()
        return {
            "site_changes_max_day": max(changes.values(), default=0),
            "site_changes_week": sum(changes.values()),
            "shortest_piece": s.shortest_flexible() or 0,
            "idle_max_day": max(idle.values(), default=0),
            "idle_week": sum(idle.values()),
            "break_week": s.break_minutes,
            "travel_week": s.travel_minutes,
            "start_spread": s.start_spread(),
            "first_start": min((lo for lo, _ in spans), default=0),
            "last_end": max((hi for _, hi in spans), default=0),
        }


@dataclass(frozen=True)
class Carving:
    """The result of carving: functions, where every task went and why.

    Attributes
    ----------
    functions
        The functions, ``F01``, ``F02``, ... (locked ones first).
    allocation
        One row per task: task_id, function_id (empty when unplaced), hours_per_week,
        reason_code and the Dutch reason.
    inventory
        The inventory carved.
    params
        The rules and objective it was carved under.
    objective
        The objective's value.
    method
        ``"exact"`` when proven optimal, else ``"heuristic"``.
    solver
        The solver's settings it was carved with.
    budget_cut
        Whether ``solver.time_budget`` cut the search short: the carving is the best found
        in the time (tasks it had no time to examine have reason ``time_budget``).
    deadline
        The :func:`time.monotonic` time the carve had to return by (``None`` without a
        time budget); what follows it under the same budget (relaxations) keeps to it.
    """

    functions: tuple[Function, ...]
    allocation: pd.DataFrame
    inventory: Inventory
    params: CarveParams
    objective: float = 0.0
    method: str = "heuristic"
    solver: SolverParams = field(default_factory=SolverParams)
    budget_cut: bool = False
    deadline: float | None = field(default=None, compare=False, repr=False)

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
                **_workability_columns(f),
                "locked": f.locked,
                "warnings": "; ".join(f.warnings),
            })
        columns = ["function_id", "title", "hours_per_week", "fta", "level", "areas", "sites",
                   "days", "task_ids", "n_tasks", "max_hours_per_day", "physical_load",
                   "pupil_contact", "coherence", "schedule", *WORKABILITY_COLUMNS, "locked",
                   "warnings"]
        return pd.DataFrame(rows, columns=columns)

    def schedule_frame(self) -> pd.DataFrame:
        """Every block of every function's week: function_id, day, start, end, site, task,
        fixed and kind (``werk``, ``pauze`` or ``reistijd``: breaks and travel have no
        task; travel's site is where it goes)."""
        rows = [
            {"function_id": f.function_id, "day": DAY_NAMES_NL[b.day],
             "start": format_time(b.start), "end": format_time(b.end), "site": b.site,
             "task_id": b.task_id, "fixed": b.fixed, "kind": b.kind}
            for f in self.functions for b in f.schedule.rows()
        ]
        return pd.DataFrame(rows, columns=["function_id", "day", "start", "end", "site",
                                           "task_id", "fixed", "kind"])

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
                         "fta": fta(carved[sid])})
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
            "travel_hours_per_week": round(
                sum(f.schedule.travel_minutes for f in self.functions) / 60, 2),
            "site_changes_per_week": sum(f.workability["site_changes_week"]
                                         for f in self.functions),
            "break_hours_per_week": round(
                sum(f.schedule.break_minutes for f in self.functions) / 60, 2),
            "max_start_spread_minutes": max((f.workability["start_spread"]
                                             for f in self.functions), default=0),
            "functions_with_warnings": sum(1 for f in self.functions if f.warnings),
            "objective": round(self.objective, 3),
            "proven_optimal": int(self.method == "exact"),
        }


#: The workability columns of ``functions.csv`` (minutes and counts; times as HH:MM).
WORKABILITY_COLUMNS = ("site_changes_max_day", "site_changes_week", "shortest_piece",
                       "idle_max_day", "idle_week", "break_week", "travel_week",
                       "start_spread", "first_start", "last_end")


def _workability_columns(f: Function) -> dict[str, int | str]:
    w = f.workability
    out: dict[str, int | str] = {k: w[k] for k in WORKABILITY_COLUMNS}
    out["first_start"], out["last_end"] = (format_time(w["first_start"]),
                                           format_time(w["last_end"]))
    return out


def week_warnings(schedule: Schedule, params: CarveParams) -> tuple[str, ...]:
    """Plain Dutch warnings for the soft rules a week bends (the routine of its start
    times), empty when it bends none."""
    spread = schedule.start_spread()
    if spread > params.schedule.max_start_spread:
        starts = sorted({lo for lo, _ in schedule.span_per_day().values()})
        return (f"De begintijd wisselt per dag ({format_time(starts[0])} tot "
                f"{format_time(starts[-1])}): een vaste begintijd is voor veel kandidaten "
                f"belangrijk.",)
    return ()


def make_functions(problem: CarveProblem, groups: Sequence[set[int] | frozenset[int]],
                   start: int = 1, sort: bool = True,
                   warnings: Sequence[tuple[str, ...]] | None = None) -> list[Function]:
    """Functions from task groups of ``problem``, numbered ``F01``, ... from ``start``.

    With ``sort`` they are ordered by main site, hours in the main area, title and tasks;
    with ``warnings`` (one tuple per group) they are locked functions carrying them.
    """
    made = []
    for k, g in enumerate(groups):
        members = sorted(g)
        tasks = tuple(problem.tasks[i] for i in members)
        schedule = problem.schedule(frozenset(g))
        if not isinstance(schedule, Schedule) and warnings is not None:
            schedule = problem.schedule(frozenset(g), complete=False)  # locked, with a note
        assert isinstance(schedule, Schedule)
        sites = len({t.site for t in tasks})
        notes = (*(warnings[k] if warnings is not None else ()),
                 *week_warnings(schedule, problem.params))
        made.append(Function("", function_title(tasks, sites), tasks, schedule,
                             locked=warnings is not None, warnings=notes))
    if sort:
        made.sort(key=lambda f: (f.sites[0], -f.hours_by_area[f.areas[0]], f.title,
                                 f.task_ids))
    return [replace(f, function_id=f"F{k:02d}") for k, f in enumerate(made, start=start)]
