"""Tests for matcher.outputs.files: formula-safe CSV and xlsx writing, and round trips
through the loaders."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from matcher.demo import demo_files
from matcher.inputs.loaders import load_tasks
from matcher.model import Inventory, Task
from matcher.outputs.files import safe_cell, write_csv, write_xlsx


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),  # formula
        ("+31", "'+31"),  # plus sign (phone-like text)
        ("-x", "'-x"),  # minus sign
        ("@x", "'@x"),  # at sign (Lotus-style function)
        ("\tx", "'\tx"),  # leading tab
        ("\rx", "'\rx"),  # leading carriage return
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),  # classic injection
        ("a=b", "a=b"),  # formula character not at the start
        ("", ""),  # empty text
        (-3, -3),  # negative int is a number, not a formula
        (-2.5, -2.5),  # negative float
        (None, None),  # missing value
    ],
)
def test_safe_cell(value, expected):
    """Text that a spreadsheet would run gets an apostrophe; everything else is unchanged."""
    assert safe_cell(value) == expected


FRAME = pd.DataFrame({
    "naam": ["=1+1", "conciërge", "-x"],
    "uren": [-1.5, 2.0, 25.5],
    "=kop": ["a", "b", "c"],
})


def test_write_csv(tmp_path):
    """write_csv writes a UTF-8 BOM, keeps accents and neutralises formulas in text only."""
    path = write_csv(FRAME, tmp_path / "sub" / "uit.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    assert rows == [
        ["naam", "uren", "'=kop"],
        ["'=1+1", "-1.5", "a"],
        ["conciërge", "2.0", "b"],
        ["'-x", "25.5", "c"],
    ]


def test_write_csv_separator(tmp_path):
    """write_csv can write semicolon-separated files for Dutch Excel."""
    path = write_csv(FRAME, tmp_path / "uit.csv", sep=";")
    assert path.read_bytes()[3:].decode().splitlines()[0] == "naam;uren;'=kop"


def test_write_xlsx_round_trip(tmp_path):
    """write_xlsx writes every sheet, keeps numbers numeric and stores no formulas."""
    path = write_xlsx({"Functies": FRAME, "Een heel lange naam van meer dan 31 tekens": FRAME},
                      tmp_path / "uit.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Functies", "Een heel lange naam van meer da"]
    for sheet in workbook.worksheets:
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert values == [
            ["naam", "uren", "'=kop"],
            ["'=1+1", -1.5, "a"],
            ["conciërge", 2.0, "b"],
            ["'-x", 25.5, "c"],
        ]
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_write_xlsx_sequence_of_sheets(tmp_path):
    """write_xlsx also takes (title, frame) pairs and keeps their order."""
    path = write_xlsx([("B", FRAME), ("A", FRAME)], tmp_path / "uit.xlsx")
    assert load_workbook(path).sheetnames == ["B", "A"]


@pytest.mark.parametrize("demo", ["vo", "po"])  # Dutch ; file, English , file
@pytest.mark.parametrize("writer", ["csv", "xlsx"])
def test_inventory_round_trip(tmp_path, demo, writer):
    """inventory.to_frame() written by write_csv/write_xlsx loads back to the same tasks."""
    files = demo_files(demo)
    inventory = load_tasks(files.tasks, files.sites)
    frame = inventory.to_frame()
    if writer == "csv":
        path = write_csv(frame, tmp_path / "taken.csv")
    else:
        path = write_xlsx({"taken": frame}, tmp_path / "taken.xlsx")
    again = load_tasks(path, inventory.sites)
    pd.testing.assert_frame_equal(again.to_frame(), frame)
    assert [t.hours for t in again.tasks] == [t.hours for t in inventory.tasks]


def test_round_trip_text_starting_with_formula_character(tmp_path):
    """Text starting with - or = survives write_csv and load_tasks unchanged."""
    inventory = Inventory.from_tasks([
        Task("T1", "- ramen lappen", "facilities", 2.0, 1),
        Task("T2", "=kopiëren", "administration", 1.5, 2, current_role="@docent"),
    ])
    again = load_tasks(write_csv(inventory.to_frame(), tmp_path / "t.csv"))
    pd.testing.assert_frame_equal(again.to_frame(), inventory.to_frame())
