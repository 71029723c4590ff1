"""Upper bounds on the carving objective: how far from the optimum can a carving be?

The carving objective (``docs/carving.md``) is a set packing: choose disjoint feasible
functions (task sets that keep every hard rule and lie in the hour band) with the highest
total value. :func:`carve_bound` returns a number no carving of the inventory can beat, so
``(bound - value) / bound`` is a proven worst-case gap of any carving's value.

Two methods, both with HiGHS (``scipy.optimize``):

**exact** (small inventories). Every feasible function is enumerated (the same enumeration
as the exact method of :func:`matcher.carving.carve`), then the LP relaxation and the MILP
of the set packing over all of them are solved. The MILP's optimum, or its dual bound when
it stops at the time limit, is an upper bound (never above the LP value); ``proven`` says
the MILP finished, so the bound *is* the optimum and the best packing found (``lower``) attains it.

**column generation** (100-300 tasks, where enumeration is out of reach). The LP of the
set packing over *relaxed* functions is solved by column generation. A relaxed function is
a task set that satisfies

* the hour band, at most ``max_areas`` areas, the level spread, at most ``max_sites``
  sites and ``max_boards`` boards;
* no pair of fixed-time tasks conflicts (overlap, or too little time to travel between
  their sites on a common day);
* per day, the minutes of fixed tasks on that day plus the even share (rounded down) of
  flexible tasks bound to days stay within ``max_hours_per_day`` (the week builder puts
  at least that much on the day, plus flexible work without days);

and its relaxed value is the objective with the idle-time term dropped:
``(1 - cw) h + cw (0.5 A + 0.25 L + 0.25 S) - tw |h - target| - sw (sites - 1)``, where
``A``, ``L``, ``S`` are the hours in the main area, level and site (``h * coherence =
0.5 A + 0.25 L + 0.25 S`` exactly, so this is the objective's coherence term rewritten).

*Why it is a bound.* Every real function keeps all rules above, so it is a relaxed
function, and its relaxed value equals its true value plus ``idle_weight * idle >= 0``.
So every carving is a feasible packing of relaxed columns with at least its value, and the
optimum of the packing over relaxed columns -- at most its LP relaxation -- bounds every
carving from above. For any task prices ``pi >= 0`` (the master LP's duals) the
Lagrangian bound holds as well: a carving with ``n`` functions ``f`` has value
``sum_f (v(f) - pi(f)) + sum_f pi(f) <= n * rc_max + sum_i pi_i``, where ``rc_max`` is
the largest reduced cost of any relaxed column and ``n <= K = floor(carvable hours /
min_hours)`` (per school board when functions stay within one board). So a run stopped
early reports ``sum pi + K * max(rc_max, 0)``; when pricing finds no positive reduced
cost this equals the LP value.

*Pricing* is a MILP over the relaxation, solved per (board, areas allowed, level window)
so each is small: binaries for tasks, sites used (``x_i <= y_site``), a main-area,
main-level and main-site choice (``u_k <= hours in k``, ``u_k <= max_hours * z_k``,
``sum z = 1``, so ``sum u`` is the hours of the best key), ``|h - target|`` by two slacks,
pairwise conflict rows and one row per day. ``rc_max`` is taken from the MILP's dual
bound, so a pricing MILP stopped at its time limit still gives a valid bound.
"""

from __future__ import annotations

import itertools
import logging
import math
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.sparse import csc_array

from matcher.carving.columns import TooManyColumns, enumerate_columns, generate_columns
from matcher.carving.params import CarveParams, SolverParams
from matcher.carving.problem import CarveProblem, day_minutes, problem_and_pool
from matcher.carving.result import Carving
from matcher.model import Inventory

__all__ = ["CarveBound", "Pricer", "Subproblem", "carve_bound", "column_generation_bound",
           "exact_bound", "relaxed_value", "relaxed_violation", "subproblems"]

