"""The records resolution reads and writes, shared by ``resolve`` (which computes them) and ``store`` (which keeps them).

- :class:`Record`: what resolution knows of a stored entity (names, type, country, gazetteer entry, neighbours);
- :class:`EntityMatch`: the stored entity an extracted one resolves to, and why;
- :class:`Resolution` and :class:`ReviewPair`: the outcome of a resolution run;
- :data:`Lookup` and :data:`EntityResolver`: how the store and the resolver meet when a document is saved. The
  store answers lookups inside its write transaction; the intake supplies the resolver
  (:func:`threadline.resolve.resolve_entity`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from threadline.model.names import fold
from threadline.model.records import Entity
from threadline.model.schema import SCHEMA

Lookup = Callable[[str, Iterable[str]], str | None]
"""``lookup(type, folded_forms)``: the id of a stored entity of that type holding one of the forms, or None."""


@dataclass(frozen=True)
class EntityMatch:
    """The stored entity an extracted one resolves to, and why."""

    entity_id: str
    reason: str  # gazetteer, alias, new


EntityResolver = Callable[[Entity, Lookup], EntityMatch]
"""Resolves an extracted entity to a stored one (or a new id), asking the store through a :data:`Lookup`."""


@dataclass(frozen=True)
class Record:
    """What resolution knows of an entity: its names, type, country, gazetteer entry, neighbours."""

    id: str
    type: str
    names: tuple[str, ...]
    country: str | None = None
    gazetteer: str | None = None
    neighbours: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def folded(self) -> frozenset[str]:
        keep = self.type not in SCHEMA.person_types  # "Lo Wei" is not "Wei"
        return frozenset(f for f in (fold(n, articles=keep) for n in self.names) if f)

    @cached_property
    def telling(self) -> frozenset[str]:
        """Names that identify on their own: a bare surname does not, unless it is all there is."""
        if self.type not in SCHEMA.person_types:
            return self.folded
        full = frozenset(f for f in self.folded if len(f.split()) > 1)
        return full or self.folded

    @cached_property
    def telling_names(self) -> tuple[str, ...]:
        keep = self.type not in SCHEMA.person_types
        return tuple(n for n in self.names if fold(n, articles=keep) in self.telling)


@dataclass(frozen=True)
class ReviewPair:
    a: str
    b: str
    score: float
    explanations: tuple[str, ...]


@dataclass
class Resolution:
    """Result of a resolution run: each entity's canonical id, cluster confidence, pairs to review."""

    canonical: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)  # canonical id -> weakest link used
    review: list[ReviewPair] = field(default_factory=list)
    compared: int = 0
    merged_by_machine: int = 0
    merged_by_judgement: int = 0
    refused: int = 0  # machine merges a negative judgement prevented
