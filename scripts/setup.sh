#!/usr/bin/env bash
# Create .venv with matcher installed (editable) plus the given extras, on a fresh Debian
# machine with Python 3.11 too. Usage: bash scripts/setup.sh [EXTRAS], e.g. "app" or "dev,app".
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c "import ensurepip, venv" >/dev/null 2>&1; then
  # Debian's python3 ships venv/ensurepip in a separate package.
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
  else
    echo "python3-venv is missing: run 'sudo apt-get install python3-venv' first." >&2
    exit 1
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ -n "${1:-}" ]; then
  .venv/bin/python -m pip install -q -e ".[$1]"
else
  .venv/bin/python -m pip install -q -e .
fi
