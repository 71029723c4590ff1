"""Tests for matcher.inputs.guard: the personal-data guard, on headers and values."""

from __future__ import annotations

import pandas as pd
import pytest

from matcher.errors import InputError
from matcher.inputs.guard import (
    PersonalMemo,
    personal_header_kind,
    personal_value_kind,
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
