"""The sections of a brief, one function each, and :func:`build_brief`, which runs them in reading order
(footnotes are numbered as they are first cited, so the order is part of the output)."""

from __future__ import annotations

from collections import defaultdict

from threadline.analyse.graph import EvidenceGraph, Link
from threadline.analyse.snapshot import Fact, SDocument, SEntity, Snapshot
from threadline.analyse.sources import SourceGrader
from threadline.analyse.timeline import Entry, timeline
from threadline.model import SCHEMA
from threadline.publish.dossier.model import Brief, Contest, KeyEntity, OpenQuestion, StateLink, Statement, TimelineItem
from threadline.publish.dossier.scope import Scope, country_name, resolve_scope
from threadline.publish.dossier.wording import Notes, Wording

# How much a brief shows; the rest is counted, never silently dropped.
KEY_ENTITIES = 10
STATE_LINKS_PER_ENTITY = 6
EVIDENCE_PER_LINK = 2
TIMELINE_ENTRIES = 80
CONTESTED_GROUPS = 10
ALLEGATIONS_PER_GROUP = 4
DENIALS_PER_GROUP = 4
OPEN_QUESTIONS = 30

FactKey = tuple[str, str | None, str | None, str]


def _fkey(f: Fact) -> FactKey:
    return (f.id, f.source, f.target, f.label)


def build_brief(snap: Snapshot, country: str | None = None, entity: str | None = None) -> Brief:
    """The brief as data: scope, key entities and their state links, timeline, contested points, open questions."""
    scope = resolve_scope(snap, country, entity)
    graph = EvidenceGraph(snap)
    words = Wording(snap, Notes(snap))
    grader = SourceGrader()
    in_scope = {_fkey(f) for f in scope.facts}
    links = [l for l in graph.links.values() if any(_fkey(f) in in_scope for f in l.facts)]
    key = key_entities(snap, links, in_scope, words, grader)
    items, timeline_more = timeline_items(snap, scope, words)
    contested, other_denials = contested_points(snap, scope, graph, words)
    open_items, open_more = open_questions(snap, scope, graph, words, grader)
    documents = scope_documents(snap, scope)
    return Brief(
        title=f"Dossier: {scope.title}",
        scope=scope.description,
        seeds=scope.seeds,
        documents=documents,
        counts=counts(scope, documents),
        include_protected=snap.include_protected,
        key_entities=key,
        timeline=items,
        timeline_more=timeline_more,
        contested=contested,
        other_denials=other_denials,
        open_questions=open_items,
        open_more=open_more,
        notes=words.notes.all,
        entities=snap.entities,
        links=links,
        facts=scope.facts,
        events=scope.events,
    )


# -- key entities and their links to state bodies -------------------------------------------------


def key_entities(
    snap: Snapshot, links: list[Link], in_scope: set[FactKey], words: Wording, grader: SourceGrader
) -> list[KeyEntity]:
    """The entities most linked within the scope, each with its best-scored links to state bodies."""
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
    out: list[KeyEntity] = []
    for x in ranked[:KEY_ENTITIES]:
        ke = KeyEntity(snap.entities[x], len(neighbours[x]), len(docs_of[x]))
        state = [
            l
            for l in links
            if x in (l.source, l.target)
            and l.label != "denies"
            and SCHEMA.is_a(snap.entities[l.target if l.source == x else l.source].type, "state_body")
        ]
        state.sort(key=lambda l: (-l.score, snap.entities[l.target if l.source == x else l.source].name, l.label))
        ke.state_links = [_state_link(snap, x, l, in_scope, words, grader) for l in state[:STATE_LINKS_PER_ENTITY]]
        ke.more_links = max(0, len(state) - STATE_LINKS_PER_ENTITY)
        out.append(ke)
    return out


def _state_link(
    snap: Snapshot, x: str, l: Link, in_scope: set[FactKey], words: Wording, grader: SourceGrader
) -> StateLink:
    other = snap.entities[l.target if l.source == x else l.source]
    facts = [f for f in l.facts if _fkey(f) in in_scope] or l.facts
    unique = list({(f.id, f.doc_id, f.sentence): f for f in facts}.values())
    evidence = [words.fact(f) for f in unique[:EVIDENCE_PER_LINK]]
    return StateLink(other, l.source == x, l, grader.label(l.grade), evidence, max(0, len(unique) - EVIDENCE_PER_LINK))


# -- timeline ------------------------------------------------------------------------------------


