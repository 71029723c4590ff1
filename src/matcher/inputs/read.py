"""Reading spreadsheets the way Dutch Excel writes them.

Reading: CSV with ``;``, ``,`` or tab separators, UTF-8 (with or without BOM) or
Windows-1252, ``.xlsx`` workbooks, and pandas DataFrames (a table edited in the app: its
columns are the header row, its rows are counted as a spreadsheet would, header = row 1).
Everything is read as raw cell values; typing and checking happen in
:mod:`matcher.inputs.loaders`, so that every problem can be reported at once.
Hostile or broken files end in an :class:`~matcher.errors.InputError`, never a traceback:
size limits (:class:`Limits`) are checked while reading, so a huge file is refused
before it fills memory.

Text cells that start like a formula and carry the apostrophe matcher's writers
(:mod:`matcher.outputs.files`) put in front are read back without it (:data:`FORMULA_START`
is the one rule both sides use).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from matcher.errors import InputError, ParamError, Problem
from matcher.inputs.schema import TEMPLATE_TABS, normalise_key
from matcher.text.catalogue import Note, note

__all__ = [
    "FORMULA_START",
    "Limits",
    "RawTable",
    "Source",
    "read_table",
]

#: What a loader reads: a path, the bytes of a file, or a DataFrame.
Source = str | Path | bytes | pd.DataFrame


@dataclass(frozen=True)
class Limits:
    """Size limits for one input file; larger input gets a clear error, not a hang.

    Parameters
    ----------
    max_bytes
        Largest file accepted. Default 50 MB. An ``.xlsx`` file may unpack to at most
        ten times this size (a workbook is a zip archive).
    max_rows
        Most data rows accepted. Default 200,000.
    max_cell_chars
        Longest cell accepted. Default 10,000 characters.
    max_columns
        Most columns accepted (trailing empty cells do not count). Default 500.
    """

    max_bytes: int = 50_000_000
    max_rows: int = 200_000
    max_cell_chars: int = 10_000
    max_columns: int = 500

    def __post_init__(self) -> None:
        """Raise :class:`~matcher.errors.ParamError` naming every limit below 1."""
        names = ("max_bytes", "max_rows", "max_cell_chars", "max_columns")
        wrong: list[tuple[str, str, object, dict[str, Any]]] = [
            (name, "num.int_min1", getattr(self, name), {}) for name in names
            if getattr(self, name) < 1]
        if wrong:
            raise ParamError.of("Limits", wrong)


@dataclass
class RawTable:
    """Raw cells of one sheet: headers, data rows and their spreadsheet row numbers.

    ``notes`` are things the reader did that the user should know (which sheet it read,
    rows above the header it skipped); ``separator`` is the CSV separator ("" for xlsx).
    """

    name: str
    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    notes: list[Note] = field(default_factory=list)
    separator: str = ""
    _columns: tuple[list[list[Any]], int, list[list[Any]]] | None = field(
        default=None, init=False, repr=False, compare=False)

    def columns(self) -> list[list[Any]]:
        """The cells column by column, as wide as the widest row; a short row gives
        ``None`` for the cells it does not have. Worked out once for a list of rows (again
        when :attr:`rows` is replaced or changes length)."""
        rows = self.rows
        cached = self._columns
        if cached is not None and cached[0] is rows and cached[1] == len(rows):
            return cached[2]
        width = max(map(len, rows), default=0)
        columns = [[row[col] if col < len(row) else None for row in rows]
                   for col in range(width)]
        self._columns = (rows, len(rows), columns)
        return columns


#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 10

#: Problems of one kind listed one by one before the rest are only counted.
_LISTED = 5


def _utf16(data: bytes) -> str | None:
    """The UTF-16 flavour of ``data`` (Excel's "Unicode text"): by its byte-order mark, or
    by the zero bytes of mostly-ASCII text without one; ``None`` when it is not UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:2000]
    if len(head) >= 4 and head.count(0) >= len(head) // 3:
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if odd > 2 * even:
            return "utf-16-le"
        if even > 2 * odd:
            return "utf-16-be"
    return None


