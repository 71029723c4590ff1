"""Load and check input files and tables: every problem at once, never a traceback.

Three loaders, one per kind of table: :func:`load_tasks`, :func:`load_sites` and
:func:`load_candidates`. Each reads CSV, ``.xlsx`` or a pandas DataFrame (see
:mod:`matcher.inputs.read`), maps Dutch or English headers to the data contract
(:mod:`matcher.inputs.schema`), refuses columns and values that hold personal data
(:mod:`matcher.inputs.guard`), parses every cell and checks the rules across rows. When
anything is wrong it raises one :class:`~matcher.errors.InputError` listing every problem
with file, row (as a spreadsheet counts it: the header is row 1), column, rule and value.
Columns it does not use are reported as warnings (:class:`~matcher.text.catalogue.Note`),
never dropped silently. :func:`validate_file` checks a table of any kind.
"""

from __future__ import annotations

import contextlib
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
    cell_text,
    is_blank,
    is_unknown,
    parse_area,
    parse_areas,
    parse_days,
    parse_education,
    parse_level,
    parse_number,
    parse_pc4,
    parse_scale,
    parse_time,
    parse_yes_no,
)
from matcher.inputs.guard import (
    PersonalMemo,
    hide_personal_headers,
    redact_candidate_id,
    redact_candidate_value,
    scan_personal_values,
)
from matcher.inputs.headers import map_headers
from matcher.inputs.read import Limits, RawTable, Source, read_table
from matcher.inputs.schema import (
    COLUMNS,
    EDUCATION_LEVEL,
    WORK_DAYS,
    Kind,
    normalise_key,
)
from matcher.model import DEFAULT_SITE, Inventory, Pool, Sites, Task
from matcher.text.catalogue import Note, msg, note
from matcher.text.format import format_time

__all__ = [
    "FIXED_HOURS_TOLERANCE",
    "detect_kind",
    "load_candidates",
    "load_sites",
    "load_tasks",
    "validate_file",
]

#: Tolerance (hours a week) between hours_per_week and days x (end - start).
FIXED_HOURS_TOLERANCE = 0.05

#: The name a DataFrame of each kind has in problems and warnings when none is given.
_FRAME_NAMES: dict[str, str] = {"tasks": "<tasks>", "sites": "<sites>",
                                "candidates": "<candidates>"}


class _Getter(Protocol):
    def __call__(self, row: list[Any], number: int, column: str, parse: Callable[[Any], Any],
                 default: Any = None) -> Any: ...


def _reader(table: RawTable, mapping: dict[str, int], problems: ProblemList,
            redact: PersonalMemo | None = None) -> _Getter:
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
                            value if redact is None else redact_candidate_value(value, redact),
                            column=column, rule=exc.rule)
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
        whole = position == 0 or (kind == "tasks" and position == last)
        # Only the first row and a task inventory's last row need all filled cells; any
        # other row needs its first filled cell (most often its first cell).
        filled = [c for c in row if not is_blank(c)] if whole else \
            [row[0]] if row and isinstance(row[0], str) and row[0].strip() else \
            [c for c in row if not is_blank(c)][:1]
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


def _prepare(source: Source, kind: Kind, name: str | None, limits: Limits | None,
             memo: PersonalMemo | None = None
             ) -> tuple[RawTable, dict[str, int], ProblemList, list[Note]]:
    """Read ``source`` and run the checks every kind of table shares (headers, personal
    data, totals rows, extra values); the problems found so far come back to add to."""
    known = frozenset(k for spec in COLUMNS[kind] for k in spec.keys)
    if isinstance(source, pd.DataFrame):
        name = name or _FRAME_NAMES[kind]
    table = read_table(source, name, limits=limits, known_headers=known)
    problems = ProblemList()
    warnings = list(table.notes)
    if kind == "candidates":
        hide_personal_headers(table, problems)
    mapping = map_headers(table, kind, problems, warnings)
    scan_personal_values(table, kind, mapping, problems, memo)
    had_rows = bool(table.rows)
    _special_rows(table, kind, mapping, known, problems)
    width = len(table.headers)
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        if len(row) <= width:
            continue
        extra = [c for c in row[width:] if not is_blank(c)]
        if extra:
            problems.report(table.name, number, "", "val.extra_values",
                            extra[0] if kind != "candidates"
                            else redact_candidate_value(extra[0], memo),
                            count=width + len(extra), width=width)
    if not had_rows and table.headers:
        problems.report(table.name, None, "", "val.no_rows")
    return table, mapping, problems, warnings


