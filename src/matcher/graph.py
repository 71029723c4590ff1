"""The sparse candidate graph: score only the pairs within travel reach.

A dense score matrix of the whole register (126,000 people x 25,000 functions) does not
fit in memory, and almost all of its pairs are knock-outs on distance anyway. The graph
keeps exactly the pairs that can matter:

1. **Reach.** Functions are bucketed by level and by hours (2-hour bins); each bucket
   has a scikit-learn ``BallTree`` (haversine metric) over its functions' sites. A
   candidate queries only the buckets its known education and hours range allow (the
   others would be knock-outs; unknown values allow every bucket), within its radius:
   its ``max_travel_km`` when known (pairs beyond it are knock-outs, so nothing is lost),
   else ``search_km`` (default 30 km: twice the reference distance, where the travel
   component has fallen to its floor). A multi-site function is reached when *all* its
   sites are; the travel distance is the one to its farthest site.
2. **Scoring.** The reached pairs are scored with the same vectorised code as dense
   scoring, in chunks of candidates so memory stays bounded.
3. **Keeping.** Only feasible pairs are kept, optionally the ``max_edges_per_candidate``
   best per candidate; knock-outs among the reached pairs are counted per function and
   per candidate, so every unassigned one still gets its reason (hours and level
   knock-outs skipped by the buckets are not counted).

Candidates without a known location cannot be placed on the map: they get no pairs in
the graph and are reported as such (dense scoring, for small problems, scores them with
travel unknown). Use :func:`match_pairs` to pick dense or sparse by size.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from sklearn.neighbors import BallTree

from matcher.geo import EARTH_RADIUS_KM
from matcher.model import Pool, Sites
from matcher.score import (
    CandidateTable,
    FunctionTable,
    PairScores,
    Weights,
    _count,
    _frame,
    _knockouts,
    _score_batch,
    _Scored,
    score_pairs,
)

__all__ = ["DENSE_MAX_PAIRS", "candidate_graph", "match_pairs"]

#: Up to this many function x candidate pairs, :func:`match_pairs` scores every pair.
DENSE_MAX_PAIRS = 250_000


@dataclass(frozen=True)
class _Bucket:
    """Function points of one (level, hours bin) bucket, with their BallTree."""

    level: float
    hours_lo: float
    hours_hi: float
    tree: BallTree
    func: np.ndarray


def _buckets(ft: FunctionTable, site_lat: np.ndarray, site_lon: np.ndarray,
             hours_bin: float) -> list[_Bucket]:
    """One BallTree per (function level, hours bin) over the functions' located sites."""
    point_func = np.repeat(np.arange(len(ft)), ft.n_sites)
    point_site = ft.site_idx
    located = ~np.isnan(site_lat[point_site]) & ~np.isnan(site_lon[point_site])
    # a function with a site without location can never be reached: drop all its points
    complete = np.bincount(point_func[located], minlength=len(ft)) == ft.n_sites
    keep = located & complete[point_func]
    point_func, point_site = point_func[keep], point_site[keep]
    bins = np.floor(ft.hours / hours_bin)
    out = []
    for level in np.unique(ft.level):
        for b in np.unique(bins[ft.level == level]):
            members = (ft.level[point_func] == level) & (bins[point_func] == b)
            if not members.any():
                continue
            coords = np.radians(np.column_stack([site_lat[point_site[members]],
                                                 site_lon[point_site[members]]]))
            out.append(_Bucket(float(level), b * hours_bin, (b + 1) * hours_bin,
                               BallTree(coords, metric="haversine"), point_func[members]))
    return out


def _compatible(bucket: _Bucket, ct: CandidateTable, batch: np.ndarray,
                weights: Weights) -> np.ndarray:
    """Candidates of the batch whom this bucket's functions do not knock out on hours or
    level (unknown values never exclude)."""
    edu, hmin, hmax = ct.edu[batch], ct.hmin[batch], ct.hmax[batch]
    level_ok = np.isnan(edu) | (edu + weights.level_tolerance >= bucket.level)
    hours_ok = (np.isnan(hmin) | (hmin <= bucket.hours_hi)) & \
        (np.isnan(hmax) | (hmax >= bucket.hours_lo))
    return batch[level_ok & hours_ok]


