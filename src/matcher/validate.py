"""Load and check input files: every problem at once, never a traceback.

Three loaders, one per file kind: :func:`load_tasks`, :func:`load_sites` and
:func:`load_candidates`. Each reads CSV or ``.xlsx`` (see :mod:`matcher.io`), maps Dutch
or English headers to the data contract (:mod:`matcher.schema`), refuses columns that
hold personal data, parses every cell and checks the rules across rows. When anything is
wrong it raises one :class:`~matcher.errors.InputError` listing every problem with file,
row, column, rule and value. Columns it does not use are reported as warnings, never
dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from matcher.errors import InputError, Problem, ProblemList
from matcher.geo import TravelParams, pc4_table
from matcher.io import Limits, RawTable, read_table
from matcher.model import DEFAULT_SITE, Inventory, Pool, Sites, Task
from matcher.parsing import (
    CellError,
    format_time,
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
from matcher.schema import (
    COLUMNS,
    EDUCATION_LEVEL,
    WORK_DAYS,
    Kind,
    normalise_key,
)

__all__ = ["detect_kind", "load_candidates", "load_sites", "load_tasks", "validate_file"]

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

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
_PHONE = re.compile(r"^(\+31|0031|0)[\s-]*[1-9](?:[\s-]*\d){8}$")
_FULL_POSTCODE = re.compile(r"^\s*\d{4}\s*[a-zA-Z]{2}(\s*\d+.*)?$")


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
    return None


def _passes_bsn_check(digits: str) -> bool:
    """The BSN 11-check ("elfproef") on a 9-digit string."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _scan_values(table: RawTable, kind: str, problems: ProblemList) -> None:
    """Refuse personal data in values: e-mail addresses, phone numbers and BSNs.

    Only run on candidate files: they describe people. The message names the column and
    the count, never the values.
    """
    if kind != "candidates":
        return
    for col, header in enumerate(table.headers):
        emails = phones = bsns = 0
        for row in table.rows:
            if col >= len(row) or is_blank(row[col]):
                continue
            text = str(row[col]).strip()
            if _EMAIL.search(text):
                emails += 1
            elif _PHONE.match(text):
                phones += 1
            elif _passes_bsn_check(re.sub(r"[\s.-]", "", text)):
                bsns += 1
        for count, what in ((emails, "e-mail addresses"), (phones, "phone numbers"),
                            (bsns, "numbers that pass the BSN 11-check")):
            if count:
                problems.add(table.name, None, header,
                             f"holds {count} value(s) that look like {what}: candidate data must "
                             "be pseudonymous. Remove them before loading (values not shown).")


def _map_headers(
    table: RawTable, kind: Kind, problems: ProblemList, warnings: list[str]
) -> dict[str, int]:
    """Map canonical column names to positions; report unknown, duplicate and personal ones."""
    specs = COLUMNS[kind]
    mapping: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        if header == "":
            if any(index < len(r) and not is_blank(r[index]) for r in table.rows):
                problems.add(table.name, 1, f"#{index + 1}",
                             "a column with values has no header: give it one of the "
                             "documented names.")
            continue
        personal = _personal_kind(header, kind)
        if personal:
            problems.add(table.name, None, header,
                         f"looks like {personal}: personal data is not accepted; use a "
                         "pseudonymous id and a 4-digit postcode only. Remove the column.")
            continue
        key = normalise_key(header)
        spec = next((s for s in specs if key in s.keys), None)
        if spec is None:
            warnings.append(f"{table.name}: column '{header}' is not used by matcher and was "
                            "ignored.")
            continue
        if spec.name in mapping:
            first = table.headers[mapping[spec.name]]
            problems.add(table.name, 1, header,
                         f"means the same as column '{first}' ({spec.name}): keep one of them.")
            continue
        mapping[spec.name] = index
    for spec in specs:
        if spec.required and spec.name not in mapping:
            accepted = ", ".join(sorted({spec.name, *spec.aliases}))
            problems.add(table.name, None, spec.name,
                         f"required column is missing (accepted names: {accepted}).")
    return mapping


class _Getter(Protocol):
    def __call__(self, row: list[Any], number: int, column: str, parse: Callable[[Any], Any],
                 default: Any = None) -> Any: ...


