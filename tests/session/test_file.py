"""Tests for matcher.session.file: the session file (version 3; old versions still open)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import matcher
from matcher.errors import InputError
from matcher.model import Inventory, Task
from matcher.quota import QuotaParameters
from matcher.session import (
    SESSION_VERSION,
    SOLVER_KEYS,
    Session,
    carve_rules,
    dump_session,
    groups_of,
    load_session,
    pool_to_frame,
    rebuild,
)
from tests.session import FAST, FAST_SOLVER


def test_session_file_round_trip(vo, demo_pool):
    """Everything written reads back the same; candidates only when asked for."""
    inventory, carving = vo
    groups = groups_of(carving)
    session = Session(
        inventory=inventory, pool=demo_pool, params=FAST, scope="board", groups=groups,
        locks=(groups[1],), weights=matcher.Weights(travel=0.5, reference_km=20.0),
        objective="score", fta_target=5.9, site_targets={"centrum": 4.0},
        quota=QuotaParameters(2026, 2.0, 6000.0, "bron", "2026-01-01"),
        quota_inputs={"employees": 180, "hours_per_week": 4000.0}, source="demo",
    )
    without = load_session(dump_session(session))
    assert without.pool is None
    data = dump_session(session, include_candidates=True)
    raw = json.loads(data)
    assert raw["version"] == SESSION_VERSION and raw["format"] == "matcher-sessie"
    back = load_session(data)
    assert back.inventory.to_frame().equals(inventory.to_frame())
    assert back.inventory.sites.frame.equals(inventory.sites.frame)
    assert carve_rules(back.params) == carve_rules(FAST) and back.scope == "board"
    assert not SOLVER_KEYS & set(raw["carve"]["params"])  # the user's rules only
    assert back.groups == groups and back.locks == (groups[1],)
    assert back.weights == session.weights and back.objective == "score"
    assert back.fta_target == 5.9 and back.site_targets == {"centrum": 4.0}
    assert back.quota == session.quota and back.quota_inputs == session.quota_inputs
    assert back.pool is not None
    assert pool_to_frame(back.pool).equals(pool_to_frame(demo_pool))
    assert back.pool.frame["lat"].equals(demo_pool.frame["lat"])
    rebuilt = rebuild(back.inventory, back.params, back.groups, back.locks, back.scope,
                      FAST_SOLVER)
    assert groups_of(rebuilt) == groups
    assert [f.locked for f in rebuilt.functions] == [k == 1 for k in range(len(groups))]


def test_session_without_sites_file_round_trips():
    """An inventory without a sites file stays without locations."""
    tasks = [Task("T1", "kopieerwerk", "administration", 5.0, 1, site="a"),
             Task("T2", "post", "administration", 5.0, 1, site="b")]
    inventory = Inventory.from_tasks(tasks)
    back = load_session(dump_session(Session(inventory)))
    assert back.inventory.sites.ids == ["a", "b"]
    assert back.inventory.sites.frame["lat"].isna().all()


def edited(session_bytes: bytes, **changes: object) -> bytes:
    """The session file with top-level fields replaced."""
    raw = json.loads(session_bytes)
    raw.update(changes)
    return json.dumps(raw).encode()


@pytest.fixture(scope="module")
def small_session() -> bytes:
    """A small valid session file."""
    tasks = [Task("T1", "kopieerwerk", "administration", 5.0, 1),
             Task("T2", "post", "administration", 5.0, 1)]
    return dump_session(Session(Inventory.from_tasks(tasks), groups=(("T1", "T2"),),
                                locks=(("T1", "T2"),)))


@pytest.mark.parametrize(
    ("changes", "column", "rule"),
    [
        ({"format": "iets anders"}, "format", "geen matcher-sessiebestand"),  # other JSON
        ({"version": 99}, "version", "nieuwere matcher"),  # from the future
        ({"version": "1"}, "version", "heel getal"),  # wrong type
        ({"tasks": []}, "tasks", "ontbreekt"),  # no tasks
        ({"functions": [{"task_ids": ["T1", "T9"]}]}, "functions[1]", "niet in de taken"),
        ({"functions": [{"task_ids": ["T1"]}, {"task_ids": ["T1"]}]}, "functions[2]",
         "al in een andere functie"),  # a task in two functions
        ({"objective": "snel"}, "objective", "placements"),  # unknown goal
        ({"weights": "[weights]\ntravel = -1\n"}, "weights.travel", "van 0 of meer"),  # bad weights
        ({"carve": {"scope": "board", "params": {"turbo": 1}}}, "carve.params.turbo",
         "onbekende instelling"),  # unknown setting
        ({"targets": {"fta": -1}}, "targets.fta", "van 0 of meer"),  # negative target
        ({"quota": {"params": {"year": 2018}}}, "percentage", "ontbreekt"),  # missing fields
        ({"pins": {"tasks": [{"task_id": "T1", "with": "T9"}]}}, "pins.tasks[1]",
         "niet in de taken"),  # a pin to an unknown anchor
        ({"pins": {"tasks": [{"task_id": "T1"}]}}, "pins.tasks[1]", "andere taak"),
        ({"pins": {"tasks": [{"task_id": "T1", "with": "T2"},
                             {"task_id": "T1", "with": "T2"}]}}, "pins.tasks[2]",
         "al vastgepind is"),  # one task pinned twice
        ({"pins": {"candidates": [{"with": "T1"}]}}, "pins.candidates[1]", "kandidaat"),
        ({"pins": {"candidates": [{"with": "T1", "candidate_id": "K1"},
                                  {"with": "T2", "candidate_id": "K1"}]}},
         "pins.candidates[2]", "twee keer"),  # one candidate on two functions
        ({"pins": {"tasks": [{"task_id": True, "with": "T2"}]}}, "pins.tasks[1]",
         "andere taak"),  # JSON true is not a task id
        ({"pins": {"candidates": [{"with": "T1", "candidate_id": "jan@school.nl"}]}},
         "pins.candidates[1]", "op persoonsgegevens lijkt"),  # personal data, not an id
        # sections of the wrong type, settings of the wrong type (issue 19)
        ({"carve": [1, 2]}, "carve", "tabel"),
        ({"targets": [1]}, "targets", "tabel"),
        ({"targets": {"sites": [3]}}, "targets.sites", "tabel"),
        ({"quota": "x"}, "quota", "tabel"),
        ({"quota": {"params": [2026]}}, "quota.params", "quotumparameters"),
        ({"quota": {"inputs": {"employees": "veel"}}}, "quota.inputs.employees", "heel getal"),
        ({"quota": {"inputs": {"hours_per_week": -3}}}, "quota.inputs.hours_per_week",
         "van 0 of meer"),
        ({"quota": {"inputs": {"count_created": "ja"}}}, "quota.inputs.count_created",
         "true of false"),
        ({"quota": {"inputs": {"basis": "alles"}}}, "quota.inputs.basis", "'jobs'"),
        ({"quota": {"inputs": {"x": 1}}}, "quota.inputs.x", "onbekende instelling"),
        ({"carve": {"params": {"min_hours": "veel"}}}, "carve.params.min_hours", "getal"),
        ({"carve": {"params": {"max_areas": 2.5}}}, "carve.params.max_areas", "heel getal"),
        ({"carve": {"params": {"split_days": 1}}}, "carve.params.split_days", "true of false"),
        ({"carve": {"params": {"schedule": {"work_days": "ma"}}}},
         "carve.params.schedule.work_days", "lijst"),
    ],
)
def test_invalid_session_files(small_session, changes, column, rule):
    """Broken session files raise InputError naming the part and the rule."""
    with pytest.raises(InputError) as info:
        load_session(edited(small_session, **changes))
    hits = [p for p in info.value.problems if p.column == column]
    assert hits and rule in hits[0].message("nl"), info.value.problems
    assert "@" not in info.value.message("nl")  # a personal value is never shown
    if hits[0].code:  # made from the catalogue: the English text stays for the CLI/API
        assert hits[0].message("en") == hits[0].rule


def test_invalid_task_in_session_is_reported_with_its_row(small_session):
    """A hand-edited task goes through load_tasks: the problem names the row and column."""
    raw = json.loads(small_session)
    raw["tasks"][1]["hours_per_week"] = 99
    with pytest.raises(InputError) as info:
        load_session(json.dumps(raw).encode(), "mijn.json")
    problem = info.value.problems[0]
    assert problem.file.startswith("mijn.json: taken") and problem.row == 3
    assert problem.column == "hours_per_week"


def test_not_json():
    """Bytes that are not JSON give one clear problem."""
    with pytest.raises(InputError) as info:
        load_session(b"\x00\x01 geen json")
    assert "geen geldig sessiebestand" in info.value.problems[0].message("nl")
    assert "not a valid session file" in info.value.problems[0].rule
    with pytest.raises(InputError) as info:
        load_session(b'{"format": "matcher-sessie",\n "version": }')
    # the place in Dutch, not the JSON parser's English ("Expecting value: line 2 ...")
    assert info.value.problems[0].message("nl") == (
        "is geen geldig sessiebestand: de JSON klopt niet op regel 2, kolom 13.")
    with pytest.raises(InputError) as info:
        load_session(b"\xff\xfe{}")
    assert info.value.problems[0].message("nl") == (
        "is geen geldig sessiebestand: het is geen UTF-8-tekst.")


def test_hostile_session_files_get_a_problem_not_a_traceback(small_session):
    """Deep nesting, a number of thousands of digits, a file far too large to be a session:
    each one clear problem (issue 19), found before anything is rebuilt."""
    deep = b'{"format": "matcher-sessie", "version": 3, "x": ' + b"[" * 100_000 + \
        b"]" * 100_000 + b"}"
    with pytest.raises(InputError) as info:
        load_session(deep)
    assert "te diep genest" in info.value.problems[0].message("nl")
    huge = b'{"format": "matcher-sessie", "version": 3, "x": ' + b"9" * 5_000 + b"}"
    with pytest.raises(InputError) as info:
        load_session(huge)
    assert "meer dan 4300 cijfers" in info.value.problems[0].message("nl")
    raw = json.loads(small_session)
    raw["tasks"] = raw["tasks"] * 10_001  # 20,002 rows
    with pytest.raises(InputError) as info:
        load_session(json.dumps(raw).encode())
    assert [p.column for p in info.value.problems] == ["tasks"]
    assert "20.002 rijen" in info.value.problems[0].message("nl")


def test_pins_round_trip_and_old_files_still_open(vo, demo_pool):
    """Pins are written and read back; a version 1 file (no pins) still opens."""
    inventory, carving = vo
    f1, f2 = carving.functions[0], carving.functions[1]
    session = Session(inventory, demo_pool, FAST, groups=groups_of(carving),
                      task_pins=((f2.task_ids[0], f1.task_ids[0]),),
                      candidate_pins=((f1.task_ids[0], demo_pool.ids[3]),))
    back = load_session(dump_session(session, include_candidates=True))
    assert back.task_pins == session.task_pins
    assert back.candidate_pins == session.candidate_pins
    raw = json.loads(dump_session(session))
    assert raw["version"] == SESSION_VERSION == 3
    del raw["pins"]
    raw["version"] = 1
    old = load_session(json.dumps(raw).encode())
    assert old.task_pins == () and old.candidate_pins == () and old.groups == back.groups
    # a pinned candidate that is not in the included candidates is a problem
    raw = json.loads(dump_session(session, include_candidates=True))
    raw["pins"]["candidates"][0]["candidate_id"] = "ONBEKEND"
    with pytest.raises(InputError) as info:
        load_session(json.dumps(raw).encode())
    assert "niet in de kandidaten" in info.value.problems[0].message("nl")


def test_carve_rules_that_break_name_their_field(small_session):
    """A hand-edited rule that breaks CarveParams is a problem of carve.params (naming the
    field when the params say which)."""
    raw = json.loads(small_session)
    raw["carve"]["params"]["min_hours"] = 35
    with pytest.raises(InputError) as info:
        load_session(json.dumps(raw).encode())
    columns = [p.column for p in info.value.problems]
    assert columns and all(c.startswith("carve.params") for c in columns), columns


DATA = Path(__file__).resolve().parents[1] / "data" / "session"


def test_a_version_2_file_still_opens():
    """session_v2.json was written by the version-2 code (before issue 15): it opens, its
    solver settings are ignored with a note (not an error), and everything else is kept;
    saved again it is a version-3 file with the user's rules only."""
    data = (DATA / "session_v2.json").read_bytes()
    raw = json.loads(data)
    assert raw["version"] == 2 and "lns_rounds" in raw["carve"]["params"]
    session = load_session(data)
    (note,) = session.notes
    assert note.code == "sess.solver_ignored"
    assert "rekeninstellingen" in note.text("nl") and "genegeerd" in note.text("nl")
    rules, default = carve_rules(session.params), carve_rules(matcher.CarveParams())
    # the file's week (the opening hours of its day, 07:00-18:30) is kept; the rest are
    # today's defaults
    assert rules["schedule"]["day_start"] == raw["carve"]["params"]["schedule"]["day_start"]
    assert rules["schedule"]["day_end"] == raw["carve"]["params"]["schedule"]["day_end"]
    assert {k: v for k, v in rules.items() if k != "schedule"} == \
        {k: v for k, v in default.items() if k != "schedule"}
    assert [list(g) for g in session.groups] == [f["task_ids"] for f in raw["functions"]]
    assert [list(g) for g in session.locks] == [f["task_ids"] for f in raw["functions"]
                                                if f["locked"]]
    assert session.task_pins == tuple((p["task_id"], p["with"]) for p in raw["pins"]["tasks"])
    assert session.candidate_pins == tuple((p["with"], p["candidate_id"])
                                           for p in raw["pins"]["candidates"])
    assert session.weights == matcher.Weights.from_toml_text(raw["weights"])
    assert session.weights.travel == 0.2731 and session.objective == "score"
    assert session.fta_target == 5.9 and session.pool is not None
    again = json.loads(dump_session(session, include_candidates=True))
    assert again["version"] == 3 and not SOLVER_KEYS & set(again["carve"]["params"])
    assert load_session(json.dumps(again)).notes == ()
