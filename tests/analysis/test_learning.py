"""Tests of matcher.analysis.learning: learning weights from placement outcomes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from matcher import analysis
from matcher.analysis.history import RECOVERY_TOLERANCE, TRUE_WEIGHTS
from matcher.matching import COMPONENTS, Weights


def test_component_features_fill_unknowns_and_add_indicators():
    """Unknown components become unknown_value; indicators are 1 for known values."""
    frame = pd.DataFrame({c: [0.2, np.nan] for c in COMPONENTS})
    X, names = analysis.component_features(frame, 0.4, ["travel", "wishes"])
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
    learned = analysis.learn_weights(frame, cv=3)
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
        analysis.learn_weights(frame)
