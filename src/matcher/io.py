"""Reading spreadsheets the way Dutch Excel writes them, and writing safe exports.

Reading: CSV with ``;``, ``,`` or tab separators, UTF-8 (with or without BOM) or
Windows-1252, and ``.xlsx`` workbooks. Everything is read as raw cell values; typing and
checking happen in :mod:`matcher.validate`, so that every problem can be reported at once.

Writing: CSV with a UTF-8 BOM (Excel then shows ë and é correctly) and ``.xlsx``; text
cells that Excel would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from matcher.errors import InputError, Problem

__all__ = ["Limits", "RawTable", "read_table", "safe_cell", "write_csv", "write_xlsx"]


@dataclass(frozen=True)
class Limits:
    """Size limits for one input file; larger input gets a clear error, not a hang.

    Parameters
    ----------
    max_bytes
        Largest file accepted. Default 50 MB.
    max_rows
        Most data rows accepted. Default 200,000.
    max_cell_chars
        Longest cell accepted. Default 10,000 characters.
    """

    max_bytes: int = 50_000_000
    max_rows: int = 200_000
    max_cell_chars: int = 10_000


@dataclass
class RawTable:
    """Raw cells of one sheet: headers, data rows and their spreadsheet row numbers."""

    name: str
    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    notes: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 is what Dutch Excel writes for "CSV (gescheiden door lijstscheidingsteken)".
        return data.decode("cp1252", errors="replace")


def _sniff_separator(text: str) -> str:
    for line in text.splitlines():
        if line.strip().strip(";,\t"):
            counts = {sep: line.count(sep) for sep in (";", ",", "\t")}
            best = max(counts, key=lambda s: counts[s])
            return best if counts[best] > 0 else ","
    return ","


def _read_csv(data: bytes, name: str) -> RawTable:
    text = _decode(data)
    separator = _sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    headers: list[str] | None = None
    rows: list[list[Any]] = []
    numbers: list[int] = []
    # A spreadsheet counts records, not lines: a cell with a line break stays one row.
    for row_number, record in enumerate(reader, start=1):
        if not any(cell.strip() for cell in record):
            continue
        if headers is None:
            headers = [cell.strip() for cell in record]
            continue
        rows.append([_unescape(cell) for cell in record])
        numbers.append(row_number)
    return RawTable(name, headers or [], rows, numbers)


def _unescape(cell: Any) -> Any:
    """Undo :func:`safe_cell`: ``'=x`` written by an export reads back as ``=x``."""
    if isinstance(cell, str) and len(cell) > 1 and cell[0] == "'" and \
            cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def _read_xlsx(data: bytes, name: str, known_headers: frozenset[str] | None) -> RawTable:
    from openpyxl import load_workbook

    from matcher.schema import normalise_key

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if not workbook.sheetnames:
            raise InputError([Problem(name, None, "", "the workbook has no sheets.")])
        tables: list[RawTable] = []
        for sheet in workbook.worksheets:
            headers: list[str] | None = None
            rows: list[list[Any]] = []
            numbers: list[int] = []
            for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = ["" if v is None else _unescape(v) for v in values]
                if not any(str(c).strip() for c in cells):
                    continue
                if headers is None:
                    headers = [str(c).strip() for c in cells]
                    continue
                rows.append(cells)
                numbers.append(index)
            tables.append(RawTable(f"{name} [{sheet.title}]", headers or [], rows, numbers))
    finally:
        workbook.close()

    def fit(table: RawTable) -> int:
        if known_headers is None:
            return 0
        return sum(normalise_key(h) in known_headers for h in table.headers)

    best = max(tables, key=fit)  # the first sheet wins ties
    if len(tables) > 1:
        best.notes.append(
            f"{name}: the workbook has {len(tables)} sheets; read sheet "
            f"'{best.name.split('[', 1)[1][:-1]}' (the one whose headers match best)."
        )
    return best


def read_table(
    source: str | Path | bytes,
    name: str | None = None,
    *,
    limits: Limits | None = None,
    known_headers: frozenset[str] | None = None,
) -> RawTable:
    """Read a CSV or ``.xlsx`` file (a path, or bytes with a ``name``) into raw cells.

    Raises
    ------
    InputError
        When the file is missing, too large, not a table, or has too many rows or too
        long cells (all such problems listed at once).
    """
    limits = limits or Limits()
    if isinstance(source, bytes):
        data = source
        name = name or "<upload>"
    else:
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            raise InputError([Problem(name, None, "", "the file does not exist.", str(path))])
        if path.stat().st_size > limits.max_bytes:
            raise InputError([Problem(
                name, None, "", f"the file is larger than the limit of {limits.max_bytes:,} bytes."
            )])
        data = path.read_bytes()
    if len(data) > limits.max_bytes:
        raise InputError([Problem(
            name, None, "", f"the file is larger than the limit of {limits.max_bytes:,} bytes."
        )])
    is_xlsx = data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm"))
    if is_xlsx:
        try:
            table = _read_xlsx(data, name, known_headers)
        except InputError:
            raise
        except Exception as exc:  # a corrupt workbook: say so, never a traceback
            raise InputError([Problem(
                name, None, "", f"cannot be read as an Excel workbook ({type(exc).__name__})."
            )]) from None
    elif data[:4] == b"\xd0\xcf\x11\xe0":
        raise InputError([Problem(
            name, None, "", "old .xls workbooks are not supported: save it as .xlsx or CSV."
        )])
    else:
        table = _read_csv(data, name)
    problems: list[Problem] = []
    if not table.headers:
        problems.append(Problem(name, None, "", "the file is empty: it has no header row."))
    if len(table.rows) > limits.max_rows:
        problems.append(Problem(
            name, None, "", f"the file has {len(table.rows):,} data rows; the limit is "
            f"{limits.max_rows:,}."
        ))
    long_cells = 0
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        for col, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                long_cells += 1
                if long_cells <= 5:
                    header = table.headers[col] if col < len(table.headers) else f"#{col + 1}"
                    problems.append(Problem(
                        name, number, header,
                        f"a cell is {len(cell):,} characters long; the limit is "
                        f"{limits.max_cell_chars:,}.",
                    ))
    if long_cells > 5:
        problems.append(Problem(name, None, "", f"{long_cells} cells in all exceed the limit."))
    if problems:
        raise InputError(problems)
    return table


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise a text cell that a spreadsheet would run as a formula.

    Numbers are left alone (a negative number is not a formula); text starting with
    ``= + - @``, tab or carriage return gets a leading apostrophe.

    >>> safe_cell("=HYPERLINK(\\"x\\")")
    '\\'=HYPERLINK("x")'
    >>> safe_cell(-2.5)
    -2.5
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    safe.columns = [safe_cell(str(c)) for c in safe.columns]
    return safe


def write_csv(frame: pd.DataFrame, path: str | Path, *, sep: str = ",") -> Path:
    """Write a DataFrame as CSV with a UTF-8 BOM and formula-safe text cells."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _safe_frame(frame).to_csv(path, index=False, sep=sep, encoding="utf-8-sig")
    return path


def write_xlsx(sheets: dict[str, pd.DataFrame] | Sequence[tuple[str, pd.DataFrame]],
               path: str | Path) -> Path:
    """Write one or more DataFrames as sheets of an ``.xlsx`` workbook, formula-safe."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    items = list(sheets.items()) if isinstance(sheets, dict) else list(sheets)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for title, frame in items:
            _safe_frame(frame).to_excel(writer, sheet_name=title[:31], index=False)
    return path
