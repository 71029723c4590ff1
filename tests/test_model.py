"""Tests for matcher.model: the 25.5 h rule (fta) and the typed inputs."""

from __future__ import annotations

import pytest

from matcher.model import FTA_HOURS, Inventory, Task, fta


@pytest.mark.parametrize(("hours", "jobs"), [(25.5, 1.0), (51.0, 2.0), (0.0, 0.0), (12.75, 0.5),
                                             (20.0, 0.78), (30.0, 1.18), (1.0, 0.04)])
def test_fta_counts_hours_pro_rata_with_two_decimals(hours, jobs):
    """One job is 25.5 paid hours a week; other sizes count pro rata, to two decimals."""
    assert fta(hours) == jobs


def test_fta_hours_is_the_banenafspraak_week():
    assert FTA_HOURS == 25.5
    assert fta(FTA_HOURS) == 1.0


def test_an_inventory_keeps_its_tasks_and_counts_hours():
    tasks = [Task("T1", "a", "concierge", 2.5, 1), Task("T2", "b", "classroom", 3.0, 2,
                                                        days=(0, 2), start=600, end=690)]
    inventory = Inventory.from_tasks(tasks)
    assert inventory.tasks == tuple(tasks)
    assert inventory.total_hours == 5.5
    assert inventory.warnings == ()
    assert tasks[1].fixed and not tasks[0].fixed
    assert tasks[1].when == "ma,wo 10:00-11:30"
    assert tasks[0].when == "flexibel"


def test_travel_minutes_pair_by_pair_and_for_some_sites() -> None:
    """The travel table equals the distance matrix turned into minutes pair by pair (an
    unknown location is inf, the diagonal 0), and ``only`` keeps just those sites' pairs."""
    import math

    import pandas as pd

    from matcher.model import Sites

    sites = Sites(pd.DataFrame({
        "site": ["A", "B", "C"], "name": ["A", "B", "C"], "lat": [52.15, 52.16, float("nan")],
        "lon": [5.38, 5.40, float("nan")], "pc4": ["3811", "3812", ""], "board": "",
        "approximate": False}))
    km = sites.distance_km()
    table = sites.travel_minutes()
    assert len(table) == 9
    for a in "ABC":
        for b in "ABC":
            d = float(km.loc[a, b])
            expected = 0.0 if a == b else math.inf if math.isnan(d) else \
                float(sites.travel.minutes(d))
            assert table[(a, b)] == expected
    assert 0 < table[("A", "B")] < math.inf and table[("A", "C")] == math.inf
    assert sites.travel_minutes({"A", "B"}) == {
        k: v for k, v in table.items() if "C" not in k}
