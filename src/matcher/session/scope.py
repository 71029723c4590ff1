"""Carving with scope and locks: board-wide or per site, locked groups kept exactly.

* :func:`carve_scoped` carves board-wide, or per site (each site's tasks on their own,
  at most one site per function) and merges the results;
* :func:`move_task` moves a task to another function: the target function becomes locked
  with the task added, the source function is unlocked;
* :func:`rebuild` turns task groups back into a carving (every group kept exactly; the
  tasks outside the groups are carved) and marks the locked ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Literal

import pandas as pd

from matcher.carving import CarveParams, Carving, Function, SolverParams, carve
from matcher.carving.names import renamed, stable_ids
from matcher.carving.problem import ProgressCallback
from matcher.model import Inventory

__all__ = ["Group", "Scope", "carve_scoped", "groups_of", "move_task", "rebuild",
           "with_locks"]

#: Board-wide carving (functions may combine sites) or per site (each site on its own).
Scope = Literal["board", "site"]

#: The task ids of one function, in the function's order.
Group = tuple[str, ...]


def groups_of(carving: Carving) -> tuple[Group, ...]:
    """The task-id groups of a carving's functions, in function order."""
    return tuple(f.task_ids for f in carving.functions)


def carve_scoped(inventory: Inventory, params: CarveParams | None = None,
                 scope: Scope = "board", locked: Sequence[Sequence[str]] = (),
                 warm_start: Sequence[Sequence[str]] = (),
                 solver: SolverParams | None = None,
                 earlier: Mapping[str, Sequence[str]] | None = None,
                 progress: ProgressCallback | None = None) -> Carving:
    """Carve board-wide (``scope="board"``) or per site, keeping ``locked`` groups exactly.

    Per site, each site's tasks are carved on their own with ``max_sites=1`` and the
    results merged: locked groups first (``F01``, ... in the given order), then the other
    functions site by site. A locked group belongs to the site where most of its hours
    are; a group over several sites is kept and gets the library's warning.

    ``warm_start`` are task groups of an earlier carving (the functions that were not
    locked): :func:`matcher.carve` starts from those that are still valid, so re-carving
    after a lock never ends below them. Per site, a site gets the groups whose tasks it
    carves.

    ``earlier`` (function id -> task ids of the carving this one replaces) keeps the id of
    every function that carries on an earlier one (:func:`matcher.carving.names.stable_ids`).
    ``progress(fraction, stage)`` hears how far the whole carve is (see :func:`matcher.carve`).

    Raises
    ------
    InputError
        When a locked group names an unknown task, repeats a task or cannot form a
        workable week (see :func:`matcher.carve`).
    """
    params = params or CarveParams()
    if scope == "board":
        return carve(inventory, params, locked=locked, warm_start=warm_start,
                     solver=solver, earlier=earlier, progress=progress)
    if scope != "site":
        raise ValueError(f"scope must be 'board' or 'site'. Got {scope!r}.")
    site_params = replace(params, max_sites=1)
    tasks = {t.task_id: t for t in inventory.tasks}
    first_site = inventory.sites.ids[0] if inventory.sites.ids else ""
    home: list[str] = []
    for group in locked:
        hours: dict[str, float] = {}
        for task_id in group:
            task = tasks.get(str(task_id))
            if task is not None:
                hours[task.site] = hours.get(task.site, 0.0) + task.hours
        home.append(min(hours, key=lambda s: (-hours[s], s)) if hours else first_site)
    owner = {str(task_id): home[k] for k, group in enumerate(locked) for task_id in group}
    results: list[tuple[Carving, list[int]]] = []
    total, done = max(1, len(inventory.tasks)), 0
    for site in dict.fromkeys([*inventory.sites.ids, *home]):
        mine = [k for k, s in enumerate(home) if s == site]
        members = tuple(t for t in inventory.tasks
                        if owner.get(t.task_id, t.site) == site)
        extra = [str(x) for k in mine for x in locked[k] if str(x) not in tasks]
        if not members and not extra:
            continue
        sub = Inventory(members, inventory.sites, inventory.source, inventory.warnings)
        ids = {t.task_id for t in members}
        warm = [g for g in warm_start if g and {str(x) for x in g} <= ids]
        part = _part_progress(progress, done / total, (done + len(members)) / total,
                              inventory.sites.name(site))
        done += len(members)
        results.append((carve(sub, site_params, locked=[locked[k] for k in mine],
                              warm_start=warm, solver=solver, progress=part), mine))
    merged = _merge(inventory, params, results, len(locked), solver)
    return keep_ids(merged, earlier) if earlier else merged


def _part_progress(progress: ProgressCallback | None, low: float, high: float, label: str
                   ) -> ProgressCallback | None:
    """The progress of one site's carve as a share ``low``-``high`` of the whole."""
    if progress is None:
        return None
    report = progress

    def part(fraction: float, stage: str) -> None:
        report(low + (high - low) * fraction, f"{label}: {stage}")

    return part


