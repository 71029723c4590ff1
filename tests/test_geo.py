"""Tests for matcher.geo: the PC4 table, distances and travel times."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from matcher.errors import ParamError
from matcher.geo import TravelParams, haversine_km, pc4_table, pc4_to_latlon


def test_pc4_table_shape():
    """The embedded table has unique 4-digit codes with coordinates inside the Netherlands."""
    table = pc4_table()
    assert len(table) > 3000
    assert table.index.is_unique
    assert table.index.str.fullmatch(r"[1-9]\d{3}").all()
    assert table["lat"].between(50.7, 53.6).all()
    assert table["lon"].between(3.3, 7.3).all()


@pytest.mark.parametrize(
    ("pc4", "place"),
    [
        ("1011", "Amsterdam"),  # first code of Amsterdam
        ("3511", "Utrecht"),  # Utrecht centre
        ("3811", "Amersfoort"),  # demo school
    ],
)
def test_pc4_to_latlon_known(pc4, place):
    """Known codes give the table's coordinates; surrounding spaces are ignored."""
    row = pc4_table().loc[pc4]
    assert row["place"] == place
    assert pc4_to_latlon(pc4) == (row["lat"], row["lon"])
    assert pc4_to_latlon(f" {pc4} ") == (row["lat"], row["lon"])


def test_pc4_to_latlon_unknown():
    """Codes that are not in the table give None."""
    missing = next(str(c) for c in range(1000, 10000) if str(c) not in pc4_table().index)
    assert pc4_to_latlon(missing) is None
    assert pc4_to_latlon("abcd") is None
    assert pc4_to_latlon("") is None
    assert pc4_to_latlon("1011AB") is None


def test_haversine_amsterdam_utrecht():
    """Amsterdam (1011) to Utrecht (3511) is about 35 km as the crow flies."""
    a, u = pc4_to_latlon("1011"), pc4_to_latlon("3511")
    assert a is not None and u is not None
    km = float(haversine_km(*a, *u))
    assert 30 < km < 40
    assert float(haversine_km(*u, *a)) == pytest.approx(km)  # symmetric


@pytest.mark.parametrize(
    ("p1", "p2", "km"),
    [
        ((52.0, 5.0), (52.0, 5.0), 0.0),  # same point
        ((52.0, 5.0), (53.0, 5.0), 111.19),  # one degree of latitude
        ((0.0, 0.0), (0.0, 180.0), 20015.1),  # half the equator
    ],
)
def test_haversine_known_distances(p1, p2, km):
    """Great-circle distances match textbook values."""
    assert float(haversine_km(*p1, *p2)) == pytest.approx(km, abs=0.1)


def test_haversine_broadcasts():
    """Distances broadcast over arrays to a full matrix with a zero diagonal."""
    lat = np.array([52.37, 52.09, 52.16])
    lon = np.array([4.89, 5.12, 5.39])
    km = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    assert km.shape == (3, 3)
    assert_allclose(np.diag(km), 0.0, atol=1e-9)
    assert_allclose(km, km.T)


def test_travel_minutes_values():
    """Minutes are overhead plus detour km at the given speed, rounded up."""
    params = TravelParams(speed_kmh=15.0, overhead_min=10.0, detour_factor=1.3)
    assert_allclose(params.minutes([0.0, 10.0, 0.1]), [10.0, 62.0, 11.0])
    assert float(TravelParams(60.0, 0.0, 1.0).minutes(30.0)) == 30.0


def test_travel_minutes_monotone():
    """More distance never takes fewer minutes."""
    km = np.linspace(0.0, 50.0, 501)
    minutes = TravelParams().minutes(km)
    assert (np.diff(minutes) >= 0).all()
    assert minutes[0] == 10.0
    assert minutes[-1] > minutes[0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"speed_kmh": 0.0}, "'speed_kmh': must be > 0"),  # standing still
        ({"speed_kmh": -5.0}, "'speed_kmh': must be > 0"),  # negative speed
        ({"overhead_min": -1.0}, "'overhead_min': must be a number >= 0"),  # negative overhead
        ({"detour_factor": 0.9}, "'detour_factor': must be at least 1"),  # shorter than straight
    ],
)
def test_travel_params_invalid(kwargs, message):
    """Invalid travel parameters raise a ParamError naming the field and the rule."""
    with pytest.raises(ParamError, match=message) as caught:
        TravelParams(**kwargs)
    assert caught.value.fields == tuple(kwargs)


def test_travel_params_lists_every_broken_field():
    with pytest.raises(ParamError) as caught:
        TravelParams(speed_kmh=0, overhead_min=-1, detour_factor=0.5)
    assert caught.value.fields == ("speed_kmh", "overhead_min", "detour_factor")
    assert "veld 'detour_factor': moet minstens 1 zijn" in caught.value.message("nl")
