"""Small-group check for shortlist exports: k-anonymity on (PC4, education level, hours).

A shortlist that leaves the employment-service provider (WSP) for a school names
candidates by pseudonym only, but the attributes it shows next to the pseudonym can
still single a person out: a 4-digit postcode, an education level and the hours a week
someone can work together often fit one person. :func:`k_anonymise` adds these three
attributes to a shortlist so that every combination it shows is shared by at least ``k``
candidates of the pool (default 5), coarsening a candidate's attributes step by step
until it is:

=====  ===============  ==================  ==============  ===========
step   code             location            education       hours
=====  ===============  ==================  ==============  ===========
0      ``none``         PC4 (``3811``)      level 1-4       max hours (``24``)
1      ``hours_band``   PC4                 level           band (``20-28``)
2      ``region``       PC2 (``38``)        level           band
3      ``province``     province            level           band
4      ``country``      ``NL``              level           band
5      ``hours_hidden`` ``NL``              level           ``?``
6      ``suppressed``   ``NL``              ``?``           ``?``
=====  ===============  ==================  ==============  ===========

The bands are 0-12, 12-20, 20-28 and 28+ hours a week (of ``hours_per_week_max``). An
unknown value stays ``?`` at every step. Step 6 shows nothing: the row is fully
suppressed. Each row's ``generalised`` column says, in Dutch, what was coarsened, and the
:class:`KAnonymityReport` counts the rows per step (:meth:`KAnonymityReport.text` is a
note for the file). The Dutch ``explanation`` of a shortlist restates the profile (hours
wanted, education, distance, physical load) and is left out unless asked for.

The function is pure: it reads the shortlist and the pool and returns a new frame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from matcher.geo import haversine_km, pc4_table

__all__ = [
    "HOURS_BANDS",
    "REVEALING_COLUMNS",
    "STEPS",
    "KAnonymityReport",
    "hours_band",
    "k_anonymise",
    "pc4_points",
]

#: Hour bands (hours a week, lower bound inclusive): 0-12, 12-20, 20-28, 28+.
HOURS_BANDS: tuple[tuple[float, float, str], ...] = (
    (0.0, 12.0, "0-12"),
    (12.0, 20.0, "12-20"),
    (20.0, 28.0, "20-28"),
    (28.0, math.inf, "28+"),
)

#: The coarsening steps in order: (code, Dutch note written in the ``generalised`` column).
STEPS: tuple[tuple[str, str], ...] = (
    ("none", ""),
    ("hours_band", "uren als band"),
    ("region", "uren als band, postcode als regio (2 cijfers)"),
    ("province", "uren als band, postcode als provincie"),
    ("country", "uren als band, alleen 'NL' als plaats"),
    ("hours_hidden", "uren en plaats weggelaten"),
    ("suppressed", "postcode, niveau en uren weggelaten (groep te klein)"),
)

#: Columns added to the shortlist.
EXPORT_COLUMNS: tuple[str, ...] = ("pc4", "education_level", "hours_per_week_max",
                                   "generalised")

UNKNOWN = "?"


def hours_band(hours: float | None) -> str:
    """The band of a number of hours a week (``?`` when unknown).

    >>> hours_band(24), hours_band(12), hours_band(None)
    ('20-28', '12-20', '?')
    """
    if hours is None or (isinstance(hours, float) and math.isnan(hours)):
        return UNKNOWN
    for low, high, label in HOURS_BANDS:
        if low <= hours < high:
            return label
    return UNKNOWN  # negative hours do not occur in a loaded pool


@dataclass(frozen=True)
class KAnonymityReport:
    """What :func:`k_anonymise` did.

    ``rows_by_step`` and ``candidates_by_step`` count the shortlist rows and distinct
    candidates at each step code of :data:`STEPS` (all steps present, zeros included).
    """

    k: int
    pool_size: int
    rows: int
    candidates: int
    rows_by_step: dict[str, int] = field(default_factory=dict)
    candidates_by_step: dict[str, int] = field(default_factory=dict)
    dropped_columns: tuple[str, ...] = ()

    @property
    def coarsened_rows(self) -> int:
        """Rows where anything was coarsened (step 1 or later)."""
        return self.rows - self.rows_by_step.get("none", 0)

    def text(self) -> str:
        """A Dutch note for the export: the check, and how many rows each step touched."""
        head = (f"Kleine-groepencontrole (k = {self.k}): elke combinatie van postcode, niveau "
                f"en uren in dit bestand komt bij minstens {self.k} kandidaten in de pool "
                "voor, of is weggelaten.")
        parts = [f"{n} rij(en): {dict(STEPS)[code]}"
                 for code, n in self.rows_by_step.items() if n and code != "none"]
        text = head + (" Grover gemaakt: " + "; ".join(parts) + "." if parts
                       else " Niets hoefde grover.")
        if self.dropped_columns:
            text += (" Weggelaten kolom(men): " + ", ".join(self.dropped_columns)
                     + " (beschrijft het profiel te precies).")
        return text


def _column(pool: pd.DataFrame, name: str) -> pd.Series:
    """A pool column, or an all-unknown one when the pool has no such column."""
    if name in pool.columns:
        return pool[name]
    return pd.Series(None, index=pool.index, dtype=object)


def _attributes(pool: pd.DataFrame) -> pd.DataFrame:
    """Per pool row: the three attributes at every step, as text (unknown = ``?``)."""
    pc4 = _column(pool, "pc4").fillna("").astype(str).str.strip()
    known_pc4 = pc4.str.fullmatch(r"\d{4}")
    table = pc4_table()
    province = pc4.map(lambda p: table.at[p, "province"] if p in table.index else None)
    province = province.where(province.notna() & (province.astype(str) != ""), UNKNOWN)
    level = pd.to_numeric(_column(pool, "education_level"), errors="coerce")
    level_text = level.map(lambda v: UNKNOWN if pd.isna(v) else str(int(v)))
    hours = pd.to_numeric(_column(pool, "hours_per_week_max"), errors="coerce")
    hours_text = hours.map(lambda v: UNKNOWN if pd.isna(v) else f"{float(v):g}")
    band = hours.map(lambda v: hours_band(None if pd.isna(v) else float(v)))
    return pd.DataFrame({
        "pc4": pc4.where(known_pc4, UNKNOWN),
        "pc2": pc4.str[:2].where(known_pc4, UNKNOWN),
        "province": province.astype(str),
        "level": level_text,
        "hours": hours_text,
        "band": band,
    }, index=pool.index)


def _step_values(attrs: pd.DataFrame, step: int) -> pd.DataFrame:
    """The (location, level, hours) shown at a step for every pool row."""
    location = {0: "pc4", 1: "pc4", 2: "pc2", 3: "province"}.get(step)
    place = attrs[location] if location else pd.Series("NL", index=attrs.index)
    level = attrs["level"] if step < 6 else pd.Series(UNKNOWN, index=attrs.index)
    hours = attrs["hours"] if step == 0 else (
        attrs["band"] if step < 5 else pd.Series(UNKNOWN, index=attrs.index))
    return pd.DataFrame({"pc4": place, "education_level": level, "hours_per_week_max": hours})


#: Shortlist columns that restate a profile in words (hours wanted, education, distance,
#: physical capacity): they would undo the check, so they are left out by default.
REVEALING_COLUMNS: tuple[str, ...] = ("explanation",)


def k_anonymise(shortlist_frame: pd.DataFrame, pool_frame: pd.DataFrame, k: int = 5, *,
                drop_columns: Sequence[str] = REVEALING_COLUMNS
                ) -> tuple[pd.DataFrame, KAnonymityReport]:
    """Add (PC4, education level, hours) to a shortlist, coarsened until groups reach k.

    Parameters
    ----------
    shortlist_frame
        Rows with a ``candidate_id`` column (e.g. :func:`matcher.shortlist`).
    pool_frame
        The candidate pool the shortlist was drawn from (:attr:`matcher.Pool.frame`):
        ``candidate_id``, ``pc4``, ``education_level``, ``hours_per_week_max``.
    k
        Smallest group size allowed in the export (default 5).
    drop_columns
        Columns left out of the export (those present are listed in the report). By
        default the Dutch ``explanation``, which names the hours a candidate wants, the
        education, the distance and whether the physical load fits: text that would
        single people out again. Pass ``()`` to keep it (inside the WSP only).

    Returns
    -------
    (frame, report)
        The shortlist with columns ``pc4``, ``education_level``, ``hours_per_week_max``
        and ``generalised`` added (replacing columns of those names), and the report.
        For every row, at least ``k`` pool candidates show the same three values at that
        row's step, or the row is fully suppressed (step ``suppressed``).

    Raises
    ------
    ValueError
        When ``k`` < 1, or a shortlisted candidate is not in the pool.
    """
    if k < 1:
        raise ValueError("k must be at least 1.")
    pool_ids = pool_frame["candidate_id"].astype(str)
    if pool_ids.duplicated().any():
        raise ValueError("pool_frame has duplicate candidate ids.")
    wanted = shortlist_frame["candidate_id"].astype(str)
    missing = sorted(set(wanted) - set(pool_ids))
    if missing:
        raise ValueError(f"{len(missing)} shortlisted candidate(s) are not in the pool.")
    attrs = _attributes(pool_frame.reset_index(drop=True))
    # The first step at which each pool candidate's combination is shared by >= k.
    chosen = np.full(len(attrs), len(STEPS) - 1)
    open_rows = np.ones(len(attrs), dtype=bool)
    shown = _step_values(attrs, len(STEPS) - 1)
    for step in range(len(STEPS) - 1):
        values = _step_values(attrs, step)
        key = values.agg("\x1f".join, axis=1) if len(values) else pd.Series(dtype=str)
        size = key.map(key.value_counts()).to_numpy() if len(values) else np.zeros(0)
        done = open_rows & (size >= k)
        chosen[done] = step
        shown.loc[done] = values.loc[done]
        open_rows &= ~done
    index_of = {cid: i for i, cid in enumerate(pool_ids)}
    rows = np.array([index_of[c] for c in wanted], dtype=int)
    dropped = tuple(c for c in drop_columns if c in shortlist_frame.columns)
    frame = shortlist_frame.drop(columns=[c for c in (*EXPORT_COLUMNS, *dropped)
                                          if c in shortlist_frame.columns])
    frame = frame.reset_index(drop=True)
    picked = shown.iloc[rows].reset_index(drop=True)
    for column in ("pc4", "education_level", "hours_per_week_max"):
        frame[column] = picked[column].to_numpy()
    steps = chosen[rows]
    frame["generalised"] = [STEPS[s][1] for s in steps]
    by_row = {code: int((steps == i).sum()) for i, (code, _) in enumerate(STEPS)}
    per_candidate = pd.Series(steps).groupby(wanted.to_numpy()).first() if len(rows) else \
        pd.Series(dtype=int)
    by_candidate = {code: int((per_candidate == i).sum()) for i, (code, _) in enumerate(STEPS)}
    report = KAnonymityReport(k=k, pool_size=len(pool_frame), rows=len(frame),
                              candidates=int(wanted.nunique()), rows_by_step=by_row,
                              candidates_by_step=by_candidate, dropped_columns=dropped)
    return frame, report


def pc4_points(frame: pd.DataFrame) -> pd.DataFrame:
    """Candidates per PC4 area at that area's centre, never at a finer point (for a map).

    ``frame`` has the pool's columns pc4, lat and lon. A profile given with coordinates
    instead of a pc4 is counted at the nearest PC4 centre. Columns: pc4, plaats, lat, lon,
    kandidaten, size (circle radius in metres, growing with the square root of the
    count). Profiles with an unknown location are left out.
    """
    table = pc4_table()
    codes: list[str] = []
    for pc4, lat, lon in zip(frame["pc4"], frame["lat"], frame["lon"], strict=True):
        if isinstance(pc4, str) and pc4 in table.index:
            codes.append(pc4)
        elif pd.notna(lat) and pd.notna(lon):
            km = haversine_km(float(lat), float(lon), table["lat"].to_numpy(float),
                              table["lon"].to_numpy(float))
            codes.append(str(table.index[int(np.argmin(km))]))
    if not codes:
        return pd.DataFrame(columns=["pc4", "plaats", "lat", "lon", "kandidaten", "size"])
    counts = pd.Series(codes).value_counts().sort_index()
    out = pd.DataFrame({
        "pc4": counts.index,
        "plaats": [str(table.at[c, "place"]) if "place" in table.columns else ""
                   for c in counts.index],
        "lat": table.loc[counts.index, "lat"].to_numpy(float),
        "lon": table.loc[counts.index, "lon"].to_numpy(float),
        "kandidaten": counts.to_numpy(int),
    })
    out["size"] = 250 + 350 * np.sqrt(out["kandidaten"])
    return out.sort_values(["kandidaten", "pc4"], ascending=[False, True]).reset_index(drop=True)
