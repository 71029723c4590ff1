"""Function profiles for people: ``profiles.md`` and ``profiles.xlsx``.

:func:`profiles_markdown` and :func:`profiles_xlsx` render the
:class:`~matcher.outputs.description.FunctionProfile` of every function of a carving
(facts, hoofdtaken, the week grid of :mod:`matcher.outputs.grid`, whose work it takes over,
supervision). Numbers are written through :mod:`matcher.text.format`; text cells of the
workbook are formula-safe (:func:`matcher.outputs.files.safe_cell`) and the bytes are the
same on every run.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from copy import copy
from datetime import datetime
from typing import TYPE_CHECKING, Any

from matcher.carving import Carving
from matcher.model import FTA_HOURS, Task
from matcher.outputs.description import FunctionProfile, build_profiles
from matcher.outputs.files import fixed_zip, safe_cell, xml_text
from matcher.text.format import format_days, hours_text, nl_number

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "OVERVIEW_SHEET",
    "profile_markdown",
    "profiles_markdown",
    "profiles_xlsx",
]

# --------------------------------------------------------------------------------------
# Markdown


def _hours(x: float) -> str:
    """Hours the Dutch way: ``25,42``, ``2,5``, ``5``."""
    return hours_text(x, 2)


def _md(text: object) -> str:
    """A table-safe Markdown cell: no line breaks, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _task_line(t: Task, multi_site: bool) -> str:
    where = f", {t.site}" if multi_site else ""
    return f"{t.task_id} {t.description} ({_hours(t.hours)} u, {t.when}{where})"


def profile_markdown(p: FunctionProfile) -> str:
    """The Markdown description of one function."""
    multi = len(p.sites) > 1
    lines = [f"## {p.function_id} · {_md(p.title)}", "", _md(p.purpose), ""]
    if p.locked:
        lines += ["**Vergrendeld**: deze functie blijft zoals ze is bij opnieuw carven.", ""]
    lines += [
        "| Kenmerk | Waarde |", "|---|---|",
        f"| Functie-id | {_md(p.function_id)} |",
        f"| Uren per week | {_hours(p.hours)} |",
        f"| Fta | {nl_number(p.fta, 2)} (uren / {_hours(FTA_HOURS)}; telt mee voor de "
        "banenafspraak naar rato) |",
        f"| Niveau | {p.level} ({_md(p.level_name)}) |",
        f"| Gebieden | {_md(', '.join(p.area_labels))} |",
        f"| Locaties | {_md(', '.join(p.site_names))} |",
        f"| Werkdagen | {format_days(p.days)} |",
        f"| Fysieke belasting | {p.load_label} |",
        f"| Leerlingcontact | {p.contact_label} |",
        f"| Vergrendeld | {'ja' if p.locked else 'nee'} |",
        "",
        "### Hoofdtaken", "",
        f"Elke hoofdtaak minstens {_hours(p.hoofdtaak_minimum)} u per week: 1/16 van de "
        f"werkweek ({_hours(p.hours)} u / 16) en 30 minuten per werkdag ({len(p.days)} "
        f"{'dag' if len(p.days) == 1 else 'dagen'}).",
    ]
    if not p.hoofdtaken_ok:
        lines.append("De hele functie heeft minder uren dan dat minimum: één hoofdtaak.")
    lines.append("")
    for k, h in enumerate(p.hoofdtaken, start=1):
        share = h.hours / p.hours if p.hours else 0.0
        lines.append(f"{k}. **{_md(h.name)}**: {_hours(h.hours)} u per week ({share:.0%})")
        lines.extend(f"   - {_md(_task_line(t, multi))}" for t in h.tasks)
    lines += ["", "### Weekrooster", ""]
    if multi:
        lines += ["Locatie tussen haakjes; tijden staan erbij als een taak het halfuur niet "
                  "vult.", ""]
    else:
        lines += ["Tijden staan erbij als een taak het halfuur niet vult.", ""]
    table = p.grid.frame()
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|---" * len(table.columns) + "|")
    for cells in table.itertuples(index=False):
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    lines += ["", "### Neemt werk over van", "", "| Huidige uitvoerder | Uren per week |",
              "|---|---|"]
    lines += [f"| {_md(role)} | {_hours(hours)} |" for role, hours in p.hours_by_role]
    lines += ["", _md(p.role_note), "", "### Begeleiding", ""]
    lines += [f"- {_md(s)}" for s in p.supervision]
    if p.warnings:
        lines += ["", "### Let op", ""]
        lines += [f"- {_md(w)}" for w in p.warnings]
    return "\n".join(lines) + "\n"


