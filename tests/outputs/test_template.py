"""Tests for matcher.outputs.template: the Excel template follows the schema; its examples load."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

import matcher
from matcher.inputs.schema import CANDIDATE_COLUMNS, SITE_COLUMNS, TASK_COLUMNS, normalise_key
from matcher.outputs.template import (
    DESCRIPTIONS_NL,
    SHEETS,
    dutch_header,
    template_frames,
    template_xlsx,
)

SPECS = {"tasks": TASK_COLUMNS, "sites": SITE_COLUMNS, "candidates": CANDIDATE_COLUMNS}


@pytest.fixture(scope="module")
def workbook_bytes() -> bytes:
    """The template once."""
    return template_xlsx()


def test_sheets_and_dutch_headers(workbook_bytes):
    """Four sheets; every data header is a Dutch alias the loaders accept."""
    workbook = load_workbook(io.BytesIO(workbook_bytes), read_only=True)
    assert workbook.sheetnames == ["uitleg", "taken", "locaties", "kandidaten"]
    for kind, sheet in SHEETS.items():
        headers = [c.value for c in next(workbook[sheet].iter_rows(max_row=1))]
        keys = {k for spec in SPECS[kind] for k in spec.keys}
        assert all(normalise_key(h) in keys for h in headers), (sheet, headers)
        assert not {"task_id", "hours_per_week", "candidate_id"} & set(headers)  # not English
    workbook.close()


@pytest.mark.parametrize("kind", list(SPECS))
def test_every_column_is_in_the_template_and_explained(kind):
    """All columns but candidate coordinates are in the template, each with a Dutch text."""
    frames = template_frames()
    headers = list(frames[SHEETS[kind]].columns)
    for spec in SPECS[kind]:
        assert (kind, spec.name) in DESCRIPTIONS_NL
        if kind == "candidates" and spec.name in ("lat", "lon"):
            assert dutch_header(kind, spec) not in headers  # pc4 is precise enough
        else:
            assert dutch_header(kind, spec) in headers
    explained = frames["uitleg"]
    assert set(headers) <= set(explained.loc[explained["tabblad"] == SHEETS[kind], "kolom"])


def test_required_columns_come_first_with_their_first_dutch_alias():
    """Required task columns use their first alias: taak_id, omschrijving, gebied, ..."""
    assert [dutch_header("tasks", s) for s in TASK_COLUMNS if s.required] == [
        "taak_id", "omschrijving", "gebied", "uren_per_week", "niveau"]
    assert dutch_header("candidates", CANDIDATE_COLUMNS[1]) == "pc4"  # not "postcode"


def test_examples_round_trip_through_the_loaders(workbook_bytes):
    """The filled-in example rows load without problems from the one workbook."""
    sites = matcher.load_sites(workbook_bytes, name="sjabloon.xlsx")
    inventory = matcher.load_tasks(workbook_bytes, sites=sites, name="sjabloon.xlsx")
    pool = matcher.load_candidates(workbook_bytes, name="sjabloon.xlsx")
    assert sites.ids == ["centrum", "noord"]
    assert [t.task_id for t in inventory.tasks] == ["T001", "T002", "T003", "T004", "T005"]
    assert [t.fixed for t in inventory.tasks] == [False, True, True, False, False]
    assert not inventory.task("T005").carvable
    assert pool.ids == ["K0001", "K0002", "K0003"]
    coverage = pool.coverage().set_index("field")["known"]
    assert coverage["education"] == 2  # "onbekend" stays unknown
    # the examples carve: a workable week exists for the carvable tasks
    carving = matcher.carve(inventory, matcher.CarveParams(min_hours=5, target_hours=10,
                                                           max_hours=12))
    assert carving.allocation["task_id"].tolist() == [t.task_id for t in inventory.tasks]


def test_template_is_formula_safe():
    """No cell starts with a formula character."""
    for frame in template_frames().values():
        for value in frame.astype(str).to_numpy().ravel():
            assert not value.startswith(("=", "+", "@")), value


def test_the_template_offers_drop_down_lists_and_dutch_examples() -> None:
    """gebied, niveau and the scales as strict lists, days as a suggestion; examples in
    Dutch notation; every listed value is one the loader accepts."""
    import io

    from openpyxl import load_workbook

    from matcher.inputs.cells import parse_area, parse_days
    from matcher.outputs.template import DROPDOWNS, template_frames, template_xlsx

    workbook = load_workbook(io.BytesIO(template_xlsx()))
    rules = {str(v.sqref).split(":")[0][0]: v for v in
             workbook["taken"].data_validations.dataValidation}
    headers = [c.value for c in workbook["taken"][1]]
    for (_sheet, header), (values, strict) in DROPDOWNS.items():
        if header not in headers:
            continue
        rule = rules[chr(ord("A") + headers.index(header))]
        assert rule.formula1 == '"' + ",".join(values) + '"'
        assert bool(rule.showErrorMessage) == strict
        assert all("," not in v for v in values)
    for area in DROPDOWNS[("taken", "gebied")][0]:
        parse_area(area)
    for days in DROPDOWNS[("taken", "dagen")][0]:
        assert parse_days(days)
    examples = template_frames()["uitleg"]
    assert examples.loc[examples["kolom"] == "uren_per_week", "voorbeeld"].tolist() == ["2,5"]
