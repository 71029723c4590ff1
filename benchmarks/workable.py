"""Workable weeks (issue 16): matcher's carving before and after the week model, checked by an
independent week checker, against an independent CP-SAT model of the same rules.

For each instance (the two demo inventories and the named instances of
``benchmarks/realistic.py`` up to 300 tasks, plus ``mixed_board_2000`` for its run time):

* **before**: the code of commit :data:`BEFORE_COMMIT` (before the week rules), from a git
  worktree at :data:`BEFORE_DIR` (created with ``git worktree add`` when missing), run in its
  own process with ``PYTHONPATH=<worktree>/src`` and this venv's python;
* **after**: the working tree's ``src/`` in its own process;

both with the defaults (``matcher.carving.carve(inventory)``), on the same tasks and sites
files (the realistic instances are written to CSV first, so both codes read what a school
would upload; the before code ignores the sites' hour columns). Each carve reports its
wall time and its peak memory (``ru_maxrss`` of the process, and of its worker processes).
Measured here, from each carving's functions and ``schedule.csv`` rows, with the same code
for both:

* carved hours, fta (hours / 25.5 per function, two decimals, summed), functions;
* violations of the hard rules (``benchmarks/weekcheck.py``'s :func:`check_carving`, rules
  1-5, overlaps, bookkeeping and the function rules) under the **new default rules** for
  both (a schedule without a ``kind`` column is all work);
* idle hours a week: per working day the span from first start to last end less work,
  travel and the break the day needs (a longer break is idle, as the checker counts it);
* travel hours and site changes a week: the moves between consecutive work blocks at
  different sites, each the travel time between them (``weekcheck.travel_minutes``).

And, on instances up to :data:`CPSAT_MAX_TASKS` tasks, ``benchmarks/cpsat_model.py`` (its
own process, :data:`CPSAT_LIMIT` s, 2 workers, seed 0): the best hours it finds with weeks
the checker accepts and its upper bound on the hours of any carving under the rules; the
gap is after hours / CP-SAT best and after hours / CP-SAT bound.

Run from the repository root (one at a time on the machine's 2 cores)::

    nice -n 5 .venv/bin/python benchmarks/workable.py            # results/workable.json
    .venv/bin/python benchmarks/workable.py --quick              # printed only (or --out)
    .venv/bin/python benchmarks/tables.py --write                # the README's table

CP-SAT's results move a little with the machine's load (a wall-clock time limit); the
carvings of matcher are deterministic, their seconds are wall-clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"

#: The commit before the week rules of issue 16, and where its worktree lives.
BEFORE_COMMIT = "02015af"
BEFORE_DIR = Path("/tmp/before")
#: Largest realistic instance measured in full; the larger ones only for their run time.
MAX_TASKS = 300
TIMING_ONLY = ("mixed_board_2000",)
#: CP-SAT on instances up to this many tasks (the demo board of 72 included), this long.
CPSAT_MAX_TASKS = 75
CPSAT_LIMIT = 120.0
CPSAT_QUICK_LIMIT = 10.0
CPSAT_WORKERS = 2
CPSAT_SEED = 0
#: A carve that takes longer is stopped and reported as not finished.
CARVE_TIMEOUT = 900.0

DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


def _bench_import() -> None:
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))


# --------------------------------------------------------------------------- instances


def instance_names(quick: bool = False) -> list[str]:
    """The instances measured: the demos and the realistic ones up to :data:`MAX_TASKS`
    tasks, then :data:`TIMING_ONLY`; with ``quick`` the two smallest only."""
    _bench_import()
    import realistic

    named = sorted((spec["n_tasks"], name) for name, spec in realistic.INSTANCES.items()
                   if spec["n_tasks"] <= MAX_TASKS)
    if quick:
        return [name for _, name in named[:2]]
    return ["demo_vo", "demo_po", *(name for _, name in named),
            *(name for name in TIMING_ONLY if name in realistic.INSTANCES)]


def instance_files(name: str, directory: Path) -> tuple[Path, Path]:
    """The tasks and sites files of instance ``name``: the demo's own files, or a realistic
    instance written to ``directory`` (a named one, or ``realistic:key=value,...``)."""
    if name.startswith("demo_"):
        from matcher.demo import demo_files

        files = demo_files(name.removeprefix("demo_"))
        return files.tasks, files.sites
    _bench_import()
    import realistic

    if name.startswith("realistic:"):
        kwargs: dict[str, Any] = {}
        for part in filter(None, name.removeprefix("realistic:").split(",")):
            key, value = part.split("=")
            kwargs[key] = int(value) if value.lstrip("-").isdigit() else value
    else:
        kwargs = dict(realistic.INSTANCES[name])
    tasks, sites = realistic.write(directory / re.sub(r"[^a-z0-9_]+", "_", name), **kwargs)
    return Path(tasks), Path(sites)


# --------------------------------------------------------------------------- carving


def _peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return round(own, 1), round(kids, 1)


def carve_one(tasks: Path, sites: Path) -> dict[str, Any]:
    """Child process: load the files with the ``matcher`` on the path, carve with the
    defaults and return the functions, the schedule rows, the time and the peak memory."""
    import matcher
    from matcher.carving import carve
    from matcher.inputs.loaders import load_tasks

    inventory = load_tasks(tasks, sites)
    start = time.perf_counter()
    carving = carve(inventory)
    seconds = time.perf_counter() - start
    frame = carving.schedule_frame()
    own, kids = _peak_mb()
    return {
        "matcher": str(Path(matcher.__file__).resolve().parents[1]),
        "seconds": round(seconds, 2),
        "method": str(getattr(carving, "method", "")),
        "tasks": len(inventory.tasks),
        "functions": [{"function_id": str(f.function_id),
                       "task_ids": [str(t.task_id) for t in f.tasks]}
                      for f in carving.functions],
        "schedule": json.loads(frame.astype(object).to_json(orient="records")),
        "peak_rss_mb": own,
        "workers_peak_rss_mb": kids,
    }


def _python_env(code: str) -> dict[str, str]:
    env = dict(os.environ)
    src = BEFORE_DIR / "src" if code == "before" else ROOT / "src"
    env["PYTHONPATH"] = str(src)
    env["PYTHONHASHSEED"] = "0"
    return env


def ensure_before() -> Path:
    """The worktree of :data:`BEFORE_COMMIT` (made when missing)."""
    if not (BEFORE_DIR / "src" / "matcher").is_dir():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", str(BEFORE_DIR),
                        BEFORE_COMMIT], check=True, capture_output=True, text=True)
    return BEFORE_DIR


def _child(args: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run this script with ``args`` in a fresh process; its last stdout line as JSON."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        try:
            done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args,
                                   "--out", str(out)], env=env, cwd=str(ROOT),
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"finished": False, "timeout_s": timeout,
                    "wall_s": round(time.perf_counter() - start, 1)}
        if done.returncode != 0 or not out.exists():
            return {"finished": False, "error": done.stderr.strip().splitlines()[-5:],
                    "wall_s": round(time.perf_counter() - start, 1)}
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    result["finished"] = True
    result["wall_s"] = round(time.perf_counter() - start, 1)
    return result


def carve_in_process(code: str, tasks: Path, sites: Path, timeout: float = CARVE_TIMEOUT
                     ) -> dict[str, Any]:
    """Carve in a fresh process with the ``before`` or the ``after`` code."""
    if code == "before":
        ensure_before()
    return _child(["--carve-one", str(tasks), str(sites)], _python_env(code), timeout)


# --------------------------------------------------------------------------- measuring


@dataclass
class _Function:
    function_id: str
    task_ids: list[str]


@dataclass
class _Carving:
    """What :func:`weekcheck.check_carving` reads of a carving (duck-typed)."""

    functions: list[_Function]
    frame: pd.DataFrame

    def schedule_frame(self) -> pd.DataFrame:
        return self.frame


#: Rule of a violation text of ``weekcheck`` (first match), for the breakdown.
_RULES = (
    ("overlap", re.compile(r"overlap")),
    ("1 school hours", re.compile(r"outside \d\d:\d\d-\d\d:\d\d")),
    ("2 sites", re.compile(r"site changes|travel")),
    ("3 pieces", re.compile(r"block of \d+ min")),
    ("4 breaks", re.compile(r"break")),
    ("5 working day", re.compile(r"only \d+ min of work|min idle")),
)


def rule_of(problem: str) -> str:
    """The rule a violation text of ``weekcheck`` is about (``other``: bookkeeping, function
    rules)."""
    for name, pattern in _RULES:
        if pattern.search(problem):
            return name
    return "other"


def week_metrics(frame: pd.DataFrame, travel: dict[tuple[str, str], float],
                 rules: Any) -> dict[str, float]:
    """Idle hours, travel hours and site changes a week, summed over the functions of a
    ``schedule.csv`` frame (rows without ``kind``, or of kind ``werk``, are work)."""
    if "kind" in frame.columns:
        kinds = frame["kind"].fillna("werk").astype(str).replace("", "werk")
        work = frame[kinds == "werk"]
    else:
        work = frame
    idle = moved = 0.0
    changes = 0
    for _, rows in work.groupby(["function_id", "day"], sort=False):
        items = sorted((_minute(r.start), _minute(r.end), str(r.site))
                       for r in rows.itertuples(index=False))
        minutes = sum(e - s for s, e, _ in items)
        day_moved = 0.0
        for a, b in itertools.pairwise(items):
            if a[2] != b[2]:
                changes += 1
                trip = travel.get((a[2], b[2]), math.inf)
                day_moved += 0.0 if math.isinf(trip) else trip
        moved += day_moved
        span = max(e for _, e, _ in items) - min(s for s, _, _ in items)
        idle += max(0.0, span - minutes - day_moved - rules.break_needed(minutes))
    return {"idle_hours_week": round(idle / 60, 2), "travel_hours_week": round(moved / 60, 2),
            "site_changes_week": changes}


def _minute(text: Any) -> int:
    hours, minutes = str(text).split(":")
    return int(hours) * 60 + int(minutes)


def measure(carved: dict[str, Any], inventory: Any, rules: Any = None) -> dict[str, Any]:
    """The figures of one carving (a :func:`carve_one` result) of ``inventory`` (loaded by
    the after code, so with its sites' hours), checked under ``rules`` (default: the new
    defaults, ``weekcheck.Rules()``)."""
    _bench_import()
    import weekcheck

    from matcher.model import fta

    rules = rules or weekcheck.Rules()
    hours = {t.task_id: t.hours for t in inventory.tasks}
    functions = [_Function(f["function_id"], list(f["task_ids"])) for f in carved["functions"]]
    columns = list(carved["schedule"][0]) if carved["schedule"] else weekcheck.SCHEDULE_COLUMNS
    frame = pd.DataFrame(carved["schedule"], columns=columns)
    if "fixed" in frame.columns:
        frame["fixed"] = frame["fixed"].astype(bool)
    found = weekcheck.check_carving(_Carving(functions, frame), inventory, rules)
    per_function = {fid: len(p) for fid, p in found.items() if fid != "(carving)"}
    problems = [p for ps in found.values() for p in ps]
    by_rule: dict[str, int] = {}
    for p in problems:
        key = rule_of(p)
        by_rule[key] = by_rule.get(key, 0) + 1
    function_hours = [round(sum(hours.get(t, 0.0) for t in f.task_ids), 2) for f in functions]
    n = len(functions)
    travel = weekcheck.travel_minutes(inventory.sites)
    return {
        "carved_hours": round(sum(function_hours), 2),
        "fta": round(sum(fta(h) for h in function_hours), 2),
        "functions": n,
        "violations": len(problems),
        "violations_per_function": round(len(problems) / n, 2) if n else 0.0,
        "functions_with_violations": sum(1 for v in per_function.values() if v),
        "violations_by_rule": dict(sorted(by_rule.items())),
        "violation_examples": problems[:5],
        **week_metrics(frame, travel, rules),
        "seconds": carved["seconds"],
        "peak_rss_mb": carved["peak_rss_mb"],
        "workers_peak_rss_mb": carved["workers_peak_rss_mb"],
        "method": carved["method"],
    }


def cpsat_one(tasks: Path, sites: Path, time_limit: float) -> dict[str, Any]:
    """Child process: the CP-SAT model on one instance (see ``benchmarks/cpsat_model.py``)."""
    _bench_import()
    import cpsat_model

    from matcher.inputs.loaders import load_tasks

    inventory = load_tasks(tasks, sites)
    result = cpsat_model.solve(inventory, cpsat_model.Rules(), time_limit=time_limit,
                               workers=CPSAT_WORKERS, seed=CPSAT_SEED)
    own, _ = _peak_mb()
    weeks = [{**rec, "function_id": f"C{n:02d}"}
             for n, week in enumerate(result.weeks, start=1)
             for rec in week.astype(object).where(week.notna(), None).to_dict("records")]
    return {"best_hours": result.best_hours, "bound": result.bound, "status": result.status,
            "source": result.source, "functions": len(result.functions),
            "rejected": len(result.rejected), "seconds": round(result.time_s, 1),
            "time_limit_s": time_limit, "peak_rss_mb": own,
            "carving": [list(f) for f in result.functions], "weeks": weeks}


#: The best carving CP-SAT has found on each instance over all runs, with its weeks
#: (``tests/test_benchmark_best.py`` checks them with the week checker): CP-SAT with two
#: workers and a wall-clock limit finds different carvings from run to run, so the gap is
#: also given against the best one known.
BEST_KNOWN = RESULTS / "cpsat_best.json"


def best_known() -> dict[str, Any]:
    """The best CP-SAT carvings known, by instance (empty when none is recorded)."""
    if not BEST_KNOWN.exists():
        return {}
    return dict(json.loads(BEST_KNOWN.read_text(encoding="utf-8"))["instances"])


def remember_best(rows: Sequence[dict[str, Any]], date: str) -> dict[str, Any]:
    """Record every CP-SAT carving of ``rows`` that carves more hours than the best known
    (and the lowest bound), write :data:`BEST_KNOWN`; the records after."""
    known = best_known()
    changed = False
    for row in rows:
        cp = row.get("cpsat") or {}
        if not cp.get("finished") or "carving" not in cp:
            continue
        old = known.get(row["instance"])
        if old is None or cp["best_hours"] > old["hours"] + 1e-9:
            known[row["instance"]] = {
                "hours": cp["best_hours"], "date": date, "time_limit_s": cp["time_limit_s"],
                "bound": min(cp["bound"], old["bound"]) if old else cp["bound"],
                "carving": cp["carving"], "weeks": cp["weeks"]}
            changed = True
        elif cp["bound"] < old["bound"] - 1e-9:
            old["bound"] = cp["bound"]
            changed = True
    if changed:
        BEST_KNOWN.write_text(json.dumps({
            "about": "the best carving benchmarks/cpsat_model.py found per instance over "
                     "all runs of benchmarks/workable.py, its weeks (schedule.csv rows) and "
                     "the lowest upper bound it proved; checked by "
                     "tests/test_benchmark_best.py",
            "instances": dict(sorted(known.items()))}, indent=1) + "\n", encoding="utf-8")
    return known


def cpsat_in_process(tasks: Path, sites: Path, time_limit: float) -> dict[str, Any]:
    """CP-SAT in a fresh process (the after code's data model and loader)."""
    return _child(["--cpsat-one", str(tasks), str(sites), str(time_limit)],
                  _python_env("after"), max(600.0, 4 * time_limit))


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not b:
        return None
    return round(a / b, 3)


def instance_row(name: str, directory: Path, cpsat_limit: float | None,
                 say: Any = None) -> dict[str, Any]:
    """Before, after and (small instances) CP-SAT on one instance."""
    from matcher.inputs.loaders import load_tasks

    tasks, sites = instance_files(name, directory)
    inventory = load_tasks(tasks, sites)
    row: dict[str, Any] = {"instance": name, "tasks": len(inventory.tasks),
                           "timing_only": name in TIMING_ONLY,
                           "carvable_hours": round(sum(t.hours for t in inventory.tasks
                                                       if t.carvable), 2)}
    for code in ("before", "after"):
        got = carve_in_process(code, tasks, sites)
        if got["finished"]:
            row[code] = {**measure(got, inventory), "wall_s": got["wall_s"]}
        else:
            row[code] = {k: v for k, v in got.items() if k != "finished"} | {"finished": False}
        if say:
            say(f"{name}: {code} {row[code].get('carved_hours', '-')} h, "
                f"{row[code].get('seconds', row[code].get('wall_s'))} s")
    if cpsat_limit and len(inventory.tasks) <= CPSAT_MAX_TASKS:
        row["cpsat"] = cpsat_in_process(tasks, sites, cpsat_limit)
        after = row["after"].get("carved_hours")
        cp = row["cpsat"]
        if cp.get("finished"):
            row["gap"] = {"after_over_cpsat_best": _ratio(after, cp["best_hours"]),
                          "after_over_cpsat_bound": _ratio(after, cp["bound"])}
        if say:
            say(f"{name}: CP-SAT best {cp.get('best_hours')} h, bound {cp.get('bound')} h")
    return row


def _code_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=20).stdout.strip("\n")
        except (OSError, subprocess.SubprocessError):
            return ""

    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "matcher").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return {"after": {"commit": git("rev-parse", "--short", "HEAD"),
                      "uncommitted": git("status", "--porcelain", "--", "src/matcher")
                      .splitlines(),
                      "src_sha256": digest.hexdigest()[:16]},
            "before": {"commit": BEFORE_COMMIT}}


