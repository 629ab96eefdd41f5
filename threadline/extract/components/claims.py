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
from threadline.extract.components.claim_stance import StanceReader
from threadline.extract.components.context import QUOTES as QUOTE_MARKS
from threadline.extract.components.context import DocView, span_text
from threadline.extract.components.hearings import Hearing, find_hearing, is_question
from threadline.extract.languages import has_own_parser, language_data
from threadline.extract.patterns import Patterns, load_patterns
from threadline.model.names import fold

_SUBJECTS = ("nsubj", "csubj")
_ASSERTION_SUBJECTS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "expl", "expl:subj", "csubj"})  # both label schemes
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "obj", "parataxis", "advcl", "prep", "conj")
_LOCATIVES = frozenset({"a", "in", "da", "di", "del", "della", "en", "te", "naar", "nach", "aus", "uit", "de", "à", "au",
                        "bei", "im", "zu", "at", "from", "to", "van", "op", "per", "verso"})
_SPEECH_ACT = 1.4  # verb_evidence at which a body's deed is also an act of speech (chosen on PolNeAR train)
_DASHES = frozenset({"―", "—", "–"})
_SIGNATURE_WORDS = 6  # a signature after a quotation's dash: a name, perhaps with a place or a role
_SURE_CUE = 0.5  # a cue the fitted model is this sure of needs no clause after it
_VETO = 0.15
_OWN_VOICE_CUE = 0.1  # a cue this likely, with an actor as its subject, makes the sentence someone's claim
_STRONG_CUE = 0.5  # a cue this likely makes it someone's claim whatever its subject
_INVERSION_WINDOW = 5  # words after the verb where an inverted subject stands
_QUESTION_OPENING = 6  # words: a question's own "that" clause opens right after its verb
_MIN_ANSWER = 3  # words: "Ja." answers a question but claims nothing of its own
_MIN_ASSERTION = 6  # words  # a listed reporting verb the fitted cue model finds this unlikely is not a cue
_CLASS_RANK = {"allege": 0, "deny": 0, "confirm": 0, "report": 0, "warn": 1, "say": 2}
_PRONOUN_PERSON = {"he", "she", "il", "elle", "hij", "lui", "lei"}
_CLOSING_QUOTES = {'"', "”", "»"}
_PRONOUN_PLURAL = {"they", "it", "ils", "elles", "zij", "loro", "we"}
_SPEAKING_PRONOUNS = frozenset(_PRONOUN_PERSON | {"i", "we", "they"})  # a subject whose act or view is theirs
_ACTOR_PRONOUNS = frozenset(_PRONOUN_PERSON | _PRONOUN_PLURAL | {"i"})
_OF_WORDS = {"van", "de", "het", "der", "di", "del", "della", "dello", "dei", "degli", "delle", "of", "the", "du", "des", "la", "l'", "von"}
_DETERMINERS = {"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs"}


def _outside_brackets(tokens: list[Token]) -> list[Token]:
    """Drop bracketed asides such as a dateline's "(Reuters)"."""
    out, depth = [], 0
    for t in tokens:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(t)
    return out


