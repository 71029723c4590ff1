"""Tests for the loaders in matcher.inputs.loaders: every problem at once, dialects, privacy."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

import matcher
from matcher.errors import InputError, Problem
from matcher.geo import pc4_table
from matcher.inputs.loaders import (
    detect_kind,
    load_candidates,
    load_sites,
    load_tasks,
    validate_file,
)
from matcher.inputs.read import Limits

DATA = Path(__file__).resolve().parents[2] / "data"

TASK_HEADER = "task_id,description,area,hours_per_week,level,days,start,end,physical_load\n"
GOOD_ROW = "T0,Kopiëren,klas,2,1,,,,0\n"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8",
          bom: bool = False) -> Path:
    """Write text to tmp_path/name in an encoding (optionally with a UTF-8 BOM)."""
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def csv_text(rows: list[list[str]], sep: str = ",") -> str:
    """Rows as CSV text with a given separator, quoting where needed."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def problems_of(load, *args, **kwargs) -> list[Problem]:
    """Call a loader that must fail and return its problems."""
    with pytest.raises(InputError) as info:
        load(*args, **kwargs)
    assert isinstance(info.value, ValueError)
    return info.value.problems


SITES_TWO = "site,lat,lon\ncentrum,52.1589,5.3897\noost,52.1947,5.4206\n"


@pytest.mark.parametrize(
    ("text", "sites", "column", "fragment", "rows"),
    [
        ("task_id,description,area,level\nT1,x,klas,1\n", None, "hours_per_week",
         "accepted names: hours, hours_per_week, uren, uren_per_week, uur_per_week",
         (None,)),  # missing required column lists the accepted names
        (TASK_HEADER + GOOD_ROW + ",x,klas,2,1,,,,0\n", None, "task_id",
         "task_id must not be empty", (3,)),  # empty id
        (TASK_HEADER + "T1,x,klas,2,1,,,,0\n" + GOOD_ROW + "T1,y,klas,2,1,,,,0\n", None,
         "task_id", "must be unique; it appears 2 times", (2, 4)),  # both duplicates reported
        (TASK_HEADER + "T1,x,klas,0,1,,,,0\n", None, "hours_per_week",
         "hours in (0, 40]", (2,)),  # zero hours
        (TASK_HEADER + "T1,x,klas,41,1,,,,0\n", None, "hours_per_week",
         "hours in (0, 40]", (2,)),  # more than a full week
        (TASK_HEADER + "T1,x,klas,abc,1,,,,0\n", None, "hours_per_week",
         "must be a number", (2,)),  # not a number
        (TASK_HEADER + "T1,x,klas,2,7,,,,0\n", None, "level",
         "elementair, eenvoudig, mbo-2, mbo-3", (2,)),  # level off the scale
        (TASK_HEADER + "T1,x,tuin,2,1,,,,0\n", None, "area",
         "concierge, classroom, administration, facilities", (2,)),  # unknown area
        ("task_id,description,area,hours_per_week,level,site\nT1,x,klas,2,1,noord\n",
         SITES_TWO, "site", "one of the sites file: centrum, oost", (2,)),  # unknown site
        (TASK_HEADER + "T1,x,klas,2,1,ma-vr,08:00,08:30,0\n", None, "hours_per_week",
         "days x (end - start) = 5 x 0.50 = 2.50 h", (2,)),  # fixed task hours mismatch
        (TASK_HEADER + "T1,x,klas,2,1,di,08:00,08:30,0\n", None, "hours_per_week",
         "= 1 x 0.50 = 0.50 h", (2,)),  # fixed task on one day
        (TASK_HEADER + "T1,x,klas,2,1,ma-vr,08:00,,0\n", None, "start/end",
         "give both start and end", (2,)),  # start without end
        (TASK_HEADER + "T1,x,klas,2,1,ma-vr,,08:00,0\n", None, "start/end",
         "give both start and end", (2,)),  # end without start
        (TASK_HEADER + "T1,x,klas,2,1,ma-vr,09:00,08:30,0\n", None, "end",
         "end must be later than start", (2,)),  # end before start
        (TASK_HEADER + "T1,x,klas,2,1,ma-vr,09:00,09:00,0\n", None, "end",
         "end must be later than start", (2,)),  # zero-length slot
        (TASK_HEADER + "T1,x,klas,2,1,xx,,,0\n", None, "days",
         "days like ma,wo,vr", (2,)),  # bad day text
        (TASK_HEADER + "T1,x,klas,2,1,vr-ma,,,0\n", None, "days",
         "days like ma,wo,vr", (2,)),  # reversed day range
        (TASK_HEADER + "T1,x,klas,2,1,,25:00,26:00,0\n", None, "start",
         "between 00:00 and 24:00", (2,)),  # impossible time
        (TASK_HEADER + "T1,x,klas,2,1,,,,3\n", None, "physical_load",
         "whole number from 0 to 2", (2,)),  # physical load off the scale
        (TASK_HEADER + "T1,,klas,2,1,,,,0\n", None, "description",
         "description must not be empty", (2,)),  # empty description
        (TASK_HEADER + "T1,x,klas,2,1,,,,0,extra\n", None, "",
         "the row has 10 values but the header has 9 columns", (2,)),  # unquoted separator
        ("task_id,description,area,hours_per_week,level,naam\nT1,x,klas,2,1,Piet\n", None,
         "naam", "personal data is not accepted", (None,)),  # personal data in a task file
        ("task_id,description,area,hours_per_week,uren,level\nT1,x,klas,2,2,1\n", None,
         "uren", "means the same as column 'hours_per_week'", (1,)),  # duplicate meaning
    ],
)
def test_load_tasks_bad_input(tmp_path, text, sites, column, fragment, rows):
    """Each broken rule is reported with its column, rule and spreadsheet row."""
    path = write(tmp_path, "taken.csv", text)
    sites_path = write(tmp_path, "sites.csv", sites) if sites else None
    problems = problems_of(load_tasks, path, sites_path)
    found = [p for p in problems if p.column == column and fragment in p.rule]
    assert tuple(p.row for p in found) == rows, problems
    assert all(p.file == "taken.csv" for p in problems)


