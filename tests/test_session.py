"""Tests for matcher.session.workflow: scoped carving, moves, rebuilds and the session file."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import matcher
from matcher.errors import InputError
from matcher.model import Inventory, Task
from matcher.quota import QuotaParameters
from matcher.session.workflow import (
    SESSION_VERSION,
    Session,
    assign_with_pins,
    candidate_pins_by_function,
    carve_scoped,
    dump_session,
    follow_candidate_pins,
    function_anchor,
    function_of_anchor,
    groups_of,
    keep_pins,
    load_session,
    move_task,
    pin_task,
    pool_to_frame,
    reanchor,
    rebuild,
    summary_markdown,
    with_locks,
)

FAST = matcher.CarveParams(method="heuristic", lns_rounds=0) if hasattr(
    matcher.CarveParams(), "lns_rounds") else matcher.CarveParams()


@pytest.fixture(scope="module")
def vo() -> tuple[matcher.Inventory, matcher.Carving]:
    """The vo demo carved once with fast settings."""
    files = matcher.demo_files("vo")
    inventory = matcher.load_tasks(files.tasks, files.sites)
    return inventory, matcher.carve(inventory, FAST)


@pytest.fixture(scope="module")
def po_by_site() -> tuple[matcher.Inventory, matcher.Carving]:
    """The po board carved per site."""
    files = matcher.demo_files("po")
    inventory = matcher.load_tasks(files.tasks, files.sites)
    params = matcher.CarveParams(min_hours=8, target_hours=12, max_hours=16,
                                 **({"method": "heuristic", "lns_rounds": 0}
                                    if hasattr(FAST, "lns_rounds") else {}))
    return inventory, carve_scoped(inventory, params, "site")


def test_per_site_functions_stay_on_one_site(po_by_site):
    """Per site: every function has one site; ids F01.. in order; every task accounted for."""
    inventory, carving = po_by_site
    assert carving.functions
    assert all(len(f.sites) == 1 for f in carving.functions)
    assert [f.function_id for f in carving.functions] == [
        f"F{k:02d}" for k in range(1, len(carving.functions) + 1)]
    allocation = carving.allocation
    assert list(allocation["task_id"]) == [t.task_id for t in inventory.tasks]
    owner = {t: f.function_id for f in carving.functions for t in f.task_ids}
    assert {t: f for t, f in zip(allocation["task_id"], allocation["function_id"], strict=True)
            if f} == owner
    assert carving.inventory is inventory


def test_per_site_keeps_locks_first(po_by_site):
    """Per site with a locked group: it comes first, locked, and the rest is per site."""
    inventory, carving = po_by_site
    last = carving.functions[-1]
    again = carve_scoped(inventory, carving.params, "site", locked=[last.task_ids])
    assert again.functions[0].task_ids == last.task_ids and again.functions[0].locked
    assert not any(f.locked for f in again.functions[1:])


def test_board_scope_is_carve(vo):
    """Board-wide scope is exactly matcher.carving.core."""
    inventory, carving = vo
    assert groups_of(carve_scoped(inventory, FAST, "board")) == groups_of(carving)
    with pytest.raises(ValueError, match="scope"):
        carve_scoped(inventory, FAST, "regio")  # type: ignore[arg-type]


def test_rebuild_reproduces_groups_and_marks_locks(vo):
    """Rebuilding from the groups gives the same functions; only the locks are locked."""
    inventory, carving = vo
    groups = groups_of(carving)
    rebuilt = rebuild(inventory, FAST, groups, [groups[2]])
    assert groups_of(rebuilt) == groups
    assert [f.locked for f in rebuilt.functions] == [k == 2 for k in range(len(groups))]
    assert [f.schedule.blocks for f in rebuilt.functions] == [
        f.schedule.blocks for f in carving.functions]


def test_with_locks_only_changes_flags(vo):
    """with_locks sets the flags and nothing else."""
    _, carving = vo
    locked = with_locks(carving, [carving.functions[0].task_ids])
    assert [f.locked for f in locked.functions][:2] == [True, False]
    assert groups_of(locked) == groups_of(carving)
    assert not any(f.locked for f in with_locks(locked, ()).functions)


def test_move_task_locks_target_and_unlocks_source():
    """The target gets the task and is locked; the source loses it and is unlocked."""
    groups = [("A", "B"), ("C",), ("D", "E")]
    new, locks = move_task(groups, [("A", "B"), ("D", "E")], "B", 1)
    assert new == (("A",), ("C", "B"), ("D", "E"))
    assert locks == (("C", "B"), ("D", "E"))
    new, locks = move_task(new, locks, "A", 2)  # the source becomes empty and disappears
    assert new == (("C", "B"), ("D", "E", "A"))
    assert locks == (("C", "B"), ("D", "E", "A"))
    new, locks = move_task(new, (), "X", 0)  # an unplaced task joins a function
    assert new[0] == ("C", "B", "X") and locks == (("C", "B", "X"),)


@pytest.mark.parametrize(("task", "target"), [("A", 0), ("A", 5), ("A", -1)])
def test_move_task_refuses_bad_targets(task, target):
    """Moving into its own function or a function that does not exist is an error."""
    with pytest.raises(ValueError):
        move_task([("A",), ("B",)], (), task, target)


def test_rebuild_refuses_an_unworkable_group():
    """Two tasks at the same fixed time cannot be one function: InputError in Dutch."""
    tasks = [Task("T1", "receptie", "concierge", 2.5, 1, days=(0, 1, 2, 3, 4), start=600,
                  end=630),
             Task("T2", "post", "concierge", 2.5, 1, days=(0, 1, 2, 3, 4), start=600, end=630)]
    inventory = Inventory.from_tasks(tasks)
    with pytest.raises(InputError) as info:
        rebuild(inventory, FAST, [("T1", "T2")])
    assert "werkbare week" in info.value.problems[0].message("nl")


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
    assert back.params == FAST and back.scope == "board"
    assert back.groups == groups and back.locks == (groups[1],)
    assert back.weights == session.weights and back.objective == "score"
    assert back.fta_target == 5.9 and back.site_targets == {"centrum": 4.0}
    assert back.quota == session.quota and back.quota_inputs == session.quota_inputs
    assert back.pool is not None
    assert pool_to_frame(back.pool).equals(pool_to_frame(demo_pool))
    assert back.pool.frame["lat"].equals(demo_pool.frame["lat"])
    rebuilt = rebuild(back.inventory, back.params, back.groups, back.locks, back.scope)
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
        ({"carve": {"scope": "board", "params": {"min_hours": 35}}}, "carve.params",
         "klopt niet"),  # min above target
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


def test_summary_markdown(vo):
    """The report lists every function, the target and the unplaced tasks, in Dutch."""
    inventory, carving = vo
    text = summary_markdown(with_locks(carving, [carving.functions[0].task_ids]),
                            source="demo", fta_target=5.9, site_targets={"centrum": 3.0},
                            date="2026-01-01")
    assert text.startswith("# Sessieverslag functiecreatie (2026-01-01)")
    for f in carving.functions:
        assert f"| {f.function_id} | " in text
    assert "| ja |" in text and "Doel van het bestuur: 5,90 fta" in text
    assert "## Niet geplaatste taken" in text
    assert inventory.sites.name("centrum") in text
    assert "Vastgepinde taken" not in text
    first = carving.functions[0]
    pairs = pd.DataFrame({"function_id": [first.function_id], "candidate_id": ["K0001"],
                          "score": [0.5], "pinned": [True]})
    text = summary_markdown(carving, assignment_pairs=pairs, date="2026-01-01",
                            task_pins=[(first.task_ids[0], first.task_ids[1])])
    assert f"- {first.task_ids[0]} bij {first.task_ids[1]} (nu in {first.function_id})." in text
    assert f"| {first.function_id} | K0001 | 0,50 | ja |" in text


# --------------------------------------------------------------------------------------
# Pins


def test_pin_task_moves_without_locking():
    """A pinned task moves into the target; locks stay with their (changed) functions."""
    groups = (("A", "B"), ("C", "D"), ("E",))
    new, locks, pins = pin_task(groups, [("C", "D")], (), "E", 1, "C")
    assert new == (("A", "B"), ("C", "D", "E"))  # the emptied function disappears
    assert locks == (("C", "D", "E"),)  # the locked function stays locked with its new task
    assert pins == (("E", "C"),)
    new, locks, pins = pin_task(new, locks, pins, "E", 0, "A")  # re-pinning replaces
    assert new == (("A", "B", "E"), ("C", "D")) and locks == (("C", "D"),)
    assert pins == (("E", "A"),)
    with pytest.raises(ValueError):
        pin_task(groups, (), (), "E", 0, "C")  # the anchor must be in the target
    # the anchor of other pins leaves: those pins stay with the function it leaves
    groups = (("A", "B", "C", "D"), ("E", "F"))
    _, _, pins = pin_task(groups, (), (("B", "A"), ("C", "A"), ("D", "A")), "A", 1, "E")
    assert pins == (("B", "C"), ("C", "B"), ("D", "B"), ("A", "E"))
    groups = (("A", "B", "X"), ("E", "F"))  # an unpinned task of the function is the anchor
    _, _, pins = pin_task(groups, (), (("B", "A"),), "A", 1, "E")
    assert pins == (("B", "X"), ("A", "E"))
    _, _, pins = pin_task((("A", "B"), ("E", "F")), (), (("B", "A"),), "A", 1, "E")
    assert pins == (("A", "E"),)  # B's function has no other task left: its pin goes


def test_reanchor_keeps_candidate_pins_with_their_function():
    """A task that leaves by hand takes no pin along: a candidate agreed for its function
    stays with that function, and what cannot stay is returned, never lost silently."""
    groups = (("A", "B", "C"), ("E",))
    result = reanchor(groups, (("B", "A"),), (("A", "K1"), ("E", "K2")), "A")
    assert result.task_pins == (("B", "C"),)
    assert result.candidate_pins == (("C", "K1"), ("E", "K2"))
    assert result.dropped_task_pins == () == result.dropped_candidate_pins
    result = reanchor((("A",), ("E",)), (), (("A", "K1"),), "A")
    assert result.candidate_pins == () and result.dropped_candidate_pins == (("A", "K1"),)
    result = reanchor((("A", "B"),), (("B", "A"),), (), "A")
    assert result.task_pins == () and result.dropped_task_pins == (("B", "A"),)


def test_anchor_is_the_biggest_task_or_the_one_in_use(vo):
    _, carving = vo
    f = carving.functions[0]
    biggest = max(f.tasks, key=lambda t: t.hours)
    assert function_anchor(f) == biggest.task_id
    other = next(t for t in f.task_ids if t != biggest.task_id)
    assert function_anchor(f, [("X", other)]) == other  # pins to one function share an anchor
    assert function_of_anchor(carving, biggest.task_id) is f


def test_task_pin_survives_a_re_carve(vo):
    """Pin a task of F02 to F01, re-carve everything: the task is with F01's anchor again,
    and no function is locked by the pin."""
    inventory, carving = vo
    first, second = carving.functions[0], carving.functions[1]
    task = next(t.task_id for t in second.tasks if not t.fixed)  # fits in any week
    anchor = function_anchor(first, exclude=task)
    groups, locks, pins = pin_task(groups_of(carving), (), (), task, 0, anchor)
    pinned = rebuild(inventory, FAST, groups, locks)
    assert task in function_of_anchor(pinned, anchor).task_ids
    again = carve_scoped(inventory, FAST, "board")  # a re-carve ignores the pin ...
    assert task not in function_of_anchor(again, anchor).task_ids
    outcome = keep_pins(again, pins)  # ... and keep_pins puts it back
    assert outcome.broken == ()
    home = function_of_anchor(outcome.carving, anchor)
    assert task in home.task_ids and not home.locked
    assert sorted(outcome.carving.allocation["task_id"]) == sorted(t.task_id for t in
                                                                  inventory.tasks)
    placed = [t for f in outcome.carving.functions for t in f.task_ids]
    assert len(placed) == len(set(placed))  # no task in two functions


def test_a_pin_that_breaks_the_week_is_reported_not_kept():
    """Two tasks at the same fixed time cannot share a function: the pin is broken."""
    tasks = [Task("T1", "receptie", "concierge", 12.5, 1, days=(0, 1, 2, 3, 4), start=540,
                  end=690),
             Task("T2", "post", "concierge", 12.5, 1, days=(0, 1, 2, 3, 4), start=540, end=690),
             Task("T3", "kopieerwerk", "concierge", 10.0, 1)]
    inventory = Inventory.from_tasks(tasks)
    params = matcher.CarveParams(min_hours=10, target_hours=20, max_hours=26)
    carving = carve_scoped(inventory, params, "board")
    holder = function_of_anchor(carving, "T1")
    assert holder is not None and "T2" not in holder.task_ids
    outcome = keep_pins(carving, [("T2", "T1")])
    assert outcome.broken == (("T2", "T1"),)
    assert groups_of(outcome.carving) == groups_of(carving)


def test_assignment_keeps_the_pinned_pair(vo, demo_pool):
    """A pinned candidate stays on its function; the rest is the optimum without them."""
    inventory, carving = vo
    scores = matcher.score_pairs(carving.functions, demo_pool, inventory.sites)
    free = matcher.assign(scores)
    partner = free.partner_of_function()
    f1, f2 = carving.functions[0].function_id, carving.functions[1].function_id
    wanted = partner[f2]  # F02's own best candidate, now agreed for F01
    result = assign_with_pins(scores, "placements", {f1: wanted})
    pairs = result.pairs
    assert result.partner_of_function()[f1] == wanted
    assert bool(pairs.loc[pairs["function_id"] == f1, "pinned"].iloc[0])
    assert pairs["pinned"].sum() == 1
    assert pairs["candidate_id"].is_unique and pairs["function_id"].is_unique
    # the rest equals the optimum over the other functions and the other candidates
    rest_pool = matcher.Pool(demo_pool.frame[demo_pool.frame["candidate_id"] != wanted]
                             .reset_index(drop=True))
    rest = matcher.assign(matcher.score_pairs(carving.functions[1:], rest_pool,
                                              inventory.sites))
    others = pairs[~pairs["pinned"]]
    assert len(others) == rest.placements
    assert others["score"].sum() == pytest.approx(rest.total_score, abs=1e-6)
    unassigned = result.unassigned
    assert f1 not in set(unassigned.loc[unassigned["kind"] == "function", "id"])
    assert wanted not in set(unassigned.loc[unassigned["kind"] == "candidate", "id"])
    # no pins: the plain optimum
    plain = assign_with_pins(scores, "placements", {})
    assert plain.total_score == free.total_score and not plain.pairs["pinned"].any()


def test_candidate_pins_follow_the_anchor(vo):
    _, carving = vo
    f1, f2 = carving.functions[0], carving.functions[1]
    pins = [(f2.task_ids[0], "K1"), (f1.task_ids[0], "K2"), (f1.task_ids[-1], "K3"),
            ("onbekend", "K4"), (f2.task_ids[-1], "K1")]
    assert candidate_pins_by_function(carving, pins) == {f2.function_id: "K1",
                                                         f1.function_id: "K2"}


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
    assert raw["version"] == SESSION_VERSION == 2
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


def _pin_inventory() -> Inventory:
    """Six flexible tasks and two at the same fixed time (they can never share a week)."""
    tasks = [Task(t, "kopieerwerk", "administration", 5.0, 1, carvable=t != "N")
             for t in ("A", "B", "C", "D", "E", "N")]
    tasks += [Task(x, "receptie", "concierge", 2.0, 1, days=(0,), start=540, end=660)
              for x in ("X1", "X2")]
    return Inventory.from_tasks(tasks)


PIN_PARAMS = matcher.CarveParams(min_hours=5, target_hours=15, max_hours=30)


def test_keep_pins_never_takes_a_task_out_of_a_locked_function():
    inventory = _pin_inventory()
    carving = rebuild(inventory, PIN_PARAMS, [("A", "B"), ("C", "D", "E")], [("A", "B")])
    outcome = keep_pins(carving, [("A", "C")], [("A", "B")])
    assert outcome.broken == ()
    home = function_of_anchor(outcome.carving, "A")
    assert home.task_ids == ("A", "B", "C") and home.locked  # C came to the locked function
    # tasks in two locked functions: the pin is broken, with the reason, nothing moves
    locks = [("A", "B"), ("C", "D", "E")]
    carving = rebuild(inventory, PIN_PARAMS, locks, locks)
    outcome = keep_pins(carving, [("A", "C")], locks)
    assert outcome.broken == (("A", "C"),)
    ((_pin, why),) = outcome.reasons
    assert why.code == "pin.locked" and "vastgezette functies (F01 en F02)" in why.text("nl")
    assert groups_of(outcome.carving) == groups_of(carving)


def test_keep_pins_reports_a_task_marked_not_carvable():
    inventory = _pin_inventory()
    carving = rebuild(inventory, PIN_PARAMS, [("A", "B"), ("C", "D", "E")])
    outcome = keep_pins(carving, [("N", "A")])
    assert outcome.broken == (("N", "A"),)
    assert outcome.reasons[0][1].text("nl") == "taak N staat op 'niet carveerbaar'."
    assert "N" not in function_of_anchor(outcome.carving, "A").task_ids
    outcome = keep_pins(carving, [("B", "weg")])
    assert outcome.reasons[0][1].text("nl") == "taak weg staat niet meer in de takenlijst."


def test_keep_pins_checks_each_week_with_the_moves_of_earlier_pins():
    """Two pins into one function that fit alone but not together: the first is kept, the
    second is reported; before, the rebuild failed and both were lost."""
    inventory = _pin_inventory()
    carving = rebuild(inventory, PIN_PARAMS, [("A", "B"), ("X1", "C"), ("X2", "D")])
    outcome = keep_pins(carving, [("X1", "A"), ("X2", "B")])
    assert outcome.broken == (("X2", "B"),)
    assert outcome.reasons[0][1].code == "pin.no_week"
    assert {"A", "B", "X1"} <= set(function_of_anchor(outcome.carving, "A").task_ids)
    assert "X2" not in function_of_anchor(outcome.carving, "A").task_ids


def test_candidate_pins_follow_their_function_not_just_the_anchor():
    """Function ids change with a re-carve: an agreed candidate goes with most of the
    function's tasks, a changed function is reported, a vanished one is dropped."""
    inventory = _pin_inventory()
    before = rebuild(inventory, PIN_PARAMS, [("A", "B", "C"), ("D", "E")])
    after = rebuild(inventory, PIN_PARAMS, [("A", "D"), ("B", "C"), ("E",)])
    followed = follow_candidate_pins(before, after, [("A", "K1"), ("E", "K2")])
    # K1 was agreed for {A, B, C}: B and C (10 h) are together in F02, A (5 h) is not
    assert followed.pins == (("B", "K1"), ("E", "K2"))
    assert candidate_pins_by_function(after, followed.pins) == {"F02": "K1", "F03": "K2"}
    assert [(pin, why.code) for pin, why in followed.changed] == [
        (("B", "K1"), "pin.function_changed"), (("E", "K2"), "pin.function_changed")]
    assert "volgt taak B naar F02" in followed.changed[0][1].text("nl")
    # the same functions: nothing to report
    same = follow_candidate_pins(before, rebuild(inventory, PIN_PARAMS,
                                                 [("D", "E"), ("A", "B", "C")]), [("A", "K1")])
    assert same.pins == (("A", "K1"),) and same.changed == () == same.dropped
    # none of the function's tasks is in a function any more: dropped, with the reason
    edited = Inventory.from_tasks([t for t in inventory.tasks if t.task_id not in "ABC"])
    gone = follow_candidate_pins(before, rebuild(edited, PIN_PARAMS, [("D", "E")]),
                                 [("A", "K1")])
    assert gone.pins == () and gone.dropped[0][0] == ("A", "K1")
    assert gone.dropped[0][1].code == "pin.function_gone"
    # without an earlier carving a pin follows its anchor task
    assert follow_candidate_pins(None, after, [("A", "K1")]).pins == (("A", "K1"),)


