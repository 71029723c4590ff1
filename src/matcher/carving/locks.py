"""Groups of tasks a user fixed or proposed: locked functions and warm starts.

:func:`check_locked` validates locked groups (a group that cannot form a week, an unknown
or repeated task raises :class:`~matcher.errors.InputError`; soft rule breaks become the
function's Dutch warnings); :func:`valid_warm` keeps the warm-start groups that are still
valid functions.
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.carving.problem import CarveProblem
from matcher.carving.week import COMPLETION_RULES
from matcher.errors import InputError, Problem, ScheduleError
from matcher.text.catalogue import render

__all__ = ["LOCKED_FILE", "check_locked", "valid_warm"]

#: The ``file`` of the problems about locked groups.
LOCKED_FILE = "<vergrendeld>"


def check_locked(problem: CarveProblem, locked: Sequence[Sequence[str]]
                 ) -> tuple[list[frozenset[int]], list[tuple[str, ...]]]:
    """Validate locked task groups: hard errors raise, soft rule breaks become warnings.

    Returns the groups (task indices) and, per group, its warnings in Dutch.

    Raises
    ------
    InputError
        Listing every group that is empty, names an unknown task, holds a task of an
        earlier group or cannot form a workable week.
    """
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
            problems.append(Problem.of(LOCKED_FILE, None, where, "lock.empty"))
            continue
        for task_id in ids:
            if task_id not in index:
                problems.append(Problem.of(LOCKED_FILE, None, where, "lock.unknown_task",
                                           task_id))
            elif task_id in seen:
                problems.append(Problem.of(LOCKED_FILE, None, where, "lock.task_twice",
                                           task_id, other=seen[task_id]))
            else:
                seen[task_id] = k
        members = frozenset(index[x] for x in ids if x in index)
        if not members:
            continue
        schedule = problem.schedule(members)
        notes = []
        if isinstance(schedule, ScheduleError) and schedule.code in COMPLETION_RULES:
            # a week the user chose that bends a rule of a finished day: kept, with a note
            notes.append(render("carve.lock.week", "nl", reason=str(schedule)))
            schedule = problem.schedule(members, complete=False)
        if isinstance(schedule, ScheduleError):
            problems.append(Problem.of(LOCKED_FILE, None, where, "lock.no_week",
                                       reason=str(schedule)))
            continue
        tasks = [problem.tasks[i] for i in members]
        hours = sum(t.hours for t in tasks)
        if not p.min_hours - 1e-9 <= hours <= p.max_hours + 1e-9:
            notes.append(render("carve.lock.band", "nl", hours=hours, low=p.min_hours,
                                high=p.max_hours))
        if len({t.area for t in tasks}) > p.max_areas:
            notes.append(render("carve.lock.areas", "nl", limit=p.max_areas))
        levels = [t.level for t in tasks]
        if max(levels) - min(levels) > p.max_level_spread:
            notes.append(render("carve.lock.level", "nl", limit=p.max_level_spread))
        if len({t.site for t in tasks}) > p.max_sites:
            notes.append(render("carve.lock.sites", "nl", limit=p.max_sites))
        if any(not t.carvable for t in tasks):
            notes.append(render("carve.lock.not_carvable", "nl"))
        groups.append(members)
        warnings.append(tuple(notes))
    if problems:
        raise InputError(problems)
    return groups, warnings


def valid_warm(problem: CarveProblem, pool: list[int], warm_start: Sequence[Sequence[str]]
               ) -> list[frozenset[int]]:
    """The warm-start groups that are still valid functions over the pool, in order: all
    tasks known and in the pool, none in an earlier group, within every hard rule and the
    band."""
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
