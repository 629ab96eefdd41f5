"""Pairwise comparison of entities, with an explanation of every feature that fired.

A score is in [0, 1]; ``same`` means score >= the threshold. The scorer is
deliberately conservative: a wrong merge is worse than a missed one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rigour.text.distance import jaro_winkler

from threadline.model.names import fold
from threadline.resolve.normalise import GENERIC, initials, is_acronym, is_concept, org_tokens
from threadline.resolve.romanise import Unit, has_han, segment, simplified, syllable_units

THRESHOLD = 0.9        # at or above: the same entity
REVIEW_FLOOR = 0.7     # between this and the threshold: ask a human
PERSON_TYPES = frozenset({"PERSON"})


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


@dataclass(frozen=True)
class Record:
    """What resolution knows of an entity: its names, type, country, gazetteer entry, neighbours."""

    id: str
    type: str
    names: tuple[str, ...]
    country: str | None = None
    gazetteer: str | None = None
    neighbours: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def folded(self) -> frozenset[str]:
        keep = self.type not in PERSON_TYPES  # "Lo Wei" is not "Wei"
        return frozenset(f for f in (fold(n, articles=keep) for n in self.names) if f)

    @cached_property
    def telling(self) -> frozenset[str]:
        """Names that identify on their own: a bare surname does not, unless it is all there is."""
        if self.type not in PERSON_TYPES:
            return self.folded
        full = frozenset(f for f in self.folded if len(f.split()) > 1)
        return full or self.folded

    @cached_property
    def telling_names(self) -> tuple[str, ...]:
        keep = self.type not in PERSON_TYPES
        return tuple(n for n in self.names if fold(n, articles=keep) in self.telling)

    @cached_property
    def han(self) -> frozenset[str]:
        return frozenset(simplified(n).replace(" ", "") for n in self.names if has_han(n))


def _slip(a: str, b: str, min_length: int = 4) -> bool:
    """One inserted letter ("Kwon"/"Kwong")."""
    if abs(len(a) - len(b)) != 1 or min(len(a), len(b)) < min_length:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _typo(a: str, b: str, min_length: int = 4) -> bool:
    """One inserted, deleted, replaced or swapped letter: a typing slip in a word."""
    if a == b or min(len(a), len(b)) < min_length:
        return False
    if len(a) != len(b):
        return _slip(a, b, min_length)
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


# -- persons ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 20)
def compare_person_names(a: str, b: str) -> tuple[float, str]:
    """Two personal names: romanisation systems, order, hyphens, script and one-letter slips."""
    if fold(a, articles=False) == fold(b, articles=False):
        return 1.0, "same name"
    if has_han(a) and has_han(b):
        return (1.0, "same characters (simplified/traditional folded)") if simplified(a).replace(" ", "") == simplified(b).replace(" ", "") else (0.0, "different characters")
    ua, ub = syllable_units(a), syllable_units(b)
    if not ua or not ub or len(ua) != len(ub):
        if ua and ub and len(ua) != len(ub):
            return (0.5, "one name has more parts") if _subset(ua, ub) or _subset(ub, ua) else (0.0, "different names")
        return 0.0, "no comparable parts"
    if len(ua) > 6:
        return 0.0, "name too long to align"
    best, how = 0.0, "different names"
    n = len(ub)
    orders = [tuple(range(n))] if n == 1 else [tuple(range(n)), (n - 1, *range(n - 1)), (*range(1, n), 0)]
    for order in dict.fromkeys(orders):  # family name first or last; given names keep their order
        pairs = [(ua[i], ub[j]) for i, j in enumerate(order)]
        score, note = _align(pairs)
        if order != tuple(range(len(ub))):
            score -= 0.02
            note += ", reordered"
        if score > best:
            best, how = score, note
    if has_han(a) != has_han(b) and best > 0:
        best, how = min(best, 0.92), how + ", across scripts via pinyin"
    return round(best, 3), how


def _subset(small: list[Unit], big: list[Unit]) -> bool:
    pool = list(big)
    for unit in small:
        hit = next((u for u in pool if _unit_match(unit, u)), None)
        if hit is None:
            return False
        pool.remove(hit)
    return True


def _unit_match(x: Unit, y: Unit) -> bool:
    return x[0] == y[0] or bool(x[1] & y[1])


def _align(pairs: list[tuple[Unit, Unit]]) -> tuple[float, str]:
    exact = cross = slips = 0
    for (wx, rx), (wy, ry) in pairs:
        if wx == wy:
            exact += 1
        elif rx & ry:
            cross += 1
        elif _typo(wx, wy, 3 if len(pairs) >= 3 else 4) and not (rx and ry):  # two pinyin syllables are two names
            slips += 1
        else:
            return 0.0, "a name part differs"
    if slips > 1 or (slips and exact == 0):
        return 0.0, "too many misspelt parts"
    length = min(sum(len(w) for (w, _), _ in pairs), sum(len(w) for _, (w, _) in pairs))
    score = 1.0 - 0.03 * cross - (0.06 if len(pairs) >= 3 or length >= 10 else 0.12) * slips
    notes = []
    if cross:
        notes.append(f"{cross} part(s) equal across romanisations")
    if slips:
        notes.append("one-letter slip")
    return score, ", ".join(notes) or "same parts (spacing or hyphens)"


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
        names_a = [t for t in ta if not is_concept(t)]
        names_b = [t for t in tb if not is_concept(t)]
        if len(names_a) >= 2 and names_a != names_b:
            return 0.5, "same words, but the names in it swap roles"
        return 0.97, "same words in another order (translation)"
    for acr, full in ((a, tb), (b, ta)):
        if is_acronym(acr) and len(full) >= 2 and acr.replace(".", "").lower() == initials(full):
            return 0.92, f"acronym {acr} of the full name"
    sa, sb = set(ta), set(tb)
    only = (sa - sb) | (sb - sa)
    if len(only) == 2 and not has_han(a + b) and _typo(*sorted(only), 6) and not any(segment(w) for w in only):
        return 0.92, "one-letter slip in one word"  # not in place names spelt in pinyin (Shanxi/Shaanxi)
    countries_a = {t for t in sa if t.startswith("cc:")}
    countries_b = {t for t in sb if t.startswith("cc:")}
    if not countries_a or not countries_b:  # a country named on one side only is no contradiction
        only = {t for t in only if not t.startswith("cc:")}
    extra = only - GENERIC
    if not extra and (sa <= sb or sb <= sa):
        return 0.8, "one name adds only generic words (" + ", ".join(sorted(only)) + ")"
    if extra:
        distinct = sorted(extra)
        sim = jaro_winkler(" ".join(sorted(sa)), " ".join(sorted(sb)))
        return round(min(0.5, sim * 0.5), 3), "distinguishing words differ: " + ", ".join(distinct[:4])
    return 0.5, "partial overlap"


# -- entities --------------------------------------------------------------------------------------

def compare(a: Record, b: Record) -> MatchResult:
    """Score two entities; their best pair of names decides, then type, country and context adjust."""
    if a.type != b.type:
        return MatchResult(0.0, (f"types differ ({a.type} vs {b.type})",))
    if a.gazetteer and b.gazetteer:
        if a.gazetteer == b.gazetteer:
            return MatchResult(1.0, (f"same gazetteer entry ({a.gazetteer})",))
        return MatchResult(0.0, ("different gazetteer entries",))
    shared = sorted(a.telling & b.telling)
    if shared:
        return MatchResult(1.0, (f"shared name '{shared[0]}'",))
    if a.type != "PERSON" and a.country and b.country and a.country != b.country:
        return MatchResult(0.0, (f"countries differ ({a.country} vs {b.country})",))
    fn = compare_person_names if a.type in PERSON_TYPES else compare_org_names
    best, why, pair = 0.0, "no name pair compares", ("", "")
    for x in a.telling_names:
        for y in b.telling_names:
            score, note = fn(x, y)
            if score > best:
                best, why, pair = score, note, (x, y)
    explanations = [f"'{pair[0]}' ~ '{pair[1]}': {why} ({best:.2f})"] if best else [why]
    shared = a.neighbours & b.neighbours
    if best >= REVIEW_FLOOR and shared:
        best = min(1.0, best + 0.05)
        explanations.append(f"{len(shared)} shared neighbour(s) (+0.05)")
    return MatchResult(round(best, 3), tuple(explanations))
