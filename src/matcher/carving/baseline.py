"""The spreadsheet baseline of carving, the benchmarks' point of comparison."""

from __future__ import annotations

import pandas as pd

from matcher.carving.params import CarveParams
from matcher.carving.problem import CarveProblem, site_boards
from matcher.carving.result import Carving, make_functions
from matcher.carving.week import site_hours
from matcher.inputs.schema import AREAS
from matcher.model import Inventory
from matcher.text.catalogue import render

__all__ = ["carve_baseline"]


def _final_value(problem: CarveProblem, members: set[int]) -> float:
    """The value of a group, 0 below the band."""
    hours = sum(problem.hours[i] for i in members)
    if hours < problem.params.min_hours - 1e-9:
        return 0.0
    return problem.value(frozenset(members))


def carve_baseline(inventory: Inventory, params: CarveParams | None = None) -> Carving:
    """What a spreadsheet user would do: per area, fill functions with tasks in file order.

    Tasks of one area are taken in inventory order and added to the current function while
    it stays under the target and within the hard rules; otherwise a new function starts.
    Functions that end below the band are not offered. Used as the benchmark baseline.
    """
    params = params or CarveParams()
    tasks = list(inventory.tasks)
    problem = CarveProblem(tasks, inventory.sites.travel_minutes(), params, site_boards(inventory),
                           hours=site_hours(inventory.sites.frame, params.schedule))
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
    functions = make_functions(problem, kept)
    owner = {t.task_id: f.function_id for f in functions for t in f.tasks}
    rows = [{"task_id": t.task_id, "function_id": owner.get(t.task_id, ""),
             "hours_per_week": t.hours,
             "reason_code": "placed" if t.task_id in owner else "baseline_unplaced",
             "reason": "" if t.task_id in owner else render("carve.reason.baseline", "nl")}
            for t in tasks]
    objective = sum(_final_value(problem, g) for g in kept)
    return Carving(tuple(functions), pd.DataFrame(rows), inventory, params, objective)
