"""Acronyms beyond word initials: parts of compound words (Bundeskriminalamt -> BKA),
countries as codes or dropped, letters of the original-language words (DGSI), and
qualifiers on the acronym's side ("PRC MPS" is the MPS).

Why: bodies are named by acronyms far more often than by their full names, and the
acronym follows the name in its own language, not our translation of it.
"""

from __future__ import annotations

from functools import lru_cache

from threadline.model.countries import countries
from threadline.resolve.normalise import (
    STOPWORDS,
    _compounds,
    _countries_as_codes,
    compound_parts,
    initials,
    is_acronym,
    org_tokens,
    org_words,
)
from threadline.resolve.romanise import has_han, segment


@lru_cache(maxsize=200_000)
def _split_acronym(name: str) -> tuple[str, frozenset[str]] | None:
    """The one acronym of a name and the countries its qualifiers name ("PRC MPS" -> mps, {CN})."""
    qualifiers = _compounds()[1]
    world = countries()
    core: list[str] = []
    named: set[str] = set()
    for word in name.replace("'s", "").split():
        bare = word.replace(".", "")
        low = bare.lower()
        code = (
            world.by_name.get(low)
            or world.by_adjective.get(low)
            or (low.upper() if low.upper() in world.adjective and bare.isupper() and len(bare) == 2 else None)
        )
        if low in qualifiers or code:
            named.add(code or "CN")
            continue
        core.append(word)
    if len(core) != 1 or not (is_acronym(core[0]) or _mixed_acronym(core[0])):
        return None
    return core[0].replace(".", "").replace("-", "").lower(), frozenset(named)


def _mixed_acronym(word: str) -> bool:
    """ "BfV", "BaFin"-like short forms: letters only, upper-case first, at least two capitals."""
    return 2 <= len(word) <= 6 and word.isalpha() and word[0].isupper() and sum(c.isupper() for c in word) >= 2


def _options(token: str, word: str | None) -> set[str]:
    """What one word of the full name may contribute to its acronym."""
    qualifiers = _compounds()[1]
    if token.startswith("cc:"):
        code = token[3:]
        adjective = countries().adjective.get(code, "")
        return {"", code.lower(), adjective[:1].lower()}
    if token in STOPWORDS or token in qualifiers:
        return {"", token[:1]}
    out = {token[:1]}
    parts = compound_parts(token)
    if parts:
        out.add("".join(p[0] for p in parts))
    syllables = segment(token) if len(token) >= 6 else None
    if syllables and len(syllables) >= 3:  # a romanised Chinese word by its syllables ("Kuomintang" -> KMT)
        out.add("".join(p[0] for p in syllables))
    return out


def _spells(letters: str, options: list[set[str]]) -> bool:
    reach = {0}
    for opts in options:
        reach = {i + len(o) for i in reach for o in opts if letters.startswith(o, i)}
        if not reach:
            return False
    return len(letters) in reach


@lru_cache(maxsize=200_000)
def acronym_match(acronym: str, full: str) -> str | None:
    """Why ``acronym`` abbreviates ``full``, or None."""
    if has_han(acronym) or has_han(full) or is_acronym(full.replace(" ", "")):
        return None
    split = _split_acronym(acronym)
    if split is None:
        return None
    letters, named = split
    tokens = org_tokens(full)
    full_countries = {t[3:] for t in tokens if t.startswith("cc:")}
    if named and full_countries and not named & full_countries:
        return None
    if len(tokens) >= 2 and letters == initials(tuple(t for t in tokens if not t.startswith("cc:"))):
        return f"acronym {acronym} of the full name"
    words = _countries_as_codes(list(org_words(full)))
    if len(words) < 1 or (len(words) == 1 and not compound_parts(words[0]) and len(segment(words[0]) or ()) < 3):
        return None
    if _spells(letters, [_options(w, w) for w in words]):
        return f"acronym {acronym} of the full name in its own language (compound parts, countries and function words optional)"
    return None
