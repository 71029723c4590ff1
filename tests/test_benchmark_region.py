"""benchmarks/region.py on a tiny region, so the script cannot rot."""

from __future__ import annotations

from tests.benchmark_modules import load_benchmark


def test_the_region_run_on_a_tiny_region() -> None:
    region = load_benchmark("region", "bench_region")
    result = region.run(schools=3, tasks=60, candidates=200)
    ways = [row["way"] for row in result["ways"]]
    assert ways == ["one problem", "boards apart, 1 core", "boards apart, 2 cores"]
    assert result["same_carving_on_1_and_2_cores"]
    assert result["ways"][2]["match_s"] >= 0
    table = region.table(result)
    assert table.splitlines()[0].startswith("| way | carve s |")
