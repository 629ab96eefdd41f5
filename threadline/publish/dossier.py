"""Dossiers: a sourced brief on one country or one entity, built from a redacted snapshot.

Everything here starts from a :class:`~threadline.analyse.snapshot.Snapshot` (protected
persons are already redacted there) and never from the store. The brief is first built as
data (:func:`build_brief`), then written as Markdown (:func:`dossier`) or as HTML/PDF by
:mod:`threadline.publish.report`.

Wording follows the stance of each claim and never upgrades attribution: an allegation
reads "X alleges that ..." or "According to X, ...", a denial "X denies ...", and what a
document says in its own voice "<publisher> reports ...". Every statement carries a
footnote giving its document (title, publisher, date, URL or path) and the verbatim
sentence it rests on.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from threadline.analyse.graph import EvidenceGraph, Link
from threadline.analyse.snapshot import Fact, SDocument, SEntity, SEvent, Snapshot
from threadline.analyse.sources import SourceGrader
from threadline.analyse.timeline import Entry, timeline
from threadline.errors import InputError, NotFound
from threadline.model import SCHEMA
from threadline.model.names import fold
from threadline.publish.safety import link_target

# How much a brief shows; the rest is counted, never silently dropped.
KEY_ENTITIES = 10
STATE_LINKS_PER_ENTITY = 6
EVIDENCE_PER_LINK = 2
TIMELINE_ENTRIES = 80
CONTESTED_GROUPS = 10
ALLEGATIONS_PER_GROUP = 4
DENIALS_PER_GROUP = 4
OPEN_QUESTIONS = 30

# Verbs after which a denial's content reads as what is denied ("denied that ...", "rejected the claims").
DENY_VERBS = ("den", "reject", "dismiss", "refut", "disput", "contest", "repudiat", "nie", "dément", "desment", "negó",
              "smentit", "ontken")

Part = tuple[str, str | None]  # (text, entity type when the text is an entity's name)


# -- the brief as data ---------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """A footnote: one verbatim sentence of one document."""

    n: int
    doc_id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    path: str | None
    grade: str
    quote: str
    date_source: str | None = None
    read_by_rules: bool = False  # its language has no parser here: more of what it says was missed


@dataclass
class Statement:
    """One attributed sentence of the brief, made of text and entity-name parts, with its footnotes."""

    parts: list[Part]
    notes: list[int] = field(default_factory=list)
    kind: str = ""   # relation, event, or the claim's stance

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)


@dataclass
class StateLink:
    other: SEntity
    outgoing: bool       # True: key entity -> state body
    link: Link
    grade_label: str
    evidence: list[Statement]
    more: int = 0        # evidence not shown


@dataclass
class KeyEntity:
    entity: SEntity
    neighbours: int
    documents: int
    state_links: list[StateLink] = field(default_factory=list)
    more_links: int = 0


@dataclass
class TimelineItem:
    happened: str | None
    said: str | None
    kind: str
    statement: Statement


@dataclass
class Contest:
    """Allegations against one accused party, beside that party's denials."""

    accused: str
    allegations: list[Statement]
    denials: list[Statement]
    more_allegations: int = 0
    more_denials: int = 0


@dataclass
class OpenQuestion:
    statement: Statement
    independent: int
    grade_label: str


@dataclass
class Brief:
    title: str
    scope: str
    seeds: list[SEntity]
    documents: list[SDocument]
    counts: dict[str, int]
    include_protected: bool
    key_entities: list[KeyEntity]
    timeline: list[TimelineItem]
    timeline_more: int
    contested: list[Contest]
    other_denials: list[Statement]
    open_questions: list[OpenQuestion]
    open_more: int
    notes: list[Note]
    entities: dict[str, SEntity]   # the snapshot's entities (redacted), for pictures
    links: list[Link]          # every link in scope (for the network picture)
    facts: list[Fact]
    events: list[SEvent]


