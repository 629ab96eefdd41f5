"""The SQL both backends share: every query of the store interface, written once.

:class:`SQLStore` implements :class:`~threadline.store.base.Store` in SQL that
SQLite (3.39 or newer) and PostgreSQL both run, with ``?`` placeholders. A
backend supplies a connection (``_run``, ``_run_many``), transactions
(``atomic``), migrations, full-text search and a :class:`Dialect`: the few
fragments the two engines spell differently. Conventions the queries rely on:

- insertion order is ``rowid``: implicit in SQLite, an identity column in PostgreSQL;
- ``end`` and ``user`` are reserved words in PostgreSQL and are always quoted;
- NULL ordering is explicit (``NULLS FIRST``/``LAST``), as the engines' defaults differ;
- every ORDER BY is total (a last tie-break on rowid or a key), so both backends
  return rows in the same order;
- JSON is stored as text and read through :class:`Dialect` fragments.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from importlib import resources
from typing import Any

from threadline.errors import InputError, NotFound
from threadline.model import SCHEMA, Extraction
from threadline.model.names import fold
from threadline.model.records import content_id
from threadline.model.resolution import EntityResolver, Record, Resolution
from threadline.store.base import SaveResult, Store
from threadline.store.corrections import FACT_KINDS, Corrections, fact_table
from threadline.store.profile import ProfileReads

_PREFIX = {name: kind.prefix for name, kind in SCHEMA.fact_kinds.items()}  # id prefix per kind of fact (schema/facts.yaml)

LIST_SEP = "\x1f"  # joins a list inside one SQL value (aliases, what a claim is about); no name holds it


def _listed(rows: Iterable[Any], *keys: str) -> list[dict[str, Any]]:
    """Rows as dicts, with the LIST_SEP-joined columns ``keys`` as lists (empty when NULL)."""
    out = []
    for row in rows:
        item = dict(row)
        for key in keys:
            value = item.get(key)
            item[key] = [v for v in str(value).split(LIST_SEP) if v] if value else []
        out.append(item)
    return out


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def read_migrations(*folder: str) -> list[tuple[int, str]]:
    """Numbered SQL migrations shipped with the package in ``store/migrations/<folder>``, in order."""
    path = resources.files("threadline.store").joinpath("migrations", *folder)
    out = []
    for item in path.iterdir():
        if item.name.endswith(".sql"):
            out.append((int(item.name.split("_", 1)[0]), item.read_text("utf-8")))
    return sorted(out)


@dataclass(frozen=True)
class Dialect:
    """SQL fragments that differ between engines; each is a format string."""

    name: str
    group_concat: str  # joins {expr} with the literal {sep}, in {expr} order where the engine allows
    json_text: str     # the text value of {key} in the JSON object held by {column}
    json_items: str    # a table of the items (column "value", as text) of the JSON array {key} in {column}
    # What reading one document costs a page of an entity's list, in rows read from the entity's own index
    # (store/profile.py): SQLite joins each of the entity's rows to its document one lookup at a time, so walking
    # documents pays off early; PostgreSQL hashes the join and sorts the top rows, 0.1-0.3 µs a row measured.
    document_cost: int = 1
    # A search matching more documents than this is ranked among its rank_window newest matches (the last added),
    # not all of them: ranking reads every match (FTS5's bm25 about 2 µs each; PostgreSQL's ts_rank detoasts each
    # tsvector, about 18 µs), so a word found in nearly every document cost 40 ms and 400 ms at 20,000 documents,
    # growing with the store. Backends rank differently anyway (bm25 against ts_rank).
    rank_window: int = 10_000
    # About how many rows {table} holds, cheaply (the plan of an entity's page needs no more).
    rows_estimate: str = "SELECT coalesce(max(rowid), 0) FROM {table}"

    def concat(self, expr: str, sep: str = " | ") -> str:
        return self.group_concat.format(expr=expr, sep=sep)

    def json(self, column: str, key: str) -> str:
        return self.json_text.format(column=column, key=key)

    def page(self, offset: str) -> str:
        """The page holding ``offset``, from the page starts a PDF reader keeps in documents.meta (NULL if unpaged)."""
        items = self.json_items.format(column="d.meta", key="pages")
        return f"(SELECT NULLIF(count(*), 0) FROM {items} pg WHERE CAST(pg.value AS NUMERIC) <= {offset}) AS page"


SQLITE = Dialect(
    "sqlite",
    group_concat="group_concat({expr}, '{sep}')",  # in the order of an ordered subquery
    json_text="json_extract({column}, '$.{key}')",
    json_items="json_each({column}, '$.{key}')",
)
POSTGRES = Dialect(
    "postgres",
    group_concat="string_agg({expr}, '{sep}' ORDER BY {expr})",
    json_text="({column}::jsonb ->> '{key}')",
    json_items="jsonb_array_elements_text(CASE jsonb_typeof({column}::jsonb -> '{key}')"
               " WHEN 'array' THEN {column}::jsonb -> '{key}' END)",
    document_cost=1000,  # measured at 20,000 documents: 70 documents 20 ms, 65,000 rows of one entity 7-20 ms
    rank_window=2_000,   # 2,000 ranked: 37 ms measured
    rows_estimate="SELECT CASE WHEN max(reltuples) > 0 THEN max(reltuples)::bigint ELSE (SELECT count(*) FROM {table}) END"
                  " FROM pg_class WHERE oid = to_regclass('{table}')",  # the planner's count, once analysed
)

def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def _visible(row: Any) -> dict[str, Any]:
    """A row as a dict, without PostgreSQL's explicit ``rowid`` (SQLite's is never selected by ``*``)."""
    out = dict(row)
    out.pop("rowid", None)
    return out


def _decoded(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Rows as dicts with ``machine`` (the machine's values beside an analyst's correction) decoded from JSON."""
    out = []
    for row in rows:
        item = _visible(row)
        if "machine" in item:
            item["machine"] = json.loads(item["machine"]) if item["machine"] else None
        out.append(item)
    return out


