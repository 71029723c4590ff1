"""Privacy: personal data in candidate files is refused and never shown; small-group export check.

Each rule of docs/privacy.md has a test here (or in test_validate.py for the column-name
rules and the e-mail, phone and BSN values) that fails without it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import matcher
from matcher.errors import InputError
from matcher.geo import pc4_table
from matcher.inputs.guard import personal_value_kind
from matcher.inputs.loaders import load_candidates, load_tasks
from matcher.outputs.privacy import STEPS, hours_band, k_anonymise

FUZZ = Path(__file__).parent.parent / "data" / "fuzz"


def candidates(tmp_path: Path, text: str, name: str = "k.csv") -> Path:
    """Write a candidates CSV to tmp_path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path | bytes, **kwargs) -> InputError:
    """Load candidates that must be refused; return the error."""
    with pytest.raises(InputError) as info:
        load_candidates(path, **kwargs)
    return info.value


# ------------------------------------------------------------------ personal values


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("12-03-1998", "date"),  # day-month-year with dashes
        ("1998-03-12", "date"),  # ISO
        ("12/3/98", "date"),  # slashes, two-digit year
        ("12.03.1998", "date"),  # dots
        ("3-12-1998", "date"),  # month-day is a date too
        ("geb. 12-3-1998", "date"),  # inside text
        ("12 maart 1998", "date"),  # month name
        ("1998-03-12 00:00:00", "date"),  # a datetime exported as text
        ("Dorpsstraat 12", "address"),  # street + number
        ("Kerkweg 3a", "address"),  # number with a letter
        ("woont Burg. Jansenlaan 14-2", "address"),  # inside text, with addition
        ("Oudegracht 201", "address"),  # gracht
        ("Stationsplein 1", "address"),  # plein
        ("3811 AB", "postcode"),  # full postcode
        ("3811AB 12", "postcode"),  # with house number
        ("3811 ab 12", "postcode"),  # lower case as a whole cell
        ("verhuisd naar 3811 AB", "postcode"),  # inside text (capitals)
        ("jan@example.com", "email"),  # e-mail
        ("06-12345678", "phone"),  # mobile
        ("bel 06 1234 5678", "phone"),  # inside text
        ("111222333", "bsn"),  # passes the 11-check
        ("bsn 111222333", "bsn"),  # inside text
        ("111.222.333", "bsn"),  # with dots
        ("111 22 2333", "bsn"),  # in groups
        ("bsn: 111222333.", "bsn"),  # at the end of a sentence
    ],
)
def test_personal_value_kind(value, kind):
    """Each kind of personal value is recognised, alone and inside text."""
    assert personal_value_kind(value) == kind


@pytest.mark.parametrize(
    "value",
    [
        "8.30",  # a time
        "12-20",  # an hour range
        "1.234.567",  # thousands
        "3,5",  # decimal comma
        "ma-vr",  # days
        "mbo-2",  # education
        "3811",  # pc4
        "52.1589",  # latitude
        "Kerkweg",  # a street without a number
        "weg 2 keer per week",  # 'weg' alone is not a street
        "123456789",  # nine digits failing the 11-check
        "52.1000002",  # a latitude whose nine digits pass the 11-check
        "5.100000009",  # a longitude whose nine decimals pass it
        "52,1000002",  # the same with a decimal comma
        "31-31-2000",  # not a date
        "K0001",  # pseudonym
        "v1.2.3",  # version-like
        dt.time(8, 30),  # an Excel time cell
        15.0,  # a number cell
    ],
)
def test_personal_value_kind_leaves_ordinary_values(value):
    """Values that candidate files hold on purpose are not taken for personal data."""
    assert personal_value_kind(value) is None


