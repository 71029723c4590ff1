"""Tests for stable function ids: a function keeps its id through re-carves and locks."""

from __future__ import annotations

from dataclasses import replace

from matcher.carving import carve
from matcher.carving.names import renamed, stable_ids
from matcher.demo import demo_files
from matcher.inputs.loaders import load_tasks

HOURS = {t: 5.0 for t in "ABCDEFGH"}


class _F:
    """A stand-in with the two attributes stable_ids reads."""

    def __init__(self, function_id: str, task_ids: tuple[str, ...]) -> None:
        self.function_id, self.task_ids = function_id, task_ids


def test_a_function_that_carries_on_keeps_its_id_and_a_new_one_comes_after():
    earlier = {"F01": ["A", "B"], "F02": ["C", "D"], "F05": ["E", "F"]}
    fresh = [_F("F01", ("E", "F")), _F("F02", ("A", "B", "C")), _F("F03", ("G", "H"))]
    ids = stable_ids(fresh, earlier, HOURS)  # type: ignore[arg-type]
    # E,F is F05; A,B,C shares 10 of 15 h with F01 (more than half of each); G,H is new
    assert ids == {"F01": "F05", "F02": "F01", "F03": "F06"}


def test_a_merge_of_two_functions_carries_on_neither():
    earlier = {"F01": ["A", "B"], "F02": ["C", "D"]}
    ids = stable_ids([_F("F01", ("A", "B", "C", "D"))], earlier, HOURS)  # type: ignore[arg-type]
    assert ids == {"F01": "F03"}


def test_without_an_earlier_carving_every_id_stays():
    assert stable_ids([_F("F01", ("A",))], {}, HOURS) == {"F01": "F01"}  # type: ignore[arg-type]


def test_locking_f05_and_recarving_keeps_f05():
    """The issue's case: locking the fifth function and re-carving renamed it F01."""
    files = demo_files("vo")
    inventory = load_tasks(files.tasks, files.sites)
    first = carve(inventory)
    assert len(first.functions) >= 5
    fifth = first.functions[4]
    earlier = {f.function_id: f.task_ids for f in first.functions}
    again = carve(inventory, first.params, locked=[fifth.task_ids],
                  warm_start=[f.task_ids for f in first.functions if f is not fifth],
                  earlier=earlier)
    kept = {f.function_id: f for f in again.functions}[fifth.function_id]
    assert kept.locked and kept.task_ids == fifth.task_ids
    assert [f.function_id for f in again.functions] == sorted(f.function_id
                                                              for f in again.functions)
    allocation = again.allocation.set_index("task_id")["function_id"]
    assert set(allocation[list(fifth.task_ids)]) == {fifth.function_id}


def test_renamed_orders_by_number():
    first = carve(load_tasks(demo_files("vo").tasks, demo_files("vo").sites))
    functions = list(first.functions[:2])
    out = renamed(functions, {functions[0].function_id: "F10",
                              functions[1].function_id: "F02"})
    assert [f.function_id for f in out] == ["F02", "F10"]
    assert out[1] == replace(functions[0], function_id="F10")
