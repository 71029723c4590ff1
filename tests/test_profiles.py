"""Tests for function profiles: hoofdtaken rules, week grid, roles, Markdown and Excel export."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import matcher
from matcher.carving.core import CarveParams, Function, carve
from matcher.carving.week import build_schedule
from matcher.demo import generate_inventory
from matcher.model import Inventory, Task
from matcher.outputs.profiles import (
    FunctionProfile,
    activity_kind,
    build_profile,
    build_profiles,
    group_hoofdtaken,
    hoofdtaak_minimum,
    profile_markdown,
    profiles_markdown,
    profiles_xlsx,
)

SMALL = CarveParams(iterations=500, restarts=1, time_limit=2)


@pytest.fixture(scope="module")
def demo(vo_carving: matcher.Carving) -> matcher.Carving:
    """The demo secondary school carved with default settings (shared session carving)."""
    return vo_carving


@pytest.fixture(scope="module")
def profiles(demo: matcher.Carving) -> list[FunctionProfile]:
    """Profiles of the demo functions."""
    return build_profiles(demo)


@pytest.fixture(scope="module")
def markdown(demo: matcher.Carving) -> str:
    """The demo profiles as Markdown."""
    return profiles_markdown(demo)


@pytest.fixture(scope="module")
def workbook_bytes(demo: matcher.Carving) -> bytes:
    """The demo profiles as an .xlsx workbook."""
    return profiles_xlsx(demo)


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


def test_grid_covers_every_block(demo, profiles):
    """The week grid holds every scheduled minute, block by block, and sums to the hours."""
    for p, f in zip(profiles, demo.functions, strict=True):
        g = p.grid
        assert g.minutes == sum(b.minutes for b in f.schedule.blocks)
        for b in f.schedule.blocks:
            column = g.days.index(b.day)
            covered = sum(e.minutes for row in g.cells for e in row[column]
                          if e.task_id == b.task_id and b.start <= e.start and e.end <= b.end)
            assert covered >= b.minutes
        slack = sum(5 / 60 if t.fixed else 1 / 60 for t in f.tasks)
        assert abs(g.minutes / 60 - f.hours) <= slack
        assert g.slots[0] <= min(b.start for b in f.schedule.blocks)
        assert g.slots[-1] + g.slot_minutes >= max(b.end for b in f.schedule.blocks)
        assert tuple(g.days[:5]) == (0, 1, 2, 3, 4)


def test_grid_cells_name_site_only_when_multi_site(profiles):
    """Cells show the site in brackets for multi-site functions and not otherwise."""
    seen = {True: False, False: False}
    for p in profiles:
        texts = [p.grid.cell_text(r, c) for r in range(len(p.grid.slots))
                 for c in range(len(p.grid.days))]
        filled = [t for t in texts if t]
        multi = len(p.sites) > 1
        seen[multi] = True
        assert all(any(f"({s})" in t for s in p.sites) == multi for t in filled)
    assert seen == {True: True, False: True}


def test_hours_freed_per_role_sum_to_function_hours(demo, profiles):
    """Hours freed per current role add up to the function's hours."""
    for p, f in zip(profiles, demo.functions, strict=True):
        total = sum(h for _, h in p.hours_by_role)
        assert abs(total - f.hours) <= 0.01 * len(p.hours_by_role)
        teacher = sum(h for r, h in p.hours_by_role if r in ("docent", "leerkracht"))
        assert p.teacher_hours == pytest.approx(teacher)
    assert any(p.teacher_hours > 0 for p in profiles)


def test_profile_facts(demo, profiles):
    """Fta, level name, load, sites and purpose are derived from the function."""
    names = dict(zip(demo.inventory.sites.ids, demo.inventory.sites.frame["name"],
                     strict=True))
    for p, f in zip(profiles, demo.functions, strict=True):
        assert p.fta == round(f.hours / 25.5, 2)
        assert p.level == f.level and p.level_name
        assert p.load_label == {0: "laag", 1: "gemiddeld", 2: "hoog"}[f.physical_load]
        assert p.site_names == tuple(names[s] for s in f.sites)
        assert p.purpose.startswith("Ondersteunt ") and p.purpose.endswith(".")
        assert p.locked is False and p.warnings == ()


def test_supervision_names_every_site_and_flags_pupil_contact(profiles):
    """A supervisor line per site; the pupil flag appears exactly when contact is high."""
    for p in profiles:
        present = [s for s in p.supervision if s.startswith("Begeleider aanwezig op ")]
        assert len(present) == len(p.sites)
        for name in p.site_names:
            assert any(name in s for s in present)
        flagged = any(s.startswith("Werkt met leerlingen") for s in p.supervision)
        assert flagged == (p.pupil_contact >= 2)


