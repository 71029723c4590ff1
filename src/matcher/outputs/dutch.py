"""The CLI's CSV files the way a Dutch school opens them, and back.

:func:`to_dutch` turns an output table (``functions.csv``, ``shortlist.csv``, ...) into the
table a person reads: Dutch headers (:data:`HEADERS_NL`), areas and knock-out rules in
Dutch, ``ja``/``nee`` for yes and no, lists separated by ``", "``; written with ``;`` and a
decimal comma (:func:`matcher.outputs.files.dutch_csv_bytes`), a Dutch Excel opens it as
columns and numbers. :func:`from_dutch` reads such a table back into the column names
and codes of the data form, so ``carve --from functions.csv`` takes either form.

>>> import pandas as pd
>>> frame = pd.DataFrame({"function_id": ["F01"], "areas": ["concierge;classroom"],
...                       "locked": [True]})
>>> list(to_dutch(frame).iloc[0])
['F01', 'conciërge, klas', 'ja']
>>> list(from_dutch(to_dutch(frame).astype(str)).iloc[0])
['F01', 'concierge;classroom', 'True']
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from matcher.matching.weights import COMPONENTS
from matcher.text.labels import AREA_LABELS_NL, COMPONENT_LABELS_NL, KNOCKOUT_LABELS_NL

__all__ = ["HEADERS_NL", "SCORE_HEADERS_NL", "from_dutch", "is_dutch", "read_output_csv",
           "to_dutch"]

#: The Dutch header of every column the CLI writes, by its name in the data form.
HEADERS_NL: dict[str, str] = {
    # functions.csv
    "function_id": "functie", "title": "functietitel", "hours_per_week": "uren per week",
    "fta": "banen (fta)", "level": "niveau", "areas": "gebieden", "sites": "locaties",
    "days": "dagen", "task_ids": "taken", "n_tasks": "aantal taken",
    "max_hours_per_day": "langste dag (uren)", "physical_load": "fysieke belasting",
    "pupil_contact": "leerlingcontact", "coherence": "samenhang", "schedule": "rooster",
    "site_changes_max_day": "locatiewissels (meeste op een dag)",
    "site_changes_week": "locatiewissels per week", "shortest_piece": "kortste blok (min)",
    "idle_max_day": "wachttijd (meeste op een dag, min)",
    "idle_week": "wachttijd per week (uren)", "break_week": "pauze per week (uren)",
    "travel_week": "reistijd per week (uren)", "start_spread": "verschil begintijden (min)",
    "first_start": "vroegste begin", "last_end": "laatste eind", "locked": "vastgezet",
    "warnings": "waarschuwingen",
    # task_allocation.csv, schedule.csv, sites.csv
    "task_id": "taak", "reason_code": "reden (code)", "reason": "reden", "day": "dag",
    "start": "begin", "end": "eind", "site": "locatie", "fixed": "vaste tijd", "kind": "soort",
    "name": "naam", "board": "bestuur", "inventory_hours": "uren in de inventaris",
    "carved_hours": "uren in functies",
    # relaxations.csv
    "rule": "regel", "setting": "instelling", "functions": "functies", "hours": "uren",
    "toelichting": "toelichting",
    # matching
    "candidate_id": "kandidaat (pseudoniem)", "rank": "rang", "score": "score",
    "confidence": "zekerheid", "assigned": "toegewezen", "explanation": "toelichting",
    "feasible": "mogelijk", "distance_km": "afstand (km)", "knockouts": "uitgesloten door",
    "id": "id", "pc4": "woongebied", "education_level": "opleidingsniveau",
    "hours_per_week_max": "uren per week (max)", "generalised": "grover gemaakt",
    "travel": "reistijd",
}
#: The Dutch headers of the score components (``level`` is a function's level elsewhere):
#: a table with a ``travel`` column is a table of scores.
SCORE_HEADERS_NL: dict[str, str] = {c: f"score {COMPONENT_LABELS_NL[c]}" for c in COMPONENTS}

_NUMBER = re.compile(r"^-?\d+(,\d+)?$")
_YES_NO = {"True": "ja", "False": "nee", "true": "ja", "false": "nee"}
_KIND_NL = {"function": "functie", "candidate": "kandidaat"}
#: Columns holding lists (``;`` in the data form, ``", "`` for people), and their codes.
_LISTS: dict[str, dict[str, str]] = {
    "areas": AREA_LABELS_NL, "sites": {}, "task_ids": {}, "knockouts": KNOCKOUT_LABELS_NL,
}
_BOOLEAN = ("locked", "fixed", "assigned", "feasible")


def _headers(columns: list[str]) -> dict[str, str]:
    scores = SCORE_HEADERS_NL if "travel" in columns else {}
    return {c: scores.get(c, HEADERS_NL.get(c, c)) for c in columns}


def to_dutch(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (an output table in the data form) for people: Dutch headers and words."""
    out = frame.copy()
    for column, codes in _LISTS.items():
        if column in out.columns:
            out[column] = [", ".join(codes.get(v, v) for v in str(x).split(";") if v)
                           if isinstance(x, str) else x for x in out[column]]
    for column in _BOOLEAN:
        if column in out.columns:
            out[column] = [_YES_NO.get(str(x), x) for x in out[column]]
    if "kind" in out.columns and "id" in out.columns:  # unassigned.csv
        out["kind"] = [_KIND_NL.get(str(x), x) for x in out["kind"]]
    return out.rename(columns=_headers(list(out.columns)))


