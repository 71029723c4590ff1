"""The benchmark instances pinned by ``test_golden.py``: carved by the current code, or by
the code before the re-layout (``python tests/regression/benchmark_instances.py`` with the old
``src`` first on ``PYTHONPATH`` writes ``benchmark_golden.json``; it speaks both APIs)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import matcher
from matcher.demo import generate_board, generate_inventory

GOLDEN = Path(__file__).parent / "benchmark_golden.json"

#: (name, instance, method, seed): the carving benchmark's instances (section (a)'s 35-task
#: school, (c)'s baseline school, (d)'s 300-task school, the smoke plan's 60-task board).
INSTANCES: list[tuple[str, dict[str, Any], str, int]] = [
    ("a-school-35-1-1-auto", {"kind": "school", "tasks": 35, "sites": 1, "seed": 1}, "auto", 0),
    ("c-school-100-2-1-heuristic", {"kind": "school", "tasks": 100, "sites": 2, "seed": 1},
     "heuristic", 0),
    ("d-school-300-2-1-auto", {"kind": "school", "tasks": 300, "sites": 2, "seed": 1}, "auto", 0),
    ("d-board-60-6-0-auto", {"kind": "board", "tasks": 60, "schools": 6, "seed": 0}, "auto", 0),
]


def _inventory(spec: dict[str, Any]) -> matcher.Inventory:
    if spec["kind"] == "school":
        return generate_inventory(spec["tasks"], spec["sites"], spec["seed"])
    return generate_board(spec["tasks"], spec["schools"], spec["seed"])


def _carve(inventory: matcher.Inventory, method: str, seed: int) -> matcher.Carving:
    solver = getattr(matcher, "SolverParams", None)
    if solver is None:  # before the re-layout: solver knobs lived in CarveParams
        return matcher.carve(inventory, matcher.CarveParams(method=method, seed=seed))
    return matcher.carve(inventory, solver=solver(method=method, seed=seed))


def record() -> dict[str, Any]:
    """Carvings (and the baseline's) of every instance, as plain values."""
    out: dict[str, Any] = {}
    for name, spec, method, seed in INSTANCES:
        inventory = _inventory(spec)
        carving = _carve(inventory, method, seed)
        baseline = matcher.carve_baseline(inventory)
        out[name] = {
            "objective": round(carving.objective, 6),
            "method": carving.method,
            "functions": [[f.function_id, f.title, list(f.task_ids), f.schedule.describe()]
                          for f in carving.functions],
            "reasons": carving.allocation["reason"].tolist(),
            "baseline": [list(f.task_ids) for f in baseline.functions],
        }
    return out


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(record(), indent=1, ensure_ascii=False) + "\n", "utf-8")
    sys.stdout.write(f"wrote {GOLDEN}\n")