def test_markdown_has_every_function(profiles, markdown):
    """The Markdown names each function id and title and the fta rule."""
    for p in profiles:
        assert f"## {p.function_id} · {p.title}" in markdown
        assert "telt mee voor de banenafspraak naar rato" in markdown
    assert markdown.count("### Hoofdtaken") == len(profiles)
    assert markdown.count("| Tijd | ma | di | wo | do | vr |") == len(profiles)


def test_xlsx_has_overview_and_one_sheet_per_function(profiles, workbook_bytes):
    """The workbook opens, has the overview and a sheet per function, and no formulas."""
    wb = load_workbook(io.BytesIO(workbook_bytes))
    assert wb.sheetnames == ["Overzicht", *(p.function_id for p in profiles)]
    overview = wb["Overzicht"]
    assert overview.cell(1, 1).value == "Functie"
    assert [overview.cell(r, 1).value for r in range(2, len(profiles) + 2)] == \
        [p.function_id for p in profiles]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))


def test_deterministic(demo, markdown, workbook_bytes):
    """Two runs give the same profiles, Markdown and workbook bytes."""
    assert build_profiles(demo) == build_profiles(demo)
    assert profiles_markdown(demo) == markdown
    assert profiles_xlsx(demo) == workbook_bytes


def _flat_inventory(descriptions: list[tuple[str, str, float]], role: str = "docent"
                    ) -> Inventory:
    tasks = [Task(f"T{k:02d}", d, area, h, 1, current_role=role)
             for k, (d, area, h) in enumerate(descriptions)]
    return Inventory.from_tasks(tasks)


def test_formula_text_is_escaped_in_xlsx_and_markdown_tables_hold():
    """Text that Excel would run gets an apostrophe; a pipe does not break a Markdown row."""
    inventory = _flat_inventory([("=HYPERLINK(\"http://x\") kopieerwerk", "administration", 5)]
                                + [(f"archief | ordenen {k}", "administration", 5)
                                   for k in range(4)], role="@rol")
    carving = carve(inventory, SMALL)
    assert len(carving.functions) == 1
    wb = load_workbook(io.BytesIO(profiles_xlsx(carving)))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
              if isinstance(c.value, str)]
    assert any(v.startswith("'=HYPERLINK") for v in values)
    assert any(v.startswith("'@rol") for v in values)
    assert not any(v.startswith(("=", "@")) for v in values)
    md = profiles_markdown(carving)
    rows = [line for line in md.splitlines() if line.startswith("| Tijd")]
    body = md.split(rows[0])[1].split("\n\n")[0].splitlines()[1:]
    for line in body:
        assert line.replace("\\|", "").count("|") == 7  # time + five days


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


@dataclass(frozen=True)
class _LockedFunction(Function):
    locked: bool = True
    warnings: tuple[str, ...] = ("taak T1 staat ook in F02",)


def test_locked_flag_and_warnings_are_shown():
    """A function with ``locked`` and ``warnings`` shows both in profile and Markdown."""
    tasks = (Task("T1", "Kopieerwerk", "administration", 12.5, 1, current_role="docent"),
             Task("T2", "Archief ordenen", "administration", 12.5, 1))
    f = _LockedFunction("F09", "Administratief ondersteuner", tasks, build_schedule(tasks))
    inventory = Inventory.from_tasks(list(tasks))
    p = build_profile(f, inventory.sites)
    assert p.locked and p.warnings == ("taak T1 staat ook in F02",)
    assert dict(p.hours_by_role) == {"docent": 12.5, "onbekend": 12.5}
    assert "docenten" in p.purpose and "locatie school" in p.purpose
    md = profile_markdown(p)
    assert "**Vergrendeld**" in md and "| Vergrendeld | ja |" in md
    assert "### Let op" in md and "taak T1 staat ook in F02" in md


@settings(max_examples=10, deadline=None)
@given(n=st.integers(10, 36), n_sites=st.integers(1, 3), seed=st.integers(0, 10_000))
def test_profiles_of_generated_inventories(n, n_sites, seed):
    """Profiles build for random inventories and the hoofdtaak rules hold for every one."""
    carving = carve(generate_inventory(n, n_sites, seed), SMALL)
    profiles = build_profiles(carving)
    assert [p.function_id for p in profiles] == [f.function_id for f in carving.functions]
    for p, f in zip(profiles, carving.functions, strict=True):
        check_hoofdtaken(p, f)
        assert p.grid.minutes == sum(b.minutes for b in f.schedule.blocks)
    md = profiles_markdown(carving)
    assert all(p.function_id in md for p in profiles)
