"""Functions and candidates as arrays: what scoring works on.

:class:`FunctionTable` holds the functions to match (built from carved functions, or
directly for benchmarks), :class:`CandidateTable` the candidate profiles of a pool (NaN or
-1 = unknown). Days are bit masks (:func:`days_mask`, :func:`popcount`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matcher.carving import Function
from matcher.inputs.schema import AREAS
from matcher.model import Pool, Sites

__all__ = ["CandidateTable", "FunctionTable", "days_mask", "popcount"]


def days_mask(days: Iterable[int]) -> int:
    """Day numbers (0 = Monday) as a bit mask: bit ``d`` set for day ``d``."""
    mask = 0
    for d in days:
        mask |= 1 << d
    return mask


def popcount(values: np.ndarray) -> np.ndarray:
    """Number of days (bits 0-6) set in each day mask."""
    count = np.zeros(values.shape, dtype=np.int64)
    for bit in range(7):
        count += (values >> bit) & 1
    return count


@dataclass(frozen=True)
class FunctionTable:
    """The functions to match, as arrays (one entry per function).

    Built from carved functions with :meth:`from_functions`, or directly (benchmarks,
    functions from other systems). Sites are a sparse incidence: the sites of function
    ``f`` are ``site_idx[site_ptr[f]:site_ptr[f + 1]]`` (positions in :class:`Sites`).
    """

    ids: np.ndarray
    titles: np.ndarray
    hours: np.ndarray
    level: np.ndarray
    max_day: np.ndarray
    fixed_mask: np.ndarray
    days_mask: np.ndarray
    physical: np.ndarray
    contact: np.ndarray
    area_share: np.ndarray
    site_ptr: np.ndarray
    site_idx: np.ndarray
    parent: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def split(self, which: Iterable[str] | None = None) -> FunctionTable:
        """This table plus two half-time slots for each function in ``which`` (all: None).

        A function may then go to one person, or to two part-timers who each take half
        the hours (and half of its longest day) on the same days and sites. The half
        slots get ids ``F01/1`` and ``F01/2`` and ``parent`` points at the full function;
        :func:`matcher.assign` never fills a full slot together with one of its halves.
        """
        wanted = np.ones(len(self), dtype=bool) if which is None else \
            np.isin(self.ids, np.array(list(which), dtype=object))
        if self.parent is not None:
            wanted &= self.parent < 0
        base = np.flatnonzero(wanted)
        rows = np.concatenate([np.arange(len(self)), base, base])
        halves = np.concatenate([np.zeros(len(self), dtype=bool),
                                 np.ones(2 * len(base), dtype=bool)])
        parent = np.concatenate([self.parent if self.parent is not None
                                 else np.full(len(self), -1), base, base])
        suffix = np.concatenate([np.full(len(self), ""), np.full(len(base), "/1"),
                                 np.full(len(base), "/2")]).astype(object)
        n_sites = self.n_sites[rows]
        ptr = np.concatenate([[0], np.cumsum(n_sites)])
        idx = np.concatenate([self.sites_of(int(r)) for r in rows]) if len(rows) else \
            np.zeros(0, dtype=np.int64)
        factor = np.where(halves, 0.5, 1.0)
        return FunctionTable(
            ids=self.ids[rows] + suffix, titles=self.titles[rows] + np.where(
                halves, " (deeltijd)", "").astype(object),
            hours=np.round(self.hours[rows] * factor, 2),
            level=self.level[rows], max_day=np.round(self.max_day[rows] * factor, 2),
            fixed_mask=self.fixed_mask[rows], days_mask=self.days_mask[rows],
            physical=self.physical[rows], contact=self.contact[rows],
            area_share=self.area_share[rows], site_ptr=ptr.astype(np.int64),
            site_idx=idx.astype(np.int64), parent=parent.astype(np.int64),
        )

    @property
    def n_sites(self) -> np.ndarray:
        """Number of sites of each function."""
        return np.diff(self.site_ptr)

    @property
    def n_days(self) -> np.ndarray:
        """Number of working days of each function."""
        return popcount(self.days_mask).astype(float)

    def sites_of(self, f: int) -> np.ndarray:
        """Site positions of function ``f``."""
        return self.site_idx[self.site_ptr[f]:self.site_ptr[f + 1]]

    @classmethod
    def from_functions(cls, functions: Sequence[Function], sites: Sites) -> FunctionTable:
        """The table of carved functions at these sites."""
        site_index = {s: k for k, s in enumerate(sites.ids)}
        area_share = np.zeros((len(functions), len(AREAS)))
        ptr = [0]
        idx: list[int] = []
        for k, f in enumerate(functions):
            idx.extend(site_index[s] for s in f.sites)
            ptr.append(len(idx))
            for a, h in f.hours_by_area.items():
                area_share[k, AREAS.index(a)] = h / f.hours
        return cls(
            ids=np.array([f.function_id for f in functions], dtype=object),
            titles=np.array([f.title for f in functions], dtype=object),
            hours=np.array([f.hours for f in functions], dtype=float),
            level=np.array([f.level for f in functions], dtype=float),
            max_day=np.array([f.max_day_hours for f in functions], dtype=float),
            fixed_mask=np.array([days_mask(f.fixed_days) for f in functions], dtype=np.int64),
            days_mask=np.array([days_mask(f.days) for f in functions], dtype=np.int64),
            physical=np.array([f.physical_load for f in functions], dtype=float),
            contact=np.array([f.pupil_contact for f in functions], dtype=float),
            area_share=area_share,
            site_ptr=np.array(ptr, dtype=np.int64),
            site_idx=np.array(idx, dtype=np.int64),
        )


@dataclass(frozen=True)
class CandidateTable:
    """Candidate profiles as arrays (NaN or -1 = unknown); built once per pool."""

    ids: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    max_km: np.ndarray
    independent: np.ndarray
    hmin: np.ndarray
    hmax: np.ndarray
    hday: np.ndarray
    avail_mask: np.ndarray
    edu: np.ndarray
    pref: np.ndarray
    pref_known: np.ndarray
    cap_p: np.ndarray
    cap_c: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_pool(cls, pool: Pool) -> CandidateTable:
        """Arrays of a loaded pool."""
        cf = pool.frame
        pref = np.zeros((len(cf), len(AREAS)), dtype=bool)
        pref_known = np.zeros(len(cf), dtype=bool)
        for k, areas in enumerate(cf["preferred_areas"]):
            if isinstance(areas, tuple) and areas:
                pref_known[k] = True
                for a in areas:
                    pref[k, AREAS.index(a)] = True

        def num(name: str) -> np.ndarray:
            return np.asarray(cf[name].to_numpy(dtype=float), dtype=float)

        return cls(
            ids=cf["candidate_id"].to_numpy(dtype=object),
            lat=num("lat"), lon=num("lon"), max_km=num("max_travel_km"),
            independent=num("independent_travel"), hmin=num("hours_per_week_min"),
            hmax=num("hours_per_week_max"), hday=num("hours_per_day_max"),
            avail_mask=np.array([days_mask(d) if isinstance(d, tuple) else -1
                                 for d in cf["days_available"]], dtype=np.int64),
            edu=num("education_level"), pref=pref, pref_known=pref_known,
            cap_p=num("physical_capacity"), cap_c=num("pupil_contact_ok"),
        )
