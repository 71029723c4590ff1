"""Tests for matcher.quota: counting fta per site and board, and the quotum calculator."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import matcher
from matcher.errors import InputError
from matcher.model import Inventory, Sites, Task, fta
from matcher.quota import (
    DEFAULT_QUOTA,
    KNOWN_QUOTA,
    QuotaParameters,
    jobs_by_board,
    jobs_by_site,
    quota,
    total_fta,
)


def sites(boards: dict[str, str]) -> Sites:
    """Located sites with the given boards."""
    ids = list(boards)
    return Sites(pd.DataFrame({
        "site": ids, "name": [f"School {s}" for s in ids], "lat": 52.0, "lon": 5.0,
        "pc4": "", "board": [boards[s] for s in ids], "approximate": False,
    }))


def carved(tasks: list[Task], site_boards: dict[str, str], groups: list[list[str]]
           ) -> matcher.Carving:
    """Functions exactly as the given task groups."""
    inventory = Inventory(tuple(tasks), sites(site_boards))
    return matcher.carve(inventory, matcher.CarveParams(min_hours=1, target_hours=25.5),
                         locked=groups)


def test_fta_is_pro_rata_with_two_decimals():
    """25.5 h is one job; other sizes count pro rata, rounded to two decimals."""
    assert fta(25.5) == 1.0
    assert fta(17.0) == 0.67
    assert fta(0.0) == 0.0


def test_function_over_two_sites_counts_pro_rata_per_site():
    """A function with 17 h at A and 8.5 h at B counts 0.67 for A and 0.33 for B."""
    tasks = [Task("T1", "kopieerwerk", "administration", 17.0, 1, site="a"),
             Task("T2", "post", "administration", 8.5, 1, site="b"),
             Task("T3", "schoonmaak", "facilities", 20.0, 1, site="c")]
    carving = carved(tasks, {"a": "Bestuur 1", "b": "Bestuur 1", "c": "Bestuur 2"},
                     [["T1", "T2"], ["T3"]])
    per_site = jobs_by_site(carving.functions, carving.inventory.sites,
                            targets={"a": 1.0, "c": 0.0})
    assert list(per_site["fta"]) == [0.67, 0.33, 0.78]
    assert list(per_site["functions"]) == [1, 1, 1]
    assert per_site["target"].iloc[0] == 1.0 and math.isnan(per_site["target"].iloc[2])
    assert per_site["share"].iloc[0] == 0.67 and math.isnan(per_site["share"].iloc[1])
    per_board = jobs_by_board(carving.functions, carving.inventory.sites, target=2.0)
    assert list(per_board["board"]) == ["Bestuur 1", "Bestuur 2"]
    assert list(per_board["fta"]) == [1.0, 0.78]
    assert list(per_board["sites"]) == [2, 1]
    assert list(per_board["share"]) == [0.5, 0.39]
    assert total_fta(carving.functions) == fta(45.5)


def test_sites_without_functions_have_a_zero_row(vo_inventory):
    """Every site has a row, also without functions."""
    per_site = jobs_by_site((), vo_inventory.sites)
    assert list(per_site["site"]) == vo_inventory.sites.ids
    assert (per_site["fta"] == 0).all()


@pytest.mark.parametrize(
    ("employees", "hours", "realised", "basis", "required", "missing", "levy"),
    [
        (120, 2550.0, 0.0, "employees", 1.93, 1.93, 9650.0),  # 100 jobs x 1.93%
        (120, 2550.0, 0.5, "employees", 1.93, 1.43, 7150.0),  # realised jobs count
        (120, 2550.0, 3.0, "employees", 1.93, 0.0, 0.0),  # more than required: no levy
        (24, 2550.0, 0.0, "employees", 1.93, 1.93, 0.0),  # under 25 employees
        (24, 2550.0, 0.0, "jobs", 1.93, 1.93, 9650.0),  # but 100 jobs >= 25
        (30, 510.0, 0.0, "jobs", 0.39, 0.39, 0.0),  # 20 jobs < 25
    ],
)
def test_quota(employees, hours, realised, basis, required, missing, levy):
    """Required jobs are the percentage of hours / 25.5; the levy only when the quotum applies."""
    result = quota(employees, hours, realised, KNOWN_QUOTA[0], basis)  # 2018: 1.93%
    assert result.required_jobs == required
    assert result.missing_jobs == missing
    assert result.levy == levy
    assert result.employer_jobs == round(hours / 25.5, 2)


def test_threshold_readings_disagree():
    """24 employees on 100 jobs: the employees reading says no, the jobs reading yes."""
    result = quota(24, 2550.0)
    assert not result.applies_by_employees and result.applies_by_jobs
    assert result.sources_disagree and not result.applies


def test_default_parameters_are_the_latest_known_year_dated_and_sourced():
    """The shipped default: the latest sourced year (2024, 2.76%, UWV), the levy sourced."""
    assert KNOWN_QUOTA[-1] == DEFAULT_QUOTA
    assert [q.year for q in KNOWN_QUOTA] == sorted(q.year for q in KNOWN_QUOTA)
    assert DEFAULT_QUOTA.year == 2024 and DEFAULT_QUOTA.percentage == 2.76
    assert DEFAULT_QUOTA.date == "2024-01-01" and "2,76%" in DEFAULT_QUOTA.source
    assert "UWV" in DEFAULT_QUOTA.source
    assert DEFAULT_QUOTA.levy_per_job == 5000.0 and DEFAULT_QUOTA.levy_confirmed
    assert "Rijksoverheid" in DEFAULT_QUOTA.levy_source
    assert DEFAULT_QUOTA.threshold == 25
    first = KNOWN_QUOTA[0]
    assert first.year == 2018 and first.percentage == 1.93 and "1,93%" in first.source


def test_parameters_are_editable_and_round_trip():
    """Other years and amounts are plain data; to_dict/from_dict round-trips."""
    params = QuotaParameters(2026, 2.5, 6000.0, "eigen bron", "2026-01-01", "regeling 2026",
                             True)
    assert quota(100, 2550.0, 0.0, params).levy == 15000.0
    assert QuotaParameters.from_dict(params.to_dict()) == params


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"year": 1999}, "year"),  # before the banenafspraak
        ({"percentage": -1.0}, "percentage"),  # negative percentage
        ({"percentage": 101.0}, "percentage"),  # over 100%
        ({"levy_per_job": float("nan")}, "levy_per_job"),  # not a number
        ({"source": " "}, "source"),  # no source
        ({"date": "1-1-2018"}, "date"),  # not ISO
        ({"threshold": 0}, "threshold"),  # no threshold
    ],
)
def test_invalid_parameters(change, column):
    """Invalid parameters raise InputError naming the field."""
    values = {**DEFAULT_QUOTA.to_dict(), **change}
    with pytest.raises(InputError) as info:
        QuotaParameters(**values)
    assert [p.column for p in info.value.problems] == [column]


def test_from_dict_reports_unknown_and_missing_fields():
    """from_dict lists unknown and missing fields at once."""
    data = {**DEFAULT_QUOTA.to_dict(), "bonus": 1}
    del data["date"]
    with pytest.raises(InputError) as info:
        QuotaParameters.from_dict(data)
    assert {p.column for p in info.value.problems} == {"bonus", "date"}


def test_invalid_inputs_are_reported_together():
    """Negative or non-numeric inputs are all reported in one error."""
    with pytest.raises(InputError) as info:
        quota(-1, float("nan"), -2.0, basis="fte")  # type: ignore[arg-type]
    assert [p.column for p in info.value.problems] == ["employees", "hours_per_week",
                                                       "realised_jobs", "basis"]
