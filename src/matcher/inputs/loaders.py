"""Load and check input files: every problem at once, never a traceback.

Three loaders, one per file kind: :func:`load_tasks`, :func:`load_sites` and
:func:`load_candidates`. Each reads CSV or ``.xlsx`` (see :mod:`matcher.inputs.read`), maps Dutch
or English headers to the data contract (:mod:`matcher.inputs.schema`), refuses columns that
hold personal data, parses every cell and checks the rules across rows. When anything is
wrong it raises one :class:`~matcher.errors.InputError` listing every problem with file,
row, column, rule and value. Columns it does not use are reported as warnings, never
dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from matcher.errors import InputError, Problem, ProblemList
from matcher.geo import TravelParams, pc4_table
from matcher.inputs.cells import (
    CellError,
    is_blank,
    is_unknown,
    parse_area,
    parse_areas,
    parse_days,
    parse_education,
    parse_level,
    parse_number,
    parse_scale,
    parse_time,
    parse_yes_no,
)
from matcher.inputs.read import Limits, RawTable, read_table
from matcher.inputs.schema import (
    COLUMNS,
    EDUCATION_LEVEL,
    WORK_DAYS,
    Kind,
    normalise_key,
)
from matcher.model import DEFAULT_SITE, Inventory, Pool, Sites, Task
from matcher.text.catalogue import msg, note, render
from matcher.text.format import format_time

__all__ = [
    "detect_kind",
    "load_candidates",
    "load_sites",
    "load_tasks",
    "personal_value_kind",
    "redact_candidate_value",
    "validate_file",
]

Source = str | Path | bytes

#: Tolerance (hours a week) between hours_per_week and days x (end - start).
FIXED_HOURS_TOLERANCE = 0.05

# Header keys (after normalise_key) that reveal personal data, and what they are.
_PERSONAL_EXACT: dict[str, str] = {
    "naam": "a name", "name": "a name", "voornaam": "a name", "achternaam": "a name",
    "voorletters": "a name", "tussenvoegsel": "a name", "first_name": "a name",
    "firstname": "a name", "last_name": "a name", "lastname": "a name", "surname": "a name",
    "full_name": "a name", "volledige_naam": "a name", "roepnaam": "a name",
    "bsn": "a BSN", "burgerservicenummer": "a BSN", "sofinummer": "a BSN", "ssn": "a BSN",
    "email": "an e-mail address", "e_mail": "an e-mail address", "mail": "an e-mail address",
    "emailadres": "an e-mail address", "e_mailadres": "an e-mail address",
    "telefoon": "a phone number", "telefoonnummer": "a phone number", "tel": "a phone number",
    "phone": "a phone number", "mobiel": "a phone number", "mobile": "a phone number",
    "gsm": "a phone number", "phone_number": "a phone number",
    "adres": "an address", "address": "an address", "straat": "an address",
    "straatnaam": "an address", "street": "an address", "huisnummer": "an address",
    "house_number": "an address", "woonadres": "an address",
    "postcode_6": "a full postcode", "pc6": "a full postcode",
    "geboortedatum": "a birth date", "birth_date": "a birth date",
    "date_of_birth": "a birth date", "birthdate": "a birth date", "dob": "a birth date",
    "geb_datum": "a birth date",
}
_PERSONAL_TOKENS: dict[str, str] = {
    "bsn": "a BSN", "email": "an e-mail address", "telefoon": "a phone number",
    "telefoonnummer": "a phone number", "geboortedatum": "a birth date",
    "burgerservicenummer": "a BSN", "huisnummer": "an address", "straat": "an address",
}
# In candidate files, a header with any of these words is refused ("Naam kandidaat").
_PERSONAL_CANDIDATE_TOKENS: dict[str, str] = {
    "naam": "a name", "name": "a name", "voornaam": "a name", "achternaam": "a name",
    "mail": "an e-mail address", "adres": "an address", "address": "an address",
    "phone": "a phone number", "mobiel": "a phone number", "mobile": "a phone number",
    "tel": "a phone number", "street": "an address",
}
# Columns that are legitimately named like personal data in a given kind of file.
_ALLOWED_BY_KIND: dict[str, frozenset[str]] = {
    "sites": frozenset({"naam", "name", "adres", "address", "straat", "straatnaam", "street",
                        "huisnummer", "house_number", "telefoon", "phone", "email", "mail"}),
    "tasks": frozenset(),
    "candidates": frozenset(),
}

# Every pattern below runs in linear time on a 10,000-character cell: repeats are bounded,
# so no text makes the search backtrack over the whole cell from every position.
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,253}\.[a-z]{2,24}", re.IGNORECASE)
# A Dutch phone number, alone or inside text: 0, +31 or 0031, then nine digits.
_PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]{0,3}[1-9](?:[\s-]{0,3}\d){8}(?!\d)")
# A full postcode (with letters, maybe a house number) as the whole cell, or inside text
# in capitals (so that "2024 en" in a sentence is not one).
_FULL_POSTCODE = re.compile(r"^\s*\d{4}\s*[a-zA-Z]{2}(\s*\d+.*)?$")
_POSTCODE_IN_TEXT = re.compile(r"(?<!\w)[1-9]\d{3}\s?[A-Z]{2}(?!\w)")
# Dates: 12-03-1998, 12/3/98, 12.03.1998 (day-month or month-day), 1998-03-12, 12 maart 1998.
_NOT_IN_NUMBER = (r"(?<![\d.,:/-])", r"(?![\d,:/-]|\.\d)")
_DATE_DMY = re.compile(r"{}(\d{{1,2}})([-/.])(\d{{1,2}})\2(\d{{4}}|\d{{2}})(?!\d){}"
                       .format(*_NOT_IN_NUMBER))
_DATE_YMD = re.compile(r"{}((?:19|20)\d{{2}})([-/.])(\d{{1,2}})\2(\d{{1,2}})(?!\d){}"
                       .format(*_NOT_IN_NUMBER))
_DATE_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s{0,3}(?:jan|feb|mrt|maa|mar|apr|mei|may|jun|jul|"
                         r"aug|sep|okt|oct|nov|dec)[a-z]{0,7}\.?\s{0,3}(?:19|20)\d{2}(?!\d)",
                         re.IGNORECASE)
# A street and house number: a word ending in a Dutch street suffix, then a number.
_STREET_SUFFIXES = ("straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "pad",
                    "hof", "steeg", "dreef", "plantsoen", "markt")
_ADDRESS = re.compile(r"(?<!\w)[^\W\d_][\w'.-]{0,40}(?:" + "|".join(_STREET_SUFFIXES)
                      + r")\s{1,3}\d{1,5}(?:\s?[a-z]{1,2})?(?!\w)", re.IGNORECASE)
# Nine digits alone, or in groups (111.222.333, 111 22 333), but not the decimals of a
# number such as a coordinate (52.1000002 or 5.100000009).
_NINE_DIGITS = re.compile(r"(?<![\d.,])\d{9}(?!\d|[.,]\d)")
_BSN_GROUPED = re.compile(r"^\d{1,4}(?:[\s.-]+\d{1,4}){2,3}$")

#: What a value that looks like personal data is, in one (for a hidden value) and many
#: (for a column count).
_PERSONAL_VALUES: dict[str, tuple[str, str]] = {
    "email": ("an e-mail address", "e-mail addresses"),
    "date": ("a date", "dates (birth dates?)"),
    "phone": ("a phone number", "phone numbers"),
    "bsn": ("a BSN", "numbers that pass the BSN 11-check"),
    "postcode": ("a full postcode", "full postcodes (with letters or a house number)"),
    "address": ("a street address", "street addresses (street and house number)"),
}


#: The message code of each kind of personal data named above.
_PD_CODE: dict[str, str] = {
    "a name": "pd.name", "a BSN": "pd.bsn", "an e-mail address": "pd.email",
    "a phone number": "pd.phone", "an address": "pd.address", "a full postcode":
    "pd.full_postcode", "a birth date": "pd.birth_date", "a date": "pd.date",
    "a street address": "pd.street_address",
}


def _is_date(text: str) -> bool:
    for match in _DATE_DMY.finditer(text):
        a, b, year = int(match.group(1)), int(match.group(3)), match.group(4)
        if 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12 and \
                (len(year) == 2 or 1900 <= int(year) <= 2099):
            return True
    for match in _DATE_YMD.finditer(text):
        if 1 <= int(match.group(3)) <= 12 and 1 <= int(match.group(4)) <= 31:
            return True
    return bool(_DATE_WORDS.search(text))


def personal_value_kind(value: Any) -> str | None:
    """Which kind of personal data a cell value looks like, or ``None``.

    Kinds (keys of the checks, in the order they are tried): ``email``, ``date`` (a date
    in any form, or an Excel date cell: a birth date?), ``phone`` (Dutch), ``bsn`` (nine
    digits passing the 11-check), ``postcode`` (a full postcode, with letters and maybe a
    house number) and ``address`` (a street name and a house number).

    >>> personal_value_kind("Dorpsstraat 12"), personal_value_kind("12/3/98")
    ('address', 'date')
    >>> personal_value_kind("mbo-2") is None
    True
    """
    if isinstance(value, dt.date):  # an Excel date cell (datetime is a date too)
        return "date"
    if is_blank(value) or isinstance(value, dt.time | dt.timedelta | bool):
        return None
    text = _text(value)
    if "@" in text and _EMAIL.search(text):
        return "email"
    if _is_date(text):
        return "date"
    if _PHONE.search(text):
        return "phone"
    grouped = _BSN_GROUPED.match(text) is not None
    if (grouped and _passes_bsn_check(re.sub(r"[\s.-]", "", text))) or any(
            _passes_bsn_check(m) for m in _NINE_DIGITS.findall(text)):
        return "bsn"
    if _FULL_POSTCODE.match(text) or _POSTCODE_IN_TEXT.search(text):
        return "postcode"
    lower = text.lower()
    if any(suffix in lower for suffix in _STREET_SUFFIXES) and _ADDRESS.search(text):
        return "address"
    return None


def _personal_kind(header: str, kind: str) -> str | None:
    key = normalise_key(header)
    if key in _ALLOWED_BY_KIND.get(kind, frozenset()):
        return None
    if key in _PERSONAL_EXACT:
        return _PERSONAL_EXACT[key]
    tokens = key.split("_")
    for token in tokens:
        if token in _PERSONAL_TOKENS:
            return _PERSONAL_TOKENS[token]
    if kind == "candidates":
        for token in tokens:
            if token in _PERSONAL_CANDIDATE_TOKENS:
                return _PERSONAL_CANDIDATE_TOKENS[token]
        if "geboorte" in tokens or "birth" in tokens:
            return "a birth date"
        # Dutch compounds: "woonadres", "kandidaatnaam", "geboortedag", "geboren".
        for token in tokens:
            if token.endswith("mailadres"):
                return "an e-mail address"
            if token.endswith("adres"):
                return "an address"
            if token.endswith("naam"):
                return "a name"
            if token.startswith("geboorte") or token in {"geboren", "geb"}:
                return "a birth date"
    return None


def _passes_bsn_check(digits: str) -> bool:
    """The BSN 11-check ("elfproef") on a 9-digit string."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _scan_values(table: RawTable, kind: str, mapping: dict[str, int],
                 problems: ProblemList) -> None:
    """Refuse personal data in the values of a candidates file, in every column.

    E-mail addresses, dates (birth dates), phone numbers, BSNs (the 11-check), full
    postcodes and street addresses; cells beyond the last header are scanned too. The
    message names the column and the count, never the values. Full postcodes in the
    ``pc4`` column are reported on their row instead (see ``_pc4``).
    """
    if kind != "candidates":
        return
    counts: dict[int, Counter[str]] = {}
    seen: dict[tuple[type, Any], str | None] = {}  # local to this call: never shared
    for row in table.rows:
        for col, cell in enumerate(row):
            key = (type(cell), cell)
            try:
                what = seen[key]
            except KeyError:
                what = seen[key] = personal_value_kind(cell)
            except TypeError:  # an unhashable cell
                what = personal_value_kind(cell)
            if what is not None:
                counts.setdefault(col, Counter())[what] += 1
    pc4 = mapping.get("pc4")
    for col in sorted(counts):
        header = table.headers[col] if col < len(table.headers) and table.headers[col] \
            else f"#{col + 1}"
        for what in _PERSONAL_VALUES:
            count = counts[col][what]
            if count and not (what == "postcode" and col == pc4):
                problems.report(table.name, None, header, "val.personal_values",
                                count=count, many=msg(f"pd.many.{what}"))