def profiles_markdown(carving: Carving,
                      profiles: Sequence[FunctionProfile] | None = None) -> str:
    """All function profiles of a carving as one Markdown document (``profiles.md``);
    ``profiles`` when they are built already (:func:`build_profiles` of ``carving``)."""
    if profiles is None:
        profiles = build_profiles(carving)
    total = sum(p.hours for p in profiles)
    head = [
        "# Functiebeschrijvingen", "",
        f"{len(profiles)} functies, samen {_hours(round(total, 2))} u per week = "
        f"{_hours(round(sum(p.fta for p in profiles), 2))} fta "
        f"(bron: {_md(carving.inventory.source)}).", "",
    ]
    if not profiles:
        head += ["Er zijn geen functies gevormd.", ""]
    return "\n".join([*head, *(profile_markdown(p) for p in profiles)])


# --------------------------------------------------------------------------------------
# Excel

OVERVIEW_SHEET = "Overzicht"

_OVERVIEW_HEADERS = (
    "Functie", "Titel", "Doel", "Uren per week", "Fta", "Niveau", "Gebieden", "Locaties",
    "Werkdagen", "Fysieke belasting", "Leerlingcontact", "Hoofdtaken", "Neemt werk over van",
    "Docenturen", "Begeleiding", "Vergrendeld", "Let op",
)

_FIXED_TIME = datetime(2000, 1, 1)


