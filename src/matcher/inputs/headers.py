"""Map a table's headers to the data contract: Dutch or English, personal, unknown or doubled.

:func:`map_headers` is the first step of every loader (:mod:`matcher.inputs.loaders`): it
finds, for each column of the contract (:mod:`matcher.inputs.schema`), the position of the
header that names it, and reports what it cannot use, all at once: a header that names
personal data (:mod:`matcher.inputs.guard`), a column without a header over filled cells, a
header written twice, a header with the other separator in it (``taak_id,omschrijving`` in
a ``;`` file) and a required column that is missing. Unknown headers are warnings, never
dropped silently.
"""

from __future__ import annotations

from typing import Any

from matcher.errors import ProblemList
from matcher.inputs.cells import is_blank
from matcher.inputs.guard import personal_header_kind
from matcher.inputs.read import RawTable
from matcher.inputs.schema import COLUMNS, Kind, normalise_key
from matcher.text.catalogue import Note, msg, note

__all__ = ["map_headers"]


def map_headers(
    table: RawTable, kind: Kind, problems: ProblemList, warnings: list[Note]
) -> dict[str, int]:
    """Map canonical column names to positions; report unknown, duplicate and personal ones.

    ``table`` is read as a file of ``kind``; every header that names personal data, has
    no name over filled cells, or is mistyped is added to ``problems`` (or ``warnings``)
    with its file and column, and left out of the mapping.
    """
    specs = COLUMNS[kind]
    mapping: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        if header == "":
            if any(index < len(r) and not is_blank(r[index]) for r in table.rows):
                problems.report(table.name, 1, f"#{index + 1}", "val.no_header")
            continue
        personal = personal_header_kind(header, kind)
        if personal:
            problems.report(table.name, None, header, "val.personal_column",
                            what=msg(personal))
            continue
        key = normalise_key(header)
        spec = next((s for s in specs if key in s.keys), None)
        if spec is None and _mixed_separator(table, header, specs, problems):
            continue
        if spec is None:
            warnings.append(note("val.warn_unused_column", name=table.name,
                                 header=header))
            continue
        if spec.name in mapping:
            first = table.headers[mapping[spec.name]]
            problems.report(table.name, 1, header, "val.duplicate_column", first=first,
                            name=spec.name)
            continue
        mapping[spec.name] = index
    for spec in specs:
        if spec.required and spec.name not in mapping:
            accepted = ", ".join(sorted({spec.name, *spec.aliases}))
            problems.report(table.name, None, spec.name, "val.missing_column",
                            accepted=accepted)
    return mapping


def _mixed_separator(table: RawTable, header: str, specs: tuple[Any, ...],
                     problems: ProblemList) -> bool:
    """Report a header such as ``taak_id,omschrijving`` in a ``;`` file: mixed separators."""
    for char in ",;\t":
        if char == table.separator or char not in header:
            continue
        parts = [normalise_key(p) for p in header.split(char)]
        if any(part in spec.keys for part in parts for spec in specs):
            name = {"\t": msg("sep.tab"), ",": msg("sep.comma"), ";": msg("sep.semicolon")}
            problems.report(table.name, 1, header, "val.mixed_separator", char=name[char],
                            separator=name.get(table.separator, table.separator))
            return True
    return False