def test_load_tasks_reports_every_problem_at_once(tmp_path):
    """A file with five different mistakes lists all five, each on its own row."""
    text = TASK_HEADER + (
        "T1,Goed,klas,2,1,,,,0\n"  # row 2: fine
        ",Geen id,klas,2,1,,,,0\n"  # row 3: empty id
        "T3,Te veel,klas,41,1,,,,0\n"  # row 4: hours
        "T4,Niveau,klas,2,7,,,,0\n"  # row 5: level
        "T5,Gebied,tuin,2,1,,,,0\n"  # row 6: area
        "T6,Dagen,klas,2,1,xx,,,0\n"  # row 7: days
    )
    problems = problems_of(load_tasks, write(tmp_path, "t.csv", text))
    assert len(problems) >= 5
    assert {(p.row, p.column) for p in problems} == {
        (3, "task_id"), (4, "hours_per_week"), (5, "level"), (6, "area"), (7, "days"),
    }


def test_missing_column_reported_once(tmp_path):
    """A missing required column is one problem, not one per row."""
    text = "task_id,description,area,level\n" + "".join(f"T{i},x,klas,1\n" for i in range(5))
    problems = problems_of(load_tasks, write(tmp_path, "t.csv", text))
    assert [(p.row, p.column) for p in problems] == [(None, "hours_per_week")]


def test_problem_values_and_message(tmp_path):
    """The problem carries the offending value and str(error) names file, row and column."""
    path = write(tmp_path, "t.csv", TASK_HEADER + "T1,x,klas,abc,1,,,,0\n")
    with pytest.raises(InputError) as info:
        load_tasks(path)
    (problem,) = info.value.problems
    assert problem == Problem("t.csv", 2, "hours_per_week",
                              "hours_per_week must be a number (decimal comma or point).", "abc")
    assert "t.csv, row 2, column 'hours_per_week'" in str(info.value)
    assert "Got 'abc'" in str(info.value)


def test_empty_cell_problem_names_the_header_of_the_file(tmp_path):
    """A missing value in a Dutch-headed file is reported under the Dutch header."""
    text = "taak_id;omschrijving;gebied;uren;niveau\n;x;klas;2;1\n"
    problems = problems_of(load_tasks, write(tmp_path, "t.csv", text))
    assert [p.column for p in problems] == ["taak_id"]


def test_unknown_columns_are_warnings(tmp_path):
    """A column matcher does not use is listed in the warnings, not dropped silently."""
    text = "task_id,description,area,hours_per_week,level,Budget\nT1,x,klas,2,1,100\n"
    inventory = load_tasks(write(tmp_path, "t.csv", text))
    assert len(inventory.tasks) == 1
    assert inventory.warnings == ("t.csv: column 'Budget' is not used by matcher and was "
                                  "ignored.",)


INVENTORY = [
    # task_id, description, area, hours, level, days, start, end
    ("T1", "Deur openen, lichten aan", "conciërge", 3.75, 1, "ma-vr", dt.time(7, 45),
     dt.time(8, 30)),
    ("T2", "Kopiëren voor docenten", "administratie", 2.5, 2, "di,do", None, None),
    ("T3", "Plein vegen", "facilitair", 1.0, 1, "", None, None),
]
EN_HEADER = ["task_id", "description", "area", "hours_per_week", "level", "days", "start", "end"]
NL_HEADER = ["Taak_ID", "Omschrijving", "Gebied", "Uren per week", "Niveau", "Dagen",
             "Begintijd", "Eindtijd"]


