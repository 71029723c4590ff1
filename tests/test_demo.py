"""The seeded generators of demo data: boards of schools at real places."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from matcher.demo import BOARD_REGIONS, generate_board, generate_inventory
from matcher.demo_region import build_demo_region
from matcher.geo import haversine_km, pc4_to_latlon
from matcher.inputs.guard import candidate_id_kind
from matcher.inputs.loaders import load_tasks
from matcher.model import POOL_COLUMNS
from matcher.outputs.files import write_csv
from matcher.session.file import load_session
from matcher.store import RegionStore


def test_generate_board_is_deterministic_per_seed() -> None:
    a = generate_board(300, 10, seed=3)
    b = generate_board(300, 10, seed=3)
    c = generate_board(300, 10, seed=4)
    assert a.tasks == b.tasks
    assert a.sites.frame.equals(b.sites.frame)
    assert a.tasks != c.tasks


@pytest.mark.parametrize(("n_tasks", "n_schools", "n_boards"),
                         [(2000, 50, 1), (600, 20, 3), (30, 10, 1), (100, 1, 1)])
def test_generate_board_has_the_sizes_asked(n_tasks: int, n_schools: int, n_boards: int) -> None:
    inventory = generate_board(n_tasks, n_schools, seed=1, n_boards=n_boards)
    frame = inventory.sites.frame
    assert len(inventory.tasks) == n_tasks
    assert len(frame) == n_schools
    per_school = Counter(t.site for t in inventory.tasks)
    assert set(per_school) == set(frame["site"])
    assert min(per_school.values()) >= 3
    assert max(per_school.values()) <= 100
    assert frame["board"].nunique() == n_boards
    assert (frame["board"] != "").all()
    assert frame["pc4"].is_unique


def test_board_schools_lie_at_postcodes_of_the_region() -> None:
    inventory = generate_board(400, 25, seed=2, region="gelderse-vallei")
    centre, radius = BOARD_REGIONS["gelderse-vallei"]
    centre_at = pc4_to_latlon(centre)
    assert centre_at is not None
    frame = inventory.sites.frame
    for pc4, lat, lon in zip(frame["pc4"], frame["lat"], frame["lon"], strict=True):
        at = pc4_to_latlon(pc4)
        assert at is not None
        assert float(haversine_km(lat, lon, *at)) < 0.7
        assert float(haversine_km(*centre_at, *at)) <= radius


def test_board_has_primary_and_secondary_schools_with_their_own_tasks() -> None:
    inventory = generate_board(2000, 50, seed=0)
    secondary = {s for s in inventory.sites.ids if s.startswith("vo")}
    assert 0 < len(secondary) < 25
    sizes = Counter(t.site for t in inventory.tasks)
    assert np.mean([sizes[s] for s in secondary]) > 2 * np.mean(
        [n for s, n in sizes.items() if s not in secondary])
    assert any(t.fixed for t in inventory.tasks)
    assert any(not t.fixed for t in inventory.tasks)


def test_board_passes_the_loaders_unchanged(tmp_path: Path) -> None:
    inventory = generate_board(500, 15, seed=5, n_boards=2)
    tasks_path = write_csv(inventory.to_frame(), tmp_path / "tasks.csv")
    sites_path = write_csv(inventory.sites.frame[["site", "name", "lat", "lon", "pc4", "board"]],
                           tmp_path / "sites.csv")
    loaded = load_tasks(tasks_path, sites_path)
    assert tuple(replace(t, row=None) for t in loaded.tasks) == inventory.tasks
    expected = inventory.sites.frame.reset_index(drop=True)
    got = loaded.sites.frame[expected.columns].reset_index(drop=True)
    assert got["site"].tolist() == expected["site"].tolist()
    assert got["board"].tolist() == expected["board"].tolist()
    np.testing.assert_allclose(got["lat"].to_numpy(float), expected["lat"].to_numpy(float))


@pytest.mark.parametrize("kwargs", [
    {"n_tasks": 20, "n_schools": 10},           # fewer than 3 tasks a school
    {"n_tasks": 2000, "n_schools": 10},         # more than 100 a school
    {"n_tasks": 100, "n_schools": 5, "n_boards": 6},
    {"n_tasks": 100, "n_schools": 5, "region": "atlantis"},
])
def test_generate_board_refuses_impossible_requests(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        generate_board(seed=0, **kwargs)  # type: ignore[arg-type]


def test_generate_inventory_stays_as_before() -> None:
    """The benchmarks' generated schools must not change when the generators are refactored."""
    inventory = generate_inventory(40, 2, seed=0)
    assert len(inventory.tasks) == 40
    assert (inventory.tasks[0].task_id, inventory.tasks[0].site) == ("G0001", "loc2")
    # a fingerprint of seed 0 taken before the task drawing moved into a shared helper
    assert round(inventory.total_hours, 2) == FINGERPRINT_HOURS
    assert sum(t.fixed for t in inventory.tasks) == FINGERPRINT_FIXED


FINGERPRINT_HOURS = 128.0
FINGERPRINT_FIXED = 19


# ---- the demo region -----------------------------------------------------------------------

TODAY = dt.date(2026, 12, 6)
DEMO_NAMES = ("Eemland College", "Stichting PO De Gelderse Vallei")
SMALL: dict[str, object] = {"schools": 3, "tasks_per_school": 25, "candidates": 400, "today": TODAY}


