"""The exact method's second route (matcher.carving.exact): pricing walk, gap, branch and bound."""

from __future__ import annotations

import logging
import random
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings

from matcher.carving import CarveParams, CarveProblem, SolverParams, carve, site_boards
from matcher.carving.columns import enumerate_columns
from matcher.carving.exact import (
    GROWN_WORK,
    NODE_WORK,
    branch_and_bound,
    packing_lp,
    price,
    separate_cuts,
    solve_exact,
)
from matcher.carving.heuristic import select_packing
from matcher.demo import generate_inventory
from matcher.model import Inventory, Task
from tests.carving.test_carve import brute_force_optimum, check_rules
from tests.strategies import SITES, inventories

#: forces the second route: the full enumeration gives up at once
GAP_ROUTE = SolverParams(method="exact", exact_max_columns=1)


def school_problem(n: int, seed: int, params: CarveParams | None = None
                   ) -> tuple[CarveProblem, list[int]]:
    """The problem and pool of a generated one-site school of ``n`` tasks."""
    inventory = generate_inventory(n, 1, seed)
    params = params or CarveParams()
    problem = CarveProblem(list(inventory.tasks), inventory.sites.travel_minutes(), params,
                           site_boards(inventory))
    pool = [i for i, t in enumerate(problem.tasks)
            if t.carvable and problem.violation(frozenset({i})) is None]
    return problem, pool


def random_prices(problem: CarveProblem, seed: int) -> np.ndarray:
    """Task prices between 0.55 and 1.1 times their hours."""
    rng = random.Random(seed)
    return np.array([h * rng.uniform(0.55, 1.1) for h in problem.hours])


@pytest.mark.parametrize(("n", "seed"), [(14, 1), (16, 2), (18, 3)])
def test_price_lists_exactly_the_functions_above_the_threshold(n, seed):
    """Against the full enumeration: the walk finds every feasible function whose reduced
    cost exceeds the threshold and nothing else; the lazy walk lists a superset, each
    with an optimistic reduced cost never below the true one."""
    problem, pool = school_problem(n, seed)
    every = enumerate_columns(problem, pool, 10_000_000)
    pi = random_prices(problem, seed)
    rc = {c: problem.value(c) - float(sum(pi[i] for i in c)) for c in every}
    for threshold in (-3.0, -0.5, 1.0):
        expected = {c for c, r in rc.items() if r > threshold}
        found, _ = price(problem, pool, pi, threshold)
        assert {c for _, c in found} == expected
        assert all(r == pytest.approx(rc[c]) for r, c in found)
        lazy, _ = price(problem, pool, pi, threshold, lazy=True)
        optimistic = {c: r for r, c in lazy}
        assert expected <= set(optimistic)
        assert all(optimistic[c] >= rc[c] - 1e-9 for c in expected)
        # optimistic, but never above the value without idle time (a site counted once
        # however the walk got there), and never a set whose days overflow
        for c, r in optimistic.items():
            assert r <= problem.value_without_idle(c) - float(sum(pi[i] for i in c)) + 1e-9
            assert problem.violation(c) != "day_hours"


def test_lazy_walk_bounds_idle_time():
    """Hours at 08:00, 11:00 and 13:00 every day and ten flexible hours: the spans hold 15
    hours of gaps, the flexible work fills at most 10 and a break (the walk allows the
    longest, 45 minutes, on each of the five days) 3.75 more, so the listed reduced cost is
    at least ``0.25 * 1.25`` below the value without idle time, and still not below the
    true one (an hour of idle time a day: 1.25 below)."""
    week = (0, 1, 2, 3, 4)
    items = (Task("A", "A", "concierge", 5.0, 1, "a", week, 8 * 60, 9 * 60),
             Task("B", "B", "concierge", 5.0, 1, "a", week, 11 * 60, 12 * 60),
             Task("E", "E", "concierge", 5.0, 1, "a", week, 13 * 60, 14 * 60),
             Task("C", "C", "concierge", 10.0, 1, "a"))
    inventory = Inventory(items, SITES)
    problem = CarveProblem(list(items), SITES.travel_minutes(), CarveParams(),
                           site_boards(inventory))
    listed, _ = price(problem, [0, 1, 2, 3], np.zeros(4), -100.0, lazy=True)
    every = frozenset({0, 1, 2, 3})
    assert problem.violation(every) is None
    optimistic = dict((c, r) for r, c in listed)[every]
    assert optimistic <= problem.value_without_idle(every) - 0.25 * 1.25 + 1e-9
    assert optimistic >= problem.value(every) - 1e-9
    assert problem.value(every) < problem.value_without_idle(every) - 1.0