def inventory_rows(decimal: str) -> list[list[str]]:
    """The INVENTORY as text cells with a given decimal separator."""
    rows = []
    for tid, desc, area, hours, level, days, start, end in INVENTORY:
        rows.append([tid, desc, area, f"{hours:g}".replace(".", decimal), str(level), days,
                     start.strftime("%H:%M") if start else "",
                     end.strftime("%H:%M") if end else ""])
    return rows


def write_xlsx_inventory(path: Path) -> Path:
    """The INVENTORY as a workbook: an instructions sheet first, then native cell types."""
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Toelichting"
    notes.append(["Vul de taken in op het tweede tabblad."])
    sheet = workbook.create_sheet("Taken")
    sheet.append(NL_HEADER)
    for tid, desc, area, hours, level, days, start, end in INVENTORY:
        sheet.append([tid, desc, area, float(hours), float(level), days or None, start, end])
    workbook.save(path)
    return path


@pytest.fixture
def dialect_files(tmp_path) -> dict[str, Path]:
    """The same inventory written in five dialects."""
    en, nl = inventory_rows("."), inventory_rows(",")
    return {
        "comma_point_utf8": write(tmp_path, "a.csv", csv_text([EN_HEADER, *en], ",")),
        "semicolon_cp1252": write(tmp_path, "b.csv", csv_text([NL_HEADER, *nl], ";"),
                                  encoding="cp1252"),
        "bom_utf8": write(tmp_path, "c.csv", csv_text([NL_HEADER, *nl], ";"), bom=True),
        "tab": write(tmp_path, "d.tsv", csv_text([EN_HEADER, *en], "\t")),
        "xlsx": write_xlsx_inventory(tmp_path / "e.xlsx"),
    }


def test_dialect_reference(dialect_files):
    """The comma/point UTF-8 file loads to exactly the intended tasks."""
    frame = load_tasks(dialect_files["comma_point_utf8"]).to_frame()
    assert list(frame["task_id"]) == ["T1", "T2", "T3"]
    assert list(frame["description"]) == [row[1] for row in INVENTORY]
    assert list(frame["area"]) == ["concierge", "administration", "facilities"]
    assert list(frame["hours_per_week"]) == [3.75, 2.5, 1.0]
    assert list(frame["level"]) == [1, 2, 1]
    assert list(frame["days"]) == ["ma-vr", "di,do", ""]
    assert list(frame["start"]) == ["07:45", "", ""]
    assert list(frame["end"]) == ["08:30", "", ""]


@pytest.mark.parametrize(
    "dialect",
    [
        "semicolon_cp1252",  # Dutch Excel CSV: ; and decimal comma in Windows-1252
        "bom_utf8",  # Excel "CSV UTF-8" with a byte order mark
        "tab",  # tab separated
        "xlsx",  # workbook, second sheet, native floats and times
    ],
)
def test_dialects_load_identically(dialect_files, dialect):
    """Every dialect of the same inventory loads to identical tasks."""
    reference = load_tasks(dialect_files["comma_point_utf8"]).to_frame()
    pd.testing.assert_frame_equal(load_tasks(dialect_files[dialect]).to_frame(), reference)


def test_xlsx_reports_the_sheet_it_read(dialect_files):
    """A workbook with several sheets says which sheet was read, as a warning."""
    inventory = load_tasks(dialect_files["xlsx"])
    assert inventory.warnings == (
        "e.xlsx: the workbook has 2 sheets; read sheet 'Taken' (the one whose headers match "
        "best).",)


