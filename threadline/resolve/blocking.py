"""Candidate pairs by blocking: only records that share a key are compared.

Keys are cheap, recall-oriented views of a name: its romanisation-free syllable
key (every reading combination, capped), a slip-tolerant prefix key, folded
exact names, acronym/initial keys, and rare words. Keys shared by more than
``max_block`` records are too common to say anything and are skipped, which
keeps the work near-linear in the number of records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations, islice, product

from threadline.model import SCHEMA
from threadline.resolve.compare import Record
from threadline.resolve.hokkien import given_pinyin
from threadline.resolve.normalise import LEVELS, initials, is_acronym, org_tokens
from threadline.resolve.persons import family_last, strip_titles, western_word
from threadline.resolve.romanise import GIVEN, other_readings, plain_readings, syllable_units, tokens

MAX_READING_KEYS = 8


def person_keys(name: str) -> set[str]:
    name = strip_titles(name)
    units = syllable_units(name)
    if not units or len(units) > 6:
        return set()
    options = [_key_readings(w, r) for w, r in units]
    keys = {"p:" + " ".join(sorted(combo)) for combo in islice(product(*options), MAX_READING_KEYS)}
    keys.add("s:" + " ".join(sorted(w[:3] for w, _ in units)))  # a typo late in a word
    keys.add("e:" + " ".join(sorted(w[-3:] for w, _ in units)))  # a typo early in a word
    keys.add("x:" + " ".join(sorted("".join(sorted(w)) for w, _ in units)))  # two letters swapped ("Hsaio")
    words = tokens(family_last(name))
    if len(words) >= 2 and any(len(w) == 1 or western_word(w) for w in words):
        keys.add(f"i:{words[0][0]} {words[-1]}")  # extra given names and initials: first initial, family name
    return keys


def _key_readings(word: str, found: frozenset[str]) -> list[str]:
    """Pinyin readings for keys: the systems' own, else the two likeliest Cantonese ones and the two
    likeliest of a Hokkien given name ("Teck": de), so it shares a key with the name in pinyin."""
    plain = sorted(plain_readings(found)) + sorted(other_readings(found))  # 樂: yue, then le
    if plain:
        return plain
    loose = sorted(r[1:] for r in found if r.startswith("~"))[:2]
    hokkien = (
        [p for p in given_pinyin(word) if GIVEN + p in found][:2] if any(r.startswith(GIVEN) for r in found) else []
    )
    return list(dict.fromkeys(loose + hokkien)) or [word]


def org_keys(name: str) -> set[str]:
    tokens = org_tokens(name)
    if not tokens:
        return set()
    keys = {"o:" + " ".join(sorted(tokens))}
    bare = [t for t in tokens if t not in LEVELS]  # "Fuzhou police", 福州市公安局 (municipal): one block
    if bare and len(bare) < len(tokens):
        keys.add("o:" + " ".join(sorted(bare)))
    if is_acronym(name):
        keys.add("a:" + name.replace(".", "").lower())
    elif len(tokens) >= 2:
        keys.add("a:" + initials(tokens))
    keys.update("t:" + t for t in tokens if len(t) >= 3)
    if len(tokens) >= 3:  # a slip in one word, whose one-word blocks grow past max_block at scale
        keys.add("s:" + " ".join(sorted(t[:3] for t in tokens)))
        keys.add("e:" + " ".join(sorted(t[-3:] for t in tokens)))
    return keys


def record_keys(record: Record) -> set[str]:
    keys: set[str] = set()
    if record.gazetteer:
        keys.add("g:" + record.gazetteer)
    for name in record.names:
        keys.update(person_keys(name) if record.type in SCHEMA.person_types else org_keys(name))
    keys.update("n:" + f for f in record.folded)
    return {f"{record.type}|{k}" for k in keys}


def candidate_pairs(records: Iterable[Record], max_block: int = 50) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of records sharing at least one selective key, each pair once."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        for key in record_keys(record):
            blocks[key].append(i)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for pair in combinations(members, 2):
            if pair not in seen:
                seen.add(pair)
                yield pair
