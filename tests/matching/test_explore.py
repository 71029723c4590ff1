"""Tests for matcher.matching.explore: Kandidatenverkenner-like filters, unknown is unknown."""

from __future__ import annotations

import matcher
from matcher.matching.explore import EDUCATION_ORDER, education_options, filter_pool


def test_filter_pool_unknown_is_unknown(demo_pool, vo_inventory) -> None:
    """With unknowns counted, a profile with an unknown field passes that filter; else not."""
    f = demo_pool.frame
    with_unknown = filter_pool(demo_pool, vo_inventory.sites, None, 25, (0, 40), ["pro"], [],
                               True)
    without = filter_pool(demo_pool, vo_inventory.sites, None, 25, (0, 40), ["pro"], [], False)
    assert set(without["education"]) == {"pro"}
    assert len(with_unknown) == int((f["education"] == "pro").sum()
                                    + (f["education"] == "onbekend").sum())
    near = filter_pool(demo_pool, vo_inventory.sites, "centrum", 5, (0, 40), [], [], False)
    assert (near["distance_km"] <= 5).all()


def test_filters_of_days_and_hours(demo_pool, vo_inventory) -> None:
    """Days: every chosen day available; hours: the wished range meets the chosen one."""
    f = demo_pool.frame
    known = filter_pool(demo_pool, vo_inventory.sites, None, 25, (30, 40), [], [0, 4], False)
    assert all({0, 4} <= set(d) for d in known["days_available"])
    assert (known["hours_per_week_max"].fillna(40) >= 30).all()
    everyone = filter_pool(demo_pool, None, None, 25, (0, 40), [], [], True)
    assert len(everyone) == len(f) and everyone["distance_km"].isna().all()
    empty = matcher.Pool(f.iloc[:0].reset_index(drop=True))
    assert len(filter_pool(empty, None, None, 25, (0, 40), ["wo"], [1], True)) == 0


def test_education_options_in_order(demo_pool) -> None:
    options = education_options(demo_pool)
    ranked = [e for e in EDUCATION_ORDER if e in options]
    assert options[: len(ranked)] == ranked and len(set(options)) == len(options)
