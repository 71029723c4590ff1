"""What would help when little or nothing can be carved: the relaxations a consultant tries.

When a carving places less than :data:`RELAX_BELOW` of the carvable hours,
:func:`relaxations` re-carves the inventory under each relaxation of one rule (more sites or
areas per function, functions from 12 hours, a wider level band, tasks split by day, longer
opening hours), each started from the current carving, so that a looser rule never gives
less (the heuristic never ends below its warm start). Each result counts workable weeks:
the looser rule changes only that rule, every rule of the week still holds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from matcher.carving.carver import carve
from matcher.carving.params import CarveParams, SolverParams
from matcher.carving.result import Carving
from matcher.model import fta
from matcher.text.format import format_time, nl_number

__all__ = ["RELAX_BELOW", "Relaxation", "needs_relaxing", "relaxation_frame", "relaxations"]

#: Share of the carvable hours below which :func:`relaxations` is worth running.
RELAX_BELOW = 0.7

#: Functions of at least this many hours count pro rata and suit the many candidates who
#: want fewer hours: the lowest minimum a relaxation tries.
SMALL_FUNCTION_HOURS = 12.0


@dataclass(frozen=True)
class Relaxation:
    """One relaxed rule and what the carving under it gives (in workable weeks)."""

    rule: str
    setting: str
    label: str
    functions: int
    hours: float
    fta: float
    carving: Carving
    #: hours the carving it started from had (a relaxation that adds none says so)
    base_hours: float = 0.0

    @property
    def helps(self) -> bool:
        """Whether it carves more hours than the carving it started from."""
        return self.hours > self.base_hours + 1e-9

    def text(self) -> str:
        """``Met maximaal 6 locaties per functie: 1 functie van 29,5 uur (1,16 fta)``."""
        if not self.functions:
            return f"{self.label}: geen functie"
        each = "functie" if self.functions == 1 else "functies"
        found = (f"{self.functions} {each} van samen "
                 f"{nl_number(self.hours, 2, strip=True)} uur ({nl_number(self.fta, 2)} fta)")
        if not self.helps:
            return f"{self.label}: geen verbetering ({found})"
        return f"{self.label}: {found}"


def needs_relaxing(carving: Carving) -> bool:
    """Whether the carving places less than :data:`RELAX_BELOW` of the carvable hours."""
    return carving.summary()["carved_share_of_carvable"] < RELAX_BELOW


def _options(carving: Carving) -> list[tuple[str, str, str, CarveParams]]:
    """The relaxations that loosen a rule of ``carving.params``: (rule, setting, Dutch
    label, params)."""
    p = carving.params
    tasks = [t for t in carving.inventory.tasks if t.carvable]
    n_sites = len({t.site for t in tasks})
    n_areas = len({t.area for t in tasks})
    out: list[tuple[str, str, str, CarveParams]] = []
    sites = min(n_sites, max(6, p.max_sites + 1))
    if sites > p.max_sites:
        out.append(("max_sites", str(sites), f"Met maximaal {sites} locaties per functie",
                    replace(p, max_sites=sites)))
    areas = min(n_areas, p.max_areas + 2)
    if areas > p.max_areas:
        out.append(("max_areas", str(areas), f"Met maximaal {areas} werkgebieden per functie",
                    replace(p, max_areas=areas)))
    if p.min_hours > SMALL_FUNCTION_HOURS:
        low = SMALL_FUNCTION_HOURS
        out.append(("min_hours", f"{low:g}", f"Met functies vanaf {low:g} uur (tellen naar "
                    "rato mee)", replace(p, min_hours=low)))
    spread = p.max_level_spread + 1
    if spread <= 3:
        out.append(("max_level_spread", str(spread),
                    f"Met een niveauverschil tot {spread} binnen een functie",
                    replace(p, max_level_spread=spread)))
    if not p.split_days:
        out.append(("split_days", "ja", "Met taken per dag te verdelen over functies",
                    replace(p, split_days=True)))
    s = p.schedule
    early, late = min(s.day_start, 7 * 60), max(s.day_end, 18 * 60 + 30)
    if (early, late) != (s.day_start, s.day_end):
        out.append(("opening_hours", f"{format_time(early)}-{format_time(late)}",
                    f"Met werk tussen {format_time(early)} en {format_time(late)}",
                    replace(p, schedule=replace(s, day_start=early, day_end=late,
                                                flex_start=max(s.flex_start, early)))))
    return out


def relaxations(carving: Carving, solver: SolverParams | None = None,
                progress: Callable[[int, int, str], None] | None = None) -> list[Relaxation]:
    """Re-carve under each relaxation of one rule, started from ``carving``; best first.

    ``progress(done, total, label)`` is called before each re-carve. Locked functions stay
    locked; every result keeps the ids of the functions it carries on.

    Under a time budget (``carving.deadline``) the relaxations share the time the carve
    left (each re-carve gets the time left over the relaxations still to try); none is
    tried when the budget cut the carve short or too little time is left for a carve of
    this inventory, so the whole run keeps its budget.
    """
    options = _options(carving)
    if carving.deadline is not None and (carving.budget_cut or not _time_for(
            carving, len(options))):
        return []
    locked = [list(f.task_ids) for f in carving.functions if f.locked]
    warm = [list(f.task_ids) for f in carving.functions if not f.locked]
    earlier = {f.function_id: f.task_ids for f in carving.functions}
    out: list[Relaxation] = []
    base = round(sum(f.hours for f in carving.functions), 2)
    for k, (rule, setting, label, params) in enumerate(options):
        settings = solver or carving.solver
        if carving.deadline is not None:
            left = carving.deadline - time.monotonic()
            if not _time_for(carving, len(options) - k):
                break
            settings = replace(settings, time_budget=left / (len(options) - k))
        if progress is not None:
            progress(k, len(options), label)
        result = carve(carving.inventory, params, solver=settings, locked=locked,
                       warm_start=warm, earlier=earlier)
        hours = round(sum(f.hours for f in result.functions), 2)
        out.append(Relaxation(rule, setting, label, len(result.functions), hours, fta(hours),
                              result, base))
    if progress is not None:
        progress(len(options), len(options), "")
    order = {rule: k for k, (rule, *_) in enumerate(options)}
    return sorted(out, key=lambda r: (-r.hours, -r.functions, order[r.rule]))


def _time_for(carving: Carving, options: int) -> bool:
    """Whether the time left before ``carving.deadline`` holds ``options`` more carves of
    its inventory: at least a second each, plus a millisecond a task (building the
    problem and checking every task alone)."""
    assert carving.deadline is not None
    need = options * (1.0 + 1e-3 * len(carving.inventory.tasks))
    return carving.deadline - time.monotonic() >= need


def relaxation_frame(found: Sequence[Relaxation]) -> pd.DataFrame:
    """``relaxations.csv``: rule, setting, functions, hours, fta and the Dutch line."""
    return pd.DataFrame(
        [{"rule": r.rule, "setting": r.setting, "functions": r.functions, "hours": r.hours,
          "fta": r.fta, "toelichting": r.text()} for r in found],
        columns=["rule", "setting", "functions", "hours", "fta", "toelichting"])
