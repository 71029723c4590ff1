"""Tests for splitting tasks by day (``CarveParams.split_days``)."""

from __future__ import annotations

import pytest

from matcher.carving import CarveParams, carve
from matcher.carving.split import day_id, expand_groups, split_by_day
from matcher.model import Inventory, Sites, Task

SITES = Sites.unlocated(["a"])


def _inventory() -> Inventory:
    return Inventory((
        Task("P", "pleinwacht", "concierge", 1.25, 1, "a", (0, 1, 2, 3, 4), 10 * 60 + 15,
             10 * 60 + 30, pupil_contact=2),
        Task("K", "kopieerwerk", "administration", 4.0, 1, "a", (0, 2)),
        Task("S", "schoonmaak", "facilities", 3.0, 1, "a"),
    ), SITES)


def test_tasks_on_several_days_become_one_task_a_day():
    split, origin = split_by_day(_inventory())
    ids = [t.task_id for t in split.tasks]
    assert ids == [*(day_id("P", d) for d in range(5)), "K (ma)", "K (wo)", "S"]
    assert day_id("P", 0) == "P (ma)"
    by_id = {t.task_id: t for t in split.tasks}
    assert by_id["P (di)"].days == (1,) and by_id["P (di)"].start == 615
    assert by_id["P (di)"].hours == pytest.approx(0.25)
    assert by_id["K (wo)"].hours == pytest.approx(2.0) and by_id["K (wo)"].days == (2,)
    assert origin["K (wo)"] == ("K", 2) and origin["S"] == ("S", None)
    assert sum(t.hours for t in split.tasks) == pytest.approx(8.25)
    assert expand_groups([["K", "S"]], origin) == [["K (ma)", "K (wo)", "S"]]


def test_shared_timetable_tasks_go_to_different_functions_by_day():
    """Two schools with a playground duty at the same time every day: whole, one function
    can take only one of them; split by day, each function takes days of both."""
    tasks = []
    for school in ("a", "b"):
        tasks.append(Task(f"{school}-plein", "pleinwacht", "concierge", 3.75, 1, school,
                          (0, 1, 2, 3, 4), 12 * 60, 12 * 60 + 45, pupil_contact=2))
        tasks.append(Task(f"{school}-gebouw", "gebouwbeheer", "concierge", 9.0, 1, school))
    inventory = Inventory(tuple(tasks), Sites.unlocated(["a", "b"]))
    params = CarveParams(min_hours=10, target_hours=12.75, max_hours=14, max_sites=2)
    whole = carve(inventory, params)
    split = carve(inventory, CarveParams(min_hours=10, target_hours=12.75, max_hours=14,
                                         max_sites=2, split_days=True))
    assert split.params.split_days
    carved = sum(f.hours for f in split.functions)
    assert carved >= sum(f.hours for f in whole.functions) - 1e-9  # never less
    placed = split.allocation[split.allocation["function_id"] != ""]
    assert set(placed["task_id"]) <= {t.task_id for t in split_by_day(inventory)[0].tasks}
