"""Stance: how the text frames a claim, whatever verb it uses, and whose voice the document speaks in.

The five stances follow the labelling rules (alleges, states, confirms, denies, reports): the claimant's kind
(an NGO, a prosecutor, the accused side, a court, an outlet, a person and their side), the cue's class, and
the words of the claim (misconduct, a verdict of falsehood, obligations, intentions). A claim with no source
but the document takes the document's own voice: an NGO's, a prosecutor's or a parliamentarian's text alleges
the misconduct it asserts; a news text reports. Read by ``ClaimFinder``; pure functions of the Doc.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from threadline.extract.components.context import NGO_KINDS, DocView, span_text
from threadline.extract.languages import has_own_parser, language_data
from threadline.extract.patterns import GazetteerEntry, Patterns
from threadline.extract.release import declares_release
from threadline.model.names import fold

if TYPE_CHECKING:
    from threadline.extract.attribution import QuoteMarks
    from threadline.extract.components.claim_memory import Memory, QuoteIndex


class StanceReader:
    """The stance of a claim and the voice of a document, from the lexicon and each language's word lists."""

    def __init__(self, patterns: Patterns):
        self.patterns = patterns
        self.wrongdoing_words = patterns.words("wrongdoing")
        self.opinion_verbs = patterns.words("opinion_verbs")
        self.first_person = patterns.words("first_person_plural")
        self.state_heads = frozenset(fold(w) for w in patterns.lexicon["type_keywords"]["STATE_BODY"] if " " not in w)
        self.release_words = tuple(patterns.words(k) for k in ("release_labels", "self_reference_determiners",
                                                               "self_reference_nouns"))

    def own_stance(self, sent: Span, voice: str, lang: str) -> str:
        """An NGO's own assertion of wrongdoing alleges it; a text that calls a claim a lie in its own voice (a
        state's statement, an embassy's rebuttal) denies it; anything else the text reports."""
        if voice == "ngo":
            return "alleges" if self.wrongdoing(sent, lang) else "reports"
        if voice == "accused" and any(t.dep_ == "neg" or t.lower_ in _NEGATIONS for t in sent):
            return "denies"  # the accused state's own text saying it is not so: "there are no so-called stations"
        return "denies" if self.rebuts(sent, lang) else "reports"

    def voice(self, doc: Doc, view: DocView, quotes: QuoteIndex, marks: QuoteMarks | None) -> str:
        """Whose voice the document speaks in: "ngo" for an NGO, think tank, prosecutor or parliamentarian,
        "accused" for a body of the accused state (its embassy's or ministry's own statement), else "news".

        The publisher's kind decides when the document has one (front matter, feed,
        ``publisher``); otherwise a text that says "we" and "our" outside quotations
        while an NGO is its main actor speaks for that NGO.
        """
        publisher = doc._.tl_publisher if Doc.has_extension("tl_publisher") else None
        if publisher:
            name = _PUBLISHER_ASIDE.split(publisher, maxsplit=1)[0].strip()  # "X (via Y)", "X, reprinting Y": X wrote it
            entry = self.patterns.by_key.get(fold(name))
            kinds = {entry.kind if entry is not None else None, view.kind_by_name(name)}  # the name tells a prosecutor
            if kinds & {*NGO_KINDS, "ngo", "prosecution", "parliament", "parliamentarian"}:
                return "ngo"
            if self._accused_state(name, entry):
                return "accused"
            if entry is not None:
                return "news"
        columns = marks.columns if marks is not None else None  # the cue model's reading of the Doc, when it made one
        lowers = columns.lower if columns is not None else [t.lower_ for t in doc]
        first_person = sum(1 for i, w in enumerate(lowers) if w in self.first_person and not quotes.quoted(i))
        if first_person >= 2:
            main = view.most_salient(lambda g: view.groups[g].type in ("ORG", "STATE_BODY", "PERSON"))
            return "ngo" if main is not None and view.kind(main) in ("ngo", "prosecution") else "news"
        if self._declares_release(view.text):  # a release or report of its own: the issuer is one of its main bodies
            ranked = [(g, n) for g, n in view.salience.most_common() if view.groups[g].type in ("ORG", "STATE_BODY")]
            floor = ranked[:_ISSUERS][-1][1] if ranked else 0
            return "ngo" if any(view.kind(g) in ("ngo", "prosecution") for g, n in ranked if n >= floor) else "news"
        return "news"

    def _accused_state(self, name: str, entry: GazetteerEntry | None) -> bool:
        """The publisher is a body of the accused state: a state body by the gazetteer or by its name's head noun
        ("Embassy of the People's Republic of China in …"), of the country its name gives first."""
        if entry is not None:
            return entry.type == "STATE_BODY" and entry.country == _ACCUSED
        first = fold(name).split()[:1]
        return bool(first) and first[0] in self.state_heads and self.patterns.first_country(name) == _ACCUSED

    def _declares_release(self, text: str) -> bool:
        return declares_release(text, *self.release_words)

    def misconduct(self, tokens: Iterable[Token], lang: str) -> bool:
        """Words of coercion, crime or covert conduct in the claim (the language's own, and English), unless the
        claim opposes it ("defend people against repression", "fight corruption"), where the parse tells."""
        own, english = language_data(lang), language_data("en")
        parsed = has_own_parser(lang)
        return any((own.is_misconduct(t.text) or english.is_misconduct(t.text)) and not (parsed and _opposed(t))
                   and not _hypothetical(t, own.conditionals) and not _in_title(t, own.capitalises_nouns)
                   for t in tokens if t.is_alpha)

    def _calls_to_act(self, tokens: Iterable[Token], lang: str) -> bool:
        """A call to act: an obligation ("must", "doivent") whose clause names no misconduct, or only misconduct to
        be opposed ("must do more to counter it"), unlike "agents must persuade their targets by threats". Read
        from the parse; a language read by rules has none, and keeps its other signs of a position."""
        if not has_own_parser(lang):
            return False
        obligations = language_data(lang).obligations
        for t in tokens:
            if t.lower_ in obligations and t.dep_ in ("aux", "aux:pass") and t.head.pos_ in ("VERB", "AUX"):
                clause = list(t.head.subtree)
                if not self.misconduct(clause, lang) and not self._wrong_words(clause, lang):
                    return True
        return False

    def wrongdoing(self, sent: Span, lang: str) -> bool:
        """The sentence speaks of wrongdoing: the lexicon's words of control and covert conduct, or misconduct."""
        return self._wrong_words(sent, lang) or self.misconduct(sent, lang)

    def _wrong_words(self, tokens: Iterable[Token], lang: str) -> bool:
        """The lexicon's words of control and covert conduct, outside capitalised names."""
        own = language_data(lang).capitalises_nouns
        return any(t.is_alpha and fold(t.text) in self.wrongdoing_words and not _in_title(t, own) for t in tokens)

    def rebuts(self, tokens: Iterable[Token], lang: str) -> bool:
        """A word of falsehood in the claim: "lies" as a noun, never the verb ("Frankfurt lies in Hesse")."""
        own, english = language_data(lang), language_data("en")
        parsed = has_own_parser(lang)
        return any((own.is_rebuttal(t.text) or english.is_rebuttal(t.text)) and not (parsed and t.pos_ in ("VERB", "AUX"))
                   for t in tokens if t.is_alpha)

    def _also_denies(self, sent: Span, memory: Memory) -> bool:
        """"asegura que … y niega que …", "says … and denies …": a denial verb joined to the cue by "and" shares its
        speaker, so the claim as a whole rejects the accusation."""
        lang, quotes = memory.lang, memory.quotes
        conjunctions, parsed = language_data(lang).conjunctions, has_own_parser(lang)
        for t in sent:
            if quotes is not None and quotes.quoted(t.i):
                continue
            after_and = t.i > sent.start and t.doc[t.i - 1].lower_ in conjunctions
            if after_and and self.patterns.verb_class(t.lower_, lang) == "deny":
                return True
            if parsed and t.dep_ == "conj" and t.pos_ == "VERB" and self.patterns.verb_class(t.lemma_, lang) == "deny":
                return True  # the parse joins them: "says … and flatly denies …"
        return False

    def stance(self, sent: Span, view: DocView, claimant: int | None, cls: str | None, memory: Memory,
                clause: list[Token] | None = None, source: str | None = None) -> str:
        if claimant is None and cls not in ("deny", "allege", "confirm") and _the_documents(source, view.text) \
                and not self._also_denies(sent, memory):
            return self.own_stance(sent, memory.voice, memory.lang)  # no other source: the document's voice frames it
        kind = view.kind(claimant) if claimant is not None else "unnamed"
        if kind == "person" and claimant is not None:  # a person is always someone named
            kind = memory.side.get(claimant, "person")
        lowered = " " + fold(span_text(sent)) + " "
        negated = any(t.dep_ == "neg" or t.lower_ in _CLAIM_NEGATIONS for t in (clause or sent))
        accused = (claimant is not None and view.country_of(claimant) == "CN" and kind in ("state", "person")) or kind == "accused"
        if cls == "deny" or (negated and accused) or (cls == "allege" and accused) or self._also_denies(sent, memory):
            return "denies"  # the accused side accusing its accusers is a rebuttal
        content = clause if clause is not None and has_own_parser(memory.lang) else sent  # a borrowed parse: the sentence
        if kind not in ("ngo", "media", "prosecution") and self.rebuts(content, memory.lang):
            return "denies"  # "pure fabrication", "these smears", "haltlose Vorwürfe": a verdict of falsehood
        if cls == "confirm" and kind in ("court", "state", "person", "prosecution"):
            return "confirms"  # an authority confirming a fact, a prosecutor's office among them
        if kind == "court":
            return "confirms"
        misconduct = self.misconduct(content, memory.lang)
        wrong = misconduct or self._wrong_words(sent, memory.lang) or "united front" in lowered
        if kind == "ngo" and self._calls_to_act(content, memory.lang):
            return "states"  # "… and governments must do more to counter it": what others must do is its position
        if kind in ("ngo", "prosecution"):
            opinion = (clause is not None and any(t.lemma_.lower() in self.opinion_verbs for t in sent if t.dep_ in ("ROOT", "conj"))) \
                or any(t.lower_ in language_data(memory.lang).obligations for t in content) or _intends(sent, view, claimant)
            return "states" if opinion and not wrong and kind == "ngo" else "alleges"
        if kind == "media":
            return "reports"
        if kind == "person" and not negated and misconduct and not memory.holds_office(claimant):
            return "alleges"  # "X says China harassed them", a victim's account: an accusation, whatever the verb
        if cls == "allege":
            return "alleges"
        if cls == "report" and kind == "other":
            return "reports"
        return "states"