class ClaimFinder:
    def __init__(self, patterns: Patterns):
        self.patterns = patterns
        self.lex = patterns.lexicon
        self.stances = StanceReader(patterns)
        self.state_roles = state_roles(patterns)
        self.hedges = patterns.words("hedges")
        self.claim_nouns = {w.lower(): cls for cls, ws in self.lex["claim_nouns"].items() for w in ws}
        self.anaphors = {cls: {w.lower() for w in ws} for cls, ws in self.lex["anaphors"].items()}
        self.according_in = {lang: [p.lower() for p in ps] for lang, ps in self.lex["according_to"].items()}
        self.according = [p for ps in self.according_in.values() for p in ps]
        self.person_pronouns = {lang: frozenset(w.lower() for w in ws) for lang, ws in self.lex["person_pronouns"].items()}
        keywords = self.lex["type_keywords"]
        self.body_nouns = frozenset(w.lower() for w in (*keywords["STATE_BODY"], *keywords["state_exceptions"],
                                                         *self.lex["institutions"]["heads"]) if " " not in w)
        self.model: AttributionModel = load_model()

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.patterns)
        lang = (doc._.tl_language if Doc.has_extension("tl_language") else None) or doc.lang_
        hits: list[ClaimHit] = []
        memory = Memory()
        quotes = QuoteIndex(doc)
        memory.quotes, memory.lang, memory.state_roles = quotes, lang, self.state_roles
        memory.marks = QuoteMarks.of(doc) if lang == "en" else None
        memory.cue_p = self.model.cue_probabilities(doc, memory.marks) if lang == "en" else [0.0] * len(doc)
        voice = memory.voice = self.stances.voice(doc, view, quotes, memory.marks)
        hearing = find_hearing(doc, view, lang)
        seen_texts: dict[int | None, list[str]] = {}  # claimant -> the folded sentences of their claims kept so far
        pending: dict[int, list[Span]] = {}  # quotation id -> its sentences waiting for a speaker
        speakers: dict[int, int] = {}  # quotation id -> its speaker
        named_in: dict[int, Span] = {}  # quotation id -> the sentence that names its speaker
        ended_unattributed: int | None = None  # a quotation that closed in the previous sentence with no speaker
        last_quoted: int | None = None  # the speaker of the last quotation, until narration intervenes
        last_quoted_in: Span | None = None  # the sentence that named them

        def continued(sent: Span, speaker: int, naming: Span) -> ClaimHit:
            """A sentence of someone's quotation: its evidence runs to the sentence that names them, so it shows who."""
            hit = self._make(sent, view, speaker, "quotation", None, memory)
            return replace(hit, evidence_start=min(naming.start, sent.start), evidence_end=max(naming.end, sent.end))

        def keep(hit: ClaimHit, sent: Span) -> None:
            key = fold(span_text(sent))
            theirs = seen_texts.setdefault(hit.claimant, [])
            if any(key in k or k in key for k in theirs):
                return
            theirs.append(key)
            hits.append(hit)
            memory.remember(hit, view)

        def settle(q: int, speaker: int, naming: Span) -> None:
            speakers[q], named_in[q] = speaker, naming
            for earlier in pending.pop(q, []):
                keep(continued(earlier, speaker, naming), earlier)

        for sent in doc.sents:
            if view.is_furniture(sent):
                closing = quotes.closing_in(sent)  # a closing mark left alone on its line
                if closing is not None and closing not in speakers:
                    ended_unattributed = closing
                continue
            memory.learn_sides(sent, view)
            memory.learn_roles(sent, view)
            qids = quotes.touching(sent)
            signer = self._signature(sent, view)
            if signer is not None:  # '"…" ― Ana Reyes' on a line of its own: the quotation before it is hers
                waiting = [q for q in qids if q not in speakers]
                if ended_unattributed is not None and ended_unattributed not in waiting:
                    waiting.append(ended_unattributed)
                for q in waiting:
                    settle(q, signer, sent)
                ended_unattributed, last_quoted, last_quoted_in = None, signer, sent
                memory.mentions(sent, view, quotes)
                continue
            inside = quotes.inside(sent)
            found = self._claims_in(sent, view, memory, lang, quotes)
            # the quotation's speaker: whoever the sentence has speak, before an outlet that relays them ("…, according to AFP")
            speakers_here = [h for h in found if h.claimant is not None and not quotes.quoted(h.cue_i)]
            speaker = next((h.claimant for h in sorted(speakers_here, key=lambda h: h.cue == "according to")), None)
            if speaker is not None:
                waiting = [q for q in qids if q not in speakers]
                if ended_unattributed is not None and not qids and found[0].bare:
                    waiting.append(ended_unattributed)  # '"…." The ministry said so on Monday.': the content came first
                for q in waiting:
                    settle(q, speaker, sent)
            elif ended_unattributed is not None and last_quoted is not None and last_quoted_in is not None:
                settle(ended_unattributed, last_quoted, last_quoted_in)  # a quoted paragraph after the speaker's last: still them
            if not found and inside is not None:
                if inside in speakers:
                    found = [continued(sent, speakers[inside], named_in[inside])]
                else:
                    pending.setdefault(inside, []).append(sent)
            if not found and memory.recent_ngo(sent) is not None and any(t.lower_ in self.hedges for t in sent):
                found = [self._make(sent, view, memory.recent_ngo(sent), "hedge", None, memory)]
            if not found and not qids and self._reported(sent, lang, quotes):  # the mood first: most languages have none
                reporter = memory.recent_claimant(sent)
                if reporter is not None:
                    found = [self._make(sent, view, reporter, "reported speech", None, memory)]
            if not found and memory.paragraph_alleger(sent) is not None and self.stances.wrongdoing(sent, lang):
                found = [self._make(sent, view, memory.paragraph_alleger(sent), "account", None, memory)]
            if not found and not quotes.speech_touching(sent) and hearing is None:
                found = self._own_voice(sent, view, voice, lang, memory)
            if hearing is not None:
                found = self._in_hearing(sent, view, hearing, found, memory, lang)
            for hit in found:
                keep(hit, sent)
            closing = quotes.closing_in(sent)
            ended_unattributed = closing if closing is not None and closing not in speakers else None
            if speaker is not None and qids:
                last_quoted, last_quoted_in = speaker, sent
            elif not qids and not found:
                last_quoted = last_quoted_in = None  # narration ends the run of quotations
            memory.mentions(sent, view, quotes)
        if ended_unattributed is not None and last_quoted is not None and last_quoted_in is not None:
            settle(ended_unattributed, last_quoted, last_quoted_in)
        hits.sort(key=lambda h: (h.sent_start, h.text_start))
        doc._.tl_claims = hits
        return doc

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
        if not has_own_parser(lang):  # parsed by another language's model: a full sentence, not its parse, is the test
            lowered = " " + span_text(sent).lower() + " "
            if not span_text(sent).rstrip().endswith((".", "!", "»", "”", '"')) or any(self._cue_word(t, lang) for t in sent) \
                    or any(f" {p} " in lowered for p in self.according_in.get(lang, ())):
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


    def _reported(self, sent: Span, lang: str, quotes: QuoteIndex) -> bool:
        """The sentence's verb is in the mood of reported speech (German Konjunktiv I, the conditional of hearsay)."""
        data = language_data(lang)
        if not (data.reportative_words or data.reportative_suffixes):
            return False
        parsed = has_own_parser(lang)
        return any(data.reportative(t.text, t.doc[t.i - 1].text if t.i > sent.start else "") and not quotes.quoted(t.i)
                   and (not parsed or t.pos_ in ("VERB", "AUX")) for t in sent)


    # -- cues ------------------------------------------------------------------

    def _claims_in(self, sent: Span, view: DocView, memory: Memory, lang: str, quotes: QuoteIndex) -> list[ClaimHit]:
        found: list[ClaimHit] = []
        colon = self._colon_speaker(sent, view)
        if colon is not None:
            g, phrase, mark = colon
            return [self._make(sent, view, g, ":", None, memory, source=phrase, cue_i=mark)]
        signed = self._dash_speaker(sent, view)
        if signed is not None:
            g, phrase, mark = signed
            return [self._make(sent, view, g, "―", None, memory, source=phrase, cue_i=mark)]
        according = self._according_to(sent, view, memory)
        if according is not None:
            found.append(self._make(sent, view, according, "according to", None, memory))
        options = []
        for verb, cls in self._reporting_verbs(sent, view, lang, memory):
            if quotes.quoted(verb.i):
                continue  # a verb inside a quotation is the quoted speaker's word, not the sentence's cue
            claimant, phrase = self._speaker(verb, view, memory), None
            if claimant is None and lang == "en":
                claimant, phrase = self._model_source(verb, view, memory)
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
            for author in self._claim_noun_authors(sent, view):
                if all(h.claimant != author for h in found):
                    found.append(self._make(sent, view, author, "report", "report", memory))
        return found

    def _second_claim(self, verb: Token, found: list[ClaimHit]) -> bool:
        """Two claimants in one sentence ("X said Y denied it"): the second cue stands outside the first claim's content."""
        return all(not (h.text_start <= verb.i < h.text_end) or h.text_start == h.sent_start for h in found)

    def _colon_speaker(self, sent: Span, view: DocView) -> tuple[int | None, str | None, int] | None:
        """"WALLACE: …", "Embassy spokesperson Ana Reyes: …": a transcript's speaker before a colon."""
        words = [t for t in sent[:6]]
        colon = next((t for t in words if t.text == ":"), None)
        if colon is None or colon.i == sent.start or colon.i + 1 >= sent.end:
            return None
        head = sent.doc[sent.start:colon.i]
        if not all(t.text[:1].isupper() or t.is_punct for t in head) or head[-1].lower_ in self.claim_nouns:
            return None
        groups = [g for g in view.groups_in(head) if view.groups[g].type in ("PERSON", "ORG", "STATE_BODY")]
        if groups:
            return self._speaker_for(groups[-1], head[-1], view), None, colon.i
        if len(head) <= 3 and not any(t.pos_ == "VERB" for t in head) and head.text.isupper():
            return None, head.text, colon.i
        return None

    def _signature(self, sent: Span, view: DocView) -> int | None:
        """A line that only signs the quotation before it: "― Ana Reyes", "— Tom Baker, Leeds"."""
        doc = sent.doc
        words = [t for t in sent if not t.is_space]
        if len(words) < 2:
            return None
        first = words[0]
        signs = first.text in _DASHES or (first.text[:1] in _CLOSING_QUOTES and first.text[1:] in _DASHES)
        if not signs or first.text in _DASHES and not self._after_closing_quote(doc, sent.start):
            return None
        signed = self._signer(words[1:], view)
        return signed if isinstance(signed, int) else None

    @staticmethod
    def _after_closing_quote(doc: Doc, i: int) -> bool:
        j = i - 1
        while j >= 0 and doc[j].is_space:
            j -= 1
        return j >= 0 and doc[j].text in _CLOSING_QUOTES

    def _dash_speaker(self, sent: Span, view: DocView) -> tuple[int | None, str | None, int] | None:
        """'"…." ― Ana Reyes': a quotation signed after a dash, as in letters, posts and vox pops."""
        doc = sent.doc
        for t in sent:
            if t.text not in _DASHES or t.i == sent.start or doc[t.i - 1].text not in _CLOSING_QUOTES:
                continue
            tail = [x for x in doc[t.i + 1:sent.end] if not x.is_space]
            while tail and tail[-1].is_punct:
                tail.pop()
            if any("\n" in x.whitespace_ for x in tail[:-1]):
                return None
            signed = self._signer(tail, view)
            if signed is None:
                return None
            return (signed, None, t.i) if isinstance(signed, int) else (None, signed, t.i)
        return None

    @staticmethod
    def _signer(words: list[Token], view: DocView) -> int | str | None:
        """The words that sign a quotation after its dash: a person or body the text knows, else the words
        themselves (a name, perhaps with a place or a role); None when they are no signature."""
        words = list(words)
        while words and words[-1].is_punct:
            words.pop()
        if not words or len(words) > _SIGNATURE_WORDS or not words[0].text[:1].isupper():
            return None
        groups = [g for g in view.groups_in(words) if view.groups[g].type in ("PERSON", "ORG", "STATE_BODY")]
        return groups[0] if groups else words[0].doc[words[0].i:words[-1].i + 1].text

    def _model_source(self, cue: Token, view: DocView, memory: Memory) -> tuple[int | None, str | None]:
        """The fitted source scorer's pick: an entity, a pronoun's antecedent, or the words of an unnamed source."""
        best = self.model.best_source(cue, memory.marks)
        if best is None:
            return None, None
        token = best[0]
        g = view.token_group.get(token.i)
        if g is not None:
            return (g, None) if view.groups[g].type in ("PERSON", "ORG", "STATE_BODY", "GPE") else (None, None)
        if token.lower_ in ("who", "that", "which") and token.head.dep_ == "relcl":
            token = token.head.head  # "the senator, who said …": the noun the clause describes
            g = view.token_group.get(token.i)
            if g is not None:
                return g, None
        if token.pos_ == "PRON":
            return self._anaphor(token, view, memory), None
        phrase = _noun_phrase(token)
        g = self._resolve(phrase, view, memory)
        if g is not None:
            return g, None
        holder = memory.role_holder(token.lemma_.lower())
        if holder is not None:
            return holder, None
        if token.lower_ in self.claim_nouns and memory.last_claimant is not None:
            return memory.last_claimant, None  # "the statement said": whoever made the statement
        for part in phrase:  # "an embassy spokesperson", "a spokeswoman for the ministry": the body the role belongs to
            if part is not token and part.pos_ in ("NOUN", "PROPN"):
                body = self._anaphor(part, view, memory)
                if body is not None:
                    return body, None
        if not _can_speak(token):
            return None, None
        words = [t for t in phrase if not (t.dep_ == "det" and t.i == phrase[0].i)]
        if not words:
            return None, None
        first = words[0]
        while first.i > first.sent.start and not first.doc[first.i - 1].whitespace_ and not first.doc[first.i - 1].is_punct \
                or first.i > first.sent.start + 1 and first.doc[first.i - 1].text == "-" and not first.doc[first.i - 1].whitespace_:
            first = first.doc[first.i - 1]  # "Twenty-seven states", "52-count complaint": the word the tokenizer split
        return None, first.doc[first.i:words[-1].i + 1].text.strip() or None

    def _according_to(self, sent: Span, view: DocView, memory: Memory) -> int | None:
        lower = span_text(sent).lower()
        for phrase in self.according:
            pos = lower.find(phrase + " ")
            if pos < 0 or (pos > 0 and phrase[0].isalnum() and lower[pos - 1].isalnum()):
                continue
            char = sent.start_char + pos + len(phrase)
            after = [t for t in sent if t.idx >= char][:8]
            if not phrase[0].isalnum():  # ", so das Amt": the words right after, ending the clause, and no "so dass"
                if not after or after[0].lower_ in language_data(memory.lang).complementisers:
                    continue
                after = after[:3]
            for t in after:
                g = view.token_group.get(t.i)
                if g is not None:
                    return g
                ref = self._anaphor(t, view, memory)
                if ref is not None:
                    return ref
        return None

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

    def _speaker(self, verb: Token, view: DocView, memory: Memory) -> int | None:
        if self._borrowed(verb):
            return self._nearest_actor(verb, view, memory)
        if verb.pos_ in ("ADJ", "ADV"):  # a mis-tagged verb: its subject if the parse has one, else the nearest actor before it
            return self._from_parse(verb, view, memory) or self._nearest_actor(verb, view, memory, after=False)
        found = self._from_parse(verb, view, memory)
        if found is None and self._after_quote(verb):
            found = self._inverted_subject(verb, view, memory)
        return found

    def _after_quote(self, verb: Token) -> bool:
        """French incise: «"…", a-t-il dénoncé» / «"…", affirme l'ONG»: the verb closes a quotation."""
        if verb.doc.lang_ != "fr":
            return False
        window = [t.text for t in verb.doc[max(verb.sent.start, verb.i - 5):verb.i]]
        return any(a in _CLOSING_QUOTES and b == "," for a, b in zip(window, window[1:]))

    def _inverted_subject(self, verb: Token, view: DocView, memory: Memory) -> int | None:
        """The subject of an incise comes after the verb: a hyphenated pronoun (-t-il, -elle) or a name."""
        near = [t for t in verb.doc[max(verb.sent.start, verb.i - 3):min(verb.sent.end, verb.i + 3)]]
        for t in near:
            pronoun = t.lower_.lstrip("-").removeprefix("t-")
            if t.text.startswith("-") and pronoun in _PRONOUN_PERSON:
                return memory.last_person
            if t.text.startswith("-") and pronoun in _PRONOUN_PLURAL:
                return memory.last_actor_claimant if memory.last_actor_claimant is not None else memory.last_actor
        for t in verb.doc[verb.i + 1:verb.sent.end]:
            g = view.token_group.get(t.i)
            if g is not None and view.groups[g].type in ("PERSON", "ORG", "STATE_BODY"):
                return g
            ref = self._anaphor(t, view, memory) if t.pos_ in ("NOUN", "PROPN") else None
            if ref is not None:
                return ref
        return None

    def _from_parse(self, verb: Token, view: DocView, memory: Memory) -> int | None:
        node = verb
        for _ in range(4):
            subjects = [c for c in node.children if c.dep_ in _SUBJECTS]
            agents = [g for c in node.children if c.dep_ in ("agent", "obl:agent") for g in c.subtree]
            if node.tag_ == "VBN" or any(c.dep_ in ("auxpass", "aux:pass") for c in node.children):
                if agents:
                    g = self._resolve(agents, view, memory)
                    if g is not None:
                        return g
                owner = self._claim_noun_owner(node, view, memory)
                if owner is not None:
                    return owner  # "as stated in the ministry's report": whoever made the report
                if node.dep_ == "acl" and node.head.lower_ in self.claim_nouns:
                    return None  # "allegations denied by" without agent
            for subj in sorted(subjects, key=lambda c: abs(c.i - node.i)):  # two subjects: the parse took a quote's words
                g = self._resolve(list(subj.subtree), view, memory)
                if g is not None:
                    return g
            if subjects or node.dep_ not in ("acl", "advcl", "xcomp", "conj", "relcl", "ccomp", "acl:relcl") or node.head is node:
                break
            node = node.head
        return None

    def _claim_noun_owner(self, verb: Token, view: DocView, memory: Memory) -> int | None:
        """"stated in X's commentary", "described in the report by X": the owner of the statement the verb cites."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "by"):
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj" or noun.lower_ not in self.claim_nouns:
                    continue
                for x in noun.children:
                    if x.dep_ == "poss" or (x.dep_ == "prep" and x.lower_ in ("of", "by")):
                        g = self._resolve(list(x.subtree), view, memory)
                        if g is not None:
                            return g
        return None

    def _borrowed(self, token: Token) -> bool:
        doc = token.doc
        lang = (doc._.tl_language if Doc.has_extension("tl_language") else None) or doc.lang_
        return not has_own_parser(lang)

    def _nearest_actor(self, verb: Token, view: DocView, memory: Memory, after: bool = True) -> int | None:
        """Without a parse: the closest person or organisation before the verb, else after it.

        Words inside quotations are someone's speech, not its speaker. After a closing
        quote ("„…“, sagte er", "«…», ha detto Rossi") the speaker follows the verb. A
        person pronoun beside the verb ("Hij zei", "sagte er") is the last person named.
        """
        sent = verb.sent
        quotes = memory.quotes
        by_auxiliary = self._subject_by_auxiliary(verb, view, memory)
        if by_auxiliary is not None:
            return by_auxiliary
        before = [t for t in sent if t.i < verb.i and not (quotes and quotes.quoted(t.i))][::-1]
        following = [t for t in sent if t.i > verb.i] if after else []
        beside = [t for t in sent if 0 < abs(t.i - verb.i) <= 2]
        pronouns = self.person_pronouns.get(memory.lang, frozenset())
        if any(t.lower_ in pronouns for t in beside) and memory.last_person is not None:
            return memory.last_person
        if self._inverted(verb, view, memory.lang):
            following = following[:_INVERSION_WINDOW]  # "…, aldus Hovenkamp", "Gestern sagte der Minister Jan Keller, …"
            orders = (following, before)
        else:
            orders = (before, following)
        for tokens in orders:
            for t in tokens:
                g = view.token_group.get(t.i)
                if g is not None and view.groups[g].type in ("PERSON", "ORG", "STATE_BODY"):
                    return self._speaker_for(g, t, view) if tokens is before else g
                if g is not None and view.groups[g].type == "GPE" and tokens is before and verb.i - t.i <= 3 \
                        and not self._located(t, view, g):
                    return g  # "la Cina aveva smentito": a country right before the verb speaks as its state
        return None

    def _subject_by_auxiliary(self, verb: Token, view: DocView, memory: Memory) -> int | None:
        """German and Dutch perfect tenses: "Das Ministerium hatte der GfbV versichert", "Damals hatte das Ministerium
        … erklärt". A participle closing its clause has its subject beside the finite auxiliary in second place: the
        clause's first phrase when that names an actor, else the first actor right after the auxiliary, and never
        the object that happens to stand nearest the participle."""
        data = language_data(memory.lang)
        if not data.auxiliaries:
            return None
        doc, sent = verb.doc, verb.sent
        after = doc[verb.i + 1] if verb.i + 1 < sent.end else None
        if after is not None and not (after.is_punct or after.lower_ in data.complementisers):
            return None  # not at the clause's end: a finite verb, or a participle mid-clause
        start, aux = verb.i, None
        for _ in range(3):  # a comma stretch without an auxiliary is no clause of its own ("…, den in X ansässigen Y …")
            start -= 1
            while start > sent.start and doc[start - 1].text not in (",", ";", ":") and doc[start - 1].lower_ not in data.complementisers:
                start -= 1
            aux = next((t for t in doc[start:verb.i] if t.lower_ in data.auxiliaries), None)
            if aux is not None or start <= sent.start or doc[start - 1].text != ",":
                break
            start -= 1
        if aux is None:
            return None
        quoted = memory.quotes.quoted if memory.quotes is not None else (lambda i: False)
        actors = ("PERSON", "ORG", "STATE_BODY")
        for t in doc[start:aux.i]:
            g = view.token_group.get(t.i)
            if g is not None and view.groups[g].type in actors and not quoted(t.i):
                return self._speaker_for(g, t, view)
            ref = self._anaphor(t, view, memory) if g is None and t.text[:1].isupper() and not quoted(t.i) else None
            if ref is not None:
                return ref  # "Die Botschaft habe … zugesichert": the embassy the text named before
        for t in doc[aux.i + 1:min(verb.i, aux.i + 1 + _INVERSION_WINDOW)]:
            g = view.token_group.get(t.i)
            if g is not None and view.groups[g].type in actors and not quoted(t.i):
                return g
            if t.lower_ in self.person_pronouns.get(memory.lang, frozenset()) and memory.last_person is not None:
                return memory.last_person
        return None

    def _inverted(self, verb: Token, view: DocView, lang: str) -> bool:
        """The speaker follows the verb: after a closing quote or a comma ("„…“, sagte Keller", "…, aldus Hovenkamp"),
        or in German and Dutch word order, where a verb in second place after an adverbial has its subject after it
        ("Am Montag sagte Keller", "In een interview zei Hovenkamp"). Never when the verb opens a reported clause."""
        doc, sent = verb.doc, verb.sent
        after = doc[verb.i + 1:min(sent.end, verb.i + 1 + _INVERSION_WINDOW)]
        opens = language_data(lang).complementisers
        if not any(view.token_group.get(t.i) is not None for t in after) or any(t.lower_ in opens for t in after[:2]):
            return False
        previous = doc[max(sent.start, verb.i - 2):verb.i]
        if any(t.text in _CLOSING_QUOTES or t.text in ("“", '"', ",") for t in previous):
            return True
        if lang not in ("de", "nl") or verb.i == sent.start:
            return False
        clause = [t for t in doc[sent.start:verb.i] if not t.is_punct]
        return bool(clause) and view.token_group.get(clause[0].i) is None and clause[0].lower_ not in self.person_pronouns.get(lang, ())

    def _located(self, t: Token, view: DocView, g: int) -> bool:
        """"a Roma", "in Italia": a place after a preposition is where, not who."""
        start = min((m.start for m in view.groups[g].mentions if m.start <= t.i < m.end), default=t.i)
        return start > 0 and t.doc[start - 1].lower_ in _LOCATIVES

    def _speaker_for(self, g: int, last: Token, view: DocView) -> int:
        """"Woordvoerder Jan de Vries van de Nationale Politie zegt": the person speaks for the body named after them."""
        if view.groups[g].type == "PERSON":
            return g
        covering = [m.start for m in view.groups[g].mentions if m.start <= last.i < m.end]
        if not covering:
            return g  # the body is named earlier in the words, not by the last one: nobody stands before it
        start = min(covering)
        i = start - 1
        while i >= last.sent.start and last.doc[i].lower_ in _OF_WORDS:
            i -= 1
        person = view.token_group.get(i) if i < start - 1 else None
        return person if person is not None and view.groups[person].type == "PERSON" else g

    def _resolve(self, tokens: list[Token], view: DocView, memory: Memory) -> int | None:
        tokens = _outside_brackets(tokens)
        groups = view.groups_in(tokens)
        people = [g for g in groups if view.groups[g].type == "PERSON"]
        if people:
            return people[0]
        actors = [g for g in groups if view.groups[g].type in ("ORG", "STATE_BODY")]
        if actors:
            return actors[0]
        head = next((t for t in tokens if t.dep_ in _SUBJECTS or t.head not in tokens), tokens[0] if tokens else None)
        if head is not None:
            ref = self._anaphor(head, view, memory)
            if ref is not None:
                return ref
        places = [g for g in groups if view.groups[g].type == "GPE"]
        if places and len(tokens) <= 3:
            return places[0]  # "Beijing says", "Canada recognised"
        return None

    def _anaphor(self, token: Token, view: DocView, memory: Memory) -> int | None:
        word = token.lower_
        if word in _PRONOUN_PERSON:
            return memory.last_person
        if word in _PRONOUN_PLURAL:
            earlier = self._earlier_subject(token, view, memory)
            if earlier is not None:
                return earlier
            return memory.last_actor_claimant if memory.last_actor_claimant is not None else memory.last_actor
        if token.pos_ not in ("NOUN", "PROPN") and word not in ("l'ong", "ong"):
            return None
        word = word.replace("l'", "").replace("l’", "")
        if word in self.anaphors["report"]:
            return memory.report_owner if memory.report_owner is not None else view.most_salient(lambda g: view.kind(g) == "ngo")
        if word in self.anaphors["ngo"]:
            if memory.last_ngo is not None:
                return memory.last_ngo
            return view.most_salient(lambda g: view.kind(g) == "ngo")
        for cls in ("ministry", "government", "embassy", "court"):
            if word in self.anaphors[cls]:
                words = self.anaphors[cls]

                def named(g: int, words: set[str] = words) -> bool:  # bound now, though it is called at once
                    return any(w in fold(view.groups[g].name).split() for w in words)

                return memory.last_matching(named) if memory.last_matching(named) is not None else view.most_salient(named)
        return None

    def _earlier_subject(self, token: Token, view: DocView, memory: Memory) -> int | None:
        """"The embassy described ... and it rejected ...": an earlier subject in the same sentence."""
        for t in reversed(list(token.sent[: token.i - token.sent.start])):
            if t.dep_ in _SUBJECTS and t.lower_ not in _PRONOUN_PLURAL | _PRONOUN_PERSON:
                g = view.token_group.get(t.i)
                if g is not None and view.groups[g].type != "PERSON":
                    return g
                ref = self._anaphor(t, view, memory)
                if ref is not None and view.groups[ref].type != "PERSON":
                    return ref
        return None

    def _claim_noun_authors(self, sent: Span, view: DocView) -> list[int]:
        """"reports by RTL Nieuws", "Safeguard Defenders' report": the author is a second claimant."""
        authors = []
        for t in sent:
            if t.lower_ not in self.claim_nouns or self.claim_nouns[t.lower_] != "report":
                continue
            for c in t.children:
                if c.dep_ in ("prep",) and c.lower_ == "by" or c.dep_ == "poss":
                    for g in view.groups_in(list(c.subtree)):
                        if view.kind(g) in ("ngo", "media", "other") and g not in authors:
                            authors.append(g)
        return authors

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


def _noun_phrase(token: Token) -> list[Token]:
    """The source's own words: its modifiers and one "of"/"for"/"at" phrase, not its clauses or appositions."""
    words = [c for c in token.lefts if c.dep_ in ("det", "compound", "amod", "nummod", "poss", "nmod")] + [token]
    for prep in token.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "at", "from", "in"):
            tail = list(prep.subtree)
            if len(tail) <= 6:
                words += tail
            break
    return sorted(words, key=lambda t: t.i)


def _can_speak(token: Token) -> bool:
    """Only the grammatical source of a cue stands for an unnamed speaker: its subject, or the "by"/"according to" phrase."""
    return token.dep_ in ("nsubj", "nsubjpass") or (token.dep_ == "pobj" and token.head.lower_ in ("by", "to"))


@Language.factory("threadline_claims_v1", assigns=["doc._.tl_claims"], requires=["doc._.tl_entities"])
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    for attr in ("tl_claims", "tl_publisher"):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)
    return ClaimFinder(load_patterns())
