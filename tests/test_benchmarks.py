"""The carving benchmark script runs: its smoke plan's smallest instances, in seconds.

No timing is asserted here (performance belongs in benchmarks/); these tests only keep
benchmarks/carving.py and benchmarks/run.py from rotting when the library changes.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.benchmark_modules import load_benchmark

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str) -> ModuleType:
    return load_benchmark(name, f"bench_{name}")


@pytest.fixture(scope="module")
def carving() -> ModuleType:
    return _load("carving")


def test_smoke_plan_has_every_section(carving: ModuleType) -> None:
    full, smoke = carving.plan(quick=False), carving.plan(quick=False, smoke=True)
    for section in ("gap", "bound", "baseline", "speed", "around", "sweep"):
        assert full[section] and smoke[section]
    assert {label for label, _, _ in full["speed"]} == set(carving.TARGETS)
    assert all(20 <= spec["tasks"] <= 40 for spec in full["gap"])
    assert all(100 <= spec["tasks"] <= 300 for spec in full["bound"])
    assert len(full["sweep"]) == 16 and not {str(s) for s in full["sweep"]} & \
        {str(s) for s in full["gap"]}


def test_smallest_instances_run_and_render(carving: ModuleType) -> None:
    smoke = carving.plan(quick=True, smoke=True)
    gap = carving.gap_row(smoke["gap"][0], smoke["exact_limit"], smoke["gap_bound_limit"])
    assert gap["proven"] is True
    assert gap["reference"] >= gap["heuristic"] - 1e-6
    assert 0.0 <= gap["heuristic_gap"] <= 1.0
    small = {"kind": "school", "tasks": 20, "sites": 1, "seed": 1}
    bound = carving.bound_row(small, 2.0)
    assert bound["bound"] >= bound["auto"] - 1e-6
    baseline = carving.baseline_row(smoke["baseline"][0])
    assert baseline["extra_fta"] == pytest.approx(baseline["fta"] - baseline["baseline_fta"],
                                                  abs=0.011)
    speed = carving.speed_row("tiny", {"kind": "school", "tasks": 15, "sites": 1, "seed": 1},
                              5.0, timeout=120.0)
    assert speed["finished"] is True
    around = carving.around_row({"kind": "school", "tasks": 16, "sites": 1, "seed": 1}, 1, 150)
    assert around["around_placements"] >= around["first_placements"]
    assert sum(around["first_sizes"].values()) == around["first_functions"]
    sweep = carving.sweep_row(smoke["sweep"][0])
    assert sweep["auto_method"] == "exact" and sweep["auto_gap"] == 0.0  # proven by auto
    result: dict[str, Any] = {"gap": [gap], "bound": [bound], "baseline": [baseline],
                              "speed": [speed], "around": [around], "sweep": [sweep]}
    text = carving.tables(result)
    for heading in ("(a)", "(b)", "(c)", "(d)", "(e)", "(f)"):
        assert heading in text
    assert gap["instance"] in text


def test_run_py_imports_the_carving_benchmark() -> None:
    run = _load("run")
    assert hasattr(run, "carving_bench")
    assert hasattr(run, "match_row")
