"""Relations stated inside one sentence, from dependency and adjacency patterns.

    "X in Y" / "X on Y" / "X, in Y"            X located_in Y
    "Fuzhou is a city in Fujian"               Fuzhou located_in Fujian; so "Lyon, capitale de la région X"
    "Hamilton, Ontario"                        Hamilton located_in Ontario (a place, then the place it lies in)
    "a charity based in Leeds", "in München ansässige X"   X located_in the place
    "Harth, campaign director of SD"          Harth employed_by SD (the role word picks the predicate)
    "ministry spokesman Zhao Lijian"          Zhao Lijian spokesperson_for ministry
    "Texas Governor Jane Roe"                  Jane Roe leads Texas
    "the director of the NGO, Jane Roe"        Jane Roe leads the NGO
    "Jane Roe (D66)"                           Jane Roe member_of D66 (a party in brackets after a name)
    "the ministry, que dirige Jane Roe"        Jane Roe leads the ministry (a relative clause)
    "the council (SC) of Linwood University"   council part_of university; so is "the university's council"
    "Xinhua revealed ... the embassy"          Xinhua reported_on embassy (verb lists in lexicon.yaml)
    "the party's use of the UFWD"             party operates UFWD
    "the arrest of X by the police"            police investigated X (action nouns in the language files)
    "X wurde von der Polizei festgenommen"     police investigated X (participles, where there is no parse)
    "the office, run by the embassy"           embassy operates office
    "Canada's McMaster University"             McMaster University located_in Canada
    "der SPD-Innenexperte Sebastian Fiedler"   Sebastian Fiedler member_of SPD
    an NGO alleges that a state body did X    NGO accused state body

Words that differ by language (role words, "of" and "by", relative pronouns, action nouns)
come from the language's data file (extract/languages.py, the ``relations`` section).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from threadline.extract.components.context import DocView
from threadline.extract.languages import LanguageData, language_data
from threadline.extract.patterns import Patterns, load_patterns
from threadline.model.names import fold
from threadline.model.schema import SCHEMA

_ACTORS = ("PERSON", "ORG", "STATE_BODY", "GPE")
_BODIES = ("ORG", "STATE_BODY")
_PLACES = ("GPE", "FACILITY")
_LOCATIVE = {"in", "on", "at", "à", "en", "au", "a", "te", "op", "驻"}
_ARTICLES = {"the", "l'", "la", "le", "de", "het"}
_POSSESSIVE = ("'s", "’s", "'", "’")
_OPEN_QUOTES = ('"', "“", "«", "„", "‘")

Mention = tuple[int, int, int]  # start, end, entity group
Add = Callable[[Span, "int | None", str, "int | None"], None]


@dataclass(frozen=True)
class RelationHit:
    sent_start: int
    sent_end: int
    subject: int
    predicate: str
    object: int


@dataclass
class _Reading:
    """One document as the relation rules see it: its entities, its language's words and its mentions by position."""

    view: DocView
    lang: LanguageData
    roles: dict[str, str]
    parsed: bool  # the language has a parser of its own; else part-of-speech tags are another language's guesses
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
        while i < end and doc[i].lower_ in self.lang.relations.articles | _ARTICLES:
            i += 1
        return i


