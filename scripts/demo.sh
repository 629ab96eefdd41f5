#!/usr/bin/env bash
# Set up, then run the main job on the bundled example corpus: ingest and extract
# into demo.db (embedded SQLite, no server) and print what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rm -f demo.db demo.db-wal demo.db-shm
.venv/bin/threadline add examples/corpus --db demo.db
echo
.venv/bin/threadline claims --db demo.db --about "Ministry of Public Security"
echo
echo "Explore further, e.g.:  .venv/bin/threadline show \"Safeguard Defenders\" --db demo.db"