@pytest.mark.parametrize(
    ("values", "what", "count"),
    [
        (["12-03-1998", "1998-03-12", "12/3/98", "nee"], "dates (birth dates?)", 3),
        (["Dorpsstraat 12", "Kerkweg 3a", "ok"], "street addresses", 2),
        (["3811 AB 12", "ok"], "full postcodes", 1),
    ],
)
@pytest.mark.parametrize("column", ["opmerking", "max_travel_km", "education"])
def test_dates_addresses_postcodes_refused_in_any_column(tmp_path, values, what, count,
                                                         column):
    """Birth dates, street addresses and full postcodes are counted per column, not shown."""
    text = f"candidate_id,{column}\n" + "".join(f"K{i},{v}\n" for i, v in enumerate(values))
    error = refused(candidates(tmp_path, text))
    matches = [p for p in error.problems if p.column == column and what in p.rule]
    assert len(matches) == 1
    assert f"holds {count} value(s) that look like {what}" in matches[0].rule
    assert (matches[0].row, matches[0].value) == (None, "")
    for value in values[:-1]:
        assert value not in str(error)


def test_excel_date_cell_is_a_birth_date():
    """A date cell in a candidates workbook is refused as a (birth) date."""
    workbook = Workbook()
    workbook.active.append(["candidate_id", "geb"])  # 'geb' is a birth-date header too
    workbook.active.append(["K1", dt.datetime(1998, 3, 12)])
    workbook.active.append(["K2", dt.date(2001, 1, 5)])
    workbook.active.cell(1, 2, "toelichting")
    buffer = io.BytesIO()
    workbook.save(buffer)
    error = refused(buffer.getvalue(), name="k.xlsx")
    (problem,) = error.problems
    assert problem.column == "toelichting"
    assert "holds 2 value(s) that look like dates" in problem.rule
    assert "1998" not in str(error) and "2001" not in str(error)


def test_values_beyond_the_last_header_are_scanned_and_hidden(tmp_path):
    """An e-mail address in a cell without a header is refused and never shown."""
    error = refused(candidates(tmp_path, "candidate_id,pc4\nK1,3811,jan@example.com\n"))
    assert {(p.column, p.row) for p in error.problems} == {("#3", None), ("", 2)}
    assert "jan@example.com" not in str(error)
    assert "example" not in str(error.to_frame())


@pytest.mark.parametrize(
    ("header", "what"),
    [
        ("Woonadres kandidaat", "an address"),  # compound ending in -adres
        ("Kandidaatnaam", "a name"),  # compound ending in -naam
        ("geboren", "a birth date"),  # born
        ("Mailadres", "an e-mail address"),  # mail address
    ],
)
def test_compound_personal_headers_refused(tmp_path, header, what):
    """Dutch compound headers naming personal data are refused by name."""
    error = refused(candidates(tmp_path, f"candidate_id,{header}\nK1,x\n"))
    assert [(p.column, f"looks like {what}" in p.rule) for p in error.problems] == [
        (header, True)]


def test_missing_header_row_hides_the_first_profile(tmp_path):
    """Without a header row the first profile becomes the header: it is never shown."""
    path = FUZZ / "candidates_without_header.csv"
    error = refused(path)
    text = str(error) + str(error.to_frame())
    for secret in ("Piet", "Vries", "devries", "example.com"):
        assert secret not in text
    assert any("is the header row missing?" in p.rule and p.column == "#4"
               for p in error.problems)


def test_corpus_file_full_of_personal_data():
    """The corpus file with every kind of personal data: each refused, no value shown."""
    path = FUZZ / "candidates_personal_data.csv"
    error = refused(path)
    raw = [cell for line in path.read_text(encoding="utf-8").splitlines()[1:]
           for cell in line.split(";")]
    text = str(error) + "\n" + error.to_frame().to_csv()
    for cell in raw:
        if not cell.isdigit():  # ids and plain numbers like 24 are not personal
            assert cell not in text, cell
    columns = {p.column for p in error.problems}
    assert {"geboren", "woonadres_kandidaat", "contact", "opmerking", "postcode"} <= columns


# ----------------------------------------------------------- values in messages


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("hours_per_week_max", "45", True),  # a short number: shown
        ("hours_per_week_max", "-3", True),  # a negative number: shown
        ("hours_per_week_max", "abc", False),  # text could be a name: hidden
        ("education", "Jansen", False),  # a name in a vocabulary column: hidden
        ("max_travel_km", "1234567", False),  # a long number: hidden
        ("days_available", "Piet", False),  # text: hidden
    ],
)
def test_candidate_values_in_messages(tmp_path, column, value, shown):
    """Only short numbers from candidate files appear in messages."""
    error = refused(candidates(tmp_path, f"candidate_id,{column}\nK1,{value}\n"))
    (problem,) = error.problems
    assert (value in str(error)) is shown
    assert (problem.value == value) is shown
    if not shown:
        assert problem.value.startswith("(not shown")