def _machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        ortools_version = version("ortools")
    except PackageNotFoundError:  # pragma: no cover - ortools is a dev dependency
        ortools_version = ""
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "ortools": ortools_version,
            "load_at_start": [round(x, 2) for x in os.getloadavg()]}


def run(names: Sequence[str], cpsat_limit: float | None, mode: str, log: bool = True
        ) -> dict[str, Any]:
    """Measure every instance of ``names``; the JSON-able result."""
    def say(text: str) -> None:
        if log:
            print(text, file=sys.stderr, flush=True)

    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "mode": mode, "machine": _machine(), "code": _code_state(),
        "settings": {"carve": "matcher.carving.carve(inventory), defaults",
                     "rules": "weekcheck.Rules() (the new defaults) for before and after",
                     "cpsat_time_limit_s": cpsat_limit, "cpsat_workers": CPSAT_WORKERS,
                     "cpsat_seed": CPSAT_SEED, "cpsat_max_tasks": CPSAT_MAX_TASKS,
                     "carve_timeout_s": CARVE_TIMEOUT},
        "instances": [],
    }
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            result["instances"].append(instance_row(
                name, Path(tmp), None if name in TIMING_ONLY else cpsat_limit, say))
    result["wall_s"] = round(time.perf_counter() - began, 1)
    known = remember_best(result["instances"], result["date"])
    for row in result["instances"]:
        best = known.get(row["instance"])
        after = row.get("after", {}).get("carved_hours")
        if best is not None and after is not None:
            row.setdefault("gap", {})
            row["gap"]["best_known_hours"] = best["hours"]
            row["gap"]["after_over_best_known"] = _ratio(after, best["hours"])
        cp = row.get("cpsat")
        if cp:  # the carving and its weeks are in BEST_KNOWN when they are the best
            cp.pop("carving", None)
            cp.pop("weeks", None)
    end = _code_state()["after"]["src_sha256"]
    result["code"]["after"]["src_sha256_at_end"] = end
    result["code"]["after"]["changed_during_run"] = end != result["code"]["after"]["src_sha256"]
    return result


