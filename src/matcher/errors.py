"""Exceptions and the structured problem record used for every input error.

Every problem found in an input file is a :class:`Problem` naming the file, the row (as
a spreadsheet user counts it: the header is row 1, the first data row is row 2), the
column, the rule that was broken and the value that broke it. Loaders collect *all*
problems of a file before raising one :class:`InputError`, so a user fixes a
spreadsheet in one go instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from matcher.text.catalogue import Msg, msg, render

__all__ = ["PROBLEM_COLUMNS", "InputError", "MatcherError", "NotProvenError", "ParamError",
           "Problem", "ProblemList", "ScheduleError", "problems_frame"]

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
        The rule that was broken, phrased as what is expected, in English.
    value
        The offending value as text (shortened when long); ``""`` when there is none.
        Personal-data problems never carry the value: ``value`` is then the English
        marker of ``hidden``.
    code
        The rule's stable code in :data:`matcher.text.catalogue.MESSAGES`; with ``params``
        it gives the rule in every language. Every problem matcher makes has one; ``""``
        only for a problem made by hand from free text, which then reads the same in
        every language (it is never translated).
    params
        The parameters of the rule's text, as sorted (name, value) pairs.
    hidden
        The marker that stands in for a value that is not shown (``val.hidden_personal``,
        ``val.hidden_candidate``), or ``None`` when ``value`` is the user's value.

    Make one from the catalogue with :meth:`of`; read it in a language with
    :meth:`message` (the rule) or :meth:`text` (the whole line).
    """

    file: str
    row: int | None
    column: str
    rule: str
    value: str = ""
    code: str = field(default="", compare=False)
    params: tuple[tuple[str, Any], ...] = field(default=(), compare=False)
    hidden: Msg | None = field(default=None, compare=False)

    @classmethod
    def of(cls, file: str, row: int | None, column: str, code: str, value: object = "", /,
           **params: Any) -> Problem:
        """A problem whose rule is the catalogue message ``code`` with ``params``.

        ``value`` is the user's value, or a :class:`~matcher.text.catalogue.Msg` marker
        that stands in for a value that is not shown (kept in :attr:`hidden`).
        """
        message = msg(code, **params)
        if isinstance(value, Msg):
            return cls(file, row, column, message.text("en"), value.text("en"), code,
                       message.params, value)
        return cls(file, row, column, message.text("en"), shorten(value) if value != "" else "",
                   code, message.params)

    def message(self, lang: str = "en") -> str:
        """The rule in ``lang`` (``"en"`` or ``"nl"``), rendered from its code.

        A problem made by hand from free text (no code) gives that text in every language.
        """
        if self.code:
            return Msg(self.code, self.params).text(lang)
        return self.rule

    def value_text(self, lang: str = "en") -> str:
        """The value; for a value not shown, its marker in ``lang`` (``(niet getoond: ...)``)."""
        return self.hidden.text(lang) if self.hidden is not None else self.value

    def text(self, lang: str = "en") -> str:
        """The problem as one line in ``lang``: where, the rule and the value."""
        nl = lang == "nl"
        where = self.file
        if self.row is not None:
            where += f", {'rij' if nl else 'row'} {self.row}"
        if self.column:
            where += f", {'kolom' if nl else 'column'} '{self.column}'"
        text = f"{where}: {self.message(lang)}"
        if self.value != "":
            text += f" {'Waarde' if nl else 'Got'} '{shorten(self.value_text(lang))}'."
        return text

    def __str__(self) -> str:
        return self.text("en")


def shorten(value: object) -> str:
    """Return ``value`` as text, cut to a readable length for messages."""
    text = str(value)
    if len(text) > _MAX_VALUE_CHARS:
        return text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


class ProblemList(list[Problem]):
    """A list of problems with a helper to add one from the catalogue and to show them."""

    def report(self, file: str, row: int | None, column: str, code: str, value: object = "",
               /, **params: Any) -> None:
        """Append a problem whose rule is the catalogue message ``code`` with ``params``."""
        self.append(Problem.of(file, row, column, code, value, **params))

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """The problems as a table (see :func:`problems_frame`)."""
        return problems_frame(self, lang)


#: Column headers of a problems table per language.
PROBLEM_COLUMNS: dict[str, tuple[str, str, str, str, str]] = {
    "en": ("file", "row", "column", "rule", "value"),
    "nl": ("bestand", "rij", "kolom", "probleem", "waarde"),
}


