"""The store interface: everything above storage talks to this, never to SQL.

A backend implements the write side (``save``, ``add_location``, ``decide``)
and the read side (``stats`` ... ``search``). SQLite is the default and
PostgreSQL the team store; both implement it with the shared SQL of
:mod:`threadline.store.sql`, and tests/store/test_contract.py holds them to it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from threadline.model import Extraction
from threadline.model.resolution import EntityResolver, Record, Resolution
from threadline.model.rows import DecisionRow, EntityName, MergeCandidate, ReferenceEntity


@dataclass(frozen=True)
class SaveResult:
    doc_id: str
    created: bool          # False: the document was already stored
    counts: dict[str, int] = field(default_factory=dict)


class Store(ABC):
    """One investigation's evidence."""

    # -- write side --------------------------------------------------------------

    @abstractmethod
    def has_document(self, doc_id: str) -> bool:
        """True when a document with this id is stored and fully extracted."""

    @abstractmethod
    def save(self, extraction: Extraction, signature: tuple[str, bytes] | None = None, *,
             resolve: EntityResolver) -> SaveResult:
        """Store a document and all its facts in one transaction (all or nothing).

        ``signature`` is the document's near-duplicate signature as (scheme, bytes), stored with it. ``resolve``
        (the intake's entity resolution, :func:`threadline.resolve.resolve_entity`) names the stored entity each
        extracted one is; the store answers its lookups inside the transaction, so it sees the entities saved
        before, this document's included.
        """

    @abstractmethod
    def add_location(self, doc_id: str, location: str, similarity: float | None = None, note: str | None = None) -> None:
        """Record another path or URL where an already stored document was found.

        With ``similarity`` the text found there is a near-duplicate of the stored one, not the same text.
        """

    # -- near-duplicates -------------------------------------------------------------

    @abstractmethod
    def signatures(self, scheme: str) -> Iterator[tuple[str, bytes | None]]:
        """Each stored document's near-duplicate signature under ``scheme`` (None: none yet), oldest first."""

    @abstractmethod
    def set_signature(self, doc_id: str, scheme: str, signature: bytes) -> None:
        """Store a document's near-duplicate signature (replacing one of another scheme)."""

    @abstractmethod
    def document_text(self, doc_id: str) -> tuple[str, str | None] | None:
        """A stored document's text and title; None if there is no such document."""

    @abstractmethod
    def decide(self, target: str, action: str, user: str, value: Any = None) -> int:
        """Append a review decision; returns its id."""

    # -- read side ---------------------------------------------------------------

    @abstractmethod
    def stats(self) -> dict[str, int]:
        """Counts of documents, near-duplicates recorded as their extra locations, entities, mentions,
        relations, claims and events."""

    @abstractmethod
    def entities(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Entities with their mention and document counts, most mentioned first."""

    @abstractmethod
    def find_entities(self, name: str) -> list[EntityName]:
        """Entities whose name or alias folds to the same text as ``name``."""

    @abstractmethod
    def entity_profile(self, entity_id: str, limit: int | None = None, offset: int = 0,
                       exclude: Iterable[str] = (), exact: bool = False) -> dict[str, Any]:
        """An entity with aliases and members, and a page (``limit`` rows from ``offset``; None: all) of each of its
        lists: mentions, claims by and about it, relations, events. ``totals`` holds each list's length, counted up
        to a cap (10,000) unless ``exact``; ``capped`` names, as True, the lists longer than that, whose total is
        the cap. Rows naming an ``exclude`` id are left out of pages and totals."""

    @abstractmethod
    def entity_part(self, entity_id: str, part: str, limit: int | None = None, offset: int = 0,
                    exclude: Iterable[str] = ()) -> tuple[list[dict[str, Any]], int, bool]:
        """A page of one list of the entity's profile (``mentions``, ``claims_by``, ...), the list's length up to the
        cap, and whether the list is longer (its length then the cap)."""

    @abstractmethod
    def entity_history(self, entity_id: str) -> list[dict[str, Any]]:
        """Every decision (live or retracted) on the entity's members and on the claims and relations of its profile."""

    @abstractmethod
    def claims(self, about: str | None = None, by: str | None = None, stance: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Claims, filtered by the entity they are about, their claimant, and stance."""

    @abstractmethod
    def search(self, query: str, limit: int = 20, marks: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
        """Full-text search over documents, with snippets whose matches are wrapped in ``marks``."""

    # -- resolution ------------------------------------------------------------------

    @abstractmethod
    def resolution_records(self) -> list[Record]:
        """Every stored entity as a resolution record (names, type, country, context), oldest first."""

    @abstractmethod
    def decisions(self, actions: Iterable[str] | None = None) -> list[DecisionRow]:
        """Live review decisions, oldest first."""

    @abstractmethod
    def retract(self, decision_id: int) -> None:
        """Soft-delete a decision."""

    @abstractmethod
    def apply_resolution(self, resolution: Resolution, entities: int) -> None:
        """Write canonical ids and the review list of a resolution run."""

    @abstractmethod
    def merge_candidates(self, limit: int | None = None) -> list[MergeCandidate]:
        """Uncertain pairs not yet answered by a decision."""

    @abstractmethod
    def members(self, entity_id: str) -> list[str]:
        """Stored entities resolved into the same canonical entity."""

    # -- analysis ----------------------------------------------------------------------

    @abstractmethod
    def snapshot_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Canonical entities, documents, facts and events for analysis (unredacted: see analyse.snapshot)."""

    @abstractmethod
    def protection_rows(self) -> list[dict[str, Any]]:
        """Canonical entities with all their members' forms and ids, and whether protected (see analyse.redact)."""

    @abstractmethod
    def mentions_of(self, entity_ids: Iterable[str]) -> list[tuple[str, int, int, str]]:
        """(doc id, start, end, canonical id) of the mentions of the given canonical entities."""

    @abstractmethod
    def set_protected(self, entity_id: str, protected: bool) -> list[str]:
        """Mark an entity (all its members) protected or not."""

    # -- review of single facts and the workbench's reads ------------------------------------

    @abstractmethod
    def atomic(self) -> AbstractContextManager[None]:
        """A transaction around several writes: all of them or none."""

    @abstractmethod
    def fact(self, fact_id: str) -> dict[str, Any]:
        """One claim, relation, event or mention row with its ``kind``; NotFound if absent."""

    @abstractmethod
    def update_fact(self, fact_id: str, changes: dict[str, Any]) -> None:
        """Set review status or edited fields of one fact (the decision is stored separately)."""

    @abstractmethod
    def review_queue(self, kind: str, statuses: Iterable[str] = ("machine",), limit: int = 50,
                     offset: int = 0) -> list[dict[str, Any]]:
        """Claims or relations in the given review statuses, allegations and newest first."""

    @abstractmethod
    def replay_fact_decisions(self, doc_id: str | None = None, target: str | None = None) -> int:
        """Re-apply stored accept/reject/edit decisions and facts made by hand (of one document, or one fact)."""

    @abstractmethod
    def restore_fact(self, fact_id: str) -> None:
        """Give a fact back the machine's values and status; a fact made by hand leaves the store."""

    @abstractmethod
    def replay_entity_decisions(self) -> int:
        """Restore corrected entities to the machine's values, then apply the live entity corrections in order."""

    @abstractmethod
    def decision(self, decision_id: int) -> DecisionRow:
        """One decision, live or retracted; NotFound if absent."""

    @abstractmethod
    def oldest(self, entity_ids: Sequence[str]) -> str:
        """Of these stored entities, the first stored (it names a cluster they join)."""

    @abstractmethod
    def replay_hand_mentions(self, doc_id: str) -> None:
        """Put back the entities an analyst marked by hand in one document."""

    @abstractmethod
    def history(self, targets: Iterable[str]) -> list[DecisionRow]:
        """Every decision (live or retracted) on these ids, oldest first."""

    @abstractmethod
    def document(self, doc_id: str) -> dict[str, Any]:
        """A document with its text, locations, and the offsets of its mentions, claims, relations and events."""

    @abstractmethod
    def lookup_entities(self, query: str = "", type: str | None = None, country: str | None = None,
                        limit: int = 20) -> list[dict[str, Any]]:
        """Canonical entities whose name or an alias contains ``query`` (folded), most mentioned first."""

    @abstractmethod
    def facets(self) -> dict[str, dict[str, int]]:
        """Counts by entity type and country, document language, claim stance and review status."""

    @abstractmethod
    def revision(self) -> str:
        """A token that changes whenever the evidence or decisions change (cache key)."""

    # -- reference sets -------------------------------------------------------------------

    @abstractmethod
    def replace_reference_set(self, dataset: str, rows: Iterable[dict[str, Any]]) -> int:
        """Load a reference set (FtM entities), replacing any earlier one of that name; returns the row count."""

    @abstractmethod
    def reference_entities(self, dataset: str | None = None) -> Iterator[ReferenceEntity]:
        """Reference entities with ``names`` and ``countries`` decoded (``raw`` stays JSON text), streamed."""

    @abstractmethod
    def reference_sets(self) -> dict[str, int]:
        """Loaded reference sets and their sizes."""

    @abstractmethod
    def namespace_key(self) -> str:
        """The investigation's own key for signing exported FollowTheMoney ids; made once, on first use."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
