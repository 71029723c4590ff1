"""Tests of matcher.analysis.tuning: the estimator, re-weighting, sweeps, learning, stability, audit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, ParameterGrid

import matcher
from matcher.analysis import tuning as tuning
from matcher.analysis.history import RECOVERY_TOLERANCE, TRUE_WEIGHTS, History, generate_history
from matcher.matching.score import COMPONENTS, Weights
from matcher.model import Inventory, Sites, Task

TINY_CANDIDATES = """candidate_id,pc4,max_travel_km,independent_travel,hours_per_week_min,\
hours_per_week_max,hours_per_day_max,days_available,education,preferred_areas,\
physical_capacity,pupil_contact_ok
A,3811,30,ja,20,30,8,"ma,di,wo,do,vr",onbekend,administratie,2,2
B,3511,30,ja,20,30,8,"ma,di,wo,do,vr",pro,administratie,2,2
"""

#: Only travel and level tell A (next door, education unknown) and B (Utrecht, ~20 km,
#: education fits exactly) apart.
TRAVEL_LEVEL = Weights(travel=1, hours=0, level=1, availability=0, load=0, wishes=0)
LEVEL_ONLY = Weights(travel=0, hours=0, level=1, availability=0, load=0, wishes=0)


@pytest.fixture(scope="module")
def tiny() -> tuning.Instance:
    """One 25-hour level-1 function in Amersfoort; candidate A lives there, B in Utrecht."""
    tasks = [Task(f"T{i}", "kopieerwerk", "administration", 5.0, 1) for i in range(5)]
    sites = Sites(pd.DataFrame({"site": ["school"], "name": ["School"], "lat": [52.155],
                                "lon": [5.3875], "pc4": ["3811"], "board": [""],
                                "approximate": [False]}))
    carving = matcher.carve(Inventory.from_tasks(tasks, sites))
    pool = matcher.load_candidates(TINY_CANDIDATES.encode(), name="tiny.csv")
    return tuning.Instance.from_parts(carving.functions, pool, sites, "tiny")


@pytest.fixture(scope="module")
def instance(vo_carving, demo_pool, vo_inventory) -> tuning.Instance:
    """The demo secondary school against the demo pool."""
    return tuning.Instance.from_parts(vo_carving.functions, demo_pool, vo_inventory.sites,
                                      "vo")


@pytest.fixture(scope="module")
def demo_history() -> History:
    """The default demo history (both demo schools, seed 2025)."""
    return generate_history()


@pytest.fixture(scope="module")
def learned(demo_history) -> tuning.LearnedWeights:
    """Weights learned from the default demo history."""
    return tuning.learn_weights(demo_history)


# ---------------------------------------------------------------- instance and rescore


def test_tiny_instance_is_what_the_tests_assume(tiny):
    """A is nearer, B has the known and exact education; the rest is equal."""
    frame = tiny.scores.frame.set_index("candidate_id")
    assert frame["feasible"].all()
    assert frame.at["A", "travel"] > 0.95 and 0.4 < frame.at["B", "travel"] < 0.5
    assert np.isnan(frame.at["A", "level"]) and frame.at["B", "level"] == 1.0
    for c in ("hours", "availability", "load", "wishes"):
        assert frame.at["A", c] == frame.at["B", c]


@pytest.mark.parametrize("weights", [
    Weights(),
    Weights(travel=1, hours=0, level=0, availability=0, load=0, wishes=0),
    Weights(travel=0.1, hours=0.7, level=0.3, availability=0.05, load=0.9, wishes=0.2),
    Weights(unknown_value=0.0),
    Weights(unknown_value=1.0, level=2.0),
])
def test_rescore_equals_score_pairs(instance, weights):
    """Re-weighting the scored pairs gives what scoring them again gives (within 1e-4)."""
    fresh = matcher.score_pairs(instance.functions, instance.pool, instance.sites, weights)
    again = tuning.rescore(instance.scores, weights)
    assert again.weights == weights
    assert_allclose(again.frame["score"], fresh.frame["score"], atol=1.01e-4)
    assert_allclose(again.frame["confidence"], fresh.frame["confidence"], atol=1.01e-3)
    assert (again.frame["feasible"] == fresh.frame["feasible"]).all()
    assert (again.frame["candidate_id"] == fresh.frame["candidate_id"]).all()


@pytest.mark.parametrize("change", [{"reference_km": 5.0},  # changes travel components
                                    {"level_tolerance": 1}])  # changes knock-outs
def test_rescore_scores_again_when_options_change_components(instance, change):
    """Options that change components or knock-outs are scored again, exactly."""
    weights = replace(Weights(), **change)
    fresh = matcher.score_pairs(instance.functions, instance.pool, instance.sites, weights)
    again = tuning.rescore(instance.scores, weights)
    pd.testing.assert_frame_equal(again.frame, fresh.frame)


def test_rescore_leaves_the_input_alone(instance):
    """rescore returns a new PairScores and does not modify the one it got."""
    before = instance.scores.frame["score"].copy()
    tuning.rescore(instance.scores, replace(Weights(), travel=3.0))
    pd.testing.assert_series_equal(instance.scores.frame["score"], before)


def test_instance_scored_with_its_own_weights_is_the_same_object(instance):
    """Scoring with the weights the instance was scored with does no work."""
    assert instance.scored(Weights()) is instance.scores


def test_instance_summary_and_ids(instance, vo_carving):
    """The summary counts functions, candidates and pairs."""
    summary = instance.summary()
    assert summary["functions"] == len(vo_carving.functions)
    assert summary["candidates"] == 600
    assert summary["pairs"] == len(instance.scores.frame)
    assert instance.function_ids == [f.function_id for f in vo_carving.functions]


def test_top_candidates_matches_shortlist(instance):
    """top_candidates ranks exactly as matcher.shortlist does."""
    ours = tuning.top_candidates(instance.scores, 5)
    theirs = matcher.shortlist(instance.scores, top=5)
    assert ours[["function_id", "rank", "candidate_id"]].values.tolist() == \
        theirs[["function_id", "rank", "candidate_id"]].values.tolist()


def test_top_candidates_rejects_top_below_one(instance):
    """top must be at least 1."""
    with pytest.raises(ValueError, match="top must be >= 1"):
        tuning.top_candidates(instance.scores, 0)


# ---------------------------------------------------------------- evaluate and sweeps


def test_evaluate_agrees_with_assign(instance):
    """Placements and total score are those of matcher.matching.assign."""
    result = tuning.evaluate(instance, Weights())
    assignment = matcher.assign(instance.scores)
    assert result["placements"] == assignment.placements
    assert result["total_score"] == pytest.approx(assignment.total_score, abs=1e-4)
    assert 0 <= result["mean_level"] <= 1 and 0 <= result["level_known"] <= 1


def test_evaluate_with_reference_measures_in_the_reference(tiny):
    """With a reference, the assigned pair is scored with the reference weights."""
    own = tuning.evaluate(tiny, TRAVEL_LEVEL)  # picks A
    measured = tuning.evaluate(tiny, TRAVEL_LEVEL, reference=LEVEL_ONLY)
    assert own["total_score"] == pytest.approx(0.75, abs=0.01)
    assert measured["total_score"] == pytest.approx(0.5)  # A's unknown level counts 0.5


def test_evaluate_adds_expected_retention_with_an_outcome_model(tiny):
    """An outcome model adds the expected number still employed."""

    class Half:
        def probability(self, frame):
            return np.full(len(frame), 0.5)

    assert tuning.evaluate(tiny, Weights(), outcome=Half())["expected_retained"] == 0.5


def test_sweep_weight_rows_and_shares(instance):
    """One row per value, with the weight's normalised share."""
    frame = tuning.sweep_weight(instance, "travel", [0.0, 0.25, 1.0])
    assert frame["value"].tolist() == [0.0, 0.25, 1.0]
    assert_allclose(frame["share"], [0.0, 0.25, 1.0 / 1.75])
    assert (frame["placements"] == frame["placements"].iloc[0]).all()


