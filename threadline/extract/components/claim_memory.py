"""What the claim finder remembers while it reads a document: the claims found, the quotations, and the text so far.

``ClaimHit`` is one claim in token offsets; ``QuoteIndex`` knows every quotation of the Doc and who its
speaker was; ``Memory`` keeps the last speakers of each kind, people's sides and the roles the text gave
them, so a pronoun, a role or a continued quotation finds its claimant.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc, Span

from threadline.extract.attribution import QuoteMarks
from threadline.extract.columns import doc_text
from threadline.extract.components.context import QUOTES as QUOTE_MARKS
from threadline.extract.components.context import DocView, quotations, span_text
from threadline.extract.languages import has_own_parser

_TERM_WORDS = 6  # a quotation this short, wholly inside one sentence, is a term or a title, not someone's words
_REPORTED_REACH = 3  # sentences: how far back reported speech finds its speaker

@dataclass(frozen=True)
class ClaimHit:
    """A claim found in a sentence, in token offsets."""

    sent_start: int
    sent_end: int
    claimant: int | None  # entity group index; None = the document's own voice
    stance: str
    about: tuple[int, ...]
    cue: str
    text_start: int
    text_end: int
    source: str | None = None  # the words naming an unnamed source ("officials") when claimant is None
    cue_i: int | None = None  # token index of the cue word, when there is one
    bare: bool = False  # the cue has no content of its own ("…," she said.): it reports what came before
    evidence_start: int | None = None  # where the evidence begins, when it must show an earlier sentence naming the speaker
    evidence_end: int | None = None  # where it ends, when the speaker is named in a later sentence

    def evidence_span(self) -> tuple[int, int]:
        """Token offsets of the evidence: the claim's sentence, widened to the sentence that attributes it."""
        start = self.sent_start if self.evidence_start is None else min(self.sent_start, self.evidence_start)
        end = self.sent_end if self.evidence_end is None else max(self.sent_end, self.evidence_end)
        return start, end


