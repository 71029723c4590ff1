"""Scoring function x candidate pairs: named components, knock-outs, Dutch explanations.

Every pair gets six components in [0, 1] (see ``docs/scoring.md``):

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

**Unknown is unknown**: a component whose input is unknown is neither a match nor a
knock-out. It enters the score at ``unknown_value`` (default 0.5), lowers ``confidence``
(the share of weight that rests on known data) and is named in the explanation.

**Knock-outs** (hard, only on known data): beyond max travel distance; function hours
outside the candidate's range; longest day above the candidate's hours per day; level
above the candidate's education; not available on a day the function is fixed to.

score = sum(weight * component) / sum(weight), in [0, 1].
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from matcher.carving.core import Function
from matcher.errors import InputError, Problem
from matcher.geo import haversine_km
from matcher.inputs.schema import AREAS
from matcher.model import Pool, Sites
from matcher.text.format import format_days
from matcher.text.labels import (
    AREA_LABELS_NL,
    DAY_NAMES_NL,
    KNOCKOUT_LABELS_NL,
    LEVEL_NAMES_NL,
)

__all__ = [
    "COMPONENTS",
    "KNOCKOUT_CODES",
    "CandidateTable",
    "FunctionTable",
    "PairArrays",
    "PairScores",
    "Weights",
    "explain_pair",
    "score_pairs",
]

#: The score components, in the order of the output columns.
COMPONENTS: tuple[str, ...] = ("travel", "hours", "level", "availability", "load", "wishes")

@dataclass(frozen=True)
class Weights:
    """Weights of the score components and the scoring options.

    The defaults are documented in ``docs/scoring.md`` and shipped as
    ``matcher/default_weights.toml``. Weights must be >= 0 with a positive sum; they are
    normalised, so only their ratios matter.

    Parameters
    ----------
    travel, hours, level, availability, load, wishes
        Component weights [0.25, 0.20, 0.20, 0.15, 0.10, 0.10].
    unknown_value
        Value an unknown component counts for: neither a match (1) nor a mismatch (0)
        [0.5].
    reference_km
        Distance scale when a candidate's max travel distance is unknown [15].
    level_tolerance
        Levels a function may lie above the candidate's education before it is a
        knock-out [0].
    """

    travel: float = 0.25
    hours: float = 0.20
    level: float = 0.20
    availability: float = 0.15
    load: float = 0.10
    wishes: float = 0.10
    unknown_value: float = 0.5
    reference_km: float = 15.0
    level_tolerance: int = 0

    def __post_init__(self) -> None:
        problems = self.problems("<weights>")
        if problems:
            raise InputError(problems)

    def problems(self, source: str) -> list[Problem]:
        """Rule violations of these weights (empty when valid)."""
        out = []
        for name in COMPONENTS:
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                out.append(Problem(source, None, f"weights.{name}", "must be a number >= 0.",
                                   str(value)))
        if not out and sum(self.vector()) <= 0:
            out.append(Problem(source, None, "weights", "at least one weight must be > 0."))
        if not 0 <= self.unknown_value <= 1:
            out.append(Problem(source, None, "options.unknown_value", "must be in [0, 1].",
                               str(self.unknown_value)))
        if not self.reference_km > 0:
            out.append(Problem(source, None, "options.reference_km", "must be > 0.",
                               str(self.reference_km)))
        if self.level_tolerance not in (0, 1, 2, 3):
            out.append(Problem(source, None, "options.level_tolerance",
                               "must be a whole number 0-3.", str(self.level_tolerance)))
        return out

    def vector(self) -> np.ndarray:
        """Component weights in :data:`COMPONENTS` order."""
        return np.array([float(getattr(self, c)) for c in COMPONENTS])

    @classmethod
    def from_toml(cls, path: str | Path) -> Weights:
        """Read weights from a TOML file with ``[weights]`` and optional ``[options]`` tables.

        Raises
        ------
        InputError
            For a missing or unreadable file, unknown keys or invalid values (all listed).
        """
        path = Path(path)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            raise InputError([Problem(path.name, None, "", "the file does not exist.")]
                             ) from None
        return cls.from_toml_text(text, path.name)

    @classmethod
    def from_toml_text(cls, text: str | bytes, name: str = "<weights>") -> Weights:
        """Read weights from TOML text or bytes (an upload); see :meth:`from_toml`."""
        try:
            raw = text.decode("utf-8") if isinstance(text, bytes) else text
            data = tomllib.loads(raw)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError([Problem(name, None, "", f"is not valid TOML ({exc}).")]) from None
        problems: list[Problem] = []
        values: dict[str, object] = {}
        allowed = {"weights": set(COMPONENTS),
                   "options": {"unknown_value", "reference_km", "level_tolerance"}}
        for table, data_table in data.items():
            if table not in allowed or not isinstance(data_table, dict):
                problems.append(Problem(name, None, table, "unknown table: use [weights] and "
                                        "[options]."))
                continue
            for key, value in data_table.items():
                if key not in allowed[table]:
                    problems.append(Problem(name, None, f"{table}.{key}",
                                            f"unknown key; allowed: "
                                            f"{', '.join(sorted(allowed[table]))}."))
                elif isinstance(value, bool) or not isinstance(value, int | float):
                    problems.append(Problem(name, None, f"{table}.{key}", "must be a number.",
                                            str(value)))
                else:
                    values[key] = value
        if problems:
            raise InputError(problems)
        defaults = asdict(cls())
        defaults.update(values)
        candidate = object.__new__(cls)
        for f in fields(cls):
            object.__setattr__(candidate, f.name, defaults[f.name])
        bad = candidate.problems(name)
        if bad:
            raise InputError(bad)
        return cls(**defaults)

    def to_toml(self) -> str:
        """These weights as TOML text (readable by :meth:`from_toml`)."""
        lines = ["# matcher score weights (normalised: only ratios matter)", "[weights]"]
        lines += [f"{c} = {float(getattr(self, c))!r}" for c in COMPONENTS]
        lines += ["", "[options]", f"unknown_value = {float(self.unknown_value)!r}",
                  f"reference_km = {float(self.reference_km)!r}",
                  f"level_tolerance = {int(self.level_tolerance)}", ""]
        return "\n".join(lines)


KNOCKOUT_CODES: tuple[str, ...] = ("travel", "hours", "hours_per_day", "level", "days")


def _days_mask(days: Sequence[int]) -> int:
    mask = 0
    for d in days:
        mask |= 1 << d
    return mask


def _popcount(values: np.ndarray) -> np.ndarray:
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
        return _popcount(self.days_mask).astype(float)

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
            fixed_mask=np.array([_days_mask(f.fixed_days) for f in functions], dtype=np.int64),
            days_mask=np.array([_days_mask(f.days) for f in functions], dtype=np.int64),
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
            avail_mask=np.array([_days_mask(d) if isinstance(d, tuple) else -1
                                 for d in cf["days_available"]], dtype=np.int64),
            edu=num("education_level"), pref=pref, pref_known=pref_known,
            cap_p=num("physical_capacity"), cap_c=num("pupil_contact_ok"),
        )


@dataclass(frozen=True)
class _Scored:
    """Scores of a batch of pairs (arrays aligned with f_idx / c_idx)."""

    f_idx: np.ndarray
    c_idx: np.ndarray
    comps: np.ndarray
    score: np.ndarray
    confidence: np.ndarray
    distance: np.ndarray
    knock: np.ndarray

    @property
    def feasible(self) -> np.ndarray:
        return np.asarray(~self.knock.any(axis=1))

    def take(self, keep: np.ndarray) -> _Scored:
        return _Scored(self.f_idx[keep], self.c_idx[keep], self.comps[keep], self.score[keep],
                       self.confidence[keep], self.distance[keep], self.knock[keep])


def _distance(ft: FunctionTable, ct: CandidateTable, site_lat: np.ndarray,
              site_lon: np.ndarray, f_idx: np.ndarray, c_idx: np.ndarray) -> np.ndarray:
    """Km from each candidate to the farthest site of the function (NaN when unknown)."""
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


def _knock_rules(hours: np.ndarray, max_day: np.ndarray, level: np.ndarray,
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
    n_avail = _popcount(np.where(known_days, avail & 0b11111, 0))
    day_cap = np.where(np.isnan(hday), 8.0, hday)
    ko_days = known_days & (((fixed_mask & ~avail) != 0) | (n_avail * day_cap < hours - 1e-9))
    return ko_hours, ko_day, ko_level, ko_days


def _knockouts(ft: FunctionTable, ct: CandidateTable, f_idx: np.ndarray, c_idx: np.ndarray,
               distance: np.ndarray, weights: Weights) -> np.ndarray:
    """The knock-out matrix (pairs x KNOCKOUT_CODES); cheap, so it runs on every pair."""
    max_km = ct.max_km[c_idx]
    ko_travel = ~np.isnan(max_km) & ~np.isnan(distance) & (distance > max_km + 1e-9)
    rest = _knock_rules(ft.hours[f_idx], ft.max_day[f_idx], ft.level[f_idx],
                        ft.fixed_mask[f_idx], ct.hmin[c_idx], ct.hmax[c_idx], ct.hday[c_idx],
                        ct.edu[c_idx], ct.avail_mask[c_idx], weights.level_tolerance)
    return np.column_stack([ko_travel, *rest])


def _travel_ref(max_km: np.ndarray, reference_km: float) -> np.ndarray:
    """The distance scale of the travel component per candidate."""
    return np.where(np.isnan(max_km), reference_km, np.maximum(max_km, 0.5))


def _travel_value(distance: np.ndarray, ref: np.ndarray, halve: np.ndarray) -> np.ndarray:
    """The travel component; ``halve`` for a multi-site function when the candidate does
    not travel independently."""
    travel = 1 - 0.8 * np.minimum(distance / ref, 1.0)
    return np.where(halve, travel * 0.5, travel)


def _hours_value(hours: np.ndarray, hmin: np.ndarray, hmax: np.ndarray) -> np.ndarray:
    both_unknown = np.isnan(hmin) & np.isnan(hmax)
    lo = np.where(np.isnan(hmin), 0.0, hmin)
    hi = np.where(np.isnan(hmax), 40.0, hmax)
    half = np.maximum((hi - lo) / 2, 1.0)
    return np.where(both_unknown, np.nan,
                    1 - 0.5 * np.minimum(np.abs(hours - (lo + hi) / 2) / half, 1.0))


def _level_value(edu: np.ndarray, level: np.ndarray) -> np.ndarray:
    gap = edu - level
    return np.where(np.isnan(edu), np.nan,
                    np.clip(np.where(gap >= 0, 1 - 0.2 * gap, 0.0), 0.0, 1.0))


def _availability_value(days_mask: np.ndarray, avail: np.ndarray) -> np.ndarray:
    known_days = avail >= 0
    on_days = _popcount(np.where(known_days, days_mask & avail, 0))
    n_days = _popcount(days_mask).astype(float)
    return np.where(known_days, on_days / np.maximum(n_days, 1), np.nan)


def _load_value(phys: np.ndarray, cont: np.ndarray, cap_p: np.ndarray,
                cap_c: np.ndarray) -> np.ndarray:
    fit_p = np.where(np.isnan(cap_p), np.nan,
                     np.where(cap_p >= phys, 1.0, np.clip(1 - 0.5 * (phys - cap_p), 0, 1)))
    fit_c = np.where(np.isnan(cap_c), np.nan,
                     np.where(cap_c >= cont, 1.0, np.clip(1 - 0.5 * (cont - cap_c), 0, 1)))
    counted = (~np.isnan(fit_p)).astype(int) + (~np.isnan(fit_c)).astype(int)
    return np.where(counted > 0, (np.nan_to_num(fit_p) + np.nan_to_num(fit_c))
                    / np.maximum(counted, 1), np.nan)


def _wishes_value(area_share: np.ndarray, pref: np.ndarray,
                  pref_known: np.ndarray) -> np.ndarray:
    # an explicit sum in area order (not einsum), so every caller adds in the same order;
    # the last axis is the area (rows of pairs, or broadcasting grids of classes)
    total = area_share[..., 0] * pref[..., 0]
    for k in range(1, area_share.shape[-1]):
        total = total + area_share[..., k] * pref[..., k]
    return np.where(pref_known, total, np.nan)


def _components(ft: FunctionTable, ct: CandidateTable, f_idx: np.ndarray, c_idx: np.ndarray,
                distance: np.ndarray, weights: Weights) -> np.ndarray:
    """The six components (pairs x COMPONENTS), NaN where the input is unknown."""
    travel = _travel_value(distance, _travel_ref(ct.max_km[c_idx], weights.reference_km),
                           (ct.independent[c_idx] == 0) & (ft.n_sites[f_idx] > 1))
    hours = _hours_value(ft.hours[f_idx], ct.hmin[c_idx], ct.hmax[c_idx])
    level = _level_value(ct.edu[c_idx], ft.level[f_idx])
    availability = _availability_value(ft.days_mask[f_idx], ct.avail_mask[c_idx])
    load = _load_value(ft.physical[f_idx], ft.contact[f_idx], ct.cap_p[c_idx], ct.cap_c[c_idx])
    wishes = _wishes_value(ft.area_share[f_idx], ct.pref[c_idx], ct.pref_known[c_idx])
    return np.column_stack([travel, hours, level, availability, load, wishes])


def _term(weight: float, value: np.ndarray, unknown_value: float) -> np.ndarray:
    """One weighted component, an unknown counted as ``unknown_value``."""
    return weight * np.where(np.isnan(value), unknown_value, value)


def _combine(travel: np.ndarray, profile: np.ndarray, other: np.ndarray,
             total_weight: float) -> np.ndarray:
    """The score from weighted terms, always added in this grouping.

    ``profile`` is ``(hours + level) + availability`` (the terms of the function's hours,
    level and days) and ``other`` is ``load + wishes``; dense scoring and the candidate
    graph (which reads those terms from tables of attribute classes) add in the same order,
    so their scores are bit for bit the same.
    """
    return ((travel + profile) + other) / total_weight


def _profile_term(hours: np.ndarray, level: np.ndarray, availability: np.ndarray,
                  weights: Weights) -> np.ndarray:
    uv = weights.unknown_value
    return (_term(weights.hours, hours, uv) + _term(weights.level, level, uv)) + \
        _term(weights.availability, availability, uv)


def _other_term(load: np.ndarray, wishes: np.ndarray, weights: Weights) -> np.ndarray:
    uv = weights.unknown_value
    return _term(weights.load, load, uv) + _term(weights.wishes, wishes, uv)


def _score_from_components(comps: np.ndarray, weights: Weights) -> np.ndarray:
    return _combine(_term(weights.travel, comps[:, 0], weights.unknown_value),
                    _profile_term(comps[:, 1], comps[:, 2], comps[:, 3], weights),
                    _other_term(comps[:, 4], comps[:, 5], weights),
                    float(weights.vector().sum()))


def _score_batch(ft: FunctionTable, ct: CandidateTable, site_lat: np.ndarray,
                 site_lon: np.ndarray, f_idx: np.ndarray, c_idx: np.ndarray,
                 weights: Weights, distance: np.ndarray | None = None,
                 knock: np.ndarray | None = None) -> _Scored:
    """Components, score, confidence and knock-outs of pairs; vectorised, no Python loop."""
    f_idx = np.asarray(f_idx, dtype=np.int64)
    c_idx = np.asarray(c_idx, dtype=np.int64)
    if distance is None:
        distance = _distance(ft, ct, site_lat, site_lon, f_idx, c_idx)
    if knock is None:
        knock = _knockouts(ft, ct, f_idx, c_idx, distance, weights)
    comps = _components(ft, ct, f_idx, c_idx, distance, weights)
    w = weights.vector()
    known = ~np.isnan(comps)
    score = _score_from_components(comps, weights)
    confidence = known @ w / w.sum()
    return _Scored(f_idx, c_idx, comps, score, confidence, distance, knock)


@dataclass(frozen=True)
class PairArrays:
    """Scored pairs in compact arrays: what the sparse candidate graph keeps.

    ``f_idx`` / ``c_idx`` are positions in the functions and candidates (int32), and
    ``score_k`` the score in units of 1/10,000 (uint16): ``score_k / 10_000`` is exactly
    the score rounded to 4 decimals that :attr:`PairScores.frame` shows. Every pair is
    feasible. Ten bytes a pair, so the uncapped national graph (about 20 million pairs)
    takes about 200 MB.
    """

    f_idx: np.ndarray
    c_idx: np.ndarray
    score_k: np.ndarray

    def __len__(self) -> int:
        return len(self.f_idx)

    @property
    def score(self) -> np.ndarray:
        """The scores (rounded to 4 decimals, as float)."""
        return self.score_k / 10_000.0

    def take(self, keep: np.ndarray) -> PairArrays:
        """The pairs at these positions (or where this mask is true)."""
        return PairArrays(self.f_idx[keep], self.c_idx[keep], self.score_k[keep])


def _score_units(score: np.ndarray) -> np.ndarray:
    """Scores in [0, 1] as uint16 units of 1/10,000 (``np.round(score, 4) * 10_000``)."""
    return np.rint(score * 10_000).astype(np.uint16)


class _LazyFrame:
    """The ``frame`` field of :class:`PairScores`: stored when given, else built from the
    compact pairs the first time it is read (and kept)."""

    def __get__(self, obj: object, objtype: type | None = None) -> pd.DataFrame | None:
        if obj is None:
            return None  # the dataclass default
        cached = obj.__dict__.get("_frame")
        if cached is None:
            cached = obj._rows(None)  # type: ignore[attr-defined]
            obj.__dict__["_frame"] = cached
        return cached

    def __set__(self, obj: object, value: pd.DataFrame | None) -> None:
        obj.__dict__["_frame"] = value


@dataclass(frozen=True, eq=False, repr=False)
class PairScores:
    """Scored function x candidate pairs.

    Dense scoring keeps every pair in ``frame``; the sparse candidate graph keeps its
    feasible pairs in ``pairs`` (:class:`PairArrays`, compact) and builds ``frame`` only
    when it is read. Use the array accessors (:attr:`f_index`, :attr:`c_index`,
    :attr:`score`, :attr:`feasible`) and :meth:`rows` for work at scale.

    ``frame`` has one row per kept pair: function_id, candidate_id, feasible, score,
    confidence, distance_km, one column per component (NaN = unknown), knockouts (codes
    joined by ``;``), f_index and c_index (positions in ``functions`` and ``pool``).
    ``knockouts_f`` / ``knockouts_c`` count, per function and per candidate, the scored
    pairs broken by each rule (columns in :data:`KNOCKOUT_CODES` order);
    ``feasible_f`` / ``feasible_c`` count the feasible pairs. When both ``frame`` and
    ``pairs`` are given (``dataclasses.replace`` with a new frame), the frame is the truth.
    """

    functions: FunctionTable
    pool: Pool
    sites: Sites
    weights: Weights
    candidates: CandidateTable
    knockouts_f: np.ndarray
    knockouts_c: np.ndarray
    feasible_f: np.ndarray
    feasible_c: np.ndarray
    method: str = "dense"
    frame: pd.DataFrame = _LazyFrame()  # type: ignore[assignment]
    pairs: PairArrays | None = None

    def __post_init__(self) -> None:
        if self.__dict__.get("_frame") is not None:
            object.__setattr__(self, "pairs", None)  # an explicit frame wins
        elif self.pairs is None:
            raise ValueError("PairScores needs a frame or pairs.")

    def __repr__(self) -> str:
        return (f"PairScores({len(self.functions)} functions x {len(self.candidates)} "
                f"candidates, {self.n_pairs:,} pairs, method={self.method!r})")

    @property
    def n_pairs(self) -> int:
        """Number of kept pairs."""
        return len(self.pairs) if self.pairs is not None else len(self.frame)

    def _cached(self, name: str, make: Callable[[], np.ndarray]) -> np.ndarray:
        value = self.__dict__.get(name)
        if value is None:
            value = make()
            self.__dict__[name] = value
        return value

    @property
    def f_index(self) -> np.ndarray:
        """Function position of each pair (integers)."""
        if self.pairs is not None:
            return self.pairs.f_idx
        return self._cached("_f", lambda: np.asarray(self.frame["f_index"].to_numpy(),
                                                     dtype=np.int64))

    @property
    def c_index(self) -> np.ndarray:
        """Candidate position of each pair (integers)."""
        if self.pairs is not None:
            return self.pairs.c_idx
        return self._cached("_c", lambda: np.asarray(self.frame["c_index"].to_numpy(),
                                                     dtype=np.int64))

    @property
    def score(self) -> np.ndarray:
        """Score of each pair (rounded to 4 decimals, as in ``frame``)."""
        pairs = self.pairs
        if pairs is not None:
            return self._cached("_score", lambda: pairs.score)
        return self._cached("_score", lambda: self.frame["score"].to_numpy(float))

    @property
    def feasible(self) -> np.ndarray:
        """Whether each pair is feasible (no knock-out)."""
        if self.pairs is not None:
            n = len(self.pairs)
            return self._cached("_feasible", lambda: np.ones(n, dtype=bool))
        return self._cached("_feasible", lambda: self.frame["feasible"].to_numpy(bool))

    def rows(self, positions: np.ndarray) -> pd.DataFrame:
        """The ``frame`` rows of these pair positions (built without the whole frame)."""
        positions = np.asarray(positions, dtype=np.int64)
        if self.pairs is None:
            return self.frame.iloc[positions]
        return self._rows(positions)

    def _rows(self, positions: np.ndarray | None, block: int = 1_000_000) -> pd.DataFrame:
        pairs = self.pairs
        if pairs is None:
            raise ValueError("no compact pairs to build rows from")
        if positions is None:
            positions = np.arange(len(pairs))
        lat, lon = self._site_coords()
        parts = []
        for start in range(0, max(len(positions), 1), block):
            at = positions[start:start + block]
            scored = _score_batch(self.functions, self.candidates, lat, lon,
                                  pairs.f_idx[at], pairs.c_idx[at], self.weights)
            part = _frame(scored, self.functions, self.candidates)
            part["score"] = pairs.score_k[at] / 10_000.0  # the score the solver used
            parts.append(part)
        out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        out.index = positions
        return out

    def locate(self, f: int, c: int) -> int | None:
        """Position of the pair (function position, candidate position), if kept."""
        hit = np.flatnonzero((self.f_index == f) & (self.c_index == c))
        return int(hit[0]) if len(hit) else None

    def pair(self, function_id: str, candidate_id: str) -> pd.Series:
        """The scores of one pair; scored on demand when the frame does not hold it."""
        f = np.flatnonzero(self.functions.ids == function_id)
        c = np.flatnonzero(self.candidates.ids == candidate_id)
        if not len(f) or not len(c):
            raise KeyError((function_id, candidate_id))
        at = self.locate(int(f[0]), int(c[0]))
        if at is not None:
            return self.rows(np.array([at])).iloc[0]
        scored = _score_batch(self.functions, self.candidates, *self._site_coords(),
                              np.array([f[0]]), np.array([c[0]]), self.weights)
        return _frame(scored, self.functions, self.candidates).iloc[0]

    def _site_coords(self) -> tuple[np.ndarray, np.ndarray]:
        return (self.sites.frame["lat"].to_numpy(float), self.sites.frame["lon"].to_numpy(float))

    def explain(self, function_id: str, candidate_id: str) -> str:
        """The Dutch explanation of one pair (why it scores as it does, or why not)."""
        row = self.pair(function_id, candidate_id)
        return explain_pair(row, self.functions, int(row["f_index"]),
                            self.pool.frame.iloc[int(row["c_index"])], self.sites)

    def coverage(self) -> pd.DataFrame:
        """Share of kept pairs with each component known."""
        n = len(self.frame)
        return pd.DataFrame([
            {"component": c, "known_share": round(float(self.frame[c].notna().mean()), 3)
             if n else 0.0} for c in COMPONENTS])


def _frame(s: _Scored, ft: FunctionTable, ct: CandidateTable) -> pd.DataFrame:
    codes = np.array(KNOCKOUT_CODES, dtype=object)
    if s.knock.any():
        knockouts = np.array([";".join(codes[row]) for row in s.knock], dtype=object)
    else:
        knockouts = np.full(len(s.f_idx), "", dtype=object)
    return pd.DataFrame({
        "function_id": ft.ids[s.f_idx],
        "candidate_id": ct.ids[s.c_idx],
        "feasible": s.feasible,
        "score": np.round(s.score, 4),
        "confidence": np.round(s.confidence, 3),
        "distance_km": np.round(s.distance, 1),
        **{c: np.round(s.comps[:, k], 4) for k, c in enumerate(COMPONENTS)},
        "knockouts": knockouts,
        "f_index": s.f_idx,
        "c_index": s.c_idx,
    })


def _count(index: np.ndarray, flags: np.ndarray, size: int) -> np.ndarray:
    """Per-entity counts of true flags (size x columns)."""
    flags = flags.reshape(len(index), -1)
    return np.column_stack([np.bincount(index[flags[:, k]], minlength=size)
                            for k in range(flags.shape[1])]).astype(np.int64)


def score_pairs(
    functions: Sequence[Function] | FunctionTable, pool: Pool, sites: Sites,
    weights: Weights | None = None, pairs: tuple[np.ndarray, np.ndarray] | None = None,
) -> PairScores:
    """Score function x candidate pairs (every pair by default), vectorised over pairs.

    Parameters
    ----------
    functions
        Carved functions (see :func:`matcher.carve`) or a :class:`FunctionTable`.
    pool
        Candidate profiles (see :func:`matcher.load_candidates`).
    sites
        The sites the functions are at, with locations.
    weights
        Component weights and options; defaults to :class:`Weights`.
    pairs
        Optional (function positions, candidate positions) to score only those pairs.

    For many functions and candidates use :func:`matcher.matching.graph.candidate_graph`, which
    scores only pairs within travel reach.
    """
    weights = weights or Weights()
    ft = functions if isinstance(functions, FunctionTable) else \
        FunctionTable.from_functions(tuple(functions), sites)
    ct = CandidateTable.from_pool(pool)
    if pairs is None:
        grid_f, grid_c = np.meshgrid(np.arange(len(ft)), np.arange(len(ct)), indexing="ij")
        f_idx, c_idx = grid_f.ravel(), grid_c.ravel()
    else:
        f_idx, c_idx = (np.asarray(p, dtype=np.int64) for p in pairs)
    site_lat = sites.frame["lat"].to_numpy(float)
    site_lon = sites.frame["lon"].to_numpy(float)
    scored = _score_batch(ft, ct, site_lat, site_lon, f_idx, c_idx, weights)
    feasible = scored.feasible
    return PairScores(
        frame=_frame(scored, ft, ct), functions=ft, pool=pool, sites=sites, weights=weights,
        candidates=ct,
        knockouts_f=_count(scored.f_idx, scored.knock, len(ft)),
        knockouts_c=_count(scored.c_idx, scored.knock, len(ct)),
        feasible_f=np.bincount(scored.f_idx, weights=feasible, minlength=len(ft)).astype(int),
        feasible_c=np.bincount(scored.c_idx, weights=feasible, minlength=len(ct)).astype(int),
    )


def _hours_text(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


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
                f"reisafstand ca. {_hours_text(float(d))} km")
        text += f" (max {_hours_text(float(limit))} km)" if pd.notna(limit) else \
            " (max onbekend)"
        if profile["independent_travel"] == 0 and n_sites > 1:
            text += ", reist niet zelfstandig tussen locaties"
        parts.append(text)
    hmin, hmax = profile["hours_per_week_min"], profile["hours_per_week_max"]
    if pd.isna(hmin) and pd.isna(hmax):
        unknown.append("uren per week")
    else:
        lo = _hours_text(hmin) if pd.notna(hmin) else "?"
        hi = _hours_text(hmax) if pd.notna(hmax) else "?"
        parts.append(f"{_hours_text(hours)} u per week (wil {lo}-{hi} u)")
    if pd.notna(profile["hours_per_day_max"]):
        parts.append(f"langste dag {_hours_text(float(functions.max_day[f]))} u (max "
                     f"{_hours_text(profile['hours_per_day_max'])} u)")
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
