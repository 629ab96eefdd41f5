"""Shared read-only views over a processed Doc: which entity a token belongs to,
page furniture, and the actors a generic noun ("the NGO", "the department") points back to."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from spacy.attrs import LOWER, POS
from spacy.tokens import Doc, Span, Token

from threadline.extract.columns import doc_text, string_columns
from threadline.extract.components.entities import EntityGroup
from threadline.extract.patterns import Patterns
from threadline.model.names import fold

NGO_KINDS = frozenset({"ngo", "think_tank"})
MEDIA_KINDS = frozenset({"media", "news_agency"})
QUOTES = frozenset({'"', "“", "”", "‘", "’", "'", "«", "»"})


def span_text(span: Span) -> str:
    """``Span.text`` cut from the Doc's text joined once, without building the span's tokens."""
    return doc_text(span.doc)[span.start_char : span.end_char]


@dataclass
class DocView:
    """Entity lookup by token and simple discourse memory for one document."""

    doc: Doc
    patterns: Patterns
    groups: list[EntityGroup] = field(init=False)
    token_group: dict[int, int] = field(init=False)

    def __post_init__(self) -> None:
        self.groups = list(self.doc._.tl_entities or [])
        self.token_group = {}
        for gi, group in enumerate(self.groups):
            for m in group.mentions:
                for i in range(m.start, m.end):
                    self.token_group.setdefault(i, gi)

    @cached_property
    def by_form(self) -> dict[str, int]:
        """Each entity by the folded forms it takes in this document."""
        return {fold(f): gi for gi, group in reversed(list(enumerate(self.groups))) for f in group.forms}

    def compound_owner(self, token: Token) -> int | None:
        """The entity a hyphenated compound opens with: "GfbV-Asienreferent", "SPD-Politiker", "HRW-onderzoeker"."""
        head, dash, rest = token.text.partition("-")
        doc = token.doc
        if not dash and token.i + 2 < len(doc) and not token.whitespace_ and doc[token.i + 1].text == "-" \
                and not doc[token.i + 1].whitespace_ and doc[token.i + 2].is_alpha:
            head, dash, rest = token.text, "-", doc[token.i + 2].text  # the tokenizer split it at the hyphen
        return self.by_form.get(fold(head)) if dash and head and rest else None

    @cached_property
    def boilerplate(self) -> re.Pattern[str]:
        """The boilerplate patterns as one alternation: it finds a match where any of them would (so the
        patterns may not number their groups or set global flags, which joining would change)."""
        return _boilerplate(tuple(self.patterns.lexicon["boilerplate"]))

    def is_furniture(self, sent: Span) -> bool:
        """Copyright lines, captions, "Related News" and the like."""
        if len(sent) < 3:
            return True
        text = self.text[sent.start_char:sent.end_char].strip()  # Span.text, without building its tokens
        return self.boilerplate.search(text) is not None

    @cached_property
    def lower(self) -> list[str]:
        """Each token's ``lower_`` by index, read as one array of ids: a rule can skip a token without building it."""
        return string_columns(self.doc, (LOWER,))[0]

    @cached_property
    def pos(self) -> list[str]:
        """Each token's ``pos_`` by index, read the same way."""
        return string_columns(self.doc, (POS,))[0]

    @cached_property
    def text(self) -> str:
        """The Doc's text, joined once (``Doc.text`` joins every token each time it is asked)."""
        return doc_text(self.doc)

    def groups_in(self, tokens: Span | list[Token]) -> list[int]:
        """Entity groups with a mention inside these tokens, in order of appearance."""
        if isinstance(tokens, Span):  # asked of the same sentences again and again: read each span once
            key = (tokens.start, tokens.end)
            found = self._span_groups.get(key)
            if found is None:
                found = self._span_groups[key] = self._groups_at(range(tokens.start, tokens.end))
            return list(found)
        return self._groups_at(t.i for t in tokens)

    def groups_at(self, indexes: Iterable[int]) -> list[int]:
        """Entity groups with a mention at these token indexes, in order of appearance (no token is built)."""
        return self._groups_at(indexes)

    def _groups_at(self, indexes: Iterable[int]) -> list[int]:
        seen: list[int] = []
        get = self.token_group.get
        for i in indexes:
            g = get(i)
            if g is not None and g not in seen:
                seen.append(g)
        return seen

    @cached_property
    def _span_groups(self) -> dict[tuple[int, int], list[int]]:
        return {}

    def kind(self, gi: int) -> str:
        """A coarse role for stance rules: ngo, media, court, state, person, place, other (worked out once)."""
        known = self._kinds.get(gi)
        if known is None:
            known = self._kinds[gi] = self._kind(gi)
        return known

    @cached_property
    def _kinds(self) -> dict[int, str]:
        return {}

    @cached_property
    def _ngo_words(self) -> frozenset[str]:
        return frozenset(fold(w) for w in self.patterns.words("ngo_name_words"))

    def _kind(self, gi: int) -> str:
        group = self.groups[gi]
        if group.kind in NGO_KINDS:
            return "ngo"
        if group.kind in MEDIA_KINDS:
            return "media"
        if group.kind == "court":
            return "court"
        if group.kind == "security_service":
            return "prosecution"
        if group.kind == "intergovernmental":
            return "state"  # the UN, the G7, the Council of Europe speak for their member states
        named = next((k for k in map(self.kind_by_name, (group.name, *group.forms)) if k is not None), None)  # "GfbV" by its full name
        if named in ("court", "prosecution") or (named == "ngo" and group.type == "ORG"):
            return named
        if self._called_media(gi):
            return "media"
        if group.type in ("STATE_BODY", "GPE"):
            return "state"
        if group.type == "PERSON":
            return "person"
        return "other"

    def kind_by_name(self, name: str) -> str | None:
        """The role a body's name gives away: court, prosecution (prosecutors, intelligence), ngo, or None."""
        lowered = name.lower()
        if "court" in lowered or "tribunal" in lowered:
            return "court"
        if any(w in lowered for w in ("intelligence", "security service", "prosecutor", "justice department", "department of justice",
                                      "attorney", "procura", "parquet", "procureur", "openbaar ministerie")):
            return "prosecution"  # charges and intelligence assessments allege; they do not establish
        if any(f" {w} " in f" {fold(name)} " for w in self._ngo_words):
            return "ngo"  # "Tibetan Centre for Human Rights and Democracy", "… Watch": a rights group the gazetteer lacks
        return None

    def _called_media(self, gi: int) -> bool:
        """"the newspaper X", "le quotidien X", "X, a broadcaster": an outlet the gazetteer does not know."""
        doc = self.doc
        media_words = {"newspaper", "daily", "broadcaster", "outlet", "magazine", "website", "tabloid", "quotidien",
                       "journal", "hebdomadaire", "krant", "omroep", "giornale", "quotidiano", "agency", "agence"}
        for m in self.groups[gi].mentions:
            before = {t.lower_ for t in doc[max(0, m.start - 2):m.start]}
            after = {t.lower_ for t in doc[m.end:min(len(doc), m.end + 4)]}
            if before & media_words or (m.end < len(doc) and doc[m.end].text == "," and after & media_words):
                return True
        return False

    @cached_property
    def salience(self) -> Counter[int]:
        return Counter({gi: len(g.mentions) for gi, g in enumerate(self.groups)})

    def most_salient(self, accept: Callable[[int], bool]) -> int | None:
        ranked = [gi for gi, _ in self.salience.most_common() if accept(gi)]
        return ranked[0] if ranked else None

    def country_of(self, gi: int) -> str | None:
        group = self.groups[gi]
        if group.country:
            return group.country
        words = group.name.replace("’", "'").split("'")[0].split()
        for w in words[:1]:
            code = self.patterns.adjective_country.get(w.lower()) or self.patterns.name_country.get(w.lower())
            if code:
                return code
        if group.type == "STATE_BODY":
            return self.patterns.first_country(group.name)  # "ambassade de Chine en France", "ministero … cinese"
        return None


