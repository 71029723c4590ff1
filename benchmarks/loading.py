"""Loading candidate profiles: the column-wise load against the old cell-by-cell load.

    flock /tmp/matcher-bench.lock nice -n 5 .venv/bin/python benchmarks/loading.py
    .venv/bin/python benchmarks/loading.py --sizes 10000 --repeat 1   # a quick look

The pools come from ``matcher.demo.generate_candidates`` (seed 11, nationwide, as
``benchmarks/scale.py`` builds the national pool) written to CSV bytes, loaded with
``matcher.load_candidates`` as the scale benchmark does. The old load is
``src/matcher/inputs`` as it was at :data:`BASELINE_COMMIT` (read with ``git show`` and
imported under another name, so both run in this process on the same bytes): every cell
parsed and scanned for personal data on its own. Each size is loaded ``--repeat`` times
each way, interleaved, and the best seconds count; the peak is the traced allocation peak
(tracemalloc, one extra load each way). Both loads must give the same frame. Results go to
``benchmarks/results/loading.json`` and a Markdown table is printed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import time
import tracemalloc
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

import matcher
from matcher.demo import generate_candidates

#: The commit whose ``src/matcher/inputs`` is the old, cell-by-cell load.
BASELINE_COMMIT = "4fba2b651ead2ed33e6d2a1da8db8535f5df5e32"
#: The package name the old modules are imported under.
_OLD = "matcher_inputs_baseline"
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "loading.json"
SIZES = (10_000, 50_000, 126_000)
SEED = 11
_MODULES = ("schema", "cells", "read", "personal", "guard", "loaders")


def baseline_loader(commit: str = BASELINE_COMMIT) -> Callable[..., matcher.Pool]:
    """``load_candidates`` as it was at ``commit``: its ``matcher.inputs`` modules read
    with ``git show``, their imports of each other pointed at one another under
    :data:`_OLD` (the rest of ``matcher`` is today's)."""
    package = types.ModuleType(_OLD)
    package.__path__ = []
    sys.modules[_OLD] = package
    for name in _MODULES:
        source = subprocess.run(
            ["git", "show", f"{commit}:src/matcher/inputs/{name}.py"], cwd=ROOT,
            check=True, capture_output=True, text=True).stdout
        source = source.replace("matcher.inputs.", f"{_OLD}.")
        module = types.ModuleType(f"{_OLD}.{name}")
        module.__file__ = f"<{commit[:8]}:{name}.py>"
        sys.modules[module.__name__] = module
        exec(compile(source, module.__file__, "exec"), module.__dict__)
        setattr(package, name, module)
    return importlib.import_module(f"{_OLD}.loaders").load_candidates  # type: ignore[no-any-return]


def pool_frame(n: int, seed: int = SEED) -> pd.DataFrame:
    """``n`` profiles as ``benchmarks/scale.py`` draws the national pool."""
    return generate_candidates(n, seed=seed, nationwide=True)


def broken_pool(n: int, seed: int = SEED) -> bytes:
    """A pool of ``n`` profiles (at least 40) with every kind of problem in some rows:
    personal data (a phone number, an e-mail address, a BSN, an IBAN, a birth date, a
    name as id), an empty and a duplicate id, values out of range, an hours range the
    wrong way round and words that are no days: both loads must list the same problems."""
    frame = pool_frame(n, seed).astype(object)
    bad = {
        3: ("candidate_id", "Jan de Vries"), 5: ("candidate_id", ""),
        7: ("candidate_id", "K0002"), 9: ("education", "+31 (0)6 1234 5678"),
        11: ("preferred_areas", "naam [at] provider.nl"), 13: ("days_available", "12031998"),
        15: ("education", "BSN: 111-222-333"), 17: ("preferred_areas", "NL91 ABNA 0417 1643 00"),
        19: ("hours_per_week_min", "50"), 21: ("days_available", "maandagochtend"),
        23: ("max_travel_km", "ver"), 25: ("pc4", "3511 AB"), 27: ("education", "Dorpsstraat 12"),
        29: ("physical_capacity", "7"), 31: ("independent_travel", "soms"),
        33: ("hours_per_day_max", "0"),
    }
    for row, (column, value) in bad.items():
        frame.loc[row, column] = value
    frame.loc[35, ["hours_per_week_min", "hours_per_week_max"]] = ["30", "10"]
    return frame.to_csv(index=False).encode()


def _problems(load: Callable[..., Any], data: bytes) -> list[str]:
    """The problems a load lists, as English lines (empty when it loads)."""
    try:
        load(data, name="pool.csv")
    except matcher.InputError as error:
        return [p.text("en") for p in error.problems]
    return []


def _seconds(load: Callable[..., Any], data: bytes) -> tuple[float, Any]:
    start = time.perf_counter()
    pool = load(data, name="pool.csv")
    return time.perf_counter() - start, pool


def _peak_mb(load: Callable[..., Any], data: bytes) -> float:
    """The traced allocation peak of one load, in MB."""
    tracemalloc.start()
    try:
        load(data, name="pool.csv")
        return round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    finally:
        tracemalloc.stop()


def measure(n: int, old: Callable[..., Any], repeat: int = 3) -> dict[str, Any]:
    """Seconds (best of ``repeat``, the two loads interleaved) and peak MB of loading
    ``n`` profiles both ways, and whether the two frames are the same."""
    data = pool_frame(n).to_csv(index=False).encode()
    times: dict[str, list[float]] = {"old": [], "new": []}
    pools: dict[str, Any] = {}
    for _ in range(repeat):
        for way, load in (("old", old), ("new", matcher.load_candidates)):
            seconds, pools[way] = _seconds(load, data)
            times[way].append(seconds)
    same = pools["old"].frame.equals(pools["new"].frame) and \
        pools["old"].warnings == pools["new"].warnings
    old_s, new_s = min(times["old"]), min(times["new"])
    return {"profiles": n, "csv_mb": round(len(data) / 1e6, 1),
            "old_s": round(old_s, 3), "new_s": round(new_s, 3),
            "speedup": round(old_s / new_s, 1) if new_s else None,
            "old_peak_mb": _peak_mb(old, data), "new_peak_mb": _peak_mb(
                matcher.load_candidates, data),
            "same_frame": bool(same)}


def run(sizes: tuple[int, ...] = SIZES, repeat: int = 3,
        commit: str = BASELINE_COMMIT) -> dict[str, Any]:
    """Every size both ways, and the problems of a broken pool both ways."""
    old = baseline_loader(commit)
    broken = broken_pool(max(40, min(sizes)))
    old_problems, new_problems = _problems(old, broken), _problems(
        matcher.load_candidates, broken)
    return {"baseline_commit": commit, "seed": SEED, "repeat": repeat,
            "sizes": [measure(n, old, repeat) for n in sizes],
            "broken_pool_problems": len(new_problems),
            "same_problems": old_problems == new_problems}


def table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table, and whether both loads agree."""
    lines = ["| profiles | CSV MB | old s | new s | speed-up | old peak MB | new peak MB "
             "| same frame |", "|---:|---:|---:|---:|---:|---:|---:|:---:|"]
    for r in result["sizes"]:
        lines.append(f"| {r['profiles']:,} | {r['csv_mb']} | {r['old_s']} | {r['new_s']} | "
                     f"{r['speedup']}x | {r['old_peak_mb']} | {r['new_peak_mb']} | "
                     f"{'yes' if r['same_frame'] else 'NO'} |")
    lines.append(f"\nA broken pool: {result['broken_pool_problems']} problems, "
                 f"{'the same' if result['same_problems'] else 'NOT the same'} both ways.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Measure, print the table and write :data:`RESULTS`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = run(tuple(args.sizes), args.repeat)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))


if __name__ == "__main__":
    main()
