#!/usr/bin/env bash
# Retake the README's screenshots with the browser tests (they write to docs/screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."
THREADLINE_SCREENSHOT_DIR=docs/screenshots .venv/bin/python -m pytest -q tests/web/test_browser.py -k screenshot "$@"
