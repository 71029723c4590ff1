"""Tune, learn and audit the score weights: the logic behind the analysts' notebooks.

The notebooks in ``notebooks/`` only call these functions and plot their results.

* :class:`Instance`: functions, a candidate pool and sites, scored once; re-weighting is
  then a matrix product (:func:`rescore`), so sweeps are cheap.
* :class:`MatchScorer`: the scorer as a scikit-learn estimator over the weights, so
  ``clone``, ``get_params``/``set_params`` and ``GridSearchCV`` work; its ``score`` is a
  measure of the optimal assignment the weights produce (see the class).
* :func:`evaluate`, :func:`sweep_weight`, :func:`sweep_grid`, :func:`pareto_front`:
  what an assignment looks like under other weights (placements, total score, mean travel
  distance, level fit), one weight at a time or on a grid, and the non-dominated settings.
* :func:`learn_weights`: a cross-validated logistic regression of a placement outcome on
  the score components, turned into non-negative normalised weights, with CV metrics and
  calibration data (the demo history comes from :mod:`matcher.analysis.history`).
* :func:`stability`: how much the assignment and the shortlists move under +-10% weights.
* :func:`audit`: shortlisted and assigned rates by distance band, hours band, education
  level, unknown-field count and province; no special-category data.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import ParameterGrid, StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from matcher.carving.core import CarveParams, Carving, Function, carve
from matcher.demo import demo_files
from matcher.errors import InputError
from matcher.geo import pc4_table
from matcher.inputs.loaders import load_candidates, load_tasks
from matcher.matching.assign import Assignment, Objective, assign
from matcher.matching.score import COMPONENTS, PairScores, Weights, score_pairs
from matcher.model import COVERAGE_FIELDS, Pool, Sites

if TYPE_CHECKING:
    from matcher.analysis.history import History

__all__ = [
    "METRICS",
    "Instance",
    "LearnedWeights",
    "MatchScorer",
    "algorithm_description",
    "audit",
    "audit_groups",
    "compare_assignments",
    "component_features",
    "evaluate",
    "learn_weights",
    "metric_scorer",
    "pareto_front",
    "rescore",
    "stability",
    "sweep_grid",
    "sweep_weight",
    "top_candidates",
]

#: Metrics :class:`MatchScorer` can use as its ``score`` (higher is better for all).
METRICS: tuple[str, ...] = ("total_score", "placements", "mean_score", "mean_level",
                            "neg_mean_distance_km")

_WEIGHT_PARAMS: tuple[str, ...] = tuple(f.name for f in fields(Weights))


class OutcomeModelLike(Protocol):
    """Anything that gives a probability of a good outcome per scored pair."""

    def probability(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability per row of a frame with the component columns."""


# --------------------------------------------------------------------------- instance


