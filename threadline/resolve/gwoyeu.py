"""Gwoyeu Romatzyh: the romanisation that spells tones in letters, derived from pinyin by rule.

Why: Taiwanese names keep spellings such as "Jaushieh" (釗燮), "Jeou" (九) or "Tsay" (蔡),
which neither pinyin nor Wade-Giles reach. Every pinyin syllable's spelling in each of
the four tones is built from ``data/gwoyeu.yaml`` (initial, then the final in the tone's
form), so no table per syllable is written by hand. A spelling is read only where a word
has no other reading, in a name that looks Chinese (see ``romanise.syllable_units``).
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from importlib import resources

from threadline.model.schema import load_yaml
from threadline.resolve.pieces import fewest_pieces

_APICAL = frozenset({"zh", "ch", "sh", "r", "z", "c", "s"})


@lru_cache(maxsize=1)
def _rules() -> dict:
    return load_yaml(resources.files("threadline.resolve").joinpath("data/gwoyeu.yaml").read_text("utf-8"))


def _split(syllable: str) -> tuple[str, str]:
    """A pinyin syllable as (initial, full final): "you" -> ("", "iou"), "ju" -> ("j", "v"), "zhi" -> ("zh", "-i")."""
    rules = _rules()
    if syllable in rules["zero"]:
        return "", rules["zero"][syllable]
    initial = next((i for i in sorted(rules["initials"], key=len, reverse=True) if syllable.startswith(i)), "")
    final = syllable[len(initial) :]
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "v" + final[1:]
    final = rules["short"].get(final, final)
    if final == "i" and initial in _APICAL:
        final = "-i"
    return initial, final


@lru_cache(maxsize=2_000)
def spellings(syllable: str) -> tuple[str, ...]:
    """A pinyin syllable in Gwoyeu Romatzyh, tones 1 to 4 ("zhao" -> jau, jaur, jao, jaw); empty if the rules miss it."""
    rules = _rules()
    initial, final = _split(syllable)
    if not initial:
        forms = rules["alone"].get(final) or rules["finals"].get(final)
        return tuple(forms) if forms else ()
    forms = rules["finals"].get(final)
    if not forms or len(syllable) == len(initial):
        return ()
    head = rules["initials"][initial]
    if initial in rules["sonorants"]:  # "lhiou" 溜, "liou" 劉, "leou" 柳, "liow" 六
        return (head + "h" + forms[0], head + forms[0], head + forms[2], head + forms[3])
    return tuple(head + form for form in forms)


@lru_cache(maxsize=1)
def _reverse() -> dict[str, frozenset[str]]:
    from threadline.resolve.romanise import pinyin_syllables

    out: dict[str, set[str]] = defaultdict(set)
    for syllable in pinyin_syllables():
        for spelling in spellings(syllable):
            out[spelling].add(syllable)
    return {k: frozenset(v) for k, v in out.items()}


def pinyin_of(word: str) -> frozenset[str]:
    """The pinyin syllables a Gwoyeu Romatzyh spelling may write ("shieh" -> xie); empty if none."""
    return _reverse().get(word, frozenset())


@lru_cache(maxsize=50_000)
def segment(word: str) -> tuple[str, ...] | None:
    """A joined Gwoyeu Romatzyh word as its syllables, fewest first ("jaushieh" -> jau, shieh), or None."""
    return fewest_pieces(word, _reverse(), longest=7)
