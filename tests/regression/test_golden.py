"""Behaviour is pinned: the CLI's outputs and the API's carvings, scores and assignments on
the demo data and on generated benchmark instances equal those recorded. First recorded at
c8ad6c1, before the package was re-laid (issue 15); re-recorded for issue 16, whose week
model (school hours, one move a day, pieces of 30 minutes, breaks, real working days,
travel and routine in the objective, stable ids, faster ``auto`` defaults) changes every
carving on purpose.

``test_benchmark_instances_carve_as_before_the_relayout`` does the same for the carving
benchmark's instances (``benchmark_instances.py``).

Every output file is compared by its SHA-256 (files whose bytes differ are named); numbers
are also kept in the clear so a difference can be read. Re-record only for an intended
change of behaviour: ``MATCHER_RECORD_GOLDEN=1 pytest tests/regression/test_golden.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import matcher
from matcher.cli import main as cli_main
from matcher.demo import generate_inventory
from tests.regression.benchmark_instances import GOLDEN as BENCH_GOLDEN
from tests.regression.benchmark_instances import record

GOLDEN = Path(__file__).parent / "golden.json"
RECORD = os.environ.get("MATCHER_RECORD_GOLDEN") == "1"

#: The CLI runs pinned: (name, argv without --out). Every file they write is hashed.
RUNS: dict[str, list[str]] = {
    "match-vo": ["match", "--demo", "vo", "--top", "10", "--csv", "data"],
    "match-po": ["match", "--demo", "po", "--top", "5", "--objective", "score", "--csv", "data"],
    "carve-po-per-site": ["carve", "--demo", "po", "--per-site", "--csv", "data"],
    "carve-po-board": ["carve", "--demo", "po", "--board", "--max-sites", "6", "--csv", "data"],
    "carve-vo-heuristic": ["carve", "--demo", "vo", "--carve-method", "heuristic",
                           "--max-areas", "3", "--seed", "7", "--csv", "data"],
    "match-vo-nl": ["match", "--demo", "vo", "--top", "10"],  # the default: for a Dutch Excel
}

#: Generated schools of the carving benchmark: (tasks, sites, seed, method).
INSTANCES = [(20, 1, 1, "auto"), (25, 2, 2, "auto"), (60, 2, 3, "heuristic"),
             (120, 3, 4, "heuristic")]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(tmp: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, argv in RUNS.items():
        folder = tmp / name
        code = cli_main([*argv, "--out", str(folder)])
        out[name] = {"exit": code,
                     "files": {p.name: _sha(p) for p in sorted(folder.iterdir())}}
    return out


def _api() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n, sites, seed, method in INSTANCES:
        inventory = generate_inventory(n, sites, seed=seed)
        carving = matcher.carve(inventory, solver=matcher.SolverParams(method=method, seed=seed))
        out[f"carve-{n}-{sites}-{seed}-{method}"] = {
            "objective": round(carving.objective, 6),
            "method": carving.method,
            "functions": [[f.function_id, f.title, list(f.task_ids), f.schedule.describe()]
                          for f in carving.functions],
            "reasons": carving.allocation["reason"].tolist(),
        }
    files = matcher.demo_files("vo")
    inventory = matcher.load_tasks(files.tasks, files.sites)
    carving = matcher.carve(inventory)
    pool = matcher.load_candidates(files.candidates)
    skewed = matcher.Weights(travel=0.61803, level=0.1234567, wishes=0.0271828)
    for name, weights in [("default", matcher.Weights()), ("skewed", skewed)]:
        scores = matcher.score_pairs(carving.functions, pool, inventory.sites, weights)
        assignment = matcher.assign(scores)
        pairs = scores.frame.sort_values(["function_id", "candidate_id"])
        values = np.round(pairs["score"].to_numpy(dtype=float), 9)
        out[f"score-vo-{name}"] = {
            "n_pairs": len(pairs),
            "score_sum": round(float(values.sum()), 6),
            "score_sha": hashlib.sha256(values.tobytes()).hexdigest(),
            "feasible": int(pairs["feasible"].sum()),
            "assignment": sorted(map(list, zip(assignment.pairs["function_id"],
                                               assignment.pairs["candidate_id"], strict=True))),
            "total_score": round(float(assignment.total_score), 6),
            "why_not": matcher.why_not(scores, "F01", str(pool.frame["candidate_id"].iloc[3]),
                                       assignment),
        }
    return out


@pytest.mark.slow
def test_outputs_equal_those_recorded_before_the_relayout(tmp_path: Path) -> None:
    now = {"cli": _cli(tmp_path), "api": _api()}
    if RECORD:
        GOLDEN.write_text(json.dumps(now, indent=1, ensure_ascii=False) + "\n", "utf-8")
        pytest.skip("recorded")
    before = json.loads(GOLDEN.read_text("utf-8"))
    differ = [f"cli {run}/{name}" for run, r in before["cli"].items()
              for name, sha in r["files"].items() if now["cli"][run]["files"].get(name) != sha]
    differ += [f"cli {run}: files {sorted(now['cli'][run]['files'])}" for run in before["cli"]
               if sorted(now["cli"][run]["files"]) != sorted(before["cli"][run]["files"])]
    differ += [f"api {key}" for key in before["api"] if now["api"].get(key) != before["api"][key]]
    assert not differ, differ


@pytest.mark.slow
def test_benchmark_instances_carve_as_before_the_relayout() -> None:
    """The carving benchmark's instances (re-recorded for issue 16 by
    ``benchmark_instances.py``) carve to the same functions, weeks and reasons."""
    before = json.loads(BENCH_GOLDEN.read_text("utf-8"))
    now = record()
    assert sorted(now) == sorted(before)
    assert [name for name in before if now[name] != before[name]] == []
