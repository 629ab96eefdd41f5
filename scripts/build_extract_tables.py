#!/usr/bin/env python3
"""Build the table extraction ships, from the package its data comes from.

    .venv/bin/python scripts/build_extract_tables.py

- ``threadline/extract/patterns/common_words.json.gz``: each language's common words, from
  wordfreq's frequency lists (see threadline/extract/common_words.py for the rule).

Seconds to build, milliseconds to load. A test checks the shipped file equals a fresh
build. Deterministic: sorted lists, no timestamp in the gzip header.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadline.extract import common_words  # noqa: E402


def encode(data: dict) -> bytes:
    return gzip.compress(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"), mtime=0)


def table() -> dict:
    from importlib.metadata import version

    return {"source": f"wordfreq {version('wordfreq')}", "words": common_words.build()}


def main() -> None:
    path = ROOT / "threadline/extract/patterns" / common_words.TABLE
    path.write_bytes(encode(table()))
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
