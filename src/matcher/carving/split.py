"""Splitting tasks by day (``CarveParams.split_days``): a task that runs on several days
may go to different functions on different days.

This is the usual move for boards whose schools share a timetable: the playground duty of
10:15 at every school cannot go to one person, but Monday's and Tuesday's can go to
different people. :func:`split_by_day` turns every task with days (fixed-time tasks
without days run Monday to Friday) into one task a day, ``"<id> (<day>)"``, with the hours
of that day; the carving then works on those, and the allocation says which days of a task
went where.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from matcher.inputs.schema import WORK_DAYS
from matcher.model import Inventory, Task
from matcher.text.labels import DAY_NAMES_NL

__all__ = ["day_id", "expand_groups", "split_by_day"]


def day_id(task_id: str, day: int) -> str:
    """The id of one day of a split task: ``"T01 (ma)"``."""
    return f"{task_id} ({DAY_NAMES_NL[day]})"


def split_by_day(inventory: Inventory) -> tuple[Inventory, dict[str, tuple[str, int | None]]]:
    """The inventory with every task on several days split into one task a day.

    Returns the new inventory and, for every new task id, the original task id and its day
    (``None`` for a task that was not split). A fixed task keeps its times on its one day;
    a flexible task with days gets its hours divided evenly over them.
    """
    tasks: list[Task] = []
    origin: dict[str, tuple[str, int | None]] = {}
    for t in inventory.tasks:
        days = t.days or (WORK_DAYS if t.fixed else ())
        if len(days) < 2:
            tasks.append(t)
            origin[t.task_id] = (t.task_id, None)
            continue
        share = t.hours / len(days)
        for d in days:
            new = replace(t, task_id=day_id(t.task_id, d), hours=share, days=(d,))
            tasks.append(new)
            origin[new.task_id] = (t.task_id, d)
    return replace(inventory, tasks=tuple(tasks)), origin


def expand_groups(groups: Sequence[Sequence[str]],
                  origin: Mapping[str, tuple[str, int | None]]) -> list[list[str]]:
    """Task groups of the original ids in the ids of the split inventory (a task's every
    day goes with it)."""
    days_of: dict[str, list[str]] = {}
    for new_id, (old_id, _) in origin.items():
        days_of.setdefault(old_id, []).append(new_id)
    return [[new for task_id in g for new in days_of.get(str(task_id), [str(task_id)])]
            for g in groups]