@lru_cache(maxsize=4)
def _boilerplate(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_OPENERS = {"“": "”", "«": "»", "„": "“”", "‘": "’", '"': '"'}


def quotations(text: str) -> list[tuple[int, int, int]]:
    """Quoted passages as (start, end, id) character spans.

    Double quotes, guillemets, German „…“ and curly single quotes; a straight
    apostrophe is never a quote mark, nor is ’ unless a ‘ is open. A passage left
    open at a paragraph's end stops there, but when the next paragraph opens with
    a quote mark (the newspaper convention for one speaker over several
    paragraphs) both parts get the same id.
    """
    spans: list[tuple[int, int, int]] = []
    qid, unclosed, pos = 0, False, 0
    for line in text.split("\n"):
        first = len(line) - len(line.lstrip())
        open_at: int | None = None
        closer = ""
        for j, ch in enumerate(line):
            if open_at is None and ch in _OPENERS:
                before = line[j - 1] if j else " "
                if ch in "‘\"" and not (before.isspace() or before in "([—–-:"):
                    continue
                if not (unclosed and j == first):
                    qid += 1
                open_at, closer = j, _OPENERS[ch]
            elif open_at is not None and ch in closer:
                if ch == "’" and line[j + 1:j + 2].isalpha():
                    continue  # an apostrophe inside a single-quoted passage
                spans.append((pos + open_at, pos + j + 1, qid))
                open_at = None
        if line.strip():
            unclosed = open_at is not None
        if open_at is not None:
            spans.append((pos + open_at, pos + len(line), qid))
        pos += len(line) + 1
    return spans
