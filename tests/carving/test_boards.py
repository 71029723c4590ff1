"""An inventory of several boards is carved board by board, each in its own process when
allowed: the same carving wherever a board runs, each function within one board, every
task accounted for once, locks and earlier ids kept (issues 18 and 19)."""

from __future__ import annotations

from dataclasses import replace

import pytest

import matcher.carving.carver as carver
from matcher.carving import CarveParams, SolverParams, carve
from matcher.carving.problem import site_boards
from matcher.model import Inventory
from tests.benchmark_modules import load_benchmark

realistic = load_benchmark("realistic", None)
QUICK = SolverParams(method="heuristic", restarts=1, lns_rounds=2, lns_patience=1)


@pytest.fixture(scope="module", autouse=True)
def low_threshold():
    """Boards apart from 100 tasks, so a small region shows it quickly."""
    before = carver.BOARDS_APART_TASKS
    carver.BOARDS_APART_TASKS = 100
    yield
    carver.BOARDS_APART_TASKS = before


@pytest.fixture(scope="module")
def region() -> Inventory:
    """Five primary schools, each its own board, 180 tasks."""
    return realistic.region(seed=3, n_tasks=180, n_schools=5)


@pytest.fixture(scope="module")
def apart(region: Inventory):
    return carve(region, solver=QUICK)


def test_each_board_on_its_own_and_the_same_wherever_it_runs(region: Inventory,
                                                             apart) -> None:
    boards = site_boards(region)
    assert len({boards[t.site] for t in region.tasks}) == 5
    assert carver._boards_apart(region, CarveParams(), ()) is not None
    one = carve(region, solver=replace(QUICK, workers=1))
    assert [f.task_ids for f in one.functions] == [f.task_ids for f in apart.functions]
    assert one.allocation.equals(apart.allocation)
    assert [f.function_id for f in apart.functions] == [
        f"F{k:02d}" for k in range(1, len(apart.functions) + 1)]
    for f in apart.functions:
        assert len({boards[t.site] for t in f.tasks}) == 1
    assert list(apart.allocation["task_id"]) == [t.task_id for t in region.tasks]
    placed = apart.allocation[apart.allocation["function_id"] != ""]
    assert sorted(placed["task_id"]) == sorted(t for f in apart.functions for t in f.task_ids)
    # the merge is the boards' own carvings, objective summed
    first = next(iter({boards[t.site] for t in region.tasks}))
    own = Inventory(tuple(t for t in region.tasks if boards[t.site] == first), region.sites,
                    region.source)
    alone = carve(own, solver=QUICK)
    mine = {f.task_ids for f in apart.functions if boards[f.tasks[0].site] == first}
    assert mine == {f.task_ids for f in alone.functions}
    assert apart.objective == pytest.approx(sum(
        carve(Inventory(tuple(t for t in region.tasks if boards[t.site] == b), region.sites,
                        region.source), solver=QUICK).objective
        for b in sorted({boards[t.site] for t in region.tasks})))


def test_locks_and_earlier_ids_are_kept_board_by_board(region: Inventory,
                                                       apart) -> None:
    last = apart.functions[-1]
    again = carve(region, solver=QUICK, locked=[last.task_ids],
                  earlier={f.function_id: f.task_ids for f in apart.functions})
    kept = [f for f in again.functions if f.task_ids == last.task_ids]
    assert kept and kept[0].locked and kept[0].function_id == last.function_id
    assert len({f.function_id for f in again.functions}) == len(again.functions)


def test_small_inventories_and_boards_that_may_mix_stay_one_problem(region: Inventory
                                                                    ) -> None:
    assert carver._boards_apart(region, CarveParams(max_boards=2), ()) is None
    small = Inventory(region.tasks[:60], region.sites, region.source)
    assert carver._boards_apart(small, CarveParams(), ()) is None
    # a locked group with an unknown task: carve() reports it as always
    assert carver._boards_apart(region, CarveParams(), [["GEEN-TAAK"]]) is None
