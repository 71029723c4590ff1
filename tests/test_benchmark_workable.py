"""benchmarks/workable.py: its pieces on a small instance, so the script cannot rot.

The carve runs in its own process (as in the benchmark), with the working tree's code; the
before code's schedules (no ``kind`` column) are checked through :func:`week_metrics` on a
frame built here. CP-SAT runs 5 s. The table renderer on a small results dict.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from tests.benchmark_modules import load_benchmark

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SMALL = "realistic:kind=po,seed=1,n_tasks=20"


@pytest.fixture(scope="module")
def workable() -> ModuleType:
    """benchmarks/workable.py, loaded from its file (with the scripts it imports)."""
    return load_benchmark("workable", "bench_workable")


def test_instances(workable: ModuleType) -> None:
    """Quick mode: the two smallest realistic instances; full: the demos first, 2,000 last."""
    realistic = load_benchmark("realistic")

    quick = workable.instance_names(quick=True)
    sizes = sorted(s["n_tasks"] for s in realistic.INSTANCES.values())
    assert [realistic.INSTANCES[n]["n_tasks"] for n in quick] == sizes[:2]
    full = workable.instance_names()
    assert full[:2] == ["demo_vo", "demo_po"]
    assert full[-1] == "mixed_board_2000"
    assert all(realistic.INSTANCES[n]["n_tasks"] <= workable.MAX_TASKS for n in full[2:-1])


def test_carve_measure_and_cpsat(workable: ModuleType, tmp_path: Path) -> None:
    """The after code carves a 20-task school in its own process; the figures add up; the
    CP-SAT child gives a bound at least its best."""
    from matcher.inputs.loaders import load_tasks

    tasks, sites = workable.instance_files(SMALL, tmp_path)
    inventory = load_tasks(tasks, sites)
    got = workable.carve_in_process("after", tasks, sites, timeout=120)
    assert got["finished"], got
    assert got["matcher"] == str(BENCHMARKS.parent / "src")
    row = workable.measure(got, inventory)
    hours = {t.task_id: t.hours for t in inventory.tasks}
    assert row["functions"] == len(got["functions"])
    assert row["carved_hours"] == pytest.approx(
        sum(hours[t] for f in got["functions"] for t in f["task_ids"]))
    assert row["violations"] == sum(row["violations_by_rule"].values())
    assert row["peak_rss_mb"] > 10
    cp = workable.cpsat_in_process(tasks, sites, 5.0)
    assert cp["finished"], cp
    assert 0 <= cp["best_hours"] <= cp["bound"] <= 27.75
    assert cp["rejected"] == 0


def test_week_metrics_without_kind(workable: ModuleType) -> None:
    """A schedule of the before code (no ``kind``): every row is work; idle, travel and site
    changes from the rows, the break the day needs not idle."""
    weekcheck = load_benchmark("weekcheck")

    frame = pd.DataFrame(
        [("F01", "ma", "08:00", "11:00", "A", "t1", False),
         ("F01", "ma", "11:30", "12:30", "B", "t2", False),   # a move A -> B, 20 min travel
         ("F01", "ma", "14:00", "16:00", "A", "t3", False),   # and back
         ("F02", "di", "09:00", "10:00", "A", "t4", False)],
        columns=["function_id", "day", "start", "end", "site", "task_id", "fixed"])
    travel = {("A", "B"): 20.0, ("B", "A"): 20.0}
    got = workable.week_metrics(frame, travel, weekcheck.Rules())
    # Monday: span 480, work 360 (> 330: 30 min break), travel 40 -> idle 50
    assert got == {"idle_hours_week": round(50 / 60, 2), "travel_hours_week": round(40 / 60, 2),
                   "site_changes_week": 2}
    frame["kind"] = "werk"
    frame.loc[len(frame)] = ("F01", "ma", "12:30", "13:00", "", "", False, "pauze")
    assert workable.week_metrics(frame, travel, weekcheck.Rules()) == got


def test_rule_of(workable: ModuleType) -> None:
    assert workable.rule_of("PO-1: wo 12:18-13:18 outside 08:30-12:15") == "1 school hours"
    assert workable.rule_of("ma: 3 site changes") == "2 sites"
    assert workable.rule_of("PO-5: block of 7 min on di") == "3 pieces"
    assert workable.rule_of("ma: 400 min of work without a 30 min break") == "4 breaks"
    assert workable.rule_of("ma: 75 min idle") == "5 working day"
    assert workable.rule_of("ma: overlap t1 08:00-09:00 and t2 08:30-09:30") == "overlap"
    assert workable.rule_of("19 h outside the band") == "other"


def test_table(workable: ModuleType) -> None:
    """One row per instance, before -> after; a carve that timed out shows its limit; the
    totals line counts only instances with both carvings."""
    side = {"carved_hours": 40.0, "fta": 1.56, "functions": 2, "violations": 6,
            "violations_per_function": 3.0, "idle_hours_week": 2.5, "travel_hours_week": 1.0,
            "site_changes_week": 4, "seconds": 1.5, "peak_rss_mb": 300.0,
            "workers_peak_rss_mb": 0.0}
    after = side | {"carved_hours": 50.0, "fta": 1.96, "violations": 0,
                    "violations_per_function": 0.0, "peak_rss_mb": 250.0}
    result = {"instances": [
        {"instance": "a", "tasks": 40, "before": side, "after": after,
         "cpsat": {"finished": True, "best_hours": 50.0, "bound": 55.0, "status": "FEASIBLE"},
         "gap": {"after_over_cpsat_best": 1.0, "after_over_cpsat_bound": 0.909,
                 "best_known_hours": 52.0, "after_over_best_known": 0.962}},
        {"instance": "big", "tasks": 2000, "timing_only": True,
         "before": {"finished": False, "timeout_s": 900.0}, "after": after},
    ]}
    text = workable.table(result)
    lines = text.splitlines()
    assert lines[0].startswith("| instance | tasks | hours |")
    assert lines[2] == ("| a | 40 | 40.00 → 50.00 | 1.56 → 1.96 | 2 → 2 | 3.0 → 0.0 | "
                        "2.5 → 2.5 | 1.0 → 1.0 | 4 → 4 | 1.5 → 1.5 | 300 → 250 | "
                        "50.00 / 55.00 | 52.00 | 1.000, 0.962, 0.909 |")
    assert lines[3].startswith("| big (time only) | 2000 | - → 50.00 |")
    assert "> 900 s → 1.5" in lines[3]
    assert "Over the 1 instance measured in full, after / before: hours 1.25" in text
    assert "After / CP-SAT best: lowest 1.000, 1 of 1 at 0.95 or more." in text
    assert "found in any run: lowest 0.962, 1 of 1 at 0.95 or more." in text


def test_the_best_known_carving_only_gets_better(workable: ModuleType, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A run's CP-SAT carving replaces the recorded one only when it carves more hours; the
    lowest bound is kept either way."""
    monkeypatch.setattr(workable, "BEST_KNOWN", tmp_path / "best.json")

    def row(hours: float, bound: float) -> dict[str, object]:
        return {"instance": "a", "cpsat": {
            "finished": True, "best_hours": hours, "bound": bound, "time_limit_s": 5,
            "carving": [["T1"]], "weeks": [{"function_id": "C01", "task_id": "T1"}]}}

    assert workable.remember_best([row(40.0, 60.0)], "d1")["a"]["hours"] == 40.0
    known = workable.remember_best([row(38.0, 55.0)], "d2")["a"]
    assert (known["hours"], known["bound"], known["date"]) == (40.0, 55.0, "d1")
    known = workable.best_known()["a"]
    assert (known["hours"], known["bound"]) == (40.0, 55.0)
    assert workable.remember_best([row(41.5, 58.0)], "d3")["a"]["date"] == "d3"
