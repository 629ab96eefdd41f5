"""Attributed claims: who asserts what, with which stance, in which sentence.

A sentence carries a claim when it has a cue: a reporting verb with a
resolvable subject ("Harth warns that ..."), an "according to X" phrase, a
claim noun with its author ("reports by X claimed ..."), or it continues a
quotation or a hedged account ("allegedly", "reportedly") of the previous
claimant. Stance follows FORMAT.md: denials deny; courts and authorities
confirm; NGOs and think tanks allege wrongdoing; media report; parties state.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from threadline.extract.attribution import AttributionModel, QuoteMarks, load_model
from threadline.extract.columns import doc_text
from threadline.extract.components.claim_memory import ClaimHit, Memory, QuoteIndex
from threadline.extract.components.claim_quotations import QuotationRun
from threadline.extract.components.claim_speakers import PERSON_PRONOUNS, PLURAL_PRONOUNS, SpeakerFinder
from threadline.extract.components.claim_stance import StanceReader
from threadline.extract.components.context import QUOTES as QUOTE_MARKS
from threadline.extract.components.context import DocView, span_text
from threadline.extract.components.hearings import Hearing, find_hearing, is_question
from threadline.extract.languages import has_own_parser, language_data
from threadline.extract.patterns import Patterns, load_patterns
from threadline.model.names import fold

_ASSERTION_SUBJECTS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "expl", "expl:subj", "csubj"})  # both label schemes
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "obj", "parataxis", "advcl", "prep", "conj")
_SPEECH_ACT = 1.4  # verb_evidence at which a body's deed is also an act of speech (chosen on PolNeAR train)
_SURE_CUE = 0.5  # a cue the fitted model is this sure of needs no clause after it
_VETO = 0.15
_OWN_VOICE_CUE = 0.1  # a cue this likely, with an actor as its subject, makes the sentence someone's claim
_STRONG_CUE = 0.5  # a cue this likely makes it someone's claim whatever its subject
_QUESTION_OPENING = 6  # words: a question's own "that" clause opens right after its verb
_MIN_ANSWER = 3  # words: "Ja." answers a question but claims nothing of its own
_MIN_ASSERTION = 6  # words  # a listed reporting verb the fitted cue model finds this unlikely is not a cue
_CLASS_RANK = {"allege": 0, "deny": 0, "confirm": 0, "report": 0, "warn": 1, "say": 2}
_SPEAKING_PRONOUNS = frozenset(PERSON_PRONOUNS | {"i", "we", "they"})  # a subject whose act or view is theirs
_ACTOR_PRONOUNS = frozenset(PERSON_PRONOUNS | PLURAL_PRONOUNS | {"i"})
_DETERMINERS = {"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs"}


class ClaimFinder:
    def __init__(self, patterns: Patterns):
        self.patterns = patterns
        self.lex = patterns.lexicon
        self.stances = StanceReader(patterns)
        self.state_roles = state_roles(patterns)
        self.hedges = patterns.words("hedges")
        self.claim_nouns = {w.lower(): cls for cls, ws in self.lex["claim_nouns"].items() for w in ws}
        keywords = self.lex["type_keywords"]
        self.body_nouns = frozenset(w.lower() for w in (*keywords["STATE_BODY"], *keywords["state_exceptions"],
                                                         *self.lex["institutions"]["heads"]) if " " not in w)
        self.model: AttributionModel = load_model()
        self.speakers = SpeakerFinder(patterns, self.model, self.claim_nouns)

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.patterns)
        lang = (doc._.tl_language if Doc.has_extension("tl_language") else None) or doc.lang_
        quotes = QuoteIndex(doc)
        memory = self._memory(doc, view, lang, quotes)
        hearing = find_hearing(doc, view, lang)
        hits: list[ClaimHit] = []
        seen_texts: dict[int | None, list[str]] = {}  # claimant -> the folded sentences of their claims kept so far

        def keep(hit: ClaimHit, sent: Span) -> None:
            key = fold(span_text(sent))
            theirs = seen_texts.setdefault(hit.claimant, [])
            if any(key in k or k in key for k in theirs):
                return
            theirs.append(key)
            hits.append(hit)
            memory.remember(hit, view)

        def continued(sent: Span, speaker: int, naming: Span) -> ClaimHit:
            """A sentence of someone's quotation: its evidence runs to the sentence that names them, so it shows who."""
            hit = self._make(sent, view, speaker, "quotation", None, memory)
            return replace(hit, evidence_start=min(naming.start, sent.start), evidence_end=max(naming.end, sent.end))

        run = QuotationRun(quotes, continued, keep)
        for sent in doc.sents:
            if view.is_furniture(sent):
                run.furniture(sent)
                continue
            for hit in self._sentence(sent, view, memory, run, hearing):
                keep(hit, sent)
            memory.mentions(sent, view, quotes)
        run.settle_with_last()
        hits.sort(key=lambda h: (h.sent_start, h.text_start))
        doc._.tl_claims = hits
        return doc

    def _memory(self, doc: Doc, view: DocView, lang: str, quotes: QuoteIndex) -> Memory:
        """What the claims of a document share: its quotations, the cue model's reading, its voice."""
        memory = Memory()
        memory.quotes, memory.lang, memory.state_roles = quotes, lang, self.state_roles
        memory.marks = QuoteMarks.of(doc) if lang == "en" else None
        memory.cue_p = self.model.cue_probabilities(doc, memory.marks) if lang == "en" else [0.0] * len(doc)
        memory.voice = self.stances.voice(doc, view, quotes, memory.marks)
        return memory

    def _sentence(self, sent: Span, view: DocView, memory: Memory, run: QuotationRun,
                  hearing: Hearing | None) -> list[ClaimHit]:
        """The claims of one sentence: its cues first, then, with none, the quotation it belongs to, a hedge,
        reported speech, a rights group's account, the document's own voice; a hearing's turns last."""
        lang, quotes = memory.lang, run.quotes
        memory.learn_sides(sent, view)
        memory.learn_roles(sent, view)
        qids = quotes.touching(sent)
        signer = self.speakers.signature(sent, view)
        if signer is not None:
            run.signed(qids, signer, sent)
            return []
        inside = quotes.inside(sent)
        found = self._claims_in(sent, view, memory, lang, quotes)
        predicate = self.speakers.quoted_predicate(sent, view, quotes, lang) if not found else None
        if predicate is not None:
            found = [self._make(sent, view, predicate[0], "quoted predicate", None, memory, cue_i=predicate[1])]
        # the quotation's speaker: whoever the sentence has speak, before an outlet that relays them ("…, according to AFP")
        speakers_here = [h for h in found if h.claimant is not None and not quotes.quoted(h.cue_i)]
        speaker = next((h.claimant for h in sorted(speakers_here, key=lambda h: h.cue == "according to")), None)
        run.spoken(qids, speaker, sent, content_first=bool(found) and found[0].bare)
        if not found and inside is not None:
            found = run.inside(sent, inside)
        if not found and memory.recent_ngo(sent) is not None and any(t.lower_ in self.hedges for t in sent):
            found = [self._make(sent, view, memory.recent_ngo(sent), "hedge", None, memory)]
        mood = self._reportative(sent, lang, quotes) if not found and not quotes.speech_touching(sent) else None
        if mood is not None:  # a quoted term ("stazioni di polizia") is no one's words: the mood still says hearsay
            reporter = self.speakers.cited_owner(mood, view, lang)  # "… sarebbe più ampia, secondo il rapporto di X"
            reporter = reporter if reporter is not None else memory.recent_claimant(sent)
            if reporter is not None:
                found = [self._make(sent, view, reporter, "reported speech", None, memory)]
        if not found and memory.paragraph_alleger(sent) is not None and self.stances.wrongdoing(sent, lang):
            found = [self._make(sent, view, memory.paragraph_alleger(sent), "account", None, memory)]
        if not found and not quotes.speech_touching(sent) and hearing is None:
            found = self._own_voice(sent, view, memory.voice, lang, memory)
        if hearing is not None:
            found = self._in_hearing(sent, view, hearing, found, memory, lang)
        run.after(sent, qids, speaker, bool(found))
        return found

    def _own_voice(self, sent: Span, view: DocView, voice: str, lang: str, memory: Memory) -> list[ClaimHit]:
        """An assertion the document makes itself: a statement of fact, with no cue in sight, whether or not it names
        anyone ("All the offences carry a life sentence" is the document's word as much as "X opened an office").

        Kept only where nothing hints at another source (the fitted cue model finds
        no likely cue), so that someone's claim is never upgraded to the document's word.
        """
        root = sent.root
        words = [t for t in sent if not t.is_punct and not t.is_space]
        about = tuple(view.groups_in(sent))
        if len(words) < _MIN_ASSERTION or span_text(sent).rstrip().endswith("?") or _split_off(sent):
            return []
        if not has_own_parser(lang):  # parsed by another language's model: a full sentence (or a list item closed by ";"), not its parse, is the test
            lowered = " " + span_text(sent).lower() + " "
            if not span_text(sent).rstrip().endswith((".", "!", ";", "»", "”", '"')) or any(self._cue_word(t, lang) for t in sent) \
                    or any(f" {p} " in lowered for p in self.speakers.according_in.get(lang, ())):
                return []
            stance = self.stances.own_stance(sent, voice, lang)
            return [ClaimHit(sent.start, sent.end, None, stance, about, sent[0].text, sent.start, sent.end, cue_i=sent.start)]
        subjects = [c for c in root.children if c.dep_ in _ASSERTION_SUBJECTS]
        copular = any(c.dep_ == "cop" for c in root.children)  # "c'est la fonction de …": a noun root in UD's scheme
        if (root.pos_ not in ("VERB", "AUX") and not copular) or not subjects:
            return []  # a heading or caption, not an assertion
        if lang == "en" and any(c.dep_ == "nsubj" and (c.pos_ == "PRON" and c.lower_ in _SPEAKING_PRONOUNS
                                                      or self._is_person(c, view)) for c in subjects):
            return []  # a person's act or view is theirs to claim, not the document's
        if lang == "en" and any(self._someones_cue(t, view, memory) for t in sent):
            return []
        if lang != "en" and any(self._cue_word(t, lang) for t in sent):
            return []
        stance = self.stances.own_stance(sent, voice, lang)
        return [ClaimHit(sent.start, sent.end, None, stance, about, root.text, sent.start, sent.end, cue_i=root.i)]

    def _model_cue(self, t: Token, memory: Memory) -> bool:
        """A word no list names that the fitted model finds a cue: sure, or likely and followed by what is claimed."""
        p = memory.cue_p[t.i]
        return p >= _SURE_CUE or (p >= self.model.cue.threshold and _carries_content(t))

    def _in_hearing(self, sent: Span, view: DocView, hearing: Hearing, found: list[ClaimHit], memory: Memory,
                    lang: str) -> list[ClaimHit]:
        """In questions and answers: the header claims nothing; an answer is the answerer's unless it names another
        speaker; a question is the asker's claim when it asserts something ("Do you agree that …?")."""
        if not hearing.in_body(sent):
            return []
        if is_question(sent):
            opens = language_data(lang).complementisers
            opening = [t for t in sent if not t.is_punct][:_QUESTION_OPENING]
            if hearing.asker is None or not any(t.lower_ in opens for t in opening):
                return []  # "Do you agree that …" asserts; "Are you aware of reports that …" asks
            cls = "allege" if self.stances.wrongdoing(sent, lang) else None
            return [self._make(sent, view, hearing.asker, "question", cls, memory, cue_i=sent.start)]
        if any(h.claimant is not None for h in found):
            return found
        words = [t for t in sent if not t.is_punct and not t.is_space]
        if len(words) < _MIN_ANSWER:
            return []
        return [self._make(sent, view, hearing.answerer, "answer", None, memory, cue_i=sent.start)]

    def _cue_word(self, t: Token, lang: str) -> bool:
        return bool(self.patterns.verb_class(t.lower_, lang) or self.patterns.verb_class(t.lemma_, lang) or t.lower_ in self.claim_nouns)

    def _someones_cue(self, t: Token, view: DocView, memory: Memory) -> bool:
        """A likely cue (the fitted model's word) whose subject is an actor: the sentence is someone's claim."""
        if _the_document_itself(t, "en"):
            return False  # "This report documents …": the document's own finding
        p = memory.cue_p[t.i]
        if not self.patterns.verb_class(t.lemma_, "en") and t.lower_ not in self.claim_nouns and t.pos_ == "VERB":
            return self._model_cue(t, memory) and not self._bodys_act(t, view)  # an act is the document's report
        if p >= _STRONG_CUE:
            return True
        if p < _OWN_VOICE_CUE:
            return False
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                g = view.token_group.get(c.i)
                if c.lower_ in _ACTOR_PRONOUNS or (g is not None and view.groups[g].type in ("PERSON", "ORG", "STATE_BODY")):
                    return True
        return False

    def _bodys_act(self, t: Token, view: DocView) -> bool:
        """A verb no list names, done by a body and claiming nothing ("the union revoked permission", "the council
        issued an order"): what an institution did is the document's report; a person's act may voice a view, and
        what a rights group or an outlet does ("listed the cities", "documented") publishes its findings."""
        if t.pos_ != "VERB" or self.patterns.verb_class(t.lemma_, "en") \
                or self.model.verb_evidence(t.lemma_.lower()) >= _SPEECH_ACT:
            return False
        if any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in t.children):
            return False
        subjects = [c for c in t.children if c.dep_ == "nsubj"]
        if not subjects:
            return False
        g = view.token_group.get(subjects[0].i)
        if g is None:
            head = subjects[0]
            return head.pos_ == "NOUN" and head.lemma_.lower() in self.body_nouns
        return view.groups[g].type in ("ORG", "STATE_BODY") and view.kind(g) not in ("ngo", "media")

    def _is_person(self, token: Token, view: DocView) -> bool:
        g = view.token_group.get(token.i)
        return g is not None and view.groups[g].type == "PERSON"

    def _reportative(self, sent: Span, lang: str, quotes: QuoteIndex) -> Token | None:
        """The sentence's verb in the mood of reported speech (German Konjunktiv I, the conditional of hearsay)."""
        data = language_data(lang)
        if not (data.reportative_words or data.reportative_suffixes):
            return None
        parsed = has_own_parser(lang)
        return next((t for t in sent if data.reportative(t.text, t.doc[t.i - 1].text if t.i > sent.start else "")
                     and not quotes.quoted(t.i) and (not parsed or t.pos_ in ("VERB", "AUX"))), None)


    # -- cues ------------------------------------------------------------------

    def _claims_in(self, sent: Span, view: DocView, memory: Memory, lang: str, quotes: QuoteIndex) -> list[ClaimHit]:
        found: list[ClaimHit] = []
        colon = self.speakers.colon_speaker(sent, view)
        if colon is not None:
            g, phrase, mark = colon
            return [self._make(sent, view, g, ":", None, memory, source=phrase, cue_i=mark)]
        signed = self.speakers.dash_speaker(sent, view)
        if signed is not None:
            g, phrase, mark = signed
            return [self._make(sent, view, g, "―", None, memory, source=phrase, cue_i=mark)]
        according = self.speakers.according_to(sent, view, memory)
        if according is not None:
            found.append(self._make(sent, view, according, "according to", None, memory))
        options = []
        for verb, cls in self._reporting_verbs(sent, view, lang, memory):
            if quotes.quoted(verb.i):
                continue  # a verb inside a quotation is the quoted speaker's word, not the sentence's cue
            if _the_document_itself(verb, lang):
                continue  # "This report shows …": no source, the document's own voice (below) says it
            claimant, phrase = self.speakers.speaker(verb, view, memory), None
            if claimant is None and lang == "en":
                claimant, phrase = self.speakers.model_source(verb, view, memory)
            if (claimant is None and phrase is None) or (claimant is not None and any(h.claimant == claimant for h in found)):
                continue
            person = claimant is not None and view.groups[claimant].type == "PERSON"
            options.append(((_CLASS_RANK.get(cls, 2), claimant is None, not person, len(list(verb.ancestors))), verb, cls, claimant, phrase))
        options.sort(key=lambda o: o[0])
        relayed = len(found)  # "X said …, according to AFP": the outlet relays, X still speaks, named or not
        for n, (_, verb, cls, claimant, phrase) in enumerate(options):
            if claimant is None and (len(found) > relayed or relayed and verb.dep_ != "ROOT"):
                continue
            if n and (claimant is None or any(h.claimant == claimant for h in found) or not self._second_claim(verb, found)
                      or not has_own_parser(lang)):
                continue  # without a parse of its own, a second claimant in one sentence is a guess
            found.append(self._make(sent, view, claimant, verb.text, cls, memory, verb, source=phrase))
        if found:
            for author in self.speakers.claim_noun_authors(sent, view):
                if all(h.claimant != author for h in found):
                    found.append(self._make(sent, view, author, "report", "report", memory))
        return found

    def _second_claim(self, verb: Token, found: list[ClaimHit]) -> bool:
        """Two claimants in one sentence ("X said Y denied it"): the second cue stands outside the first claim's content."""
        return all(not (h.text_start <= verb.i < h.text_end) or h.text_start == h.sent_start for h in found)

    def _reporting_verbs(self, sent: Span, view: DocView, lang: str, memory: Memory) -> list[tuple[Token, str]]:
        verbs = []
        borrowed = not has_own_parser(lang)  # parsed by another language's model: trust words, not tags
        doc = sent.doc
        columns = memory.marks.columns if memory.marks is not None else None  # English: the tags, read once
        for i in range(sent.start, sent.end):
            if (
                columns is not None
                and columns.pos[i] not in ("VERB", "AUX")
                and not (columns.pos[i] == "NOUN" and columns.dep[i] == "ROOT")
            ):
                continue  # the test below, without building the token (_mistagged is French)
            t = doc[i]
            if borrowed:
                cls = self.patterns.verb_class(t.lower_, lang)
                if cls and t.i > sent.start and t.doc[t.i - 1].lower_ in language_data(lang).determiners:
                    continue  # "ogni accusa", "een verklaring": the verb's form used as a noun
                if cls and not (t.text[:1].isupper() and t.i > sent.start and lang != "de"):
                    verbs.append((t, cls))  # a capitalised form mid-sentence is a name's word ("Pubblica Sicurezza")
                continue
            if t.pos_ not in ("VERB", "AUX") and not (t.pos_ == "NOUN" and t.dep_ == "ROOT") and not self._mistagged(t, lang):
                continue
            if t.dep_ in ("relcl", "acl:relcl"):
                continue  # "... which Canada recognised as ...": embedded, not the sentence's source
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in ("decline", "refuse", "fail"):
                continue  # "declined to comment" says nothing
            cls = self.patterns.verb_class(_phrasal(t), lang) or (self.patterns.verb_class(t.lower_, lang) if lang != "en" else None)
            if cls is None and lang == "en" and _as_put_it(t):
                verbs.append((t, "say"))  # "as the minister put it": an idiom of saying
                continue
            if cls is None:
                obj = next((c for c in t.children if c.dep_ in ("dobj", "obj") and c.lower_ in self.claim_nouns), None)
                if obj is None or t.lemma_.lower() not in ("issue", "make", "sign", "publish", "release", "level", "raise", "lodge", "file"):
                    continue
                cls = self.claim_nouns[obj.lower_]
            if lang == "en" and memory.cue_p[t.i] < _VETO and not _as_clause(t):
                continue  # "maintains a register", "calls on Monday": the verb in another sense ("as stated in" is none)
            verbs.append((t, cls))
        if lang == "en":
            listed = {t.i for t, _ in verbs}
            cue_p, least = memory.cue_p, min(_SURE_CUE, self.model.cue.threshold)
            for i in range(sent.start, sent.end):
                if cue_p[i] < least or i in listed:
                    continue  # too unlikely for _model_cue, read without building the token
                t = doc[i]
                if t.dep_ in ("relcl", "amod") or (t.dep_ == "acl" and t.tag_ == "VBN"):
                    continue  # embedded, or "officers accused of ...": a participle describing its noun
                if self._model_cue(t, memory) and not self._bodys_act(t, view):
                    verbs.append((t, self.patterns.verb_class(t.lemma_, lang) or "say"))
        # the governing verb first: fewer ancestors means higher in the tree
        verbs.sort(key=lambda vc: (len(list(vc[0].ancestors)), vc[0].i))
        return verbs

    def _mistagged(self, token: Token, lang: str) -> bool:
        """A French reporting verb the tagger read as an adjective or noun ("dément", "a nié"), heading a clause."""
        following = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
        heads_clause = token.dep_ in ("ROOT", "obj", "xcomp", "ccomp", "conj") or following in ("que", "qu'", "qu’")
        if lang != "fr" or token.pos_ not in ("ADJ", "ADV", "NOUN") or not heads_clause:
            return False
        previous = token.doc[token.i - 1] if token.i > token.sent.start else None
        return self.patterns.verb_class(token.lower_, lang) is not None and (previous is None or previous.lower_ not in _DETERMINERS)


    # -- building --------------------------------------------------------------

    def _make(self, sent: Span, view: DocView, claimant: int | None, cue: str, cls: str | None, memory: Memory,
              verb: Token | None = None, source: str | None = None, cue_i: int | None = None) -> ClaimHit:
        about = tuple(g for g in view.groups_in(sent) if g != claimant)
        start, end = sent.start, sent.end
        clause_tokens: list[Token] | None = None
        if verb is not None:
            clause = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "obj")]
            if clause:
                clause_tokens = list(clause[0].subtree)
                start, end = clause_tokens[0].i, clause_tokens[-1].i + 1
            else:
                clause_tokens = list(verb.subtree)
        stance = self.stances.stance(sent, view, claimant, cls, memory, clause_tokens, source)
        bare = verb is not None and not any(c.dep_ in _CONTENT_DEPS for c in verb.children)
        return ClaimHit(sent.start, sent.end, claimant, stance, about, cue, start, end, source,
                        verb.i if verb is not None else cue_i, bare)


