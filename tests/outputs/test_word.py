"""Tests for matcher.outputs.word: function profiles as a Word document."""

from __future__ import annotations

import io
from dataclasses import replace

import docx

from matcher.outputs.description import build_profiles
from matcher.outputs.word import profiles_docx


def test_every_profile_with_its_week_grid_in_dutch(demo) -> None:
    data = profiles_docx(demo)
    assert data == profiles_docx(demo)  # the same bytes on every run
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    profiles = build_profiles(demo)
    assert headings == [f"{p.function_id} · {p.title}" for p in profiles]
    grids = [t for t in document.tables if t.cell(0, 0).text == "Tijd"]
    assert len(grids) == len(profiles)
    for table, profile in zip(grids, profiles, strict=True):
        frame = profile.grid.frame()
        assert [c.text for c in table.rows[0].cells] == list(frame.columns)
        assert len(table.rows) == len(frame) + 1
        assert [c.text for c in table.rows[1].cells] == [str(v) for v in frame.iloc[0]]
    facts = document.tables[0]
    hours = next(r.cells[1].text for r in facts.rows if r.cells[0].text == "Uren per week")
    assert "." not in hours  # Dutch notation
    assert document.core_properties.language == "nl-NL"


def test_characters_word_cannot_hold_are_left_out(demo) -> None:
    """A control character pasted from Word or Excel does not break the document."""
    task = demo.functions[0].tasks[0]
    bad = replace(task, description=task.description + "\x0b\x00\x1b")
    inventory = replace(demo.inventory, tasks=tuple(
        bad if t.task_id == task.task_id else t for t in demo.inventory.tasks))
    carving = replace(demo, inventory=inventory, functions=tuple(
        replace(f, tasks=tuple(bad if t.task_id == task.task_id else t for t in f.tasks))
        for f in demo.functions))
    document = docx.Document(io.BytesIO(profiles_docx(carving)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert task.description in text and "\x0b" not in text
