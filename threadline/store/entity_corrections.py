"""Entity corrections carried onto the rows: rename, retype, set_country, add_alias, reject_entity, add_entity.

:meth:`EntityCorrections.replay_entity_decisions` replays them as a whole: every corrected entity first gets back
what the machine gave it (``entities.machine``), then the live decisions apply oldest first. Resolution calls it
after every run. An entity marked by hand (``add_entity``) is put back in its document when that is extracted
again (:meth:`EntityCorrections.replay_hand_mentions`). See :mod:`threadline.store.corrections`.
"""

from __future__ import annotations

import json
from typing import Any

from threadline.model import SCHEMA
from threadline.model.names import fold
from threadline.model.records import content_id
from threadline.store.corrections import ENTITY_ACTIONS, HAND
from threadline.store.shared import SQLBase, marks, now


class EntityCorrections(SQLBase):
    """Entity corrections replayed onto the rows (a part of SQLStore, whose other parts supply ``atomic``, ``decisions``)."""

    def replay_entity_decisions(self) -> int:
        """Restore every corrected entity to the machine's values, then apply the live entity decisions in order."""
        with self.atomic():
            self._restore_entities()
            rows = self.decisions(ENTITY_ACTIONS)
            for row in rows:
                self._apply_entity(row["target"], row["action"], row["value"] or {})
            self._drop_hand_orphans()
        return len(rows)

    def _restore_entities(self) -> None:
        x = self._run
        for entity_id, machine in x("SELECT id, machine FROM entities WHERE machine IS NOT NULL").fetchall():
            m = json.loads(machine)
            x("UPDATE entities SET name = ?, type = ?, country = ?, machine = NULL WHERE id = ?",
              (m["name"], m["type"], m["country"], entity_id))
        x("UPDATE entities SET rejected = 0 WHERE rejected != 0")
        x("DELETE FROM aliases WHERE doc_id IS NULL")  # the machine's aliases always name the document they came from
        x("DELETE FROM mentions WHERE extractor = ?", (HAND,))

    def _cluster(self, target: str) -> tuple[str, list[str]] | None:
        row = self._run("SELECT cid FROM canon WHERE id = ?", (target,)).fetchone()
        if row is None:
            return None
        members = [r[0] for r in self._run("SELECT id FROM canon WHERE cid = ? ORDER BY id", (row[0],))]
        return str(row[0]), members

    def _apply_entity(self, target: str, action: str, value: dict[str, Any]) -> None:
        if action == "add_entity":
            self._hand_entity(target, value)
            return
        found = self._cluster(target)
        if found is None:
            return
        cid, members = found
        if action == "rename":
            self._set_entities([cid], name=value["name"])
            self._hand_alias(cid, value["name"])
        elif action == "retype":  # every member, or resolution would see two types and part them
            self._set_entities(members, type=value["type"])
        elif action == "set_country":
            self._set_entities(members, country=value.get("country"))
        elif action == "add_alias":
            self._hand_alias(cid, value["alias"])
        elif action == "reject_entity":
            ids = sorted({*members, *value.get("members", ())})
            self._run(f"UPDATE entities SET rejected = 1 WHERE id IN ({marks(ids)})", ids)

    def _set_entities(self, ids: list[str], **changes: Any) -> None:
        """Set fields of entity rows, first keeping what the machine gave them."""
        for row in self._run(f"SELECT id, name, type, country, machine FROM entities WHERE id IN ({marks(ids)})", ids).fetchall():
            machine = row["machine"] or json.dumps({"name": row["name"], "type": row["type"], "country": row["country"]},
                                                   ensure_ascii=False)
            sets = ", ".join(f"{k} = ?" for k in changes)
            self._run(f"UPDATE entities SET {sets}, machine = ? WHERE id = ?", (*changes.values(), machine, row["id"]))

    def _hand_alias(self, entity_id: str, alias: str) -> None:
        self._run("INSERT INTO aliases (entity_id, alias, folded, doc_id) VALUES (?, ?, ?, NULL) ON CONFLICT DO NOTHING",
                  (entity_id, alias, fold(alias)))

    def _hand_entity(self, entity_id: str, v: dict[str, Any], doc_id: str | None = None) -> None:
        """An entity marked in a document by hand: its row (if new), its name, and its mention there."""
        if doc_id is not None and v["doc_id"] != doc_id:
            return
        if not self._run("SELECT 1 FROM documents WHERE id = ? AND extractor IS NOT NULL", (v["doc_id"],)).fetchone():
            return  # the document is gone, or not yet extracted again: the next replay adds it
        self._run("INSERT INTO entities (id, type, name, country, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  (entity_id, v["type"], v["name"], v.get("country"), v.get("created_at") or now()))
        self._hand_alias(entity_id, v["name"])
        if v["text"] != v["name"]:
            self._hand_alias(entity_id, v["text"])
        self._run(
            'INSERT INTO mentions (id, entity_id, doc_id, start, "end", text, sentence, source, extractor, version, status)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'accepted') ON CONFLICT DO NOTHING",
            (content_id(v["doc_id"], v["start"], v["end"], entity_id, prefix=SCHEMA.fact_kinds["mention"].prefix), entity_id, v["doc_id"], v["start"],
             v["end"], v["text"], v["sentence"], HAND, HAND))

    def replay_hand_mentions(self, doc_id: str) -> None:
        """Put back the entities marked by hand in one document (after it was extracted again)."""
        for row in self.decisions(["add_entity"]):
            self._hand_entity(row["target"], row["value"] or {}, doc_id)

    def _drop_hand_orphans(self) -> None:
        """Entities made by hand whose marking was retracted and that nothing else rests on leave the store."""
        made = [r[0] for r in self._run("SELECT DISTINCT target FROM decisions WHERE action = 'add_entity' ORDER BY target")]
        if not made:
            return
        unused = [r[0] for r in self._run(
            f"SELECT e.id FROM entities e WHERE e.id IN ({marks(made)})"
            " AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.id)"
            " AND NOT EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = e.id AND a.doc_id IS NOT NULL)"
            " AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.claimant_id = e.id)"
            " AND NOT EXISTS (SELECT 1 FROM claim_about ca WHERE ca.entity_id = e.id)"
            " AND NOT EXISTS (SELECT 1 FROM relations r WHERE r.subject_id = e.id OR r.object_id = e.id)"
            " AND NOT EXISTS (SELECT 1 FROM event_entities ee WHERE ee.entity_id = e.id)"
            " AND NOT EXISTS (SELECT 1 FROM entities o WHERE o.canonical_id = e.id)", made)]
        if unused:
            held = marks(unused)
            self._run(f"DELETE FROM merge_candidates WHERE a IN ({held}) OR b IN ({held})", (*unused, *unused))
            self._run(f"DELETE FROM aliases WHERE entity_id IN ({held})", unused)
            self._run(f"DELETE FROM entities WHERE id IN ({held})", unused)
