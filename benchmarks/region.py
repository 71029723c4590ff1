"""The region run (issue 18): carve every school of a WSP's region, then match its
functions to the region's candidates, on the machine's two cores.

The region: ``benchmarks/realistic.py``'s :func:`region`: primary schools in the villages
around one town, each its own board (as most primary schools of a WSP region), with 5,000
synthetic candidates (``matcher.demo.generate_candidates``). Three ways to carve it, each
in a fresh process (time, peak memory of the process and its workers):

* ``one problem``: the whole region as one carving problem (the code before boards were
  carved apart; forced by raising ``BOARDS_APART_TASKS``);
* ``boards apart, 1 core``: board by board in one process;
* ``boards apart, 2 cores``: board by board on two forked workers (the default).

The carvings must be the same for the last two (the result does not depend on where a
board runs); the hours of all three are reported. Then the match: every function against
the 5,000 candidates (``matcher.match_pairs`` and ``assign``), timed in the last process.

Run from the repository root, alone on the machine::

    flock /tmp/matcher-bench.lock nice -n 5 .venv/bin/python benchmarks/region.py
    .venv/bin/python benchmarks/region.py --schools 10 --tasks 260   # smaller, quicker

Writes ``benchmarks/results/region.json`` (the full run) and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SEED = 5


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(kids, 1)


def child(way: str, schools: int, tasks: int, candidates: int) -> dict[str, Any]:
    """One way to carve the region (and, for the default, the match), in this process."""
    sys.path.insert(0, str(HERE))
    import realistic

    import matcher
    import matcher.carving.carver as carver
    from matcher.carving import SolverParams, carve

    inventory = realistic.region(seed=SEED, n_tasks=tasks, n_schools=schools)
    solver = SolverParams()
    if way == "one problem":
        carver.BOARDS_APART_TASKS = 10**9
    elif way == "boards apart, 1 core":
        solver = SolverParams(workers=1)
    start = time.perf_counter()
    carving = carve(inventory, solver=solver)
    carve_s = time.perf_counter() - start
    out: dict[str, Any] = {
        "way": way, "carve_s": round(carve_s, 2), "functions": len(carving.functions),
        "hours": round(sum(f.hours for f in carving.functions), 2),
        "objective": round(carving.objective, 3),
        "groups": sorted(",".join(f.task_ids) for f in carving.functions)}
    if way == "boards apart, 2 cores":
        from matcher.demo import generate_candidates
        from matcher.matching.tables import FunctionTable

        centre = str(inventory.sites.frame["pc4"].dropna().iloc[0])
        pool = matcher.load_candidates(generate_candidates(candidates, seed=SEED,
                                                           centre=centre))
        start = time.perf_counter()
        functions = FunctionTable.from_functions(carving.functions, inventory.sites)
        scores = matcher.match_pairs(functions, pool, inventory.sites)
        assignment = matcher.assign(scores)
        out["match_s"] = round(time.perf_counter() - start, 2)
        out["placed"] = assignment.placements
        out["total_s"] = round(carve_s + out["match_s"], 2)
    own, kids = _peak_mb()
    out["peak_mb"], out["workers_peak_mb"] = own, kids
    return out


def run(schools: int, tasks: int, candidates: int) -> dict[str, Any]:
    rows = []
    for way in ("one problem", "boards apart, 1 core", "boards apart, 2 cores"):
        done = subprocess.run(
            [sys.executable, __file__, "--child", way, "--schools", str(schools), "--tasks",
             str(tasks), "--candidates", str(candidates)],
            capture_output=True, text=True, cwd=ROOT, timeout=1800,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        if done.returncode:
            raise RuntimeError(done.stderr[-2000:])
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{way}: {row['carve_s']} s, {row['functions']} functions, {row['hours']} h, "
              f"peak {row['peak_mb']} MB (workers {row['workers_peak_mb']} MB)",
              file=sys.stderr, flush=True)
        rows.append(row)
    same = rows[1]["groups"] == rows[2]["groups"]
    for row in rows:
        row.pop("groups")
    return {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "load_at_start": [round(x, 2) for x in os.getloadavg()]},
            "region": {"schools": schools, "boards": schools, "tasks": tasks,
                       "candidates": candidates, "seed": SEED},
            "same_carving_on_1_and_2_cores": same, "ways": rows}


def table(result: dict[str, Any]) -> str:
    """The README's table of a :func:`run` result."""
    base = result["ways"][0]["carve_s"]
    lines = ["| way | carve s | vs one problem | functions | hours | peak MB (workers) | "
             "match s | total s |", "|---|---|---|---|---|---|---|---|"]
    for row in result["ways"]:
        lines.append(
            f"| {row['way']} | {row['carve_s']:.1f} | {row['carve_s'] / base:.2f}x | "
            f"{row['functions']} | {row['hours']:,.2f} | {row['peak_mb']:,.0f} "
            f"({row['workers_peak_mb']:,.0f}) | {row.get('match_s', '-')} | "
            f"{row.get('total_s', '-')} |")
    region = result["region"]
    lines += ["", f"Region: {region['schools']} primary schools (each its own board), "
              f"{region['tasks']:,} tasks, {region['candidates']:,} candidates, seed "
              f"{region['seed']}; same carving on 1 and 2 cores: "
              f"{result['same_carving_on_1_and_2_cores']}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=1300)
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.schools, args.tasks, args.candidates)))
        return 0
    result = run(args.schools, args.tasks, args.candidates)
    print(table(result))
    if (args.schools, args.tasks, args.candidates) == (50, 1300, 5000):
        (RESULTS / "region.json").write_text(json.dumps(result, indent=1) + "\n",
                                             encoding="utf-8")
        print("written to benchmarks/results/region.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
