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
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from matcher.carve import Function
from matcher.errors import InputError, Problem
from matcher.geo import haversine_km
from matcher.model import Pool, Sites
from matcher.parsing import format_days
from matcher.schema import AREA_LABELS_NL, AREAS, DAY_NAMES_NL, LEVEL_NAMES_NL

__all__ = ["COMPONENTS", "PairScores", "Weights", "explain_pair", "score_pairs"]

#: The score components, in the order of the output columns.
COMPONENTS: tuple[str, ...] = ("travel", "hours", "level", "availability", "load", "wishes")

#: Dutch names of the components (for explanations and the app).
COMPONENT_LABELS_NL: dict[str, str] = {
    "travel": "reisafstand",
    "hours": "uren",
    "level": "niveau",
    "availability": "beschikbaarheid",
    "load": "belastbaarheid",
    "wishes": "wensen",
}

KNOCKOUT_LABELS_NL: dict[str, str] = {
    "travel": "verder dan de maximale reisafstand",
    "hours": "uren buiten het gewenste bereik",
    "hours_per_day": "te veel uren op een dag",
    "level": "niveau te hoog voor de opleiding",
    "days": "niet beschikbaar op vaste werkdagen",
}


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


def _days_mask(days: Sequence[int]) -> int:
    mask = 0
    for d in days:
        mask |= 1 << d
    return mask


@dataclass(frozen=True)
class _FunctionArrays:
    ids: list[str]
    hours: np.ndarray
    level: np.ndarray
    max_day: np.ndarray
    fixed_mask: np.ndarray
    days_mask: np.ndarray
    n_days: np.ndarray
    n_sites: np.ndarray
    physical: np.ndarray
    contact: np.ndarray
    area_share: np.ndarray  # F x 4
    site_matrix: np.ndarray  # F x S bool


def _function_arrays(functions: Sequence[Function], sites: Sites) -> _FunctionArrays:
    site_index = {s: k for k, s in enumerate(sites.ids)}
    site_matrix = np.zeros((len(functions), len(site_index)), dtype=bool)
    area_share = np.zeros((len(functions), len(AREAS)))
    for k, f in enumerate(functions):
        for s in f.sites:
            site_matrix[k, site_index[s]] = True
        for a, h in f.hours_by_area.items():
            area_share[k, AREAS.index(a)] = h / f.hours
    return _FunctionArrays(
        ids=[f.function_id for f in functions],
        hours=np.array([f.hours for f in functions], dtype=float),
        level=np.array([f.level for f in functions], dtype=float),
        max_day=np.array([f.max_day_hours for f in functions], dtype=float),
        fixed_mask=np.array([_days_mask(f.fixed_days) for f in functions], dtype=np.int64),
        days_mask=np.array([_days_mask(f.days) for f in functions], dtype=np.int64),
        n_days=np.array([len(f.days) for f in functions], dtype=float),
        n_sites=np.array([len(f.sites) for f in functions], dtype=float),
        physical=np.array([f.physical_load for f in functions], dtype=float),
        contact=np.array([f.pupil_contact for f in functions], dtype=float),
        area_share=area_share,
        site_matrix=site_matrix,
    )


def _popcount(values: np.ndarray) -> np.ndarray:
    count = np.zeros(values.shape, dtype=np.int64)
    for bit in range(7):
        count += (values >> bit) & 1
    return count


@dataclass(frozen=True)
class PairScores:
    """Scores of function x candidate pairs.

    ``frame`` has one row per pair: function_id, candidate_id, feasible, score,
    confidence, distance_km, one column per component (NaN = unknown) and knockouts
    (codes joined by ``;``). ``f_index``/``c_index`` give each row's position in
    ``functions`` and ``pool``.
    """

    frame: pd.DataFrame
    functions: tuple[Function, ...]
    pool: Pool
    sites: Sites
    weights: Weights

    @property
    def f_index(self) -> np.ndarray:
        """Function position of each pair."""
        return np.asarray(self.frame["f_index"].to_numpy(), dtype=np.int64)

    @property
    def c_index(self) -> np.ndarray:
        """Candidate position of each pair."""
        return np.asarray(self.frame["c_index"].to_numpy(), dtype=np.int64)

    def pair(self, function_id: str, candidate_id: str) -> pd.Series:
        """The row of one pair."""
        rows = self.frame[(self.frame["function_id"] == function_id)
                          & (self.frame["candidate_id"] == candidate_id)]
        if rows.empty:
            raise KeyError((function_id, candidate_id))
        return rows.iloc[0]

    def explain(self, function_id: str, candidate_id: str) -> str:
        """The Dutch explanation of one pair (why it scores as it does, or why not)."""
        row = self.pair(function_id, candidate_id)
        return explain_pair(row, self.functions[int(row["f_index"])],
                            self.pool.frame.iloc[int(row["c_index"])], self.weights)

    def coverage(self) -> pd.DataFrame:
        """Share of pairs with each component known."""
        n = len(self.frame)
        return pd.DataFrame([
            {"component": c, "known_share": round(float(self.frame[c].notna().mean()), 3)
             if n else 0.0} for c in COMPONENTS])