_EPS = 1e-9
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class CarveBound:
    """An upper bound on the carving objective of an inventory (no locked functions).

    Attributes
    ----------
    upper
        No carving of the inventory under these parameters has a higher objective.
    lower
        The best packing the bound computation found itself (exact method), else ``None``.
    method
        ``"exact"`` (all feasible functions) or ``"column_generation"`` (relaxed ones).
    proven
        True when ``upper`` is the optimum itself (the exact MILP finished).
    lp
        LP value of the set packing over the columns (all columns for ``exact``; the
        restricted master at the last iteration for column generation).
    converged
        Column generation ended because no relaxed column has a positive reduced cost
        (``upper`` is then the LP bound); always True for ``exact``.
    columns, iterations
        Columns in the master; pricing rounds (0 for ``exact``).
    max_reduced_cost
        Largest reduced cost of a relaxed column at the last pricing (an upper estimate).
    k_functions
        Most functions a carving can have (``floor(carvable hours / min_hours)``).
    lp_integral
        The LP optimum is integral (exact method): the LP value is then the optimum.
    seconds
        Wall time of the computation.
    """

    upper: float
    lower: float | None
    method: str
    proven: bool
    lp: float
    converged: bool
    columns: int
    iterations: int
    max_reduced_cost: float
    k_functions: int
    seconds: float
    lp_integral: bool = False

    def gap(self, value: float) -> float:
        """Proven worst-case relative gap of a carving with objective ``value``."""
        return (self.upper - value) / self.upper if self.upper > _EPS else 0.0


def carve_bound(inventory: Inventory, params: CarveParams | None = None, *,
                solver: SolverParams | None = None, method: str = "auto",
                time_limit: float = 60.0, exact_max_columns: int = 200_000,
                seeds: Carving | None = None) -> CarveBound:
    """An upper bound on the objective any carving of ``inventory`` can reach.

    ``method``: ``"exact"`` (enumerate every feasible function; raises ``ValueError`` when
    there are more than ``exact_max_columns``), ``"column_generation"``, or ``"auto"``
    (exact when the enumeration fits, else column generation). ``time_limit`` (seconds)
    bounds the MILP (exact) or the column generation; a bound is valid whenever it stops.
    ``seeds`` (a carving of the same inventory) starts column generation from its
    functions. Locked functions are not considered: the bound is for a free carving.
    ``solver`` sets the seed and restarts of the candidate functions that also start
    column generation (:func:`column_generation_bound`).
    """
    params = params or CarveParams()
    if method not in ("auto", "exact", "column_generation"):
        raise ValueError("carve_bound method must be 'auto', 'exact' or 'column_generation'. "
                         f"Got {method!r}.")
    start = time.perf_counter()
    if method in ("auto", "exact"):
        # "auto" tries the enumeration only as far as a share of the time allows (about
        # ENUMERATE_PER_SECOND functions visited a second, each with its week built), so the
        # whole bound stays within time_limit
        limit = exact_max_columns if method == "exact" else \
            min(exact_max_columns, max(1_000, int(ENUMERATE_PER_SECOND * time_limit)))
        try:
            return exact_bound(inventory, params, time_limit=time_limit, max_columns=limit)
        except ValueError:
            if method == "exact":
                raise
    used = time.perf_counter() - start
    bound = column_generation_bound(inventory, params, solver=solver,
                                    time_limit=max(1.0, time_limit - used), seeds=seeds)
    return replace(bound, seconds=bound.seconds + used)


#: Functions the enumeration visits a second (weeks built on the way), for the share of a
#: bound's time the enumeration may take under ``method="auto"`` (about a third).
ENUMERATE_PER_SECOND = 300


# --------------------------------------------------------------------------------------
# Exact: all feasible functions


