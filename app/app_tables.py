"""Tables and texts of the Streamlit app: library results with Dutch headers and words.

Plain Python without Streamlit calls (the tests call it directly). Numbers and times are
formatted by :mod:`matcher.text.format`, fta by :func:`matcher.model.fta`; labels come
from :mod:`matcher.text.labels`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

import matcher
from matcher import quota as mquota
from matcher.errors import MatcherError
from matcher.inputs.schema import TASK_COLUMNS
from matcher.outputs.grid import clip_text
from matcher.outputs.template import dutch_header
from matcher.session import Workspace, function_of_anchor
from matcher.text.catalogue import Note
from matcher.text.format import format_days, nl_number
from matcher.text.labels import AREA_LABELS_NL, COMPONENT_LABELS_NL, LEVEL_NAMES_NL

__all__ = ["nl_number"]  # re-exported for the pages: the one Dutch number format

#: Optimisation goals of the assignment: code -> Dutch label.
OBJECTIVE_LABELS: dict[str, str] = {
    "placements": "Zoveel mogelijk mensen plaatsen",
    "score": "Hoogste totaalscore",
}

#: Carving scope: code -> Dutch label.
SCOPE_LABELS: dict[str, str] = {
    "board": "Over het hele bestuur (een functie mag locaties combineren)",
    "site": "Per locatie (elke locatie apart, één locatie per functie)",
    "around": "Rond de kandidaten (uren passend bij de kandidaten in de buurt)",
}

#: Carving speed: code -> Dutch label.
METHOD_LABELS: dict[str, str] = {
    "fast": "Snel (enkele seconden)",
    "thorough": "Grondig (standaard van matcher; kan een minuut of langer duren)",
}

#: Threshold readings of the quotum: code -> Dutch label.
BASIS_LABELS: dict[str, str] = {
    "employees": "25 werknemers of meer",
    "jobs": "25 banen (fte van 25,5 uur) of meer",
}

TARGET_HELP = ("Het aantal banen (fta) dat het bestuur wil of moet realiseren. Ter "
               "vergelijking: SZW schatte de quotumtaak 2024 op 5,9 banen voor een gemiddelde "
               "vo-school en 0,8 voor een gemiddelde po-school (> 25 fte).")

#: The carving form's Dutch labels by the CarveParams fields its problems name.
CARVE_FIELDS_NL: dict[str, str] = {
    "target_hours": "Doel-uren per functie", "min_hours": "Minimum uren",
    "max_hours": "Maximum uren", "max_areas": "Max. gebieden per functie",
    "max_sites": "Max. locaties per functie",
    "day_start": "Open van", "day_end": "Open tot", "flex_start": "Open van",
    "pupil_start": "Leerlingen van", "pupil_end": "Leerlingen tot",
    "max_site_changes": "Locatiewissels per dag", "min_piece": "Kortste blok (minuten)",
    "min_day_hours": "Minimum uren per werkdag", "max_idle_per_day": "Max. wachttijd per dag",
    "max_start_spread": "Verschil in begintijd", "max_level_spread": "Max. niveauverschil",
}

#: The quotum form's Dutch labels by the field names its problems use.
QUOTA_FIELDS_NL: dict[str, str] = {
    "year": "Jaar", "percentage": "Quotumpercentage", "levy_per_job": "Heffing per "
    "ontbrekende baan", "source": "Bron van het percentage", "date": "Datum van de bron",
    "levy_source": "Bron van het heffingsbedrag", "threshold": "Drempel",
    "employees": "Aantal werknemers", "hours_per_week": "Betaalde uren per week",
    "realised_jobs": "Al gerealiseerde banen", "basis": "Drempel",
}


def sentences(texts: Iterable[str]) -> str:
    """Texts joined with semicolons into one sentence ending in a full stop."""
    return "; ".join(str(t).rstrip(". ") for t in texts) + "."


def rules_nl(error: MatcherError) -> str:
    """The rules of an error's problems in Dutch, joined with semicolons."""
    return sentences(p.message("nl") for p in getattr(error, "problems", []))


def field_problems_nl(error: MatcherError, labels: Mapping[str, str]) -> str:
    """The problems of a form in Dutch, each after its field's label (``labels``)."""
    problems = getattr(error, "problems", [])
    return sentences(f"{labels.get(p.column, p.column)}: {p.message('nl')}" for p in problems)


