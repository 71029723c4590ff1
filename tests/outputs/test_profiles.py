"""Tests for matcher.outputs.profiles: profiles.md and profiles.xlsx."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

import matcher
from matcher.carving import SolverParams, carve
from matcher.model import Inventory, Task
from matcher.outputs.description import build_profiles
from matcher.outputs.profiles import profiles_markdown, profiles_xlsx

SMALL = SolverParams(iterations=500, restarts=1, time_limit=2)


@pytest.fixture(scope="module")
def markdown(demo: matcher.Carving) -> str:
    """The demo profiles as Markdown."""
    return profiles_markdown(demo)


@pytest.fixture(scope="module")
def workbook_bytes(demo: matcher.Carving) -> bytes:
    """The demo profiles as an .xlsx workbook."""
    return profiles_xlsx(demo)


def test_markdown_has_every_function(profiles, markdown):
    """The Markdown names each function id and title and the fta rule."""
    for p in profiles:
        assert f"## {p.function_id} · {p.title}" in markdown
        assert "telt mee voor de banenafspraak naar rato" in markdown
    assert markdown.count("### Hoofdtaken") == len(profiles)
    assert markdown.count("| Tijd | ma | di | wo | do | vr |") == len(profiles)


def test_xlsx_has_overview_and_one_sheet_per_function(profiles, workbook_bytes):
    """The workbook opens, has the overview and a sheet per function, and no formulas."""
    wb = load_workbook(io.BytesIO(workbook_bytes))
    assert wb.sheetnames == ["Overzicht", *(p.function_id for p in profiles)]
    overview = wb["Overzicht"]
    assert overview.cell(1, 1).value == "Functie"
    assert [overview.cell(r, 1).value for r in range(2, len(profiles) + 2)] == \
        [p.function_id for p in profiles]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))


def test_every_cell_is_wrapped_and_headings_are_bold(profiles, workbook_bytes):
    """The two cell styles, made once per workbook and copied, land on every cell."""
    wb = load_workbook(io.BytesIO(workbook_bytes))
    overview = wb["Overzicht"]
    assert overview.cell(1, 2).font.bold and not overview.cell(2, 2).font.bold
    sheet = wb[profiles[0].function_id]
    assert sheet.cell(1, 1).font.bold and sheet.cell(2, 1).font.bold  # title, fact label
    assert not sheet.cell(2, 2).font.bold  # its value
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"


def test_profiles_built_once_give_the_same_documents(demo, markdown, workbook_bytes):
    """write_carving builds the profiles once for both documents: the same bytes."""
    built = build_profiles(demo)
    assert profiles_markdown(demo, built) == markdown
    assert profiles_xlsx(demo, built) == workbook_bytes


def test_deterministic(demo, markdown, workbook_bytes):
    """Two runs give the same profiles, Markdown and workbook bytes."""
    assert build_profiles(demo) == build_profiles(demo)
    assert profiles_markdown(demo) == markdown
    assert profiles_xlsx(demo) == workbook_bytes


def _flat_inventory(descriptions: list[tuple[str, str, float]], role: str = "docent"
                    ) -> Inventory:
    tasks = [Task(f"T{k:02d}", d, area, h, 1, current_role=role)
             for k, (d, area, h) in enumerate(descriptions)]
    return Inventory.from_tasks(tasks)


def test_formula_text_is_escaped_in_xlsx_and_markdown_tables_hold():
    """Text that Excel would run gets an apostrophe; a pipe does not break a Markdown row."""
    inventory = _flat_inventory([("=HYPERLINK(\"http://x\") kopieerwerk", "administration", 5)]
                                + [(f"archief | ordenen {k}", "administration", 5)
                                   for k in range(4)], role="@rol")
    carving = carve(inventory, solver=SMALL)
    assert len(carving.functions) == 1
    wb = load_workbook(io.BytesIO(profiles_xlsx(carving)))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
              if isinstance(c.value, str)]
    assert any(v.startswith("'=HYPERLINK") for v in values)
    assert any(v.startswith("'@rol") for v in values)
    assert not any(v.startswith(("=", "@")) for v in values)
    md = profiles_markdown(carving)
    rows = [line for line in md.splitlines() if line.startswith("| Tijd")]
    body = md.split(rows[0])[1].split("\n\n")[0].splitlines()[1:]
    for line in body:
        assert line.replace("\\|", "").count("|") == 7  # time + five days


def test_control_characters_do_not_break_the_workbook(demo) -> None:
    """A vertical tab, NUL or ESC pasted from Word into a description is left out of the
    workbook instead of failing the export (issue 19)."""
    from dataclasses import replace

    task = demo.functions[0].tasks[0]
    bad = replace(task, description=task.description + "\x0b\x00\x1b")
    carving = replace(demo, inventory=replace(demo.inventory, tasks=tuple(
        bad if t.task_id == task.task_id else t for t in demo.inventory.tasks)),
        functions=tuple(replace(f, tasks=tuple(bad if t.task_id == task.task_id else t
                                               for t in f.tasks)) for f in demo.functions))
    wb = load_workbook(io.BytesIO(profiles_xlsx(carving)))
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    assert any(task.description in t for t in texts)
    assert not any(ch in t for t in texts for ch in "\x0b\x00\x1b")
