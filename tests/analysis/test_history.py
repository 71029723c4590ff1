"""Tests of matcher.analysis.history: the seeded synthetic placement history and its
outcome model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import matcher
from matcher import analysis
from matcher.analysis.history import (
    RECOVERY_TOLERANCE,
    TRUE_WEIGHTS,
    History,
    OutcomeModel,
    generate_history,
)
from matcher.demo import generate_candidates
from matcher.matching import COMPONENTS, Weights


@pytest.fixture(scope="module")
def vo(vo_carving, demo_pool, vo_inventory) -> analysis.Instance:
    """The demo secondary school (its functions and sites are what the history uses)."""
    return analysis.Instance.from_parts(vo_carving.functions, demo_pool, vo_inventory.sites,
                                      "vo")


@pytest.fixture(scope="module")
def small(vo) -> History:
    """A small history on the demo secondary school (fast to generate)."""
    return generate_history(1500, seed=7, pool_size=10000, instances=[vo])


def test_history_columns_and_values(small):
    """One row per placement with components in [0, 1] or unknown and a 0/1 outcome."""
    frame = small.frame
    assert len(frame) == 1500
    assert frame["placement_id"].is_unique
    assert list(frame.columns) == ["placement_id", "function_id", "candidate_id", *COMPONENTS,
                                   "distance_km", "score", "confidence", "employed_6m"]
    comps = frame[list(COMPONENTS)]
    assert ((comps >= 0) & (comps <= 1) | comps.isna()).all().all()
    assert set(frame["employed_6m"]) == {0, 1}
    assert frame["candidate_id"].str.startswith("H").all()
    assert not frame[["function_id", "candidate_id"]].duplicated().any()


def test_history_places_only_feasible_pairs(small, vo):
    """Every placement is a pair without knock-out (checked by scoring it again)."""
    raw = generate_candidates(small.pool_size, small.seed)
    raw["candidate_id"] = "H" + raw["candidate_id"].str[1:]
    pool = matcher.load_candidates(raw.to_csv(index=False).encode(), name="again.csv")
    frame = matcher.score_pairs(vo.scores.functions, pool, vo.sites).frame
    placed = small.frame.merge(frame, on=["function_id", "candidate_id"], how="left",
                               suffixes=("", "_again"))
    assert placed["feasible"].all()
    assert_allclose(placed["score"], placed["score_again"])


def test_history_is_seeded(vo, small):
    """The same seed gives the same history; another seed another one."""
    again = generate_history(1500, seed=7, pool_size=10000, instances=[vo])
    pd.testing.assert_frame_equal(again.frame, small.frame)
    other = generate_history(1500, seed=8, pool_size=10000, instances=[vo])
    assert not other.frame["employed_6m"].equals(small.frame["employed_6m"])


def test_history_outcome_rate_follows_the_model(vo):
    """The share still employed is close to the model's mean probability."""
    history = generate_history(3000, seed=3, pool_size=24000, instances=[vo],
                               model=OutcomeModel(noise_sd=0.0))
    expected = history.model.probability(history.frame).mean()
    assert history.frame["employed_6m"].mean() == pytest.approx(expected, abs=0.03)


def test_history_selectivity_favours_high_scores(vo):
    """Placers with a strong preference for high scores place higher-scoring pairs."""
    picky = generate_history(800, seed=1, pool_size=8000, instances=[vo], selectivity=20.0)
    blind = generate_history(800, seed=1, pool_size=8000, instances=[vo], selectivity=0.0)
    assert picky.frame["score"].mean() > blind.frame["score"].mean() + 0.02


def test_history_refuses_more_placements_than_feasible_pairs(vo):
    """Asking for more placements than feasible pairs names the fix."""
    with pytest.raises(ValueError, match="raise pool_size"):
        generate_history(10_000, seed=1, pool_size=200, instances=[vo])


@pytest.mark.parametrize("kwargs", [{"n_placements": 0},  # nothing to draw
                                    {"pool_size": 0}])  # no pool
def test_history_rejects_empty_sizes(kwargs):
    """Sizes must be positive."""
    with pytest.raises(ValueError, match=">= 1"):
        generate_history(**kwargs)


def test_history_summary(small):
    """The summary counts placements, the outcome rate and known shares."""
    summary = small.summary()
    assert summary["placements"] == 1500
    assert 0 < summary["employed_6m_rate"] < 1
    assert 0 < summary["level_known"] < 1


def test_outcome_model_probability_rises_with_every_weighted_component():
    """Raising any component with a positive true weight raises the probability."""
    model = OutcomeModel()
    base = pd.DataFrame({c: [0.5] for c in COMPONENTS})
    p0 = model.probability(base)[0]
    for c in COMPONENTS:
        better = base.copy()
        better[c] = 0.9
        assert model.probability(better)[0] > p0, c


def test_outcome_model_counts_unknown_as_unknown_value():
    """An unknown component counts as the true weights' unknown_value."""
    model = OutcomeModel()
    unknown = pd.DataFrame({c: [np.nan] for c in COMPONENTS})
    half = pd.DataFrame({c: [TRUE_WEIGHTS.unknown_value] for c in COMPONENTS})
    assert model.logit(unknown)[0] == pytest.approx(model.logit(half)[0])
    assert model.true_score(half)[0] == pytest.approx(0.5)


@pytest.mark.parametrize("kwargs", [{"slope": 0.0},  # no effect of the score
                                    {"noise_sd": -1.0}])  # negative spread
def test_outcome_model_rejects_bad_settings(kwargs):
    """The slope must be positive and the noise non-negative."""
    with pytest.raises(ValueError, match="OutcomeModel"):
        OutcomeModel(**kwargs)


def test_true_weights_differ_from_the_defaults():
    """The truth differs from the defaults by more than the tolerance, so learning shows."""
    assert TRUE_WEIGHTS.vector().sum() == pytest.approx(1.0)
    assert np.abs(TRUE_WEIGHTS.vector() - Weights().vector()).max() > RECOVERY_TOLERANCE