@dataclass(frozen=True)
class Instance:
    """Functions, a candidate pool and sites, with every pair scored once.

    Re-weighting an instance (:meth:`scored`) does not score again: see :func:`rescore`.

    Parameters
    ----------
    scores
        All pairs scored with some weights (normally the defaults).
    name
        A label for tables and plots.
    """

    scores: PairScores
    name: str = "instance"

    @classmethod
    def from_parts(cls, functions: Sequence[Function], pool: Pool, sites: Sites,
                   name: str = "instance", weights: Weights | None = None) -> Instance:
        """Score every function x candidate pair once and wrap the result."""
        return cls(score_pairs(functions, pool, sites, weights or Weights()), name)

    @classmethod
    def demo(cls, names: Sequence[str] = ("vo", "po"), pool: Pool | None = None,
             params: CarveParams | None = None) -> Instance:
        """The demo school(s), carved, against the demo pool of 600 profiles.

        Parameters
        ----------
        names
            Demo inventories (``"vo"``, ``"po"``). With more than one, function ids get the
            demo name as prefix (``vo-F01``) and the sites are combined (the pool lives
            around both Amersfoort and Ede, so both are the natural instance).
        pool
            Candidate pool; defaults to the shipped demo pool.
        params
            Carve settings; defaults to :class:`matcher.CarveParams`.
        """
        if not names:
            raise ValueError("Instance.demo needs at least one demo name.")
        functions: list[Function] = []
        site_frames: list[pd.DataFrame] = []
        for name in names:
            files = demo_files(name)
            inventory = load_tasks(files.tasks, files.sites)
            carving: Carving = carve(inventory, params)
            for f in carving.functions:
                functions.append(f if len(names) == 1 else
                                 replace(f, function_id=f"{name}-{f.function_id}"))
            site_frames.append(inventory.sites.frame)
        frame = pd.concat(site_frames, ignore_index=True)
        if frame["site"].duplicated().any():
            raise ValueError("Instance.demo needs distinct site ids across the demos.")
        pool = pool if pool is not None else load_candidates(demo_files(names[0]).candidates)
        return cls.from_parts(functions, pool, Sites(frame), "+".join(names))

    @property
    def functions(self) -> Any:
        """The functions, as :class:`matcher.PairScores` holds them (accepted by
        :func:`matcher.score_pairs`)."""
        return self.scores.functions

    @property
    def function_ids(self) -> list[str]:
        """Function ids in order."""
        return _function_ids(self.scores)

    @property
    def pool(self) -> Pool:
        """The candidate pool."""
        return self.scores.pool

    @property
    def sites(self) -> Sites:
        """The sites."""
        return self.scores.sites

    def scored(self, weights: Weights) -> PairScores:
        """The pairs scored with ``weights`` (re-weighted, not scored again)."""
        if weights == self.scores.weights:
            return self.scores
        return rescore(self.scores, weights)

    def assign(self, weights: Weights, objective: Objective = "placements") -> Assignment:
        """The optimal assignment under ``weights``."""
        return assign(self.scored(weights), objective)

    def summary(self) -> dict[str, int | str]:
        """Name, functions, candidates, pairs and feasible pairs."""
        frame = self.scores.frame
        return {"name": self.name, "functions": len(self.functions),
                "candidates": len(self.pool), "pairs": len(frame),
                "feasible_pairs": int(frame["feasible"].sum())}


def _function_ids(scores: PairScores) -> list[str]:
    """Function ids of scored pairs, whether PairScores holds functions or a table."""
    functions: Any = scores.functions
    ids = getattr(functions, "ids", None)
    if ids is not None:
        return [str(i) for i in ids]
    return [str(f.function_id) for f in functions]


def rescore(scores: PairScores, weights: Weights) -> PairScores:
    """The same pairs scored with other weights, without computing the components again.

    ``score = sum_c w_c * value_c / sum_c w_c`` with unknown values counted as
    ``weights.unknown_value``, and ``confidence`` the share of weight on known components,
    exactly as :func:`matcher.score_pairs` computes them from its (unrounded) components.
    The frame holds components rounded to 4 decimals, so a re-weighted score can differ
    from a fresh :func:`matcher.score_pairs` by at most 1e-4. When ``reference_km`` or
    ``level_tolerance`` change (they change components or knock-outs), the pairs are scored
    again with :func:`matcher.score_pairs`.
    """
    old = scores.weights
    if (weights.reference_km != old.reference_km
            or weights.level_tolerance != old.level_tolerance):
        return score_pairs(scores.functions, scores.pool, scores.sites, weights,
                           pairs=(scores.f_index, scores.c_index))
    frame = scores.frame.copy()
    comps = frame[list(COMPONENTS)].to_numpy(dtype=float)
    known = ~np.isnan(comps)
    w = weights.vector()
    filled = np.where(known, comps, weights.unknown_value)
    frame["score"] = np.round(filled @ w / w.sum(), 4)
    frame["confidence"] = np.round(known @ w / w.sum(), 3)
    return replace(scores, frame=frame, weights=weights)


def top_candidates(scores: PairScores, top: int = 10) -> pd.DataFrame:
    """The ``top`` feasible pairs per function with their rank (as :func:`matcher.shortlist`).

    Same order as the shortlist (score descending, ties by candidate_id) without the
    explanations, so it is cheap enough for sweeps. Columns: those of ``scores.frame``
    plus ``rank``.
    """
    if top < 1:
        raise ValueError(f"top must be >= 1. Got {top}.")
    frame = scores.frame[scores.frame["feasible"]]
    frame = frame.sort_values(["function_id", "score", "candidate_id"],
                              ascending=[True, False, True], kind="stable")
    ranked = frame.assign(rank=frame.groupby("function_id").cumcount() + 1)
    return ranked[ranked["rank"] <= top].reset_index(drop=True)


