"""Tests for matcher.outputs.wsp: the pseudonymous WSP shortlist."""

from __future__ import annotations

import io

import pandas as pd

import matcher
from matcher.outputs.wsp import wsp_shortlist, wsp_shortlist_csv


def test_wsp_shortlist_is_pseudonymous_and_small_group_checked(vo_carving, demo_pool) -> None:
    """Pseudonyms and scores only; with the pool, coarsened profile fields, no explanation."""
    scores = matcher.score_pairs(vo_carving.functions, demo_pool, vo_carving.inventory.sites)
    short = matcher.shortlist(scores, top=10, assignment=matcher.assign(scores))
    bare = wsp_shortlist(vo_carving, short)
    assert list(bare.columns[:3]) == ["function_id", "title", "rank"]
    assert set(bare["assigned"]) <= {"ja", "nee"}
    frame = pd.read_csv(io.BytesIO(wsp_shortlist_csv(vo_carving, short, demo_pool)), sep=";",
                        encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert "explanation" not in frame.columns and "lat" not in frame.columns
    assert "generalised" in frame.columns and set(frame["candidate_id"]) <= set(demo_pool.ids)
    assert len(frame) == len(short)
