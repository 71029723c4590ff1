"""A functiecreatie session: carving with locks and moves, and the session file.

A session with a school team spans several meetings. Between them the team keeps what it
decided: the task inventory as edited, the sites, which task groups form functions, which
of those functions are locked, the carving settings, the score weights and the targets.
This module holds the operations of such a session (pure functions over the library's
types, used by the Streamlit app) and the session file that stores it:

* :func:`carve_scoped` carves board-wide, or per site (each site's tasks on their own,
  at most one site per function) and merges the results;
* :func:`move_task` moves a task to another function: the target function becomes locked
  with the task added, the source function is unlocked;
* :func:`rebuild` turns task groups back into a carving (every group kept exactly; the
  tasks outside the groups are carved) and marks the locked ones;
* :func:`dump_session` / :func:`load_session` write and read the session file (JSON with a
  version field); loading re-validates everything through the loaders and reports every
  problem at once as an :class:`~matcher.errors.InputError`. Candidate profiles are in
  the file only when asked for (``include_candidates``);
* :func:`summary_markdown` writes a short Dutch session report.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Literal

import pandas as pd

from matcher.carving.core import CarveParams, Carving, Function, carve
from matcher.carving.week import ScheduleParams, build_schedule
from matcher.errors import InputError, Problem, ScheduleError
from matcher.inputs.loaders import (
    load_candidates,
    load_sites,
    load_tasks,
    personal_value_kind,
    redact_candidate_value,
)
from matcher.matching.assign import Assignment, Objective, assign
from matcher.matching.score import COMPONENTS, PairScores, Weights
from matcher.model import Inventory, Pool, Sites
from matcher.quota import DEFAULT_QUOTA, QuotaParameters, QuotaResult, jobs_by_site, total_fta
from matcher.text.catalogue import Msg, msg, parse
from matcher.text.format import format_days
from matcher.text.labels import AREA_LABELS_NL, COMPONENT_LABELS_NL

__all__ = [
    "SESSION_FORMAT",
    "SESSION_VERSION",
    "CandidatePin",
    "FollowedPins",
    "PinOutcome",
    "Reanchored",
    "Scope",
    "Session",
    "TaskPin",
    "assign_with_pins",
    "candidate_pins_by_function",
    "carve_scoped",
    "dump_session",
    "follow_candidate_pins",
    "function_anchor",
    "function_of_anchor",
    "groups_of",
    "keep_pins",
    "load_session",
    "move_task",
    "pin_task",
    "pool_to_frame",
    "reanchor",
    "rebuild",
    "sites_to_frame",
    "summary_markdown",
    "unpin_task",
    "valid_task_pins",
    "with_locks",
]

#: Value of the ``format`` field of a session file.
SESSION_FORMAT = "matcher-sessie"
#: Version of the session file this module writes (and the newest it reads).
SESSION_VERSION = 2

#: Board-wide carving (functions may combine sites) or per site (each site on its own).
Scope = Literal["board", "site"]

Group = tuple[str, ...]


# --------------------------------------------------------------------------------------
# Carving with locks


def groups_of(carving: Carving) -> tuple[Group, ...]:
    """The task-id groups of a carving's functions, in function order."""
    return tuple(f.task_ids for f in carving.functions)


def carve_scoped(inventory: Inventory, params: CarveParams | None = None,
                 scope: Scope = "board", locked: Sequence[Sequence[str]] = (),
                 warm_start: Sequence[Sequence[str]] = ()) -> Carving:
    """Carve board-wide (``scope="board"``) or per site, keeping ``locked`` groups exactly.

    Per site, each site's tasks are carved on their own with ``max_sites=1`` and the
    results merged: locked groups first (``F01``, ... in the given order), then the other
    functions site by site. A locked group belongs to the site where most of its hours
    are; a group over several sites is kept and gets the library's warning.

    ``warm_start`` are task groups of an earlier carving (the functions that were not
    locked): :func:`matcher.carve` starts from those that are still valid, so re-carving
    after a lock never ends below them. Per site, a site gets the groups whose tasks it
    carves.

    Raises
    ------
    InputError
        When a locked group names an unknown task, repeats a task or cannot form a
        workable week (see :func:`matcher.carve`).
    """
    params = params or CarveParams()
    if scope == "board":
        return carve(inventory, params, locked=locked, warm_start=warm_start)
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
        results.append((carve(sub, site_params, locked=[locked[k] for k in mine],
                              warm_start=warm), mine))
    return _merge(inventory, params, results, len(locked))


def _merge(inventory: Inventory, params: CarveParams,
           results: list[tuple[Carving, list[int]]], n_locked: int) -> Carving:
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
        return carve(inventory, params)
    order = {t.task_id: k for k, t in enumerate(inventory.tasks)}
    allocation = pd.concat(parts, ignore_index=True)
    allocation = allocation.sort_values("task_id", key=lambda s: s.map(order),
                                        kind="stable").reset_index(drop=True)
    return replace(results[0][0], functions=functions, allocation=allocation,
                   inventory=inventory, params=params,
                   objective=sum(c.objective for c, _ in results))


def with_locks(carving: Carving, locks: Iterable[Sequence[str]]) -> Carving:
    """The carving with exactly the functions whose task group is in ``locks`` locked."""
    wanted = {frozenset(str(x) for x in group) for group in locks}
    functions = tuple(replace(f, locked=frozenset(f.task_ids) in wanted)
                      for f in carving.functions)
    return replace(carving, functions=functions)