def test_price_most_keeps_the_best():
    problem, pool = school_problem(16, 4)
    every = enumerate_columns(problem, pool, 10_000_000)
    pi = random_prices(problem, 4)
    best = sorted((problem.value(c) - float(sum(pi[i] for i in c)) for c in every),
                  reverse=True)[:7]
    found, _ = price(problem, pool, pi, -100.0, most=7)
    assert [r for r, _ in found] == pytest.approx(best)


@settings(max_examples=30, deadline=None)
@given(inventories(min_size=2, max_size=7))
def test_gap_route_equals_brute_force(inventory):
    """Prices, gap walk and branch and bound reach the brute-force optimum."""
    params = CarveParams(min_hours=3, target_hours=5, max_hours=7)
    exact = carve(inventory, params,
                  solver=replace(GAP_ROUTE, iterations=300, restarts=1))
    assert exact.method == "exact"
    assert exact.objective == pytest.approx(brute_force_optimum(inventory, params), abs=1e-6)
    check_rules(exact, params)


@pytest.mark.parametrize(("n", "seed"), [(18, 1), (20, 2), (22, 3), (22, 5)])
def test_gap_route_equals_the_enumeration(n, seed):
    """On generated schools both exact routes find the same optimum."""
    inventory = generate_inventory(n, 1, seed)
    enumerated = carve(inventory,
                       solver=SolverParams(method="exact", exact_max_columns=2_000_000))
    gap = carve(inventory, solver=GAP_ROUTE)
    assert enumerated.method == gap.method == "exact"
    assert gap.objective == pytest.approx(enumerated.objective, abs=1e-6)
    check_rules(gap, gap.params)


def test_separate_finds_the_odd_cycle():
    """Three pairs of three tasks at one half each: every function holds two of the
    three, so the packing uses at most one of them; the LP's 1.5 violates that cut."""
    columns = [frozenset({0, 1}), frozenset({1, 2}), frozenset({0, 2}), frozenset({3, 4})]
    x = np.array([0.5, 0.5, 0.5, 1.0])
    assert separate_cuts(columns, x, range(5), set(), 10) == [frozenset({0, 1, 2})]
    assert separate_cuts(columns, x, range(5), {frozenset({0, 1, 2})}, 10) == []
    assert separate_cuts(columns, np.array([0.5, 0.5, 0.0, 1.0]), range(5), set(), 10) == []


@pytest.mark.parametrize(("n", "seed"), [(14, 3), (20, 4), (22, 5)])
def test_cuts_keep_the_optimum(n, seed):
    """Instances where subset-row cuts join the LP: the prices, cuts, gap walk and branch
    and bound still prove exactly the enumeration's optimum."""
    problem, pool = school_problem(n, seed)
    every = enumerate_columns(problem, pool, 10_000_000)
    optimum = carve(generate_inventory(n, 1, seed),
                    solver=SolverParams(method="exact", exact_max_columns=2_000_000)).objective
    result = solve_exact(problem, pool, [])
    assert result.cuts > 0
    assert result.proven
    assert result.value == pytest.approx(optimum, abs=1e-6)
    assert all(f in set(every) for f in result.functions)
    quick = solve_exact(problem, pool, [], prove=False)  # the first stage alone
    assert not quick.proven and quick.value <= optimum + 1e-9


