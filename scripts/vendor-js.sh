#!/usr/bin/env bash
# Copy the browser libraries the workbench serves (Cytoscape.js) from the npm registry into
# threadline/web/static/vendor/. Versions are pinned in js/package-lock.json;
# the files are not committed (they are not ours) and nothing is fetched when the server runs.
set -euo pipefail
cd "$(dirname "$0")/.."
deps=js
vendor=threadline/web/static/vendor
if [ -f "$vendor/cytoscape.min.js" ] && [ "$vendor/cytoscape.min.js" -nt "$deps/package-lock.json" ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "warning: npm not found; the graph explorer needs $vendor/cytoscape.min.js (npm install cytoscape)" >&2
    exit 0
fi
npm ci --prefix "$deps" --no-audit --no-fund --silent
mkdir -p "$vendor"
cp "$deps/node_modules/cytoscape/dist/cytoscape.min.js" "$vendor/cytoscape.min.js"
cp "$deps/node_modules/cytoscape/LICENSE" "$vendor/cytoscape.LICENSE"
