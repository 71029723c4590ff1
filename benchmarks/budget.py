"""Time budgets that hold (issue 19): ``matcher carve --time-budget`` on large inventories.

Each case writes a generated inventory (``matcher.demo.generate_board``: schools at real
places in ``n_boards`` boards, fixed seeds) to CSV files and runs the command line on it
exactly as a user would::

    matcher carve tasks.csv --sites sites.csv --time-budget SECONDS --out DIR

in a fresh process, measuring the wall time from the call to its exit (and the carve's
own seconds, from its progress line), the peak resident
memory of the whole process tree (the carve's forked workers included, sampled from
``/proc``) and, from the outputs, the functions, hours and fta carved and the tasks the
budget left unexamined (reason ``time_budget``). Every run is cut off at ``--limit``
times its budget (then reported as not finished). With ``--baseline SRC`` the same cases
also run on another copy of the library's ``src`` (e.g. ``git archive HEAD src | tar -x
-C /tmp/base``), in the same run, for a before/after table.

Run from the repository root, alone on the machine::

    flock /tmp/matcher-bench.lock nice -n 5 .venv/bin/python benchmarks/budget.py
    .venv/bin/python benchmarks/budget.py --cases 3000:3:10     # one small case

Writes ``benchmarks/results/budget.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SEED = 1
#: tasks, boards, budget (seconds)
CASES = ((20_000, 20, 30.0), (20_000, 20, 60.0), (100_000, 20, 60.0), (100_000, 20, 120.0))


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants (MB, from ``/proc``; 0 without)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except (OSError, ValueError):
            continue
    return total / 2**20


def descendants(pid: int) -> list[int]:
    """The process ids of ``pid``'s children, their children, ... (from ``/proc``)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    kids = [int(c) for c in handle.read().split()]
                found += kids
                todo += kids
        except (OSError, ValueError):
            continue
    return found


