"""Benchmarks of matcher: carving (benchmarks/carving.py), matching against the greedy baseline.

Run from the repository root (timed runs under the shared lock):

    flock /tmp/matcher-bench.lock .venv/bin/python benchmarks/run.py
        # carving -> benchmarks/results/carving.json, matching -> benchmarks/results/v1.json
    .venv/bin/python benchmarks/run.py --quick    # fewer, smaller instances (*-quick.json)
    .venv/bin/python benchmarks/run.py --only matching   # or --only carving
    .venv/bin/python benchmarks/run.py --scale all   # matching at four scales (scale.py),
                                                      # writes benchmarks/results/scale.json

Everything is seeded; ratios compare against baselines measured in the same run:
carving against the spreadsheet way (per area, fill functions in file order:
matcher.carve_baseline), assignment against the Kandidatenverkenner way (per function in
input order, best remaining candidate: matcher.matching.assign.assign_greedy).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

import matcher
from matcher.demo import generate_candidates, generate_inventory
from matcher.matching.assign import assign_greedy

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import carving as carving_bench  # noqa: E402  (benchmarks/carving.py, beside this file)


def match_row(name: str, inventory: matcher.Inventory, pool: matcher.Pool) -> dict[str, object]:
    """Carve, score and assign; compare the exact assignment with the greedy baseline."""
    carving = matcher.carve(inventory)
    start = time.perf_counter()
    scores = matcher.score_pairs(carving.functions, pool, inventory.sites)
    scored = time.perf_counter()
    exact = matcher.assign(scores)
    assigned = time.perf_counter()
    greedy = assign_greedy(scores)
    return {
        "instance": name, "functions": len(carving.functions), "candidates": len(pool),
        "pairs": len(scores.frame), "feasible_pairs": int(scores.frame["feasible"].sum()),
        "placements": exact.placements, "greedy_placements": greedy.placements,
        "total_score": exact.total_score, "greedy_total_score": greedy.total_score,
        "score_seconds": round(scored - start, 3), "assign_seconds": round(assigned - scored, 3),
    }


def run_scales(names: list[str], out: Path) -> None:
    """Run benchmarks/scale.py once per scale in its own process; write and print a table."""
    results = []
    for name in names:
        done = subprocess.run([sys.executable, str(ROOT / "scale.py"), name], check=True,
                              capture_output=True, text=True)
        results.append(json.loads(done.stdout))
        print(f"{name}: done", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": {"python": platform.python_version(), "cpus": 2},
                               "scales": results}, indent=2), encoding="utf-8")
    print(scale_table(results))


def scale_table(results: list[dict]) -> str:
    """The markdown table of benchmarks/README.md from scale results."""
    lines = [
        "| scale | candidates x functions | edge cap | edges | graph+score s | assign s | "
        "shortlist s | end-to-end s | peak MB (stage max / process) | placed: exact / greedy "
        "| score: exact / greedy | bare sparse solve s | dense solve s | dense identical |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for res in results:
        for r in res["runs"]:
            peak = max(r[k] for k in r if k.endswith("_peak_mb"))
            lines.append(
                f"| {res['scale']} | {res['candidates']:,} x {res['functions']:,} | "
                f"{r['cap'] or 'none'} | {r['edges']:,} | {r['graph_and_score_s']} | "
                f"{r['assign_s']} | {r['shortlist_s']} | {r['end_to_end_s']} | "
                f"{peak:,.0f} / {res['peak_rss_mb']:,.0f} | {r['placements']:,} / "
                f"{r['greedy_placements']:,} | {r['total_score']:,.1f} / "
                f"{r['greedy_total_score']:,.1f} | {r['bare_sparse_solve_s']} | "
                f"{r.get('dense_solve_s', '-')} | {r.get('dense_identical', '-')} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--scale", choices=["school", "region", "province", "national", "all"],
                        help="run the matching scale benchmark instead")
    parser.add_argument("--only", choices=["carving", "matching"], default=None)
    parser.add_argument("--out", type=Path, default=None,
                        help="where the matching results go (default results/v1.json)")
    args = parser.parse_args()
    if args.scale:
        names = ["school", "region", "province", "national"] if args.scale == "all" else \
            [args.scale]
        run_scales(names, args.out or ROOT / "results" / "scale.json")
        return
    if args.only in (None, "carving"):
        result = carving_bench.run(quick=args.quick)
        out = ROOT / "results" / ("carving-quick.json" if args.quick else "carving.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2), encoding="utf-8")
        print(carving_bench.tables(result))
    if args.only == "carving":
        return
    args.out = args.out or ROOT / "results" / ("v1-quick.json" if args.quick else "v1.json")
    seeds = [1] if args.quick else [1, 2, 3]
    match_rows = []
    demo_pool = matcher.load_candidates(matcher.demo_files("vo").candidates)
    for demo in ("vo", "po"):
        files = matcher.demo_files(demo)
        match_rows.append(match_row(f"demo {demo} x demo pool",
                                    matcher.load_tasks(files.tasks, files.sites), demo_pool))
    for seed in seeds:
        frame = generate_candidates(2000, seed)
        pool = matcher.load_candidates(frame.to_csv(index=False).encode(), name="pool.csv")
        match_rows.append(match_row(f"generated n=200 x 2000 candidates seed={seed}",
                                    generate_inventory(200, 2, seed), pool))
    result = {"machine": {"python": platform.python_version(), "cpus": 2,
                          "platform": platform.platform()},
              "match": match_rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
