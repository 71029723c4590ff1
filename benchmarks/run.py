"""Benchmarks of matcher v1: carving quality and speed, matching against the greedy baseline.

Run from the repository root:

    .venv/bin/python benchmarks/run.py            # writes benchmarks/results/v1.json
    .venv/bin/python benchmarks/run.py --quick    # fewer generated instances
    .venv/bin/python benchmarks/run.py --scale all   # matching at four scales (scale.py),
                                                      # writes benchmarks/results/scale.json

Everything is seeded; ratios compare against baselines measured in the same run:
carving against the spreadsheet way (per area, fill functions in file order:
matcher.carve_baseline), assignment against the Kandidatenverkenner way (per function in
input order, best remaining candidate: matcher.assign.assign_greedy).
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
from matcher.assign import assign_greedy
from matcher.demo import generate_candidates, generate_inventory

ROOT = Path(__file__).resolve().parent


def carve_row(name: str, inventory: matcher.Inventory) -> dict[str, object]:
    """Carve an inventory with matcher and with the baseline; return both measured."""
    start = time.perf_counter()
    ours = matcher.carve(inventory)
    seconds = time.perf_counter() - start
    base = matcher.carve_baseline(inventory)
    s, b = ours.summary(), base.summary()
    return {
        "instance": name, "tasks": s["tasks"], "inventory_hours": s["inventory_hours"],
        "carved_share": s["carved_share"], "baseline_carved_share": b["carved_share"],
        "fta": s["fta"], "baseline_fta": b["fta"], "extra_fta": round(s["fta"] - b["fta"], 2),
        "functions": s["functions"], "coherence": s["mean_coherence"],
        "baseline_coherence": b["mean_coherence"], "idle_hours": s["idle_hours_per_week"],
        "seconds": round(seconds, 2),
    }


def gap_row(name: str, inventory: matcher.Inventory) -> dict[str, object] | None:
    """Heuristic objective against the proven optimum (exact method), when it can prove it."""
    from matcher.carve import CarveParams

    start = time.perf_counter()
    try:
        exact = matcher.carve(inventory, CarveParams(method="exact", exact_max_columns=400_000,
                                                     time_limit=60))
    except ValueError:
        return None
    exact_s = time.perf_counter() - start
    start = time.perf_counter()
    heuristic = matcher.carve(inventory, CarveParams(method="heuristic"))
    heuristic_s = time.perf_counter() - start
    gap = (exact.objective - heuristic.objective) / exact.objective if exact.objective else 0.0
    return {"instance": name, "tasks": len(inventory.tasks),
            "optimum": round(exact.objective, 3), "heuristic": round(heuristic.objective, 3),
            "gap": round(gap, 4), "exact_s": round(exact_s, 2),
            "heuristic_s": round(heuristic_s, 2)}


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
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    if args.scale:
        names = ["school", "region", "province", "national"] if args.scale == "all" else \
            [args.scale]
        run_scales(names, args.out or ROOT / "results" / "scale.json")
        return
    args.out = args.out or ROOT / "results" / "v1.json"
    seeds = [1] if args.quick else [1, 2, 3]
    carve_rows = []
    for demo in ("vo", "po"):
        files = matcher.demo_files(demo)
        carve_rows.append(carve_row(f"demo {demo}", matcher.load_tasks(files.tasks, files.sites)))
    for n, n_sites in ((60, 1), (100, 2), (200, 2)):
        for seed in seeds:
            carve_rows.append(carve_row(f"generated n={n} sites={n_sites} seed={seed}",
                                        generate_inventory(n, n_sites, seed)))
    gap_rows = []
    for n in (14, 18, 22):
        for seed in range(1, 6 if not args.quick else 2):
            row = gap_row(f"generated n={n} seed={seed}", generate_inventory(n, 1, seed))
            if row is not None:
                gap_rows.append(row)
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
              "carve": carve_rows, "gap": gap_rows, "match": match_rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
