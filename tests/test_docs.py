"""Tests that the documentation stays true to the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.inputs.schema import CANDIDATE_COLUMNS, SITE_COLUMNS, TASK_COLUMNS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("spec", [*TASK_COLUMNS, *SITE_COLUMNS, *CANDIDATE_COLUMNS],
                         ids=lambda s: s.name)
def test_every_column_and_alias_is_documented(spec):
    """docs/data-format.md lists every column name and alias the loaders accept."""
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for name in (spec.name, *spec.aliases):
        assert f"`{name}`" in text, f"{name} missing from docs/data-format.md"


def test_readme_commands_exist():
    """The README's two commands point at scripts that exist."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/app.sh" in readme and "bash scripts/test.sh" in readme
    assert (ROOT / "scripts" / "app.sh").is_file() and (ROOT / "scripts" / "test.sh").is_file()


def test_architecture_names_every_module():
    """docs/architecture.md places every module of the package in its floor's row."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in text.splitlines()
            if line.startswith("| `")}
    src = ROOT / "src" / "matcher"
    missing = []
    for path in sorted(src.rglob("*.py")):
        if path.name == "__init__.py" or path.parent.name == "data":
            continue
        if path.parent == src:
            found = f"`{path.name}`" in rows
        else:
            name = "`codes_*.py`" if path.stem.startswith("codes_") else f"`{path.stem}`"
            found = name in rows.get(f"`{path.parent.name}/`", "")
        if not found:
            missing.append(str(path.relative_to(src)))
    assert missing == []
