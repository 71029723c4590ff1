"""Time budgets that hold (issue 19): the whole carve, workers included, keeps its budget."""

from __future__ import annotations

import time

import pytest

from matcher.carving import CarveParams, SolverParams, carve
from matcher.carving.carver import budget_deadline
from matcher.carving.problem import Budget, CarveProblem, Conflicts
from matcher.carving.week import fixed_conflict
from matcher.demo import generate_board


@pytest.fixture(scope="module")
def big_board():
    """4,000 tasks of 40 schools in 4 boards: without a budget far more than 30 s."""
    return generate_board(n_tasks=4000, n_schools=40, seed=2, n_boards=4,
                          max_tasks_per_school=200)


def test_a_small_budget_holds_on_a_large_inventory(big_board):
    """A 6 s budget on 4,000 tasks returns within the budget (generous tolerance: the
    machine is shared), a valid carving, and says that the budget cut the search; every
    task is accounted for. Before issue 19 the same call ran for minutes (pairwise
    conflicts of every fixed task, travel tables rebuilt per board, each block given
    the whole budget)."""
    start = time.monotonic()
    carving = carve(big_board, solver=SolverParams(time_budget=6.0))
    took = time.monotonic() - start
    assert took < 6.0 * 2.5
    assert carving.budget_cut
    assert len(carving.allocation) == len(big_board.tasks)
    p = carving.params
    for f in carving.functions:
        assert p.min_hours - 1e-9 <= f.hours <= p.max_hours + 1e-9
    placed = carving.allocation["function_id"] != ""
    assert set(carving.allocation.loc[~placed, "reason_code"]) <= {
        "not_carvable", "too_large", "unschedulable", "too_few_hours", "no_fit", "blocked",
        "week_rule", "time_budget"}


def test_the_deadline_leaves_room_to_write():
    """The carve returns before the budget ends, leaving the caller time for the outputs."""
    assert budget_deadline(None, 100) is None
    assert budget_deadline(60.0, 100_000, started=0.0) == pytest.approx(60 * 0.93 - 20.0)
    assert budget_deadline(60.0, 1_000, started=0.0) == pytest.approx(60 * 0.93 - 1.1)
    assert budget_deadline(3.0, 100_000, started=0.0) == pytest.approx(3 * 0.93 - 1.0)


def test_a_child_budget_reports_its_cut_to_the_parent():
    parent = Budget(100.0)
    part = parent.child(0.0)
    assert part.over() and part.cut and parent.cut
    assert Budget(None).child(None).left() is None
    assert Budget(1.0).child(50.0).seconds <= 1.0


def test_lazy_conflicts_equal_every_pair():
    """The conflicts worked out per task are those of every pair (fixed_conflict)."""
    board = generate_board(n_tasks=400, n_schools=6, seed=4, n_boards=2)
    tasks = list(board.tasks)
    travel = board.sites.travel_minutes()
    conflicts = Conflicts(tasks, travel)
    fixed = [i for i, t in enumerate(tasks) if t.fixed]
    for i in fixed[:80]:
        expected = {j for j in fixed if j != i
                    and fixed_conflict(tasks[min(i, j)], tasks[max(i, j)], travel)}
        assert conflicts[i] == expected
    flexible = next(i for i, t in enumerate(tasks) if not t.fixed)
    assert conflicts[flexible] == set()


def test_conflicts_stay_within_a_board():
    board = generate_board(n_tasks=400, n_schools=6, seed=4, n_boards=2)
    problem = CarveProblem(list(board.tasks), board.sites.travel_minutes(), CarveParams(),
                           {s: b for s, b in zip(board.sites.frame["site"],
                                                  board.sites.frame["board"], strict=True)})
    for i in range(len(problem.tasks)):
        assert all(problem.board[j] == problem.board[i] for j in problem.conflict[i])


def test_no_budget_no_cut():
    carving = carve(generate_board(n_tasks=60, n_schools=2, seed=1))
    assert not carving.budget_cut
    assert carving.deadline is None
