"""Tests for matcher.inputs.guard: the personal-data guard, on headers and values."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from matcher.demo import demo_files, generate_candidates
from matcher.errors import InputError, Problem
from matcher.inputs.guard import (
    PersonalMemo,
    candidate_id_kind,
    looks_like_a_name,
    personal_header_kind,
    personal_value_kind,
    redact_candidate_id,
    redact_candidate_value,
)
from matcher.inputs.loaders import load_candidates, load_tasks
from matcher.text.catalogue import Msg


@pytest.mark.parametrize(("header", "kind", "code"), [
    ("Naam", "tasks", "pd.name"), ("naam", "sites", None), ("BSN", "sites", "pd.bsn"),
    ("E-mail", "candidates", "pd.email"), ("Telefoonnummer", "tasks", "pd.phone"),
    ("Geboortedatum", "tasks", "pd.birth_date"), ("pc6", "candidates", "pd.full_postcode"),
    ("Naam kandidaat", "candidates", "pd.name"), ("Naam kandidaat", "tasks", None),
    ("woonadres", "candidates", "pd.address"), ("geboren", "candidates", "pd.birth_date"),
    ("uren_per_week", "candidates", None),
])
def test_personal_header_kind_gives_a_code(header, kind, code):
    assert personal_header_kind(header, kind) == code


@pytest.mark.parametrize(("value", "kind"), [
    ("jan@school.nl", "email"), ("12-03-1998", "date"), ("06 12345678", "phone"),
    ("111222333", "bsn"), ("3811 AB", "postcode"), ("Dorpsstraat 12", "address"),
    ("mbo-2", None), ("52.1000002", None), (20, None),
])
def test_personal_value_kind(value, kind):
    assert personal_value_kind(value) == kind


def test_redact_shows_short_numbers_and_marks_the_rest():
    assert redact_candidate_value("45") == "45"
    assert redact_candidate_value(45.0) == 45.0
    hidden = redact_candidate_value("Dorpsstraat 12")
    assert isinstance(hidden, Msg) and hidden.code == "val.hidden_personal"
    assert hidden.text("nl") == "(niet getoond: lijkt op een straat met huisnummer)"
    other = redact_candidate_value("veel")
    assert isinstance(other, Msg) and other.code == "val.hidden_candidate"


def test_the_guard_checks_a_dataframe_too():
    """Personal data in a DataFrame is refused like in a file, values never shown."""
    frame = pd.DataFrame({"kandidaat_id": ["K1", "K2"], "naam": ["Jan", "Piet"],
                          "uren_per_week_max": ["jan@school.nl", "20"]})
    with pytest.raises(InputError) as info:
        load_candidates(frame)
    codes = {(p.column, p.code) for p in info.value.problems}
    assert ("naam", "val.personal_column") in codes
    assert ("uren_per_week_max", "val.personal_values") in codes
    assert all("jan@school.nl" not in p.text("nl") and "Jan" not in p.text("nl")
               for p in info.value.problems)
    tasks = pd.DataFrame({"task_id": ["T1"], "description": ["a"], "area": ["klas"],
                          "hours_per_week": [2], "level": [1], "bsn": ["111222333"]})
    with pytest.raises(InputError) as info:
        load_tasks(tasks)
    assert [(p.column, p.code) for p in info.value.problems] == [("bsn", "val.personal_column")]


def test_a_memo_works_each_value_out_once():
    memo = PersonalMemo()
    assert memo.kind("jan@school.nl") == "email" and memo.kind("jan@school.nl") == "email"
    assert memo.kind(["unhashable"]) is None
    assert redact_candidate_value("Dorpsstraat 12", memo) == redact_candidate_value(
        "Dorpsstraat 12")


# ------------------------------------------------ the hostile corpus (issue 19)

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"

#: Each file of tests/data/hostile: the code of what it holds, and the values that must be
#: refused (one a row after a first, clean row). ``name_id.csv`` holds names as ids.
CORPUS: dict[str, tuple[str, list[str]]] = {
    "phone.csv": ("pd.many.phone", [
        "+31 (0)6 1234 5678", "(06) 12 34 56 78", "06.12.34.56.78", "vast: (030) 123 45 67",
        "mobiel +32 470 12 34 56"]),
    "bsn.csv": ("pd.many.bsn", [
        "BSN: 111-222-333", "dossiernr 111.222.333 (gemeente)", "123 456 782",
        "bsn 9999-99-990"]),
    "iban.csv": ("pd.many.iban", [
        "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "rekening BE68 5390 0754 7034",
        "DE89 3704 0044 0532 0130 00"]),
    "email.csv": ("pd.many.email", [
        "naam [at] provider.nl", "naam(at)provider(dot)nl", "naam at provider dot nl",
        "naam＠provider.nl", "mail voornaam (apenstaartje) voorbeeld (punt) nl"]),
    "birth_date.csv": ("pd.many.date", [
        "12031998", "geb. 12 mrt. '98", "geboren 12 maart 1998", "geboortedatum: 3-7-'01"]),
    "address.csv": ("pd.many.address", [
        "Burg. de Withstr. 4a", "Kon. Julianalaan 12", "Pr. Hendrikkade 3-II",
        "woont Wilhelminapark 7"]),
    "name_id.csv": ("val.id_name", [
        "Jan de Vries", "J.P. de Vries-Bakker", "Fatima El Amrani"]),
}
#: The kind :func:`candidate_id_kind` gives each file's values.
KINDS = {"pd.many.phone": "phone", "pd.many.bsn": "bsn", "pd.many.iban": "iban",
         "pd.many.email": "email", "pd.many.date": "date", "pd.many.address": "address",
         "val.id_name": "name"}


def _all_text(error: InputError) -> str:
    """Everything a user can see of an error, in both languages."""
    parts = [str(error)]
    for lang in ("en", "nl"):
        parts += [error.message(lang), error.to_frame(lang).to_csv()]
        parts += [repr(p) for p in error.problems]
    return "\n".join(parts)


def _personal_problems(error: InputError) -> list[Problem]:
    return [p for p in error.problems if p.code in ("val.personal_values", "val.id_name")]


def test_the_hostile_corpus_is_complete():
    """Every file is listed; every listed value is in its file, one a row after row 2."""
    files = {p.name for p in HOSTILE.glob("*.csv")} - {"clean.csv"}
    assert files == set(CORPUS)
    for name, (_, values) in CORPUS.items():
        rows = (HOSTILE / name).read_text(encoding="utf-8").splitlines()[2:]
        assert len(rows) == len(values), name
        for row, value in zip(rows, values, strict=True):
            assert value in row.split(";"), (name, value)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_hostile_file_is_refused_without_its_values(name):
    """Each file of the corpus is refused by the public loader with its own rule, naming
    the rows and columns, and no value (nor its digits) appears anywhere in the error."""
    code, values = CORPUS[name]
    with pytest.raises(InputError) as info:
        load_candidates(HOSTILE / name)
    error = info.value
    personal = _personal_problems(error)
    assert personal, error.problems
    for problem in personal:
        params = dict(problem.params)
        what = params["many"].code if "many" in params else problem.code
        assert what == code, problem  # the right rule, and no other kind of value
        assert problem.row is None and problem.value == ""
    rows = sorted(int(r) for p in personal for r in dict(p.params)["rows"].split(", "))
    assert rows == list(range(3, 3 + len(values)))  # row 2 is clean
    if code != "val.id_name":  # found in every column: free text, numbers, vocabulary
        assert {p.column for p in personal} == {"opmerking", "max_uren", "opleiding"}
    text = _all_text(error)
    for value in values:
        assert value not in text, value
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 6:
            assert digits not in re.sub(r"\D", "", text.replace(name, "")), value
        for word in re.findall(r"[^\W\d_]{4,}", value):
            if word.lower() not in {"mobiel", "vast", "rekening", "mail", "woont", "geboren",
                                    "geboortedatum", "dossiernr", "gemeente", "punt",
                                    "apenstaartje"}:  # the words around the values
                assert word not in text, (value, word)


@pytest.mark.parametrize(("code", "value"), [(code, value) for code, values in CORPUS.values()
                                             for value in values])
def test_each_hostile_value_alone_is_refused(code, value):
    """Each value on its own is recognised, and refused in a DataFrame as in a file."""
    assert candidate_id_kind(value) == KINDS[code]
    if code == "val.id_name":
        frame = pd.DataFrame({"candidate_id": ["K1", value], "pc4": ["3811", "3812"]})
    else:
        frame = pd.DataFrame({"candidate_id": ["K1", "K2"], "opmerking": ["", value]})
    with pytest.raises(InputError) as info:
        load_candidates(frame)
    (problem,) = _personal_problems(info.value)
    assert dict(problem.params)["rows"] == "3"
    assert value not in _all_text(info.value)


@pytest.mark.parametrize("value", [
    "25,5", "3811", "08:30-12:00", "K-0042", "20-25", "score 7,5", "kand_17", "WSP2024-0012",
    "c3f9a1", "A12", "12-16", "ma-vr", "mbo-2", "1.234.567", "12 16 20 24 32",
    "liefst 08.30-12.00 en 13.00-16.30", "52.0974517313", "5,12345678901", "0.612345678",
    "52,080000000", "31 23 39 10 9 18", "20240012", "K20240115", "NL12 3456",
    "praat graag, dat gaat goed", "werkt at home", "kijkt naar de straat", "Kerkstraat",
    "weg 2 keer per week", "3 jaar ervaring, 2 dagen", "werkt bij de Julianalaan-school",
    "bus 2 keer per uur", "postcode 3816", "v1.2.3", "12 mrt", dt.time(8, 30), 25.5,
])
def test_ordinary_values_are_not_personal(value):
    """Values that candidate files hold on purpose (hours, pc4, times, ranges, scores,
    coordinates, codes) do not trigger any check."""
    assert personal_value_kind(value) is None


@pytest.mark.parametrize(("value", "name"), [
    ("Jan de Vries", True), ("J.P. de Vries-Bakker", True), ("Fatima El Amrani", True),
    ("jan jansen", True), ("J. Jansen", True), ("J.Jansen", True), ("Dhr. Jansen", True),
    ("Jan_de_Vries", True), ("jan.van.dijk", True), ("deVries", True), ("vanDijk", True),
    ("Jan de Vries 2", True),
    ("K-0042", False), ("kand_17", False), ("WSP2024-0012", False), ("c3f9a1", False),
    ("A12", False), ("K0001", False), ("K 0042", False), ("kand-de-3", False),
    ("team_a", False), ("A.Bc1", False), (42, False),
])
def test_looks_like_a_name(value, name):
    """Candidate ids must be codes: names in several notations are caught, codes pass."""
    assert looks_like_a_name(value) is name


def test_names_as_ids_are_hidden_in_other_problems_too():
    """A name used twice as an id: refused as a name, and the duplicate is reported on
    its rows with the marker 'looks like a name', never the name."""
    frame = pd.DataFrame({"candidate_id": ["Jan de Vries", "Jan de Vries", "K3"]})
    with pytest.raises(InputError) as info:
        load_candidates(frame)
    codes = [(p.code, p.row) for p in info.value.problems]
    assert codes == [("val.id_name", None), ("val.unique", 2), ("val.unique", 3)]
    assert info.value.problems[1].value_text("nl") == "(niet getoond: lijkt op een naam)"
    assert "Vries" not in _all_text(info.value)
    name_problem = info.value.problems[0]
    assert "pseudonym" in name_problem.message("en") and "K0042" in name_problem.message("en")
    assert "pseudoniem" in name_problem.message("nl")
    assert redact_candidate_id("Jan de Vries").code == "val.hidden_personal"
    assert redact_candidate_id("45") == "45"


def test_clean_lookalikes_load():
    """tests/data/hostile/clean.csv holds realistic values close to the rules (hours with a
    decimal comma, ranges, times, scores, codes as ids): it loads, with only the warning
    about its unused comment column."""
    pool = load_candidates(HOSTILE / "clean.csv")
    assert len(pool) == 7
    assert [w.message.code for w in pool.warnings] == ["val.warn_unused_column"]


@pytest.mark.parametrize("demo", ["vo", "po"])
def test_the_demo_candidates_still_load(demo):
    """The shipped demo pool passes every check, and so do larger generated pools."""
    pool = load_candidates(demo_files(demo).candidates)
    assert len(pool) > 100
    generated = generate_candidates(1500, seed=7, nationwide=True)
    assert len(load_candidates(generated)) == 1500


def test_rows_in_a_column_problem_are_cut_after_eight():
    frame = pd.DataFrame({"candidate_id": [f"K{i}" for i in range(12)],
                          "opmerking": ["06-12345678"] * 12})
    with pytest.raises(InputError) as info:
        load_candidates(frame)
    (problem,) = info.value.problems
    assert dict(problem.params)["rows"] == "2, 3, 4, 5, 6, 7, 8, 9, ..."
    assert dict(problem.params)["count"] == 12
