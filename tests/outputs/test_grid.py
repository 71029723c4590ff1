"""Tests for matcher.outputs.grid: the one week grid (slots x days, and the app's day rows)."""

from __future__ import annotations

from matcher.carving import Function, Schedule
from matcher.carving.weekrules import BREAK, WORK
from matcher.model import Task
from matcher.outputs.grid import (
    GridEntry,
    clip_text,
    day_frame,
    short_label,
    week_blocks,
    week_grid,
)
from matcher.text.format import format_time, nl_number


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
        entries = [e for row in p.grid.cells for cell in row for e in cell]
        multi = len(p.sites) > 1
        seen[multi] = True
        for e in entries:  # work names its site; a break or travel row never in brackets
            text = e.text(p.grid.multi_site)
            assert (f"({e.site})" in text) == (multi and e.kind == WORK)
            assert e.kind == WORK or text.startswith(("pauze", "reistijd naar"))
    assert seen == {True: True, False: True}


def test_frame_has_dutch_headers_and_the_cell_texts(profiles):
    """The grid as a DataFrame: ``Tijd`` and the day names, one row per slot, cell texts."""
    for p in profiles:
        g = p.grid
        table = g.frame()
        assert list(table.columns) == ["Tijd", "ma", "di", "wo", "do", "vr"]
        assert table["Tijd"].tolist() == [g.slot_label(r) for r in range(len(g.slots))]
        for r in range(len(g.slots)):
            assert table.iloc[r, 1:].tolist() == [g.cell_text(r, c) for c in range(len(g.days))]


def test_week_grid_of_an_empty_schedule_has_the_school_days_and_no_rows():
    """A function without blocks gets the five school days and no slots."""
    task = Task("T1", "Kopieerwerk", "administration", 2.0, 1)
    f = Function("F01", "Leeg", (task,), Schedule(()))
    g = week_grid(f)
    assert g.days == (0, 1, 2, 3, 4) and g.slots == () and g.minutes == 0
    assert list(g.frame().columns) == ["Tijd", "ma", "di", "wo", "do", "vr"]
    assert g.frame().empty


def test_partial_entries_show_their_times_and_sites_only_when_multi_site():
    """An entry that does not fill its slot shows its times; the site only with several."""
    entry = GridEntry("T1", "T1 Kopieerwerk", "centrum", 8 * 60 + 10, 8 * 60 + 30, True)
    assert entry.text(with_site=False) == "T1 Kopieerwerk 08:10-08:30"
    assert entry.text(with_site=True) == "T1 Kopieerwerk (centrum) 08:10-08:30"
    assert entry.minutes == 20


def test_day_frame_has_one_row_per_school_day(demo):
    """The app's view: dag, uren (Dutch decimal), blokken; the hours add up per day."""
    for f in demo.functions:
        table = day_frame(f, demo.inventory.sites)
        assert list(table.columns) == ["dag", "uren", "blokken"]
        assert table["dag"].tolist() == ["ma", "di", "wo", "do", "vr"]
        per_day = f.schedule.minutes_per_day()
        for day, row in zip(range(5), table.itertuples(index=False), strict=True):
            assert row.uren == nl_number(per_day.get(day, 0) / 60)
            rows = [b for b in f.schedule.rows() if b.day == day]
            if not rows:
                assert row.blokken == "geen werk"
                continue
            assert row.blokken.count(" · ") == len(rows) - 1  # work, breaks and travel
            for b in rows:
                if b.kind == WORK:
                    assert f"{format_time(b.start)}-{format_time(b.end)} {b.task_id} " \
                        in row.blokken
                elif b.kind == BREAK:
                    assert f"{format_time(b.start)}-{format_time(b.end)} pauze" in row.blokken
                else:
                    assert f"{format_time(b.start)}-{format_time(b.end)} reistijd naar " \
                        in row.blokken
            assert row.blokken.count("[vaste tijd]") == sum(b.fixed for b in rows)


def test_day_frame_names_the_site_where_it_changes(demo):
    """With several sites, a site name comes before the first block and at every change."""
    multi = [f for f in demo.functions if len(f.sites) > 1]
    assert multi
    names = {s: demo.inventory.sites.name(s) for s in demo.inventory.sites.ids}
    for f in multi:
        table = day_frame(f, demo.inventory.sites)
        for day, text in zip(range(5), table["blokken"], strict=True):
            blocks = [b for b in f.schedule.blocks if b.day == day]
            changes = sum(1 for k, b in enumerate(blocks)
                          if k == 0 or b.site != blocks[k - 1].site)
            assert sum(text.count(f"{names[s]}: ") for s in set(names)) == changes


def test_labels_are_short():
    """Grid labels cut a description at a comma and whole words; the app clips with '…'."""
    assert short_label("Post sorteren, rondbrengen en ophalen", 22, comma=True) == \
        "Post sorteren"
    assert short_label("Receptie: bezoekers ontvangen") == "Receptie"
    assert short_label("Lokalen van de") == "Lokalen"
    assert clip_text("x" * 40) == "x" * 40
    assert clip_text("y" * 41) == "y" * 39 + "…"


def test_week_blocks_hold_the_whole_week(demo):
    """One row per block: work adds up to the schedule, breaks and travel are rows too,
    and every row says what it is, where and when, in Dutch."""
    sites = demo.inventory.sites
    for f in demo.functions:
        blocks = week_blocks(f, sites)
        work = blocks[blocks["soort"] == "werk"]
        assert int((work["einde"] - work["begin"]).sum()) == sum(
            b.minutes for b in f.schedule.blocks)
        assert (blocks["soort"] == "pauze").sum() == len(f.schedule.breaks)
        assert (blocks["soort"] == "reistijd").sum() == len(f.schedule.trips)
        assert set(work["taak"]) == {b.task_id for b in f.schedule.blocks}
        assert (blocks["begin"] < blocks["einde"]).all()
        assert set(blocks["dag"]) <= {"ma", "di", "wo", "do", "vr"}
        assert list(blocks["van"]) == [format_time(m) for m in blocks["begin"]]
        assert set(work["gebied"]) <= {"conciërge", "klas", "administratie", "facilitair"}
        assert all(t.startswith(k) for t, k in zip(work["tekst"], work["taak"], strict=True))
        assert set(blocks["locatie"]) <= {sites.name(s) for s in sites.ids}
        assert list(work["vaste_tijd"]) == [b.fixed for b in f.schedule.rows() if b.kind == WORK]