def _hide_personal_headers(table: RawTable, problems: ProblemList) -> None:
    """In a candidates file, a header that looks like personal data (the header row is
    missing, so the first profile became the header) is replaced by ``#n``."""
    for index, header in enumerate(table.headers):
        what = personal_value_kind(header)
        if what is not None:
            table.headers[index] = f"#{index + 1}"
            problems.report(table.name, 1, f"#{index + 1}", "val.personal_header_value",
                            what=msg(_PD_CODE[_PERSONAL_VALUES[what][0]]))


def _map_headers(
    table: RawTable, kind: Kind, problems: ProblemList, warnings: list[str]
) -> dict[str, int]:
    """Map canonical column names to positions; report unknown, duplicate and personal ones."""
    specs = COLUMNS[kind]
    mapping: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        if header == "":
            if any(index < len(r) and not is_blank(r[index]) for r in table.rows):
                problems.report(table.name, 1, f"#{index + 1}", "val.no_header")
            continue
        personal = _personal_kind(header, kind)
        if personal:
            problems.report(table.name, None, header, "val.personal_column",
                            what=msg(_PD_CODE[personal]))
            continue
        key = normalise_key(header)
        spec = next((s for s in specs if key in s.keys), None)
        if spec is None and _mixed_separator(table, header, specs, problems):
            continue
        if spec is None:
            warnings.append(note("val.warn_unused_column", name=table.name,
                                 header=header))
            continue
        if spec.name in mapping:
            first = table.headers[mapping[spec.name]]
            problems.report(table.name, 1, header, "val.duplicate_column", first=first,
                            name=spec.name)
            continue
        mapping[spec.name] = index
    for spec in specs:
        if spec.required and spec.name not in mapping:
            accepted = ", ".join(sorted({spec.name, *spec.aliases}))
            problems.report(table.name, None, spec.name, "val.missing_column",
                            accepted=accepted)
    return mapping


