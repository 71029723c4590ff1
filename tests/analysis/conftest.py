"""Fixtures of the analysis tests: the tiny and the demo instance, the demo history and
the weights learned from it (built once per session)."""

from __future__ import annotations

import pandas as pd
import pytest

import matcher
from matcher import analysis
from matcher.analysis.history import History, generate_history
from matcher.model import Inventory, Sites, Task
from tests.analysis import TINY_CANDIDATES


@pytest.fixture(scope="session")
def tiny() -> analysis.Instance:
    """One 25-hour level-1 function in Amersfoort; candidate A lives there, B in Utrecht."""
    tasks = [Task(f"T{i}", "kopieerwerk", "administration", 5.0, 1) for i in range(5)]
    sites = Sites(pd.DataFrame({"site": ["school"], "name": ["School"], "lat": [52.155],
                                "lon": [5.3875], "pc4": ["3811"], "board": [""],
                                "approximate": [False]}))
    carving = matcher.carve(Inventory.from_tasks(tasks, sites))
    pool = matcher.load_candidates(TINY_CANDIDATES.encode(), name="tiny.csv")
    return analysis.Instance.from_parts(carving.functions, pool, sites, "tiny")


@pytest.fixture(scope="session")
def instance(vo_carving, demo_pool, vo_inventory) -> analysis.Instance:
    """The demo secondary school against the demo pool."""
    return analysis.Instance.from_parts(vo_carving.functions, demo_pool, vo_inventory.sites,
                                        "vo")


@pytest.fixture(scope="session")
def demo_history() -> History:
    """The default demo history (both demo schools, seed 2025)."""
    return generate_history()


@pytest.fixture(scope="session")
def learned(demo_history) -> analysis.LearnedWeights:
    """Weights learned from the default demo history."""
    return analysis.learn_weights(demo_history)