def carve_problems_nl(error: MatcherError) -> str:
    """The problems of the carving form in Dutch, each after its field's label."""
    return field_problems_nl(error, CARVE_FIELDS_NL)


def quota_problems_nl(error: MatcherError) -> str:
    """The problems of the quotum form in Dutch, each after its field's label."""
    return field_problems_nl(error, QUOTA_FIELDS_NL)


def warnings_nl(warnings: Sequence[str]) -> tuple[str, ...]:
    """The loaders' warnings in Dutch, from their codes (a plain text stays as it is)."""
    return tuple(w.message.text("nl") if isinstance(w, Note) else w for w in warnings)


#: What "banen (fta)" means, where it appears.
FTA_HELP = ("Banen voor de banenafspraak: 1 baan is 25,5 betaalde uren per week (fta: "
            "fulltime-aequivalent van 25,5 uur). Kleinere en grotere functies tellen naar "
            "rato. Voorstellen tellen pas mee als ze vervuld zijn.")


def created_fta(carving: matcher.Carving) -> float:
    """fta of all functions of the carving (their hours / 25.5, two decimals)."""
    return mquota.total_fta(carving.functions)


SCALE_NL: dict[int, str] = {0: "laag", 1: "middel", 2: "hoog"}

COVERAGE_LABELS_NL: dict[str, str] = {
    "location": "woonplaats (pc4)",
    "max_travel_km": "maximale reisafstand",
    "independent_travel": "zelfstandig reizen",
    "hours_per_week": "uren per week",
    "hours_per_day_max": "maximaal uren per dag",
    "days_available": "beschikbare dagen",
    "education": "opleiding",
    "preferred_areas": "voorkeursgebieden",
    "physical_capacity": "fysieke belastbaarheid",
    "pupil_contact_ok": "leerlingcontact",
}


def area_nl(areas: tuple[str, ...] | list[str] | None) -> str:
    """Dutch labels of areas, joined with commas (empty for none)."""
    return ", ".join(AREA_LABELS_NL.get(a, a) for a in areas or ())


def level_nl(level: int) -> str:
    """Level with its Dutch name: ``2 (eenvoudig)``."""
    return f"{level} ({LEVEL_NAMES_NL.get(level, '?')})"


def site_names(inventory: matcher.Inventory, sites: tuple[str, ...] | list[str]) -> str:
    """Readable names of site ids, joined with commas."""
    return ", ".join(inventory.sites.name(s) for s in sites)


def tasks_table(inventory: matcher.Inventory) -> pd.DataFrame:
    """The inventory with Dutch headers and values."""
    rows = [
        {
            "taak": t.task_id,
            "omschrijving": t.description,
            "gebied": AREA_LABELS_NL.get(t.area, t.area),
            "uren per week": t.hours,
            "niveau": level_nl(t.level),
            "locatie": inventory.sites.name(t.site),
            "tijd": t.when,
            "fysieke belasting": SCALE_NL.get(t.physical_load, str(t.physical_load)),
            "leerlingcontact": SCALE_NL.get(t.pupil_contact, str(t.pupil_contact)),
            "huidige uitvoerder": t.current_role or "onbekend",
            "carveerbaar": "ja" if t.carvable else "nee",
        }
        for t in inventory.tasks
    ]
    return pd.DataFrame(rows)


def totals(inventory: matcher.Inventory, by: str) -> pd.DataFrame:
    """Hours a week and fta per ``gebied``, ``huidige uitvoerder`` or ``locatie``."""
    table = tasks_table(inventory)
    out = (table.groupby(by, sort=False)["uren per week"].agg(["count", "sum"])
           .rename(columns={"count": "taken", "sum": "uren per week"})
           .sort_values("uren per week", ascending=False).reset_index())
    out["uren per week"] = out["uren per week"].round(2)
    out["fta"] = [matcher.fta(h) for h in out["uren per week"]]
    return out


def function_tasks_table(function: matcher.Function, inventory: matcher.Inventory
                         ) -> pd.DataFrame:
    """The tasks of one function: id, omschrijving, gebied, uren, tijd, locatie."""
    return pd.DataFrame([
        {"taak": t.task_id, "omschrijving": t.description,
         "gebied": AREA_LABELS_NL.get(t.area, t.area), "uren per week": t.hours,
         "tijd": t.when, "locatie": inventory.sites.name(t.site)}
        for t in function.tasks
    ])