_STATE_SERVANTS = ("diplomat", "diplomats", "consul", "official", "officials", "officer", "officers", "envoy", "agent", "agents")


def state_roles(patterns: Patterns) -> frozenset[str]:
    """Offices that speak for a body: spokespeople, heads, ministers, diplomats and officials (not researchers)."""
    roles = patterns.lexicon["roles"]
    return frozenset(w.lower() for w in (*roles["spokesperson_for"], *roles["leads"], *patterns.words("role_words"),
                                         *_STATE_SERVANTS))


def _phrasal(t: Token) -> str:
    """The verb with its particle ("rule out", "point out"): the particle may change the sense the class names."""
    particle = next((c.lower_ for c in t.children if c.dep_ == "prt"), None)
    return f"{t.lemma_} {particle}" if particle else t.lemma_


def _as_clause(t: Token) -> bool:
    """The verb heads an "as" clause beside the main one: "as X said", "as stated in the report"."""
    return t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children)


def _as_put_it(t: Token) -> bool:
    """"As X put it, …": the clause says whose words the sentence gives."""
    return t.lemma_.lower() == "put" and _as_clause(t) and any(c.dep_ == "dobj" and c.lower_ == "it" for c in t.children)


def _split_off(sent: Span) -> bool:
    """A piece the segmenter cut off at a quotation mark: the text before it ends in no sentence's end."""
    doc = sent.doc
    if sent.start == 0 or (sent[0].text not in QUOTE_MARKS and sent[0].text != "„"):
        return False
    before = doc_text(doc)[:sent.start_char].rstrip(" ")
    return bool(before) and before[-1] not in ".!?:;\n»”\"'’)"


def _carries_content(t: Token) -> bool:
    """A cue introduces what is claimed: a clause, a quotation, a colon ("revoked permission" does not)."""
    if any(c.dep_ in ("ccomp", "parataxis") or (c.dep_ == "xcomp" and c.pos_ == "VERB" and t.pos_ != "VERB") for c in t.children):
        return True
    near = t.doc[max(t.sent.start, t.i - 3):min(t.sent.end, t.i + 3)]
    return t.pos_ != "VERB" or any(x.text in QUOTE_MARKS or x.text == ":" for x in near)


@Language.factory("threadline_claims_v1", assigns=["doc._.tl_claims"], requires=["doc._.tl_entities"])
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    for attr in ("tl_claims", "tl_publisher"):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)
    return ClaimFinder(load_patterns())


def _the_document_itself(verb: Token, lang: str) -> bool:
    """The verb's subject is the document naming itself: "This latest release documents …", "our report finds …"."""
    data = language_data(lang)
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") and c.lower_ in data.self_nouns:
            if any(d.dep_ in ("det", "poss", "amod") and d.lower_ in data.self_determiners for d in c.children):
                return True
    return False
