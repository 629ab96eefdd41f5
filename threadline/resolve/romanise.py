"""Chinese-aware name keys: simplified/traditional folding, pinyin readings of
Han characters, and the equivalence of romanisation systems (pinyin,
Wade-Giles, Cantonese, Hokkien and other diaspora spellings).

Pure functions over strings; the tables live in ``data/romanisation.yaml``.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from threadline.model.schema import load_yaml
from threadline.resolve.pieces import fewest_pieces

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPLIT = re.compile(r"[\s\-‐‑–—·.,;()]+|(?<!\w)['’]|['’](?!\w)")
_ODD_SYLLABLES = {"m", "n", "ng", "hm", "hng", "r", "e", "o", "ê", "yo", "lo", "nou"}


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, list[str]]]:
    text = resources.files("threadline.resolve").joinpath("data/romanisation.yaml").read_text("utf-8")
    return load_yaml(text)


SYLLABLES = "data/pinyin_syllables.json.gz"  # built by scripts/build_resolve_tables.py


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every tone-less pinyin syllable (ü as v), shipped: pypinyin's dictionary, which they come from,
    takes 40 MiB and half a second to load, for about 400 syllables."""
    data = resources.files("threadline.resolve").joinpath(SYLLABLES).read_bytes()
    return frozenset(json.loads(gzip.decompress(data)))


def build_pinyin_syllables() -> list[str]:
    """The syllables of pypinyin's dictionary, sorted (used by the build script)."""
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for value in pinyin_dict.values():
        for reading in value.split(","):
            plain = "".join(c for c in unicodedata.normalize("NFKD", reading) if not unicodedata.combining(c))
            out.add(plain.replace("ü", "v").lower())
    return sorted(s for s in out if s.isalpha() and s not in _ODD_SYLLABLES)


@lru_cache(maxsize=1)
def _segment_inventory() -> frozenset[str]:
    """Syllables a joined given name may be made of: pinyin plus the other systems' spellings."""
    tables = _tables()
    other = {
        k
        for system in ("cantonese", "cantonese_given", "hokkien", "hokkien_given", "other", "wade_giles_syllables")
        for k in tables[system]
        if len(k) >= 2
    }
    return pinyin_syllables() | frozenset(k for k in other if k.isalpha())


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


@lru_cache(maxsize=100_000)
def simplified(text: str) -> str:
    """Traditional characters folded to simplified ones (other text unchanged)."""
    return _t2s().convert(text) if has_han(text) else text


@lru_cache(maxsize=100_000)
def han_readings(text: str) -> tuple[str, ...]:
    """Tone-less pinyin of each Han character of a name, in order."""
    from pypinyin import lazy_pinyin

    return tuple(p.replace("ü", "v") for p in lazy_pinyin(simplified(text)) if p.strip() and p.isalpha())


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c) or c == "\u0308")


@lru_cache(maxsize=200_000)
def segment(token: str) -> tuple[str, ...] | None:
    """Split a joined pinyin token into syllables ("xiaoming" -> xiao, ming), fewest syllables first."""
    return fewest_pieces(token, _segment_inventory(), longest=6)


@lru_cache(maxsize=200_000)
def readings(syllable: str, strict: bool = False) -> frozenset[str]:
    """Pinyin readings a romanised syllable may stand for, in any system; empty if unknown.

    ``strict`` (for names written wholly in pinyin): a valid pinyin word keeps its own
    reading plus only surname equivalences (Chang = Zhang, Tan = Chen), so two different
    pinyin given names never meet through another system's readings.
    """
    tables = _tables()
    syl = _plain(syllable).replace("\u0308", "")
    if syl in ("e", "o"):  # 娥, 哦: syllables of their own after a pinyin apostrophe ("Yue'e")
        return frozenset({syl})
    out: set[str] = set()
    if syl in pinyin_syllables():
        out.add(syl)
        if strict:
            for system in ("cantonese", "hokkien", "other"):
                out.update(tables[system].get(syl, ()))
            return frozenset(out)
    for system in ("cantonese", "cantonese_given", "hokkien", "hokkien_given", "other", "wade_giles_syllables"):
        out.update(tables[system].get(syl, ()))
    out.update(_wade_giles(_plain(syllable)))
    if "'" not in syllable:  # aspiration mark dropped: "Ching" may be ch'ing
        for plain, aspirated in (("ch", "ch'"), ("ts", "ts'"), ("tz", "tz'"), ("k", "k'"), ("t", "t'"), ("p", "p'")):
            if syl.startswith(plain) and not syl.startswith(("chh",)):
                out.update(_wade_giles(aspirated + syl[len(plain) :]))
                break
    return frozenset(out)


