"""An analyst's corrections, carried onto the rows: the effect of decisions, never the record of them.

Every correction is a row of ``decisions`` (who, when, retractable). This mixin of
:class:`~threadline.store.sql.SQLStore` writes what the live ones mean:

- entity corrections (rename, retype, set_country, add_alias, reject_entity, add_entity)
  are replayed as a whole by :meth:`replay_entity_decisions`: first every corrected
  entity gets back what the machine gave it (kept in ``entities.machine``), then the
  live decisions apply oldest first. Resolution calls it after every run, so a new
  canonical member, a re-extracted document or a retraction never leaves a decision
  undone or half-done;
- fact corrections (accept, reject, edit, add_claim, add_relation) are replayed per
  document when it is extracted again, and per fact when one is retracted
  (:meth:`restore_fact` first).

A corrected fact or entity keeps the machine's values beside the corrected ones in its
``machine`` column (JSON); rows an analyst made by hand carry the extractor ``hand``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from threadline.errors import InputError, NotFound
from threadline.model import SCHEMA
from threadline.model.names import fold
from threadline.model.records import content_id
from threadline.model.rows import DecisionRow
from threadline.store.shared import SQLBase, decision_row, marks, now

ENTITY_ACTIONS = ("rename", "retype", "set_country", "add_alias", "reject_entity", "add_entity")
FACT_ACTIONS = ("accept", "reject", "edit", "add_claim", "add_relation")
HAND = "hand"  # extractor (and mention source) of rows an analyst made

# What an edit may change in each fact table (schema/facts.yaml); "about" is the claim_about rows of a claim.
EDITABLE = {k.table: set(k.columns) for k in SCHEMA.fact_kinds.values()}
FACT_PREFIXES = {k.prefix: k.table for k in SCHEMA.fact_kinds.values()}
FACT_KINDS = {k.table: k.name for k in SCHEMA.fact_kinds.values()}


def fact_table(fact_id: str) -> str:
    table = FACT_PREFIXES.get(fact_id[:4])
    if table is None:
        raise NotFound(f"no fact with id {fact_id}")
    return table


def hand_fact_id(kind: str, value: dict[str, Any]) -> str:
    """The id of a claim or relation made by hand: from its document, offsets and content, as machine ids are."""
    if kind == "claim":
        return content_id(value["doc_id"], value.get("claimant_id"), value["stance"], value["start"], value["end"], HAND,
                          prefix=SCHEMA.fact_kinds["claim"].prefix)
    return content_id(value["doc_id"], value["subject_id"], value["predicate"], value["object_id"], value["start"],
                      value["end"], HAND, prefix=SCHEMA.fact_kinds["relation"].prefix)


class Corrections(SQLBase):
    """Corrections replayed onto the rows (a part of SQLStore, whose other parts supply ``atomic``, ``decisions``)."""

    def decision(self, decision_id: int) -> DecisionRow:
        """One decision, live or retracted; NotFound if there is none with that id."""
        row = self._run('SELECT id, target, action, value, "user", created_at, deleted_at FROM decisions WHERE id = ?',
                        (int(decision_id),)).fetchone()
        if row is None:
            raise NotFound(f"no decision {decision_id}")
        return decision_row(row)

    def oldest(self, entity_ids: Sequence[str]) -> str:
        """The first stored of these entities: the one that names a cluster they both join."""
        ids = list(entity_ids)
        row = self._run(f"SELECT id FROM entities WHERE id IN ({marks(ids)}) ORDER BY rowid LIMIT 1", ids).fetchone()
        if row is None:
            raise NotFound(f"no entity with id {ids[0]}")
        return str(row[0])

    # -- entities ----------------------------------------------------------------------------

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

    # -- facts --------------------------------------------------------------------------------

    def update_fact(self, fact_id: str, changes: dict[str, Any]) -> None:
        """Set review status or corrected fields of one fact; the machine's values of those fields are kept in ``machine``."""
        table = fact_table(fact_id)
        bad = set(changes) - EDITABLE[table]
        if bad:
            raise InputError(f"cannot edit {', '.join(sorted(bad))} of a {FACT_KINDS[table]}")
        row = self._run(f"SELECT * FROM {table} WHERE id = ?", (fact_id,)).fetchone()
        if row is None:
            raise NotFound(f"no fact with id {fact_id}")
        if not changes:
            return
        sets = {k: v for k, v in changes.items() if k != "about"}
        fields = [k for k in changes if k != "status"]
        if fields and table != "mentions":
            machine = json.loads(row["machine"] or "{}")
            for key in fields:
                if key not in machine:
                    machine[key] = self._about_ids(fact_id) if key == "about" else row[key]
            sets["machine"] = json.dumps(machine, ensure_ascii=False)
        if sets:
            self._run(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", (*sets.values(), fact_id))
        if "about" in changes:
            self._set_about(fact_id, changes["about"])

    def _set_about(self, claim_id: str, about: Iterable[str]) -> None:
        self._run("DELETE FROM claim_about WHERE claim_id = ?", (claim_id,))
        for entity_id in dict.fromkeys(about):
            self._run("INSERT INTO claim_about (claim_id, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING", (claim_id, entity_id))

    def restore_fact(self, fact_id: str) -> None:
        """Give a fact back the machine's values and status (a fact made by hand leaves); see ``replay_fact_decisions``."""
        table = fact_table(fact_id)
        row = self._run(f"SELECT * FROM {table} WHERE id = ?", (fact_id,)).fetchone()
        if row is None:
            return
        if row["extractor"] == HAND and table in ("claims", "relations"):
            self._run(f"DELETE FROM {table} WHERE id = ?", (fact_id,))
            return
        machine = json.loads(row["machine"] or "{}") if table != "mentions" else {}
        about = machine.pop("about", None)
        sets = {**machine, "status": "machine", **({"machine": None} if table != "mentions" else {})}
        self._run(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", (*sets.values(), fact_id))
        if about is not None:
            self._set_about(fact_id, about)

    def replay_fact_decisions(self, doc_id: str | None = None, target: str | None = None) -> int:
        """Re-apply the live accept/reject/edit decisions and the facts made by hand (of one document, or one fact)."""
        rows = [r for r in self.decisions(FACT_ACTIONS)
                if target is None or r["target"] == target]
        applied = 0
        for row in rows:
            fact_id, action, value = row["target"], row["action"], row["value"] or {}
            if action in ("add_claim", "add_relation"):
                applied += self._hand_fact(fact_id, action, value, doc_id)
                continue
            table = FACT_PREFIXES.get(fact_id[:4])
            if table is None:
                continue
            where, args = "id = ?", [fact_id]
            if doc_id is not None:
                where, args = where + " AND doc_id = ?", [fact_id, doc_id]
            if not self._run(f"SELECT 1 FROM {table} WHERE {where}", args).fetchone():
                continue
            if action == "edit":
                changes = {k: v for k, v in (value.get("after") or {}).items() if k in EDITABLE[table]}
                self.update_fact(fact_id, changes)
            else:
                self._run(f"UPDATE {table} SET status = ? WHERE id = ?", ("accepted" if action == "accept" else "rejected", fact_id))
            applied += 1
        return applied

    def _hand_fact(self, fact_id: str, action: str, v: dict[str, Any], doc_id: str | None) -> int:
        """A claim or relation an analyst made from a sentence: inserted again if its document was re-extracted."""
        if doc_id is not None and v["doc_id"] != doc_id:
            return 0
        if not self._run("SELECT 1 FROM documents WHERE id = ? AND extractor IS NOT NULL", (v["doc_id"],)).fetchone():
            return 0
        if action == "add_claim":
            done = self._run(
                'INSERT INTO claims (id, claimant_id, source, stance, text, cue, doc_id, start, "end", sentence, extractor, version,'
                " status) VALUES (?, ?, NULL, ?, ?, NULL, ?, ?, ?, ?, ?, '', 'accepted') ON CONFLICT DO NOTHING",
                (fact_id, v.get("claimant_id"), v["stance"], v["text"], v["doc_id"], v["start"], v["end"], v["sentence"], HAND),
            ).rowcount
            if done:
                self._set_about(fact_id, v.get("about") or ())
            return int(done)
        return int(self._run(
            'INSERT INTO relations (id, subject_id, predicate, object_id, doc_id, start, "end", sentence, extractor, version,'
            " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'accepted') ON CONFLICT DO NOTHING",
            (fact_id, v["subject_id"], v["predicate"], v["object_id"], v["doc_id"], v["start"], v["end"], v["sentence"], HAND),
        ).rowcount)
