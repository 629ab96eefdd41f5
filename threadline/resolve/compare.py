"""Pairwise comparison of entities, with an explanation of every feature that fired.

A score is in [0, 1]; ``same`` means score >= the threshold. The scorer is
deliberately conservative: a wrong merge is worse than a missed one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rigour.text.distance import jaro_winkler

from threadline.model import SCHEMA
from threadline.model.resolution import Record
from threadline.resolve.acronyms import acronym_match
from threadline.resolve.normalise import GENERIC, LEVELS, STOPWORDS, is_concept, org_tokens, org_words
from threadline.resolve.persons import compare_person_names
from threadline.resolve.romanise import has_han, segment
from threadline.resolve.spelling import typo as _typo

THRESHOLD = 0.9        # at or above: the same entity
REVIEW_FLOOR = 0.7     # between this and the threshold: ask a human
QUALIFIERS = LEVELS | {"cc:CN", "ccp", "chinese", "central"}  # "PRC MPS" is the MPS; 福州市公安局 is the Fuzhou PSB


@dataclass(frozen=True)
class MatchResult:
    score: float
    explanations: tuple[str, ...]

    @property
    def same(self) -> bool:
        return self.score >= THRESHOLD

    @property
    def uncertain(self) -> bool:
        return REVIEW_FLOOR <= self.score < THRESHOLD


# -- organisations and state bodies ---------------------------------------------------------------

@lru_cache(maxsize=1 << 20)
def compare_org_names(a: str, b: str) -> tuple[float, str]:
    """Two organisation names: legal forms, languages, acronyms, distinguishing words."""
    ta, tb = org_tokens(a), org_tokens(b)
    if not ta or not tb:
        return 0.0, "empty name"
    if ta == tb:
        return 1.0, "same words after folding legal forms, countries and translation"
    if sorted(ta) == sorted(tb):
        names_a = [t for t in ta if not is_concept(t)]  # "Embassy of A in B" is not "of B in A"
        names_b = [t for t in tb if not is_concept(t)]
        # Chinese puts every place first; "Reims Mingxi Association" is "Mingxi Association of Reims" (one
        # name says "of", the other not), but "Embassy of China in Italy" is not "of Italy in China"
        parallel = _linking(a) == _linking(b) or any(t.startswith("cc:") for t in names_a)
        if len(names_a) >= 2 and names_a != names_b and not has_han(a + b) and parallel:
            return 0.5, "same words, but the names in it swap roles"
        return 0.97, "same words in another order (translation)"
    for acr, full in ((a, b), (b, a)):
        how = acronym_match(acr, full)
        if how:
            return 0.92, how
    sa, sb = set(ta), set(tb)
    only = (sa - sb) | (sb - sa)
    if len(only) == 2 and not has_han(a + b) and _typo(min(only), max(only), 6) and not any(segment(w) for w in only):
        return 0.92, "one-letter slip in one word"  # not in place names spelt in pinyin (Shanxi/Shaanxi)
    countries_a = {t for t in sa if t.startswith("cc:")}
    countries_b = {t for t in sb if t.startswith("cc:")}
    if not countries_a or not countries_b:  # a country named on one side only is no contradiction
        only = {t for t in only if not t.startswith("cc:")}
    extra = only - GENERIC
    if not extra and (sa <= sb or sb <= sa) and only <= QUALIFIERS and any(not is_concept(t) for t in sa & sb):
        return 0.93, "one name adds only an administrative level or a qualifier (" + ", ".join(sorted(only)) + ")"
    if not extra and (sa <= sb or sb <= sa):
        return 0.8, "one name adds only generic words (" + ", ".join(sorted(only)) + ")"
    if extra:
        distinct = sorted(extra)
        sim = jaro_winkler(" ".join(sorted(sa)), " ".join(sorted(sb)))
        return round(min(0.5, sim * 0.5), 3), "distinguishing words differ: " + ", ".join(distinct[:4])
    return 0.5, "partial overlap"


def _linking(name: str) -> int:
    """How many function words ("of", "in", "de") link a name's parts."""
    return sum(w in STOPWORDS for w in org_words(name))


# -- entities --------------------------------------------------------------------------------------

def compare(a: Record, b: Record) -> MatchResult:
    """Score two entities; their best pair of names decides, then type, country and context adjust."""
    decided = _decided(a, b)
    if decided is not None:
        return decided
    best, why, pair = _best_names(a, b)
    explanations = [f"'{pair[0]}' ~ '{pair[1]}': {why} ({best:.2f})"] if best else [why]
    shared = a.neighbours & b.neighbours
    if best >= REVIEW_FLOOR and shared:
        best = min(1.0, best + 0.05)
        explanations.append(f"{len(shared)} shared neighbour(s) (+0.05)")
    return MatchResult(round(best, 3), tuple(explanations))


def score(a: Record, b: Record) -> float:
    """``compare(a, b).score`` without writing its explanations (clustering asks it for many pairs)."""
    decided = _decided(a, b)
    if decided is not None:
        return decided.score
    best = _best_names(a, b)[0]
    if best >= REVIEW_FLOOR and a.neighbours & b.neighbours:
        best = min(1.0, best + 0.05)
    return round(best, 3)


def _decided(a: Record, b: Record) -> MatchResult | None:
    """What type, gazetteer entries, a shared name or countries decide before names are compared."""
    if a.type != b.type:
        return MatchResult(0.0, (f"types differ ({a.type} vs {b.type})",))
    if a.gazetteer and b.gazetteer:
        if a.gazetteer == b.gazetteer:
            return MatchResult(1.0, (f"same gazetteer entry ({a.gazetteer})",))
        return MatchResult(0.0, ("different gazetteer entries",))
    names = sorted(a.telling & b.telling)
    if names:
        return MatchResult(1.0, (f"shared name '{names[0]}'",))
    if a.type not in SCHEMA.person_types and a.country and b.country and a.country != b.country:
        return MatchResult(0.0, (f"countries differ ({a.country} vs {b.country})",))
    return None


def _best_names(a: Record, b: Record) -> tuple[float, str, tuple[str, str]]:
    fn = compare_person_names if a.type in SCHEMA.person_types else compare_org_names
    best, why, pair = 0.0, "no name pair compares", ("", "")
    for x in a.telling_names:
        for y in b.telling_names:
            score, note = fn(x, y)
            if score > best:
                best, why, pair = score, note, (x, y)
    return best, why, pair
