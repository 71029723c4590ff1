"""Exploring the candidate pool, like the Kandidatenverkenner, but unknown is unknown.

:func:`filter_pool` keeps the profiles that pass a distance, hours, education and days
filter, with the approximate distance to a site; :func:`education_options` lists the
education values present in a pool in a sensible order (for a filter's choices).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from matcher.geo import haversine_km
from matcher.model import Pool, Sites

__all__ = ["EDUCATION_ORDER", "UNKNOWN_EDUCATION", "education_options", "filter_pool"]

#: The value that stands for an unknown education in filters.
UNKNOWN_EDUCATION = "onbekend"

#: Education values from low to high, as a filter lists them (unknown last).
EDUCATION_ORDER: tuple[str, ...] = (
    "geen", "pro", "vso", "entree", "mbo-1", "vmbo", "mbo-2", "mbo-3", "mbo-4", "havo",
    "vwo", "hbo", "wo", UNKNOWN_EDUCATION)


def _education(value: object) -> str:
    return str(value) if isinstance(value, str) and value else UNKNOWN_EDUCATION


def education_options(pool: Pool) -> list[str]:
    """Education values present in the pool, in :data:`EDUCATION_ORDER` (others after,
    sorted); an unknown education is :data:`UNKNOWN_EDUCATION`."""
    present = {_education(e) for e in pool.frame["education"]}
    return [e for e in EDUCATION_ORDER if e in present] + sorted(present - set(EDUCATION_ORDER))


def filter_pool(pool: Pool, sites: Sites | None, site: str | None, max_km: float,
                hours: tuple[float, float], educations: Sequence[str], days: Sequence[int],
                include_unknown: bool = True) -> pd.DataFrame:
    """Profiles that pass the filters, with the approximate distance to ``site`` (km).

    Like the Kandidatenverkenner, but unknown is unknown: with ``include_unknown`` a
    profile whose field is unknown passes that filter; without it, only known matches
    pass. Filters: straight-line distance from the site (PC4 precision) at most
    ``max_km``; hours a week wanted overlapping ``hours``; education among
    ``educations`` (empty = any); available on every day in ``days``. Returns the pool's
    frame rows with a column ``distance_km`` (one decimal; NaN when unknown).
    """
    f = pool.frame
    keep = np.ones(len(f), dtype=bool)
    distance = np.full(len(f), np.nan)
    if site and sites is not None and site in sites.ids:
        row = sites.frame[sites.frame["site"] == site].iloc[0]
        if pd.notna(row["lat"]):
            distance = haversine_km(float(row["lat"]), float(row["lon"]),
                                    f["lat"].to_numpy(float), f["lon"].to_numpy(float))
            known = ~np.isnan(distance)
            keep &= np.where(known, distance <= max_km, include_unknown)
    low, high = hours
    hmin = f["hours_per_week_min"].to_numpy(float)
    hmax = f["hours_per_week_max"].to_numpy(float)
    unknown_hours = np.isnan(hmin) & np.isnan(hmax)
    fits = (np.nan_to_num(hmin, nan=0.0) <= high) & (np.nan_to_num(hmax, nan=40.0) >= low)
    keep &= np.where(unknown_hours, include_unknown, fits)
    if educations:
        wanted = set(educations)
        keep &= np.array([e in wanted or (e == UNKNOWN_EDUCATION and include_unknown)
                          for e in map(_education, f["education"])], dtype=bool)
    if days:
        need = set(days)
        keep &= np.array([include_unknown if not isinstance(d, tuple) else need <= set(d)
                          for d in f["days_available"]], dtype=bool)
    out = f[keep].copy()
    out["distance_km"] = np.round(distance[keep], 1)
    return out