def _mixed_separator(table: RawTable, header: str, specs: tuple[Any, ...],
                     problems: ProblemList) -> bool:
    """Report a header such as ``taak_id,omschrijving`` in a ``;`` file: mixed separators."""
    for char in ",;\t":
        if char == table.separator or char not in header:
            continue
        parts = [normalise_key(p) for p in header.split(char)]
        if any(part in spec.keys for part in parts for spec in specs):
            name = {"\t": msg("sep.tab"), ",": msg("sep.comma"), ";": msg("sep.semicolon")}
            problems.report(table.name, 1, header, "val.mixed_separator", char=name[char],
                            separator=name.get(table.separator, table.separator))
            return True
    return False


class _Getter(Protocol):
    def __call__(self, row: list[Any], number: int, column: str, parse: Callable[[Any], Any],
                 default: Any = None) -> Any: ...


#: A value from a candidates file is shown in a message only when it is a short number
#: (or a short range of numbers) that does not look like personal data.
_SHOWABLE = re.compile(r"^[\d\s.,:+\-<>/()]{1,20}$")
_MAX_SHOWN_DIGITS = 6


def _redact(value: Any) -> Any:
    """A candidate-file value as it may appear in a message.

    Values that look like personal data (:func:`personal_value_kind`) are hidden with
    what they look like; other values are shown only when they are short numbers (like
    ``45`` in an hours column), because any text in a profile could be a name.
    """
    what = personal_value_kind(value)
    if what is not None:
        return render("val.hidden_personal", "en",
                      what=msg(_PD_CODE[_PERSONAL_VALUES[what][0]]))
    text = _text(value)
    if _SHOWABLE.match(text) and sum(c.isdigit() for c in text) <= _MAX_SHOWN_DIGITS:
        return value
    return render("val.hidden_candidate", "en")


