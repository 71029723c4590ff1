"""Exceptions and the structured problem record used for every input error.

Every problem found in an input file is a :class:`Problem` naming the file, the row (as
a spreadsheet user counts it: the header is row 1, the first data row is row 2), the
column, the rule that was broken and the value that broke it. Loaders collect *all*
problems of a file before raising one :class:`InputError`, so a user fixes a
spreadsheet in one go instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

__all__ = ["InputError", "MatcherError", "Problem", "ProblemList"]

#: Values longer than this are shortened in messages, so a 1 MB cell cannot flood a terminal.
_MAX_VALUE_CHARS = 60


class MatcherError(Exception):
    """Base class of all errors raised on purpose by matcher."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, column or file.

    Parameters
    ----------
    file
        The file's name as the user gave it (or ``"<tasks>"`` for in-memory data).
    row
        Spreadsheet row number (header = 1), or ``None`` for a whole-column or
        whole-file problem.
    column
        The column header as it appears in the file, or ``""`` for a whole-file problem.
    rule
        The rule that was broken, phrased as what is expected.
    value
        The offending value as text (shortened when long); ``""`` when there is none.
        Personal-data problems never carry the value.
    """

    file: str
    row: int | None
    column: str
    rule: str
    value: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{where}: {self.rule}"
        if self.value != "":
            text += f" Got '{shorten(self.value)}'."
        return text


def shorten(value: object) -> str:
    """Return ``value`` as text, cut to a readable length for messages."""
    text = str(value)
    if len(text) > _MAX_VALUE_CHARS:
        return text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


class ProblemList(list[Problem]):
    """A list of problems with a helper to add one and to show them as a table."""

    def add(
        self, file: str, row: int | None, column: str, rule: str, value: object = ""
    ) -> None:
        """Append a problem (the value is stored as shortened text)."""
        self.append(Problem(file, row, column, rule, shorten(value) if value != "" else ""))

    def to_frame(self) -> pd.DataFrame:
        """The problems as a table with columns file, row, column, rule, value."""
        return problems_frame(self)


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Return problems as a DataFrame (file, row, column, rule, value), in order."""
    rows = [
        {"file": p.file, "row": p.row, "column": p.column, "rule": p.rule, "value": p.value}
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=["file", "row", "column", "rule", "value"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


class InputError(MatcherError, ValueError):
    """Input that cannot be used, with every problem found listed in ``problems``.

    ``str(error)`` lists all problems, one per line.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found in the input:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))

    def to_frame(self) -> pd.DataFrame:
        """The problems as a table (file, row, column, rule, value)."""
        return problems_frame(self.problems)
