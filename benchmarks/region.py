"""The region run (issue 18): carve every school of a WSP's region and make the shortlists,
end to end, on the machine's two cores.

The region: ``benchmarks/realistic.py``'s :func:`region`: primary schools in the villages
around one town, each its own board (as most primary schools of a WSP region), with 5,000
synthetic candidates (``matcher.demo.generate_candidates``). Every school's inventory is
imported into a :class:`matcher.store.RegionStore` as its own session (as ``matcher
workspace import`` does), then the region is run as ``matcher workspace run`` runs it
(:func:`matcher.session.region.carve_schools`: read, carve, save every school), and the
shortlists are made (``RegionStore.shortlists``). Three ways, each in a fresh process
(wall time, CPU time of the process and its workers, peak memory of the process tree):

* ``one after another``: every school in the main process with the full search (the
  run before issue 18 item 3: ``workers=1``, no preset), the baseline;
* ``pool, full search``: the schools on two worker processes, full search;
* ``pool, region preset``: two workers and the region preset
  (:func:`matcher.session.region.region_solver`: a shorter search for small schools,
  limited by work, not time): the default of ``matcher workspace run``.

The first two must carve the same (the result does not depend on where a school runs);
each row says whether its pool really forked (``forked``);
the hours of all three are reported, so what the preset costs is in the table.

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
import tempfile
import time
from pathlib import Path
from typing import Any

from budget import tree_rss_mb  # the same /proc sampling (benchmarks/budget.py)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SEED = 5
WAYS = ("one after another", "pool, full search", "pool, region preset")


def cpu_seconds() -> float:
    """User and system time of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def build_store(path: Path, schools: int, tasks: int, candidates: int) -> None:
    """The region's store: every school's inventory as its own session, the candidates."""
    sys.path.insert(0, str(HERE))
    import realistic

    import matcher
    from matcher.demo import generate_candidates
    from matcher.model import Inventory, Sites
    from matcher.session.workspace import Workspace
    from matcher.store import RegionStore

    inventory = realistic.region(seed=SEED, n_tasks=tasks, n_schools=schools)
    store = RegionStore(path, user="benchmark")
    frame = inventory.sites.frame
    for site, board in zip(frame["site"], frame["board"], strict=True):
        own = tuple(t for t in inventory.tasks if t.site == site)
        if not own:
            continue
        sites = Sites(frame[frame["site"] == site].reset_index(drop=True),
                      inventory.sites.travel)
        ws = Workspace(inventory=Inventory(own, sites, f"{site}"))
        store.add_school(str(site), str(board))
        store.save_session(str(site), ws.save(), tasks=len(own), functions=0)
    centre = str(frame["pc4"].dropna().iloc[0])
    store.import_candidates(matcher.load_candidates(
        generate_candidates(candidates, seed=SEED, centre=centre)))


def child(way: str, store_path: Path) -> dict[str, Any]:
    """One way to run the region (carve every school, save, shortlists), in this process."""
    from matcher.session.region import SchoolJob, carve_schools
    from matcher.store import RegionStore

    store = RegionStore(store_path, user="benchmark")
    names = [s["school"] for s in store.schools()]
    workers, preset = {"one after another": (1, False), "pool, full search": (2, False),
                       "pool, region preset": (2, True)}[way]
    seen: list[int] = []

    def jobs() -> Any:
        for name in names:
            stored = store.session(name)
            if stored is not None:
                yield SchoolJob(name, *stored)

    # no thread here (the memory is sampled by the parent): a second thread would keep
    # carve_schools from forking its workers (matcher.carving.columns.can_fork)
    from matcher.carving.columns import can_fork

    forked = workers > 1 and can_fork()
    cpu0, start = cpu_seconds(), time.perf_counter()
    rows = []
    for run in carve_schools(jobs(), workers=workers, preset=preset, total=len(names),
                             progress=lambda done, total, run: seen.append(done)):
        store.save_session(run.school, run.data, read_version=run.version,
                           tasks=run.tasks, functions=run.functions)
        rows.append((run.school, run.functions, run.hours, run.fta, run.budget_cut))
    carve_s = time.perf_counter() - start
    short_start = time.perf_counter()
    _, lists = store.shortlists()
    short_s = time.perf_counter() - short_start
    wall = time.perf_counter() - start
    cpu = cpu_seconds() - cpu0
    return {"way": way, "workers": workers, "forked": forked, "preset": preset,
            "carve_s": round(carve_s, 2),
            "shortlists_s": round(short_s, 2), "total_s": round(wall, 2),
            "cpu_s": round(cpu, 2), "cores_used": round(cpu / wall, 2) if wall else 0.0,
            "functions": sum(r[1] for r in rows), "hours": round(sum(r[2] for r in rows), 2),
            "fta": round(sum(r[3] for r in rows), 2),
            "schools_cut_by_budget": sum(r[4] for r in rows),
            "progress_calls": len(seen),
            "listed_candidates": int(lists["candidate_id"].nunique()) if len(lists) else 0,
            "per_school": [list(r[:3]) for r in rows]}


