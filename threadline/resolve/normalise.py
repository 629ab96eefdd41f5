"""Organisation name keys: folding, legal forms removed, words and phrases in other
languages (and in Chinese) mapped to one English concept, places and countries as
one token each, function words dropped.

Why: two names of one body rarely share their words; they share their concepts
(``data/org_terms.yaml``), their places (``places.py``) and their countries.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources

from rigour.names import remove_org_types

from threadline.model.countries import countries
from threadline.model.names import fold
from threadline.model.schema import load_yaml
from threadline.resolve.pieces import fewest_pieces
from threadline.resolve.places import city_country, han_places, place
from threadline.resolve.romanise import has_han, simplified

STOPWORDS = frozenset(
    """
the of for and in on at to a an de du des la le les l d et van het voor en der den di del della dello dei degli e y el los las und für zu im
al alla nel nella dal dalla da au aux à en
""".split()
)
# words that add no identity when one name has them and the other does not
GENERIC = frozenset(
    {
        "central",
        "national",
        "general",
        "main",
        "official",
        "chinese",
        "china",
        "prc",
        "people",
        "republic",
        "committee",
        "group",
        "association",
        "organisation",
        "organization",
        "centre",
        "center",
        "municipal",
        "municipality",
        "provincial",
        "province",
        "district",
        "city",
        "county",
        "ccp",
        "kingdom",
    }
)
LEVELS = frozenset(
    {"municipal", "municipality", "city", "provincial", "province", "county", "district"}
)  # 福州市公安局 is the Fuzhou PSB
MAX_PHRASE = 8


def _data(name: str) -> dict:
    return load_yaml(resources.files("threadline.resolve").joinpath(f"data/{name}").read_text("utf-8"))


TERM_PINYIN = "data/term_pinyin.json.gz"  # built by scripts/build_resolve_tables.py


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[tuple[str, ...], tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Latin phrase (folded words) -> concept words; Chinese term -> concept words. Pinyin of each Chinese term too."""
    readings = json.loads(gzip.decompress(resources.files("threadline.resolve").joinpath(TERM_PINYIN).read_bytes()))
    latin: dict[tuple[str, ...], tuple[str, ...]] = {}
    han: dict[str, tuple[str, ...]] = {}
    for concept, words in _data("org_terms.yaml").items():
        target = tuple(fold(str(concept)).split())
        for word in words:
            word = str(word)
            if has_han(word):
                han[simplified(word)] = target
                pinyin = readings.get(simplified(word)) or _pinyin(simplified(word))  # a term added since the build
                latin.setdefault((pinyin,), target)
            else:
                latin.setdefault(tuple(fold(word).split()), target)
    return latin, han


def _pinyin(han: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(han))


def build_term_pinyin() -> dict[str, str]:
    """Pinyin of each Chinese term in ``org_terms.yaml`` (used by the build script).

    Shipped because pypinyin's phrase dictionary, which reads a term right, takes
    40 MiB and half a second to load, and every run that resolves an organisation
    would pay that for a few dozen terms.
    """
    return {
        simplified(str(w)): _pinyin(simplified(str(w)))
        for words in _data("org_terms.yaml").values()
        for w in words
        if has_han(str(w))
    }


def _terms() -> dict[str, str]:
    """Single folded word -> single concept word (kept for callers that map words one by one)."""
    return {k[0]: v[0] for k, v in _tables()[0].items() if len(k) == 1 and len(v) == 1}


@lru_cache(maxsize=1)
def _compounds() -> tuple[dict[str, str], frozenset[str]]:
    data = _data("org_compounds.yaml")
    return {str(k): str(v) for k, v in data["parts"].items()}, frozenset(str(q) for q in data["qualifiers"])


@lru_cache(maxsize=50_000)
def compound_parts(word: str) -> tuple[str, ...] | None:
    """A compound word as known parts ("bundeskriminalamt" -> bundes, kriminal, amt), or None."""
    found = fewest_pieces(word, _compounds()[0], shortest=3)
    return found if found and len(found) >= 2 else None


# legal forms rigour does not strip, written as they appear after folding and un-dotting
LEGAL_FORMS = frozenset(
    """
aps ets onlus odv srl srls spa sas snc sarl sa sas eurl asbl vzw ev gmbh ag ug kg ohg bv nv vof cv sl slu sa lda clg cic
ltd llc inc plc lp llp co corp stichting
""".split()
)
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}[a-z]?\.?|\b[a-z]\.[a-z]\b", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^)]*\)")


