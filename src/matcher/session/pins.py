"""Pins: a task pinned to a function, a candidate agreed for a function.

A function's id changes with every re-carve, so a pin names a task of the function (its
anchor) instead. :func:`keep_pins` puts pinned tasks back with their anchors after a
carve, :func:`follow_candidate_pins` lets agreed candidates follow their function, and
:func:`assign_with_pins` solves the assignment around the agreed pairs. Whatever cannot
be kept is returned with a coded reason (``pin.*``), never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from matcher.carving import Carving, Function, SolverParams
from matcher.carving.week import build_schedule
from matcher.errors import InputError, ScheduleError
from matcher.matching.assign import Assignment, Objective, assign
from matcher.matching.score import PairScores
from matcher.model import Inventory
from matcher.session.scope import Group, Scope, rebuild
from matcher.text.catalogue import Msg, msg

__all__ = [
    "CandidatePin",
    "FollowedPins",
    "PinOutcome",
    "Reanchored",
    "TaskPin",
    "assign_with_pins",
    "candidate_pins_by_function",
    "follow_candidate_pins",
    "function_anchor",
    "function_of_anchor",
    "keep_pins",
    "moved",
    "pin_task",
    "reanchor",
    "unpin_task",
    "valid_task_pins",
]


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
    new, new_locks = moved(old, locks, {task_id: target})
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


def moved(old: Sequence[Group], locks: Iterable[Sequence[str]], moves: dict[str, int]
          ) -> tuple[tuple[Group, ...], tuple[Group, ...]]:
    """Groups after moving tasks (task id -> group index); locks follow their groups.

    Returns the new groups (an emptied group disappears) and the new locks.
    """
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
              scope: Scope = "board", solver: SolverParams | None = None) -> PinOutcome:
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
    new_groups, new_locks = moved([f.task_ids for f in functions], locks, moves)
    try:
        rebuilt = rebuild(carving.inventory, carving.params, new_groups, new_locks, scope,
                          solver, {f.function_id: f.task_ids for f in functions})
    except InputError as error:  # not expected (every week was checked): keep the carving
        first = error.problems[0]
        why = msg("pin.refused", reason=Msg(first.code, first.params) if first.code
                  else first.rule)
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


