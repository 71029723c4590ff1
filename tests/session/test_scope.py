"""Tests for matcher.session.scope: carving board-wide or per site, locks, moves, rebuilds."""

from __future__ import annotations

import pytest

import matcher.session.scope as scope_module
from matcher.errors import InputError
from matcher.model import Inventory, Task
from matcher.session import (
    carve_scoped,
    groups_of,
    move_task,
    rebuild,
    with_locks,
)
from tests.session import FAST, FAST_SOLVER


def test_per_site_functions_stay_on_one_site(po_by_site):
    """Per site: every function has one site; ids F01.. in order; every task accounted for."""
    inventory, carving = po_by_site
    assert carving.functions
    assert all(len(f.sites) == 1 for f in carving.functions)
    assert [f.function_id for f in carving.functions] == [
        f"F{k:02d}" for k in range(1, len(carving.functions) + 1)]
    allocation = carving.allocation
    assert list(allocation["task_id"]) == [t.task_id for t in inventory.tasks]
    owner = {t: f.function_id for f in carving.functions for t in f.task_ids}
    assert {t: f for t, f in zip(allocation["task_id"], allocation["function_id"], strict=True)
            if f} == owner
    assert carving.inventory is inventory


def test_per_site_keeps_locks_first(po_by_site):
    """Per site with a locked group: it comes first, locked, and the rest is per site."""
    inventory, carving = po_by_site
    last = carving.functions[-1]
    again = carve_scoped(inventory, carving.params, "site", locked=[last.task_ids])
    assert again.functions[0].task_ids == last.task_ids and again.functions[0].locked
    assert not any(f.locked for f in again.functions[1:])


def test_board_scope_is_carve(vo):
    """Board-wide scope is exactly matcher.carve."""
    inventory, carving = vo
    again = carve_scoped(inventory, FAST, "board", solver=FAST_SOLVER)
    assert groups_of(again) == groups_of(carving)
    with pytest.raises(ValueError, match="scope"):
        carve_scoped(inventory, FAST, "regio")  # type: ignore[arg-type]


def test_rebuild_reproduces_groups_and_marks_locks(vo):
    """Rebuilding from the groups gives the same functions; only the locks are locked."""
    inventory, carving = vo
    groups = groups_of(carving)
    rebuilt = rebuild(inventory, FAST, groups, [groups[2]], solver=FAST_SOLVER)
    assert groups_of(rebuilt) == groups
    assert [f.locked for f in rebuilt.functions] == [k == 2 for k in range(len(groups))]
    assert [f.schedule.blocks for f in rebuilt.functions] == [
        f.schedule.blocks for f in carving.functions]


def test_with_locks_only_changes_flags(vo):
    """with_locks sets the flags and nothing else."""
    _, carving = vo
    locked = with_locks(carving, [carving.functions[0].task_ids])
    assert [f.locked for f in locked.functions][:2] == [True, False]
    assert groups_of(locked) == groups_of(carving)
    assert not any(f.locked for f in with_locks(locked, ()).functions)


def test_move_task_locks_target_and_unlocks_source():
    """The target gets the task and is locked; the source loses it and is unlocked."""
    groups = [("A", "B"), ("C",), ("D", "E")]
    new, locks = move_task(groups, [("A", "B"), ("D", "E")], "B", 1)
    assert new == (("A",), ("C", "B"), ("D", "E"))
    assert locks == (("C", "B"), ("D", "E"))
    new, locks = move_task(new, locks, "A", 2)  # the source becomes empty and disappears
    assert new == (("C", "B"), ("D", "E", "A"))
    assert locks == (("C", "B"), ("D", "E", "A"))
    new, locks = move_task(new, (), "X", 0)  # an unplaced task joins a function
    assert new[0] == ("C", "B", "X") and locks == (("C", "B", "X"),)


@pytest.mark.parametrize(("task", "target"), [("A", 0), ("A", 5), ("A", -1)])
def test_move_task_refuses_bad_targets(task, target):
    """Moving into its own function or a function that does not exist is an error."""
    with pytest.raises(ValueError):
        move_task([("A",), ("B",)], (), task, target)


def test_rebuild_refuses_an_unworkable_group():
    """Two tasks at the same fixed time cannot be one function: InputError in Dutch."""
    tasks = [Task("T1", "receptie", "concierge", 2.5, 1, days=(0, 1, 2, 3, 4), start=600,
                  end=630),
             Task("T2", "post", "concierge", 2.5, 1, days=(0, 1, 2, 3, 4), start=600, end=630)]
    inventory = Inventory.from_tasks(tasks)
    with pytest.raises(InputError) as info:
        rebuild(inventory, FAST, [("T1", "T2")])
    assert "werkbare week" in info.value.problems[0].message("nl")


@pytest.mark.parametrize("scope", ["board", "site"])
def test_carve_scoped_warm_start_never_ends_below_the_previous_carving(po_by_site, scope,
                                                                     monkeypatch):
    """Warm-started from a carving's own functions, a re-carve in either scope is at least
    as good; per site every site's carve gets exactly the groups of its own tasks."""
    inventory, carving = po_by_site
    params = carving.params
    previous = carving if scope == "site" else carve_scoped(inventory, params, "board")
    calls: list[tuple[set[str], list[tuple[str, ...]]]] = []
    real = scope_module.carve

    def spy(sub, p, **kwargs):
        calls.append(({t.task_id for t in sub.tasks}, [tuple(g) for g in kwargs["warm_start"]]))
        return real(sub, p, **kwargs)

    monkeypatch.setattr(scope_module, "carve", spy)
    again = carve_scoped(inventory, params, scope, warm_start=groups_of(previous))
    assert again.objective >= previous.objective - 1e-6
    given = [g for _, groups in calls for g in groups]
    assert sorted(given) == sorted(groups_of(previous))  # every group reaches one carve
    assert all(set(g) <= ids for ids, groups in calls for g in groups)
    # a group spanning two sites is no valid per-site function: ignored, not an error
    mixed = [inventory.tasks[0].task_id,
             next(t.task_id for t in inventory.tasks if t.site != inventory.tasks[0].site)]
    calls.clear()
    carve_scoped(inventory, params, "site", warm_start=[mixed])
    assert all(groups == [] for _, groups in calls)
