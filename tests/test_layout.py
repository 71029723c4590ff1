"""The package layout stays readable (issue 15): floors are checked by import-linter in
``scripts/test.sh`` (pyproject ``[tool.importlinter]``); these tests check what it does not:
no private name imported across modules, and no module too long to read."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "matcher"
#: Most lines one module of the library may have.
MAX_LINES = 800


def _python_files() -> Iterator[Path]:
    for folder in ("src", "tests", "app", "benchmarks", "scripts"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def private_imports(path: Path) -> list[str]:
    """``module: name`` for every ``from matcher... import _name`` in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("matcher"):
            found += [f"{node.module}: {alias.name}" for alias in node.names
                      if alias.name.startswith("_") and not alias.name.startswith("__")]
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [module or ""] + [a.name for a in node.names]
            found += [f"private module {n}" for n in names if n.startswith("matcher")
                      and any(part.startswith("_") and not part.startswith("__")
                              for part in n.split("."))]
    return found


def test_the_check_finds_a_private_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from matcher.carving.problem import _grow, CarveProblem\n"
                      "from matcher.carving import _walk\nimport matcher._x\n")
    assert private_imports(sample) == ["matcher.carving.problem: _grow",
                                       "matcher.carving: _walk", "private module matcher._x"]


def test_no_private_name_is_imported_across_modules() -> None:
    found = {str(p.relative_to(ROOT)): private_imports(p) for p in _python_files()}
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_is_over_800_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_tests_mirror_the_package() -> None:
    """Every test folder is a floor of the package (or one of the cross-cutting suites)."""
    floors = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    suites = {"app", "e2e", "regression", "data"}
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders <= floors | suites, folders - floors - suites
