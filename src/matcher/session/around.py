"""Carving around the candidate pool: shape functions to the people who can reach the school.

Schools search "too much from vacancies and too little from the candidate". This mode
looks at the profiles that can actually reach the inventory's sites (known location,
within their maximum travel distance, or ``reference_km`` when that is unknown) and
derives carving settings from them:

* the hour band and target from their wished hours (quartiles of the lower and upper
  bounds, median of the middle), clipped to 12-32 hours;
* the hours per day from the median of their ``hours_per_day_max``;
* the level band: at most the level most of them reach.

It carves the default settings and each such variant, matches every carving against the
pool (exact assignment, placements first) and keeps the one that places the most people,
then counts the most fta, then has the best total score. Because the default carving is
one of the variants, the result is never worse on that order than carving first and
matching after; :class:`AroundResult` reports both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from matcher.carving import CarveParams, Carving, SolverParams, carve
from matcher.geo import haversine_km
from matcher.matching.assign import Assignment, assign
from matcher.matching.score import score_pairs
from matcher.matching.tables import FunctionTable
from matcher.matching.weights import Weights
from matcher.model import Inventory, Pool

__all__ = ["AroundResult", "carve_around_pool", "reachable"]


@dataclass(frozen=True)
class AroundResult:
    """The chosen carving, its assignment, and every variant that was tried."""

    carving: Carving
    assignment: Assignment
    label: str
    variants: list[dict[str, object]]


def reachable(inventory: Inventory, pool: Pool, reference_km: float = 15.0) -> np.ndarray:
    """Positions of profiles with a known location that reach at least one site."""
    frame = pool.frame
    sites = inventory.sites.frame
    lat, lon = frame["lat"].to_numpy(float), frame["lon"].to_numpy(float)
    limit = frame["max_travel_km"].to_numpy(float)
    limit = np.where(np.isnan(limit), reference_km, limit)
    best = np.full(len(frame), np.inf)
    for s_lat, s_lon in zip(sites["lat"].to_numpy(float), sites["lon"].to_numpy(float),
                            strict=True):
        if np.isnan(s_lat) or np.isnan(s_lon):
            continue
        best = np.fmin(best, haversine_km(s_lat, s_lon, lat, lon))
    return np.flatnonzero(best <= limit)


#: the exact method's limits for every variant: they are compared by placements, so each
#: gets a quick carving (heuristic plus the exact method's first stage above 32 tasks)
#: instead of a proof that can take a minute per variant on a 33-40 task school
VARIANT_EXACT_MAX_TASKS = 32
VARIANT_EXACT_WORK = 4_000_000


def _variants(inventory: Inventory, pool: Pool, base: CarveParams,
              reference_km: float) -> list[tuple[str, CarveParams]]:
    """Carving settings derived from the reachable profiles (plus the defaults)."""
    out = [("standaard", base)]
    near = pool.frame.iloc[reachable(inventory, pool, reference_km)]
    lo = near["hours_per_week_min"].dropna().to_numpy(float)
    hi = near["hours_per_week_max"].dropna().to_numpy(float)
    if len(lo) < 5 or len(hi) < 5:
        return out
    day = near["hours_per_day_max"].dropna().to_numpy(float)
    per_day = float(np.median(day)) if len(day) else base.schedule.max_hours_per_day
    per_day = min(max(per_day, 4.0), base.schedule.max_hours_per_day)
    schedule = replace(base.schedule, max_hours_per_day=per_day,
                       target_hours_per_day=min(base.schedule.target_hours_per_day, per_day))
    for label, q_lo, q_hi in (("rond de kandidaten", 25, 75), ("kleinere functies", 10, 50)):
        low = float(np.clip(np.percentile(lo, q_lo), 12, 30))
        high = float(np.clip(np.percentile(hi, q_hi), low + 2, 32))
        target = float(np.clip(np.median((lo[: len(hi)] + hi[: len(lo)]) / 2), low, high))
        out.append((label, replace(base, min_hours=low, target_hours=target, max_hours=high,
                                   schedule=schedule)))
    return out


def carve_around_pool(inventory: Inventory, pool: Pool, params: CarveParams | None = None,
                      weights: Weights | None = None, reference_km: float = 15.0, *,
                      solver: SolverParams | None = None) -> AroundResult:
    """Carve variants shaped by the reachable pool and keep the one that matches best.

    Order of preference: most people placed, then most fta carved, then best total
    score of the optimal assignment. Every variant, the defaults' too, is carved with
    the exact method's limits capped at :data:`VARIANT_EXACT_MAX_TASKS` tasks and
    :data:`VARIANT_EXACT_WORK` (a quick carving per variant, not a proof), so the
    "standaard" variant can differ from ``carve(inventory, params)`` on 33-40 task
    pools. Deterministic for the same inputs and seed.
    """
    base = params or CarveParams()
    solver = solver or SolverParams()
    solver = replace(solver, exact_max_tasks=min(solver.exact_max_tasks, VARIANT_EXACT_MAX_TASKS),
                     exact_work=min(solver.exact_work, VARIANT_EXACT_WORK))
    rows: list[dict[str, object]] = []
    best: tuple[tuple[float, float, float], str, Carving, Assignment] | None = None
    for label, variant in _variants(inventory, pool, base, reference_km):
        carving = carve(inventory, variant, solver=solver)
        table = FunctionTable.from_functions(carving.functions, inventory.sites)
        assignment = assign(score_pairs(table, pool, inventory.sites, weights))
        summary = carving.summary()
        key = (float(assignment.placements), float(summary["fta"]), assignment.total_score)
        rows.append({"variant": label, "min_hours": variant.min_hours,
                     "target_hours": round(variant.target_hours, 2),
                     "max_hours": variant.max_hours,
                     "max_hours_per_day": variant.schedule.max_hours_per_day,
                     "functions": summary["functions"], "fta": summary["fta"],
                     "placements": assignment.placements,
                     "total_score": assignment.total_score})
        if best is None or key > best[0]:
            best = (key, label, carving, assignment)
    assert best is not None
    return AroundResult(best[2], best[3], best[1], rows)
