"""The Excel template: Dutch headers and example rows for tasks, sites and candidates.

One workbook with four sheets: ``uitleg`` (what every column means, in Dutch), ``taken``,
``locaties`` and ``kandidaten``. Headers come from :mod:`matcher.inputs.schema` (the first Dutch
alias of each column), so the template follows the data contract. The loaders pick the
sheet whose headers match best, so a school can fill in this one workbook and upload it
as the tasks, the sites and the candidates file; the example rows load without problems
(``tests/test_template.py`` checks that).

>>> data = template_xlsx()
>>> data[:2]
b'PK'
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from matcher.inputs.schema import (
    CANDIDATE_COLUMNS,
    SITE_COLUMNS,
    TASK_COLUMNS,
    TEMPLATE_TABS,
    ColumnSpec,
)
from matcher.outputs.files import safe_frame
from matcher.text.format import nl_number

__all__ = ["DESCRIPTIONS_NL", "SHEETS", "dutch_header", "template_frames", "template_xlsx"]

#: Sheet name per kind of file.
SHEETS: dict[str, str] = TEMPLATE_TABS

#: Headers where the first alias is English or invites too much precision.
_HEADER_OVERRIDES: dict[tuple[str, str], str] = {
    ("sites", "lat"): "breedtegraad",
    ("sites", "lon"): "lengtegraad",
    ("sites", "pc4"): "pc4",
    ("candidates", "pc4"): "pc4",  # "postcode" would invite a full postcode, which is refused
}

#: Candidate columns left out of the template: coordinates are finer than needed (use pc4).
_LEFT_OUT: frozenset[tuple[str, str]] = frozenset({("candidates", "lat"),
                                                   ("candidates", "lon")})

#: What every column means, in Dutch (keyed by kind and canonical name).
DESCRIPTIONS_NL: dict[tuple[str, str], str] = {
    ("tasks", "task_id"): "Unieke code van de taak.",
    ("tasks", "description"): "Wat de taak is, in woorden.",
    ("tasks", "area"): "conciërge, klas (of onderwijsassistentie), administratie of facilitair.",
    ("tasks", "hours_per_week"): "Uren per week, een getal groter dan 0 en hooguit 40.",
    ("tasks", "level"): "1 elementair, 2 eenvoudig, 3 mbo-2, 4 mbo-3 of hoger.",
    ("tasks", "site"): "Code van de locatie uit het tabblad locaties; mag leeg bij één locatie.",
    ("tasks", "days"): "Dagen van de taak: ma,wo,vr of ma-vr; leeg = elke schooldag.",
    ("tasks", "start"): "Vaste begintijd UU:MM op elk van de dagen (samen met eindtijd).",
    ("tasks", "end"): "Vaste eindtijd UU:MM. Met vaste tijden moeten de uren per week gelijk "
                      "zijn aan dagen x (eindtijd - begintijd).",
    ("tasks", "physical_load"): "Fysieke belasting: 0 laag, 1 midden, 2 hoog (leeg = 0).",
    ("tasks", "pupil_contact"): "Leerlingcontact: 0 laag, 1 midden, 2 hoog (leeg = 0).",
    ("tasks", "current_role"): "Wie de taak nu doet (docent, conciërge, onderwijsassistent, ...).",
    ("tasks", "carvable"): "ja/nee: mag de taak naar een nieuwe functie? Leeg = ja.",
    ("sites", "site"): "Code van de locatie, zoals in het tabblad taken.",
    ("sites", "name"): "Naam van de locatie.",
    ("sites", "lat"): "Breedtegraad (WGS84); geef breedte- en lengtegraad, of een pc4.",
    ("sites", "lon"): "Lengtegraad (WGS84).",
    ("sites", "pc4"): "De 4 cijfers van de postcode (gebruikt als de coördinaten leeg zijn).",
    ("sites", "board"): "Schoolbestuur.",
    ("sites", "open_from"): "Open vanaf UU:MM: flexibel werk begint niet eerder (leeg = 07:30).",
    ("sites", "open_until"): "Open tot UU:MM: flexibel werk eindigt niet later (leeg = 17:30).",
    ("sites", "pupils_from"): "Leerlingen vanaf UU:MM: werk met leerlingen begint niet eerder "
                              "(leeg = 08:30).",
    ("sites", "pupils_until"): "Leerlingen tot UU:MM: werk met leerlingen eindigt niet later "
                               "(leeg = 15:30).",
    ("sites", "wednesday_pupils_until"): "Op woensdag leerlingen tot UU:MM (korte woensdag; "
                                         "leeg = als andere dagen).",
    ("candidates", "candidate_id"): "Pseudoniem van het profiel, nooit een naam of BSN.",
    ("candidates", "pc4"): "De 4 cijfers van de postcode van de woonplaats (geen letters).",
    ("candidates", "lat"): "Breedtegraad in plaats van pc4 (liever niet: pc4 is genoeg).",
    ("candidates", "lon"): "Lengtegraad in plaats van pc4.",
    ("candidates", "max_travel_km"): "Maximale reisafstand in km.",
    ("candidates", "independent_travel"): "Reist zelfstandig: ja, nee of onbekend.",
    ("candidates", "hours_per_week_min"): "Minste aantal uren per week dat de kandidaat wil.",
    ("candidates", "hours_per_week_max"): "Meeste aantal uren per week dat kan.",
    ("candidates", "hours_per_day_max"): "Meeste aantal uren per dag dat kan.",
    ("candidates", "days_available"): "Beschikbare dagen: ma-vr, ma,di,do, ...",
    ("candidates", "education"): "geen, pro, vso, entree, mbo-1 t/m mbo-4, vmbo, havo, vwo, hbo, "
                                 "wo of onbekend.",
    ("candidates", "preferred_areas"): "Gewenste gebieden, gescheiden door komma's.",
    ("candidates", "physical_capacity"): "Fysieke belastbaarheid: 0 laag, 1 midden, 2 hoog.",
    ("candidates", "pupil_contact_ok"): "Hoeveel leerlingcontact past: 0 laag, 1 midden, 2 hoog.",
}

_SPECS: dict[str, tuple[ColumnSpec, ...]] = {
    "tasks": TASK_COLUMNS, "sites": SITE_COLUMNS, "candidates": CANDIDATE_COLUMNS,
}

# Example rows by canonical column; every row is valid and the set shows the main variants:
# flexible with days, fixed times, flexible without days, not carvable; located by
# coordinates and by pc4; a full profile and one with unknowns.
_EXAMPLES: dict[str, list[dict[str, Any]]] = {
    "tasks": [
        {"task_id": "T001", "description": "Kopieerwerk voor docenten", "area": "administratie",
         "hours_per_week": 2.5, "level": 1, "site": "centrum", "days": "ma,wo",
         "physical_load": 0, "pupil_contact": 0, "current_role": "docent", "carvable": "ja"},
        {"task_id": "T002", "description": "Receptie en telefoon in de ochtendpauze",
         "area": "conciërge", "hours_per_week": 1.67, "level": 2, "site": "centrum",
         "days": "ma-vr", "start": "10:10", "end": "10:30", "physical_load": 0,
         "pupil_contact": 1, "current_role": "conciërge", "carvable": "ja"},
        {"task_id": "T003", "description": "Helpen bij de praktijkles koken", "area": "klas",
         "hours_per_week": 3, "level": 2, "site": "noord", "days": "di,do", "start": "13:00",
         "end": "14:30", "physical_load": 1, "pupil_contact": 2, "current_role": "docent",
         "carvable": "ja"},
        {"task_id": "T004", "description": "Lokalen klaarzetten en opruimen", "area": "facilitair",
         "hours_per_week": 4, "level": 1, "site": "noord", "physical_load": 1,
         "pupil_contact": 0, "current_role": "conciërge", "carvable": "ja"},
        {"task_id": "T005", "description": "Verzuim registreren en ouders bellen",
         "area": "administratie", "hours_per_week": 5, "level": 3, "site": "centrum",
         "days": "ma-vr", "physical_load": 0, "pupil_contact": 1,
         "current_role": "administratief medewerker", "carvable": "nee"},
    ],
    "sites": [
        {"site": "centrum", "name": "Voorbeeldschool locatie Centrum", "lat": 52.1589,
         "lon": 5.3897, "pc4": "3811", "board": "Stichting Voorbeeldonderwijs"},
        {"site": "noord", "name": "Voorbeeldschool locatie Noord", "pc4": "3825",
         "board": "Stichting Voorbeeldonderwijs", "open_from": "07:45", "open_until": "17:00",
         "pupils_from": "08:30", "pupils_until": "15:15", "wednesday_pupils_until": "12:30"},
    ],
    "candidates": [
        {"candidate_id": "K0001", "pc4": "3812", "max_travel_km": 15,
         "independent_travel": "ja", "hours_per_week_min": 16, "hours_per_week_max": 28,
         "hours_per_day_max": 6, "days_available": "ma-vr", "education": "entree",
         "preferred_areas": "facilitair,conciërge", "physical_capacity": 1,
         "pupil_contact_ok": 2},
        {"candidate_id": "K0002", "pc4": "3825", "max_travel_km": 8, "independent_travel": "nee",
         "hours_per_week_min": 20, "hours_per_week_max": 25, "hours_per_day_max": 5,
         "days_available": "ma,di,do", "education": "pro", "preferred_areas": "klas",
         "physical_capacity": 2, "pupil_contact_ok": 1},
        {"candidate_id": "K0003", "pc4": "3817", "independent_travel": "onbekend",
         "education": "onbekend"},
    ],
}


def dutch_header(kind: str, spec: ColumnSpec) -> str:
    """The header the template uses for a column: its first Dutch alias."""
    return _HEADER_OVERRIDES.get((kind, spec.name), spec.aliases[0] if spec.aliases
                                 else spec.name)


def _columns(kind: str) -> list[ColumnSpec]:
    return [s for s in _SPECS[kind] if (kind, s.name) not in _LEFT_OUT]


def template_frames() -> dict[str, pd.DataFrame]:
    """The template's sheets as DataFrames: ``uitleg``, ``taken``, ``locaties``, ``kandidaten``."""
    sheets: dict[str, pd.DataFrame] = {"uitleg": _instructions()}
    for kind, sheet in SHEETS.items():
        specs = _columns(kind)
        rows = [[row.get(s.name, "") for s in specs] for row in _EXAMPLES[kind]]
        sheets[sheet] = pd.DataFrame(rows, columns=[dutch_header(kind, s) for s in specs])
    return sheets


