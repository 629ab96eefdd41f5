"""Organisation name keys: folding, legal forms removed, words in other languages
mapped to one English concept, function words dropped."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml
from rigour.names import remove_org_types

from threadline.model.countries import countries
from threadline.model.names import fold
from threadline.resolve.romanise import has_han, simplified

STOPWORDS = frozenset("""
the of for and in on at to a an de du des la le les l d et van het voor en der den di del della dello dei degli e y el los las und für zu im
al alla nel nella dal dalla da au aux à en
""".split())
# words that add no identity when one name has them and the other does not
GENERIC = frozenset({"central", "national", "general", "main", "official", "chinese", "china", "prc", "people", "republic",
                     "committee", "group", "association", "organisation", "organization", "centre", "center",
                     "municipal", "municipality", "provincial", "province", "district", "city", "county"})


@lru_cache(maxsize=1)
def _terms() -> dict[str, str]:
    text = resources.files("threadline.resolve").joinpath("data/org_terms.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {fold(word): concept for concept, words in data.items() for word in words}


# legal forms rigour does not strip, written as they appear after folding and un-dotting
LEGAL_FORMS = frozenset("""
aps ets onlus odv srl srls spa sas snc sarl sa sas eurl asbl vzw ev gmbh ag ug kg ohg bv nv vof cv sl slu sa lda clg cic
ltd llc inc plc lp llp co corp stichting
""".split())
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}[a-z]?\.?|\b[a-z]\.[a-z]\b", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^)]*\)")


def _undot(text: str) -> str:
    """"a.s.b.l." -> "asbl", "S.L." -> "SL"."""
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)


@lru_cache(maxsize=200_000)
def org_tokens(name: str) -> tuple[str, ...]:
    """Concept words of an organisation name, in order ("Ministère de la Sécurité publique" -> ministry, security, public).

    Legal forms and bracketed asides go; country names and adjectives in any
    language become one token per country (``cc:CN``).
    """
    if has_han(name):
        return _han_org_tokens(simplified(name).replace(" ", ""))
    text = _BRACKETS.sub(" ", _undot(name))
    folded = fold(remove_org_types(fold(text)) or fold(text))
    words = [w for w in folded.split() if w not in LEGAL_FORMS] or folded.split()
    terms = _terms()
    words = _countries_as_codes([terms.get(w, w) for w in _countries_as_codes(words)])
    return tuple(w for w in words if w not in STOPWORDS)


_HAN_MISSION = re.compile(r"^(中国|中华人民共和国)驻(.+?)(王国|共和国|联邦共和国)?(大使馆|总领事馆|领事馆)$")
_HAN_MISSION_KIND = {"大使馆": ("embassy",), "总领事馆": ("consulate", "general"), "领事馆": ("consulate",)}


def _han_org_tokens(name: str) -> tuple[str, ...]:
    """Diplomatic missions written in Chinese ("中国驻意大利大使馆") as concept words; other names whole."""
    match = _HAN_MISSION.match(name)
    if match:
        host = countries().by_name.get(match.group(2))
        if host:
            return ("cc:CN", *_HAN_MISSION_KIND[match.group(4)], "cc:" + host)
    return (name,)


def _countries_as_codes(words: list[str]) -> list[str]:
    world = countries()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (5, 4, 3, 2, 1):
            chunk = " ".join(words[i:i + size])
            code = world.by_name.get(chunk) or (world.by_adjective.get(chunk) if size == 1 else None)
            if code and len(words[i:i + size]) == size:
                out.append("cc:" + code)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def is_concept(token: str) -> bool:
    """True for generic institution words ("ministry") and function words; False for names and places."""
    return token in _concepts() or token in STOPWORDS or token in GENERIC


@lru_cache(maxsize=1)
def _concepts() -> frozenset[str]:
    return frozenset(_terms().values()) | frozenset({"general", "provincial", "municipal", "city", "bureau", "agency", "news"})


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def initials(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t)