def exact_bound(inventory: Inventory, params: CarveParams | None = None, *,
                time_limit: float = 60.0, max_columns: int = 200_000) -> CarveBound:
    """LP and MILP of the set packing over every feasible function (see the module doc)."""
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    params = params or CarveParams()
    start = time.perf_counter()
    problem, pool = problem_and_pool(inventory, params)
    try:
        columns = enumerate_columns(problem, pool, max_columns)
    except TooManyColumns:
        raise ValueError(f"The exact bound needs more than {max_columns:,} feasible functions "
                         "for this inventory: use column generation.") from None
    k = _k_functions(problem, pool)
    if not columns:
        return CarveBound(0.0, 0.0, "exact", True, 0.0, True, 0, 0, 0.0, k,
                          time.perf_counter() - start, True)
    values = np.array([problem.value(c) for c in columns])
    matrix = _packing_matrix(columns, len(problem.tasks))
    lp = linprog(-values, A_ub=matrix, b_ub=np.ones(matrix.shape[0]), bounds=(0, 1),
                 method="highs")
    lp_value = -float(lp.fun)
    left = max(1.0, time_limit - (time.perf_counter() - start))
    result = milp(-values, integrality=np.ones(len(columns)), bounds=Bounds(0, 1),
                  constraints=LinearConstraint(matrix, 0, 1),
                  options={"time_limit": left, "disp": False, "mip_rel_gap": 1e-9})
    lower = -float(result.fun) if result.x is not None else None
    dual = getattr(result, "mip_dual_bound", None)
    upper = lp_value
    if dual is not None and math.isfinite(dual):
        upper = min(upper, -float(dual))
    proven = result.status == 0
    if proven and lower is not None:
        upper = max(lower, min(upper, lower + 1e-9 * max(1.0, abs(lower))))
    return CarveBound(upper=upper, lower=lower, method="exact", proven=proven, lp=lp_value,
                      converged=True, columns=len(columns), iterations=0,
                      max_reduced_cost=0.0, k_functions=k,
                      seconds=time.perf_counter() - start,
                      lp_integral=bool(np.all(np.minimum(lp.x, 1 - lp.x) < 1e-7)))


def _packing_matrix(columns: Sequence[Iterable[int]], n_rows: int) -> csc_array:

    rows = [i for c in columns for i in c]
    cols = [k for k, c in enumerate(columns) for _ in c]
    return csc_array((np.ones(len(rows)), (rows, cols)), shape=(n_rows, len(columns)))


def _k_functions(problem: CarveProblem, pool: Sequence[int]) -> int:
    hours = sum(problem.hours[i] for i in pool)
    return math.floor(hours / problem.params.min_hours + _EPS)


# --------------------------------------------------------------------------------------
# Column generation over relaxed functions


def relaxed_value(problem: CarveProblem, members: Iterable[int]) -> float:
    """The relaxed value of a task set: the objective without the price of its week.

    Equals ``problem.value(members) + week_cost(week)`` (idle time, travel and an
    irregular start, :func:`matcher.carving.problem.week_cost`) for a feasible function,
    so it is never below the true value.
    """
    p = problem.params
    items = list(members)
    hours = sum(problem.hours[i] for i in items)
    main = 0.0
    for weight, key in ((0.5, "area"), (0.25, "level"), (0.25, "site")):
        by_key: dict[object, float] = defaultdict(float)
        for i in items:
            by_key[getattr(problem.tasks[i], key)] += problem.hours[i]
        main += weight * max(by_key.values(), default=0.0)
    n_sites = len({problem.tasks[i].site for i in items})
    return ((1 - p.coherence_weight) * hours + p.coherence_weight * main
            - p.target_weight * abs(hours - p.target_hours) - p.site_weight * (n_sites - 1))


def relaxed_violation(problem: CarveProblem, members: Iterable[int]) -> str | None:
    """The first rule of the relaxation a task set breaks, or ``None`` (relaxed-feasible)."""
    p = problem.params
    items = sorted(set(members))
    if not items:
        return "hours"
    hours = sum(problem.hours[i] for i in items)
    if not p.min_hours - _EPS <= hours <= p.max_hours + _EPS:
        return "hours"
    tasks = [problem.tasks[i] for i in items]
    if len({t.area for t in tasks}) > p.max_areas:
        return "areas"
    if max(t.level for t in tasks) - min(t.level for t in tasks) > p.max_level_spread:
        return "level"
    if len({t.site for t in tasks}) > p.max_sites:
        return "sites"
    if len({problem.board[i] for i in items}) > p.max_boards:
        return "boards"
    chosen = set(items)
    if any(problem.conflict[i] & chosen for i in items):
        return "overlap"
    load: dict[int, int] = defaultdict(int)
    for i in items:
        for d, m in day_minutes(problem, i).items():
            load[d] += m
    if any(m > p.schedule.max_day_minutes for m in load.values()):
        return "day_hours"
    return None