def _instructions() -> pd.DataFrame:
    rows = [
        {"tabblad": "", "kolom": "Vul per tabblad één regel per taak, locatie of kandidaat in. "
         "Vervang de voorbeeldregels door je eigen gegevens. Upload dit werkboek in de app één "
         "keer, als takenbestand: de app leest de tabbladen taken, locaties en kandidaten "
         "(haal de voorbeeldkandidaten weg als je geen kandidaten hebt). Kandidaten alleen "
         "met pseudoniemen en de 4 cijfers van de postcode: namen, "
         "BSN, e-mail, telefoon en adressen worden geweigerd.",
         "verplicht": "", "betekenis": "", "voorbeeld": ""},
    ]
    for kind, sheet in SHEETS.items():
        for spec in _columns(kind):
            example = next((r[spec.name] for r in _EXAMPLES[kind] if spec.name in r), "")
            rows.append({
                "tabblad": sheet,
                "kolom": dutch_header(kind, spec),
                "verplicht": "ja" if spec.required else "nee",
                "betekenis": DESCRIPTIONS_NL[(kind, spec.name)],
                "voorbeeld": _example_text(example),
            })
    return pd.DataFrame(rows, columns=["tabblad", "kolom", "verplicht", "betekenis",
                                       "voorbeeld"])


