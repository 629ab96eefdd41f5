"""Personal names: titles dropped, romanisation systems, order, script, slips and Western given names.

People are matched on other evidence than bodies: one disagreeing given name
vetoes whatever else agrees, while an extra middle name, a consistent initial or
a known short form ("Bill"/"William") does not. Titles and honorifics in every
supported language and in Chinese (``data/titles.yaml``) are not name parts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from threadline.model.names import fold
from threadline.model.schema import load_yaml
from threadline.resolve.romanise import (
    GIVEN,
    HOKKIEN,
    SURNAME,
    Unit,
    cantonese_spelt,
    compound_surname,
    dialects,
    has_han,
    hokkien_readings,
    other_readings,
    plain_readings,
    segment,
    simplified,
    syllable_units,
    tokens,
    written_in_han,
)
from threadline.resolve.spelling import typo

ADOPTED_NAME = 0.75  # review, never merge: only a reference set or an analyst knows an adopted name


def _data(name: str) -> dict:
    return load_yaml(resources.files("threadline.resolve").joinpath(f"data/{name}").read_text("utf-8"))


def _norm(word: str) -> str:
    return fold(word.replace(".", "").replace("’", "'"), articles=False).replace(" ", "")


@lru_cache(maxsize=1)
def _titles() -> tuple[frozenset[tuple[str, ...]], frozenset[str], frozenset[str]]:
    data = _data("titles.yaml")
    latin = frozenset(tuple(_norm(w) for w in str(t).split()) for words in data["latin"].values() for t in words)
    titles = latin | {(_norm(str(a)), *t) for a in data["articles"] for t in latin if len(t) < 3}
    return titles, frozenset(map(_norm, data["ambiguous"])), frozenset(map(_norm, data["suffixes"]))


@lru_cache(maxsize=1)
def _han_titles() -> tuple[str, ...]:
    """Chinese titles, simplified, longest first: read on the first Han name (folding loads OpenCC's 26 MiB)."""
    return tuple(sorted({simplified(str(t)) for t in _data("titles.yaml")["han"]}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _title_forms() -> tuple[frozenset[str], tuple[str, ...]]:
    """Titles that count only with their full stop ("Sen.", "H.E."), and endings of compound offices."""
    data = _data("titles.yaml")
    return frozenset(map(_norm, data["dotted"])), tuple(map(_norm, data["compound_endings"]))


def _title_at(words: list[str], norm: list[str], start: int, end: int) -> int:
    """How many words from ``start`` are a title (0 if none): a listed title, optionally after a country
    ("Chinese President"), a dotted abbreviation, or a compound office ("Bundesinnenministerin")."""
    from threadline.model.countries import countries

    latin, ambiguous, _ = _titles()
    dotted, endings = _title_forms()
    left = sum(len(tokens(w)) for w in words[start:end])
    world = countries()
    lead = 1 if end - start > 2 and (norm[start] in world.by_adjective or norm[start] in world.by_name) else 0
    for size in (3, 2, 1):
        seq = tuple(norm[start + lead : start + lead + size])
        if len(seq) == size and seq in latin:
            need = 2 if size == 1 and seq[0] in ambiguous else 1
            if left - sum(len(tokens(w)) for w in words[start : start + lead + size]) >= need:
                return lead + size
    word, low = words[start], norm[start]
    if left >= 2 and (
        ("." in word and low in dotted)
        or (word[:1].isupper() and any(low.endswith(e) and len(low) >= len(e) + 3 for e in endings))
    ):
        return 1
    return 0


def _han_title_inside(text: str, han: tuple[str, ...]) -> str:
    """ "外交部发言人汪文斌", "国务院总理李强": a body and a title before a name keep the name (two or three characters)."""
    for title in han:
        at = text.rfind(title)
        if at > 0 and 2 <= len(text) - at - len(title) <= 3:
            return text[at + len(title) :]
    return text


@lru_cache(maxsize=200_000)
def strip_titles(name: str) -> str:
    """The name without titles, honorifics and suffixes ("Sgt. Ana Reyes Jr." -> "Ana Reyes"; "习近平主席" -> "习近平")."""
    latin, ambiguous, suffixes = _titles()
    if has_han(name) and not re.search(r"[A-Za-z]", name):
        han = _han_titles()
        text = simplified(name).replace(" ", "")
        changed = True
        while changed:
            changed = False
            for title in han:
                if len(text) - len(title) >= 2 and (text.startswith(title) or text.endswith(title)):
                    text = text[len(title) :] if text.startswith(title) else text[: -len(title)]
                    changed = True
                    break
        return _han_title_inside(text, han)
    words = name.replace(",", " ").split()
    norm = [_norm(w) for w in words]
    start, end = 0, len(words)
    while end - start > 1 and norm[end - 1] in suffixes:
        end -= 1
    while start < end and (size := _title_at(words, norm, start, end)):
        start += size
    return " ".join(words[start:end]) if start or end < len(words) else name


@lru_cache(maxsize=1)
def _variants() -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for i, group in enumerate(_data("given_names.yaml")["groups"]):
        for word in group:
            out.setdefault(_norm(str(word)), set()).add(i)
    return {k: frozenset(v) for k, v in out.items()}


def _given_match(x: str, y: str) -> str | None:
    """How two given names agree: same, initial, variant; None when they disagree."""
    if x == y:
        return "same"
    if (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        return "initial"
    if _variants().get(x, frozenset()) & _variants().get(y, frozenset()):
        return "variant"
    if _inner_slip(x, y):
        return "slip"
    return None  # Daniel/Daniela, Marco/Mario: one letter more or another makes another given name


def _inner_slip(x: str, y: str) -> bool:
    """Two letters swapped ("Micheal") or a consonant dropped inside ("Antony"): a slip, not another name."""
    if min(len(x), len(y)) < 5 or x[-1] != y[-1] or not typo(x, y, 5):
        return False
    if len(x) == len(y):
        diff = [i for i in range(len(x)) if x[i] != y[i]]
        return len(diff) == 2  # a swap; one replaced letter is another name (Marco/Mario)
    long_ = max(x, y, key=len)
    short = min(x, y, key=len)
    return any(long_[:i] + long_[i + 1 :] == short and long_[i] not in "aeiouy" for i in range(1, len(long_) - 1))


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(map(_norm, _data("given_names.yaml")["particles"]))


def _particles_before(words: list[str], end: int) -> tuple[list[str], tuple[str, ...]]:
    """The given names before position ``end`` and the family-name particles right before it."""
    start = end
    while start > 1 and words[start - 1] in _particles():
        start -= 1
    return words[:start], tuple(words[start:end])


def _western_one_way(short: list[str], long_: list[str]) -> tuple[float, str] | None:
    if len(short) < 2:
        return None
    k = next((i for i in range(len(long_) - 1, 0, -1) if long_[i] == short[-1]), None)
    if k is None:
        return None
    (given_s, part_s), (given_l, part_l) = _particles_before(short, len(short) - 1), _particles_before(long_, k)
    if part_s != part_l:  # "Ursula Leyen" is not "Ursula von der Leyen"
        return 0.0, f"family names differ ({' '.join(part_s + (short[-1],))} / {' '.join(part_l + (long_[k],))})"
    extra_family = len(long_) - 1 - k
    kinds: list[str] = []
    j = 0
    for n, g in enumerate(given_s):
        while j < len(given_l):
            how = _given_match(g, given_l[j])
            j += 1
            if how:
                kinds.append(how)
                break
            if n == 0:  # the first given names must agree with each other
                return 0.0, f"given names differ ({g} / {given_l[0]})"
        else:
            return 0.0, f"given names differ ({g})"
    extra = len(given_l) - len(given_s)
    if extra == extra_family == 0 and set(kinds) <= {"same"}:
        return None
    score = (
        0.95
        - 0.01 * extra
        - 0.02 * kinds.count("initial")
        - 0.03 * kinds.count("variant")
        - 0.04 * kinds.count("slip")
        - 0.03 * extra_family
    )
    notes = [f"{extra} extra given name(s)"] * bool(extra) + [
        f"{kinds.count(k)} {k}(s) consistent" for k in ("initial", "variant", "slip") if k in kinds
    ]
    notes += ["an extra family name"] * bool(extra_family)
    return round(max(score, 0.8), 3), "given names compatible: " + ", ".join(notes)


def family_last(name: str) -> str:
    """A Western name with its family name last: the part before a single comma ("Lange, Marco L.") or
    a leading word in capitals before ones that are not ("ROMANO Daniel R.") is the family name."""
    if name.count(",") == 1:
        family, given = name.split(",")
        if family.strip() and given.strip():
            return f"{given.strip()} {family.strip()}"
    words = name.split()
    capitals = [len(w) > 1 and w.isalpha() and w.isupper() for w in words]
    if len(words) >= 2 and capitals[0] and not any(capitals[1:]):
        return " ".join(words[1:] + words[:1])
    return name


def _western(a: str, b: str) -> tuple[float, str] | None:
    """Western names: same family name, given names that agree in order; extra ones allowed."""
    ta, tb = tokens(family_last(a)), tokens(family_last(b))
    results = [
        r
        for r in (
            _western_one_way(ta, tb) if len(ta) <= len(tb) else None,
            _western_one_way(tb, ta) if len(tb) <= len(ta) else None,
        )
        if r is not None
    ]
    return max(results) if results else None


def mostly_western(name: str) -> bool:
    """At least half the words are no Chinese syllables: Western given-name rules apply."""
    words = [w for w in tokens(name) if len(w) > 1]  # initials say nothing either way
    return bool(words) and 2 * sum(western_word(w) for w in words) >= len(words)


def _chinese(units: tuple[Unit, ...]) -> bool:
    return bool(units) and all(rs for _, rs in units)


@lru_cache(maxsize=200_000)
def western_word(word: str) -> bool:
    """A word that is no Chinese syllable nor joined syllables ("Agnes", not "Xiaoming")."""
    return (
        not any(rs for _, rs in syllable_units(word))
        and not hokkien_readings(word)
        and not compound_surname(word)
        and not any(
            (parts := segment(w)) and all(len(p) >= 2 for p in parts) and not any(p[0] in "aeo" for p in parts[1:])
            for w in tokens(word)
        )
    )  # joined pinyin marks a vowel-initial syllable ("Xi'an"): "Pierre" is no pi-er-re


@lru_cache(maxsize=200_000)
def _leading_western(name: str) -> tuple[tuple[str, ...], str]:
    words = name.split()
    lead = 0
    while lead < len(words) - 1 and western_word(words[lead]):
        lead += 1
    return tuple(words[:lead]), " ".join(words[lead:])


def _same_western_lead(a: str, b: str) -> tuple[float, str] | None:
    """One Western given name on both sides, and a Chinese given name on one only ("Emily Lau" / "Emily Lau Wai-hing")."""
    (lead_a, rest_a), (lead_b, rest_b) = _leading_western(a), _leading_western(b)
    if not lead_a or not lead_b or _given_match(_norm(lead_a[0]), _norm(lead_b[0])) not in ("same", "variant"):
        return None
    short, long_ = sorted((syllable_units(rest_a), syllable_units(rest_b)), key=len)
    if len(short) != 1 or len(long_) < 2 or not _chinese(long_):
        return None
    if any(short[0][0] == u[0] or _cross(short[0], u, False, False) for u in (long_[0], long_[-1])):
        return 0.9, f"the same Western given name ({lead_a[0]}) and family name; a Chinese given name on one side only"
    return None


def _adopted(a: str, b: str) -> tuple[float, str] | None:
    """An English given name before a Chinese name ("Agnes Chow Ting" / "Chow Ting" / "周庭")."""
    both = _same_western_lead(a, b) if not has_han(a + b) else None
    if both is not None:
        return both
    for west, other in ((a, b), (b, a)):
        if has_han(west):
            continue
        words = west.split()
        lead = 0
        while lead < len(words) - 1 and western_word(words[lead]):
            lead += 1
        if lead == 0 or not _chinese(syllable_units(other)) or len(syllable_units(other)) < 2:
            continue
        rest = " ".join(words[lead:])
        score, note = compare_person_names(rest, other)
        if score >= 0.9:
            return min(score, 0.92), f"an extra Western given name ({' '.join(words[:lead])}); {note}"
        ur, uo = syllable_units(rest), syllable_units(other)
        if len(ur) == 1 and any(_cross(ur[0], u, False, True) for u in (uo[0], uo[-1])):
            return (
                ADOPTED_NAME,
                f"possible adopted English name ({' '.join(words[:lead])}): same family name, needs a reference set or an analyst",
            )
    return None


@lru_cache(maxsize=1 << 20)
def compare_person_names(a: str, b: str) -> tuple[float, str]:
    """Two personal names: titles, romanisation systems, order, hyphens, script, slips, given names."""
    a, b = strip_titles(a), strip_titles(b)
    if fold(a, articles=False) == fold(b, articles=False):
        return 1.0, "same name"
    if has_han(a) and has_han(b):
        return (
            (1.0, "same characters (simplified/traditional folded)")
            if simplified(a).replace(" ", "") == simplified(b).replace(" ", "")
            else (0.0, "different characters")
        )
    han = has_han(a) or has_han(b)
    ua, ub = syllable_units(a, lenient=han), syllable_units(b, lenient=han)  # characters anchor every syllable
    adopted = _adopted(a, b)
    if adopted is not None:
        return adopted
    if not has_han(a + b) and mostly_western(a) and mostly_western(b):
        western = _western(a, b)
        if western is not None:
            return western
    if not ua or not ub or len(ua) != len(ub):
        if ua and ub and len(ua) != len(ub):
            return (0.5, "one name has more parts") if _subset(ua, ub) or _subset(ub, ua) else (0.0, "different names")
        return 0.0, "no comparable parts"
    if len(ua) > 6:
        return 0.0, "name too long to align"
    ua, ub = _family_only(ua), _family_only(ub)
    hk_a, hk_b = cantonese_spelt(ua), cantonese_spelt(ub)
    # a Hong Kong spelling meets characters and other Hong Kong spellings by Jyutping alone
    both_hk, loose = hk_a and hk_b, hk_a != hk_b and not han
    given = not han and _hokkien_spelt(ua) != _hokkien_spelt(ub)  # Hokkien given names against pinyin
    fam_a, fam_b = (_pinyin_family(a, len(ua)), _pinyin_family(b, len(ub))) if given else (None, None)
    best, how = 0.0, "different names"
    n = len(ub)
    orders = [tuple(range(n))] if n == 1 else [tuple(range(n)), (n - 1, *range(n - 1)), (*range(1, n), 0)]
    for order in dict.fromkeys(orders):  # family name first or last; given names keep their order
        pairs = [(ua[i], ub[j]) for i, j in enumerate(order)]
        family = n - 1 if order[-1] == 0 and n > 1 else 0  # family names first, or moved to the end on one side
        if fam_a is not None or fam_b is not None:  # "Wenxing Quan": the pinyin name says which part it is
            family = fam_a if fam_a is not None else order.index(fam_b)  # type: ignore[arg-type]
        score, note = _align(pairs, both_hk, loose, han, given, family)
        if order != tuple(range(len(ub))):
            score -= 0.02
            note += ", reordered"
        if score > best:
            best, how = score, note
    if has_han(a) != has_han(b) and best > 0:
        best, how = min(best, 0.92), how + ", across scripts via pinyin"
    return round(best, 3), how


def _cross(x: Unit, y: Unit, both_hk: bool, loose: bool, han: bool = False, given: bool = False) -> bool:
    """Two written parts may be one syllable: the same Jyutping, the same pinyin, or (one name
    Cantonese-spelt, the other not) the pinyin of a common character with that Jyutping; ``given``
    (a given name, one side Hokkien-spelt, the other in pinyin): the pinyin of a common character
    whose Tâi-lô the Hokkien spelling writes."""
    rx, ry = x[1], y[1]
    tags = ("jp:", "jr:", HOKKIEN) if han else ("jp:",)  # rare and Hokkien spellings meet characters only
    jx, jy = {r for r in rx if r.startswith(tags)}, {r for r in ry if r.startswith(tags)}
    if jx & jy:
        return True
    if both_hk:  # "Tsui" and "Hui" are both Xu in Mandarin, and two different surnames
        return False
    dx, dy = dialects(x[0]), dialects(y[0])
    if not han and dx and dy and not dx & dy:  # "Ng" (吳 in Cantonese) and "Goh" (吳 in Hokkien): two families
        return False
    px, py = plain_readings(rx), plain_readings(ry)
    if px & py:
        return True
    if written_in_han(rx) != written_in_han(ry):  # characters against letters: any reading of the character
        return bool(other_readings(rx) & py or other_readings(ry) & px)
    if loose:
        lx, ly = {r[1:] for r in rx if r[0] == "~"}, {r[1:] for r in ry if r[0] == "~"}
        if lx & py or ly & px:
            return True
    if given:
        gx, gy = (
            {r[len(GIVEN) :] for r in rx if r.startswith(GIVEN)},
            {r[len(GIVEN) :] for r in ry if r.startswith(GIVEN)},
        )
        if gx & py or gy & px:
            return True
    return _hokkien_surname(rx, ry, py) or _hokkien_surname(ry, rx, px)


def _pinyin_family(name: str, size: int) -> int | None:
    """Which part of a two-word name is the family name, when one word is a single syllable and the
    other joins the given name's syllables ("Chen Jiageng", "Wenxing Quan"); None when it does not say."""
    words = tokens(name)
    if len(words) != 2 or size < 3:
        return None
    first, second = (len(segment(w) or (w,)) for w in words)
    if first + second != size or 1 not in (first, second) or first == second:
        return None
    return 0 if first == 1 else size - 1


def _hokkien_spelt(units: tuple[Unit, ...]) -> bool:
    """Some part may be a Hokkien spelling (a name wholly in pinyin has none)."""
    return any(r.startswith(HOKKIEN) for _, rs in units for r in rs)


def _hokkien_surname(rx: frozenset[str], ry: frozenset[str], py: frozenset[str]) -> bool:
    """A Hokkien family name ("Ng") against a pinyin one ("Huang"), never against another Hokkien spelling."""
    return not any(r.startswith(HOKKIEN) for r in ry) and bool(
        {r[len(SURNAME) :] for r in rx if r.startswith(SURNAME)} & py
    )


def _family_only(units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """Hokkien family-name readings kept on the parts that may be the family name (first or last),
    and dropped from names spelt in Hong Kong style ("Ng Wai-man" is 吳, not 黃) or with a Western name,
    which drops the Hokkien given-name readings too."""
    western = not all(rs for _, rs in units)  # "Jennifer Ng" may be 吳 or 黃
    if cantonese_spelt(units) or western:
        drop = (SURNAME, GIVEN) if western else (SURNAME,)
        return tuple((w, frozenset(r for r in rs if not r.startswith(drop))) for w, rs in units)
    return tuple(
        (w, rs if i in (0, len(units) - 1) else frozenset(r for r in rs if not r.startswith(SURNAME)))
        for i, (w, rs) in enumerate(units)
    )


def _subset(small: tuple[Unit, ...], big: tuple[Unit, ...]) -> bool:
    pool = list(big)
    for unit in small:
        hit = next((u for u in pool if unit[0] == u[0] or _cross(unit, u, False, False)), None)
        if hit is None:
            return False
        pool.remove(hit)
    return True


def _align(
    pairs: list[tuple[Unit, Unit]],
    both_hk: bool = False,
    loose: bool = False,
    han: bool = False,
    given: bool = False,
    family: int = 0,
) -> tuple[float, str]:
    """Score aligned parts; ``family`` is the pair of family names, which never meet through
    Hokkien given-name readings (``given``): the family names' own readings decide."""
    exact = cross = slips = 0
    for k, (x, y) in enumerate(pairs):
        (wx, rx), (wy, ry) = x, y
        if wx == wy:
            exact += 1
        elif _cross(x, y, both_hk, loose, han, given and k != family and len(pairs) > 1):
            cross += 1
        elif typo(wx, wy, 3 if len(pairs) >= 3 else 4) and not (
            plain_readings(rx) and plain_readings(ry)
        ):  # two pinyin syllables are two names
            slips += 1
        else:
            return 0.0, "a name part differs"
    if slips > 1 or (slips and exact == 0):
        return 0.0, "too many misspelt parts"
    length = min(sum(len(w) for (w, _), _ in pairs), sum(len(w) for _, (w, _) in pairs))
    score = 1.0 - 0.09 * cross / len(pairs) - (0.06 if len(pairs) >= 3 or length >= 10 else 0.12) * slips
    notes = []
    if cross:
        notes.append(f"{cross} part(s) equal across romanisations")
    if slips:
        notes.append("one-letter slip")
    return score, ", ".join(notes) or "same parts (spacing or hyphens)"
