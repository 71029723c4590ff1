"""Upper bounds on the carving objective: valid against the proven optimum and brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from matcher.carving import CarveParams, SolverParams, carve, problem_and_pool
from matcher.carving.bound import (
    Pricer,
    carve_bound,
    column_generation_bound,
    exact_bound,
    relaxed_value,
    relaxed_violation,
    subproblems,
)
from matcher.carving.columns import enumerate_columns
from matcher.carving.problem import week_cost
from matcher.carving.week import Schedule
from matcher.demo import generate_board, generate_inventory

EXACT = SolverParams(method="exact", exact_max_columns=200_000, time_limit=60)
SMALL = [(n, sites, seed) for n, sites, seed in itertools.product((9, 12, 15), (1, 2), (1, 2, 3))]


@pytest.mark.parametrize(("n", "sites", "seed"), SMALL)
def test_bounds_are_at_least_the_proven_optimum(n: int, sites: int, seed: int) -> None:
    inventory = generate_inventory(n, sites, seed)
    optimum = carve(inventory, solver=EXACT).objective
    exact = exact_bound(inventory)
    assert exact.proven
    assert exact.lower == pytest.approx(optimum, abs=1e-6)
    assert exact.upper == pytest.approx(optimum, abs=1e-6)
    assert exact.lp >= optimum - 1e-6
    relaxed = column_generation_bound(inventory, time_limit=30)
    assert relaxed.converged
    assert relaxed.upper >= optimum - 1e-6
    assert relaxed.upper >= relaxed.lp - 1e-6
    heuristic = carve(inventory, solver=SolverParams(method="heuristic")).objective
    assert relaxed.upper >= heuristic - 1e-6


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_bound_stopped_early_is_still_valid(seed: int) -> None:
    """The Lagrangian bound (LP + K x best reduced cost) holds after any number of rounds."""
    inventory = generate_inventory(16, 1, seed)
    optimum = carve(inventory, solver=EXACT).objective
    for rounds in (1, 2, 3):
        early = column_generation_bound(inventory, max_iterations=rounds, seed_columns=False)
        assert early.upper >= optimum - 1e-6
        assert early.iterations <= rounds


def test_lp_over_all_columns_equals_the_milp_optimum_when_integral() -> None:
    integral = 0
    for seed in range(1, 13):
        bound = exact_bound(generate_inventory(12, 1, seed))
        assert bound.lower is not None
        assert bound.lp >= bound.lower - 1e-6
        if bound.lp_integral:
            integral += 1
            assert bound.lp == pytest.approx(bound.lower, abs=1e-6)
    assert integral > 0


@pytest.mark.parametrize(("n", "sites", "seed"), [(12, 1, 9), (14, 2, 2), (16, 2, 2)])
def test_every_real_function_is_a_relaxed_column_worth_at_least_its_value(
        n: int, sites: int, seed: int) -> None:
    inventory = generate_inventory(n, sites, seed)
    params = CarveParams()
    problem, pool = problem_and_pool(inventory, params)
    columns = enumerate_columns(problem, pool, 100_000)
    assert columns
    subs, _ = subproblems(problem, pool)
    for column in columns:
        assert relaxed_violation(problem, column) is None
        assert any(column <= set(s.tasks) for s in subs)
        schedule = problem.schedule(column)
        assert isinstance(schedule, Schedule)
        # the relaxation drops the whole price of the week: idle time, travel, routine
        assert relaxed_value(problem, column) == pytest.approx(
            problem.value(column) + week_cost(schedule, params), abs=1e-9)


@pytest.mark.parametrize(("n", "sites", "seed"), [(11, 2, 3), (12, 1, 3), (12, 2, 4),
                                                  (13, 1, 7)])
def test_pricing_finds_the_best_relaxed_column_like_brute_force(n: int, sites: int,
                                                                seed: int) -> None:
    inventory = generate_inventory(n, sites, seed)
    problem, pool = problem_and_pool(inventory, CarveParams())
    subs, _ = subproblems(problem, pool)
    pricers = [Pricer(problem, s) for s in subs]
    real = enumerate_columns(problem, pool, 100_000)
    relaxed = [frozenset(c) for size in range(1, len(pool) + 1)
               for c in itertools.combinations(pool, size)
               if relaxed_violation(problem, c) is None]
    assert set(real) <= set(relaxed)
    rng = np.random.default_rng(seed)
    hours = np.array(problem.hours)
    positive = 0
    for _ in range(6):
        pi = rng.uniform(0.3, 1.3, len(problem.tasks)) * hours
        brute = max(relaxed_value(problem, c) - pi[list(c)].sum() for c in relaxed)
        best_real = max((problem.value(c) - pi[list(c)].sum() for c in real), default=-np.inf)
        priced = [p.price(pi, 30.0) for p in pricers]
        best = max(rc for rc, _ in priced)
        assert best == pytest.approx(brute, abs=1e-5)
        found = [c for _, c in priced if c is not None]
        assert max(relaxed_value(problem, c) - pi[list(c)].sum() for c in found) == \
            pytest.approx(brute, abs=1e-5)
        assert all(relaxed_violation(problem, c) is None for c in found)
        if best_real > 1e-6:
            positive += 1
            assert best > 1e-6
    assert positive > 0


def test_column_generation_respects_boards() -> None:
    inventory = generate_board(48, 8, seed=2, n_boards=2)
    heuristic = carve(inventory, solver=SolverParams(method="heuristic"))
    bound = column_generation_bound(inventory, max_iterations=4, seeds=heuristic)
    assert bound.upper >= heuristic.objective - 1e-6
    problem, pool = problem_and_pool(inventory, CarveParams())
    subs, k = subproblems(problem, pool)
    assert len(k) == 2
    for s in subs:
        assert len({problem.board[i] for i in s.tasks}) == 1


def test_carve_bound_picks_the_method_and_refuses_unknown_ones() -> None:
    inventory = generate_inventory(12, 1, 1)
    assert carve_bound(inventory).method == "exact"
    assert carve_bound(inventory, method="column_generation").method == "column_generation"
    with pytest.raises(ValueError, match="more than 10"):
        carve_bound(generate_inventory(20, 1, 1), method="exact", exact_max_columns=10)
    assert carve_bound(generate_inventory(20, 1, 1), exact_max_columns=10,
                       time_limit=5).method == "column_generation"
    with pytest.raises(ValueError, match="method"):
        carve_bound(inventory, method="lagrange")


def test_bound_gap_is_relative_to_the_bound() -> None:
    bound = exact_bound(generate_inventory(12, 1, 3))
    assert bound.upper > 0
    assert bound.gap(bound.upper) == 0.0
    assert bound.gap(0.0) == pytest.approx(1.0)