# --------------------------------------------------------------------------- evaluation


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
    if name not in _WEIGHT_PARAMS:
        raise ValueError(f"The 'name' parameter of sweep_weight must be one of "
                         f"{', '.join(_WEIGHT_PARAMS)}. Got {name!r} instead.")
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
    unknown = sorted(set(grid) - set(_WEIGHT_PARAMS))
    if unknown:
        raise ValueError(f"sweep_grid got unknown parameter(s) {', '.join(unknown)}; "
                         f"use {', '.join(_WEIGHT_PARAMS)}.")
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


# --------------------------------------------------------------------------- estimator


def _param_message(owner: str, column: str, rule: str, value: str) -> str:
    """A weights problem in scikit-learn's template: what, where, expected, received."""
    if column == "weights":
        return f"The component weights of {owner}: {rule}"
    text = f"The '{column.split('.')[-1]}' parameter of {owner} {rule.rstrip('.')}"
    return text + (f". Got {value} instead." if value else ".")


class MatchScorer(BaseEstimator):  # type: ignore[misc]
    """The matcher's scorer as a scikit-learn estimator over the weights.

    The hyperparameters are the fields of :class:`matcher.Weights` (six component weights
    and three options) plus what the ``score`` method measures. There is nothing to learn:
    ``fit`` validates the weights and stores them as ``weights_``. Because it follows the
    estimator contract, ``clone``, ``get_params``/``set_params`` and ``GridSearchCV`` work.

    ``score(X)`` solves the optimal assignment of each :class:`Instance` in ``X`` (one
    instance or a list) with these weights and returns the mean of ``metric``:

    ``"total_score"`` (default)
        Sum of the assigned pairs' scores, measured with ``reference`` weights when given,
        otherwise with the estimator's own weights. Use a fixed ``reference`` (e.g. the
        weights learned from past outcomes) to compare weight settings in one currency;
        with its own weights a setting is judged by itself.
    ``"placements"``
        People placed (constant under ``objective="placements"`` unless
        ``level_tolerance`` changes; informative with ``objective="score"``).
    ``"mean_score"``
        Mean score of the assigned pairs (same yardstick as ``total_score``).
    ``"mean_level"``
        Mean level fit of the assigned pairs (unknown education counts as
        ``unknown_value``).
    ``"neg_mean_distance_km"``
        Minus the mean travel distance of assigned pairs (higher is better).

    For ``GridSearchCV`` pass ``X`` as a list of instances and ``cv`` as explicit splits,
    e.g. ``cv=[(np.arange(n), np.arange(n))]`` to score every setting on all of them.

    Parameters
    ----------
    travel, hours, level, availability, load, wishes, unknown_value, reference_km, \
level_tolerance
        As in :class:`matcher.Weights` (same defaults).
    objective
        Assignment objective: ``"placements"`` or ``"score"``.
    metric
        What ``score`` returns; one of :data:`METRICS`.
    reference
        Optional fixed :class:`matcher.Weights` to measure scores with.
    """

    def __init__(self, travel: float = 0.25, hours: float = 0.20, level: float = 0.20,
                 availability: float = 0.15, load: float = 0.10, wishes: float = 0.10,
                 unknown_value: float = 0.5, reference_km: float = 15.0,
                 level_tolerance: int = 0, objective: str = "placements",
                 metric: str = "total_score", reference: Weights | None = None) -> None:
        self.travel = travel
        self.hours = hours
        self.level = level
        self.availability = availability
        self.load = load
        self.wishes = wishes
        self.unknown_value = unknown_value
        self.reference_km = reference_km
        self.level_tolerance = level_tolerance
        self.objective = objective
        self.metric = metric
        self.reference = reference

    @classmethod
    def from_weights(cls, weights: Weights, **kwargs: Any) -> MatchScorer:
        """An (unfitted) estimator with the given weights and other hyperparameters."""
        return cls(**asdict(weights), **kwargs)

    def _check_params(self) -> Weights:
        name = type(self).__name__
        for param in _WEIGHT_PARAMS:
            value = getattr(self, param)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ValueError(f"The '{param}' parameter of {name} must be a number. "
                                 f"Got {value!r} instead.")
        if self.objective not in ("placements", "score"):
            raise ValueError(f"The 'objective' parameter of {name} must be 'placements' or "
                             f"'score'. Got {self.objective!r} instead.")
        if self.metric not in METRICS:
            raise ValueError(f"The 'metric' parameter of {name} must be one of "
                             f"{', '.join(map(repr, METRICS))}. Got {self.metric!r} instead.")
        if self.reference is not None and not isinstance(self.reference, Weights):
            raise ValueError(f"The 'reference' parameter of {name} must be None or a "
                             f"matcher.Weights. Got {type(self.reference).__name__} instead.")
        try:
            return Weights(**{p: getattr(self, p) for p in _WEIGHT_PARAMS})
        except InputError as error:
            raise ValueError(" ".join(_param_message(name, p.column, p.rule, p.value)
                                      for p in error.problems)) from None

    def fit(self, X: object = None, y: object = None) -> MatchScorer:
        """Validate the hyperparameters and store them; ``X`` and ``y`` are not used.

        Sets ``weights_`` (:class:`matcher.Weights`), ``objective_``, ``metric_`` and
        ``reference_``; ``score`` and ``assign`` use these, so refit after ``set_params``.

        Raises
        ------
        ValueError
            Naming the parameter, the rule and the value received.
        """
        self.weights_ = self._check_params()
        self.objective_: Objective = "score" if self.objective == "score" else "placements"
        self.metric_: str = self.metric
        self.reference_: Weights | None = self.reference
        return self

    def to_weights(self) -> Weights:
        """The current hyperparameters as :class:`matcher.Weights` (validated)."""
        return self._check_params()

    def to_toml(self, path: str | Path | None = None) -> str:
        """The weights as TOML (what ``matcher match --weights FILE`` and the app read).

        Writes the text to ``path`` when given, and returns it.
        """
        text = self.to_weights().to_toml()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    @staticmethod
    def _instances(X: object) -> list[Instance]:
        items = [X] if isinstance(X, Instance) else list(X)  # type: ignore[call-overload]
        if not items or not all(isinstance(i, Instance) for i in items):
            raise TypeError("MatchScorer expects an Instance or a non-empty list of "
                            "Instances as X; build one with matcher.analysis.tuning.Instance.demo() "
                            "or Instance.from_parts(functions, pool, sites).")
        return items

    def assign(self, X: Instance) -> Assignment:
        """The optimal assignment of one instance under the fitted weights."""
        check_is_fitted(self)
        return X.assign(self.weights_, self.objective_)

    def evaluate(self, X: Instance) -> dict[str, float]:
        """All metrics of :func:`evaluate` for one instance under the fitted weights."""
        check_is_fitted(self)
        return evaluate(X, self.weights_, self.objective_, self.reference_)

    def score(self, X: object, y: object = None) -> float:
        """Mean of ``metric`` over the instance(s) in ``X`` (higher is better); ``y`` unused."""
        check_is_fitted(self)
        values = []
        for instance in self._instances(X):
            metrics = evaluate(instance, self.weights_, self.objective_, self.reference_)
            value = (-metrics["mean_distance_km"] if self.metric_ == "neg_mean_distance_km"
                     else metrics[self.metric_])
            values.append(value)
        return float(np.mean(values))