def write_inventory(directory: Path, tasks: int, boards: int) -> tuple[Path, Path]:
    """The case's inventory as ``tasks.csv`` and ``sites.csv`` (172 schools of Eemland)."""
    from matcher.demo import generate_board

    schools = 172
    inventory = generate_board(n_tasks=tasks, n_schools=schools, seed=SEED, n_boards=boards,
                               max_tasks_per_school=max(100, 2 * -(-tasks // schools)))
    directory.mkdir(parents=True, exist_ok=True)
    paths = directory / "tasks.csv", directory / "sites.csv"
    inventory.to_frame().to_csv(paths[0], index=False)
    inventory.sites.frame.to_csv(paths[1], index=False)
    return paths


def measure(paths: tuple[Path, Path], budget: float, out: Path, src: Path,
            limit: float) -> dict[str, Any]:
    """One command-line carve: wall seconds to exit, peak memory of the tree, outputs."""
    command = [sys.executable, "-c", "import sys; from matcher.cli import main; "
               "sys.exit(main(sys.argv[1:]))", "carve", str(paths[0]), "--sites",
               str(paths[1]), "--time-budget", f"{budget:g}", "--out", str(out)]
    start = time.perf_counter()
    # the output goes to a file: a pipe read only at the end would fill up (the summary
    # has a line a function) and block the carve
    log = out.with_suffix(".log")
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen(command, cwd=ROOT, stdout=handle,
                               stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONPATH": str(src),
                                    "MATCHER_DATA_DIR": str(ROOT / "data")})
    peak = 0.0
    finished = True
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        if time.perf_counter() - start > limit * budget:
            finished = False
            for pid in descendants(process.pid):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            process.kill()
            break
        time.sleep(0.2)
    process.wait()
    wall = time.perf_counter() - start
    handle.close()
    output = log.read_text(encoding="utf-8")
    row: dict[str, Any] = {"budget_s": budget, "wall_s": round(wall, 1),
                           "over_budget": round(wall / budget - 1, 3), "finished": finished,
                           "peak_tree_mb": round(peak, 0)}
    row.update(outputs(out) if finished and process.returncode == 0 else
               {"functions": None, "hours": None, "fta": None, "unexamined_tasks": None})
    row["cut_said"] = "tijdsbudget op" in output or "time budget used up" in output
    # the carve's own seconds (from the call of carve() to its return), from the progress
    carved = re.findall(r"carving: 100% after ([0-9.]+) s", output)
    row["carve_s"] = float(carved[-1]) if carved else None
    if finished and process.returncode:
        row["error"] = output[-500:]
    return row


def outputs(out: Path) -> dict[str, Any]:
    """Functions, hours, fta and tasks left unexamined, from the written CSV files."""
    import pandas as pd

    functions = pd.read_csv(out / "functions.csv", sep=";", decimal=",")
    allocation = pd.read_csv(out / "task_allocation.csv", sep=";", decimal=",", dtype=str)
    hours = [c for c in functions.columns if "uren" in c.lower() or "hours" in c.lower()]
    fta = [c for c in functions.columns if "fta" in c.lower()]
    codes = [c for c in allocation.columns if "reason_code" in c or "code" in c.lower()]
    unexamined = int((allocation[codes[0]] == "time_budget").sum()) if codes else 0
    return {"functions": len(functions),
            "hours": round(float(functions[hours[0]].sum()), 2) if hours else None,
            "fta": round(float(functions[fta[0]].sum()), 2) if fta else None,
            "unexamined_tasks": unexamined}


def run(cases: tuple[tuple[int, int, float], ...] = CASES, baseline: Path | None = None,
        limit: float = 3.0) -> dict[str, Any]:
    """Every case on this library (and on ``baseline``'s, when given)."""
    rows = []
    sources = [("this", ROOT / "src")] + ([("baseline", baseline)] if baseline else [])
    with tempfile.TemporaryDirectory() as tmp:
        for tasks, boards, budget in cases:
            paths = write_inventory(Path(tmp) / f"{tasks}_{boards}", tasks, boards)
            for label, src in sources:
                out = Path(tmp) / f"out_{tasks}_{boards}_{budget:g}_{label}"
                row = {"code": label, "tasks": tasks, "boards": boards,
                       **measure(paths, budget, out, src, limit)}
                print(f"{label} {tasks:,} tasks, budget {budget:g} s: {row['wall_s']} s, "
                      f"peak {row['peak_tree_mb']} MB", file=sys.stderr, flush=True)
                rows.append(row)
    return {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "load_at_start": [round(x, 2) for x in os.getloadavg()]},
            "seed": SEED, "limit": limit, "runs": rows}


def table(result: dict[str, Any]) -> str:
    """The README's table of a :func:`run` result."""
    lines = ["| code | tasks | boards | budget s | wall s (to exit) | vs budget | carve s | "
             "peak MB (tree) | functions | hours | fta | unexamined tasks | cut said |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in result["runs"]:
        wall = f"{row['wall_s']:.1f}" if row["finished"] else f"> {row['wall_s']:.0f} (killed)"
        lines.append(
            f"| {row['code']} | {row['tasks']:,} | {row['boards']} | {row['budget_s']:g} | "
            f"{wall} | {row['over_budget']:+.0%} | {_cell(row.get('carve_s'))} | "
            f"{row['peak_tree_mb']:,.0f} | "
            f"{_cell(row['functions'])} | {_cell(row['hours'])} | {_cell(row['fta'])} | "
            f"{_cell(row['unexamined_tasks'])} | {'yes' if row['cut_said'] else 'no'} |")
    return "\n".join(lines)


def _cell(value: object) -> str:
    return "-" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def _case(text: str) -> tuple[int, int, float]:
    tasks, boards, budget = text.split(":")
    return int(tasks), int(boards), float(budget)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", type=_case, metavar="TASKS:BOARDS:SECONDS")
    parser.add_argument("--baseline", type=Path, metavar="SRC",
                        help="another copy of src/ to run the same cases on")
    parser.add_argument("--limit", type=float, default=3.0,
                        help="kill a run after this many times its budget (default 3)")
    args = parser.parse_args(argv)
    result = run(tuple(args.cases) if args.cases else CASES, args.baseline, args.limit)
    print(table(result))
    (RESULTS / "budget.json").write_text(json.dumps(result, indent=1) + "\n",
                                         encoding="utf-8")
    print("written to benchmarks/results/budget.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