def problems_frame(problems: Iterable[Problem], lang: str = "en") -> pd.DataFrame:
    """Return problems as a DataFrame in order.

    Columns file, row, column, rule, value (``lang="en"``) or bestand, rij, kolom,
    probleem, waarde with the rules and hidden-value markers in Dutch (``lang="nl"``).
    """
    headers = PROBLEM_COLUMNS["nl" if lang == "nl" else "en"]
    rows = [(p.file, p.row, p.column, p.message(lang), p.value_text(lang)) for p in problems]
    frame = pd.DataFrame(rows, columns=list(headers))
    frame[headers[1]] = frame[headers[1]].astype("Int64")
    return frame


class _ProblemsError(MatcherError, ValueError):
    """An error that lists every problem found (never only the first)."""

    #: Catalogue codes of the first line (one problem, several problems).
    _HEAD: tuple[str, str] = ("error.head_one", "error.head")

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self.message("en"))

    def head(self, lang: str = "en") -> str:
        """The first line: how many problems were found."""
        count = len(self.problems)
        one, many = self._HEAD
        return render(one, lang) if count == 1 else render(many, lang, count=count)

    def message(self, lang: str = "en") -> str:
        """The head and every problem, one per line, in ``lang``."""
        return "\n".join([self.head(lang), *(f"  - {p.text(lang)}" for p in self.problems)])

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """The problems as a table (see :func:`problems_frame`)."""
        return problems_frame(self.problems, lang)


class InputError(_ProblemsError):
    """Input that cannot be used, with every problem found listed in ``problems``.

    ``str(error)`` lists all problems, one per line, in English; :meth:`message` gives
    the same in another language.
    """


class ParamError(InputError):
    """Settings that break their rules, every broken rule listed in ``problems``.

    Settings are input too: every handler of :class:`InputError` (the command line's exit
    code 2, the app's problem table) handles a ParamError as well.

    Each :class:`Problem` names the settings object in ``file`` (``"CarveParams"``), the
    field in ``column`` (``"min_hours"``), the rule (a catalogue code) and the value, so a
    form can mark the field. Raise it with :meth:`of`.
    """

    _HEAD = ("error.param_head_one", "error.param_head")

    @classmethod
    def of(cls, owner: str, problems: Iterable[tuple[str, str, object, dict[str, Any]]]
           ) -> ParamError:
        """A ParamError from ``(field, code, value, params)`` tuples about ``owner``."""
        return cls(Problem.of(owner, None, name, code, value, **params)
                   for name, code, value, params in problems)

    def message(self, lang: str = "en") -> str:
        """The head and every broken rule, one per line, each naming its field."""
        word = "veld" if lang == "nl" else "field"
        lines = [f"  - {p.file}, {word} '{p.column}': {p.message(lang)}"
                 + (f" {'Waarde' if lang == 'nl' else 'Got'} '{p.value_text(lang)}'."
                    if p.value != "" else "") for p in self.problems]
        return "\n".join([self.head(lang), *lines])

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields with a problem, in the order found."""
        return tuple(dict.fromkeys(p.column for p in self.problems))


class ScheduleError(MatcherError, ValueError):
    """A set of tasks that cannot form a workable week.

    ``code`` is one of ``overlap``, ``travel``, ``day_hours``, ``no_room``; ``tasks``
    names the tasks involved. The message is a catalogue :class:`Msg` (kept in
    ``reason``, read in any language with :meth:`text`) or Dutch text; ``str(error)`` is
    Dutch, for users.
    """

    def __init__(self, code: str, message: str | Msg, tasks: Iterable[str] = (),
                 day: int | None = None, short: int = 0) -> None:
        self.reason: Msg | None = message if isinstance(message, Msg) else None
        super().__init__(message.text("nl") if isinstance(message, Msg) else message)
        self.code = code
        self.tasks = tuple(tasks)
        #: the day (0 = Monday) whose own rule broke, when one did
        self.day = day
        #: minutes of work the day lacks (``idle``) or holds too many (``break``), when known
        self.short = short

    def text(self, lang: str = "nl") -> str:
        """Why the week does not work, in ``lang`` (Dutch text without a message stays Dutch)."""
        return self.reason.text(lang) if self.reason is not None else str(self)


class NotProvenError(MatcherError, RuntimeError):
    """The exact carving method stopped at its limits before it proved an optimum."""
