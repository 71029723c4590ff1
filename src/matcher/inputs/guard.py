"""The personal-data guard: candidate data must be pseudonymous.

Headers that name personal data (a name, a BSN, an e-mail address, a phone number, an
address, a birth date) are refused in every kind of file (sites may have a name and an
address: they are schools); in a candidates file every value of every column is scanned as
well (:func:`~matcher.inputs.personal.personal_value_kind`): e-mail addresses (also written
around spam filters), IBANs, dates (birth dates), phone numbers (Dutch or foreign), numbers
that pass the BSN 11-check, full postcodes and street addresses; and a candidate id must be
a pseudonym, not a name (:func:`~matcher.inputs.personal.looks_like_a_name`). Problems name
the column, the count and the rows, never the values; a value of a candidates file appears
in a message only when it is a short number (:func:`redact_candidate_value`).
"""

from __future__ import annotations

import re
from typing import Any

from matcher.errors import ProblemList
from matcher.inputs.cells import cell_text
from matcher.inputs.personal import (
    ByType,
    looks_like_a_name,
    looks_like_names,
    personal_value_kind,
    personal_value_kinds,
)
from matcher.inputs.read import RawTable
from matcher.inputs.schema import normalise_key
from matcher.text.catalogue import Msg, msg

__all__ = [
    "PersonalMemo",
    "candidate_id_kind",
    "hide_personal_headers",
    "looks_like_a_name",
    "personal_header_kind",
    "personal_value_kind",
    "redact_candidate_id",
    "redact_candidate_value",
    "scan_personal_values",
    "scan_personal_values_per_cell",
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

#: What a value that looks like personal data is: the message codes for one (a hidden
#: value) and for many (a column count).
_PERSONAL_VALUES: dict[str, tuple[str, str]] = {
    "email": ("pd.email", "pd.many.email"),
    "date": ("pd.date", "pd.many.date"),
    "phone": ("pd.phone", "pd.many.phone"),
    "bsn": ("pd.bsn", "pd.many.bsn"),
    "postcode": ("pd.full_postcode", "pd.many.postcode"),
    "address": ("pd.street_address", "pd.many.address"),
    "iban": ("pd.iban", "pd.many.iban"),
}
#: Row numbers a column-wide problem lists before it says "...".
_MAX_ROWS_SHOWN = 8


def candidate_id_kind(value: Any) -> str | None:
    """What a candidate id looks like when it is not a pseudonym: a kind of
    :func:`personal_value_kind`, ``"name"`` (:func:`looks_like_a_name`), or ``None``.

    >>> candidate_id_kind("Jan de Vries"), candidate_id_kind("K-0042")
    ('name', None)
    """
    what = personal_value_kind(value)
    if what is None and looks_like_a_name(value):
        return "name"
    return what


def _rows_text(rows: list[int]) -> str:
    """Row numbers for a message: ``2, 5, 9``; the first few and ``...`` when many."""
    shown = ", ".join(str(r) for r in rows[:_MAX_ROWS_SHOWN])
    return shown + (", ..." if len(rows) > _MAX_ROWS_SHOWN else "")


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


class PersonalMemo:
    """What each value of one table looks like (:func:`personal_value_kind`), worked out
    once: the scan of a candidates file and the redaction of values in its problems share
    it. Make one per load and drop it after: personal data is never kept beyond that."""

    def __init__(self) -> None:
        # By the type of a value, then the value (1, 1.0 and True are apart).
        self._seen: ByType = {}

    def kind(self, value: Any) -> str | None:
        """:func:`personal_value_kind` of ``value``, computed once per value."""
        seen = self._seen.setdefault(type(value), {})
        try:
            return seen[value]
        except KeyError:
            what = seen[value] = personal_value_kind(value)
            return what
        except TypeError:  # an unhashable cell
            return personal_value_kind(value)

    def remember(self, kinds: ByType) -> None:
        """Keep kinds worked out for many values at once
        (:func:`~matcher.inputs.personal.personal_value_kinds`)."""
        for kind, values in kinds.items():
            self._seen.setdefault(kind, {}).update(values)


def scan_personal_values(table: RawTable, kind: str, mapping: dict[str, int],
                         problems: ProblemList, memo: PersonalMemo | None = None) -> None:
    """Refuse personal data in the values of a candidates file, in every column.

    E-mail addresses, IBANs, dates (birth dates), phone numbers, BSNs (the 11-check), full
    postcodes and street addresses (:func:`personal_value_kind`); cells beyond the last
    header are scanned too; and candidate ids that look like a name
    (:func:`looks_like_a_name`). The message names the column, the count and the rows,
    never the values. Full postcodes in the ``pc4`` column are reported on their row
    instead (by :func:`matcher.inputs.cells.parse_pc4`). ``memo`` keeps what each value
    looks like for the rest of the load (a new one when not given).

    The scan works column by column: each distinct value is checked once
    (:func:`~matcher.inputs.personal.personal_value_kinds`, which skips the detectors for
    values that cannot hold personal data), then the rows of the values found are
    collected; the problems are those of :func:`scan_personal_values_per_cell`.
    """
    if kind != "candidates":
        return
    memo = memo if memo is not None else PersonalMemo()
    found: dict[int, dict[str, list[int]]] = {}
    id_column = mapping.get("candidate_id")
    names: list[int] = []
    numbers = table.row_numbers
    for col, cells in enumerate(table.columns()):
        kinds = personal_value_kinds(cells)
        memo.remember(kinds)
        # Cells that are no dict key (none come from files or DataFrames) are checked
        # one by one.
        unhashable = any(t.__hash__ is None for t in set(map(type, cells)))
        if unhashable or any(what is not None for values in kinds.values()
                             for what in values.values()):
            for cell, number in zip(cells, numbers, strict=True):
                what = memo.kind(cell)
                if what is not None:
                    found.setdefault(col, {}).setdefault(what, []).append(number)
        if col == id_column:
            named = looks_like_names(cell for cell in cells if memo.kind(cell) is None)
            if unhashable or any(any(values.values()) for values in named.values()):
                names = [number for cell, number in zip(cells, numbers, strict=True)
                         if memo.kind(cell) is None and _is_named(named, cell)]
    _report_found(table, mapping, found, names, problems)


def _report_found(table: RawTable, mapping: dict[str, int], found: dict[int, dict[str, list[int]]],
                  names: list[int], problems: ProblemList) -> None:
    """Report what a scan found: per column and kind of personal data the rows (a postcode
    in the pc4 column is not one), and the rows whose candidate id looks like a name."""
    pc4 = mapping.get("pc4")
    for col in sorted(found):
        header = table.headers[col] if col < len(table.headers) and table.headers[col] \
            else f"#{col + 1}"
        for what, (_, many) in _PERSONAL_VALUES.items():
            rows = found[col].get(what, [])
            if rows and not (what == "postcode" and col == pc4):
                problems.report(table.name, None, header, "val.personal_values",
                                count=len(rows), many=msg(many), rows=_rows_text(rows))
    id_column = mapping.get("candidate_id")
    if names and id_column is not None:
        problems.report(table.name, None, table.headers[id_column], "val.id_name",
                        count=len(names), rows=_rows_text(names))


def _is_named(named: ByType, cell: Any) -> bool:
    """Whether a cell looks like a name by :func:`looks_like_names` (asked now when
    unhashable)."""
    try:
        return bool(named.get(type(cell), {}).get(cell, False))
    except TypeError:
        return looks_like_a_name(cell)


def scan_personal_values_per_cell(table: RawTable, kind: str, mapping: dict[str, int],
                                  problems: ProblemList) -> None:
    """:func:`scan_personal_values` checking every cell on its own: the simple reference
    the column-wise scan must agree with (the tests and ``benchmarks/loading.py`` compare
    them)."""
    if kind != "candidates":
        return
    found: dict[int, dict[str, list[int]]] = {}
    id_column = mapping.get("candidate_id")
    names: list[int] = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        for col, cell in enumerate(row):
            what = personal_value_kind(cell)
            if what is not None:
                found.setdefault(col, {}).setdefault(what, []).append(number)
            elif col == id_column and looks_like_a_name(cell):
                names.append(number)
    _report_found(table, mapping, found, names, problems)


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


def redact_candidate_id(value: Any, memo: PersonalMemo | None = None) -> Any:
    """A candidate id as it may appear in a message: :func:`redact_candidate_value`, and
    an id that looks like a name (:func:`looks_like_a_name`) is hidden behind
    ``val.hidden_personal`` saying so."""
    shown = redact_candidate_value(value, memo)
    personal = isinstance(shown, Msg) and shown.code == "val.hidden_personal"
    if not personal and looks_like_a_name(value):
        return msg("val.hidden_personal", what=msg("pd.name"))
    return shown


_HIDDEN_CANDIDATE: Msg = msg("val.hidden_candidate")
