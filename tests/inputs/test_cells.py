"""Tests for the cell parsers in matcher.inputs.cells (numbers, days, times, levels, areas)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

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
from matcher.text.format import format_days

MON_FRI = (0, 1, 2, 3, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,5", 2.5),  # Dutch decimal comma
        ("2.5", 2.5),  # decimal point
        (" 3 ", 3.0),  # surrounding spaces
        ("1.234,5", 1234.5),  # Dutch thousands point + decimal comma
        ("1,234.5", 1234.5),  # English thousands comma + decimal point
        ("1.234.567", 1234567.0),  # several thousands groups
        ("1 234,5", 1234.5),  # space as thousands separator
        ("1\u00a0234,5", 1234.5),  # non-breaking space as Excel writes it
        ("-1,5", -1.5),  # sign with decimal comma
        (",5", 0.5),  # no leading zero
        ("12,50", 12.5),  # two decimals are never thousands
        (7, 7.0),  # Excel-native int
        (2.25, 2.25),  # Excel-native float
    ],
)
def test_parse_number(text, expected):
    """Numbers with decimal comma or point, with or without thousands separators, parse."""
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("abc", "must be a number"),  # words
        ("nan", "must be a number"),  # NaN spelled out must not sneak in
        ("inf", "must be a number"),  # infinity spelled out
        ("1e3", "must be a number"),  # scientific notation is not a spreadsheet number
        ("", "must be a number"),  # empty text
        ("2,5 uur", "must be a number"),  # a unit glued to the number
        ("1,2.3", "must be a number"),  # both separators but no thousands group
        ("1.23.456", "must be a number"),  # a repeated separator with a short group
        (float("nan"), "finite"),  # Excel-native NaN
        (float("inf"), "finite"),  # Excel-native infinity
        (True, "must be a number"),  # a boolean is not a number
    ],
)
def test_parse_number_rejects(text, rule):
    """Text that is not a finite number raises CellError with the rule."""
    with pytest.raises(CellError, match=rule):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0,125", 0.125),  # 0 cannot be a thousands group
        ("0.125", 0.125),  # idem with a decimal point
        ("52.156", 52.156),  # a latitude with three decimals
        ("5,387", 5.387),  # a longitude with three decimals, decimal comma
    ],
)
def test_parse_number_single_separator_is_decimal(text, expected):
    """A lone comma or point with three digits after it is a decimal, not thousands."""
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ma-vr", MON_FRI),  # Dutch range
        ("Ma-Vr", MON_FRI),  # case does not matter
        ("ma - vr", MON_FRI),  # spaces around the dash
        ("ma t/m vr", MON_FRI),  # "tot en met"
        ("ma tm vr", MON_FRI),  # "tot en met" without slash
        ("di, do", (1, 3)),  # list with a space
        ("ma,wo,vr", (0, 2, 4)),  # list without spaces
        ("ma;wo", (0, 2)),  # semicolon list
        ("maandag en donderdag", (0, 3)),  # long names joined by "en"
        ("mon-fri", MON_FRI),  # English range
        ("Tuesday", (1,)),  # English long name
        ("dagelijks", MON_FRI),  # every school day
        ("daily", MON_FRI),  # English every day
        ("ma,ma", (0,)),  # duplicates collapse
        ("vr,ma", (0, 4)),  # result is sorted
        ("ma-wo,vr", (0, 1, 2, 4)),  # range and list combined
        pytest.param("ma t/m do", (0, 1, 2, 3)),  # t/m range not ending on vr
        pytest.param("di t/m vr", (1, 2, 3, 4)),  # t/m range not starting on ma
        pytest.param("ma tot en met wo", (0, 1, 2)),  # spelled out
    ],
)
def test_parse_days(text, expected):
    """Dutch and English day texts parse to sorted day numbers (Monday = 0)."""
    assert parse_days(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "xx",  # not a day
        "vr-ma",  # reversed range
        "ma-xx",  # range to a non-day
        "",  # nothing
        ",",  # only a separator
        "maandag dinsdag x",  # one bad token among good ones
    ],
)
def test_parse_days_rejects(text):
    """Text that is not a set of days raises CellError naming the accepted forms."""
    with pytest.raises(CellError, match="ma,wo,vr"):
        parse_days(text)


@pytest.mark.parametrize(
    "days",
    [days for n in range(1, 8) for days in itertools.combinations(range(7), n)],
)
def test_format_days_round_trip(days):
    """format_days then parse_days returns the same days, for every non-empty subset."""
    assert parse_days(format_days(days)) == days


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("08:30", 510),  # HH:MM
        ("8.30", 510),  # Dutch dot
        ("8u30", 510),  # Dutch "u"
        ("8h30", 510),  # "h"
        ("0830", 510),  # four digits
        ("830", 510),  # three digits
        ("8", 480),  # hour only
        ("8 uur", 480),  # hour with "uur"
        ("08:30:00", 510),  # seconds from some exports
        ("24:00", 1440),  # end of day
        (0.5, 720),  # Excel fraction of a day: noon
        (0.0, 0),  # Excel midnight
        (dt.time(8, 30), 510),  # openpyxl time cell
        (dt.datetime(2024, 1, 1, 13, 15), 795),  # openpyxl datetime cell
    ],
)
def test_parse_time(value, minutes):
    """Times in Dutch spreadsheet spellings and Excel values parse to minutes after midnight."""
    assert parse_time(value) == minutes


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("25:00", "between 00:00 and 24:00"),  # hour out of range
        ("8:75", "between 00:00 and 24:00"),  # minutes out of range
        ("24:30", "between 00:00 and 24:00"),  # past the end of the day
        ("half negen", "HH:MM"),  # words
        ("8:3", "HH:MM"),  # one minute digit
        (1.0, "HH:MM"),  # a float of a whole day is not a time
    ],
)
def test_parse_time_rejects(value, rule):
    """Impossible or unreadable times raise CellError with the rule."""
    with pytest.raises(CellError, match=rule):
        parse_time(value)


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (1, 1),  # lowest
        ("4", 4),  # highest, as text
        (2.0, 2),  # Excel float
        ("3,0", 3),  # whole number with decimal comma
        ("elementair", 1),  # Dutch name of 1
        ("Eenvoudig", 2),  # Dutch name of 2, capitalised
        ("mbo-2", 3),  # Dutch name of 3
        ("MBO 2", 3),  # spacing and case
        ("mbo-3", 4),  # Dutch name of 4
        ("mbo-3 of hoger", 4),  # full Dutch name of 4
        ("advanced", 4),  # English name
    ],
)
def test_parse_level(value, level):
    """Levels 1-4 parse from numbers and Dutch or English names."""
    assert parse_level(value) == level


@pytest.mark.parametrize(
    "value",
    [
        5,  # above the scale
        "0",  # below the scale
        "1,5",  # not whole
        "mbo-4",  # not a level name
        "hoog",  # scale word meant for 0-2 fields
    ],
)
def test_parse_level_rejects(value):
    """Values outside 1-4 or unknown names raise CellError listing the names."""
    with pytest.raises(CellError, match=r"1-4 .*elementair, eenvoudig, mbo-2, mbo-3"):
        parse_level(value)


@pytest.mark.parametrize(
    ("value", "area"),
    [
        ("Conciërge", "concierge"),  # Dutch with accent, capitalised
        ("CONCIERGE", "concierge"),  # upper case without accent
        ("receptie", "concierge"),  # alias
        ("KLAS", "classroom"),  # upper case Dutch
        ("onderwijsassistentie", "classroom"),  # long Dutch alias
        ("administratie", "administration"),  # Dutch
        ("admin", "administration"),  # short alias
        ("facilitair", "facilities"),  # Dutch
        ("Facilitaire dienst", "facilities"),  # two words
    ],
)
def test_parse_area(value, area):
    """Areas in Dutch or English, any case, with or without accents map to the canonical name."""
    assert parse_area(value) == area


@pytest.mark.parametrize("value", ["tuin", "", "klas 2"])  # unknown, empty, extra word
def test_parse_area_rejects(value):
    """An unknown area raises CellError that lists the four areas."""
    with pytest.raises(CellError, match="concierge, classroom, administration, facilities"):
        parse_area(value)


@pytest.mark.parametrize(
    ("value", "areas"),
    [
        ("facilitair,conciërge", ("concierge", "facilities")),  # comma list, sorted
        ("klas; admin", ("administration", "classroom")),  # semicolon
        ("klas en facilitair", ("classroom", "facilities")),  # Dutch "en"
        ("klas/klas", ("classroom",)),  # duplicates collapse
    ],
)
def test_parse_areas(value, areas):
    """Lists of areas parse to a sorted tuple of unique canonical names."""
    assert parse_areas(value) == areas


@pytest.mark.parametrize(
    ("value", "education"),
    [
        ("MBO-1", "mbo-1"),  # upper case
        ("mbo 2", "mbo-2"),  # space instead of dash
        ("Entree", "entree"),  # capitalised
        ("praktijkonderwijs", "pro"),  # long form
        ("none", "geen"),  # English
        ("unknown", "onbekend"),  # English unknown
        ("hbo", "hbo"),  # unchanged
    ],
)
def test_parse_education(value, education):
    """Education values parse to their canonical Dutch spelling."""
    assert parse_education(value) == education


@pytest.mark.parametrize("value", ["master", "mbo-5", ""])  # unknown, out of range, empty
def test_parse_education_rejects(value):
    """Unknown education values raise CellError listing the accepted values."""
    with pytest.raises(CellError, match="geen, pro, vso"):
        parse_education(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ja", True),  # Dutch
        ("J", True),  # short Dutch, upper case
        ("yes", True),  # English
        ("TRUE", True),  # Excel boolean text
        ("1", True),  # number
        ("Nee", False),  # Dutch
        ("n", False),  # short
        ("false", False),  # English boolean
        ("0", False),  # number
    ],
)
def test_parse_yes_no(value, expected):
    """Yes/no parses in Dutch and English spellings."""
    assert parse_yes_no(value) is expected


@pytest.mark.parametrize("value", ["misschien", "", "2"])  # maybe, empty, other number
def test_parse_yes_no_rejects(value):
    """Anything but yes or no raises CellError."""
    with pytest.raises(CellError, match="yes or no"):
        parse_yes_no(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0),  # low
        ("2", 2),  # high
        ("hoog", 2),  # Dutch word
        ("midden", 1),  # Dutch word
        ("1,0", 1),  # whole number with decimal comma
    ],
)
def test_parse_scale(value, expected):
    """The 0-2 scale parses from numbers and Dutch/English words."""
    assert parse_scale(value) == expected


@pytest.mark.parametrize("value", ["3", "-1", "0,5", "veel"])  # high, negative, fraction, word
def test_parse_scale_rejects(value):
    """Values off the 0-2 scale raise CellError naming the range."""
    with pytest.raises(CellError, match="whole number from 0 to 2"):
        parse_scale(value)


@pytest.mark.parametrize(
    ("value", "blank", "unknown"),
    [
        (None, True, True),  # missing
        (float("nan"), True, True),  # pandas missing
        ("  ", True, True),  # only spaces
        ("onbekend", False, True),  # Dutch unknown
        ("?", False, True),  # question mark
        ("n.v.t.", False, True),  # not applicable
        ("ma", False, False),  # a real value
        (0, False, False),  # zero is a value
    ],
)
def test_blank_and_unknown(value, blank, unknown):
    """is_blank finds empty cells; is_unknown also finds words that mean unknown."""
    assert is_blank(value) is blank
    assert is_unknown(value) is unknown


@pytest.mark.parametrize(("value", "text"), [(3811, "3811"), (3811.0, "3811"), (" 3811 ", "3811"),
                                             (2.5, "2.5"), ("T1", "T1")])
def test_cell_text(value, text):
    """A cell as text: stripped, a whole float without its .0."""
    assert cell_text(value) == text


@pytest.mark.parametrize(("value", "code"), [("3811 AB", "cell.pc4_full"),
                                             ("3811ab 12", "cell.pc4_full"),
                                             ("0123", "cell.pc4"), ("381", "cell.pc4"),
                                             ("abcd", "cell.pc4")])
def test_parse_pc4_rejects(value, code):
    """Only the four digits of a postcode: a full postcode is too precise."""
    with pytest.raises(CellError) as info:
        parse_pc4(value)
    assert info.value.code == code


def test_parse_pc4():
    assert parse_pc4("3811") == parse_pc4(3811) == parse_pc4(3811.0) == "3811"
