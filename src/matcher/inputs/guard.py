"""The personal-data guard: candidate data must be pseudonymous.

Headers that name personal data (a name, a BSN, an e-mail address, a phone number, an
address, a birth date) are refused in every kind of file (sites may have a name and an
address: they are schools); in a candidates file every value is scanned as well: e-mail
addresses, dates, Dutch phone numbers, numbers that pass the BSN 11-check, full postcodes
and street addresses. Problems name the column and a count, never the values; a value of a
candidates file appears in a message only when it is a short number
(:func:`redact_candidate_value`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from matcher.errors import ProblemList
from matcher.inputs.cells import FULL_POSTCODE, cell_text, is_blank
from matcher.inputs.read import RawTable
from matcher.inputs.schema import normalise_key
from matcher.text.catalogue import Msg, msg

__all__ = [
    "PersonalMemo",
    "hide_personal_headers",
    "personal_header_kind",
    "personal_value_kind",
    "redact_candidate_value",
    "scan_personal_values",
]

# Header keys (after normalise_key) that reveal personal data, and the message code of
# what they are.
_NAME, _BSN, _EMAIL_ADDRESS, _PHONE_NUMBER = "pd.name", "pd.bsn", "pd.email", "pd.phone"
_AN_ADDRESS, _BIRTH_DATE = "pd.address", "pd.birth_date"
_PERSONAL_EXACT: dict[str, str] = {
    **dict.fromkeys(("naam", "name", "voornaam", "achternaam", "voorletters", "tussenvoegsel",
                     "first_name", "firstname", "last_name", "lastname", "surname",
                     "full_name", "volledige_naam", "roepnaam"), _NAME),
    **dict.fromkeys(("bsn", "burgerservicenummer", "sofinummer", "ssn"), _BSN),
    **dict.fromkeys(("email", "e_mail", "mail", "emailadres", "e_mailadres"), _EMAIL_ADDRESS),
    **dict.fromkeys(("telefoon", "telefoonnummer", "tel", "phone", "mobiel", "mobile", "gsm",
                     "phone_number"), _PHONE_NUMBER),
    **dict.fromkeys(("adres", "address", "straat", "straatnaam", "street", "huisnummer",
                     "house_number", "woonadres"), _AN_ADDRESS),
    **dict.fromkeys(("postcode_6", "pc6"), "pd.full_postcode"),
    **dict.fromkeys(("geboortedatum", "birth_date", "date_of_birth", "birthdate", "dob",
                     "geb_datum"), _BIRTH_DATE),
}
_PERSONAL_TOKENS: dict[str, str] = {
    "bsn": _BSN, "email": _EMAIL_ADDRESS, "telefoon": _PHONE_NUMBER,
    "telefoonnummer": _PHONE_NUMBER, "geboortedatum": _BIRTH_DATE,
    "burgerservicenummer": _BSN, "huisnummer": _AN_ADDRESS, "straat": _AN_ADDRESS,
}
# In candidate files, a header with any of these words is refused ("Naam kandidaat").
_PERSONAL_CANDIDATE_TOKENS: dict[str, str] = {
    **dict.fromkeys(("naam", "name", "voornaam", "achternaam"), _NAME),
    "mail": _EMAIL_ADDRESS,
    **dict.fromkeys(("adres", "address", "street"), _AN_ADDRESS),
    **dict.fromkeys(("phone", "mobiel", "mobile", "tel"), _PHONE_NUMBER),
}
# Columns that are legitimately named like personal data in a given kind of file.
_ALLOWED_BY_KIND: dict[str, frozenset[str]] = {
    "sites": frozenset({"naam", "name", "adres", "address", "straat", "straatnaam", "street",
                        "huisnummer", "house_number", "telefoon", "phone", "email", "mail"}),
    "tasks": frozenset(),
    "candidates": frozenset(),
}

# Every pattern below runs in linear time on a 10,000-character cell: repeats are bounded,
# so no text makes the search backtrack over the whole cell from every position.
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,253}\.[a-z]{2,24}", re.IGNORECASE)
# A Dutch phone number, alone or inside text: 0, +31 or 0031, then nine digits.
_PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]{0,3}[1-9](?:[\s-]{0,3}\d){8}(?!\d)")
# A full postcode (with letters, maybe a house number) as the whole cell (FULL_POSTCODE),
# or inside text in capitals (so that "2024 en" in a sentence is not one).
_POSTCODE_IN_TEXT = re.compile(r"(?<!\w)[1-9]\d{3}\s?[A-Z]{2}(?!\w)")
# Dates: 12-03-1998, 12/3/98, 12.03.1998 (day-month or month-day), 1998-03-12, 12 maart 1998.
_NOT_IN_NUMBER = (r"(?<![\d.,:/-])", r"(?![\d,:/-]|\.\d)")
_DATE_DMY = re.compile(r"{}(\d{{1,2}})([-/.])(\d{{1,2}})\2(\d{{4}}|\d{{2}})(?!\d){}"
                       .format(*_NOT_IN_NUMBER))
_DATE_YMD = re.compile(r"{}((?:19|20)\d{{2}})([-/.])(\d{{1,2}})\2(\d{{1,2}})(?!\d){}"
                       .format(*_NOT_IN_NUMBER))
_DATE_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s{0,3}(?:jan|feb|mrt|maa|mar|apr|mei|may|jun|jul|"
                         r"aug|sep|okt|oct|nov|dec)[a-z]{0,7}\.?\s{0,3}(?:19|20)\d{2}(?!\d)",
                         re.IGNORECASE)
# A street and house number: a word ending in a Dutch street suffix, then a number.
_STREET_SUFFIXES = ("straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "pad",
                    "hof", "steeg", "dreef", "plantsoen", "markt")
_ADDRESS = re.compile(r"(?<!\w)[^\W\d_][\w'.-]{0,40}(?:" + "|".join(_STREET_SUFFIXES)
                      + r")\s{1,3}\d{1,5}(?:\s?[a-z]{1,2})?(?!\w)", re.IGNORECASE)
# Nine digits alone, or in groups (111.222.333, 111 22 333), but not the decimals of a
# number such as a coordinate (52.1000002 or 5.100000009).
_NINE_DIGITS = re.compile(r"(?<![\d.,])\d{9}(?!\d|[.,]\d)")
_BSN_GROUPED = re.compile(r"^\d{1,4}(?:[\s.-]+\d{1,4}){2,3}$")

#: What a value that looks like personal data is: the message codes for one (a hidden
#: value) and for many (a column count).
_PERSONAL_VALUES: dict[str, tuple[str, str]] = {
    "email": ("pd.email", "pd.many.email"),
    "date": ("pd.date", "pd.many.date"),
    "phone": ("pd.phone", "pd.many.phone"),
    "bsn": ("pd.bsn", "pd.many.bsn"),
    "postcode": ("pd.full_postcode", "pd.many.postcode"),
    "address": ("pd.street_address", "pd.many.address"),
}


def _is_date(text: str) -> bool:
    for match in _DATE_DMY.finditer(text):
        a, b, year = int(match.group(1)), int(match.group(3)), match.group(4)
        if 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12 and \
                (len(year) == 2 or 1900 <= int(year) <= 2099):
            return True
    for match in _DATE_YMD.finditer(text):
        if 1 <= int(match.group(3)) <= 12 and 1 <= int(match.group(4)) <= 31:
            return True
    return bool(_DATE_WORDS.search(text))


def personal_value_kind(value: Any) -> str | None:
    """Which kind of personal data a cell value looks like, or ``None``.

    Kinds (keys of the checks, in the order they are tried): ``email``, ``date`` (a date
    in any form, or an Excel date cell: a birth date?), ``phone`` (Dutch), ``bsn`` (nine
    digits passing the 11-check), ``postcode`` (a full postcode, with letters and maybe a
    house number) and ``address`` (a street name and a house number).

    >>> personal_value_kind("Dorpsstraat 12"), personal_value_kind("12/3/98")
    ('address', 'date')
    >>> personal_value_kind("mbo-2") is None
    True
    """
    if isinstance(value, dt.date):  # an Excel date cell (datetime is a date too)
        return "date"
    if is_blank(value) or isinstance(value, dt.time | dt.timedelta | bool):
        return None
    text = cell_text(value)
    if "@" in text and _EMAIL.search(text):
        return "email"
    if _is_date(text):
        return "date"
    if _PHONE.search(text):
        return "phone"
    grouped = _BSN_GROUPED.match(text) is not None
    if (grouped and _passes_bsn_check(re.sub(r"[\s.-]", "", text))) or any(
            _passes_bsn_check(m) for m in _NINE_DIGITS.findall(text)):
        return "bsn"
    if FULL_POSTCODE.match(text) or _POSTCODE_IN_TEXT.search(text):
        return "postcode"
    lower = text.lower()
    if any(suffix in lower for suffix in _STREET_SUFFIXES) and _ADDRESS.search(text):
        return "address"
    return None


def personal_header_kind(header: str, kind: str) -> str | None:
    """The message code (``pd.*``) of the personal data a column header names, or ``None``.

    ``kind`` is the kind of file (``tasks``, ``sites``, ``candidates``): a sites file may
    have a name and an address; a candidates file refuses any header with a word such as
    ``naam``, ``adres`` or ``geboorte`` in it.

    >>> personal_header_kind("Geboortedatum", "tasks"), personal_header_kind("naam", "sites")
    ('pd.birth_date', None)
    """
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
            return _BIRTH_DATE
        # Dutch compounds: "woonadres", "kandidaatnaam", "geboortedag", "geboren".
        for token in tokens:
            if token.endswith("mailadres"):
                return _EMAIL_ADDRESS
            if token.endswith("adres"):
                return _AN_ADDRESS
            if token.endswith("naam"):
                return _NAME
            if token.startswith("geboorte") or token in {"geboren", "geb"}:
                return _BIRTH_DATE
    return None


def _passes_bsn_check(digits: str) -> bool:
    """The BSN 11-check ("elfproef") on a 9-digit string."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