def metric_scorer(metric: str) -> Callable[..., float]:
    """A scoring callable for ``GridSearchCV(scoring={...})`` that reads one metric.

    ``scoring={"level": metric_scorer("mean_level"), "distance":
    metric_scorer("neg_mean_distance_km")}`` records both for every setting in
    ``cv_results_``; the estimator's own ``metric`` is left alone.
    """
    if metric not in METRICS:
        raise ValueError(f"The 'metric' parameter of metric_scorer must be one of "
                         f"{', '.join(map(repr, METRICS))}. Got {metric!r} instead.")

    def scorer(estimator: MatchScorer, X: object, y: object = None) -> float:
        return float(clone(estimator).set_params(metric=metric).fit().score(X))

    scorer.__name__ = f"metric_scorer_{metric}"
    return scorer


# --------------------------------------------------------------------------- learning


def component_features(frame: pd.DataFrame, unknown_value: float = 0.5,
                       indicators: Sequence[str] = COMPONENTS) -> tuple[np.ndarray, list[str]]:
    """Features for learning: each component with unknown filled in, plus known-indicators.

    The filled components are exactly what the scorer uses (unknown counts as
    ``unknown_value``), so their coefficients translate into weights. A known-indicator
    (1 = known) for a component in ``indicators`` lets the model find out whether
    "unknown" behaves like ``unknown_value``; its coefficient is
    ``-coef * (true unknown value - unknown_value)``.

    Returns the feature matrix and the feature names (``travel`` ..., ``known_travel`` ...).
    """
    comps = frame[list(COMPONENTS)].to_numpy(dtype=float)
    known = ~np.isnan(comps)
    filled = np.where(known, comps, unknown_value)
    picked = [k for k, c in enumerate(COMPONENTS) if c in indicators]
    X = np.hstack([filled, known[:, picked].astype(float)])
    return X, [*COMPONENTS, *(f"known_{COMPONENTS[k]}" for k in picked)]


