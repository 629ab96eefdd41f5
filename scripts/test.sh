#!/usr/bin/env bash
# Set up (system libraries where we may install them, then .venv), check lint (ruff), types (mypy) and the
# import contracts, then run the whole test suite,
# store tests against both backends: SQLite, and PostgreSQL at $THREADLINE_TEST_PG (a throwaway
# local server from scripts/postgres.sh unless it is set already).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup.sh
# Lint, types and import contracts first: seconds, where the suite takes many minutes.
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest -q -p no:cacheprovider tests/test_architecture.py
if [ -z "${THREADLINE_TEST_PG:-}" ]; then
    if url=$(bash scripts/postgres.sh); then
        export THREADLINE_TEST_PG=$url
    else
        echo "warning: no PostgreSQL server; the PostgreSQL store tests will be skipped" >&2
    fi
fi
.venv/bin/python -m pytest -q "$@"
