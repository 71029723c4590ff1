"""Tests of matcher.analysis.instance: an instance scored once, re-weighting without scoring
again, and top candidates."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import matcher
from matcher import analysis
from matcher.matching import Weights


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
    again = analysis.rescore(instance.scores, weights)
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
    again = analysis.rescore(instance.scores, weights)
    pd.testing.assert_frame_equal(again.frame, fresh.frame)


def test_rescore_leaves_the_input_alone(instance):
    """rescore returns a new PairScores and does not modify the one it got."""
    before = instance.scores.frame["score"].copy()
    analysis.rescore(instance.scores, replace(Weights(), travel=3.0))
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
    ours = analysis.top_candidates(instance.scores, 5)
    theirs = matcher.shortlist(instance.scores, top=5)
    assert ours[["function_id", "rank", "candidate_id"]].values.tolist() == \
        theirs[["function_id", "rank", "candidate_id"]].values.tolist()


def test_top_candidates_rejects_top_below_one(instance):
    """top must be at least 1."""
    with pytest.raises(ValueError, match="top must be >= 1"):
        analysis.top_candidates(instance.scores, 0)
