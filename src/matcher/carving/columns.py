"""Candidate functions: greedy growth (on a forked worker too), pricing and enumeration.

* :func:`grow` grows one function from a seed task, by affinity (candidate generation) or
  by marginal value minus dual prices (pricing in column generation);
  :func:`grow_all` grows from many seeds, every second one on a forked process inside
  :func:`growth_worker` (the same chains as growing one after the other).
* :func:`generate_columns` and :func:`price_columns` give the heuristic its candidates;
  :func:`lp_duals` solves the set-packing LP over them.
* :func:`enumerate_columns` lists every feasible function of a small pool (raising
  :class:`TooManyColumns` past its limit).
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import random
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from matcher.carving.problem import Budget, CarveProblem

__all__ = ["PARALLEL_SEEDS", "TooManyColumns", "can_fork", "enumerate_columns",
           "generate_columns", "grow", "grow_all", "growth_worker", "lp_duals",
           "price_columns", "undominated"]


class TooManyColumns(Exception):
    """The enumeration of feasible functions went over its limit of visited sets."""


def grow(problem: CarveProblem, seed: int, free: set[int], rng: random.Random,
         noise: float, duals: Sequence[float] | None = None,
         noise_seed: int | None = None) -> list[frozenset[int]]:
    """Grow one function from a seed task; return every in-band state passed on the way.

    Every free task that fits the hour cap is scored; the best twelve are tried in order
    and the first that keeps every hard rule (:meth:`CarveProblem.violation`) joins, the
    others are not tried again from this seed.

    * Without ``duals`` (candidate generation) the score is the *affinity* with the
      members: 3 for a shared area, 2 for a shared site (else 1.5 for a site within 30
      minutes, 0.8 within 60), 1.5 for a shared level, 0.5 for a shared current role,
      minus half the hours it would go over the target, plus ``noise`` times a uniform
      draw. Growth stops at the target.
    * With ``duals`` (pricing in column generation) only tasks that keep the cheap
      rules (areas, level spread, sites, boards, fixed-time conflicts) are scored, by
      their marginal :meth:`CarveProblem.value_bound` minus their dual price; growth goes on
      past the target while a task still scores above zero, up to ``max_hours``.

    The noise generator is seeded with ``noise_seed`` when given, else with a draw from
    ``rng`` (made only when some other free task exists, see :func:`_noise_seeds`).
    """
    problem.build_arrays()
    p = problem.params
    members = {seed}
    hours = problem.hours[seed]
    found: list[frozenset[int]] = []
    cand = np.array(sorted(free), dtype=np.int64)
    cand = cand[cand != seed]
    level = int(problem.level_arr[seed])
    if duals is not None:
        if p.max_boards == 1:
            cand = cand[problem.board_code[cand] == problem.board_code[seed]]
        cand = cand[np.abs(problem.level_arr[cand] - level) <= p.max_level_spread]
    if not len(cand):
        return found
    c_hours = problem.np_hours[cand]
    c_area = problem.area_code[cand]
    c_site = problem.site_code[cand]
    c_level = problem.level_arr[cand]
    c_role = problem.role_code[cand]
    c_board = problem.board_code[cand]
    c_dual = None if duals is None else np.asarray(duals, dtype=float)[cand]
    alive = np.ones(len(cand), dtype=bool)
    area_h = np.zeros(problem.n_areas)
    level_h = np.zeros(int(problem.level_arr.max()) + 1)
    site_h = np.zeros(len(problem.site_names))
    role_in = np.zeros(problem.n_roles, dtype=bool)
    board_in = np.zeros(problem.n_board_codes, dtype=bool)
    site_best = np.zeros(len(cand))
    position = np.full(len(problem.tasks), -1, dtype=np.int64)
    position[cand] = np.arange(len(cand))
    lo, hi = level, level

    def join(i: int) -> None:
        nonlocal site_best, lo, hi
        area_h[problem.area_code[i]] += problem.hours[i]
        level_h[problem.level_arr[i]] += problem.hours[i]
        site_h[problem.site_code[i]] += problem.hours[i]
        role_in[problem.role_code[i]] = True
        board_in[problem.board_code[i]] = True
        lo, hi = min(lo, int(problem.level_arr[i])), max(hi, int(problem.level_arr[i]))
        site_best = np.maximum(site_best, problem.site_score[problem.site_code[i], c_site])
        for j in (i, *(problem.conflict[i] if c_dual is not None else ())):
            k = position[j]
            if k >= 0:
                alive[k] = False

    def potential(h: np.ndarray | float, a: np.ndarray | float, lv: np.ndarray | float,
                  st: np.ndarray | float, n_sites: np.ndarray | float) -> np.ndarray | float:
        """value_bound as a function of hours, main area/level/site hours and sites."""
        return (h * (1 - p.coherence_weight)
                + p.coherence_weight * (0.5 * a + 0.25 * lv + 0.25 * st)
                - p.target_weight * np.abs(h - p.target_hours) - p.site_weight * (n_sites - 1))

    join(seed)
    noise_rng = None
    if noise > 0:
        noise_rng = np.random.default_rng(
            rng.getrandbits(63) if noise_seed is None else noise_seed)
    while hours < p.max_hours - 1e-9:
        ok = alive & (c_hours + hours <= p.max_hours + 1e-9)
        n_sites = int((site_h > 0).sum())
        if c_dual is not None:
            # pricing: only tasks that keep the cheap rules compete
            if int((area_h > 0).sum()) >= p.max_areas:
                ok &= area_h[c_area] > 0
            ok &= (np.maximum(hi, c_level) - np.minimum(lo, c_level)) <= p.max_level_spread
            if n_sites >= p.max_sites:
                ok &= site_h[c_site] > 0
            if int(board_in.sum()) >= p.max_boards:
                ok &= board_in[c_board]
        idx = np.flatnonzero(ok)
        if not len(idx):
            break
        if c_dual is None:
            over = np.maximum(0.0, hours + c_hours[idx] - p.target_hours)
            score = (3.0 * (area_h[c_area[idx]] > 0) + site_best[idx]
                     + 1.5 * (level_h[c_level[idx]] > 0) + 0.5 * role_in[c_role[idx]]
                     - 0.5 * over)
            if noise_rng is not None:
                score = score + noise * noise_rng.random(len(idx))
        else:
            h = c_hours[idx]
            now = potential(hours, area_h.max(), level_h.max(), site_h.max(), n_sites)
            new_sites = n_sites + (site_h[c_site[idx]] == 0)
            then = potential(hours + h, np.maximum(area_h.max(), area_h[c_area[idx]] + h),
                             np.maximum(level_h.max(), level_h[c_level[idx]] + h),
                             np.maximum(site_h.max(), site_h[c_site[idx]] + h), new_sites)
            score = then - now - c_dual[idx]
            if hours >= p.min_hours - 1e-9:
                keep = score > 1e-9
                if not keep.any():
                    break
                idx, score = idx[keep], score[keep]
        top = idx[np.lexsort((-cand[idx], -score))[:12]]
        added = False
        for k in top:
            i = int(cand[k])
            trial = frozenset(members | {i})
            if problem.violation(trial, complete=False) is None:
                members.add(i)
                hours += problem.hours[i]
                join(i)
                added = True
                break
            alive[k] = False
        if not added:
            break
        if hours >= p.min_hours - 1e-9 and problem.violation(frozenset(members)) is None:
            found.append(frozenset(members))
            if c_dual is None and hours >= p.target_hours - 0.25:
                break
    return found


PARALLEL_SEEDS = 48

#: The problem a forked growth worker inherits (set only while the worker is forked).
_FORKED_PROBLEM: CarveProblem | None = None


def _noise_seeds(seeds: Sequence[int], free: set[int], rng: random.Random, noise: float
                 ) -> list[int | None]:
    """The noise seed of every growth, drawn from ``rng`` in seed order exactly as
    :func:`grow` would draw them one growth after the other (no draw without noise or
    without another free task)."""
    return [rng.getrandbits(63) if noise > 0 and len(free) > (s in free) else None
            for s in seeds]


def _grow_many(problem: CarveProblem, seeds: Sequence[int], free: set[int],
               draws: Sequence[int | None], noise: float,
               duals: Sequence[float] | None) -> list[list[frozenset[int]]]:
    """Growth chains from ``seeds`` (with their noise seeds ``draws``), in order."""
    dummy = random.Random(0)  # never drawn from: every noise seed is given
    return [grow(problem, s, free, dummy, noise, duals, noise_seed=d)
            for s, d in zip(seeds, draws, strict=True)]


def _grow_job(job: tuple) -> tuple[list[list[frozenset[int]]],  # type: ignore[type-arg]
                                   dict[frozenset[int], float]]:
    """Growth in a forked worker: the chains and the value of every in-band state."""
    seeds, free, draws, noise, duals = job
    problem = _FORKED_PROBLEM
    assert problem is not None
    chains = _grow_many(problem, seeds, free, draws, noise, duals)
    return chains, {c: problem.value(c) for chain in chains for c in chain}


def _can_fork_growth(problem: CarveProblem, n_seeds: int) -> bool:
    """Whether growth from ``n_seeds`` seeds is split over a forked second process: only
    with ``workers`` > 1, enough seeds, from the main process (never from a block
    worker) and when forking is safe (:func:`can_fork`)."""
    return problem.solver.workers > 1 and n_seeds >= PARALLEL_SEEDS and \
        multiprocessing.parent_process() is None and can_fork()


@contextlib.contextmanager
def growth_worker(problem: CarveProblem, n_seeds: int) -> Iterator[None]:
    """While open, :func:`grow_all` grows every second seed on one forked process.

    The process is forked once and kept, so the weeks it builds stay in its cache from
    one round of growth to the next (the seeds are split the same way every round).
    Does nothing when :func:`_can_fork_growth` says no.
    """
    if problem.grower is not None or not _can_fork_growth(problem, n_seeds):
        yield
        return

    global _FORKED_PROBLEM
    _FORKED_PROBLEM = problem
    try:
        with ProcessPoolExecutor(max_workers=1,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            # fork now, while this process is still single-threaded and the problem set
            pool.submit(int).result()
            problem.grower = pool
            try:
                yield
            finally:
                problem.grower = None
    finally:
        _FORKED_PROBLEM = None


def grow_all(problem: CarveProblem, seeds: Sequence[int], free: set[int], rng: random.Random,
             noise: float, duals: Sequence[float] | None = None
             ) -> list[list[frozenset[int]]]:
    """:func:`grow` from every seed in order: the same chains as growing one after the
    other, but inside :func:`growth_worker` (and with at least ``PARALLEL_SEEDS``
    seeds) every second seed grows on the forked process while this one grows the
    others; the values of the states it finds join this process's cache."""
    draws = _noise_seeds(seeds, free, rng, noise)
    pool = problem.grower
    if pool is None or len(seeds) < PARALLEL_SEEDS:
        return _grow_many(problem, seeds, free, draws, noise, duals)

    job = (list(seeds[1::2]), free, list(draws[1::2]), noise, duals)
    try:
        future = pool.submit(_grow_job, job)
    except (BrokenProcessPool, RuntimeError):  # the worker died earlier: grow here
        future = None
    mine = _grow_many(problem, seeds[0::2], free, draws[0::2], noise, duals)
    try:
        if future is None:
            raise BrokenProcessPool
        theirs, values = future.result()
    except BrokenProcessPool:  # the worker died (e.g. out of memory): same chains here
        theirs, values = _grow_many(problem, job[0], free, job[2], noise, duals), {}
    for members, value in values.items():
        problem.remember_value(members, value)
    return [mine[k // 2] if k % 2 == 0 else theirs[k // 2] for k in range(len(seeds))]


def undominated(problem: CarveProblem, chain: list[frozenset[int]]) -> list[frozenset[int]]:
    """States of one growth chain (each a superset of the last) worth more than all before.

    A superset worth no more than one of its subsets is never needed in a packing.
    """
    kept = []
    best = -math.inf
    for column in chain:
        value = problem.value(column)
        if value > best + 1e-9:
            kept.append(column)
            best = value
    return kept


def generate_columns(problem: CarveProblem, pool: list[int], rng: random.Random,
                     budget: Budget | None = None) -> list[frozenset[int]]:
    """Candidate functions: seeded greedy growth from every task, with random variation.

    ``restarts`` rounds over every task as a seed, the first without noise; rounds after
    the first are skipped once a quarter of the time budget is used.
    """
    free = set(pool)
    columns: set[frozenset[int]] = set()
    rounds = problem.solver.restarts
    seeds = sorted(pool, key=lambda i: (-problem.hours[i], i))
    for r in range(rounds):
        if r and budget is not None and budget.over(0.25):
            break
        for chunk in _chunks(seeds, budget, 0.25 if r else 0.35):
            for chain in grow_all(problem, chunk, free, rng, noise=0.0 if r == 0 else 2.5):
                columns.update(undominated(problem, chain))
    return sorted(columns, key=lambda c: sorted(c))


#: Seeds grown between two looks at the time budget (:func:`_chunks`).
CHUNK_SEEDS = 16


def _chunks(seeds: list[int], budget: Budget | None, share: float) -> Iterator[list[int]]:
    """The seeds of a round of growth: all at once without a budget; with one, in runs of
    :data:`CHUNK_SEEDS`, stopping (and marking the budget cut) when the next run, at the
    pace so far, would go past ``share`` of the budget. The first run always grows.
    Growing the runs one after the other gives the same chains as growing all at once
    (the noise seeds are drawn in seed order either way)."""
    if budget is None or budget.seconds is None:
        yield list(seeds)
        return
    start = time.monotonic()
    for k in range(0, len(seeds), CHUNK_SEEDS):
        chunk = seeds[k:k + CHUNK_SEEDS]
        if k:
            pace = (time.monotonic() - start) / k
            left = budget.left(share)
            if left is not None and left < pace * len(chunk):
                budget.mark_cut()
                return
        yield chunk


def lp_duals(problem: CarveProblem, columns: Sequence[frozenset[int]]) -> tuple[float, list[float]]:
    """The set-packing LP over ``columns``: its optimum and the dual price of every task."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_array

    n = len(problem.tasks)
    if not columns:
        return 0.0, [0.0] * n
    values = np.array([problem.value(c) for c in columns])
    rows = [i for c in columns for i in c]
    cols = [k for k, c in enumerate(columns) for _ in c]
    matrix = csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, len(columns)))
    result = linprog(-values, A_ub=matrix, b_ub=np.ones(n), bounds=(0, None), method="highs")
    if result.status != 0:
        return 0.0, [0.0] * n
    return float(-result.fun), [float(-m) for m in result.ineqlin.marginals]


def price_columns(problem: CarveProblem, pool: list[int], columns: list[frozenset[int]],
                  rounds: int, rng: random.Random, budget: Budget | None = None
                  ) -> list[frozenset[int]]:
    """Column generation: add functions with a positive reduced cost under the LP duals.

    Each round solves the selection LP over the columns so far, then grows a function
    from every task by marginal value minus dual price (:func:`grow` with ``duals``) and
    adds every in-band state whose value exceeds the sum of its tasks' duals. Stops when a
    round adds nothing. This tightens the LP and gives the selection MILP the functions
    that combine well, which greedy growth by affinity alone misses.
    """
    free = set(pool)
    known = set(columns)
    out = list(columns)
    for _ in range(rounds):
        if budget is not None and budget.over(0.4):
            break
        _, duals = lp_duals(problem, out)
        new: set[frozenset[int]] = set()
        seeds = sorted(pool, key=lambda i: (-problem.hours[i], i))
        for chunk in _chunks(seeds, budget, 0.4):
            for chain in grow_all(problem, chunk, free, rng, noise=0.0, duals=duals):
                for column in chain:
                    if column in known:
                        continue
                    if problem.value(column) - sum(duals[i] for i in column) > 1e-6:
                        new.add(column)
        if not new:
            break
        known |= new
        out.extend(sorted(new, key=lambda c: sorted(c)))
    return out


def enumerate_columns(problem: CarveProblem, pool: list[int], limit: int
                      ) -> list[frozenset[int]]:
    """Every task set that satisfies all hard rules and lies in the hour band.

    Depth-first over tasks in index order, pruning only on rules that stay broken when
    tasks are added (hours above the band, areas, level spread, sites, fixed-time
    conflicts); the week itself is checked for every in-band set. Raises ``TooManyColumns``
    when more than ``limit`` sets are visited.

    Remembered per pool on the problem: asking again (e.g. the heuristic's whole re-carve
    after ``"auto"`` tried the exact method) reuses the sets, or raises at once when an
    earlier walk already visited more than ``limit`` sets.
    """
    key = frozenset(pool)
    known = problem.enumerated.get(key)
    if known is not None:
        visited_before, columns = known
        if columns is not None and visited_before <= limit:
            return list(columns)
        if visited_before > limit:
            raise TooManyColumns
    p = problem.params
    order = sorted(pool)
    found: list[frozenset[int]] = []
    visited = 0

    def extend(members: tuple[int, ...], hours: float, start: int) -> None:
        nonlocal visited
        for pos in range(start, len(order)):
            i = order[pos]
            total = hours + problem.hours[i]
            if total > p.max_hours + 1e-9:
                continue
            trial = frozenset((*members, i))
            if problem.quick_violation(trial) is not None:
                continue
            visited += 1
            if visited > limit:
                problem.enumerated[key] = (visited, None)
                raise TooManyColumns
            if total >= p.min_hours - 1e-9 and problem.violation(trial) is None:
                found.append(trial)
            extend((*members, i), total, pos + 1)

    extend((), 0.0, 0)
    problem.enumerated[key] = (visited, found)
    return list(found)


def can_fork() -> bool:
    """Whether worker processes may be forked: only from a single-threaded process (a fork
    of a threaded one, e.g. a Streamlit server, could deadlock); otherwise all runs here."""
    return "fork" in multiprocessing.get_all_start_methods() and \
        threading.active_count() == 1