_DIALECTS = {"cantonese": "cantonese", "cantonese_given": "cantonese", "hokkien": "hokkien", "hokkien_given": "hokkien"}


@lru_cache(maxsize=200_000)
def dialects(word: str) -> frozenset[str]:
    """The dialects whose tables alone spell this word ("Ng": Cantonese, "Goh": Hokkien); empty when
    a Mandarin system spells it too ("Chou", "Tan")."""
    tables = _tables()
    syl = _plain(word).replace("\u0308", "")
    if (
        syl in pinyin_syllables()
        or _wade_giles(syl)
        or any(syl in tables[s] for s in ("other", "wade_giles_syllables"))
    ):
        return frozenset()
    return frozenset(d for table, d in _DIALECTS.items() if syl in tables[table])


def _wade_giles(syl: str) -> set[str]:
    tables = _tables()
    heads = [("", [""])]
    for initial in sorted(tables["wade_giles_initials"], key=len, reverse=True):
        if syl.startswith(initial):
            heads = [(initial, tables["wade_giles_initials"][initial])]
            break
    out = set()
    pinyin = pinyin_syllables()
    for initial, replacements in heads:
        rest = syl[len(initial) :]
        finals = [(rest, [rest])]
        for final in sorted(tables["wade_giles_finals"], key=len, reverse=True):
            if rest.endswith(final):
                stem = rest[: -len(final)]
                finals.append((rest, [stem + f for f in tables["wade_giles_finals"][final]]))
                break
        for r in replacements:
            for _, options in finals:
                for option in options:
                    candidate = (r + option).replace("\u0308", "").replace("ü", "v")
                    if candidate in pinyin:
                        out.add(candidate)
    return out


def tokens(name: str) -> list[str]:
    """Latin name words, folded and split on spaces, hyphens and apostrophes."""
    return list(_tokens(name))


@lru_cache(maxsize=200_000)
def _tokens(name: str) -> tuple[str, ...]:  # every comparison asks again for the same names' words
    words = _SPLIT.split(_plain(name).replace("\u0308", "").replace("’", "'"))
    return tuple(p for w in words if w and w.replace("'", "").isalnum() for p in _pinyin_apostrophe(w))


def _pinyin_apostrophe(word: str) -> list[str]:
    """Pinyin's apostrophe parts syllables before a vowel ("Yue'e", "Xi'an"); Wade-Giles' marks aspiration ("Ch'en")."""
    if "'" not in word:
        return [word]
    parts = word.split("'")
    pinyin = pinyin_syllables()
    if all(p and (p in pinyin or p in ("e", "o")) for p in parts) and all(p[0] in "aeo" for p in parts[1:]):
        return parts
    return [word]


Unit = tuple[str, frozenset[str]]  # (the written part, the pinyin readings it may stand for)


@lru_cache(maxsize=200_000)
def syllable_units(name: str, lenient: bool = False) -> tuple[Unit, ...]:
    """A person name as units: each written part with the set of pinyin readings it may have.

    Han names give one unit per character. Latin words get their readings in any
    system; a joined pinyin word ("Xiaoming") is split into syllables; a word that is
    not Chinese at all has no readings and compares only as written.
    """
    if has_han(name):
        return _han_units(name)
    words = tokens(name)
    pinyin = pinyin_syllables()
    all_pinyin = all(w in pinyin or _joined_pinyin(segment(w)) for w in words)
    # "Le-chi", "Yue'e": hyphens and apostrophes are not pinyin usage; ``lenient``: against characters,
    # which anchor every syllable, a name that happens to be valid pinyin may still be Cantonese ("Chan Ka")
    strict = all_pinyin and not _MARKED.search(name) and not lenient
    known = [_latin_readings(w, strict) for w in words]
    hokkien = [hokkien_readings(w) for w in words] if not strict else []
    # split joined syllables only in names that look Chinese ("Tsai Ingwen", not "Melony")
    compounds = _compound_surnames() if len(words) >= 2 else {}
    chinese = any(known) or bool(hokkien and all(hokkien)) or any(w in compounds for w in words)
    if chinese and not strict:  # Hokkien spellings ("Khaw Boon Wan", "Leem Boen Hoa") in names that look Chinese
        known = [_with_hokkien(w) for w in words]
    units: list[Unit] = []
    for word, found in zip(words, known):
        if word in compounds:  # "Szeto Wah" is 司徒華: the joined family name is two parts
            units.extend(compounds[word])
            continue
        marked = bool(_MARKED.search(name))
        if found:  # a Hokkien spelling that no Mandarin system reads may be Gwoyeu Romatzyh too ("Tsay")
            gwoyeu = _gwoyeu_units(word, marked) if chinese and not strict and not plain_readings(found) else []
            units.append((word, found | gwoyeu[0][1]) if len(gwoyeu) == 1 else (word, found))
            continue
        parts = segment(word) if chinese else None
        # "Liou" is one syllable (劉), not li-ou: pinyin would write li'ou
        whole = _gwoyeu_units(word, True) if parts and any(p[0] in "aeo" for p in parts[1:]) else []
        if parts and len(parts) > 1 and not (len(whole) == 1 and whole[0][1]):
            units.extend((p, _latin_readings(p, strict) or frozenset({p})) for p in parts)
        else:
            units.extend(_gwoyeu_units(word, marked) if chinese else [(word, frozenset())])
    return tuple(units)