def score_pairs(
    functions: Sequence[Function], pool: Pool, sites: Sites, weights: Weights | None = None,
    pairs: tuple[np.ndarray, np.ndarray] | None = None,
) -> PairScores:
    """Score function x candidate pairs (all pairs by default), vectorised over pairs.

    Parameters
    ----------
    functions
        Carved functions (see :func:`matcher.carve`).
    pool
        Candidate profiles (see :func:`matcher.load_candidates`).
    sites
        The sites the functions' tasks are at, with locations.
    weights
        Component weights and options; defaults to :class:`Weights`.
    pairs
        Optional (function positions, candidate positions) to score only those pairs.
    """
    weights = weights or Weights()
    functions = tuple(functions)
    fa = _function_arrays(functions, sites)
    cf = pool.frame
    if pairs is None:
        grid_f, grid_c = np.meshgrid(np.arange(len(functions)), np.arange(len(cf)),
                                     indexing="ij")
        f_idx, c_idx = grid_f.ravel(), grid_c.ravel()
    else:
        f_idx, c_idx = (np.asarray(p, dtype=np.int64) for p in pairs)
    n = len(f_idx)

    def col(name: str) -> np.ndarray:
        return np.asarray(cf[name].to_numpy(dtype=float), dtype=float)[c_idx] if n else \
            np.zeros(0)

    # ---- distance to the farthest site of the function
    site_lat = sites.frame["lat"].to_numpy(float)
    site_lon = sites.frame["lon"].to_numpy(float)
    c_lat, c_lon = col("lat"), col("lon")
    distance = np.full(n, -np.inf)
    for s in range(len(site_lat)):
        uses = fa.site_matrix[f_idx, s]
        if not uses.any():
            continue
        d = haversine_km(site_lat[s], site_lon[s], c_lat, c_lon)
        distance = np.where(uses, np.fmax(distance, np.where(np.isnan(d), np.inf, d)), distance)
    distance = np.where(np.isinf(distance), np.nan, distance)

    max_km = col("max_travel_km")
    ref = np.where(np.isnan(max_km), weights.reference_km, np.maximum(max_km, 0.5))
    travel = 1 - 0.8 * np.minimum(distance / ref, 1.0)
    independent = col("independent_travel")
    travel = np.where((independent == 0) & (fa.n_sites[f_idx] > 1), travel * 0.5, travel)
    ko_travel = ~np.isnan(max_km) & ~np.isnan(distance) & (distance > max_km + 1e-9)

    # ---- hours
    h = fa.hours[f_idx]
    hmin, hmax = col("hours_per_week_min"), col("hours_per_week_max")
    hday = col("hours_per_day_max")
    lo = np.where(np.isnan(hmin), np.where(np.isnan(hmax), np.nan, 0.0), hmin)
    hi = np.where(np.isnan(hmax), np.where(np.isnan(hmin), np.nan, 40.0), hmax)
    mid = (lo + hi) / 2
    half = np.maximum((hi - lo) / 2, 1.0)
    hours = 1 - 0.5 * np.minimum(np.abs(h - mid) / half, 1.0)
    ko_hours = (~np.isnan(hmin) & (h < hmin - 1e-9)) | (~np.isnan(hmax) & (h > hmax + 1e-9))
    ko_day = ~np.isnan(hday) & (fa.max_day[f_idx] > hday + 1e-9)

    # ---- level
    edu = col("education_level")
    level_gap = edu - fa.level[f_idx]
    level = np.where(level_gap >= 0, 1 - 0.2 * level_gap, 0.0)
    level = np.where(np.isnan(edu), np.nan, np.clip(level, 0.0, 1.0))
    ko_level = ~np.isnan(edu) & (level_gap < -weights.level_tolerance)

    # ---- availability
    avail_mask = np.array([_days_mask(d) if isinstance(d, tuple) else -1
                           for d in cf["days_available"]], dtype=np.int64)[c_idx] if n else \
        np.zeros(0, dtype=np.int64)
    known_days = avail_mask >= 0
    fixed = fa.fixed_mask[f_idx]
    on_days = _popcount(np.where(known_days, fa.days_mask[f_idx] & avail_mask, 0))
    availability = np.where(known_days, on_days / np.maximum(fa.n_days[f_idx], 1), np.nan)
    n_avail = _popcount(np.where(known_days, avail_mask & 0b11111, 0))
    day_cap = np.where(np.isnan(hday), 8.0, hday)
    ko_days = known_days & (((fixed & ~avail_mask) != 0) | (n_avail * day_cap < h - 1e-9))

    # ---- load
    cap_p, cap_c = col("physical_capacity"), col("pupil_contact_ok")
    fit_p = np.where(cap_p >= fa.physical[f_idx], 1.0,
                     np.clip(1 - 0.5 * (fa.physical[f_idx] - cap_p), 0, 1))
    fit_c = np.where(cap_c >= fa.contact[f_idx], 1.0,
                     np.clip(1 - 0.5 * (fa.contact[f_idx] - cap_c), 0, 1))
    fit_p = np.where(np.isnan(cap_p), np.nan, fit_p)
    fit_c = np.where(np.isnan(cap_c), np.nan, fit_c)
    parts = np.vstack([fit_p, fit_c])
    counted = (~np.isnan(parts)).sum(axis=0)
    load = np.where(counted > 0, np.nansum(parts, axis=0) / np.maximum(counted, 1), np.nan)

    # ---- wishes
    pref = np.zeros((len(cf), len(AREAS)), dtype=bool)
    pref_known = np.zeros(len(cf), dtype=bool)
    for k, areas in enumerate(cf["preferred_areas"]):
        if isinstance(areas, tuple) and areas:
            pref_known[k] = True
            for a in areas:
                pref[k, AREAS.index(a)] = True
    wishes = np.where(pref_known[c_idx],
                      (fa.area_share[f_idx] * pref[c_idx]).sum(axis=1), np.nan) if n else \
        np.zeros(0)

    comps = np.vstack([travel, hours, level, availability, load, wishes]).T if n else \
        np.zeros((0, len(COMPONENTS)))
    w = weights.vector()
    known = ~np.isnan(comps)
    filled = np.where(known, comps, weights.unknown_value)
    score = filled @ w / w.sum()
    confidence = known @ w / w.sum()
    knock = np.vstack([ko_travel, ko_hours, ko_day, ko_level, ko_days]).T if n else \
        np.zeros((0, 5), dtype=bool)
    codes = np.array(["travel", "hours", "hours_per_day", "level", "days"])
    knockouts = [";".join(codes[row]) for row in knock]
    frame = pd.DataFrame({
        "function_id": np.array(fa.ids, dtype=object)[f_idx] if n else [],
        "candidate_id": cf["candidate_id"].to_numpy(dtype=object)[c_idx] if n else [],
        "feasible": ~knock.any(axis=1),
        "score": np.round(score, 4),
        "confidence": np.round(confidence, 3),
        "distance_km": np.round(distance, 1),
        **{c: np.round(comps[:, k], 4) for k, c in enumerate(COMPONENTS)},
        "knockouts": knockouts,
        "f_index": f_idx,
        "c_index": c_idx,
    })
    return PairScores(frame, functions, pool, sites, weights)


