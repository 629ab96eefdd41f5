"""A read-only, redacted snapshot of an investigation: the single door through which
data leaves the store for analysis, exports and reports.

Protected persons are redacted here, once (see ``analyse.redact``): they are left
out of entities, links and events, and every form of their names is replaced in
every sentence, text, title, path and URL before any output sees them, unless the
caller explicitly asks for ``include_protected``. URLs keep only safe schemes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from threadline.analyse.redact import Protection, Redaction, excerpt, load_protection
from threadline.analyse.sources import SourceGrader
from threadline.publish.safety import safe_url
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
    date_source: str | None = None  # where ``published`` came from (front matter, dateline, ...)


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
    speaker: str | None = None  # a claim's unnamed source in the text's words ("officials"), when source is None


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
    mentions: dict[str, dict[str, int]] = field(default_factory=dict)  # doc id -> entity id -> times it names it
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
    """Everything analysis and publishing may show, with protected persons left out and their names blanked.

    Unless ``include_protected``, a protected person is no entity, no link and no
    event participant here; their names in texts become "[protected person N]".
    Sentences are cut from the redacted document, so short forms are blanked
    exactly where they refer to the person.
    """
    rows = store.snapshot_rows()
    protection = Protection.build([]) if include_protected else load_protection(store)
    redactor = protection.redactor()
    hidden = protection.hidden()
    grader = SourceGrader()
    snap = Snapshot(include_protected=include_protected)
    for r in rows["entities"]:
        if r["id"] not in hidden:
            snap.entities[r["id"]] = SEntity(r["id"], r["type"], r["name"], r["country"], tuple(r["aliases"]), bool(r["protected"]),
                                             r.get("kind"))
    texts: dict[str, tuple[str, Redaction]] = {}
    for d in rows["documents"]:
        meta = json.loads(d["meta"] or "{}")
        text = d["text"] or ""
        redaction = redactor.document(d["id"], text)
        texts[d["id"]] = (text, redaction)
        snap.documents[d["id"]] = SDocument(
            d["id"], redactor.text(d["title"]), redactor.text(d["publisher"]), d["published"], redactor.text(safe_url(d["url"])),
            redactor.text(d["path"]), d["language"], grader.grade(d["publisher"], meta, d["url"]), redaction.text,
            d.get("date_source"))

    def cut(doc_id: str, piece: str | None, near: int = 0) -> str:
        text, redaction = texts.get(doc_id) or ("", Redaction("", []))
        return excerpt(redaction, redactor, text, piece, near)

    for f in rows["facts"]:
        if f["source"] in hidden or f["target"] in hidden:
            continue
        snap.facts.append(Fact(f["id"], f["kind"], f["source"], f["target"], f["label"], f["doc_id"],
                               cut(f["doc_id"], f["sentence"], f["start"] or 0), cut(f["doc_id"], f["text"], f["start"] or 0),
                               f["status"], f["start"], redactor.text(f.get("speaker"))))
    for e in rows["events"]:
        snap.events.append(SEvent(e["id"], cut(e["doc_id"], e["what"]), e["date"], e["precision"], bool(e["anchored"]),
                                  tuple(x for x in e["entities"] if x not in hidden), e["doc_id"], cut(e["doc_id"], e["sentence"])))
    for m in rows.get("mentions", []):
        if m["entity_id"] not in hidden and m["entity_id"] in snap.entities:
            snap.mentions.setdefault(m["doc_id"], {})[m["entity_id"]] = int(m["n"])
    return snap