def _redact(value: Any) -> Any:
    """Hide a value that looks like personal data (e-mail, phone, BSN) in a message."""
    text = str(value).strip()
    if _EMAIL.search(text) or _PHONE.match(text) or \
            _passes_bsn_check(re.sub(r"[\s.-]", "", text)) or _FULL_POSTCODE.match(text):
        return "(hidden: looks like personal data)"
    return value


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
            problems.add(table.name, number, table.headers[index],
                         f"{column} {exc}", _redact(value) if redact else value)
            return _INVALID

    return get


class _Invalid:
    """Marker for a cell that failed to parse (already reported)."""


_INVALID: Any = _Invalid()


def _prepare(source: Source, kind: Kind, name: str | None, limits: Limits | None
             ) -> tuple[RawTable, dict[str, int], ProblemList, list[str]]:
    known = frozenset(k for spec in COLUMNS[kind] for k in spec.keys)
    table = read_table(source, name, limits=limits, known_headers=known)
    problems = ProblemList()
    warnings = list(table.notes)
    mapping = _map_headers(table, kind, problems, warnings)
    _scan_values(table, kind, problems)
    width = len(table.headers)
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        extra = [c for c in row[width:] if not is_blank(c)]
        if extra:
            problems.add(table.name, number, "",
                         f"the row has {width + len(extra)} values but the header has {width} "
                         "columns (a separator inside a value? put such text in quotes).",
                         extra[0])
    if not table.rows and table.headers:
        problems.add(table.name, None, "", "the file has a header but no data rows.")
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
    """A parser for a number in [low, high] (or (low, high] with ``open_low``)."""

    def parse(value: Any) -> float:
        number = parse_number(value)
        if number > high or number < low or (open_low and number == low):
            raise CellError(rule)
        return number

    return parse


_positive_hours = _number_in(0, 40, "must be a number of hours in (0, 40].", open_low=True)
_hours_range = _number_in(0, 40, "must be a number of hours in [0, 40].")
_hours_day = _number_in(0, 12, "must be a number of hours in (0, 12].", open_low=True)
_travel_km = _number_in(0, 300, "must be a distance in km in [0, 300].")
_latitude = _number_in(50, 54, "must be a latitude in the Netherlands (50-54).")
_longitude = _number_in(3, 7.5, "must be a longitude in the Netherlands (3-7.5).")


