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
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from matcher.inputs.read import FORMULA_START

__all__ = ["csv_bytes", "dutch_csv_bytes", "fixed_zip", "safe_cell", "safe_frame", "write_csv",
           "write_xlsx", "xlsx_bytes", "xml_text"]


#: Characters an .xlsx file (XML) cannot hold: control characters other than tab and
#: line breaks.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(value: object) -> str:
    """``value`` as text an Office file (XML: ``.xlsx``, ``.docx``) can hold: control
    characters pasted from Word or Excel (vertical tab, NUL, ESC) are left out.

    >>> xml_text("Kopieerwerk\x0bvoor docenten\x00")
    'Kopieerwerkvoor docenten'
    """
    return _XML_ILLEGAL.sub("", str(value))


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
                    lambda v: xml_text(v) if isinstance(v, str) else v)
    safe.columns = [safe_cell(str(c)) for c in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame, *, sep: str = ",", decimal: str = ".") -> bytes:
    """The bytes :func:`write_csv` writes, without a file (for a download: nothing is
    written to the server's disk). ``sep=";", decimal=","`` is what a Dutch Excel opens
    as columns and numbers (:func:`dutch_csv_bytes`)."""
    text = safe_frame(frame).to_csv(index=False, sep=sep, decimal=decimal,
                                    lineterminator="\n")
    return text.encode("utf-8-sig")


def dutch_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for people who open it in a Dutch Excel: ``;`` between the columns, a decimal
    comma, UTF-8 with a BOM, formula-safe text cells."""
    return csv_bytes(frame, sep=";", decimal=",")


def write_csv(frame: pd.DataFrame, path: str | Path, *, sep: str = ",",
              decimal: str = ".") -> Path:
    """Write a DataFrame as CSV with a UTF-8 BOM and formula-safe text cells (``sep=";",
    decimal=","`` for a Dutch Excel, as :func:`dutch_csv_bytes`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(frame, sep=sep, decimal=decimal))
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


def fixed_zip(data: bytes) -> bytes:
    """Rewrite an Office file's zip (``.xlsx``, ``.docx``) with fixed timestamps, inside the
    zip and in its document properties, so equal input gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"<dcterms:(modified|created)([^>]*)>[^<]*</dcterms:\1>",
                                 rb"<dcterms:\1\2>2000-01-01T00:00:00Z</dcterms:\1>",
                                 content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, content)
    return out.getvalue()
