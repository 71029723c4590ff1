#!/usr/bin/env bash
# Set up .venv and run every check: ruff, mypy, then the test suite (extra args go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
.venv/bin/ruff check src tests app scripts benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
