"""A read-only, redacted snapshot of an investigation: the single door through which
data leaves the store for analysis, exports and reports.

Protected persons are redacted here, once: their names and aliases are replaced
in every entity, sentence, text and title before any output sees them, unless
the caller explicitly asks for ``include_protected``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from threadline.analyse.redact import Redactor
from threadline.analyse.sources import SourceGrader
from threadline.store import Store


@dataclass(frozen=True)
class SEntity:
    id: str
    type: str
    name: str
    country: str | None
    aliases: tuple[str, ...]
    protected: bool
    kind: str | None = None


@dataclass(frozen=True)
class SDocument:
    id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    path: str | None
    language: str | None
    grade: str
    text: str


@dataclass(frozen=True)
class Fact:
    """A relation or a claim edge, with its evidence. Claims give one Fact per entity they are about."""

    id: str
    kind: str            # "relation" or "claim"
    source: str | None   # subject / claimant entity id (None: the document's own voice)
    target: str | None   # object / about entity id
    label: str           # predicate, or stance for claims
    doc_id: str
    sentence: str
    text: str
    status: str
    start: int


@dataclass(frozen=True)
class SEvent:
    id: str
    what: str
    date: str
    precision: str
    anchored: bool
    entities: tuple[str, ...]
    doc_id: str
    sentence: str


@dataclass
class Snapshot:
    entities: dict[str, SEntity] = field(default_factory=dict)
    documents: dict[str, SDocument] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    events: list[SEvent] = field(default_factory=list)
    include_protected: bool = False
    namespace: str | None = None  # the investigation's key that signs FtM ids (Workspace.export sets it)

    def find(self, name: str) -> list[SEntity]:
        """Entities whose name or alias folds to ``name`` (or whose id it is)."""
        from threadline.model.names import fold

        key = fold(name)
        return [e for e in self.entities.values() if e.id == name or key in {fold(x) for x in (e.name, *e.aliases)}]

    def one(self, name: str) -> SEntity:
        from threadline.errors import InputError, NotFound

        found = self.find(name)
        if not found:
            raise NotFound(f"no entity named {name!r}")
        if len(found) > 1:
            raise InputError(f"{name!r} names several entities: " + "; ".join(f"{e.id} ({e.type} {e.name})" for e in found))
        return found[0]


def load_snapshot(store: Store, include_protected: bool = False) -> Snapshot:
    """Everything analysis and publishing may show, with protected persons redacted."""
    rows = store.snapshot_rows()
    redactor = Redactor.for_entities(rows["entities"], include_protected)
    grader = SourceGrader()
    snap = Snapshot(include_protected=include_protected)
    for r in rows["entities"]:
        entity = SEntity(r["id"], r["type"], r["name"], r["country"], tuple(r["aliases"]), bool(r["protected"]), r.get("kind"))
        snap.entities[entity.id] = redactor.entity(entity)
    for d in rows["documents"]:
        meta = json.loads(d["meta"] or "{}")
        snap.documents[d["id"]] = SDocument(
            d["id"], redactor.text(d["title"]), redactor.text(d["publisher"]), d["published"], redactor.text(d["url"]),
            redactor.text(d["path"]), d["language"], grader.grade(d["publisher"], meta), redactor.text(d["text"]) or "")
    for f in rows["facts"]:
        snap.facts.append(Fact(f["id"], f["kind"], f["source"], f["target"], f["label"], f["doc_id"],
                               redactor.text(f["sentence"]) or "", redactor.text(f["text"]) or "", f["status"], f["start"]))
    for e in rows["events"]:
        snap.events.append(SEvent(e["id"], redactor.text(e["what"]) or "", e["date"], e["precision"], bool(e["anchored"]),
                                  tuple(e["entities"]), e["doc_id"], redactor.text(e["sentence"]) or ""))
    return snap