def test_sweep_weight_more_travel_weight_shortens_travel(instance):
    """Weighting travel heavily gives a shorter mean distance than ignoring it."""
    frame = tuning.sweep_weight(instance, "travel", [0.0, 2.0])
    assert frame["mean_distance_km"].iloc[1] < frame["mean_distance_km"].iloc[0]


def test_sweep_weight_rejects_an_unknown_name(instance):
    """Only fields of Weights can be swept."""
    with pytest.raises(ValueError, match="'name' parameter of sweep_weight"):
        tuning.sweep_weight(instance, "speed", [1.0])


def test_sweep_grid_covers_the_grid(instance):
    """Every combination of the grid is evaluated once."""
    frame = tuning.sweep_grid(instance, {"travel": [0.1, 0.5], "level": [0.1, 0.2, 0.4]})
    assert len(frame) == 6
    assert set(map(tuple, frame[["travel", "level"]].values.tolist())) == \
        {(t, lv) for t in (0.1, 0.5) for lv in (0.1, 0.2, 0.4)}


def test_sweep_grid_rejects_unknown_parameters(instance):
    """A grid parameter that is not a weight is refused."""
    with pytest.raises(ValueError, match="unknown parameter"):
        tuning.sweep_grid(instance, {"speed": [1.0]})