#: A candidate's value as it may appear in a message (public for the session file).
redact_candidate_value = _redact


def _reader(table: RawTable, mapping: dict[str, int], problems: ProblemList,
            redact: bool = False) -> _Getter:
    """A cell getter that parses a value and records a problem when it breaks a rule."""

    def get(row: list[Any], number: int, column: str, parse: Callable[[Any], Any],
            default: Any = None) -> Any:
        index = mapping.get(column)
        if index is None or index >= len(row):
            return default
        value = row[index]
        if is_blank(value):
            return default
        try:
            return parse(value)
        except CellError as exc:
            problems.report(table.name, number, table.headers[index], "cell",
                            _redact(value) if redact else value, column=column, rule=exc.rule)
            return _INVALID

    return get


class _Invalid:
    """Marker for a cell that failed to parse (already reported)."""


_INVALID: Any = _Invalid()


#: First cells that mark a totals row ("Totaal", "Subtotaal", "Totaal uren", "Sum").
_TOTALS = re.compile(r"^(sub|eind)?(totaal|totalen|total|totals|som|sum|subtotal)(_.*)?$")
#: The id column of each kind of file.
_ID_COLUMN: dict[str, str] = {"tasks": "task_id", "sites": "site", "candidates": "candidate_id"}


def _is_number(value: Any) -> bool:
    try:
        parse_number(value)
    except CellError:
        return False
    return True


