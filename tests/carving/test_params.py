"""The settings of carving (matcher.carving.params): every broken rule is refused at once,
each naming its field, in English and Dutch."""

from __future__ import annotations

from dataclasses import fields

import pytest

from matcher.carving import CarveParams, SolverParams
from matcher.errors import ParamError


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"min_hours": 30, "max_hours": 20}, ("target_hours",)),  # band reversed
        ({"target_hours": 35}, ("target_hours",)),  # target above max
        ({"max_areas": 0}, ("max_areas",)),  # no area allowed
        ({"coherence_weight": 2}, ("coherence_weight",)),  # weight out of range
        ({"min_hours": 0, "max_hours": 45, "max_sites": 0, "max_level_spread": -1,
          "site_weight": -1}, ("min_hours", "max_hours", "max_sites", "max_level_spread",
                               "site_weight")),
    ],
)
def test_invalid_carve_params_name_every_field(kwargs, fields):
    """Invalid carve rules are refused with a ParamError naming every broken field."""
    with pytest.raises(ParamError, match="CarveParams") as info:
        CarveParams(**kwargs)
    assert set(info.value.fields) == set(fields)
    assert all(p.code.startswith("param.") for p in info.value.problems)
    assert all(p.message("nl") != p.message("en") for p in info.value.problems)


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"restarts": 0}, ("restarts",)),  # nothing to run
        ({"select_gap": 1.0}, ("select_gap",)),  # a gap of 100% accepts any packing
        ({"select_gap": -0.01}, ("select_gap",)),
        ({"exact_work": 0}, ("exact_work",)),  # the exact method could not even start
        ({"exact_starts": 0}, ("exact_starts",)),
        ({"exact_improve_tasks": -1}, ("exact_improve_tasks",)),
        ({"exact_max_sets": 0}, ("exact_max_sets",)),
        ({"method": "magic", "time_limit": 0, "time_budget": -1, "workers": 0,
          "block_tasks": 5, "lns_size": 1},
         ("method", "time_limit", "time_budget", "workers", "block_tasks", "lns_size")),
    ],
)
def test_invalid_solver_params_name_every_field(kwargs, fields):
    """Invalid solver settings are refused with a ParamError naming every broken field."""
    with pytest.raises(ParamError, match="SolverParams") as info:
        SolverParams(**kwargs)
    assert set(info.value.fields) == set(fields)
    assert all(p.file == "SolverParams" for p in info.value.problems)


def test_user_rules_and_solver_settings_are_apart():
    """CarveParams holds only what a user decides; the method and limits are the solver's."""
    rules = {f.name for f in fields(CarveParams)}
    assert {"method", "seed", "time_budget", "workers", "lns_rounds"}.isdisjoint(rules)
    assert {"min_hours", "max_areas", "site_weight", "schedule"} <= rules
    assert {f.name for f in fields(SolverParams)}.isdisjoint(rules)
