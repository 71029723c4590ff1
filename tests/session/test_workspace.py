"""Tests for matcher.session.workspace: the functiecreatie workflow without a UI."""

from __future__ import annotations

import pytest

import matcher
from matcher.session import (
    Outcome,
    Workspace,
    dump_session,
    function_of_anchor,
    groups_of,
    load_session,
    ordered_locks,
    slider_weights,
)
from matcher.text.catalogue import msg
from tests.session import FAST, FAST_SOLVER

SMALL = matcher.CarveParams(min_hours=5, target_hours=15, max_hours=30)


def small() -> Workspace:
    """Six flexible 5-hour tasks in two functions ABC and DEG, fast settings."""
    tasks = [matcher.Task(t, "kopieerwerk", "administration", 5.0, 1)
             for t in ("A", "B", "C", "D", "E", "G")]
    inventory = matcher.Inventory.from_tasks(tasks)
    ws = Workspace(inventory, params=SMALL, solver=FAST_SOLVER)
    ws.locks = (("A", "B", "C"), ("D", "E", "G"))
    assert ws.carve().ok
    ws.unlock_all()
    return ws


def test_carve_keeps_locks_and_starts_from_the_current_functions(vo) -> None:
    inventory, carving = vo
    ws = Workspace(inventory, params=FAST, solver=FAST_SOLVER, carving=carving)
    outcome = ws.lock(carving.functions[1].function_id)
    assert outcome.ok and outcome.notes[0].code == "sess.locked"
    assert outcome.text("nl") == f"{carving.functions[1].function_id} is vastgezet."
    locked = carving.functions[1].task_ids
    assert ws.warm_groups([locked], "board") == [
        g for g in groups_of(carving) if g != locked]
    outcome = ws.carve()
    assert outcome.ok and outcome.kind == "success" and outcome.notes[0].code == "sess.carved"
    # the locked function keeps its id and its tasks (stable names)
    assert ws.carving is not None
    kept = {f.function_id: f for f in ws.carving.functions}[carving.functions[1].function_id]
    assert kept.task_ids == locked and kept.locked and ws.locks == (locked,)
    assert len(ws.carving.functions) >= len(carving.functions)
    assert ws.unlock(kept.function_id).ok and ws.locks == ()


def test_move_locks_the_target_and_refuses_without_change() -> None:
    ws = small()
    outcome = ws.move_task("D", "F01")
    assert outcome.ok and outcome.text("nl") == (
        "D is verplaatst uit F02 naar F01; F01 is nu vastgezet.")
    assert ws.carving is not None and ws.carving.functions[0].task_ids == ("A", "B", "C", "D")
    assert ws.locks == (("A", "B", "C", "D"),)
    before = ws.carving
    again = ws.move_task("D", "F01")
    assert not again.ok and again.kind == "error" and again.notes[0].code == "sess.already_there"
    missing = ws.move_task("D", "F09")
    assert not missing.ok and ws.carving is before


def test_pins_follow_re_carves_and_agreements_stay_one_per_function() -> None:
    ws = small()
    assert ws.pin_task("D", "F01").ok
    ((task, anchor),) = ws.task_pins
    assert task == "D" and anchor in {"A", "B", "C"}
    assert ws.carving is not None and not ws.carving.functions[0].locked  # a pin is no lock
    ws.locks = ()
    outcome = ws.carve()
    assert outcome.ok and ws.carving is not None
    assert "D" in function_of_anchor(ws.carving, anchor).task_ids
    first, second = ws.carving.functions[0].function_id, ws.carving.functions[1].function_id
    ws.pool = None
    assert ws.pin_candidate(first, "K1").ok
    assert ws.pin_candidate(second, "K1").ok  # the same candidate: the earlier one goes
    assert [c for _, c in ws.candidate_pins] == ["K1"]
    assert function_of_anchor(ws.carving, ws.candidate_pins[0][0]).function_id == second
    assert ws.pin_candidate(second, "K2").ok  # the same function: the earlier one goes
    assert [c for _, c in ws.candidate_pins] == ["K2"]
    assert ws.active_candidate_pins() == {}  # no pool loaded: no agreement holds
    assert ws.unpin_candidate("K2").text("nl") == "De afspraak met K2 is losgemaakt."
    assert ws.unpin_task("D").ok and ws.task_pins == ()