# -- helpers -------------------------------------------------------------------------


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _detokenise(text: str) -> str:
    """Event descriptions come space-joined from tokens: 'China 's ( MPS )' -> "China's (MPS)"."""
    text = _clean(text)
    text = re.sub(r"\s+([,.;:!?%)\]}'’]|n't|'s|’s)", r"\1", text)
    text = re.sub(r"([(\[{])\s+", r"\1", text)
    text = re.sub(r'"\s+([^"]*?)\s+"', r'"\1"', text)
    return text


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _country_name(code: str) -> str:
    from threadline.model.countries import countries

    for entry in countries().entries:
        if str(entry["code"]) == code:
            names = entry.get("names") or ()
            return str(names[0]) if names else code
    return code


def _country_code(value: str) -> str:
    from threadline.model.countries import countries

    value = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    code = countries().code(fold(value)) or countries().code(value.lower())
    if not code:
        raise InputError(f"unknown country {value!r}; give an ISO code such as NL")
    return code


def _fkey(f: Fact) -> tuple[str, str | None, str | None, str]:
    return (f.id, f.source, f.target, f.label)


class Notes:
    """Footnote registry: one number per (document, sentence)."""

    def __init__(self, snap: Snapshot):
        self.snap = snap
        self.grader = SourceGrader()
        self.by_key: dict[tuple[str, str], Note] = {}

    def cite(self, doc_id: str, sentence: str) -> int:
        quote = _clean(sentence)
        key = (doc_id, quote)
        if key not in self.by_key:
            d = self.snap.documents.get(doc_id)
            self.by_key[key] = Note(
                len(self.by_key) + 1, doc_id, d.title if d else None, d.publisher if d else None,
                d.published if d else None, d.url if d else None, d.path if d else None,
                self.grader.label(d.grade) if d else "", quote, d.date_source if d else None,
                SCHEMA.read_by_rules(d.language) if d else False)
        return self.by_key[key].n

    @property
    def all(self) -> list[Note]:
        return sorted(self.by_key.values(), key=lambda n: n.n)


# -- wording -------------------------------------------------------------------------


