"""Tests for matcher.text.format: the only Dutch number, hour, day and time formatting."""

from __future__ import annotations

import pytest

from matcher.text.format import format_days, format_time, hours_text, nl_format, nl_number

MON_FRI = (0, 1, 2, 3, 4)


@pytest.mark.parametrize(
    ("value", "kwargs", "text"),
    [
        (7.735, {"digits": 2}, "7,74"),  # decimal comma, rounded
        (2.0, {}, "2,0"),  # one decimal by default
        (2.5, {"digits": 2, "strip": True}, "2,5"),  # strip trailing zeros
        (3.0, {"digits": 2, "strip": True}, "3"),  # and a bare comma
        (30.0, {"digits": 0, "strip": True}, "30"),  # no decimals: nothing to strip
        (12345.6, {"thousands": True}, "12.345,6"),  # thousands with a point
        (1234567.0, {"digits": 0, "thousands": True}, "1.234.567"),
        (999.0, {"digits": 1, "thousands": True}, "999,0"),
        (-1.25, {"digits": 1}, "-1,2"),  # negative (round half to even)
    ],
)
def test_nl_number(value, kwargs, text):
    assert nl_number(value, **kwargs) == text


@pytest.mark.parametrize(("value", "text"), [(2.0, "2"), (2.5, "2,5"), (25.5, "25,5"),
                                             (0.25, "0,2"), (10.04, "10")])
def test_hours_text(value, text):
    """Hours: one decimal, none for a whole number."""
    assert hours_text(value) == text


@pytest.mark.parametrize(("value", "spec", "text"), [
    (250_000, ",", "250.000"), (2.5, ".2f", "2,50"), (7, "", "7"), (1234.5, ",.1f", "1.234,5"),
    (0.5, ".0%", "50%"),
])
def test_nl_format(value, spec, text):
    """A format spec written the Dutch way: the catalogue's numbers in Dutch messages."""
    assert nl_format(value, spec) == text


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (MON_FRI, "ma-vr"),  # three or more consecutive days become a range
        ((0, 2, 4), "ma,wo,vr"),  # gaps stay a list
        ((0, 1), "ma,di"),  # two consecutive days stay a list
        ((0, 1, 2, 4), "ma-wo,vr"),  # range then single day
        ((4, 0, 1, 2), "ma-wo,vr"),  # input order does not matter
        ((), ""),  # no days
    ],
)
def test_format_days(days, text):
    """Days are written the Dutch way, with ranges for runs of three or more."""
    assert format_days(days) == text


@pytest.mark.parametrize(("minutes", "text"), [(0, "00:00"), (510, "08:30"), (1439, "23:59")])
def test_format_time(minutes, text):
    """Minutes after midnight format as zero-padded HH:MM."""
    assert format_time(minutes) == text


def test_format_moment_is_dutch() -> None:
    import datetime as dt

    from matcher.text.format import format_moment

    today = dt.date(2026, 12, 4)
    assert format_moment(dt.datetime(2026, 12, 4, 14, 5), today) == "vandaag 14:05"
    assert format_moment(dt.datetime(2026, 12, 3, 9, 30), today) == "gisteren 09:30"
    assert format_moment(dt.datetime(2026, 3, 1, 8, 0), today) == "1 maart 2026, 08:00"
