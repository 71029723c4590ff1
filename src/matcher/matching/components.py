"""The six score components of function x candidate pairs, and the knock-outs.

Each component is in [0, 1], NaN where its input is unknown (see ``docs/scoring.md``):

========== ==============================================================================
travel     ``1 - 0.8 * min(d / ref, 1)``, d the (approximate) km to the farthest site of the
           function, ref the candidate's max travel distance (or ``reference_km``); halved
           for a multi-site function when the candidate does not travel independently.
hours      closeness of the function's hours to the middle of the candidate's range.
level      1 when the candidate's education fits the function level exactly, 0.2 less per
           level of over-qualification.
availability  share of the function's working days on which the candidate is available.
load       fit of physical load and pupil contact against the candidate's self-declared
           capacity (0.5 less per step short).
wishes     share of the function's hours in the candidate's preferred areas.
========== ==============================================================================

**Knock-outs** (hard, only on known data; :data:`KNOCKOUT_CODES`): beyond max travel
distance; function hours outside the candidate's range; longest day above the candidate's
hours per day; level above the candidate's education; not available on a day the function
is fixed to.

The value functions are elementwise over aligned (or broadcasting) arrays, so dense scoring
and the candidate graph's tables of attribute classes get the same values. How components
make a score is :meth:`matcher.matching.weights.Weights.combine`.
"""

from __future__ import annotations

import numpy as np

from matcher.geo import haversine_km
from matcher.matching.tables import CandidateTable, FunctionTable, popcount
from matcher.matching.weights import Weights

__all__ = [
    "KNOCKOUT_CODES",
    "availability_value",
    "component_values",
    "farthest_km",
    "hours_value",
    "knock_rules",
    "knockouts",
    "level_value",
    "load_value",
    "travel_ref",
    "travel_value",
    "wishes_value",
]

#: The knock-out rules, in the order of the knock-out columns and counts.
KNOCKOUT_CODES: tuple[str, ...] = ("travel", "hours", "hours_per_day", "level", "days")


def farthest_km(ft: FunctionTable, ct: CandidateTable, site_lat: np.ndarray,
                site_lon: np.ndarray, f_idx: np.ndarray, c_idx: np.ndarray) -> np.ndarray:
    """Km from each candidate to the farthest site of the function, per pair (positions
    ``f_idx`` / ``c_idx``; sites at ``site_lat`` / ``site_lon``), NaN when unknown."""
    n_sites = ft.n_sites[f_idx]
    c_lat, c_lon = ct.lat[c_idx], ct.lon[c_idx]
    if len(f_idx) and (n_sites == 1).all():
        s = ft.site_idx[ft.site_ptr[f_idx]]
        return haversine_km(site_lat[s], site_lon[s], c_lat, c_lon)
    if not len(f_idx):
        return np.zeros(0)
    total = int(n_sites.sum())
    seg_start = np.cumsum(n_sites) - n_sites
    offsets = np.arange(total) - np.repeat(seg_start, n_sites)
    s = ft.site_idx[np.repeat(ft.site_ptr[f_idx], n_sites) + offsets]
    d = haversine_km(site_lat[s], site_lon[s], np.repeat(c_lat, n_sites),
                     np.repeat(c_lon, n_sites))
    d = np.where(np.isnan(d), np.inf, d)
    farthest = np.maximum.reduceat(d, seg_start)
    return np.where(np.isinf(farthest), np.nan, farthest)