class Wording:
    """Turns facts and events into attributed statements, following stance."""

    def __init__(self, snap: Snapshot, notes: Notes):
        self.snap = snap
        self.notes = notes
        self.claims: dict[str, list[Fact]] = defaultdict(list)
        self.claims_in_sentence: dict[tuple[str, str], list[str]] = defaultdict(list)
        for f in snap.facts:
            if f.kind == "claim":
                if f.id not in self.claims:
                    self.claims_in_sentence[(f.doc_id, f.sentence)].append(f.id)
                self.claims[f.id].append(f)

    def ent(self, entity_id: str | None) -> Part:
        e = self.snap.entities.get(entity_id or "")
        return (e.name, e.type) if e else ("an unnamed party", None)

    def publisher(self, doc_id: str) -> Part:
        d = self.snap.documents.get(doc_id)
        if d and d.publisher:
            return (d.publisher, "PUBLISHER")
        if d and d.title:
            return (f"the document “{_clean(d.title)}”", None)
        return ("the source document", None)

    def _targets(self, facts: list[Fact], skip: set[str] | None = None) -> list[Part]:
        out: list[Part] = []
        ids = [t for t in dict.fromkeys(f.target for f in facts) if t and t not in (skip or set())]
        for i, t in enumerate(ids):
            if i:
                out.append((" and " if i == len(ids) - 1 else ", ", None))
            out.append(self.ent(t))
        return out

    def claim(self, facts: list[Fact]) -> Statement:
        """A claim (all its per-target facts) worded by its stance."""
        f = facts[0]
        label = f.label
        phrase = str(SCHEMA.stances.get(label, {}).get("phrase", label))
        content = _clean(f.text).rstrip(" .;,")
        sentence = _clean(f.sentence)
        note = self.notes.cite(f.doc_id, f.sentence)
        lead: list[Part]
        parts: list[Part]
        if f.source is None and f.speaker:
            lead = [(f"According to {f.speaker} (unnamed in the source), as {self.publisher(f.doc_id)[0]} reports", None)]
            return Statement(lead + [(": “" + sentence + "”", None)], [note], label)
        if f.source is None:
            who = self.publisher(f.doc_id)
            noun = {"alleges": "an allegation", "denies": "a denial", "confirms": "a confirmation"}.get(label)
            lead = [who, (f" reports {noun}" if noun else " reports", None)]
            if content.lower().startswith("that ") and not noun:
                parts = lead + [(" " + content, None)]
            elif _words(content) >= 4:
                parts = lead + [(": “" + content + "”", None)]
            else:
                parts = lead + [(": “" + sentence + "”", None)]
            return Statement(parts, [note], label)
        who = self.ent(f.source)
        targets = self._targets(facts, {f.source})
        if label == "denies" and content and not self._after_deny_verb(f, content):
            # "insisted that the sites were not police stations": the content is itself the denial;
            # "denies that ..." would turn it around
            parts = [("In a denial, ", None), who, (" says " if content.lower().startswith("that ") else " says: “", None),
                     (content if content.lower().startswith("that ") else content + "”", None)]
        elif content.lower().startswith("that "):
            parts = [who, (f" {phrase} " + content, None)]
        elif label == "denies" and content and not content[:1].isupper():
            parts = [who, (" denies " + content, None)]
        elif _words(content) >= 4:
            if label == "alleges":
                parts = [("According to ", None), who, (", “" + content + "”", None)]
            else:  # quoted as extracted: no connective is added that the source did not use
                parts = [who, (f" {phrase}: “" + content + "”", None)]
        else:  # the extracted content is too thin to stand alone: show the whole sentence
            parts = [who, (f" {phrase}", None)]
            if targets:
                parts += [(", concerning ", None), *targets]
            parts.append((": “" + sentence + "”", None))
        return Statement(parts, [note], label)

    @staticmethod
    def _after_deny_verb(f: Fact, content: str) -> bool:
        """Whether the source itself says '<denied|rejected|dismissed|...> <content>'."""
        at = _clean(f.sentence).find(content)
        before = _clean(f.sentence)[:at].rstrip().rsplit(" ", 1)[-1].lower() if at > 0 else ""
        return before.startswith(DENY_VERBS)

    def claim_by_id(self, claim_id: str) -> Statement:
        return self.claim(self.claims[claim_id])

    def relation(self, f: Fact) -> Statement:
        """A relation in the document's voice, unless it sits inside a claim's words in the same sentence."""
        s, t = self.snap.entities.get(f.source or ""), self.snap.entities.get(f.target or "")
        label = str(SCHEMA.predicates.get(f.label, {}).get("label", f.label.replace("_", " ")))
        note = self.notes.cite(f.doc_id, f.sentence)
        tie: list[Part] = [self.ent(f.source), (f" {label} ", None), self.ent(f.target)]
        for claim_id in self.claims_in_sentence.get((f.doc_id, f.sentence), []):
            c = self.claims[claim_id][0]
            if s and t and self._mentions(c.text, s) and self._mentions(c.text, t):
                phrase = str(SCHEMA.stances.get(c.label, {}).get("phrase", c.label))
                who = self.ent(c.source) if c.source else self.publisher(c.doc_id)
                if c.source is None and c.speaker:
                    who = (f"{c.speaker} (unnamed in the source)", None)
                if c.label == "alleges":
                    return Statement([("According to ", None), who, (", ", None), *tie], [note], "relation")
                return Statement([who, (f" {phrase} that ", None), *tie], [note], "relation")
        return Statement([self.publisher(f.doc_id), (" reports that ", None), *tie], [note], "relation")

    @staticmethod
    def _mentions(text: str, e: SEntity) -> bool:
        folded = f" {fold(text)} "
        return any(form and f" {fold(form)} " in folded for form in (e.name, *e.aliases))

    def event(self, ev: SEvent) -> Statement:
        note = self.notes.cite(ev.doc_id, ev.sentence)
        return Statement([self.publisher(ev.doc_id), (" reports: " + _detokenise(ev.what), None)], [note], "event")

    def fact(self, f: Fact) -> Statement:
        return self.relation(f) if f.kind == "relation" else self.claim(self.claims.get(f.id) or [f])


# -- scope ---------------------------------------------------------------------------


@dataclass
class Scope:
    title: str
    description: str
    seeds: list[SEntity]
    doc_ids: set[str]
    facts: list[Fact]
    events: list[SEvent]


