"""The matcher's scorer as a scikit-learn estimator over the weights.

:class:`MatchScorer` follows the estimator contract (``clone``, ``get_params`` /
``set_params``, ``GridSearchCV``); its ``score`` measures the optimal assignment the
weights produce (one of :data:`METRICS`). :func:`metric_scorer` reads another metric for
``GridSearchCV(scoring=...)``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted

from matcher.analysis.instance import Instance
from matcher.analysis.sweeps import WEIGHT_PARAMS, evaluate
from matcher.errors import InputError
from matcher.matching.assign import Assignment, Objective
from matcher.matching.weights import Weights

__all__ = ["METRICS", "MatchScorer", "metric_scorer"]

#: Metrics :class:`MatchScorer` can use as its ``score`` (higher is better for all).
METRICS: tuple[str, ...] = ("total_score", "placements", "mean_score", "mean_level",
                            "neg_mean_distance_km")


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
        for param in WEIGHT_PARAMS:
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
            return Weights(**{p: getattr(self, p) for p in WEIGHT_PARAMS})
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
                            "Instances as X; build one with matcher.analysis.Instance.demo() "
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
