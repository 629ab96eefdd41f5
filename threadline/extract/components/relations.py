"""Relations stated inside one sentence, from dependency and adjacency patterns.

    "X in Y" / "X on Y" / "X, in Y"            X located_in Y
    "Fuzhou is a city in Fujian"               Fuzhou located_in Fujian; so "Lyon, capitale de la région X"
    "Hamilton, Ontario"                        Hamilton located_in Ontario (a place, then the place it lies in)
    "a charity based in Leeds", "in München ansässige X"   X located_in the place
    "Harth, campaign director of SD"          Harth employed_by SD (the role word picks the predicate)
    "ministry spokesman Zhao Lijian"          Zhao Lijian spokesperson_for ministry
    "Texas Governor Jane Roe"                  Jane Roe leads Texas
    "the head of the NGO, Jane Roe"            Jane Roe leads the NGO
    "Jane Roe (D66)"                           Jane Roe member_of D66 (a party in brackets after a name)
    "the ministry, que dirige Jane Roe"        Jane Roe leads the ministry (a relative clause)
    "the council (SC) of Linwood University"   council part_of university; so is "the university's council"
    "Xinhua revealed ... the embassy"          Xinhua reported_on embassy (verb lists in lexicon.yaml)
    "the party's use of the UFWD"             party operates UFWD
    "the arrest of X by the police"            police investigated X (action nouns in the language files)
    "X wurde von der Polizei festgenommen"     police investigated X (participles in the language file)
    "the office, run by the embassy"           embassy operates office
    "Canada's McMaster University"             McMaster University located_in Canada
    "der SPD-Innenexperte Sebastian Fiedler"   Sebastian Fiedler member_of SPD
    an NGO alleges that a state body did X    NGO accused state body

Words that differ by language (role words, "of" and "by", relative pronouns, action nouns)
come from the language's data file (extract/languages.py, the ``relations`` section). The
rules of place and structure live in relation_places.py, those about people in
relation_people.py, what they share in relation_reading.py; verbs, action nouns and
accusations stay here.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from threadline.extract.components import relation_people as people
from threadline.extract.components import relation_places as places
from threadline.extract.components.context import DocView
from threadline.extract.components.relation_reading import ACTORS, OPEN_QUOTES, Add, Reading, pruned
from threadline.extract.languages import language_data
from threadline.extract.patterns import Patterns, load_patterns
from threadline.model.schema import SCHEMA


@dataclass(frozen=True)
class RelationHit:
    sent_start: int
    sent_end: int
    subject: int
    predicate: str
    object: int


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
        r = Reading(
            view,
            lang,
            {**self.roles, **lang.relations.roles},
            not SCHEMA.read_by_rules(code),
            self.patterns.name_country,
        )
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
            places.locations(sent, r, mentions, add)
            places.places(sent, r, mentions, add)
            places.place_nouns(sent, r, mentions, add)
            places.based(sent, r, add)
            places.parts(sent, r, mentions, add)
            places.named_parts(sent, r, mentions, add)
            people.roles(sent, r, mentions, add)
            people.brackets(sent, r, mentions, add)
            people.relatives(sent, r, mentions, add)
            self._verbs(sent, r, add)
            self._nominals(sent, r, add)
            self._passives(sent, r, add)
        for claim in doc._.tl_claims or []:
            self._accusation(doc, claim, view, add)
        doc._.tl_relations = list(found.values())
        return doc

    # -- verbs and action nouns ----------------------------------------------------------------

    def _verbs(self, sent: Span, r: Reading, add: Add) -> None:
        view = r.view
        not_objects = r.lang.according_to | r.lang.locatives | r.lang.relations.adjuncts
        doc, pos = sent.doc, view.pos
        for i in range(sent.start, sent.end):
            if pos[i] != "VERB":
                continue  # no token built for the rest
            t = doc[i]
            pred = self.verbs.get(t.lemma_.lower())
            if pred is None:
                continue
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
            subj_tokens = [
                x for c in t.children if c.dep_ == ("agent" if passive else "nsubj") for x in pruned(c, not_objects)
            ]
            obj_children = [
                c
                for c in t.children
                if c.dep_ in (("nsubjpass",) if passive else ("dobj", "obj", "prep", "attr"))
                and c.lower_ not in not_objects
            ]
            subj = self._head_group(view, [c for c in t.children if c.dep_ == ("agent" if passive else "nsubj")], ACTORS)
            if subj is None:
                subj = self._first(view, subj_tokens, ACTORS)  # "the BBC's Jane Roe reported": Jane Roe
            obj = self._head_group(view, obj_children)
            if obj is None:
                obj = self._first(view, [x for c in obj_children for x in pruned(c, not_objects)], None)
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
                    subj = self._first(view, [x for c in agent for x in pruned(c, not_objects)], ACTORS)
                    obj = view.token_group.get(t.head.i)
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in r.lang.relations.causatives:
                subj, obj = self._caused(view, r, t, subj, obj)
            add(sent, subj, pred, obj)

    def _passives(self, sent: Span, r: Reading, add: Add) -> None:
        """From the words, where the language file lists participles (the languages read by rules, and French, whose
        parse labels passives its own way): "X wurde von Y festgenommen", "X è stato arrestato dalla Y", "X a été
        arrêté par Y"."""
        words = r.lang.relations
        if not words.participles:
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
                if m is not None and r.type(m[2]) in ACTORS and (i > t.i or m[1] <= t.i):
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

    def _nominals(self, sent: Span, r: Reading, add: Add) -> None:
        """ "the arrest of X by the police", "l'arrestation de X par la police", "die Festnahme von X durch die Polizei"."""
        words = r.lang.relations
        if not words.nominals:
            return
        doc, view = sent.doc, r.view
        lower = view.lower
        for i in range(sent.start, sent.end):
            pred = words.nominals.get(lower[i])
            if pred is None:
                continue
            t = doc[i]
            if r.parsed and t.pos_ in ("VERB", "AUX"):
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
                    if tok.text not in OPEN_QUOTES and (not modifier or tok.lower_ in words.by | words.of):
                        break
                    j += 1
                m = r.at.get(j)
                if m is None or (r.parsed and m[1] < sent.end and doc[m[1]].pos_ == "NOUN" and doc[m[1]].is_lower):
                    break  # "by the Hamburg police": the name only qualifies the agent
                if kind == "by" and r.type(m[2]) in ACTORS:
                    agent = m[2]
                elif kind == "of":
                    patient = m[2]
                i = m[1]
            if agent is None and t.i >= 2 and doc[t.i - 1].text in ("'s", "’s"):  # "the police's arrest of X"
                owner = view.token_group.get(t.i - 2)
                agent = owner if owner is not None and r.type(owner) in ACTORS else None
            add(sent, agent, pred, patient)

    def _caused(
        self, view: DocView, r: Reading, t: Token, subj: int | None, obj: int | None
    ) -> tuple[int | None, int | None]:
        """ "the government ordered the office to close", "the office was ordered to close by the government":
        whoever gives the order does what the verb says to whom it was given."""
        head = t.head
        own = [c for c in t.children if c.dep_ in ("dobj", "obj")]
        if own:  # "told China to close the station": the station is what is closed, and only a named one counts
            leave = r.lang.locatives | r.lang.according_to
            obj = self._head_group(view, own)  # not "Fuzhou" of "the Fuzhou station"
            by = [
                c
                for c in head.children
                if c.dep_ == ("agent" if any(c.dep_ == "auxpass" for c in head.children) else "nsubj")
            ]
            return self._first(view, [x for c in by for x in pruned(c, leave)], ACTORS), obj
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
        leave = r.lang.locatives | r.lang.according_to  # "a station in Dublin was ordered to close": not Dublin
        return (
            self._first(view, [x for c in by for x in pruned(c, leave)], ACTORS),
            self._first(view, [x for c in patient for x in pruned(c, leave)], None),
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


@Language.factory(
    "threadline_relations_v1", assigns=["doc._.tl_relations"], requires=["doc._.tl_entities", "doc._.tl_claims"]
)
def make_relation_finder(nlp: Language, name: str) -> RelationFinder:
    if not Doc.has_extension("tl_relations"):
        Doc.set_extension("tl_relations", default=None)
    return RelationFinder(load_patterns())
