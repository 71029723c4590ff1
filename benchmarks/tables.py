"""The tables of benchmarks/README.md, rendered from benchmarks/results/*.json.

Run from the repository root:

    .venv/bin/python benchmarks/tables.py            # print every table, with its marker
    .venv/bin/python benchmarks/tables.py --check    # exit 1 when the README's tables differ
    .venv/bin/python benchmarks/tables.py --write    # put the tables into the README

In the README each table stands between ``<!-- table: NAME -->`` and ``<!-- /table -->``;
``tests/test_benchmark_tables.py`` checks that every such block equals :func:`render`, so
the README and the JSON cannot drift apart. The carving tables are those that
``benchmarks/carving.py`` prints after a run (:func:`carving.tables`), the first matching
table the one ``benchmarks/run.py --scale`` prints (:func:`run.scale_table`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
README = ROOT / "README.md"

sys.path.insert(0, str(ROOT))

import run as run_bench  # noqa: E402  (benchmarks/run.py)
import workable as workable_bench  # noqa: E402  (benchmarks/workable.py)

import carving as carving_bench  # noqa: E402  (benchmarks/carving.py, beside this file)

#: A table block in the README: ``<!-- table: NAME -->`` ... ``<!-- /table -->``.
BLOCK = re.compile(r"<!-- table: (?P<name>[a-z0-9-]+) -->\n(?P<body>.*?)\n<!-- /table -->",
                   re.S)


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RESULTS / name).read_text(encoding="utf-8"))
    return data


def carving_sections() -> dict[str, str]:
    """The carving tables of ``results/carving.json`` (the full run), by section letter."""
    text = carving_bench.tables(_load("carving.json"))
    out = {}
    for part in re.split(r"\n*(?=^### \()", text, flags=re.M):
        head, _, body = part.partition("\n")
        match = re.match(r"### \((\w)\)", head)
        if match:
            out[match.group(1)] = body.strip()
    return out


def _section(letter: str) -> Callable[[], str]:
    return lambda: carving_sections()[letter]


def scale_table() -> str:
    """Matching at four scales: seconds, memory, exact against greedy (``scale.json``)."""
    return str(run_bench.scale_table(_load("scale.json")["scales"]))


def scale_ratios() -> str:
    """End to end against the bare sparse solve, memory and gain over greedy, per run."""
    lines = ["| scale | edge cap | end-to-end / bare sparse solve | with the candidate "
             "shortlists too | pipeline RSS MB | vs greedy: extra placed, score |",
             "|---|---|---|---|---|---|"]
    for res in _load("scale.json")["scales"]:
        if res["scale"] == "school":  # the solve takes no measurable time: no ratio
            continue
        for k, r in enumerate(res["runs"]):
            bare = r["bare_sparse_solve_s"]
            both = round(r["end_to_end_s"] + r["shortlist_candidates_s"], 3)
            extra = r["placements"] - r["greedy_placements"]
            placed = f"{extra:+d}" if extra else "0"
            rss = f"{r['pipeline_peak_rss_mb']:,.0f}" if k == 0 else "-"
            gain = r["total_score"] / r["greedy_total_score"] - 1
            lines.append(
                f"| {res['scale']} | {r['cap'] or 'none'} | {r['end_to_end_s']} / {bare} s = "
                f"{r['pipeline_over_bare']}x | {both} s = {both / bare:.1f}x | {rss} | "
                f"{placed}, {gain:+.1%} |")
    return "\n".join(lines)


def scale_stability() -> str:
    """How the region's assignment and shortlists move when one weight moves 10%."""
    lines = ["| scale | functions with another candidate: max / mean | top-10 shortlists, "
             "Spearman: mean / lowest |", "|---|---|---|"]
    for res in _load("scale.json")["scales"]:
        for r in res["runs"]:
            if "stability_max_changed_share" in r:
                lines.append(
                    f"| {res['scale']} (edge cap {r['cap'] or 'none'}) | "
                    f"{r['stability_max_changed_share']:.1%} / "
                    f"{r['stability_mean_changed_share']:.1%} | "
                    f"{r['stability_spearman_mean']:.2f} / {r['stability_spearman_min']:.3f} |")
    return "\n".join(lines)