def _special_rows(table: RawTable, kind: Kind, mapping: dict[str, int], known: frozenset[str],
                  problems: ProblemList) -> None:
    """Report (and take out) rows that are not data: totals rows and a second header row.

    A totals row starts with Totaal/Total/Som (or, in a task inventory, is a last row of
    numbers only without a task_id); a second header row (the header was written over
    two rows, with merged cells) holds two or more column names right below the header.
    Both are problems, never dropped silently.
    """
    keep: list[int] = []
    id_index = mapping.get(_ID_COLUMN[kind])
    last = len(table.rows) - 1
    for position, (row, number) in enumerate(zip(table.rows, table.row_numbers, strict=True)):
        filled = [c for c in row if not is_blank(c)]
        first = str(filled[0]).strip()[:12] if filled else ""
        first = normalise_key(first) if first[:1] in "TtSsEe" else ""
        unlabeled_sum = (kind == "tasks" and position == last and position > 0
                         and (id_index is None or id_index >= len(row)
                              or is_blank(row[id_index]))
                         and bool(filled) and all(_is_number(c) for c in filled))
        if _TOTALS.match(first) or unlabeled_sum:
            problems.report(table.name, number, "", "val.totals_row",
                            what=msg(f"row.{kind}"))
        elif position == 0 and sum(isinstance(c, str) and normalise_key(c) in known
                                   for c in filled) >= 2:
            problems.report(table.name, number, "", "val.second_header")
        else:
            keep.append(position)
    if len(keep) < len(table.rows):
        table.rows = [table.rows[i] for i in keep]
        table.row_numbers = [table.row_numbers[i] for i in keep]


def _prepare(source: Source, kind: Kind, name: str | None, limits: Limits | None
             ) -> tuple[RawTable, dict[str, int], ProblemList, list[str]]:
    known = frozenset(k for spec in COLUMNS[kind] for k in spec.keys)
    table = read_table(source, name, limits=limits, known_headers=known)
    problems = ProblemList()
    warnings = list(table.notes)
    if kind == "candidates":
        _hide_personal_headers(table, problems)
    mapping = _map_headers(table, kind, problems, warnings)
    _scan_values(table, kind, mapping, problems)
    had_rows = bool(table.rows)
    _special_rows(table, kind, mapping, known, problems)
    width = len(table.headers)
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        extra = [c for c in row[width:] if not is_blank(c)]
        if extra:
            problems.report(table.name, number, "", "val.extra_values",
                            _redact(extra[0]) if kind == "candidates" else extra[0],
                            count=width + len(extra), width=width)
    if not had_rows and table.headers:
        problems.report(table.name, None, "", "val.no_rows")
    return table, mapping, problems, warnings


def _header(table: RawTable, mapping: dict[str, int], column: str) -> str:
    """The header as written in the file for a canonical column name."""
    return table.headers[mapping[column]] if column in mapping else column


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()




def _number_in(low: float, high: float, rule: str, *, open_low: bool = False
               ) -> Callable[[Any], float]:
    """A parser for a number in [low, high] (or (low, high] with ``open_low``); ``rule``
    is the message code of the range."""

    def parse(value: Any) -> float:
        number = parse_number(value)
        if number > high or number < low or (open_low and number == low):
            raise CellError(rule)
        return number

    return parse


_positive_hours = _number_in(0, 40, "cell.hours_week", open_low=True)
_hours_range = _number_in(0, 40, "cell.hours_range")
_hours_day = _number_in(0, 12, "cell.hours_day", open_low=True)
_travel_km = _number_in(0, 300, "cell.travel_km")
_latitude = _number_in(50, 54, "cell.latitude")
_longitude = _number_in(3, 7.5, "cell.longitude")


def _check_ids(table: RawTable, ids: list[tuple[int, str]], column: str,
               mapping: dict[str, int], problems: ProblemList, redact: bool = False) -> None:
    if column not in mapping:
        return
    counts = Counter(i for _, i in ids)
    header = table.headers[mapping[column]]
    for number, value in ids:
        if counts[value] > 1:
            problems.report(table.name, number, header, "val.unique",
                            _redact(value) if redact else value, column=column,
                            count=counts[value])


