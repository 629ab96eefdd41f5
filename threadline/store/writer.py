"""The write side: a document and its facts saved in one transaction, review decisions, resolution runs.

Reads live in the modules named for what they read (documents, entities, facts, review, reference); corrections
(the effect of decisions on the rows) in :mod:`threadline.store.entity_corrections` and
:mod:`threadline.store.fact_corrections`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from threadline.errors import NotFound
from threadline.model import SCHEMA, Extraction
from threadline.model.names import fold
from threadline.model.records import content_id
from threadline.model.resolution import EntityResolver, Resolution
from threadline.store.base import SaveResult
from threadline.store.shared import SQLBase, marks, now

_ROWS_PER_INSERT = 100  # rows in one INSERT: a few statements per document, well inside SQLite's 32,766 variables
# folded form -> the stored entities holding it: (id, type, machine type, the form is its name, rowid)
_StoredNames = dict[str, list[tuple[str, str, str | None, bool, int]]]
_PREFIX = {name: kind.prefix for name, kind in SCHEMA.fact_kinds.items()}  # id prefix per kind of fact (schema/facts.yaml)


class Writer(SQLBase):
    """Saves documents, appends and retracts decisions, writes resolution runs and protection flags."""

    def has_document(self, doc_id: str) -> bool:
        row = self._run("SELECT extractor FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None and row["extractor"] is not None

    def add_location(self, doc_id: str, location: str, similarity: float | None = None, note: str | None = None) -> None:
        self._run(
            "INSERT INTO document_locations (doc_id, location, seen_at, similarity, note) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (doc_id, location, now(), similarity, note))

    def set_signature(self, doc_id: str, scheme: str, signature: bytes) -> None:
        self._run(
            "INSERT INTO document_signatures (doc_id, scheme, signature) VALUES (?, ?, ?)"
            " ON CONFLICT (doc_id) DO UPDATE SET scheme = excluded.scheme, signature = excluded.signature",
            (doc_id, scheme, signature))

    def save(self, extraction: Extraction, signature: tuple[str, bytes] | None = None, *,
             resolve: EntityResolver) -> SaveResult:
        doc = extraction.document
        counts = {"mentions": 0, "relations": 0, "claims": 0, "events": 0, "entities": 0}
        with self.atomic():
            stored = self.has_document(doc.id)
            if not stored:
                tally: list[tuple[str, Any]] = []
                with self.pipelined():  # PostgreSQL: one round trip per lookup, not one per row
                    self._save(extraction, resolve, tally)
                for key, cursor in tally:  # row counts are known once the pipeline is through
                    counts[key] += cursor.rowcount
                self.replay_hand_mentions(doc.id)   # an analyst's corrections outlive a re-extraction
                self.replay_fact_decisions(doc.id)
                if signature is not None:
                    self.set_signature(doc.id, *signature)
        if stored:
            if doc.path or doc.url:
                self.add_location(doc.id, doc.path or doc.url or "")
            return SaveResult(doc.id, False, counts)
        return SaveResult(doc.id, True, counts)

    def _save(self, ex: Extraction, resolve: EntityResolver, tally: list[tuple[str, Any]]) -> None:
        """The rows of a new document; each insert's cursor goes to ``tally`` under what it counts."""
        doc, x = ex.document, self._run
        x("DELETE FROM documents WHERE id = ?", (doc.id,))  # a row never fully extracted (SQLite: fires the FTS trigger)
        x("INSERT INTO documents (id, path, url, title, publisher, published, date_source, language, text, meta, extractor,"
          " added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          (doc.id, doc.path, doc.url, doc.title, doc.publisher, doc.published, doc.date_source,
           ex.extractor.get("language") or doc.language, doc.text,
           json.dumps(doc.meta, default=str, ensure_ascii=False), ex.extractor.get("version") or "unknown", now()))
        if doc.path or doc.url:
            self.add_location(doc.id, doc.path or doc.url or "")
        ids = self._save_entities(ex, resolve, tally)
        self._save_mentions_and_relations(ex, ids, tally)
        self._save_claims_and_events(ex, ids, tally)

    def _save_entities(self, ex: Extraction, resolve: EntityResolver, tally: list[tuple[str, Any]]) -> dict[str, str]:
        """Each extracted entity's row (unless it resolves to a stored one by a shared name) and its names; returns
        the stored id of each entity name.

        The stored names the document's entities could join are read in one query, not one per entity (each
        look-up is a round trip the pipeline must wait for). A look-up for a form that an earlier entity of the
        same document wrote goes to the store itself, after that entity's rows, so it sees them as before."""
        doc = ex.document
        ids: dict[str, str] = {}
        stored = self._stored_names(ex)
        written: set[str] = set()  # folded forms this document's entities have given the store so far
        entity_rows: list[tuple[Any, ...]] = []
        alias_rows: list[tuple[Any, ...]] = []

        def flush() -> None:
            self._insert("INSERT INTO entities (id, type, name, country, kind, gazetteer, created_at)", entity_rows,
                         tally, "entities")
            self._insert("INSERT INTO aliases (entity_id, alias, folded, doc_id)", alias_rows)
            entity_rows.clear()
            alias_rows.clear()

        def lookup(type_: str, forms: Iterable[str]) -> str | None:
            forms = list(forms)
            if written.isdisjoint(forms):
                return _best_stored(stored, type_, forms)
            flush()
            return self._lookup(type_, forms)

        for entity in ex.entities:
            match = resolve(entity, lookup)  # inside the write transaction: sees the entities saved before
            ids[entity.name] = match.entity_id
            if match.reason != "alias":
                entity_rows.append((match.entity_id, entity.type, entity.name, entity.country, entity.kind,
                                    entity.gazetteer_id, now()))
            for form in (entity.name, *entity.aliases):
                alias_rows.append((match.entity_id, form, fold(form), doc.id))
                written.add(fold(form))
        flush()
        return ids

    def _stored_names(self, ex: Extraction) -> _StoredNames:
        """Stored entities holding a folded form of the document's entities: form -> (id, type, machine type, the
        form is the entity's name, rowid), what :meth:`_lookup` ranks by."""
        forms = sorted({f for e in ex.entities if not e.gazetteer_id for f in (fold(x) for x in (e.name, *e.aliases)) if f})
        out: _StoredNames = {}
        if not forms:
            return out
        machine_type = self.dialect.json("e.machine", "type")
        for row in self._run(
                f"SELECT a.folded, a.entity_id, e.type, {machine_type}, a.alias = e.name, e.rowid"
                f" FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.folded IN ({marks(forms)})",
                forms).fetchall():
            out.setdefault(row[0], []).append((row[1], row[2], row[3], bool(row[4]), int(row[5])))
        return out

    def _save_mentions_and_relations(self, ex: Extraction, ids: dict[str, str], tally: list[tuple[str, Any]]) -> None:
        doc = ex.document
        mentions = []
        for m in ex.mentions:
            ev = m.evidence
            mid = content_id(doc.id, ev.start, ev.end, ids[m.entity], prefix=_PREFIX["mention"])
            mentions.append((mid, ids[m.entity], doc.id, ev.start, ev.end, m.text, ev.sentence, m.source, ev.extractor,
                             ev.version, "machine"))
        self._insert('INSERT INTO mentions (id, entity_id, doc_id, start, "end", text, sentence, source, extractor,'
                     " version, status)", mentions, tally, "mentions")
        relations = []
        for r in ex.relations:
            ev = r.evidence
            rid = content_id(doc.id, ids[r.subject], r.predicate, ids[r.object], ev.start, prefix=_PREFIX["relation"])
            relations.append((rid, ids[r.subject], r.predicate, ids[r.object], doc.id, ev.start, ev.end, ev.sentence,
                              ev.extractor, ev.version, "machine"))
        self._insert('INSERT INTO relations (id, subject_id, predicate, object_id, doc_id, start, "end", sentence,'
                     " extractor, version, status)", relations, tally, "relations")

    def _save_claims_and_events(self, ex: Extraction, ids: dict[str, str], tally: list[tuple[str, Any]]) -> None:
        doc = ex.document
        claims, about = [], []
        for c in ex.claims:
            ev = c.evidence
            claimant = ids.get(c.claimant) if c.claimant else None
            cid = content_id(doc.id, claimant, c.stance, ev.start, *((c.source,) if c.source else ()), prefix=_PREFIX["claim"])
            claims.append((cid, claimant, c.source, c.stance, c.text, c.cue, doc.id, ev.start, ev.end, ev.sentence,
                           ev.extractor, ev.version, "machine"))
            about += [(cid, ids[name]) for name in c.about]
        self._insert('INSERT INTO claims (id, claimant_id, source, stance, text, cue, doc_id, start, "end", sentence,'
                     " extractor, version, status)", claims, tally, "claims")
        self._insert("INSERT INTO claim_about (claim_id, entity_id)", about)
        events, links = [], []
        for v in ex.events:
            ev = v.evidence
            vid = content_id(doc.id, v.date, ev.start, prefix=_PREFIX["event"])
            events.append((vid, v.what, v.date, v.precision, int(v.anchored), doc.id, ev.start, ev.end, ev.sentence,
                           ev.extractor, ev.version, "machine"))
            links += [(vid, ids[name]) for name in v.entities]
        self._insert('INSERT INTO events (id, what, date, precision, anchored, doc_id, start, "end", sentence,'
                     " extractor, version, status)", events, tally, "events")
        self._insert("INSERT INTO event_entities (event_id, entity_id)", links)

    def _insert(self, head: str, rows: list[tuple[Any, ...]], tally: list[tuple[str, Any]] | None = None,
                counts: str | None = None) -> None:
        """Rows as multi-row INSERTs (``head`` names the table and columns), a row already there left alone: a
        document's rows of one table in one statement, where one each cost a statement's round of work in the
        client and the server. Their cursors go to ``tally`` under ``counts``."""
        if not rows:
            return
        row = "(" + ", ".join("?" * len(rows[0])) + ")"
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[start:start + _ROWS_PER_INSERT]
            cursor = self._run(f"{head} VALUES {', '.join([row] * len(chunk))} ON CONFLICT DO NOTHING",
                               [value for r in chunk for value in r])
            if tally is not None and counts is not None:
                tally.append((counts, cursor))

    def _lookup(self, type_: str, forms: Iterable[str]) -> str | None:
        """A stored entity of this type holding one of the forms; the first form (the name) wins ties."""
        forms = list(forms)
        if not forms:
            return None
        machine_type = self.dialect.json("e.machine", "type")  # an entity an analyst retyped still catches its old type
        row = self._run(
            "SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id"
            f" WHERE (e.type = ? OR {machine_type} = ?) AND a.folded IN ({marks(forms)})"
            " ORDER BY a.folded = ? DESC, a.alias = e.name DESC, e.rowid LIMIT 1",
            (type_, type_, *forms, forms[0]),
        ).fetchone()
        return row[0] if row else None

    def decide(self, target: str, action: str, user: str, value: Any = None) -> int:
        row = self._run(
            'INSERT INTO decisions (target, action, value, "user", created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
            (target, action, json.dumps(value) if value is not None else None, user, now()),
        ).fetchall()[0]  # fetch to the end: SQLite commits a RETURNING statement only when it is done
        return int(row[0])

    def retract(self, decision_id: int) -> None:
        """Soft-delete a decision: it stays on record but no longer applies."""
        cur = self._run("UPDATE decisions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", (now(), decision_id))
        if cur.rowcount == 0:
            raise NotFound(f"no live decision {decision_id}")

    def apply_resolution(self, resolution: Resolution, entities: int) -> None:
        """Write canonical ids and the review list of a resolution run, in one transaction."""
        with self.atomic():
            changes = [(None if c == e else c, e, None if c == e else c) for e, c in resolution.canonical.items()]
            self._run_many("UPDATE entities SET canonical_id = ? WHERE id = ? AND canonical_id IS DISTINCT FROM ?", changes)
            self._run("DELETE FROM merge_candidates")
            self._run_many(
                "INSERT INTO merge_candidates (a, b, score, explanation) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (a, b) DO UPDATE SET score = excluded.score, explanation = excluded.explanation",
                [(p.a, p.b, p.score, "; ".join(p.explanations)) for p in resolution.review],
            )
            self._run(
                "INSERT INTO resolution_runs (at, entities, compared, merged_machine, merged_judgement, review, refused)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (now(), entities, resolution.compared, resolution.merged_by_machine, resolution.merged_by_judgement,
                 len(resolution.review), resolution.refused),
            )
            self.replay_entity_decisions()  # renames land on the cluster's canonical row as it now is

    def set_protected(self, entity_id: str, protected: bool) -> list[str]:
        """Mark every stored member of an entity protected (or not); returns the member ids."""
        members = self.members(entity_id)
        if not members:
            raise NotFound(f"no entity with id {entity_id}")
        self._run(f"UPDATE entities SET protected = ? WHERE id IN ({marks(members)})", (int(protected), *members))
        return members

    def namespace_key(self) -> str:
        """A random key kept in ``settings``: random, so that no one can recompute another investigation's ids."""
        self._run("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                  ("ftm_namespace", secrets.token_hex(16)))
        return str(self._run("SELECT value FROM settings WHERE name = ?", ("ftm_namespace",)).fetchone()[0])


def _best_stored(stored: _StoredNames, type_: str, forms: list[str]) -> str | None:
    """What :meth:`Writer._lookup` would answer, from the rows :meth:`Writer._stored_names` read: an entity of the
    type (or once of it, before an analyst retyped it) holding a form; the first form, then the entity's own
    name, then the oldest entity first."""
    best: tuple[bool, bool, int] | None = None
    found = None
    for form in dict.fromkeys(forms):
        for entity_id, type_now, machine_type, named, rowid in stored.get(form, ()):
            if type_now != type_ and machine_type != type_:
                continue
            key = (form != forms[0], not named, rowid)
            if best is None or key < best:
                best, found = key, entity_id
    return found
