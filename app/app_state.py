"""Session-state plumbing and display helpers of the Streamlit app.

Everything here is plain Python over the :mod:`matcher` API, without Streamlit calls, so the
tests can call it directly: loading the demo or uploaded files (all problems at once), the
default values of the session state, and turning library frames into tables with Dutch
headers. Computations stay in the library; this module only formats and routes.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

import matcher
from matcher.carve import FTA_HOURS
from matcher.parsing import format_days, format_time
from matcher.schema import AREA_LABELS_NL, DAY_NAMES_NL, LEVEL_NAMES_NL, WORK_DAYS
from matcher.score import COMPONENT_LABELS_NL

# --------------------------------------------------------------------------------------
# Session state

#: Demo inventories offered on the start page: name -> Dutch label.
DEMO_LABELS: dict[str, str] = {
    "vo": "Eemland College (vo)",
    "po": "Stichting PO De Gelderse Vallei (po)",
}

#: Optimisation goals of the assignment: code -> Dutch label.
OBJECTIVE_LABELS: dict[str, str] = {
    "placements": "Zoveel mogelijk mensen plaatsen",
    "score": "Hoogste totaalscore",
}

_DEFAULT_WEIGHTS = matcher.Weights()
_DEFAULT_CARVE = matcher.CarveParams()

#: Widget keys whose value must survive a page switch, with their defaults. Streamlit drops
#: the state of widgets that are not on the current page; the entrypoint writes these keys
#: back on every run so that the choices made on one page are still there on return.
WIDGET_DEFAULTS: dict[str, Any] = {
    "demo_choice": "vo",
    "use_demo_candidates": False,
    "carve_target": float(_DEFAULT_CARVE.target_hours),
    "carve_min": float(_DEFAULT_CARVE.min_hours),
    "carve_max": float(_DEFAULT_CARVE.max_hours),
    "carve_max_areas": int(_DEFAULT_CARVE.max_areas),
    "carve_max_sites": int(_DEFAULT_CARVE.max_sites),
    "objective": "placements",
    **{f"w_{name}": float(getattr(_DEFAULT_WEIGHTS, name)) for name in matcher.COMPONENTS},
}

#: Data keys of the session state and their empty values.
DATA_DEFAULTS: dict[str, Any] = {
    "inventory": None,  # matcher.Inventory
    "pool": None,  # matcher.Pool
    "source": "",  # what is loaded, in words
    "load_problems": None,  # DataFrame with Dutch headers, when the last load failed
    "load_warnings": (),  # tuple of str from the loaders
    "carving": None,  # matcher.Carving
}


def init_state(state: MutableMapping[str, Any]) -> None:
    """Fill in missing session-state keys and keep widget values across page switches."""
    for key, value in DATA_DEFAULTS.items():
        state.setdefault(key, value)
    for key, value in WIDGET_DEFAULTS.items():
        # Re-assigning detaches the value from the widget, so it survives leaving the page.
        state[key] = state.get(key, value)


def ensure_option(state: MutableMapping[str, Any], key: str, options: list[Any]) -> None:
    """Forget a selectbox value that is no longer among its options (e.g. after re-carving)."""
    if key in state and state[key] not in options:
        del state[key]


@dataclass(frozen=True)
class Loaded:
    """Inputs that passed validation: inventory, optional pool, and the loaders' warnings."""

    inventory: matcher.Inventory
    pool: matcher.Pool | None
    warnings: tuple[str, ...]
    source: str


def set_loaded(state: MutableMapping[str, Any], loaded: Loaded) -> None:
    """Put freshly loaded inputs in the session state and drop results of the old inputs."""
    state["inventory"] = loaded.inventory
    state["pool"] = loaded.pool
    state["source"] = loaded.source
    state["load_warnings"] = loaded.warnings
    state["load_problems"] = None
    state["carving"] = None


def load_demo(name: str) -> Loaded:
    """Load one of the shipped demos (tasks, sites and the synthetic candidate pool)."""
    files = matcher.demo_files(name)
    inventory = matcher.load_tasks(files.tasks, files.sites)
    pool = matcher.load_candidates(files.candidates)
    return Loaded(inventory, pool, inventory.warnings + pool.warnings,
                  f"demo: {files.title}")


def load_uploads(
    tasks_bytes: bytes, tasks_name: str,
    sites_bytes: bytes | None = None, sites_name: str | None = None,
    cand_bytes: bytes | None = None, cand_name: str | None = None,
) -> Loaded | pd.DataFrame:
    """Load uploaded files; return the loaded inputs, or every problem of every file.

    All files are checked before anything is returned, so a user sees the problems of the
    task, sites and candidates files in one table (Dutch headers: bestand, rij, kolom,
    regel, waarde). Nothing is half-loaded: one problem anywhere means no inputs.
    """
    problems: list[pd.DataFrame] = []
    sites = None
    if sites_bytes is not None:
        try:
            sites = matcher.load_sites(sites_bytes, name=sites_name or "locaties")
        except matcher.InputError as error:
            problems.append(error.to_frame())
    inventory = None
    try:
        inventory = matcher.load_tasks(tasks_bytes, sites=sites, name=tasks_name)
    except matcher.InputError as error:
        problems.append(error.to_frame())
    pool = None
    if cand_bytes is not None:
        try:
            pool = matcher.load_candidates(cand_bytes, name=cand_name or "kandidaten")
        except matcher.InputError as error:
            problems.append(error.to_frame())
    if problems or inventory is None:
        return problems_nl(pd.concat(problems, ignore_index=True))
    warnings = inventory.warnings + (pool.warnings if pool is not None else ())
    names = [n for n in (tasks_name, sites_name if sites_bytes is not None else None,
                         cand_name if cand_bytes is not None else None) if n]
    return Loaded(inventory, pool, warnings, "bestanden: " + ", ".join(names))


