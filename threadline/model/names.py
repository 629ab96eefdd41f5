"""Name folding: the one definition of when two surface forms are "the same text".

Folding drops case, accents, punctuation, a leading article and a trailing
possessive, so "The OCAO's" and "ocao" share a key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+", re.UNICODE)
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b|(?<=\w)['’](?=\s|$)")
_ARTICLES = frozenset({"the", "l", "la", "le", "les", "de", "het", "il", "lo", "gli"})


@lru_cache(maxsize=1 << 16)  # a hot path of extraction and resolution: the same names recur
def fold(text: str | None, articles: bool = True) -> str:
    """Fold a surface form to a comparison key (idempotent).

    ``articles=False`` keeps a leading "Lo", "Le" or "De": in personal names they are names.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    text = _POSSESSIVE.sub("", text).replace("'", " ").replace("’", " ")
    words = _WORD.findall(text)
    while articles and words and words[0] in _ARTICLES and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def initials(text: str) -> str:
    """Upper-case initials of the capitalised words of a name ("United Front Work Department" -> "UFWD")."""
    return "".join(w[0].upper() for w in _WORD.findall(text) if w[:1].isupper() or w[:1].isdigit())
