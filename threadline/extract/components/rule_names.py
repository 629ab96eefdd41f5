"""Names in languages read by rules (German, Dutch, Italian, Spanish): no model of their own, so
the English model's spans are checked against the language, and what it misses is found by rule.

A capitalised word is a *name word* when it is not a common word of the document's language
(:mod:`threadline.extract.common_words`), or when it is a known place; a common word is still
a name when it is capitalised in the middle of a sentence of a language that writes nouns in
lower case, and the document never writes it in lower case ("Meloni", "Verdi"). German writes
every noun with a capital, and every language capitalises the first word of a sentence and
the words of a heading, so there a common word is never a name on its own.

On that test the rules here
  - clean the model's spans: function words trimmed from the edges, coordinations split
    ("Milano e Roma"), spans without one name word dropped, people made of name words only;
  - propose what the model missed: places from the gazetteers, acronyms, runs of two or three
    name words (people);
  - read state bodies from each language's data: a head noun and the name after it
    ("questura di Torino", "ministerie van Justitie en Veiligheid", "Ministerio del Interior"),
    a nationality adjective and a head ("chinesischen Regierung", "polizia cinese"), German
    compounds ("Bundesinnenministerium") and capitalised heads ("el Gobierno").

City names come from the GeoNames table resolution ships (threadline.resolve.places), country
and region names in the language from CLDR (via :mod:`threadline.extract.languages`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Span, Token

from threadline.extract.common_words import common_words
from threadline.extract.languages import LanguageData, language_data
from threadline.model.countries import countries
from threadline.model.names import fold

_OPENERS = {"„", "“", "\"", "«", "‘", "'", "(", "[", ":", "—", "–", "-", "•", "·", "*", "»"}
_HEADING_SHARE = 0.7  # a line whose words are capitalised this often is a heading (title case)
_MAX_PERSON = 4


def _city(folded: str) -> str | None:
    from threadline.resolve.places import city_country, place

    key = place(folded)
    return city_country(key) if key else None


@dataclass
class Reading:
    """One document's rule context: its language and the facts about its words the rules ask."""

    doc: Doc
    lang: LanguageData
    common_set: frozenset[str]
    lower_words: frozenset[str]
    heading: frozenset[int]  # tokens on heading lines or lines in capitals
    capitalised: frozenset[str] = frozenset()  # the document's capitalised words

    @classmethod
    def of(cls, doc: Doc, code: str) -> Reading:
        lower = frozenset(t.lower_ for t in doc if t.is_alpha and t.is_lower)
        capitalised = frozenset(t.text for t in doc if t.text[:1].isupper())
        return cls(doc, language_data(code), common_words(code), lower, _heading_tokens(doc), capitalised)

    def possessive(self, token: Token) -> bool:
        """A name's possessive: a known place's ("Chinas"), or a name's the document writes bare ("Lehmanns")."""
        return self.genitive_place(token.text)[0] or any(
            b in self.capitalised for b in self.lang.genitive_bases(token.text) if token.text[:1].isupper()
        )

    # -- words -----------------------------------------------------------------

    def place(self, text: str) -> tuple[bool, str | None]:
        """Whether a name is a known place, and its country."""
        found = self._known_place(fold(text))
        return found if found[0] else self.genitive_place(text)

    def genitive_place(self, text: str) -> tuple[bool, str | None]:
        """A known place's possessive ("Chinas", "Deutschlands"), where the language has one; a given
        name is no place's ("Hans", "Jens")."""
        if " " in text or text.lower() in given_names():
            return False, None
        for base in self.lang.genitive_bases(text):
            folded = fold(base)
            if folded in self.lang.territories or len(folded) >= 4:
                found = self._known_place(folded)
                if found[0]:
                    return found
        return False, None

    def _known_place(self, folded: str) -> tuple[bool, str | None]:
        if folded in self.lang.territories:
            return True, self.lang.territories[folded] or None
        code = countries().by_name.get(folded)  # long and old names: "República Popular China", "Volksrepublik China"
        if code:
            return True, code
        if len(folded) >= 3:
            country = _city(folded)
            if country:
                return True, country
        return False, None

    def ambiguous_capital(self, token: Token) -> bool:
        """A capital that says nothing: German nouns, sentence starts, headings."""
        if self.lang.capitalises_nouns or token.i in self.heading or token.is_sent_start:
            return True
        doc = self.doc
        j = token.i - 1
        while j >= 0 and doc[j].text in _OPENERS:
            j -= 1
        return j < 0 or doc[j].text in {".", "!", "?", ":", ";"} or "\n" in doc[j].whitespace_ or "\n" in doc[j].text

    def common(self, token: Token) -> bool:
        """A common word of the language (German compounds on a common last part included)."""
        low = token.lower_
        if low in self.common_set or low in self.lang.function_words or low in self.lang.calendar_words:
            return True
        if self.lang.capitalises_nouns:
            return _common_compound(low, self.common_set, self.lang.compound_links) or any(
                _common_compound(low[: -len(x)], self.common_set, self.lang.compound_links)
                for x in self.lang.derived_suffixes
                if low.endswith(x) and len(low) > len(x) + 6
            )
        return False

    def acronym(self, token: Token) -> bool:
        text = token.text
        return (
            2 <= len(text) <= 6
            and text[:1].isupper()
            and text.isupper()
            and text.replace("-", "").isalnum()
            and token.i not in self.heading
        )

    def name_word(self, token: Token) -> bool:
        """Whether a capitalised word can stand for a name on its own."""
        if not token.text[:1].isupper():
            return False
        if self.acronym(token):
            return True
        if (
            token.lower_ in self.lang.function_words
            or token.lower_ in self.lang.calendar_words
            or token.lower_ in self.lang.titles
        ):
            return False
        if self.place(token.text)[0]:
            return True
        if not self.common(token):
            return True
        if self.ambiguous_capital(token):
            return False
        return token.lower_ not in self.lower_words

    def particle(self, token: Token) -> bool:
        return token.is_lower and token.lower_ in self.lang.name_particles


