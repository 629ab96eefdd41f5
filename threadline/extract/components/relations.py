"""Relations stated inside one sentence, from dependency and adjacency patterns.

    "X in Y" / "X on Y"                       X located_in Y
    "Fuzhou is a city in Fujian"               Fuzhou located_in Fujian
    "Harth, campaign director of SD"          Harth employed_by SD (the role word picks the predicate)
    "ministry spokesman Zhao Lijian"          Zhao Lijian spokesperson_for ministry
    "Xinhua revealed ... the embassy"          Xinhua reported_on embassy (verb lists in lexicon.yaml)
    "the party's use of the UFWD"             party operates UFWD
    "Canada's McMaster University"             McMaster University located_in Canada
    "der SPD-Innenexperte Sebastian Fiedler"   Sebastian Fiedler member_of SPD
    an NGO alleges that a state body did X    NGO accused state body
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from threadline.extract.components.context import DocView
from threadline.extract.patterns import Patterns, load_patterns
from threadline.model.names import fold

_ACTORS = ("PERSON", "ORG", "STATE_BODY", "GPE")
_PLACES = ("GPE", "FACILITY")
_LOCATIVE = {"in", "on", "at", "à", "en", "au", "a", "te", "op", "驻"}
_PLACE_NOUNS = {"city", "town", "province", "region", "district", "county", "village", "capital", "suburb", "area", "neighbourhood", "state", "ville", "provincie", "stad", "città"}
_ARTICLES = {"the", "l'", "la", "le", "de", "het"}
_NOMINALS = {"use": "operates", "closure": "closed", "funding": "funds", "investigation": "investigated", "probe": "investigated", "founding": "founded"}


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
        self.verbs = {w.lower(): pred for pred, ws in lex["relation_verbs"].items() for w in ws}

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.patterns)
        found: dict[tuple[int, str, int], RelationHit] = {}

        def add(sent: Span, s: int | None, pred: str, o: int | None) -> None:
            if s is None or o is None or s == o:
                return
            found.setdefault((s, pred, o), RelationHit(sent.start, sent.end, s, pred, o))

        for sent in doc.sents:
            if view.is_furniture(sent):
                continue
            self._locations(sent, view, add)
            self._roles(sent, view, add)
            self._verbs(sent, view, add)
        for claim in doc._.tl_claims or []:
            self._accusation(doc, claim, view, add)
        doc._.tl_relations = list(found.values())
        return doc

    def _mentions_in(self, sent: Span, view: DocView) -> list[tuple[int, int, int]]:
        out = []
        for gi, g in enumerate(view.groups):
            for m in g.mentions:
                if sent.start <= m.start and m.end <= sent.end:
                    out.append((m.start, m.end, gi))
        return sorted(out)

    def _locations(self, sent: Span, view: DocView, add) -> None:  # type: ignore[no-untyped-def]
        doc = sent.doc
        mentions = self._mentions_in(sent, view)
        for start, end, gi in mentions:
            g = view.groups[gi]
            if g.type not in ("ORG", "STATE_BODY", "FACILITY", "EVENT"):
                continue
            for s2, _, gj in mentions:
                if view.groups[gj].type not in _PLACES or gj == gi:
                    continue
                if start < s2 < end:  # "embassy in Dublin" inside one name
                    between = doc[start:s2]
                elif s2 >= end:
                    between = doc[end:s2]
                    if len([t for t in between if t.lower_ not in _ARTICLES]) > 1:
                        continue
                else:
                    continue
                words = [t.lower_ for t in between if t.lower_ not in _ARTICLES]
                if words and words[-1] in _LOCATIVE:
                    add(sent, gi, "located_in", gj)
        for _start, end, gi in mentions:  # "Canada's McMaster University": a place's organisation is located there
            if view.groups[gi].type != "GPE" or end + 1 >= sent.end or doc[end].text not in ("'s", "’s", "'", "’"):
                continue
            after = next(((s2, gj) for s2, _, gj in mentions if s2 > end), None)
            if after is not None and after[0] - end <= 2 and view.groups[after[1]].type in ("ORG", "FACILITY"):
                add(sent, after[1], "located_in", gi)
        for t in sent:  # "Fuzhou is a city in the province of Fujian"
            if t.lower_ in _PLACE_NOUNS and t.dep_ in ("attr", "appos"):
                subj_tokens = [c for c in t.head.children if c.dep_ in ("nsubj",)] if t.dep_ == "attr" else [t.head]
                subj = next((view.token_group.get(x.i) for x in subj_tokens if view.token_group.get(x.i) is not None), None)
                inner = [view.token_group.get(x.i) for x in t.subtree if x.i != t.i]
                place = next((g for g in inner if g is not None and view.groups[g].type == "GPE" and g != subj), None)
                if subj is not None and view.groups[subj].type == "GPE":
                    add(sent, subj, "located_in", place)

    def _roles(self, sent: Span, view: DocView, add) -> None:  # type: ignore[no-untyped-def]
        doc = sent.doc
        mentions = self._mentions_in(sent, view)
        for idx, (start, end, gi) in enumerate(mentions):
            if view.groups[gi].type != "PERSON":
                continue
            # after the name: ", campaign director of Safeguard Defenders,"
            if end < sent.end and doc[end].text == ",":
                stop = next((t.i for t in doc[end + 1:sent.end] if t.text in (",", ";", ")") or t.pos_ == "VERB"), sent.end)
                phrase = doc[end + 1:stop]
                role = self._role(phrase)
                orgs = [g for g in view.groups_in(phrase) if view.groups[g].type in ("ORG", "STATE_BODY")]
                if role and orgs:
                    add(sent, gi, role, orgs[0])
            # before the name: "foreign ministry spokesman Zhao Lijian", "MEP Place Publique X"
            prev = [m for m in mentions[:idx] if m[1] <= start and view.groups[m[2]].type in ("ORG", "STATE_BODY")]
            if prev:
                ps, pe, pg = prev[-1]
                gap = doc[pe:start]
                if len(gap) <= 2 and not any(t.is_punct and t.text not in ("'s", "’s") for t in gap):
                    role = self._role(gap) or self._role(doc[max(sent.start, ps - 2):ps]) or "affiliated_with"
                    add(sent, gi, role, pg)
            # "der SPD-Innenexperte Sebastian Fiedler": a party glued by a hyphen to the person's role
            if start - 3 >= sent.start and doc[start - 2].text == "-" and not doc[start - 3].whitespace_:
                word = fold(doc[start - 3].text)
                party = next((g for g, grp in enumerate(view.groups) if grp.kind == "party" and fold(grp.name) == word), None)
                add(sent, gi, "member_of", party)
            # "the Dutch foreign minister, Wopke Hoekstra"
            before = doc[max(sent.start, start - 6):start]
            words = [t.lower_ for t in before if not t.is_punct and t.lower_ not in ("the", "a")]
            if words and words[-1] == "minister":
                target = fold(" ".join(words[:-1] + ["ministry"]))
                owner = next((g for g, grp in enumerate(view.groups) if fold(grp.name).endswith(target) or target.endswith(fold(grp.name)) and "ministry" in fold(grp.name)), None)
                add(sent, gi, "leads", owner)

    def _role(self, tokens: Span) -> str | None:
        words = [t.lower_ for t in tokens]
        for n in (2, 1):
            for i in range(len(words) - n + 1):
                pred = self.roles.get(" ".join(words[i:i + n])) or self.roles.get("".join(words[i:i + n]))  # "副 主席"
                if pred:
                    return pred
        return None

    def _verbs(self, sent: Span, view: DocView, add) -> None:  # type: ignore[no-untyped-def]
        for t in sent:
            pred = self.verbs.get(t.lemma_.lower()) if t.pos_ == "VERB" else None
            if pred is None and t.pos_ == "NOUN":
                pred = _NOMINALS.get(t.lemma_.lower())
                if pred:
                    subj = self._first(view, [x for c in t.children if c.dep_ == "poss" for x in c.subtree], _ACTORS)
                    obj = self._first(view, [x for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for x in c.subtree], None)
                    add(sent, subj, pred, obj)
                continue
            if pred is None:
                continue
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
            subj_tokens = [x for c in t.children if c.dep_ == ("agent" if passive else "nsubj") for x in c.subtree]
            obj_children = [c for c in t.children if c.dep_ in (("nsubjpass",) if passive else ("dobj", "obj", "prep", "attr"))]
            subj = self._first(view, subj_tokens, _ACTORS)
            obj = self._first(view, [x for c in obj_children for x in c.subtree], None)
            add(sent, subj, pred, obj)

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
        clause = doc[claim.text_start:claim.text_end] if claim.text_end > claim.text_start else doc[claim.sent_start:claim.sent_end]
        root = clause.root
        subjects = [x for c in root.children if c.dep_ in ("nsubj", "nsubjpass") for x in c.subtree]
        target = self._first(view, subjects, ("STATE_BODY", "GPE"))
        if target is not None and view.groups[claim.claimant].type in ("ORG", "PERSON", "STATE_BODY"):
            add(doc[claim.sent_start:claim.sent_end], claim.claimant, "accused", target)


@Language.factory("threadline_relations_v1", assigns=["doc._.tl_relations"], requires=["doc._.tl_entities", "doc._.tl_claims"])
def make_relation_finder(nlp: Language, name: str) -> RelationFinder:
    if not Doc.has_extension("tl_relations"):
        Doc.set_extension("tl_relations", default=None)
    return RelationFinder(load_patterns())
