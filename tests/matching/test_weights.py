"""Tests of matcher.matching.weights: the one score formula, and weights in and out of TOML."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

from matcher.errors import InputError
from matcher.matching import COMPONENTS, Weights

SKEWED = Weights(travel=0.61803, hours=0.2, level=0.1234567, availability=0.15, load=0.1,
                 wishes=0.0271828, unknown_value=0.4)


def test_combine_is_the_weighted_mean_with_unknowns_as_unknown_value():
    """score = sum(w * value) / sum(w), an unknown (NaN) counting as unknown_value."""
    values = np.array([[1.0, 0.5, np.nan, 0.25, np.nan, 0.0],
                       [0.2, 0.4, 0.6, 0.8, 1.0, 0.0]])
    filled = np.where(np.isnan(values), SKEWED.unknown_value, values)
    expected = filled @ SKEWED.vector() / SKEWED.vector().sum()
    np.testing.assert_allclose(SKEWED.combine(values), expected, rtol=0, atol=1e-15)
    assert SKEWED.combine(np.full(6, np.nan)) == pytest.approx(SKEWED.unknown_value)


def test_combine_equals_the_sum_of_its_terms_bit_for_bit():
    """The graph adds the travel, profile and other terms; combine adds the same ones."""
    rng = np.random.default_rng(3)
    values = rng.random((200, len(COMPONENTS)))
    values[rng.random(values.shape) < 0.3] = np.nan
    terms = SKEWED.combine_terms(
        SKEWED.travel_term(values[:, 0]),
        SKEWED.profile_term(values[:, 1], values[:, 2], values[:, 3]),
        SKEWED.other_term(values[:, 4], values[:, 5]))
    np.testing.assert_array_equal(SKEWED.combine(values), terms)


def test_confidence_and_losses():
    """Confidence is the share of weight on known components; a loss is weight share x
    shortfall, an unknown counting as unknown_value."""
    values = np.array([1.0, np.nan, 0.5, 1.0, np.nan, 1.0])
    w = SKEWED.shares()
    assert SKEWED.confidence(values) == pytest.approx(1 - w[1] - w[4])
    np.testing.assert_allclose(SKEWED.losses(values),
                               w * (1 - np.array([1.0, 0.4, 0.5, 1.0, 0.4, 1.0])))
    assert w.sum() == pytest.approx(1.0)


def test_weights_toml_round_trip(tmp_path):
    """Weights written as TOML read back equal."""
    weights = Weights(travel=0.4, wishes=0.05, unknown_value=0.4)
    path = tmp_path / "w.toml"
    path.write_text(weights.to_toml(), encoding="utf-8")
    assert Weights.from_toml(path) == weights


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[weights]\ntravel = -1\n", "weights.travel"),  # negative weight
        ("[weights]\nspeed = 1\n", "unknown key"),  # unknown component
        ("[weigths]\ntravel = 1\n", "unknown table"),  # misspelt table
        ("[weights]\ntravel = 'veel'\n", "must be a number"),  # text instead of number
        ("[weights]\ntravel = 0\nhours = 0\nlevel = 0\navailability = 0\nload = 0\n"
         "wishes = 0\n", "at least one weight"),  # all zero
        ("[options]\nunknown_value = 2\n", "unknown_value"),  # outside [0, 1]
        ("travel = = 1", "not valid TOML"),  # broken syntax
    ],
)
def test_weights_toml_errors(tmp_path, text, fragment):
    """Bad weight files give an InputError naming the file and the key."""
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        Weights.from_toml(path)
    assert fragment in str(info.value)
    assert "bad.toml" in str(info.value)


def test_default_weights_file_matches_code():
    """The shipped default_weights.toml equals the defaults in code."""
    path = resources.files("matcher").joinpath("default_weights.toml")
    with resources.as_file(path) as file:
        assert Weights.from_toml(file) == Weights()