#: a narrow band of few hours: many functions per school, so the LP often uses a
#: fractional number of them
SMALL_BAND = CarveParams(min_hours=8, target_hours=10, max_hours=12)


@pytest.mark.parametrize(("n", "seed", "when"), [
    (14, 3, "LP with"), (14, 4, "LP with"), (16, 10, "LP with"),
    (14, 14, "first-stage LP with"), (16, 2, "first-stage LP with"),
    (16, 3, "first-stage LP with")])
def test_branches_per_number_of_functions_keep_the_optimum(n, seed, when, caplog):
    """Where the LP uses a fractional number of functions the search splits into one
    branch per number of functions (exactly k each): at once when the first stage's LP
    does, else once exact pricing and cuts are done. Either way it still proves exactly
    the optimum of the set packing over every feasible function."""
    problem, pool = school_problem(n, seed, SMALL_BAND)
    every = enumerate_columns(problem, pool, 10_000_000)
    optimum = sum(problem.value(frozenset(f))
                  for f in select_packing(problem, every, len(problem.tasks), exact=True))
    with caplog.at_level(logging.DEBUG, logger="matcher.carving.exact"):
        result = solve_exact(problem, pool, [])
    splits = [r.getMessage() for r in caplog.records
              if "one branch per number of functions" in r.getMessage()]
    assert len(splits) == 1 and splits[0].startswith(when)
    assert result.proven
    assert result.value == pytest.approx(optimum, abs=1e-6)
    assert all(f in set(every) for f in result.functions)


def test_packing_while_pricing_raises_the_incumbent(caplog):
    """Every ``PACK_ROUNDS`` pricing rounds the functions generated so far are packed: on
    this instance that finds a better carving before pricing is done, and the search
    still proves the enumeration's optimum."""
    problem, pool = school_problem(16, 2, SMALL_BAND)
    every = enumerate_columns(problem, pool, 10_000_000)
    optimum = sum(problem.value(frozenset(f))
                  for f in select_packing(problem, every, len(problem.tasks), exact=True))
    with caplog.at_level(logging.DEBUG, logger="matcher.carving.exact"):
        result = solve_exact(problem, pool, [])
    assert any(r.getMessage().startswith("pricing packing") for r in caplog.records)
    assert result.proven
    assert result.value == pytest.approx(optimum, abs=1e-6)