def test_pareto_front_on_a_known_set():
    """Dominated and NaN points are off the front; ties both stay on."""
    frame = pd.DataFrame({"mean_distance_km": [5.0, 6.0, 4.0, 7.0, 4.0, np.nan],
                          "mean_level": [0.9, 1.0, 0.8, 0.9, 0.8, 1.0]})
    assert tuning.pareto_front(frame).tolist() == [True, True, True, False, True, False]


def test_compare_assignments(tiny):
    """Travel-heavy and level-only weights assign the function differently."""
    table = tuning.compare_assignments(tiny, TRAVEL_LEVEL, LEVEL_ONLY, labels=("t", "l"))
    assert table[["candidate_t", "candidate_l", "changed"]].values.tolist() == [["A", "B", True]]
    same = tuning.compare_assignments(tiny, Weights(), Weights())
    assert not same["changed"].any()


# ---------------------------------------------------------------- estimator


def test_estimator_params_round_trip():
    """get_params, set_params and clone keep every hyperparameter unchanged."""
    est = tuning.MatchScorer(travel=0.4, level_tolerance=1, metric="mean_level",
                             reference=LEVEL_ONLY)
    params = est.get_params()
    assert params["travel"] == 0.4 and params["reference"] == LEVEL_ONLY
    assert clone(est).get_params() == params
    assert tuning.MatchScorer(**params).get_params() == params
    assert est.set_params(hours=0.3) is est and est.hours == 0.3
    assert clone(est).hours == 0.3


def test_estimator_init_stores_without_validating():
    """__init__ accepts anything; fit validates (the scikit-learn contract)."""
    est = tuning.MatchScorer(travel=-1)
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
        tuning.MatchScorer(**params).fit()


def test_estimator_fit_stores_weights():
    """fit stores the validated weights as weights_ and returns self."""
    est = tuning.MatchScorer(travel=0.5, unknown_value=0.4)
    assert est.fit() is est
    assert est.weights_ == Weights(travel=0.5, unknown_value=0.4)
    assert est.to_weights() == est.weights_
    assert tuning.MatchScorer.from_weights(est.weights_).get_params()["travel"] == 0.5


def test_estimator_needs_fit_before_score(tiny):
    """score before fit raises scikit-learn's NotFittedError."""
    with pytest.raises(NotFittedError):
        tuning.MatchScorer().score(tiny)


def test_estimator_score_rejects_other_inputs():
    """X must be an Instance or a list of them."""
    with pytest.raises(TypeError, match="Instance"):
        tuning.MatchScorer().fit().score([1, 2])


def test_estimator_metrics(tiny):
    """Each metric reads the matching value of evaluate (distance negated)."""
    est = tuning.MatchScorer.from_weights(TRAVEL_LEVEL).fit()
    metrics = tuning.evaluate(tiny, TRAVEL_LEVEL)
    for metric in tuning.METRICS:
        value = est.set_params(metric=metric).fit().score(tiny)
        expected = -metrics["mean_distance_km"] if metric == "neg_mean_distance_km" else \
            metrics[metric]
        assert value == pytest.approx(expected)
    assert est.assign(tiny).pairs["candidate_id"].tolist() == ["A"]
    assert est.score([tiny, tiny]) == est.score(tiny)


def test_parameter_grid_loop_picks_the_known_better_setting(tiny):
    """Measured by level fit, only low travel with high level weight picks B, the best."""
    base = tuning.MatchScorer(reference=LEVEL_ONLY)
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
    search = GridSearchCV(tuning.MatchScorer(reference=LEVEL_ONLY),
                          {"travel": [0.1, 1.0], "level": [0.1, 1.0]},
                          cv=[(np.arange(1), np.arange(1))])
    search.fit([tiny])
    assert search.best_params_ == {"level": 1.0, "travel": 0.1}
    assert search.best_estimator_.to_weights().level == 1.0