class PersonalMemo:
    """What each value of one table looks like (:func:`personal_value_kind`), worked out
    once: the scan of a candidates file and the redaction of values in its problems share
    it. Make one per load and drop it after: personal data is never kept beyond that."""

    def __init__(self) -> None:
        self._seen: dict[tuple[type, Any], str | None] = {}

    def kind(self, value: Any) -> str | None:
        """:func:`personal_value_kind` of ``value``, computed once per value."""
        key = (type(value), value)
        try:
            return self._seen[key]
        except KeyError:
            what = self._seen[key] = personal_value_kind(value)
            return what
        except TypeError:  # an unhashable cell
            return personal_value_kind(value)


def scan_personal_values(table: RawTable, kind: str, mapping: dict[str, int],
                         problems: ProblemList, memo: PersonalMemo | None = None) -> None:
    """Refuse personal data in the values of a candidates file, in every column.

    E-mail addresses, dates (birth dates), phone numbers, BSNs (the 11-check), full
    postcodes and street addresses; cells beyond the last header are scanned too. The
    message names the column and the count, never the values. Full postcodes in the
    ``pc4`` column are reported on their row instead (by
    :func:`matcher.inputs.cells.parse_pc4`). ``memo`` keeps what each value looks like
    for the rest of the load (a new one when not given).
    """
    if kind != "candidates":
        return
    memo = memo if memo is not None else PersonalMemo()
    counts: dict[int, Counter[str]] = {}
    for row in table.rows:
        for col, cell in enumerate(row):
            what = memo.kind(cell)
            if what is not None:
                counts.setdefault(col, Counter())[what] += 1
    pc4 = mapping.get("pc4")
    for col in sorted(counts):
        header = table.headers[col] if col < len(table.headers) and table.headers[col] \
            else f"#{col + 1}"
        for what, (_, many) in _PERSONAL_VALUES.items():
            count = counts[col][what]
            if count and not (what == "postcode" and col == pc4):
                problems.report(table.name, None, header, "val.personal_values",
                                count=count, many=msg(many))


