"""Tests of matcher.analysis.sweeps: evaluate, sweeps, the Pareto front, comparing assignments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import matcher
from matcher import analysis
from matcher.matching import Weights
from tests.analysis import LEVEL_ONLY, TRAVEL_LEVEL


def test_evaluate_agrees_with_assign(instance):
    """Placements and total score are those of matcher.matching.assign."""
    result = analysis.evaluate(instance, Weights())
    assignment = matcher.assign(instance.scores)
    assert result["placements"] == assignment.placements
    assert result["total_score"] == pytest.approx(assignment.total_score, abs=1e-4)
    assert 0 <= result["mean_level"] <= 1 and 0 <= result["level_known"] <= 1


def test_evaluate_with_reference_measures_in_the_reference(tiny):
    """With a reference, the assigned pair is scored with the reference weights."""
    own = analysis.evaluate(tiny, TRAVEL_LEVEL)  # picks A
    measured = analysis.evaluate(tiny, TRAVEL_LEVEL, reference=LEVEL_ONLY)
    assert own["total_score"] == pytest.approx(0.75, abs=0.01)
    assert measured["total_score"] == pytest.approx(0.5)  # A's unknown level counts 0.5


def test_evaluate_adds_expected_retention_with_an_outcome_model(tiny):
    """An outcome model adds the expected number still employed."""

    class Half:
        def probability(self, frame):
            return np.full(len(frame), 0.5)

    assert analysis.evaluate(tiny, Weights(), outcome=Half())["expected_retained"] == 0.5


def test_sweep_weight_rows_and_shares(instance):
    """One row per value, with the weight's normalised share."""
    frame = analysis.sweep_weight(instance, "travel", [0.0, 0.25, 1.0])
    assert frame["value"].tolist() == [0.0, 0.25, 1.0]
    assert_allclose(frame["share"], [0.0, 0.25, 1.0 / 1.75])
    assert (frame["placements"] == frame["placements"].iloc[0]).all()


def test_sweep_weight_more_travel_weight_shortens_travel(instance):
    """Weighting travel heavily gives a shorter mean distance than ignoring it."""
    frame = analysis.sweep_weight(instance, "travel", [0.0, 2.0])
    assert frame["mean_distance_km"].iloc[1] < frame["mean_distance_km"].iloc[0]


def test_sweep_weight_rejects_an_unknown_name(instance):
    """Only fields of Weights can be swept."""
    with pytest.raises(ValueError, match="'name' parameter of sweep_weight"):
        analysis.sweep_weight(instance, "speed", [1.0])


def test_sweep_grid_covers_the_grid(instance):
    """Every combination of the grid is evaluated once."""
    frame = analysis.sweep_grid(instance, {"travel": [0.1, 0.5], "level": [0.1, 0.2, 0.4]})
    assert len(frame) == 6
    assert set(map(tuple, frame[["travel", "level"]].values.tolist())) == \
        {(t, lv) for t in (0.1, 0.5) for lv in (0.1, 0.2, 0.4)}


def test_sweep_grid_rejects_unknown_parameters(instance):
    """A grid parameter that is not a weight is refused."""
    with pytest.raises(ValueError, match="unknown parameter"):
        analysis.sweep_grid(instance, {"speed": [1.0]})


def test_pareto_front_on_a_known_set():
    """Dominated and NaN points are off the front; ties both stay on."""
    frame = pd.DataFrame({"mean_distance_km": [5.0, 6.0, 4.0, 7.0, 4.0, np.nan],
                          "mean_level": [0.9, 1.0, 0.8, 0.9, 0.8, 1.0]})
    assert analysis.pareto_front(frame).tolist() == [True, True, True, False, True, False]


def test_compare_assignments(tiny):
    """Travel-heavy and level-only weights assign the function differently."""
    table = analysis.compare_assignments(tiny, TRAVEL_LEVEL, LEVEL_ONLY, labels=("t", "l"))
    assert table[["candidate_t", "candidate_l", "changed"]].values.tolist() == [["A", "B", True]]
    same = analysis.compare_assignments(tiny, Weights(), Weights())
    assert not same["changed"].any()