def test_xlsx_problem_rows_are_sheet_rows(tmp_path):
    """Problems in a workbook give the row number Excel shows, blank rows included."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([])  # row 1 left empty
    sheet.append(EN_HEADER[:5])  # header on row 2
    sheet.append(["T1", "x", "klas", 2.0, 1.0])  # row 3
    sheet.append([])  # row 4 empty
    sheet.append(["T2", "x", "klas", 99.0, 1.0])  # row 5: bad hours
    workbook.save(tmp_path / "t.xlsx")
    problems = problems_of(load_tasks, tmp_path / "t.xlsx")
    assert [(p.row, p.column) for p in problems] == [(5, "hours_per_week")]


# ---------------------------------------------------------------------------- candidates

SECRET = "Jansen-Geheim"


@pytest.mark.parametrize(
    "header",
    [
        "naam",  # name
        "Naam",  # name, capitalised
        "Achternaam",  # surname
        "BSN",  # citizen service number
        "burgerservicenummer",  # long form
        "e-mail",  # e-mail with dash
        "E-mailadres",  # e-mail address, one word
        "telefoon",  # phone
        "Telefoonnummer",  # phone number, one word
        "Tel.",  # phone abbreviation
        "adres",  # address
        "Woonadres",  # home address
        "Straat + huisnummer",  # street and number
        "geboortedatum",  # birth date
        "Geb. datum",  # birth date abbreviation
        "Date of birth",  # English birth date
        "Postcode 6",  # full postcode column
    ],
)
def test_candidates_personal_columns_refused(tmp_path, header):
    """Columns holding personal data are refused by name, never showing their values."""
    path = write(tmp_path, "k.csv", f"candidate_id,{header}\nK1,{SECRET}\nK2,{SECRET}\n")
    with pytest.raises(InputError) as info:
        load_candidates(path)
    problems = info.value.problems
    assert [(p.row, p.column) for p in problems] == [(None, header)]
    assert "personal data is not accepted" in problems[0].rule
    assert SECRET not in str(info.value)
    assert all(SECRET not in p.value for p in problems)


@pytest.mark.parametrize(
    "header",
    [
        "Naam kandidaat",  # name with a qualifier
        "E-mail adres",  # e-mail address, two words
        "Mobiel nummer",  # mobile number
        "Geboorte datum",  # birth date, two words
    ],
)
def test_candidates_multiword_personal_columns_refused(tmp_path, header):
    """Personal-data headers written as several words are refused too."""
    path = write(tmp_path, "k.csv", f"candidate_id,{header}\nK1,{SECRET}\n")
    problems = problems_of(load_candidates, path)
    assert [p.column for p in problems] == [header]


@pytest.mark.parametrize(
    ("values", "what", "count"),
    [
        (["bel jan@example.com", "piet@school.nl", "nee"], "e-mail addresses", 2),  # in text
        (["06-12345678", "ok"], "phone numbers", 1),  # Dutch mobile
        (["+31 6 12345678"], "phone numbers", 1),  # international format
        (["111222333"], "numbers that pass the BSN 11-check", 1),  # valid 11-check
        (["111.222.333", "123456789"], "numbers that pass the BSN 11-check", 1),  # 2nd fails
    ],
)
def test_candidates_personal_values_refused(tmp_path, values, what, count):
    """E-mail, phone and BSN values in a free column are counted, never shown."""
    text = "candidate_id,opmerking\n" + "".join(
        f'K{i},"{v}"\n' for i, v in enumerate(values))
    with pytest.raises(InputError) as info:
        load_candidates(write(tmp_path, "k.csv", text))
    (problem,) = info.value.problems
    assert (problem.row, problem.column, problem.value) == (None, "opmerking", "")
    assert f"holds {count} value(s) that look like {what}" in problem.rule
    assert values[0] not in str(info.value)


@pytest.mark.parametrize(
    "column",
    [
        "opmerking",  # free text column (unmapped)
        pytest.param("max_travel_km"),  # mapped column
        pytest.param("pc4"),  # mapped column
    ],
)
def test_candidates_bsn_in_any_column_refused_without_value(tmp_path, column):
    """A 9-digit number passing the 11-check is refused in any column, value never shown."""
    text = f"candidate_id,{column}\nK1,111222333\n"
    with pytest.raises(InputError) as info:
        load_candidates(write(tmp_path, "k.csv", text))
    assert any("BSN 11-check" in p.rule and p.column == column for p in info.value.problems)
    assert "111222333" not in str(info.value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("1234 AB", "a full postcode"),  # postcode with letters
        ("1234AB", "a full postcode"),  # without space
        ("1234 ab 12", "a full postcode"),  # with house number
        ("123", "4-digit Dutch postcode"),  # too short
        ("0123", "4-digit Dutch postcode"),  # leading zero does not exist
    ],
)
def test_candidates_bad_pc4(tmp_path, value, fragment):
    """Full postcodes and non-postcodes in the pc4 column are refused on their row."""
    problems = problems_of(load_candidates,
                           write(tmp_path, "k.csv", f"candidate_id,pc4\nK1,{value}\n"))
    assert [(p.row, p.column) for p in problems] == [(2, "pc4")]
    assert fragment in problems[0].rule


@pytest.mark.parametrize("word", ["onbekend", "?", "", "unknown", "n.v.t."])
@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("pc4", "lat"),  # location
        ("max_travel_km", "max_travel_km"),  # number
        ("independent_travel", "independent_travel"),  # yes/no
        ("hours_per_week_max", "hours_per_week_max"),  # hours
        ("days_available", "days_available"),  # days
        ("education", "education_level"),  # education
        ("preferred_areas", "preferred_areas"),  # areas
        ("physical_capacity", "physical_capacity"),  # scale
    ],
)
def test_candidates_unknown_words_are_unknown(tmp_path, column, field, word):
    """Words meaning unknown (and empty cells) load as NaN/None, never as an error."""
    pool = load_candidates(write(tmp_path, "k.csv", f"candidate_id,{column}\nK1,{word}\n"))
    value = pool.frame.loc[0, field]
    assert value is None or math.isnan(value)


def test_candidates_hours_min_above_max(tmp_path):
    """hours_per_week_min larger than hours_per_week_max is refused on its row."""
    text = "candidate_id,uren_per_week_min,uren_per_week_max\nK1,10,20\nK2,20,10\n"
    problems = problems_of(load_candidates, write(tmp_path, "k.csv", text))
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "uren_per_week_min", "20 > 10")]


def test_candidates_parsed_values(tmp_path):
    """A full profile loads to typed values, with pc4 turned into approximate coordinates."""
    text = ("kandidaat_id;postcode;reisafstand;zelfstandig_reizen;min_uren;max_uren;"
            "max_uren_per_dag;beschikbaarheid;opleiding;voorkeur;belastbaarheid\n"
            "K1;3811;12,5;ja;16;24;6;ma-do;Entree;klas, conciërge;hoog\n")
    row = load_candidates(write(tmp_path, "k.csv", text)).frame.iloc[0]
    lat, lon = pc4_table().loc["3811", ["lat", "lon"]]
    assert (row["lat"], row["lon"], row["location_approximate"]) == (lat, lon, True)
    assert row["max_travel_km"] == 12.5
    assert row["independent_travel"] == 1.0
    assert (row["hours_per_week_min"], row["hours_per_week_max"]) == (16.0, 24.0)
    assert row["hours_per_day_max"] == 6.0
    assert row["days_available"] == (0, 1, 2, 3)
    assert (row["education"], row["education_level"]) == ("entree", 2.0)
    assert row["preferred_areas"] == ("classroom", "concierge")
    assert row["physical_capacity"] == 2.0


@pytest.mark.parametrize(("education", "level"), [("mbo-1", 2), ("mbo-2", 3), ("mbo-4", 4)])
def test_candidates_mbo_education_level(tmp_path, education, level):
    """mbo education values map to the task level they qualify for."""
    pool = load_candidates(write(tmp_path, "k.csv", f"candidate_id,opleiding\nK1,{education}\n"))
    assert pool.frame.loc[0, "education_level"] == level


def test_candidates_unknown_pc4_is_a_warning(tmp_path):
    """A well-formed pc4 missing from the table leaves the location unknown with a warning."""
    missing = next(str(c) for c in range(1000, 10000) if str(c) not in pc4_table().index)
    pool = load_candidates(write(tmp_path, "k.csv", f"candidate_id,pc4\nK1,{missing}\n"))
    assert math.isnan(pool.frame.loc[0, "lat"])
    assert pool.warnings == ("k.csv: 1 profile(s) have a pc4 that is not in the postcode "
                             "table; their location is treated as unknown.",)


def test_candidates_coverage(tmp_path):
    """coverage() counts known values per field on a small known pool."""
    text = ("candidate_id,pc4,max_travel_km,hours_per_week_max,days_available,education\n"
            "K1,3811,10,20,ma-vr,hbo\n"
            "K2,,onbekend,?,,onbekend\n"
            "K3,6711,5,,di,entree\n"
            "K4,,,16,,\n")
    coverage = load_candidates(write(tmp_path, "k.csv", text)).coverage().set_index("field")
    assert coverage.loc["location", "known"] == 2
    assert coverage.loc["max_travel_km", "known"] == 2
    assert coverage.loc["hours_per_week", "known"] == 2
    assert coverage.loc["days_available", "known"] == 2
    assert coverage.loc["education", "known"] == 2
    assert coverage.loc["preferred_areas", "known"] == 0
    assert coverage.loc["location", "share_known"] == 0.5
    assert (coverage["known"] + coverage["unknown"] == 4).all()


# ---------------------------------------------------------------------------------- sites


def test_sites_lat_lon_and_pc4(tmp_path):
    """Sites load with given coordinates, or with pc4 centroids flagged approximate."""
    text = ("locatie,naam,lat,lon,pc4\n"
            "centrum,Eemland College Centrum,52.1589,5.3897,\n"
            "oost,Eemland College Oost,,,3825\n")
    sites = load_sites(write(tmp_path, "s.csv", text))
    frame = sites.frame.set_index("site")
    assert sites.ids == ["centrum", "oost"]
    assert (frame.loc["centrum", "lat"], frame.loc["centrum", "lon"]) == (52.1589, 5.3897)
    assert not frame.loc["centrum", "approximate"]
    lat, lon = pc4_table().loc["3825", ["lat", "lon"]]
    assert (frame.loc["oost", "lat"], frame.loc["oost", "lon"]) == (lat, lon)
    assert frame.loc["oost", "approximate"]
    assert sites.name("centrum") == "Eemland College Centrum"


def test_sites_school_hours_in_dutch_columns(tmp_path):
    """Opening and pupil hours load from Dutch headers in HH:MM (minutes after midnight);
    an empty cell is NaN (the carving's default); the carving reads them per site."""
    from matcher.carving.weekrules import ScheduleParams, SiteHours, site_hours

    text = ("locatie;pc4;open van;open tot;leerlingen van;leerlingen tot;woensdag tot\n"
            "a;3811;07:45;17:00;08:30;15:15;12:30\n"
            "b;3825;;;;;\n")
    sites = load_sites(write(tmp_path, "s.csv", text))
    frame = sites.frame.set_index("site")
    assert frame.loc["a", "open_from"] == 465 and frame.loc["a", "wednesday_pupils_until"] == 750
    assert frame[["open_from", "pupils_until"]].loc["b"].isna().all()
    hours = site_hours(sites.frame, ScheduleParams())
    assert hours == {"a": SiteHours(465, 1020, 510, 915, 750)}
    assert hours["a"].window(2, pupils=True) == (510, 750)  # the short Wednesday
    bad = "locatie;pc4;open van;open tot\na;3811;17:00;07:30\n"
    with pytest.raises(InputError) as info:
        load_sites(write(tmp_path, "bad.csv", bad))
    (problem,) = info.value.problems
    assert problem.row == 2 and problem.column == "open tot"


def test_sites_name_and_address_allowed(tmp_path):
    """A sites file may name the school and give its address: that is not personal data."""
    text = "site,naam,adres,pc4\nA,OBS De Wegwijzer,Schoolstraat 1,6711\n"
    sites = load_sites(write(tmp_path, "s.csv", text))
    assert sites.name("A") == "OBS De Wegwijzer"


@pytest.mark.parametrize(
    ("text", "column", "fragment", "rows"),
    [
        ("site,pc4\nA,{missing}\n", "pc4", "not a known Dutch postcode", (2,)),  # unknown pc4
        ("site,lat,lon,pc4\nA,,,\n", "lat/lon/pc4", "a site needs a location", (2,)),  # none
        ("site,lat,lon\nA,52.1,\n", "lat/lon", "give both lat and lon", (2,)),  # half
        ("site,lat,lon\nA,48.8,2.3\n", "lat", "latitude in the Netherlands", (2,)),  # Paris
        ("site,pc4\nA,1234 AB\n", "pc4", "a full postcode", (2,)),  # too precise
        ("site,pc4\nA,3811\nB,3825\nA,6711\n", "site", "must be unique; it appears 2 times",
         (2, 4)),  # duplicate id
        ("site,pc4\n,3811\n", "site", "site must not be empty", (2,)),  # no id
    ],
)
def test_load_sites_bad_input(tmp_path, text, column, fragment, rows):
    """Each broken sites rule is reported with column, rule and row."""
    missing = next(str(c) for c in range(1000, 10000) if str(c) not in pc4_table().index)
    path = write(tmp_path, "s.csv", text.format(missing=missing))
    problems = problems_of(load_sites, path)
    found = [p for p in problems if p.column == column and fragment in p.rule]
    assert tuple(p.row for p in found) == rows, problems


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("site,lat,lon\nA,52.156,5.387\n", 52.156, 5.387),  # decimal point, schema's example
        ("site;lat;lon\nA;52,156;5,387\n", 52.156, 5.387),  # decimal comma
    ],
)
def test_sites_three_decimal_coordinates(tmp_path, text, lat, lon):
    """Coordinates with three decimals load as written."""
    frame = load_sites(write(tmp_path, "s.csv", text)).frame
    assert (frame.loc[0, "lat"], frame.loc[0, "lon"]) == (lat, lon)