def hide_personal_headers(table: RawTable, problems: ProblemList) -> None:
    """In a candidates file, a header that looks like personal data (the header row is
    missing, so the first profile became the header) is replaced by ``#n``."""
    for index, header in enumerate(table.headers):
        what = personal_value_kind(header)
        if what is not None:
            table.headers[index] = f"#{index + 1}"
            problems.report(table.name, 1, f"#{index + 1}", "val.personal_header_value",
                            what=msg(_PERSONAL_VALUES[what][0]))


#: A value from a candidates file is shown in a message only when it is a short number
#: (or a short range of numbers) that does not look like personal data.
_SHOWABLE = re.compile(r"^[\d\s.,:+\-<>/()]{1,20}$")
_MAX_SHOWN_DIGITS = 6


def redact_candidate_value(value: Any, memo: PersonalMemo | None = None) -> Any:
    """A candidate-file value as it may appear in a message: the value, or a marker.

    Values that look like personal data (:func:`personal_value_kind`) are hidden behind
    the marker ``val.hidden_personal`` (a :class:`~matcher.text.catalogue.Msg` saying what
    they look like); other values are shown only when they are short numbers (like ``45``
    in an hours column), because any text in a profile could be a name: the rest become
    ``val.hidden_candidate``. :meth:`matcher.errors.Problem.of` keeps a marker as the
    problem's ``hidden`` value, shown in the reader's language. ``memo`` is the load's
    :class:`PersonalMemo`, if any.
    """
    what = memo.kind(value) if memo is not None else personal_value_kind(value)
    if what is not None:
        return msg("val.hidden_personal", what=msg(_PERSONAL_VALUES[what][0]))
    text = cell_text(value)
    if _SHOWABLE.match(text) and sum(c.isdigit() for c in text) <= _MAX_SHOWN_DIGITS:
        return value
    return _HIDDEN_CANDIDATE


_HIDDEN_CANDIDATE: Msg = msg("val.hidden_candidate")