def _involvements(snap: Snapshot) -> dict[str, Counter]:
    per_doc: dict[str, Counter] = defaultdict(Counter)
    for f in snap.facts:
        for x in (f.source, f.target):
            if x:
                per_doc[f.doc_id][x] += 1
    for ev in snap.events:
        for x in ev.entities:
            per_doc[ev.doc_id][x] += 1
    return per_doc


def _places_in(snap: Snapshot, code: str) -> set[str]:
    """Places of a country: the country under any of its names, and its cities (GeoNames, any exonym)."""
    from threadline.model.countries import countries
    from threadline.resolve.places import city_country, place

    table = countries()
    out = set()
    for x in snap.entities.values():
        if not SCHEMA.is_a(x.type, "place"):
            continue
        for name in (x.name, *x.aliases):
            key = fold(name)
            city = place(key) if key else None
            if table.code(key) == code or (city is not None and city_country(city) == code):
                out.add(x.id)
                break
    return out


def _located_in(snap: Snapshot, places: set[str]) -> set[str]:
    """Bodies the evidence places in one of ``places`` (a relation ``located_in``)."""
    return {f.source for f in snap.facts
            if f.kind == "relation" and f.label == "located_in" and f.target in places and f.source in snap.entities}


def resolve_scope(snap: Snapshot, country: str | None = None, entity: str | None = None) -> Scope:
    """What a brief covers.

    ``entity``: every fact and event the entity takes part in.
    ``country``: the country's entities (recorded with that country, its places: the
    country itself and its cities, and the bodies located in them), every fact and
    event they take part in, plus the whole of each document about the country: where
    they carry at least a fifth of the entity mentions in facts and events (so that,
    say, a denial by a foreign embassy in the country's own story is kept), or of the
    document's mentions of entities.
    """
    if (country is None) == (entity is None):
        raise InputError("give exactly one of country or entity")
    if entity is not None:
        e = snap.one(entity)
        seeds, title = [e], e.name
        doc_ids: set[str] = set()
        description = f"everything the evidence graph holds on {e.name} ({e.type.replace('_', ' ').lower()})"
    else:
        code = _country_code(country or "")
        recorded = {x.id for x in snap.entities.values() if (x.country or "").upper() == code}
        places = _places_in(snap, code)
        located = _located_in(snap, places)
        seeds = sorted((snap.entities[x] for x in recorded | places | located), key=lambda x: x.name)
        if not seeds:
            raise NotFound(f"no entity recorded with country {code}, and no place in it is mentioned")
        name = _country_name(code)
        title = f"{name} ({code})"
        ids = {x.id for x in seeds}
        doc_ids = set()
        for doc_id, counts in _involvements(snap).items():
            mine = sum(n for x, n in counts.items() if x in ids)
            if mine >= max(2, 0.2 * sum(counts.values())):
                doc_ids.add(doc_id)
        for doc_id, named in snap.mentions.items():  # documents about the country that state few facts on it
            mine = sum(n for x, n in named.items() if x in ids)
            if mine and mine >= 0.2 * sum(named.values()):
                doc_ids.add(doc_id)
        parts = [f"{len(recorded)} recorded with country {code}"]
        if places:
            parts.append(f"{len(places)} place(s) in it ({', '.join(sorted(snap.entities[x].name for x in places)[:5])})")
        if located - recorded - places:
            parts.append(f"{len(located - recorded - places)} located there")
        description = (f"the country's entities ({'; '.join(parts)}), what they take part in, "
                       f"and the {len(doc_ids)} document(s) about the country")
    ids = {x.id for x in seeds}
    if country is not None and not doc_ids and not any(f.source in ids or f.target in ids for f in snap.facts) \
            and not any(ids & set(ev.entities) for ev in snap.events):
        # the country is only named in passing: the documents naming it are still the ones about it
        doc_ids = {doc_id for doc_id, counts in snap.mentions.items() if ids & set(counts)}
    claim_ids = {f.id for f in snap.facts if f.doc_id in doc_ids or f.source in ids or f.target in ids}
    facts = [f for f in snap.facts if f.id in claim_ids and (f.kind == "claim" or f.doc_id in doc_ids
                                                             or f.source in ids or f.target in ids)]
    events = [ev for ev in snap.events if ev.doc_id in doc_ids or ids & set(ev.entities)]
    return Scope(title, description, seeds, doc_ids, facts, events)


