"""Tests for matcher.outputs.report: the carve stage's files and the terminal summary."""

from __future__ import annotations

from pathlib import Path

import matcher
from matcher.outputs.profiles import profiles_markdown, profiles_xlsx
from matcher.outputs.report import carving_summary_text, write_carving


def test_write_carving_writes_the_csvs_and_the_profiles(vo_carving: matcher.Carving,
                                                        tmp_path: Path) -> None:
    """Four CSVs and the two profile files, the profiles exactly as rendered."""
    written = write_carving(vo_carving, tmp_path)
    assert [p.name for p in written] == ["functions.csv", "task_allocation.csv",
                                         "schedule.csv", "sites.csv", "profiles.md",
                                         "profiles.xlsx"]
    assert (tmp_path / "profiles.md").read_text(encoding="utf-8") == \
        profiles_markdown(vo_carving)
    assert (tmp_path / "profiles.xlsx").read_bytes() == profiles_xlsx(vo_carving)
    assert (tmp_path / "functions.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM


def test_summary_names_every_function(vo_carving: matcher.Carving) -> None:
    """One line per function with its id, hours and fta."""
    text = carving_summary_text(vo_carving)
    for f in vo_carving.functions:
        assert f"{f.function_id}  {f.hours:5.2f} h  {f.fta:.2f} fta" in text
