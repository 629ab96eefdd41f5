"""Guess a document's language from its commonest function words (en, fr, nl, it).

Cheap and dependency-free on purpose: it only has to choose a pipeline.
"""

from __future__ import annotations

import re

_WORDS = {
    "en": {"the", "and", "of", "to", "in", "that", "is", "was", "for", "on", "with", "said", "by", "has", "have"},
    "fr": {"le", "la", "les", "des", "et", "est", "une", "dans", "que", "qui", "du", "pour", "sur", "pas", "au", "il"},
    "nl": {"de", "het", "een", "en", "van", "dat", "is", "op", "met", "voor", "niet", "zijn", "die", "werd"},
    "it": {"il", "di", "che", "è", "e", "la", "per", "non", "una", "del", "della", "sono", "gli", "con", "ha", "ai", "alla", "nel", "dei", "anche"},
}
_TOKEN = re.compile(r"[a-zà-ÿ']+")


def detect_language(text: str, default: str = "en") -> str:
    """The language whose function words are commonest in the text."""
    tokens = _TOKEN.findall(text[:5000].lower())
    if not tokens:
        return default
    scores = {lang: sum(1 for t in tokens if t in words) for lang, words in _WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= 3 and scores[best] > scores.get(default, 0) else default