def knock_rules(hours: np.ndarray, max_day: np.ndarray, level: np.ndarray,
                fixed_mask: np.ndarray, hmin: np.ndarray, hmax: np.ndarray,
                hday: np.ndarray, edu: np.ndarray, avail: np.ndarray,
                level_tolerance: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The non-travel knock-outs (hours, hours_per_day, level, days) of aligned (or
    broadcasting) function and candidate attributes; elementwise, so a table of classes
    gives the same values."""
    ko_hours = (~np.isnan(hmin) & (hours < hmin - 1e-9)) | \
        (~np.isnan(hmax) & (hours > hmax + 1e-9))
    ko_day = ~np.isnan(hday) & (max_day > hday + 1e-9)
    ko_level = ~np.isnan(edu) & (edu - level < -level_tolerance)
    known_days = avail >= 0
    n_avail = popcount(np.where(known_days, avail & 0b11111, 0))
    day_cap = np.where(np.isnan(hday), 8.0, hday)
    ko_days = known_days & (((fixed_mask & ~avail) != 0) | (n_avail * day_cap < hours - 1e-9))
    return ko_hours, ko_day, ko_level, ko_days


def knockouts(ft: FunctionTable, ct: CandidateTable, f_idx: np.ndarray, c_idx: np.ndarray,
              distance: np.ndarray, weights: Weights) -> np.ndarray:
    """The knock-out matrix (pairs x KNOCKOUT_CODES); cheap, so it runs on every pair."""
    max_km = ct.max_km[c_idx]
    ko_travel = ~np.isnan(max_km) & ~np.isnan(distance) & (distance > max_km + 1e-9)
    rest = knock_rules(ft.hours[f_idx], ft.max_day[f_idx], ft.level[f_idx],
                       ft.fixed_mask[f_idx], ct.hmin[c_idx], ct.hmax[c_idx], ct.hday[c_idx],
                       ct.edu[c_idx], ct.avail_mask[c_idx], weights.level_tolerance)
    return np.column_stack([ko_travel, *rest])


def travel_ref(max_km: np.ndarray, reference_km: float) -> np.ndarray:
    """The distance scale of the travel component per candidate."""
    return np.where(np.isnan(max_km), reference_km, np.maximum(max_km, 0.5))


def travel_value(distance: np.ndarray, ref: np.ndarray, halve: np.ndarray) -> np.ndarray:
    """The travel component; ``halve`` for a multi-site function when the candidate does
    not travel independently."""
    travel = 1 - 0.8 * np.minimum(distance / ref, 1.0)
    return np.where(halve, travel * 0.5, travel)


def hours_value(hours: np.ndarray, hmin: np.ndarray, hmax: np.ndarray) -> np.ndarray:
    """The hours component: closeness of the function's hours to the middle of the
    candidate's range (an unknown bound counts as 0 or 40; NaN when both are unknown)."""
    both_unknown = np.isnan(hmin) & np.isnan(hmax)
    lo = np.where(np.isnan(hmin), 0.0, hmin)
    hi = np.where(np.isnan(hmax), 40.0, hmax)
    half = np.maximum((hi - lo) / 2, 1.0)
    return np.where(both_unknown, np.nan,
                    1 - 0.5 * np.minimum(np.abs(hours - (lo + hi) / 2) / half, 1.0))


def level_value(edu: np.ndarray, level: np.ndarray) -> np.ndarray:
    """The level component: 1 for an exact fit, 0.2 less per level of
    over-qualification, 0 below the level (NaN when the education is unknown)."""
    gap = edu - level
    return np.where(np.isnan(edu), np.nan,
                    np.clip(np.where(gap >= 0, 1 - 0.2 * gap, 0.0), 0.0, 1.0))


def availability_value(days_mask: np.ndarray, avail: np.ndarray) -> np.ndarray:
    """The availability component: share of the function's working days on which the
    candidate is available (NaN when the days are unknown, mask -1)."""
    known_days = avail >= 0
    on_days = popcount(np.where(known_days, days_mask & avail, 0))
    n_days = popcount(days_mask).astype(float)
    return np.where(known_days, on_days / np.maximum(n_days, 1), np.nan)


def load_value(phys: np.ndarray, cont: np.ndarray, cap_p: np.ndarray,
               cap_c: np.ndarray) -> np.ndarray:
    """The load component: mean fit of physical load and pupil contact against the
    candidate's capacity (0.5 less per step short; NaN when both are unknown)."""
    fit_p = np.where(np.isnan(cap_p), np.nan,
                     np.where(cap_p >= phys, 1.0, np.clip(1 - 0.5 * (phys - cap_p), 0, 1)))
    fit_c = np.where(np.isnan(cap_c), np.nan,
                     np.where(cap_c >= cont, 1.0, np.clip(1 - 0.5 * (cont - cap_c), 0, 1)))
    counted = (~np.isnan(fit_p)).astype(int) + (~np.isnan(fit_c)).astype(int)
    return np.where(counted > 0, (np.nan_to_num(fit_p) + np.nan_to_num(fit_c))
                    / np.maximum(counted, 1), np.nan)


def wishes_value(area_share: np.ndarray, pref: np.ndarray,
                 pref_known: np.ndarray) -> np.ndarray:
    """The wishes component: share of the function's hours in the candidate's preferred
    areas (NaN when the preference is unknown)."""
    # an explicit sum in area order (not einsum), so every caller adds in the same order;
    # the last axis is the area (rows of pairs, or broadcasting grids of classes)
    total = area_share[..., 0] * pref[..., 0]
    for k in range(1, area_share.shape[-1]):
        total = total + area_share[..., k] * pref[..., k]
    return np.where(pref_known, total, np.nan)


def component_values(ft: FunctionTable, ct: CandidateTable, f_idx: np.ndarray,
                     c_idx: np.ndarray, distance: np.ndarray, weights: Weights) -> np.ndarray:
    """The six components (pairs x COMPONENTS), NaN where the input is unknown."""
    travel = travel_value(distance, travel_ref(ct.max_km[c_idx], weights.reference_km),
                          (ct.independent[c_idx] == 0) & (ft.n_sites[f_idx] > 1))
    hours = hours_value(ft.hours[f_idx], ct.hmin[c_idx], ct.hmax[c_idx])
    level = level_value(ct.edu[c_idx], ft.level[f_idx])
    availability = availability_value(ft.days_mask[f_idx], ct.avail_mask[c_idx])
    load = load_value(ft.physical[f_idx], ft.contact[f_idx], ct.cap_p[c_idx], ct.cap_c[c_idx])
    wishes = wishes_value(ft.area_share[f_idx], ct.pref[c_idx], ct.pref_known[c_idx])
    return np.column_stack([travel, hours, level, availability, load, wishes])