_CLAIM_NEGATIONS = frozenset({"not", "no", "ne", "pas", "niet", "geen", "non"})  # a claim's clause, beside the parse's "neg"
_NEGATIONS = _CLAIM_NEGATIONS | {"never", "nicht", "kein", "keine", "nunca"}  # an accused state's own text, read whole

_ACCUSED = "CN"  # the state whose covert networks the documents are about: its bodies deny, they do not report

_TITLE_SOURCE = 4  # a source that short ("it", "AP") says nothing of the title it appears in


_ISSUERS = 2  # a release is issued by one of the two bodies it names most (ties included)


_PUBLISHER_ASIDE = re.compile(r"\s[(\[]|,\s|\svia\s")


_OPPOSING = frozenset({"against", "contre", "fight", "combat", "counter", "prevent", "tackle", "oppose", "protect", "defend",
                       "resist", "lutter", "combattre", "protéger", "défendre", "prévenir"})


def _opposed(t: Token) -> bool:
    """The word is what someone opposes: "against repression", "fight corruption", "protect from harassment"."""
    head = t.head
    if t.dep_ == "pobj" and head.lower_ in ("against", "contre", "from"):
        return True
    return t.dep_ in ("dobj", "obj", "pobj") and (head.lemma_.lower() in _OPPOSING or head.head.lemma_.lower() in _OPPOSING)


