"""Audit the matching: stability under small weight changes, outcome rates by group, and
the register-ready algorithm description.

:func:`stability`: how much the assignment and the shortlists move under +-10% weights.
:func:`audit`: shortlisted and assigned rates by distance band, hours band, education level,
unknown-field count and province (:func:`audit_groups`); no special-category data.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from matcher.analysis.instance import Instance, top_candidates
from matcher.geo import pc4_table
from matcher.matching.assign import Objective, assign
from matcher.matching.score import PairScores
from matcher.matching.weights import COMPONENTS, Weights
from matcher.model import COVERAGE_FIELDS

__all__ = ["UNKNOWN_LABEL", "algorithm_description", "audit", "audit_groups", "stability"]


def _ranks(order: list[str], items: list[str]) -> np.ndarray:
    position = {c: k for k, c in enumerate(order)}
    tail = len(order)
    return np.array([position.get(c, tail) for c in items], dtype=float)


def _full_order(scores: PairScores) -> dict[str, list[str]]:
    frame = scores.frame[scores.frame["feasible"]]
    frame = frame.sort_values(["function_id", "score", "candidate_id"],
                              ascending=[True, False, True], kind="stable")
    return {str(f): list(g["candidate_id"]) for f, g in frame.groupby("function_id", sort=True)}


def stability(instance: Instance, weights: Weights | None = None, delta: float = 0.10,
              objective: Objective = "placements", top: int = 10) -> pd.DataFrame:
    """How much the assignment and the shortlists move when one weight changes by +-delta.

    Each component weight in turn is multiplied by ``1 + delta`` and by ``1 - delta``
    (the others kept; scores are normalised, so its share changes a little less).

    * ``changed_share``: share of functions whose assigned candidate changes (a function
      unassigned in both counts as unchanged).
    * ``spearman``: per function, the Spearman rank correlation
      (:func:`scipy.stats.spearmanr`) between the base and the changed ranking of the
      *union* of both top-``top`` shortlists, ranked as the shortlist does (score
      descending, ties by candidate_id, so ranks are strict); averaged over functions
      with at least two candidates in the union (1.0 = same order, NaN when none).

    Returns one row per component and direction: component, direction (``+`` or ``-``),
    weight (the changed value), changed_functions, changed_share, spearman, min_spearman.
    """
    weights = weights or Weights()
    if not 0 <= delta < 1:
        raise ValueError(f"delta must be in [0, 1). Got {delta}.")
    base_scores = instance.scored(weights)
    base_pairs = assign(base_scores, objective).partner_of_function()
    base_order = _full_order(base_scores)
    function_ids = instance.function_ids
    rows = []
    for component in COMPONENTS:
        for sign, factor in (("+", 1 + delta), ("-", 1 - delta)):
            changed_weights = replace(weights, **{component: getattr(weights, component)
                                                  * factor})
            scores = instance.scored(changed_weights)
            pairs = assign(scores, objective).partner_of_function()
            changed = sum(base_pairs.get(f) != pairs.get(f) for f in function_ids)
            order = _full_order(scores)
            rhos = []
            for f in function_ids:
                a, b = base_order.get(f, []), order.get(f, [])
                union = sorted(set(a[:top]) | set(b[:top]))
                if len(union) < 2:
                    continue
                ra, rb = _ranks(a, union), _ranks(b, union)
                rho = 1.0 if np.array_equal(ra, rb) else float(spearmanr(ra, rb).statistic)
                rhos.append(rho)
            rows.append({
                "component": component, "direction": sign,
                "weight": float(getattr(changed_weights, component)),
                "changed_functions": int(changed),
                "changed_share": changed / len(function_ids) if function_ids else 0.0,
                "spearman": float(np.mean(rhos)) if rhos else math.nan,
                "min_spearman": float(np.min(rhos)) if rhos else math.nan,
            })
    return pd.DataFrame(rows)


_DISTANCE_BANDS: tuple[tuple[float, str], ...] = (
    (5, "0-5 km"), (10, "5-10 km"), (20, "10-20 km"), (40, "20-40 km"), (math.inf, "40+ km"))
_HOURS_BANDS: tuple[tuple[float, str], ...] = (
    (16, "< 16 u"), (24, "16-24 u"), (32, "24-32 u"), (math.inf, "32+ u"))
UNKNOWN_LABEL = "onbekend"


def _group_key(attribute: str, group: str) -> tuple[int, int, str]:
    """Sort key: bands in their natural order, other groups by name, unknown last."""
    bands = {"distance band": _DISTANCE_BANDS, "hours band": _HOURS_BANDS}.get(attribute)
    if group == UNKNOWN_LABEL:
        return (1, 0, group)
    if bands is not None:
        return (0, [label for _, label in bands].index(group), group)
    return (0, 0, group)


def _band(values: np.ndarray, bands: tuple[tuple[float, str], ...]) -> list[str]:
    out = []
    for v in values:
        if np.isnan(v):
            out.append(UNKNOWN_LABEL)
            continue
        out.append(next(label for upper, label in bands if v < upper))
    return out


def audit_groups(instance: Instance) -> pd.DataFrame:
    """Per candidate, the groups the audit compares (no special-category data).

    Columns: candidate_id, distance band (to the nearest function, approximate), hours band
    (the most hours a week the candidate wants), education level (1-4 or onbekend),
    unknown fields (count of unknown profile fields) and region (province of the PC4).
    """
    pool = instance.pool.frame
    nearest = (instance.scores.frame.groupby("candidate_id", sort=False)["distance_km"].min()
               .reindex(pool["candidate_id"]).to_numpy(dtype=float))
    level = pool["education_level"].to_numpy(dtype=float)
    unknown = np.zeros(len(pool), dtype=int)
    for column in COVERAGE_FIELDS.values():
        unknown += pool[column].isna().to_numpy()
    provinces = pc4_table()["province"]
    region = [str(provinces.get(str(code), UNKNOWN_LABEL)) if str(code) else UNKNOWN_LABEL
              for code in pool["pc4"].fillna("")]
    return pd.DataFrame({
        "candidate_id": pool["candidate_id"].astype(str).to_numpy(),
        "distance band": _band(nearest, _DISTANCE_BANDS),
        "hours band": _band(pool["hours_per_week_max"].to_numpy(dtype=float), _HOURS_BANDS),
        "education level": [UNKNOWN_LABEL if np.isnan(v) else str(int(v)) for v in level],
        "unknown fields": [str(n) if n < 4 else "4+" for n in unknown],
        "region": region,
    })


def audit(instance: Instance, weights: Weights | None = None, top: int = 10,
          objective: Objective = "placements") -> pd.DataFrame:
    """Outcome rates by group: who gets shortlisted and who gets assigned.

    A candidate is *shortlisted* when in the top ``top`` of at least one function, and
    *assigned* when the optimal assignment places them. Groups are those of
    :func:`audit_groups` (distance band, hours band, education level, unknown fields,
    region); no special-category data is used (load capacity is not an audit group).

    Returns
    -------
    DataFrame
        attribute, group, candidates, shortlisted, assigned, shortlisted_rate,
        assigned_rate; first a row ``all``/``all`` for the whole pool. Per attribute the
        candidates add up to the pool and ``assigned`` to the placements.
    """
    weights = weights or Weights()
    scores = instance.scored(weights)
    shortlisted = set(top_candidates(scores, top)["candidate_id"])
    assigned = set(assign(scores, objective).pairs["candidate_id"])
    groups = audit_groups(instance)
    groups["shortlisted"] = groups["candidate_id"].isin(shortlisted)
    groups["assigned"] = groups["candidate_id"].isin(assigned)
    rows = [{"attribute": "all", "group": "all", "candidates": len(groups),
             "shortlisted": int(groups["shortlisted"].sum()),
             "assigned": int(groups["assigned"].sum())}]
    for attribute in ("distance band", "hours band", "education level", "unknown fields",
                      "region"):
        for group, members in sorted(groups.groupby(attribute, sort=False),
                                     key=lambda item: _group_key(attribute, str(item[0]))):
            rows.append({"attribute": attribute, "group": str(group),
                         "candidates": len(members),
                         "shortlisted": int(members["shortlisted"].sum()),
                         "assigned": int(members["assigned"].sum())})
    out = pd.DataFrame(rows)
    out["shortlisted_rate"] = out["shortlisted"] / out["candidates"]
    out["assigned_rate"] = out["assigned"] / out["candidates"]
    return out


def algorithm_description(path: str | Path | None = None) -> str:
    """The register-ready description of the algorithm (``docs/algorithm.md``).

    Looks in the source checkout (``docs/`` next to ``src/``) and upwards from the
    working directory, unless ``path`` is given.
    """
    if path is not None:
        return Path(path).read_text(encoding="utf-8")
    here = Path(__file__).resolve()
    for folder in (*here.parents, Path.cwd(), *Path.cwd().parents):
        candidate = folder / "docs" / "algorithm.md"
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise FileNotFoundError("docs/algorithm.md was not found: run from the repository "
                            "checkout or pass its path.")
