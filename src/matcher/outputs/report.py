"""Output files of the carve and match stages (CSV with BOM, formula-safe) and summaries."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from matcher.carving import Carving
from matcher.carving.relax import Relaxation, relaxation_frame
from matcher.matching.assign import Assignment
from matcher.matching.score import PairScores
from matcher.matching.weights import COMPONENTS
from matcher.outputs.description import build_profiles
from matcher.outputs.dutch import to_dutch
from matcher.outputs.files import write_csv
from matcher.outputs.profiles import profiles_markdown, profiles_xlsx
from matcher.text.format import format_time

__all__ = ["carving_summary_text", "match_summary_text", "write_carving", "write_match",
           "write_table"]


def write_table(frame: pd.DataFrame, path: Path, dutch: bool = False) -> Path:
    """Write an output table: in the data form (``,``, decimal point, the column names and
    codes of the library) or, ``dutch``, for a Dutch Excel (:func:`matcher.outputs.dutch.
    to_dutch`: Dutch headers and words, ``;`` and a decimal comma)."""
    if dutch:
        return write_csv(to_dutch(frame), path, sep=";", decimal=",")
    return write_csv(frame, path)


def write_carving(carving: Carving, out: str | Path,
                  relaxations: Sequence[Relaxation] | None = None, *,
                  dutch: bool = False) -> list[Path]:
    """Write ``functions.csv``, ``task_allocation.csv``, ``schedule.csv`` (work, breaks and
    travel), ``sites.csv`` (hours and fta per site), the function descriptions
    ``profiles.md`` and ``profiles.xlsx`` (hoofdtaken, week grid, whose work it takes over,
    supervision) and, when relaxations were tried, ``relaxations.csv`` (what each gives).
    The CSV files are in the data form, or for a Dutch Excel when ``dutch``
    (:func:`write_table`)."""
    out = Path(out)
    allocation = carving.allocation[["task_id", "function_id", "reason_code", "reason"]]
    written = [
        write_table(carving.functions_frame(), out / "functions.csv", dutch),
        write_table(allocation, out / "task_allocation.csv", dutch),
        write_table(carving.schedule_frame(), out / "schedule.csv", dutch),
        write_table(carving.site_report(), out / "sites.csv", dutch),
    ]
    profiles = build_profiles(carving)  # once for both documents
    markdown = out / "profiles.md"
    markdown.write_text(profiles_markdown(carving, profiles), encoding="utf-8")
    workbook = out / "profiles.xlsx"
    workbook.write_bytes(profiles_xlsx(carving, profiles))
    if relaxations is not None:
        written.append(write_table(relaxation_frame(relaxations), out / "relaxations.csv",
                                   dutch))
    return [*written, markdown, workbook]


def write_match(scores: PairScores, assignment: Assignment, shortlist: pd.DataFrame,
                out: str | Path, candidate_shortlist: pd.DataFrame | None = None, *,
                dutch: bool = False) -> list[Path]:
    """Write ``shortlist.csv``, ``assignment.csv``, ``unassigned.csv``, ``pairs.csv`` and,
    when given, ``candidate_shortlist.csv`` (the best functions per candidate), in the
    data form or for a Dutch Excel (``dutch``, :func:`write_table`)."""
    out = Path(out)
    pairs = scores.frame[["function_id", "candidate_id", "feasible", "score", "confidence",
                          "distance_km", *COMPONENTS, "knockouts"]].copy()
    pairs["feasible"] = pairs["feasible"].map({True: "true", False: "false"})
    short = shortlist[["function_id", "rank", "candidate_id", "score", *COMPONENTS,
                       "confidence", "assigned", "explanation"]]
    written = [
        write_table(short, out / "shortlist.csv", dutch),
        write_table(assignment.pairs, out / "assignment.csv", dutch),
        write_table(assignment.unassigned[["kind", "id", "reason"]], out / "unassigned.csv",
                    dutch),
        write_table(pairs, out / "pairs.csv", dutch),
    ]
    if candidate_shortlist is not None:
        written.append(write_table(candidate_shortlist, out / "candidate_shortlist.csv",
                                   dutch))
    return written


def carving_summary_text(carving: Carving,
                         relaxations: Sequence[Relaxation] | None = None) -> str:
    """A few lines summarising a carving (and what relaxing a rule would give), for the
    terminal."""
    s = carving.summary()
    lines = [
        f"{s['functions']} functions, {s['carved_hours']:g} h a week carved = {s['fta']:.2f} fta "
        f"({s['carved_share']:.0%} of the inventory's {s['inventory_hours']:g} h; "
        f"{s['carved_share_of_carvable']:.0%} of the carvable hours)",
        f"mean coherence {s['mean_coherence']:.2f}; idle time inside working days "
        f"{s['idle_hours_per_week']:g} h a week; {s['unplaced_tasks']} task(s) not placed "
        "(see task_allocation.csv)",
        f"workable weeks: travel {s['travel_hours_per_week']:g} h and "
        f"{s['site_changes_per_week']} site change(s) a week, breaks "
        f"{s['break_hours_per_week']:g} h, start times at most "
        f"{s['max_start_spread_minutes']} min apart; {s['functions_with_warnings']} "
        "function(s) with a warning",
    ]
    if carving.budget_cut:
        lines.append("time budget used up: this is the best carving found in time; tasks "
                     "not examined are marked time_budget in task_allocation.csv")
    for f in carving.functions:
        w = f.workability
        lines.append(f"  {f.function_id}  {f.hours:5.2f} h  {f.fta:.2f} fta  level {f.level}  "
                     f"{f.title}  [{format_time(w['first_start'])}-"
                     f"{format_time(w['last_end'])}, {len(f.days)} days, "
                     f"{w['site_changes_week']} site change(s), travel {w['travel_week']} min]")
        lines += [f"      ! {note}" for note in f.warnings]
    if relaxations:
        lines.append("what relaxing one rule would give (workable weeks, relaxations.csv):")
        lines += [f"  {r.text()}" for r in relaxations]
    return "\n".join(lines)


def match_summary_text(scores: PairScores, assignment: Assignment) -> str:
    """A few lines summarising scoring and assignment, for the terminal."""
    frame = scores.frame
    feasible = int(frame["feasible"].sum())
    table = scores.functions
    family = table.ids.astype(str) if table.parent is None else np.where(
        table.parent >= 0, table.ids[np.maximum(table.parent, 0)], table.ids).astype(str)
    slot_family = dict(zip(table.ids.astype(str), family, strict=True))
    filled = {slot_family[f] for f in assignment.pairs["function_id"]}
    split = sum(1 for f in filled if (assignment.pairs["function_id"]
                                      .map(slot_family) == f).sum() > 1)
    lines = [
        f"{len(frame):,} pairs kept ({scores.method} scoring), {feasible:,} feasible; "
        "distances are approximate (4-digit postcode centres)",
        f"assignment ({assignment.objective}): {len(filled)} of {len(set(family))} functions "
        f"filled" + (f" ({split} by two part-timers)" if split else "") +
        f", {assignment.placements} people placed, total score {assignment.total_score:.3f}",
    ]
    for _, row in assignment.pairs.iterrows():
        lines.append(f"  {row['function_id']} <- {row['candidate_id']}  score {row['score']:.3f}")
    unfilled = assignment.unassigned[assignment.unassigned["kind"] == "function"]
    for _, row in unfilled.iterrows():
        lines.append(f"  {row['id']} unfilled: {row['reason']}")
    return "\n".join(lines)
