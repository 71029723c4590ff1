"""Tests of matcher.matching.explain: the Dutch explanation of a scored pair."""

from __future__ import annotations

import re

from matcher.matching import explain_pair


def test_explanation_names_unknowns(demo_match):
    """The explanation of a pair with unknown fields says which are unknown."""
    scores, _ = demo_match
    row = scores.frame[scores.frame["confidence"] < 1].iloc[0]
    text = scores.explain(row["function_id"], row["candidate_id"])
    assert "Onbekend:" in text


def test_explanation_writes_numbers_the_dutch_way(demo_match):
    """Distances and hours in an explanation have a decimal comma, never a point."""
    scores, _ = demo_match
    frame = scores.frame
    for _, row in frame[frame["distance_km"] >= 1].head(20).iterrows():
        text = explain_pair(row, scores.functions, int(row["f_index"]),
                            scores.pool.frame.iloc[int(row["c_index"])], scores.sites)
        assert "reisafstand ca. " in text
        assert not re.search(r"\d\.\d", text), text
