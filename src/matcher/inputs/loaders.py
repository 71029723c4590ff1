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
    personal_header_kind,
    redact_candidate_id,
    redact_candidate_value,
    scan_personal_values,
)
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


def _map_headers(
    table: RawTable, kind: Kind, problems: ProblemList, warnings: list[Note]
) -> dict[str, int]:
    """Map canonical column names to positions; report unknown, duplicate and personal ones."""
    specs = COLUMNS[kind]
    mapping: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        if header == "":
            if any(index < len(r) and not is_blank(r[index]) for r in table.rows):
                problems.report(table.name, 1, f"#{index + 1}", "val.no_header")
            continue
        personal = personal_header_kind(header, kind)
        if personal:
            problems.report(table.name, None, header, "val.personal_column",
                            what=msg(personal))
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
    mapping = _map_headers(table, kind, problems, warnings)
    scan_personal_values(table, kind, mapping, problems, memo)
    had_rows = bool(table.rows)
    _special_rows(table, kind, mapping, known, problems)
    width = len(table.headers)
    for row, number in zip(table.rows, table.row_numbers, strict=True):
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
    get = _reader(table, mapping, problems, redact=memo)
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
        cid = get(row, number, "candidate_id", cell_text, "")
        if cid == "" and "candidate_id" in mapping:
            problems.report(table.name, number, _header(table, mapping, "candidate_id"),
                            "val.not_empty", column="candidate_id")
        ids.append((number, cid))
        pc4 = optional(row, number, "pc4", parse_pc4)
        lat = optional(row, number, "lat", _latitude)
        lon = optional(row, number, "lon", _longitude)
        approximate = False
        if (lat is None) != (lon is None) and _INVALID not in (lat, lon):
            problems.report(table.name, number, _header(table, mapping, "lat", "lon"),
                            "val.lat_lon")
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
            problems.report(table.name, number, _header(table, mapping, "hours_per_week_min"),
                            "val.hours_min_max",
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
    _check_ids(table, ids, "candidate_id", mapping, problems, redact=memo)
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
