"""Stable function ids: a function keeps its id through re-carves, locks and pins.

A carving numbers its functions ``F01``, ``F02``, ... . When it re-carves an earlier carving
(a session that locked, moved or pinned), :func:`stable_ids` gives every function that
carries on an earlier one that function's id, and a new function a new id after the highest
earlier one: locking ``F05`` and re-carving keeps ``F05``, never renames it ``F01``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matcher.carving.result import Function

__all__ = ["renamed", "stable_ids"]

_NUMBER = re.compile(r"F(\d+)$")


def stable_ids(functions: Sequence[Function], earlier: Mapping[str, Sequence[str]],
               hours: Mapping[str, float]) -> dict[str, str]:
    """New id for every function id of ``functions`` (a fresh carving numbered ``F01``, ...).

    ``earlier`` maps the earlier carving's function ids to their task ids, ``hours`` task
    id -> hours a week. A function carries on an earlier one when they share more than half
    of the hours of each (so at most one earlier function qualifies, and each earlier one at
    most once); the best overlaps are matched first. The others get ``F<n>`` after the
    highest earlier number, in their current order. Without ``earlier`` every id stays.
    """
    if not earlier:
        return {f.function_id: f.function_id for f in functions}
    old_sets = {fid: set(map(str, tasks)) for fid, tasks in earlier.items()}
    old_hours = {fid: sum(hours.get(t, 0.0) for t in tasks) for fid, tasks in old_sets.items()}
    pairs = []
    for k, f in enumerate(functions):
        mine = set(f.task_ids)
        own = sum(hours.get(t, 0.0) for t in mine)
        for fid, tasks in old_sets.items():
            shared = sum(hours.get(t, 0.0) for t in mine & tasks)
            if shared > 0.5 * own + 1e-9 and shared > 0.5 * old_hours[fid] + 1e-9:
                pairs.append((-shared, fid, k))
    new_id: dict[int, str] = {}
    taken: set[str] = set()
    for _, fid, k in sorted(pairs):
        if k not in new_id and fid not in taken:
            new_id[k] = fid
            taken.add(fid)
    numbers = [int(m.group(1)) for fid in earlier if (m := _NUMBER.match(fid))]
    width = max([2, *(len(fid) - 1 for fid in earlier if _NUMBER.match(fid))])
    following = max(numbers, default=0) + 1
    for k in range(len(functions)):
        if k not in new_id:
            new_id[k] = f"F{following:0{width}d}"
            following += 1
    return {f.function_id: new_id[k] for k, f in enumerate(functions)}


def renamed(functions: Sequence[Function], ids: Mapping[str, str]) -> list[Function]:
    """The functions with their new ids, ordered by id number."""
    out = [replace(f, function_id=ids.get(f.function_id, f.function_id)) for f in functions]
    return sorted(out, key=lambda f: (_number(f.function_id), f.function_id))


def _number(function_id: str) -> int:
    m = _NUMBER.match(function_id)
    return int(m.group(1)) if m else 10**9
