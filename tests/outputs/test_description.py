"""Tests for matcher.outputs.description: the facts of a function profile."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from matcher.carving import Function
from matcher.carving.week import build_schedule
from matcher.model import Inventory, Task
from matcher.outputs.description import build_profile
from matcher.outputs.profiles import profile_markdown


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
        assert p.locked is False and p.warnings == f.warnings  # e.g. an irregular start


def test_supervision_names_every_site_and_flags_pupil_contact(profiles):
    """A supervisor line per site; the pupil flag appears exactly when contact is high."""
    for p in profiles:
        present = [s for s in p.supervision if s.startswith("Begeleider aanwezig op ")]
        assert len(present) == len(p.sites)
        for name in p.site_names:
            assert any(name in s for s in present)
        flagged = any(s.startswith("Werkt met leerlingen") for s in p.supervision)
        assert flagged == (p.pupil_contact >= 2)


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
