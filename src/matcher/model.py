"""Typed, checked inputs: tasks with their inventory, sites, and the candidate pool.

Objects here are built by the loaders in :mod:`matcher.inputs.loaders` (or by hand in code and
tests) and trusted downstream: nothing after this point re-validates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from matcher.geo import TravelParams, haversine_km
from matcher.text.catalogue import Note
from matcher.text.format import format_days, format_time

__all__ = ["FTA_HOURS", "Inventory", "Pool", "Sites", "Task", "coverage", "fta"]

DEFAULT_SITE = "school"

#: Paid hours a week that count as one job (one fta) under the banenafspraak.
FTA_HOURS = 25.5


def fta(hours: float) -> float:
    """Jobs that ``hours`` a week count for under the banenafspraak: hours / 25.5, two decimals.

    The one home of the 25.5 h rule: functions, sites, boards and the quotum all count
    through it (other sizes count pro rata).
    """
    return round(hours / FTA_HOURS, 2)


@dataclass(frozen=True)
class Task:
    """One task of a school's inventory.

    ``days`` empty means the task may happen on any school day. ``start``/``end`` (minutes
    after midnight) fix the task at that time on each of its days; otherwise the task is
    flexible in time. ``hours`` is hours per week.
    """

    task_id: str
    description: str
    area: str
    hours: float
    level: int
    site: str = DEFAULT_SITE
    days: tuple[int, ...] = ()
    start: int | None = None
    end: int | None = None
    physical_load: int = 0
    pupil_contact: int = 0
    current_role: str = ""
    carvable: bool = True
    row: int | None = None

    @property
    def fixed(self) -> bool:
        """True when the task is fixed in time (has start and end)."""
        return self.start is not None and self.end is not None

    @property
    def minutes(self) -> int:
        """Minutes per week, rounded to whole minutes."""
        return round(self.hours * 60)

    @property
    def when(self) -> str:
        """Readable timing: ``ma-vr 10:10-10:30``, ``di,do`` or ``flexibel``."""
        if self.fixed:
            assert self.start is not None and self.end is not None
            return f"{format_days(self.days)} {format_time(self.start)}-{format_time(self.end)}"
        return format_days(self.days) if self.days else "flexibel"


@dataclass(frozen=True)
class Sites:
    """School sites with locations and the travel time between them.

    ``frame`` has columns site, name, lat, lon, pc4, board, approximate (True when the
    location comes from a PC4 centroid). Unknown locations are NaN.
    """

    frame: pd.DataFrame
    travel: TravelParams = field(default_factory=TravelParams)

    @classmethod
    def unlocated(cls, site_ids: Iterable[str]) -> Sites:
        """Sites without locations (travel between two of them is not possible on one day)."""
        ids = sorted(set(site_ids))
        frame = pd.DataFrame({
            "site": ids, "name": ids, "lat": np.nan, "lon": np.nan, "pc4": "", "board": "",
            "approximate": False,
        })
        return cls(frame)

    @property
    def ids(self) -> list[str]:
        """Site ids in file order."""
        return [str(s) for s in self.frame["site"]]

    def name(self, site: str) -> str:
        """Readable name of a site (its id when no name was given)."""
        return self._names.get(site) or site

    @cached_property
    def _names(self) -> dict[str, str]:
        """Site id -> its name as written (the first row of an id), read once: a report
        of hundreds of functions asks for them thousands of times."""
        names: dict[str, str] = {}
        for site, name in zip(self.frame["site"], self.frame["name"], strict=True):
            names.setdefault(site, str(name))
        return names

    def distance_km(self) -> pd.DataFrame:
        """Straight-line km between every pair of sites (NaN where a location is unknown)."""
        lat = self.frame["lat"].to_numpy(float)
        lon = self.frame["lon"].to_numpy(float)
        km = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        return pd.DataFrame(km, index=self.ids, columns=self.ids)

    def travel_minutes(self, only: Iterable[str] | None = None
                       ) -> dict[tuple[str, str], float]:
        """Travel minutes between every ordered pair of sites; 0 on the diagonal.

        Pairs where a location is unknown get ``inf``: they cannot share a day. With
        ``only``, just the pairs of those sites (a board's). The distance matrix is read
        once (looking every pair up in a data frame took 7-9 s for the 172 sites of a
        region, in every board's carve).
        """
        ids = self.ids
        km = self.distance_km().to_numpy(dtype=float)
        wanted = set(ids) if only is None else set(only)
        out: dict[tuple[str, str], float] = {}
        for a_pos, a in enumerate(ids):
            if a not in wanted:
                continue
            for b_pos, b in enumerate(ids):
                if b not in wanted:
                    continue
                d = float(km[a_pos, b_pos])
                out[(a, b)] = 0.0 if a_pos == b_pos else \
                    math.inf if math.isnan(d) else float(self.travel.minutes(d))
        return out


@dataclass(frozen=True)
class Inventory:
    """A task inventory with its sites."""

    tasks: tuple[Task, ...]
    sites: Sites
    source: str = "<tasks>"
    warnings: tuple[Note, ...] = ()

    def __post_init__(self) -> None:
        ids = [t.task_id for t in self.tasks]
        if len(set(ids)) != len(ids):
            raise ValueError("Inventory task ids must be unique.")
        unknown = {t.site for t in self.tasks} - set(self.sites.ids)
        if unknown:
            raise ValueError(f"Inventory tasks refer to sites not in sites: {sorted(unknown)}.")

    @classmethod
    def from_tasks(cls, tasks: Sequence[Task], sites: Sites | None = None) -> Inventory:
        """Build an inventory from tasks; sites default to unlocated ones."""
        sites = sites or Sites.unlocated(t.site for t in tasks)
        return cls(tuple(tasks), sites)

    @property
    def total_hours(self) -> float:
        """Hours a week of all tasks."""
        return float(sum(t.hours for t in self.tasks))

    def task(self, task_id: str) -> Task:
        """The task with this id."""
        for t in self.tasks:
            if t.task_id == task_id:
                return t
        raise KeyError(task_id)

    def to_frame(self) -> pd.DataFrame:
        """Tasks as a table with the canonical (English) column names of the data contract."""
        rows = [
            {
                "task_id": t.task_id,
                "description": t.description,
                "area": t.area,
                "hours_per_week": t.hours,
                "level": t.level,
                "site": t.site,
                "days": format_days(t.days),
                "start": format_time(t.start) if t.start is not None else "",
                "end": format_time(t.end) if t.end is not None else "",
                "physical_load": t.physical_load,
                "pupil_contact": t.pupil_contact,
                "current_role": t.current_role,
                "carvable": "yes" if t.carvable else "no",
            }
            for t in self.tasks
        ]
        columns = ["task_id", "description", "area", "hours_per_week", "level", "site", "days",
                   "start", "end", "physical_load", "pupil_contact", "current_role", "carvable"]
        return pd.DataFrame(rows, columns=columns)


#: Pool columns and their meaning (unknown = NaN / None).
POOL_COLUMNS: tuple[str, ...] = (
    "candidate_id", "pc4", "lat", "lon", "location_approximate", "max_travel_km",
    "independent_travel", "hours_per_week_min", "hours_per_week_max", "hours_per_day_max",
    "days_available", "education", "education_level", "preferred_areas", "physical_capacity",
    "pupil_contact_ok",
)

#: Fields whose coverage (share known) is reported.
COVERAGE_FIELDS: dict[str, str] = {
    "location": "lat",
    "max_travel_km": "max_travel_km",
    "independent_travel": "independent_travel",
    "hours_per_week": "hours_per_week_max",
    "hours_per_day_max": "hours_per_day_max",
    "days_available": "days_available",
    "education": "education_level",
    "preferred_areas": "preferred_areas",
    "physical_capacity": "physical_capacity",
    "pupil_contact_ok": "pupil_contact_ok",
}


@dataclass(frozen=True)
class Pool:
    """Anonymous candidate profiles, one row each (see :data:`POOL_COLUMNS`).

    Unknown values are NaN (numbers) or None (days, areas). ``independent_travel`` is
    1.0 / 0.0 / NaN. ``days_available`` holds a tuple of day numbers.
    """

    frame: pd.DataFrame
    source: str = "<candidates>"
    warnings: tuple[Note, ...] = ()

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def ids(self) -> list[str]:
        """Candidate pseudonyms in input order."""
        return [str(c) for c in self.frame["candidate_id"]]

    def coverage(self) -> pd.DataFrame:
        """Share of profiles with each field known (the Kandidatenverkenner's blind spot)."""
        return coverage(self.frame)


def coverage(frame: pd.DataFrame) -> pd.DataFrame:
    """Per profile field: how many profiles have it known, and the share."""
    n = len(frame)
    rows = []
    for label, column in COVERAGE_FIELDS.items():
        known = int(frame[column].notna().sum()) if n else 0
        rows.append({"field": label, "known": known, "unknown": n - known,
                     "share_known": round(known / n, 3) if n else 0.0})
    return pd.DataFrame(rows)
