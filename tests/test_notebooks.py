"""The analysts' notebooks are the ones the README links, and are stored clean.

Running them top to bottom is done by nbmake in the test command
(``pytest --nbmake tests notebooks``, see scripts/test.sh), with a per-notebook timeout.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAMES = ["01_weights.ipynb", "02_learn_weights.ipynb", "03_audit.ipynb"]


def test_the_three_notebooks_exist():
    """The notebooks the README links are the ones in notebooks/."""
    assert [p.name for p in NOTEBOOKS] == NAMES
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"(notebooks/{name})" in readme, name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path: Path):
    """No outputs or execution counts are committed; the kernel is python3."""
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