def rebuild(inventory: Inventory, params: CarveParams | None, groups: Sequence[Sequence[str]],
            locks: Iterable[Sequence[str]] = (), scope: Scope = "board") -> Carving:
    """A carving with every group in ``groups`` as a function (in that order) and ``locks`` locked.

    The tasks outside the groups are carved as usual (for a reopened session or after a
    move these are the unplaced tasks, so this is fast). Functions outside ``locks`` are
    unlocked again: the next re-carve may change them.

    Raises
    ------
    InputError
        When a group names an unknown task, repeats a task or has no workable week.
    """
    return with_locks(carve_scoped(inventory, params, scope, locked=groups), locks)


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


# --------------------------------------------------------------------------------------
# Pins: a task to a function, a candidate to a function

#: A task pin: (task id, anchor task id). The task stays in the function that holds the
#: anchor task; a function is recognised across re-carves by its anchor.
TaskPin = tuple[str, str]
#: A candidate pin: (anchor task id, candidate id). The candidate is agreed for the
#: function that holds the anchor task.
CandidatePin = tuple[str, str]


def function_anchor(function: Function, pins: Iterable[TaskPin] = (),
                    exclude: str = "") -> str:
    """The task that stands for ``function`` in pins.

    An anchor already used by a pin into this function is kept (so all pins to one
    function share it); otherwise the function's task with the most hours (the first in
    the function's order on a tie), other than ``exclude``.

    Raises
    ------
    ValueError
        When the function has no task other than ``exclude``.
    """
    ids = [t for t in function.task_ids if t != exclude]
    used = [anchor for _, anchor in pins if anchor in ids]
    if used:
        return used[0]
    if not ids:
        raise ValueError(f"{function.function_id} has no task other than {exclude}.")
    hours = {t.task_id: t.hours for t in function.tasks}
    return max(ids, key=lambda t: (hours.get(t, 0.0), -ids.index(t)))


def function_of_anchor(carving: Carving, anchor: str) -> Function | None:
    """The function that holds task ``anchor`` (None when the task is in no function)."""
    return next((f for f in carving.functions if anchor in f.task_ids), None)


def pin_task(groups: Sequence[Sequence[str]], locks: Iterable[Sequence[str]],
             pins: Sequence[TaskPin], task_id: str, target: int, anchor: str
             ) -> tuple[tuple[Group, ...], tuple[Group, ...], tuple[TaskPin, ...]]:
    """Pin a task to function ``target`` (an index into ``groups``) whose anchor is ``anchor``.

    The task moves into the target group when it is elsewhere (or unplaced); unlike
    :func:`move_task`, nothing is locked or unlocked: a locked function stays locked with
    its new tasks. An earlier pin of the same task is replaced. Pins of other tasks that
    used this task as anchor stay with the function it leaves (:func:`reanchor`; one
    with no task left there is dropped).

    Returns
    -------
    tuple
        New groups (same order; an emptied group disappears), new locks and new pins.

    Raises
    ------
    ValueError
        When ``target`` is not a group index or ``anchor`` is not in the target group.
    """
    old = [tuple(str(x) for x in g) for g in groups]
    if not 0 <= target < len(old):
        raise ValueError(f"target must be a function index 0-{len(old) - 1}. Got {target}.")
    if anchor not in old[target] or anchor == task_id:
        raise ValueError(f"anchor {anchor} must be another task of the target function.")
    new, new_locks = _moved(old, locks, {task_id: target})
    leaves = task_id not in old[target]
    kept = reanchor(old, pins, (), task_id).task_pins if leaves else tuple(pins)
    return new, new_locks, (*(p for p in kept if p[0] != task_id), (task_id, anchor))


@dataclass(frozen=True)
class Reanchored:
    """Pins after a task left its function by hand, and the pins that had to go."""

    task_pins: tuple[TaskPin, ...]
    candidate_pins: tuple[CandidatePin, ...]
    dropped_task_pins: tuple[TaskPin, ...] = ()
    dropped_candidate_pins: tuple[CandidatePin, ...] = ()


def reanchor(groups: Sequence[Sequence[str]], task_pins: Sequence[TaskPin],
             candidate_pins: Sequence[CandidatePin], task_id: str) -> Reanchored:
    """Pins that use ``task_id`` as anchor, moved to another task of its function.

    Call before ``task_id`` leaves its function (pinned or moved elsewhere): the pins of
    other tasks to that function, and a candidate agreed for that function, must stay
    with the function, not follow the task. The new anchor is the first other task of the
    function that is not pinned to it (else the first other task). A pin whose function
    has no other task left is dropped and returned, never lost silently. ``task_id``'s
    own pin is left to the caller.
    """
    group = next((tuple(str(x) for x in g) for g in groups if task_id in g), None)
    if group is None:  # an unplaced task: nothing to move the anchor to
        return Reanchored(tuple(task_pins), tuple(candidate_pins))
    followers = {t for t, a in task_pins if a == task_id}
    others = [t for t in group if t != task_id]
    ranked = [t for t in others if t not in followers] + [t for t in others if t in followers]

    def new_anchor(exclude: str = "") -> str | None:
        return next((t for t in ranked if t != exclude), None)

    tasks: list[TaskPin] = []
    dropped_tasks: list[TaskPin] = []
    for t, a in task_pins:
        if a != task_id or t == task_id:
            tasks.append((t, a))
            continue
        anchor = new_anchor(exclude=t)
        if anchor is None:
            dropped_tasks.append((t, a))
        else:
            tasks.append((t, anchor))
    candidates: list[CandidatePin] = []
    dropped_candidates: list[CandidatePin] = []
    for a, c in candidate_pins:
        anchor = new_anchor() if a == task_id else a
        if anchor is None:
            dropped_candidates.append((a, c))
        else:
            candidates.append((anchor, c))
    return Reanchored(tuple(tasks), tuple(candidates), tuple(dropped_tasks),
                      tuple(dropped_candidates))


