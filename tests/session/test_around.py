"""Tests for carving around the candidate pool (issue 3, part 3)."""

from __future__ import annotations

import numpy as np
import pytest

import matcher
from matcher.session.around import carve_around_pool, reachable


@pytest.fixture(scope="module")
def around(vo_inventory, demo_pool):
    """The vo demo carved around the demo pool (once for the tests of this module)."""
    return carve_around_pool(vo_inventory, demo_pool)


def test_around_never_worse_than_carving_first(around):
    """The chosen variant places at least as many people as carving first, matching after."""
    result = around
    first = next(v for v in result.variants if v["variant"] == "standaard")
    assert result.assignment.placements >= first["placements"]
    chosen = next(v for v in result.variants if v["variant"] == result.label)
    assert chosen["placements"] == result.assignment.placements
    assert len(result.variants) >= 2


def test_around_is_deterministic(around, vo_inventory, demo_pool):
    """Same inventory, pool and seed give the same chosen carving."""
    a = around
    b = carve_around_pool(vo_inventory, demo_pool)
    assert a.label == b.label
    assert a.carving.functions_frame().equals(b.carving.functions_frame())


def test_reachable_uses_travel_limits(vo_inventory, demo_pool):
    """Reachable profiles have a location and lie within their maximum travel distance."""
    idx = reachable(vo_inventory, demo_pool)
    frame = demo_pool.frame.iloc[idx]
    assert frame["lat"].notna().all()
    site = vo_inventory.sites.frame.iloc[0]
    far = matcher.geo.haversine_km(site["lat"], site["lon"], frame["lat"].to_numpy(),
                                   frame["lon"].to_numpy())
    limit = np.where(frame["max_travel_km"].isna(), 15.0, frame["max_travel_km"])
    other = vo_inventory.sites.frame.iloc[1]
    far2 = matcher.geo.haversine_km(other["lat"], other["lon"], frame["lat"].to_numpy(),
                                    frame["lon"].to_numpy())
    assert (np.minimum(far, far2) <= limit + 1e-9).all()
    assert 0 < len(idx) < len(demo_pool)
