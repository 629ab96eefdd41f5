"""Reads of entities: lists, lookups by name, the first stored of several, resolution records, and their forms and
mentions for redaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from threadline.errors import NotFound
from threadline.model.names import fold
from threadline.model.resolution import Record
from threadline.model.rows import EntityName
from threadline.store.shared import SQLBase, listed, marks


class EntityReads(SQLBase):
    """Canonical entities (a list, a lookup, a name's entities) and every stored one as resolution reads it."""

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
        return listed(self._run(sql, args), "aliases")

    def oldest(self, entity_ids: Sequence[str]) -> str:
        """The first stored of these entities: the one that names a cluster they both join."""
        ids = list(entity_ids)
        row = self._run(f"SELECT id FROM entities WHERE id IN ({marks(ids)}) ORDER BY rowid LIMIT 1", ids).fetchone()
        if row is None:
            raise NotFound(f"no entity with id {ids[0]}")
        return str(row[0])

    def find_entities(self, name: str) -> list[EntityName]:
        if name.startswith("ent-"):
            rows = self._run(
                "SELECT e.id, e.type, e.name FROM canon k JOIN entities e ON e.id = k.cid WHERE k.id = ?", (name,)).fetchall()
            return [_name(r) for r in rows]
        rows = [_name(r) for r in self._run(
            "SELECT e.id, e.type, e.name FROM entities e"
            " WHERE e.id IN (SELECT k.cid FROM aliases a JOIN canon k ON k.id = a.entity_id WHERE a.folded = ?)"
            " ORDER BY e.rowid", (fold(name),))]
        if len(rows) < 2:  # the one entity a name names: no need to count a busy one's mentions to order it
            return rows
        mentions = {r["id"]: int(self._run(  # most mentioned first (e is canonical)
            "SELECT count(*) FROM mentions m WHERE m.entity_id IN (SELECT x.id FROM entities x WHERE x.id = ? OR x.canonical_id = ?)",
            (r["id"], r["id"])).fetchone()[0]) for r in rows}
        return sorted(rows, key=lambda r: -mentions[r["id"]])  # stable: ties stay oldest first

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
        return listed(self._run(sql, (*args, int(limit))), "aliases")

    def mentions_of(self, entity_ids: Iterable[str]) -> list[tuple[str, int, int, str]]:
        """(doc id, start, end, canonical id) of every mention of the given canonical entities."""
        ids = sorted(set(entity_ids))
        if not ids:
            return []
        return [(r[0], int(r[1]), int(r[2]), r[3]) for r in self._run(
            f'SELECT m.doc_id, m.start, m."end", k.cid FROM mentions m JOIN canon k ON k.id = m.entity_id WHERE k.cid IN ({marks(ids)})',
            ids)]

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

    def resolution_records(self) -> list[Record]:
        """Every stored entity as a resolution record, oldest first, with co-mentioned entities as context.

        Co-mentions are paired here from each document's entities, not by joining mentions to mentions in SQL:
        the join pairs every mention with every other of its document before DISTINCT drops the repeats
        (0.2 CPU-s for 200 documents, growing with the square of a document's mentions)."""
        in_document: dict[str, set[str]] = {}
        for doc_id, entity_id in self._run("SELECT DISTINCT doc_id, entity_id FROM mentions"):
            in_document.setdefault(doc_id, set()).add(entity_id)
        neighbours: dict[str, set[str]] = {}
        for entities in in_document.values():
            for entity_id in entities:
                neighbours.setdefault(entity_id, set()).update(entities)
        for entity_id, others in neighbours.items():
            others.discard(entity_id)
        names: dict[str, list[str]] = {}
        for entity_id, alias in self._run("SELECT entity_id, alias FROM aliases ORDER BY rowid"):
            names.setdefault(entity_id, []).append(alias)
        out = []
        for row in self._run("SELECT id, type, name, country, gazetteer FROM entities WHERE rejected = 0 ORDER BY rowid"):
            forms = tuple(dict.fromkeys([row["name"], *names.get(row["id"], [])]))
            out.append(Record(row["id"], row["type"], forms, row["country"], row["gazetteer"],
                              frozenset(neighbours.get(row["id"], ()))))
        return out


def _name(row: Any) -> EntityName:
    return EntityName(id=row["id"], type=row["type"], name=row["name"])
