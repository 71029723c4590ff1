"""Parsers for single cell values, written for what Dutch spreadsheets contain.

Each parser takes the cell as text (or an Excel-native value) and returns a typed value,
or raises :class:`CellError` whose message is the rule, phrased for the user. The loaders
in :mod:`matcher.inputs.loaders` turn those into :class:`matcher.errors.Problem` records.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from matcher.errors import MatcherError
from matcher.inputs.schema import (
    AREA_ALIASES,
    EDUCATION_CANONICAL,
    LEVEL_ALIASES,
    UNKNOWN_WORDS,
    WORK_DAYS,
    normalise_key,
)
from matcher.text.catalogue import msg
from matcher.text.labels import DAY_NAMES_NL, DAY_NAMES_NL_LONG

__all__ = [
    "FULL_POSTCODE",
    "CellError",
    "cell_text",
    "is_blank",
    "is_unknown",
    "parse_area",
    "parse_areas",
    "parse_days",
    "parse_education",
    "parse_level",
    "parse_number",
    "parse_pc4",
    "parse_scale",
    "parse_time",
    "parse_yes_no",
]


class CellError(MatcherError, ValueError):
    """A cell value that breaks a rule; the message is the rule (in English).

    ``code`` and ``params`` name the rule in :data:`matcher.text.catalogue.MESSAGES`, so the
    loaders can report it in every language.
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.rule = msg(code, **params)
        super().__init__(self.rule.text("en"))

    @property
    def code(self) -> str:
        """The rule's code in the message catalogue."""
        return self.rule.code