def _check_ids(table: RawTable, ids: list[tuple[int, str]], column: str,
               mapping: dict[str, int], problems: ProblemList, redact: bool = False) -> None:
    if column not in mapping:
        return
    counts = Counter(i for _, i in ids)
    header = table.headers[mapping[column]]
    for number, value in ids:
        if counts[value] > 1:
            problems.add(table.name, number, header,
                         f"{column} must be unique; it appears {counts[value]} times.",
                         _redact(value) if redact else value)


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
    pc4s = pc4_table()
    rows = []
    ids: list[tuple[int, str]] = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        site = get(row, number, "site", _text, "")
        if site == "" and "site" in mapping:
            problems.add(table.name, number, _header(table, mapping, "site"),
                         "site must not be empty.")
        ids.append((number, site))
        lat = get(row, number, "lat", _latitude)
        lon = get(row, number, "lon", _longitude)
        pc4 = get(row, number, "pc4", _pc4, "")
        approximate = False
        if (lat is None) != (lon is None) and _INVALID not in (lat, lon):
            problems.add(table.name, number, "lat/lon", "give both lat and lon, or neither.")
        if (lat is None or lon is None) and pc4 not in ("", _INVALID):
            if pc4 in pc4s.index:
                lat, lon = _coords(pc4s, pc4)
                approximate = True
            else:
                problems.add(table.name, number, "pc4", "pc4 is not a known Dutch postcode.", pc4)
        elif lat is None and lon is None and pc4 == "":
            problems.add(table.name, number, "lat/lon/pc4",
                         "a site needs a location: lat and lon, or a 4-digit pc4.")
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
        raise CellError("must be the 4 digits of a postcode only: a full postcode (with letters "
                        "or a house number) is too precise and is not accepted.")
    if not re.fullmatch(r"[1-9]\d{3}", text):
        raise CellError("must be a 4-digit Dutch postcode (1000-9999).")
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
            problems.add(table.name, number, _header(table, mapping, "task_id"),
                         "task_id must not be empty.")
        ids.append((number, task_id))
        description = get(row, number, "description", _text, "")
        if description == "" and "description" in mapping:
            problems.add(table.name, number, _header(table, mapping, "description"),
                         "description must not be empty.")
        area = get(row, number, "area", parse_area)
        if area is None and "area" in mapping:
            problems.add(table.name, number, _header(table, mapping, "area"),
                         "area must not be empty.")
        hours = get(row, number, "hours_per_week", _positive_hours)
        if hours is None and "hours_per_week" in mapping:
            problems.add(table.name, number, _header(table, mapping, "hours_per_week"),
                         "hours_per_week must not be empty.")
        level = get(row, number, "level", parse_level)
        if level is None and "level" in mapping:
            problems.add(table.name, number, _header(table, mapping, "level"),
                         "level must not be empty.")
        site = get(row, number, "site", _text, "")
        if site_ids is not None:
            if site == "" and len(site_ids) == 1:
                site = next(iter(site_ids))
            elif site == "":
                problems.add(table.name, number, "site",
                             "site must be given when the sites file has more than one site.")
            elif site not in site_ids:
                problems.add(table.name, number, table.headers[mapping["site"]],
                             f"site must be one of the sites file: {', '.join(sorted(site_ids))}.",
                             site)
        days = get(row, number, "days", parse_days, ())
        start = get(row, number, "start", parse_time)
        end = get(row, number, "end", parse_time)
        if _INVALID not in (start, end, days, hours):
            if (start is None) != (end is None):
                problems.add(table.name, number, "start/end",
                             "give both start and end for a fixed-time task, or neither.")
            elif start is not None and end is not None:
                if end <= start:
                    problems.add(table.name, number, "end", "end must be later than start.",
                                 f"{format_time(start)}-{format_time(end)}")
                else:
                    days = days or WORK_DAYS
                    expected = len(days) * (end - start) / 60
                    if hours is not None and abs(hours - expected) > FIXED_HOURS_TOLERANCE:
                        problems.add(
                            table.name, number, "hours_per_week",
                            f"hours_per_week must equal days x (end - start) = {len(days)} x "
                            f"{(end - start) / 60:.2f} = {expected:.2f} h for a fixed-time task.",
                            hours)
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
            warnings.append(
                f"{table.name}: no sites file, so the {len(used)} sites have no location: a "
                "function only combines two sites on different days, and travel distances to "
                "candidates are unknown.")
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
    pc4s = pc4_table()

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
            problems.add(table.name, number, _header(table, mapping, "candidate_id"),
                         "candidate_id must not be empty.")
        ids.append((number, cid))
        pc4 = optional(row, number, "pc4", _pc4)
        lat = optional(row, number, "lat", _latitude)
        lon = optional(row, number, "lon", _longitude)
        approximate = False
        if (lat is None) != (lon is None) and _INVALID not in (lat, lon):
            problems.add(table.name, number, "lat/lon", "give both lat and lon, or neither.")
            lat = lon = None
        if lat is None and lon is None and isinstance(pc4, str):
            if pc4 in pc4s.index:
                lat, lon = _coords(pc4s, pc4)
                approximate = True
            else:
                unknown_pc4 += 1
        hmin = optional(row, number, "hours_per_week_min", _hours_range)
        hmax = optional(row, number, "hours_per_week_max", _hours_range)
        if isinstance(hmin, float) and isinstance(hmax, float) and hmin > hmax:
            problems.add(table.name, number, "hours_per_week_min",
                         "hours_per_week_min must not be larger than hours_per_week_max.",
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
        warnings.append(f"{table.name}: {unknown_pc4} profile(s) have a pc4 that is not in the "
                        "postcode table; their location is treated as unknown.")
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
        table = read_table(path, name, limits=limits)
        kind = detect_kind(table.headers)
        if kind is None:
            raise InputError([Problem(
                table.name, None, "",
                "cannot tell whether this is a task, sites or candidates file: it needs a "
                "task_id/taak_id, site/locatie with lat/lon or pc4, or candidate_id column.")])
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


def _coords(table: pd.DataFrame, pc4: str) -> tuple[float, float]:
    lat, lon = table.at[pc4, "lat"], table.at[pc4, "lon"]
    return float(lat), float(lon)  # type: ignore[arg-type]
