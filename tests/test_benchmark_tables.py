"""benchmarks/README.md shows the tables of benchmarks/results/*.json, as benchmarks/tables.py
renders them: the README and the JSON cannot drift apart.

After a new benchmark run, ``.venv/bin/python benchmarks/tables.py --write`` updates the
README's tables (the prose around them is checked by a person).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def tables() -> ModuleType:
    """benchmarks/tables.py, loaded from its file."""
    spec = importlib.util.spec_from_file_location("bench_tables", BENCHMARKS / "tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_tables_equal_the_json(tables: ModuleType) -> None:
    """Every table block of the README is the rendering of the JSON, and every table is in it."""
    found = tables.readme_tables((BENCHMARKS / "README.md").read_text(encoding="utf-8"))
    assert list(found) == list(tables.TABLES)
    for name in tables.TABLES:
        assert found[name] == tables.render(name), name


def test_check_and_write_agree(tables: ModuleType) -> None:
    """``--write`` leaves a README that ``--check`` accepts unchanged."""
    text = (BENCHMARKS / "README.md").read_text(encoding="utf-8")
    assert tables.write_readme(text) == text
    assert tables.main(["--check"]) == 0


def test_readme_keeps_history_in_git() -> None:
    """No commit hashes in the README: the figures' history is in git, the code in the JSON."""
    text = (BENCHMARKS / "README.md").read_text(encoding="utf-8")
    commit = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b")
    assert not commit.findall(text)