def unpin_task(pins: Sequence[TaskPin], task_id: str) -> tuple[TaskPin, ...]:
    """The pins without the pin of ``task_id`` (other pins are kept as they are)."""
    return tuple(p for p in pins if p[0] != task_id)


def _moved(old: list[Group], locks: Iterable[Sequence[str]], moves: dict[str, int]
           ) -> tuple[tuple[Group, ...], tuple[Group, ...]]:
    """Groups after moving tasks into group indexes; locks follow their groups."""
    lockset = {frozenset(str(x) for x in g) for g in locks}
    locked = [frozenset(g) in lockset for g in old]
    new = [[t for t in g if moves.get(t, k) == k] for k, g in enumerate(old)]
    for task_id, target in moves.items():
        if task_id not in new[target]:
            new[target].append(task_id)
    kept = [(tuple(g), locked[k]) for k, g in enumerate(new) if g]
    return tuple(g for g, _ in kept), tuple(g for g, is_locked in kept if is_locked)


def _pin_components(pins: Sequence[TaskPin]) -> list[list[str]]:
    """Tasks that must share a function: connected components of the pins, in pin order."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for task_id, anchor in pins:
        a, b = root(anchor), root(task_id)
        if a != b:
            parent[b] = a
    components: dict[str, list[str]] = {}
    for task_id, anchor in pins:
        for x in (anchor, task_id):
            members = components.setdefault(root(x), [])
            if x not in members:
                members.append(x)
    return list(components.values())


@dataclass(frozen=True)
class PinOutcome:
    """A carving with the task pins kept, and the pins that could not be kept.

    ``reasons`` gives, for every pin in ``broken``, why (a catalogue message, codes
    ``pin.*``), so the app can say it in Dutch.
    """

    carving: Carving
    broken: tuple[TaskPin, ...] = ()
    reasons: tuple[tuple[TaskPin, Msg], ...] = ()


def keep_pins(carving: Carving, pins: Sequence[TaskPin], locks: Iterable[Sequence[str]] = (),
              scope: Scope = "board") -> PinOutcome:
    """Put pinned tasks back with their anchors after a (re-)carve.

    Tasks pinned together (a task and its anchor, and every task pinned to the same
    anchor) go to the function that holds most of their hours, or to the locked function
    that holds one of them (a locked function never loses a task to a pin); the other
    tasks of the carving stay where they are and the carving is rebuilt
    (:func:`rebuild`: the groups are kept, tasks left over are carved). Locks follow their
    functions. A pinned group is not moved, and its pins are returned in ``broken`` with
    a reason, when a task is gone from the inventory (``pin.gone``), is marked not
    carvable (``pin.not_carvable``), sits in another locked function (``pin.locked``), or
    when the target function would have no workable week with it (``pin.no_week``; the
    groups moved by earlier pins count).
    """
    functions = list(carving.functions)
    owner = {t: k for k, f in enumerate(functions) for t in f.task_ids}
    known = {t.task_id: t for t in carving.inventory.tasks}
    lockset = {frozenset(str(x) for x in g) for g in locks}
    locked = {k for k, f in enumerate(functions) if frozenset(f.task_ids) in lockset}
    groups = [list(f.task_ids) for f in functions]
    moves: dict[str, int] = {}
    reasons: list[tuple[TaskPin, Msg]] = []
    for members in _pin_components(pins):
        mine = [p for p in pins if p[0] in members]

        def fail(code: str, /, **params: Any) -> None:
            reasons.extend((p, msg(code, **params)) for p in mine)  # noqa: B023

        gone = [m for m in members if m not in known]
        if gone:
            fail("pin.gone", task=gone[0])
            continue
        fixed = [m for m in members if not known[m].carvable]
        if fixed:
            fail("pin.not_carvable", task=fixed[0])
            continue
        hours: dict[int, float] = {}
        for m in members:
            if m in owner:
                hours[owner[m]] = hours.get(owner[m], 0.0) + known[m].hours
        if not hours:  # all pinned tasks unplaced: they are together already
            continue
        holding = sorted(k for k in hours if k in locked)
        if len(holding) > 1:
            fail("pin.locked", first=functions[holding[0]].function_id,
                 second=functions[holding[1]].function_id)
            continue
        target = holding[0] if holding else max(hours, key=lambda k: (hours[k], -k))
        wanted = {m: target for m in members if owner.get(m) != target}
        if not wanted:
            continue
        group = [t for t in groups[target] if t not in wanted] + list(wanted)
        try:
            build_schedule([known[t] for t in group], carving.inventory.sites.travel_minutes(),
                           carving.params.schedule)
        except ScheduleError:
            fail("pin.no_week", function=functions[target].function_id)
            continue
        for m in wanted:
            if m in owner:
                groups[owner[m]].remove(m)
        groups[target] = group
        for m in wanted:
            owner[m] = target
        moves.update(wanted)

    def outcome(result: Carving, failed: list[tuple[TaskPin, Msg]]) -> PinOutcome:
        return PinOutcome(result, tuple(p for p, _ in failed), tuple(failed))

    if not moves:
        return outcome(carving, reasons)
    new_groups, new_locks = _moved([f.task_ids for f in functions], locks, moves)
    try:
        rebuilt = rebuild(carving.inventory, carving.params, new_groups, new_locks, scope)
    except InputError as error:  # not expected (every week was checked): keep the carving
        first = error.problems[0]
        why = msg("pin.refused", reason=Msg(first.code, first.params) if first.code
                  else parse(first.rule) or first.rule)
        return outcome(carving, reasons + [(p, why) for p in pins
                                          if p not in {q for q, _ in reasons}])
    return outcome(rebuilt, reasons)


def valid_task_pins(inventory: Inventory, pins: Iterable[TaskPin]) -> tuple[TaskPin, ...]:
    """The pins whose task and anchor are both in the inventory."""
    known = {t.task_id for t in inventory.tasks}
    return tuple(p for p in pins if p[0] in known and p[1] in known)


def candidate_pins_by_function(carving: Carving, pins: Iterable[CandidatePin]
                               ) -> dict[str, str]:
    """function_id -> pinned candidate_id, for the pins whose anchor is in a function.

    When two pins land on one function (after a re-carve joined their anchors) the first
    pin wins; a candidate is pinned to one function only.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for anchor, candidate_id in pins:
        function = function_of_anchor(carving, anchor)
        if function is None or function.function_id in out or candidate_id in taken:
            continue
        out[function.function_id] = candidate_id
        taken.add(candidate_id)
    return out