def _sheet_title(function_id: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", function_id).strip("'") or "Functie"
    base = base[:31]
    title, k = base, 2
    while title.lower() in used or title.lower() == OVERVIEW_SHEET.lower():
        suffix = f"_{k}"
        title, k = base[: 31 - len(suffix)] + suffix, k + 1
    used.add(title.lower())
    return title


def profiles_xlsx(carving: Carving,
                  profiles: Sequence[FunctionProfile] | None = None) -> bytes:
    """All profiles as an ``.xlsx`` workbook: an overview sheet and one sheet per function;
    ``profiles`` when they are built already (:func:`build_profiles` of ``carving``).

    Text cells go through :func:`matcher.outputs.files.safe_cell`; the bytes are the same
    on every run.
    """
    from openpyxl import Workbook

    if profiles is None:
        profiles = build_profiles(carving)
    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = OVERVIEW_SHEET
    for col, header in enumerate(_OVERVIEW_HEADERS, start=1):
        _put(overview, 1, col, header, strong=True)
    for row, p in enumerate(profiles, start=2):
        values: list[Any] = [
            p.function_id, p.title, p.purpose, p.hours, p.fta, f"{p.level} ({p.level_name})",
            ", ".join(p.area_labels), ", ".join(p.site_names), format_days(p.days),
            p.load_label, p.contact_label, "; ".join(h.name for h in p.hoofdtaken),
            "; ".join(f"{r} ({_hours(h)} u)" for r, h in p.hours_by_role), p.teacher_hours,
            " ".join(p.supervision), "ja" if p.locked else "nee", " ".join(p.warnings),
        ]
        for col, value in enumerate(values, start=1):
            _put(overview, row, col, value)
    widths = (10, 40, 60, 12, 8, 16, 24, 36, 12, 12, 12, 60, 40, 10, 60, 10, 30)
    for col, width in enumerate(widths, start=1):
        overview.column_dimensions[_column(col)].width = width
    overview.freeze_panes = "A2"

    used: set[str] = set()
    for p in profiles:
        ws = wb.create_sheet(_sheet_title(p.function_id, used))
        _profile_sheet(ws, p)
    buffer = io.BytesIO()
    wb.properties.created = _FIXED_TIME
    wb.save(buffer)
    return fixed_zip(buffer.getvalue())


def _put(ws: Worksheet, row: int, col: int, value: Any, strong: bool = False) -> None:
    """Write one cell, formula-safe (:func:`~matcher.outputs.files.safe_cell`), without the
    characters an ``.xlsx`` cannot hold (:func:`~matcher.outputs.files.xml_text`), wrapped,
    maybe bold."""
    safe = safe_cell(value)
    cell = ws.cell(row=row, column=col, value=xml_text(safe) if isinstance(safe, str) else safe)
    # the workbook's style of a wrapped (maybe bold) cell, made once, kept on the workbook
    # and copied: setting an Alignment and a Font on every cell costs openpyxl a search of
    # its style lists (most of the time of a workbook of hundreds of functions)
    styles: dict[bool, Any] = ws.parent.__dict__.setdefault("_matcher_styles", {})
    style = styles.get(strong)
    if style is None:
        from openpyxl.styles import Alignment, Font

        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if strong:
            cell.font = Font(bold=True)
        styles[strong] = copy(cell._style)
    else:
        cell._style = copy(style)


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _profile_sheet(ws: Worksheet, p: FunctionProfile) -> None:
    """Fill one function's sheet: facts, hoofdtaken, week grid, roles, supervision."""
    multi = len(p.sites) > 1
    row = 1
    _put(ws, row, 1, f"{p.function_id} · {p.title}", True)
    row += 1
    facts: list[tuple[str, Any]] = [
        ("Functie-id", p.function_id), ("Titel", p.title), ("Doel", p.purpose),
        ("Uren per week", p.hours),
        ("Fta", p.fta),
        ("", f"telt mee voor de banenafspraak naar rato (uren / {_hours(FTA_HOURS)})"),
        ("Niveau", f"{p.level} ({p.level_name})"), ("Gebieden", ", ".join(p.area_labels)),
        ("Locaties", ", ".join(p.site_names)), ("Werkdagen", format_days(p.days)),
        ("Fysieke belasting", p.load_label), ("Leerlingcontact", p.contact_label),
        ("Vergrendeld", "ja" if p.locked else "nee"),
    ]
    for key, value in facts:
        _put(ws, row, 1, key, True)
        _put(ws, row, 2, value)
        row += 1
    row += 1
    _put(ws, row, 1, "Hoofdtaken", True)
    _put(ws, row, 2, f"elk minstens {_hours(p.hoofdtaak_minimum)} u per week (1/16 van de "
                    f"werkweek en 30 minuten per werkdag)")
    row += 1
    for col, header in enumerate(("Hoofdtaak", "Uren per week", "Taak", "Omschrijving",
                                  "Uren", "Wanneer", "Locatie"), start=1):
        _put(ws, row, col, header, True)
    row += 1
    for h in p.hoofdtaken:
        for k, t in enumerate(h.tasks):
            if k == 0:
                _put(ws, row, 1, h.name)
                _put(ws, row, 2, h.hours)
            _put(ws, row, 3, t.task_id)
            _put(ws, row, 4, t.description)
            _put(ws, row, 5, t.hours)
            _put(ws, row, 6, t.when)
            _put(ws, row, 7, t.site)
            row += 1
    row += 1
    _put(ws, row, 1, "Weekrooster", True)
    _put(ws, row, 2, ("locatie tussen haakjes; " if multi else "") +
        "tijden erbij als een taak het halfuur niet vult")
    row += 1
    table = p.grid.frame()
    for col, header in enumerate(table.columns, start=1):
        _put(ws, row, col, header, True)
    row += 1
    for cells in table.itertuples(index=False):
        _put(ws, row, 1, cells[0])
        for col, text in enumerate(cells[1:], start=2):
            if text:
                _put(ws, row, col, text)
        row += 1
    row += 1
    _put(ws, row, 1, "Neemt werk over van", True)
    row += 1
    _put(ws, row, 1, "Huidige uitvoerder", True)
    _put(ws, row, 2, "Uren per week", True)
    row += 1
    for role, hours in p.hours_by_role:
        _put(ws, row, 1, role)
        _put(ws, row, 2, hours)
        row += 1
    _put(ws, row, 1, p.role_note)
    row += 2
    _put(ws, row, 1, "Begeleiding", True)
    row += 1
    for line in p.supervision:
        _put(ws, row, 1, line)
        row += 1
    if p.warnings:
        row += 1
        _put(ws, row, 1, "Let op", True)
        row += 1
        for w in p.warnings:
            _put(ws, row, 1, w)
            row += 1
    for col, width in enumerate((34, 24, 24, 24, 24, 24, 24), start=1):
        ws.column_dimensions[_column(col)].width = width

