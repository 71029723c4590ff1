"""Tests for matcher.session.pins: task pins and agreed candidates across re-carves."""

from __future__ import annotations

import pytest

import matcher
from matcher.model import Inventory, Task
from matcher.session import (
    assign_with_pins,
    candidate_pins_by_function,
    carve_scoped,
    follow_candidate_pins,
    function_anchor,
    function_of_anchor,
    groups_of,
    keep_pins,
    pin_task,
    reanchor,
    rebuild,
)
from tests.session import FAST, FAST_SOLVER


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
    pinned = rebuild(inventory, FAST, groups, locks, solver=FAST_SOLVER)
    assert task in function_of_anchor(pinned, anchor).task_ids
    # a re-carve ignores the pin ...
    again = carve_scoped(inventory, FAST, "board", solver=FAST_SOLVER)
    assert task not in function_of_anchor(again, anchor).task_ids
    outcome = keep_pins(again, pins)  # ... and keep_pins puts it back, or says why not
    home = function_of_anchor(outcome.carving, anchor)
    if outcome.broken:  # the re-carved function has no workable week with the task
        assert outcome.broken == pins and task not in home.task_ids
    else:
        assert task in home.task_ids
    assert not home.locked
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
    assert outcome.reasons[0][1].text("nl") == "taak N staat op 'niet overdraagbaar'."
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