@dataclass(frozen=True)
class Subproblem:
    """One pricing MILP's task set: one board group, allowed areas and a level window."""

    group: int
    tasks: tuple[int, ...]


def subproblems(problem: CarveProblem, pool: Sequence[int]
                ) -> tuple[list[Subproblem], list[int]]:
    """Pricing task sets covering every relaxed function; and K per board group."""
    p = problem.params
    if p.max_boards == 1:
        by_board: dict[str, list[int]] = defaultdict(list)
        for i in pool:
            by_board[problem.board[i]].append(i)
        groups = [by_board[b] for b in sorted(by_board)]
    else:
        groups = [list(pool)]
    subs: list[Subproblem] = []
    k_per_group = []
    for g, members in enumerate(groups):
        k_per_group.append(_k_functions(problem, members))
        areas = sorted({problem.tasks[i].area for i in members})
        levels = sorted({problem.tasks[i].level for i in members})
        area_sets = list(itertools.combinations(areas, min(p.max_areas, len(areas))))
        windows = [{lv for lv in levels if lo <= lv <= lo + p.max_level_spread}
                   for lo in levels]
        sets: set[frozenset[int]] = set()
        for allowed, window in itertools.product(area_sets, windows):
            chosen = frozenset(i for i in members if problem.tasks[i].area in allowed
                               and problem.tasks[i].level in window)
            if sum(problem.hours[i] for i in chosen) >= p.min_hours - _EPS:
                sets.add(chosen)
        maximal = [s for s in sets if not any(s < other for other in sets)]
        subs.extend(Subproblem(g, tuple(sorted(s))) for s in sorted(maximal, key=sorted))
    return subs, k_per_group


