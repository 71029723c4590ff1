"""Shared fixtures: an input-file writer, and the demo data loaded, carved and matched once."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

import matcher

# Deterministic property tests: the same examples on every run and every machine.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci")

# The store of kept sessions: one fresh file for this test run (the app's servers and
# AppTests included), never the user's own store.
os.environ["MATCHER_STORE"] = str(Path(tempfile.mkdtemp(prefix="matcher-store-"))
                                  / "store.sqlite")

WriteFile = Callable[..., Path]


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Return ``write(name, text, encoding="utf-8", bom=False)`` that creates tmp_path/name."""

    def write(name: str, text: str, encoding: str = "utf-8", bom: bool = False) -> Path:
        path = tmp_path / name
        data = text.encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write


@pytest.fixture(scope="session")
def vo_inventory() -> matcher.Inventory:
    """The demo secondary school's inventory with its two sites."""
    files = matcher.demo_files("vo")
    return matcher.load_tasks(files.tasks, files.sites)


@pytest.fixture(scope="session")
def vo_carving(vo_inventory: matcher.Inventory) -> matcher.Carving:
    """The demo secondary school carved with default settings."""
    return matcher.carve(vo_inventory)


@pytest.fixture(scope="session")
def demo_pool() -> matcher.Pool:
    """The synthetic demo candidate pool."""
    return matcher.load_candidates(matcher.demo_files("vo").candidates)


@pytest.fixture(scope="session")
def demo_match(
    vo_carving: matcher.Carving, vo_inventory: matcher.Inventory, demo_pool: matcher.Pool
) -> tuple[matcher.PairScores, matcher.Assignment]:
    """Scores of the demo functions against the demo pool, and the exact assignment."""
    scores = matcher.score_pairs(vo_carving.functions, demo_pool, vo_inventory.sites)
    return scores, matcher.assign(scores)
