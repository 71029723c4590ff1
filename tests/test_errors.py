"""Tests for matcher.errors: coded problems, the errors that list them, ScheduleError."""

from __future__ import annotations

import pytest

from matcher.errors import (
    InputError,
    MatcherError,
    ParamError,
    Problem,
    ProblemList,
    ScheduleError,
)
from matcher.text.catalogue import msg


def test_a_problem_list_reports_coded_problems():
    problems = ProblemList()
    problems.report("t.csv", 2, "uren", "cell", "x", column="hours_per_week",
                    rule=msg("cell.number"))
    (problem,) = problems
    assert problem.code == "cell" and problem.message("nl") == "moet een getal zijn."
    assert list(problems.to_frame("nl")["probleem"]) == ["moet een getal zijn."]


def test_a_long_value_is_shortened():
    problem = Problem.of("t.csv", 2, "c", "cell.number", "x" * 500)
    assert len(problem.value) == 60 and problem.value.endswith("...")


def test_param_error_names_the_field_and_the_rule():
    error = ParamError.of("CarveParams", [("min_hours", "num.positive", -1, {}),
                                          ("max_hours", "num.nonnegative", "x", {})])
    assert isinstance(error, MatcherError) and isinstance(error, ValueError)
    assert error.fields == ("min_hours", "max_hours")
    assert error.problems[0].file == "CarveParams"
    assert error.message("nl").startswith("2 instellingen voldoen niet aan de regels:")
    assert "veld 'min_hours': moet groter dan 0 zijn. Waarde '-1'." in error.message("nl")
    assert isinstance(error, InputError)  # every handler of bad input handles bad settings


def test_input_error_lists_every_problem():
    error = InputError([Problem.of("t.csv", None, "", "io.empty")])
    assert str(error) == ("1 problem found in the input:\n"
                          "  - t.csv: the file is empty: it has no header row.")
    assert error.message("nl").endswith("het bestand is leeg: er is geen kopregel.")


def test_schedule_error_with_a_message_reads_in_both_languages():
    error = ScheduleError("no_room", msg("lock.empty"), ["T1"])
    assert str(error) == "bevat geen taken." and error.text("en") == "holds no tasks."
    assert error.reason == msg("lock.empty") and error.tasks == ("T1",)
    plain = ScheduleError("overlap", "T1 en T2 overlappen op ma", ["T1", "T2"])
    assert plain.text("en") == str(plain) == "T1 en T2 overlappen op ma"
    with pytest.raises(ValueError):
        raise plain