class Pricer:
    """The pricing MILP of one subproblem, built once; prices change the objective only."""

    def __init__(self, problem: CarveProblem, sub: Subproblem) -> None:
        from scipy.sparse import coo_array

        p = problem.params
        self.problem = problem
        self.tasks = list(sub.tasks)
        n = len(self.tasks)
        pos = {i: k for k, i in enumerate(self.tasks)}
        sites = sorted({problem.tasks[i].site for i in self.tasks})
        areas = sorted({problem.tasks[i].area for i in self.tasks})
        levels = sorted({problem.tasks[i].level for i in self.tasks})
        boards = sorted({problem.board[i] for i in self.tasks})
        use_boards = len(boards) > p.max_boards
        # variable layout
        nxt = n
        y0 = nxt
        nxt += len(sites)
        keys: list[tuple[str, list[object], float]] = [
            ("area", list(areas), 0.5), ("level", list(levels), 0.25),
            ("site", list(sites), 0.25)]
        blocks = []
        for name, values, weight in keys:
            z0 = nxt
            u0 = nxt + len(values)
            nxt += 2 * len(values)
            blocks.append((name, values, weight, z0, u0))
        slack = nxt
        nxt += 2
        b0 = nxt
        nxt += len(boards) if use_boards else 0
        self.n_vars = nxt
        hours = np.array([problem.hours[i] for i in self.tasks])
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lo: list[float] = []
        hi: list[float] = []

        def row(entries: Iterable[tuple[int, float]], low: float, high: float) -> None:
            r = len(lo)
            for c, v in entries:
                rows.append(r)
                cols.append(c)
                vals.append(v)
            lo.append(low)
            hi.append(high)

        row(((k, hours[k]) for k in range(n)), p.min_hours - 1e-7, p.max_hours + 1e-7)
        row([*((k, hours[k]) for k in range(n)), (slack, -1.0), (slack + 1, 1.0)],
            p.target_hours, p.target_hours)
        site_pos = {s: y0 + j for j, s in enumerate(sites)}
        for k, i in enumerate(self.tasks):
            row([(k, 1.0), (site_pos[problem.tasks[i].site], -1.0)], -np.inf, 0.0)
        row(((y0 + j, 1.0) for j in range(len(sites))), -np.inf, p.max_sites)
        for name, values, _, z0, u0 in blocks:
            for j, value in enumerate(values):
                members = [k for k, i in enumerate(self.tasks)
                           if getattr(problem.tasks[i], name) == value]
                big_m = min(p.max_hours, float(hours[members].sum()))
                row([(u0 + j, 1.0), *((k, -hours[k]) for k in members)], -np.inf, 0.0)
                row([(u0 + j, 1.0), (z0 + j, -big_m)], -np.inf, 0.0)
            row(((z0 + j, 1.0) for j in range(len(values))), 1.0, 1.0)
        for k, i in enumerate(self.tasks):
            for j in problem.conflict[i]:
                if j in pos and pos[j] > k:
                    row([(k, 1.0), (pos[j], 1.0)], -np.inf, 1.0)
        load: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for k, i in enumerate(self.tasks):
            for d, m in day_minutes(problem, i).items():
                load[d].append((k, float(m)))
        for d in sorted(load):
            if sum(m for _, m in load[d]) > p.schedule.max_day_minutes:
                row(load[d], -np.inf, p.schedule.max_day_minutes)
        if use_boards:
            board_pos = {b: b0 + j for j, b in enumerate(boards)}
            for k, i in enumerate(self.tasks):
                row([(k, 1.0), (board_pos[problem.board[i]], -1.0)], -np.inf, 0.0)
            row(((b0 + j, 1.0) for j in range(len(boards))), -np.inf, p.max_boards)
        self.matrix = coo_array((vals, (rows, cols)), shape=(len(lo), nxt)).tocsr()
        self.lo = np.array(lo)
        self.hi = np.array(hi)
        base = np.zeros(nxt)
        base[:n] = -(1 - p.coherence_weight) * hours
        for _, values, weight, _, u0 in blocks:
            base[u0:u0 + len(values)] = -p.coherence_weight * weight
        base[slack:slack + 2] = p.target_weight
        base[y0:y0 + len(sites)] = p.site_weight
        self.base = base
        self.integrality = np.zeros(nxt)
        self.integrality[:n] = 1
        self.integrality[y0:y0 + len(sites)] = 1
        for _, values, _, z0, _ in blocks:
            self.integrality[z0:z0 + len(values)] = 1
        if use_boards:
            self.integrality[b0:b0 + len(boards)] = 1
        upper = np.ones(nxt)
        for _, values, _, _, u0 in blocks:
            upper[u0:u0 + len(values)] = p.max_hours
        upper[slack:slack + 2] = p.max_hours
        self.upper = upper

    def price(self, pi: np.ndarray, time_limit: float
              ) -> tuple[float, frozenset[int] | None]:
        """Upper estimate of the best reduced cost, and the best column found (or None)."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        c = self.base.copy()
        n = len(self.tasks)
        c[:n] += pi[self.tasks]
        result = milp(c, integrality=self.integrality, bounds=Bounds(0, self.upper),
                      constraints=LinearConstraint(self.matrix, self.lo, self.hi),
                      options={"time_limit": max(0.05, time_limit), "disp": False,
                               "mip_rel_gap": 1e-7})
        site_weight = self.problem.params.site_weight
        if result.status == 2:  # infeasible: no relaxed function in this subproblem
            return -math.inf, None
        dual = getattr(result, "mip_dual_bound", None)
        if dual is None or not math.isfinite(dual):
            if result.status != 0 or result.fun is None:
                return math.inf, None
            dual = result.fun
        best = site_weight - float(dual)
        column = None
        if result.x is not None:
            column = frozenset(self.tasks[k] for k in np.flatnonzero(result.x[:n] > 0.5))
            if not column:
                column = None
        return best, column


def column_generation_bound(inventory: Inventory, params: CarveParams | None = None, *,
                            solver: SolverParams | None = None, time_limit: float = 60.0,
                            max_iterations: int = 500,
                            pricing_time_limit: float = 20.0, tolerance: float = 1e-4,
                            smoothing: float = 0.5, seeds: Carving | None = None,
                            seed_columns: bool = True) -> CarveBound:
    """Column generation for the set-packing LP over relaxed functions (see the module doc).

    Prices are stabilised by Wentges smoothing: pricing runs at ``smoothing`` times the
    prices of the best bound so far plus the rest times the master's duals (the plain
    duals again after a round that finds no column improving the master). Stops when the
    best Lagrangian bound is within ``tolerance`` (relative) of the master's LP value --
    the LP over all relaxed columns then lies in between -- after ``max_iterations``
    pricing rounds, or after ``time_limit`` seconds. The bound returned is the best
    Lagrangian bound seen, valid whenever it stops. With ``seed_columns`` the heuristic's
    candidate functions (grown with ``solver``'s seed and restarts) join the master first.
    """
    from scipy.optimize import linprog

    params = params or CarveParams()
    start = time.perf_counter()
    problem, pool = problem_and_pool(inventory, params, solver)
    n_tasks = len(problem.tasks)
    subs, k_group = subproblems(problem, pool)
    k_total = _k_functions(problem, pool)
    if not subs:
        return CarveBound(0.0, None, "column_generation", False, 0.0, True, 0, 0, 0.0,
                          k_total, time.perf_counter() - start)
    pricers = [Pricer(problem, s) for s in subs]
    columns: list[frozenset[int]] = []
    seen: set[frozenset[int]] = set()
    values: list[float] = []

    def add(column: frozenset[int]) -> bool:
        if column in seen or relaxed_violation(problem, column) is not None:
            return False
        seen.add(column)
        columns.append(column)
        values.append(relaxed_value(problem, column))
        return True

    if seeds is not None:
        index = {t.task_id: i for i, t in enumerate(problem.tasks)}
        for f in seeds.functions:
            add(frozenset(index[t.task_id] for t in f.tasks))
    if seed_columns:
        for generated in generate_columns(problem, pool, random.Random(problem.solver.seed)):
            add(generated)
    best_bound = math.inf
    best_rc = math.inf
    center: np.ndarray | None = None
    lp_value = 0.0
    iterations = 0
    converged = False
    alpha = smoothing
    duals = np.zeros(n_tasks)
    while iterations < max_iterations and time.perf_counter() - start < time_limit:
        if columns:
            matrix = _packing_matrix(columns, n_tasks)
            lp = linprog(-np.array(values), A_ub=matrix, b_ub=np.ones(n_tasks),
                         bounds=(0, None), method="highs")
            lp_value = -float(lp.fun)
            duals = np.maximum(0.0, -np.asarray(lp.ineqlin.marginals, dtype=float))
        iterations += 1
        pi = duals if center is None else alpha * center + (1 - alpha) * duals
        group_rc = [-math.inf] * len(k_group)
        added = 0
        for sub, pricer in zip(subs, pricers, strict=True):
            left = time_limit - (time.perf_counter() - start)
            rc, column = pricer.price(pi, min(pricing_time_limit, max(left, 0.05)))
            group_rc[sub.group] = max(group_rc[sub.group], rc)
            if column is not None and relaxed_value(problem, column) - \
                    float(duals[list(column)].sum()) > 1e-9:
                added += add(column)
        bound = float(pi[pool].sum()) + sum(k * max(0.0, rc)
                                            for k, rc in zip(k_group, group_rc, strict=True))
        _LOG.debug("round %d at %.2f s: master LP %.4f, Lagrangian bound %.4f, best reduced "
                   "cost %.4f, %d columns added", iterations, time.perf_counter() - start,
                   lp_value, bound, max(group_rc), added)
        if bound < best_bound:
            best_bound, center, best_rc = bound, pi.copy(), max(max(group_rc), 0.0)
        if best_bound - lp_value <= tolerance * max(1.0, abs(lp_value)):
            converged = True
            break
        if added == 0:
            if alpha == 0.0:
                break  # nothing improves the master at its own duals: LP optimal up to limits
            alpha = 0.0  # mispricing: price at the master's duals next round
        else:
            alpha = smoothing
    return CarveBound(upper=best_bound, lower=None, method="column_generation", proven=False,
                      lp=lp_value, converged=converged, columns=len(columns),
                      iterations=iterations, max_reduced_cost=best_rc,
                      k_functions=k_total, seconds=time.perf_counter() - start)