def _merge(inventory: Inventory, params: CarveParams,
           results: list[tuple[Carving, list[int]]], n_locked: int,
           solver: SolverParams | None = None) -> Carving:
    """One carving from per-site carvings: locked functions first, renumbered F01, ..."""
    fixed: list[tuple[int, Function] | None] = [None] * n_locked
    free: list[tuple[int, Function]] = []
    for r, (carving, mine) in enumerate(results):
        for f in carving.functions:
            if f.locked and mine:  # a site's locked functions come first, in its own order
                fixed[mine[int(f.function_id[1:]) - 1]] = (r, f)
            else:
                free.append((r, f))
    ordered = [item for item in fixed if item is not None] + free
    new_id = {(r, f.function_id): f"F{k:02d}" for k, (r, f) in enumerate(ordered, start=1)}
    functions = tuple(replace(f, function_id=new_id[(r, f.function_id)]) for r, f in ordered)
    parts = []
    for r, (carving, _) in enumerate(results):
        part = carving.allocation.copy()
        part["function_id"] = [new_id[(r, fid)] if fid else "" for fid in part["function_id"]]
        parts.append(part)
    if not parts:
        return carve(inventory, params, solver=solver)
    order = {t.task_id: k for k, t in enumerate(inventory.tasks)}
    allocation = pd.concat(parts, ignore_index=True)
    allocation = allocation.sort_values("task_id", key=lambda s: s.map(order),
                                        kind="stable").reset_index(drop=True)
    return replace(results[0][0], functions=functions, allocation=allocation,
                   inventory=inventory, params=params,
                   objective=sum(c.objective for c, _ in results))


def keep_ids(carving: Carving, earlier: Mapping[str, Sequence[str]]) -> Carving:
    """The carving with the ids of the ``earlier`` functions it carries on
    (:func:`matcher.carving.names.stable_ids`), in the allocation too."""
    hours = {t.task_id: t.hours for t in carving.inventory.tasks}
    ids = stable_ids(carving.functions, earlier, hours)
    allocation = carving.allocation.copy()
    allocation["function_id"] = [ids.get(f, f) for f in allocation["function_id"]]
    return replace(carving, functions=tuple(renamed(carving.functions, ids)),
                   allocation=allocation)


def with_locks(carving: Carving, locks: Iterable[Sequence[str]]) -> Carving:
    """The carving with exactly the functions whose task group is in ``locks`` locked."""
    wanted = {frozenset(str(x) for x in group) for group in locks}
    functions = tuple(replace(f, locked=frozenset(f.task_ids) in wanted)
                      for f in carving.functions)
    return replace(carving, functions=functions)


def rebuild(inventory: Inventory, params: CarveParams | None, groups: Sequence[Sequence[str]],
            locks: Iterable[Sequence[str]] = (), scope: Scope = "board",
            solver: SolverParams | None = None,
            earlier: Mapping[str, Sequence[str]] | None = None) -> Carving:
    """A carving with every group in ``groups`` as a function (in that order) and ``locks`` locked.

    The tasks outside the groups are carved as usual (for a reopened session or after a
    move these are the unplaced tasks, so this is fast). Functions outside ``locks`` are
    unlocked again: the next re-carve may change them.

    Raises
    ------
    InputError
        When a group names an unknown task, repeats a task or has no workable week.
    """
    return with_locks(carve_scoped(inventory, params, scope, locked=groups, solver=solver,
                                   earlier=earlier), locks)


def move_task(groups: Sequence[Sequence[str]], locks: Iterable[Sequence[str]], task_id: str,
              target: int) -> tuple[tuple[Group, ...], tuple[Group, ...]]:
    """Move a task into function ``target`` (an index into ``groups``).

    The task leaves its function (or comes from the unplaced tasks when it is in no
    group). The target function, with the task added, becomes locked: the team decided
    on it. The source function is unlocked; when it is left empty it disappears.

    Returns
    -------
    tuple
        The new groups (same order) and the new locks (in group order).

    Raises
    ------
    ValueError
        When ``target`` is not a group index or the task is already in the target.
    """
    old = [tuple(str(x) for x in g) for g in groups]
    if not 0 <= target < len(old):
        raise ValueError(f"target must be a function index 0-{len(old) - 1}. Got {target}.")
    if task_id in old[target]:
        raise ValueError(f"Task {task_id} is already in that function.")
    source = next((k for k, g in enumerate(old) if task_id in g), None)
    lockset = {frozenset(str(x) for x in g) for g in locks}
    new = [list(g) for g in old]
    if source is not None:
        new[source].remove(task_id)
        lockset.discard(frozenset(old[source]))
    new[target].append(task_id)
    lockset.discard(frozenset(old[target]))
    lockset.add(frozenset(new[target]))
    kept = tuple(tuple(g) for g in new if g)
    return kept, tuple(g for g in kept if frozenset(g) in lockset)