def load_sites(
    source: Source, *, name: str | None = None, limits: Limits | None = None,
    travel: TravelParams | None = None,
) -> Sites:
    """Load a sites file: site, name, and lat+lon or pc4 (4 digits), optional board.

    Raises
    ------
    InputError
        With every problem in the file.
    """
    table, mapping, problems, _warnings = _prepare(source, "sites", name, limits)
    get = _reader(table, mapping, problems)
    pc4s = _pc4_coordinates()
    rows = []
    ids: list[tuple[int, str]] = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        site = get(row, number, "site", _text, "")
        if site == "" and "site" in mapping:
            problems.report(table.name, number, _header(table, mapping, "site"),
                            "val.not_empty", column="site")
        ids.append((number, site))
        lat = get(row, number, "lat", _latitude)
        lon = get(row, number, "lon", _longitude)
        pc4 = get(row, number, "pc4", _pc4, "")
        approximate = False
        if (lat is None) != (lon is None) and _INVALID not in (lat, lon):
            problems.report(table.name, number, "lat/lon", "val.lat_lon")
        if (lat is None or lon is None) and pc4 not in ("", _INVALID):
            if pc4 in pc4s:
                lat, lon = pc4s[pc4]
                approximate = True
            else:
                problems.report(table.name, number, "pc4", "val.pc4_unknown", pc4)
        elif lat is None and lon is None and pc4 == "":
            problems.report(table.name, number, "lat/lon/pc4", "val.site_location")
        rows.append({
            "site": site, "name": get(row, number, "name", _text, "") or site,
            "lat": lat if isinstance(lat, float) else np.nan,
            "lon": lon if isinstance(lon, float) else np.nan,
            "pc4": pc4 if isinstance(pc4, str) else "",
            "board": get(row, number, "board", _text, ""), "approximate": approximate,
        })
    _check_ids(table, ids, "site", mapping, problems)
    if problems:
        raise InputError(problems)
    return Sites(pd.DataFrame(rows), travel or TravelParams())




def _pc4(value: Any) -> str:
    text = _text(value)
    if _FULL_POSTCODE.match(text):
        raise CellError("cell.pc4_full")
    if not re.fullmatch(r"[1-9]\d{3}", text):
        raise CellError("cell.pc4")
    return text


def load_tasks(
    source: Source, sites: Sites | Source | None = None, *, name: str | None = None,
    sites_name: str | None = None, limits: Limits | None = None,
) -> Inventory:
    """Load a task inventory (and optionally its sites file) into an :class:`Inventory`.

    Parameters
    ----------
    source
        Path (or bytes) of a CSV or ``.xlsx`` task inventory.
    sites
        A loaded :class:`Sites`, or the path/bytes of a sites file. Optional when the
        inventory has one site; without it, sites have no location and no function
        combines two sites on one day.
    name, sites_name
        Display names for bytes input.
    limits
        File size limits.

    Raises
    ------
    InputError
        With every problem in the file (and in the sites file).
    """
    site_problems: list[Problem] = []
    if sites is not None and not isinstance(sites, Sites):
        try:
            sites = load_sites(sites, limits=limits,
                               name=sites_name or (None if not isinstance(sites, bytes)
                                                   else "<sites>"))
        except InputError as error:  # report with the task file's problems, all at once
            site_problems, sites = error.problems, None
    table, mapping, problems, warnings = _prepare(source, "tasks", name, limits)
    if site_problems:
        mapping.pop("site", None)  # site ids cannot be checked without a valid sites file
    get = _reader(table, mapping, problems)
    site_ids = set(sites.ids) if sites is not None else None
    tasks: list[Task] = []
    ids: list[tuple[int, str]] = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        task_id = get(row, number, "task_id", _text, "")
        if task_id == "" and "task_id" in mapping:
            problems.report(table.name, number, _header(table, mapping, "task_id"),
                            "val.not_empty", column="task_id")
        ids.append((number, task_id))
        description = get(row, number, "description", _text, "")
        if description == "" and "description" in mapping:
            problems.report(table.name, number, _header(table, mapping, "description"),
                            "val.not_empty", column="description")
        area = get(row, number, "area", parse_area)
        if area is None and "area" in mapping:
            problems.report(table.name, number, _header(table, mapping, "area"),
                            "val.not_empty", column="area")
        hours = get(row, number, "hours_per_week", _positive_hours)
        if hours is None and "hours_per_week" in mapping:
            problems.report(table.name, number, _header(table, mapping, "hours_per_week"),
                            "val.not_empty", column="hours_per_week")
        level = get(row, number, "level", parse_level)
        if level is None and "level" in mapping:
            problems.report(table.name, number, _header(table, mapping, "level"),
                            "val.not_empty", column="level")
        site = get(row, number, "site", _text, "")
        if site_ids is not None:
            if site == "" and len(site_ids) == 1:
                site = next(iter(site_ids))
            elif site == "":
                problems.report(table.name, number, "site", "val.site_needed")
            elif site not in site_ids:
                problems.report(table.name, number, table.headers[mapping["site"]],
                                "val.site_unknown", site, sites=", ".join(sorted(site_ids)))
        days = get(row, number, "days", parse_days, ())
        start = get(row, number, "start", parse_time)
        end = get(row, number, "end", parse_time)
        if _INVALID not in (start, end, days, hours):
            if (start is None) != (end is None):
                problems.report(table.name, number, "start/end", "val.start_end")
            elif start is not None and end is not None:
                if end <= start:
                    problems.report(table.name, number, "end", "val.end_before",
                                    f"{format_time(start)}-{format_time(end)}")
                else:
                    days = days or WORK_DAYS
                    expected = len(days) * (end - start) / 60
                    if hours is not None and abs(hours - expected) > FIXED_HOURS_TOLERANCE:
                        problems.report(
                            table.name, number, "hours_per_week", "val.fixed_hours", hours,
                            days=len(days), length=(end - start) / 60, expected=expected)
        physical = get(row, number, "physical_load", parse_scale, 0)
        contact = get(row, number, "pupil_contact", parse_scale, 0)
        role = get(row, number, "current_role", _text, "")
        carvable = get(row, number, "carvable", parse_yes_no, True)
        values = (task_id, description, area, hours, level, days, start, end, physical, contact,
                  carvable)
        if any(v is _INVALID or v is None for v in (area, hours, level)) or _INVALID in values:
            continue
        tasks.append(Task(
            task_id=task_id, description=description, area=area, hours=float(hours),
            level=int(level), site=site or DEFAULT_SITE, days=tuple(days), start=start, end=end,
            physical_load=physical, pupil_contact=contact, current_role=role,
            carvable=bool(carvable), row=number,
        ))
    _check_ids(table, ids, "task_id", mapping, problems)
    if problems or site_problems:
        raise InputError([*site_problems, *problems])
    if sites is None:
        used = {t.site for t in tasks}
        sites = Sites.unlocated(used)
        if len(used) > 1:
            warnings.append(note("val.warn_no_sites", name=table.name,
                                 count=len(used)))
    return Inventory(tuple(tasks), sites, table.name, tuple(warnings))