def demo_pool() -> matcher.Pool:
    """The synthetic demo candidate pool (for uploads without a candidates file)."""
    return matcher.load_candidates(matcher.demo_files("vo").candidates)


# --------------------------------------------------------------------------------------
# Formatting

PROBLEM_HEADERS_NL: dict[str, str] = {
    "file": "bestand", "row": "rij", "column": "kolom", "rule": "regel", "value": "waarde",
}

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


def nl_number(value: float, digits: int = 1) -> str:
    """A number with a decimal comma: ``25,5``."""
    return f"{value:.{digits}f}".replace(".", ",")


def fta(hours: float) -> float:
    """Jobs (fta) of a number of hours a week, two decimals."""
    return round(hours / FTA_HOURS, 2)


def problems_nl(frame: pd.DataFrame) -> pd.DataFrame:
    """A problems frame (file, row, column, rule, value) with Dutch headers."""
    return frame.rename(columns=PROBLEM_HEADERS_NL)[list(PROBLEM_HEADERS_NL.values())]


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
    out["fta"] = [fta(h) for h in out["uren per week"]]
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


def week_grid(function: matcher.Function, inventory: matcher.Inventory) -> pd.DataFrame:
    """The function's week: one row per school day with its time blocks as text.

    A block reads ``08:30-10:00 VO-001 kopieerwerk voor docenten``. When the function works
    at more than one site, the site name goes before the first block of the day and before
    every block where the site changes (the gap before it is travel time). Days without
    work say so in words.
    """
    names = {t.task_id: t.description for t in function.tasks}
    several_sites = len(function.sites) > 1
    work = function.schedule.minutes_per_day()
    rows = []
    for day in WORK_DAYS:
        blocks = [b for b in function.schedule.blocks if b.day == day]
        texts = []
        site = None
        for b in blocks:
            text = ""
            if several_sites and b.site != site:
                text = f"{inventory.sites.name(b.site)}: "
                site = b.site
            text += f"{format_time(b.start)}-{format_time(b.end)} {b.task_id} "
            text += _short(names.get(b.task_id, ""))
            if b.fixed:
                text += " [vaste tijd]"
            texts.append(text)
        rows.append({
            "dag": DAY_NAMES_NL[day],
            "uren": nl_number(work.get(day, 0) / 60),
            "blokken": " · ".join(texts) if texts else "geen werk",
        })
    return pd.DataFrame(rows)


def _short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


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


def _known(value: Any, render: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "onbekend"
    return str(render(value))


def profiles_table(pool: matcher.Pool) -> pd.DataFrame:
    """Candidate profiles with Dutch headers; numbers stay numbers (empty = unknown)."""
    f = pool.frame
    return pd.DataFrame({
        "kandidaat": f["candidate_id"],
        "pc4": [p or "onbekend" for p in f["pc4"]],
        "max. reisafstand (km)": f["max_travel_km"],
        "zelfstandig reizen": [_yes_no(v) for v in f["independent_travel"]],
        "min. uren per week": f["hours_per_week_min"],
        "max. uren per week": f["hours_per_week_max"],
        "max. uren per dag": f["hours_per_day_max"],
        "beschikbare dagen": [_known(d, format_days) for d in f["days_available"]],
        "opleiding": f["education"],
        "voorkeursgebieden": [_known(a, area_nl) for a in f["preferred_areas"]],
        "fysieke belastbaarheid": [_known(v, lambda x: SCALE_NL[int(x)])
                                   for v in f["physical_capacity"]],
        "leerlingcontact": [_known(v, lambda x: SCALE_NL[int(x)])
                            for v in f["pupil_contact_ok"]],
    })


def weights_from_state(state: MutableMapping[str, Any]) -> matcher.Weights:
    """Weights from the slider values (raises :class:`matcher.InputError` when invalid)."""
    return matcher.Weights(**{c: float(state[f"w_{c}"]) for c in matcher.COMPONENTS})


def component_labels() -> dict[str, str]:
    """Dutch names of the six score components, in :data:`matcher.COMPONENTS` order."""
    return {c: COMPONENT_LABELS_NL[c] for c in matcher.COMPONENTS}


def assignment_table(assignment: matcher.Assignment, carving: matcher.Carving) -> pd.DataFrame:
    """The chosen pairs: functie, titel, kandidaat, score."""
    titles = {f.function_id: f.title for f in carving.functions}
    pairs = assignment.pairs
    return pd.DataFrame({
        "functie": pairs["function_id"],
        "titel": [titles[f] for f in pairs["function_id"]],
        "kandidaat": pairs["candidate_id"],
        "score": pairs["score"].round(3),
    })


def shortlist_table(short: pd.DataFrame) -> pd.DataFrame:
    """One function's shortlist with Dutch headers (empty component = unknown)."""
    labels = component_labels()
    out = pd.DataFrame({
        "rang": short["rank"],
        "kandidaat": short["candidate_id"],
        "score": short["score"].round(3),
        "zekerheid": short["confidence"].round(2),
    })
    for c, label in labels.items():
        out[label] = short[c].round(2)
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
