#!/usr/bin/env bash
# System libraries the tests need, from Debian's packages: Pango (and HarfBuzz's subsetter)
# for WeasyPrint's PDF output, a font, and poppler-utils (pdftoppm, pdftotext) to check
# rendered PDFs, and chromium for the browser tests (driven by Playwright, never a downloaded browser).
# Installed only when missing and only where we are root with apt-get;
# elsewhere the PDF tests say what is missing and skip.
set -euo pipefail
system_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils chromium)
missing=()
for pkg in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        log=$(mktemp)
        if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
            cat "$log" >&2
            echo "error: could not install ${missing[*]}" >&2
            rm -f "$log"
            exit 1
        fi
        rm -f "$log"
    else
        echo "warning: system packages missing and not installable here: ${missing[*]}" >&2
    fi
fi