@dataclass(frozen=True)
class LearnedWeights:
    """Weights learned from placement outcomes, with the evidence.

    Attributes
    ----------
    weights
        The learned component weights (non-negative, summing to 1) with the options of
        the ``base`` weights.
    table
        One row per component: coef (log-odds per unit of the component), known_coef
        (coefficient of its known-indicator; NaN when not used), weight, weight_cv_std
        (spread of the weight over the CV folds), varies (whether its known values vary in
        the history) and clipped (a negative coefficient set to weight 0).
    intercept
        Intercept of the final model.
    cv
        One row per fold: roc_auc, brier, log_loss on the held-out fold.
    calibration
        Out-of-fold predicted probability per bin (mean_predicted) against the observed
        rate (observed) and the bin's count.
    n, outcome_rate
        Number of placements and share with a good outcome.
    """

    weights: Weights
    table: pd.DataFrame
    intercept: float
    cv: pd.DataFrame
    calibration: pd.DataFrame
    n: int
    outcome_rate: float

    def compare(self, true: Weights) -> pd.DataFrame:
        """Learned against given (e.g. true) weights, both normalised, with the difference."""
        t = true.vector() / true.vector().sum()
        w = self.weights.vector()
        return pd.DataFrame({"component": list(COMPONENTS), "true": np.round(t, 4),
                             "learned": np.round(w, 4), "difference": np.round(w - t, 4)})

    def max_error(self, true: Weights) -> float:
        """Largest absolute difference between learned and ``true`` normalised weights."""
        return float(self.compare(true)["difference"].abs().max())


def _normalised(coef: np.ndarray) -> np.ndarray:
    positive = np.clip(coef, 0.0, None)
    total = positive.sum()
    if total <= 0:
        raise ValueError("No score component predicts the outcome positively; weights "
                         "cannot be learned from this history.")
    return np.asarray(positive / total)


