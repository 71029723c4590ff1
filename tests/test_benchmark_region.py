"""benchmarks/region.py on a tiny region, so the script cannot rot."""

from __future__ import annotations

from tests.benchmark_modules import load_benchmark


def test_the_region_run_on_a_tiny_region() -> None:
    region = load_benchmark("region", "bench_region")
    result = region.run(schools=3, tasks=60, candidates=200)
    ways = [row["way"] for row in result["ways"]]
    assert ways == ["one after another", "pool, full search", "pool, region preset"]
    assert result["same_carving_one_after_another_and_pool"]
    for row in result["ways"]:
        assert row["total_s"] >= row["carve_s"] >= 0
        assert row["progress_calls"] == 3
        assert row["peak_tree_mb"] > 0
        # the pool really forks its workers (a thread in the run would stop it)
        assert row["forked"] == (row["workers"] > 1)
    table = region.table(result)
    assert table.splitlines()[0].startswith("| way | total s |")
