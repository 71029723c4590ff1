"""benchmarks/loading.py on small pools, so the script cannot rot."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.benchmark_modules import BENCHMARKS, load_benchmark


def _baseline_is_there(commit: str) -> bool:
    """Whether git can show the old load (not in a copy without the history)."""
    shown = subprocess.run(["git", "cat-file", "-e", f"{commit}:src/matcher/inputs/loaders.py"],
                           cwd=BENCHMARKS.parent, capture_output=True, check=False)
    return shown.returncode == 0


def test_the_loading_run_on_small_pools(tmp_path) -> None:
    loading = load_benchmark("loading", "bench_loading")
    if not _baseline_is_there(loading.BASELINE_COMMIT):
        pytest.skip("the baseline commit is not in this copy of the repository")
    out = tmp_path / "loading.json"
    loading.main(["--sizes", "300", "600", "--repeat", "1", "--out", str(out)])
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [r["profiles"] for r in result["sizes"]] == [300, 600]
    assert all(r["same_frame"] for r in result["sizes"])
    assert result["same_problems"] and result["broken_pool_problems"] >= 20
    assert all(r["old_s"] > 0 and r["new_s"] > 0 and r["new_peak_mb"] > 0
               for r in result["sizes"])
    table = loading.table(result)
    assert table.splitlines()[0].startswith("| profiles | CSV MB | old s | new s |")
    assert "| 600 |" in table and "the same both ways" in table


def test_the_table_says_when_the_loads_differ() -> None:
    loading = load_benchmark("loading", "bench_loading")
    row = {"profiles": 10, "csv_mb": 0.0, "old_s": 0.2, "new_s": 0.1, "speedup": 2.0,
           "old_peak_mb": 1.0, "new_peak_mb": 0.5, "same_frame": False}
    table = loading.table({"sizes": [row], "broken_pool_problems": 3,
                           "same_problems": False})
    assert "| 10 | 0.0 | 0.2 | 0.1 | 2.0x | 1.0 | 0.5 | NO |" in table
    assert "NOT the same both ways" in table
