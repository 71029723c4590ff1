"""A region in one go: carve every school's session on a pool of processes (issue 18).

:func:`carve_schools` takes the schools' session files (as a
:class:`~matcher.store.RegionStore` keeps them: school, version read, bytes) and carves
each as :meth:`Workspace.carve <matcher.session.workspace.Workspace.carve>` would, on
``workers`` processes (2 by default, one school at a time on each). Memory stays
bounded: a worker gets one school's file at a time, at most two schools a worker are in
flight, and each result (the new session file, its functions and fta) is handed back as
soon as it is in turn; no process holds the whole region's inventories or carvings.

Results come back in the order of the schools given, and each school is carved alike
wherever it runs (its own seeded solver, one core), so the run is deterministic as long
as no time budget is given. :func:`region_solver` is the region preset: a shorter search
for small schools, limited by work (not time, so it stays deterministic), so that a
region of 50 small schools carves within seconds (the hours it costs against the full
search are measured in ``benchmarks/region.py``).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace

from matcher.carving.columns import can_fork
from matcher.carving.params import SolverParams

__all__ = ["SMALL_SCHOOL_TASKS", "RegionProgress", "SchoolJob", "SchoolRun", "carve_schools",
           "region_solver"]


@dataclass(frozen=True)
class SchoolJob:
    """One school to carve: its name, the session version read and the session file."""

    school: str
    version: int
    data: bytes


@dataclass(frozen=True)
class SchoolRun:
    """One school carved: the new session file and what it holds.

    ``notes`` are the workspace's notes in English (what was or was not restored);
    ``carved`` is false when the carve was refused (a locked function without a workable
    week), then ``data`` is the session as it was.
    """

    school: str
    version: int
    data: bytes
    tasks: int
    functions: int
    fta: float
    hours: float
    carved: bool
    notes: tuple[str, ...]
    seconds: float
    budget_cut: bool = False


#: ``progress(done, total, run)``: a school is carved (``done`` of ``total``), in the
#: order the results are handed back.
RegionProgress = Callable[[int, int, SchoolRun], None]


#: Schools of at most this many tasks get the region preset's short search
#: (:func:`region_solver`); larger ones the full search.
SMALL_SCHOOL_TASKS = 60


def region_solver(tasks: int, base: SolverParams | None = None) -> SolverParams:
    """The region preset for a school of ``tasks`` tasks: ``base`` (default settings) on
    one core, and for a small school (at most :data:`SMALL_SCHOOL_TASKS` tasks) a shorter
    search, limited by work, not time, so the region carves the same on every machine:
    the exact method's proof cut to a fortieth of its work (``auto_exact_work``) and one
    start of it, no exact improvement above the exact method's size
    (``exact_improve_tasks``), one way of mending weeks (``two_way_tasks=0``) and a
    shorter neighbourhood search (``lns_rounds`` 4, ``lns_size`` 20). On the 50-school
    region of ``benchmarks/region.py`` this carves 873.50 of the full search's 873.75
    hours in 26 instead of 94 CPU seconds (one core, one after another). A larger school
    gets the full search. A time budget in ``base`` is kept.
    """
    base = base or SolverParams()
    if tasks > SMALL_SCHOOL_TASKS:
        return replace(base, workers=1)
    return replace(base, workers=1, auto_exact_work=max(1, base.auto_exact_work // 40),
                   exact_starts=1, exact_improve_tasks=min(base.exact_improve_tasks,
                                                           base.exact_max_tasks),
                   two_way_tasks=0, lns_rounds=min(base.lns_rounds, 4),
                   lns_size=min(base.lns_size, 20))


def _carve_one(job: SchoolJob, solver: SolverParams | None, preset: bool) -> SchoolRun:
    """Carve one school's session (in a worker process, or in this one)."""
    from matcher.session.workspace import Workspace

    start = time.perf_counter()
    ws, opened = Workspace.open(job.data, f"{job.school}.json", solver=solver)
    tasks = len(ws.inventory.tasks) if ws.inventory is not None else 0
    if preset:
        ws.solver = region_solver(tasks, solver)
    elif solver is not None:
        ws.solver = replace(solver, workers=1)
    else:
        ws.solver = SolverParams(workers=1)
    outcome = ws.carve()
    carving = ws.carving
    # the region's pool is in its store, not in a school's session: the app's hint on a
    # session without candidates does not apply here
    notes = tuple(n.text("en") for n in (*opened.notes, *outcome.notes)
                  if getattr(n, "code", "") != "sess.no_candidates")
    functions = carving.functions if carving is not None else ()
    return SchoolRun(
        school=job.school, version=job.version, data=ws.save(), tasks=tasks,
        functions=len(functions), fta=round(sum(f.fta for f in functions), 2),
        hours=round(sum(f.hours for f in functions), 2), carved=outcome.ok, notes=notes,
        seconds=round(time.perf_counter() - start, 3),
        budget_cut=bool(carving is not None and carving.budget_cut))


def _carve_job(args: tuple[SchoolJob, SolverParams | None, bool]) -> SchoolRun:
    return _carve_one(*args)


def carve_schools(jobs: Iterable[SchoolJob], *, workers: int = 2,
                  solver: SolverParams | None = None, preset: bool = True,
                  progress: RegionProgress | None = None, total: int | None = None
                  ) -> Iterator[SchoolRun]:
    """Carve every school's session, on ``workers`` processes; the results in the order
    of ``jobs``, each as soon as it and every school before it are done.

    Parameters
    ----------
    jobs
        The schools (read lazily: at most two a worker are in flight, so a caller may
        read the session files one at a time from its store).
    workers
        Processes carving side by side (forked when safe, see
        :func:`matcher.carving.columns.can_fork`; else the schools are carved here, one
        after the other, with the same results).
    solver
        The solver's settings (default settings when ``None``); each school is carved on
        one core.
    preset
        Use the region preset (:func:`region_solver`): a shorter, work-limited search
        for small schools. Without it every school gets the full search.
    progress
        Called as ``progress(done, total, run)`` for every school handed back.
    total
        The number of schools, for ``progress`` when ``jobs`` is not a sequence.
    """
    if total is None and isinstance(jobs, Sequence):
        total = len(jobs)
    count = total or 0
    done = 0

    def report(run: SchoolRun) -> SchoolRun:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, max(count, done), run)
        return run

    todo = iter(jobs)
    if workers <= 1 or not can_fork():
        for job in todo:
            yield report(_carve_one(job, solver, preset))
        return
    context = multiprocessing.get_context("fork")
    pool: Executor
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: list[Future[SchoolRun]] = []
        for job in todo:
            pending.append(pool.submit(_carve_job, (job, solver, preset)))
            while len(pending) >= 2 * workers:
                yield report(pending.pop(0).result())
        for future in pending:
            yield report(future.result())
