"""SQLite backend: one file per investigation, WAL, foreign keys, migrations, FTS5."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from threadline.errors import NotFound, StoreError
from threadline.model import Extraction
from threadline.model.names import fold
from threadline.model.records import content_id
from threadline.resolve import resolve_entity
from threadline.store.base import SaveResult, Store


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str]]:
    """Numbered SQL migrations shipped with the package, in order."""
    folder = resources.files("threadline.store").joinpath("migrations")
    out = []
    for item in folder.iterdir():
        if item.name.endswith(".sql"):
            out.append((int(item.name.split("_", 1)[0]), item.read_text("utf-8")))
    return sorted(out)


class SQLiteStore(Store):
    """The default store: an embedded SQLite file."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.migrate()

    # -- schema ------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply the migrations this file has not seen yet, each in its own transaction."""
        for number, sql in migrations():
            if number <= self.schema_version:
                continue
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                if number <= self.schema_version:  # another process migrated meanwhile
                    self.conn.execute("ROLLBACK")
                    continue
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                raise StoreError(f"migration {number} failed on {self.path}: {exc}") from exc

    # -- write side ----------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        row = self.conn.execute("SELECT extractor FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None and row["extractor"] is not None

    def add_location(self, doc_id: str, location: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO document_locations VALUES (?, ?, ?)", (doc_id, location, _now()))

    def save(self, extraction: Extraction) -> SaveResult:
        doc = extraction.document
        counts = {"mentions": 0, "relations": 0, "claims": 0, "events": 0, "entities": 0}
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            if self.has_document(doc.id):
                self.conn.execute("COMMIT")
                if doc.path or doc.url:
                    self.add_location(doc.id, doc.path or doc.url or "")
                return SaveResult(doc.id, False, counts)
            self._save(extraction, counts)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        return SaveResult(doc.id, True, counts)

    def _save(self, ex: Extraction, counts: dict[str, int]) -> None:
        doc, x = ex.document, self.conn
        x.execute("DELETE FROM documents WHERE id = ?", (doc.id,))  # a row never fully extracted; fires the FTS trigger
        x.execute(
            "INSERT INTO documents (id, path, url, title, publisher, published, language, text, meta, extractor, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.path, doc.url, doc.title, doc.publisher, doc.published,
             ex.extractor.get("language") or doc.language, doc.text,
             json.dumps(doc.meta, default=str, ensure_ascii=False), ex.extractor.get("version") or "unknown", _now()),
        )
        if doc.path or doc.url:
            self.add_location(doc.id, doc.path or doc.url or "")
        ids: dict[str, str] = {}
        for entity in ex.entities:
            match = resolve_entity(entity, self._lookup)
            ids[entity.name] = match.entity_id
            if match.reason != "alias":
                cur = x.execute(
                    "INSERT OR IGNORE INTO entities (id, type, name, country, kind, gazetteer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (match.entity_id, entity.type, entity.name, entity.country, entity.kind, entity.gazetteer_id, _now()),
                )
                counts["entities"] += cur.rowcount
            for form in (entity.name, *entity.aliases):
                x.execute("INSERT OR IGNORE INTO aliases VALUES (?, ?, ?, ?)", (match.entity_id, form, fold(form), doc.id))
        for m in ex.mentions:
            ev = m.evidence
            mid = content_id(doc.id, ev.start, ev.end, ids[m.entity], prefix="men-")
            counts["mentions"] += x.execute(
                "INSERT OR IGNORE INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine')",
                (mid, ids[m.entity], doc.id, ev.start, ev.end, m.text, ev.sentence, m.source, ev.extractor, ev.version),
            ).rowcount
        for r in ex.relations:
            ev = r.evidence
            rid = content_id(doc.id, ids[r.subject], r.predicate, ids[r.object], ev.start, prefix="rel-")
            counts["relations"] += x.execute(
                "INSERT OR IGNORE INTO relations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine')",
                (rid, ids[r.subject], r.predicate, ids[r.object], doc.id, ev.start, ev.end, ev.sentence, ev.extractor, ev.version),
            ).rowcount
        for c in ex.claims:
            ev = c.evidence
            claimant = ids.get(c.claimant) if c.claimant else None
            cid = content_id(doc.id, claimant, c.stance, ev.start, prefix="clm-")
            counts["claims"] += x.execute(
                "INSERT OR IGNORE INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine')",
                (cid, claimant, c.stance, c.text, c.cue, doc.id, ev.start, ev.end, ev.sentence, ev.extractor, ev.version),
            ).rowcount
            for name in c.about:
                x.execute("INSERT OR IGNORE INTO claim_about VALUES (?, ?)", (cid, ids[name]))
        for v in ex.events:
            ev = v.evidence
            vid = content_id(doc.id, v.date, ev.start, prefix="evt-")
            counts["events"] += x.execute(
                "INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine')",
                (vid, v.what, v.date, v.precision, int(v.anchored), doc.id, ev.start, ev.end, ev.sentence, ev.extractor, ev.version),
            ).rowcount
            for name in v.entities:
                x.execute("INSERT OR IGNORE INTO event_entities VALUES (?, ?)", (vid, ids[name]))

    def _lookup(self, type_: str, forms: Iterable[str]) -> str | None:
        """A stored entity of this type holding one of the forms; the first form (the name) wins ties."""
        forms = list(forms)
        if not forms:
            return None
        marks = ",".join("?" * len(forms))
        row = self.conn.execute(
            f"SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id"
            f" WHERE e.type = ? AND a.folded IN ({marks})"
            f" ORDER BY a.folded = ? DESC, a.alias = e.name DESC, e.rowid LIMIT 1",
            (type_, *forms, forms[0]),
        ).fetchone()
        return row[0] if row else None

    def decide(self, target: str, action: str, user: str, value: Any = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO decisions (target, action, value, user, created_at) VALUES (?, ?, ?, ?, ?)",
            (target, action, json.dumps(value) if value is not None else None, user, _now()),
        )
        return int(cur.lastrowid or 0)

    # -- read side -----------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        tables = ["documents", "entities", "mentions", "relations", "claims", "events"]
        return {t: int(self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}

    def entities(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        sql = (
            "SELECT e.id, e.type, e.name, e.country, e.protected,"
            " (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions,"
            " (SELECT count(DISTINCT m.doc_id) FROM mentions m WHERE m.entity_id = e.id) AS documents,"
            " (SELECT group_concat(a.alias, ' | ') FROM aliases a WHERE a.entity_id = e.id AND a.folded != lower(e.name)) AS aliases"
            " FROM entities e"
        )
        args: list[Any] = []
        if type:
            sql += " WHERE e.type = ?"
            args.append(type.upper())
        sql += " ORDER BY mentions DESC, e.name"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.conn.execute(sql, args)]

    def find_entities(self, name: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT DISTINCT e.id, e.type, e.name FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.folded = ?"
            " ORDER BY (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) DESC",
            (fold(name),),
        ).fetchall()
        return [dict(r) for r in rows]

    def entity_profile(self, entity_id: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFound(f"no entity with id {entity_id}")
        q = self.conn.execute
        profile = dict(row)
        profile["aliases"] = [r[0] for r in q("SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias", (entity_id,))]
        profile["mentions"] = [dict(r) for r in q(
            "SELECT m.text, m.sentence, m.start, m.end, m.status, d.id AS doc_id, d.title, d.path, d.publisher, d.published"
            " FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ? ORDER BY d.published, d.id, m.start",
            (entity_id,))]
        profile["claims_by"] = self.claims(by_id=entity_id)
        profile["claims_about"] = self.claims(about_id=entity_id)
        profile["relations"] = [dict(r) for r in q(
            "SELECT r.id, s.name AS subject, r.predicate, o.name AS object, r.sentence, r.status,"
            " d.title, d.path, d.publisher, d.published FROM relations r"
            " JOIN entities s ON s.id = r.subject_id JOIN entities o ON o.id = r.object_id JOIN documents d ON d.id = r.doc_id"
            " WHERE r.subject_id = ? OR r.object_id = ? ORDER BY d.published, r.start", (entity_id, entity_id))]
        profile["events"] = [dict(r) for r in q(
            "SELECT v.id, v.what, v.date, v.precision, v.sentence, d.title, d.path FROM events v"
            " JOIN event_entities ee ON ee.event_id = v.id JOIN documents d ON d.id = v.doc_id"
            " WHERE ee.entity_id = ? ORDER BY v.date", (entity_id,))]
        return profile

    def claims(self, about: str | None = None, by: str | None = None, stance: str | None = None,
               limit: int | None = None, *, about_id: str | None = None, by_id: str | None = None) -> list[dict[str, Any]]:
        where, args = [], []
        if about:
            where.append("c.id IN (SELECT ca.claim_id FROM claim_about ca JOIN aliases a ON a.entity_id = ca.entity_id WHERE a.folded = ?)")
            args.append(fold(about))
        if about_id:
            where.append("c.id IN (SELECT claim_id FROM claim_about WHERE entity_id = ?)")
            args.append(about_id)
        if by:
            where.append("c.claimant_id IN (SELECT entity_id FROM aliases WHERE folded = ?)")
            args.append(fold(by))
        if by_id:
            where.append("c.claimant_id = ?")
            args.append(by_id)
        if stance:
            where.append("c.stance = ?")
            args.append(stance)
        sql = (
            "SELECT c.id, c.stance, c.text, c.sentence, c.status, c.start, c.end, e.name AS claimant, e.id AS claimant_id,"
            " d.id AS doc_id, d.title, d.path, d.publisher, d.published,"
            " (SELECT group_concat(x.name, ' | ') FROM claim_about ca JOIN entities x ON x.id = ca.entity_id WHERE ca.claim_id = c.id) AS about"
            " FROM claims c LEFT JOIN entities e ON e.id = c.claimant_id JOIN documents d ON d.id = c.doc_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.published, d.id, c.start"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.conn.execute(sql, args)]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        try:
            rows = self.conn.execute(
                "SELECT d.id, d.title, d.path, d.publisher, d.published,"
                " snippet(documents_fts, 1, '[', ']', ' … ', 16) AS snippet"
                " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
                " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
                (_fts_query(query), limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot search for {query!r}: {exc}") from exc
        return [dict(r) for r in rows]

    def close(self) -> None:
        self.conn.close()


def _fts_query(query: str) -> str:
    """Quote each word so user text never becomes FTS5 syntax by accident."""
    words = [w.replace('"', '""') for w in query.split() if w.strip()]
    return " ".join(f'"{w}"' for w in words) or '""'


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out, buf = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out
