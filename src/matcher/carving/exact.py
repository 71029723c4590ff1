"""Proven-optimal carving for inventories too large to enumerate: price, then enumerate the gap.

``carve(method="exact")`` first tries to enumerate every feasible function. From about 30
tasks there are millions (a 35-task school has 0.5-2.5 million task sets in the hour band),
so this module proves optimality another way, the classic *column generation plus
reduced-cost enumeration* of set-partitioning solvers:

1. **LP bound.** The set-packing LP over *all* feasible functions is solved by column
   generation. Pricing is exact: :func:`price` walks task sets depth-first and prunes
   with an upper bound on the reduced cost any extension can reach (below), so the LP
   value ``z_LP = sum_i pi_i`` is an upper bound on every carving once pricing finds no
   function with a positive reduced cost.
2. **Gap enumeration.** For any carving ``x`` and the final prices ``pi >= 0``,
   ``value(x) = sum_f rc(f) + sum_{i covered} pi_i <= sum_f rc(f) + z_LP`` with every
   ``rc(f) = value(f) - pi(f) <= 0``. So a carving better than the incumbent ``LB`` uses
   only functions with ``rc(f) > LB - z_LP``. The walk lists exactly those.
3. **Branch and bound.** The set packing over those functions (and the incumbent's) is
   solved by a depth-first branch and bound with the Lagrangian bound; its optimum is the
   optimum over every feasible function.

*Subset-row cuts* make the LP much tighter: for any three tasks, at most one function
of a carving holds two or more of them, so ``sum x_f <= 1`` over those functions. The
cuts the LP violates join it (and the reduced costs: a function pays the dual price of
every cut it holds two tasks of); the bound becomes ``sum pi + mu K + sum sigma``, since
in a carving each cut is paid by at most one function. With the first 30 cuts the LP of
a 35-task school fell from 81.04 to its optimum, 79.58.

*Branches on the number of functions.* When the LP uses a fractional number of
functions (the first stage's LP, or else the LP once priced and cut), the search splits
into branches with exactly ``k`` functions for ``k = K, ..., 1`` (an equality row, kept
feasible by an artificial empty function; ``mu`` may then be negative, and the bound
``sum pi + mu k + sum sigma`` holds for every carving of exactly ``k`` functions). Each
branch's LP is tighter, so its gap is narrower; the optimum is the best of the branches.

*Primal steps.* Every :data:`PACK_ROUNDS` pricing rounds the functions generated so far
are packed (a better incumbent long before the gap walk: on tight schools the best
carving is often among them well before pricing converges).

The walk runs compiled (:mod:`matcher.carving.walk`, numba).

*The pruning bound.* For a partial set ``P`` and the tasks ``E`` still to be added, the
value is at most ``(1 - cw) h + cw (0.5 A + 0.25 L + 0.25 S) - tw |h - target| - sw
(sites - 1)`` (the objective without idle time, ``A``, ``L``, ``S`` the hours of the
main area, level and site). Adding a task of ``h_j`` hours raises the first two terms by
at most ``h_j``, never lowers the site count, so ``rc(P + E) <= rc_relaxed(P) + sum_{j in
E} (h_j - pi_j) - tw * distance``. The sum is bounded per area and level window by
suffix sums of the positive ``h_j - pi_j`` (and by the free hours times the best ratio),
the target term by the hours already in ``P`` and the hours still reachable; a set that
can no longer reach ``min_hours`` is cut. Every bound is proven in the module's tests by
comparing the walk with brute force.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from matcher.carving import walk
from matcher.carving.columns import grow_all
from matcher.carving.problem import CarveProblem, day_minutes

__all__ = ["ExactResult", "WorkLimit", "branch_and_bound", "cuts_held", "index_cuts",
           "packing_lp", "price", "price_of", "separate_cuts", "solve_exact", "task_mask"]

_EPS = 1e-9
#: optimistic sets a pricing round evaluates (the best by reduced cost without idle time)
PRICE_SETS = 20_000
#: subset-row cuts added per round, and at most in all
CUTS_PER_ROUND = 30
MAX_CUTS = 300
#: another round of cuts only while the last one shrank the gap below this share of it
CUT_PROGRESS = 0.8
#: branch-and-bound nodes of the first stage's packing when it runs alone (prove=False)
FIRST_STAGE_NODES = 200_000
#: a branch-and-bound node counts as this many visited sets of ``work`` (its time, about:
#: a node ~5-15 µs with the weeks it builds, a visited set ~0.3-1 µs with the checks of
#: what the walk lists)
NODE_WORK = 10
#: a set the first stage's growth evaluates counts as this many (a week built for it, and
#: its share of the round's LP)
GROWN_WORK = 100
#: pricing rounds between two packings of the functions generated so far, and their nodes
PACK_ROUNDS = 3
PACK_NODES = 200_000
#: the cost of the artificial function that keeps the LP with exactly k functions feasible
ARTIFICIAL = 1000.0
_LOG = logging.getLogger(__name__)


class WorkLimit(Exception):
    """A walk or the branch and bound went over its work limit (``args[0]``: the sets
    visited, when known)."""


def price(problem: CarveProblem, pool: Sequence[int], pi: Sequence[float] | np.ndarray,
          threshold: float, *,
          most: int | None = None, lazy: bool = False, limit: int = 20_000_000,
          max_sets: int | None = None, cuts: Sequence[tuple[frozenset[int], float]] = (),
          paid: dict[frozenset[int], float] | None = None
          ) -> tuple[list[tuple[float, frozenset[int]]], int]:
    """Task sets over ``pool`` whose reduced cost ``value - sum(pi)`` exceeds ``threshold``.

    ``cuts`` are subset-row cuts ``(three tasks, price)``: a set holding two or more of a
    cut's tasks pays its price as well (part of the reduced cost).

    With ``lazy`` no week is built: every set in the band that keeps the rules checked
    without a week (hours, areas, level spread, sites, boards, fixed-time conflicts,
    minutes certainly on each day, and the builder's spreading of flexible work over the
    days, :func:`matcher.carving.week.days_fit`) and whose *relaxed* reduced cost exceeds the
    threshold is returned with that relaxed cost, an upper bound on the true one; every
    feasible function above the threshold is among them. The relaxed value is the value
    with the idle time replaced by a lower bound (for a one-site set: the gaps between its
    fixed tasks on each day minus all its flexible minutes; 0 otherwise). With ``most``
    only the ``most`` best are kept and the threshold rises to the worst of them once that
    many are found (the best set is always among them). Without ``lazy`` the same walk
    runs and only the feasible functions are returned, with their true reduced costs (the
    best ``most`` of them when ``most`` is set).

    The walk is depth-first over the pool in order of falling profit ratio ``(h - pi) /
    h``, pruned by the bound of the module doc; it runs compiled (:mod:`matcher.carving.walk`).
    Returns ``(reduced cost, set)`` pairs, best first, and the number of sets visited;
    ``paid``, if given, receives what each listed set pays (its tasks' prices and its cuts'),
    summed as the walk sums it (so a set's true reduced cost is its value minus that).
    Raises :class:`WorkLimit` after ``limit`` visited sets or more than ``max_sets`` listed.
    """
    p = problem.params
    tasks = problem.tasks
    order = sorted(pool, key=lambda i: (-(problem.hours[i] - pi[i]) / max(problem.hours[i], _EPS),
                                        i))
    n = len(order)
    if n == 0:
        return [], 0
    pos = {i: k for k, i in enumerate(order)}
    areas = sorted({tasks[i].area for i in order})
    sites = sorted({tasks[i].site for i in order})
    boards = sorted({problem.board[i] for i in order})
    levels = sorted({tasks[i].level for i in order})
    lo = levels[0]
    hours = np.array([problem.hours[i] for i in order], dtype=float)
    prices = np.array([pi[i] for i in order], dtype=float)
    area = np.array([areas.index(tasks[i].area) for i in order], dtype=np.int64)
    level = np.array([tasks[i].level - lo for i in order], dtype=np.int64)
    n_a, n_l = len(areas), levels[-1] - lo + 1
    # suffix tables per position, area and level: positive profit, hours, best ratio
    profit = hours - prices
    suf_p = np.zeros((n + 1, n_a, n_l))
    suf_h = np.zeros((n + 1, n_a, n_l))
    suf_r = np.full((n + 1, n_a, n_l), -math.inf)
    for k in range(n - 1, -1, -1):
        suf_p[k], suf_h[k], suf_r[k] = suf_p[k + 1], suf_h[k + 1], suf_r[k + 1]
        a, lv = area[k], level[k]
        suf_p[k, a, lv] += max(0.0, profit[k])
        suf_h[k, a, lv] += hours[k]
        suf_r[k, a, lv] = max(suf_r[k, a, lv], profit[k] / max(hours[k], _EPS))
    # conflicts with later positions (earlier ones are never added below a position)
    conf_ptr, conf_idx = walk.csr([sorted(pos[j] for j in problem.conflict[i]
                                      if j in pos and pos[j] > k) for k, i in enumerate(order)])
    loads = [sorted(day_minutes(problem, i).items()) for i in order]
    load_ptr, load_day = walk.csr([[d for d, _ in rows] for rows in loads])
    load_min = np.array([m for rows in loads for _, m in rows], dtype=np.int64)
    arrays = walk.task_arrays([tasks[i] for i in order])
    cuts_of: list[list[int]] = [[] for _ in range(n)]
    for c, (trio, _) in enumerate(cuts):
        for i in trio:
            if i in pos:
                cuts_of[pos[i]].append(c)
    cut_ptr, cut_idx = walk.csr(cuts_of)
    cut_prices = np.array([v for _, v in cuts], dtype=float)
    fpar = np.zeros(9)
    fpar[walk.F_CW], fpar[walk.F_TW], fpar[walk.F_SW] = (
        p.coherence_weight, p.target_weight, p.site_weight)
    fpar[walk.F_TARGET], fpar[walk.F_LO], fpar[walk.F_HI] = (
        p.target_hours, p.min_hours - _EPS, p.max_hours + _EPS)
    fpar[walk.F_IDLE], fpar[walk.F_DAY_TARGET] = (
        p.idle_weight / 60, p.schedule.target_hours_per_day)
    fpar[walk.F_BREAK] = max(p.schedule.break_minutes, p.schedule.long_break_minutes)
    ipar = np.zeros(10, dtype=np.int64)
    ipar[walk.I_IDLE_CAP] = p.schedule.max_idle_per_day
    ipar[walk.I_SPREAD], ipar[walk.I_DAY_CAP] = p.max_level_spread, p.schedule.max_day_minutes
    ipar[walk.I_MAX_AREAS], ipar[walk.I_MAX_SITES], ipar[walk.I_MAX_BOARDS] = (
        p.max_areas, p.max_sites, p.max_boards)
    ipar[walk.I_N_AREAS], ipar[walk.I_N_LEVELS] = n_a, n_l
    ipar[walk.I_N_SITES], ipar[walk.I_N_BOARDS] = len(sites), len(boards)
    # the most members a set in the band can have: the shortest tasks first
    width = int(np.searchsorted(np.cumsum(np.sort(hours)), p.max_hours + _EPS, side="right"))
    keep = most if lazy and most is not None else 0
    rc, rows, _, visited, status = walk.walk(
        hours, prices, area, level,
        np.array([sites.index(tasks[i].site) for i in order], dtype=np.int64),
        np.array([boards.index(problem.board[i]) for i in order], dtype=np.int64),
        conf_ptr, conf_idx, load_ptr, load_day, load_min, arrays.fix_ptr, arrays.fix_day,
        arrays.fix_start, arrays.fix_end, arrays.flexible, arrays.bound_ptr, arrays.bound_day,
        arrays.minutes, arrays.is_free, arrays.rank,
        np.array(p.schedule.work_days, dtype=np.int64), cut_ptr, cut_idx, cut_prices,
        suf_p, suf_h, suf_r, fpar, ipar, float(threshold), keep, int(limit),
        int(max_sets) if max_sets is not None else 2**62, max(width, 1))
    if status != walk.DONE:
        raise WorkLimit(int(visited))
    listed = [(float(v), frozenset(order[m] for m in row if m >= 0))
              for v, row in zip(rc.tolist(), rows.tolist(), strict=True)]
    if paid is not None:
        paid.update(zip((s for _, s in listed),
                        walk.paid(rows, prices, cut_ptr, cut_idx, cut_prices).tolist(),
                        strict=True))
    if not lazy:
        # the true reduced costs: the week built, the cuts paid
        index = index_cuts([trio for trio, _ in cuts])
        cut_values = [v for _, v in cuts]
        true = []
        for _, column in listed:
            if problem.violation(column) is None:
                value = problem.value(column) - price_of(column, pi, index, cut_values)
                if value > threshold:
                    true.append((value, column))
        listed = true
    listed.sort(key=lambda x: (-x[0], sorted(x[1])))
    if not lazy and most is not None:
        listed = listed[:most]
    return listed, int(visited)


@dataclass(frozen=True)
class ExactResult:
    """What :func:`solve_exact` found and proved.

    Attributes
    ----------
    functions
        The best carving found (task index sets).
    value
        Its objective.
    upper
        A proven upper bound on every carving of the pool (``value`` when ``proven``).
    proven
        Whether ``value`` is proven optimal (every limit held).
    columns, rounds, visited, nodes, seconds
        Functions listed for the final packing, column-generation rounds, task sets
        visited by the walks, branch-and-bound nodes, and seconds.
    cuts
        Subset-row cuts added to the LP.
    grown
        Sets the first stage's greedy growth evaluated.
    """
    functions: list[frozenset[int]]
    value: float
    upper: float
    proven: bool
    columns: int
    rounds: int
    visited: int
    nodes: int
    seconds: float
    cuts: int = 0
    grown: int = 0

    @property
    def work(self) -> int:
        """The work used: sets visited, plus :data:`NODE_WORK` per node and
        :data:`GROWN_WORK` per set the first stage's growth evaluated."""
        return self.visited + NODE_WORK * self.nodes + GROWN_WORK * self.grown


def task_mask(members: frozenset[int]) -> int:
    """A task set as a bit mask over task indices."""
    mask = 0
    for i in members:
        mask |= 1 << i
    return mask


def cuts_held(members: frozenset[int], cut_masks: Sequence[int]) -> list[int]:
    """The cuts (by index) a set holds two or more tasks of."""
    mask = task_mask(members)
    return [c for c, m in enumerate(cut_masks) if (mask & m).bit_count() >= 2]


def index_cuts(cuts: Sequence[frozenset[int]]) -> dict[int, list[int]]:
    """The cuts (by index) each task is in."""
    index: dict[int, list[int]] = defaultdict(list)
    for c, trio in enumerate(cuts):
        for i in trio:
            index[i].append(c)
    return index


def price_of(members: frozenset[int], pi: np.ndarray | Sequence[float],
             cut_index: dict[int, list[int]] | None = None,
             cut_prices: Sequence[float] | np.ndarray = ()) -> float:
    """What a set pays: its tasks' prices plus the price of every cut it holds two or
    more tasks of (its reduced cost is its value minus this); ``cut_index`` from
    :func:`index_cuts`."""
    total = float(sum(pi[i] for i in members))
    if cut_index:
        held: dict[int, int] = {}
        for i in members:
            for c in cut_index.get(i, ()):
                held[c] = held.get(c, 0) + 1
        total += sum(cut_prices[c] for c, k in held.items() if k >= 2)
    return total


def packing_lp(problem: CarveProblem, columns: Sequence[frozenset[int]], k_most: int,
               cuts: Sequence[frozenset[int]] = (),
               memo: dict[frozenset[int], tuple[int, list[int]]] | None = None,
               exactly: bool = False
               ) -> tuple[float, np.ndarray, float, np.ndarray, np.ndarray]:
    """The set-packing LP over ``columns`` with at most ``k_most`` functions (``exactly``:
    exactly that many) and the subset-row cuts ``cuts`` (at most one function holds two or
    more of a cut's three tasks): its value, the task prices, the price of one function
    (the cardinality row's dual; negative possible when ``exactly``), the cuts' prices and
    the solution. ``memo`` keeps, per column, the cuts it holds two tasks of among the
    first so many (cuts are only ever appended). With ``exactly`` an artificial function
    (no tasks, value ``-ARTIFICIAL``) keeps the LP feasible while the columns cannot make
    that many functions; it is not part of the returned solution."""
    from scipy.optimize import linprog
    from scipy.sparse import csc_array, hstack, vstack

    n = len(problem.tasks)
    values = np.array([problem.value(c) for c in columns])
    rows = [i for c in columns for i in c]
    cols = [k for k, c in enumerate(columns) for _ in c]
    blocks = [csc_array((np.ones(len(rows)), (rows, cols)), shape=(n, len(columns))),
              csc_array(np.ones((1, len(columns))))]
    if cuts:
        memo = {} if memo is None else memo
        masks = [task_mask(cut) for cut in cuts]
        cut_rows: list[int] = []
        cut_cols: list[int] = []
        for k, column in enumerate(columns):
            checked, hits = memo.get(column, (0, []))
            if checked < len(cuts):
                hits = hits + [checked + c for c in cuts_held(column, masks[checked:])]
                memo[column] = (len(cuts), hits)
            cut_rows += hits
            cut_cols += [k] * len(hits)
        blocks.append(csc_array((np.ones(len(cut_rows)), (cut_rows, cut_cols)),
                                shape=(len(cuts), len(columns))))
    if not exactly:
        result = linprog(-values, A_ub=vstack(blocks), b_ub=np.r_[np.ones(n), k_most,
                                                                 np.ones(len(cuts))],
                         bounds=(0, None), method="highs")
        duals = np.maximum(0.0, -np.asarray(result.ineqlin.marginals, dtype=float))
        return (-float(result.fun), duals[:n], float(duals[n]), duals[n + 1:],
                np.asarray(result.x, dtype=float))
    rows_ub = vstack([blocks[0], *blocks[2:]])
    rows_ub = hstack([rows_ub, csc_array((rows_ub.shape[0], 1))])  # the artificial
    result = linprog(np.r_[-values, ARTIFICIAL], A_ub=rows_ub,
                     b_ub=np.r_[np.ones(n), np.ones(len(cuts))],
                     A_eq=np.ones((1, len(columns) + 1)), b_eq=[k_most], bounds=(0, None),
                     method="highs")
    duals = np.maximum(0.0, -np.asarray(result.ineqlin.marginals, dtype=float))
    mu = -float(result.eqlin.marginals[0])
    return (-float(result.fun), duals[:n], mu, duals[n:],
            np.asarray(result.x, dtype=float)[:-1])


def separate_cuts(columns: Sequence[frozenset[int]], x: np.ndarray, pool: Sequence[int],
                  known: set[frozenset[int]], most: int) -> list[frozenset[int]]:
    """Violated subset-row cuts: three tasks that the LP solution ``x`` puts, summed over
    the functions holding two or more of them, in more than one function (the most
    violated first, at most ``most``, none of ``known``)."""
    inside = set(pool)
    load: dict[tuple[int, int, int], float] = defaultdict(float)
    for k, v in enumerate(x):
        if v <= 1e-6:
            continue
        members = sorted(columns[k] & inside)
        others = [t for t in pool if t not in columns[k]]
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                for t in others:  # two of the three in the function
                    load[tuple(sorted((i, j, t)))] += v  # type: ignore[index]
                for t in members[b + 1:]:  # all three (counted from its two smallest)
                    load[(i, j, t)] += v
    found = [(v, frozenset(trio)) for trio, v in load.items() if v > 1.0 + 1e-4]
    found = [(v, cut) for v, cut in found if cut not in known]
    found.sort(key=lambda t: (-t[0], sorted(t[1])))
    return [cut for _, cut in found[:most]]


class _Column:
    """A listed task set: its optimistic reduced cost, and its true value once needed."""
    __slots__ = ("_true", "index", "mask", "members", "rc_upper")

    def __init__(self, index: int, members: frozenset[int], mask: int, rc_upper: float) -> None:
        self.index = index
        self.members = members
        self.mask = mask
        self.rc_upper = rc_upper
        self._true: tuple[float, float] | None = None

    def true(self, problem: CarveProblem, price_sum: float) -> tuple[float, float]:
        """(value, reduced cost) with the week built; ``-inf`` when it is not feasible."""
        if self._true is None:
            if problem.violation(self.members) is None:
                value = problem.value(self.members)
                self._true = (value, value - price_sum)
            else:
                self._true = (-math.inf, -math.inf)
        return self._true


def branch_and_bound(problem: CarveProblem, pool: Sequence[int],
                     listed: Sequence[tuple[float, frozenset[int]]], pi: np.ndarray,
                     mu: float, k_most: int, incumbent: float, node_limit: int,
                     cuts: Sequence[tuple[frozenset[int], float]] = (), exactly: bool = False
                     ) -> tuple[list[frozenset[int]], float, bool, int]:
    """The best packing of the ``listed`` sets, if better than ``incumbent``.

    ``listed`` holds ``(upper bound on value - sum pi, set)``; a set's week is built only
    when the search would descend into it. Depth-first over the tasks in order of falling
    price: the first undecided task is covered by a set that starts with it, or left
    uncovered. The bound at a node is the Lagrangian one, ``value so far + prices of the
    undecided tasks + mu * functions still allowed``: a set changes it by its reduced cost
    ``value - pi(set) - mu`` (never positive for a valid ``mu``), an uncovered task lowers
    it by its price. With subset-row ``cuts`` (three tasks, price) a set's reduced cost
    also pays the price of each cut it holds two or more tasks of, and the root bound adds
    every cut's price (in a packing at most one set holds two of a cut's tasks). With
    ``exactly`` only packings of exactly ``k_most`` sets count (``mu`` may be negative:
    the functions still to come are owed, not allowed). Returns
    the packing (empty when nothing beats ``incumbent``), its value, whether the search
    finished within ``node_limit`` nodes, and the nodes used.
    """
    order = sorted(pool, key=lambda i: (-pi[i], i))
    position = {i: k for k, i in enumerate(order)}
    starting: list[list[_Column]] = [[] for _ in order]
    for index, (rc_upper, members) in enumerate(listed):
        mask = 0
        for i in members:
            mask |= 1 << position[i]
        starting[min(position[i] for i in members)].append(
            _Column(index, members, mask, rc_upper - mu))
    for group in starting:
        group.sort(key=lambda c: (-c.rc_upper, c.index))
    price_sums: dict[int, float] = {}
    cut_index = index_cuts([trio for trio, _ in cuts])
    cut_prices = [price for _, price in cuts]
    prices = [float(pi[i]) for i in order]
    n = len(order)
    best: dict[str, object] = {"value": incumbent + 1e-7, "chosen": ()}
    nodes = [0]
    chosen: list[frozenset[int]] = []

    def dfs(k: int, used: int, value: float, bound: float, count: int) -> None:
        nodes[0] += 1
        if nodes[0] > node_limit:
            raise WorkLimit
        while k < n and used >> k & 1:
            k += 1
        best_value = best["value"]
        assert isinstance(best_value, float)
        if k == n or count == k_most:
            if value > best_value and (count == k_most or not exactly):
                best["value"], best["chosen"] = value, tuple(chosen)
            return
        if bound <= best_value:
            return
        for column in starting[k]:
            if bound + column.rc_upper <= best["value"]:  # type: ignore[operator]
                break
            if column.mask & used:
                continue
            price_sum = price_sums.get(column.index)
            if price_sum is None:
                price_sum = price_sums[column.index] = price_of(column.members, pi,
                                                                cut_index, cut_prices)
            v, rc = column.true(problem, price_sum)
            if bound + rc - mu <= best["value"]:  # type: ignore[operator]
                continue
            chosen.append(column.members)
            dfs(k + 1, used | column.mask, value + v, bound + rc - mu, count + 1)
            chosen.pop()
        dfs(k + 1, used, value, bound - prices[k], count)

    root = float(sum(prices)) + mu * k_most + float(sum(cut_prices))
    finished = True
    try:
        dfs(0, 0, 0.0, root, 0)
    except WorkLimit:
        finished = False
    found = list(best["chosen"])  # type: ignore[call-overload]
    return found, float(best["value"]) if found else incumbent, finished, nodes[0]  # type: ignore[arg-type]


def _grown(problem: CarveProblem, pool: Sequence[int], pi: np.ndarray, mu: float,
           seen: set[frozenset[int]], most: int,
           paid: Callable[[frozenset[int]], float] | None = None
           ) -> tuple[list[frozenset[int]], int]:
    """Functions with a positive reduced cost found by greedy growth (not all of them),
    and the number of sets evaluated; ``paid`` is what a set pays (default: its tasks'
    prices)."""
    duals = [float(x) for x in pi]
    seeds = sorted(pool, key=lambda i: (-problem.hours[i], i))
    scored: dict[frozenset[int], float] = {}
    evaluated = 0
    for chain in grow_all(problem, seeds, set(pool), random.Random(0), noise=0.0,
                           duals=duals):
        for column in chain:
            if column in seen or column in scored:
                continue
            evaluated += 1
            rc = problem.value(column) - (paid(column) if paid is not None else
                                          sum(duals[i] for i in column)) - mu
            if rc > 1e-6:
                scored[column] = rc
    ranked = sorted(scored, key=lambda c: (-scored[c], sorted(c)))
    return ranked[:most], evaluated


def solve_exact(problem: CarveProblem, pool: Sequence[int], incumbent: Sequence[frozenset[int]],
                columns: Sequence[frozenset[int]] = (), *, max_rounds: int = 200,
                per_round: int = 2_000, work: int = 20_000_000, max_sets: int = 1_000_000,
                prove: bool = True) -> ExactResult:
    """Optimal carving of ``pool`` by column generation and gap enumeration (module doc).

    ``incumbent`` is a carving of the pool (e.g. the heuristic's), ``columns`` further
    candidate functions. ``work`` limits the sets visited by the walks plus
    :data:`NODE_WORK` per node of the branch and bound and :data:`GROWN_WORK` per set the
    first stage's growth evaluates, ``max_sets`` the sets listed in
    the gap; past either the best
    carving found so far is returned with ``proven=False`` (limits on work, not time, so
    the result is the same on every machine). Without ``prove`` only the first stage runs
    (column generation priced by growth, subset-row cuts, the best packing of the
    generated functions): a fast improvement of the incumbent, returned unproven.
    """
    start = time.perf_counter()
    cols: list[frozenset[int]] = []
    seen: set[frozenset[int]] = set()
    # in a canonical order, so the result does not depend on the order they come in
    for c in sorted(list(incumbent) + list(columns), key=lambda c: (len(c), sorted(c))):
        if c not in seen and problem.value(c) > 0:
            seen.add(c)
            cols.append(c)
    best: list[frozenset[int]] = list(incumbent)
    value = sum(problem.value(c) for c in incumbent)
    k_most = math.floor(sum(problem.hours[i] for i in pool) / problem.params.min_hours + _EPS)
    result = {"visited": 0, "nodes": 0, "rounds": 0, "grown": 0}

    def left() -> int:
        return work - result["visited"] - NODE_WORK * result["nodes"] - \
            GROWN_WORK * result["grown"]

    cuts: list[frozenset[int]] = []  # subset-row cuts (three tasks each)

    def done(upper: float, proven: bool, listed: int) -> ExactResult:
        return ExactResult(best, value, value if proven else max(upper, value), proven,
                           listed, result["rounds"], result["visited"], result["nodes"],
                           time.perf_counter() - start, len(cuts), result["grown"])

    if not pool or k_most == 0:
        return done(value, True, 0)
    pi = np.zeros(len(problem.tasks))
    mu = 0.0
    sigma = np.zeros(0)  # their prices
    x = np.zeros(0)  # the LP's solution over ``cols``

    cut_index: dict[int, list[int]] = {}
    indexed = [0]  # the cuts in ``cut_index``
    memo: dict[frozenset[int], tuple[int, list[int]]] = {}  # cuts held, per column

    def paid(members: frozenset[int]) -> float:
        if indexed[0] != len(cuts):
            cut_index.clear()
            cut_index.update(index_cuts(cuts))
            indexed[0] = len(cuts)
        return price_of(members, pi, cut_index, sigma)

    def priced_cuts() -> list[tuple[frozenset[int], float]]:
        return [(c, float(v)) for c, v in zip(cuts, sigma, strict=True)]

    def pack_columns(when: str, limit: int, count: int = k_most, exactly: bool = False
                     ) -> bool:
        """The best packing of the generated functions under the current prices (at most
        ``limit`` nodes): a better incumbent, a smaller gap. Whether it finished."""
        nonlocal best, value
        found, found_value, finished, used = branch_and_bound(
            problem, pool, [(problem.value(c) - paid(c), c) for c in cols], pi, mu, count,
            value, max(1, min(left() // NODE_WORK, limit)), priced_cuts(), exactly)
        result["nodes"] += used
        if found and found_value > value:
            _LOG.debug("%s packing of the %d generated functions: %.4f (was %.4f)", when,
                       len(cols), found_value, value)
            best, value = found, found_value
        return finished

    # 1. column generation, priced by greedy growth (cheap; the LP need not be optimal:
    #    step 2 accounts for any function the growth missed), then subset-row cuts
    for _ in range(max_rounds):
        if left() <= 0:
            break
        result["rounds"] += 1
        if cols:
            _, pi, mu, sigma, x = packing_lp(problem, cols, k_most, cuts, memo)
        added, evaluated = _grown(problem, pool, pi, mu, seen, per_round, paid)
        result["grown"] += evaluated
        if not added:
            fresh = separate_cuts(cols, x, pool, set(cuts), CUTS_PER_ROUND) \
                if cols and len(cuts) < MAX_CUTS else []
            if not fresh:
                break
            cuts += fresh
            continue
        seen.update(added)
        cols.extend(added)
    pack_columns("first-stage", 2_000_000 if prove else FIRST_STAGE_NODES)
    _LOG.debug("%d rounds of growth pricing: %d columns, %d cuts, incumbent %.4f, %.1f s",
               result["rounds"], len(cols), len(cuts), value, time.perf_counter() - start)
    if not prove:
        return done(math.inf, False, len(cols))
    # 2. widening walks. A walk lists every set whose optimistic reduced cost exceeds
    #    mu - width. Functions among them with a true reduced cost above mu join the LP
    #    (exact pricing; new prices, walk again; every ``PACK_ROUNDS`` rounds the generated
    #    functions are packed). Otherwise (or after ``max_rounds``) the
    #    listed sets are packed by branch and bound: a better incumbent. With delta the
    #    largest reduced cost above mu (0 when none), the Lagrangian bound is
    #    ``sum pi + (mu + delta) K``, and a carving above the incumbent uses only sets with
    #    reduced cost above ``mu + delta - gap``: once the walk's width covers that, the
    #    packing is optimal. Before the gap, subset-row cuts tighten the LP (each round
    #    adds the most violated, then prices again; the reduced costs and the bound
    #    include their prices), and the best packing of the generated functions under the
    #    tightened prices may raise the incumbent. When the LP then still uses a
    #    fractional number of functions (or the first stage's LP already did), the search
    #    splits into one branch per number of functions k = K, ..., 1 (exactly k
    #    functions: a tighter LP each, so a narrower gap), each priced, cut and walked the
    #    same way.

    def search(count: int, exactly: bool, split: bool) -> tuple[str, float, int]:
        """The walks for carvings of at most (``exactly``: exactly) ``count`` functions.
        Returns the outcome (``"proven"``, ``"stopped"`` at a limit, or ``"split"`` when
        ``split`` and the LP's number of functions is fractional), the best bound met on
        this branch and the sets listed."""
        nonlocal pi, mu, sigma, x, best, value
        if exactly:
            _, pi, mu, sigma, x = packing_lp(problem, cols, count, cuts, memo, exactly=True)
        lowest = math.inf
        width = 0.0  # exact pricing rounds first; then the whole gap, or widening steps
        cut_gaps = [math.inf]  # the gap at each round of cuts
        exact_rounds = 0
        whole = True
        complete = tail = False
        while True:
            price_total = float(sum(pi[i] for i in pool)) + float(sigma.sum())
            if width > 0.0 and whole:
                width = max(0.0, price_total + mu * count - value) + 1e-6
            threshold = mu - width
            # pricing rounds look at the best ``PRICE_SETS`` optimistic sets; only when none
            # of them has a positive reduced cost does a complete walk prove there is none
            most = PRICE_SETS if width == 0.0 and not complete else None
            try:
                walk_paid: dict[frozenset[int], float] = {}
                listed, visited = price(problem, pool, pi, threshold - 1e-7, lazy=True,
                                        most=most, limit=max(1, left()), max_sets=max_sets,
                                        cuts=priced_cuts(), paid=walk_paid)
            except WorkLimit as stop:
                result["visited"] += int(stop.args[0]) if stop.args else 0
                _LOG.debug("width %.3f: walk stopped at its limit after %d visited, %.1f s",
                           width, result["visited"], time.perf_counter() - start)
                if whole and width > 1.0:
                    whole, width = False, 1.0  # too many: widen step by step from a narrow walk
                    continue
                return "stopped", lowest, max_sets
            result["visited"] += visited
            if most is not None and len(listed) < most:
                complete = True  # the threshold never rose: this walk was complete
            # Lagrangian bound: every set's reduced cost is at most ``top``, the best true one
            # among the sets checked (an LP column's is at most mu) or the best optimistic
            # one of the sets not checked (the listing is best first; a full heap dropped
            # only sets below its last)
            top = mu
            unchecked = listed[-1][0] if most is not None and len(listed) >= most else -math.inf
            positive: list[tuple[float, frozenset[int]]] = []
            for index, (rc_upper, members) in enumerate(listed):  # best optimistic first
                if rc_upper <= mu + 1e-9:
                    break
                if members not in seen and problem.violation(members) is None:
                    rc = problem.value(members) - walk_paid[members]
                    top = max(top, rc)
                    if rc > mu + 1e-9:
                        positive.append((rc, members))
                        if len(positive) >= per_round and exact_rounds < max_rounds:
                            # enough for this round (the last round needs them all)
                            if index + 1 < len(listed):
                                unchecked = max(unchecked, listed[index + 1][0])
                            break
            top = max(top, unchecked)
            lowest = min(lowest, price_total + top * count)
            if price_total + top * count <= value + 1e-7:
                _LOG.debug("bound %.4f reached by the incumbent, %.1f s",
                           price_total + top * count, time.perf_counter() - start)
                return "proven", lowest, len(cols)
            _LOG.debug("mu %.3f, width %.3f: %d sets listed (%d visited), %d with a positive "
                       "reduced cost, %.1f s", mu, width, len(listed), visited, len(positive),
                       time.perf_counter() - start)
            if most is not None and not complete and not positive:
                # none of the best optimistic sets is positive: walk completely, in this
                # round and (the pricing tail: positives rank low) the following ones
                complete = tail = True
                continue
            if positive and exact_rounds < max_rounds:
                exact_rounds += 1
                result["rounds"] += 1
                positive.sort(key=lambda x: (-x[0], sorted(x[1])))
                for _, members in positive[:per_round]:
                    seen.add(members)
                    cols.append(members)
                _, pi, mu, sigma, x = packing_lp(problem, cols, count, cuts, memo, exactly)
                complete = tail
                if exact_rounds % PACK_ROUNDS == 0:
                    # a primal step while pricing tails off: the functions priced so far
                    # often already hold a better carving (long before the gap walk)
                    pack_columns("pricing", PACK_NODES, count, exactly)
                continue
            if width == 0.0:
                if not positive:  # pricing has converged: no reduced cost above mu
                    lowest = min(lowest, price_total + mu * count)
                # cut while it pays: the gap is not already small and the last round closed
                # at least a fifth of it (else the gap walk is cheaper than more rounds)
                gap_now = price_total + mu * count - value
                cutting = len(cuts) < MAX_CUTS and gap_now > 1e-3 * max(1.0, abs(value)) and \
                    gap_now < CUT_PROGRESS * cut_gaps[-1]
                cut_gaps.append(gap_now)
                fresh = separate_cuts(cols, x, pool, set(cuts), CUTS_PER_ROUND) if cutting else []
                if fresh:
                    cuts.extend(fresh)
                    lp_value, pi, mu, sigma, x = packing_lp(problem, cols, count, cuts, memo,
                                                            exactly)
                    _LOG.debug("%d subset-row cuts: LP %.4f, %.1f s", len(cuts), lp_value,
                               time.perf_counter() - start)
                    complete = tail = False
                    continue
                pack_columns("priced", 2_000_000, count, exactly)
                functions = float(x.sum())
                if split and abs(functions - round(functions)) > 1e-6 and \
                        price_total + mu * count - value > 1e-3 * max(1.0, abs(value)):
                    _LOG.debug("LP with %.3f functions: one branch per number of functions, "
                               "%.1f s", functions, time.perf_counter() - start)
                    return "split", lowest, len(cols)
                width = 1.0  # pricing is done: now the gap
                continue
            delta = max([0.0] + [rc - mu for rc, _ in positive])
            mu_eff = mu + delta
            upper = price_total + mu_eff * count
            pack = [*listed, *((problem.value(c) - paid(c), c) for c in best)]
            found, found_value, finished, used = branch_and_bound(
                problem, pool, pack, pi, mu_eff, count, value,
                max(1, left() // NODE_WORK), priced_cuts(), exactly)
            result["nodes"] += used
            if found and found_value > value:
                best, value = found, found_value
            gap = max(0.0, upper - value)
            complete = threshold <= mu_eff - gap + 1e-9
            _LOG.debug("width %.3f: bound %.4f (delta %.4f), best %.4f, gap %.4f; %d sets "
                       "listed after %d visited, %d nodes (%s), %.1f s", width, upper, delta,
                       value, gap, len(listed), result["visited"], used,
                       "finished" if finished else "stopped", time.perf_counter() - start)
            if not finished:
                return "stopped", min(upper, lowest), len(pack)
            if complete or gap <= 1e-7:
                return "proven", min(upper, lowest), len(pack)
            width = gap + delta + 1e-6 if whole else min(4.0 * width, gap + delta + 1e-6)

    functions = float(x.sum())
    if abs(functions - round(functions)) > 1e-6:
        # the first stage's LP already uses a fractional number of functions: branch on
        # the number at once (each branch's pricing is what the search at "at most K"
        # would do, with a tighter LP; the branches together bound every carving)
        _LOG.debug("first-stage LP with %.3f functions: one branch per number of functions",
                   functions)
        outcome, bound, listed = "split", math.inf, len(cols)
    else:
        outcome, bound, listed = search(k_most, False, True)
    if outcome != "split":
        return done(bound, outcome == "proven", listed)
    # one branch per number of functions; stopped in one, the bound is the highest of
    # the branches' (the whole search's for a branch not reached)
    bounds: list[float] = []
    for count in range(k_most, 0, -1):
        outcome, branch_bound, listed = search(count, True, False)
        bounds.append(min(branch_bound, bound))
        if outcome == "stopped":
            return done(bound if count > 1 else max(bounds), False, listed)
    return done(value, True, listed)
