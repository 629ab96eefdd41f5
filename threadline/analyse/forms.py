"""Surface forms of a name as patterns over folded text, so redaction matches the name, not the bytes.

Text is folded character by character (case, accents, traditional to simplified
Han) with a map back to the original offsets. A form becomes a pattern whose
words may be joined by any run of non-letters (spaces, underscores, hyphens,
line breaks, markup) and whose joined pinyin given name may be split at its
syllables ("Xiao-ming"). A Han form also yields its pinyin readings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ALNUM = re.compile(r"[^\W_]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
GAP = r"[\W_]+"            # at least one non-letter between two words
JOIN = r"[\W_]*"           # words that may also be written together ("lauraharth", "王 小明")
START = r"(?<![^\W_])"     # not inside a word (an underscore is not a letter here)
END = r"(?![^\W_])"
# letters that Unicode does not decompose into a base letter and an accent
_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "madam", "mme",
                        "mlle", "m", "herr", "frau", "lord", "lady", "rev", "mevrouw", "meneer", "dhr", "sig", "sra", "sr"})


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One character as redaction compares it: no case, no accents, simplified Han."""
    if _HAN.match(ch):
        from threadline.resolve.romanise import simplified

        return simplified(ch)
    if ch.isascii():
        return ch.lower()
    plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return plain.casefold().translate(_LETTERS) or " "  # a lone combining mark stays a gap, not nothing


def fold(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, unless it kept every offset, each folded character's offset in ``text``."""
    if text.isascii():
        return text.lower(), None
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = fold_char(ch)
        out.append(f)
        where.extend([i] * len(f))
    folded = "".join(out)
    return folded, (None if len(folded) == len(text) and all(w == i for i, w in enumerate(where)) else where)


def words(form: str) -> list[str]:
    """A form's folded words; each Han character is a word of its own."""
    out = []
    for word in _ALNUM.findall(fold(form)[0]):
        out.extend(_HAN.findall(word) if _HAN.search(word) else [word])
    return out


def core(form: str) -> list[str]:
    """The words that name the person: honorifics ("Mr", "Dr") dropped."""
    found = words(form)
    kept = [w for w in found if w not in HONORIFICS]
    return kept or found


def is_short(form: str) -> bool:
    """One Latin word, or at most two Han characters, once honorifics are dropped: a surname or given name alone."""
    kept = core(form)
    if kept and all(_HAN.match(w) for w in kept):
        return len(kept) <= 2
    return len(kept) <= 1


def pattern(form: str, person: bool = True) -> str | None:
    """A regex over folded text for ``form`` in any spacing, or None if it has no letters."""
    found = words(form)
    if not found:
        return None
    parts = []
    for i, word in enumerate(found):
        han = bool(_HAN.match(word))
        if i:
            before = found[i - 1]
            together = han or _HAN.match(before) or (len(word) >= 3 and len(before) >= 3)
            parts.append(JOIN if together else GAP)
        parts.append(_syllables(word) if person and not han else re.escape(word))
    head = "" if _HAN.match(found[0]) else START
    tail = "" if _HAN.match(found[-1]) else END
    return head + "".join(parts) + tail


def _syllables(word: str) -> str:
    """A joined pinyin given name ("xiaoming") may be split at its syllables ("xiao-ming", "xiao ming")."""
    if len(word) < 4 or not word.isalpha():
        return re.escape(word)
    from threadline.resolve.romanise import pinyin_syllables, segment

    pieces = segment(word)
    if not pieces or len(pieces) < 2 or not all(p in pinyin_syllables() for p in pieces):
        return re.escape(word)
    return JOIN.join(re.escape(p) for p in pieces)


def readings(form: str) -> list[str]:
    """A Han personal name's pinyin forms, family name first and last ("王小明" -> "wang xiaoming", "xiaoming wang")."""
    han = "".join(w for w in words(form) if _HAN.match(w))
    if len(han) < 2 or len(han) != len("".join(words(form))):
        return []
    from threadline.resolve.romanise import han_readings

    syllables = han_readings(han)
    if len(syllables) != len(han):
        return []
    family, given = syllables[0], "".join(syllables[1:])
    return [f"{family} {given}", f"{given} {family}"]
