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

import random
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from matcher.carving.columns import TooManyColumns, enumerate_columns
from matcher.carving.exact import solve_exact
from matcher.carving.heuristic import carve_heuristic, polish, select_packing
from matcher.carving.locks import check_locked, valid_warm
from matcher.carving.params import CarveParams, SolverParams
from matcher.carving.problem import Budget, CarveProblem, site_boards
from matcher.carving.result import Carving, make_functions
from matcher.errors import NotProvenError, ScheduleError
from matcher.model import Inventory
from matcher.text.catalogue import known, render

__all__ = ["carve", "reason_text", "rule_text"]


def _solve(problem: CarveProblem, pool: list[int], warm: Sequence[frozenset[int]] = ()
           ) -> tuple[list[set[int]], float, str]:
    """Carve the pool: exactly when the method and size allow, else by the heuristic."""
    s = problem.solver
    method = s.method
    exact = method == "exact" or (method == "auto" and len(pool) <= s.exact_max_tasks)
    if exact:
        # small enumerations: every feasible function and one set-packing MILP
        try:
            columns = enumerate_columns(problem, pool, s.exact_max_columns)
            functions = select_packing(problem, columns, len(problem.tasks), exact=True)
            return functions, sum(problem.value(frozenset(f)) for f in functions), "exact"
        except (TooManyColumns, NotProvenError):
            pass  # too many functions: prices and the gap (carve_exact) after the heuristic
    budget = Budget(s.time_budget)
    rng = random.Random(s.seed)
    functions = carve_heuristic(problem, pool, rng, budget, warm)
    value = sum(problem.value(frozenset(f)) for f in functions)
    warm_value = sum(problem.value(g) for g in warm)
    if value < warm_value - 1e-9:
        # never below the warm start: keep it, improved by local search only
        functions = [set(g) for g in warm]
        polish(problem, functions, set(pool) - {i for g in warm for i in g}, rng)
        value = sum(problem.value(frozenset(f)) for f in functions)
    if method == "auto" and not exact and len(pool) <= s.exact_improve_tasks:
        result = solve_exact(problem, pool, _in_band(problem, functions), work=s.exact_work,
                             prove=False)
        if result.value > value + 1e-9:
            functions, value = [set(f) for f in result.functions], result.value
    if exact:
        work = s.exact_work  # shared by every start
        for start in range(s.exact_starts):
            if work <= 0:
                break
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
                return [set(f) for f in result.functions], result.value, "exact"
            if result.value > value + 1e-9:
                functions, value = [set(f) for f in result.functions], result.value
        if method == "exact":
            raise NotProvenError(
                "The exact method did not prove this carving optimal within its limits "
                f"(exact_work={s.exact_work:,} sets visited plus ten per branch-and-bound "
                f"node, exact_max_sets={s.exact_max_sets:,} functions in the gap): use "
                "method='heuristic' or raise them.")
    return functions, value, "heuristic"


def _in_band(problem: CarveProblem, functions: Sequence[set[int]]) -> list[frozenset[int]]:
    """The functions in the hour band (an incumbent for the exact method)."""
    low = problem.params.min_hours - 1e-9
    return [frozenset(f) for f in functions if sum(problem.hours[i] for i in f) >= low]


def carve(inventory: Inventory, params: CarveParams | None = None, *,
          solver: SolverParams | None = None, locked: Sequence[Sequence[str]] = (),
          warm_start: Sequence[Sequence[str]] = ()) -> Carving:
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
    tasks = list(inventory.tasks)
    travel = inventory.sites.travel_minutes()
    problem = CarveProblem(tasks, travel, params, site_boards(inventory), solver)
    locked_groups, locked_warnings = check_locked(problem, locked)
    in_lock = {i for g in locked_groups for i in g}
    reasons: dict[int, tuple[str, str]] = {}
    pool: list[int] = []
    for i, t in enumerate(tasks):
        if i in in_lock:
            continue
        if not t.carvable:
            reasons[i] = ("not_carvable", reason_text("not_carvable"))
        elif t.hours > params.max_hours + 1e-9:
            # the numbers as the allocation has always written them (a decimal point)
            reasons[i] = ("too_large", reason_text("too_large", hours=f"{t.hours:g}",
                                                   limit=f"{params.max_hours:g}"))
        else:
            alone = problem.violation(frozenset({i}))
            if alone is not None:
                detail = problem.schedule(frozenset({i}))
                text = str(detail) if isinstance(detail, ScheduleError) else rule_text(alone)
                reasons[i] = ("unschedulable", reason_text("unschedulable", detail=text))
            else:
                pool.append(i)
    groups, objective, method = _solve(problem, pool, valid_warm(problem, pool, warm_start))
    kept = [g for g in groups if sum(problem.hours[i] for i in g) >= params.min_hours - 1e-9]
    placed = {i for g in kept for i in g}
    dropped = [i for i in pool if i not in placed]
    fixed = make_functions(problem, locked_groups, start=1, sort=False,
                           warnings=locked_warnings)
    functions = fixed + make_functions(problem, kept, start=len(fixed) + 1)
    owner = {t.task_id: f.function_id for f in functions for t in f.tasks}
    left_hours = sum(problem.hours[i] for i in dropped)
    for i in dropped:
        reasons[i] = _unplaced_reason(problem, i, kept, left_hours)
    rows = []
    for i, t in enumerate(tasks):
        fid = owner.get(t.task_id, "")
        code, text = ("placed", "") if fid else reasons[i]
        rows.append({"task_id": t.task_id, "function_id": fid, "hours_per_week": t.hours,
                     "reason_code": code, "reason": text})
    allocation = pd.DataFrame(rows, columns=["task_id", "function_id", "hours_per_week",
                                             "reason_code", "reason"])
    return Carving(tuple(functions), allocation, inventory, params, objective, method, solver)


def reason_text(reason: str, lang: str = "nl", /, **params: object) -> str:
    """Why a task was not placed (``reason_code`` of the allocation) in ``lang``, with the
    message's parameters (catalogue codes ``carve.reason.<reason>``)."""
    return render(f"carve.reason.{reason}", lang, **params)


def rule_text(rule: str, lang: str = "nl") -> str:
    """The hard rule a task set breaks (:meth:`CarveProblem.violation`, a
    :class:`~matcher.errors.ScheduleError` code) in words; an unknown rule as it is."""
    code = f"carve.rule.{rule}"
    return render(code, lang) if known(code) else rule


def _unplaced_reason(problem: CarveProblem, i: int, kept: list[set[int]], left_hours: float
                     ) -> tuple[str, str]:
    """The reason code and Dutch text why pool task ``i`` ended outside every function."""
    p = problem.params
    few = reason_text("too_few_hours", left=left_hours, minimum=p.min_hours)
    if not kept:
        return "too_few_hours", few
    counts: Counter[str] = Counter()
    for g in kept:
        rule = problem.violation(frozenset(g | {i}))
        counts[rule or "hours"] += 1
    parts = ", ".join(f"{n}x {rule_text(rule)}" for rule, n in counts.most_common())
    fits = reason_text("no_fit", rules=parts)
    if left_hours < p.min_hours:
        return "too_few_hours", f"{few}; {fits}"
    return "no_fit", reason_text("no_fit_rest", fits=fits, left=left_hours)