@dataclass(frozen=True)
class FollowedPins:
    """Candidate pins after a re-carve, with what the user must hear about them."""

    pins: tuple[CandidatePin, ...]
    changed: tuple[tuple[CandidatePin, Msg], ...] = ()  # kept, but the function changed
    dropped: tuple[tuple[CandidatePin, Msg], ...] = ()  # no function to follow any more


def follow_candidate_pins(before: Carving | None, after: Carving,
                          pins: Sequence[CandidatePin]) -> FollowedPins:
    """Candidate pins that follow their function from carving ``before`` to ``after``.

    Function ids change with a re-carve, so a pin names a task (its anchor). After the
    re-carve the pin goes to the function that holds most hours of the tasks of the
    function it was agreed for (the anchor's own function on a tie) and is anchored at
    the biggest of those tasks there; when that function's tasks are not the same as
    before, the pin is kept and listed in ``changed`` (check the agreement). When no new
    function holds any of those tasks, the pin is dropped and listed in ``dropped``. A
    pin whose anchor was in no function of ``before`` (or without ``before``) follows its
    anchor task, and is dropped when that task is in no function now.
    """
    kept: list[CandidatePin] = []
    changed: list[tuple[CandidatePin, Msg]] = []
    dropped: list[tuple[CandidatePin, Msg]] = []
    owner = {t: f for f in after.functions for t in f.task_ids}
    for pin in pins:
        anchor, candidate = pin
        old = function_of_anchor(before, anchor) if before is not None else None
        if old is None:
            if anchor in owner:
                kept.append(pin)
            else:
                dropped.append((pin, msg("pin.function_gone")))
            continue
        overlap: dict[str, float] = {}
        biggest: dict[str, tuple[float, str]] = {}
        for task in old.tasks:
            home = owner.get(task.task_id)
            if home is None:
                continue
            fid = home.function_id
            overlap[fid] = overlap.get(fid, 0.0) + task.hours
            biggest[fid] = max(biggest.get(fid, (-1.0, "")), (task.hours, task.task_id),
                               key=lambda item: item[0])
        if not overlap:
            dropped.append((pin, msg("pin.function_gone")))
            continue
        anchor_home = owner.get(anchor)
        best = max(overlap, key=lambda fid: (overlap[fid], anchor_home is not None
                                             and fid == anchor_home.function_id))
        new_anchor = anchor if anchor_home is not None and anchor_home.function_id == best \
            else biggest[best][1]
        new_pin = (new_anchor, candidate)
        kept.append(new_pin)
        if frozenset(owner[new_anchor].task_ids) != frozenset(old.task_ids):
            changed.append((new_pin, msg("pin.function_changed", anchor=new_anchor,
                                         function=best)))
    return FollowedPins(tuple(kept), tuple(changed), tuple(dropped))


def assign_with_pins(scores: PairScores, objective: Objective = "placements",
                     pins: dict[str, str] | None = None) -> Assignment:
    """The optimal assignment that keeps agreed pairs (function_id -> candidate_id).

    The pinned functions and candidates are taken out and the rest is solved exactly
    with :func:`matcher.assign` over the remaining feasible pairs; the pinned pairs are
    added with their score (also when the pair has a knock-out: the people involved
    agreed on it; its score is then 0). Pairs whose function or candidate is not in the
    scores are ignored. The result has an extra column ``pinned``.
    """
    fids, cids = set(scores.functions.ids), set(scores.candidates.ids)
    fixed = {f: c for f, c in (pins or {}).items() if f in fids and c in cids}
    frame = scores.frame
    if fixed:
        taken_f, taken_c = set(fixed), set(fixed.values())
        out = frame["function_id"].isin(taken_f).to_numpy() | frame["candidate_id"].isin(
            taken_c).to_numpy()
        frame = frame.copy()
        frame["feasible"] = frame["feasible"].to_numpy(bool) & ~out
        rest = assign(replace(scores, frame=frame), objective)
    else:
        rest = assign(scores, objective)
    rows = []
    full = scores.frame
    for f, c in fixed.items():
        hit = full[(full["function_id"] == f) & (full["candidate_id"] == c)
                   & full["feasible"].astype(bool)]
        score = float(hit["score"].iloc[0]) if len(hit) else 0.0
        rows.append({"function_id": f, "candidate_id": c, "score": score})
    pairs = rest.pairs.assign(pinned=False)
    if rows:
        pairs = pd.concat([pd.DataFrame(rows).assign(pinned=True), pairs], ignore_index=True)
        order = {f: k for k, f in enumerate(scores.functions.ids)}
        pairs = pairs.sort_values("function_id", key=lambda s: s.map(order),
                                  kind="stable").reset_index(drop=True)
    unassigned = rest.unassigned
    if fixed:
        drop = ((unassigned["kind"] == "function") & unassigned["id"].isin(set(fixed))) | (
            (unassigned["kind"] == "candidate") & unassigned["id"].isin(set(fixed.values())))
        unassigned = unassigned[~drop].reset_index(drop=True)
    return Assignment(pairs, unassigned, rest.objective)