# --------------------------------------------------------------------------- table


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,.{digits}f}"
    return str(value)


def _pair(row: dict[str, Any], key: str, digits: int = 1) -> str:
    before, after = row.get("before", {}), row.get("after", {})

    def one(side: dict[str, Any]) -> str:
        if not side.get("finished", True):
            return f"> {side['timeout_s']:g} s" if key == "seconds" and "timeout_s" in side \
                else "-"
        return _num(side.get(key), digits)

    return f"{one(before)} → {one(after)}"


def _memory(side: dict[str, Any]) -> Any:
    if "peak_rss_mb" not in side:
        return None
    return max(side["peak_rss_mb"], side.get("workers_peak_rss_mb") or 0.0)


def table(result: dict[str, Any]) -> str:
    """The Markdown table of a :func:`run` result: before → after per instance, then CP-SAT
    and the gap, then the totals as ratios after / before."""
    lines = [
        "| instance | tasks | hours | fta | functions | violations / function | idle h/week | "
        "travel h/week | site changes/week | seconds | peak MB | CP-SAT best / bound (h) | "
        "CP-SAT best known (h) | after / CP-SAT best, / best known, / bound |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    totals: dict[str, list[float]] = {"before": [0.0] * 6, "after": [0.0] * 6}
    counted = 0
    for row in result["instances"]:
        b, a = row.get("before", {}), row.get("after", {})
        mem = f"{_num(_memory(b), 0)} → {_num(_memory(a), 0)}"
        cp = row.get("cpsat")
        gap = row.get("gap", {})
        if cp and cp.get("finished"):
            status = "" if cp["status"] == "OPTIMAL" else "" if cp["status"] == "FEASIBLE" \
                else f" ({cp['status']})"
            cps = f"{_num(cp['best_hours'], 2)} / {_num(cp['bound'], 2)}{status}"
            gaps = (f"{_num(gap.get('after_over_cpsat_best'), 3)}, "
                    f"{_num(gap.get('after_over_best_known'), 3)}, "
                    f"{_num(gap.get('after_over_cpsat_bound'), 3)}")
        elif cp:
            cps, gaps = "not finished", "-"
        else:
            cps, gaps = "-", "-"
        known = _num(gap.get("best_known_hours"), 2)
        name = row["instance"] + (" (time only)" if row.get("timing_only") else "")
        lines.append(
            f"| {name} | {row['tasks']} | {_pair(row, 'carved_hours', 2)} | "
            f"{_pair(row, 'fta', 2)} | {_pair(row, 'functions', 0)} | "
            f"{_pair(row, 'violations_per_function', 1)} | {_pair(row, 'idle_hours_week', 1)} | "
            f"{_pair(row, 'travel_hours_week', 1)} | {_pair(row, 'site_changes_week', 0)} | "
            f"{_pair(row, 'seconds', 1)} | {mem} | {cps} | {known} | {gaps} |")
        if row.get("timing_only") or not (b.get("finished", True) and a.get("finished", True)
                                          and "carved_hours" in b and "carved_hours" in a):
            continue
        counted += 1
        for side, got in (("before", b), ("after", a)):
            for k, key in enumerate(("carved_hours", "fta", "functions", "violations",
                                     "idle_hours_week", "travel_hours_week")):
                totals[side][k] += float(got[key])
    if counted:
        tb, ta = totals["before"], totals["after"]
        vb = tb[3] / tb[2] if tb[2] else 0.0
        va = ta[3] / ta[2] if ta[2] else 0.0
        lines += ["", f"Over the {counted} instance{'s' if counted != 1 else ''} measured in "
                  f"full, after / before: hours "
                  f"{_ratio(ta[0], tb[0])}, fta {_ratio(ta[1], tb[1])}, functions "
                  f"{_ratio(ta[2], tb[2])}; violations per function {vb:.1f} → {va:.1f}; "
                  f"idle {tb[4]:.1f} → {ta[4]:.1f} h/week, travel {tb[5]:.1f} → "
                  f"{ta[5]:.1f} h/week."]
    gaps_best = [row["gap"]["after_over_cpsat_best"] for row in result["instances"]
                 if row.get("gap", {}).get("after_over_cpsat_best") is not None]
    if gaps_best:
        lines.append(f"After / CP-SAT best: lowest {min(gaps_best):.3f}, "
                     f"{sum(g >= 0.95 for g in gaps_best)} of {len(gaps_best)} at 0.95 or more.")
    gaps_known = [row["gap"]["after_over_best_known"] for row in result["instances"]
                  if row.get("gap", {}).get("after_over_best_known") is not None]
    if gaps_known:
        lines.append(f"After / the best carving CP-SAT has found in any run: lowest "
                     f"{min(gaps_known):.3f}, {sum(g >= 0.95 for g in gaps_known)} of "
                     f"{len(gaps_known)} at 0.95 or more.")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"the two smallest instances, CP-SAT {CPSAT_QUICK_LIMIT:g} s")
    parser.add_argument("--instances", nargs="+", help="only these (names or realistic:...)")
    parser.add_argument("--cpsat-limit", type=float, help="CP-SAT seconds (0: no CP-SAT)")
    parser.add_argument("--out", type=Path, help="the JSON file (default: results/"
                        "workable.json for the full run; none for --quick and --instances)")
    parser.add_argument("--carve-one", nargs=2, type=Path, metavar=("TASKS", "SITES"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--cpsat-one", nargs=3, metavar=("TASKS", "SITES", "LIMIT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.carve_one:
        got = carve_one(*args.carve_one)
        args.out.write_text(json.dumps(got), encoding="utf-8")
        return 0
    if args.cpsat_one:
        tasks, sites, limit = args.cpsat_one
        got = cpsat_one(Path(tasks), Path(sites), float(limit))
        args.out.write_text(json.dumps(got), encoding="utf-8")
        return 0
    names = args.instances or instance_names(args.quick)
    limit = args.cpsat_limit if args.cpsat_limit is not None else (
        CPSAT_QUICK_LIMIT if args.quick else CPSAT_LIMIT)
    mode = "full" if not args.quick and not args.instances else "quick" if args.quick \
        else "partial"
    result = run(names, limit or None, mode)
    print(table(result))
    out = args.out or (RESULTS / "workable.json" if mode == "full" else None)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        print(f"\nwritten to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
