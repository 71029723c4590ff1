"""Matcher's weeks keep the week rules, by an independent checker, on realistic inventories.

The inventories come from ``benchmarks/realistic.py`` (boards sharing a timetable, pupil
contact at breaks and at the start of the day, two-site schools, fixed tasks on some days
only); the checker is ``benchmarks/weekcheck.py`` (its own code, written from the spec of
issue 16, importing nothing of ``matcher.carving``). It fails on any violation of rules
1-5 and on overlaps.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.carving import (
    CarveParams,
    CarveProblem,
    ScheduleParams,
    SolverParams,
    carve,
    problem_and_pool,
)
from matcher.carving.week import Schedule
from matcher.inputs.loaders import load_tasks
from matcher.model import Inventory
from tests.benchmark_modules import load_benchmark

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    return load_benchmark(name, None)


realistic = _load("realistic")
wc = _load("weekcheck")

#: Fewer rounds than the defaults: the weeks are the same kind, the carving faster.
QUICK = SolverParams(method="heuristic", restarts=2, lns_rounds=4, lns_patience=2)


@st.composite
def inventories(draw: st.DrawFn) -> tuple[dict[str, object], Inventory]:
    """A realistic inventory of 20-60 tasks: a primary school, a board, a secondary school
    on one or two sites, or a mixed board."""
    kind = draw(st.sampled_from(["po", "po_board", "vo", "vo_two_sites", "mixed_board"]))
    # sizes spread over 20-60 (plain integers would shrink to the smallest, which carve
    # to nothing)
    size = draw(st.sampled_from((45, 60, 38, 52, 30, 56, 41, 20, 48, 34, 58, 25)))
    args: dict[str, object] = {"kind": kind, "seed": draw(st.integers(0, 10_000)),
                               "n_tasks": size}
    if kind in ("po_board", "mixed_board"):
        args["n_schools"] = draw(st.integers(2, 4))
        args["region"] = draw(st.sampled_from(["town", "villages"]))
    return args, realistic.generate(**args)


def _frame(schedule: Schedule) -> pd.DataFrame:
    return pd.DataFrame([
        {"function_id": "X", "day": wc.DAY_NAMES[b.day], "start": wc._hhmm(b.start),
         "end": wc._hhmm(b.end), "site": b.site, "task_id": b.task_id, "fixed": b.fixed,
         "kind": b.kind} for b in schedule.rows()], columns=wc.SCHEDULE_COLUMNS)


# --------------------------------------------------------------------------- carvings


@pytest.mark.parametrize("name", ["po_school_45", "po_board6_shared", "vo_two_sites_60"])
def test_named_instances_carve_to_valid_weeks(name: str) -> None:
    inventory = realistic.instance(name)
    carving = carve(inventory, solver=QUICK)
    found = wc.check_carving(carving, inventory)
    assert {f: p for f, p in found.items() if p} == {}, name


@settings(max_examples=12, deadline=None, derandomize=True)
@given(inventories())
def test_carved_weeks_keep_the_rules(case: tuple[dict[str, object], Inventory]) -> None:
    args, inventory = case
    carving = carve(inventory, solver=QUICK)
    found = wc.check_carving(carving, inventory)
    assert {f: p for f, p in found.items() if p} == {}, args


def _checker(inventory: Inventory, params: CarveParams
             ) -> tuple[object, dict[tuple[str, str], float], dict[str, object], dict[str, str]]:
    """The week checker's rules, travel, site hours and boards for an inventory."""
    rules = wc.rules_from_params(params)
    return (rules, wc.travel_minutes(inventory.sites), wc.site_hours(inventory.sites, rules),
            wc.site_boards(inventory.sites))


def _grown(problem: CarveProblem, pool: list[int], params: CarveParams, rng: random.Random,
           times: int, accepts: Callable[[frozenset[int]], bool]) -> Iterator[frozenset[int]]:
    """Task sets grown at random in the hour band: each task joins when ``accepts`` the
    set with it; a set is given when it reaches ``min_hours``."""
    for _ in range(times):
        order = list(pool)
        rng.shuffle(order)
        members: set[int] = set()
        total = 0.0
        for i in order:
            if total + problem.hours[i] > params.max_hours + 1e-9:
                continue
            if accepts(frozenset(members | {i})):
                members.add(i)
                total += problem.hours[i]
            if total >= params.min_hours and rng.random() < 0.3:
                break
        if total >= params.min_hours - 1e-9:
            yield frozenset(members)


PARAMS = (
    CarveParams(),
    CarveParams(min_hours=12, target_hours=16),
    CarveParams(max_sites=6, max_areas=4),
    CarveParams(schedule=ScheduleParams(max_idle_per_day=30, min_piece=45)),
)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(inventories(), st.sampled_from(PARAMS), st.integers(0, 2**16))
def test_every_week_matcher_accepts_keeps_the_rules(
        case: tuple[dict[str, object], Inventory], params: CarveParams, seed: int) -> None:
    """Task sets grown at random, kept only when matcher calls them a function: the week
    matcher builds for each keeps the rules (many more weeks than a carving has)."""
    args, inventory = case
    problem, pool = problem_and_pool(inventory, params)
    rules, travel, hours, board = _checker(inventory, params)
    rng = random.Random(seed)
    for group in _grown(problem, pool, params, rng, 40,
                        lambda m: problem.violation(m, complete=False) is None):
        if problem.violation(group) is not None:
            continue
        schedule = problem.schedule(group)
        assert isinstance(schedule, Schedule)
        tasks = [problem.tasks[i] for i in sorted(group)]
        problems = wc.check_week(_frame(schedule), tasks, rules, travel, hours, board)
        assert problems == [], (args, params, sorted(t.task_id for t in tasks))