# -- building ------------------------------------------------------------------------


def _speakers(snap: Snapshot, graph: EvidenceGraph) -> dict[str, set[str]]:
    """Body id -> who speaks or acts for it (its spokespeople, leaders, staff, member bodies)."""
    out: dict[str, set[str]] = defaultdict(set)
    for link in graph.links.values():
        if link.kind != "relation" or link.label not in SCHEMA.predicates_with("speaks_for"):
            continue
        speaker = snap.entities.get(link.source)
        if speaker is None or not SCHEMA.is_a(speaker.type, "actor"):
            continue  # a place does not speak for anyone
        if link.label == "part_of" and not SCHEMA.is_a(speaker.type, "organisation"):
            continue
        out[link.target].add(link.source)
    return out


def _side(snap: Snapshot, speakers: dict[str, set[str]], accused: SEntity) -> tuple[str, set[str], str]:
    """Who answers for an accused party: itself and those who speak for it; for a state, all its bodies too."""
    from threadline.model.countries import countries

    members = {accused.id}
    key, label = accused.id, accused.name
    if SCHEMA.is_a(accused.type, "state_voice") and accused.country:
        code = accused.country.upper()
        members |= {e.id for e in snap.entities.values() if SCHEMA.is_a(e.type, "state_voice") and (e.country or "").upper() == code}
        adjective = countries().adjective.get(code)
        key = f"state:{code}"
        label = f"the {adjective} state and its bodies" if adjective else f"the state of {_country_name(code)} and its bodies"
    for body in list(members):
        members |= speakers.get(body, set())
    return key, members, label