def test_tasks_with_sites_file(tmp_path):
    """Tasks take their site from the sites file; one site fills in an empty site cell."""
    one = write(tmp_path, "one.csv", "site,pc4\ncentrum,3811\n")
    text = ("task_id,description,area,hours_per_week,level,site\n"
            "T1,x,klas,2,1,\nT2,x,klas,2,1,centrum\n")
    inventory = load_tasks(write(tmp_path, "t.csv", text), one)
    assert [t.site for t in inventory.tasks] == ["centrum", "centrum"]
    assert inventory.sites.ids == ["centrum"]


# ------------------------------------------------------------------ demo files and kinds


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("tasks/vo_school_taken.csv", "tasks"),  # Dutch headers incl. niveau and dagen
        ("tasks/vo_school_locaties.csv", "sites"),  # Dutch sites file with ; and decimal comma
        ("tasks/po_bestuur_tasks.csv", "tasks"),  # English task file
        ("tasks/po_bestuur_sites.csv", "sites"),  # sites by pc4
        ("candidates/kandidaten.csv", "candidates"),  # demo pool
    ],
)
def test_validate_file_demo_kinds(path, kind):
    """validate_file recognises each demo file's kind and loads it without problems."""
    found, summary, _warnings = validate_file(DATA / path)
    assert found == kind
    assert summary.startswith(Path(path).name + ": ")