def _gwoyeu_units(word: str, marked: bool) -> list[Unit]:
    """A word no other system reads, in a name that looks Chinese, as Gwoyeu Romatzyh: a joined
    given name ("Jaushieh" -> jau, shieh), or any word of a name with a hyphen or apostrophe, as
    Taiwanese passports write ("Tsay Ing-wen"). A Western given name stays one ("Jean", "Dean").
    Otherwise the word compares only as written."""
    from threadline.resolve.gwoyeu import pinyin_of
    from threadline.resolve.gwoyeu import segment as gwoyeu_segment

    if word not in _western_given_names():
        parts = gwoyeu_segment(word)
        if parts and (len(parts) > 1 or marked) and all(len(p) >= 2 for p in parts):
            return [(p, pinyin_of(p)) for p in parts]
    return [(word, frozenset())]


@lru_cache(maxsize=1)
def _western_given_names() -> frozenset[str]:
    text = resources.files("threadline.resolve").joinpath("data/given_names.yaml").read_text("utf-8")
    return frozenset(str(w).lower() for group in load_yaml(text)["groups"] for w in group)


_MARKED = re.compile(r"\w[-‐‑'’]\w")


def _joined_pinyin(parts: tuple[str, ...] | None) -> bool:
    """Syllables joined the way pinyin joins them: a vowel-initial one would follow an apostrophe
    ("Xi'an", "Yue'e"), so "Boen" (Hokkien 文) is no bo-en."""
    pinyin = pinyin_syllables()
    return bool(parts) and all(p in pinyin for p in parts or ()) and not any(p[0] in "aeo" for p in (parts or ())[1:])


def compound_surname(word: str) -> bool:
    """A joined spelling of a two-character family name ("Szeto", "Auyeung", "Chukot")."""
    return _plain(word).replace("\u0308", "") in _compound_surnames()


COMPOUNDS = "data/compound_surnames.json.gz"  # built by scripts/build_resolve_tables.py


@lru_cache(maxsize=1)
def _compound_surnames() -> dict[str, tuple[Unit, Unit]]:
    """Joined spellings of two-character family names ("szeto", "auyeung", "situ") -> the two parts they write.

    Shipped: building it reads every part's Cantonese and Hokkien readings, which loads
    OpenCC's converters (26 MiB) in a run that may hold no Chinese name at all."""
    data = json.loads(gzip.decompress(resources.files("threadline.resolve").joinpath(COMPOUNDS).read_bytes()))
    return {spelling: ((a[0], frozenset(a[1])), (b[0], frozenset(b[1]))) for spelling, (a, b) in data.items()}


def build_compound_surnames() -> dict[str, list[list]]:
    """The table :func:`_compound_surnames` ships, as JSON-ready lists (used by the build script)."""
    from threadline.resolve.cantonese import hk_spellings, jyutping
    from threadline.resolve.hokkien import spellings, tailo

    out: dict[str, list[list]] = {}
    for name, pinyin in _tables()["compound_surnames"].items():  # pinyin from the table: no pypinyin
        units, forms = [], []
        for char, py in zip(str(name), pinyin):
            jp = jyutping(char)
            tags = {py} | ({"jp:" + jp, "jr:" + jp} if jp else set()) | {HOKKIEN + t for t in tailo(char)}
            units.append([py, sorted(tags)])
            forms.append({py} | set(hk_spellings(jp) if jp else ()) | {s for t in tailo(char) for s in spellings(t)})
        for first in sorted(forms[0]):
            for second in sorted(forms[1]):
                out[first + second] = [units[0], units[1]]
    return out


