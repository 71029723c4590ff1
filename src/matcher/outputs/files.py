"""Safe exports: CSV and ``.xlsx`` that a Dutch school opens in Excel without surprises.

CSV is written with a UTF-8 BOM (Excel then shows ë and é correctly) and ``.xlsx`` as a
workbook; text cells that Excel would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) get an apostrophe in front, which matcher's readers
(:mod:`matcher.inputs.read`) take off again, so an exported table loads back unchanged.
Every writer has a ``*_bytes`` twin for downloads (nothing is written to the server's disk).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from matcher.inputs.read import FORMULA_START

__all__ = ["csv_bytes", "safe_cell", "safe_frame", "write_csv", "write_xlsx", "xlsx_bytes"]


#: Characters an .xlsx file (XML) cannot hold: control characters other than tab and
#: line breaks.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """Neutralise a text cell that a spreadsheet would run as a formula.

    Numbers are left alone (a negative number is not a formula); text starting with
    ``= + - @``, tab or carriage return gets a leading apostrophe (and so does text that
    already starts with apostrophes before such a character, so that reading it back,
    which takes one apostrophe off, gives the original text).

    >>> safe_cell("=HYPERLINK(\\"x\\")")
    '\\'=HYPERLINK("x")'
    >>> safe_cell(-2.5)
    -2.5
    """
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame, xlsx: bool = False) -> pd.DataFrame:
    """A copy with every text cell and header made formula-safe (and XML-safe for xlsx)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
            if xlsx:
                safe[column] = safe[column].map(
                    lambda v: _XML_ILLEGAL.sub("", v) if isinstance(v, str) else v)
    safe.columns = [safe_cell(str(c)) for c in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame, *, sep: str = ",") -> bytes:
    """The bytes :func:`write_csv` writes, without a file (for a download: nothing is
    written to the server's disk)."""
    text = safe_frame(frame).to_csv(index=False, sep=sep, lineterminator="\n")
    return text.encode("utf-8-sig")


def write_csv(frame: pd.DataFrame, path: str | Path, *, sep: str = ",") -> Path:
    """Write a DataFrame as CSV with a UTF-8 BOM and formula-safe text cells."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(frame, sep=sep))
    return path


def xlsx_bytes(sheets: dict[str, pd.DataFrame] | Sequence[tuple[str, pd.DataFrame]]) -> bytes:
    """The bytes :func:`write_xlsx` writes, without a file."""
    buffer = io.BytesIO()
    items = list(sheets.items()) if isinstance(sheets, dict) else list(sheets)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, frame in items:
            safe_frame(frame, xlsx=True).to_excel(writer, sheet_name=title[:31], index=False)
    return buffer.getvalue()


def write_xlsx(sheets: dict[str, pd.DataFrame] | Sequence[tuple[str, pd.DataFrame]],
               path: str | Path) -> Path:
    """Write one or more DataFrames as sheets of an ``.xlsx`` workbook, formula-safe.

    Control characters that an ``.xlsx`` file cannot hold (all but tab and line breaks)
    are left out.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx_bytes(sheets))
    return path