@pytest.mark.parametrize(
    ("path", "summary"),
    [
        ("tasks/vo_school_locaties.csv",
         "vo_school_locaties.csv: 2 site(s), 2 with a location."),  # explicit kind
        ("tasks/vo_school_taken.csv",
         "vo_school_taken.csv: 104 tasks, "),  # explicit kind avoids detection
    ],
)
def test_validate_file_summary(path, summary):
    """validate_file's one-line summary counts what was loaded."""
    kind = "sites" if "locaties" in path else "tasks"
    assert validate_file(DATA / path, kind)[1].startswith(summary)


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (["task_id", "description", "area", "hours_per_week", "level"], "tasks"),  # English
        (["site", "lat", "lon"], "sites"),  # coordinates
        (["locatie", "naam", "pc4"], "sites"),  # Dutch by postcode
        (["candidate_id", "pc4"], "candidates"),  # pseudonym
        (["pseudoniem", "opleiding"], "candidates"),  # Dutch candidate file
        (["foo", "bar"], None),  # nothing recognisable
        (["taak_id", "omschrijving", "gebied", "uren_per_week", "niveau"], "tasks"),  # niveau
        (["taak_id", "dagen"], "tasks"),  # dagen is also a candidate alias
    ],
)
def test_detect_kind(headers, kind):
    """detect_kind tells the three file kinds apart from their headers."""
    assert detect_kind(headers) == kind