class QuoteIndex:
    """Which tokens and sentences lie inside which quotation."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.spans = quotations(self.text)
        self.by_char: dict[int, int] = {}
        for a, b, q in self.spans:
            for c in range(a, b):
                self.by_char[c] = q
        self.parts = Counter(q for _, _, q in self.spans)  # a quotation over several paragraphs has several spans
        # each token's answer to quoted(), worked out once (it is asked of nearly every token, some twice)
        # (tokens' offsets read as one array: only a token inside a quotation is built, to see whether it is a mark)
        by_char = self.by_char
        offsets = doc.to_array("IDX").tolist()
        self._quoted = (
            [c in by_char and doc[i].text not in QUOTE_MARKS for i, c in enumerate(offsets)] if by_char else None
        )
        # each word's offset (None for punctuation and spaces), for inside(): no sentence's tokens are built
        flags = doc.to_array([IS_PUNCT, IS_SPACE]).tolist() if len(doc) else []
        self._word_at: list[int | None] = [None if punct or space else c for c, (punct, space) in zip(offsets, flags)]

    def quoted(self, i: int | None) -> bool:
        return i is not None and self._quoted is not None and self._quoted[i]

    def touching(self, sent: Span) -> set[int]:
        return {q for a, b, q in self.spans if a < sent.end_char and sent.start_char < b}

    def inside(self, sent: Span) -> int | None:
        """The quotation holding every word of the sentence, if one does."""
        get = self.by_char.get
        ids = {get(c) for c in self._word_at[sent.start : sent.end] if c is not None}
        return next(iter(ids)) if len(ids) == 1 and None not in ids else None

    def speech_touching(self, sent: Span) -> set[int]:
        """Quotations touching the sentence that may be someone's words: not a short quoted term or title wholly
        inside it ("so-called 'service stations'", the report 'On my campus, I am afraid')."""
        out = set()
        for a, b, q in self.spans:
            if not (a < sent.end_char and sent.start_char < b):
                continue
            whole = self.parts[q] == 1 and sent.start_char <= a and b <= sent.end_char
            if not (whole and len(self.text[a:b].split()) <= _TERM_WORDS and b - a < (sent.end_char - sent.start_char) // 2):
                out.add(q)
        return out

    def closing_in(self, sent: Span) -> int | None:
        """The quotation that ends inside this sentence, if any."""
        ends = [q for a, b, q in self.spans if sent.start_char < b <= sent.end_char and b - 1 >= sent.start_char]
        return ends[-1] if ends else None


class Memory:
    """What the text has said so far: the last actors of each kind, and people's sides."""

    def __init__(self) -> None:
        self.last_claimant: int | None = None
        self.last_actor_claimant: int | None = None
        self.last_person: int | None = None
        self.last_actor: int | None = None
        self.last_ngo: int | None = None
        self.report_owner: int | None = None
        self.recent: list[int] = []
        self.side: dict[int, str] = {}
        self.ngo_claim: tuple[int, int] | None = None  # (claimant, sentence start)
        self.claim_at: tuple[int, int] | None = None  # the last claim's (claimant, sentence start)
        self.paragraph_claim: tuple[int, int] | None = None  # (claimant, paragraph start)
        self.quotes: QuoteIndex | None = None
        self.lang = "en"
        self.cue_p: list[float] = []  # the fitted model's cue probability of every token
        self.marks: QuoteMarks | None = None  # quotation marks and sentence bounds, counted once (English)
        self.roles: dict[str, int] = {}  # role word ("mayor", "spokeswoman") -> the person the text gave it to
        self.state_roles: frozenset[str] = frozenset()  # offices that speak for a state (state_roles)
        self.voice = "news"  # whose voice the document speaks in (ClaimsComponent._voice)

    def recent_ngo(self, sent: Span) -> int | None:
        """The NGO whose claim was made in the last few sentences, if any."""
        if self.ngo_claim is None:
            return None
        claimant, start = self.ngo_claim
        between = [s for s in sent.doc[start:sent.start].sents]  # type: ignore[attr-defined]  # span.pyi lacks Span.sents
        return claimant if len(between) <= 3 else None

    def recent_claimant(self, sent: Span) -> int | None:
        """Whoever made a claim in the last few sentences: reported speech goes on in their name."""
        if self.claim_at is None:
            return None
        claimant, start = self.claim_at
        reach = len(list(sent.doc[start:sent.start].sents))  # type: ignore[attr-defined]  # span.pyi lacks Span.sents
        return claimant if reach <= _REPORTED_REACH else None

    def paragraph_alleger(self, sent: Span) -> int | None:
        """The NGO alleging in this paragraph: its account goes on until the paragraph ends."""
        if self.paragraph_claim is None:
            return None
        claimant, start = self.paragraph_claim
        return claimant if "\n" not in sent.doc[start:sent.start].text else None

    def remember(self, hit: ClaimHit, view: DocView) -> None:
        g = hit.claimant
        if g is None:
            return
        self.last_claimant = g
        self.claim_at = (g, hit.sent_start)
        if view.groups[g].type != "PERSON":
            self.last_actor_claimant = g
        if view.kind(g) == "ngo" or self.side.get(g) == "ngo":
            self.ngo_claim = (g, hit.sent_start)
            self.paragraph_claim = (g, hit.sent_start) if hit.stance == "alleges" else None
        else:
            self.paragraph_claim = None
        kind = view.kind(g)
        if kind == "person":
            self.last_person = g
        else:
            self.last_actor = g
        if kind == "ngo" or self.side.get(g) == "ngo":
            self.last_ngo = g if kind == "ngo" else self.last_ngo
            if self.report_owner is None and kind == "ngo":
                self.report_owner = g
        if hit.stance == "denies":
            self.side.setdefault(g, "accused")

    def learn_sides(self, sent: Span, view: DocView) -> None:
        """A person described by an NGO or a report speaks for it; one titled by a Chinese body, for that."""
        doc = sent.doc
        for g in view.groups_in(sent):
            if view.kind(g) != "person" or g in self.side:
                continue
            first = next(t.i for t in sent if view.token_group.get(t.i) == g)
            described = doc[max(sent.start, first - 6):min(sent.end, first + 12)]
            near = view.groups_in(described) + [o for t in described if (o := view.compound_owner(t)) is not None]
            words = {t.lower_ for t in described}
            if any(view.kind(o) == "ngo" for o in near) or words & {"report", "rapport", "researcher", "co-author"}:
                self.side[g] = "ngo"
            elif any(view.country_of(o) == "CN" and view.groups[o].type == "STATE_BODY" for o in view.groups_in(doc[max(sent.start, first - 6):first])):
                self.side[g] = "accused"
            elif self._state_role_of(doc[max(sent.start, first - 4):first], view, "CN"):
                self.side[g] = "accused"  # "a Chinese spokesperson, Zhao Lijian", but not "a Chinese dissident"

    def _state_role_of(self, words: Span, view: DocView, country: str) -> bool:
        """A nationality adjective of the country before an office that speaks for a state: "Chinese ambassador"."""
        roles = self.state_roles
        adjective = next((t.i for t in words if view.patterns.adjective_country.get(t.lower_) == country), None)
        return adjective is not None and any(t.lower_ in roles for t in words if t.i > adjective)

    def mentions(self, sent: Span, view: DocView, quotes: QuoteIndex | None = None) -> None:
        """Update recency after a sentence has been read; names inside quotations are someone else's words."""
        groups = view.groups_at(i for i in range(sent.start, sent.end) if quotes is None or not quotes.quoted(i))
        text = span_text(sent).lower()
        topic = self._topic_person(sent, view, groups)
        if topic is not None:
            self.last_person = topic
        for g in groups:
            kind = view.kind(g)
            if kind == "ngo":
                self.last_ngo = g
                if "report" in text or "rapport" in text:
                    self.report_owner = g
            if view.groups[g].type in ("STATE_BODY", "ORG"):
                self.recent.append(g)

    def _topic_person(self, sent: Span, view: DocView, groups: list[int]) -> int | None:
        """The person a later "he" or "hij" most likely means: the sentence's subject when the parse has one that is
        a person, else the first person the sentence names (the subject's place in these languages), not the last."""
        people = [g for g in groups if view.kind(g) == "person"]
        if not people:
            return None
        if has_own_parser(self.lang):
            for t in sent:
                g = view.token_group.get(t.i)
                if g in people and t.dep_ in ("nsubj", "nsubjpass", "nsubj:pass"):
                    return g
        return people[0]

    def learn_roles(self, sent: Span, view: DocView) -> None:
        """"Mayor Ana Reyes", "Ana Reyes, the mayor,", "the mayor, Ana Reyes,": the role word names her later."""
        doc = sent.doc
        for g in view.groups_in(sent):
            if view.groups[g].type != "PERSON":
                continue
            for m in view.groups[g].mentions:
                if not (sent.start <= m.start < sent.end):
                    continue
                head = doc[m.start:m.end].root
                words = [doc[m.start - 1]] if m.start > sent.start and doc[m.start - 1].pos_ in ("NOUN", "PROPN") else []
                words += [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
                if head.dep_ == "appos" and head.head.pos_ == "NOUN":
                    words.append(head.head)
                for w in words:
                    if view.token_group.get(w.i) is None:
                        self.roles[w.lemma_.lower()] = g

    def holds_office(self, g: int | None) -> bool:
        """The text gave the person an office that speaks for a body (minister, spokesperson): their word is a position."""
        return g is not None and any(holder == g and role in self.state_roles for role, holder in self.roles.items())

    def role_holder(self, role: str) -> int | None:
        return self.roles.get(role)

    def last_matching(self, accept: Callable[[int], bool]) -> int | None:
        for g in reversed(self.recent):
            if accept(g):
                return g
        return None
