"""Organisation name keys: folding, legal forms removed, words in other languages
mapped to one English concept, function words dropped."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from rigour.names import remove_org_types

from threadline.model.names import fold
from threadline.resolve.romanise import has_han, simplified

STOPWORDS = frozenset("""
the of for and in on at to a an de du des la le les l d et van het voor en der den di del della dello dei degli e y el los las und für zu im
""".split())
# words that add no identity when one name has them and the other does not
GENERIC = frozenset({"central", "national", "general", "main", "official", "chinese", "china", "prc", "people", "republic",
                     "committee", "group", "association", "organisation", "organization", "centre", "center"})


@lru_cache(maxsize=1)
def _terms() -> dict[str, str]:
    text = resources.files("threadline.resolve").joinpath("data/org_terms.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {fold(word): concept for concept, words in data.items() for word in words}


@lru_cache(maxsize=200_000)
def org_tokens(name: str) -> tuple[str, ...]:
    """Concept words of an organisation name, in order ("Ministère de la Sécurité publique" -> ministry, security, public)."""
    if has_han(name):
        return (simplified(name).replace(" ", ""),)
    folded = fold(remove_org_types(fold(name)) or fold(name))
    terms = _terms()
    return tuple(terms.get(w, w) for w in folded.split() if w not in STOPWORDS)


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def initials(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t)