def timeline_items(snap: Snapshot, scope: Scope, words: Wording) -> tuple[list[TimelineItem], int]:
    """When it happened beside when it was said, for the events and claims in scope; and how many more there are."""
    wanted_claims = {(f.doc_id, f.sentence, f.text) for f in scope.facts if f.kind == "claim"}
    wanted_events = {(ev.doc_id, ev.sentence, ev.what) for ev in scope.events}
    event_by_key = {(ev.doc_id, ev.sentence, ev.what): ev for ev in scope.events}
    claim_by_key: dict[tuple[str, str, str], str] = {}
    for f in scope.facts:
        if f.kind == "claim":
            claim_by_key.setdefault((f.doc_id, f.sentence, f.text), f.id)
    entries: list[Entry] = [
        e
        for e in timeline(snap)
        if (e.doc_id, e.sentence, e.text) in (wanted_events if e.kind == "event" else wanted_claims)
    ]
    items: list[TimelineItem] = []
    for entry in entries[:TIMELINE_ENTRIES]:
        key = (entry.doc_id, entry.sentence, entry.text)
        st = words.event(event_by_key[key]) if entry.kind == "event" else words.claim_by_id(claim_by_key[key])
        items.append(TimelineItem(entry.happened, entry.said, entry.kind, st))
    return items, max(0, len(entries) - TIMELINE_ENTRIES)


# -- contested points ----------------------------------------------------------------------------


def contested_points(
    snap: Snapshot, scope: Scope, graph: EvidenceGraph, words: Wording
) -> tuple[list[Contest], list[Statement]]:
    """Allegations beside the accused side's denials; and the other denials in scope."""
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
        contested.append(
            Contest(
                label,
                [words.claim_by_id(c) for c in claim_ids[:ALLEGATIONS_PER_GROUP]],
                [words.claim_by_id(c) for c in denial_ids[:DENIALS_PER_GROUP]],
                max(0, len(claim_ids) - ALLEGATIONS_PER_GROUP),
                max(0, len(denial_ids) - DENIALS_PER_GROUP),
            )
        )
    other_ids = list(
        dict.fromkeys(
            f.id for f in scope.facts if f.kind == "claim" and f.label == "denies" and f.id not in shown_denials
        )
    )
    return contested, [words.claim_by_id(c) for c in other_ids[: DENIALS_PER_GROUP * 3]]


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
        members |= {
            e.id
            for e in snap.entities.values()
            if SCHEMA.is_a(e.type, "state_voice") and (e.country or "").upper() == code
        }
        adjective = countries().adjective.get(code)
        key = f"state:{code}"
        label = (
            f"the {adjective} state and its bodies"
            if adjective
            else f"the state of {country_name(code)} and its bodies"
        )
    for body in list(members):
        members |= speakers.get(body, set())
    return key, members, label


# -- open questions ------------------------------------------------------------------------------


def open_questions(
    snap: Snapshot, scope: Scope, graph: EvidenceGraph, words: Wording, grader: SourceGrader
) -> tuple[list[OpenQuestion], int]:
    """Allegations that rest on one independent source; and how many more there are."""
    open_items: list[OpenQuestion] = []
    open_more = 0
    seen_claims: set[str] = set()
    link_of: dict[tuple[str | None, str | None, str], Link] = {
        (l.source, l.target, l.label): l for l in graph.links.values() if l.kind == "claim"
    }
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
            open_items.append(
                OpenQuestion(words.claim(facts), independent or 1, grader.label(doc.grade) if doc else "")
            )
    return open_items, open_more


# -- documents and counts ------------------------------------------------------------------------


def scope_documents(snap: Snapshot, scope: Scope) -> list[SDocument]:
    """The documents the brief rests on, oldest first."""
    doc_ids = {f.doc_id for f in scope.facts} | {ev.doc_id for ev in scope.events} | scope.doc_ids
    return sorted(
        (snap.documents[d] for d in doc_ids if d in snap.documents), key=lambda d: (d.published or "", d.title or "")
    )


def counts(scope: Scope, documents: list[SDocument]) -> dict[str, int]:
    return {
        "documents": len(documents),
        "claims": len({f.id for f in scope.facts if f.kind == "claim"}),
        "relations": len({f.id for f in scope.facts if f.kind == "relation"}),
        "events": len(scope.events),
        "entities": len(
            {x for f in scope.facts for x in (f.source, f.target) if x}
            | {x for ev in scope.events for x in ev.entities}
        ),
    }
