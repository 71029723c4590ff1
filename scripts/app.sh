#!/usr/bin/env bash
# Set up .venv and start the Streamlit app on the shipped demo data (extra args go to streamlit).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
exec .venv/bin/python -m streamlit run app/streamlit_app.py --browser.gatherUsageStats false "$@"
