"""Regular inflections of reporting verbs for languages parsed without a lemmatiser of their own.

Spanish and Italian text goes through the English model, which cannot lemmatise
"rechazó" or "dichiarava". Rather than list every form, the lexicon lists the
infinitive and these endings give the present, past, imperfect and participle of a
regular verb. Irregular and stem-changing forms ("dijo", "niega") stay in the lexicon.
"""

from __future__ import annotations

_ENDINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "ar": ("a", "an", "ó", "aron", "aba", "aban", "ado", "ando", "ará"),
        "er": ("e", "en", "ió", "ieron", "ía", "ían", "ido", "iendo"),
        "ir": ("e", "en", "ió", "ieron", "ía", "ían", "ido", "iendo"),
    },
    "it": {
        "are": ("a", "ano", "ò", "arono", "ava", "avano", "ato", "ando"),
        "ere": ("e", "ono", "é", "uto", "eva", "evano"),
        "ire": ("e", "ono", "isce", "iscono", "ì", "ito", "iva", "ivano"),
    },
}
_SHORTEST = 4  # shorter forms ("de", "da") would be ordinary words


def inflections(verb: str, lang: str) -> list[str]:
    """The regular forms of an infinitive, or nothing when the word is not one."""
    for suffix, endings in _ENDINGS.get(lang, {}).items():
        stem = verb[: -len(suffix)]
        if verb.endswith(suffix) and len(stem) >= 3:
            return [f for f in (stem + e for e in endings) if len(f) >= _SHORTEST]
    return []


def english_bases(word: str) -> list[str]:
    """The lemmas a regular English verb form may have: "warns" -> "warn", "urges" -> "urge"/"urg", "denies" ->
    "deny". For a word the tagger cannot lemmatise, such as a capitalised verb in a headline ("Merkel Warns")."""
    w = word.lower()
    bases = [w]
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("es", ""), ("ed", ""), ("s", ""), ("d", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            bases.append(w[: -len(suffix)] + replacement)
    return bases