def test_metric_scorer_feeds_multi_metric_grid_search(tiny):
    """metric_scorer records each metric per setting in GridSearchCV's results."""
    search = GridSearchCV(tuning.MatchScorer(),
                          {"travel": [0.1, 1.0], "level": [0.1, 1.0]},
                          scoring={"level": tuning.metric_scorer("mean_level"),
                                   "distance": tuning.metric_scorer("neg_mean_distance_km")},
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
        tuning.metric_scorer("fun")


def test_to_toml_is_read_back_by_weights_from_toml(tmp_path: Path):
    """The exported TOML is what Weights.from_toml (CLI and app) reads."""
    est = tuning.MatchScorer(travel=0.35, hours=0.05, wishes=0.3, unknown_value=0.4,
                             reference_km=12.0, level_tolerance=1)
    path = tmp_path / "chosen.toml"
    text = est.to_toml(path)
    assert path.read_text(encoding="utf-8") == text
    assert Weights.from_toml(path) == est.to_weights()


# ---------------------------------------------------------------- learning


def test_component_features_fill_unknowns_and_add_indicators():
    """Unknown components become unknown_value; indicators are 1 for known values."""
    frame = pd.DataFrame({c: [0.2, np.nan] for c in COMPONENTS})
    X, names = tuning.component_features(frame, 0.4, ["travel", "wishes"])
    assert names == [*COMPONENTS, "known_travel", "known_wishes"]
    assert X.shape == (2, 8)
    assert_allclose(X[0], [0.2] * 6 + [1, 1])
    assert_allclose(X[1], [0.4] * 6 + [0, 0])


def test_learned_weights_within_tolerance_of_the_true_ones(learned):
    """On the demo history every learned weight is within RECOVERY_TOLERANCE of the truth."""
    assert learned.max_error(TRUE_WEIGHTS) <= RECOVERY_TOLERANCE
    assert learned.weights.vector().sum() == pytest.approx(1.0, abs=1e-3)
    assert learned.weights.unknown_value == Weights().unknown_value
    # the defaults are further away than the tolerance: learning found something
    assert np.abs(Weights().vector() - TRUE_WEIGHTS.vector()).max() > RECOVERY_TOLERANCE


def test_learn_weights_reports_cv_and_calibration(learned, demo_history):
    """Five folds of held-out metrics and a calibration table that covers every placement."""
    assert len(learned.cv) == 5
    assert (learned.cv["roc_auc"] > 0.65).all()
    assert learned.calibration["count"].sum() == learned.n == len(demo_history.frame)
    gap = (learned.calibration["mean_predicted"] - learned.calibration["observed"]).abs()
    assert gap.max() < 0.05
    table = learned.table.set_index("component")
    assert not table.at["availability", "varies"]  # demo functions: all days fixed
    assert np.isnan(table.at["availability", "known_coef"])
    assert table.loc[["travel", "level"], "varies"].all()


def test_learn_weights_clips_a_harmful_component():
    """A component that lowers the outcome gets weight 0 and is flagged as clipped."""
    rng = np.random.default_rng(0)
    n = 4000
    frame = pd.DataFrame({c: rng.random(n) for c in COMPONENTS})
    logit = 4 * frame["travel"] - 3 * frame["wishes"] - 0.5
    frame["employed_6m"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    learned = tuning.learn_weights(frame, cv=3)
    table = learned.table.set_index("component")
    assert table.at["wishes", "clipped"] and learned.weights.wishes == 0
    assert learned.weights.travel > 0.5


@pytest.mark.parametrize(("frame", "message"), [
    (pd.DataFrame({"travel": [0.5]}), "needs the columns"),  # components missing
    (pd.DataFrame({**{c: [0.5, 0.6] for c in COMPONENTS}, "employed_6m": [1, 1]}),
     "both outcomes"),  # one outcome only
])
def test_learn_weights_rejects_unusable_histories(frame, message):
    """A history without the columns or without both outcomes is refused."""
    with pytest.raises(ValueError, match=message):
        tuning.learn_weights(frame)


# ---------------------------------------------------------------- stability


def test_stability_is_zero_for_zero_delta(instance):
    """Changing nothing changes no assignment and keeps every ranking (Spearman 1)."""
    frame = tuning.stability(instance, delta=0.0)
    assert len(frame) == 2 * len(COMPONENTS)
    assert (frame["changed_share"] == 0).all()
    assert (frame["spearman"] == 1.0).all()


def test_stability_rows_are_in_range(instance):
    """Shares lie in [0, 1], correlations in [-1, 1], weights move by 10%."""
    frame = tuning.stability(instance)
    assert frame["changed_share"].between(0, 1).all()
    assert frame["spearman"].between(-1, 1).all()
    travel = frame[frame["component"] == "travel"].set_index("direction")["weight"]
    assert travel.to_dict() == pytest.approx({"+": 0.275, "-": 0.225})


def test_stability_sees_a_flip(tiny):
    """On a near tie, 10% less travel weight hands the function from A to B."""
    frame = tuning.stability(tiny, TRAVEL_LEVEL).set_index(["component", "direction"])
    assert frame.at[("travel", "-"), "changed_share"] == 1.0
    assert frame.at[("travel", "+"), "changed_share"] == 0.0
    assert frame.at[("level", "+"), "changed_share"] == 1.0
    assert frame.at[("travel", "-"), "spearman"] == pytest.approx(-1.0)


def test_stability_rejects_a_bad_delta(instance):
    """delta must lie in [0, 1)."""
    with pytest.raises(ValueError, match="delta"):
        tuning.stability(instance, delta=1.5)


# ---------------------------------------------------------------- audit


def test_audit_rates_add_up(instance):
    """Per attribute the groups add up to the pool, the shortlist and the placements."""
    frame = tuning.audit(instance)
    total = frame[frame["attribute"] == "all"].iloc[0]
    assert total["candidates"] == 600
    assert total["assigned"] == matcher.assign(instance.scores).placements
    assert total["shortlisted"] == tuning.top_candidates(instance.scores)["candidate_id"].nunique()
    for attribute, groups in frame[frame["attribute"] != "all"].groupby("attribute"):
        assert groups["candidates"].sum() == total["candidates"], attribute
        assert groups["shortlisted"].sum() == total["shortlisted"], attribute
        assert groups["assigned"].sum() == total["assigned"], attribute
    assert frame["shortlisted_rate"].between(0, 1).all()
    assert frame["assigned_rate"].between(0, 1).all()
    assert set(frame["attribute"]) == {"all", "distance band", "hours band", "education level",
                                       "unknown fields", "region"}


def test_audit_groups_order_and_content(instance):
    """Bands come in their natural order with unknown last; no load or contact groups."""
    frame = tuning.audit(instance)
    bands = frame.loc[frame["attribute"] == "distance band", "group"].tolist()
    assert bands == [b for b in ["0-5 km", "5-10 km", "10-20 km", "20-40 km", "40+ km",
                                 "onbekend"] if b in bands]
    groups = tuning.audit_groups(instance)
    assert "physical_capacity" not in groups.columns and "load" not in groups.columns
    unknown_pc4 = instance.pool.frame["pc4"].fillna("") == ""
    assert (groups.loc[unknown_pc4.to_numpy(), "region"] == "onbekend").all()
    assert (groups.loc[unknown_pc4.to_numpy(), "distance band"] == "onbekend").all()


def test_audit_groups_bands_on_the_tiny_instance(tiny):
    """A lives next to the school, B 19.5 km away; both want at most 30 h."""
    groups = tuning.audit_groups(tiny).set_index("candidate_id")
    assert groups.at["A", "distance band"] == "0-5 km"
    assert groups.at["B", "distance band"] == "10-20 km"  # 19.5 km
    assert groups.at["B", "hours band"] == "24-32 u"
    assert groups.at["A", "education level"] == "onbekend"
    assert groups.at["B", "region"] == "Utrecht"


# ---------------------------------------------------------------- register text


def test_algorithm_description_is_the_docs_file():
    """The notebook shows docs/algorithm.md, which covers the register's sections."""
    text = tuning.algorithm_description()
    root = Path(__file__).resolve().parents[1]
    assert text == (root / "docs" / "algorithm.md").read_text(encoding="utf-8")
    for heading in ("Purpose", "Inputs", "Logic", "Human decision", "Limits", "Monitoring"):
        assert heading in text, heading
    assert "docs/carving.md" in text or "carving.md" in text


def test_algorithm_description_with_a_path(tmp_path: Path):
    """An explicit path is read as is."""
    path = tmp_path / "a.md"
    path.write_text("# x\n", encoding="utf-8")
    assert tuning.algorithm_description(path) == "# x\n"