def _header(table: RawTable, mapping: dict[str, int], *columns: str) -> str:
    """The headers as written in the file for canonical column names, joined with ``/``;
    a column the file does not have by its Dutch name (a problem never names a column by
    the code's English name)."""
    return "/".join(table.headers[mapping[c]] if c in mapping else _dutch_name(c)
                    for c in columns)


#: Dutch names of columns whose first alias is English.
_DUTCH_NAMES = {"lat": "breedtegraad", "lon": "lengtegraad"}


def _dutch_name(column: str) -> str:
    """The Dutch name of a canonical column: its first alias (itself when it has none)."""
    if column in _DUTCH_NAMES:
        return _DUTCH_NAMES[column]
    for specs in COLUMNS.values():
        for spec in specs:
            if spec.name == column and spec.aliases:
                return spec.aliases[0]
    return column






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
               mapping: dict[str, int], problems: ProblemList,
               redact: PersonalMemo | None = None) -> None:
    if column not in mapping:
        return
    counts = Counter(i for _, i in ids)
    header = table.headers[mapping[column]]
    for number, value in ids:
        if counts[value] > 1:
            problems.report(table.name, number, header, "val.unique",
                            value if redact is None else redact_candidate_id(value, redact),
                            column=column, count=counts[value])


def load_sites(
    source: Source, *, name: str | None = None, limits: Limits | None = None,
    travel: TravelParams | None = None,
) -> Sites:
    """Load a sites file or table: site, name, and lat+lon or pc4 (4 digits), optional board.

    ``source`` is a path, the bytes of a CSV or ``.xlsx`` file, or a DataFrame (checked the
    same way; ``name`` defaults to ``"<sites>"``).

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
        site = get(row, number, "site", cell_text, "")
        if site == "" and "site" in mapping:
            problems.report(table.name, number, _header(table, mapping, "site"),
                            "val.not_empty", column="site")
        ids.append((number, site))
        lat = get(row, number, "lat", _latitude)
        lon = get(row, number, "lon", _longitude)
        pc4 = get(row, number, "pc4", parse_pc4, "")
        approximate = False
        if (lat is None) != (lon is None) and _INVALID not in (lat, lon):
            problems.report(table.name, number, _header(table, mapping, "lat", "lon"),
                            "val.lat_lon")
        if (lat is None or lon is None) and pc4 not in ("", _INVALID):
            if pc4 in pc4s:
                lat, lon = pc4s[pc4]
                approximate = True
            else:
                problems.report(table.name, number, _header(table, mapping, "pc4"),
                                "val.pc4_unknown", pc4)
        elif lat is None and lon is None and pc4 == "":
            problems.report(table.name, number, _header(table, mapping, "lat", "lon", "pc4"),
                            "val.site_location")
        rows.append({
            "site": site, "name": get(row, number, "name", cell_text, "") or site,
            "lat": lat if isinstance(lat, float) else np.nan,
            "lon": lon if isinstance(lon, float) else np.nan,
            "pc4": pc4 if isinstance(pc4, str) else "",
            "board": get(row, number, "board", cell_text, ""), "approximate": approximate,
            **_site_hours(get, row, number, table, mapping, problems),
        })
    _check_ids(table, ids, "site", mapping, problems)
    if problems:
        raise InputError(problems)
    return Sites(pd.DataFrame(rows), travel or TravelParams())






#: Time columns of a sites row (minutes after midnight, NaN when empty).
_SITE_HOURS = ("open_from", "open_until", "pupils_from", "pupils_until",
               "wednesday_pupils_until")


def _site_hours(get: _Getter, row: list[Any], number: int, table: RawTable,
                mapping: dict[str, int], problems: ProblemList) -> dict[str, float]:
    """The optional opening and pupil hours of a sites row; an empty cell is NaN (the
    carving's default), a window that ends before it starts is a problem."""
    values: dict[str, float] = {}
    for column in _SITE_HOURS:
        value = get(row, number, column, parse_time)
        values[column] = float(value) if isinstance(value, int) else np.nan
    for low, high in (("open_from", "open_until"), ("pupils_from", "pupils_until")):
        a, b = values[low], values[high]
        if not (np.isnan(a) or np.isnan(b)) and b <= a:
            problems.report(table.name, number, _header(table, mapping, high), "val.end_before",
                            f"{format_time(int(a))}-{format_time(int(b))}")
    return values


def load_tasks(
    source: Source, sites: Sites | Source | None = None, *, name: str | None = None,
    sites_name: str | None = None, limits: Limits | None = None,
) -> Inventory:
    """Load a task inventory (and optionally its sites file) into an :class:`Inventory`.

    Parameters
    ----------
    source
        Path (or bytes) of a CSV or ``.xlsx`` task inventory, or a DataFrame with the same
        columns (Dutch or English headers), checked the same way: its rows are counted as
        a spreadsheet would (header = row 1, first task = row 2).
    sites
        A loaded :class:`Sites`, or the path/bytes/DataFrame of a sites file. Optional
        when the inventory has one site; without it, sites have no location and no
        function combines two sites on one day.
    name, sites_name
        Display names for bytes and DataFrame input (default ``"<upload>"`` for bytes,
        ``"<tasks>"`` and ``"<sites>"`` for DataFrames).
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
        task_id = get(row, number, "task_id", cell_text, "")
        if task_id == "" and "task_id" in mapping:
            problems.report(table.name, number, _header(table, mapping, "task_id"),
                            "val.not_empty", column="task_id")
        ids.append((number, task_id))
        description = get(row, number, "description", cell_text, "")
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
        site = get(row, number, "site", cell_text, "")
        if site_ids is not None:
            if site == "" and len(site_ids) == 1:
                site = next(iter(site_ids))
            elif site == "":
                problems.report(table.name, number, _header(table, mapping, "site"),
                                "val.site_needed")
            elif site not in site_ids:
                problems.report(table.name, number, table.headers[mapping["site"]],
                                "val.site_unknown", site, sites=", ".join(sorted(site_ids)))
        days = get(row, number, "days", parse_days, ())
        start = get(row, number, "start", parse_time)
        end = get(row, number, "end", parse_time)
        if _INVALID not in (start, end, days, hours):
            if (start is None) != (end is None):
                problems.report(table.name, number, _header(table, mapping, "start", "end"),
                                "val.start_end")
            elif start is not None and end is not None:
                if end <= start:
                    problems.report(table.name, number, _header(table, mapping, "end"),
                                    "val.end_before",
                                    f"{format_time(start)}-{format_time(end)}")
                else:
                    days = days or WORK_DAYS
                    expected = len(days) * (end - start) / 60
                    if hours is not None and abs(hours - expected) > FIXED_HOURS_TOLERANCE:
                        problems.report(
                            table.name, number, _header(table, mapping, "hours_per_week"),
                            "val.fixed_hours", hours,
                            days=len(days), length=(end - start) / 60, expected=expected)
        physical = get(row, number, "physical_load", parse_scale, 0)
        contact = get(row, number, "pupil_contact", parse_scale, 0)
        role = get(row, number, "current_role", cell_text, "")
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
    ``source`` is a path, the bytes of a CSV or ``.xlsx`` file, or a DataFrame (checked the
    same way, personal-data guard included; ``name`` defaults to ``"<candidates>"``).

    Raises
    ------
    InputError
        With every problem in the file, including columns or values that look like
        personal data.
    """
    memo = PersonalMemo()  # what each value looks like, for this load only
    table, mapping, problems, warnings = _prepare(source, "candidates", name, limits, memo)
    columns = _CandidateColumns(table, mapping)
    if problems or columns.flagged:
        # Something is wrong: report it row by row, exactly as every row is checked.
        _report_candidate_rows(table, mapping, problems, memo, columns)
        _check_ids(table, list(zip(table.row_numbers, columns.values["candidate_id"],
                                   strict=True)), "candidate_id", mapping, problems,
                   redact=memo)
        raise InputError(problems)
    ids = columns.values["candidate_id"]
    if len(set(ids)) < len(ids):
        _check_ids(table, list(zip(table.row_numbers, ids, strict=True)), "candidate_id",
                   mapping, problems, redact=memo)
        raise InputError(problems)
    frame, unknown_pc4 = columns.frame()
    if unknown_pc4:
        warnings.append(note("val.warn_unknown_pc4", name=table.name,
                             count=unknown_pc4))
    for column in ("lat", "lon", "max_travel_km", "independent_travel", "hours_per_week_min",
                   "hours_per_week_max", "hours_per_day_max", "education_level",
                   "physical_capacity", "pupil_contact_ok"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["location_approximate"] = frame["location_approximate"].astype(bool)
    return Pool(frame, table.name, tuple(warnings))


#: The optional columns of a candidates file and their parsers (``candidate_id`` is the
#: one column that must be known).
_CANDIDATE_PARSERS: dict[str, Callable[[Any], Any]] = {
    "pc4": parse_pc4, "lat": _latitude, "lon": _longitude, "max_travel_km": _travel_km,
    "independent_travel": parse_yes_no, "hours_per_week_min": _hours_range,
    "hours_per_week_max": _hours_range, "hours_per_day_max": _hours_day,
    "days_available": parse_days, "education": parse_education,
    "preferred_areas": parse_areas, "physical_capacity": parse_scale,
    "pupil_contact_ok": parse_scale,
}


def _parse_column(cells: list[Any], parse: Callable[[Any], Any], default: Any,
                  optional: bool) -> tuple[list[Any], dict[tuple[type, Any], CellError]]:
    """The parsed value of each cell of one column, each distinct value parsed once, and
    the rule each broken value breaks (by ``(type(value), value)``).

    A blank cell is ``default``; in an ``optional`` column a cell that means unknown
    (:func:`~matcher.inputs.cells.is_unknown`) is ``None``; a cell that breaks the rule is
    :data:`_INVALID` (reported row by row afterwards, see :func:`_report_candidate_rows`).
    Values of different types that compare equal (``1`` and ``1.0``) are parsed apart.
    """
    errors: dict[tuple[type, Any], CellError] = {}

    def outcome(value: Any) -> Any:
        if is_blank(value):
            return default
        if optional and is_unknown(value):
            return None
        try:
            return parse(value)
        except CellError as error:
            with contextlib.suppress(TypeError):  # unhashable: parsed again when reported
                errors[(type(value), value)] = error
            return _INVALID

    if set(map(type, cells)) <= {str, type(None)}:
        seen = {value: outcome(value) for value in dict.fromkeys(cells)}
        return [seen[value] for value in cells], errors
    keys = list(zip(map(type, cells), cells, strict=True))
    try:
        typed = {key: outcome(key[1]) for key in dict.fromkeys(keys)}
    except TypeError:  # an unhashable cell (none come from files or DataFrames)
        return [outcome(value) for value in cells], errors
    return [typed[key] for key in keys], errors


class _CandidateColumns:
    """The columns of a candidates table, parsed column by column (each distinct value
    once), and the rows that break a rule (:attr:`flagged`, positions in the table)."""

    def __init__(self, table: RawTable, mapping: dict[str, int]) -> None:
        self.mapping = mapping
        self.size = len(table.rows)
        by_index = table.columns()  # shared with the personal-data scan

        def cells(column: str) -> list[Any]:
            index = mapping.get(column)
            return by_index[index] if index is not None and index < len(by_index) \
                else [None] * self.size

        self.values: dict[str, list[Any]] = {}
        #: The rule each broken value of a column breaks, by ``(type(value), value)``.
        self.errors: dict[str, dict[tuple[type, Any], CellError]] = {}
        self.values["candidate_id"], _ = _parse_column(cells("candidate_id"), cell_text, "",
                                                       False)
        for column, parse in _CANDIDATE_PARSERS.items():
            self.values[column], self.errors[column] = _parse_column(cells(column), parse,
                                                                     None, True)
        v = self.values
        flagged = {i for values in v.values() for i, value in enumerate(values)
                   if value is _INVALID} if any(_INVALID in values for values in v.values()) \
            else set()
        if "candidate_id" in mapping:
            flagged.update(i for i, cid in enumerate(v["candidate_id"]) if cid == "")
        flagged.update(i for i, (lat, lon) in enumerate(zip(v["lat"], v["lon"], strict=True))
                       if (lat is None) != (lon is None) and _INVALID not in (lat, lon))
        flagged.update(i for i, (low, high) in enumerate(
            zip(v["hours_per_week_min"], v["hours_per_week_max"], strict=True))
            if isinstance(low, float) and isinstance(high, float) and low > high)
        #: Positions of the rows that break a rule, in order.
        self.flagged: list[int] = sorted(flagged)

    def frame(self) -> tuple[pd.DataFrame, int]:
        """The profiles as a frame (no row may break a rule) and how many have a pc4
        that is not in the PC4 table."""
        v = self.values
        pc4s = _pc4_coordinates()
        lat, lon, pc4 = v["lat"], v["lon"], v["pc4"]
        # A row without lat and lon (no row has one of them only) is placed at its pc4.
        places = {p: pc4s.get(p) for p in dict.fromkeys(pc4) if isinstance(p, str)}
        placed = [a is None and b is None and places.get(p) is not None
                  for a, b, p in zip(lat, lon, pc4, strict=True)]
        unknown_pc4 = sum(1 for a, b, p in zip(lat, lon, pc4, strict=True)
                          if a is None and b is None and p in places and places[p] is None)
        if any(placed):
            lat = [places[p][0] if here else a  # type: ignore[index]
                   for a, p, here in zip(lat, pc4, placed, strict=True)]
            lon = [places[p][1] if here else b  # type: ignore[index]
                   for b, p, here in zip(lon, pc4, placed, strict=True)]
        levels = {e: EDUCATION_LEVEL.get(normalise_key(e))
                  for e in dict.fromkeys(v["education"]) if isinstance(e, str)}
        frame = pd.DataFrame({
            "candidate_id": v["candidate_id"],
            "pc4": [p if isinstance(p, str) else "" for p in pc4],
            "lat": lat,
            "lon": lon,
            "location_approximate": placed,
            "max_travel_km": v["max_travel_km"],
            "independent_travel": [None if t is None else float(t)
                                   for t in v["independent_travel"]],
            "hours_per_week_min": v["hours_per_week_min"],
            "hours_per_week_max": v["hours_per_week_max"],
            "hours_per_day_max": v["hours_per_day_max"],
            "days_available": v["days_available"],
            "education": [e if isinstance(e, str) else "onbekend" for e in v["education"]],
            "education_level": [levels[e] if isinstance(e, str) else None
                                for e in v["education"]],
            "preferred_areas": v["preferred_areas"],
            "physical_capacity": v["physical_capacity"],
            "pupil_contact_ok": v["pupil_contact_ok"],
        })
        return frame, unknown_pc4


def _report_candidate_rows(table: RawTable, mapping: dict[str, int], problems: ProblemList,
                           memo: PersonalMemo, columns: _CandidateColumns) -> None:
    """Report the problems of the candidate rows that break a rule (``columns.flagged``),
    row by row and in each row in the order of the checks: an empty id, pc4, lat, lon,
    lat without lon, the hours range, then the other columns."""
    v = columns.values

    def cell(position: int, number: int, column: str) -> None:
        """Report the cell of ``column`` when it broke its rule."""
        if v[column][position] is not _INVALID:
            return
        index = mapping[column]
        value = table.rows[position][index]
        try:
            error = columns.errors[column][(type(value), value)]
        except (KeyError, TypeError):  # unhashable: parse it again for its rule
            try:
                _CANDIDATE_PARSERS[column](value)
            except CellError as raised:
                error = raised
        problems.report(table.name, number, table.headers[index], "cell",
                        redact_candidate_value(value, memo), column=column, rule=error.rule)

    for position in columns.flagged:
        number = table.row_numbers[position]
        if v["candidate_id"][position] == "" and "candidate_id" in mapping:
            problems.report(table.name, number, _header(table, mapping, "candidate_id"),
                            "val.not_empty", column="candidate_id")
        for column in ("pc4", "lat", "lon"):
            cell(position, number, column)
        lat, lon = v["lat"][position], v["lon"][position]
        if (lat is None) != (lon is None) and _INVALID not in (lat, lon):
            problems.report(table.name, number, _header(table, mapping, "lat", "lon"),
                            "val.lat_lon")
        cell(position, number, "hours_per_week_min")
        cell(position, number, "hours_per_week_max")
        hmin, hmax = v["hours_per_week_min"][position], v["hours_per_week_max"][position]
        if isinstance(hmin, float) and isinstance(hmax, float) and hmin > hmax:
            problems.report(table.name, number, _header(table, mapping, "hours_per_week_min"),
                            "val.hours_min_max",
                            f"{hmin:g} > {hmax:g}")
        for column in ("education", "independent_travel", "max_travel_km",
                       "hours_per_day_max", "days_available", "preferred_areas",
                       "physical_capacity", "pupil_contact_ok"):
            cell(position, number, column)


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
                  limits: Limits | None = None) -> tuple[Kind, str, list[Note]]:
    """Check one file (or DataFrame) of any kind; return (kind, one-line summary, warnings).

    The kind is recognised from the headers (:func:`detect_kind`) unless given; the
    summary is English, for the command line.

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
        label = name or (_FRAME_NAMES["sites"] if isinstance(path, pd.DataFrame)
                         else "<upload>" if isinstance(path, bytes) else Path(path).name)
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
