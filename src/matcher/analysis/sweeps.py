"""What an assignment looks like under other weights: one setting, sweeps, the Pareto front.

:func:`evaluate` measures the optimal assignment under some weights (placements, total
score, mean travel distance, level fit, and the expected retention under an outcome
model); :func:`sweep_weight` varies one weight, :func:`sweep_grid` a grid of them,
:func:`pareto_front` marks the non-dominated settings and :func:`compare_assignments`
shows who goes where under two settings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, replace
from typing import Any, Protocol

import numpy as np
import pandas as pd
from sklearn.model_selection import ParameterGrid

from matcher.analysis.instance import Instance
from matcher.matching.assign import Assignment, Objective, assign
from matcher.matching.score import PairScores
from matcher.matching.weights import COMPONENTS, Weights

__all__ = [
    "WEIGHT_PARAMS",
    "OutcomeModelLike",
    "compare_assignments",
    "evaluate",
    "pareto_front",
    "sweep_grid",
    "sweep_weight",
]

#: The fields of :class:`matcher.Weights` (component weights, then options): what sweeps
#: and the estimator may vary.
WEIGHT_PARAMS: tuple[str, ...] = tuple(f.name for f in fields(Weights))


class OutcomeModelLike(Protocol):
    """Anything that gives a probability of a good outcome per scored pair."""

    def probability(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability per row of a frame with the component columns."""


def _assigned_rows(scores: PairScores, assignment: Assignment) -> pd.DataFrame:
    """The scored rows of the assigned pairs."""
    keys = assignment.pairs[["function_id", "candidate_id"]]
    return keys.merge(scores.frame, on=["function_id", "candidate_id"], how="left")


def _mean(values: pd.Series) -> float:
    known = values.dropna()
    return float(known.mean()) if len(known) else math.nan


def evaluate(instance: Instance, weights: Weights, objective: Objective = "placements",
             reference: Weights | None = None,
             outcome: OutcomeModelLike | None = None) -> dict[str, float]:
    """What the optimal assignment under ``weights`` looks like.

    Parameters
    ----------
    instance
        The functions, pool and sites.
    weights
        The weights the assignment is made with.
    objective
        ``"placements"`` (most people placed, then highest total score) or ``"score"``.
    reference
        Weights to measure ``total_score`` and ``mean_score`` with: a fixed yardstick that
        makes different weight settings comparable. Defaults to ``weights``.
    outcome
        A model of the placement outcome (e.g. :attr:`matcher.analysis.history.History.model`);
        adds ``expected_retained``, the expected number of assigned people still employed.

    Returns
    -------
    dict
        placements, total_score, mean_score, mean_distance_km (assigned pairs with a known
        distance), mean_level (level fit of the assigned pairs, an unknown education
        counting as ``weights.unknown_value`` as in the score), level_known (share of
        assigned pairs with a known education), mean_confidence, and expected_retained
        when ``outcome`` is given.
    """
    scores = instance.scored(weights)
    assignment = assign(scores, objective)
    rows = _assigned_rows(scores, assignment)
    yardstick = rows
    if reference is not None and reference != weights:
        yardstick = _assigned_rows(instance.scored(reference), assignment)
    n = len(rows)
    result = {
        "placements": float(n),
        "total_score": round(float(yardstick["score"].sum()), 4),
        "mean_score": float(yardstick["score"].mean()) if n else math.nan,
        "mean_distance_km": _mean(rows["distance_km"]),
        "mean_level": float(rows["level"].fillna(weights.unknown_value).mean()) if n
        else math.nan,
        "level_known": float(rows["level"].notna().mean()) if n else math.nan,
        "mean_confidence": float(rows["confidence"].mean()) if n else math.nan,
    }
    if outcome is not None:
        result["expected_retained"] = float(np.sum(outcome.probability(rows))) if n else 0.0
    return result


def sweep_weight(instance: Instance, name: str, values: Iterable[float],
                 base: Weights | None = None, objective: Objective = "placements"
                 ) -> pd.DataFrame:
    """Vary one weight (or option) of ``base``, keep the rest, and evaluate each setting.

    Weights are not renormalised: raising one weight raises its share
    (``share`` = value / sum of the component weights) and lowers the others' shares.

    Returns
    -------
    DataFrame
        One row per value: parameter, value, share (NaN for an option) and the metrics of
        :func:`evaluate`.
    """
    base = base or Weights()
    if name not in WEIGHT_PARAMS:
        raise ValueError(f"The 'name' parameter of sweep_weight must be one of "
                         f"{', '.join(WEIGHT_PARAMS)}. Got {name!r} instead.")
    rows = []
    for value in values:
        change: dict[str, Any] = {name: value}
        weights = replace(base, **change)
        share = (float(value) / float(weights.vector().sum())) if name in COMPONENTS \
            else math.nan
        rows.append({"parameter": name, "value": float(value), "share": share,
                     **evaluate(instance, weights, objective)})
    return pd.DataFrame(rows)


def sweep_grid(instance: Instance, grid: Mapping[str, Sequence[float]],
               base: Weights | None = None, objective: Objective = "placements",
               reference: Weights | None = None) -> pd.DataFrame:
    """Evaluate every combination of a grid of weights (``sklearn`` ``ParameterGrid``).

    Returns one row per setting: the grid's parameters, then the metrics of
    :func:`evaluate` (with ``reference`` as the yardstick for total and mean score).
    """
    base = base or Weights()
    unknown = sorted(set(grid) - set(WEIGHT_PARAMS))
    if unknown:
        raise ValueError(f"sweep_grid got unknown parameter(s) {', '.join(unknown)}; "
                         f"use {', '.join(WEIGHT_PARAMS)}.")
    rows = []
    for params in ParameterGrid(dict(grid)):
        weights = replace(base, **params)
        rows.append({**params, **evaluate(instance, weights, objective, reference)})
    return pd.DataFrame(rows)


def pareto_front(frame: pd.DataFrame, minimise: str = "mean_distance_km",
                 maximise: str = "mean_level") -> pd.Series:
    """Which rows are not dominated: no other row is at least as good on both and better
    on one (lower ``minimise``, higher ``maximise``). Rows with a NaN are never on it.
    """
    x = frame[minimise].to_numpy(dtype=float)
    y = frame[maximise].to_numpy(dtype=float)
    valid = ~(np.isnan(x) | np.isnan(y))
    on_front = valid.copy()
    for i in np.flatnonzero(valid):
        others = valid & (x <= x[i]) & (y >= y[i]) & ((x < x[i]) | (y > y[i]))
        if others.any():
            on_front[i] = False
    return pd.Series(on_front, index=frame.index, name="pareto")


def compare_assignments(instance: Instance, a: Weights, b: Weights,
                        objective: Objective = "placements",
                        labels: tuple[str, str] = ("a", "b")) -> pd.DataFrame:
    """Per function: the candidate assigned under ``a`` and under ``b``, and their scores.

    Columns: function_id, candidate_<a>, score_<a>, candidate_<b>, score_<b> (each score
    under its own weights; empty when unassigned) and ``changed``.
    """
    la, lb = labels
    out = pd.DataFrame({"function_id": instance.function_ids})
    for label, weights in ((la, a), (lb, b)):
        pairs = instance.assign(weights, objective).pairs
        pairs = pairs.rename(columns={"candidate_id": f"candidate_{label}",
                                      "score": f"score_{label}"})
        out = out.merge(pairs, on="function_id", how="left")
    out["changed"] = out[f"candidate_{la}"].fillna("") != out[f"candidate_{lb}"].fillna("")
    return out
