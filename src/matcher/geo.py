"""Locations: 4-digit postcodes (PC4) to coordinates, distances and travel times.

The PC4 table ships with the package (``matcher/data/pc4_nl.csv``, built by
``scripts/build_pc4_table.py``; see ``matcher/data/NOTICE.md`` for sources and licences).
It is town-centroid precision: every distance computed from a PC4 is **approximate**
(typically within a few km), and outputs say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from matcher.errors import ParamError

__all__ = [
    "EARTH_RADIUS_KM",
    "TravelParams",
    "haversine_km",
    "pc4_table",
    "pc4_to_latlon",
]

EARTH_RADIUS_KM = 6371.0088


@lru_cache(maxsize=1)
def pc4_table() -> pd.DataFrame:
    """The embedded PC4 table (pc4, lat, lon, place, province, imputed), indexed by pc4."""
    with resources.files("matcher.data").joinpath("pc4_nl.csv").open("rb") as handle:
        table = pd.read_csv(handle, dtype={"pc4": str})
    return table.set_index("pc4")


def pc4_to_latlon(pc4: str) -> tuple[float, float] | None:
    """Coordinates of a PC4's town centre, or ``None`` when the code is not in the table."""
    table = pc4_table()
    key = str(pc4).strip()
    if key not in table.index:
        return None
    return float(table.at[key, "lat"]), float(table.at[key, "lon"])  # type: ignore[arg-type]


def haversine_km(
    lat1: np.ndarray | float, lon1: np.ndarray | float,
    lat2: np.ndarray | float, lon2: np.ndarray | float,
) -> np.ndarray:
    """Great-circle distance in km between points (broadcasting over arrays)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


@dataclass(frozen=True)
class TravelParams:
    """How long moving between two school sites takes during a working day.

    travel minutes = ``overhead_min`` + road km / ``speed_kmh`` * 60, with road km =
    straight-line km * ``detour_factor``. The defaults assume a bike or a local bus
    (15 km/h door to door) with 10 minutes to pack up and walk, and roads 1.3 times the
    straight line. Two sites with unknown locations cannot be combined on one day.
    """

    speed_kmh: float = 15.0
    overhead_min: float = 10.0
    detour_factor: float = 1.3

    def __post_init__(self) -> None:
        broken: list[tuple[str, str, object, dict[str, object]]] = []
        if not self.speed_kmh > 0:
            broken.append(("speed_kmh", "num.positive", self.speed_kmh, {}))
        if not self.overhead_min >= 0:
            broken.append(("overhead_min", "num.nonnegative", self.overhead_min, {}))
        if not self.detour_factor >= 1:
            broken.append(("detour_factor", "param.at_least", self.detour_factor, {"limit": 1}))
        if broken:
            raise ParamError.of("TravelParams", broken)

    def minutes(self, km: np.ndarray | float) -> np.ndarray:
        """Travel minutes for straight-line distances (rounded up to whole minutes)."""
        km_arr = np.asarray(km, dtype=float)
        return np.asarray(
            np.ceil(self.overhead_min + km_arr * self.detour_factor / self.speed_kmh * 60.0)
        )