def test_exactly_k_functions():
    """The LP and the branch and bound with exactly k functions: the LP is never above
    the one with at most k, and the packing found is the best of exactly k functions
    (HiGHS's MILP over the same functions), none when k functions do not fit."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csc_array

    problem, pool = school_problem(12, 3, SMALL_BAND)
    every = enumerate_columns(problem, pool, 10_000_000)
    values = np.array([problem.value(c) for c in every])
    rows = [i for c in every for i in c]
    cols = [k for k, c in enumerate(every) for _ in c]
    cover = csc_array((np.ones(len(rows)), (rows, cols)), shape=(len(problem.tasks), len(every)))
    # no prices, every function priced at the best value: the bound only counts functions
    pi, mu = np.zeros(len(problem.tasks)), float(values.max())
    listed = [(float(v), c) for v, c in zip(values, every, strict=True)]
    outcomes = []
    for k in range(1, 7):
        at_most = packing_lp(problem, every, k)
        exactly = packing_lp(problem, every, k, exactly=True)
        assert exactly[0] <= at_most[0] + 1e-7
        assert len(exactly[4]) == len(every)  # the artificial function is not returned
        best = milp(-values, constraints=[LinearConstraint(cover, 0, 1),
                                          LinearConstraint(np.ones((1, len(every))), k, k)],
                    integrality=np.ones(len(every)), bounds=Bounds(0, 1))
        found, value, finished, _ = branch_and_bound(problem, pool, listed, pi, mu, k, -1.0,
                                                     10**7, exactly=True)
        assert finished
        if best.status != 0:  # k functions do not fit
            assert found == []
        else:
            assert len(found) == k
            assert value == pytest.approx(-best.fun, abs=1e-6)
        outcomes.append(bool(found))
    assert outcomes[0] and not outcomes[-1]  # both cases occur


def test_solve_exact_never_below_its_incumbent_and_reports_limits():
    """Stopped by its work limit it keeps the incumbent (or better) and says it is not
    proven; with room it proves a value at least the incumbent's."""
    problem, pool = school_problem(26, 1)
    heuristic = carve(generate_inventory(26, 1, 1), solver=SolverParams(method="heuristic"))
    index = {t.task_id: i for i, t in enumerate(problem.tasks)}
    incumbent = [frozenset(index[t.task_id] for t in f.tasks) for f in heuristic.functions]
    stopped = solve_exact(problem, pool, incumbent, work=50)
    assert not stopped.proven
    # work = sets visited + NODE_WORK per node + GROWN_WORK per set grown; past the limit
    # nothing more runs: one growth round, one node, one walk step
    assert stopped.work == stopped.visited + NODE_WORK * stopped.nodes + \
        GROWN_WORK * stopped.grown
    assert (stopped.rounds, stopped.nodes) == (1, 1) and stopped.visited <= 2
    assert stopped.value >= heuristic.objective - 1e-9
    assert stopped.upper >= stopped.value
    proven = solve_exact(problem, pool, incumbent)
    assert proven.proven and proven.upper == proven.value
    assert proven.value >= heuristic.objective - 1e-9
    used = [i for f in proven.functions for i in f]
    assert len(used) == len(set(used))  # disjoint functions
    assert all(problem.violation(f) is None for f in proven.functions)


def test_auto_proves_small_schools_and_is_deterministic():
    """On this 25-task school ``auto`` proves the optimum (at most ``exact_max_tasks`` = 26
    tasks, within ``auto_exact_work``): 15% above the heuristic alone; the same twice.
    (51.421 before a day was mended by the minutes it lacks: more weeks, a better optimum.)"""
    inventory = generate_inventory(25, 2, 0)
    first = carve(inventory)
    assert first.method == "exact"
    assert first.objective == pytest.approx(54.021, abs=1e-3)
    again = carve(inventory)
    assert [f.task_ids for f in again.functions] == [f.task_ids for f in first.functions]
    heuristic = carve(inventory, first.params, solver=SolverParams(method="heuristic"))
    assert first.objective >= 1.15 * heuristic.objective
    check_rules(first, first.params)


def test_auto_above_the_exact_size_improves_the_heuristic_with_the_first_stage():
    """Above ``exact_max_tasks`` and up to ``exact_improve_tasks`` ``auto`` follows the
    heuristic with the exact method's first stage: on this 28-task school that comes within
    0.2% of the optimum the exact method proves (52.934; it reached it exactly before a day
    was mended by the minutes it lacks), where the heuristic alone is 0.9% below."""
    inventory = generate_inventory(28, 2, 2)
    auto = carve(inventory)
    assert auto.method == "heuristic"
    assert auto.objective == pytest.approx(52.8625, abs=1e-3)
    assert auto.objective >= 0.998 * 52.934
    check_rules(auto, auto.params)
    plain = carve(inventory, solver=SolverParams(exact_improve_tasks=0))
    assert plain.objective < auto.objective - 0.3


def test_stopped_search_reports_its_best_bound():
    """Stopped after some exact pricing, the result carries the best Lagrangian bound met
    on the way: finite, and never below the optimum proven with room."""
    problem, pool = school_problem(30, 2)
    proven = solve_exact(problem, pool, [])
    assert proven.proven
    stopped = solve_exact(problem, pool, [], work=200_000)
    assert not stopped.proven
    assert proven.value - 1e-9 <= stopped.upper < float("inf")
    assert stopped.value <= proven.value + 1e-9