def test_validate_file_unknown_kind(tmp_path):
    """A file of no recognisable kind is an InputError that says what is needed."""
    problems = problems_of(validate_file, write(tmp_path, "x.csv", "foo,bar\n1,2\n"))
    assert [p.rule[:36] for p in problems] == ["cannot tell whether this is a task, "]


# ------------------------------------------------------------------ DataFrames


def frame_and_csv(text: str, sep: str = ";") -> tuple[pd.DataFrame, bytes]:
    """The same table as a DataFrame (every cell text, empty cells missing) and as CSV."""
    frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                        skip_blank_lines=False)
    frame = frame.replace("", None)
    return frame, text.encode()


def outcome(load, source, **kwargs):
    """What a loader gives: the loaded object, or the problems (with their codes)."""
    try:
        return load(source, **kwargs)
    except InputError as error:
        return [(p, p.code, p.params, p.hidden) for p in error.problems]


def same_loaded(a, b) -> None:
    """Two loaded objects (or two problem lists) are equal."""
    if isinstance(a, list):
        assert a == b
    elif isinstance(a, matcher.Inventory):
        assert a.tasks == b.tasks and a.source == b.source
        assert [(w, w.message) for w in a.warnings] == [(w, w.message) for w in b.warnings]
        pd.testing.assert_frame_equal(a.sites.frame, b.sites.frame)
    elif isinstance(a, matcher.Pool):
        assert a.source == b.source and a.warnings == b.warnings
        pd.testing.assert_frame_equal(a.frame, b.frame)
    else:
        pd.testing.assert_frame_equal(a.frame, b.frame)


DATAFRAME_CASES = [
    ("tasks", "taak_id;omschrijving;gebied;uren_per_week;niveau;dagen;begin;eind;kleur\n"
              "T1;Kopiëren;klas;2,5;1;ma-vr;;;rood\nT2;Post;administratie;5;eenvoudig;ma-vr;"
              "10:00;11:00;\n"),
    ("tasks", "taak_id;omschrijving;gebied;uren_per_week;niveau;dagen;begin;eind\n"
              "T1;a;klas;x;9;zo-ma;25:00;8:00\nT1;;onbekend;;;;;\n\nT3;b;klas;2;1;;10:00;\n"
              "Totaal;;;7;;;;\n"),
    ("tasks", "task_id;description;area;hours_per_week;level;geboortedatum\nT1;a;klas;2;1;x\n"),
    ("sites", "locatie;naam;lat;lon;pc4\nA;a;52,1;5,1;\nB;b;;;3811\n"),
    ("sites", "locatie;naam;lat;lon;pc4\nA;a;52;;\nB;b;;;\nC;c;;;0000\n"),
    ("candidates", "kandidaat_id;pc4;uren_per_week_min;uren_per_week_max;opleiding\n"
                   "K1;3811;10;20;mbo-2\nK2;;onbekend;;vso\n"),
    ("candidates", "kandidaat_id;pc4;uren_per_week_min;uren_per_week_max;opleiding;email;lat\n"
                   "K1;3811AB;30;20;mbo-9;a@b.nl;60\nK1;12;x;;;;\nK3;Dorpsstraat 12;;;;;\n"),
]


@pytest.mark.parametrize(("kind", "text"), DATAFRAME_CASES)
def test_a_dataframe_loads_like_the_same_csv(kind, text):
    """A DataFrame goes through the same checks as a file: equal results, equal problems
    (rows counted as a spreadsheet would, header = row 1), the personal-data guard too."""
    load = {"tasks": load_tasks, "sites": load_sites, "candidates": load_candidates}[kind]
    frame, data = frame_and_csv(text)
    from_frame = outcome(load, frame, name="t.csv")
    from_csv = outcome(load, data, name="t.csv")
    same_loaded(from_frame, from_csv)


