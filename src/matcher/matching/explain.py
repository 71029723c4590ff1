"""The Dutch explanation of one scored pair: what fits, what knocks it out, what is unknown.

The sentences are Dutch user text; every number in them is written by
:mod:`matcher.text.format`.
"""

from __future__ import annotations

import pandas as pd

from matcher.inputs.schema import AREAS
from matcher.matching.tables import FunctionTable
from matcher.model import Sites
from matcher.text.format import format_days, hours_text
from matcher.text.labels import (
    AREA_LABELS_NL,
    DAY_NAMES_NL,
    KNOCKOUT_LABELS_NL,
    LEVEL_NAMES_NL,
)

__all__ = ["explain_pair"]


def explain_pair(row: pd.Series, functions: FunctionTable, f: int, profile: pd.Series,
                 sites: Sites) -> str:
    """A short Dutch explanation of one scored pair, naming knock-outs and unknowns."""
    parts: list[str] = []
    unknown: list[str] = []
    n_sites = int(functions.n_sites[f])
    hours = float(functions.hours[f])
    level = int(functions.level[f])
    days = [d for d in range(7) if functions.days_mask[f] >> d & 1]
    d = row["distance_km"]
    if pd.isna(d):
        unknown.append("reisafstand")
    else:
        limit = profile["max_travel_km"]
        text = ("reisafstand minder dan 1 km" if d < 1 else
                f"reisafstand ca. {hours_text(float(d))} km")
        text += f" (max {hours_text(float(limit))} km)" if pd.notna(limit) else \
            " (max onbekend)"
        if profile["independent_travel"] == 0 and n_sites > 1:
            text += ", reist niet zelfstandig tussen locaties"
        parts.append(text)
    hmin, hmax = profile["hours_per_week_min"], profile["hours_per_week_max"]
    if pd.isna(hmin) and pd.isna(hmax):
        unknown.append("uren per week")
    else:
        lo = hours_text(hmin) if pd.notna(hmin) else "?"
        hi = hours_text(hmax) if pd.notna(hmax) else "?"
        parts.append(f"{hours_text(hours)} u per week (wil {lo}-{hi} u)")
    if pd.notna(profile["hours_per_day_max"]):
        parts.append(f"langste dag {hours_text(float(functions.max_day[f]))} u (max "
                     f"{hours_text(profile['hours_per_day_max'])} u)")
    if pd.isna(profile["education_level"]):
        unknown.append("opleiding")
    else:
        parts.append(f"niveau {level} ({LEVEL_NAMES_NL[level]}) bij opleiding "
                     f"{profile['education']}")
    available = profile["days_available"]
    if not isinstance(available, tuple):
        unknown.append("beschikbare dagen")
    else:
        missing = [d for d in days if d not in available]
        if missing:
            parts.append("niet beschikbaar op " + ", ".join(DAY_NAMES_NL[d] for d in missing))
        else:
            parts.append(f"beschikbaar op alle werkdagen ({format_days(days)})")
    if pd.isna(row["load"]):
        unknown.append("belastbaarheid")
    elif row["load"] < 1:
        parts.append("belasting hoger dan opgegeven belastbaarheid")
    else:
        parts.append("belasting past")
    prefs = profile["preferred_areas"]
    if not isinstance(prefs, tuple) or not prefs:
        unknown.append("voorkeur")
    else:
        areas = [a for k, a in enumerate(AREAS) if functions.area_share[f, k] > 0]
        wished = [AREA_LABELS_NL[a] for a in areas if a in prefs]
        parts.append(f"voorkeur {', '.join(AREA_LABELS_NL[a] for a in prefs)}: "
                     + (f"past ({', '.join(wished)})" if wished else "past niet"))
    text = "; ".join(parts)
    if row["knockouts"]:
        reasons = [KNOCKOUT_LABELS_NL[c] for c in str(row["knockouts"]).split(";")]
        text = "Valt af: " + ", ".join(reasons) + ". " + text
    if unknown:
        text += f". Onbekend: {', '.join(unknown)} (telt neutraal, zekerheid " \
                f"{row['confidence']:.0%})"
    return text + "."
