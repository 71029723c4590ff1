"""Tests for the relaxations tried when little can be carved."""

from __future__ import annotations

import pytest

from matcher.carving import CarveParams, carve
from matcher.carving.relax import (
    RELAX_BELOW,
    needs_relaxing,
    relaxation_frame,
    relaxations,
)
from matcher.demo import demo_files
from matcher.inputs.loaders import load_tasks


@pytest.fixture(scope="module")
def po_per_site():
    """The demo board carved one site per function: its small schools give nothing."""
    files = demo_files("po")
    inventory = load_tasks(files.tasks, files.sites)
    return carve(inventory, CarveParams(max_sites=1))


def test_little_carved_tries_each_looser_rule_and_never_gives_less(po_per_site):
    carving = po_per_site
    share = carving.summary()["carved_share_of_carvable"]
    assert share < RELAX_BELOW and needs_relaxing(carving)
    seen: list[tuple[int, int, str]] = []
    found = relaxations(carving, progress=lambda done, total, label: seen.append(
        (done, total, label)))
    rules = [r.rule for r in found]
    assert {"max_sites", "max_areas", "min_hours", "max_level_spread", "split_days",
            "opening_hours"} == set(rules)
    assert seen[-1][0] == seen[-1][1] == len(found) and seen[0][0] == 0
    carved = sum(f.hours for f in carving.functions)
    for r in found:  # started from the current carving: a looser rule never gives less
        assert r.hours >= carved - 1e-9
        assert r.functions == len(r.carving.functions)
        assert r.hours == pytest.approx(sum(f.hours for f in r.carving.functions), abs=0.01)
        changed = {k for k, v in vars(r.carving.params).items()
                   if v != getattr(carving.params, k)}
        assert changed <= {"max_sites", "max_areas", "min_hours", "max_level_spread",
                           "split_days", "schedule"} and len(changed) == 1
    assert [r.hours for r in found] == sorted((r.hours for r in found), reverse=True)
    best = found[0]
    assert best.hours > carved  # something helps this board
    sites = next(r for r in found if r.rule == "max_sites")
    assert sites.setting == "6" and sites.text().startswith("Met maximaal 6 locaties per functie")
    frame = relaxation_frame(found)
    assert list(frame.columns) == ["rule", "setting", "functions", "hours", "fta", "toelichting"]
    assert "," in frame["toelichting"].iloc[0] or frame["functions"].iloc[0] == 0


def test_a_well_carved_inventory_needs_no_relaxing():
    files = demo_files("vo")
    carving = carve(load_tasks(files.tasks, files.sites))
    assert carving.summary()["carved_share_of_carvable"] >= RELAX_BELOW
    assert not needs_relaxing(carving)
