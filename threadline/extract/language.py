"""Guess a document's language, to choose its pipeline: en, fr, nl, it, de, es or zh.

Chinese is told by script: when Han characters make up a good share of the
letters in the first few KB, the text is Chinese, however short it is. Other
texts are told by their marker words, the commonest words of each language
that the others rarely use (:func:`~threadline.extract.common_words.language_markers`,
from wordfreq): a paragraph holds dozens, and one language's count clearly
leads. Only a text where no language leads goes to py3langid's naive Bayes
model (restricted to the languages Threadline handles), which costs most of a
second and 75 MiB to load; a short text falls back to counting function words,
and to the default when even those say nothing. Deterministic, and reads at
most :data:`SAMPLE` characters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

LANGUAGES = ("en", "fr", "nl", "it", "de", "es", "zh")
SAMPLE = 4000          # characters read from the start of a document
HAN_SHARE = 0.3        # Han characters / (Han characters + other letters) that make a text Chinese
MIN_LETTERS = 20       # below this many letters the statistical model is not asked
MIN_CONFIDENCE = 0.8   # py3langid's normalised probability needed to trust it
MIN_MARKERS = 8        # marker words the leading language needs ...
MARKER_LEAD = 3.0      # ... and how many times the runner-up's count

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_WORDS = {
    "en": {"the", "and", "of", "to", "in", "that", "is", "was", "for", "on", "with", "said", "by", "has", "have"},
    "fr": {"le", "la", "les", "des", "et", "est", "une", "dans", "que", "qui", "du", "pour", "sur", "pas", "au", "il"},
    "nl": {"de", "het", "een", "en", "van", "dat", "is", "op", "met", "voor", "niet", "zijn", "die", "werd"},
    "it": {"il", "di", "che", "è", "e", "la", "per", "non", "una", "del", "della", "sono", "gli", "con", "ha", "ai", "alla", "nel", "dei", "anche"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "dem", "ein", "eine", "auf", "sich", "wurde"},
    "es": {"el", "los", "las", "y", "que", "del", "en", "por", "con", "una", "para", "es", "se", "fue", "según"},
}
_TOKEN = re.compile(r"[a-zà-ÿ']+")
_WORD = re.compile(r"[^\W\d_]+")


def language_code(value: str | None) -> str | None:
    """An explicit language tag reduced to its primary code: "zh-Hant" -> "zh", "FR" -> "fr"."""
    if not value or not value.strip():
        return None
    return re.split(r"[-_\s]", value.strip().lower(), maxsplit=1)[0] or None


def han_share(text: str) -> float:
    """Han characters as a share of all letters (Han and other scripts) in the text."""
    han = len(_HAN.findall(text))
    if not han:
        return 0.0
    letters = sum(1 for c in text if c.isalpha())
    return han / letters if letters else 0.0


def detect_language(text: str, default: str = "en") -> str:
    """The language of a text, one of :data:`LANGUAGES`; ``default`` when the text does not say."""
    return _detect(text[:SAMPLE], default)


@lru_cache(maxsize=256)  # ingest asks twice per document: when it checks it and when it extracts it
def _detect(sample: str, default: str) -> str:
    if han_share(sample) >= HAN_SHARE and len(_KANA.findall(sample)) < 0.1 * len(_HAN.findall(sample)):
        return "zh"
    by_markers = _by_markers(sample)
    if by_markers:
        return by_markers
    letters = sum(1 for c in sample if c.isalpha())
    if letters >= MIN_LETTERS:
        lang, confidence = _identifier().classify(sample)
        if confidence >= MIN_CONFIDENCE:
            return str(lang)
    return _by_function_words(sample, default)


def _by_markers(text: str) -> str | None:
    """The language whose marker words clearly lead in the text, or None."""
    from threadline.extract.common_words import language_markers

    tokens = _WORD.findall(text.lower())
    counts = sorted(((sum(1 for t in tokens if t in words), lang) for lang, words in language_markers().items()),
                    reverse=True)
    (best, lang), (second, _) = counts[0], counts[1]
    return lang if best >= MIN_MARKERS and best >= MARKER_LEAD * second else None


def _by_function_words(text: str, default: str) -> str:
    """The language whose function words are commonest in the text (at least three of them)."""
    tokens = _TOKEN.findall(text.lower())
    if not tokens:
        return default
    scores = {lang: sum(1 for t in tokens if t in words) for lang, words in _WORDS.items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == default))
    return best if scores[best] >= 3 and scores[best] > scores.get(default, 0) else default


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's model, loaded once, restricted to the languages we handle but Chinese (told by script)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([lang for lang in LANGUAGES if lang != "zh"])
    return identifier