def learn_weights(history: History | pd.DataFrame, *, outcome: str = "employed_6m",
                  base: Weights | None = None, cv: int = 5, C: float = 100.0,
                  indicators: bool = True, n_bins: int = 10, random_state: int = 0
                  ) -> LearnedWeights:
    """Learn component weights from past placements with a cross-validated logistic model.

    The model is the scorer's own form, ``logit P(outcome) = a + sum_c b_c * value_c``,
    with unknown values filled in as ``base.unknown_value``; the weights are the
    coefficients clipped at 0 and normalised to sum 1 (only ratios matter). With
    ``indicators`` a known-indicator is added for every component whose known values vary
    in the history; for a component whose known values are all equal (availability on the
    demo: the demo functions are fixed on all five days, so any partial availability is a
    knock-out), the indicator would be collinear with the value, so it is left out and its
    weight rests on the assumption that unknown counts as ``unknown_value``.

    Parameters
    ----------
    history
        A :class:`matcher.analysis.history.History` or a frame with the component columns (NaN =
        unknown) and a 0/1 ``outcome`` column.
    outcome
        Name of the outcome column [``"employed_6m"``].
    base
        Weights whose options (unknown_value, reference_km, level_tolerance) the learned
        weights keep [defaults].
    cv
        Stratified folds for the held-out metrics and calibration [5].
    C
        Inverse L2 regularisation of :class:`sklearn.linear_model.LogisticRegression`;
        the default is weak, so coefficients are close to maximum likelihood [100].
    indicators
        Add known-indicator features (see above) [True].
    n_bins
        Quantile bins of the calibration data [10].
    random_state
        Seed of the fold shuffling [0].
    """
    frame = history if isinstance(history, pd.DataFrame) else history.frame
    base = base or Weights()
    missing = [c for c in (*COMPONENTS, outcome) if c not in frame.columns]
    if missing:
        raise ValueError(f"learn_weights needs the columns {', '.join(missing)} in the "
                         f"history.")
    y = frame[outcome].to_numpy(dtype=int)
    if len(np.unique(y)) != 2:
        raise ValueError(f"The '{outcome}' column must contain both outcomes (0 and 1).")
    if cv < 2:
        raise ValueError(f"cv must be >= 2. Got {cv}.")
    comps = frame[list(COMPONENTS)].to_numpy(dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns
        spread = np.nanstd(comps, axis=0)
    varies = np.nan_to_num(spread) > 1e-6
    chosen = [c for k, c in enumerate(COMPONENTS) if indicators and varies[k]]
    X, names = component_features(frame, base.unknown_value, chosen)

    def model() -> LogisticRegression:
        return LogisticRegression(C=C, max_iter=2000)

    folds = StratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    oof = np.zeros(len(y))
    fold_rows = []
    fold_weights = []
    for k, (train, test) in enumerate(folds.split(X, y)):
        fitted = model().fit(X[train], y[train])
        p = fitted.predict_proba(X[test])[:, 1]
        oof[test] = p
        fold_rows.append({"fold": k + 1, "roc_auc": roc_auc_score(y[test], p),
                          "brier": brier_score_loss(y[test], p),
                          "log_loss": log_loss(y[test], p)})
        fold_weights.append(_normalised(fitted.coef_[0][: len(COMPONENTS)]))
    final = model().fit(X, y)
    coef = final.coef_[0]
    weights_vec = _normalised(coef[: len(COMPONENTS)])
    known_coef = dict(zip(names[len(COMPONENTS):], coef[len(COMPONENTS):], strict=True))
    table = pd.DataFrame({
        "component": list(COMPONENTS),
        "coef": coef[: len(COMPONENTS)],
        "known_coef": [known_coef.get(f"known_{c}", math.nan) for c in COMPONENTS],
        "weight": np.round(weights_vec, 4),
        "weight_cv_std": np.std(np.array(fold_weights), axis=0),
        "varies": varies,
        "clipped": coef[: len(COMPONENTS)] < 0,
    })
    bins = pd.qcut(oof, n_bins, duplicates="drop")
    calibration = (pd.DataFrame({"bin": bins, "predicted": oof, "y": y})
                   .groupby("bin", observed=True)
                   .agg(mean_predicted=("predicted", "mean"), observed=("y", "mean"),
                        count=("y", "size"))
                   .reset_index(drop=True))
    new: dict[str, Any] = {c: round(float(v), 4)
                           for c, v in zip(COMPONENTS, weights_vec, strict=True)}
    learned = replace(base, **new)
    return LearnedWeights(learned, table, float(final.intercept_[0]), pd.DataFrame(fold_rows),
                          calibration, len(y), float(y.mean()))


# --------------------------------------------------------------------------- stability


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


# --------------------------------------------------------------------------- audit

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


# --------------------------------------------------------------------------- register


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