class SQLStore(ProfileReads, Corrections, Store):
    """The store interface in shared SQL; subclasses connect, migrate, lock and search."""

    dialect: Dialect

    # -- what a backend provides -------------------------------------------------------

    def _run(self, sql: str, args: Sequence[Any] = ()) -> Any:
        """Execute one statement with ``?`` placeholders; returns a cursor (iterable, fetchone, rowcount)."""
        raise NotImplementedError

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def snapshot(self) -> AbstractContextManager[None]:
        """A read-only transaction: every read inside sees the store as it was when it began."""
        raise NotImplementedError

    # -- raw access for tools (transfer, integrity checks, tests) ---------------------------

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read-only query in portable SQL (``?`` placeholders), as dicts."""
        return [dict(r) for r in self._run(sql, args)]

    def tables(self) -> list[str]:
        """The investigation's tables (not views, not search indexes)."""
        raise NotImplementedError

    def columns(self, table: str) -> list[str]:
        """A table's stored columns: not generated ones, not PostgreSQL's explicit rowid."""
        raise NotImplementedError

    def _stream(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Any]:
        """Rows of a query that may be too big to hold in memory at once."""
        return iter(self._run(sql, args))

    def rows(self, table: str, columns: Sequence[str], order: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """Every row of a table (the given columns, in the given order), streamed."""
        cols = ", ".join(f'"{c}"' for c in columns)
        keys = ", ".join(f'"{c}"' for c in order)
        for row in self._stream(f'SELECT {cols} FROM "{table}" ORDER BY {keys}'):
            yield tuple(row)

    def insertion_order(self, table: str, key: Sequence[str]) -> list[str]:
        """Columns that list a table's rows in the order they were inserted (else by ``key``)."""
        return ["rowid"]

    def count_rows(self, table: str) -> int:
        return int(self._run(f'SELECT count(*) FROM "{table}"').fetchone()[0])

    def delete_rows(self, table: str) -> None:
        """Empty a table. Use inside ``atomic``."""
        self._run(f'DELETE FROM "{table}"')

    def update_rows(self, table: str, columns: Sequence[str], key: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Set ``columns`` of the rows found by ``key``; each row holds the new values, then the key values."""
        sets = ", ".join(f'"{c}" = ?' for c in columns)
        where = " AND ".join(f'"{c}" = ?' for c in key)
        self._run_many(f'UPDATE "{table}" SET {sets} WHERE {where}', rows)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert rows as they are (ids included); returns the count. Use inside ``atomic``."""
        cols = ", ".join(f'"{c}"' for c in columns)
        sql = f'INSERT INTO "{table}" ({cols}) VALUES ({_marks(columns)})'
        count, chunk = 0, []
        for row in rows:
            chunk.append(tuple(row))
            if len(chunk) >= 2000:
                self._run_many(sql, chunk)
                count, chunk = count + len(chunk), []
        if chunk:
            self._run_many(sql, chunk)
        return count + len(chunk)

    def loaded(self, table: str) -> None:
        """Called after ``insert_rows`` filled a table with explicit ids (PostgreSQL moves its id sequence on)."""

    # -- write side ----------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        row = self._run("SELECT extractor FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None and row["extractor"] is not None

    def add_location(self, doc_id: str, location: str, similarity: float | None = None, note: str | None = None) -> None:
        self._run(
            "INSERT INTO document_locations (doc_id, location, seen_at, similarity, note) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (doc_id, location, now(), similarity, note))

    def signatures(self, scheme: str) -> Iterator[tuple[str, bytes | None]]:
        rows = self._run(
            "SELECT d.id, s.signature FROM documents d LEFT JOIN document_signatures s ON s.doc_id = d.id AND s.scheme = ?"
            " WHERE d.extractor IS NOT NULL ORDER BY d.rowid", (scheme,)).fetchall()
        for row in rows:
            yield row[0], None if row[1] is None else bytes(row[1])

    def set_signature(self, doc_id: str, scheme: str, signature: bytes) -> None:
        self._run(
            "INSERT INTO document_signatures (doc_id, scheme, signature) VALUES (?, ?, ?)"
            " ON CONFLICT (doc_id) DO UPDATE SET scheme = excluded.scheme, signature = excluded.signature",
            (doc_id, scheme, signature))

    def document_text(self, doc_id: str) -> tuple[str, str | None] | None:
        row = self._run("SELECT text, title FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def save(self, extraction: Extraction, signature: tuple[str, bytes] | None = None, *,
             resolve: EntityResolver) -> SaveResult:
        doc = extraction.document
        counts = {"mentions": 0, "relations": 0, "claims": 0, "events": 0, "entities": 0}
        with self.atomic():
            stored = self.has_document(doc.id)
            if not stored:
                self._save(extraction, resolve, counts)
                self.replay_hand_mentions(doc.id)   # an analyst's corrections outlive a re-extraction
                self.replay_fact_decisions(doc.id)
                if signature is not None:
                    self.set_signature(doc.id, *signature)
        if stored:
            if doc.path or doc.url:
                self.add_location(doc.id, doc.path or doc.url or "")
            return SaveResult(doc.id, False, counts)
        return SaveResult(doc.id, True, counts)

    def _save(self, ex: Extraction, resolve: EntityResolver, counts: dict[str, int]) -> None:
        doc, x = ex.document, self._run
        x("DELETE FROM documents WHERE id = ?", (doc.id,))  # a row never fully extracted (SQLite: fires the FTS trigger)
        x("INSERT INTO documents (id, path, url, title, publisher, published, date_source, language, text, meta, extractor,"
          " added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          (doc.id, doc.path, doc.url, doc.title, doc.publisher, doc.published, doc.date_source,
           ex.extractor.get("language") or doc.language, doc.text,
           json.dumps(doc.meta, default=str, ensure_ascii=False), ex.extractor.get("version") or "unknown", now()))
        if doc.path or doc.url:
            self.add_location(doc.id, doc.path or doc.url or "")
        ids: dict[str, str] = {}
        for entity in ex.entities:
            match = resolve(entity, self._lookup)  # inside the write transaction: sees the entities saved before
            ids[entity.name] = match.entity_id
            if match.reason != "alias":
                counts["entities"] += x(
                    "INSERT INTO entities (id, type, name, country, kind, gazetteer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    (match.entity_id, entity.type, entity.name, entity.country, entity.kind, entity.gazetteer_id, now()),
                ).rowcount
            for form in (entity.name, *entity.aliases):
                x("INSERT INTO aliases (entity_id, alias, folded, doc_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  (match.entity_id, form, fold(form), doc.id))
        for m in ex.mentions:
            ev = m.evidence
            mid = content_id(doc.id, ev.start, ev.end, ids[m.entity], prefix=_PREFIX["mention"])
            counts["mentions"] += x(
                'INSERT INTO mentions (id, entity_id, doc_id, start, "end", text, sentence, source, extractor, version, status)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine') ON CONFLICT DO NOTHING",
                (mid, ids[m.entity], doc.id, ev.start, ev.end, m.text, ev.sentence, m.source, ev.extractor, ev.version),
            ).rowcount
        for r in ex.relations:
            ev = r.evidence
            rid = content_id(doc.id, ids[r.subject], r.predicate, ids[r.object], ev.start, prefix=_PREFIX["relation"])
            counts["relations"] += x(
                'INSERT INTO relations (id, subject_id, predicate, object_id, doc_id, start, "end", sentence, extractor, version,'
                " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine') ON CONFLICT DO NOTHING",
                (rid, ids[r.subject], r.predicate, ids[r.object], doc.id, ev.start, ev.end, ev.sentence, ev.extractor, ev.version),
            ).rowcount
        for c in ex.claims:
            ev = c.evidence
            claimant = ids.get(c.claimant) if c.claimant else None
            cid = content_id(doc.id, claimant, c.stance, ev.start, *((c.source,) if c.source else ()), prefix=_PREFIX["claim"])
            counts["claims"] += x(
                'INSERT INTO claims (id, claimant_id, source, stance, text, cue, doc_id, start, "end", sentence, extractor, version,'
                " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine') ON CONFLICT DO NOTHING",
                (cid, claimant, c.source, c.stance, c.text, c.cue, doc.id, ev.start, ev.end, ev.sentence, ev.extractor, ev.version),
            ).rowcount
            for name in c.about:
                x("INSERT INTO claim_about (claim_id, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING", (cid, ids[name]))
        for v in ex.events:
            ev = v.evidence
            vid = content_id(doc.id, v.date, ev.start, prefix=_PREFIX["event"])
            counts["events"] += x(
                'INSERT INTO events (id, what, date, precision, anchored, doc_id, start, "end", sentence, extractor, version,'
                " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine') ON CONFLICT DO NOTHING",
                (vid, v.what, v.date, v.precision, int(v.anchored), doc.id, ev.start, ev.end, ev.sentence, ev.extractor, ev.version),
            ).rowcount
            for name in v.entities:
                x("INSERT INTO event_entities (event_id, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING", (vid, ids[name]))

    def _lookup(self, type_: str, forms: Iterable[str]) -> str | None:
        """A stored entity of this type holding one of the forms; the first form (the name) wins ties."""
        forms = list(forms)
        if not forms:
            return None
        machine_type = self.dialect.json("e.machine", "type")  # an entity an analyst retyped still catches its old type
        row = self._run(
            "SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id"
            f" WHERE (e.type = ? OR {machine_type} = ?) AND a.folded IN ({_marks(forms)})"
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

    # -- read side -----------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        tables = ["documents", "entities", "mentions", "relations", "claims", "events"]
        counts = {t: int(self._run(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}
        near = self._run("SELECT count(*) FROM document_locations WHERE similarity IS NOT NULL").fetchone()[0]
        canonical = self._run("SELECT count(*) FROM entities WHERE canonical_id IS NULL").fetchone()[0]
        extracted = counts.pop("entities")  # every entity extraction made, merged ones included
        return {"documents": counts.pop("documents"), "near_duplicates": int(near), "entities": int(canonical),
                "extracted_entities": extracted, **counts}

    def _aliases_of(self, entity: str) -> str:
        """SQL for the aliases (other than the name) of a canonical entity, joined with LIST_SEP (see _listed)."""
        return (f"(SELECT {self.dialect.concat('alias', LIST_SEP)} FROM (SELECT DISTINCT a.alias FROM aliases a"
                f" JOIN canon k2 ON k2.id = a.entity_id WHERE k2.cid = {entity}.id AND a.alias != {entity}.name"
                " ORDER BY a.alias) s)")

    def _about(self) -> str:
        """SQL for the names of the canonical entities a claim ``c`` is about, joined with LIST_SEP (see _listed)."""
        return (f"(SELECT {self.dialect.concat('name', LIST_SEP)} FROM (SELECT DISTINCT x.name FROM claim_about ca"
                " JOIN canon kx ON kx.id = ca.entity_id JOIN entities x ON x.id = kx.cid WHERE ca.claim_id = c.id AND x.rejected = 0"
                " ORDER BY x.name) s)")

    def entities(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        sql = (
            "SELECT ce.id, ce.type, ce.name, ce.country, ce.protected,"
            " count(m.id) AS mentions, count(DISTINCT m.doc_id) AS documents,"
            f" {self._aliases_of('ce')} AS aliases,"
            " (SELECT count(*) FROM canon k3 WHERE k3.cid = ce.id) AS members"
            " FROM entities ce JOIN canon k ON k.cid = ce.id LEFT JOIN mentions m ON m.entity_id = k.id"
            " WHERE ce.canonical_id IS NULL AND ce.rejected = 0"
        )
        args: list[Any] = []
        if type:
            sql += " AND ce.type = ?"
            args.append(type.upper())
        sql += " GROUP BY ce.id ORDER BY mentions DESC, ce.name, ce.rowid"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return _listed(self._run(sql, args), "aliases")

    def find_entities(self, name: str) -> list[dict[str, Any]]:
        if name.startswith("ent-"):
            rows = self._run(
                "SELECT e.id, e.type, e.name FROM canon k JOIN entities e ON e.id = k.cid WHERE k.id = ?", (name,)).fetchall()
            return [dict(r) for r in rows]
        rows = [dict(r) for r in self._run(
            "SELECT e.id, e.type, e.name FROM entities e"
            " WHERE e.id IN (SELECT k.cid FROM aliases a JOIN canon k ON k.id = a.entity_id WHERE a.folded = ?)"
            " ORDER BY e.rowid", (fold(name),))]
        if len(rows) < 2:  # the one entity a name names: no need to count a busy one's mentions to order it
            return rows
        mentions = {r["id"]: int(self._run(  # most mentioned first (e is canonical)
            "SELECT count(*) FROM mentions m WHERE m.entity_id IN (SELECT x.id FROM entities x WHERE x.id = ? OR x.canonical_id = ?)",
            (r["id"], r["id"])).fetchone()[0]) for r in rows}
        return sorted(rows, key=lambda r: -mentions[r["id"]])  # stable: ties stay oldest first

    def claims(self, about: str | None = None, by: str | None = None, stance: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        where, args = [], []
        by_name = ("(SELECT k2.id FROM aliases a JOIN canon k ON k.id = a.entity_id JOIN canon k2 ON k2.cid = k.cid"
                   " WHERE a.folded = ?)")
        if about:
            where.append(f"c.id IN (SELECT claim_id FROM claim_about WHERE entity_id IN {by_name})")
            args.append(fold(about))
        if by:
            where.append(f"c.claimant_id IN {by_name}")
            args.append(fold(by))
        if stance:
            where.append("c.stance = ?")
            args.append(stance)
        where.append("coalesce(e.rejected, 0) = 0")  # a claim a rejected entity makes rests on it (its own page still lists it)
        sql = self.claims_sql()
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.published NULLS FIRST, d.id, c.start, c.rowid"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return _decoded(_listed(self._run(sql, args), "about"))

    def claims_sql(self) -> str:
        """SELECT and FROM of a claim as ``claims`` lists it, with its document, page and what it is about."""
        return (
            'SELECT c.id, c.stance, c.text, c.sentence, c.status, c.start, c."end", e.name AS claimant, e.id AS claimant_id,'
            " c.source AS unnamed_source, c.machine, c.extractor,"
            f" d.id AS doc_id, d.title, d.path, d.publisher, d.published, d.date_source, d.language AS doc_language, {self.dialect.page('c.start')}, {self._about()} AS about"
            " FROM claims c LEFT JOIN canon kc ON kc.id = c.claimant_id LEFT JOIN entities e ON e.id = kc.cid"
            " JOIN documents d ON d.id = c.doc_id"
        )

    # -- resolution ------------------------------------------------------------------

    def resolution_records(self) -> list[Record]:
        """Every stored entity as a resolution record, oldest first, with co-mentioned entities as context."""
        neighbours: dict[str, set[str]] = {}
        for a, b in self._run(
            "SELECT DISTINCT m1.entity_id, m2.entity_id FROM mentions m1 JOIN mentions m2"
            " ON m1.doc_id = m2.doc_id AND m1.entity_id != m2.entity_id"
        ):
            neighbours.setdefault(a, set()).add(b)
        names: dict[str, list[str]] = {}
        for entity_id, alias in self._run("SELECT entity_id, alias FROM aliases ORDER BY rowid"):
            names.setdefault(entity_id, []).append(alias)
        out = []
        for row in self._run("SELECT id, type, name, country, gazetteer FROM entities WHERE rejected = 0 ORDER BY rowid"):
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
            sql += f" AND action IN ({_marks(acts)})"
            args.extend(acts)
        rows = []
        for r in self._run(sql + " ORDER BY id", args):
            row = dict(r)
            row["value"] = json.loads(row["value"]) if row["value"] else None
            rows.append(row)
        return rows

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

    def merge_candidates(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Uncertain pairs from the last resolution run between two canonical entities that no live decision
        on any of their members has answered, best first, with the canonical ids and names."""
        other = self.dialect.json("d.value", "other")
        sql = (
            "SELECT mc.a, mc.b, mc.score, mc.explanation, ea.name AS name_a, eb.name AS name_b, ea.type,"
            " ka.cid AS canonical_a, kb.cid AS canonical_b, ca.name AS canonical_name_a, cb.name AS canonical_name_b"
            " FROM merge_candidates mc JOIN entities ea ON ea.id = mc.a JOIN entities eb ON eb.id = mc.b"
            " JOIN canon ka ON ka.id = mc.a JOIN canon kb ON kb.id = mc.b"
            " JOIN entities ca ON ca.id = ka.cid JOIN entities cb ON cb.id = kb.cid"
            " WHERE ka.cid != kb.cid AND ca.rejected = 0 AND cb.rejected = 0 AND NOT EXISTS (SELECT 1 FROM decisions d"
            "   JOIN canon kt ON kt.id = d.target JOIN canon ko ON ko.id = " + other +
            "   WHERE d.deleted_at IS NULL AND d.action IN ('merge', 'not_same', 'unsure')"
            "   AND ((kt.cid = ka.cid AND ko.cid = kb.cid) OR (kt.cid = kb.cid AND ko.cid = ka.cid)))"
            " ORDER BY mc.score DESC, mc.a, mc.b"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self._run(sql)]

    # -- analysis ----------------------------------------------------------------------

    def snapshot_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Canonical entities, documents, facts (relations and claim edges), events and mention counts, unredacted."""
        q = self._run
        aliases: dict[str, list[str]] = {}
        for cid, alias in q("SELECT k.cid, a.alias FROM aliases a JOIN canon k ON k.id = a.entity_id ORDER BY a.rowid"):
            if alias not in aliases.setdefault(cid, []):
                aliases[cid].append(alias)
        protected = {r[0] for r in q("SELECT DISTINCT k.cid FROM entities e JOIN canon k ON k.id = e.id WHERE e.protected = 1")}
        entities = []
        for r in q("SELECT id, type, name, country, kind FROM entities WHERE canonical_id IS NULL AND rejected = 0 ORDER BY rowid"):
            entities.append({**dict(r), "aliases": [a for a in aliases.get(r["id"], []) if a != r["name"]],
                             "protected": r["id"] in protected})
        documents = [dict(r) for r in q("SELECT id, title, publisher, published, date_source, url, path, language, meta, text"
                                        " FROM documents ORDER BY rowid")]
        facts = [dict(r) for r in q(
            "SELECT r.id, 'relation' AS kind, ks.cid AS source, ko.cid AS target, r.predicate AS label, r.doc_id,"
            " r.sentence, r.sentence AS text, r.status, r.start, NULL AS speaker FROM relations r"
            " JOIN canon ks ON ks.id = r.subject_id JOIN canon ko ON ko.id = r.object_id"
            " JOIN entities es ON es.id = ks.cid JOIN entities eo ON eo.id = ko.cid"
            " WHERE r.status != 'rejected' AND es.rejected = 0 AND eo.rejected = 0"
            " UNION ALL"
            " SELECT c.id, 'claim', kc.cid, ka.cid, c.stance, c.doc_id, c.sentence, c.text, c.status, c.start, c.source FROM claims c"
            " LEFT JOIN canon kc ON kc.id = c.claimant_id LEFT JOIN claim_about ca ON ca.claim_id = c.id"
            " LEFT JOIN canon ka ON ka.id = ca.entity_id LEFT JOIN entities ec ON ec.id = kc.cid LEFT JOIN entities ea ON ea.id = ka.cid"
            " WHERE c.status != 'rejected' AND coalesce(ec.rejected, 0) = 0 AND coalesce(ea.rejected, 0) = 0"
            " ORDER BY 6, 10, 1, 4 NULLS FIRST")]
        events = []
        links: dict[str, list[str]] = {}
        for event_id, cid in q("SELECT ee.event_id, k.cid FROM event_entities ee JOIN canon k ON k.id = ee.entity_id"
                               " JOIN entities e ON e.id = k.cid WHERE e.rejected = 0 ORDER BY ee.rowid"):
            if cid not in links.setdefault(event_id, []):
                links[event_id].append(cid)
        for r in q("SELECT id, what, date, precision, anchored, doc_id, sentence FROM events WHERE status != 'rejected' ORDER BY date, rowid"):
            events.append({**dict(r), "entities": links.get(r["id"], [])})
        mentions = [dict(r) for r in q(  # which canonical entities each document names, and how often
            "SELECT m.doc_id, k.cid AS entity_id, count(*) AS n FROM mentions m JOIN canon k ON k.id = m.entity_id"
            " WHERE m.status != 'rejected' GROUP BY m.doc_id, k.cid ORDER BY m.doc_id, k.cid")]
        return {"entities": entities, "documents": documents, "facts": facts, "events": events, "mentions": mentions}

    def protection_rows(self) -> list[dict[str, Any]]:
        """Canonical entities with every surface form of their members, their member ids and protection (for redaction)."""
        q = self._run
        forms: dict[str, list[str]] = {}
        members: dict[str, list[str]] = {}
        for cid, alias in q("SELECT k.cid, a.alias FROM aliases a JOIN canon k ON k.id = a.entity_id ORDER BY a.rowid"):
            forms.setdefault(cid, []).append(alias)
        protected = set()
        for cid, member, name, flag in q("SELECT k.cid, e.id, e.name, e.protected FROM entities e JOIN canon k ON k.id = e.id ORDER BY e.rowid"):
            members.setdefault(cid, []).append(member)
            forms.setdefault(cid, []).append(name)
            if flag:
                protected.add(cid)
        return [{"id": r["id"], "type": r["type"], "name": r["name"], "protected": r["id"] in protected,
                 "aliases": list(dict.fromkeys(f for f in forms.get(r["id"], []) if f != r["name"])),
                 "members": members.get(r["id"], [])}
                for r in q("SELECT id, type, name FROM entities WHERE canonical_id IS NULL ORDER BY rowid")]

    def mentions_of(self, entity_ids: Iterable[str]) -> list[tuple[str, int, int, str]]:
        """(doc id, start, end, canonical id) of every mention of the given canonical entities."""
        ids = sorted(set(entity_ids))
        if not ids:
            return []
        return [(r[0], int(r[1]), int(r[2]), r[3]) for r in self._run(
            f'SELECT m.doc_id, m.start, m."end", k.cid FROM mentions m JOIN canon k ON k.id = m.entity_id WHERE k.cid IN ({_marks(ids)})',
            ids)]

    def set_protected(self, entity_id: str, protected: bool) -> list[str]:
        """Mark every stored member of an entity protected (or not); returns the member ids."""
        members = self.members(entity_id)
        if not members:
            raise NotFound(f"no entity with id {entity_id}")
        self._run(f"UPDATE entities SET protected = ? WHERE id IN ({_marks(members)})", (int(protected), *members))
        return members

    # -- review of single facts ------------------------------------------------------------

    def fact(self, fact_id: str) -> dict[str, Any]:
        table = fact_table(fact_id)
        row = self._run(f"SELECT * FROM {table} WHERE id = ?", (fact_id,)).fetchone()
        if row is None:
            raise NotFound(f"no fact with id {fact_id}")
        out = {"kind": FACT_KINDS[table], **_decoded([row])[0]}
        if table == "claims":
            out["about"] = self._about_ids(fact_id)
        return out

    def review_queue(self, kind: str, statuses: Iterable[str] = ("machine",), limit: int = 50,
                     offset: int = 0) -> list[dict[str, Any]]:
        statuses = tuple(statuses)
        if kind == "claim":
            sql = (
                'SELECT c.id, \'claim\' AS kind, c.stance, c.text, c.sentence, c.status, c.start, c."end", ek.id AS claimant_id,'
                f" ek.name AS claimant, d.id AS doc_id, d.title, d.publisher, d.published, d.date_source, d.language AS doc_language, {self._about()} AS about,"
                " c.machine, c.extractor"
                " FROM claims c LEFT JOIN canon kc ON kc.id = c.claimant_id LEFT JOIN entities ek ON ek.id = kc.cid"
                f" JOIN documents d ON d.id = c.doc_id WHERE c.status IN ({_marks(statuses)}) AND coalesce(ek.rejected, 0) = 0"
                " ORDER BY c.stance = 'alleges' DESC, d.published DESC NULLS LAST, d.id, c.start, c.rowid LIMIT ? OFFSET ?"
            )
        elif kind == "relation":
            sql = (
                "SELECT r.id, 'relation' AS kind, s.id AS subject_id, s.name AS subject, r.predicate, o.id AS object_id,"
                ' o.name AS object, r.sentence, r.status, r.start, r."end", d.id AS doc_id, d.title, d.publisher, d.published,'
                " r.machine, r.extractor"
                " FROM relations r JOIN canon ks ON ks.id = r.subject_id JOIN entities s ON s.id = ks.cid"
                " JOIN canon ko ON ko.id = r.object_id JOIN entities o ON o.id = ko.cid JOIN documents d ON d.id = r.doc_id"
                f" WHERE r.status IN ({_marks(statuses)}) AND s.rejected = 0 AND o.rejected = 0"
                " ORDER BY d.published DESC NULLS LAST, d.id, r.start, r.rowid LIMIT ? OFFSET ?"
            )
        else:
            raise InputError(f"review kind must be claim or relation, not {kind!r}")
        return _decoded(_listed(self._run(sql, (*statuses, int(limit), int(offset))), "about"))

    def history(self, targets: Iterable[str]) -> list[dict[str, Any]]:
        targets = list(dict.fromkeys(targets))
        if not targets:
            return []
        marks = _marks(targets)
        rows = self._run(
            'SELECT id, target, action, value, "user", created_at, deleted_at FROM decisions'
            f" WHERE target IN ({marks}) OR {self.dialect.json('value', 'other')} IN ({marks}) ORDER BY id",
            (*targets, *targets)).fetchall()
        return [{**dict(r), "value": json.loads(r["value"]) if r["value"] else None} for r in rows]

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

    def lookup_entities(self, query: str = "", type: str | None = None, country: str | None = None,
                        limit: int = 20) -> list[dict[str, Any]]:
        where, args = ["e.canonical_id IS NULL", "e.rejected = 0"], []
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
            f" {self._aliases_of('e')} AS aliases"
            f" FROM entities e WHERE {' AND '.join(where)} ORDER BY mentions DESC, e.name, e.rowid LIMIT ?"
        )
        return _listed(self._run(sql, (*args, int(limit))), "aliases")

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

    # -- reference sets -------------------------------------------------------------------

    def replace_reference_set(self, dataset: str, rows: Iterable[dict[str, Any]]) -> int:
        """Load a reference set in one transaction, replacing the rows of an earlier load of ``dataset``."""
        sql = ("INSERT INTO reference_entities (id, schema, name, names, countries, dataset, raw) VALUES (?, ?, ?, ?, ?, ?, ?)"
               " ON CONFLICT (dataset, id) DO UPDATE SET schema = excluded.schema, name = excluded.name,"
               " names = excluded.names, countries = excluded.countries, raw = excluded.raw")
        count = 0
        with self.atomic():
            self._run("DELETE FROM reference_entities WHERE dataset = ?", (dataset,))
            batch: list[tuple[Any, ...]] = []
            for r in rows:
                batch.append((r["id"], r["schema"], r["name"], json.dumps(list(r.get("names") or []), ensure_ascii=False),
                              json.dumps(list(r.get("countries") or [])), dataset, r.get("raw") or "{}"))
                if len(batch) >= 5000:
                    self._run_many(sql, batch)
                    count += len(batch)
                    batch = []
            self._run_many(sql, batch)
            count += len(batch)
        return count

    def reference_entities(self, dataset: str | None = None) -> Iterator[dict[str, Any]]:
        """Reference entities, streamed in load order, with names and countries decoded."""
        sql = "SELECT id, schema, name, names, countries, dataset, raw FROM reference_entities"
        args: tuple[Any, ...] = ()
        if dataset:
            sql += " WHERE dataset = ?"
            args = (dataset,)
        for r in self._stream(sql + " ORDER BY rowid", args):
            yield {**dict(r), "names": json.loads(r["names"]), "countries": json.loads(r["countries"])}

    def reference_sets(self) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in self._run(
            "SELECT dataset, count(*) FROM reference_entities GROUP BY dataset ORDER BY dataset")}

    # -- settings ------------------------------------------------------------------------

    def namespace_key(self) -> str:
        """A random key kept in ``settings``: random, so that no one can recompute another investigation's ids."""
        import secrets

        self._run("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                  ("ftm_namespace", secrets.token_hex(16)))
        return str(self._run("SELECT value FROM settings WHERE name = ?", ("ftm_namespace",)).fetchone()[0])
