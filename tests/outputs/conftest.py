"""Fixtures shared by the outputs tests: the demo carving and its function profiles."""

from __future__ import annotations

import pytest

import matcher
from matcher.outputs.description import FunctionProfile, build_profiles


@pytest.fixture(scope="module")
def demo(vo_carving: matcher.Carving) -> matcher.Carving:
    """The demo secondary school carved with default settings (shared session carving)."""
    return vo_carving


@pytest.fixture(scope="module")
def profiles(demo: matcher.Carving) -> list[FunctionProfile]:
    """Profiles of the demo functions."""
    return build_profiles(demo)