def _hours_text(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


def explain_pair(row: pd.Series, function: Function, profile: pd.Series,
                 weights: Weights) -> str:
    """A short Dutch explanation of one scored pair, naming knock-outs and unknowns."""
    parts: list[str] = []
    unknown: list[str] = []
    d = row["distance_km"]
    if pd.isna(d):
        unknown.append("reisafstand")
    else:
        limit = profile["max_travel_km"]
        text = ("reisafstand minder dan 1 km" if d < 1 else
                f"reisafstand ca. {_hours_text(float(d))} km")
        text += f" (max {_hours_text(float(limit))} km)" if pd.notna(limit) else \
            " (max onbekend)"
        if profile["independent_travel"] == 0 and len(function.sites) > 1:
            text += ", reist niet zelfstandig tussen locaties"
        parts.append(text)
    hmin, hmax = profile["hours_per_week_min"], profile["hours_per_week_max"]
    if pd.isna(hmin) and pd.isna(hmax):
        unknown.append("uren per week")
    else:
        lo = _hours_text(hmin) if pd.notna(hmin) else "?"
        hi = _hours_text(hmax) if pd.notna(hmax) else "?"
        parts.append(f"{_hours_text(function.hours)} u per week (wil {lo}-{hi} u)")
    if pd.notna(profile["hours_per_day_max"]):
        parts.append(f"langste dag {_hours_text(function.max_day_hours)} u (max "
                     f"{_hours_text(profile['hours_per_day_max'])} u)")
    if pd.isna(profile["education_level"]):
        unknown.append("opleiding")
    else:
        parts.append(f"niveau {function.level} ({LEVEL_NAMES_NL[function.level]}) bij "
                     f"opleiding {profile['education']}")
    days = profile["days_available"]
    if not isinstance(days, tuple):
        unknown.append("beschikbare dagen")
    else:
        missing = [d for d in function.days if d not in days]
        if missing:
            parts.append("niet beschikbaar op " + ", ".join(DAY_NAMES_NL[d] for d in missing))
        else:
            parts.append(f"beschikbaar op alle werkdagen ({format_days(function.days)})")
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
        wished = [AREA_LABELS_NL[a] for a in function.areas if a in prefs]
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
