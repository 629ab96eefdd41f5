"""Frozen records for documents and the facts extracted from them.

Every fact (mention, relation, claim, event) carries an :class:`Evidence`:
the document, character offsets, the verbatim sentence and the extractor
that produced it. Entities inside one :class:`Extraction` are referred to by
their canonical name, which is unique within a document.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


def content_id(*parts: object, prefix: str = "", size: int = 20) -> str:
    """A stable id from content, so re-running on the same input gives the same rows."""
    digest = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return prefix + digest.hexdigest()[:size]


@dataclass(frozen=True)
class Document:
    """A source text with its metadata; its id is the hash of its text."""

    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date, as precise as known
    language: str | None = None
    url: str | None = None
    path: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    date_source: str | None = None  # where ``published`` came from: front matter, page metadata, dateline, ...

    @cached_property  # asked for a hundred times per document while it is stored
    def id(self) -> str:
        return "doc-" + hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: document, offsets, verbatim sentence, extractor."""

    doc_id: str
    start: int
    end: int
    sentence: str
    extractor: str
    version: str


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity's surface form in a document."""

    text: str
    type: str
    entity: str  # canonical name of the entity it belongs to
    evidence: Evidence
    source: str = "ner"  # which component proposed it: ner, gazetteer, institution, ...


@dataclass(frozen=True)
class Entity:
    """An entity as one document names it: canonical name, other forms, type."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    kind: str | None = None  # finer role from the gazetteer: ngo, media, court, ...
    gazetteer_id: str | None = None


@dataclass(frozen=True)
class Relation:
    subject: str
    predicate: str
    object: str
    evidence: Evidence


@dataclass(frozen=True)
class Claim:
    """An attributed assertion: who says it (None = the document's own voice), how, about whom."""

    claimant: str | None
    stance: str
    about: tuple[str, ...]
    text: str
    cue: str | None
    evidence: Evidence
    source: str | None = None  # an unnamed source in the text's words ("officials"); claimant is then None

    @property
    def attributed(self) -> bool:
        """Someone other than the document asserts it: a named claimant or an unnamed source."""
        return self.claimant is not None or self.source is not None


@dataclass(frozen=True)
class Event:
    """Something that happened at a date, kept at the precision the text gives."""

    what: str
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str  # year, month, day
    entities: tuple[str, ...]
    evidence: Evidence
    anchored: bool = False  # True when resolved from a relative date and the publication date


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]
    claims: tuple[Claim, ...]
    events: tuple[Event, ...]
    extractor: dict[str, str] = field(default_factory=dict)
