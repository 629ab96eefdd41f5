"""What the relation rules share: one document's mentions by position, its language's words, and role look-up."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from threadline.extract.components.context import DocView
from threadline.extract.languages import LanguageData
from threadline.model.names import fold

ACTORS = ("PERSON", "ORG", "STATE_BODY", "GPE")
BODIES = ("ORG", "STATE_BODY")
PLACES = ("GPE", "FACILITY")
LOCATIVE = {"in", "on", "at", "à", "en", "au", "a", "te", "op", "驻"}
ARTICLES = {"the", "l'", "la", "le", "de", "het"}
POSSESSIVE = ("'s", "’s", "'", "’")
OPEN_QUOTES = ('"', "“", "«", "„", "‘")

Mention = tuple[int, int, int]  # start, end, entity group
Add = Callable[[Span, "int | None", str, "int | None"], None]


@dataclass
class Reading:
    """One document as the relation rules see it: its entities, its language's words and its mentions by position."""

    view: DocView
    lang: LanguageData
    roles: dict[str, str]
    parsed: bool  # the language has a parser of its own; else part-of-speech tags are another language's guesses
    countries: dict[str, str]  # country names (lower case) -> code
    mentions: list[Mention] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    at: dict[int, Mention] = field(default_factory=dict)  # mention by its first token

    def __post_init__(self) -> None:
        self.mentions = sorted({(m.start, m.end, gi) for gi, g in enumerate(self.view.groups) for m in g.mentions})
        self.starts = [m[0] for m in self.mentions]
        for m in self.mentions:
            self.at.setdefault(m[0], m)

    @cached_property
    def places(self) -> dict[str, int]:
        """Places by each folded form of their name."""
        return {
            fold(form): gi for gi, g in enumerate(self.view.groups) if g.type == "GPE" for form in (g.name, *g.forms)
        }

    def within(self, sent: Span) -> list[Mention]:
        lo = bisect_left(self.starts, sent.start)
        out = []
        for m in self.mentions[lo:]:
            if m[0] >= sent.end:
                break
            if m[1] <= sent.end:
                out.append(m)
        return out

    def type(self, gi: int) -> str:
        return self.view.groups[gi].type

    def skip(self, doc: Doc, i: int, words: frozenset[str], end: int) -> int | None:
        """After a word or phrase of ``words`` at i (and any articles), the position of the next token; else None."""
        n = next((n for n in (3, 2, 1) if i + n <= end and " ".join(t.lower_ for t in doc[i : i + n]) in words), 0)
        if not n:  # words may be phrases: "da parte della", "por parte de"
            return None
        i += n
        while i < end and doc[i].lower_ in self.lang.relations.articles | ARTICLES:
            i += 1
        return i

    def role(self, tokens: Span) -> tuple[str, int, int] | None:
        """The predicate of the role words in these tokens, with where they stand (the longest match first)."""
        words = [t.lower_ for t in tokens]
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                pred = self.roles.get(" ".join(words[i : i + n])) or self.roles.get(
                    "".join(words[i : i + n])
                )  # "副 主席"
                if n == 1 and pred is None:
                    pred = self.role_word(words[i])
                if pred:
                    return pred, tokens.start + i, tokens.start + i + n
        return None

    def role_word(self, word: str) -> str | None:
        """A role word, or in a language that writes compounds as one word, a word that ends with one ("Asienreferent")."""
        pred = self.roles.get(word)
        if pred or not self.lang.capitalises_nouns:
            return pred
        tail = max(
            (w for w in self.roles if " " not in w and len(w) >= 4 and len(word) > len(w) + 2 and word.endswith(w)),
            key=len,
            default=None,
        )
        return self.roles[tail] if tail else None

    def is_country(self, gi: int) -> bool:
        g = self.view.groups[gi]
        return any(fold(f) in self.lang.territories or f.lower() in self.countries for f in (g.name, *g.forms))


def pruned(token: Token, leave: frozenset[str] | set[str]) -> list[Token]:
    """A token's subtree without the phrases it leaves out ("a network in Italy" without "in Italy")."""
    out = [token]
    for c in token.children:
        if not (c.dep_ == "prep" and c.lower_ in leave):
            out.extend(pruned(c, leave))
    return sorted(out, key=lambda t: t.i)
