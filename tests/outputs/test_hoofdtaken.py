"""Tests for matcher.outputs.hoofdtaken: the main-task rules of a wage-value assessment."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.carving import Function, SolverParams, carve
from matcher.demo import generate_inventory
from matcher.model import Task
from matcher.outputs.description import FunctionProfile, build_profiles
from matcher.outputs.hoofdtaken import activity_kind, group_hoofdtaken, hoofdtaak_minimum
from matcher.outputs.profiles import profiles_markdown

# profiles need a carving, not a proven one: the heuristic keeps these tests fast
SMALL = SolverParams(method="heuristic", iterations=500, restarts=1, time_limit=2)


def check_hoofdtaken(p: FunctionProfile, f: Function) -> None:
    """Assert both hoofdtaak minimums (or the documented exception) and the task partition."""
    minimum = hoofdtaak_minimum(f.hours, len(f.days))
    assert p.hoofdtaak_minimum == round(minimum, 2)
    if f.hours < minimum - 1e-9:  # the whole function is below the minimum: one hoofdtaak
        assert len(p.hoofdtaken) == 1 and not p.hoofdtaken_ok
    else:
        for h in p.hoofdtaken:
            assert h.hours >= f.hours / 16 - 0.005, (p.function_id, h.name, h.hours)
            assert h.hours >= 0.5 * len(f.days) - 0.005, (p.function_id, h.name, h.hours)
        assert p.hoofdtaken_ok
    ids = Counter(t.task_id for h in p.hoofdtaken for t in h.tasks)
    assert ids == Counter(f.task_ids)
    assert abs(sum(h.hours for h in p.hoofdtaken) - f.hours) <= 0.01 * len(p.hoofdtaken)


def test_demo_hoofdtaken_meet_both_rules(demo, profiles):
    """Every demo hoofdtaak has at least 1/16 of the week and 30 minutes per working day."""
    assert len(profiles) == len(demo.functions) > 0
    for p, f in zip(profiles, demo.functions, strict=True):
        check_hoofdtaken(p, f)
        assert len(p.hoofdtaken) >= 2  # 25 h functions split into several main tasks


def test_every_task_in_exactly_one_hoofdtaak(demo, profiles):
    """Each task of a function appears in exactly one of its hoofdtaken."""
    for p, f in zip(profiles, demo.functions, strict=True):
        listed = [t.task_id for h in p.hoofdtaken for t in h.tasks]
        assert sorted(listed) == sorted(f.task_ids)


def test_small_tasks_merge_into_same_area_hoofdtaak():
    """A task below the minimum joins a hoofdtaak of its own area, preferring the same kind."""
    tasks = [
        Task("A", "Kopieerwerk voor docenten", "administration", 6.0, 1),
        Task("B", "Archief ordenen en dossiers opbergen", "administration", 6.0, 1),
        Task("C", "Lamineren van werkbladen", "administration", 1.0, 1),
        Task("D", "Schoolplein vegen", "facilities", 6.0, 1),
        Task("E", "Kliko's aan de straat zetten", "facilities", 1.0, 1),
    ]
    groups = group_hoofdtaken(tasks, 5)
    by_task = {t.task_id: h for h in groups for t in h.tasks}
    assert by_task["C"] is by_task["A"]  # same area, same kind (copy work)
    assert by_task["E"] is by_task["D"]  # same area, same kind (cleaning)
    assert by_task["B"] is not by_task["A"]
    assert by_task["A"].name == "Administratie: kopieerwerk voor docenten e.a."
    assert all(h.hours >= 2.5 for h in groups)


def test_seed_groups_join_tasks_with_the_same_keyword():
    """Tasks of one area whose descriptions start with the same word form one hoofdtaak."""
    tasks = [
        Task("A", "Kantineverkoop tijdens de ochtendpauze", "facilities", 3.0, 1),
        Task("B", "Kantine: broodjes smeren", "facilities", 3.0, 1),
        Task("C", "Receptie en telefoon", "concierge", 3.0, 1),
    ]
    groups = group_hoofdtaken(tasks, 5)
    assert [h.task_ids for h in groups] == [("A", "B"), ("C",)]


def test_function_below_the_minimum_gets_one_hoofdtaak():
    """A function with under 30 minutes per working day in all keeps one hoofdtaak."""
    tasks = [Task(f"T{k}", f"taak {k}", "facilities", 0.4, 1, days=(k,)) for k in range(5)]
    assert hoofdtaak_minimum(2.0, 5) == 2.5
    groups = group_hoofdtaken(tasks, 5)
    assert len(groups) == 1 and groups[0].hours == 2.0


def test_activity_kind_reads_the_first_matching_word():
    """The kind of work comes from the first word that names one."""
    assert activity_kind("Kantine na de middagpauze: tafels afnemen") == "pantry"
    assert activity_kind("Papieren leerlingdossiers scannen") == "admin"
    assert activity_kind("Werkstukken en posters ophangen") == "setup"
    assert activity_kind("iets heel anders") == ""


@settings(max_examples=10, deadline=None)
@given(n=st.integers(10, 36), n_sites=st.integers(1, 3), seed=st.integers(0, 10_000))
def test_profiles_of_generated_inventories(n, n_sites, seed):
    """Profiles build for random inventories and the hoofdtaak rules hold for every one."""
    carving = carve(generate_inventory(n, n_sites, seed), solver=SMALL)
    profiles = build_profiles(carving)
    assert [p.function_id for p in profiles] == [f.function_id for f in carving.functions]
    for p, f in zip(profiles, carving.functions, strict=True):
        check_hoofdtaken(p, f)
        assert p.grid.minutes == sum(b.minutes for b in f.schedule.blocks)
    md = profiles_markdown(carving)
    assert all(p.function_id in md for p in profiles)