def _example_text(value: object) -> str:
    """An example as a Dutch user types it (``2,5``, not ``2.5``)."""
    if isinstance(value, float):
        return nl_number(value, 2, strip=True)
    return str(value)


#: Drop-down lists of the template, per (sheet, header): the values offered, and whether
#: only those are allowed (``False``: a suggestion; others, e.g. ``ma,wo``, still go in).
DROPDOWNS: dict[tuple[str, str], tuple[tuple[str, ...], bool]] = {
    ("taken", "gebied"): (("conciërge", "klas", "administratie", "facilitair"), True),
    ("taken", "niveau"): (("1", "2", "3", "4"), True),
    # a suggestion only: "ma,wo" cannot be a list item (a comma separates the items)
    ("taken", "dagen"): (("ma-vr", "ma-do", "di-vr", "ma", "di", "wo", "do", "vr"), False),
    ("taken", "fysieke_belasting"): (("0", "1", "2"), True),
    ("taken", "leerlingcontact"): (("0", "1", "2"), True),
    ("taken", "carveerbaar"): (("ja", "nee"), True),
}
#: Rows (below the header) that get the drop-down lists.
DROPDOWN_ROWS = 500


def _dropdowns(sheet: Any, title: str, headers: list[str]) -> None:
    """Add the :data:`DROPDOWNS` of this sheet to its columns (rows 2 to 501)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for k, header in enumerate(headers, start=1):
        choice = DROPDOWNS.get((title, str(header)))
        if choice is None:
            continue
        values, strict = choice
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                              allow_blank=True, showErrorMessage=strict,
                              errorTitle="Waarde niet in de lijst",
                              error="Kies een waarde uit de lijst.")
        letter = get_column_letter(k)
        rule.add(f"{letter}2:{letter}{DROPDOWN_ROWS + 1}")
        sheet.add_data_validation(rule)


def template_xlsx() -> bytes:
    """The template workbook as ``.xlsx`` bytes (formula-safe, readable column widths)."""
    from openpyxl.utils import get_column_letter

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, frame in template_frames().items():
            safe_frame(frame).to_excel(writer, sheet_name=title, index=False)
            sheet = writer.sheets[title]
            sheet.freeze_panes = "A2"
            for k, column in enumerate(frame.columns, start=1):
                width = max([len(str(column)), *(len(str(v)) for v in frame[column])])
                sheet.column_dimensions[get_column_letter(k)].width = min(max(width + 2, 10), 60)
            _dropdowns(sheet, title, list(frame.columns))
    return buffer.getvalue()
