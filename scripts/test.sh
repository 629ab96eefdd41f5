#!/usr/bin/env bash
# Set up (system libraries where we may install them, then .venv), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup.sh
.venv/bin/python -m pytest -q "$@"
