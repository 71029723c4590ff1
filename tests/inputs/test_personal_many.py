"""The column-wise personal-data scan agrees with checking every cell on its own.

:func:`matcher.inputs.personal.personal_value_kinds` and
:func:`~matcher.inputs.personal.looks_like_names` skip the detectors for values that
cannot be personal data; :func:`matcher.inputs.guard.scan_personal_values` scans column
by column. Each is compared here with the simple reference, cell by cell: on tricky and
harmless values, on random text, on the whole ``tests/data`` corpus and on a generated
pool with personal data put in.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.demo import generate_candidates
from matcher.errors import InputError, ProblemList
from matcher.inputs.guard import (
    PersonalMemo,
    scan_personal_values,
    scan_personal_values_per_cell,
)
from matcher.inputs.headers import map_headers
from matcher.inputs.personal import (
    looks_like_a_name,
    looks_like_names,
    personal_value_kind,
    personal_value_kinds,
)
from matcher.inputs.read import RawTable, read_table

DATA = Path(__file__).resolve().parents[1] / "data"

#: Values that are personal data, written in the ways people write them.
TRICKY: list[Any] = [
    "+31 (0)6 1234 5678", "(06) 12 34 56 78", "06.12.34.56.78", "0612345678", "06-12345678",
    "bel 06 1234 5678", "vast: (030) 123 45 67", "mobiel +32 470 12 34 56", "+44 20 7946 0958",
    "0031 6 12345678", "BSN: 111-222-333", "111222333", "111.222.333", "111 22 2333",
    "dossiernr 111.222.333 (gemeente)", "bsn: 111222333.", "123 456 782",
    "naam [at] provider.nl", "naam(at)provider(dot)nl", "naam at provider dot nl",
    "jan @ school.nl", "jan@example.com", "ｊａｎ＠ｓｃｈｏｏｌ．ｎｌ",
    "naam (apenstaartje) site.be",
    "12031998", "19980312", "12-03-1998", "12/3/98", "1998-03-12", "12 maart 1998",
    "geb. 12 mrt. '98", "geboren 12 maart '98", "geboortedatum: 12 3 98", "dob 1-2-03",
    "1998-03-12 00:00:00", "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300",
    "iban: DE89 3704 0044 0532 0130 00", "3811 AB", "3811AB 12", "3811 ab 12",
    "verhuisd naar 3811 AB", "Dorpsstraat 12", "Kerkweg 3a", "Burg. de Withstr. 4a",
    "woont Burg. Jansenlaan 14-2", "Oudegracht 201", "Stationsplein 1", "Pr. Hendrikkade 3-II",
    "０６１２３４５６７８", "①②③④⑤⑥⑦⑧⑨", "٠٦١٢٣٤٥٦٧٨", dt.date(1998, 3, 12),
    dt.datetime(1998, 3, 12, 8, 30), 612345678, 111222333, 12031998.0, "2024 en 2025",
]
#: Names written as candidate ids.
NAMES: list[Any] = [
    "Jan de Vries", "J.P. de Vries-Bakker", "J. Jansen", "J.Jansen", "Dhr. Jansen",
    "mevr. El Amrani", "Fatima El Amrani", "jan jansen", "Jan_de_Vries", "jan.van.dijk",
    "deVries", "JandeVries", "D'Souza Pereira", "Ｊａｎ ｄｅ Ｖｒｉｅｓ", "Jan\tde Vries",
]
#: What candidate files hold on purpose.
HARMLESS: list[Any] = [
    "3511", "25,5", "25.5", "ma di wo", "ma,wo,vr", "ma-vr", "ma t/m vr", "08:30-12:00",
    "8.30", "12-20", "1.234.567", "3,5", "mbo-2", "3811", "52.1589", "Kerkweg",
    "weg 2 keer per week", "123456789", "52.1000002", "5.100000009", "52,1000002",
    "31-31-2000", "K0001", "K125999", "kand_17", "WSP2024-0012", "c3f9a1", "A12", "v1.2.3",
    "onbekend", "?", "-", "x", "n.v.t.", "ja", "nee", "klas,facilitair", "conciërge",
    "administratie; klas", "laag", "hoog", "", "   ", None, float("nan"), 15.0, 15, 0, 1, True,
    False, 1.0, dt.time(8, 30), dt.timedelta(hours=2), "K-0042", "id 17", "07:00-16:30",
    "maandag en donderdag", "12 uur", "at", "data", "straat", "mei",
]
SAMPLE: list[Any] = TRICKY + NAMES + HARMLESS


def _kind_of(kinds: dict[type, dict[Any, Any]], value: Any) -> Any:
    return kinds[type(value)][value]


def test_the_sample_holds_every_kind_and_names() -> None:
    """The comparison below is worth something: each kind is in the sample."""
    kinds = {personal_value_kind(v) for v in SAMPLE}
    assert kinds == {None, "email", "iban", "date", "phone", "bsn", "postcode", "address"}
    assert sum(looks_like_a_name(v) for v in NAMES) >= len(NAMES) - 1
    assert not any(personal_value_kind(v) for v in HARMLESS)


def test_many_values_agree_with_one_by_one() -> None:
    values = SAMPLE + SAMPLE[::-1]  # repeats are worked out once
    kinds = personal_value_kinds(values)
    names = looks_like_names(values)
    for value in SAMPLE:
        if value != value:  # NaN: a new NaN is another key, ask for the one given
            continue
        assert _kind_of(kinds, value) == personal_value_kind(value), value
        assert _kind_of(names, value) == looks_like_a_name(value), value


def test_values_that_compare_equal_are_kept_apart() -> None:
    """``1``, ``1.0`` and ``True`` are one dict key but different cells."""
    kinds = personal_value_kinds([1, 1.0, True, "1", 612345678, 612345678.0])
    assert set(kinds) == {int, float, bool, str}
    assert kinds[int][612345678] == personal_value_kind(612345678)
    assert kinds[bool][True] is None


def test_unhashable_values_are_left_to_the_caller() -> None:
    kinds = personal_value_kinds([["06-12345678"], "06-12345678"])
    assert kinds == {str: {"06-12345678": "phone"}}
    memo = PersonalMemo()
    memo.remember(kinds)
    assert memo.kind(["06-12345678"]) == personal_value_kind(["06-12345678"])


# Text built from the pieces the detectors look for, so that random values come close.
_PIECES = st.sampled_from([
    "0", "1", "2", "3", "6", "9", "12", "31", "98", "1998", "2024", "06", "+31", "(0)", "(",
    ")", " ", "  ", "-", ".", "/", ",", ":", "@", "at", " at ", "[at]", "dot", "punt", "nl",
    "com", "a", "B", "K", "x", "ab", "AB", "NL91", "ABNA", "jan", "mrt", "maart", "geb",
    "straat", "weg", "str.", "laan", "de", "Vries", "J.", "'", "_", "\t", "é", "＠", "１",
])
_TEXT = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=_TEXT)
def test_the_shortcut_never_misses_personal_data(text: str) -> None:
    """Random text near the patterns: the kinds and names at once are the ones of each
    value alone (the shortcut only skips values the detectors find nothing in)."""
    assert _kind_of(personal_value_kinds([text]), text) == personal_value_kind(text)
    assert _kind_of(looks_like_names([text]), text) == looks_like_a_name(text)


def _scans(table: RawTable, mapping: dict[str, int]) -> tuple[list[str], list[str]]:
    fast, slow = ProblemList(), ProblemList()
    scan_personal_values(table, "candidates", mapping, fast)
    scan_personal_values_per_cell(table, "candidates", mapping, slow)
    return [p.text("en") for p in fast], [p.text("en") for p in slow]


CORPUS = sorted(p for folder in ("fuzz", "hostile") for p in (DATA / folder).iterdir()
                if p.suffix in {".csv", ".tsv", ".xlsx"})


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_scan_agrees_on_the_corpus(path: Path) -> None:
    """Every file of tests/data read as a candidates file, with its own id column and
    with each column taken for the id column in turn."""
    try:
        table = read_table(path)
    except InputError:
        pytest.skip("not readable: no values to scan")
    mapping = map_headers(table, "candidates", ProblemList(), [])
    fast, slow = _scans(table, mapping)
    assert fast == slow
    for column in range(len(table.headers)):
        fast, slow = _scans(table, {**mapping, "candidate_id": column})
        assert fast == slow


def test_the_corpus_has_personal_data_to_find() -> None:
    """The hostile files are found by both scans (so the comparison above compares)."""
    table = read_table(DATA / "hostile" / "phone.csv")
    fast, slow = _scans(table, map_headers(table, "candidates", ProblemList(), []))
    assert fast and fast == slow


def test_the_scan_agrees_on_a_pool_with_personal_data_put_in() -> None:
    """3,000 generated profiles with the sample's values in random cells, in short rows
    and beyond the last header."""
    frame = generate_candidates(3_000, seed=11, nationwide=True)
    rows = [[str(c) for c in row] for row in frame.astype(str).itertuples(index=False)]
    rng = random.Random(18)
    for value in SAMPLE * 3:
        row = rows[rng.randrange(len(rows))]
        row[rng.randrange(len(row))] = value
    for row in rng.sample(rows, 50):
        del row[rng.randrange(1, len(row)):]  # a short row
    for row in rng.sample(rows, 20):
        row.append(rng.choice(TRICKY))  # beyond the header
    table = RawTable("pool.csv", list(frame.columns), rows, list(range(2, len(rows) + 2)))
    mapping = map_headers(table, "candidates", ProblemList(), [])
    fast, slow = _scans(table, mapping)
    assert len(fast) >= 8 and fast == slow
