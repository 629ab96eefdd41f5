#!/usr/bin/env bash
# Refresh the browser libraries the workbench serves, Cytoscape.js and Swagger UI, from the npm packages
# pinned in js/package-lock.json, into threadline/web/static/vendor/. The copies are committed, each with
# its licence, so that `pip install .` and the wheel need no npm; vendor/SHA256SUMS records the package
# versions and a hash of every file, and a test checks both. Nothing is fetched when the server runs.
# Run this by hand after changing js/package.json, then commit the vendor folder.
set -euo pipefail
cd "$(dirname "$0")/.."
deps=js
vendor=threadline/web/static/vendor
npm ci --prefix "$deps" --ignore-scripts --no-audit --no-fund --silent
rm -rf "$vendor" && mkdir -p "$vendor"
modules=$deps/node_modules
cp "$modules/cytoscape/dist/cytoscape.min.js" "$vendor/cytoscape.min.js"
cp "$modules/cytoscape/LICENSE" "$vendor/cytoscape.LICENSE"
# The bundle's last line points at a source map we do not ship; drop it so browsers ask for nothing.
sed '/^\/\/# sourceMappingURL=/d' "$modules/swagger-ui-dist/swagger-ui-bundle.js" > "$vendor/swagger-ui-bundle.js"
sed '/sourceMappingURL=/d' "$modules/swagger-ui-dist/swagger-ui.css" > "$vendor/swagger-ui.css"
cat "$modules/swagger-ui-dist/LICENSE" "$modules/swagger-ui-dist/NOTICE" > "$vendor/swagger-ui.LICENSE"
cp "$modules/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt" "$vendor/swagger-ui-bundle.THIRD-PARTY.txt"
{
    for pkg in cytoscape swagger-ui-dist; do
        echo "# npm $pkg $(node -p "require('./$modules/$pkg/package.json').version")"
    done
    (cd "$vendor" && sha256sum -- *.js *.css *.LICENSE *.txt)
} > "$vendor/SHA256SUMS"
echo "vendored into $vendor:" && cat "$vendor/SHA256SUMS"
