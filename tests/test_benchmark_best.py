"""The best CP-SAT carvings recorded in ``benchmarks/results/cpsat_best.json`` are real:
every function's week, as CP-SAT laid it out, keeps the rules by the independent week
checker, and the functions carve the hours recorded. The benchmark's gap "after / best
known" rests on them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.benchmark_modules import load_benchmark

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
BEST = BENCHMARKS / "results" / "cpsat_best.json"
RECORDED = json.loads(BEST.read_text(encoding="utf-8"))["instances"] if BEST.exists() else {}


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_a_recorded_best_carving_keeps_the_rules(name: str, tmp_path: Path) -> None:
    from matcher.inputs.loaders import load_tasks

    workable = load_benchmark("workable", "bench_workable")
    wc = load_benchmark("weekcheck")
    record = RECORDED[name]
    tasks_file, sites_file = workable.instance_files(name, tmp_path)
    inventory = load_tasks(tasks_file, sites_file)
    known = {t.task_id: t for t in inventory.tasks}
    rules = wc.Rules()
    travel = wc.travel_minutes(inventory.sites)
    hours = wc.site_hours(inventory.sites, rules)
    board = wc.site_boards(inventory.sites)
    weeks = pd.DataFrame(record["weeks"], columns=wc.SCHEDULE_COLUMNS)
    seen: set[str] = set()
    carved = 0.0
    for n, ids in enumerate(record["carving"], start=1):
        assert not seen & set(ids), "a task in two functions"
        seen |= set(ids)
        tasks = [known[t] for t in ids]
        week = weeks[weeks["function_id"] == f"C{n:02d}"]
        assert wc.check_week(week, tasks, rules, travel, hours, board) == [], (name, n)
        carved += sum(t.hours for t in tasks)
    assert carved == pytest.approx(record["hours"])
    assert record["hours"] <= record["bound"] + 1e-9


def test_the_record_is_there() -> None:
    assert {"vo_two_sites_60", "po_school_60"} <= set(RECORDED)
