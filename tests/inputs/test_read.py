"""Tests for matcher.inputs.read: reading files and DataFrames safely, size limits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from matcher.errors import InputError
from matcher.inputs.loaders import load_candidates, load_sites, load_tasks, validate_file
from matcher.inputs.read import Limits, read_table

TASKS = "task_id,description,area,hours_per_week,level\n"


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write text (in an encoding) or bytes to tmp_path/name."""
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def xlsx_bytes() -> bytes:
    """A tiny valid workbook as bytes."""
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["task_id"])
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "rule"),
    [
        ("leeg.csv", b"", "the file is empty: it has no header row"),  # zero bytes
        ("leeg2.csv", b"\n\n ; ;\n", "the file is empty: it has no header row"),  # blank lines
        ("bom.csv", b"\xef\xbb\xbf", "the file is empty: it has no header row"),  # only a BOM
        ("oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
         "old .xls workbooks are not supported"),  # Excel 97-2003 magic bytes
        ("kapot.xlsx", b"dit is geen werkboek", "cannot be read as an Excel workbook"),  # garbage
        ("zip.csv", b"PK\x03\x04 afgebroken", "cannot be read as an Excel workbook"),  # bad zip
        ("half.xlsx", xlsx_bytes()[:200], "cannot be read as an Excel workbook"),  # truncated
    ],
)
@pytest.mark.parametrize("load", [load_tasks, load_sites, load_candidates, validate_file])
def test_unreadable_files(tmp_path, load, name, data, rule):
    """Empty, old-format and corrupt files give one InputError with a clear rule."""
    with pytest.raises(InputError) as info:
        load(write(tmp_path, name, data))
    assert [(p.file, p.row, p.column) for p in info.value.problems] == [(name, None, "")]
    assert rule in info.value.problems[0].rule


@pytest.mark.parametrize("load", [load_tasks, load_sites, load_candidates, validate_file])
def test_missing_file(tmp_path, load):
    """A path that does not exist is an InputError, not FileNotFoundError."""
    with pytest.raises(InputError) as info:
        load(tmp_path / "bestaat_niet.csv")
    (problem,) = info.value.problems
    assert (problem.file, problem.rule) == ("bestaat_niet.csv", "the file does not exist.")


@pytest.mark.parametrize(
    ("load", "header"),
    [
        (load_tasks, TASKS),  # task inventory
        (load_sites, "site,lat,lon\n"),  # sites
        (load_candidates, "candidate_id,pc4\n"),  # candidates
    ],
)
def test_header_only(tmp_path, load, header):
    """A header without data rows is reported as such."""
    with pytest.raises(InputError) as info:
        load(write(tmp_path, "h.csv", header))
    assert [p.rule for p in info.value.problems] == ["the file has a header but no data rows."]


def test_bytes_input_uses_the_given_name():
    """Bytes (an upload) are read with the name given for messages."""
    with pytest.raises(InputError) as info:
        load_tasks(TASKS.encode() + b"T1,x,klas,99,1\n", name="upload.csv")
    assert [(p.file, p.row) for p in info.value.problems] == [("upload.csv", 2)]


@pytest.mark.parametrize(
    ("text", "rows", "numbers"),
    [
        ("a,b\n1,2\n3,4\n", [["1", "2"], ["3", "4"]], [2, 3]),  # plain
        ("\n\na,b\n\n1,2\n\n3,4\n", [["1", "2"], ["3", "4"]], [5, 7]),  # blank lines count
        ("a,b\r\n1,2\r\n3,4\r\n", [["1", "2"], ["3", "4"]], [2, 3]),  # Windows line ends
        ("a;b\n1,5;2\n", [["1,5", "2"]], [2]),  # semicolon wins over decimal commas
        ("a\tb\n1\t2\n", [["1", "2"]], [2]),  # tab
        pytest.param('a,b\n"twee\nregels",2\n3,4\n', [["twee\nregels", "2"], ["3", "4"]], [2, 3]),
    ],
)
def test_read_table_row_numbers(text, rows, numbers):
    """Raw CSV rows carry the row number a spreadsheet shows (header = 1)."""
    table = read_table(text.encode(), "x.csv")
    assert table.headers == ["a", "b"]
    assert (table.rows, table.row_numbers) == (rows, numbers)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("gebied\nconciërge\n".encode(), "conciërge"),  # UTF-8
        ("gebied\nconciërge\n".encode("cp1252"), "conciërge"),  # Windows-1252
        ("gebied\nconciërge\n".encode("utf-8-sig"), "conciërge"),  # UTF-8 with BOM
        ("gebied\n€ café\n".encode("cp1252"), "€ café"),  # cp1252-only characters
    ],
)
def test_read_table_encodings(data, text):
    """UTF-8 (with or without BOM) and Windows-1252 decode to the same header and text."""
    table = read_table(data, "x.csv")
    assert (table.headers, table.rows) == (["gebied"], [[text]])


def test_limits_max_rows():
    """More data rows than Limits.max_rows is an InputError naming the limit."""
    data = b"a,b\n1,2\n3,4\n5,6\n7,8\n"
    assert len(read_table(data[:-4], "x.csv", limits=Limits(max_rows=3)).rows) == 3
    with pytest.raises(InputError) as info:
        read_table(data, "x.csv", limits=Limits(max_rows=3))
    assert [p.rule for p in info.value.problems] == ["the file has 4 data rows; the limit is 3."]


def test_limits_max_rows_in_loader(tmp_path):
    """The loaders pass their limits on to the reader."""
    path = write(tmp_path, "t.csv", TASKS + "".join(f"T{i},x,klas,1,1\n" for i in range(4)))
    with pytest.raises(InputError, match="the limit is 3"):
        load_tasks(path, limits=Limits(max_rows=3))


def test_limits_max_cell_chars():
    """A cell longer than Limits.max_cell_chars is reported with its row and column."""
    data = b"a,b\n1,2\n3," + b"x" * 11 + b"\n"
    with pytest.raises(InputError) as info:
        read_table(data, "x.csv", limits=Limits(max_cell_chars=10))
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (3, "b")
    assert problem.rule == "a cell is 11 characters long; the limit is 10."


def test_limits_many_long_cells_summarised():
    """Over five long cells give five located problems and one count, not a flood."""
    data = b"a\n" + b"".join(b"x" * 20 + b"\n" for _ in range(8))
    with pytest.raises(InputError) as info:
        read_table(data, "x.csv", limits=Limits(max_cell_chars=10))
    problems = info.value.problems
    assert [p.row for p in problems] == [2, 3, 4, 5, 6, None]
    assert problems[-1].rule == "8 cells in all exceed the limit."


@pytest.mark.parametrize("as_bytes", [True, False])  # upload, path
def test_limits_max_bytes(tmp_path, as_bytes):
    """A file over Limits.max_bytes is refused before it is parsed."""
    data = b"a,b\n1,2\n"
    source = data if as_bytes else write(tmp_path, "x.csv", data)
    with pytest.raises(InputError) as info:
        read_table(source, "x.csv", limits=Limits(max_bytes=5))
    assert [p.rule for p in info.value.problems] == [
        "the file is larger than the limit of 5 bytes."]