def unplaced_table(carving: matcher.Carving) -> pd.DataFrame:
    """Tasks that are in no function, with the Dutch reason."""
    allocation = carving.allocation
    left = allocation[allocation["function_id"] == ""]
    rows = []
    for _, row in left.iterrows():
        task = carving.inventory.task(str(row["task_id"]))
        rows.append({"taak": task.task_id, "omschrijving": task.description,
                     "gebied": AREA_LABELS_NL.get(task.area, task.area),
                     "uren per week": task.hours, "reden": row["reason"]})
    return pd.DataFrame(rows, columns=["taak", "omschrijving", "gebied", "uren per week",
                                       "reden"])


def coverage_table(pool: matcher.Pool) -> pd.DataFrame:
    """Per profile field how many profiles have it known, with Dutch labels."""
    cov = pool.coverage()
    return pd.DataFrame({
        "veld": [COVERAGE_LABELS_NL.get(f, f) for f in cov["field"]],
        "bekend": cov["known"].astype(int),
        "onbekend": cov["unknown"].astype(int),
        "% bekend": (cov["share_known"] * 100).round(1),
    })


def _yes_no(value: float) -> str:
    if pd.isna(value):
        return "onbekend"
    return "ja" if value else "nee"


def unknown_or(value: Any, digits: int = 1) -> str:
    """A number as Dutch text, or 'onbekend' when it is unknown (never an empty cell)."""
    if value is None or pd.isna(value):
        return "onbekend"
    text = nl_number(float(value), digits)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _known(value: Any, render: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "onbekend"
    return str(render(value))


def profiles_table(pool: matcher.Pool) -> pd.DataFrame:
    """Candidate profiles with Dutch headers; numbers stay numbers (empty = unknown)."""
    return profiles_table_frame(pool.frame)


def profiles_table_frame(f: pd.DataFrame) -> pd.DataFrame:
    """Profiles of a pool frame with Dutch headers (with the distance when it was computed)."""
    out = pd.DataFrame({
        "kandidaat": f["candidate_id"],
        "pc4": [p or "onbekend" for p in f["pc4"]],
    })
    if "distance_km" in f.columns:
        out["afstand (km, benaderd)"] = [unknown_or(v) for v in f["distance_km"]]
    out = out.assign(**{
        "max. reisafstand (km)": [unknown_or(v) for v in f["max_travel_km"]],
        "zelfstandig reizen": [_yes_no(v) for v in f["independent_travel"]],
        "min. uren per week": [unknown_or(v) for v in f["hours_per_week_min"]],
        "max. uren per week": [unknown_or(v) for v in f["hours_per_week_max"]],
        "max. uren per dag": [unknown_or(v) for v in f["hours_per_day_max"]],
        "beschikbare dagen": [_known(d, format_days) for d in f["days_available"]],
        "opleiding": [e if isinstance(e, str) and e else "onbekend" for e in f["education"]],
        "voorkeursgebieden": [_known(a, area_nl) for a in f["preferred_areas"]],
        "fysieke belastbaarheid": [_known(v, lambda x: SCALE_NL[int(x)])
                                   for v in f["physical_capacity"]],
        "leerlingcontact": [_known(v, lambda x: SCALE_NL[int(x)])
                            for v in f["pupil_contact_ok"]],
    })
    return out.reset_index(drop=True)


def component_labels() -> dict[str, str]:
    """Dutch names of the six score components, in :data:`matcher.COMPONENTS` order."""
    return {c: COMPONENT_LABELS_NL[c] for c in matcher.COMPONENTS}


def assignment_table(assignment: matcher.Assignment, carving: matcher.Carving) -> pd.DataFrame:
    """The chosen pairs: functie, titel, kandidaat, score (Dutch text: ``0,790``)."""
    titles = {f.function_id: f.title for f in carving.functions}
    pairs = assignment.pairs
    pinned = pairs["pinned"] if "pinned" in pairs.columns else [False] * len(pairs)
    return pd.DataFrame({
        "functie": pairs["function_id"],
        "titel": [titles[f] for f in pairs["function_id"]],
        "kandidaat": pairs["candidate_id"],
        "score": [nl_number(float(v), 3) for v in pairs["score"]],
        "afgesproken": ["ja" if p else "nee" for p in pinned],
    })


def shortlist_table(short: pd.DataFrame) -> pd.DataFrame:
    """One function's shortlist with Dutch headers and decimal commas (scores have a fixed
    number of decimals, so sorting the text sorts the numbers); an empty component is unknown."""
    labels = component_labels()
    out = pd.DataFrame({
        "rang": short["rank"],
        "kandidaat": short["candidate_id"],
        "score": [nl_number(float(v), 3) for v in short["score"]],
        "zekerheid": [nl_number(float(v), 2) for v in short["confidence"]],
    })
    for c, label in labels.items():
        out[label] = [unknown_or(v, 2) for v in short[c]]
    out["toegewezen"] = ["ja" if a else "nee" for a in short["assigned"]]
    out["uitleg"] = short["explanation"]
    return out.reset_index(drop=True)


def components_chart(row: pd.Series, weights: matcher.Weights) -> pd.DataFrame:
    """Component values of one pair for a bar chart; unknown ones count as ``unknown_value``.

    Unknown components are named so in the label, so the chart does not rely on colour.
    """
    values = {}
    for c, label in component_labels().items():
        value = row[c]
        if pd.isna(value):
            values[f"{label} (onbekend)"] = float(weights.unknown_value)
        else:
            values[label] = float(value)
    return pd.DataFrame({"waarde": list(values.values())}, index=list(values.keys()))


# --------------------------------------------------------------------------------------
# Pins


def task_pins_table(carving: matcher.Carving | None, pins: Sequence[tuple[str, str]],
                    inventory: matcher.Inventory) -> pd.DataFrame:
    """Task pins for display: taak, omschrijving, vastgepind bij (anchor), functie nu."""
    owner = ({t: f.function_id for f in carving.functions for t in f.task_ids}
             if carving is not None else {})
    known = {t.task_id: t for t in inventory.tasks}
    rows = [{"taak": t,
             "omschrijving": clip_text(known[t].description, 50) if t in known else "onbekend",
             "vastgepind bij taak": a,
             "functie nu": owner.get(a, "geen functie"),
             "status": ("samen" if owner.get(t) is not None and owner.get(t) == owner.get(a)
                        else "niet samen")}
            for t, a in pins]
    return pd.DataFrame(rows, columns=["taak", "omschrijving", "vastgepind bij taak",
                                       "functie nu", "status"])


def candidate_pins_table(carving: matcher.Carving, pins: Sequence[tuple[str, str]],
                         pool: matcher.Pool | None) -> pd.DataFrame:
    """Candidate pins for display: functie, titel, kandidaat, status."""
    ids = set(pool.ids) if pool is not None else set()
    active = Workspace(carving.inventory, pool, carving=carving,
                       candidate_pins=tuple(pins)).active_candidate_pins()
    rows = []
    for anchor, candidate_id in pins:
        home = function_of_anchor(carving, anchor)
        if home is None:
            status = f"vervallen: taak {anchor} zit in geen functie"
        elif candidate_id not in ids:
            status = "kandidaat niet geladen"
        elif active.get(home.function_id) != candidate_id:
            status = "vervallen: functie of kandidaat al vastgezet"
        else:
            status = "geldt"
        rows.append({"functie": home.function_id if home is not None else "–",
                     "titel": home.title if home is not None else "–",
                     "kandidaat": candidate_id, "status": status})
    return pd.DataFrame(rows, columns=["functie", "titel", "kandidaat", "status"])


def task_options(carving: matcher.Carving) -> dict[str, str]:
    """Every task for the move selector: id -> 'id – description (function)'."""
    owner = {t: f.function_id for f in carving.functions for t in f.task_ids}
    return {t.task_id: f"{t.task_id} – {clip_text(t.description, 50)} "
                       f"({owner.get(t.task_id, 'niet geplaatst')})"
            for t in carving.inventory.tasks}


# --------------------------------------------------------------------------------------
# fta per site and board


def _target_columns(out: pd.DataFrame, target: pd.Series, share: pd.Series) -> pd.DataFrame:
    """Add 'doel (fta)' and '% van doel' as text ('–' where no target is set)."""
    out["doel (fta)"] = ["–" if pd.isna(t) else nl_number(float(t), 2) for t in target]
    out["% van doel"] = ["–" if pd.isna(v) else f"{v:.0%}" for v in share]
    return out


def site_table(carving: matcher.Carving, targets: dict[str, float]) -> pd.DataFrame:
    """fta per site with Dutch headers (and the target and share where one is set)."""
    frame = mquota.jobs_by_site(carving.functions, carving.inventory.sites, targets)
    out = pd.DataFrame({
        "locatie": frame["name"], "bestuur": frame["board"].replace("", "onbekend"),
        "functies": frame["functions"], "uren per week": frame["hours_per_week"],
        "fta": frame["fta"],
    })
    return _target_columns(out, frame["target"], frame["share"])


def board_table(carving: matcher.Carving, target: float | None) -> pd.DataFrame:
    """fta per board with Dutch headers, against the board target."""
    frame = mquota.jobs_by_board(carving.functions, carving.inventory.sites, target or 0.0)
    out = pd.DataFrame({
        "bestuur": frame["board"].replace("", "onbekend"), "locaties": frame["sites"],
        "functies": frame["functions"], "uren per week": frame["hours_per_week"],
        "fta": frame["fta"],
    })
    return _target_columns(out, frame["target"], frame["share"])


# --------------------------------------------------------------------------------------
# Task editor

#: Editor columns: canonical name -> header (the template's Dutch header).
EDITOR_COLUMNS: dict[str, str] = {spec.name: dutch_header("tasks", spec) for spec in TASK_COLUMNS}


def editor_frame(inventory: matcher.Inventory) -> pd.DataFrame:
    """The inventory as the task editor shows it: Dutch headers and values."""
    frame = inventory.to_frame()
    frame["area"] = [AREA_LABELS_NL.get(a, a) for a in frame["area"]]
    frame["carvable"] = [c == "yes" for c in frame["carvable"]]
    frame["hours_per_week"] = frame["hours_per_week"].astype(float)
    for column in ("level", "physical_load", "pupil_contact"):
        frame[column] = frame[column].astype("Int64")
    return frame.rename(columns=EDITOR_COLUMNS)


def cell_text(value: Any) -> str:
    """An editor cell as a file would hold it: empty for missing, ja/nee for a tick."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nee"
    if isinstance(value, float | np.floating):
        return f"{float(value):g}"
    return str(value)


def check_edited_tasks(frame: pd.DataFrame, sites: matcher.Sites
                       ) -> matcher.Inventory | pd.DataFrame:
    """Validate an edited task table through the loader; return the inventory or the problems.

    The cells go to :func:`matcher.load_tasks` as a DataFrame of text, as a file would
    have them (no CSV round trip). Problems come as a table with columns rij (the row in
    the editor, 1 = first task), kolom, probleem and waarde.
    """
    try:
        return matcher.load_tasks(frame.map(cell_text), sites=sites, name="takentabel")
    except matcher.InputError as error:
        raw = error.to_frame("nl")
        raw["rij"] = [int(r) - 1 if pd.notna(r) else None for r in raw["rij"]]
        return raw[["rij", "kolom", "probleem", "waarde"]]


def site_points(inventory: matcher.Inventory | None) -> pd.DataFrame:
    """The schools' sites with a known place: ``name``, ``lat``, ``lon`` (for the map)."""
    if inventory is None:
        return pd.DataFrame(columns=["name", "lat", "lon"])
    frame = inventory.sites.frame
    return frame.loc[frame["lat"].notna() & frame["lon"].notna(),
                     ["name", "lat", "lon"]].reset_index(drop=True)


def pc4_background(points: pd.DataFrame, sites: pd.DataFrame, margin: float = 0.05
                   ) -> pd.DataFrame:
    """PC4 centres (``lat``, ``lon``) inside the box around the profiles and the schools,
    plus ``margin`` degrees: the faint dots that give the map its shape."""
    from matcher.geo import pc4_table

    table = pc4_table()
    lats = pd.concat([points["lat"], sites["lat"]]).astype(float)
    lons = pd.concat([points["lon"], sites["lon"]]).astype(float)
    if lats.empty:
        return pd.DataFrame(columns=["lat", "lon"])
    inside = (table["lat"].between(lats.min() - margin, lats.max() + margin)
              & table["lon"].between(lons.min() - margin, lons.max() + margin))
    return table.loc[inside, ["lat", "lon"]].reset_index(drop=True)