def build_brief(snap: Snapshot, country: str | None = None, entity: str | None = None) -> Brief:
    """The brief as data: scope, key entities and their state links, timeline, contested points, open questions."""
    scope = resolve_scope(snap, country, entity)
    graph = EvidenceGraph(snap)
    notes = Notes(snap)
    words = Wording(snap, notes)
    grader = SourceGrader()
    in_scope = {_fkey(f) for f in scope.facts}
    links = [l for l in graph.links.values() if any(_fkey(f) in in_scope for f in l.facts)]

    # key entities: most linked within the scope
    neighbours: dict[str, set[str]] = defaultdict(set)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for l in links:
        neighbours[l.source].add(l.target)
        neighbours[l.target].add(l.source)
        for f in l.facts:
            if _fkey(f) in in_scope:
                docs_of[l.source].add(f.doc_id)
                docs_of[l.target].add(f.doc_id)
    ranked = sorted(neighbours, key=lambda x: (-len(neighbours[x]), -len(docs_of[x]), snap.entities[x].name))
    key_entities: list[KeyEntity] = []
    for x in ranked[:KEY_ENTITIES]:
        ke = KeyEntity(snap.entities[x], len(neighbours[x]), len(docs_of[x]))
        state = [l for l in links if x in (l.source, l.target) and l.label != "denies"
                 and SCHEMA.is_a(snap.entities[l.target if l.source == x else l.source].type, "state_body")]
        state.sort(key=lambda l: (-l.score, snap.entities[l.target if l.source == x else l.source].name, l.label))
        for l in state[:STATE_LINKS_PER_ENTITY]:
            other = snap.entities[l.target if l.source == x else l.source]
            facts = [f for f in l.facts if _fkey(f) in in_scope] or l.facts
            unique = list({(f.id, f.doc_id, f.sentence): f for f in facts}.values())
            evidence = [words.fact(f) for f in unique[:EVIDENCE_PER_LINK]]
            ke.state_links.append(StateLink(other, l.source == x, l, grader.label(l.grade),
                                            evidence, max(0, len(unique) - EVIDENCE_PER_LINK)))
        ke.more_links = max(0, len(state) - STATE_LINKS_PER_ENTITY)
        key_entities.append(ke)

    # timeline: when it happened vs when it was said
    wanted_claims = {(f.doc_id, f.sentence, f.text) for f in scope.facts if f.kind == "claim"}
    wanted_events = {(ev.doc_id, ev.sentence, ev.what) for ev in scope.events}
    event_by_key = {(ev.doc_id, ev.sentence, ev.what): ev for ev in scope.events}
    claim_by_key: dict[tuple[str, str, str], str] = {}
    for f in scope.facts:
        if f.kind == "claim":
            claim_by_key.setdefault((f.doc_id, f.sentence, f.text), f.id)
    entries: list[Entry] = [e for e in timeline(snap) if (e.doc_id, e.sentence, e.text) in
                            (wanted_events if e.kind == "event" else wanted_claims)]
    items: list[TimelineItem] = []
    for entry in entries[:TIMELINE_ENTRIES]:
        key = (entry.doc_id, entry.sentence, entry.text)
        st = words.event(event_by_key[key]) if entry.kind == "event" else words.claim_by_id(claim_by_key[key])
        items.append(TimelineItem(entry.happened, entry.said, entry.kind, st))
    timeline_more = max(0, len(entries) - TIMELINE_ENTRIES)

    # contested points: allegations beside the accused's denials
    allegations = [f for f in scope.facts if f.kind == "claim" and f.label == "alleges" and f.target]
    denials = [f for f in snap.facts if f.kind == "claim" and f.label == "denies" and f.source]
    groups: dict[str, tuple[str, set[str], list[str]]] = {}
    speakers = _speakers(snap, graph)
    sides: dict[str, tuple[str, set[str], str]] = {}
    for f in allegations:
        accused = snap.entities.get(f.target or "")
        if accused is None or accused.id == f.source:
            continue
        if accused.id not in sides:
            sides[accused.id] = _side(snap, speakers, accused)
        side, members, label = sides[accused.id]
        if f.source in members:
            continue  # the accused's own side is not accusing it
        group = groups.setdefault(side, (label, members, []))
        if f.id not in group[2]:
            group[2].append(f.id)
    pending: list[tuple[str, list[str], list[str]]] = []
    for label, members, claim_ids in groups.values():
        allege_docs = {words.claims[c][0].doc_id for c in claim_ids}
        denied = [f for f in denials if f.source in members]
        if not denied:
            continue
        denied.sort(key=lambda f: (f.doc_id not in allege_docs, f.doc_id, f.start))
        pending.append((label, claim_ids, list(dict.fromkeys(f.id for f in denied))))
    pending.sort(key=lambda p: (-len(p[1]), p[0]))
    contested: list[Contest] = []
    shown_denials: set[str] = set()
    for label, claim_ids, denial_ids in pending[:CONTESTED_GROUPS]:
        shown_denials |= set(denial_ids)
        contested.append(Contest(
            label,
            [words.claim_by_id(c) for c in claim_ids[:ALLEGATIONS_PER_GROUP]],
            [words.claim_by_id(c) for c in denial_ids[:DENIALS_PER_GROUP]],
            max(0, len(claim_ids) - ALLEGATIONS_PER_GROUP), max(0, len(denial_ids) - DENIALS_PER_GROUP)))
    other_ids = list(dict.fromkeys(f.id for f in scope.facts if f.kind == "claim" and f.label == "denies"
                                   and f.id not in shown_denials))
    other_denials = [words.claim_by_id(c) for c in other_ids[:DENIALS_PER_GROUP * 3]]

    # open questions: allegations that rest on one independent source
    open_items: list[OpenQuestion] = []
    open_more = 0
    seen_claims: set[str] = set()
    link_of: dict[tuple[str | None, str | None, str], Link] = {(l.source, l.target, l.label): l for l in graph.links.values() if l.kind == "claim"}
    for f in scope.facts:
        if f.kind != "claim" or f.label != "alleges" or f.id in seen_claims:
            continue
        seen_claims.add(f.id)
        facts = words.claims[f.id]
        ls = [link_of[(x.source, x.target, "alleges")] for x in facts if (x.source, x.target, "alleges") in link_of]
        independent = max((l.independent for l in ls), default=1)
        if independent <= 1:
            if len(open_items) >= OPEN_QUESTIONS:
                open_more += 1
                continue
            doc = snap.documents.get(f.doc_id)
            open_items.append(OpenQuestion(words.claim(facts), independent or 1, grader.label(doc.grade) if doc else ""))

    doc_ids = {f.doc_id for f in scope.facts} | {ev.doc_id for ev in scope.events} | scope.doc_ids
    documents = sorted((snap.documents[d] for d in doc_ids if d in snap.documents),
                       key=lambda d: (d.published or "", d.title or ""))
    counts = {
        "documents": len(documents),
        "claims": len({f.id for f in scope.facts if f.kind == "claim"}),
        "relations": len({f.id for f in scope.facts if f.kind == "relation"}),
        "events": len(scope.events),
        "entities": len({x for f in scope.facts for x in (f.source, f.target) if x}
                        | {x for ev in scope.events for x in ev.entities}),
    }
    return Brief(
        title=f"Dossier: {scope.title}", scope=scope.description, seeds=scope.seeds, documents=documents,
        counts=counts, include_protected=snap.include_protected, key_entities=key_entities, timeline=items,
        timeline_more=timeline_more, contested=contested, other_denials=other_denials, open_questions=open_items, open_more=open_more,
        notes=notes.all, entities=snap.entities, links=links, facts=scope.facts, events=scope.events)