def _common_compound(word: str, common: frozenset[str], links: tuple[str, ...] = ()) -> bool:
    """German compounds: "Menschenrecht" on "menschen" and "recht", "Übersee-Polizeistationen" on
    "polizeistationen", "Diffamierungskampagne" on "kampagne" after a first part on a linking
    ending of the language ("-ungs"): a noun's ending, whatever the rarer word before it."""
    if "-" in word:
        last = word.rsplit("-", 1)[-1]
        return len(last) >= 3 and (last in common or _common_compound(last, common, links))
    for cut in range(3, len(word) - 3):
        tail, head = word[cut:], word[:cut]
        if (
            len(tail) >= 4
            and tail in common
            and (
                head in common
                or (head[-1] in "sn" and head[:-1] in common)
                or any(head.endswith(x) and len(head) >= len(x) + 3 for x in links)
            )
        ):
            return True
    return False


def _heading_tokens(doc: Doc) -> frozenset[int]:
    """Tokens on lines that are headings: words in capitals, or most words capitalised."""
    out: set[int] = set()
    line: list[Token] = []
    for token in doc:
        line.append(token)
        if "\n" in token.whitespace_ or "\n" in token.text or token.i == len(doc) - 1:
            words = [t for t in line if t.is_alpha]
            field = any(t.text == ":" for t in line[:4])  # "Indieners: Femke de Boer": a field and its value, no heading
            if words and not field:
                caps = sum(1 for t in words if t.text[:1].isupper())
                upper = sum(1 for t in words if t.is_upper and len(t.text) > 1)
                if upper >= max(2, 0.6 * len(words)) or (len(words) >= 3 and caps >= _HEADING_SHARE * len(words)):
                    out.update(t.i for t in line)
            line = []
    return frozenset(out)


# -- the model's spans -----------------------------------------------------------


def clean_span(r: Reading, span: Span, kind: str) -> list[tuple[Span, str]]:
    """The English model's span, checked against the language: trimmed, split, retyped or dropped."""
    doc = r.doc
    start, end = span.start, span.end
    while start < end and (
        _edge_word(r, doc[start]) or doc[start].lower_ in r.lang.according_to or doc[start].lower_ in r.lang.titles
    ):
        start += 1
    while end > start and _edge_word(r, doc[end - 1]):
        end -= 1
    if start >= end:
        return []
    span = doc[start:end]
    if not any(r.name_word(t) for t in span) and not (kind == "PERSON" and _trusted_person(r, span)):
        return []  # "Solche Polizeistationen", "Sindsdien": no word in it can be a name
    if kind in ("GPE", "ORG", "FACILITY") and _after_role(r, span):
        kind = "PERSON"  # "la diputada Lucía Ferrándiz": a title before two or three name words names a person
    out: list[tuple[Span, str]] = []
    for part in _coordinated(r, span):
        out += _typed(r, part, kind if len(part) == len(span) else _place_or(kind))
    return out