def test_task_file_values_are_shown(tmp_path):
    """Task inventories hold no profile data: their values are shown to help fixing them."""
    path = tmp_path / "t.csv"
    path.write_text("task_id,description,area,hours_per_week,level\nT1,x,klas,abc,1\n")
    with pytest.raises(InputError, match="Got 'abc'"):
        load_tasks(path)


def test_duplicate_candidate_ids_are_not_shown(tmp_path):
    """Duplicate pseudonyms are reported by row, without the pseudonym."""
    error = refused(candidates(tmp_path, "candidate_id\nJan de Vries\nJan de Vries\n"))
    # a name as an id is refused as such too (val.id_name, for the column)
    assert [p.row for p in error.problems if p.code == "val.unique"] == [2, 3]
    assert "Jan" not in str(error)


MARK = "Zqx"  # in every generated secret; never in a rule text


def secret_values() -> st.SearchStrategy[str]:
    """Values a careless export puts in a candidates file, each carrying MARK."""
    word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=8)
    number = st.integers(1, 999)
    return st.one_of(
        word.map(lambda w: f"{MARK}{w}"),  # a name
        st.tuples(word, number).map(lambda t: f"{MARK}{t[0]}straat {t[1]}"),  # address
        word.map(lambda w: f"{MARK}.{w}@example.nl"),  # e-mail
        st.tuples(word, number).map(lambda t: f"{MARK} {t[0]} {t[1]}"),  # free text
        word.map(lambda w: f"{w}{MARK}"),  # a name, marker at the end
    )


PERSONAL_NUMBERS = ["12-03-1998", "1998-03-12", "12/3/98", "111222333", "06-12345678",
                    "3811 AB 12", "+31 6 12345678"]


