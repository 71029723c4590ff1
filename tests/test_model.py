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
