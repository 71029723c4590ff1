"""The heuristic carver: select a packing by MILP, polish it, re-carve neighbourhoods.

:func:`carve_heuristic` carves every part of the pool no function can cross (boards or
sites, see :func:`components`): candidate functions by growth and column generation
(:mod:`matcher.carving.columns`), a set-packing MILP over them (:func:`select_packing`),
local search (:func:`polish`) and large-neighbourhood search (:func:`neighbourhoods`).
Parts larger than ``block_tasks`` are carved in blocks of nearby sites
(:func:`site_blocks`), on forked processes when allowed, then repaired across blocks.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from matcher.carving.columns import (
    TooManyColumns,
    can_fork,
    enumerate_columns,
    generate_columns,
    grow,
    growth_worker,
    lp_duals,
    price_columns,
    undominated,
)
from matcher.carving.problem import Budget, CarveProblem
from matcher.errors import NotProvenError

__all__ = ["carve_heuristic", "components", "neighbourhoods", "polish", "select_packing",
           "site_blocks"]


def select_packing(problem: CarveProblem, columns: list[frozenset[int]], n_tasks: int,
                   exact: bool = False, time_limit: float | None = None, cap: bool = True
                   ) -> list[set[int]]:
    """Choose disjoint columns with the highest total value: a set-packing MILP (HiGHS).

    With ``exact`` the MILP sees every column and must prove optimality (else
    :class:`NotProvenError`). Otherwise, when there are more than ``select_columns`` columns,
    the MILP sees those with the best reduced cost under the duals of the selection LP
    (every column the LP uses among them), which keeps it small enough to solve, and
    stops at the relative gap ``select_gap`` (with ``cap``) or after ``select_nodes``
    nodes.
    """
    if not columns:
        return []
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csc_array

    most = problem.solver.select_columns
    if not exact and cap and len(columns) > most:
        _, duals = lp_duals(problem, columns)
        reduced = [problem.value(c) - sum(duals[i] for i in c) for c in columns]
        keep = sorted(range(len(columns)), key=lambda k: (-reduced[k], k))[:most]
        columns = [columns[k] for k in sorted(keep)]
    values = np.array([problem.value(c) for c in columns])
    rows = [i for c in columns for i in c]
    cols = [k for k, c in enumerate(columns) for _ in c]
    matrix = csc_array((np.ones(len(rows)), (rows, cols)), shape=(n_tasks, len(columns)))
    s = problem.solver
    limit = s.time_limit
    if time_limit is not None:
        limit = max(0.5, min(time_limit, limit))
    options: dict[str, float] = {"time_limit": limit, "disp": False}
    if not exact:
        options["node_limit"] = s.select_nodes
        if cap and s.select_gap > 0:
            options["mip_rel_gap"] = s.select_gap
    result = milp(
        -values, integrality=np.ones(len(columns)), bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, 0, 1),
        options=options,
    )
    if exact and result.status != 0:
        raise NotProvenError(result.message)
    if result.x is None:  # time limit without a solution: fall back to greedy packing
        chosen: list[set[int]] = []
        used: set[int] = set()
        for k in np.argsort(-values, kind="stable"):
            if not columns[k] & used:
                chosen.append(set(columns[k]))
                used |= columns[k]
        return chosen
    return [set(columns[k]) for k in np.flatnonzero(result.x > 0.5)]


def polish(problem: CarveProblem, functions: list[set[int]], left: set[int],
           rng: random.Random, budget: Budget | None = None) -> None:
    """Local search: insert leftovers, relocate and swap tasks while the objective improves.

    Functions stay inside the band and every hard rule holds after every move.
    """
    moves_left = problem.solver.iterations
    values = [problem.value(frozenset(f)) for f in functions]
    # hours of every function, so a move that leaves the band is skipped before any set
    # is built (the same moves as checking the sets, only cheaper)
    low = problem.params.min_hours - 1e-9
    high = problem.params.max_hours + 1e-9
    task_hours = problem.hours
    sizes = [sum(task_hours[i] for i in f) for f in functions]

    def quick_ok(members: frozenset[int]) -> bool:
        hours = sum(problem.hours[i] for i in members)
        return (problem.params.min_hours - 1e-9 <= hours and
                problem.quick_violation(members) is None)

    def ok(members: frozenset[int]) -> bool:
        return quick_ok(members) and problem.violation(members) is None

    improved = True
    while improved and moves_left > 0 and not (budget is not None and budget.over()):
        improved = False
        moves = [(i, -1) for i in sorted(left)]
        moves += [(i, a) for a, f in enumerate(functions) for i in sorted(f)]
        rng.shuffle(moves)
        for i, a in moves:
            if moves_left <= 0 or (budget is not None and budget.over()):
                break
            if (a < 0 and i not in left) or (a >= 0 and i not in functions[a]):
                continue
            if a >= 0:
                if sizes[a] - task_hours[i] < low:
                    continue
                source = frozenset(functions[a] - {i})
                if not ok(source):
                    continue
                base_gain = problem.value(source) - values[a]
            else:
                base_gain = 0.0
            best_gain, best_target = 1e-9, -2
            h_i = task_hours[i]
            for b, target in enumerate(functions):
                if b == a:
                    continue
                moves_left -= 1
                if not low <= sizes[b] + h_i <= high:
                    continue
                joined = frozenset(target | {i})
                if not quick_ok(joined):
                    continue
                if base_gain + problem.value_bound(joined) - values[b] <= best_gain:
                    continue
                gain = base_gain + problem.value(joined) - values[b]
                if gain > best_gain and ok(joined):
                    best_gain, best_target = gain, b
            if best_target == -2:
                continue
            if a >= 0:
                functions[a].discard(i)
                values[a] = problem.value(frozenset(functions[a]))
                sizes[a] = sum(task_hours[k] for k in functions[a])
            else:
                left.discard(i)
            functions[best_target].add(i)
            values[best_target] = problem.value(frozenset(functions[best_target]))
            sizes[best_target] = sum(task_hours[k] for k in functions[best_target])
            improved = True
        # swaps: a task in a function against a task in another function or the leftovers
        for a in rng.sample(range(len(functions)), len(functions)):
            for i in sorted(functions[a]):
                if moves_left <= 0 or i not in functions[a] or \
                        (budget is not None and budget.over()):
                    break
                others = [(b, j) for b, f in enumerate(functions) if b != a for j in f]
                others += [(-1, j) for j in left]
                h_i = task_hours[i]
                for b, j in others:
                    if abs(h_i - task_hours[j]) < 1e-9 and \
                            problem.tasks[i].area == problem.tasks[j].area and \
                            problem.tasks[i].site == problem.tasks[j].site:
                        continue
                    moves_left -= 1
                    if not low <= sizes[a] - h_i + task_hours[j] <= high or \
                            (b >= 0 and not low <= sizes[b] - task_hours[j] + h_i <= high):
                        continue
                    new_a = frozenset((functions[a] - {i}) | {j})
                    if not quick_ok(new_a):
                        continue
                    new_b = frozenset((functions[b] - {j}) | {i}) if b >= 0 else new_a
                    if b >= 0 and not quick_ok(new_b):
                        continue
                    bound = problem.value_bound(new_a) - values[a]
                    if b >= 0:
                        bound += problem.value_bound(new_b) - values[b]
                    if bound <= 1e-9:
                        continue
                    gain = problem.value(new_a) - values[a]
                    if b >= 0:
                        gain += problem.value(new_b) - values[b]
                    if gain <= 1e-9 or not ok(new_a) or (b >= 0 and not ok(new_b)):
                        continue
                    functions[a] = set(new_a)
                    values[a] = problem.value(new_a)
                    sizes[a] = sum(task_hours[k] for k in new_a)
                    if b >= 0:
                        functions[b] = set(new_b)
                        values[b] = problem.value(new_b)
                        sizes[b] = sum(task_hours[k] for k in new_b)
                    else:
                        left.discard(j)
                        left.add(i)
                    improved = True
                    break


def carve_heuristic(problem: CarveProblem, pool: list[int], rng: random.Random, budget: Budget,
                    warm: Sequence[frozenset[int]]) -> list[set[int]]:
    """Carve every independent part; large parts in blocks of nearby sites plus repair."""
    s = problem.solver
    functions: list[set[int]] = []
    parts = components(problem, pool)
    total, done = max(1, sum(len(part) for part in parts)), 0
    outer = budget.span_now()
    for part in parts:
        budget.span(*_share(outer, done / total, (done + len(part)) / total))
        done += len(part)
        if len(part) <= s.block_tasks:
            functions += _carve_part(problem, part, rng, budget, warm)
            continue
        found = _carve_blocks(problem, site_blocks(problem, part), budget, warm)
        budget.at(0.8, "herstel tussen blokken")
        left = set(part) - {i for f in found for i in f}
        # repair across blocks: left-overs of neighbouring blocks form new functions
        if left:
            free = sorted(left)
            columns = generate_columns(problem, free, rng, budget)
            found += select_packing(problem, columns, len(problem.tasks),
                                    time_limit=budget.left(0.8))
            left = set(part) - {i for f in found for i in f}
        polish(problem, found, left, rng, budget)
        budget.at(0.9, "buurten opnieuw indelen")
        neighbourhoods(problem, part, found, left, rng, budget)
        polish(problem, found, left, rng, budget)
        functions += found
    budget.span(*outer)
    return functions


def _share(outer: tuple[float, float], low: float, high: float) -> tuple[float, float]:
    """The part ``low``-``high`` (0-1) of the span ``outer``."""
    a, b = outer
    return a + (b - a) * low, a + (b - a) * high


def _carve_blocks(problem: CarveProblem, blocks: list[list[int]], budget: Budget,
                  warm: Sequence[frozenset[int]]) -> list[set[int]]:
    """Carve each block on its own (block ``k`` seeded with ``seed + k``), on ``workers``
    forked processes when there are several blocks and forking is safe; the result does
    not depend on where the blocks run."""
    s = problem.solver
    jobs = [(block, [g for g in warm if g <= set(block)], s.seed + k)
            for k, block in enumerate(blocks)]
    total = max(1, sum(len(b) for b in blocks))
    # the blocks share 80% of the budget by their sizes, side by side on the workers; a
    # block never runs past that point (its fair share is a ceiling, not a promise)
    left = budget.left(0.8)
    end = None if left is None else time.monotonic() + left
    if s.workers > 1 and len(blocks) > 1 and can_fork():
        context = multiprocessing.get_context("fork")
        side = min(s.workers, len(blocks))
        args = (problem.tasks, dict(problem.travel), problem.params, s,
                {t.site: b for t, b in zip(problem.tasks, problem.board, strict=True)},
                problem.site_hours, end)
        out: list[set[int]] = []
        with ProcessPoolExecutor(max_workers=side, mp_context=context) as pool:
            for k, (result, cut) in enumerate(pool.map(
                    _block_worker,
                    [(*args, None if left is None else left * side * len(job[0]) / total, *job)
                     for job in jobs])):
                budget.at(0.8 * (k + 1) / len(jobs), f"blok {k + 1} van {len(jobs)}")
                out += [set(g) for g in result]
                if cut:
                    budget.mark_cut()
        return out
    found: list[set[int]] = []
    outer = budget.span_now()
    rest = total
    for k, (block, block_warm, seed) in enumerate(jobs):
        budget.span(*_share(outer, 0.8 * k / len(jobs), 0.8 * (k + 1) / len(jobs)))
        own = None if end is None else max(0.0, end - time.monotonic()) * len(block) / rest
        rest -= len(block)
        found += _carve_part(problem, block, random.Random(seed), budget.child(own),
                             block_warm, finish=False)
    budget.span(*outer)
    return found


def _block_worker(job: tuple) -> tuple[list[list[int]], bool]:  # type: ignore[type-arg]
    """Carve one block in a worker process (see :func:`_carve_blocks`): its functions and
    whether the time budget cut it short."""
    tasks, travel, params, solver, boards, hours, end, fair, block, warm, seed = job
    budget = Budget.until(end)
    if fair is not None:
        budget = budget.child(fair)
    if budget.over():
        return [], True  # the blocks' time is up: this block stays uncarved
    problem = CarveProblem(tasks, travel, params, boards, solver, hours)
    found = _carve_part(problem, block, random.Random(seed), budget, warm, finish=False)
    return [sorted(g) for g in found], budget.cut


def _carve_part(problem: CarveProblem, part: list[int], rng: random.Random, budget: Budget,
                warm: Sequence[frozenset[int]], finish: bool = True) -> list[set[int]]:
    """Generation, column generation, selection, polishing and (``finish``) LNS; a part
    of at most ``two_way_tasks`` tasks is searched twice (see :class:`SolverParams`)."""
    s = problem.solver
    if not (finish and problem.mend and 0 < len(part) <= s.two_way_tasks):
        return _search_part(problem, part, rng, budget, warm, finish)
    outer = budget.span_now()
    budget.span(*_share(outer, 0.0, 0.5))
    plain = _search_part(problem.variant(mend=False), part, rng, budget, warm, finish)
    budget.span(*_share(outer, 0.5, 1.0))
    start = [frozenset(f) for f in plain]
    found = _search_part(problem, part, rng, budget, [*warm, *start], finish)
    budget.span(*outer)
    # the plain carving holds with mending too (the same weeks): keep the better
    if sum(problem.value(f) for f in start) > \
            sum(problem.value(frozenset(f)) for f in found) + 1e-9:
        return [set(f) for f in start]
    return found


def _search_part(problem: CarveProblem, part: list[int], rng: random.Random, budget: Budget,
                 warm: Sequence[frozenset[int]], finish: bool = True) -> list[set[int]]:
    """Generation, column generation, selection, polishing and (``finish``) LNS."""
    s = problem.solver
    inside = set(part)
    if budget.over():
        return []  # no time left for this part: it stays uncarved (the best so far)
    budget.at(0.0, "kandidaat-functies maken")
    with growth_worker(problem, len(part)):
        columns = generate_columns(problem, part, rng, budget)
        known = set(columns)
        columns += [g for g in warm if g <= inside and g not in known]
        budget.at(0.3, "kandidaat-functies verbeteren")
        columns = price_columns(problem, part, columns, s.price_rounds, rng, budget)
    budget.at(0.45, "beste combinatie kiezen")
    functions = select_packing(problem, columns, len(problem.tasks), time_limit=budget.left(0.6))
    left = inside - {i for f in functions for i in f}
    budget.at(0.6, "functies bijschaven")
    polish(problem, functions, left, rng, budget)
    if finish:
        budget.at(0.7, "buurten opnieuw indelen")
        neighbourhoods(problem, part, functions, left, rng, budget)
        polish(problem, functions, left, rng, budget)
    budget.at(1.0, "deel klaar")
    return functions


def components(problem: CarveProblem, pool: list[int]) -> list[list[int]]:
    """Parts of the pool that no function can join: boards (``max_boards`` 1), sites
    (``max_sites`` 1); else the whole pool. In order of their first task."""
    p = problem.params
    if p.max_sites == 1:
        key = [problem.tasks[i].site for i in range(len(problem.tasks))]
    elif p.max_boards == 1:
        key = problem.board
    else:
        return [sorted(pool)]
    parts: dict[str, list[int]] = {}
    for i in sorted(pool):
        parts.setdefault(key[i], []).append(i)
    return list(parts.values())


def site_blocks(problem: CarveProblem, part: list[int]) -> list[list[int]]:
    """Split a large part into blocks of nearby sites of at most ``block_tasks`` tasks.

    Starting from the site with most tasks, a block takes the nearest other sites (by
    travel time from any of its sites) while it stays within ``block_tasks``; a single
    site larger than that is a block of its own.
    """
    cap = problem.solver.block_tasks
    by_site: dict[str, list[int]] = defaultdict(list)
    for i in part:
        by_site[problem.tasks[i].site].append(i)
    todo = sorted(by_site, key=lambda s: (-len(by_site[s]), s))
    blocks: list[list[int]] = []
    while todo:
        block = [todo.pop(0)]
        size = len(by_site[block[0]])
        while todo:
            nearest = min(todo, key=lambda s: (min(problem.travel.get((b, s), math.inf)
                                                   for b in block), s))
            if size + len(by_site[nearest]) > cap:
                break
            block.append(nearest)
            size += len(by_site[nearest])
            todo.remove(nearest)
        blocks.append(sorted(i for s in block for i in by_site[s]))
    return blocks


def neighbourhoods(problem: CarveProblem, pool: list[int], functions: list[set[int]],
                   left: set[int], rng: random.Random, budget: Budget | None = None
                   ) -> None:
    """Large-neighbourhood search: re-carve a few related functions plus left-overs.

    Each round frees one function together with up to two functions that share a site
    with it and the left-over tasks at their sites (at most ``lns_size`` tasks), and
    re-carves that subset: candidate functions grown from every freed task (without and
    with noise), column generation on the subset's LP duals, every feasible function when
    the subset has at most ``lns_max_tasks`` tasks, and the freed functions themselves;
    the set packing over these is solved exactly by HiGHS. A better packing replaces the
    freed functions, so every step keeps all hard rules and the objective never falls.
    At most ``lns_rounds`` rounds, stopping after ``lns_patience`` rounds in a row
    without improvement; deterministic for a seed.
    """
    s = problem.solver
    idle_rounds = 0
    tried: set[frozenset[int]] = set()
    for round_ in range(s.lns_rounds):
        if not functions or idle_rounds >= s.lns_patience or \
                (budget is not None and budget.over(0.95)):
            return
        if budget is not None:
            budget.at(0.7 + 0.25 * round_ / s.lns_rounds,
                      f"buurten opnieuw indelen ({round_ + 1} van {s.lns_rounds})")
        if len(pool) <= s.lns_size and not tried:
            # small inventories: the first neighbourhood is everything
            picks = list(range(len(functions)))
            freed = set().union(*functions)
            sub_pool = sorted(pool)
        else:
            picks, freed, sub_pool = _pick_neighbourhood(problem, functions, left, rng)
        key = frozenset(sub_pool)
        if key in tried:
            idle_rounds += 1
            continue
        tried.add(key)
        before = sum(problem.value(frozenset(functions[j])) for j in picks)
        chosen = _recarve(problem, sub_pool, [frozenset(functions[j]) for j in picks], rng,
                          whole=len(sub_pool) == len(pool))
        after = sum(problem.value(frozenset(g)) for g in chosen)
        if after <= before + 1e-9:
            idle_rounds += 1
            continue
        idle_rounds = 0
        for j in sorted(picks, reverse=True):
            del functions[j]
        functions.extend(set(g) for g in chosen)
        left |= freed
        left -= {i for g in chosen for i in g}


def _pick_neighbourhood(problem: CarveProblem, functions: list[set[int]], left: set[int],
                        rng: random.Random) -> tuple[list[int], set[int], list[int]]:
    """A random function, up to ``lns_functions - 1`` that share a site, and left-overs."""
    s = problem.solver
    k = rng.randrange(len(functions))
    sites = {problem.tasks[i].site for i in functions[k]}
    related = [j for j in range(len(functions)) if j != k
               and sites & {problem.tasks[i].site for i in functions[j]}]
    rng.shuffle(related)
    picks = [k]
    size = len(functions[k])
    for j in related:
        if len(picks) >= s.lns_functions:
            break
        if size + len(functions[j]) <= s.lns_size:
            picks.append(j)
            size += len(functions[j])
    freed = set().union(*(functions[j] for j in picks))
    sites = {problem.tasks[i].site for i in freed}
    extra = sorted((i for i in left if problem.tasks[i].site in sites),
                   key=lambda i: (-problem.hours[i], i))
    sub_pool = sorted(freed | set(extra[: max(0, s.lns_size - len(freed))]))
    return picks, freed, sub_pool


def _recarve(problem: CarveProblem, sub_pool: list[int], current: list[frozenset[int]],
             rng: random.Random, whole: bool = False) -> list[set[int]]:
    """The best packing of ``sub_pool`` found from generated, priced and current columns.

    ``whole`` (a small inventory re-carved as one neighbourhood) tries the full
    enumeration up to ``lns_enumerate`` sets and prices up to ten rounds. The packing
    MILP sees every column and stops after ``select_nodes`` nodes with its best packing.
    """
    s = problem.solver
    columns: set[frozenset[int]] = set(current)
    free = set(sub_pool)
    if len(sub_pool) <= s.lns_max_tasks or whole:
        with contextlib.suppress(TooManyColumns):
            columns.update(enumerate_columns(
                problem, sub_pool, s.lns_enumerate if whole else 20_000))
    for seed in sub_pool:
        columns.update(undominated(problem, grow(problem, seed, free, rng, 0.0)))
    ordered = price_columns(problem, sub_pool, sorted(columns, key=lambda c: sorted(c)),
                            10 if whole else 1, rng)
    chosen = select_packing(problem, ordered, len(problem.tasks), cap=False)
    polish(problem, chosen, free - {i for g in chosen for i in g}, rng)
    return chosen