@settings(max_examples=60, deadline=None)
@given(
    columns=st.lists(st.sampled_from(
        ["candidate_id", "pc4", "max_travel_km", "independent_travel", "hours_per_week_min",
         "hours_per_week_max", "hours_per_day_max", "days_available", "education",
         "preferred_areas", "physical_capacity", "pupil_contact_ok", "opmerking", "notitie"]),
        min_size=1, max_size=6, unique=True),
    cells=st.lists(st.one_of(secret_values(), st.sampled_from(PERSONAL_NUMBERS)),
                   min_size=1, max_size=40),
    extra=st.booleans(),
)
def test_no_profile_value_reaches_a_message(columns, cells, extra):
    """A candidates file full of bad values: no value reaches str(error) or a warning."""
    width = len(columns) + extra  # extra: one column more than the header
    rows = [cells[i:i + width] for i in range(0, len(cells), width)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    try:
        pool = load_candidates(buffer.getvalue().encode(), name="k.csv")
        text = "\n".join(pool.warnings)
    except InputError as error:
        text = str(error) + "\n" + error.to_frame().to_csv()
    assert MARK not in text
    for value in PERSONAL_NUMBERS:
        assert value not in text


# --------------------------------------------------------------- k-anonymity


def test_hours_band():
    """Hours fall into the bands 0-12, 12-20, 20-28 and 28+; unknown is '?'."""
    assert [hours_band(h) for h in (0, 11.9, 12, 19.5, 20, 27.9, 28, 40)] == [
        "0-12", "0-12", "12-20", "12-20", "20-28", "20-28", "28+", "28+"]
    assert hours_band(None) == hours_band(math.nan) == "?"


def pool_frame(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    """A pool frame from (candidate_id, pc4, education_level, hours_per_week_max)."""
    return pd.DataFrame(rows, columns=["candidate_id", "pc4", "education_level",
                                       "hours_per_week_max"])


def shortlist_of(ids: list[str]) -> pd.DataFrame:
    """A minimal shortlist naming these candidates."""
    return pd.DataFrame({"function_id": "F01", "rank": range(1, len(ids) + 1),
                         "candidate_id": ids, "score": 0.5})


def test_k_anonymise_steps():
    """Each candidate is coarsened only as far as its group needs, and the file says so."""
    same = [(f"A{i}", "3811", 2.0, 24.0) for i in range(5)]  # 5 alike: nothing coarsened
    band = [(f"B{i}", "3812", 3.0, h) for i, h in enumerate([20, 21, 22, 23, 24])]
    region = [(f"C{i}", f"381{i + 3}", 1.0, 16.0) for i in range(5)]  # same PC2 '38'
    lone = [("D0", "9999", 4.0, 8.0)]  # not in the table: location unknown
    pool = pool_frame(same + band + region + lone)
    frame, report = k_anonymise(shortlist_of(["A0", "B0", "C0", "D0", "A1"]), pool, k=5)
    shown = frame.set_index("candidate_id")[["pc4", "education_level",
                                             "hours_per_week_max", "generalised"]]
    assert tuple(shown.loc["A0"]) == ("3811", "2", "24", "")
    assert tuple(shown.loc["B0"]) == ("3812", "3", "20-28", "uren als band")
    assert tuple(shown.loc["C0"])[:3] == ("38", "1", "12-20")
    assert tuple(shown.loc["D0"])[:3] == ("NL", "?", "?")
    assert "weggelaten" in shown.loc["D0", "generalised"]
    assert report.rows_by_step == {"none": 2, "hours_band": 1, "region": 1, "province": 0,
                                   "country": 0, "hours_hidden": 0, "suppressed": 1}
    assert report.candidates_by_step["none"] == 2  # A0 and A1
    assert (report.k, report.pool_size, report.rows, report.candidates) == (5, 16, 5, 5)
    assert report.coarsened_rows == 3
    assert "1 rij(en): uren als band" in report.text()


def test_k_anonymise_keeps_the_shortlist_and_is_pure():
    """The shortlist's own columns and row order are kept; the inputs are not changed."""
    pool = pool_frame([(f"A{i}", "3811", 2.0, 24.0) for i in range(6)])
    short = shortlist_of(["A3", "A1", "A3"])
    before = (short.copy(), pool.copy())
    frame, _ = k_anonymise(short, pool)
    pd.testing.assert_frame_equal(short, before[0])
    pd.testing.assert_frame_equal(pool, before[1])
    pd.testing.assert_frame_equal(frame[list(short.columns)], short)
    assert list(frame.columns[-4:]) == ["pc4", "education_level", "hours_per_week_max",
                                        "generalised"]


def test_k_anonymise_small_pool_is_suppressed():
    """A pool smaller than k cannot hide anyone: every row is fully suppressed."""
    pool = pool_frame([("A0", "3811", 2.0, 24.0), ("A1", "3811", 2.0, 24.0)])
    frame, report = k_anonymise(shortlist_of(["A0", "A1"]), pool, k=5)
    assert set(map(tuple, frame[["pc4", "education_level", "hours_per_week_max"]].to_numpy())) \
        == {("NL", "?", "?")}
    assert report.rows_by_step["suppressed"] == 2


def test_k_anonymise_drops_the_explanation():
    """The explanation restates hours, education and distance: it leaves by request only."""
    pool = pool_frame([(f"A{i}", "3811", 2.0, 24.0) for i in range(5)])
    short = shortlist_of(["A0"]).assign(explanation="25,4 u per week (wil 18-28 u)")
    frame, report = k_anonymise(short, pool)
    assert "explanation" not in frame and report.dropped_columns == ("explanation",)
    assert "Weggelaten kolom(men): explanation" in report.text()
    kept, report = k_anonymise(short, pool, drop_columns=())
    assert kept.loc[0, "explanation"] == short.loc[0, "explanation"]
    assert report.dropped_columns == () and "Weggelaten" not in report.text()


def test_k_anonymise_empty_shortlist_and_errors():
    """An empty shortlist gives an empty export; bad k or unknown ids are refused."""
    pool = pool_frame([("A0", "3811", 2.0, 24.0)])
    frame, report = k_anonymise(shortlist_of([]), pool)
    assert len(frame) == 0 and report.rows == 0 and "generalised" in frame
    with pytest.raises(ValueError, match="k must be"):
        k_anonymise(shortlist_of(["A0"]), pool, k=0)
    with pytest.raises(ValueError, match="not in the pool"):
        k_anonymise(shortlist_of(["B9"]), pool)


def test_k_anonymise_demo_shortlist(demo_match, demo_pool):
    """On the demo shortlist every exported combination is shared by at least 5 profiles."""
    scores, assignment = demo_match
    short = matcher.shortlist(scores, 10, assignment)
    frame, report = k_anonymise(short, demo_pool.frame)
    assert len(frame) == len(short) == report.rows
    assert "explanation" in short and "explanation" not in frame
    assert sum(report.rows_by_step.values()) == report.rows
    check_groups(frame, demo_pool.frame, 5)


# An independent, row-by-row reading of the steps in matcher.outputs.privacy.STEPS.
_NOTE_TO_STEP = {note: i for i, (_, note) in enumerate(STEPS)}


def _generalise(member: pd.Series, step: int) -> tuple[str, str, str]:
    table = pc4_table()
    pc4 = str(member["pc4"]) if isinstance(member["pc4"], str) else ""
    known = len(pc4) == 4 and pc4.isdigit()
    if step <= 1:
        place = pc4 if known else "?"
    elif step == 2:
        place = pc4[:2] if known else "?"
    elif step == 3:
        place = str(table.at[pc4, "province"]) if known and pc4 in table.index else "?"
    else:
        place = "NL"
    level = member["education_level"]
    level_text = "?" if pd.isna(level) or step == 6 else str(int(level))
    hours = member["hours_per_week_max"]
    if pd.isna(hours) or step >= 5:
        hours_text = "?"
    elif step == 0:
        hours_text = f"{float(hours):g}"
    else:
        hours_text = hours_band(float(hours))
    return place, level_text, hours_text


def check_groups(frame: pd.DataFrame, pool: pd.DataFrame, k: int) -> None:
    """Every exported row: >= k pool members show the same values at its step (or it is
    fully suppressed), and its step is the first one where that holds."""
    members = {row["candidate_id"]: [_generalise(row, step) for step in range(len(STEPS))]
               for _, row in pool.iterrows()}
    groups = [Counter(values[step] for values in members.values())
              for step in range(len(STEPS))]
    for _, row in frame.iterrows():
        step = _NOTE_TO_STEP[row["generalised"]]
        exported = (row["pc4"], row["education_level"], row["hours_per_week_max"])
        mine = members[row["candidate_id"]]
        assert mine[step] == exported  # the candidate's own values at that step
        if step < len(STEPS) - 1:
            assert groups[step][exported] >= k
        for earlier in range(step):
            assert groups[earlier][mine[earlier]] < k


PC4S = ["3811", "3812", "3825", "3831", "6711", "6721", "1011", "9999", "", None]


@settings(max_examples=40, deadline=None)
@given(
    members=st.lists(st.tuples(
        st.sampled_from(PC4S),
        st.one_of(st.none(), st.integers(1, 4)),
        st.one_of(st.none(), st.sampled_from([4.0, 8.0, 12.0, 16.0, 20.0, 24.0, 28.0, 32.0]))),
        min_size=1, max_size=30),
    k=st.integers(1, 6),
    data=st.data(),
)
def test_k_anonymise_property(members, k, data):
    """Random pools and shortlists: every exported combination occurs >= k times in the
    pool at its step or is fully suppressed, with the least coarsening that does it."""
    pool = pd.DataFrame({
        "candidate_id": [f"K{i}" for i in range(len(members))],
        "pc4": [m[0] for m in members],
        "education_level": [np.nan if m[1] is None else float(m[1]) for m in members],
        "hours_per_week_max": [np.nan if m[2] is None else m[2] for m in members],
    })
    ids = data.draw(st.lists(st.sampled_from(list(pool["candidate_id"])), max_size=15))
    frame, report = k_anonymise(shortlist_of(ids), pool, k=k)
    assert list(frame["candidate_id"]) == ids
    assert sum(report.rows_by_step.values()) == len(ids)
    check_groups(frame, pool, k)
