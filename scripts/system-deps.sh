#!/usr/bin/env bash
# System libraries the tests need, from Debian's packages: Pango (and HarfBuzz's subsetter)
# for WeasyPrint's PDF output, a font, and poppler-utils (pdftoppm, pdftotext) to check
# rendered PDFs, and chromium for the browser tests (driven by Playwright, never a downloaded browser).
# Installed only when missing and only where we are root with apt-get;
# elsewhere the PDF tests say what is missing and skip.
set -euo pipefail
cd "$(dirname "$0")"
bash apt-install.sh "PDF output and the browser tests" \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils chromium
