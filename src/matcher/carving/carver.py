"""Carving: partition a task inventory into coherent functions of about 25.5 hours.

The objective and the hard rules are written down in ``docs/carving.md``; in short:

* **Hard rules** for every function: hours within ``[min_hours, max_hours]``; at most
  ``max_areas`` areas, a level spread of at most ``max_level_spread`` and at most
  ``max_sites`` sites; a workable week (:mod:`matcher.carving.week`: no overlapping fixed tasks,
  travel time between sites, at most ``max_hours_per_day``).
* **Objective** (maximised): see :mod:`matcher.carving.problem`. Carved hours dominate;
  among equal hours, coherent functions near the target win.

Solvers (``SolverParams.method``, described in ``docs/carving.md``): ``"exact"`` enumerates
every feasible function and solves the set packing with HiGHS, or prices and walks the gap
(:mod:`matcher.carving.exact`); ``"heuristic"`` (:mod:`matcher.carving.heuristic`) generates
candidate functions (:mod:`matcher.carving.columns`), selects a packing by MILP, polishes it
by local search and re-carves neighbourhoods exactly. Every task ends either in a function
or in the allocation table with a reason; nothing is dropped.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace

import pandas as pd

from matcher.carving.columns import TooManyColumns, can_fork, enumerate_columns
from matcher.carving.exact import solve_exact
from matcher.carving.heuristic import carve_heuristic, polish, select_packing
from matcher.carving.locks import check_locked, valid_warm
from matcher.carving.names import renamed, stable_ids
from matcher.carving.params import CarveParams, SolverParams
from matcher.carving.problem import (
    Budget,
    CarveProblem,
    ProgressCallback,
    site_boards,
)
from matcher.carving.result import Carving, make_functions
from matcher.carving.split import expand_groups, split_by_day
from matcher.carving.week import site_hours
from matcher.errors import NotProvenError, ScheduleError
from matcher.model import Inventory, Task
from matcher.text.catalogue import known, render
from matcher.text.format import nl_number

__all__ = ["carve", "reason_text", "rule_text"]


def _solve(problem: CarveProblem, pool: list[int], warm: Sequence[frozenset[int]],
           budget: Budget) -> tuple[list[set[int]], float, str]:
    """Carve the pool: exactly when the method and size allow, else by the heuristic
    (within ``budget``, which also carries the progress callback)."""
    s = problem.solver
    method = s.method
    exact = method == "exact" or (method == "auto" and len(pool) <= s.exact_max_tasks)
    if exact:
        # small enumerations: every feasible function and one set-packing MILP
        budget.at(0.0, "alle functies opsommen")
        try:
            columns = enumerate_columns(problem, pool, s.exact_max_columns)
            functions = select_packing(problem, columns, len(problem.tasks), exact=True)
            budget.at(1.0, "klaar")
            return functions, sum(problem.value(frozenset(f)) for f in functions), "exact"
        except (TooManyColumns, NotProvenError):
            pass  # too many functions: prices and the gap (carve_exact) after the heuristic
    improve = method == "auto" and not exact and len(pool) <= s.exact_improve_tasks
    budget.span(0.0, 0.4 if exact else 0.7 if improve else 1.0)
    rng = random.Random(s.seed)
    functions = carve_heuristic(problem, pool, rng, budget, warm)
    value = sum(problem.value(frozenset(f)) for f in functions)
    warm_value = sum(problem.value(g) for g in warm)
    if value < warm_value - 1e-9:
        # never below the warm start: keep it, improved by local search only
        functions = [set(g) for g in warm]
        polish(problem, functions, set(pool) - {i for g in warm for i in g}, rng)
        value = sum(problem.value(frozenset(f)) for f in functions)
    if improve:
        budget.span(0.7, 1.0)
        budget.at(0.0, "verbeteren met de exacte methode")
        result = solve_exact(problem, pool, _in_band(problem, functions), work=s.auto_exact_work,
                             prove=False)
        if result.value > value + 1e-9:
            functions, value = [set(f) for f in result.functions], result.value
    if exact:
        # shared by every start; "auto" answers in seconds, a proof asked for may take long
        work = s.exact_work if method == "exact" else s.auto_exact_work
        for start in range(s.exact_starts):
            if work <= 0:
                break
            budget.span(0.4 + 0.6 * start / s.exact_starts,
                        0.4 + 0.6 * (start + 1) / s.exact_starts)
            budget.at(0.0, f"bewijs van optimaliteit ({start + 1} van {s.exact_starts})")
            if start:
                # not proven: the gap was too wide; another start of the heuristic may
                # narrow it (small inventories vary a lot between seeds)
                again = carve_heuristic(problem, pool, random.Random(s.seed + start), budget,
                                        warm)
                again_value = sum(problem.value(frozenset(f)) for f in again)
                if again_value <= value + 1e-9:
                    continue
                functions, value = again, again_value
            result = solve_exact(problem, pool, _in_band(problem, functions), work=work,
                                 max_sets=s.exact_max_sets)
            work -= result.work
            if result.proven:
                budget.span(0.0, 1.0)
                budget.at(1.0, "klaar")
                return [set(f) for f in result.functions], result.value, "exact"
            if result.value > value + 1e-9:
                functions, value = [set(f) for f in result.functions], result.value
        if method == "exact":
            raise NotProvenError(
                "The exact method did not prove this carving optimal within its limits "
                f"(exact_work={s.exact_work:,} sets visited plus ten per branch-and-bound "
                f"node, exact_max_sets={s.exact_max_sets:,} functions in the gap): use "
                "method='heuristic' or raise them.")
    budget.span(0.0, 1.0)
    budget.at(1.0, done_stage(budget.cut))
    return functions, value, "heuristic"


def done_stage(cut: bool) -> str:
    """The last progress stage of a carve: done, and whether the time budget cut it."""
    return "klaar (tijdsbudget op: de beste indeling tot nu toe)" if cut else "klaar"


def _in_band(problem: CarveProblem, functions: Sequence[set[int]]) -> list[frozenset[int]]:
    """The functions in the hour band (an incumbent for the exact method)."""
    low = problem.params.min_hours - 1e-9
    return [frozenset(f) for f in functions if sum(problem.hours[i] for i in f) >= low]


def carve(inventory: Inventory, params: CarveParams | None = None, *,
          solver: SolverParams | None = None, locked: Sequence[Sequence[str]] = (),
          warm_start: Sequence[Sequence[str]] = (),
          earlier: Mapping[str, Sequence[str]] | None = None,
          progress: ProgressCallback | None = None, started: float | None = None) -> Carving:
    """Carve an inventory into functions within the hour band.

    Parameters
    ----------
    inventory
        The tasks and sites (see :func:`matcher.load_tasks`).
    params
        The rules and objective; see :class:`~matcher.carving.params.CarveParams` for the
        defaults.
    solver
        Method, seed and limits of the solver; see
        :class:`~matcher.carving.params.SolverParams` for the defaults.
    locked
        Groups of task ids that the user fixed as functions (a functiecreatie session
        locks what it likes, moves tasks between functions, and re-carves the rest).
        Each group becomes one function exactly (ids ``F01``, ... first, in the given
        order, ``locked=True``); only the other tasks are carved. A group outside the
        hour band, with too many areas or sites, a wide level band or a task marked not
        carvable is kept with Dutch ``warnings``; a group that cannot form a workable week
        (overlap, no travel time, too many hours on a day), an unknown task id or a task
        in two groups raises :class:`~matcher.errors.InputError`.
    warm_start
        Groups of task ids from an earlier carving (its other functions, e.g. after
        locking some). Every group that is still a valid function (all tasks known,
        carvable, not locked, not in an earlier group, within every hard rule and the
        band) is offered to the heuristic as a candidate and as the incumbent, so the
        result's objective is at least the sum of their values. Invalid groups are
        ignored. The exact method is optimal anyway.
    earlier
        The functions of an earlier carving of this inventory, function id -> task ids (a
        session that re-carves after a lock, a move or a pin). A function that carries on
        an earlier one keeps its id (locked ``F05`` stays ``F05``); a new function gets an
        id after the highest earlier one (:func:`matcher.carving.names.stable_ids`).
        Without it, functions are numbered ``F01``, ... (locked ones first).
    progress
        Called as ``progress(fraction, stage)`` while carving: the share done (0-1, never
        going back) and what the solver does now, in Dutch; a bar or a status line for a
        carve that takes more than a moment (at most a few hundred calls).
    started
        The :func:`time.monotonic` time from which ``solver.time_budget`` counts (default:
        now). A caller that spent part of the budget before (the command line reads the
        files) passes its own start, so that the whole run keeps the budget. With a
        budget the carve returns in time for its caller to write the outputs (see
        :func:`budget_deadline`): the best carving found so far, with
        ``Carving.budget_cut`` set when the budget cut the search short, and the tasks
        it had no time to examine marked ``time_budget`` in the allocation.

    Returns
    -------
    Carving
        Functions (ids ``F01``, ``F02``, ...) and an allocation table with one row per task:
        task_id, function_id (empty when unplaced), reason_code and a Dutch reason
        (:func:`reason_text`).

    Raises
    ------
    TypeError
        When ``params`` is not a :class:`CarveParams` or ``solver`` not a
        :class:`SolverParams` (the solver's settings were once part of ``params``).
    InputError
        For locked groups that cannot be kept (see ``locked``).
    NotProvenError
        With ``method="exact"`` when the exact search stops at its limits.

    Examples
    --------
    >>> from matcher.model import Task
    >>> tasks = [Task(f"T{i}", "kopieerwerk", "administration", 5.0, 1) for i in range(5)]
    >>> carving = carve(Inventory.from_tasks(tasks))
    >>> [(f.function_id, f.hours) for f in carving.functions]
    [('F01', 25.0)]
    """
    params = params or CarveParams()
    solver = solver or SolverParams()
    if not isinstance(params, CarveParams) or not isinstance(solver, SolverParams):
        raise TypeError("carve needs params=CarveParams(...) (the rules) and "
                        "solver=SolverParams(...) (method, seed, limits).")
    deadline = budget_deadline(solver.time_budget, len(inventory.tasks), started)
    return _carve(inventory, params, solver, locked, warm_start, earlier, progress, deadline)


#: Share of the time budget a carve aims at in all, so that the budget holds on a busy
#: machine (the outputs, timed separately, are reserved on top, :func:`budget_deadline`).
BUDGET_AIM = 0.93


def budget_deadline(seconds: float | None, n_tasks: int, started: float | None = None
                    ) -> float | None:
    """The :func:`time.monotonic` time a carve of ``n_tasks`` tasks under a time budget of
    ``seconds`` (from ``started``, default now) returns by: :data:`BUDGET_AIM` of the
    budget, less the time its caller needs to write the outputs (about 0.5 s plus 0.6 ms
    a task: the CSV files, ``profiles.md`` and ``profiles.xlsx`` with a sheet a function
    took 12 s for 20,000 tasks carved into 996 functions), at most a third of the
    budget. ``None`` without a budget."""
    if seconds is None:
        return None
    start = time.monotonic() if started is None else started
    writing = min(seconds / 3, 0.5 + 6e-4 * n_tasks)
    return start + seconds * BUDGET_AIM - writing


def _carve(inventory: Inventory, params: CarveParams, solver: SolverParams,
           locked: Sequence[Sequence[str]], warm_start: Sequence[Sequence[str]],
           earlier: Mapping[str, Sequence[str]] | None, progress: ProgressCallback | None,
           deadline: float | None) -> Carving:
    """:func:`carve`, returning by ``deadline`` (a :func:`time.monotonic` time) when given."""
    if params.split_days:
        # every carving of whole tasks is one of split tasks: start from it, so splitting
        # never gives less (the heuristic never ends below its warm start); each carve has
        # half of the time left
        half = None if deadline is None else \
            time.monotonic() + max(0.0, deadline - time.monotonic()) / 2
        whole = _carve(inventory, replace(params, split_days=False), solver, locked,
                       warm_start, None, None, half)
        split, origin = split_by_day(inventory)
        starts = [*warm_start, *(f.task_ids for f in whole.functions if not f.locked)]
        result = _carve(split, replace(params, split_days=False), solver,
                        expand_groups(locked, origin), expand_groups(starts, origin),
                        dict(zip(earlier, expand_groups(list(earlier.values()), origin),
                                 strict=True)) if earlier else None, progress, deadline)
        return replace(result, params=params, budget_cut=result.budget_cut or whole.budget_cut)
    by_board = _boards_apart(inventory, params, locked)
    if by_board is not None:
        return _carve_boards(inventory, by_board, params, solver, locked, warm_start, earlier,
                             progress, deadline)
    tasks = list(inventory.tasks)
    travel = inventory.sites.travel_minutes({t.site for t in tasks})
    problem = CarveProblem(tasks, travel, params, site_boards(inventory), solver,
                           site_hours(inventory.sites.frame, params.schedule))
    locked_groups, locked_warnings = check_locked(problem, locked)
    in_lock = {i for g in locked_groups for i in g}
    reasons: dict[int, tuple[str, str]] = {}
    pool: list[int] = []
    # under a time budget, a quarter of the time left at most goes to checking that each
    # task fits a week alone (about 0.6 ms a task); the tasks after that join the pool
    # unchecked (a function is checked whole anyway) and are checked only if left out
    check_until = None if deadline is None else \
        time.monotonic() + 0.25 * max(0.0, deadline - time.monotonic())
    unchecked: set[int] = set()
    for i, t in enumerate(tasks):
        if i in in_lock:
            continue
        if not t.carvable:
            reasons[i] = ("not_carvable", reason_text("not_carvable"))
        elif t.hours > params.max_hours + 1e-9:
            # the numbers as the allocation has always written them (a decimal point)
            reasons[i] = ("too_large", reason_text("too_large", hours=f"{t.hours:g}",
                                                   limit=f"{params.max_hours:g}"))
        elif check_until is not None and time.monotonic() > check_until:
            pool.append(i)
            unchecked.add(i)
        else:
            alone = _alone(problem, i)
            if alone is not None:
                reasons[i] = alone
            else:
                pool.append(i)
    # the search stops in time to say why every task it left out stayed out (about 20 µs
    # a task, at most a tenth of the time left)
    budget = Budget.until(None if deadline is None else deadline - min(
        0.1 * max(0.0, deadline - time.monotonic()), 0.1 + 2e-5 * len(tasks)), progress)
    groups, objective, method = _solve(problem, pool, valid_warm(problem, pool, warm_start),
                                       budget)
    kept = [g for g in groups if sum(problem.hours[i] for i in g) >= params.min_hours - 1e-9]
    placed = {i for g in kept for i in g}
    dropped = [i for i in pool if i not in placed]
    if unchecked:
        for i in dropped:
            if i in unchecked and (deadline is None or time.monotonic() < deadline):
                alone = _alone(problem, i)
                if alone is not None:
                    reasons[i] = alone
        dropped = [i for i in dropped if i not in reasons]
    fixed = make_functions(problem, locked_groups, start=1, sort=False,
                           warnings=locked_warnings)
    functions = fixed + make_functions(problem, kept, start=len(fixed) + 1)
    if earlier:
        ids = stable_ids(functions, earlier, {t.task_id: t.hours for t in tasks})
        functions = renamed(functions, ids)
    owner = {t.task_id: f.function_id for f in functions for t in f.tasks}
    diagnosed, late = _unplaced_reasons(problem, dropped, kept, deadline)
    reasons.update(diagnosed)
    rows = []
    for i, t in enumerate(tasks):
        fid = owner.get(t.task_id, "")
        code, text = ("placed", "") if fid else reasons[i]
        rows.append({"task_id": t.task_id, "function_id": fid, "hours_per_week": t.hours,
                     "reason_code": code, "reason": text})
    allocation = pd.DataFrame(rows, columns=["task_id", "function_id", "hours_per_week",
                                             "reason_code", "reason"])
    return Carving(tuple(functions), allocation, inventory, params, objective, method, solver,
                   budget_cut=budget.cut or late, deadline=deadline)


def _alone(problem: CarveProblem, i: int) -> tuple[str, str] | None:
    """The reason (``unschedulable``) when task ``i`` alone breaks a rule, else ``None``."""
    alone = problem.violation(frozenset({i}))
    if alone is None:
        return None
    detail = problem.schedule(frozenset({i}))
    text = str(detail) if isinstance(detail, ScheduleError) else rule_text(alone)
    return "unschedulable", reason_text("unschedulable", detail=text)


def reason_text(reason: str, lang: str = "nl", /, **params: object) -> str:
    """Why a task was not placed (``reason_code`` of the allocation) in ``lang``, with the
    message's parameters (catalogue codes ``carve.reason.<reason>``)."""
    return render(f"carve.reason.{reason}", lang, **params)


def rule_text(rule: str, lang: str = "nl") -> str:
    """The hard rule a task set breaks (:meth:`CarveProblem.violation`, a
    :class:`~matcher.errors.ScheduleError` code) in words; an unknown rule as it is."""
    code = f"carve.rule.{rule}"
    return render(code, lang) if known(code) else rule


#: Most left-over tasks the diagnosis of an unplaced task looks at (nearest first).
DIAGNOSE_TASKS = 250


def _unplaced_reasons(problem: CarveProblem, dropped: list[int], kept: list[set[int]],
                      deadline: float | None = None
                      ) -> tuple[dict[int, tuple[str, str]], bool]:
    """Why each dropped pool task ended outside every function: the rule that keeps it out.

    For task ``i`` the left-over tasks are tried with it: those a rule keeps out of any
    function with ``i`` (pairwise), then a function grown from ``i`` by hours over the
    others. When it stays below the band, the rules that kept the most hours out are the
    reason (``blocked``); when it reaches the band but its week breaks a rule of a finished
    day, that rule (``week_rule``). Only when the left-over hours are below the band in
    total is the reason ``too_few_hours``.

    Past ``deadline`` (a :func:`time.monotonic` time) the tasks not yet examined get the
    reason ``time_budget``; the second value says whether any did.
    """
    p = problem.params
    left_hours = sum(problem.hours[i] for i in dropped)
    few = reason_text("too_few_hours", left=left_hours, minimum=p.min_hours)
    out: dict[int, tuple[str, str]] = {}
    if left_hours < p.min_hours - 1e-9:
        return {i: ("too_few_hours", few) for i in dropped}, False
    order = _Nearest(problem, dropped)
    late = False
    for i in dropped:
        if late or (deadline is not None and time.monotonic() > deadline):
            late = True
            out[i] = ("time_budget", budget_reason())
            continue
        out[i] = _diagnose(problem, i, order, kept)
    return out, late


def budget_reason(lang: str = "nl") -> str:
    """The reason of a task the carve had no time to examine (``time_budget``)."""
    return reason_text("time_budget", lang)


class _Nearest:
    """The left-over tasks in the diagnosis's order for a task ``i``: those at ``i``'s
    site first, then the others, each by falling hours (then index); sorted once, so
    that each task's list costs :data:`DIAGNOSE_TASKS` steps, not a sort of them all."""

    def __init__(self, problem: CarveProblem, dropped: list[int]) -> None:
        hours = problem.hours
        self.problem = problem
        self.dropped = dropped
        self.left_hours = sum(hours[j] for j in dropped)
        self.ranked = sorted(dropped, key=lambda j: (-hours[j], j))
        self.by_site: dict[str, list[int]] = {}
        for j in self.ranked:
            self.by_site.setdefault(problem.tasks[j].site, []).append(j)

    def others(self, i: int) -> list[int]:
        """At most :data:`DIAGNOSE_TASKS` left-over tasks other than ``i``, nearest first."""
        site = self.problem.tasks[i].site
        out = [j for j in self.by_site.get(site, [])[:DIAGNOSE_TASKS + 1] if j != i]
        for j in self.ranked:
            if len(out) >= DIAGNOSE_TASKS:
                break
            if self.problem.tasks[j].site != site:
                out.append(j)
        return out[:DIAGNOSE_TASKS]


def _diagnose(problem: CarveProblem, i: int, order: _Nearest, kept: list[set[int]]
              ) -> tuple[str, str]:
    """The reason code and Dutch text for one dropped task (see :func:`_unplaced_reasons`)."""
    p = problem.params
    hours = problem.hours
    others = order.others(i)
    blocked: dict[str, float] = {}
    members = {i}
    total = hours[i]
    for j in others:
        if total + hours[j] > p.max_hours + 1e-9:
            continue
        rule = problem.violation(frozenset({i, j}), complete=False)
        if rule is None:
            rule = problem.violation(frozenset(members | {j}), complete=False)
        if rule is None:
            members.add(j)
            total += hours[j]
        else:
            blocked[rule] = blocked.get(rule, 0.0) + hours[j]
    if total >= p.min_hours - 1e-9:
        rule = problem.violation(frozenset(members))
        if rule is not None:
            return "week_rule", reason_text("week_rule", reach=total, rules=rule_text(rule))
    if total < p.min_hours - 1e-9 and blocked:
        parts = ", ".join(f"{rule_text(rule)} ({nl_number(h, 1)} u)"
                          for rule, h in sorted(blocked.items(), key=lambda kv: -kv[1])[:3])
        return "blocked", reason_text("blocked", reach=total, minimum=p.min_hours,
                                      rules=parts)
    # a function with this task exists among the left-overs, or nothing blocks it: the
    # rules it breaks with the carved functions
    counts: Counter[str] = Counter()
    for g in kept:
        rule = problem.violation(frozenset(g | {i}))
        counts[rule or "hours"] += 1
    left_hours = order.left_hours
    if not counts:
        return "too_few_hours", reason_text("too_few_hours", left=left_hours,
                                            minimum=p.min_hours)
    parts = ", ".join(f"{n}x {rule_text(rule)}" for rule, n in counts.most_common())
    return "no_fit", reason_text("no_fit_rest", fits=reason_text("no_fit", rules=parts),
                                 left=left_hours)


#: Tasks from which an inventory of several boards is carved board by board, each board in
#: its own process (:func:`_carve_boards`); smaller ones are carved as one problem (whose
#: parts are the boards anyway).
BOARDS_APART_TASKS = 600


def _boards_apart(inventory: Inventory, params: CarveParams,
                  locked: Sequence[Sequence[str]]) -> list[list[Task]] | None:
    """The tasks per board, when the inventory is carved board by board: several boards,
    functions within one board (``max_boards`` 1), at least :data:`BOARDS_APART_TASKS`
    tasks and no locked group over two boards; else ``None``."""
    if params.max_boards != 1 or len(inventory.tasks) < BOARDS_APART_TASKS:
        return None
    board_of = site_boards(inventory)
    groups: dict[str, list[Task]] = {}
    for t in inventory.tasks:
        groups.setdefault(board_of.get(t.site, ""), []).append(t)
    if len(groups) < 2:
        return None
    where = {t.task_id: board_of.get(t.site, "") for t in inventory.tasks}
    for group in locked:
        owners = {where.get(str(x)) for x in group}
        if len(owners) > 1 or None in owners:
            return None  # carve() reports such a group (two boards, unknown tasks) whole
    return list(groups.values())


def _carve_one_board(job: tuple) -> Carving:  # type: ignore[type-arg]
    """One board's carve (in a worker process, or in this one): by the boards' common
    deadline, and by its fair share of the time from when it starts."""
    inventory, params, solver, locked, warm, end, fair = job
    deadline = None if end is None else min(end, time.monotonic() + fair)
    return _carve(inventory, params, solver, locked, warm, None, None, deadline)


def _carve_boards(inventory: Inventory, boards: list[list[Task]], params: CarveParams,
                  solver: SolverParams, locked: Sequence[Sequence[str]],
                  warm_start: Sequence[Sequence[str]],
                  earlier: Mapping[str, Sequence[str]] | None,
                  progress: ProgressCallback | None, deadline: float | None = None
                  ) -> Carving:
    """Carve each board on its own, on ``solver.workers`` forked processes when forking is
    safe (largest boards first), and merge: locked functions first in the given order,
    then the others board by board, numbered ``F01``, ...; the ids of ``earlier``
    functions kept. The result does not depend on where a board runs. A problem of a
    board's locked group names it.

    With a ``deadline`` every board returns by it, less the time to merge, and carves for
    at most its fair share of the time left: the time in proportion to its tasks, times
    the workers that carve boards side by side, counted from when it starts (a board that
    starts late, after the others used their time, gets what is left).
    """
    total = len(inventory.tasks)
    side = max(1, min(solver.workers, len(boards))) if solver.workers > 1 and can_fork() \
        else 1
    end = None
    if deadline is not None:
        # merging the boards' allocations: about 10 µs a task
        end = deadline - min(0.1 * max(0.0, deadline - time.monotonic()), 0.1 + 1e-5 * total)
    jobs = []
    for members in boards:
        own = {t.task_id for t in members}
        mine = [g for g in locked if {str(x) for x in g} <= own]
        warm = [g for g in warm_start if g and {str(x) for x in g} <= own]
        fair = None if end is None else \
            max(0.0, end - time.monotonic()) * side * len(members) / total
        sub = Inventory(tuple(members), inventory.sites, inventory.source, inventory.warnings)
        jobs.append((sub, params, replace(solver, workers=1), mine, warm, end, fair))
    order = sorted(range(len(jobs)), key=lambda k: -len(boards[k]))
    results: list[Carving | None] = [None] * len(jobs)
    done = 0
    if progress is not None:
        progress(0.0, f"{len(jobs)} besturen apart")
    if side > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=side,
                                 mp_context=context) as pool:
            futures = {pool.submit(_carve_one_board, jobs[k]): k for k in order}
            for future in as_completed(futures):
                k = futures[future]
                results[k] = future.result()
                done += len(boards[k])
                if progress is not None:
                    progress(done / total, f"bestuur {sum(r is not None for r in results)} "
                                           f"van {len(jobs)}")
    else:
        for k in order:
            results[k] = _carve_one_board(jobs[k])
            done += len(boards[k])
            if progress is not None:
                progress(done / total, f"bestuur {sum(r is not None for r in results)} van "
                                       f"{len(jobs)}")
    carvings = [r for r in results if r is not None]
    lock_rank = {frozenset(str(x) for x in g): k for k, g in enumerate(locked)}
    fixed = sorted(((lock_rank.get(frozenset(f.task_ids), len(locked)), r, f)
                    for r, c in enumerate(carvings) for f in c.functions if f.locked),
                   key=lambda item: (item[0], item[1]))
    free = [(r, f) for r, c in enumerate(carvings) for f in c.functions if not f.locked]
    ordered = [(r, f) for _, r, f in fixed] + free
    new_id = {(r, f.function_id): f"F{k:02d}" for k, (r, f) in enumerate(ordered, start=1)}
    functions = [replace(f, function_id=new_id[(r, f.function_id)]) for r, f in ordered]
    parts = []
    for r, c in enumerate(carvings):
        part = c.allocation.copy()
        part["function_id"] = [new_id[(r, fid)] if fid else "" for fid in part["function_id"]]
        parts.append(part)
    position = {t.task_id: k for k, t in enumerate(inventory.tasks)}
    allocation = pd.concat(parts, ignore_index=True)
    allocation = allocation.sort_values("task_id", key=lambda col: col.map(position),
                                        kind="stable").reset_index(drop=True)
    if earlier:
        ids = stable_ids(functions, earlier, {t.task_id: t.hours for t in inventory.tasks})
        functions = renamed(functions, ids)
        allocation["function_id"] = [ids.get(f, f) for f in allocation["function_id"]]
    cut = any(c.budget_cut for c in carvings)
    if progress is not None:
        progress(1.0, done_stage(cut))
    method = "exact" if all(c.method == "exact" for c in carvings) else "heuristic"
    return Carving(tuple(functions), allocation, inventory, params,
                   sum(c.objective for c in carvings), method, solver, budget_cut=cut,
                   deadline=deadline)
