#!/usr/bin/env bash
# Set up .venv and run every check: ruff, mypy, the import contract, the tests and the notebooks (extra args
# go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev,app
.venv/bin/ruff check src tests app scripts benchmarks
.venv/bin/mypy
# the floors: imports only downwards, no cycle inside a floor (pyproject [tool.importlinter])
.venv/bin/lint-imports
# the notebooks run top to bottom under nbmake, each within 120 s; the tests of one module
# stay on one worker (its fixtures are built once), the modules spread over every core
.venv/bin/python -m pytest -n auto --dist loadscope --nbmake --nbmake-timeout=120 tests notebooks "$@"