_FIRST_LINE = re.compile(r"\s*([^\n]*)")  # the first non-blank line, read without splitting the whole text


def _the_documents(source: str | None, text: str) -> bool:
    """No source but the document: none named, or one its own title names ("Patrol and Persuade (PDF) documents
    …" under the title "Patrol and Persuade - …"; "ASIEN/335:" opening the heading "ASIEN/335: …")."""
    if source is None:
        return True
    title = _FIRST_LINE.match(text)[1]  # type: ignore[index]  # the pattern matches any text
    head = re.sub(r"\s*\(.*?\)\s*", " ", source).strip()  # "(PDF)", "(2023)": asides
    return len(head) >= _TITLE_SOURCE and fold(head) in fold(title)


def _intends(sent: Span, view: DocView, claimant: int | None) -> bool:
    """The claimant says what it will do itself ("Safeguard Defenders will testify"): an intention, its position."""
    root = sent.root
    return claimant is not None and any(c.dep_ == "aux" and c.lower_ in ("will", "shall") for c in root.children) \
        and any(c.dep_ == "nsubj" and view.token_group.get(c.i) == claimant for c in root.children)


def _in_title(t: Token, capitalises_nouns: bool) -> bool:
    """The word is part of a capitalised name ("Special Committee on Foreign Interference", "Anti-Corruption
    Agency"): it names a body, it accuses no one. Where every noun is capitalised, capitals tell nothing."""
    if capitalises_nouns or not t.text[:1].isupper() or t.i == t.sent.start:
        return False
    doc = t.doc
    return any(0 <= j < len(doc) and doc[j].text[:1].isupper() and doc[j].is_alpha and j != t.sent.start
               for j in (t.i - 1, t.i + 1))


def _hypothetical(t: Token, conditionals: frozenset[str]) -> bool:
    """The word stands in a clause that a conditional opens: "Wenn sich der Verdacht erhärtet, …", "if they spied"."""
    sent = t.sent
    opener = next((x for x in sent if not x.is_punct), None)
    if opener is not None and opener.lower_ in conditionals:
        comma = next((x.i for x in sent if x.text == "," and x.i > opener.i), sent.end)
        return t.i < comma
    return False