def _after_role(r: Reading, span: Span) -> bool:
    if span.start == 0 or not 2 <= len(span) <= 3 or r.place(span.text)[0]:
        return False
    before = r.doc[span.start - 1].lower_
    if before not in r.lang.relations.roles and before not in r.lang.titles:
        return False
    return all(
        t.is_alpha
        and t.text[:1].isupper()
        and not t.is_upper
        and not r.place(t.text)[0]
        and r.lang.head_of(t.text) is None
        for t in span
    )


def join_particle_split(r: Reading, ents: list[Span]) -> list[Span]:
    """The English model cuts a name at its particles ("Marieke van" | "Bosch"): two people's
    spans with only name particles at the cut are one span again."""
    doc, out = r.doc, list[Span]()
    for ent in ents:
        ent = _with_given_name(r, ent)
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ == ent.label_ == "PERSON"
            and ent.start >= prev.end
            and all(r.particle(t) for t in doc[prev.end - 1 : ent.start])
            and r.particle(doc[ent.start - 1])
            and ent.start - prev.end <= 2
            and "\n" not in doc[prev.start : ent.start].text
        ):
            out[-1] = Span(doc, prev.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


def _with_given_name(r: Reading, ent: Span) -> Span:
    """ "Marieke van der" + "Bosch": the capitalised word before a surname's particles is its given name."""
    doc, i = r.doc, ent.start
    if ent.label_ != "PERSON":
        return ent
    while i > 0 and ent.start - i < 3 and r.particle(doc[i - 1]):
        i -= 1
    if i == ent.start or i == 0:
        return ent
    given = doc[i - 1]
    low = given.lower_
    if (
        not _name_like(r, given)
        or low in r.lang.relations.roles
        or "\n" in given.whitespace_
        or (r.lang.capitalises_nouns and r.common(given))  # "Kongress der" + "Uiguren": a German noun
    ):
        return ent  # "Ministero della" + "Pubblica Sicurezza": a body's head, no given name
    return Span(doc, i - 1, ent.end, label="PERSON")


def _trusted_person(r: Reading, span: Span) -> bool:
    """German capitalises its nouns and its names alike, and its own names are common words of it
    ("Jürgen Müller"): two or three capitalised words the model calls a person stay its call. So does
    a name with particles inside it, in any language ("Hanneke van der Berg"): its shape is a person's."""
    if (
        3 <= len(span) <= 5
        and all(r.particle(t) for t in span[1:-1])
        and all(
            t.is_alpha
            and t.text[:1].isupper()
            and t.lower_ not in r.lang.titles
            and r.lang.head_of(t.text) is None
            and not (r.lang.capitalises_nouns and r.common(t))
            for t in (span[0], span[-1])
        )
        and not r.place(span.text)[0]
    ):
        return True  # ("Bergen op Zoom" is a place; German nouns and articles: "Tätigkeit der Experten")
    return (
        r.lang.capitalises_nouns
        and 2 <= len(span) <= 3
        and all(t.is_alpha and t.text[:1].isupper() and r.lang.head_of(t.text) is None for t in span)
    )


def _edge_word(r: Reading, token: Token) -> bool:
    return (
        token.is_punct
        or token.is_space
        or token.lower_.replace("’", "'") in r.lang.function_words
        or (not token.text[:1].isupper() and not token.like_num and token.lower_ not in r.lang.name_particles)
    )


def _coordinated(r: Reading, span: Span) -> list[Span]:
    """ "Milano e Roma", "Fuzhou en Qingtian": two names when both sides hold a name word."""
    doc = span.doc
    cuts = [t.i for t in span if t.lower_ in r.lang.conjunctions and span.start < t.i < span.end - 1]
    if not cuts:
        return [span]
    parts, begin = [], span.start
    for cut in cuts + [span.end]:
        parts.append(doc[begin:cut])
        begin = cut + 1
    if all(len(p) and any(r.name_word(t) for t in p) for p in parts) and all(p[0].text[:1].isupper() for p in parts):
        return parts
    return [span]


def _typed(r: Reading, span: Span, kind: str) -> list[tuple[Span, str]]:
    organisation = _organisation(r, span) if kind in ("PERSON", "ORG", "GPE") else None
    if organisation is not None:
        return [(organisation, "ORG")]  # "Europa-Jugend-Rat der Tibeter": an organisation's head, then what it is of
    if (
        len(span) == 1
        and r.lang.capitalises_nouns
        and (head := r.lang.head_of(span.text)) is not None
        and not _standalone(r, span[0], head)
    ):
        return []  # "Konsulate", "Behörden": a German state body's head noun alone names no body
    is_place, _ = r.place(span.text)
    if is_place and kind in ("PERSON", "ORG", "GPE", "FACILITY") and not r.acronym(span[0]):
        return [(span, "GPE")]
    if len(span) == 1 and kind == "GPE" and listed_with_places(r, span[0]):
        return [(span, "GPE")]  # "Roma, Bolzano, Venezia e Prato": a capitalised word in a list of places is one
    if (
        len(span) == 1
        and (kind in ("PERSON", "GPE") or r.lang.capitalises_nouns)
        and r.common(span[0])
        and not r.acronym(span[0])
    ):
        return []  # a common word is no person on its own, nor a place the gazetteers do not know (nor a German noun)
    possessors = [t for t in span if r.possessive(t)]
    if len(span) > 1 and possessors and all(t in possessors or r.common(t) for t in span):
        # "Chinas Diffamierungskampagne", "Lehmanns Antrag": a name's possessive and a common noun name
        # nothing but the possessor; a place's is kept, the rest the name's own mentions hold
        return [(t.doc[t.i : t.i + 1], "GPE") for t in possessors if r.genitive_place(t.text)[0]]
    if kind == "ORG":
        return _split_at_given_name(r, span)
    if kind != "PERSON":
        return [(span, kind)]
    if len(span) > 1 and r.place(span[0].text)[0] and all(r.common(t) for t in span[1:]):
        return [(span, "FACILITY")]  # "Rotterdam Centraal", "Milano Centrale": a place and a common noun
    out = []
    for run in _person_runs(r, span):
        if len(run) > 1:
            out.append((run, "PERSON"))
        elif r.place(run.text)[0]:
            out.append((run, "GPE"))
        elif not r.common(run[0]):
            out.append((run, "PERSON"))
    return out


def _organisation(r: Reading, span: Span) -> Span | None:
    """The span's first word (a hyphenated compound's last part, or a German compound's end) is an
    organisation's head noun of the language, and an of-phrase names what it is of, inside the span or
    just after it (the English model often stops at the head): the organisation's whole name."""
    doc, k = r.doc, span.start
    while k + 2 < len(doc) and doc[k + 1].text == "-" and not doc[k].whitespace_ and not doc[k + 1].whitespace_:
        k += 2
    if k >= span.end:
        return None
    low = doc[k].lower_
    if not any(
        low == h or (r.lang.capitalises_nouns and low.endswith(h) and len(low) > len(h) + 3)
        for h in r.lang.organisation_heads
    ):
        return None
    named = _of_phrase(r, k + 1)
    if named is None or named[0] > k + 3:
        return None
    return doc[span.start : max(span.end, named[1])]


def _split_at_given_name(r: Reading, span: Span) -> list[tuple[Span, str]]:
    """"Grupo Mixto Pablo Cambronero": an organisation and the person named after it."""
    doc = span.doc
    for t in span[1:-1]:
        nxt = doc[t.i + 1]
        if t.lower_ in given_names() and t.text[:1].isupper() and nxt.text[:1].isupper() and not r.common(nxt):
            return [(doc[span.start:t.i], "ORG"), (doc[t.i:span.end], "PERSON")]
    return [(span, "ORG")]


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Western given names from the maintained list resolution uses (resolve/data/given_names.yaml)."""
    text = resources.files("threadline.resolve").joinpath("data/given_names.yaml").read_text("utf-8")
    return frozenset(str(n).lower() for group in yaml.safe_load(text)["groups"] for n in group)


def _person_runs(r: Reading, span: Span) -> list[Span]:
    """A person's name is name words and particles: "Indieners Hanneke van der Werf" -> "Hanneke van der Werf"."""
    doc = span.doc
    if _trusted_person(r, span):
        return [span]
    runs, begin = [], None
    for t in span:
        capital = t.text[:1].isupper()
        after_particle = capital and t.i > span.start and r.particle(doc[t.i - 1])  # "van der Werf"
        before_particle = capital and t.i + 2 < span.end and r.particle(doc[t.i + 1])  # "Hanneke van der Werf"
        ok = r.name_word(t) or after_particle or before_particle or (begin is not None and (r.particle(t) or t.text in ("-", "'", "’")))
        if ok and begin is None:
            begin = t.i
        if not ok and begin is not None:
            runs.append(doc[begin:t.i])
            begin = None
    if begin is not None:
        runs.append(doc[begin:span.end])
    out = []
    for run in runs:
        while len(run) and (r.particle(run[-1]) or run[-1].is_punct):
            run = run[:-1]
        if len(run):
            out.append(run)
    if len(out) == 1 and len(out[0]) == 1 and out[0].end == span.end and all(t.text[:1].isupper() for t in span) \
            and len(span) <= 3:
        return [span]  # "Sjoerd Sjoerdsma": a given name that is also a common word, before a surname
    return out


def _place_or(kind: str) -> str:
    return "GPE" if kind in ("ORG", "PERSON", "GPE") else kind


# -- what the model missed -------------------------------------------------------


def propose(r: Reading, taken: set[int]) -> list[tuple[int, int, str, str | None]]:
    """Names no other source found: places, acronyms and people, as (start, end, type, country)."""
    doc, i = r.doc, 0
    out: list[tuple[int, int, str, str | None]] = []
    while i < len(doc):
        named = None if i in taken else country_name_at(r, i)
        if named is not None and not any(k in taken for k in range(i, named[0])):
            out.append((i, named[0], "GPE", named[1]))
            i = named[0]
            continue
        titled = _titled_person(r, i, taken)
        if titled:
            out.append((i, titled, "PERSON", None))
            i = titled
            continue
        if i in taken or not r.name_word(doc[i]) or _glued(doc, i):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j not in taken and j - i < _MAX_PERSON and (
                r.name_word(doc[j]) or (r.particle(doc[j]) and j + 1 < len(doc) and r.name_word(doc[j + 1]))):
            j += 1
        out += _proposal(r, doc[i:j])
        i = j
    return out


def _titled_person(r: Reading, i: int, taken: set[int]) -> int:
    """ "die Abgeordnete Katrin Lehmann": two or three capitalised words after a job title of the
    language are a person's name, common words or not; the end of the name, or 0."""
    doc = r.doc
    if (
        i == 0
        or i in taken
        or (doc[i - 1].lower_ not in r.lang.relations.roles and doc[i - 1].lower_ not in r.lang.titles)
    ):
        return 0
    j = i
    while (
        j < len(doc) and j - i < 3 and j not in taken and _name_like(r, doc[j]) and "\n" not in doc[j - 1].whitespace_
    ):
        j += 1
    if j - i == 3 and r.common(doc[j - 1]):
        j -= 1  # "Minister Hans Weber Heute": a name of two words, and the sentence goes on
    return j if j - i >= 2 and not r.place(doc[i:j].text)[0] else 0


def _name_like(r: Reading, t: Token) -> bool:
    low = t.lower_
    return (
        t.is_alpha
        and t.text[:1].isupper()
        and not t.is_upper
        and low not in r.lang.function_words
        and low not in r.lang.titles
        and low not in r.lang.calendar_words
        and r.lang.head_of(t.text) is None
        and not r.place(t.text)[0]
    )


def listed_with_places(r: Reading, token: Token) -> bool:
    """A capitalised word between list separators whose neighbours in the list are known places, one
    of them at least before it and one after it or two on one side ("Roma, Bolzano, Venezia e Prato")."""
    doc = r.doc
    if not (token.is_alpha and token.text[:1].isupper()) or r.ambiguous_capital(token):
        return False

    def item(i: int, step: int) -> bool:
        sep = i + step if step > 0 else i - 1
        k = sep + step if step > 0 else sep - 1
        if not (0 <= sep < len(doc) and 0 <= k < len(doc)):
            return False
        if doc[sep].text != "," and doc[sep].lower_ not in r.lang.conjunctions:
            return False
        return doc[k].text[:1].isupper() and r.place(doc[k].text)[0]

    before, after = item(token.i, -1), item(token.i, 1)
    return (before and after) or (before and item(token.i - 2, -1)) or (after and item(token.i + 2, 1))


def _glued(doc: Doc, i: int) -> bool:
    """ "CDU-Innenexperte", "Spain-based": a word of a compound, no name standing alone."""
    return i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_


def _proposal(r: Reading, run: Span) -> list[tuple[int, int, str, str | None]]:
    is_place, country = r.place(run.text)
    if is_place:
        return [(run.start, run.end, "GPE", country)]
    places = [r.place(t.text) for t in run]
    if len(run) > 1 and all(p for p, _ in places):
        return [(t.i, t.i + 1, "GPE", c) for t, (_, c) in zip(run, places)]
    if len(run) == 1:
        token = run[0]
        if r.acronym(token) and not token.like_num:
            return [(token.i, token.i + 1, "ORG", None)]
        before = r.doc[token.i - 1].lower_ if token.i else ""
        if (before in r.lang.locatives and not r.common(token)) or listed_with_places(r, token):
            return [(token.i, token.i + 1, "GPE", None)]
        return []
    if any(r.acronym(t) for t in run) or any(p for p, _ in places):
        return []
    if all(not r.common(t) or not r.ambiguous_capital(t) for t in run) and run[-1].text[:1].isupper():
        return [(run.start, run.end, "PERSON", None)]
    return []


# -- state bodies ----------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    """A state body read by rule, with the places named inside it."""

    start: int
    end: int
    country: str | None
    places: tuple[tuple[int, int, str | None], ...] = ()


def state_bodies(r: Reading) -> list[Body]:
    """State bodies the language's data describes, longest first where two overlap."""
    doc, out = r.doc, []
    for t in doc:
        head = r.lang.head_of(t.text)
        portfolio = t.lower_ in r.lang.portfolio_roles
        if head is None and not portfolio:
            continue
        named = _of_phrase(r, t.i + 1)
        if portfolio and named is None:
            named = _portfolio_at(r, t.i + 1)
        start = t.i
        if portfolio:
            if named is None:
                continue
            start = named[0]  # "minister van Buitenlandse Zaken": the portfolio names the ministry
        first = t.i
        while (
            not portfolio
            and first > 0
            and r.doc[first - 1].is_lower
            and r.doc[first - 1].lower_ in r.lang.head_modifiers
        ):
            first -= 1  # "de openbare veiligheidsdienst van Fuzhou": a modifier that is part of the body's name
        adjective = _adjective_before(r, first)
        if not portfolio:
            start = adjective[0] if adjective is not None else first
        end = named[1] if named else t.i + 1
        after = _adjective_after(r, end)
        if after is not None:
            end = after[0] + 1
        country = (adjective or after or (None, None))[1]
        if named is None and adjective is None and after is None and not _standalone(r, t, head):
            continue
        places = _places_in(r, named) if named else ()
        if adjective is not None and r.genitive_place(r.doc[adjective[0]].text)[0]:
            places += ((adjective[0], adjective[0] + 1, adjective[1]),)  # "Chinas" of "Chinas Behörden"
        if country is None:
            country = next((c for _, _, c in places if c), None)
        out.append(Body(start, end, country, places))
    return _longest(out)


def laws(r: Reading) -> list[tuple[int, int]]:
    """Laws named by a law noun of the language in lower case and what it is of ("het verdrag van
    Wenen", "la legge di Bilancio"): a treaty is no place, though a place names it."""
    out = []
    for t in r.doc:
        if t.is_lower and t.lower_ in r.lang.law_heads:  # a capitalised law is the model's and the gazetteer's
            named = _of_phrase(r, t.i + 1)
            if named is not None and named[1] - t.i <= 6:
                out.append((t.i, named[1]))
    return out


def _of_phrase(r: Reading, i: int) -> tuple[int, int] | None:
    """ "di Torino", "van Justitie en Veiligheid", "de Seguridad del Estado": the name a head is of."""
    doc = r.doc
    j = i
    while j < len(doc) and doc[j].lower_ in r.lang.of_words and j - i < 3:
        j += 1
    if j == i or j >= len(doc) or not _capital_word(doc[j]):
        return None
    end = j
    while end < len(doc) and _capital_word(doc[end]):
        end += 1
        k = end
        while (
            k < len(doc) and (doc[k].lower_ in r.lang.of_words or doc[k].lower_ in r.lang.conjunctions) and k - end < 2
        ):
            k += 1
        if k > end and k < len(doc) and _capital_word(doc[k]) and "\n" not in doc[end - 1].whitespace_:
            end = k
    for start in range(j, end):
        country = country_name_at(r, start)
        if country is not None:
            return (
                j,
                max(end, country[0]),
            )  # "della Repubblica popolare cinese": a country's long name, small words in it
    return (j, end)


def country_name_at(r: Reading, i: int) -> tuple[int, str] | None:
    """A country's name of two words or more starting at a capitalised token, in any case after it
    ("Repubblica popolare cinese", "Volksrepublik China"): where it ends and the country."""
    doc = r.doc
    if i >= len(doc) or not doc[i].text[:1].isupper():
        return None
    names = countries().by_name
    for n in range(min(6, len(doc) - i), 1, -1):
        span = doc[i : i + n]
        if "\n" not in span.text:
            code = names.get(fold(span.text))
            if code:
                return i + n, code
    return None


def _portfolio_at(r: Reading, i: int) -> tuple[int, int] | None:
    """ "minister buitenlandse zaken", "minister van justitie en veiligheid": a portfolio of the language's
    data, in any case, after a portfolio role (an of-word between them or not)."""
    doc = r.doc
    while i < len(doc) and doc[i].lower_ in r.lang.of_words:
        i += 1
    for words in r.lang.portfolios:
        end = i + len(words)
        if end <= len(doc) and tuple(t.lower_ for t in doc[i:end]) == words and "\n" not in doc[i:end].text:
            return (i, end)
    return None


def _capital_word(token: Token) -> bool:
    return token.text[:1].isupper() and (token.is_alpha or "-" in token.text or "'" in token.text or "’" in token.text)


def _adjective_before(r: Reading, i: int) -> tuple[int, str] | None:
    """ "chinesische Regierung", and a place's possessive before its body: "Chinas Behörden"."""
    if i > 0 and r.doc[i - 1].lower_ in r.lang.adjectives and not r.place(r.doc[i - 1].text)[0]:
        return i - 1, r.lang.adjectives[r.doc[i - 1].lower_]
    if i > 0 and r.doc[i - 1].text[:1].isupper():
        is_place, country = r.genitive_place(r.doc[i - 1].text)
        if is_place and country:
            return i - 1, country
    return None


def _adjective_after(r: Reading, i: int) -> tuple[int, str] | None:
    if i < len(r.doc) and r.doc[i].is_lower and r.doc[i].lower_ in r.lang.adjectives:
        return i, r.lang.adjectives[r.doc[i].lower_]
    return None


def _standalone(r: Reading, token: Token, head: str | None) -> bool:
    """A head that names one body alone: a German compound on "Bundes-", or a capitalised head in
    the middle of a sentence of a language that writes nouns small ("el Gobierno", "la Camera")."""
    low = token.lower_
    if any(low.startswith(p) and len(low) > len(p) + 3 for p in r.lang.compound_prefixes) and head and low != head:
        return True
    return (not r.lang.capitalises_nouns and token.text[:1].isupper() and low == head
            and not r.ambiguous_capital(token) and not token.is_upper)


def _places_in(r: Reading, span: tuple[int, int]) -> tuple[tuple[int, int, str | None], ...]:
    out: list[tuple[int, int, str | None]] = []
    i = span[0]
    while i < span[1]:
        named = country_name_at(r, i)
        if named is not None and named[0] <= span[1]:
            out.append((i, named[0], named[1]))
            i = named[0]
            continue
        is_place, country = r.place(r.doc[i].text)
        if is_place:
            out.append((i, i + 1, country))
        i += 1
    if not out and span[1] - span[0] == 1 and not r.common(r.doc[span[0]]):
        out.append((span[0], span[1], None))  # "politie van Qingtian": a body of a place the gazetteers do not know
    return tuple(out)


def _longest(bodies: list[Body]) -> list[Body]:
    chosen: list[Body] = []
    for b in sorted(bodies, key=lambda b: (-(b.end - b.start), b.start)):
        if not any(b.start < c.end and c.start < b.end for c in chosen):
            chosen.append(b)
    return sorted(chosen, key=lambda b: b.start)