# -- Markdown ------------------------------------------------------------------------


def _md(text: str) -> str:
    """Escape what Markdown would read as markup in running text."""
    return re.sub(r"([\\`*_\[\]<>|&])", r"\\\1", text)


def _md_statement(s: Statement) -> str:
    text = "".join(_md(t) for t, _ in s.parts)
    return text + "".join(f"[^{n}]" for n in s.notes)


def _md_note(n: Note) -> str:
    bits = [f"*{_md(_clean(n.title))}*" if n.title else "untitled document"]
    bits.append(_md(n.publisher) if n.publisher else "publisher unknown")
    # a date read from the text's own dateline says so; metadata dates are the norm and go unmarked
    bits.append((n.published + (" (dateline)" if n.date_source == "dateline" else "")) if n.published else "date unknown")
    where = []
    url = link_target(n.url)
    if url:
        where.append(f"<{url}>")
    if n.path:
        where.append(f"file {_md(n.path)}")
    line = ", ".join(bits) + "."
    if where:
        line += " " + "; ".join(where) + "."
    if n.grade:
        line += f" ({n.grade})"
    if n.read_by_rules:
        line += f" ({SCHEMA.RULES_NOTE})"
    # the quote is verbatim (only whitespace is collapsed) and escaped, so a renderer shows it and runs none of it
    return f"[^{n.n}]: {line} Quote: “{_md(n.quote)}”"