@pytest.mark.parametrize("scope", ["board", "site"])
def test_carve_scoped_warm_start_never_ends_below_the_previous_carving(po_by_site, scope,
                                                                     monkeypatch):
    """Warm-started from a carving's own functions, a re-carve in either scope is at least
    as good; per site every site's carve gets exactly the groups of its own tasks."""
    import matcher.session.workflow as msession

    inventory, carving = po_by_site
    params = carving.params
    previous = carving if scope == "site" else carve_scoped(inventory, params, "board")
    calls: list[tuple[set[str], list[tuple[str, ...]]]] = []
    real = msession.carve

    def spy(sub, p, **kwargs):
        calls.append(({t.task_id for t in sub.tasks}, [tuple(g) for g in kwargs["warm_start"]]))
        return real(sub, p, **kwargs)

    monkeypatch.setattr(msession, "carve", spy)
    again = carve_scoped(inventory, params, scope, warm_start=groups_of(previous))
    assert again.objective >= previous.objective - 1e-6
    assert len(again.functions) >= len(previous.functions)
    given = [g for _, groups in calls for g in groups]
    assert sorted(given) == sorted(groups_of(previous))  # every group reaches one carve
    assert all(set(g) <= ids for ids, groups in calls for g in groups)
    # a group spanning two sites is no valid per-site function: ignored, not an error
    mixed = [inventory.tasks[0].task_id,
             next(t.task_id for t in inventory.tasks if t.site != inventory.tasks[0].site)]
    calls.clear()
    carve_scoped(inventory, params, "site", warm_start=[mixed])
    assert all(groups == [] for _, groups in calls)
