"""SQLite backend: one file per investigation, WAL, foreign keys, migrations, FTS5."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from threadline.errors import InputError, NotFound, StoreError
from threadline.model import Extraction
from threadline.model.names import fold
from threadline.model.records import content_id
from threadline.resolve import resolve_entity
from threadline.resolve.cluster import Resolution
from threadline.resolve.compare import Record
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
            # check_same_thread off: a web request may open the store in one worker thread and use it in another
            # (never two at once); each request has its own connection.
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
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
            self.replay_fact_decisions(doc.id)  # an analyst's accept/reject/edit outlives a re-extraction
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
            "SELECT ce.id, ce.type, ce.name, ce.country, ce.protected,"
            " count(m.id) AS mentions, count(DISTINCT m.doc_id) AS documents,"
            " (SELECT group_concat(alias, ' | ') FROM (SELECT DISTINCT a.alias FROM aliases a JOIN canon k2 ON k2.id = a.entity_id"
            "   WHERE k2.cid = ce.id AND a.alias != ce.name ORDER BY a.alias)) AS aliases,"
            " (SELECT count(*) FROM canon k3 WHERE k3.cid = ce.id) AS members"
            " FROM entities ce JOIN canon k ON k.cid = ce.id LEFT JOIN mentions m ON m.entity_id = k.id"
            " WHERE ce.canonical_id IS NULL"
        )
        args: list[Any] = []
        if type:
            sql += " AND ce.type = ?"
            args.append(type.upper())
        sql += " GROUP BY ce.id ORDER BY mentions DESC, ce.name"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.conn.execute(sql, args)]

    def find_entities(self, name: str) -> list[dict[str, Any]]:
        if name.startswith("ent-"):
            rows = self.conn.execute(
                "SELECT e.id, e.type, e.name FROM canon k JOIN entities e ON e.id = k.cid WHERE k.id = ?", (name,)).fetchall()
            return [dict(r) for r in rows]
        rows = self.conn.execute(
            "SELECT DISTINCT e.id, e.type, e.name FROM aliases a JOIN canon k ON k.id = a.entity_id JOIN entities e ON e.id = k.cid"
            " WHERE a.folded = ?"
            " ORDER BY (SELECT count(*) FROM mentions m JOIN canon k2 ON k2.id = m.entity_id WHERE k2.cid = e.id) DESC",
            (fold(name),),
        ).fetchall()
        return [dict(r) for r in rows]

    def members(self, entity_id: str) -> list[str]:
        """Ids of the stored entities resolved into the same canonical entity, oldest first."""
        return [r[0] for r in self.conn.execute(
            "SELECT k.id FROM canon k JOIN entities e ON e.id = k.id WHERE k.cid = (SELECT cid FROM canon WHERE id = ?) ORDER BY e.rowid",
            (entity_id,))]

    def entity_profile(self, entity_id: str) -> dict[str, Any]:
        cid = self.conn.execute("SELECT cid FROM canon WHERE id = ?", (entity_id,)).fetchone()
        if cid is None:
            raise NotFound(f"no entity with id {entity_id}")
        row = self.conn.execute("SELECT * FROM entities WHERE id = ?", (cid[0],)).fetchone()
        q = self.conn.execute
        members = "(SELECT id FROM canon WHERE cid = :cid)"
        args = {"cid": cid[0]}
        profile = dict(row)
        profile["members"] = self.members(cid[0])
        profile["aliases"] = [r[0] for r in q(f"SELECT DISTINCT alias FROM aliases WHERE entity_id IN {members} ORDER BY alias", args)]
        profile["mentions"] = [dict(r) for r in q(
            "SELECT m.text, m.sentence, m.start, m.end, m.status, d.id AS doc_id, d.title, d.path, d.publisher, d.published"
            f" FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity_id IN {members} ORDER BY d.published, d.id, m.start",
            args)]
        profile["claims_by"] = self.claims(by_id=cid[0])
        profile["claims_about"] = self.claims(about_id=cid[0])
        profile["relations"] = [dict(r) for r in q(
            "SELECT r.id, s.name AS subject, r.predicate, o.name AS object, r.sentence, r.status,"
            " d.title, d.path, d.publisher, d.published FROM relations r"
            " JOIN canon ks ON ks.id = r.subject_id JOIN entities s ON s.id = ks.cid"
            " JOIN canon ko ON ko.id = r.object_id JOIN entities o ON o.id = ko.cid JOIN documents d ON d.id = r.doc_id"
            f" WHERE r.subject_id IN {members} OR r.object_id IN {members} ORDER BY d.published, r.start", args)]
        profile["events"] = [dict(r) for r in q(
            "SELECT DISTINCT v.id, v.what, v.date, v.precision, v.sentence, d.title, d.path FROM events v"
            " JOIN event_entities ee ON ee.event_id = v.id JOIN documents d ON d.id = v.doc_id"
            f" WHERE ee.entity_id IN {members} ORDER BY v.date", args)]
        return profile

    def claims(self, about: str | None = None, by: str | None = None, stance: str | None = None,
               limit: int | None = None, *, about_id: str | None = None, by_id: str | None = None) -> list[dict[str, Any]]:
        where, args = [], []
        by_name = ("(SELECT k2.id FROM aliases a JOIN canon k ON k.id = a.entity_id JOIN canon k2 ON k2.cid = k.cid"
                   " WHERE a.folded = ?)")
        by_entity = "(SELECT id FROM canon WHERE cid = (SELECT cid FROM canon WHERE id = ?))"
        if about:
            where.append(f"c.id IN (SELECT claim_id FROM claim_about WHERE entity_id IN {by_name})")
            args.append(fold(about))
        if about_id:
            where.append(f"c.id IN (SELECT claim_id FROM claim_about WHERE entity_id IN {by_entity})")
            args.append(about_id)
        if by:
            where.append(f"c.claimant_id IN {by_name}")
            args.append(fold(by))
        if by_id:
            where.append(f"c.claimant_id IN {by_entity}")
            args.append(by_id)
        if stance:
            where.append("c.stance = ?")
            args.append(stance)
        sql = (
            "SELECT c.id, c.stance, c.text, c.sentence, c.status, c.start, c.end, e.name AS claimant, e.id AS claimant_id,"
            " d.id AS doc_id, d.title, d.path, d.publisher, d.published,"
            " (SELECT group_concat(name, ' | ') FROM (SELECT DISTINCT x.name FROM claim_about ca JOIN canon kx ON kx.id = ca.entity_id"
            "   JOIN entities x ON x.id = kx.cid WHERE ca.claim_id = c.id)) AS about"
            " FROM claims c LEFT JOIN canon kc ON kc.id = c.claimant_id LEFT JOIN entities e ON e.id = kc.cid"
            " JOIN documents d ON d.id = c.doc_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.published, d.id, c.start"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.conn.execute(sql, args)]

    # -- resolution ------------------------------------------------------------------

    def resolution_records(self) -> list[Record]:
        """Every stored entity as a resolution record, oldest first, with co-mentioned entities as context."""
        neighbours: dict[str, set[str]] = {}
        for a, b in self.conn.execute(
            "SELECT DISTINCT m1.entity_id, m2.entity_id FROM mentions m1 JOIN mentions m2"
            " ON m1.doc_id = m2.doc_id AND m1.entity_id != m2.entity_id"
        ):
            neighbours.setdefault(a, set()).add(b)
        names: dict[str, list[str]] = {}
        for entity_id, alias in self.conn.execute("SELECT entity_id, alias FROM aliases ORDER BY rowid"):
            names.setdefault(entity_id, []).append(alias)
        out = []
        for row in self.conn.execute("SELECT id, type, name, country, gazetteer FROM entities ORDER BY rowid"):
            forms = tuple(dict.fromkeys([row["name"], *names.get(row["id"], [])]))
            out.append(Record(row["id"], row["type"], forms, row["country"], row["gazetteer"],
                              frozenset(neighbours.get(row["id"], ()))))
        return out

    def decisions(self, actions: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Live (not retracted) review decisions, oldest first."""
        sql = "SELECT * FROM decisions WHERE deleted_at IS NULL"
        args: list[Any] = []
        if actions:
            acts = list(actions)
            sql += f" AND action IN ({','.join('?' * len(acts))})"
            args.extend(acts)
        rows = []
        for r in self.conn.execute(sql + " ORDER BY id", args):
            row = dict(r)
            row["value"] = json.loads(row["value"]) if row["value"] else None
            rows.append(row)
        return rows

    def retract(self, decision_id: int) -> None:
        """Soft-delete a decision: it stays on record but no longer applies."""
        cur = self.conn.execute("UPDATE decisions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", (_now(), decision_id))
        if cur.rowcount == 0:
            raise NotFound(f"no live decision {decision_id}")

    def apply_resolution(self, resolution: Resolution, entities: int) -> None:
        """Write canonical ids and the review list of a resolution run, in one transaction."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "UPDATE entities SET canonical_id = ? WHERE id = ? AND canonical_id IS NOT ?",
                [(None if c == e else c, e, None if c == e else c) for e, c in resolution.canonical.items()],
            )
            self.conn.execute("DELETE FROM merge_candidates")
            self.conn.executemany(
                "INSERT OR REPLACE INTO merge_candidates VALUES (?, ?, ?, ?)",
                [(p.a, p.b, p.score, "; ".join(p.explanations)) for p in resolution.review],
            )
            self.conn.execute(
                "INSERT INTO resolution_runs (at, entities, compared, merged_machine, merged_judgement, review, refused)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_now(), entities, resolution.compared, resolution.merged_by_machine, resolution.merged_by_judgement,
                 len(resolution.review), resolution.refused),
            )
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def merge_candidates(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Uncertain pairs from the last resolution run that no live decision has answered, best first."""
        sql = (
            "SELECT mc.a, mc.b, mc.score, mc.explanation, ea.name AS name_a, eb.name AS name_b, ea.type"
            " FROM merge_candidates mc JOIN entities ea ON ea.id = mc.a JOIN entities eb ON eb.id = mc.b"
            " WHERE NOT EXISTS (SELECT 1 FROM decisions d WHERE d.deleted_at IS NULL AND d.action IN ('merge', 'not_same', 'unsure')"
            "   AND ((d.target = mc.a AND json_extract(d.value, '$.other') = mc.b) OR (d.target = mc.b AND json_extract(d.value, '$.other') = mc.a)))"
            " ORDER BY mc.score DESC, mc.a, mc.b"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.conn.execute(sql)]

    # -- analysis ----------------------------------------------------------------------

    def snapshot_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Canonical entities, documents, facts (relations and claim edges) and events, unredacted."""
        q = self.conn.execute
        aliases: dict[str, list[str]] = {}
        for cid, alias in q("SELECT k.cid, a.alias FROM aliases a JOIN canon k ON k.id = a.entity_id ORDER BY a.rowid"):
            if alias not in aliases.setdefault(cid, []):
                aliases[cid].append(alias)
        protected = {r[0] for r in q("SELECT DISTINCT k.cid FROM entities e JOIN canon k ON k.id = e.id WHERE e.protected = 1")}
        entities = []
        for r in q("SELECT id, type, name, country, kind FROM entities WHERE canonical_id IS NULL ORDER BY rowid"):
            entities.append({**dict(r), "aliases": [a for a in aliases.get(r["id"], []) if a != r["name"]],
                             "protected": r["id"] in protected})
        documents = [dict(r) for r in q("SELECT id, title, publisher, published, url, path, language, meta, text FROM documents ORDER BY rowid")]
        facts = [dict(r) for r in q(
            "SELECT r.id, 'relation' AS kind, ks.cid AS source, ko.cid AS target, r.predicate AS label, r.doc_id,"
            " r.sentence, r.sentence AS text, r.status, r.start FROM relations r"
            " JOIN canon ks ON ks.id = r.subject_id JOIN canon ko ON ko.id = r.object_id WHERE r.status != 'rejected'"
            " UNION ALL"
            " SELECT c.id, 'claim', kc.cid, ka.cid, c.stance, c.doc_id, c.sentence, c.text, c.status, c.start FROM claims c"
            " LEFT JOIN canon kc ON kc.id = c.claimant_id LEFT JOIN claim_about ca ON ca.claim_id = c.id"
            " LEFT JOIN canon ka ON ka.id = ca.entity_id WHERE c.status != 'rejected'"
            " ORDER BY 6, 10")]
        events = []
        links: dict[str, list[str]] = {}
        for event_id, cid in q("SELECT ee.event_id, k.cid FROM event_entities ee JOIN canon k ON k.id = ee.entity_id"):
            if cid not in links.setdefault(event_id, []):
                links[event_id].append(cid)
        for r in q("SELECT id, what, date, precision, anchored, doc_id, sentence FROM events WHERE status != 'rejected' ORDER BY date"):
            events.append({**dict(r), "entities": links.get(r["id"], [])})
        return {"entities": entities, "documents": documents, "facts": facts, "events": events}

    def set_protected(self, entity_id: str, protected: bool) -> list[str]:
        """Mark every stored member of an entity protected (or not); returns the member ids."""
        members = self.members(entity_id)
        if not members:
            raise NotFound(f"no entity with id {entity_id}")
        marks = ",".join("?" * len(members))
        self.conn.execute(f"UPDATE entities SET protected = ? WHERE id IN ({marks})", (int(protected), *members))
        return members

    def search(self, query: str, limit: int = 20, marks: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
        try:
            rows = self.conn.execute(
                "SELECT d.id, d.title, d.path, d.publisher, d.published, d.language,"
                " snippet(documents_fts, 1, ?, ?, ' … ', 16) AS snippet"
                " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
                " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
                (marks[0], marks[1], _fts_query(query), limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot search for {query!r}: {exc}") from exc
        return [dict(r) for r in rows]

    @contextmanager
    def atomic(self) -> Iterator[None]:
        if self.conn.in_transaction:  # nested: the outer transaction decides
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- review of single facts ------------------------------------------------------------

    def fact(self, fact_id: str) -> dict[str, Any]:
        table = _fact_table(fact_id)
        row = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (fact_id,)).fetchone()
        if row is None:
            raise NotFound(f"no fact with id {fact_id}")
        return {"kind": _FACT_KINDS[table], **dict(row)}

    def update_fact(self, fact_id: str, changes: dict[str, Any]) -> None:
        table = _fact_table(fact_id)
        allowed = _EDITABLE[table]
        bad = set(changes) - allowed
        if bad:
            raise InputError(f"cannot edit {', '.join(sorted(bad))} of a {_FACT_KINDS[table]}")
        if not changes:
            return
        sets = ", ".join(f"{column} = ?" for column in changes)
        cur = self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*changes.values(), fact_id))
        if cur.rowcount == 0:
            raise NotFound(f"no fact with id {fact_id}")

    def review_queue(self, kind: str, statuses: Iterable[str] = ("machine",), limit: int = 50,
                     offset: int = 0) -> list[dict[str, Any]]:
        marks = ",".join("?" * len(tuple(statuses)))
        if kind == "claim":
            sql = (
                "SELECT c.id, 'claim' AS kind, c.stance, c.text, c.sentence, c.status, c.start, c.end, ek.id AS claimant_id,"
                " ek.name AS claimant, d.id AS doc_id, d.title, d.publisher, d.published,"
                " (SELECT group_concat(name, ' | ') FROM (SELECT DISTINCT x.name FROM claim_about ca JOIN canon kx ON kx.id = ca.entity_id"
                "   JOIN entities x ON x.id = kx.cid WHERE ca.claim_id = c.id)) AS about"
                " FROM claims c LEFT JOIN canon kc ON kc.id = c.claimant_id LEFT JOIN entities ek ON ek.id = kc.cid"
                f" JOIN documents d ON d.id = c.doc_id WHERE c.status IN ({marks})"
                " ORDER BY c.stance = 'alleges' DESC, d.published DESC, d.id, c.start LIMIT ? OFFSET ?"
            )
        elif kind == "relation":
            sql = (
                "SELECT r.id, 'relation' AS kind, s.id AS subject_id, s.name AS subject, r.predicate, o.id AS object_id,"
                " o.name AS object, r.sentence, r.status, r.start, r.end, d.id AS doc_id, d.title, d.publisher, d.published"
                " FROM relations r JOIN canon ks ON ks.id = r.subject_id JOIN entities s ON s.id = ks.cid"
                " JOIN canon ko ON ko.id = r.object_id JOIN entities o ON o.id = ko.cid JOIN documents d ON d.id = r.doc_id"
                f" WHERE r.status IN ({marks}) ORDER BY d.published DESC, d.id, r.start LIMIT ? OFFSET ?"
            )
        else:
            raise InputError(f"review kind must be claim or relation, not {kind!r}")
        return [dict(r) for r in self.conn.execute(sql, (*statuses, int(limit), int(offset)))]

    def replay_fact_decisions(self, doc_id: str | None = None) -> int:
        """Re-apply the latest accept/reject/edit of every fact (of one document), so a re-run keeps them."""
        where = "WHERE d.deleted_at IS NULL AND d.action IN ('accept', 'reject', 'edit')"
        rows = self.conn.execute(f"SELECT d.target, d.action, d.value FROM decisions d {where} ORDER BY d.id").fetchall()
        applied = 0
        for target, action, value in rows:
            table = _FACT_PREFIXES.get(target[:4])
            if table is None:
                continue
            if doc_id is not None and not self.conn.execute(
                    f"SELECT 1 FROM {table} WHERE id = ? AND doc_id = ?", (target, doc_id)).fetchone():
                continue
            if action == "edit":
                changes = (json.loads(value) or {}).get("after", {})
                changes = {k: v for k, v in changes.items() if k in _EDITABLE[table]}
                if changes:
                    self.conn.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?",
                                      (*changes.values(), target))
            else:
                self.conn.execute(f"UPDATE {table} SET status = ? WHERE id = ?",
                                  ("accepted" if action == "accept" else "rejected", target))
            applied += 1
        return applied

    def history(self, targets: Iterable[str]) -> list[dict[str, Any]]:
        targets = list(dict.fromkeys(targets))
        if not targets:
            return []
        marks = ",".join("?" * len(targets))
        rows = self.conn.execute(
            "SELECT id, target, action, value, user, created_at, deleted_at FROM decisions"
            f" WHERE target IN ({marks}) OR json_extract(value, '$.other') IN ({marks}) ORDER BY id",
            (*targets, *targets)).fetchall()
        return [{**dict(r), "value": json.loads(r["value"]) if r["value"] else None} for r in rows]

    def document(self, doc_id: str) -> dict[str, Any]:
        row = self.conn.execute(
            "SELECT id, path, url, title, publisher, published, language, text, meta, extractor, added_at FROM documents WHERE id = ?",
            (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document with id {doc_id}")
        q = self.conn.execute
        out = {**dict(row), "meta": json.loads(row["meta"] or "{}")}
        out["locations"] = [r[0] for r in q("SELECT location FROM document_locations WHERE doc_id = ? ORDER BY seen_at", (doc_id,))]
        out["mentions"] = [dict(r) for r in q(
            "SELECT m.id, m.start, m.end, m.text, m.status, e.id AS entity_id, e.name AS entity, e.type, e.protected"
            " FROM mentions m JOIN canon k ON k.id = m.entity_id JOIN entities e ON e.id = k.cid WHERE m.doc_id = ? ORDER BY m.start",
            (doc_id,))]
        out["claims"] = [dict(r) for r in q(
            "SELECT c.id, c.start, c.end, c.stance, c.text, c.status, e.id AS claimant_id, e.name AS claimant FROM claims c"
            " LEFT JOIN canon k ON k.id = c.claimant_id LEFT JOIN entities e ON e.id = k.cid WHERE c.doc_id = ? ORDER BY c.start",
            (doc_id,))]
        out["relations"] = [dict(r) for r in q(
            "SELECT r.id, r.start, r.end, s.name AS subject, r.predicate, o.name AS object, r.status FROM relations r"
            " JOIN canon ks ON ks.id = r.subject_id JOIN entities s ON s.id = ks.cid"
            " JOIN canon ko ON ko.id = r.object_id JOIN entities o ON o.id = ko.cid WHERE r.doc_id = ? ORDER BY r.start",
            (doc_id,))]
        out["events"] = [dict(r) for r in q(
            "SELECT id, start, end, what, date, precision, status FROM events WHERE doc_id = ? ORDER BY start", (doc_id,))]
        out["entities"] = [dict(r) for r in q(
            "SELECT e.id, e.name, e.type, e.country, e.protected, count(*) AS mentions FROM mentions m JOIN canon k ON k.id = m.entity_id"
            " JOIN entities e ON e.id = k.cid WHERE m.doc_id = ? GROUP BY e.id ORDER BY mentions DESC, e.name", (doc_id,))]
        return out

    def lookup_entities(self, query: str = "", type: str | None = None, country: str | None = None,
                        limit: int = 20) -> list[dict[str, Any]]:
        where, args = ["e.canonical_id IS NULL"], []
        if query.strip():
            where.append("e.id IN (SELECT k.cid FROM aliases a JOIN canon k ON k.id = a.entity_id WHERE a.folded LIKE ? ESCAPE '\\')")
            args.append("%" + fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        if type:
            where.append("e.type = ?")
            args.append(type.upper())
        if country:
            where.append("e.country = ?")
            args.append(country.upper())
        sql = (
            "SELECT e.id, e.type, e.name, e.country, e.protected,"
            " (SELECT count(*) FROM mentions m JOIN canon k ON k.id = m.entity_id WHERE k.cid = e.id) AS mentions,"
            " (SELECT group_concat(alias, ' | ') FROM (SELECT DISTINCT a.alias FROM aliases a JOIN canon k2 ON k2.id = a.entity_id"
            "   WHERE k2.cid = e.id AND a.alias != e.name ORDER BY a.alias)) AS aliases"
            f" FROM entities e WHERE {' AND '.join(where)} ORDER BY mentions DESC, e.name LIMIT ?"
        )
        return [dict(r) for r in self.conn.execute(sql, (*args, int(limit)))]

    def facets(self) -> dict[str, dict[str, int]]:
        q = self.conn.execute
        return {
            "type": {r[0]: r[1] for r in q("SELECT type, count(*) FROM entities WHERE canonical_id IS NULL GROUP BY type ORDER BY 2 DESC")},
            "country": {r[0]: r[1] for r in q("SELECT country, count(*) FROM entities WHERE canonical_id IS NULL AND country IS NOT NULL"
                                               " GROUP BY country ORDER BY 2 DESC")},
            "language": {r[0]: r[1] for r in q("SELECT coalesce(language, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC")},
            "stance": {r[0]: r[1] for r in q("SELECT stance, count(*) FROM claims GROUP BY stance ORDER BY 2 DESC")},
            "status": {r[0]: r[1] for r in q("SELECT status, count(*) FROM (SELECT status FROM claims UNION ALL SELECT status FROM relations)"
                                              " GROUP BY status ORDER BY 2 DESC")},
        }

    def revision(self) -> str:
        """Changes whenever documents, decisions or resolution change: a cache key for derived views."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT coalesce(max(id), 0) FROM decisions),"
            " (SELECT coalesce(max(rowid), 0) FROM resolution_runs), (SELECT count(*) FROM decisions WHERE deleted_at IS NOT NULL)"
        ).fetchone()
        return "-".join(str(v) for v in row)

    # -- reference sets -------------------------------------------------------------------

    def replace_reference_set(self, dataset: str, rows: Iterable[dict[str, Any]]) -> int:
        """Load a reference set in one transaction, replacing the rows of an earlier load of ``dataset``."""
        count = 0
        sql = "INSERT OR REPLACE INTO reference_entities (id, schema, name, names, countries, dataset, raw) VALUES (?, ?, ?, ?, ?, ?, ?)"
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("DELETE FROM reference_entities WHERE dataset = ?", (dataset,))
            batch: list[tuple[Any, ...]] = []
            for r in rows:
                batch.append((r["id"], r["schema"], r["name"], json.dumps(list(r.get("names") or []), ensure_ascii=False),
                              json.dumps(list(r.get("countries") or [])), dataset, r.get("raw") or "{}"))
                if len(batch) >= 5000:
                    self.conn.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            self.conn.executemany(sql, batch)
            count += len(batch)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        return count

    def reference_entities(self, dataset: str | None = None) -> Iterator[dict[str, Any]]:
        """Reference entities, streamed in load order, with names and countries decoded."""
        sql = "SELECT id, schema, name, names, countries, dataset, raw FROM reference_entities"
        args: tuple[Any, ...] = ()
        if dataset:
            sql += " WHERE dataset = ?"
            args = (dataset,)
        for r in self.conn.execute(sql + " ORDER BY rowid", args):
            yield {**dict(r), "names": json.loads(r["names"]), "countries": json.loads(r["countries"])}

    def reference_sets(self) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in self.conn.execute(
            "SELECT dataset, count(*) FROM reference_entities GROUP BY dataset ORDER BY dataset")}

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


_FACT_PREFIXES = {"clm-": "claims", "rel-": "relations", "evt-": "events", "men-": "mentions"}
_FACT_KINDS = {"claims": "claim", "relations": "relation", "events": "event", "mentions": "mention"}
_EDITABLE = {"claims": {"stance", "text", "status"}, "relations": {"predicate", "status"},
             "events": {"date", "precision", "what", "status"}, "mentions": {"status"}}


def _fact_table(fact_id: str) -> str:
    table = _FACT_PREFIXES.get(fact_id[:4])
    if table is None:
        raise NotFound(f"no fact with id {fact_id}")
    return table
