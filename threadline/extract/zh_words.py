"""Chinese word classes for the name rules, from data: ``patterns/lang/zh.yaml`` (its ``names``
section), the ``chinese`` lexicon, CLDR's Chinese territory names (:func:`~threadline.extract.languages.cldr_names`), GeoNames' Chinese
city names (:mod:`threadline.extract.han_places`) and jieba's dictionary tags.

A place is a word one of those sources names; jieba's tag ``ns`` alone is not enough, as its
dictionary tags ordinary words so (城市, 深度, 回国).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from threadline.extract.han import HAN, has_han, simplified
from threadline.extract.han_places import han_places
from threadline.extract.languages import cldr_names
from threadline.extract.patterns import Patterns
from threadline.model.schema import load_yaml


@lru_cache(maxsize=1)
def _names_data() -> dict[str, Any]:
    text = resources.files("threadline.extract.patterns").joinpath("lang", "zh.yaml").read_text("utf-8")
    return dict(load_yaml(text)["names"])


def _territories(skip: frozenset[str]) -> dict[str, str]:
    """CLDR's Chinese country names -> code; regions (欧洲) -> ""."""
    out: dict[str, str] = {}
    for key, name in cldr_names("zh", "territories"):  # none without CLDR: countries.yaml's list stands alone
        if key in skip or not has_han(name):
            continue
        out.setdefault(simplified(name), key if key.isalpha() else "")
    return out


def _longest_first(words: Any) -> tuple[str, ...]:
    return tuple(sorted((str(w) for w in words or ()), key=len, reverse=True))


@dataclass(frozen=True)
class ChineseWords:
    """What the Chinese name rules know about words."""

    tags: dict[str, str]  # jieba dictionary word -> tag
    countries: dict[str, str]  # simplified country name -> code
    regions: frozenset[str]  # continents and regions (欧洲, 东南亚)
    cities: dict[str, str]  # GeoNames Chinese city name -> code
    named_places: frozenset[str]  # provinces and the lexicon's places
    surnames: tuple[str, ...]  # longest first
    place_endings: tuple[str, ...]
    subunit_endings: tuple[str, ...]
    endings: dict[str, str]  # extra name ending -> type
    media_endings: tuple[str, ...]
    law_endings: tuple[str, ...]
    quotes: dict[str, str]
    byline_words: frozenset[str]
    dateline_end: str
    according_to: frozenset[str]
    reported: frozenset[str]
    conjunctions: frozenset[str]
    not_given: frozenset[str]
    outlet_endings: tuple[str, ...] = ()
    titles: frozenset[str] = frozenset()
    name_dots: frozenset[str] = frozenset()
    police_endings: tuple[str, ...] = ()
    police_full: tuple[str, ...] = ()

    @classmethod
    def build(cls, tags: dict[str, str], patterns: Patterns) -> ChineseWords:
        raw = _names_data()
        lex = patterns.lexicon["chinese"]
        cldr = _territories(frozenset(raw.get("not_territories") or ()))
        countries = {
            simplified(str(n)): str(c["code"])
            for c in patterns.countries
            for n in c.get("names") or ()
            if has_han(str(n))
        }
        for name, code in {**cldr, **{str(k): str(v) for k, v in (raw.get("territories") or {}).items()}}.items():
            if code:
                countries.setdefault(name, code)
        return cls(
            tags=tags,
            countries=countries,
            regions=frozenset(n for n, code in cldr.items() if not code),
            cities=han_places(),
            named_places=frozenset(str(p) for p in (*(raw.get("provinces") or ()), *lex["places"])),
            surnames=_longest_first(lex["surnames"]),
            place_endings=_longest_first(raw.get("place_endings")),
            subunit_endings=_longest_first(raw.get("subunit_endings")),
            endings={str(w): str(kind) for kind, ws in (raw.get("endings") or {}).items() for w in ws},
            media_endings=_longest_first(raw.get("media_endings")),
            law_endings=_longest_first(raw.get("law_endings")),
            quotes={str(k): str(v) for k, v in (raw.get("quotes") or {}).items()},
            byline_words=frozenset(str(w) for w in raw.get("byline_words") or ()),
            dateline_end=str(raw.get("dateline_end") or "电"),
            according_to=frozenset(str(w) for w in raw.get("according_to") or ()),
            reported=frozenset(str(w) for w in raw.get("reported") or ()),
            conjunctions=frozenset(str(w) for w in raw.get("conjunctions") or ()),
            not_given=frozenset(str(w) for w in raw.get("not_given") or ()),
            outlet_endings=_longest_first(raw.get("outlet_endings")),
            titles=frozenset(str(w) for w in raw.get("titles") or ()),
            name_dots=frozenset(str(w) for w in raw.get("name_dots") or ()),
            police_endings=_longest_first((raw.get("short_police") or {}).get("endings")),
            police_full=tuple(str(w) for w in (raw.get("short_police") or {}).get("full") or ()),
        )

    # -- places ----------------------------------------------------------------

    def place(self, word: str) -> bool:
        """A word that names a place: a country, region, province, listed place, a GeoNames city
        jieba does not know as another kind of word, or a known place with a place ending (福州市)."""
        if word in self.countries or word in self.regions or word in self.named_places:
            return True
        tag = self.tags.get(word)
        if word in self.cities and (tag is None or tag == "ns"):
            return True
        return self.place_with_ending(word)

    def place_with_ending(self, word: str) -> bool:
        """福州市, 青田县, 浙江省: a known place or a word jieba tags as one, with a place ending."""
        if len(word) < 3:
            return False
        for ending in self.place_endings:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 2 and all(HAN.match(c) for c in stem):
                return self.tags.get(word) == "ns" or self.place(stem) or self.tags.get(stem) == "ns"
        return False

    def country_of_place(self, word: str) -> str | None:
        return self.countries.get(word) or self.cities.get(word)

    # -- people ----------------------------------------------------------------

    def split_name(self, word: str) -> tuple[str, str] | None:
        """Surname and given name of a word shaped like a Chinese personal name (王小明 -> 王, 小明)."""
        if not 2 <= len(word) <= 4 or not all(HAN.match(c) for c in word):
            return None
        for surname in self.surnames:
            given = word[len(surname) :]
            if word.startswith(surname) and 1 <= len(given) <= 2 and given[0] not in self.not_given:
                return surname, given
        return None
