"""Matching at four scales: school, region, province and the national register.

Run one scale per process (so peak memory is that scale's own):

    .venv/bin/python benchmarks/scale.py national          # prints one JSON object
    .venv/bin/python benchmarks/run.py --scale all         # every scale, table in results/

Instances come from the seeded generators in ``matcher.demo``: functions at schools on
Dutch 4-digit postcodes (denser where people live) and candidates spread the same way,
within a radius for the school, region and province scales. Stages are timed with
``time.perf_counter``; memory is the peak of traced allocations per stage (tracemalloc,
which numpy reports to) and the process's peak resident size, also read right after the
pipeline stages of each run (``pipeline_peak_rss_mb``; the uncapped run comes first, so
its value is the instance plus the pipeline alone). ``pipeline_over_bare`` is
end-to-end seconds over scipy's bare sparse solve on the same graph, measured in the
same process. At the region scale the stability of the assignment and the shortlists
under +-10% on each weight is measured too (``matcher.analysis.stability`` on the graph).
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

import matcher
from matcher.analysis import Instance, stability
from matcher.demo import generate_candidates, generate_functions
from matcher.matching.assign import assign, assign_greedy, shortlist, shortlist_candidates
from matcher.matching.graph import candidate_graph

#: name: (candidates, functions, centre pc4 or None, radius km, edge caps to compare)
SCALES: dict[str, tuple[int, int, str | None, float, tuple[int | None, ...]]] = {
    "school": (500, 15, "3811", 15.0, (None,)),
    "region": (5_000, 500, "3811", 25.0, (None, 50)),
    "province": (30_000, 5_000, "3511", 60.0, (None, 50)),
    "national": (126_000, 25_000, None, 0.0, (None, 50)),
}
DENSE_CELLS_LIMIT = 200_000_000  # the dense comparison runs up to this matrix size


def _stage(results: dict[str, float], name: str, fn, *args, **kwargs):
    """Run one stage: its seconds when tracemalloc is off (the timed pass), its traced
    allocation peak when tracemalloc is on (the memory pass; tracing slows Python
    allocations, so those seconds are not recorded)."""
    tracing = tracemalloc.is_tracing()
    if tracing:
        tracemalloc.reset_peak()
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    if tracing:
        results[f"{name}_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    else:
        results[f"{name}_s"] = round(time.perf_counter() - start, 3)
    return value


def _pipeline(r: dict[str, object], ft, pool, sites, cap):
    """Graph and scores, exact assignment, shortlists both ways; stage figures into ``r``."""
    graph = _stage(r, "graph_and_score", candidate_graph, ft, pool, sites,
                   max_edges_per_candidate=cap)
    solution = _stage(r, "assign", assign, graph)
    _stage(r, "shortlist", shortlist, graph, 10, solution, explain=False)
    _stage(r, "shortlist_candidates", shortlist_candidates, graph, 10, solution,
           explain=False)
    return graph, solution


def _bare_sparse_solve(graph: matcher.PairScores) -> float:
    """Seconds of scipy's sparse solver alone on the same graph (same costs, no reasons)."""
    n_f, n_c = len(graph.functions), len(graph.candidates)
    rows, cols = graph.f_index, graph.c_index
    weight = min(n_f, n_c) + 1.0 + graph.score
    big = weight.max() + 1.0
    matrix = csr_array((np.concatenate([big - weight, np.full(n_f, big)]),
                        (np.concatenate([rows, np.arange(n_f)]),
                         np.concatenate([cols, n_c + np.arange(n_f)]))),
                       shape=(n_f, n_c + n_f))
    del weight
    start = time.perf_counter()
    min_weight_full_bipartite_matching(matrix)
    return time.perf_counter() - start


def _dense_solve(graph: matcher.PairScores) -> float:
    """Seconds of scipy's dense linear_sum_assignment on the full weight matrix."""
    n_f, n_c = len(graph.functions), len(graph.candidates)
    matrix = np.zeros((n_f, n_c))
    matrix[graph.f_index, graph.c_index] = min(n_f, n_c) + 1.0 + graph.score
    start = time.perf_counter()
    linear_sum_assignment(matrix, maximize=True)
    return time.perf_counter() - start


def _stability(graph: matcher.PairScores) -> dict[str, float]:
    """+-10% on each weight: share of functions whose candidate changes (max over the 12
    changes) and the shortlists' Spearman rank correlation (mean and min of the means)."""
    table = stability(Instance(graph, "scale"))
    return {"stability_max_changed_share": round(float(table["changed_share"].max()), 4),
            "stability_mean_changed_share": round(float(table["changed_share"].mean()), 4),
            "stability_spearman_mean": round(float(table["spearman"].mean()), 4),
            "stability_spearman_min": round(float(table["spearman"].min()), 4)}


def run(scale: str) -> dict[str, object]:
    """Measure one scale; returns a flat dict of figures."""
    n_c, n_f, centre, radius, caps = SCALES[scale]
    ft, sites = generate_functions(n_f, seed=11, centre=centre, radius_km=radius or 25.0)
    frame = generate_candidates(n_c, seed=11, nationwide=centre is None, centre=centre,
                                radius_km=radius or 25.0)
    pool = matcher.load_candidates(frame.to_csv(index=False).encode(), name="pool.csv")
    out: dict[str, object] = {"scale": scale, "candidates": n_c, "functions": n_f}
    runs = []
    for cap in caps:
        r: dict[str, object] = {"cap": cap}
        graph, solution = _pipeline(r, ft, pool, sites, cap)  # timed, no tracing
        r["edges"] = graph.n_pairs
        r["end_to_end_s"] = round(sum(float(r[k]) for k in ("graph_and_score_s", "assign_s",
                                                              "shortlist_s")), 3)
        # the process peak so far: instance + pipeline (the first run comes before any of
        # the comparisons below, which hold extra copies of the graph)
        r["pipeline_peak_rss_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1)
        r["placements"] = solution.placements
        r["total_score"] = solution.total_score
        greedy = assign_greedy(graph)
        r["greedy_placements"] = greedy.placements
        r["greedy_total_score"] = greedy.total_score
        r["bare_sparse_solve_s"] = round(_bare_sparse_solve(graph), 3)
        r["pipeline_over_bare"] = round(float(r["end_to_end_s"]) /
                                        max(float(r["bare_sparse_solve_s"]), 1e-9), 2)
        if n_f * n_c <= DENSE_CELLS_LIMIT:
            r["dense_solve_s"] = round(_dense_solve(graph), 3)
            dense = assign(graph, method="dense")
            r["dense_identical"] = (dense.placements == solution.placements and
                                    abs(dense.total_score - solution.total_score) < 1e-6)
        if scale == "region" and cap is None:
            r.update(_stability(graph))
        del graph, solution, greedy
        tracemalloc.start()  # memory pass: the same pipeline again, traced
        graph, solution = _pipeline(r, ft, pool, sites, cap)
        tracemalloc.stop()
        del graph, solution
        runs.append(r)
    out["runs"] = runs
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1)
    return out


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1])))
