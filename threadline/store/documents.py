"""Reads of documents: one with its facts' offsets, texts and signatures, counts, facets, the revision."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from threadline.errors import NotFound
from threadline.store.shared import SQLBase


class DocumentReads(SQLBase):
    """What the store holds, by document, and counted."""

    def document(self, doc_id: str) -> dict[str, Any]:
        row = self._run(
            "SELECT id, path, url, title, publisher, published, date_source, language, text, meta, extractor, added_at"
            " FROM documents WHERE id = ?",
            (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document with id {doc_id}")
        q = self._run
        out = {**dict(row), "meta": json.loads(row["meta"] or "{}")}
        out["locations"] = [r[0] for r in q("SELECT location FROM document_locations WHERE doc_id = ? ORDER BY seen_at, rowid",
                                            (doc_id,))]
        out["mentions"] = [dict(r) for r in q(
            'SELECT m.id, m.start, m."end", m.text, m.status, m.source, e.id AS entity_id, e.name AS entity, e.type, e.protected,'
            " e.rejected"
            " FROM mentions m JOIN canon k ON k.id = m.entity_id JOIN entities e ON e.id = k.cid WHERE m.doc_id = ?"
            " ORDER BY m.start, m.rowid", (doc_id,))]
        out["claims"] = [dict(r) for r in q(
            'SELECT c.id, c.start, c."end", c.stance, c.text, c.status, c.extractor, e.id AS claimant_id, e.name AS claimant'
            " FROM claims c LEFT JOIN canon k ON k.id = c.claimant_id LEFT JOIN entities e ON e.id = k.cid WHERE c.doc_id = ?"
            " ORDER BY c.start, c.rowid", (doc_id,))]
        out["relations"] = [dict(r) for r in q(
            'SELECT r.id, r.start, r."end", s.name AS subject, r.predicate, o.name AS object, r.status, r.extractor FROM relations r'
            " JOIN canon ks ON ks.id = r.subject_id JOIN entities s ON s.id = ks.cid"
            " JOIN canon ko ON ko.id = r.object_id JOIN entities o ON o.id = ko.cid WHERE r.doc_id = ? ORDER BY r.start, r.rowid",
            (doc_id,))]
        out["events"] = [dict(r) for r in q(
            'SELECT id, start, "end", what, date, precision, status FROM events WHERE doc_id = ? ORDER BY start, rowid', (doc_id,))]
        out["entities"] = [dict(r) for r in q(
            "SELECT e.id, e.name, e.type, e.country, e.protected, e.rejected, count(*) AS mentions FROM mentions m"
            " JOIN canon k ON k.id = m.entity_id"
            " JOIN entities e ON e.id = k.cid WHERE m.doc_id = ? GROUP BY e.id ORDER BY mentions DESC, e.name, e.rowid", (doc_id,))]
        return out

    def document_text(self, doc_id: str) -> tuple[str, str | None] | None:
        row = self._run("SELECT text, title FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def signatures(self, scheme: str) -> Iterator[tuple[str, bytes | None]]:
        rows = self._run(
            "SELECT d.id, s.signature FROM documents d LEFT JOIN document_signatures s ON s.doc_id = d.id AND s.scheme = ?"
            " WHERE d.extractor IS NOT NULL ORDER BY d.rowid", (scheme,)).fetchall()
        for row in rows:
            yield row[0], None if row[1] is None else bytes(row[1])

    def stats(self) -> dict[str, int]:
        tables = ["documents", "entities", "mentions", "relations", "claims", "events"]
        counts = {t: int(self._run(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}
        near = self._run("SELECT count(*) FROM document_locations WHERE similarity IS NOT NULL").fetchone()[0]
        canonical = self._run("SELECT count(*) FROM entities WHERE canonical_id IS NULL").fetchone()[0]
        extracted = counts.pop("entities")  # every entity extraction made, merged ones included
        return {"documents": counts.pop("documents"), "near_duplicates": int(near), "entities": int(canonical),
                "extracted_entities": extracted, **counts}

    def facets(self) -> dict[str, dict[str, int]]:
        q = self._run
        return {
            "type": {r[0]: r[1] for r in q("SELECT type, count(*) FROM entities WHERE canonical_id IS NULL AND rejected = 0"
                                            " GROUP BY type ORDER BY 2 DESC, 1")},
            "country": {r[0]: r[1] for r in q("SELECT country, count(*) FROM entities WHERE canonical_id IS NULL AND rejected = 0"
                                               " AND country IS NOT NULL"
                                               " GROUP BY country ORDER BY 2 DESC, 1")},
            "language": {r[0]: r[1] for r in q("SELECT coalesce(language, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1")},
            "stance": {r[0]: r[1] for r in q("SELECT stance, count(*) FROM claims GROUP BY stance ORDER BY 2 DESC, 1")},
            "status": {r[0]: r[1] for r in q("SELECT status, count(*) FROM (SELECT status FROM claims UNION ALL SELECT status FROM relations) s"
                                              " GROUP BY status ORDER BY 2 DESC, 1")},
        }

    def revision(self) -> str:
        """Changes whenever documents, decisions or resolution change: a cache key for derived views."""
        row = self._run(
            "SELECT (SELECT count(*) FROM documents), (SELECT coalesce(max(id), 0) FROM decisions),"
            " (SELECT coalesce(max(id), 0) FROM resolution_runs), (SELECT count(*) FROM decisions WHERE deleted_at IS NOT NULL)"
        ).fetchone()
        return "-".join(str(v) for v in row)