def _reach(buckets: list[_Bucket], ct: CandidateTable, batch: np.ndarray, radius: np.ndarray,
           ft: FunctionTable, weights: Weights
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(function, candidate, km to the farthest site) of compatible functions in reach."""
    funcs, cands, kms = [], [], []
    for bucket in buckets:
        who = _compatible(bucket, ct, batch, weights)
        if not len(who):
            continue
        hits, dists = bucket.tree.query_radius(
            np.radians(np.column_stack([ct.lat[who], ct.lon[who]])),
            r=radius[who] / EARTH_RADIUS_KM, return_distance=True)
        counts = np.fromiter((len(h) for h in hits), dtype=np.int64, count=len(hits))
        if not counts.sum():
            continue
        funcs.append(bucket.func[np.concatenate(hits)])
        cands.append(np.repeat(who, counts))
        kms.append(np.concatenate(dists) * EARTH_RADIUS_KM)
    if not funcs:
        return None
    func, cand, km = np.concatenate(funcs), np.concatenate(cands), np.concatenate(kms)
    single = ft.n_sites[func] == 1
    if single.all():
        return func, cand, km
    # Multi-site functions: keep a pair only when every site was reached; the distance is
    # the one to the farthest site. Single-site pairs pass straight through.
    multi = ~single
    key = func[multi] * (int(cand.max()) + 1) + cand[multi]
    order = np.argsort(key, kind="stable")
    key_sorted = key[order]
    starts = np.flatnonzero(np.concatenate([[True], key_sorted[1:] != key_sorted[:-1]]))
    sizes = np.diff(np.concatenate([starts, [len(key_sorted)]]))
    m_func = func[multi][order][starts]
    m_cand = cand[multi][order][starts]
    m_km = np.maximum.reduceat(km[multi][order], starts)
    full = sizes == ft.n_sites[m_func]
    return (np.concatenate([func[single], m_func[full]]),
            np.concatenate([cand[single], m_cand[full]]),
            np.concatenate([km[single], m_km[full]]))


def candidate_graph(
    functions: FunctionTable, pool: Pool, sites: Sites, weights: Weights | None = None, *,
    search_km: float = 30.0, max_edges_per_candidate: int | None = None,
    chunk: int = 8_000, candidates: CandidateTable | None = None, hours_bin: float = 2.0,
    workers: int = 2,
) -> PairScores:
    """Score the pairs within travel reach and keep the feasible ones.

    Parameters
    ----------
    functions
        The functions as a :class:`~matcher.score.FunctionTable`.
    pool, sites, weights
        As for :func:`matcher.score_pairs`.
    search_km
        Radius for candidates whose maximum travel distance is unknown [30].
    max_edges_per_candidate
        Keep only this many best-scoring feasible pairs per candidate (None: all).
    chunk
        Candidates scored per batch (bounds memory).
    candidates
        The pool's :class:`~matcher.score.CandidateTable` when already built.
    hours_bin
        Width (hours) of the function buckets used to skip hours knock-outs [2].
    workers
        Threads scoring chunks in parallel [2]; the result does not depend on it.
    """
    weights = weights or Weights()
    ct = candidates if candidates is not None else CandidateTable.from_pool(pool)
    site_lat = sites.frame["lat"].to_numpy(float)
    site_lon = sites.frame["lon"].to_numpy(float)
    n_f, n_c = len(functions), len(ct)
    kept: list[_Scored] = []
    knock_f = np.zeros((n_f, 5), dtype=np.int64)
    knock_c = np.zeros((n_c, 5), dtype=np.int64)
    feas_f = np.zeros(n_f, dtype=np.int64)
    feas_c = np.zeros(n_c, dtype=np.int64)
    located = np.flatnonzero(~np.isnan(ct.lat) & ~np.isnan(ct.lon))
    if len(located) and n_f:
        buckets = _buckets(functions, site_lat, site_lon, hours_bin)
        radius = np.where(np.isnan(ct.max_km), search_km, ct.max_km) + 1e-6

        def process(batch: np.ndarray) -> tuple[_Scored, np.ndarray, np.ndarray] | None:
            reached = _reach(buckets, ct, batch, radius, functions, weights)
            if reached is None:
                return None
            f_idx, c_idx, distance = reached
            knock = _knockouts(functions, ct, f_idx, c_idx, distance, weights)
            good = ~knock.any(axis=1)
            counts = np.column_stack([knock, good])
            s = _score_batch(functions, ct, site_lat, site_lon, f_idx[good], c_idx[good],
                             weights, distance=distance[good], knock=knock[good])
            if max_edges_per_candidate is not None:
                s = s.take(_best_per_candidate(s, max_edges_per_candidate))
            return s, _count(f_idx, counts, n_f), _count(c_idx, counts, n_c)

        batches = [located[i:i + chunk] for i in range(0, len(located), chunk)]
        # numpy and the BallTree queries release the GIL: threads use both cores
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool_of_threads:
            for result in pool_of_threads.map(process, batches):
                if result is None:
                    continue
                s, per_f, per_c = result
                knock_f += per_f[:, :5]
                knock_c += per_c[:, :5]
                feas_f += per_f[:, 5]
                feas_c += per_c[:, 5]
                kept.append(s)
    if kept:
        merged = _Scored(*(np.concatenate([getattr(k, name) for k in kept])
                           for name in ("f_idx", "c_idx", "comps", "score", "confidence",
                                        "distance", "knock")))
    else:
        merged = _Scored(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, 6)),
                         np.zeros(0), np.zeros(0), np.zeros(0), np.zeros((0, 5), dtype=bool))
    return PairScores(_frame(merged, functions, ct), functions, pool, sites, weights, ct,
                      knock_f, knock_c, feas_f, feas_c, method="sparse")


def _best_per_candidate(s: _Scored, k: int) -> np.ndarray:
    """Positions of the k best-scoring pairs of each candidate (ties: input order)."""
    # one float key: candidate first, then score descending (scores lie in [0, 1])
    order = np.argsort(s.c_idx * 2.0 - s.score, kind="stable")
    cands = s.c_idx[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = cands[1:] != cands[:-1]
    start = np.maximum.accumulate(np.where(new, np.arange(len(order)), 0))
    return np.sort(order[(np.arange(len(order)) - start) < k])


def match_pairs(
    functions: FunctionTable, pool: Pool, sites: Sites, weights: Weights | None = None, *,
    method: str = "auto", search_km: float = 30.0,
    max_edges_per_candidate: int | None = None,
) -> PairScores:
    """Score pairs the right way for the size: every pair when small, else the graph.

    ``method`` is ``"auto"`` (dense up to :data:`DENSE_MAX_PAIRS` pairs), ``"dense"`` or
    ``"sparse"``.
    """
    if method not in ("auto", "dense", "sparse"):
        raise ValueError(f"method must be 'auto', 'dense' or 'sparse'. Got {method!r}.")
    if method == "dense" or (method == "auto" and len(functions) * len(pool)
                             <= DENSE_MAX_PAIRS):
        return score_pairs(functions, pool, sites, weights)
    return candidate_graph(functions, pool, sites, weights, search_km=search_km,
                           max_edges_per_candidate=max_edges_per_candidate)