@settings(max_examples=20, deadline=None, derandomize=True)
@given(inventories(), st.sampled_from(PARAMS), st.integers(0, 2**16))
def test_a_set_called_unfillable_has_no_workable_week(
        case: tuple[dict[str, object], Inventory], params: CarveParams, seed: int) -> None:
    """``CarveProblem.unfillable`` prunes growth: it must never refuse a set that is (or is
    part of) a function with a workable week. Sets are grown at random by the week builder
    alone (not by ``violation``, which uses the prune), kept when their week is complete
    and the independent checker accepts it; then neither they nor any part is unfillable."""
    args, inventory = case
    problem, pool = problem_and_pool(inventory, params)
    rules, travel, hours, board = _checker(inventory, params)
    rng = random.Random(seed)
    for group in _grown(problem, pool, params, rng, 30, lambda m: isinstance(
            problem.schedule(m, complete=False), Schedule)):
        schedule = problem.schedule(group)
        if not isinstance(schedule, Schedule):
            continue
        tasks = [problem.tasks[i] for i in sorted(group)]
        # the week's rules hold (areas, levels and sites are no matter of the week)
        composition = set(wc._function_rules(tasks, rules, board))
        problems = wc.check_week(_frame(schedule), tasks, rules, travel, hours, board)
        assert [p for p in problems if p not in composition] == []
        assert not problem.unfillable(group), (args, params, sorted(t.task_id for t in tasks))
        part = frozenset(i for i in group if rng.random() < 0.5)
        assert not problem.unfillable(part)


# --------------------------------------------------------------------------- the generator


def test_generated_inventories_load_from_csv(tmp_path: Path) -> None:
    for name in ("po_school_45", "po_board6_shared", "vo_two_sites_60"):
        args = realistic.INSTANCES[name]
        tasks, sites = realistic.write(tmp_path / name, **args)
        loaded = load_tasks(tasks, sites)
        inventory = realistic.generate(**args)
        assert loaded.tasks == inventory.tasks
        pd.testing.assert_frame_equal(loaded.sites.frame, inventory.sites.frame)


def test_the_generator_is_deterministic() -> None:
    a = realistic.frames("po_board", seed=3, n_tasks=50, n_schools=4)
    b = realistic.frames("po_board", seed=3, n_tasks=50, n_schools=4)
    c = realistic.frames("po_board", seed=4, n_tasks=50, n_schools=4)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert not a[0].equals(c[0])


def test_a_board_shares_its_timetable() -> None:
    inventory = realistic.instance("po_board6_shared")
    assert len(inventory.sites.ids) == 6
    assert len(inventory.tasks) == 60
    times: dict[str, set[tuple[int | None, int | None]]] = {}
    for t in inventory.tasks:
        if t.description.startswith(("Deur openen", "Pleinwacht", "Samen lezen")):
            times.setdefault(t.description.split(" (")[0], set()).add((t.start, t.end))
    assert times and all(len(v) == 1 for v in times.values())  # the same times everywhere
    travel = [m for (a, b), m in inventory.sites.travel_minutes().items() if a != b]
    assert min(travel) >= 20  # villages, not one town
    boards = set(inventory.sites.frame["board"])
    assert len(boards) == 1


def test_the_structure_of_real_inventories() -> None:
    for name, args in realistic.INSTANCES.items():
        if name == "mixed_board_2000":
            continue
        inventory = realistic.generate(**args)
        tasks = inventory.tasks
        assert len(tasks) == args["n_tasks"]
        assert all(abs(t.hours * 4 - round(t.hours * 4)) < 1e-9 for t in tasks)
        assert {t.level for t in tasks} <= {1, 2, 3}
        assert {t.area for t in tasks} == {"concierge", "classroom", "administration",
                                           "facilities"}
        fixed = [t for t in tasks if t.fixed]
        assert 0.25 <= len(fixed) / len(tasks) <= 0.6
        assert any(len(t.days) < 5 for t in fixed)  # fixed on some days only
        assert any(t.days for t in tasks if not t.fixed)
        assert any(not t.days for t in tasks if not t.fixed)
        # pupil contact at the breaks and at the start of the day
        assert any(t.pupil_contact == 2 and t.start is not None and t.start <= 9 * 60
                   for t in fixed)
        assert any(t.pupil_contact >= 1 and t.start is not None and 10 * 60 <= t.start
                   <= 13 * 60 for t in fixed)
    two = realistic.instance("vo_two_sites_60")
    trip = two.sites.travel_minutes()[tuple(two.sites.ids)]
    assert 10 <= trip <= 20


def test_school_hours_and_a_short_wednesday_on_some_schools() -> None:
    frame = realistic.frames("po_board", seed=8, n_tasks=300, n_schools=8, region="town")[1]
    written = frame["pupils_until"] != ""
    assert 0 < written.sum() < len(frame)
    assert set(frame.loc[frame["wednesday_pupils_until"] != "", "wednesday_pupils_until"]) <= \
        {"12:15", "12:30"}
    inventory = realistic.instance("po_board_300")
    short = inventory.sites.frame["wednesday_pupils_until"].dropna()
    assert len(short) and (short <= 12 * 60 + 30).all()


def test_a_big_board() -> None:
    inventory = realistic.instance("mixed_board_2000")
    assert len(inventory.tasks) == 2000
    kinds = {t.task_id[:2] for t in inventory.tasks}
    assert kinds == {"PO", "VO"}
    assert len(set(inventory.sites.frame["board"])) == 1


def test_the_cpsat_model_loads_realistic_instances() -> None:
    pytest.importorskip("ortools")
    cpsat = _load("cpsat_model")
    inventory = cpsat.load_instance("realistic:kind=po,seed=1,n_tasks=45")
    assert inventory.tasks == realistic.instance("po_school_45").tasks