def _undot(text: str) -> str:
    """ "a.s.b.l." -> "asbl", "S.L." -> "SL"."""
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)


@lru_cache(maxsize=200_000)
def org_words(name: str) -> tuple[str, ...]:
    """The folded words of a Latin-script name, without legal forms and bracketed asides."""
    text = _BRACKETS.sub(" ", _undot(name))
    folded = fold(remove_org_types(fold(text)) or fold(text))
    return tuple(w for w in folded.split() if w not in LEGAL_FORMS) or tuple(folded.split())


@lru_cache(maxsize=200_000)
def org_tokens(name: str) -> tuple[str, ...]:
    """Concept words of an organisation name, in order ("Ministère de la Sécurité publique" -> ministry, public, security).

    Countries become ``cc:XX``, cities ``pl:<id>`` (an embassy's capital becomes its
    country), Chinese names are cut into known terms and places read in pinyin.
    """
    if has_han(name):
        words = _han_words(simplified(name).replace(" ", ""))
    else:
        words = _translate(_countries_as_codes(list(org_words(name))))
    words = _countries_as_codes(words)
    words = [_place(w) for w in words]
    if (
        "embassy" in words or "representative" in words
    ):  # a national mission named by its capital is the one in its country
        words = [("cc:" + c) if w.startswith("pl:") and (c := city_country(w)) else w for w in words]
    has_country = any(w.startswith("cc:") for w in words)
    kept = [w for w in words if w not in STOPWORDS and w != "in" and not (w == "kingdom" and has_country)]
    return tuple(w for i, w in enumerate(kept) if not i or w != kept[i - 1])  # 浙江省公安厅: provincial once


def _place(word: str) -> str:
    if word.startswith("cc:") or is_concept(word):
        return word
    return place(word) or word


def _translate(words: list[str]) -> list[str]:
    """Longest known phrase first; unknown compounds by their parts; other words as they are."""
    latin = _tables()[0]
    parts_of = _compounds()[0]
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            concept = latin.get(tuple(words[i : i + size]))
            if concept:
                out.extend(concept)
                i += size
                break
        else:
            parts = compound_parts(words[i])
            if parts and words[i] not in countries().by_name:
                for part in parts:
                    concept = latin.get((parts_of[part],)) or (parts_of[part],)
                    out.extend(concept)
            else:
                out.append(words[i])
            i += 1
    return out


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")


def _han_words(text: str) -> list[str]:
    """A Chinese name cut into known terms, countries and places; other runs in pinyin ("青田同乡会" -> qingtian, hometown, association)."""
    from pypinyin import lazy_pinyin

    han = _tables()[1]
    world = countries().by_name
    places = han_places()
    out: list[str] = []
    for run in _HAN_RUN.findall(text):
        if not has_han(run):
            out.extend(_translate([fold(run)]))
            continue
        rest = ""
        i = 0
        while i < len(run):
            hit = None
            for size in range(min(10, len(run) - i), 0, -1):
                piece = run[i : i + size]
                if piece in han or piece in world or (size >= 2 and piece in places):
                    hit = piece
                    break
            if hit is None:
                rest += run[i]
                i += 1
                continue
            if rest:
                out.append("".join(lazy_pinyin(rest)))
                rest = ""
            if hit in han:
                out.extend(han[hit])
            elif hit in world:
                out.append("cc:" + world[hit])
            else:
                out.append(place(hit) or "".join(lazy_pinyin(hit)))
                out.extend(_level_of(hit, han))
            i += len(hit)
        if rest:
            out.append("".join(lazy_pinyin(rest)))
    return out


def _level_of(hit: str, han: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The administrative level a place's own name ends in ("吉林市": municipal, "青田县": county), which
    a gazetteer entry swallows: the Jilin city bureau is not the Jilin province's department."""
    level = han.get(hit[-1], ())
    if len(hit) > 2 and set(level) <= LEVELS and level and place(hit[:-1]) == place(hit):
        return level
    return ()


def _countries_as_codes(words: list[str]) -> list[str]:
    world = countries()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (5, 4, 3, 2, 1):
            chunk = " ".join(words[i : i + size])
            code = world.by_name.get(chunk) or (world.by_adjective.get(chunk) if size == 1 else None)
            if code and len(words[i : i + size]) == size:
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
    words = {w for concept in _tables()[0].values() for w in concept} | set(_compounds()[0].values())
    return frozenset(words) | frozenset({"general", "provincial", "municipal", "city", "bureau", "agency", "news"})


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def initials(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t)