def load_candidates(
    source: Source, *, name: str | None = None, limits: Limits | None = None
) -> Pool:
    """Load anonymous candidate profiles into a :class:`Pool`.

    Every field but ``candidate_id`` may be unknown (empty, ``onbekend``, ``unknown``,
    ``?``): unknown is kept as unknown, never turned into a match or a knock-out.

    Raises
    ------
    InputError
        With every problem in the file, including columns or values that look like
        personal data.
    """
    table, mapping, problems, warnings = _prepare(source, "candidates", name, limits)
    get = _reader(table, mapping, problems, redact=True)
    pc4s = _pc4_coordinates()

    def optional(row: list[Any], number: int, column: str, parse: Callable[[Any], Any]) -> Any:
        index = mapping.get(column)
        if index is not None and index < len(row) and is_unknown(row[index]):
            return None
        return get(row, number, column, parse, None)

    rows = []
    ids: list[tuple[int, str]] = []
    unknown_pc4 = 0
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        cid = get(row, number, "candidate_id", _text, "")
        if cid == "" and "candidate_id" in mapping:
            problems.report(table.name, number, _header(table, mapping, "candidate_id"),
                            "val.not_empty", column="candidate_id")
        ids.append((number, cid))
        pc4 = optional(row, number, "pc4", _pc4)
        lat = optional(row, number, "lat", _latitude)
        lon = optional(row, number, "lon", _longitude)
        approximate = False
        if (lat is None) != (lon is None) and _INVALID not in (lat, lon):
            problems.report(table.name, number, "lat/lon", "val.lat_lon")
            lat = lon = None
        if lat is None and lon is None and isinstance(pc4, str):
            if pc4 in pc4s:
                lat, lon = pc4s[pc4]
                approximate = True
            else:
                unknown_pc4 += 1
        hmin = optional(row, number, "hours_per_week_min", _hours_range)
        hmax = optional(row, number, "hours_per_week_max", _hours_range)
        if isinstance(hmin, float) and isinstance(hmax, float) and hmin > hmax:
            problems.report(table.name, number, "hours_per_week_min", "val.hours_min_max",
                            f"{hmin:g} > {hmax:g}")
        education = optional(row, number, "education", parse_education)
        travel = optional(row, number, "independent_travel", parse_yes_no)
        record = {
            "candidate_id": cid,
            "pc4": pc4 if isinstance(pc4, str) else "",
            "lat": lat, "lon": lon, "location_approximate": approximate,
            "max_travel_km": optional(row, number, "max_travel_km", _travel_km),
            "independent_travel": None if travel in (None, _INVALID) else float(travel),
            "hours_per_week_min": hmin, "hours_per_week_max": hmax,
            "hours_per_day_max": optional(row, number, "hours_per_day_max", _hours_day),
            "days_available": optional(row, number, "days_available", parse_days),
            "education": education if isinstance(education, str) else "onbekend",
            "education_level": (EDUCATION_LEVEL.get(normalise_key(education))
                                if isinstance(education, str) else None),
            "preferred_areas": optional(row, number, "preferred_areas", parse_areas),
            "physical_capacity": optional(row, number, "physical_capacity", parse_scale),
            "pupil_contact_ok": optional(row, number, "pupil_contact_ok", parse_scale),
        }
        rows.append({k: (None if v is _INVALID else v) for k, v in record.items()})
    _check_ids(table, ids, "candidate_id", mapping, problems, redact=True)
    if problems:
        raise InputError(problems)
    if unknown_pc4:
        warnings.append(note("val.warn_unknown_pc4", name=table.name,
                             count=unknown_pc4))
    frame = pd.DataFrame(rows)
    for column in ("lat", "lon", "max_travel_km", "independent_travel", "hours_per_week_min",
                   "hours_per_week_max", "hours_per_day_max", "education_level",
                   "physical_capacity", "pupil_contact_ok"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["location_approximate"] = frame["location_approximate"].astype(bool)
    return Pool(frame, table.name, tuple(warnings))




def detect_kind(headers: list[str]) -> Kind | None:
    """Guess whether headers belong to a task, sites or candidates file.

    Counts the headers that only one kind of file uses (``niveau`` or ``dagen`` occur in
    two kinds and do not count) and picks the kind with the most; ``None`` when no header
    is specific to any kind.
    """
    keys = {normalise_key(h) for h in headers}
    kinds: tuple[Kind, ...] = ("tasks", "sites", "candidates")
    own = {k: {key for spec in COLUMNS[k] for key in spec.keys} for k in kinds}
    specific = {k: own[k] - set().union(*(own[o] for o in kinds if o != k)) for k in kinds}
    counts = {k: len(keys & specific[k]) for k in kinds}
    # A sites file shares most of its columns with the other kinds: recognise it by a
    # site column plus a location and no task or candidate column.
    if counts["tasks"] == 0 and counts["candidates"] == 0:
        site_keys = COLUMNS["sites"][0].keys
        location = COLUMNS["sites"][2].keys | COLUMNS["sites"][4].keys
        if keys & site_keys and keys & location:
            return "sites"
    best = max(kinds, key=lambda k: counts[k])
    return best if counts[best] > 0 else None


def validate_file(path: Source, kind: Kind | None = None, *, name: str | None = None,
                  limits: Limits | None = None) -> tuple[Kind, str, list[str]]:
    """Check one file of any kind; return (kind, one-line summary, warnings).

    Raises
    ------
    InputError
        With every problem, or when the kind of file cannot be recognised.
    """
    if kind is None:
        known = frozenset(k for specs in COLUMNS.values() for spec in specs for k in spec.keys)
        table = read_table(path, name, limits=limits, known_headers=known)
        kind = detect_kind(table.headers)
        if kind is None:
            raise InputError([Problem.of(table.name, None, "", "val.unknown_kind")])
    if kind == "tasks":
        inventory = load_tasks(path, name=name, limits=limits)
        fixed = sum(t.fixed for t in inventory.tasks)
        summary = (f"{inventory.source}: {len(inventory.tasks)} tasks, "
                   f"{inventory.total_hours:.1f} hours a week, {fixed} at fixed times, "
                   f"{len(inventory.sites.ids)} site(s).")
        return kind, summary, list(inventory.warnings)
    if kind == "sites":
        sites = load_sites(path, name=name, limits=limits)
        located = int(sites.frame["lat"].notna().sum())
        label = name or (Path(path).name if not isinstance(path, bytes) else "<upload>")
        return kind, f"{label}: {len(sites.ids)} site(s), {located} with a location.", []
    pool = load_candidates(path, name=name, limits=limits)
    cov = pool.coverage()
    weakest = cov.sort_values("share_known").iloc[0]
    summary = (f"{pool.source}: {len(pool)} candidate profiles; least known field "
               f"'{weakest['field']}' ({weakest['share_known']:.0%} known).")
    return kind, summary, list(pool.warnings)


@lru_cache(maxsize=1)
def _pc4_coordinates() -> dict[str, tuple[float, float]]:
    """The embedded PC4 table as a dict (a DataFrame lookup per row is slow)."""
    table = pc4_table()
    return {str(pc4): (float(lat), float(lon))
            for pc4, lat, lon in zip(table.index, table["lat"], table["lon"], strict=True)}
