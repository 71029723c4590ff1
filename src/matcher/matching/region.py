"""Shortlists over a region with a cap per candidate: no one is proposed everywhere.

Job-recommendation studies warn that sending the same few strong candidates to every
employer disappoints both (congestion). :func:`capped_shortlists` gives every function of
a region its shortlist of up to ``top`` candidates such that no candidate is on the lists
of more than ``cap`` schools (and on at most one list per school), with the largest total
score. It is exact: the constraints (a list per function; a candidate once per school; a
candidate at most ``cap`` schools) form two laminar families, so the linear program's
matrix is totally unimodular and its optimum (HiGHS) is whole. It reports what the cap
moved: the pairs of the uncapped top-``top`` lists that the capped lists do not hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, vstack

__all__ = ["RegionShortlists", "capped_shortlists", "uncapped_shortlists"]

#: The columns :func:`capped_shortlists` reads.
PAIR_COLUMNS = ("school", "function_id", "candidate_id", "score")


@dataclass(frozen=True)
class RegionShortlists:
    """Capped shortlists of a region and what the cap changed.

    ``shortlists``: school, function_id, rank, candidate_id, score (ranked by score within
    each function); ``moved``: the pairs of the uncapped lists that are not on the capped
    ones (school, function_id, candidate_id, score, uncapped rank); ``total_score`` and
    ``uncapped_score``: the sums over the lists.
    """

    shortlists: pd.DataFrame
    moved: pd.DataFrame
    total_score: float
    uncapped_score: float
    cap: int
    top: int

    @property
    def candidates_moved(self) -> int:
        """Candidates who lost at least one place on an uncapped list to the cap."""
        return int(self.moved["candidate_id"].nunique())


def uncapped_shortlists(pairs: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """Each function's ``top`` best candidates (ties: the order of ``pairs``), ranked."""
    frame = pairs.loc[:, list(PAIR_COLUMNS)].copy()
    frame["_order"] = np.arange(len(frame))
    frame = frame.sort_values(["school", "function_id", "score", "_order"],
                              ascending=[True, True, False, True], kind="stable")
    frame["rank"] = frame.groupby(["school", "function_id"]).cumcount() + 1
    frame = frame[frame["rank"] <= top]
    return frame[["school", "function_id", "rank", "candidate_id", "score"]].reset_index(
        drop=True)


def capped_shortlists(pairs: pd.DataFrame, top: int = 10, cap: int = 3) -> RegionShortlists:
    """Shortlists of up to ``top`` per function, each candidate at most ``cap`` schools
    (and once per school), with the largest total score (exact).

    ``pairs`` holds the feasible pairs: school, function_id, candidate_id, score (> 0).
    """
    if top < 1 or cap < 1:
        raise ValueError("top and cap must be at least 1")
    frame = pairs.loc[:, list(PAIR_COLUMNS)].reset_index(drop=True)
    if frame.duplicated(["school", "function_id", "candidate_id"]).any():
        raise ValueError("a pair (school, function, candidate) appears twice")
    uncapped = uncapped_shortlists(frame, top)
    n = len(frame)
    if n == 0:
        empty = uncapped.iloc[0:0]
        return RegionShortlists(empty, empty.assign(uncapped_rank=[]), 0.0, 0.0, cap, top)
    school = frame["school"].astype(str)
    function = pd.factorize(school + "\x1f" + frame["function_id"].astype(str))[0]
    at_school = pd.factorize(frame["candidate_id"].astype(str) + "\x1f" + school)[0]
    candidate = pd.factorize(frame["candidate_id"].astype(str))[0]
    columns = np.arange(n)

    def rows(group: np.ndarray) -> coo_matrix:
        return coo_matrix((np.ones(n), (group, columns)), shape=(int(group.max()) + 1, n))

    matrix = vstack([rows(function), rows(at_school), rows(candidate)]).tocsr()
    bounds = np.concatenate([np.full(function.max() + 1, float(top)),
                             np.ones(at_school.max() + 1),
                             np.full(candidate.max() + 1, float(cap))])
    score = frame["score"].to_numpy(dtype=float)
    result = linprog(-score, A_ub=matrix, b_ub=bounds, bounds=(0, 1), method="highs")
    if result.status != 0:  # pragma: no cover - a bounded, feasible LP (x = 0 is feasible)
        raise RuntimeError(f"the region's shortlist LP failed: {result.message}")
    chosen = result.x > 0.5
    if np.any(np.abs(result.x - np.round(result.x)) > 1e-6):  # pragma: no cover - TU
        raise RuntimeError("the region's shortlist LP gave a fractional optimum")
    kept = frame[chosen].copy()
    kept["_order"] = np.flatnonzero(chosen)
    kept = kept.sort_values(["school", "function_id", "score", "_order"],
                            ascending=[True, True, False, True], kind="stable")
    kept["rank"] = kept.groupby(["school", "function_id"]).cumcount() + 1
    shortlists = kept[["school", "function_id", "rank", "candidate_id", "score"]].reset_index(
        drop=True)
    key = ["school", "function_id", "candidate_id"]
    merged = uncapped.merge(shortlists[key], on=key, how="left", indicator=True)
    moved = merged[merged["_merge"] == "left_only"].rename(columns={"rank": "uncapped_rank"})
    moved = moved[["school", "function_id", "candidate_id", "score", "uncapped_rank"]]
    return RegionShortlists(shortlists, moved.reset_index(drop=True),
                            float(shortlists["score"].sum()), float(uncapped["score"].sum()),
                            cap, top)
