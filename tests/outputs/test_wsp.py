"""Tests for matcher.outputs.wsp: the pseudonymous WSP shortlist."""

from __future__ import annotations

import io

import pandas as pd

import matcher
from matcher.outputs.wsp import (
    WSP_HEADERS_NL,
    wsp_shortlist,
    wsp_shortlist_csv,
    wsp_shortlist_xlsx,
    wsp_table,
)


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
    assert "grover gemaakt" in frame.columns
    assert set(frame["kandidaat (pseudoniem)"]) <= set(demo_pool.ids)
    assert len(frame) == len(short)


def test_the_wsp_download_is_dutch_for_a_dutch_excel(vo_carving, demo_pool) -> None:
    """Dutch headers, the place in words, decimal commas in a ;-file; the same in .xlsx."""
    scores = matcher.score_pairs(vo_carving.functions, demo_pool, vo_carving.inventory.sites)
    short = matcher.shortlist(scores, top=10, assignment=matcher.assign(scores))
    table = wsp_table(vo_carving, short, demo_pool)
    assert list(table.columns[:4]) == ["functie", "functietitel", "rang",
                                       "kandidaat (pseudoniem)"]
    assert set(table.columns) <= set(WSP_HEADERS_NL.values())
    assert all(p == "onbekend" or p.split()[0] in ("postcode", "postcodegebied", "provincie")
               or p == "Nederland" for p in table["woongebied"])
    text = wsp_shortlist_csv(vo_carving, short, demo_pool).decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.split(";")[:3] == ["functie", "functietitel", "rang"]
    score = first.split(";")[4]
    assert "," in score and "." not in score  # 0,83 – a number for a Dutch Excel
    back = pd.read_excel(io.BytesIO(wsp_shortlist_xlsx(vo_carving, short, demo_pool)))
    assert list(back.columns) == list(table.columns) and len(back) == len(table)
    assert back["score"].dtype.kind == "f"  # numbers stay numbers in Excel
