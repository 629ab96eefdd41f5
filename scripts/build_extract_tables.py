#!/usr/bin/env python3
"""Build the tables extraction ships, from the package its data comes from.

    .venv/bin/python scripts/build_extract_tables.py

- ``threadline/extract/patterns/common_words.json.gz``: each language's common words, from
  wordfreq's frequency lists (see threadline/extract/common_words.py for the rule).
- ``threadline/extract/patterns/language_markers.json.gz``: the commonest of those words per
  language, which tell a text's language (threadline/extract/language.py).
- ``threadline/extract/patterns/cldr_names.json.gz``: CLDR's names of territories and languages in
  each language with a data file, from babel (threadline/extract/languages.py, ``cldr_names``).

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

from threadline.extract import common_words, languages  # noqa: E402


def encode(data: dict) -> bytes:
    return gzip.compress(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"), mtime=0)


def table(words: dict[str, list[str]]) -> dict:
    from importlib.metadata import version

    return {"source": f"wordfreq {version('wordfreq')}", "words": words}


def main() -> None:
    for name, words in ((common_words.TABLE, common_words.build()), (common_words.MARKERS, common_words.build_markers())):
        path = ROOT / "threadline/extract/patterns" / name
        path.write_bytes(encode(table(words)))
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    path = ROOT / "threadline/extract/patterns" / languages.CLDR_TABLE
    path.write_bytes(encode(cldr_table(languages.build_cldr_names())))  # pairs, so sort_keys keeps babel's order
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


def cldr_table(names: dict) -> dict:
    from importlib.metadata import version

    from babel.core import get_cldr_version

    return {"source": f"babel {version('babel')} (CLDR {get_cldr_version()})", "names": names}


if __name__ == "__main__":
    main()