def render_markdown(brief: Brief) -> str:
    out: list[str] = [f"# {_md(brief.title)}", ""]
    c = brief.counts
    out.append(f"**Scope:** {_md(brief.scope)}. In scope: {c['documents']} document(s), {c['claims']} claim(s), "
               f"{c['relations']} relation(s), {c['events']} event(s), {c['entities']} entities.")
    out.append("")
    if brief.documents:
        dates = [d.published for d in brief.documents if d.published]
        if dates:
            out.append(f"**Sources published:** {min(dates)} to {max(dates)}.")
            out.append("")
    out.append("**Protected persons:** " + ("INCLUDED in this brief at the analyst's request." if brief.include_protected
                                            else "redacted."))
    out.append("")
    out.append("> How to read this brief: every statement is worded as its source words it. "
               "“Alleges” marks an allegation, not an established fact; a denial is shown beside the allegation "
               "it answers. Each footnote gives the document and the verbatim sentence the statement rests on. "
               "The extraction is automatic; check the quoted sentence before relying on a statement.")
    out.append("")

    out += ["## Key entities", ""]
    if brief.key_entities:
        out += ["| # | Entity | Type | Country | Linked entities | Documents |", "|---|---|---|---|---|---|"]
        for i, ke in enumerate(brief.key_entities, 1):
            e = ke.entity
            out.append(f"| {i} | {_md(e.name)} | {e.type} | {e.country or ''} | {ke.neighbours} | {ke.documents} |")
        out.append("")
    else:
        out += ["No linked entities in scope.", ""]

    out += ["## Links to state bodies", ""]
    any_links = False
    for ke in brief.key_entities:
        if not ke.state_links:
            continue
        any_links = True
        e = ke.entity
        out += [f"### {_md(e.name)} ({e.type}{', ' + e.country if e.country else ''})", ""]
        for sl in ke.state_links:
            l = sl.link
            arrow = f"{_md(e.name)} → {_md(sl.other.name)}" if sl.outgoing else f"{_md(sl.other.name)} → {_md(e.name)}"
            kind = f"claim, {l.label}" if l.kind == "claim" else l.label.replace("_", " ")
            flags = " · contested" if l.contested else ""
            out.append(f"- **{arrow}** ({kind}) · {l.independent} independent source(s) · best grade: {sl.grade_label}{flags}")
            for st in sl.evidence:
                out.append(f"  - {_md_statement(st)}")
            if sl.more:
                out.append(f"  - … and {sl.more} more passage(s).")
        if ke.more_links:
            out.append(f"- … and {ke.more_links} more link(s) to state bodies.")
        out.append("")
    if not any_links:
        out += ["No links between the key entities and state bodies in scope.", ""]

    out += ["## Timeline", "", "*Happened* is when an event took place, at the precision the source gives; "
            "*said* is when the document saying it was published. A claim has only a *said* date.", ""]
    for item in brief.timeline:
        when = []
        if item.happened:
            when.append(f"happened {item.happened}")
        when.append(f"said {item.said}" if item.said else "said: date unknown")
        out.append(f"- **{' · '.join(when)}** — {_md_statement(item.statement)}")
    if not brief.timeline:
        out.append("No dated events or claims in scope.")
    if brief.timeline_more:
        out.append(f"- … and {brief.timeline_more} more entries.")
    out.append("")

    out += ["## Contested points", "", "Allegations shown beside the denials of the accused party (the accused itself, "
            "its spokespeople or staff, or, for a state, that state's bodies).", ""]
    for contest in brief.contested:
        out += [f"### Against {_md(contest.accused)}", ""]
        for st in contest.allegations:
            out.append(f"- **Allegation:** {_md_statement(st)}")
        if contest.more_allegations:
            out.append(f"- … and {contest.more_allegations} more allegation(s).")
        for st in contest.denials:
            out.append(f"- **Denial:** {_md_statement(st)}")
        if contest.more_denials:
            out.append(f"- … and {contest.more_denials} more denial(s).")
        out.append("")
    if not brief.contested:
        out += ["No allegation in scope is met by a denial from the accused.", ""]
    if brief.other_denials:
        out += ["Other denials in scope, not matched to an allegation against the one denying:", ""]
        out += [f"- **Denial:** {_md_statement(st)}" for st in brief.other_denials]
        out.append("")

    out += ["## Open questions", "", "Allegations that rest on a single independent source (syndicated copies count once): "
            "no other independent document in this investigation carries them.", ""]
    for q in brief.open_questions:
        out.append(f"- {_md_statement(q.statement)} — one independent source ({q.grade_label}).")
    if not brief.open_questions:
        out.append("No allegation in scope rests on a single independent source.")
    if brief.open_more:
        out.append(f"- … and {brief.open_more} more.")
    out.append("")

    if brief.notes:
        out += ["## Sources", ""]
        out += [_md_note(n) for n in brief.notes]
        out.append("")
    return "\n".join(out)


def brief_summary(brief: Brief) -> dict[str, Any]:
    """What a brief covers, as JSON-ready data (``dossier --json``, ``report --json``): scope, counts, documents."""
    return {
        "title": brief.title, "scope": brief.scope, "counts": dict(brief.counts),
        "seeds": [{"id": e.id, "name": e.name, "type": e.type, "country": e.country} for e in brief.seeds],
        "documents": [{"id": d.id, "title": d.title, "publisher": d.publisher, "published": d.published,
                       "date_source": d.date_source, "grade": d.grade} for d in brief.documents],
        "include_protected": brief.include_protected,
    }


def dossier(snapshot: Snapshot, country: str | None = None, entity: str | None = None) -> str:
    """A Markdown brief on one country (ISO code) or one entity, every statement footnoted to its source."""
    return render_markdown(build_brief(snapshot, country=country, entity=entity))