def is_dutch(columns: list[str]) -> bool:
    """True when ``columns`` are the Dutch headers of :func:`to_dutch`."""
    dutch = set(HEADERS_NL.values()) | set(SCORE_HEADERS_NL.values())
    return any(c in dutch and c not in HEADERS_NL for c in columns)


def from_dutch(frame: pd.DataFrame) -> pd.DataFrame:
    """A table :func:`to_dutch` wrote (read as text) back in the data form: the column names
    and codes, ``;`` between list items, ``True``/``False``, decimal points."""
    back = {v: k for k, v in HEADERS_NL.items()} | {v: k for k, v in SCORE_HEADERS_NL.items()}
    if "regel" in frame.columns:  # relaxations.csv: "uren" is the hours carved
        back["uren"] = "hours"
        back["toelichting"] = "toelichting"
    out = frame.rename(columns={c: back.get(c, c) for c in frame.columns})
    for column, codes in _LISTS.items():
        if column in out.columns:
            words = {v: k for k, v in codes.items()}
            out[column] = [";".join(words.get(v, v) for v in str(x).split(", ") if v)
                           for x in out[column]]
    for column in _BOOLEAN:
        if column in out.columns:  # pairs.csv writes "true"/"false" in the data form
            yes_no = {"ja": "true", "nee": "false"} if column == "feasible" else \
                {"ja": "True", "nee": "False"}
            out[column] = [yes_no.get(str(x), x) for x in out[column]]
    if "kind" in out.columns and "id" in out.columns:
        kinds = {v: k for k, v in _KIND_NL.items()}
        out["kind"] = [kinds.get(str(x), x) for x in out["kind"]]
    for column in out.columns:  # a column of numbers with a decimal comma
        values = [str(x) for x in out[column] if str(x) != ""]
        if values and all(_NUMBER.match(v) for v in values) and any("," in v for v in values):
            out[column] = [str(x).replace(",", ".") for x in out[column]]
    return out


def read_output_csv(path: str | Path) -> pd.DataFrame:
    """An output CSV of an earlier run in either form (for a Dutch Excel, or the data form),
    as text in the data form (:func:`from_dutch`)."""
    path = Path(path)
    first = path.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False,
                        sep=";" if first.count(";") > first.count(",") else ",")
    return from_dutch(frame) if is_dutch(list(frame.columns)) else frame
