"""Fixtures of the session tests: the demos carved once with fast settings."""

from __future__ import annotations

import pytest

import matcher
from matcher.session import carve_scoped
from tests.session import FAST, FAST_SOLVER


@pytest.fixture(scope="module")
def vo() -> tuple[matcher.Inventory, matcher.Carving]:
    """The vo demo carved once with fast settings."""
    files = matcher.demo_files("vo")
    inventory = matcher.load_tasks(files.tasks, files.sites)
    return inventory, matcher.carve(inventory, FAST, solver=FAST_SOLVER)


@pytest.fixture(scope="module")
def po_by_site() -> tuple[matcher.Inventory, matcher.Carving]:
    """The po board carved per site."""
    files = matcher.demo_files("po")
    inventory = matcher.load_tasks(files.tasks, files.sites)
    params = matcher.CarveParams(min_hours=8, target_hours=12, max_hours=16)
    return inventory, carve_scoped(inventory, params, "site", solver=FAST_SOLVER)
