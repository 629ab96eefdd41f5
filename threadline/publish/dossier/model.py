"""The brief as data: footnotes, statements and the sections that hold them, built by
:func:`~threadline.publish.dossier.sections.build_brief` and written by the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from threadline.analyse.graph import Link
from threadline.analyse.snapshot import Fact, SDocument, SEntity, SEvent

Part = tuple[str, str | None]  # (text, entity type when the text is an entity's name)


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
    kind: str = ""  # relation, event, or the claim's stance

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)


@dataclass
class StateLink:
    other: SEntity
    outgoing: bool  # True: key entity -> state body
    link: Link
    grade_label: str
    evidence: list[Statement]
    more: int = 0  # evidence not shown


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
    entities: dict[str, SEntity]  # the snapshot's entities (redacted), for pictures
    links: list[Link]  # every link in scope (for the network picture)
    facts: list[Fact]
    events: list[SEvent]


def brief_summary(brief: Brief) -> dict[str, Any]:
    """What a brief covers, as JSON-ready data (``dossier --json``, ``report --json``): scope, counts, documents."""
    return {
        "title": brief.title,
        "scope": brief.scope,
        "counts": dict(brief.counts),
        "seeds": [{"id": e.id, "name": e.name, "type": e.type, "country": e.country} for e in brief.seeds],
        "documents": [
            {
                "id": d.id,
                "title": d.title,
                "publisher": d.publisher,
                "published": d.published,
                "date_source": d.date_source,
                "grade": d.grade,
            }
            for d in brief.documents
        ],
        "include_protected": brief.include_protected,
    }
