"""Cantonese readings of Han characters, spelt the way Hong Kong passports and news spell them.

Why: Hong Kong and diaspora names arrive as "Chan Ka-lok", not as pinyin, and a
hand table can never list every syllable. The characters' Jyutping comes from
data that ships with pycantonese (rime-cantonese); the Hong Kong government
romanisation is derived from it by rule (``data/cantonese.yaml``), so every
character gets its spellings without a table per name.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from itertools import product

from threadline.model.schema import load_yaml


@lru_cache(maxsize=1)
def _rules() -> dict:
    return load_yaml(resources.files("threadline.resolve").joinpath("data/cantonese.yaml").read_text("utf-8"))


TABLES = "data/cantonese_tables.json.gz"  # built by scripts/build_resolve_tables.py from pycantonese and jieba


@lru_cache(maxsize=1)
def _shipped() -> dict:
    """The tables below as shipped: building them reads two dictionaries and costs a second per run."""
    return json.loads(gzip.decompress(resources.files("threadline.resolve").joinpath(TABLES).read_bytes()))


def _chars() -> dict[str, str]:
    chars: dict[str, str] = _shipped()["chars"]
    return chars


@lru_cache(maxsize=1)
def _common_pinyin() -> dict[str, tuple[str, ...]]:
    return {jp: tuple(p) for jp, p in _shipped()["common_pinyin"].items()}


def build_chars() -> dict[str, str]:
    """Character -> tone-less Jyutping, single characters only."""
    text = resources.files("pycantonese").joinpath("data/rime_cantonese/chars_to_jyutping.json").read_text("utf-8")
    return {
        k: "".join(c for c in v if not c.isdigit()) for k, v in json.loads(text).items() if len(k) == 1 and " " not in v
    }


@lru_cache(maxsize=1)
def _s2t():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=100_000)
def jyutping(char: str) -> str | None:
    """Tone-less Jyutping of one character (simplified characters read as their traditional form)."""
    chars = _chars()
    return chars.get(_s2t().convert(char)) or chars.get(char)


def _split(syllable: str) -> tuple[str, str]:
    for initial in _rules()["initials_order"]:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial) :]
    return "", syllable


@lru_cache(maxsize=20_000)
def hk_spellings(syllable: str, rare: bool = False) -> frozenset[str]:
    """Hong Kong government spellings of a tone-less Jyutping syllable ("zoeng" -> cheung); ``rare``: the rare ones only."""
    rules = _rules()
    if syllable in rules["whole"]:
        return frozenset() if rare else frozenset(rules["whole"][syllable])
    initial, final = _split(syllable)
    heads = rules["initials"].get(initial, [initial])
    special = rules["after"].get(initial, {}).get(final)
    if special:
        return frozenset() if rare else frozenset(special)
    tails = rules["rare" if rare else "finals"].get(final, [] if rare else [final])
    return frozenset(h + t for h, t in product(heads, tails))


@lru_cache(maxsize=2)
def _reverse(rare: bool = False) -> dict[str, frozenset[str]]:
    """Hong Kong spelling -> the Jyutping syllables it may write."""
    out: dict[str, set[str]] = defaultdict(set)
    for syllable in set(_chars().values()):
        for spelling in hk_spellings(syllable, rare):
            out[spelling].add(syllable)
    return {k: frozenset(v) for k, v in out.items()}


def jyutping_of_spelling(word: str, rare: bool = False) -> frozenset[str]:
    """The Jyutping syllables a romanised word may stand for; empty if it is no Cantonese spelling."""
    return _reverse(rare).get(word, frozenset())


def common_characters(limit: int) -> list[tuple[int, str]]:
    """The ``limit`` most frequent single characters of jieba's dictionary, as (count, character), most
    frequent first (used by the build script, here and for the Hokkien tables)."""
    import os

    import jieba

    freq: list[tuple[int, str]] = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, times, *_ = line.split()
            if len(word) == 1:
                freq.append((int(times), word))
    return sorted(freq, reverse=True)[:limit]


def build_common_pinyin() -> dict[str, tuple[str, ...]]:
    """Jyutping syllable -> pinyin of the common characters that have it, most frequent first.

    Frequencies come from jieba's dictionary; only the most common characters
    count, so a rare character does not make two unrelated syllables meet.
    """
    from pypinyin import lazy_pinyin

    ranked: dict[str, dict[str, int]] = defaultdict(dict)
    chars = build_chars()
    for count, char in common_characters(_rules()["common_characters"]):
        jp = chars.get(_s2t().convert(char)) or chars.get(char)
        py = lazy_pinyin(char)[0].replace("ü", "v")
        if jp and py.isalpha():
            ranked[jp][py] = ranked[jp].get(py, 0) + count
    return {jp: tuple(sorted(p, key=lambda k: -p[k])) for jp, p in ranked.items()}


@lru_cache(maxsize=50_000)
def pinyin_of_spelling(word: str) -> tuple[str, ...]:
    """Pinyin that a Hong Kong spelling may stand for, through common characters, most likely first."""
    out: dict[str, None] = {}
    for jp in sorted(jyutping_of_spelling(word) | jyutping_of_spelling(word, rare=True)):
        out.update(dict.fromkeys(_common_pinyin().get(jp, ())))
    return tuple(out)
