"""Fact corrections carried onto the rows: accept, reject, edit, and claims and relations made by hand.

A corrected fact keeps the machine's values of the fields changed in its ``machine`` column (JSON);
:meth:`FactCorrections.restore_fact` gives them back, and :meth:`FactCorrections.replay_fact_decisions`
applies the live decisions again (of a document extracted again, or of one fact after a retraction).
See :mod:`threadline.store.corrections`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from threadline.errors import InputError, NotFound
from threadline.store.corrections import EDITABLE, FACT_ACTIONS, FACT_KINDS, FACT_PREFIXES, HAND, fact_table
from threadline.store.shared import SQLBase


class FactCorrections(SQLBase):
    """Fact corrections replayed onto the rows (a part of SQLStore, whose other parts supply ``decisions``)."""

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