# --------------------------------------------------------------------------------------
# Session file


@dataclass(frozen=True)
class Session:
    """Everything a session file holds (the candidate pool only when it was included)."""

    inventory: Inventory
    pool: Pool | None = None
    params: CarveParams = field(default_factory=CarveParams)
    scope: Scope = "board"
    groups: tuple[Group, ...] = ()
    locks: tuple[Group, ...] = ()
    weights: Weights = field(default_factory=Weights)
    objective: str = "placements"
    fta_target: float | None = None
    site_targets: dict[str, float] = field(default_factory=dict)
    quota: QuotaParameters = DEFAULT_QUOTA
    quota_inputs: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    saved_at: str = ""
    task_pins: tuple[TaskPin, ...] = ()
    candidate_pins: tuple[CandidatePin, ...] = ()


def sites_to_frame(sites: Sites) -> pd.DataFrame | None:
    """Sites as a sites file (site, name, lat, lon, pc4, board); None when none has a location.

    A location that came from a pc4 is written as the pc4 only, so loading it again
    marks it approximate again.
    """
    frame = sites.frame
    if frame["lat"].isna().all() and not any(str(p) for p in frame["pc4"]):
        return None
    rows = []
    for _, s in frame.iterrows():
        exact = not bool(s.get("approximate", False)) and pd.notna(s["lat"])
        rows.append({"site": s["site"], "name": s["name"],
                     "lat": float(s["lat"]) if exact else None,
                     "lon": float(s["lon"]) if exact else None,
                     "pc4": str(s["pc4"] or ""), "board": str(s.get("board", "") or "")})
    return pd.DataFrame(rows, columns=["site", "name", "lat", "lon", "pc4", "board"])