def run_child(way: str, store: Path, every: float = 0.1) -> dict[str, Any]:
    """Run one way in a fresh process; its tree's peak memory sampled from here."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child_process = subprocess.Popen(
            [sys.executable, __file__, "--child", way, "--store", str(store)],
            stdout=out, stderr=err, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        peak = 0.0
        while child_process.poll() is None:
            peak = max(peak, tree_rss_mb(child_process.pid))
            time.sleep(every)
        out.seek(0)
        err.seek(0)
        if child_process.returncode:
            raise RuntimeError(err.read()[-2000:])
        row: dict[str, Any] = json.loads(out.read().strip().splitlines()[-1])
    row["peak_tree_mb"] = round(peak, 1)
    return row


def run(schools: int, tasks: int, candidates: int) -> dict[str, Any]:
    """Every way on a fresh copy of the same store, each in its own process."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "region.sqlite"
        start = time.perf_counter()
        build_store(base, schools, tasks, candidates)
        import_s = round(time.perf_counter() - start, 2)
        for k, way in enumerate(WAYS):
            copy = Path(tmp) / f"way{k}.sqlite"
            copy.write_bytes(base.read_bytes())
            row = run_child(way, copy)
            print(f"{way}: {row['total_s']} s ({row['cores_used']} cores), "
                  f"{row['functions']} functions, {row['hours']} h, peak "
                  f"{row['peak_tree_mb']} MB", file=sys.stderr, flush=True)
            rows.append(row)
    same = rows[0]["per_school"] == rows[1]["per_school"]
    for row in rows:
        row.pop("per_school")
    return {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "load_at_start": [round(x, 2) for x in os.getloadavg()]},
            "region": {"schools": schools, "boards": schools, "tasks": tasks,
                       "candidates": candidates, "seed": SEED, "import_s": import_s},
            "same_carving_one_after_another_and_pool": same, "ways": rows}


def table(result: dict[str, Any]) -> str:
    """The README's table of a :func:`run` result."""
    base = result["ways"][0]
    lines = ["| way | total s | vs one after another | carve s | shortlists s | CPU s | "
             "cores used | peak MB (tree) | functions | hours | hours vs full |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in result["ways"]:
        lines.append(
            f"| {row['way']} | {row['total_s']:.1f} | "
            f"{row['total_s'] / base['total_s']:.2f}x | {row['carve_s']:.1f} | "
            f"{row['shortlists_s']:.1f} | {row['cpu_s']:.1f} | {row['cores_used']:.2f} | "
            f"{row['peak_tree_mb']:,.0f} | {row['functions']} | {row['hours']:,.2f} | "
            f"{row['hours'] - base['hours']:+,.2f} |")
    region = result["region"]
    lines += ["", f"Region: {region['schools']} primary schools (each its own board and "
              f"session), {region['tasks']:,} tasks, {region['candidates']:,} candidates, "
              f"seed {region['seed']}; same carving one after another and on the pool: "
              f"{result['same_carving_one_after_another_and_pool']}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=1300)
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.store)))
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