def _decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of the encoding it was read in (``UTF-16``,
    ``UTF-8`` or ``Windows-1252``); :class:`InputError` ``io.not_text`` (without the file's
    name, which the caller adds) for bytes that are no text."""
    flavour = _utf16(data)
    if flavour is not None:
        try:
            return data.decode(flavour).lstrip("\ufeff"), "UTF-16"
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Windows-1252 is what Dutch Excel writes for "CSV (gescheiden door lijstscheidingsteken)".
        text = data.decode("cp1252", errors="replace")
        head = text[:2000]
        if sum(ch in _CONTROL for ch in head) > max(3, len(head) // 20):
            raise InputError([Problem.of("", None, "", "io.not_text")]) from None
        return text, "Windows-1252"


#: Control characters that do not occur in a text file (tab, line breaks and form feed do).
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f")

_SEPARATORS = (";", ",", "\t")
#: Lines of a CSV file the separator is guessed from.
_SNIFF_LINES = 30


def _sniff_separator(text: str) -> str:
    """The separator of a CSV file: the one that splits the first lines most consistently
    (the most lines with its most common count), so a title line without separators or a
    description with commas in a ``;`` file does not mislead; ties: ``;``, ``,``, tab."""
    lines = []
    for line in text.splitlines():
        if line.strip().strip(";,\t"):
            lines.append(line)
            if len(lines) >= _SNIFF_LINES:
                break
    best, best_key = ",", (0, 0)
    for sep in _SEPARATORS:
        counts = [line.count(sep) for line in lines]
        used = [c for c in counts if c]
        if not used:
            continue
        common = max(set(used), key=lambda c: (used.count(c), c))
        key = (used.count(common), common)
        if key > best_key:
            best, best_key = sep, key
    return best


# Text a spreadsheet runs as a formula starts with = + - @, tab or carriage return; an
# export puts an apostrophe before it (and before apostrophes already there), a read
# takes one off.
#: Text a spreadsheet would run as a formula (after any apostrophes already in front).
FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")


def _unescape(cell: Any) -> Any:
    """Undo :func:`safe_cell`: ``'=x`` written by an export reads back as ``=x``."""
    if isinstance(cell, str) and _ESCAPED.match(cell):
        return cell[1:]
    return cell


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")


def _trim(cells: list[Any]) -> list[Any]:
    """Drop trailing empty cells (Excel writes thousands of them after a formatted column)."""
    end = len(cells)
    while end and _blank(cells[end - 1]):
        end -= 1
    return cells[:end] if end < len(cells) else cells


def _fit(cells: Sequence[Any], known: frozenset[str] | None) -> int:
    """How many cells are known column names."""
    if not known:
        return 0
    return sum(isinstance(c, str) and normalise_key(c) in known for c in cells)