def _han_units(name: str) -> tuple[Unit, ...]:
    """One unit per character: its pinyin, its Jyutping (tagged ``jp:``) and its Tâi-lô readings (``hl:``)."""
    from threadline.resolve.cantonese import jyutping

    chars = [c for c in simplified(name) if _HAN.match(c)]
    reads = han_readings(name)
    if len(chars) != len(reads):
        return tuple((r, frozenset({r})) for r in reads)
    return tuple(
        (
            r,
            frozenset(
                {
                    r,
                    HAN_MARK,
                    *(HAN_MARK + h for h in heteronyms(c) if h != r),
                    *(("jp:" + jp, "jr:" + jp) if (jp := jyutping(c)) else ()),
                    *_tailo_tags(c),
                }
            ),
        )
        for c, r in zip(chars, reads)
    )


HAN_MARK = "hn:"  # a unit written in characters; "hn:le" is another reading of its character (樂: yue, le)
HOKKIEN = "hl:"  # a Tâi-lô syllable a character has or a Latin word may spell (meets characters only)
SURNAME = "hs:"  # the pinyin of a family name a Hokkien spelling may write (meets a pinyin family name only)
GIVEN = "hg:"  # the pinyin a Hokkien spelling may write through common characters (meets a name in pinyin only)


@lru_cache(maxsize=20_000)
def heteronyms(char: str) -> tuple[str, ...]:
    """Every tone-less pinyin reading of one character: a name may be romanised by any of them."""
    from pypinyin import Style, pinyin

    found = pinyin(char, style=Style.NORMAL, heteronym=True)
    return tuple(dict.fromkeys(r.replace("ü", "v") for r in (found[0] if found else ()) if r.isalpha()))


def other_readings(readings_: frozenset[str]) -> frozenset[str]:
    """A character's readings besides the one its name's context gives."""
    return frozenset(r[len(HAN_MARK) :] for r in readings_ if r.startswith(HAN_MARK) and len(r) > len(HAN_MARK))


def written_in_han(readings_: frozenset[str]) -> bool:
    return HAN_MARK in readings_


@lru_cache(maxsize=200_000)
def _latin_readings(word: str, strict: bool) -> frozenset[str]:
    """Readings of a Latin word; outside pinyin-only names also its Cantonese and Hokkien ones.

    Cantonese readings are tagged: ``jp:`` the Jyutping it may spell, ``~`` the pinyin of
    the common characters with that Jyutping (loose, used only against another system).
    Hokkien ones: ``hl:`` the Tâi-lô it may spell (against characters), ``hs:`` the pinyin
    of the family names it may write (against a pinyin family name).
    """
    from threadline.resolve.cantonese import jyutping_of_spelling, pinyin_of_spelling

    plain = readings(word, strict=strict)
    if strict:
        return plain
    spelt = _plain(word).replace("\u0308", "")
    jp, jr = jyutping_of_spelling(spelt), jyutping_of_spelling(spelt, rare=True)
    if not jp and not jr:
        return plain
    loose = pinyin_of_spelling(spelt)
    return plain | {"jp:" + j for j in jp} | {"jr:" + j for j in jr} | {"~" + p for p in loose}


@lru_cache(maxsize=50_000)
def _tailo_tags(char: str) -> tuple[str, ...]:
    from threadline.resolve.hokkien import tailo

    return tuple(HOKKIEN + t for t in tailo(char))


@lru_cache(maxsize=200_000)
def _with_hokkien(word: str) -> frozenset[str]:
    """A word's readings with its Hokkien ones, one object per word (names share their words' sets)."""
    return _latin_readings(word, False) | hokkien_readings(word)


@lru_cache(maxsize=200_000)
def hokkien_readings(word: str) -> frozenset[str]:
    """``hl:`` the Tâi-lô a Latin word may spell; ``hs:`` the pinyin of the family names it may write;
    ``hg:`` the pinyin of the common characters it may write (a given name against one in pinyin)."""
    from threadline.resolve.hokkien import given_pinyin, surname_pinyin, tailo_of_spelling

    spelt = _plain(word).replace("\u0308", "")
    out = {HOKKIEN + t for t in tailo_of_spelling(spelt)} | {GIVEN + p for p in given_pinyin(spelt)}
    if spelt not in pinyin_syllables():
        out |= {SURNAME + p for p in surname_pinyin(spelt)}
    return frozenset(out)


def plain_readings(readings_: frozenset[str]) -> frozenset[str]:
    return frozenset(r for r in readings_ if not r.startswith(("jp:", "jr:", "~", HAN_MARK, HOKKIEN, SURNAME, GIVEN)))


def cantonese_spelt(units: tuple[Unit, ...]) -> bool:
    """Every part is a Hong Kong spelling ("Tsui Wai-man"): such names meet others of their kind by Jyutping."""
    return bool(units) and all(any(r.startswith(("jp:", "jr:")) for r in rs) for _, rs in units)
