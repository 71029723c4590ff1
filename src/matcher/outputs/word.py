"""Function profiles as a Word document (``.docx``), for schools that open Word, not text.

:func:`profiles_docx` writes the same :class:`~matcher.outputs.description.FunctionProfile`
as ``profiles.md`` and ``profiles.xlsx``: per function its purpose, facts, hoofdtaken, the
week grid of :mod:`matcher.outputs.grid` (the one grid of every export), whose work it
takes over, supervision and warnings; one function per page, Dutch notation, text cleaned
of characters a ``.docx`` cannot hold, and the same bytes on every run.
"""

from __future__ import annotations

import io
from typing import Any

from matcher.carving import Carving
from matcher.model import FTA_HOURS
from matcher.outputs.description import FunctionProfile, build_profiles
from matcher.outputs.files import fixed_zip, xml_text
from matcher.text.format import format_days, hours_text, nl_number

__all__ = ["profiles_docx"]


def _table(document: Any, rows: list[list[str]], header: bool = True,
           font_pt: float | None = None) -> None:
    """A bordered table; the first row bold when ``header``."""
    from docx.shared import Pt

    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = xml_text(value)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.bold = header and r == 0
                    if font_pt is not None:
                        run.font.size = Pt(font_pt)


def _profile(document: Any, p: FunctionProfile) -> None:
    document.add_heading(xml_text(f"{p.function_id} · {p.title}"), level=1)
    document.add_paragraph(xml_text(p.purpose))
    _table(document, [
        ["Kenmerk", "Waarde"],
        ["Uren per week", hours_text(p.hours, 2)],
        ["Banen (fta)", f"{nl_number(p.fta, 2)} (uren / {hours_text(FTA_HOURS, 2)}; telt "
                        "mee voor de banenafspraak naar rato)"],
        ["Niveau", f"{p.level} ({p.level_name})"],
        ["Gebieden", ", ".join(p.area_labels)],
        ["Locaties", ", ".join(p.site_names)],
        ["Werkdagen", format_days(p.days)],
        ["Fysieke belasting", p.load_label],
        ["Leerlingcontact", p.contact_label],
        ["Vastgezet", "ja" if p.locked else "nee"],
    ])
    document.add_heading("Hoofdtaken", level=2)
    for h in p.hoofdtaken:
        share = nl_number(100 * h.hours / p.hours, 0) if p.hours else "0"
        document.add_paragraph(
            xml_text(f"{h.name}: {hours_text(h.hours, 2)} u per week ({share}%)"),
            style="List Number")
        for t in h.tasks:
            document.add_paragraph(xml_text(f"{t.task_id} {t.description} "
                                            f"({hours_text(t.hours, 2)} u, {t.when})"),
                                   style="List Bullet 2")
    document.add_heading("Weekrooster", level=2)
    grid = p.grid.frame()
    if grid.empty:
        document.add_paragraph("Geen rooster.")
    else:
        rows = [list(grid.columns)] + [[str(v) for v in row]
                                       for row in grid.itertuples(index=False)]
        _table(document, rows, font_pt=7.5)
    document.add_heading("Neemt werk over van", level=2)
    _table(document, [["Huidige uitvoerder", "Uren per week"],
                      *([role, hours_text(hours, 2)] for role, hours in p.hours_by_role)])
    document.add_paragraph(xml_text(p.role_note))
    document.add_heading("Begeleiding", level=2)
    for line in p.supervision:
        document.add_paragraph(xml_text(line), style="List Bullet")
    if p.warnings:
        document.add_heading("Let op", level=2)
        for w in p.warnings:
            document.add_paragraph(xml_text(w), style="List Bullet")


def profiles_docx(carving: Carving) -> bytes:
    """All function profiles of a carving as one Word document, a function per page."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document: Any = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE  # the week grid has six columns
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    properties = document.core_properties
    properties.title = "Functiebeschrijvingen"
    properties.author = "matcher"
    properties.language = "nl-NL"
    profiles = build_profiles(carving)
    document.add_heading("Functiebeschrijvingen", level=0)
    total = sum(p.hours for p in profiles)
    document.add_paragraph(xml_text(
        f"{len(profiles)} functies, samen {hours_text(round(total, 2), 2)} u per week = "
        f"{hours_text(round(sum(p.fta for p in profiles), 2), 2)} banen (fta), bron: "
        f"{carving.inventory.source}. Voorstellen: ze tellen mee als ze vervuld worden."))
    if not profiles:
        document.add_paragraph("Er zijn geen functies gevormd.")
    for k, p in enumerate(profiles):
        if k:
            document.add_page_break()
        _profile(document, p)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())
