"""Common words of a language, from wordfreq's frequency lists: a capitalised word that is
one is no name on its own ("Zudem", "Daarnaast", "Sicherheit").

Why frequencies and not a dictionary: a name is borrowed by every language's news, so it is
about as frequent in each of them ("Berlin", "Merkel", "Rossi"), while a word of the language
is frequent in it alone. A word is *common* in language L when it occurs at least once per
million words of L (Zipf >= :data:`MIN_ZIPF`) and at least :data:`MIN_LEAD` Zipf points more
often in L than in the median of the other Latin-script languages wordfreq covers.

The sets are derived once by ``scripts/build_extract_tables.py`` from the pinned wordfreq
and shipped (``patterns/common_words.json.gz``): loading wordfreq's large lists for thirteen
languages takes two seconds that every run would pay; the shipped sets load in milliseconds.
A test checks the shipped file equals a fresh build.
"""

from __future__ import annotations

import gzip
import json
import math
import statistics
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

TABLE = "common_words.json.gz"
MARKERS = "language_markers.json.gz"  # the few commonest of each set, to tell a text's language
MARKERS_PER_LANGUAGE = 1000
LANGUAGES = ("de", "nl", "it", "es", "fr", "en")  # the languages whose sets are shipped
REFERENCE = ("ca", "cs", "de", "en", "es", "fi", "fr", "it", "nb", "nl", "pl", "pt", "sv")
MIN_ZIPF = 3.0   # once per million words
MIN_LEAD = 1.5   # Zipf points above the median of the other languages (a factor of ~30)


def build() -> dict[str, list[str]]:
    """Each shipped language's common words, sorted (needs wordfreq; used by the build script)."""
    return {lang: sorted(words) for lang, words in _ranked().items()}


def build_markers() -> dict[str, list[str]]:
    """Each language's :data:`MARKERS_PER_LANGUAGE` most frequent common words, sorted.

    Words frequent in one language and rare in the others are what tells a text's
    language; a thousand of them cover most of the running words of any paragraph, and
    load in a few milliseconds where a character n-gram model takes most of a second.
    """
    return {lang: sorted(words[:MARKERS_PER_LANGUAGE]) for lang, words in _ranked().items()}


@lru_cache(maxsize=1)  # build() and build_markers() share it: wordfreq's lists take seconds to read
def _ranked() -> dict[str, list[str]]:
    """Each shipped language's common words, most frequent first (ties alphabetically)."""
    import wordfreq

    freq = {lang: wordfreq.get_frequency_dict(lang, wordlist="large") for lang in REFERENCE}

    def zipf(word: str, lang: str) -> float:
        f = freq[lang].get(word)
        return math.log10(f) + 9 if f else 0.0

    out = {}
    for lang in LANGUAGES:
        others = [o for o in REFERENCE if o != lang]
        words = (w for w, f in freq[lang].items() if math.log10(f) + 9 >= MIN_ZIPF and any(c.isalpha() for c in w))
        common = [w for w in words if zipf(w, lang) - statistics.median(zipf(w, o) for o in others) >= MIN_LEAD]
        out[lang] = sorted(common, key=lambda w: (-freq[lang][w], w))
    return out


def _read(name: str) -> dict[str, list[str]]:
    data = resources.files("threadline.extract.patterns").joinpath(name).read_bytes()
    return dict(json.loads(gzip.decompress(data))["words"])


@lru_cache(maxsize=1)
def language_markers() -> dict[str, frozenset[str]]:
    """Per language, the words that mark a text as written in it (see :func:`build_markers`)."""
    return {lang: frozenset(words) for lang, words in _read(MARKERS).items()}


@lru_cache(maxsize=8)
def common_words(lang: str) -> frozenset[str]:
    """The common words of a language (lower case); empty for a language without a set.

    Only the languages asked for stay in memory (the six sets together take about 25 MiB; an English
    text needs one of them)."""
    return frozenset(_read(TABLE).get(lang, ()))


def common_in_any(words: Iterable[str], langs: Iterable[str]) -> set[str]:
    """The words (lower-cased) that are common in any of the languages, read without keeping their sets."""
    table = _read(TABLE)
    sets = [frozenset(table.get(lang, ())) for lang in langs]
    return {w for w in words if any(w.lower() in common for common in sets)}


def is_common(word: str, lang: str) -> bool:
    """True when the word, lower-cased, is a common word of the language."""
    return word.lower() in common_words(lang)
