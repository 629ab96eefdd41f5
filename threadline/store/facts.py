"""Reads of facts: claims filtered by entity and stance, one fact by id, and every fact for analysis."""

from __future__ import annotations

from typing import Any

from threadline.errors import NotFound
from threadline.model.names import fold
from threadline.store.corrections import FACT_KINDS, fact_table
from threadline.store.shared import SQLBase, decoded, listed


class FactReads(SQLBase):
    """Claims, single facts, and the snapshot analysis reads (unredacted: see analyse.snapshot)."""

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
        return decoded(listed(self._run(sql, args), "about"))

    def fact(self, fact_id: str) -> dict[str, Any]:
        table = fact_table(fact_id)
        row = self._run(f"SELECT * FROM {table} WHERE id = ?", (fact_id,)).fetchone()
        if row is None:
            raise NotFound(f"no fact with id {fact_id}")
        out = {"kind": FACT_KINDS[table], **decoded([row])[0]}
        if table == "claims":
            out["about"] = self._about_ids(fact_id)
        return out

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
