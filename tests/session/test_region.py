"""matcher.session.region: a region's schools carved on a process pool (issue 18)."""

from __future__ import annotations

from matcher.carving import SolverParams
from matcher.demo import generate_board
from matcher.model import Inventory, Sites
from matcher.session.region import (
    SMALL_SCHOOL_TASKS,
    SchoolJob,
    SchoolRun,
    carve_schools,
    region_solver,
)
from matcher.session.workspace import Workspace


def _jobs(n_schools: int = 4) -> list[SchoolJob]:
    board = generate_board(n_tasks=30 * n_schools, n_schools=n_schools, seed=3,
                           n_boards=n_schools)
    frame = board.sites.frame
    jobs = []
    for k, site in enumerate(frame["site"]):
        own = tuple(t for t in board.tasks if t.site == site)
        sites = Sites(frame[frame["site"] == site].reset_index(drop=True), board.sites.travel)
        data = Workspace(inventory=Inventory(own, sites, str(site))).save()
        jobs.append(SchoolJob(str(site), k + 1, data))
    return jobs


def test_pool_and_one_process_give_the_same_results_in_order() -> None:
    jobs = _jobs()
    heard: list[tuple[int, int, str]] = []
    on_pool = list(carve_schools(jobs, workers=2, preset=False,
                                 progress=lambda d, t, r: heard.append((d, t, r.school))))
    here = list(carve_schools(iter(jobs), workers=1, preset=False, total=len(jobs)))
    assert [r.school for r in on_pool] == [j.school for j in jobs]
    assert [r.version for r in on_pool] == [j.version for j in jobs]
    assert [(r.functions, r.hours, r.fta) for r in on_pool] == \
        [(r.functions, r.hours, r.fta) for r in here]
    assert heard == [(k + 1, len(jobs), j.school) for k, j in enumerate(jobs)]
    for run in on_pool:
        assert isinstance(run, SchoolRun) and run.carved
        ws, _ = Workspace.open(run.data)
        assert ws.carving is not None and len(ws.carving.functions) == run.functions


def test_the_region_preset_is_a_shorter_search_limited_by_work() -> None:
    small = region_solver(20)
    assert small.workers == 1
    assert small.time_budget is None  # limited by work: the same on every machine
    assert small.exact_starts == 1 and small.two_way_tasks == 0
    assert small.auto_exact_work == SolverParams().auto_exact_work // 40
    assert small.exact_improve_tasks == SolverParams().exact_max_tasks
    assert region_solver(50, SolverParams(time_budget=1.0)).time_budget == 1.0
    # a school above SMALL_SCHOOL_TASKS gets the full search
    assert region_solver(SMALL_SCHOOL_TASKS + 1) == SolverParams(workers=1)


def test_the_preset_run_carves_every_school_alike_on_the_pool_and_here() -> None:
    jobs = _jobs(3)
    runs = list(carve_schools(jobs, workers=2))
    assert len(runs) == 3 and all(r.carved and not r.budget_cut for r in runs)
    # the app's hint on a session without candidates is not passed on (the region's pool
    # is in its store)
    assert not any("has no candidates" in n for r in runs for n in r.notes)
    assert all(any("Functions made in" in n for n in r.notes) for r in runs)
    assert sum(r.tasks for r in runs) == 90
    here = list(carve_schools(jobs, workers=1))
    assert [(r.functions, r.hours) for r in runs] == [(r.functions, r.hours) for r in here]