class RelationFinder:
    def __init__(self, patterns: Patterns):
        self.patterns = patterns
        lex = patterns.lexicon
        self.roles = {w.lower(): pred for pred, ws in lex["roles"].items() for w in ws}
        self.verbs: dict[str, str] = {}
        for pred, ws in lex["relation_verbs"].items():  # a verb listed twice keeps its first predicate
            for w in ws:
                self.verbs.setdefault(w.lower(), pred)

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.patterns)
        code = (doc._.tl_language if Doc.has_extension("tl_language") else None) or doc.lang_
        lang = language_data(code)
        r = _Reading(view, lang, {**self.roles, **lang.relations.roles}, not SCHEMA.read_by_rules(code))
        found: dict[tuple[int, str, int], RelationHit] = {}

        def add(sent: Span, s: int | None, pred: str, o: int | None) -> None:
            if s is None or o is None or s == o:
                return
            found.setdefault((s, pred, o), RelationHit(sent.start, sent.end, s, pred, o))

        for sent in doc.sents:
            if view.is_furniture(sent):
                continue
            mentions = r.within(sent)
            if not mentions:
                continue
            self._locations(sent, r, mentions, add)
            self._places(sent, r, mentions, add)
            self._place_nouns(sent, r, mentions, add)
            self._based(sent, r, add)
            self._parts(sent, r, mentions, add)
            self._roles(sent, r, mentions, add)
            self._brackets(sent, r, mentions, add)
            self._relatives(sent, r, mentions, add)
            self._verbs(sent, r, add)
            self._nominals(sent, r, add)
            self._passives(sent, r, add)
        for claim in doc._.tl_claims or []:
            self._accusation(doc, claim, view, add)
        doc._.tl_relations = list(found.values())
        return doc

    # -- places --------------------------------------------------------------------------------

    def _locations(self, sent: Span, r: _Reading, mentions: list[Mention], add: Add) -> None:
        doc, view, places = sent.doc, r.view, r.places
        for start, end, gi in mentions:
            if r.type(gi) not in ("ORG", "STATE_BODY", "FACILITY", "EVENT"):
                continue
            for s2, _, gj in mentions:
                if r.type(gj) not in _PLACES or gj == gi:
                    continue
                if start < s2 < end:  # "embassy in Dublin" inside one name
                    between = doc[start:s2]
                elif s2 >= end:
                    between = doc[end + 1 if doc[end].text == "," else end : s2]  # "X, in Hamilton"
                    if len([t for t in between if t.lower_ not in _ARTICLES]) > 1:
                        continue
                else:
                    continue
                words = [t.lower_ for t in between if t.lower_ not in _ARTICLES]
                if words and words[-1] in _LOCATIVE:
                    add(sent, gi, "located_in", gj)
            # "the Chinese Embassy in Italy" as one name, with Italy named elsewhere in the document
            inner = [t.i for t in doc[start + 1 : end - 1] if t.lower_ in r.lang.locatives]  # not "Alliance on China"
            if inner:
                add(sent, gi, "located_in", places.get(fold(doc[inner[-1] + 1 : end].text)))
        for _start, end, gi in mentions:  # "Canada's McMaster University": a place's organisation is located there
            if r.type(gi) != "GPE" or end + 1 >= sent.end or doc[end].text not in _POSSESSIVE:
                continue
            after = next(((s2, gj) for s2, _, gj in mentions if s2 > end), None)
            if after is not None and after[0] - end <= 2 and r.type(after[1]) in ("ORG", "FACILITY"):
                add(sent, after[1], "located_in", gi)
        for t in sent:  # "Fuzhou is a city in the province of Fujian"
            if t.lower_ in r.lang.relations.place_nouns and t.dep_ in ("attr", "appos"):
                subj_tokens = [c for c in t.head.children if c.dep_ in ("nsubj",)] if t.dep_ == "attr" else [t.head]
                subj = next(
                    (view.token_group.get(x.i) for x in subj_tokens if view.token_group.get(x.i) is not None), None
                )
                inner_groups = [view.token_group.get(x.i) for x in t.subtree if x.i != t.i]
                place = next((g for g in inner_groups if g is not None and r.type(g) == "GPE" and g != subj), None)
                if subj is not None and r.type(subj) == "GPE":
                    add(sent, subj, "located_in", place)

    def _place_nouns(self, sent: Span, r: _Reading, mentions: list[Mention], add: Add) -> None:
        """ "Lyon, capitale de la région X", "Prato è una città della Toscana", without a parse."""
        words = r.lang.relations
        if not words.place_nouns:
            return
        doc = sent.doc
        for _start, end, gi in mentions:
            if r.type(gi) != "GPE":
                continue
            noun = next((j for j in range(end, min(sent.end, end + 5)) if doc[j].lower_ in words.place_nouns), None)
            if noun is None or any(j in r.view.token_group or doc[j].text in ".;:()" for j in range(end, noun)):
                continue
            if doc[end].text != "," and not any(doc[j].lower_ in words.copulas for j in range(end, noun)):
                continue
            links = words.of | r.lang.locatives | _LOCATIVE
            j = noun + 1
            while j < min(sent.end, noun + 5) and j not in r.at and doc[j].text not in ",.;:()":
                j += 1
            place = r.at.get(j)
            # the place noun says what the name after it is, whatever type the name got ("capoluogo della Lombardia")
            if place is not None and any(doc[k].lower_ in links for k in range(noun + 1, j)):
                add(sent, gi, "located_in", place[2])

    def _places(self, sent: Span, r: _Reading, mentions: list[Mention], add: Add) -> None:
        """ "Hamilton, Ontario": a place, a comma and the larger place it lies in; never inside a list of places."""
        doc = sent.doc
        joins = r.lang.conjunctions | {",", "and", "or", "&", "/"}

        for a, b in zip(mentions, mentions[1:], strict=False):
            if (
                r.type(a[2]) != "GPE"
                or r.type(b[2]) != "GPE"
                or a[2] == b[2]
                or b[0] != a[1] + 1
                or doc[a[1]].text != ","
            ):
                continue
            if self._is_country(r, a[2]):
                continue  # "Canada, Ontario" is no address
            before = a[0] - 1
            if (
                before > sent.start
                and doc[before].text in joins
                and any(m[1] == before and r.type(m[2]) == "GPE" for m in mentions)
            ):
                continue  # "Milan, Rome, Turin": a list
            after = b[1]
            if after < sent.end and doc[after].text in _POSSESSIVE:
                continue
            if after < sent.end and doc[after].lower_ in r.lang.conjunctions | {"and", "or", "&"}:
                continue  # "Rome, Milan and other cities"
            if (
                after + 1 < sent.end
                and doc[after].text == ","
                and (after + 1 in r.at or doc[after + 1].lower_ in joins or doc[after + 1].is_title)
            ):
                continue  # "Croydon, Glasgow, and Hendon"
            add(sent, a[2], "located_in", b[2])

    def _is_country(self, r: _Reading, gi: int) -> bool:
        g = r.view.groups[gi]
        return any(fold(f) in r.lang.territories or f.lower() in self.patterns.name_country for f in (g.name, *g.forms))

    def _based(self, sent: Span, r: _Reading, add: Add) -> None:
        """ "an NGO based in Leeds", "con sede a Roma", "dem in München ansässigen Verein"."""
        based = r.lang.relations.based
        if not based:
            return
        doc, view = sent.doc, r.view
        for t in sent:
            two = t.i + 1 < sent.end and f"{t.lower_} {doc[t.i + 1].lower_}" in based
            if t.lower_ not in based and not two:
                continue
            nxt = t.i + (2 if two else 1)
            place = self._place_after(doc, r, nxt, sent.end)
            if place is not None:
                add(sent, self._based_body(doc, r, t), "located_in", place)
                continue
            # before a noun: "die in München ansässige Gesellschaft"
            prev = next(
                (m for m in r.within(doc[max(sent.start, t.i - 6) : t.i]) if m[1] == t.i and r.type(m[2]) in _PLACES),
                None,
            )
            body = r.at.get(nxt)
            if (
                prev is not None
                and prev[0] > sent.start
                and doc[prev[0] - 1].lower_ in r.lang.locatives | _LOCATIVE
                and body is not None
                and r.type(body[2]) in (*_BODIES, "FACILITY")
            ):
                add(sent, view.token_group.get(body[0]), "located_in", prev[2])

    def _place_after(self, doc: Doc, r: _Reading, i: int, end: int) -> int | None:
        j = r.skip(doc, i, frozenset(r.lang.locatives | _LOCATIVE), end)
        m = r.at.get(j) if j is not None else None
        return m[2] if m is not None and r.type(m[2]) in _PLACES else None

    def _based_body(self, doc: Doc, r: _Reading, t: Token) -> int | None:
        """The organisation "based" describes: from the parse when it has one, else the body named just before."""
        view = r.view
        head = t.head if t.dep_ in ("acl", "amod", "appos", "advcl") else None
        if head is not None:
            if head.dep_ in ("attr", "appos") and view.token_group.get(head.i) is None:
                head = (
                    next((c for c in head.head.children if c.dep_ == "nsubj"), head.head)
                    if head.dep_ == "attr"
                    else head.head
                )
            gi = view.token_group.get(head.i)
            if gi is not None and r.type(gi) in (*_BODIES, "FACILITY"):
                return gi
        for i in range(t.i - 1, max(t.sent.start, t.i - 5) - 1, -1):
            gi = view.token_group.get(i)
            if gi is not None:
                return gi if r.type(gi) in (*_BODIES, "FACILITY") else None
        return None

    # -- bodies --------------------------------------------------------------------------------

    def _parts(self, sent: Span, r: _Reading, mentions: list[Mention], add: Add) -> None:
        """ "the Student Council (SC) of Canada's Linwood University", "the university's council": part_of."""
        doc = sent.doc
        of = r.lang.relations.of
        for a in mentions:
            if r.type(a[2]) not in _BODIES:
                continue
            i = a[1]
            if i + 2 < sent.end and doc[i].text == "(" and doc[i + 2].text == ")":
                i += 3  # a bracketed acronym
            elif i < sent.end and doc[i].text == ")" and "(" in doc[a[0] : a[1]].text:
                i += 1  # a name that took in the opening bracket of its acronym
            j = r.skip(doc, i, of, sent.end)
            if j is not None:
                place = r.at.get(j)
                if (
                    place is not None
                    and r.type(place[2]) == "GPE"
                    and place[1] < sent.end
                    and doc[place[1]].text in _POSSESSIVE
                ):
                    j = place[1] + 1
                b = r.at.get(j)
                if b is not None and r.type(b[2]) in _BODIES:
                    add(sent, a[2], "part_of", b[2])
            if i < sent.end and doc[i].text in ("'s", "’s"):  # "the European Parliament's committee"
                b = r.at.get(i + 1)
                if b is not None and r.type(b[2]) in _BODIES and self._role(doc[b[0] : b[1]], r) is None:
                    add(sent, b[2], "part_of", a[2])

    # -- people --------------------------------------------------------------------------------

    def _roles(self, sent: Span, r: _Reading, mentions: list[Mention], add: Add) -> None:
        doc, view = sent.doc, r.view
        for idx, (start, end, gi) in enumerate(mentions):
            if r.type(gi) != "PERSON":
                continue
            # after the name: ", campaign director of Safeguard Defenders,"
            if end < sent.end and doc[end].text == ",":
                stop = next(
                    (t.i for t in doc[end + 1 : sent.end] if t.text in (",", ";", ")") or t.pos_ == "VERB"), sent.end
                )
                phrase = doc[end + 1 : stop]
                role = self._role(phrase, r)
                orgs = [g for g in view.groups_in(phrase) if r.type(g) in _BODIES]
                if role and orgs:
                    add(sent, gi, role[0], orgs[0])
            title = self._role(doc[max(sent.start, start - 4) : start], r)
            # a title before the name, the body after it: "Minister of State Jane Roe at the Home Office"
            if title is not None:
                j = r.skip(doc, end, frozenset({"at", "from"}) | r.lang.relations.of, sent.end)
                body = r.at.get(j) if j is not None else None
                if body is not None and r.type(body[2]) in _BODIES:
                    add(sent, gi, title[0], body[2])
                    continue
            # "Jane Roe of Amnesty International", "Karl Moser von der CDU", "Jane Roe of the NGO Safeguard Defenders"
            employer = self._body_after(doc, r, end, sent.end)
            if employer is not None:
                add(sent, gi, "member_of" if view.groups[employer].kind == "party" else "employed_by", employer)
            # before the name: "foreign ministry spokesman Zhao Lijian", "MEP Place Publique X", "Texas Governor X"
            prev = [m for m in mentions[:idx] if m[1] <= start and r.type(m[2]) in (*_BODIES, "GPE")]
            if prev:
                self._title_before(sent, r, prev[-1], (start, end, gi), add)
            # "der SPD-Innenexperte Sebastian Fiedler": a body glued by a hyphen to the person's role
            if start - 3 >= sent.start and doc[start - 2].text == "-" and not doc[start - 3].whitespace_:
                self._glued(sent, r, doc[start - 3].text, doc[start - 1], gi, add)
            # "the Dutch foreign minister, Wopke Hoekstra"
            before = doc[max(sent.start, start - 6) : start]
            words = [t.lower_ for t in before if not t.is_punct and t.lower_ not in ("the", "a")]
            if words and words[-1] == "minister":
                target = fold(" ".join(words[:-1] + ["ministry"]))
                owner = next(
                    (
                        g
                        for g, grp in enumerate(view.groups)
                        if fold(grp.name).endswith(target)
                        or target.endswith(fold(grp.name))
                        and "ministry" in fold(grp.name)
                    ),
                    None,
                )
                add(sent, gi, "leads", owner)

    def _body_after(self, doc: Doc, r: _Reading, end: int, stop: int) -> int | None:
        """The body named in an of-phrase right after a name, past at most two words saying what it is ("the NGO")."""
        j = r.skip(doc, end, r.lang.relations.of, stop)
        if j is None:
            return None
        for _ in range(2):
            if j >= stop or j in r.at or doc[j].is_punct or (r.parsed and doc[j].pos_ in ("VERB", "AUX", "ADP")):
                break
            if not (doc[j].is_lower or doc[j].is_upper):
                return None
            j += 1
        m = r.at.get(j)
        return m[2] if m is not None and r.type(m[2]) in _BODIES else None

    def _title_before(self, sent: Span, r: _Reading, prev: Mention, person: Mention, add: Add) -> None:
        doc = sent.doc
        ps, pe, pg = prev
        start, gi = person[0], person[2]
        gap = doc[pe:start]
        if gap.text.strip() == ",":  # "the director of the NGO, Jane Roe"
            of = r.lang.relations.of | {"for", "at"}
            lead = [
                t
                for t in doc[max(sent.start, ps - 4) : ps]
                if t.lower_ in of or t.lower_ not in r.lang.relations.articles | _ARTICLES
            ]
            role = self._role(doc[max(sent.start, ps - 4) : ps], r)
            if lead and lead[-1].lower_ in of and role is not None and r.type(pg) in _BODIES:
                add(sent, gi, role[0], pg)
            return
        if (
            1 < len(gap) <= 4
            and gap[-1].text == ","
            and not any(t.is_punct and t.text not in ("'s", "’s") for t in gap[:-1])
        ):
            role = self._role(gap[:-1], r)  # "Amnesty International's director, Jane Roe"
            if role is not None and r.type(pg) in _BODIES:
                add(sent, gi, role[0], pg)
            return
        if len(gap) > 3 or any(t.is_punct and t.text not in ("'s", "’s") for t in gap):
            return
        role = self._role(gap, r) if len(gap) else None
        if r.type(pg) == "GPE":  # "Texas Governor Jane Roe"; not "Canada's ambassador"
            if role is not None and role[0] == "leads" and not any(t.text in _POSSESSIVE for t in gap):
                add(sent, gi, "leads", pg)
            return
        if role is None and len(gap) and gap.text not in ("'s", "’s"):
            return  # "the campaign against Uyghurs": no role, no relation; "the BBC's Jane Roe" is one
        if role is None:
            wide = self._role(doc[max(sent.start, ps - 2) : start], r)
            if wide is not None and wide[2] > ps:
                return  # "Minister of State Jane Roe": the "body" is a word of the title
            before = self._role(doc[max(sent.start, ps - 2) : ps], r)
            role = before or ("affiliated_with", 0, 0)
        add(sent, gi, role[0], pg)

    def _glued(self, sent: Span, r: _Reading, word: str, compound: Token, gi: int, add: Add) -> None:
        key = fold(word)
        # the glued word names a body whatever type its own mentions got; a place is an origin ("Berlin-Korrespondent")
        body = next(
            (
                g
                for g, grp in enumerate(r.view.groups)
                if grp.type != "GPE" and any(fold(f) == key for f in (grp.name, *grp.forms))
            ),
            None,
        )
        if body is None:
            return
        role = self._role_word(compound.lower_, r)
        if r.view.groups[body].kind == "party" and role not in ("leads", "spokesperson_for"):
            role = "member_of"
        add(sent, gi, role or "affiliated_with", body)

    def _brackets(self, sent: Span, r: _Reading, mentions: list[Mention], add: Add) -> None:
        """ "Jane Roe (D66)", "Jane Roe (minister of justice) (VVD)": a party in brackets after a person."""
        doc = sent.doc
        for _start, end, gi in mentions:
            if r.type(gi) != "PERSON":
                continue
            i = end
            for _ in range(2):
                if i >= sent.end or doc[i].text != "(":
                    break
                close = next((t.i for t in doc[i + 1 : min(sent.end, i + 12)] if t.text == ")"), None)
                if close is None:
                    break
                party = next(
                    (g for g in r.view.groups_in(doc[i + 1 : close]) if r.view.groups[g].kind == "party"), None
                )
                if party is not None:
                    add(sent, gi, "member_of", party)
                    break
                i = close + 1

    def _relatives(self, sent: Span, r: _Reading, mentions: list[Mention], add: Add) -> None:
        """ "el Ministerio, que dirige Jane Roe", "der Verein, den Jane Roe leitet": a relative clause with a role verb."""
        words = r.lang.relations
        if not words.verb_forms:
            return
        doc = sent.doc
        for _start, end, gi in mentions:
            if (
                r.type(gi) not in _BODIES
                or end + 3 >= sent.end
                or doc[end].text != ","
                or doc[end + 1].lower_ not in words.relatives
            ):
                continue
            i = end + 2
            verb = words.verb_forms.get(doc[i].lower_)
            person = r.at.get(i + 1) if verb else r.at.get(i)
            if person is None or r.type(person[2]) != "PERSON":
                continue
            if verb is None and person[1] < sent.end:
                verb = words.verb_forms.get(doc[person[1]].lower_)
            if verb:
                add(sent, person[2], verb, gi)

    def _role(self, tokens: Span, r: _Reading) -> tuple[str, int, int] | None:
        """The predicate of the role words in these tokens, with where they stand (the longest match first)."""
        words = [t.lower_ for t in tokens]
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                pred = r.roles.get(" ".join(words[i : i + n])) or r.roles.get("".join(words[i : i + n]))  # "副 主席"
                if n == 1 and pred is None:
                    pred = self._role_word(words[i], r)
                if pred:
                    return pred, tokens.start + i, tokens.start + i + n
        return None

    def _role_word(self, word: str, r: _Reading) -> str | None:
        """A role word, or in a language that writes compounds as one word, a word that ends with one ("Asienreferent")."""
        pred = r.roles.get(word)
        if pred or not r.lang.capitalises_nouns:
            return pred
        tail = max(
            (w for w in r.roles if " " not in w and len(w) >= 4 and len(word) > len(w) + 2 and word.endswith(w)),
            key=len,
            default=None,
        )
        return r.roles[tail] if tail else None

    # -- verbs and action nouns ----------------------------------------------------------------

    def _verbs(self, sent: Span, r: _Reading, add: Add) -> None:
        view = r.view
        not_objects = r.lang.according_to | r.lang.locatives | r.lang.relations.adjuncts | {"according"}
        for t in sent:
            pred = self.verbs.get(t.lemma_.lower()) if t.pos_ == "VERB" else None
            if pred is None:
                continue
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
            subj_tokens = [
                x for c in t.children if c.dep_ == ("agent" if passive else "nsubj") for x in _pruned(c, not_objects)
            ]
            obj_children = [
                c
                for c in t.children
                if c.dep_ in (("nsubjpass",) if passive else ("dobj", "obj", "prep", "attr"))
                and c.lower_ not in not_objects
            ]
            subj = self._head_group(
                view, [c for c in t.children if c.dep_ == ("agent" if passive else "nsubj")], _ACTORS
            ) or self._first(view, subj_tokens, _ACTORS)  # "the BBC's Jane Roe reported": Jane Roe
            obj = self._head_group(view, obj_children) or self._first(
                view, [x for c in obj_children for x in _pruned(c, not_objects)], None
            )
            head = view.token_group.get(t.head.i) if t.dep_ == "relcl" else None
            pronoun = [
                c
                for c in t.children
                if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lower_ in r.lang.relations.relatives
            ]
            if head is not None and pronoun:  # "the group, which runs X"; "the ministry, which is led by X"
                if pronoun[0].dep_ == "nsubj":
                    subj = head if subj is None else subj
                else:
                    obj = head if obj is None else obj
            if t.dep_ == "acl" and t.tag_ == "VBN" and view.token_group.get(t.head.i) is not None:
                agent = [c for c in t.children if c.dep_ == "agent"]  # "the office, run by the police"
                if agent:
                    subj = self._first(view, [x for c in agent for x in _pruned(c, not_objects)], _ACTORS)
                    obj = view.token_group.get(t.head.i)
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in r.lang.relations.causatives:
                subj, obj = self._caused(view, r, t, subj, obj)
            add(sent, subj, pred, obj)

    def _passives(self, sent: Span, r: _Reading, add: Add) -> None:
        """Without a parse: "X wurde von Y festgenommen", "X werd door Y gearresteerd", "X è stato arrestato dalla Y",
        "X fue detenido por la Y" (participles and auxiliaries from the language file)."""
        words = r.lang.relations
        if r.parsed or not words.participles:
            return
        doc = sent.doc
        for t in sent:
            pred = words.participles.get(t.lower_)
            if pred is None:
                continue
            agent = by_at = None
            for i in (*range(t.i + 1, min(sent.end, t.i + 2)), *range(t.i - 1, max(sent.start, t.i - 7), -1)):
                j = r.skip(doc, i, words.by, sent.end)
                m = r.at.get(j) if j is not None else None
                if m is not None and r.type(m[2]) in _ACTORS and (i > t.i or m[1] <= t.i):
                    agent, by_at = m[2], i
                    break
            if agent is None or by_at is None:
                continue
            before = min(by_at, t.i)
            patient = next(
                (m for m in reversed(r.within(doc[max(sent.start, before - 8) : before])) if m[2] != agent), None
            )
            if patient is None or not any(
                doc[k].lower_ in words.passive_auxiliaries for k in range(patient[1], t.i + 1)
            ):
                continue
            if any(doc[k].text in ",;:" for k in range(patient[1], before)):
                continue
            add(sent, agent, pred, patient[2])

    def _nominals(self, sent: Span, r: _Reading, add: Add) -> None:
        """ "the arrest of X by the police", "l'arrestation de X par la police", "die Festnahme von X durch die Polizei"."""
        words = r.lang.relations
        if not words.nominals:
            return
        doc, view = sent.doc, r.view
        for t in sent:
            pred = words.nominals.get(t.lower_)
            if pred is None or (r.parsed and t.pos_ in ("VERB", "AUX")):
                continue
            agent = patient = None
            i = t.i + 1
            for _ in range(2):
                kind, j = "by", r.skip(doc, i, words.by, sent.end)
                if j is None:
                    kind, j = "of", r.skip(doc, i, words.of | words.about, sent.end)
                if j is None:
                    break
                for _k in range(5):  # "of at least 102 “centres”": a few words before the name, no noun
                    if j >= sent.end or j in r.at:
                        break
                    tok = doc[j]
                    modifier = tok.pos_ in ("NUM", "ADJ", "ADV", "ADP", "DET") if r.parsed else tok.like_num
                    if tok.text not in _OPEN_QUOTES and (not modifier or tok.lower_ in words.by | words.of):
                        break
                    j += 1
                m = r.at.get(j)
                if m is None or (r.parsed and m[1] < sent.end and doc[m[1]].pos_ == "NOUN" and doc[m[1]].is_lower):
                    break  # "by the Hamburg police": the name only qualifies the agent
                if kind == "by" and r.type(m[2]) in _ACTORS:
                    agent = m[2]
                elif kind == "of":
                    patient = m[2]
                i = m[1]
            if agent is None and t.i >= 2 and doc[t.i - 1].text in ("'s", "’s"):  # "the police's arrest of X"
                owner = view.token_group.get(t.i - 2)
                agent = owner if owner is not None and r.type(owner) in _ACTORS else None
            add(sent, agent, pred, patient)

    def _caused(
        self, view: DocView, r: _Reading, t: Token, subj: int | None, obj: int | None
    ) -> tuple[int | None, int | None]:
        """ "the government ordered the office to close", "the office was ordered to close by the government":
        whoever gives the order does what the verb says to whom it was given."""
        head = t.head
        own = [c for c in t.children if c.dep_ in ("dobj", "obj")]
        if own:  # "told China to close the station": the station is what is closed, and only a named one counts
            leave = r.lang.locatives | {"according"}
            obj = self._head_group(view, own)  # not "Fuzhou" of "the Fuzhou station"
            by = [
                c
                for c in head.children
                if c.dep_ == ("agent" if any(c.dep_ == "auxpass" for c in head.children) else "nsubj")
            ]
            return self._first(view, [x for c in by for x in _pruned(c, leave)], _ACTORS), obj
        if any(c.dep_ == "auxpass" for c in head.children):
            by = [
                c
                for c in (*t.children, *head.children)
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in r.lang.relations.by)
            ]
            patient = [c for c in head.children if c.dep_ == "nsubjpass"]
        else:
            by = [c for c in head.children if c.dep_ == "nsubj"]
            patient = [c for c in head.children if c.dep_ in ("dobj", "obj")]
        if not by or not patient:
            return subj, obj
        leave = r.lang.locatives | {"according"}  # "a station in Dublin was ordered to close": not Dublin
        return (
            self._first(view, [x for c in by for x in _pruned(c, leave)], _ACTORS),
            self._first(view, [x for c in patient for x in _pruned(c, leave)], None),
        )

    def _head_group(self, view: DocView, children: list[Token], types: tuple[str, ...] | None = None) -> int | None:
        """The entity a phrase is headed by ("the DOJ's National Security Division" -> the division), or the one
        set beside its head ("Amnesty's director, Jane Roe" -> Jane Roe)."""
        for c in children:
            head = next((x for x in c.children if x.dep_ == "pobj"), None) if c.dep_ in ("prep", "agent") else c
            if head is None:
                continue
            for x in (head, *(a for a in head.children if a.dep_ == "appos")):
                gi = view.token_group.get(x.i)
                if gi is not None and (types is None or view.groups[gi].type in types):
                    return gi
        return None

    def _first(self, view: DocView, tokens: list[Token], types: tuple[str, ...] | None) -> int | None:
        people = None
        for g in view.groups_in(tokens):
            if types is None or view.groups[g].type in types:
                if view.groups[g].type == "PERSON" and people is None:
                    people = g
                return g
        return people

    def _accusation(self, doc: Doc, claim, view: DocView, add) -> None:  # type: ignore[no-untyped-def]
        if claim.stance != "alleges" or claim.claimant is None:
            return
        clause = (
            doc[claim.text_start : claim.text_end]
            if claim.text_end > claim.text_start
            else doc[claim.sent_start : claim.sent_end]
        )
        root = clause.root
        target = None
        for c in root.children:  # the subject itself or its owner ("Beijing's government"), not "authorities in Tibet"
            if c.dep_ not in ("nsubj", "nsubjpass"):
                continue
            heads = [c, *(x for x in c.children if x.dep_ in ("poss", "compound", "amod"))]
            target = next(
                (
                    g
                    for g in (view.token_group.get(x.i) for x in heads)
                    if g is not None and view.groups[g].type in ("STATE_BODY", "GPE")
                ),
                None,
            )
            if target is not None:
                break
        if target is not None and view.groups[claim.claimant].type in ("ORG", "PERSON", "STATE_BODY"):
            add(doc[claim.sent_start : claim.sent_end], claim.claimant, "accused", target)


def _pruned(token: Token, leave: frozenset[str] | set[str]) -> list[Token]:
    """A token's subtree without the phrases it leaves out ("a network in Italy" without "in Italy")."""
    out = [token]
    for c in token.children:
        if not (c.dep_ == "prep" and c.lower_ in leave):
            out.extend(_pruned(c, leave))
    return sorted(out, key=lambda t: t.i)


@Language.factory(
    "threadline_relations_v1", assigns=["doc._.tl_relations"], requires=["doc._.tl_entities", "doc._.tl_claims"]
)
def make_relation_finder(nlp: Language, name: str) -> RelationFinder:
    if not Doc.has_extension("tl_relations"):
        Doc.set_extension("tl_relations", default=None)
    return RelationFinder(load_patterns())