def region_content(region: RegionStore) -> dict[str, object]:
    """What the build decides: schools, sessions, profiles and their dates, every move with
    its date, the outcomes (the write timestamps of the store itself left out)."""
    schools = [(s["school"], s["board"], s["tasks"], s["functions"]) for s in region.schools()]
    sessions = []
    for school in schools:
        stored = region.session(school[0])
        assert stored is not None
        data = json.loads(stored[1])
        data.pop("saved_at")
        sessions.append(data)
    pool = region.pool()
    assert pool is not None
    outcomes = [(o["school"], o["function_id"], o["candidate_id"], o["months"], o["working"])
                for o in region.outcomes()]
    return {"schools": schools, "sessions": sessions, "pool": pool.frame.to_csv(),
            "stale": region.stale(today=TODAY), "moves": region.history(),
            "pipeline": region.pipeline(), "outcomes": outcomes}


PROGRESS: list[tuple[float, str]] = []


@pytest.fixture(scope="module")
def small_region(tmp_path_factory: pytest.TempPathFactory) -> RegionStore:
    return build_demo_region(tmp_path_factory.mktemp("region") / "demo.sqlite", **SMALL,
                             progress=lambda fraction, stage: PROGRESS.append((fraction, stage)))


def test_the_demo_region_has_the_demos_and_carved_generated_schools(
        small_region: RegionStore) -> None:
    schools = {s["school"]: s for s in small_region.schools()}
    assert len(schools) == 2 + 3
    assert schools["Eemland College"]["board"] == "Stichting Voortgezet Onderwijs Eemland"
    assert schools["Eemland College"]["functions"] >= 4
    assert schools["Stichting PO De Gelderse Vallei"]["tasks"] == 72
    generated = [s for name, s in schools.items() if name not in DEMO_NAMES]
    assert all(s["board"] for s in generated)
    assert sum(s["functions"] for s in generated) >= 3
    fractions = [f for f, _ in PROGRESS]
    assert fractions == sorted(fractions) and PROGRESS[-1] == (1.0, "klaar")
    assert any("Eemland College" in stage for _, stage in PROGRESS)
    functions = small_region.functions()
    assert set(functions["school"]) >= {"Eemland College", "Stichting PO De Gelderse Vallei"}
    assert small_region.candidates() == 400


def test_the_demo_region_has_a_dated_history_with_outcomes(small_region: RegionStore) -> None:
    moves = small_region.history()
    start = dt.datetime.combine(TODAY - dt.timedelta(days=549), dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    ats = [dt.datetime.fromisoformat(m.at) for m in moves]
    assert all(start <= at < end for at in ats)
    assert ats == sorted(ats)  # written in date order
    statuses = Counter(m.status for m in moves)
    assert set(statuses) == {"voorgesteld", "voorgelegd", "kennismaking", "proefplaatsing",
                             "geplaatst", "afgewezen", "teruggetrokken"}
    reasons = {m.reason for m in moves if m.status in ("afgewezen", "teruggetrokken")}
    assert {"uitval", "school"} <= reasons and len(reasons) >= 4
    placed = {(m.school, m.function_id, m.candidate_id): dt.datetime.fromisoformat(m.at)
              for m in moves if m.status == "geplaatst"}
    outcomes = small_region.outcomes()
    assert {o["months"] for o in outcomes} == {6, 12}
    assert {o["working"] for o in outcomes} == {True, False}
    for o in outcomes:
        at = placed[(o["school"], o["function_id"], o["candidate_id"])]
        assert at.date() <= TODAY - dt.timedelta(days=int(o["months"] * 30.4))
    # who no longer worked after 6 months was withdrawn (uitval) before those 6 months
    for o in outcomes:
        if o["months"] == 6 and not o["working"]:
            key = (o["school"], o["function_id"], o["candidate_id"])
            left = [dt.datetime.fromisoformat(m.at) for m in moves if m.reason == "uitval"
                    and (m.school, m.function_id, m.candidate_id) == key]
            assert left and left[-1] - placed[key] <= dt.timedelta(days=183)
    # rounds still running at the end stay in an early step
    assert sum(r["status"] in ("voorgesteld", "voorgelegd", "kennismaking")
               for r in small_region.pipeline()) >= 1


def test_the_demo_region_flags_old_profiles_and_double_bookings(
        small_region: RegionStore) -> None:
    stale = small_region.stale(today=TODAY)
    assert 0.06 * 400 <= len(stale) <= 0.2 * 400
    assert not small_region.stale(today=TODAY, months=15)  # none older than 14 months
    booked = small_region.double_booked()
    assert len(booked) >= 1
    for rows in booked.values():
        assert len({school for school, _, _ in rows}) >= 2


def test_the_demo_region_stores_nothing_personal(small_region: RegionStore) -> None:
    pool = small_region.pool()
    assert pool is not None
    assert all(re.fullmatch(r"K\d{4}", k) for k in pool.ids)
    assert all(candidate_id_kind(k) is None for k in pool.ids)
    assert set(pool.frame.columns) <= set(POOL_COLUMNS)
    for school in small_region.schools():
        stored = small_region.session(school["school"])
        assert stored is not None
        session = load_session(stored[1], "s.json")
        assert session.pool is None  # the sessions hold no profiles
        assert not re.search(rb"K\d{4}", stored[1])


def test_the_demo_region_is_the_same_for_a_seed(small_region: RegionStore,
                                                tmp_path: Path) -> None:
    again = build_demo_region(tmp_path / "again.sqlite", **SMALL)
    assert region_content(again) == region_content(small_region)
    other = build_demo_region(tmp_path / "other.sqlite", seed=7, **SMALL)
    assert region_content(other)["moves"] != region_content(small_region)["moves"]


def test_the_demo_region_never_overwrites_a_file(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite"
    path.write_bytes(b"something")
    with pytest.raises(FileExistsError):
        build_demo_region(path, **SMALL)
    assert path.read_bytes() == b"something"
    with pytest.raises(ValueError):
        build_demo_region(tmp_path / "none.sqlite", schools=0)