def test_a_dataframe_has_a_default_name_and_spreadsheet_rows():
    frame = pd.DataFrame({"taak_id": ["T1", "T2"], "omschrijving": ["a", "b"],
                          "gebied": ["klas", "klas"], "uren_per_week": [2.0, None],
                          "niveau": [1, 2]})
    with pytest.raises(InputError) as info:
        load_tasks(frame)
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column) == ("<tasks>", 3, "uren_per_week")
    assert problem.code == "val.not_empty"
    for load, name in ((load_sites, "<sites>"), (load_candidates, "<candidates>")):
        with pytest.raises(InputError) as info:
            load(pd.DataFrame({"x": [1]}))
        assert {p.file for p in info.value.problems} == {name}


def test_a_dataframe_with_typed_columns():
    """Numbers, booleans, missing values and a default index of any kind load as cells."""
    frame = pd.DataFrame({
        "task_id": [1, 2], "description": ["a", "b"], "area": ["klas", "facilitair"],
        "hours_per_week": np.array([2.5, 5.0]), "level": pd.array([1, pd.NA], dtype="Int64"),
        "carvable": [True, False], "start": [None, "10:00"], "end": [np.nan, "11:00"],
        "days": ["", "ma-vr"],
    }, index=[7, 3])
    with pytest.raises(InputError) as info:
        load_tasks(frame)
    assert [(p.row, p.code) for p in info.value.problems] == [(3, "val.not_empty")]
    frame.loc[3, "level"] = 2
    inventory = load_tasks(frame)
    first, second = inventory.tasks
    assert (first.task_id, first.hours, first.level, first.carvable) == ("1", 2.5, 1, True)
    assert (second.start, second.end, second.days, second.carvable) == (600, 660,
                                                                        (0, 1, 2, 3, 4), False)
    assert inventory.source == "<tasks>"


def test_tasks_with_a_sites_dataframe():
    sites = pd.DataFrame({"site": ["A", "B"], "lat": [52.1, 52.2], "lon": [5.1, 5.2]})
    tasks = pd.DataFrame({"task_id": ["T1", "T2"], "description": ["a", "b"],
                          "area": ["klas", "klas"], "hours_per_week": [2, 3], "level": [1, 1],
                          "site": ["A", "C"]})
    with pytest.raises(InputError) as info:
        load_tasks(tasks, sites)
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.code) == ("<tasks>", 3, "val.site_unknown")
    tasks.loc[1, "site"] = "B"
    inventory = load_tasks(tasks, sites, name="takentabel")
    assert list(inventory.sites.ids) == ["A", "B"]
    assert inventory.source == "takentabel"


def test_the_limits_hold_for_a_dataframe():
    frame = pd.DataFrame({"task_id": [f"T{i}" for i in range(5)], "description": ["x" * 50] * 5,
                          "area": ["klas"] * 5, "hours_per_week": [1] * 5, "level": [1] * 5})
    with pytest.raises(InputError) as info:
        load_tasks(frame, limits=Limits(max_rows=3, max_cell_chars=20))
    codes = [p.code for p in info.value.problems]
    assert "io.too_many_rows" in codes and "io.long_cell" in codes
    with pytest.raises(InputError) as info:
        load_tasks(pd.DataFrame())
    assert [p.code for p in info.value.problems] == ["io.empty"]


def test_validate_file_takes_a_dataframe():
    frame = pd.DataFrame({"locatie": ["A"], "lat": [52.1], "lon": [5.1]})
    kind, summary, warnings = validate_file(frame)
    assert (kind, summary, warnings) == ("sites", "<sites>: 1 site(s), 1 with a location.", [])


def test_problems_name_columns_as_the_file_writes_them() -> None:
    """Rules over two columns name the file's own (Dutch) headers, never the code's."""
    tasks = (b"taak_id;omschrijving;gebied;uren_per_week;niveau;locatie;dagen;begin;eind\n"
             b"T1;Post;administratie;5;2;a;ma;10:00;09:00\n"
             b"T2;Post;administratie;5;2;a;ma;10:00;\n"
             b"T3;Post;administratie;9;2;a;ma;10:00;11:00\n")
    sites = b"locatie;naam;breedtegraad\na;School A;52,1\n"
    with pytest.raises(matcher.InputError) as caught:
        matcher.load_tasks(tasks, sites, name="taken.csv", sites_name="locaties.csv")
    columns = set(caught.value.to_frame("nl")["kolom"])
    english = {"end", "start", "start/end", "hours_per_week", "lat/lon", "lat", "lon",
               "site", "pc4", "level"}
    assert not columns & english, columns
    assert {"eind", "begin/eind", "uren_per_week"} <= columns