def matching_table() -> str:
    """The exact assignment against the greedy baseline (``v1.json``)."""
    lines = ["| instance | functions x candidates | feasible pairs | placed: exact / greedy | "
             "total score: exact / greedy | ratio | score s | assign s |",
             "|---|---|---|---|---|---|---|---|"]
    for r in _load("v1.json")["match"]:
        ratio = r["total_score"] / r["greedy_total_score"]
        lines.append(
            f"| {r['instance']} | {r['functions']} x {r['candidates']} | {r['feasible_pairs']} | "
            f"{r['placements']} / {r['greedy_placements']} | {r['total_score']} / "
            f"{r['greedy_total_score']} | {ratio:.3f} | {r['score_seconds']} | "
            f"{r['assign_seconds']} |")
    return "\n".join(lines)


def concurrency_table() -> str:
    """Response times of concurrent app sessions (``concurrency.json``)."""
    d = _load("concurrency.json")
    up, carve = d["upload_to_count_s"], d["carve_to_result_s"]
    own = all(r["ok"] and r["shown_tasks"] == r["expected_tasks"] == r["shown_tasks_after_carve"]
              for r in d["per_session"])
    return "\n".join([
        "| response time (s) | median | max |", "|---|---|---|",
        f"| upload -> own task count visible | {up['median']:.2f} | {up['max']:.2f} |",
        f"| carve click -> functions visible | {carve['median']:.2f} | {carve['max']:.2f} |",
        "",
        f"{d['completed']} of {d['sessions']} sessions completed"
        + ("; every session saw exactly its own task count, before and after carving"
           if own else "; NOT every session saw only its own task count")
        + f"; total wall time {d['wall_s']:.1f} s.",
    ])


def workable_table() -> str:
    """Workable weeks (issue 16): before and after the week model, measured in one run, and
    the gap to the independent CP-SAT model (``workable.json``, :func:`workable.table`)."""
    return str(workable_bench.table(_load("workable.json")))


#: Every table of the README, in its order: name -> renderer.
TABLES: dict[str, Callable[[], str]] = {
    "carving-a": _section("a"),
    "carving-f": _section("f"),
    "carving-b": _section("b"),
    "carving-c": _section("c"),
    "carving-d": _section("d"),
    "carving-e": _section("e"),
    "matching": matching_table,
    "scale": scale_table,
    "scale-ratios": scale_ratios,
    "scale-stability": scale_stability,
    "concurrency": concurrency_table,
    "workable": workable_table,
}


def render(name: str) -> str:
    """The table ``name`` (a key of :data:`TABLES`) as Markdown."""
    return TABLES[name]()


def readme_tables(text: str) -> dict[str, str]:
    """The table blocks of a README text: name -> body."""
    return {m.group("name"): m.group("body") for m in BLOCK.finditer(text)}


def write_readme(text: str) -> str:
    """``text`` with every table block replaced by its rendering."""
    return BLOCK.sub(lambda m: f"<!-- table: {m.group('name')} -->\n{render(m.group('name'))}"
                               "\n<!-- /table -->", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the README")
    parser.add_argument("--write", action="store_true", help="update the README's tables")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    if args.write:
        README.write_text(write_readme(text), encoding="utf-8")
        return 0
    if args.check:
        found = readme_tables(text)
        stale = [n for n in TABLES if found.get(n) != render(n)]
        stale += [n for n in found if n not in TABLES]
        for name in stale:
            print(f"README table {name!r} differs from the JSON", file=sys.stderr)
        return 1 if stale else 0
    for name in TABLES:
        print(f"<!-- table: {name} -->\n{render(name)}\n<!-- /table -->\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
