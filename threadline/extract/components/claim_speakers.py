"""Who makes a claim: the cue's subject in the parse, or the source the fitted model picks, a pronoun's or a
role's speaker, a colon's or a dash's signer, the owner of "according to" and of a claim noun.

Read by ``ClaimFinder`` for each cue; every answer is an entity group of the Doc, or None.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from threadline.extract.attribution import AttributionModel
from threadline.extract.components.claim_memory import Memory, QuoteIndex
from threadline.extract.components.context import QUOTES as QUOTE_MARKS
from threadline.extract.components.context import DocView, span_text
from threadline.extract.languages import has_own_parser, language_data
from threadline.extract.patterns import Patterns
from threadline.model.names import fold

_CLOSING_QUOTES = {'"', "”", "»"}
_DASHES = frozenset({"―", "—", "–"})
_INVERSION_WINDOW = 5  # words after the verb where an inverted subject stands
_LOCATIVES = frozenset({"a", "in", "da", "di", "del", "della", "en", "te", "naar", "nach", "aus", "uit", "de", "à", "au",
                        "bei", "im", "zu", "at", "from", "to", "van", "op", "per", "verso"})
_OF_WORDS = {"van", "de", "het", "der", "di", "del", "della", "dello", "dei", "degli", "delle", "of", "the", "du", "des", "la", "l'", "von"}
PERSON_PRONOUNS = {"he", "she", "il", "elle", "hij", "lui", "lei"}
PLURAL_PRONOUNS = {"they", "it", "ils", "elles", "zij", "loro", "we"}
_DROPPED_REACH = 4  # words before a verb whose subject was dropped: a connective, an adverb, an auxiliary
_OWNER_REACH = 3  # words between a statement's noun and its owner: "in einer Mitteilung des Ministeriums"
_SIGNATURE_WORDS = 6  # a signature after a quotation's dash: a name, perhaps with a place or a role
_SUBJECTS = ("nsubj", "csubj")
_NEGATIONS = frozenset({"not", "no", "ne", "n'", "non", "niet", "nicht", "kein", "keine", "geen"})


class SpeakerFinder:
    """The claimant of a cue, from the parse, the fitted source model, and what the text said so far."""

    def __init__(self, patterns: Patterns, model: AttributionModel, claim_nouns: dict[str, str]):
        self.patterns = patterns
        self.model = model
        self.claim_nouns = claim_nouns
        lex = patterns.lexicon
        self.anaphors = {cls: {w.lower() for w in ws} for cls, ws in lex["anaphors"].items()}
        self.according_in = {lang: [p.lower() for p in ps] for lang, ps in lex["according_to"].items()}
        self.according = [p for ps in self.according_in.values() for p in ps]
        self.person_pronouns = {lang: frozenset(w.lower() for w in ws) for lang, ws in lex["person_pronouns"].items()}
        self.spokespeople = frozenset(w.lower() for w in lex["roles"]["spokesperson_for"])

    def colon_speaker(self, sent: Span, view: DocView) -> tuple[int | None, str | None, int] | None:
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
        if len(head) <= 3 and not any(t.pos_ == "VERB" for t in head) and (head.text.isupper() or self._office(head)):
            return None, head.text, colon.i  # "WALLACE:", "Embassy Spokesperson:": a speaker the text does not name
        return None

    def _office(self, head: Span) -> bool:
        """"Embassy Spokesperson", "Foreign Ministry Spokesman": a body's voice named by its office alone."""
        return head[-1].lower_ in self.spokespeople

    def signature(self, sent: Span, view: DocView) -> int | None:
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

    def dash_speaker(self, sent: Span, view: DocView) -> tuple[int | None, str | None, int] | None:
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

    def model_source(self, cue: Token, view: DocView, memory: Memory) -> tuple[int | None, str | None]:
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

    def according_to(self, sent: Span, view: DocView, memory: Memory) -> int | None:
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

    def speaker(self, verb: Token, view: DocView, memory: Memory) -> int | None:
        if self._borrowed(verb):
            if self._unstated_subject(verb, view, memory):
                owner = self.cited_owner(verb, view, memory.lang)
                return owner if owner is not None else memory.recent_claimant(verb.sent)
            return self._nearest_actor(verb, view, memory)
        if verb.pos_ in ("ADJ", "ADV"):  # a mis-tagged verb: its subject if the parse has one, else the nearest actor before it
            found = self._from_parse(verb, view, memory)
            return found if found is not None else self._nearest_actor(verb, view, memory, after=False)
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
            if t.text.startswith("-") and pronoun in PERSON_PRONOUNS:
                return memory.last_person
            if t.text.startswith("-") and pronoun in PLURAL_PRONOUNS:
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
                g = self._named_before(subj, node, view)
                if g is None:
                    g = self._resolve(list(subj.subtree), view, memory)
                if g is not None:
                    return g
            if subjects or node.dep_ not in ("acl", "advcl", "xcomp", "conj", "relcl", "ccomp", "acl:relcl") or node.head is node:
                break
            node = node.head
        return None

    @staticmethod
    def _named_before(subj: Token, verb: Token, view: DocView) -> int | None:
        """"To understand X, Chief Justice Ana Reyes said, …": the parse makes the fronted X the subject and the
        person right before the verb its apposition. A person named with no comma before the verb is its subject."""
        before = verb.i - 1
        g = view.token_group.get(before)
        if g is None or view.groups[g].type != "PERSON":
            return None
        appos = next((c for c in subj.children if c.dep_ == "appos" and c.i <= before and c.right_edge.i == before), None)
        if appos is None or view.token_group.get(subj.i) in (None, g) or verb.doc[appos.left_edge.i - 1].text != ",":
            return None
        return g

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

    def quoted_predicate(self, sent: Span, view: DocView, quotes: QuoteIndex, lang: str) -> tuple[int, int] | None:
        """"El Ministerio, que dirige X, no «tiene ningún acuerdo …»", 'Amnesty "strongly condemns" the arrest': a
        quotation that opens right after the sentence's first phrase, an actor (perhaps with a clause between
        commas, perhaps with a negation), gives that actor's words as its predicate. The actor and the opening mark."""
        doc = sent.doc
        first = next((t for t in sent if quotes.quoted(t.i)), None)
        if first is None or first.i - 1 <= sent.start or doc[first.i - 1].text not in QUOTE_MARKS \
                or not quotes.speech_touching(sent) or len([t for t in doc[first.i:sent.end] if quotes.quoted(t.i)]) < 2:
            return None
        mark = first.i - 1
        words = [t for t in doc[sent.start:mark] if not t.is_space]
        if words and words[-1].lower_ in _NEGATIONS:
            words = words[:-1]
        if len(words) >= 2 and words[-1].text == ",":  # a clause between commas after the actor
            opening = next((i for i in range(len(words) - 2, -1, -1) if words[i].text == ","), None)
            if opening is None:
                return None
            words = words[:opening]
        if not words or view.token_group.get(words[-1].i) is None:
            return None
        g = view.token_group[words[-1].i]
        if view.groups[g].type not in ("PERSON", "ORG", "STATE_BODY"):
            return None
        data = language_data(lang)
        if any(view.token_group.get(t.i) != g and t.lower_ not in data.function_words and not t.is_punct for t in words):
            return None  # the actor must be the whole phrase, perhaps after its article
        return g, mark

    def _unstated_subject(self, verb: Token, view: DocView, memory: Memory) -> bool:
        """The verb's words name no subject: an impersonal form ("…“, heißt es in der Antwort", "si legge che …"), or,
        in a language that drops subjects, a finite verb with no name, article or pronoun before it in its sentence
        and none right after it ("No obstante, admite que …", "Ha poi aggiunto che …"). Then the nearest name is
        not the speaker: an addressee ("Antwort auf die Frage der Abgeordneten X") or what the claim is about."""
        data = language_data(memory.lang)
        doc, sent = verb.doc, verb.sent
        quoted = memory.quotes.quoted if memory.quotes is not None else (lambda i: False)
        if verb.i + 1 < sent.end and doc[verb.i + 1].lower_ in data.impersonal_subjects:
            return True  # "…, heißt es": what stands before the verb is what is said
        before = [t for t in doc[sent.start:verb.i] if not t.is_punct and not quoted(t.i)]
        if any(view.token_group.get(t.i) is not None for t in before[-_INVERSION_WINDOW:]):
            return False  # "Rossi si è detto …": a name stands by the verb
        if verb.i > sent.start and doc[verb.i - 1].lower_ in data.impersonal_subjects:
            return True  # "si legge che …", "Es heißt, …"
        if not data.drops_subjects or fold(verb.text).endswith(data.nonfinite_endings) or len(before) > _DROPPED_REACH:
            return False
        pronouns = self.person_pronouns.get(memory.lang, frozenset())
        if any(t.lower_ in data.determiners or t.lower_ in pronouns or t.text in _CLOSING_QUOTES for t in doc[sent.start:verb.i]):
            return False
        after = doc[verb.i + 1:min(sent.end, verb.i + 1 + _INVERSION_WINDOW)]
        for t in after:  # "Afirma el ministro que …": a subject after its verb
            if t.lower_ in data.complementisers or t.is_punct:
                break
            if view.token_group.get(t.i) is not None or t.lower_ in data.determiners:
                return False
        return True

    def cited_owner(self, verb: Token, view: DocView, lang: str) -> int | None:
        """"heißt es in einer Mitteilung des Ministeriums", "si legge nel rapporto di Amnesty", "sarebbe più ampia di
        quanto descritto nel rapporto di X": the actor whose statement an impersonal verb, or a verb in the mood of
        hearsay, cites, named within a few words after the statement's noun."""
        data = language_data(lang)
        nouns = set(self.claim_nouns) | data.work_nouns
        doc, sent = verb.doc, verb.sent
        for t in doc[verb.i + 1:sent.end]:
            if t.lower_ not in nouns:
                continue
            for u in doc[t.i + 1:min(sent.end, t.i + 1 + _OWNER_REACH)]:
                g = view.token_group.get(u.i)
                if g is not None:
                    return g if view.groups[g].type in ("PERSON", "ORG", "STATE_BODY") else None
                if u.lower_ not in data.function_words and u.lower_ not in _OF_WORDS:
                    break  # "Antwort auf die schriftliche Frage der X": X owns the question, not the answer
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
        if word in PERSON_PRONOUNS:
            return memory.last_person
        if word in PLURAL_PRONOUNS:
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
            if t.dep_ in _SUBJECTS and t.lower_ not in PLURAL_PRONOUNS | PERSON_PRONOUNS:
                g = view.token_group.get(t.i)
                if g is not None and view.groups[g].type != "PERSON":
                    return g
                ref = self._anaphor(t, view, memory)
                if ref is not None and view.groups[ref].type != "PERSON":
                    return ref
        return None

    def claim_noun_authors(self, sent: Span, view: DocView) -> list[int]:
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


def _can_speak(token: Token) -> bool:
    """Only the grammatical source of a cue stands for an unnamed speaker: its subject, or the "by"/"according to" phrase."""
    return token.dep_ in ("nsubj", "nsubjpass") or (token.dep_ == "pobj" and token.head.lower_ in ("by", "to"))


def _noun_phrase(token: Token) -> list[Token]:
    """The source's own words: its modifiers and one "of"/"for"/"on" phrase ("experts on North Korea"), not its
    clauses or appositions."""
    words = [c for c in token.lefts if c.dep_ in ("det", "compound", "amod", "nummod", "poss", "nmod")] + [token]
    for prep in token.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "at", "from", "in", "on", "with"):
            tail = list(prep.subtree)
            if len(tail) <= 6:
                words += tail
            break
    return sorted(words, key=lambda t: t.i)


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
