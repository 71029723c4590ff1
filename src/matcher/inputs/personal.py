"""What personal data looks like inside one value: the detectors of the guard.

:func:`personal_value_kind` says whether a cell of a candidates file looks like an e-mail
address (also written around spam filters: ``naam [at] provider.nl``), an IBAN (with its
mod-97 check digits), a date (a birth date: ``12-03-1998``, ``12031998``, ``geb. 12 mrt.
'98``), a phone number (Dutch or foreign, found with the ``phonenumbers`` library), a BSN
(nine digits, maybe in groups, passing the 11-check), a full postcode or a street address
(``Burg. de Withstr. 4a``). :func:`looks_like_a_name` says whether a candidate id is a
person's name rather than a pseudonym (``Jan de Vries``, ``J.P. de Vries-Bakker``).
:mod:`matcher.inputs.guard` applies them to files and keeps the values out of messages.

Every text is normalised with Unicode NFKC first (a full-width ``＠`` is an ``@``, full-width
digits are digits), and every pattern runs in linear time on a 10,000-character cell:
repeats are bounded, so no text makes a search backtrack over the whole cell from every
position.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import phonenumbers

from matcher.inputs.cells import FULL_POSTCODE, cell_text, is_blank

__all__ = [
    "looks_like_a_name",
    "looks_like_names",
    "normalised_text",
    "passes_bsn_check",
    "passes_iban_check",
    "personal_value_kind",
    "personal_value_kinds",
]

# ---- e-mail addresses --------------------------------------------------------------------
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,253}\.[a-z]{2,24}", re.IGNORECASE)
# "[at]", "(at)", "{at}", "<at>", "(apenstaartje)" and "[dot]", "(punt)" around spam filters;
# an "@" with spaces around it.
_AT_BRACKETED = re.compile(r"\s{0,3}[\[({<]\s{0,3}(?:at|@|apenstaartje)\s{0,3}[\])}>]\s{0,3}",
                           re.IGNORECASE)
_DOT_BRACKETED = re.compile(r"\s{0,3}[\[({<]\s{0,3}(?:dot|punt)\s{0,3}[\])}>]\s{0,3}",
                            re.IGNORECASE)
_AT_SPACED = re.compile(r"\s{1,3}@\s{0,3}|@\s{1,3}")
# "naam at provider dot nl", "naam at provider.nl": the words "at" and "dot" (or "punt")
# count only when the address ends in a known top-level domain, so that it is clearly one.
_TLDS = ("nl", "be", "com", "net", "org", "eu", "de", "fr", "uk", "info", "nu", "edu", "io",
         "co", "biz", "me", "online")
_DOT_WORD = r"(?:\s{1,3}(?:dot|punt)\s{1,3}|\.)"
_EMAIL_WORDS = re.compile(
    r"(?<![\w.])[a-z0-9][\w.+-]{0,63}\s{1,3}at\s{1,3}[a-z0-9][\w-]{0,62}"
    rf"(?:{_DOT_WORD}[a-z0-9][\w-]{{0,62}}){{0,3}}{_DOT_WORD}(?:{'|'.join(_TLDS)})(?!\w)",
    re.IGNORECASE)

# ---- IBAN ------------------------------------------------------------------------------
#: The length of an IBAN in each country that has them (the ISO 13616 registry).
_IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MA": 28, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
    "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}
# The start of an IBAN: a country code and two check digits, not inside a word.
_IBAN_START = re.compile(r"(?<![a-z0-9])([a-z]{2})(\d{2})", re.IGNORECASE)
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

# ---- dates (birth dates) ---------------------------------------------------------------
# 12-03-1998, 12/3/98, 12.03.1998 (day-month or month-day), 1998-03-12, 12 maart 1998.
_NOT_IN_NUMBER = (r"(?<![\d.,:/-])", r"(?![\d,:/-]|\.\d)")
_DATE_DMY = re.compile(r"{}(\d{{1,2}})([-/.])(\d{{1,2}})\2(\d{{4}}|\d{{2}})(?!\d){}"
                       .format(*_NOT_IN_NUMBER))
_DATE_YMD = re.compile(r"{}((?:19|20)\d{{2}})([-/.])(\d{{1,2}})\2(\d{{1,2}})(?!\d){}"
                       .format(*_NOT_IN_NUMBER))
_MONTH = (r"(?:jan|feb|mrt|maa|mar|apr|mei|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]{0,7}"
          r"\.?")
_DATE_WORDS = re.compile(rf"(?<!\d)(\d{{1,2}})\s{{0,3}}{_MONTH}\s{{0,3}}(?:19|20)\d{{2}}(?!\d)",
                         re.IGNORECASE)
# A month name with a year such as '98: "12 mrt. '98" is a date even without a keyword.
_DATE_WORDS_SHORT_YEAR = re.compile(
    rf"(?<!\d)\d{{1,2}}\s{{0,3}}{_MONTH}\s{{0,3}}['’‘`]\d{{2}}(?!\d)", re.IGNORECASE)
# After a birth keyword (geb., geboren, geboortedatum, geb.datum, dob) any day, month and
# year: "geboren 12 maart '98", "geb. 12-3-'98", "geboortedatum: 12 3 98".
_BIRTH_DATE = re.compile(
    r"(?<![a-z])(?:geb(?:oren)?|geboorte\w{0,8}|geb\.?\s{0,2}datum|dob|born)\.?\s{0,3}:?"
    rf"\s{{0,3}}(?:op\s{{1,3}})?\d{{1,2}}[\s./-]{{0,3}}(?:{_MONTH}|\d{{1,2}})[\s./-]{{0,3}}"
    r"(?:['’‘`]?\d{2}|\d{4})(?!\d)", re.IGNORECASE)
# Eight digits that make a date: 12031998 (ddmmyyyy) or 19980312 (yyyymmdd), alone and not
# part of a longer code or a decimal number.
_EIGHT_DIGITS = re.compile(r"(?<![\w.,])(?<!\d[.,])(\d{8})(?!\w|[.,]\d)")

# ---- phone numbers ---------------------------------------------------------------------
# A Dutch phone number, alone or inside text: 0, +31 or 0031, then nine digits; not the
# decimals of a number (52.0974517313).
_PHONE = re.compile(r"(?<![\w+])(?<!\d[.,])(?:\+31|0031|0)[\s-]{0,3}[1-9](?:[\s-]{0,3}\d){8}(?!\d)")
# Separators that the pattern above does not know, made into spaces first: dots between
# groups of two or more digits (06.12.34.56.78), brackets ((06) 12..., (030) 123...) and
# the "(0)" of "+31 (0)6".
_PHONE_ZERO = re.compile(r"(?<=\d)\s{0,3}\(0\)\s{0,3}")
_PHONE_DOTTED = re.compile(r"(?<![\d.,])\d{2,4}(?:[./]\d{2,4}){2,5}(?![\d.,])")
_PHONE_BRACKETS = re.compile(r"\((\d{2,4})\)")
# Text the phonenumbers library looks at: runs of digits with separators, maybe a "+".
_PHONE_CANDIDATE = re.compile(r"(?<!\d[.,])[+(]?\d[\d\s().\-/]{6,30}\d")
_MIN_PHONE_DIGITS = 9
# A plain decimal number (a coordinate, 0.612345678) is never a phone number; 06.12345678
# is not a way to write a number.
_DECIMAL = re.compile(r"^[+-]?(?:0|[1-9]\d{0,2})[.,]\d+$")

# ---- BSN -------------------------------------------------------------------------------
# Nine digits alone, or in groups (111.222.333, 111 22 333), but not the decimals of a
# number such as a coordinate (52.1000002 or 5.100000009).
_NINE_DIGITS = re.compile(r"(?<![\d.,])\d{9}(?!\d|[.,]\d)")
_BSN_GROUPED = re.compile(r"^\d{1,4}(?:[\s.-]+\d{1,4}){2,3}$")
# Inside text: three or four groups of 2-4 digits with one kind of separator
# ("BSN: 111-222-333", "dossiernr 111.222.333 (gemeente)").
_BSN_IN_TEXT = re.compile(r"(?<!\d)(?<!\d[.,-])\d{2,4}([\s.-])\d{2,4}\1\d{2,4}(?:\1\d{2,4})?"
                          r"(?!\d|[.,-]\d)")

# ---- postcodes and street addresses ----------------------------------------------------
# A full postcode (with letters, maybe a house number) as the whole cell (FULL_POSTCODE),
# or inside text in capitals (so that "2024 en" in a sentence is not one).
_POSTCODE_IN_TEXT = re.compile(r"(?<!\w)[1-9]\d{3}\s?[A-Z]{2}(?!\w)")
# A street and house number: a word ending in a Dutch street suffix (or its abbreviation
# "str."), then a number: "Dorpsstraat 12", "Burg. de Withstr. 4a", "Pr. Hendrikkade 3-II".
_STREET_SUFFIXES = ("straat", "str", "weg", "laan", "plein", "gracht", "kade", "singel",
                    "dijk", "pad", "hof", "steeg", "dreef", "plantsoen", "markt", "park",
                    "haven", "boulevard", "allee")
_ADDRESS = re.compile(r"(?<!\w)[^\W\d_][\w'.-]{0,40}(?:" + "|".join(_STREET_SUFFIXES)
                      + r")\.?\s{1,3}\d{1,5}(?:\s?[a-z]{1,2})?(?!\w)", re.IGNORECASE)

# ---- names as candidate ids ------------------------------------------------------------
# A word of letters (two or more; a hyphen or apostrophe inside: Vries-Bakker, D'Souza).
_LETTERS = r"[^\W\d_]{2,}(?:['’-][^\W\d_]+)*"
_WORD = re.compile(rf"^{_LETTERS}$")
#: Dutch (and common Arabic, French, German, ...) name particles.
TUSSENVOEGSELS: frozenset[str] = frozenset({
    "van", "de", "der", "den", "het", "'t", "te", "ten", "ter", "in", "op", "aan", "bij",
    "uit", "la", "le", "les", "du", "da", "di", "del", "della", "dos", "das", "do", "el",
    "al", "von", "zu", "vom", "zum", "bin", "ben", "ibn", "abu", "ait", "ou",
})
_PARTICLE = "|".join(sorted((t for t in TUSSENVOEGSELS if t.isalpha()), key=len,
                            reverse=True))
# Initials or a title, then maybe particles, then a word: "J.P. de Vries-Bakker",
# "J. Jansen", "J.Jansen", "Dhr. Jansen", "mevr. El Amrani".
_INITIALS = re.compile(
    r"^(?:(?:[^\W\d_]\.\s{0,2}){1,5}|(?:dhr|mevr|mw|mr|dr|drs|ir|ing)\.?\s{1,2})"
    rf"(?:(?:{_PARTICLE})\s{{1,2}})*{_LETTERS}(?!\w)", re.IGNORECASE)
# Joined by "_", "." or "-" ("Jan_de_Vries", "jan.van.dijk") or camel case ("deVries",
# "JandeVries"): a name particle between words, in an id without digits.
_CAMEL_NAME = re.compile(rf"^(?:[^\W\d_]{{2,}})?(?:{_PARTICLE})[A-Z][a-z]{{2,}}$")
_JOINED = re.compile(r"[_.\-\s]+")


def normalised_text(value: Any) -> str:
    """A cell as text (:func:`~matcher.inputs.cells.cell_text`) in Unicode NFKC form:
    full-width letters, digits and ``＠`` become the ordinary ones."""
    return unicodedata.normalize("NFKC", cell_text(value))


def passes_bsn_check(digits: str) -> bool:
    """The BSN 11-check ("elfproef") on a 9-digit string.

    >>> passes_bsn_check("111222333"), passes_bsn_check("123456789")
    (True, False)
    """
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def passes_iban_check(iban: str) -> bool:
    """Whether ``iban`` (spaces allowed) has a known country's length and correct check
    digits (ISO 7064 mod 97-10).

    >>> passes_iban_check("NL91 ABNA 0417 1643 00"), passes_iban_check("NL91ABNA0417164301")
    (True, False)
    """
    code = iban.replace(" ", "").upper()
    if _IBAN_LENGTHS.get(code[:2]) != len(code) or not code.isalnum() or not code.isascii():
        return False
    moved = code[4:] + code[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _has_iban(text: str) -> bool:
    for match in _IBAN_START.finditer(text):
        length = _IBAN_LENGTHS.get(match.group(1).upper())
        if length is None:
            continue
        chars = [*match.group(1), *match.group(2)]
        position = match.end()
        while len(chars) < length and position < len(text):
            char = text[position]
            if char in _ALNUM:
                chars.append(char)
            elif not (char in " -" and position + 1 < len(text)
                      and text[position + 1] in _ALNUM):
                break
            position += 1
        whole = position >= len(text) or text[position] not in _ALNUM
        if len(chars) == length and whole and passes_iban_check("".join(chars)):
            return True
    return False


def _is_birth_day(day: int, month: int, year: int) -> bool:
    """Whether day-month-year is a real date from 1900 up to today."""
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= date <= dt.date.today()


def _is_date(text: str) -> bool:
    for match in _DATE_DMY.finditer(text):
        a, b, year = int(match.group(1)), int(match.group(3)), match.group(4)
        if 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12 and \
                (len(year) == 2 or 1900 <= int(year) <= 2099):
            return True
    for match in _DATE_YMD.finditer(text):
        if 1 <= int(match.group(3)) <= 12 and 1 <= int(match.group(4)) <= 31:
            return True
    for digits in _EIGHT_DIGITS.findall(text):
        if _is_birth_day(int(digits[:2]), int(digits[2:4]), int(digits[4:])) or \
                _is_birth_day(int(digits[6:]), int(digits[4:6]), int(digits[:4])):
            return True
    return bool(_DATE_WORDS.search(text) or _DATE_WORDS_SHORT_YEAR.search(text)
                or _BIRTH_DATE.search(text))


def _is_phone(text: str) -> bool:
    """A Dutch phone number (the pattern, after normalising dots and brackets), or any
    valid number the phonenumbers library finds (Dutch or, with its +country code,
    foreign)."""
    if _PHONE.search(text):
        return True
    if sum(c.isdigit() for c in text) < _MIN_PHONE_DIGITS:
        return False
    plain = _PHONE_DOTTED.sub(lambda m: re.sub("[./]", " ", m.group()),
                              _PHONE_ZERO.sub(" ", text))
    if _PHONE.search(_PHONE_BRACKETS.sub(r"\1 ", plain)):
        return True
    for candidate in _PHONE_CANDIDATE.finditer(text):
        found = candidate.group()
        if sum(c.isdigit() for c in found) < _MIN_PHONE_DIGITS - 2:
            continue
        for match in phonenumbers.PhoneNumberMatcher(found, "NL",
                                                     leniency=phonenumbers.Leniency.VALID):
            if _written_as_a_phone_number(found, match.start, match.raw_string):
                return True
    return False


def _written_as_a_phone_number(text: str, start: int, raw: str) -> bool:
    """Whether a number the phonenumbers library found is written as one: it starts with
    ``+``, ``0`` or a bracket (not ``31 23 39 10 9 18``, a list of numbers), is not the
    decimals of a number (``52.0974517313``) and is no plain decimal (``0.612345678``)."""
    if start > 0 and (text[start - 1].isdigit() or text[start - 1] in ".,"):
        return False
    raw = raw.strip()
    return raw[:1] in ("+", "0", "(") and not _DECIMAL.match(raw)


def _is_bsn(text: str) -> bool:
    if _BSN_GROUPED.match(text) and passes_bsn_check(re.sub(r"[\s.-]", "", text)):
        return True
    if any(passes_bsn_check(m) for m in _NINE_DIGITS.findall(text)):
        return True
    return any(passes_bsn_check(re.sub(r"[\s.-]", "", m.group()))
               for m in _BSN_IN_TEXT.finditer(text))


def _is_email(text: str) -> bool:
    lower = text.lower()
    if "@" in text and _EMAIL.search(_AT_SPACED.sub("@", text)):
        return True
    if "at" in lower or "apenstaartje" in lower:
        plain = _DOT_BRACKETED.sub(".", _AT_BRACKETED.sub("@", text))
        if "@" in plain and _EMAIL.search(_AT_SPACED.sub("@", plain)):
            return True
        return _EMAIL_WORDS.search(plain) is not None
    return False


def personal_value_kind(value: Any) -> str | None:
    """Which kind of personal data a cell value looks like, or ``None``.

    Kinds (in the order they are tried): ``email`` (also ``naam [at] provider.nl`` and
    ``naam at provider dot nl``), ``iban`` (with valid check digits), ``date`` (a date in
    any form, ``12031998``, ``geb. 12 mrt. '98``, or an Excel date cell: a birth date?),
    ``phone`` (Dutch in any notation, or foreign with a + and country code), ``bsn`` (nine
    digits, maybe in groups, passing the 11-check), ``postcode`` (a full postcode, with
    letters and maybe a house number) and ``address`` (a street name and a house number).

    >>> personal_value_kind("Dorpsstraat 12"), personal_value_kind("12/3/98")
    ('address', 'date')
    >>> personal_value_kind("mbo-2") is None
    True
    """
    if isinstance(value, dt.date):  # an Excel date cell (datetime is a date too)
        return "date"
    if is_blank(value) or isinstance(value, dt.time | dt.timedelta | bool):
        return None
    text = normalised_text(value)
    if _is_email(text):
        return "email"
    if _has_iban(text):
        return "iban"
    if _is_date(text):
        return "date"
    if _is_phone(text):
        return "phone"
    if _is_bsn(text):
        return "bsn"
    if FULL_POSTCODE.match(text) or _POSTCODE_IN_TEXT.search(text):
        return "postcode"
    lower = text.lower()
    if any(suffix in lower for suffix in _STREET_SUFFIXES) and _ADDRESS.search(text):
        return "address"
    return None


def looks_like_a_name(value: Any) -> bool:
    """Whether a candidate id looks like a person's name rather than a pseudonym.

    An id is taken for a name when it holds two or more words of letters separated by
    spaces (``Jan de Vries``, ``Fatima El Amrani``, ``jan jansen``; a word has two or more
    letters), when it starts with initials followed by a word (``J.P. de Vries-Bakker``,
    ``J. Jansen``), or, without any digit, when a name particle (``de``, ``van``, ``el``,
    ...) joins words (``Jan_de_Vries``, ``jan.van.dijk``, ``deVries``). Codes such as
    ``K-0042``, ``kand_17``, ``WSP2024-0012``, ``c3f9a1`` or ``A12`` are pseudonyms.

    >>> looks_like_a_name("J.P. de Vries-Bakker"), looks_like_a_name("WSP2024-0012")
    (True, False)
    """
    if is_blank(value) or not isinstance(value, str):
        return False
    text = unicodedata.normalize("NFKC", value).strip()
    words = [w for w in text.split() if _WORD.match(w)]
    if len(words) >= 2:
        return True
    if _INITIALS.match(text):
        return True
    if any(c.isdigit() for c in text):
        return False
    parts = [p for p in _JOINED.split(text) if p]
    if len(parts) >= 3 and all(_WORD.match(p) for p in (parts[0], parts[-1])) and any(
            p.lower() in TUSSENVOEGSELS for p in parts[1:-1]):
        return True
    return _CAMEL_NAME.match(text) is not None


# ---- many values at once ----------------------------------------------------------------
# Every detector above needs one of these in a value (checked on ASCII text, which NFKC
# leaves as it is): an "@" or the word "at"/"apenstaartje" (e-mail), 15 characters or more
# (an IBAN), nine digits or more (a phone number, a BSN); or, with a digit, eight digits
# (12031998), a digit, separator and digit (12-3-98, 1998-03-12), four digits and two
# letters (a postcode), or a month name, a birth keyword or a street suffix inside a run
# of letters (dates in words, addresses). A value with none of them is no personal data,
# without running the detectors (:func:`_may_be_personal`).
_WORDS: tuple[str, ...] = ("jan", "feb", "mrt", "maa", "mar", "apr", "mei", "may", "jun",
                           "jul", "aug", "sep", "okt", "oct", "nov", "dec", "geb", "dob",
                           "born", *_STREET_SUFFIXES)
_DIGIT_SEPARATOR_DIGIT = re.compile(r"\d[-/.]\d")
_POSTCODE_LIKE = re.compile(r"\d{4}\s*[a-z]{2}", re.IGNORECASE)
_LETTER_RUNS = re.compile(r"[a-z]{3,}")
_NOT_IN_A_CODE = re.compile(r"[^!-\-/-~]")  # a space, a dot, a control or non-ASCII character
_DIGIT = re.compile(r"\d")


# The usual pseudonym: up to two letters (not "at"), maybe "-" or "_", and up to seven
# digits (K0042, KA-17, 000123). It has none of the marks above and is no name.
_PSEUDONYM = re.compile(r"(?![Aa][Tt])[A-Za-z]{0,2}[-_]?[0-9]{1,7}")


def _may_be_personal(text: str) -> bool:
    """Whether a stripped ASCII text holds a mark that some detector needs (see above);
    ``False`` means :func:`personal_value_kind` finds nothing in it."""
    lower = text.lower()
    if "@" in text or "at" in lower or "apenstaartje" in lower or len(text) >= 15:
        return True
    digits = sum(map(str.isdigit, text))
    if digits == 0:
        return False
    if digits >= 8:
        return True
    if ("-" in text or "/" in text or "." in text) and _DIGIT_SEPARATOR_DIGIT.search(text):
        return True
    if digits >= 4 and _POSTCODE_LIKE.search(text):
        return True
    return any(word in run for run in _LETTER_RUNS.findall(lower) for word in _WORDS)



def _distinct(values: Iterable[Any]) -> dict[type, list[Any]]:
    """The distinct hashable values by type, first seen first: values of different types
    that compare equal (``1``, ``1.0``, ``True``) are all kept. Unhashable values are left
    out."""
    values = values if isinstance(values, list) else list(values)
    types = set(map(type, values))
    if types <= {str, type(None)}:  # the usual column of texts, at C speed
        distinct = dict.fromkeys(values)
        return {str: [v for v in distinct if v is not None], type(None): [None]} \
            if None in distinct else {str: list(distinct)}
    by_type: dict[type, dict[Any, None]] = {}
    for value in values:
        try:
            hash(value)
        except TypeError:  # an unhashable cell
            continue
        by_type.setdefault(type(value), {})[value] = None
    return {kind: list(seen) for kind, seen in by_type.items()}


#: Results for many values, by the type of the value and then by the value (so that
#: ``1``, ``1.0`` and ``True`` are apart): ``by_type[type(value)][value]``.
ByType = dict[type, dict[Any, Any]]


def personal_value_kinds(values: Iterable[Any]) -> ByType:
    """:func:`personal_value_kind` of many values, each distinct value once.

    The result gives the kind of each hashable value as ``kinds[type(value)][value]`` (an
    unhashable one is left out: ask :func:`personal_value_kind`). A text of ASCII
    characters that holds none of the marks every detector needs
    (:func:`_may_be_personal`: ``K0042``, ``3511``, ``25,5``, ``ma di wo``) is ``None``
    without running the detectors; every other value gets the full check, so the result
    is the same as asking value by value.

    >>> kinds = personal_value_kinds(["K0042", "06-12345678", "K0042"])
    >>> kinds[str]["K0042"], kinds[str]["06-12345678"]
    (None, 'phone')
    """
    kinds: ByType = {}
    for kind, distinct in _distinct(values).items():
        if kind is str:
            kinds[str] = {value: None if _PSEUDONYM.fullmatch(value) or (
                value.isascii() and not _may_be_personal(value.strip()))
                else personal_value_kind(value) for value in distinct}
        else:
            kinds[kind] = {value: personal_value_kind(value) for value in distinct}
    return kinds


def looks_like_names(values: Iterable[Any]) -> ByType:
    """:func:`looks_like_a_name` of many values, each distinct value once, as
    ``names[type(value)][value]`` like :func:`personal_value_kinds` (unhashable values
    are left out). An ASCII id without a space or a dot and with a digit (``K0042``,
    ``kand_17``) is no name without the full check.

    >>> names = looks_like_names(["K0042", "Jan de Vries"])
    >>> names[str]["K0042"], names[str]["Jan de Vries"]
    (False, True)
    """
    return {kind: {value: False if kind is str and (_PSEUDONYM.fullmatch(value) or (
                   not _NOT_IN_A_CODE.search(value) and _DIGIT.search(value)))
                   else looks_like_a_name(value)
                   for value in distinct}
            for kind, distinct in _distinct(values).items()}
