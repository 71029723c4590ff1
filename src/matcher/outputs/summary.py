"""The session summary: a short Dutch report of a functiecreatie session in Markdown.

Functions with their hours and fta against the board's target, fta per site, pinned and
unplaced tasks, the assignment (pseudonyms only, agreed pairs marked) and the quotum.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import pandas as pd

from matcher.carving import Carving
from matcher.matching.weights import COMPONENTS, Weights
from matcher.quota import QuotaResult, jobs_by_site, total_fta
from matcher.session.pins import TaskPin
from matcher.session.scope import Scope
from matcher.text.format import euro, nl_number
from matcher.text.labels import COMPONENT_LABELS_NL

__all__ = ["summary_markdown"]


def _nl(value: float, digits: int = 2) -> str:
    """A Dutch number with thousands points: ``1.234,56``."""
    return nl_number(value, digits, thousands=True)


def _cell(text: object) -> str:
    return str(text).replace("|", "/").replace("\n", " ")


def summary_markdown(
    carving: Carving,
    *,
    source: str = "",
    fta_target: float | None = None,
    site_targets: dict[str, float] | None = None,
    assignment_pairs: pd.DataFrame | None = None,
    quota_result: QuotaResult | None = None,
    quota_if_filled: QuotaResult | None = None,
    weights: Weights | None = None,
    scope: Scope = "board",
    date: str | None = None,
    task_pins: Sequence[TaskPin] = (),
) -> str:
    """A short Dutch session report in Markdown: functions, fta against the targets,
    fta per site, pinned and unplaced tasks, the assignment (pseudonyms only; agreed pairs
    marked when ``assignment_pairs`` has a ``pinned`` column) and the quotum: as it is
    (``quota_result``, realised jobs only) and, apart, as it would be when the proposed
    functions are filled (``quota_if_filled``)."""
    inventory = carving.inventory
    lines = [f"# Sessieverslag functiecreatie ({date or dt.date.today().isoformat()})", ""]
    if source:
        lines += [f"Gegevens: {source}.", ""]
    p = carving.params
    created = total_fta(carving.functions)
    lines += [
        "## Functies",
        "",
        f"Indeling {'per locatie' if scope == 'site' else 'over het hele bestuur'}; "
        f"doel {_nl(p.target_hours, 1)} uur per functie, band {_nl(p.min_hours, 1)}-"
        f"{_nl(p.max_hours, 1)} uur.",
        "",
        "| functie | titel | uren per week | fta | niveau | locaties | vastgezet |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for f in carving.functions:
        lines.append(f"| {f.function_id} | {_cell(f.title)} | {_nl(f.hours, 2)} | "
                     f"{_nl(f.fta)} | {f.level} | "
                     f"{_cell(', '.join(inventory.sites.name(s) for s in f.sites))} | "
                     f"{'ja' if f.locked else 'nee'} |")
    lines += ["", f"Totaal: {len(carving.functions)} functies, {_nl(created)} fta "
              f"(uren / 25,5)."]
    if fta_target:
        lines.append(f"Doel van het bestuur: {_nl(fta_target)} fta; gecreëerd "
                     f"{created / fta_target:.0%} van het doel.")
    for f in carving.functions:
        for warning in f.warnings:
            lines.append(f"- Let op, {f.function_id}: {warning}")
    per_site = jobs_by_site(carving.functions, inventory.sites, site_targets or {})
    lines += ["", "## fta per locatie", "",
              "| locatie | functies | uren per week | fta | doel |", "|---|---:|---:|---:|---:|"]
    for _, row in per_site.iterrows():
        target = float(row.get("target", math.nan))
        lines.append(f"| {_cell(row['name'])} | {row['functions']} | "
                     f"{_nl(row['hours_per_week'])} | {_nl(row['fta'])} | "
                     f"{'-' if math.isnan(target) else _nl(target)} |")
    lines += ["", "Een functie op meer locaties telt naar rato van haar uren per locatie."]
    if task_pins:
        owner = {t: f.function_id for f in carving.functions for t in f.task_ids}
        lines += ["", "## Vastgepinde taken", "",
                  "Deze taken blijven bij opnieuw maken bij de functie van de genoemde taak.", ""]
        for task_id, anchor in task_pins:
            lines.append(f"- {task_id} bij {anchor} (nu in "
                         f"{owner.get(task_id, 'geen functie')}).")
    left = carving.allocation[carving.allocation["function_id"] == ""]
    lines += ["", "## Niet geplaatste taken", ""]
    if left.empty:
        lines.append("Alle taken zitten in een functie.")
    else:
        lines.append(f"{len(left)} taken ({_nl(float(left['hours_per_week'].sum()), 1)} uur "
                     "per week) zitten in geen functie:")
        lines.append("")
        for _, row in left.iterrows():
            lines.append(f"- {row['task_id']}: {_cell(row['reason'])}")
    if assignment_pairs is not None:
        lines += ["", "## Toewijzing (pseudoniemen)", ""]
        if assignment_pairs.empty:
            lines.append("Geen functie heeft een haalbare kandidaat.")
        else:
            lines += ["| functie | kandidaat | score | afgesproken |", "|---|---|---:|---|"]
            for _, row in assignment_pairs.iterrows():
                agreed = "ja" if bool(row.get("pinned", False)) else "nee"
                lines.append(f"| {row['function_id']} | {row['candidate_id']} | "
                             f"{_nl(float(row['score']))} | {agreed} |")
        if weights is not None:
            parts = ", ".join(f"{COMPONENT_LABELS_NL[k]} {_nl(getattr(weights, k))}"
                              for k in COMPONENTS)
            lines += ["", f"Gewichten: {parts}."]
    if quota_result is not None:
        q = quota_result
        qp = q.params
        lines += [
            "", "## Quotum", "",
            f"Werknemersbanen {_nl(q.employer_jobs)} (uren / 25,5); quotum {_nl(qp.percentage)}% "
            f"({qp.year}) = {_nl(q.required_jobs)} banen; nu gerealiseerd "
            f"{_nl(q.realised_jobs)}; tekort nu {_nl(q.missing_jobs)}.",
            f"Quotumregeling van toepassing: {'ja' if q.applies else 'nee'} "
            f"({q.employees} werknemers; drempel {qp.threshold}).",
            f"Mogelijke heffing: {euro(q.levy)} ({euro(qp.levy_per_job)} per "
            f"ontbrekende baan{'' if qp.levy_confirmed else ', onbevestigd: controleer'}).",
            f"Bron percentage: {qp.source} ({qp.date}).",
        ]
        if quota_if_filled is not None:
            full = quota_if_filled
            extra = _nl(full.realised_jobs - q.realised_jobs)
            lines.append(
                f"Als de voorgestelde functies vervuld worden ({extra} fta erbij, nog niet "
                f"gerealiseerd): tekort {_nl(full.missing_jobs)}, mogelijke heffing "
                f"{euro(full.levy)}.")
        if q.sources_disagree:
            lines.append("Let op: de bronnen noemen als drempel zowel 25 werknemers als 25 fte; "
                         "die geven hier een verschillend antwoord.")
    lines += ["", "matcher stelt voor; de school beslist.", ""]
    return "\n".join(lines)