def _yes_no_unknown(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return "ja" if value else "nee"


def pool_to_frame(pool: Pool) -> pd.DataFrame:
    """Candidate profiles in the columns of a candidates file (unknown stays empty)."""
    f = pool.frame

    def num(value: Any) -> float | None:
        return None if value is None or pd.isna(value) else float(value)

    rows = []
    for _, c in f.iterrows():
        exact = not bool(c["location_approximate"]) and pd.notna(c["lat"])
        rows.append({
            "candidate_id": c["candidate_id"],
            "pc4": c["pc4"] if isinstance(c["pc4"], str) else "",
            "lat": float(c["lat"]) if exact else None,
            "lon": float(c["lon"]) if exact else None,
            "max_travel_km": num(c["max_travel_km"]),
            "independent_travel": _yes_no_unknown(c["independent_travel"]),
            "hours_per_week_min": num(c["hours_per_week_min"]),
            "hours_per_week_max": num(c["hours_per_week_max"]),
            "hours_per_day_max": num(c["hours_per_day_max"]),
            "days_available": format_days(c["days_available"])
            if isinstance(c["days_available"], tuple) and c["days_available"] else "",
            "education": c["education"] if isinstance(c["education"], str) else "",
            "preferred_areas": _areas(c["preferred_areas"]),
            "physical_capacity": num(c["physical_capacity"]),
            "pupil_contact_ok": num(c["pupil_contact_ok"]),
        })
    columns = ["candidate_id", "pc4", "lat", "lon", "max_travel_km", "independent_travel",
               "hours_per_week_min", "hours_per_week_max", "hours_per_day_max",
               "days_available", "education", "preferred_areas", "physical_capacity",
               "pupil_contact_ok"]
    return pd.DataFrame(rows, columns=columns)


def _areas(value: Any) -> str:
    if not isinstance(value, tuple):
        return ""
    return ",".join(AREA_LABELS_NL.get(str(a), str(a)) for a in value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: NaN becomes null, numpy scalars become Python values."""
    out = []
    for row in frame.to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if value is None or (isinstance(value, float) and math.isnan(value)):
                clean[str(key)] = None
            elif hasattr(value, "item"):
                clean[str(key)] = value.item()
            else:
                clean[str(key)] = value
        out.append(clean)
    return out


def _params_dict(params: CarveParams) -> dict[str, Any]:
    data = asdict(params)
    data["schedule"]["work_days"] = list(params.schedule.work_days)
    return data


def dump_session(session: Session, include_candidates: bool = False) -> bytes:
    """The session as a JSON file (UTF-8 bytes).

    Candidate profiles are written only with ``include_candidates`` (they are personal
    data of others, even when pseudonymous; the file is often shared by e-mail).
    """
    sites = sites_to_frame(session.inventory.sites)
    locked = {frozenset(g) for g in session.locks}
    data = {
        "format": SESSION_FORMAT,
        "version": SESSION_VERSION,
        "saved_at": session.saved_at or dt.datetime.now().isoformat(timespec="seconds"),
        "source": session.source,
        "tasks": _records(session.inventory.to_frame()),
        "sites": _records(sites) if sites is not None else None,
        "carve": {"scope": session.scope, "params": _params_dict(session.params)},
        "functions": [{"task_ids": list(g), "locked": frozenset(g) in locked}
                      for g in session.groups],
        "weights": session.weights.to_toml(),
        "objective": session.objective,
        "targets": {"fta": session.fta_target,
                    "sites": {str(k): float(v) for k, v in session.site_targets.items()}},
        "quota": {"params": session.quota.to_dict(), "inputs": dict(session.quota_inputs)},
        "candidates": (_records(pool_to_frame(session.pool))
                       if include_candidates and session.pool is not None else None),
        "pins": {
            "tasks": [{"task_id": t, "with": a} for t, a in session.task_pins],
            "candidates": [{"with": a, "candidate_id": c} for a, c in session.candidate_pins],
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def _csv(records: Any) -> bytes:
    frame = pd.DataFrame(records)
    return frame.to_csv(index=False).encode("utf-8")


def load_session(data: bytes | str, name: str = "sessie.json") -> Session:
    """Read a session file; every problem of every part is reported at once.

    Tasks, sites and candidates go through the same loaders as uploaded files, so a
    hand-edited session file gets the same checks. Function groups are checked for
    unknown and repeated tasks here; whether each still has a workable week is checked
    when the carving is rebuilt (:func:`rebuild`).

    Raises
    ------
    InputError
        With every problem found (file, part, rule, value).
    """
    problems: list[Problem] = []

    def bad(part: str, code: str, value: object = "", **params: Any) -> None:
        problems.append(Problem.of(name, None, part, code,
                                   str(value) if value != "" else "", **params))

    try:
        raw = json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem = (Problem.of(name, None, "", "ses.json_at", line=exc.lineno, column=exc.colno)
                   if isinstance(exc, json.JSONDecodeError)
                   else Problem.of(name, None, "", "ses.not_utf8"))
        raise InputError([problem]) from None
    if not isinstance(raw, dict) or raw.get("format") != SESSION_FORMAT:
        raise InputError([Problem.of(name, None, "format", "ses.format",
                                     format=SESSION_FORMAT)])
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError([Problem.of(name, None, "version", "num.int_min1", str(version))])
    if version > SESSION_VERSION:
        raise InputError([Problem.of(name, None, "version", "ses.version_new", str(version),
                                     version=version, supported=SESSION_VERSION)])

    sites: Sites | None = None
    if raw.get("sites") is not None:
        try:
            sites = load_sites(_csv(raw["sites"]), name=f"{name}: locaties")
        except InputError as error:
            problems += error.problems
        except (TypeError, ValueError):
            bad("sites", "ses.list")
    inventory: Inventory | None = None
    if not isinstance(raw.get("tasks"), list) or not raw["tasks"]:
        bad("tasks", "ses.no_tasks")
    elif raw.get("sites") is None or sites is not None:
        try:
            inventory = load_tasks(_csv(raw["tasks"]), sites=sites, name=f"{name}: taken")
        except InputError as error:
            problems += error.problems
        except (TypeError, ValueError):
            bad("tasks", "ses.list")

    pool: Pool | None = None
    if raw.get("candidates") is not None:
        try:
            pool = load_candidates(_csv(raw["candidates"]), name=f"{name}: kandidaten")
        except InputError as error:
            problems += error.problems
        except (TypeError, ValueError):
            bad("candidates", "ses.list")

    carve_part = raw.get("carve") or {}
    scope = carve_part.get("scope", "board")
    if scope not in ("board", "site"):
        bad("carve.scope", "ses.scope", scope)
        scope = "board"
    params = _load_params(carve_part.get("params") or {}, bad)

    groups: list[Group] = []
    locks: list[Group] = []
    known = {t.task_id for t in inventory.tasks} if inventory is not None else None
    seen: set[str] = set()
    for k, item in enumerate(_list_part(raw, "functions", "functions", bad), start=1):
        where = f"functions[{k}]"
        ids = item.get("task_ids") if isinstance(item, dict) else None
        if not isinstance(ids, list) or not ids:
            bad(where, "ses.task_ids")
            continue
        group = tuple(str(x) for x in ids)
        for task_id in group:
            if known is not None and task_id not in known:
                bad(where, "ses.unknown_task", task_id)
            if task_id in seen:
                bad(where, "ses.task_twice", task_id)
            seen.add(task_id)
        groups.append(group)
        if item.get("locked") is True:
            locks.append(group)

    weights = Weights()
    try:
        weights = Weights.from_toml_text(str(raw.get("weights") or ""), f"{name}: weights")
    except InputError as error:
        problems += error.problems
    objective = raw.get("objective", "placements")
    if objective not in ("placements", "score"):
        bad("objective", "ses.objective", objective)
        objective = "placements"

    targets = raw.get("targets") or {}
    fta_target = targets.get("fta")
    if fta_target is not None and not _nonnegative(fta_target):
        bad("targets.fta", "num.nonnegative", fta_target)
        fta_target = None
    site_targets: dict[str, float] = {}
    for site, value in (targets.get("sites") or {}).items():
        if _nonnegative(value):
            site_targets[str(site)] = float(value)
        else:
            bad(f"targets.sites.{site}", "num.nonnegative", value)

    quota_part = raw.get("quota") or {}
    quota = DEFAULT_QUOTA
    if quota_part.get("params"):
        try:
            quota = QuotaParameters.from_dict(dict(quota_part["params"]), f"{name}: quota")
        except InputError as error:
            problems += error.problems
        except (TypeError, ValueError):
            bad("quota.params", "ses.quota_table")
    quota_inputs = quota_part.get("inputs") or {}
    if not isinstance(quota_inputs, dict):
        bad("quota.inputs", "ses.table")
        quota_inputs = {}

    task_pins, candidate_pins = _load_pins(raw.get("pins"), known, pool, bad)

    if problems or inventory is None:
        raise InputError(problems)
    return Session(
        task_pins=task_pins, candidate_pins=candidate_pins,
        inventory=inventory, pool=pool, params=params, scope=scope, groups=tuple(groups),
        locks=tuple(locks), weights=weights, objective=objective,
        fta_target=float(fta_target) if fta_target is not None else None,
        site_targets=site_targets, quota=quota, quota_inputs=dict(quota_inputs),
        source=str(raw.get("source") or ""), saved_at=str(raw.get("saved_at") or ""),
    )


def _load_pins(data: Any, known: set[str] | None, pool: Pool | None, bad: Any
               ) -> tuple[tuple[TaskPin, ...], tuple[CandidatePin, ...]]:
    """Task and candidate pins of a session file (version 2; absent in version 1)."""
    if data is None:
        return (), ()
    if not isinstance(data, dict):
        bad("pins", "ses.table")
        return (), ()
    task_pins: list[TaskPin] = []
    for k, item in enumerate(_list_part(data, "tasks", "pins.tasks", bad), start=1):
        where = f"pins.tasks[{k}]"
        task_id = item.get("task_id") if isinstance(item, dict) else None
        anchor = item.get("with") if isinstance(item, dict) else None
        if not _an_id(task_id) or not _an_id(anchor) or str(task_id) == str(anchor):
            bad(where, "ses.pin_task")
            continue
        pin = (str(task_id), str(anchor))
        unknown = [x for x in pin if known is not None and x not in known]
        for x in unknown:
            bad(where, "ses.unknown_task", x)
        if any(p[0] == pin[0] for p in task_pins):
            bad(where, "ses.pin_task_twice", pin[0])
        elif not unknown:
            task_pins.append(pin)
    candidate_pins: list[CandidatePin] = []
    ids = set(pool.ids) if pool is not None else None
    for k, item in enumerate(_list_part(data, "candidates", "pins.candidates", bad), start=1):
        where = f"pins.candidates[{k}]"
        anchor = item.get("with") if isinstance(item, dict) else None
        candidate = item.get("candidate_id") if isinstance(item, dict) else None
        if not _an_id(anchor) or not _an_id(candidate):
            bad(where, "ses.pin_candidate")
            continue
        cpin = (str(anchor), str(candidate))
        if personal_value_kind(cpin[1]) is not None:  # never shown, never kept
            bad(where, "ses.pin_personal", redact_candidate_value(cpin[1]))
        elif known is not None and cpin[0] not in known:
            bad(where, "ses.unknown_task", cpin[0])
        elif ids is not None and cpin[1] not in ids:
            bad(where, "ses.pin_unknown_candidate", cpin[1])
        elif any(p[0] == cpin[0] or p[1] == cpin[1] for p in candidate_pins):
            bad(where, "ses.pin_twice", cpin[1])
        else:
            candidate_pins.append(cpin)
    return tuple(task_pins), tuple(candidate_pins)


def _list_part(data: dict[str, Any], key: str, part: str, bad: Any) -> list[Any]:
    """The list under ``key`` (empty when absent); anything else is reported as ``part``."""
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        bad(part, "ses.list")
        return []
    return items


def _an_id(value: object) -> bool:
    """Whether a session file's value can be a task or candidate id (text or a whole number)."""
    return isinstance(value, str | int) and not isinstance(value, bool) and str(value) != ""


def _nonnegative(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and value >= 0)


def _load_params(data: dict[str, Any], bad: Any) -> CarveParams:
    """CarveParams from a session file's dict; unknown keys and invalid values are problems."""
    if not isinstance(data, dict):
        bad("carve.params", "ses.table")
        return CarveParams()
    names = {f.name for f in fields(CarveParams)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            bad(f"carve.params.{key}", "ses.unknown_setting")
        elif key == "schedule":
            schedule_names = {f.name for f in fields(ScheduleParams)}
            if not isinstance(value, dict) or set(value) - schedule_names:
                bad("carve.params.schedule", "ses.unknown_settings")
                continue
            try:
                options: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v
                                           for k, v in value.items()}
                values["schedule"] = ScheduleParams(**options)
            except (TypeError, ValueError) as exc:
                bad("carve.params.schedule", "ses.invalid", error=str(exc))
        else:
            values[key] = value
    try:
        return CarveParams(**values)
    except (TypeError, ValueError) as exc:
        bad("carve.params", "ses.invalid", error=str(exc))
        return CarveParams()


# --------------------------------------------------------------------------------------
# Session report


def _nl(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _cell(text: object) -> str:
    return str(text).replace("|", "/").replace("\n", " ")


def summary_markdown(
    carving: Carving,
    *,
    source: str = "",
    fta_target: float | None = None,
    site_targets: dict[str, float] | None = None,
    assignment_pairs: pd.DataFrame | None = None,
    quota_result: QuotaResult | None = None,
    weights: Weights | None = None,
    scope: Scope = "board",
    date: str | None = None,
    task_pins: Sequence[TaskPin] = (),
) -> str:
    """A short Dutch session report in Markdown: functions, fta against the targets,
    fta per site, pinned and unplaced tasks, the assignment (pseudonyms only; agreed pairs
    marked when ``assignment_pairs`` has a ``pinned`` column) and the quotum."""
    inventory = carving.inventory
    lines = [f"# Sessieverslag functiecreatie ({date or dt.date.today().isoformat()})", ""]
    if source:
        lines += [f"Gegevens: {source}.", ""]
    p = carving.params
    created = total_fta(carving.functions)
    lines += [
        "## Functies",
        "",
        f"Indeling {'per locatie' if scope == 'site' else 'over het hele bestuur'}; "
        f"doel {_nl(p.target_hours, 1)} uur per functie, band {_nl(p.min_hours, 1)}-"
        f"{_nl(p.max_hours, 1)} uur.",
        "",
        "| functie | titel | uren per week | fta | niveau | locaties | vastgezet |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for f in carving.functions:
        lines.append(f"| {f.function_id} | {_cell(f.title)} | {_nl(f.hours, 2)} | "
                     f"{_nl(f.fta)} | {f.level} | "
                     f"{_cell(', '.join(inventory.sites.name(s) for s in f.sites))} | "
                     f"{'ja' if f.locked else 'nee'} |")
    lines += ["", f"Totaal: {len(carving.functions)} functies, {_nl(created)} fta "
              f"(uren / 25,5)."]
    if fta_target:
        lines.append(f"Doel van het bestuur: {_nl(fta_target)} fta; gecreëerd "
                     f"{created / fta_target:.0%} van het doel.")
    for f in carving.functions:
        for warning in f.warnings:
            lines.append(f"- Let op, {f.function_id}: {warning}")
    per_site = jobs_by_site(carving.functions, inventory.sites, site_targets or {})
    lines += ["", "## fta per locatie", "",
              "| locatie | functies | uren per week | fta | doel |", "|---|---:|---:|---:|---:|"]
    for _, row in per_site.iterrows():
        target = float(row.get("target", math.nan))
        lines.append(f"| {_cell(row['name'])} | {row['functions']} | "
                     f"{_nl(row['hours_per_week'])} | {_nl(row['fta'])} | "
                     f"{'-' if math.isnan(target) else _nl(target)} |")
    lines += ["", "Een functie op meer locaties telt naar rato van haar uren per locatie."]
    if task_pins:
        owner = {t: f.function_id for f in carving.functions for t in f.task_ids}
        lines += ["", "## Vastgepinde taken", "",
                  "Deze taken blijven bij opnieuw maken bij de functie van de genoemde taak.", ""]
        for task_id, anchor in task_pins:
            lines.append(f"- {task_id} bij {anchor} (nu in "
                         f"{owner.get(task_id, 'geen functie')}).")
    left = carving.allocation[carving.allocation["function_id"] == ""]
    lines += ["", "## Niet geplaatste taken", ""]
    if left.empty:
        lines.append("Alle taken zitten in een functie.")
    else:
        lines.append(f"{len(left)} taken ({_nl(float(left['hours_per_week'].sum()), 1)} uur "
                     "per week) zitten in geen functie:")
        lines.append("")
        for _, row in left.iterrows():
            lines.append(f"- {row['task_id']}: {_cell(row['reason'])}")
    if assignment_pairs is not None:
        lines += ["", "## Toewijzing (pseudoniemen)", ""]
        if assignment_pairs.empty:
            lines.append("Geen functie heeft een haalbare kandidaat.")
        else:
            lines += ["| functie | kandidaat | score | afgesproken |", "|---|---|---:|---|"]
            for _, row in assignment_pairs.iterrows():
                agreed = "ja" if bool(row.get("pinned", False)) else "nee"
                lines.append(f"| {row['function_id']} | {row['candidate_id']} | "
                             f"{_nl(float(row['score']))} | {agreed} |")
        if weights is not None:
            parts = ", ".join(f"{COMPONENT_LABELS_NL[k]} {_nl(getattr(weights, k))}"
                              for k in COMPONENTS)
            lines += ["", f"Gewichten: {parts}."]
    if quota_result is not None:
        q = quota_result
        qp = q.params
        lines += [
            "", "## Quotum", "",
            f"Werknemersbanen {_nl(q.employer_jobs)} (uren / 25,5); quotum {_nl(qp.percentage)}% "
            f"({qp.year}) = {_nl(q.required_jobs)} banen; gerealiseerd {_nl(q.realised_jobs)}; "
            f"tekort {_nl(q.missing_jobs)}.",
            f"Quotumregeling van toepassing: {'ja' if q.applies else 'nee'} "
            f"({q.employees} werknemers; drempel {qp.threshold}).",
            f"Mogelijke heffing: € {_nl(q.levy, 0)} (€ {_nl(qp.levy_per_job, 0)} per "
            f"ontbrekende baan{'' if qp.levy_confirmed else ', onbevestigd: controleer'}).",
            f"Bron percentage: {qp.source} ({qp.date}).",
        ]
        if q.sources_disagree:
            lines.append("Let op: de bronnen noemen als drempel zowel 25 werknemers als 25 fte; "
                         "die geven hier een verschillend antwoord.")
    lines += ["", "matcher stelt voor; de school beslist.", ""]
    return "\n".join(lines)
