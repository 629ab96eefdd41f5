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
.venv/bin/threadline path "Safeguard Defenders" "Ministry of Public Security" --db demo.db --max-hops 3 || true
.venv/bin/threadline report --entity "Safeguard Defenders" -o demo-report.html --db demo.db
echo
echo "Open demo-report.html in a browser; explore further, e.g.:"
echo "  .venv/bin/threadline show \"Safeguard Defenders\" --db demo.db"
echo "  .venv/bin/threadline timeline --country NL --db demo.db"