class _Reader:
    """Turns records (row number, cells) into a :class:`RawTable` within the limits.

    Finds the header row (the first non-empty row, or a later one among the first
    :data:`HEADER_SEARCH_ROWS` whose cells match more known column names, e.g. below a
    title in a merged cell), and stops storing rows beyond ``max_rows`` while still
    counting them, so memory stays bounded.
    """

    def __init__(self, name: str, limits: Limits, known: frozenset[str] | None) -> None:
        self.name = name
        self.limits = limits
        self.known = known
        self.problems: list[Problem] = []
        self.notes: list[Note] = []
        self.headers: list[str] | None = None
        self.rows: list[list[Any]] = []
        self.numbers: list[int] = []
        self.count = 0
        self.wide = 0
        self._pending: list[tuple[int, list[Any]]] = []

    def add(self, number: int, cells: list[Any]) -> None:
        if not cells or _blank(cells[-1]):  # an empty row, or empty cells to trim
            if _blank(cells[0] if cells else None) and not any(not _blank(c) for c in cells):
                return
            cells = _trim(cells)
        if self.headers is None:
            self._pending.append((number, cells))
            if len(self._pending) >= HEADER_SEARCH_ROWS:
                self._choose_header()
            return
        self._store(number, cells)

    def _choose_header(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        fits = [_fit(cells, self.known) for _, cells in pending]
        best = max(range(len(pending)), key=lambda i: (fits[i], -i))
        if fits[best] < 2 or fits[best] <= fits[0]:
            best = 0
        if best:
            skipped = ", ".join(str(n) for n, _ in pending[:best])
            # A title or a note is one cell; a table has a header of known names or rows
            # of several cells: those tasks would be lost, so they are a problem.
            table = [n for (n, cells), fit in zip(pending[:best], fits, strict=False)
                     if fit >= 2 or sum(not _blank(c) for c in cells) >= 3]
            if table:
                self.problems.append(Problem.of(self.name, None, "", "io.rows_above",
                                                rows=skipped, header=pending[best][0]))
            else:
                self.notes.append(note("io.note_skipped", name=self.name, rows=skipped,
                                       header=pending[best][0]))
        self.headers = [str(c).strip() if c is not None else "" for c in pending[best][1]]
        for number, cells in pending[best + 1:]:
            self._store(number, cells)

    def _store(self, number: int, cells: list[Any]) -> None:
        self.count += 1
        if len(cells) > self.limits.max_columns:
            self.wide += 1
            if self.wide <= _LISTED:
                self.problems.append(Problem.of(
                    self.name, number, "", "io.wide_row", count=len(cells),
                    limit=self.limits.max_columns))
            return
        if self.count <= self.limits.max_rows:
            self.rows.append(cells)
            self.numbers.append(number)

    def finish(self, separator: str = "") -> RawTable:
        if self.headers is None:
            self._choose_header()
        headers = _trim(self.headers or [])
        if len(headers) > self.limits.max_columns:
            self.problems.append(Problem.of(
                self.name, 1, "", "io.wide_header", count=len(headers),
                limit=self.limits.max_columns))
            headers = headers[: self.limits.max_columns]
        if self.wide > _LISTED:
            self.problems.append(Problem.of(self.name, None, "", "io.wide_rows", count=self.wide))
        return RawTable(self.name, [str(h) for h in headers], self.rows, self.numbers,
                        self.notes, separator)


def _read_csv(data: bytes, reader: _Reader) -> RawTable:
    try:
        text, encoding = _decode(data)
    except InputError:
        raise InputError([Problem.of(reader.name, None, "", "io.not_text")]) from None
    if encoding == "UTF-16":
        reader.notes.append(note("io.note_encoding", name=reader.name, encoding=encoding))
    separator = _sniff_separator(text)
    # The csv module refuses fields over a process-wide limit (128 KB by default). No cell
    # can be longer than the file, so lift that limit to the file size (never lower it:
    # other threads may be reading) and report long cells with their length below.
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    # A spreadsheet counts records, not lines: a cell with a line break stays one row.
    row_number = 0
    # Only a text with an apostrophe can hold a cell an export escaped ('=x).
    unescape = "'" in text
    try:
        for record in records:
            row_number += 1
            reader.add(row_number, [_unescape(cell) for cell in record] if unescape
                       else record)
    except csv.Error as exc:  # not expected after the limit above; never a traceback
        reader.problems.append(Problem.of(
            reader.name, records.line_num, "", "io.csv_error", error=str(exc)))
    table = reader.finish(separator)
    _mixed_separators(table, reader)
    if table.rows and text.count('"') % 2 and any(
            isinstance(c, str) and "\n" in c for c in table.rows[-1]):
        reader.problems.append(Problem.of(reader.name, table.row_numbers[-1], "", "io.open_quote"))
    return table


def _mixed_separators(table: RawTable, reader: _Reader) -> None:
    """Rows read as one cell that split on another separator into about the header's
    cells: a file saved with two separators, named as such (not as empty cells)."""
    width = len(table.headers)
    if width < 3:
        return
    mixed: dict[str, list[int]] = {}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        if len(row) != 1 or not isinstance(row[0], str):
            continue
        for other in _SEPARATORS:
            if other != table.separator and row[0].count(other) >= width // 2:
                mixed.setdefault(other, []).append(number)
                break
    for other, rows in mixed.items():
        shown = ", ".join(str(n) for n in rows[:8]) + (", ..." if len(rows) > 8 else "")
        reader.problems.append(Problem.of(
            reader.name, None, "", "io.mixed_separator", rows=shown,
            other="tab" if other == "\t" else other,
            separator="tab" if table.separator == "\t" else table.separator))


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
# A formula followed by a calculated value: <f>SUM(A1:A3)</f><v>7</v> (or <f .../><v>7</v>).
_CALCULATED = re.compile(rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*<(?:\w+:)?v>[^<]")


def _uncalculated_formulas(archive: zipfile.ZipFile) -> bool:
    """True when the worksheets hold formulas but none has a calculated value: the file
    was written by a script and never opened in Excel. (Excel stores a value with every
    formula, an empty one for a formula that gives ""; those cells then read as empty.)"""
    formulas = False
    for info in archive.infolist():
        if not info.filename.startswith("xl/worksheets/"):
            continue
        tail = b""
        with archive.open(info) as handle:
            while chunk := handle.read(1 << 20):
                block = tail + chunk
                if _CALCULATED.search(block):
                    return False
                formulas = formulas or _FORMULA_TAG.search(block) is not None
                tail = block[-256:]
    return formulas


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
#: Merged ranges of one sheet that are read as their value (more are left as Excel
#: stores them: the value in the first cell only).
_MAX_MERGES = 10_000


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _merged_ranges(archive: zipfile.ZipFile, sheet: Any) -> list[tuple[int, int, int]]:
    """The merged ranges of a sheet that span rows, as ``(first row, last row, column)``
    (1-based; the range's first column): days or times merged over several task rows."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return []
    try:
        xml = archive.read(path)
    except KeyError:
        return []
    out = []
    for c1, r1, _, r2 in _MERGE.findall(xml):
        first, last = int(r1), int(r2)
        if last > first:
            out.append((first, last, _column_number(c1)))
            if len(out) >= _MAX_MERGES:
                break
    return sorted(out)


def _sheet_records(sheet: Any, formulas: Any | None,
                   merged: Sequence[tuple[int, int, int]] = (),
                   known: frozenset[str] | None = None, filled: set[int] | None = None
                   ) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of a read-only sheet; a formula without a calculated value
    reads as a :class:`_Formula` (it is reported, never taken as empty). A cell under the
    first row of a ``merged`` range reads as the range's value (what Excel shows), unless
    that value is a ``known`` column name (a header merged over two rows stays one); the
    ranges read so go into ``filled`` (by their index in ``merged``)."""
    sheet.reset_dimensions()  # a wrong <dimension> tag must not pad every row to XFD
    values = sheet.iter_rows(values_only=True)
    texts = None
    if formulas is not None:
        formulas.reset_dimensions()
        texts = formulas.iter_rows(values_only=True)
    anchors: dict[tuple[int, int], Any] = {}
    open_ranges: list[tuple[int, int, int, int]] = []  # (first, last, column, index)
    start = 0
    for index, row in enumerate(values, start=1):
        cells: list[Any] = ["" if c is None else c for c in row]
        if texts is not None:
            text = next(texts, ())
            for col, cell in enumerate(row):
                if cell is None and col < len(text) and isinstance(text[col], str) and \
                        text[col].startswith("="):
                    cells[col] = _Formula()
        if merged:
            while start < len(merged) and merged[start][0] <= index:
                open_ranges.append((*merged[start], start))
                start += 1
            open_ranges = [m for m in open_ranges if m[1] >= index]
            for first, _, col, k in open_ranges:
                if index == first:
                    value = cells[col - 1] if col <= len(cells) else ""
                    anchors[first, col] = "" if _fit([value], known) else value
                    continue
                if col > len(cells):
                    cells.extend([""] * (col - len(cells)))
                value = anchors.get((first, col), "")
                if _blank(cells[col - 1]) and not _blank(value):
                    cells[col - 1] = value
                    if filled is not None:
                        filled.add(k)
        yield index, cells


def _column_letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


class _Formula:
    """A formula cell without a calculated value (written by a script, never opened in Excel)."""

    def __str__(self) -> str:
        return "(formula)"


def _read_xlsx(data: bytes, name: str, limits: Limits, known: frozenset[str] | None
               ) -> tuple[RawTable, _Reader]:
    from openpyxl import load_workbook

    archive = zipfile.ZipFile(io.BytesIO(data))
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > 10 * limits.max_bytes:
        raise InputError([Problem.of(
            name, None, "", "io.xlsx_unpacked", size=unpacked, limit=10 * limits.max_bytes)])
    check_formulas = _uncalculated_formulas(archive)
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    formula_book = (load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                    if check_formulas else None)
    try:
        if not workbook.worksheets:
            raise InputError([Problem.of(name, None, "", "io.no_sheet")])
        results: list[tuple[RawTable, _Reader, str]] = []
        for position, sheet in enumerate(workbook.worksheets):
            reader = _Reader(f"{name} [{sheet.title}]", limits, known)
            formulas = formula_book.worksheets[position] if formula_book is not None else None
            merged = _merged_ranges(archive, sheet)
            filled: set[int] = set()
            for number, cells in _sheet_records(sheet, formulas, merged, known, filled):
                reader.add(number, [_unescape(c) for c in cells])
            table = reader.finish()
            if filled:
                read = [merged[k] for k in sorted(filled)]
                ranges = ", ".join(f"{_column_letters(c)}{a}:{_column_letters(c)}{b}"
                                   for a, b, c in read[:5])
                table.notes.append(note("io.note_merged", name=reader.name, cells=ranges + (
                    ", ..." if len(read) > 5 else "")))
            results.append((table, reader, sheet.title))
    finally:
        workbook.close()
        if formula_book is not None:
            formula_book.close()

    def fit(item: tuple[RawTable, _Reader, str]) -> tuple[int, bool]:
        return _fit(item[0].headers, known), len(item[0].headers) > 0

    best, reader, title = max(results, key=fit)  # the first sheet wins ties
    tabs = {t.strip().lower() for _, _, t in results}
    if len(results) > 1 and not set(TEMPLATE_TABS.values()) <= tabs:  # the template: no news
        best.notes.append(note("io.note_sheet", name=name, count=len(results),
                               sheet=title))
    problems = reader.problems
    uncalculated = [(n, best.headers[c] if c < len(best.headers) else f"#{c + 1}")
                    for row, n in zip(best.rows, best.row_numbers, strict=True)
                    for c, cell in enumerate(row) if isinstance(cell, _Formula)]
    for number, header in uncalculated[:_LISTED]:
        problems.append(Problem.of(best.name, number, header, "io.uncalculated"))
    if len(uncalculated) > _LISTED:
        problems.append(Problem.of(best.name, None, "", "io.uncalculated_more",
                                   count=len(uncalculated)))
    return best, reader


def _frame_cell(value: Any) -> Any:
    """A DataFrame cell as a spreadsheet reader gives it: missing values empty, numpy
    scalars as Python values, timestamps as datetimes."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, dt.date | str | int | float | bool):
        return value
    return str(value)


def _read_frame(frame: pd.DataFrame, reader: _Reader) -> RawTable:
    """A DataFrame as raw cells: its columns are the header (row 1), row ``i`` is ``i + 2``."""
    reader.headers = [str(c).strip() for c in frame.columns]
    for position, row in enumerate(frame.itertuples(index=False, name=None)):
        reader.add(position + 2, [_frame_cell(c) for c in row])
    return reader.finish()


def read_table(
    source: Source,
    name: str | None = None,
    *,
    limits: Limits | None = None,
    known_headers: frozenset[str] | None = None,
) -> RawTable:
    """Read a CSV or ``.xlsx`` file (a path, or bytes with a ``name``) or a DataFrame into raw
    cells.

    ``known_headers`` (column names after :func:`matcher.inputs.schema.normalise_key`) let the
    reader find the header row below a title and pick the best sheet of a workbook. A
    DataFrame's columns are its header row (``name`` defaults to ``"<table>"``); its cells
    are read as they are (missing values are empty cells), and the same limits apply.

    Raises
    ------
    InputError
        When the file is missing, too large, not a table, or has too many rows, columns
        or too long cells (all such problems listed at once).
    """
    limits = limits or Limits()
    if isinstance(source, pd.DataFrame):
        name = name or "<table>"
        reader = _Reader(name, limits, known_headers)
        return _checked(_read_frame(source, reader), reader, name, limits)
    if isinstance(source, bytes):
        data = source
        name = name or "<upload>"
    else:
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            raise InputError([Problem.of(name, None, "", "io.missing_file", str(path))])
        if path.stat().st_size > limits.max_bytes:
            raise InputError([Problem.of(name, None, "", "io.too_large", limit=limits.max_bytes)])
        data = path.read_bytes()
    if len(data) > limits.max_bytes:
        raise InputError([Problem.of(name, None, "", "io.too_large", limit=limits.max_bytes)])
    is_xlsx = data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm"))
    if is_xlsx:
        try:
            table, reader = _read_xlsx(data, name, limits, known_headers)
        except InputError:
            raise
        except Exception as exc:  # a corrupt workbook: say so, never a traceback
            raise InputError([Problem.of(name, None, "", "io.bad_xlsx",
                           error=type(exc).__name__)]) from None
    elif data[:4] == b"\xd0\xcf\x11\xe0":
        raise InputError([Problem.of(name, None, "", "io.xls")])
    else:
        reader = _Reader(name, limits, known_headers)
        table = _read_csv(data, reader)
    return _checked(table, reader, name, limits)


def _may_have_long_cell(row: list[Any], limit: int) -> bool:
    """Whether a row may hold a text cell longer than ``limit``: false for a row of texts
    that are all within it (checked at once), true for any other row (checked cell by
    cell by the caller)."""
    try:
        return max(map(len, row), default=0) > limit
    except TypeError:  # a number or a date cell: look at each cell
        return True


def _checked(table: RawTable, reader: _Reader, name: str, limits: Limits) -> RawTable:
    """``table`` when it is within ``limits``; else every problem at once."""
    problems = list(reader.problems)
    if not table.headers:
        problems.insert(0, Problem.of(name, None, "", "io.empty"))
    if reader.count > limits.max_rows:
        problems.append(Problem.of(name, None, "", "io.too_many_rows", count=reader.count,
                                   limit=limits.max_rows))
    long_cells = 0
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        if not _may_have_long_cell(row, limits.max_cell_chars):
            continue
        for col, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                long_cells += 1
                if long_cells <= _LISTED:
                    header = table.headers[col] if col < len(table.headers) else f"#{col + 1}"
                    problems.append(Problem.of(name, number, header, "io.long_cell",
                                               length=len(cell), limit=limits.max_cell_chars))
    if long_cells > _LISTED:
        problems.append(Problem.of(name, None, "", "io.long_cells", count=long_cells))
    if problems:
        raise InputError(problems)
    return table
