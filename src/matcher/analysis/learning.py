"""Learn the score weights from placement outcomes.

:func:`learn_weights` fits a cross-validated logistic regression of an outcome on the score
components (:func:`component_features`) and turns it into non-negative normalised weights,
with CV metrics and calibration data (:class:`LearnedWeights`). The demo history comes from
:mod:`matcher.analysis.history`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from matcher.analysis.history import History
from matcher.matching.weights import COMPONENTS, Weights

__all__ = ["LearnedWeights", "component_features", "learn_weights"]


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
