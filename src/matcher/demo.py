"""The shipped demo data and the seeded generator of the synthetic candidate pool.

Demo inventories (hand-written from Dutch school practice, see ``data/tasks/``):

* ``"vo"``: Eemland College, a secondary school with two sites in Amersfoort.
* ``"po"``: Stichting Primair Onderwijs De Gelderse Vallei, six small primary schools
  around Ede, each with less than one job of carvable work.

The candidate pool (``data/candidates/kandidaten.csv``) is synthetic and anonymous:
:func:`generate_candidates` draws it from fixed distributions with a fixed seed
(``python scripts/generate_demo_candidates.py`` rewrites it). About 42% have an unknown
education level, as in the Kandidatenverkenner, and every other field is unknown for a
share of the profiles too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.neighbors import BallTree

from matcher.geo import haversine_km, pc4_table
from matcher.inputs.loaders import load_tasks
from matcher.inputs.schema import AREAS
from matcher.matching.tables import FunctionTable
from matcher.model import Inventory, Sites, Task
from matcher.text.format import format_days

__all__ = [
    "BOARD_REGIONS",
    "DEMOS",
    "DemoFiles",
    "data_dir",
    "demo_files",
    "generate_board",
    "generate_candidates",
    "generate_functions",
    "generate_inventory",
]

DemoName = Literal["vo", "po"]


@dataclass(frozen=True)
class DemoFiles:
    """Paths of one demo: task inventory, sites and the candidate pool."""

    name: str
    title: str
    tasks: Path
    sites: Path
    candidates: Path


DEMOS: dict[str, tuple[str, str, str]] = {
    "vo": ("Eemland College (vo, 2 locaties, Amersfoort)", "vo_school_taken.csv",
           "vo_school_locaties.csv"),
    "po": ("Stichting PO De Gelderse Vallei (6 basisscholen rond Ede)", "po_bestuur_tasks.csv",
           "po_bestuur_sites.csv"),
}


def data_dir() -> Path:
    """The folder with the demo data.

    ``$MATCHER_DATA_DIR`` when set; else the data shipped inside an installed wheel;
    else ``data/`` of the source checkout (editable installs).
    """
    env = os.environ.get("MATCHER_DATA_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "_demo_data", here.parents[1] / "data"):
        if (candidate / "tasks").is_dir():
            return candidate
    raise FileNotFoundError(
        "The demo data folder was not found: set MATCHER_DATA_DIR to the repository's data/ "
        "folder.")


def demo_files(name: str = "vo") -> DemoFiles:
    """Paths of a demo (``"vo"`` or ``"po"``)."""
    if name not in DEMOS:
        raise ValueError(f"Unknown demo {name!r}: choose one of {', '.join(DEMOS)}.")
    title, tasks, sites = DEMOS[name]
    root = data_dir()
    return DemoFiles(name, title, root / "tasks" / tasks, root / "tasks" / sites,
                     root / "candidates" / "kandidaten.csv")


#: Regions the demo pool lives in: (centre pc4, share of the pool, radius km).
REGIONS: tuple[tuple[str, float, float], ...] = (
    ("3811", 0.55, 25.0),  # Amersfoort and surroundings
    ("6711", 0.45, 25.0),  # Ede / Gelderse Vallei
)

_EDUCATION = {
    "pro": 0.18, "vso": 0.18, "entree": 0.15, "mbo-1": 0.12, "mbo-2": 0.14, "vmbo": 0.07,
    "mbo-3": 0.05, "havo": 0.04, "hbo": 0.03, "geen": 0.04,
}
_AREA_NL = ("conciërge", "klas", "administratie", "facilitair")


def _codes_near(centre: str | None, radius_km: float) -> np.ndarray:
    """Positions in the PC4 table within ``radius_km`` of ``centre`` (all when None)."""
    table = pc4_table()
    if centre is None:
        return np.arange(len(table))
    lat, lon = table["lat"].to_numpy(float), table["lon"].to_numpy(float)
    k = int(np.flatnonzero(table.index.to_numpy() == centre)[0])
    return np.flatnonzero(haversine_km(lat[k], lon[k], lat, lon) <= radius_km)


def generate_candidates(n: int = 600, seed: int = 20261122,
                        nationwide: bool = False, centre: str | None = None,
                        radius_km: float = 25.0) -> pd.DataFrame:
    """Draw ``n`` anonymous candidate profiles with realistic, partly unknown fields.

    By default the profiles live around the two demo regions; with ``nationwide`` they
    are spread over all Dutch 4-digit postcodes (postcodes are denser where more people
    live, so this roughly follows the population), or, with ``centre`` (a PC4), over the
    postcodes within ``radius_km`` of it. Same arguments give the same table.
    Columns use the English names of the data contract; unknown values are ``onbekend``
    or empty.
    """
    rng = np.random.default_rng(seed)
    table = pc4_table()
    codes = table.index.to_numpy()
    lat = table["lat"].to_numpy(float)
    lon = table["lon"].to_numpy(float)
    shares = np.array([r[1] for r in REGIONS])
    region = rng.choice(len(REGIONS), size=n, p=shares / shares.sum())
    pc4 = np.empty(n, dtype=object)
    spread = nationwide or centre is not None
    if spread:
        pool_codes = _codes_near(centre, radius_km)
        pc4[:] = codes[pool_codes[rng.integers(0, len(pool_codes), size=n)]]
    for k, (region_centre, _, radius) in enumerate(() if spread else REGIONS):
        members = np.flatnonzero(region == k)
        centre_index = int(np.flatnonzero(codes == region_centre)[0])
        d = haversine_km(lat[centre_index], lon[centre_index], lat, lon)
        near = np.flatnonzero(d <= radius)
        weight = np.exp(-d[near] / 10.0)
        pc4[members] = codes[rng.choice(near, size=len(members), p=weight / weight.sum())]

    def maybe(values: np.ndarray, unknown_share: float, unknown: object = "") -> np.ndarray:
        out = values.astype(object)
        out[rng.random(n) < unknown_share] = unknown
        return out

    pc4 = maybe(pc4, 0.04)
    max_km = maybe(rng.choice([5, 8, 10, 15, 20, 25, 30], size=n,
                              p=[0.1, 0.12, 0.22, 0.24, 0.16, 0.1, 0.06]), 0.15)
    independent = maybe(rng.choice(["ja", "nee"], size=n, p=[0.75, 0.25]), 0.2, "onbekend")
    hmax = rng.choice([12, 16, 20, 24, 25.5, 28, 32, 36], size=n,
                      p=[0.06, 0.12, 0.18, 0.2, 0.14, 0.14, 0.1, 0.06])
    hmin = np.maximum(8, hmax - rng.choice([4, 6, 8, 10, 12], size=n))
    unknown_hours = rng.random(n) < 0.1
    hmax_col = np.where(unknown_hours, "", hmax.astype(object))
    hmin_col = np.where(unknown_hours, "", hmin.astype(object))
    hday = maybe(rng.choice([4, 5, 6, 7, 8], size=n, p=[0.1, 0.2, 0.3, 0.2, 0.2]), 0.25)
    day_sets = [(0, 1, 2, 3, 4), (0, 1, 3, 4), (0, 1, 2, 3), (1, 2, 3, 4), (0, 2, 4),
                (0, 1, 3), (1, 3, 4)]
    day_pick = rng.choice(len(day_sets), size=n, p=[0.5, 0.1, 0.1, 0.1, 0.08, 0.06, 0.06])
    days = maybe(np.array([format_days(day_sets[k]) for k in day_pick]), 0.2)
    names = list(_EDUCATION)
    probs = np.array(list(_EDUCATION.values()))
    education = maybe(rng.choice(names, size=n, p=probs / probs.sum()), 0.42, "onbekend")
    prefs = []
    for _ in range(n):
        if rng.random() < 0.35:
            prefs.append("")
        else:
            k = int(rng.choice([1, 2], p=[0.6, 0.4]))
            chosen = rng.choice(len(_AREA_NL), size=k, replace=False,
                                p=[0.3, 0.2, 0.2, 0.3])
            prefs.append(",".join(_AREA_NL[i] for i in sorted(chosen)))
    physical = maybe(rng.choice([0, 1, 2], size=n, p=[0.2, 0.45, 0.35]), 0.5)
    contact = maybe(rng.choice([0, 1, 2], size=n, p=[0.3, 0.4, 0.3]), 0.5)
    return pd.DataFrame({
        "candidate_id": [f"K{k:04d}" for k in range(1, n + 1)],
        "pc4": pc4,
        "max_travel_km": max_km,
        "independent_travel": independent,
        "hours_per_week_min": hmin_col,
        "hours_per_week_max": hmax_col,
        "hours_per_day_max": hday,
        "days_available": days,
        "education": education,
        "preferred_areas": prefs,
        "physical_capacity": physical,
        "pupil_contact_ok": contact,
    })



def _templates(name: str) -> list[Task]:
    """The tasks of a demo inventory, used as templates by the generators."""
    files = demo_files(name)
    return list(load_tasks(files.tasks, files.sites).tasks)


def _draw_task(rng: np.random.Generator, t: Task, task_id: str, site: str,
               fixed_share: float) -> Task:
    """A task like template ``t`` at ``site`` with hours, days and times redrawn.

    Fixed tasks start on a quarter hour between 07:45 and 16:30 and last 15-120 minutes on
    1-5 days, their hours equal to days x duration (the loaders' rule); flexible tasks
    take 0.5-6 h, 30% of them on given days.
    """
    if rng.random() < fixed_share:
        n_days = int(rng.choice([1, 2, 3, 5], p=[0.25, 0.25, 0.2, 0.3]))
        days = tuple(sorted(int(d) for d in rng.choice(5, n_days, replace=False)))
        start = int(rng.integers(31, 67)) * 15
        length = int(rng.choice([15, 20, 30, 45, 60, 90, 120]))
        hours = round(n_days * length / 60, 2)
        return Task(task_id, t.description, t.area, hours, t.level, site, days, start,
                    start + length, t.physical_load, t.pupil_contact, t.current_role)
    hours = float(rng.choice([0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6]))
    flex_days: tuple[int, ...] = ()
    if rng.random() < 0.3:
        n_days = int(rng.choice([1, 2, 5]))
        flex_days = tuple(sorted(int(d) for d in rng.choice(5, n_days, replace=False)))
    return Task(task_id, t.description, t.area, hours, t.level, site, flex_days,
                physical_load=t.physical_load, pupil_contact=t.pupil_contact,
                current_role=t.current_role)


def generate_inventory(n_tasks: int = 100, n_sites: int = 2, seed: int = 0,
                       fixed_share: float = 0.4) -> Inventory:
    """A synthetic school inventory drawn from the demo task catalogue, for benchmarks.

    Tasks are sampled (with replacement) from the two demo inventories as templates: area,
    level, load, pupil contact, role and description are kept; hours, days, times and the
    site are redrawn. Fixed tasks start on a quarter hour between 07:45 and 16:30 and their
    hours equal days x duration. Sites lie 2-8 km apart around Amersfoort.
    """
    rng = np.random.default_rng(seed)
    templates = [*_templates("vo"), *_templates("po")]
    angles = rng.uniform(0, 2 * np.pi, n_sites)
    radii = np.where(np.arange(n_sites) == 0, 0.0, rng.uniform(2, 8, n_sites))
    lat = 52.156 + radii / 111.0 * np.sin(angles)
    lon = 5.388 + radii / 68.0 * np.cos(angles)
    site_ids = [f"loc{k + 1}" for k in range(n_sites)]
    sites = Sites(pd.DataFrame({
        "site": site_ids, "name": [f"Locatie {k + 1}" for k in range(n_sites)],
        "lat": lat, "lon": lon, "pc4": "", "board": "", "approximate": False,
    }))
    tasks = []
    for k in range(n_tasks):
        t = templates[int(rng.integers(len(templates)))]
        site = site_ids[int(rng.integers(n_sites))]
        tasks.append(_draw_task(rng, t, f"G{k + 1:04d}", site, fixed_share))
    return Inventory(tuple(tasks), sites, f"generated(n={n_tasks}, sites={n_sites}, seed={seed})")



#: Regions of generated boards: name -> (centre pc4, radius km).
BOARD_REGIONS: dict[str, tuple[str, float]] = {
    "eemland": ("3811", 20.0),        # Amersfoort and surroundings
    "gelderse-vallei": ("6711", 20.0),  # Ede, Wageningen, Barneveld
    "utrecht": ("3511", 15.0),
    "twente": ("7511", 25.0),
}

_PO_PREFIX = ("OBS", "CBS", "Basisschool", "IKC", "RKBS", "Daltonschool")
_PO_NAMES = ("De Regenboog", "De Wegwijzer", "De Wielewaal", "Het Heideveld", "De Klimop",
             "De Bron", "Het Kompas", "De Vlinder", "De Zonnewijzer", "De Springplank",
             "Het Palet", "De Eendracht", "De Ark", "De Linde", "Het Mozaïek", "De Sterrenboog")
_VO_NAMES = ("College", "Lyceum", "Scholengemeenschap", "Praktijkschool", "Vakcollege")
_BOARD_NAMES = ("Stichting Primair Onderwijs", "Stichting Openbaar Onderwijs",
                "Vereniging Christelijk Onderwijs", "Stichting Katholiek Onderwijs",
                "Stichting Onderwijsgroep")


def generate_board(n_tasks: int = 2000, n_schools: int = 50, seed: int = 0, *,
                   n_boards: int = 1, region: str = "eemland", secondary_share: float = 0.15,
                   fixed_share: float = 0.4, max_tasks_per_school: int = 100) -> Inventory:
    """A synthetic school board (or several) for carving benchmarks: schools at real places.

    ``n_schools`` schools, each one site at a distinct PC4 of the embedded table within the
    radius of ``region`` (:data:`BOARD_REGIONS`), placed within about 400 m of its postcode
    centre (towns share one centroid in the table). ``secondary_share`` of them are
    secondary schools (task templates from the ``vo`` demo, about four times the tasks of
    a primary school), the others primary schools (templates from ``po``). The
    ``n_tasks`` are split over the schools in proportion to a lognormal size (at least 3,
    at most ``max_tasks_per_school`` each, summing to exactly ``n_tasks``) and drawn like
    :func:`generate_inventory` does (same hours, days and times). Schools are grouped into
    ``n_boards`` boards by proximity, each board named in the sites' ``board`` column.

    Same arguments give the same inventory. Written out with
    :meth:`Inventory.to_frame` and the sites frame (site, name, lat, lon, pc4, board), it
    passes :func:`matcher.inputs.loaders.load_tasks` unchanged.

    Raises
    ------
    ValueError
        For an unknown region, fewer than one school or board, more boards than schools,
        more schools than postcodes in the region, or ``n_tasks`` outside
        ``3 * n_schools`` to ``max_tasks_per_school * n_schools``.
    """
    if region not in BOARD_REGIONS:
        raise ValueError(f"Unknown region {region!r}: choose one of {', '.join(BOARD_REGIONS)}.")
    if n_schools < 1 or n_boards < 1 or n_boards > n_schools:
        raise ValueError(f"Need 1 <= n_boards <= n_schools, got n_boards={n_boards}, "
                         f"n_schools={n_schools}.")
    if not 3 * n_schools <= n_tasks <= max_tasks_per_school * n_schools:
        raise ValueError(f"n_tasks={n_tasks} must lie between 3 and {max_tasks_per_school} "
                         f"per school ({3 * n_schools}-{max_tasks_per_school * n_schools} for "
                         f"{n_schools} schools).")
    rng = np.random.default_rng(seed)
    centre, radius = BOARD_REGIONS[region]
    near = _codes_near(centre, radius)
    if n_schools > len(near):
        raise ValueError(f"Region {region!r} has {len(near)} postcodes, fewer than "
                         f"n_schools={n_schools}.")
    table = pc4_table()
    pick = np.sort(rng.choice(near, size=n_schools, replace=False))
    codes = table.index.to_numpy()[pick]
    places = table["place"].to_numpy()[pick]
    lat = np.round(table["lat"].to_numpy(float)[pick] + rng.uniform(-0.0036, 0.0036, n_schools),
                   5)
    lon = np.round(table["lon"].to_numpy(float)[pick] + rng.uniform(-0.0058, 0.0058, n_schools),
                   5)
    secondary = rng.random(n_schools) < secondary_share
    counts = _split_tasks(rng, n_tasks, np.where(secondary, 4.0, 1.0), max_tasks_per_school)

    # Boards: seeds spread over the schools, every school joins the nearest seed.
    seeds = rng.choice(n_schools, size=n_boards, replace=False)
    km = haversine_km(lat[:, None], lon[:, None], lat[seeds][None, :], lon[seeds][None, :])
    board_of = np.argmin(km, axis=1)
    board_of[seeds] = np.arange(n_boards)
    board_names = [f"{_BOARD_NAMES[int(rng.integers(len(_BOARD_NAMES)))]} "
                   f"{places[seeds[b]]} {b + 1}" for b in range(n_boards)]

    site_ids = [f"{'vo' if secondary[k] else 'po'}{k + 1:02d}" for k in range(n_schools)]
    names = []
    for k in range(n_schools):
        if secondary[k]:
            names.append(f"{places[k]} {_VO_NAMES[int(rng.integers(len(_VO_NAMES)))]}")
        else:
            names.append(f"{_PO_PREFIX[int(rng.integers(len(_PO_PREFIX)))]} "
                         f"{_PO_NAMES[int(rng.integers(len(_PO_NAMES)))]} ({places[k]})")
        if names[-1] in names[:-1]:
            names[-1] += f" {names.count(names[-1])}"
    sites = Sites(pd.DataFrame({
        "site": site_ids, "name": names, "lat": lat, "lon": lon, "pc4": codes.astype(str),
        "board": [board_names[b] for b in board_of], "approximate": False,
    }))
    po, vo = _templates("po"), _templates("vo")
    tasks = []
    for k in range(n_schools):
        templates = vo if secondary[k] else po
        for j in range(int(counts[k])):
            t = templates[int(rng.integers(len(templates)))]
            tasks.append(_draw_task(rng, t, f"{site_ids[k].upper()}-{j + 1:03d}", site_ids[k],
                                    fixed_share))
    return Inventory(tuple(tasks), sites,
                     f"generated board(n={n_tasks}, schools={n_schools}, boards={n_boards}, "
                     f"region={region}, seed={seed})")


def _split_tasks(rng: np.random.Generator, n_tasks: int, scale: np.ndarray, cap: int
                 ) -> np.ndarray:
    """Split ``n_tasks`` over schools by lognormal sizes times ``scale``, each in [3, cap]."""
    n = len(scale)
    weight = scale * rng.lognormal(0.0, 0.6, n)
    counts = np.full(n, 3, dtype=np.int64)
    left = n_tasks - counts.sum()
    while left > 0:
        room = cap - counts
        w = np.where(room > 0, weight, 0.0)
        share = w / w.sum() * left
        add = np.minimum(np.floor(share).astype(np.int64), room)
        if add.sum() == 0:  # hand out the remainder one by one, largest share first
            order = np.argsort(-share, kind="stable")
            add[order[:left]] = (room[order[:left]] > 0).astype(np.int64)
        counts += add
        left = n_tasks - counts.sum()
    return counts


def generate_functions(n_functions: int, seed: int = 0, functions_per_site: float = 3.0,
                       multi_site_share: float = 0.15, centre: str | None = None,
                       radius_km: float = 25.0) -> tuple[FunctionTable, Sites]:
    """Synthetic functions at schools over the whole country, for scale benchmarks.

    Sites are drawn from the Dutch 4-digit postcodes (denser where people live; with
    ``centre``, only those within ``radius_km`` of it) with up to 1 km of jitter;
    ``multi_site_share`` of the functions also work at the nearest other site. Hours
    16-30, level 1-3 (mostly 1-2), Monday-Friday or four days, and load, contact and
    areas drawn like the demo.
    """
    rng = np.random.default_rng(seed)
    table = pc4_table()
    n_sites = max(1, round(n_functions / functions_per_site))
    near = _codes_near(centre, radius_km)
    pick = near[rng.integers(0, len(near), size=n_sites)]
    lat = table["lat"].to_numpy(float)[pick] + rng.uniform(-0.009, 0.009, n_sites)
    lon = table["lon"].to_numpy(float)[pick] + rng.uniform(-0.014, 0.014, n_sites)
    sites = Sites(pd.DataFrame({
        "site": [f"S{k:05d}" for k in range(n_sites)], "name": "", "lat": lat, "lon": lon,
        "pc4": table.index.to_numpy()[pick], "board": "", "approximate": True,
    }))
    home = rng.integers(0, n_sites, size=n_functions)
    second = np.full(n_functions, -1)
    multi = np.flatnonzero(rng.random(n_functions) < multi_site_share) if n_sites > 1 else \
        np.zeros(0, dtype=int)
    if len(multi):
        tree = BallTree(np.radians(np.column_stack([lat, lon])), metric="haversine")
        _, nearest = tree.query(np.radians(np.column_stack([lat[home[multi]],
                                                            lon[home[multi]]])), k=2)
        second[multi] = nearest[:, 1]
    n_sites_f = np.where(second >= 0, 2, 1)
    ptr = np.concatenate([[0], np.cumsum(n_sites_f)])
    idx = np.empty(int(ptr[-1]), dtype=np.int64)
    idx[ptr[:-1]] = home
    idx[ptr[:-1][second >= 0] + 1] = second[second >= 0]
    hours = rng.choice([16, 18, 20, 22, 24, 25.5, 26, 28, 30], size=n_functions)
    four = rng.random(n_functions) < 0.3
    days_mask = np.where(four, 0b01111, 0b11111)
    fixed_mask = np.where(rng.random(n_functions) < 0.6, days_mask, 0)
    max_day = np.round(hours / np.where(four, 4, 5) + rng.choice([0, 0.5, 1], n_functions), 2)
    main = rng.choice(len(AREAS), size=n_functions, p=[0.3, 0.25, 0.2, 0.25])
    other = rng.choice(len(AREAS), size=n_functions)
    share = np.where(rng.random(n_functions) < 0.5, 1.0, rng.uniform(0.55, 0.8, n_functions))
    area_share = np.zeros((n_functions, len(AREAS)))
    area_share[np.arange(n_functions), other] = 1 - share
    area_share[np.arange(n_functions), main] += share
    return FunctionTable(
        ids=np.array([f"F{k:05d}" for k in range(n_functions)], dtype=object),
        titles=np.full(n_functions, "", dtype=object),
        hours=hours.astype(float), level=rng.choice([1, 2, 3], size=n_functions,
                                                    p=[0.45, 0.4, 0.15]).astype(float),
        max_day=max_day, fixed_mask=fixed_mask.astype(np.int64),
        days_mask=days_mask.astype(np.int64),
        physical=rng.choice([0, 1, 2], size=n_functions).astype(float),
        contact=rng.choice([0, 1, 2], size=n_functions).astype(float),
        area_share=area_share, site_ptr=ptr.astype(np.int64), site_idx=idx,
    ), sites
