"""Hokkien readings of Han characters, spelt the way Hokkien names are written abroad.

Why: Singaporean, Malaysian, Indonesian, Philippine and Taiwanese names arrive as
"Tan Kah Kee", "Ng Eng Hen" or "Khaw Boon Wan", which neither pinyin nor Cantonese
reach. The characters' Tâi-lô readings come from data that ships with taibun (the
Taiwanese Ministry of Education dictionary); the diaspora spellings are derived from
them by rule (``data/hokkien.yaml``), so every character gets its spellings without a
table per name. A name given only in pinyin meets a Hokkien spelling through its
family name (``surname_pinyin``, the common family names only) and its given names
through the common characters that have the spelling's readings (``given_pinyin``:
"Boon" is 文 wen, "Khim" 琴 qin), the way a Hong Kong spelling meets pinyin.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from itertools import product

from threadline.model.schema import load_yaml

TABLES = "data/hokkien_tables.json.gz"  # built by scripts/build_resolve_tables.py from taibun and jieba


@lru_cache(maxsize=1)
def _rules() -> dict:
    return load_yaml(resources.files("threadline.resolve").joinpath("data/hokkien.yaml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _data() -> dict[str, dict]:
    data: dict[str, dict] = json.loads(
        gzip.decompress(resources.files("threadline.resolve").joinpath(TABLES).read_bytes())
    )
    return data


def _chars() -> dict[str, list[str]]:
    return _data()["chars"]


def build_surname_readings() -> dict[str, list[str]]:
    """Each listed family name's Tâi-lô readings (used by the build script): shipped, because reading a
    simplified character needs OpenCC's converter (26 MiB), which a run without Chinese names never loads."""
    chars = build_chars()
    return {char: list(_read(chars, char)) for char in sorted(_rules()["surnames"])}


def plain_tailo(reading: str) -> str:
    """A Tâi-lô reading without tone marks and nasalisation ("tiunn" -> "tiu", "n̂g" -> "ng")."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", reading.lower()) if not unicodedata.combining(c))
    bare = "".join(c for c in bare if c.isalpha())
    return bare[:-2] if bare.endswith("nn") and len(bare) > 2 else bare


def build_chars() -> dict[str, list[str]]:
    """Character -> its tone-less Tâi-lô readings, literary and colloquial, single characters only."""
    import os

    import msgpack
    import taibun

    path = os.path.join(os.path.dirname(taibun.__file__), "data", "prons.msgpack")
    with open(path, "rb") as handle:
        prons = msgpack.unpackb(handle.read(), raw=False)
    out: dict[str, list[str]] = {}
    for char, readings in prons.items():
        if len(char) != 1:
            continue
        found = dict.fromkeys(plain_tailo(p) for r in readings for p in r.split("/"))
        out[char] = sorted(r for r in found if r)
    return out


@lru_cache(maxsize=1)
def _s2t():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=100_000)
def tailo(char: str) -> tuple[str, ...]:
    """Tone-less Tâi-lô readings of one character (simplified characters read as their traditional form)."""
    return _read(_chars(), char)


def _read(chars: dict[str, list[str]], char: str) -> tuple[str, ...]:
    """A character's readings in a table, as its traditional form first."""
    return tuple(chars.get(_s2t().convert(char)) or chars.get(char) or ())


def _split(syllable: str) -> tuple[str, str]:
    for initial in _rules()["initials_order"]:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial) :]
    return "", syllable


@lru_cache(maxsize=20_000)
def spellings(syllable: str) -> frozenset[str]:
    """Diaspora spellings of a tone-less Tâi-lô syllable ("tsua" -> chua, tjoa; "kue" -> kwee, quek)."""
    rules = _rules()
    if syllable in rules["whole"]:
        return frozenset(rules["whole"][syllable])
    initial, final = _split(syllable)
    checked = final.endswith("h") and final[:-1] in rules["finals"]
    core = final[:-1] if checked else final
    tails = list(rules["finals"].get(core, [core]))
    if checked:
        tails = [t + end for t in tails for end in rules["checked"]]
    heads = rules["initials"].get(initial, [initial])
    out = {h + t for h, t in product(heads, tails)}
    out |= {"q" + s[1:] for s in out if s.startswith("ku")}  # Quek, Quah
    return frozenset(s for s in out if len(s) >= 2 or s in rules["whole"])


@lru_cache(maxsize=1)
def _reverse() -> dict[str, frozenset[str]]:
    """Diaspora spelling -> the Tâi-lô syllables it may write."""
    out: dict[str, set[str]] = defaultdict(set)
    for readings in _chars().values():
        for syllable in readings:
            for spelling in spellings(syllable):
                out[spelling].add(syllable)
    return {k: frozenset(v) for k, v in out.items()}


def tailo_of_spelling(word: str) -> frozenset[str]:
    """The Tâi-lô syllables a romanised word may stand for; empty if it is no Hokkien spelling."""
    return _reverse().get(word, frozenset())


@lru_cache(maxsize=20_000)
def surname_pinyin(word: str) -> frozenset[str]:
    """Pinyin of the common family names that a Hokkien spelling may write ("ng" -> huang; "khoo" -> qiu, xu)."""
    found = tailo_of_spelling(word)
    if not found:
        return frozenset()
    readings = _data()["surnames"]
    return frozenset(
        py
        for char, py in _rules()["surnames"].items()
        if found & set(readings[char] if char in readings else tailo(char))
    )


def build_common_pinyin() -> dict[str, dict[str, int]]:
    """Tâi-lô syllable -> the pinyin of the common characters that have it, each with their summed
    frequency in jieba's dictionary (used by the build script). Only the most common characters
    count, so a rare character does not make a Hokkien spelling meet an unrelated pinyin syllable."""
    from pypinyin import lazy_pinyin

    from threadline.resolve.cantonese import common_characters

    chars = build_chars()
    ranked: dict[str, dict[str, int]] = defaultdict(dict)
    for count, char in common_characters(_rules()["common_characters"]):
        py = lazy_pinyin(char)[0].replace("ü", "v")
        if not py.isalpha():
            continue
        for syllable in _read(chars, char):
            ranked[syllable][py] = ranked[syllable].get(py, 0) + count
    return {syllable: dict(sorted(p.items())) for syllable, p in sorted(ranked.items())}


@lru_cache(maxsize=20_000)
def given_pinyin(word: str) -> tuple[str, ...]:
    """Pinyin a Hokkien spelling of a given name may write, most likely first ("boon" -> wen, men):
    the readings of the common characters it may spell, each kept if it holds at least ``given_share``
    of their frequency, so a spelling that writes many syllables keeps only its likely ones."""
    common: dict[str, dict[str, int]] = _data()["common_pinyin"]
    total: dict[str, int] = defaultdict(int)
    for syllable in sorted(tailo_of_spelling(word)):
        for py, count in common.get(syllable, {}).items():
            total[py] += count
    floor = _rules()["given_share"] * sum(total.values())
    return tuple(py for py, count in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])) if count >= floor)