def test_a_pin_of_a_task_that_is_gone_is_dropped_with_a_note() -> None:
    ws = small()
    assert ws.pin_task("D", "F01").ok
    anchor = ws.task_pins[0][1]
    assert ws.carving is not None
    edited = matcher.Inventory.from_tasks([t for t in ws.carving.inventory.tasks
                                           if t.task_id != anchor])
    assert ws.edit_tasks(edited).notes[0].code == "sess.tasks_edited"
    assert ws.carving is None and ws.carving_before is not None
    outcome = ws.carve()
    assert outcome.ok and outcome.kind == "warning" and ws.task_pins == ()
    assert outcome.warnings[0].text("nl") == (
        f"De pin van D (bij {anchor}) is vervallen: taak {anchor} staat niet meer in de "
        "takenlijst.")


def test_a_locked_function_without_a_week_refuses_the_carve() -> None:
    tasks = [matcher.Task(t, "receptie", "concierge", 2.5, 1, days=(0, 1, 2, 3, 4),
                          start=600, end=630) for t in ("T1", "T2")]
    ws = Workspace(matcher.Inventory.from_tasks(tasks), params=SMALL, solver=FAST_SOLVER)
    ws.locks = (("T1", "T2"),)
    outcome = ws.carve()
    assert not outcome.ok and isinstance(outcome.error, matcher.InputError)
    assert outcome.text("nl").startswith("Een vastgezette functie past niet meer: ")
    assert ws.carving is None


def test_match_keeps_agreements(vo, demo_pool) -> None:
    inventory, carving = vo
    ws = Workspace(inventory, demo_pool, FAST, solver=FAST_SOLVER, carving=carving)
    free = ws.match().assignment.partner_of_function()
    f1, f2 = carving.functions[0].function_id, carving.functions[1].function_id
    assert ws.pin_candidate(f1, free[f2]).ok
    result = ws.match()
    pairs = result.assignment.pairs
    assert pairs.loc[pairs["function_id"] == f1, "candidate_id"].item() == free[f2]
    assert pairs["candidate_id"].is_unique and pairs["pinned"].sum() == 1
    assert set(result.shortlist["function_id"]) <= {f.function_id for f in carving.functions}


def test_save_and_open_restore_the_workspace(vo, demo_pool) -> None:
    inventory, carving = vo
    ws = Workspace(inventory, demo_pool, FAST, solver=FAST_SOLVER, carving=carving,
                   weights=matcher.Weights(travel=0.2731), objective="score", fta_target=5.9)
    ws.lock(carving.functions[0].function_id)
    ws.pin_candidate(carving.functions[1].function_id, demo_pool.ids[0])
    data = ws.save()  # without candidates: the agreements name the team's own people
    back, outcome = Workspace.open(data, pool=demo_pool, solver=FAST_SOLVER)
    codes = [n.code for n in outcome.notes]
    assert codes[:2] == ["sess.no_candidates_demo", "sess.agreements_not_restored"]
    assert "sess.restored" in codes and back.candidate_pins == ()
    assert back.carving is not None and groups_of(back.carving) == groups_of(carving)
    assert back.locks == (carving.functions[0].task_ids,)
    assert back.weights.travel == 0.2731 and back.objective == "score"
    mine, outcome = Workspace.open(ws.save(include_candidates=True), solver=FAST_SOLVER)
    assert mine.candidate_pins == ws.candidate_pins and mine.pool is not None
    assert load_session(dump_session(mine.session())).candidate_pins == ws.candidate_pins
    with pytest.raises(matcher.InputError):
        Workspace.open(b"{}")


def test_outcome_kinds_and_helpers() -> None:
    assert Outcome().kind == "success" and Outcome(False).kind == "error"
    assert Outcome(True, (), (msg("sess.unlocked_all"),)).kind == "warning"
    assert ordered_locks(None, [("B",), ("A",), ("B",)]) == (("B",), ("A",))
    base = matcher.Weights(travel=0.2731, hours=0.1618, reference_km=17.5)
    shown = {"travel": 0.27, "hours": 0.16}
    assert slider_weights(base, shown) == base
    assert slider_weights(base, {**shown, "hours": 0.5}).hours == 0.5
    assert slider_weights(base, {"travel": 0.2}, scale=2.0).travel == 0.4


def test_from_files_reports_every_problem_of_every_file() -> None:
    files = matcher.demo_files("vo")
    ws = Workspace.from_files(files.tasks, files.sites, files.candidates)
    assert ws.inventory is not None and ws.pool is not None and ws.sites is not None
    bad_tasks = b"taak_id;uren_per_week\nT1;x\n"
    bad_candidates = b"candidate_id;pc4\nK1;abcd\n"
    with pytest.raises(matcher.InputError) as info:
        Workspace.from_files(bad_tasks, None, bad_candidates, tasks_name="t.csv",
                             candidates_name="k.csv")
    assert {p.file for p in info.value.problems} >= {"t.csv", "k.csv"}
