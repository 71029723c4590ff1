"""benchmarks/budget.py: its measuring, json and table code on one tiny case."""

from __future__ import annotations

import json

from tests.benchmark_modules import load_benchmark


def test_the_budget_benchmark_on_a_tiny_case() -> None:
    budget = load_benchmark("budget", "bench_budget")
    result = budget.run(cases=((600, 2, 8.0),), limit=6.0)
    json.dumps(result)
    (row,) = result["runs"]
    assert row["code"] == "this" and row["finished"], row
    assert row["functions"] is not None and row["functions"] >= 0
    assert row["peak_tree_mb"] > 0
    table = budget.table(result)
    assert table.splitlines()[0].startswith("| code | tasks |")
    assert "600" in table.splitlines()[2]


def test_the_table_shows_a_killed_run() -> None:
    budget = load_benchmark("budget", "bench_budget")
    row = {"code": "baseline", "tasks": 100_000, "boards": 20, "budget_s": 60.0,
           "wall_s": 180.2, "over_budget": 2.0, "finished": False, "peak_tree_mb": 2500.0,
           "functions": None, "hours": None, "fta": None, "unexamined_tasks": None,
           "cut_said": False}
    table = budget.table({"runs": [row]})
    assert "> 180 (killed)" in table and "| - |" in table
