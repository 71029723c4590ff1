"""Tests of matcher.analysis.estimator: MatchScorer as a scikit-learn estimator, and
metric_scorer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, ParameterGrid

from matcher import analysis
from matcher.matching import COMPONENTS, Weights
from tests.analysis import LEVEL_ONLY, TRAVEL_LEVEL


def test_estimator_params_round_trip():
    """get_params, set_params and clone keep every hyperparameter unchanged."""
    est = analysis.MatchScorer(travel=0.4, level_tolerance=1, metric="mean_level",
                             reference=LEVEL_ONLY)
    params = est.get_params()
    assert params["travel"] == 0.4 and params["reference"] == LEVEL_ONLY
    assert clone(est).get_params() == params
    assert analysis.MatchScorer(**params).get_params() == params
    assert est.set_params(hours=0.3) is est and est.hours == 0.3
    assert clone(est).hours == 0.3


def test_estimator_init_stores_without_validating():
    """__init__ accepts anything; fit validates (the scikit-learn contract)."""
    est = analysis.MatchScorer(travel=-1)
    assert est.travel == -1
    with pytest.raises(ValueError, match=r"The 'travel' parameter of MatchScorer must be a "
                                         r"number >= 0\. Got -1 instead\."):
        est.fit()


@pytest.mark.parametrize(("params", "message"), [
    ({"travel": -1}, "'travel' parameter"),  # negative weight
    ({"hours": "x"}, "'hours' parameter of MatchScorer must be a number"),  # not a number
    ({"hours": True}, "'hours' parameter"),  # a bool is not a weight
    ({"unknown_value": 2}, "'unknown_value' parameter"),  # outside [0, 1]
    ({"reference_km": 0}, "'reference_km' parameter"),  # must be > 0
    ({"level_tolerance": 5}, "'level_tolerance' parameter"),  # 0-3 only
    ({c: 0 for c in COMPONENTS}, "component weights"),  # all weights zero
    ({"objective": "best"}, "'objective' parameter"),  # unknown objective
    ({"metric": "fun"}, "'metric' parameter"),  # unknown metric
    ({"reference": {"travel": 1}}, "'reference' parameter"),  # not a Weights
])
def test_estimator_fit_rejects_bad_params(params, message):
    """fit names the parameter, the rule and the value received."""
    with pytest.raises(ValueError, match=message):
        analysis.MatchScorer(**params).fit()


def test_estimator_fit_stores_weights():
    """fit stores the validated weights as weights_ and returns self."""
    est = analysis.MatchScorer(travel=0.5, unknown_value=0.4)
    assert est.fit() is est
    assert est.weights_ == Weights(travel=0.5, unknown_value=0.4)
    assert est.to_weights() == est.weights_
    assert analysis.MatchScorer.from_weights(est.weights_).get_params()["travel"] == 0.5


def test_estimator_needs_fit_before_score(tiny):
    """score before fit raises scikit-learn's NotFittedError."""
    with pytest.raises(NotFittedError):
        analysis.MatchScorer().score(tiny)


def test_estimator_score_rejects_other_inputs():
    """X must be an Instance or a list of them."""
    with pytest.raises(TypeError, match="Instance"):
        analysis.MatchScorer().fit().score([1, 2])


def test_estimator_metrics(tiny):
    """Each metric reads the matching value of evaluate (distance negated)."""
    est = analysis.MatchScorer.from_weights(TRAVEL_LEVEL).fit()
    metrics = analysis.evaluate(tiny, TRAVEL_LEVEL)
    for metric in analysis.METRICS:
        value = est.set_params(metric=metric).fit().score(tiny)
        expected = -metrics["mean_distance_km"] if metric == "neg_mean_distance_km" else \
            metrics[metric]
        assert value == pytest.approx(expected)
    assert est.assign(tiny).pairs["candidate_id"].tolist() == ["A"]
    assert est.score([tiny, tiny]) == est.score(tiny)


def test_parameter_grid_loop_picks_the_known_better_setting(tiny):
    """Measured by level fit, only low travel with high level weight picks B, the best."""
    base = analysis.MatchScorer(reference=LEVEL_ONLY)
    results = []
    for params in ParameterGrid({"travel": [0.1, 1.0], "level": [0.1, 1.0]}):
        est = clone(base).set_params(**params).fit()
        results.append((est.score(tiny), params))
    best_score, best = max(results, key=lambda r: r[0])
    assert best == {"travel": 0.1, "level": 1.0}
    assert best_score == pytest.approx(1.0)
    assert sorted(r[0] for r in results) == pytest.approx([0.5, 0.5, 0.5, 1.0])


def test_grid_search_cv_picks_the_known_better_setting(tiny):
    """scikit-learn's GridSearchCV runs on the estimator and finds the same setting."""
    search = GridSearchCV(analysis.MatchScorer(reference=LEVEL_ONLY),
                          {"travel": [0.1, 1.0], "level": [0.1, 1.0]},
                          cv=[(np.arange(1), np.arange(1))])
    search.fit([tiny])
    assert search.best_params_ == {"level": 1.0, "travel": 0.1}
    assert search.best_estimator_.to_weights().level == 1.0


def test_metric_scorer_feeds_multi_metric_grid_search(tiny):
    """metric_scorer records each metric per setting in GridSearchCV's results."""
    search = GridSearchCV(analysis.MatchScorer(),
                          {"travel": [0.1, 1.0], "level": [0.1, 1.0]},
                          scoring={"level": analysis.metric_scorer("mean_level"),
                                   "distance": analysis.metric_scorer("neg_mean_distance_km")},
                          refit=False, cv=[(np.arange(1), np.arange(1))])
    search.fit([tiny])
    results = pd.DataFrame(search.cv_results_)
    picks_b = (results["param_travel"] == 0.1) & (results["param_level"] == 1.0)
    assert results.loc[picks_b, "mean_test_level"].item() == pytest.approx(1.0)
    assert results.loc[~picks_b, "mean_test_level"].tolist() == pytest.approx([0.5] * 3)
    assert results.loc[picks_b, "mean_test_distance"].item() < -19


def test_metric_scorer_rejects_unknown_metrics():
    """Only the metrics in METRICS can be read."""
    with pytest.raises(ValueError, match="'metric' parameter of metric_scorer"):
        analysis.metric_scorer("fun")


def test_to_toml_is_read_back_by_weights_from_toml(tmp_path: Path):
    """The exported TOML is what Weights.from_toml (CLI and app) reads."""
    est = analysis.MatchScorer(travel=0.35, hours=0.05, wishes=0.3, unknown_value=0.4,
                             reference_km=12.0, level_tolerance=1)
    path = tmp_path / "chosen.toml"
    text = est.to_toml(path)
    assert path.read_text(encoding="utf-8") == text
    assert Weights.from_toml(path) == est.to_weights()