def is_blank(value: object) -> bool:
    """True for None, NaN and text that is empty after stripping."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def cell_text(value: object) -> str:
    """A cell as text without surrounding spaces; a whole float without its ``.0`` (``12``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_unknown(value: object) -> bool:
    """True for blank cells and words that mean unknown (onbekend, unknown, ?, n.v.t.)."""
    return is_blank(value) or normalise_key(str(value)) in UNKNOWN_WORDS or str(
        value
    ).strip() in {"?", "-"}


_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


def parse_number(value: object) -> float:
    """Parse a number written with a decimal comma or point (``2,5``, ``2.5``, ``1.234,5``).

    A single ``,`` or ``.`` is always the decimal separator (``0,125`` and ``1.250`` are
    0.125 and 1.25). Thousands separators are read only where they cannot be a decimal:
    with both separators (``1.234,5``, ``1,234.5``) or repeated (``1.234.567``).

    >>> parse_number("2,5")
    2.5
    >>> parse_number("1.234,5")
    1234.5
    """
    if isinstance(value, bool):
        raise CellError("cell.number")
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer cell of hundreds of digits (a crafted .xlsx)
            raise CellError("cell.finite") from None
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if "," in text and "." in text:
            decimal = "," if text.rindex(",") > text.rindex(".") else "."
            thousands = "." if decimal == "," else ","
            whole, _, fraction = text.rpartition(decimal)
            if not _GROUPED.match(whole.replace(thousands, ",")) or not fraction.isdigit():
                raise CellError("cell.number_format")
            text = whole.replace(thousands, "") + "." + fraction
        elif text.count(",") > 1 or text.count(".") > 1:
            separator = "," if "," in text else "."
            if not _GROUPED.match(text.replace(separator, ",")):
                raise CellError("cell.number_format")
            text = text.replace(separator, "")
        else:
            text = text.replace(",", ".")
        if not _PLAIN.match(text):
            raise CellError("cell.number_format")
        number = float(text)
    if not math.isfinite(number):
        raise CellError("cell.finite")
    return number


def parse_scale(value: object, low: int = 0, high: int = 2) -> int:
    """Parse a whole number on a small scale such as 0-2 (also ``laag``/``midden``/``hoog``)."""
    key = normalise_key(str(value))
    words = {"laag": 0, "low": 0, "gemiddeld": 1, "midden": 1, "medium": 1, "hoog": 2, "high": 2}
    if high == 2 and key in words:
        return words[key]
    try:
        number = parse_number(value)
    except CellError:
        raise CellError("cell.whole", low=low, high=high) from None
    if number != int(number) or not low <= number <= high:
        raise CellError("cell.whole", low=low, high=high)
    return int(number)


def parse_level(value: object) -> int:
    """Parse a task level: 1-4 or a level name (elementair, eenvoudig, mbo-2, mbo-3)."""
    key = normalise_key(str(value))
    if key in LEVEL_ALIASES:
        return LEVEL_ALIASES[key]
    try:
        return parse_scale(value, 1, 4)
    except CellError:
        raise CellError("cell.level") from None


def parse_area(value: object) -> str:
    """Parse a task area to its canonical English name."""
    key = normalise_key(str(value))
    if key in AREA_ALIASES:
        return AREA_ALIASES[key]
    raise CellError("cell.area")


_AREA_SPLIT = re.compile(r"[,;/|+]|\sen\s|\sand\s")


def parse_areas(value: object) -> tuple[str, ...]:
    """Parse a list of areas separated by ``,``, ``;``, ``/`` or ``|`` (sorted, unique)."""
    parts = [p for p in _AREA_SPLIT.split(str(value)) if p.strip()]
    return tuple(sorted({parse_area(p) for p in parts}))


def parse_education(value: object) -> str:
    """Parse an education value to its canonical Dutch spelling (``mbo-1``, ``vso``, ...)."""
    key = normalise_key(str(value))
    if key in EDUCATION_CANONICAL:
        return EDUCATION_CANONICAL[key]
    raise CellError("cell.education")


def parse_yes_no(value: object) -> bool:
    """Parse yes/no in Dutch or English (ja/nee, yes/no, j/n, y/n, true/false, 1/0)."""
    key = normalise_key(str(value))
    if key in {"ja", "j", "yes", "y", "true", "waar", "1"}:
        return True
    if key in {"nee", "n", "no", "false", "onwaar", "0"}:
        return False
    raise CellError("cell.yes_no")


_DAY_LOOKUP: dict[str, int] = {}
for _i, (_short, _long) in enumerate(zip(DAY_NAMES_NL, DAY_NAMES_NL_LONG, strict=True)):
    _DAY_LOOKUP[_short] = _i
    _DAY_LOOKUP[_long] = _i
for _i, _names in enumerate(
    [
        ("mon", "monday", "maa", "mo"),
        ("tue", "tues", "tuesday", "din", "tu"),
        ("wed", "wednesday", "woe", "we"),
        ("thu", "thur", "thurs", "thursday", "don", "th"),
        ("fri", "friday", "vri", "fr"),
        ("sat", "saturday", "zat", "sa"),
        ("sun", "sunday", "zon", "su"),
    ]
):
    for _name in _names:
        _DAY_LOOKUP[_name] = _i

_ALL_WEEK_WORDS = {"dagelijks", "daily", "elke_dag", "alle_dagen", "every_day", "werkdagen",
                   "weekdays", "alle_werkdagen", "ma_t_m_vr"}
_RANGE = re.compile(r"^([a-z]+)\s*(?:-|–|t/m|tm|tot en met|to|through|until)\s*([a-z]+)$")


def parse_days(value: object) -> tuple[int, ...]:
    """Parse a set of days to sorted day numbers (Monday = 0).

    Accepts ``ma,wo,vr``, ``ma-vr``, ``ma t/m vr``, ``maandag en donderdag``, English names
    (``mon-fri``, ``Tuesday``) and ``dagelijks``/``daily`` (Monday to Friday).

    >>> parse_days("ma-vr")
    (0, 1, 2, 3, 4)
    >>> parse_days("di, do")
    (1, 3)
    """
    text = str(value).strip().lower()
    if normalise_key(text) in _ALL_WEEK_WORDS:
        return WORK_DAYS
    text = re.sub(r"\s+", " ", text)  # one space per run: the patterns below stay linear
    text = re.sub(r" ?(t/m|t\.m\.|tot en met) ?", "-", text)
    days: set[int] = set()
    for part in re.split(r"[,;/|+&]|\sen\s|\sand\s", text):
        part = part.strip().rstrip(".")
        if not part:
            continue
        match = _RANGE.match(part)
        if match:
            first, last = (_DAY_LOOKUP.get(match.group(i)) for i in (1, 2))
            if first is None or last is None or last < first:
                raise CellError("cell.days")
            days.update(range(first, last + 1))
            continue
        for token in part.split():
            if token not in _DAY_LOOKUP:
                raise CellError("cell.days")
            days.add(_DAY_LOOKUP[token])
    if not days:
        raise CellError("cell.days")
    return tuple(sorted(days))


_TIME = re.compile(r"^(\d{1,2})(?:\s*[:.hu]\s*(\d{2}))?\s*(?:uur|u|h)?$")


def parse_time(value: object) -> int:
    """Parse a time of day to minutes after midnight.

    Accepts ``08:30``, ``8.30``, ``8u30``, ``8h30``, ``0830``, ``8`` and Excel time values.

    >>> parse_time("8u30")
    510
    """
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    if isinstance(value, dt.datetime):
        return value.hour * 60 + value.minute
    if isinstance(value, float) and 0 <= value < 1:  # Excel stores times as a fraction of a day
        return round(value * 24 * 60)
    text = str(value).strip().lower()
    if re.fullmatch(r"\d{3,4}", text):
        text = text.zfill(4)
        text = f"{text[:2]}:{text[2:]}"
    if re.fullmatch(r"\d{1,2}:\d{2}:\d{2}", text):  # 08:30:00 from some exports
        text = text[: text.rindex(":")]
    match = _TIME.match(text)
    if not match:
        raise CellError("cell.time")
    hours = int(match.group(1))
    minutes = int(match.group(2) or 0)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes > 0):
        raise CellError("cell.time_range")
    return hours * 60 + minutes


#: A full postcode (4 digits and 2 letters, maybe a house number) as the whole cell.
FULL_POSTCODE = re.compile(r"^\s*\d{4}\s*[a-zA-Z]{2}(\s*\d+.*)?$")


def parse_pc4(value: object) -> str:
    """Parse a 4-digit Dutch postcode (1000-9999); a full postcode is refused as too precise.

    >>> parse_pc4(3811.0)
    '3811'
    """
    text = cell_text(value)
    if FULL_POSTCODE.match(text):
        raise CellError("cell.pc4_full")
    if not re.fullmatch(r"[1-9]\d{3}", text):
        raise CellError("cell.pc4")
    return text
