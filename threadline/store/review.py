"""Reads for review: the queue of facts to check, decisions and their history, merge candidates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from threadline.errors import InputError, NotFound
from threadline.model.rows import DecisionRow, MergeCandidate
from threadline.store.shared import SQLBase, decision_row, decoded, listed, marks


class ReviewReads(SQLBase):
    """What awaits an analyst and what analysts decided."""

    def review_queue(self, kind: str, statuses: Iterable[str] = ("machine",), limit: int = 50,
                     offset: int = 0) -> list[dict[str, Any]]:
        statuses = tuple(statuses)
        if kind == "claim":
            sql = (
                'SELECT c.id, \'claim\' AS kind, c.stance, c.text, c.sentence, c.status, c.start, c."end", ek.id AS claimant_id,'
                f" ek.name AS claimant, d.id AS doc_id, d.title, d.publisher, d.published, d.date_source, d.language AS doc_language, {self._about()} AS about,"
                " c.machine, c.extractor"
                " FROM claims c LEFT JOIN canon kc ON kc.id = c.claimant_id LEFT JOIN entities ek ON ek.id = kc.cid"
                f" JOIN documents d ON d.id = c.doc_id WHERE c.status IN ({marks(statuses)}) AND coalesce(ek.rejected, 0) = 0"
                " ORDER BY c.stance = 'alleges' DESC, d.published DESC NULLS LAST, d.id, c.start, c.rowid LIMIT ? OFFSET ?"
            )
        elif kind == "relation":
            sql = (
                "SELECT r.id, 'relation' AS kind, s.id AS subject_id, s.name AS subject, r.predicate, o.id AS object_id,"
                ' o.name AS object, r.sentence, r.status, r.start, r."end", d.id AS doc_id, d.title, d.publisher, d.published,'
                " r.machine, r.extractor"
                " FROM relations r JOIN canon ks ON ks.id = r.subject_id JOIN entities s ON s.id = ks.cid"
                " JOIN canon ko ON ko.id = r.object_id JOIN entities o ON o.id = ko.cid JOIN documents d ON d.id = r.doc_id"
                f" WHERE r.status IN ({marks(statuses)}) AND s.rejected = 0 AND o.rejected = 0"
                " ORDER BY d.published DESC NULLS LAST, d.id, r.start, r.rowid LIMIT ? OFFSET ?"
            )
        else:
            raise InputError(f"review kind must be claim or relation, not {kind!r}")
        return decoded(listed(self._run(sql, (*statuses, int(limit), int(offset))), "about"))

    def decision(self, decision_id: int) -> DecisionRow:
        """One decision, live or retracted; NotFound if there is none with that id."""
        row = self._run('SELECT id, target, action, value, "user", created_at, deleted_at FROM decisions WHERE id = ?',
                        (int(decision_id),)).fetchone()
        if row is None:
            raise NotFound(f"no decision {decision_id}")
        return decision_row(row)

    def history(self, targets: Iterable[str]) -> list[DecisionRow]:
        targets = list(dict.fromkeys(targets))
        if not targets:
            return []
        held = marks(targets)
        rows = self._run(
            'SELECT id, target, action, value, "user", created_at, deleted_at FROM decisions'
            f" WHERE target IN ({held}) OR {self.dialect.json('value', 'other')} IN ({held}) ORDER BY id",
            (*targets, *targets)).fetchall()
        return [decision_row(r) for r in rows]

    def decisions(self, actions: Iterable[str] | None = None) -> list[DecisionRow]:
        """Live (not retracted) review decisions, oldest first."""
        sql = "SELECT * FROM decisions WHERE deleted_at IS NULL"
        args: list[Any] = []
        if actions:
            acts = list(actions)
            sql += f" AND action IN ({marks(acts)})"
            args.extend(acts)
        return [decision_row(r) for r in self._run(sql + " ORDER BY id", args)]

    def merge_candidates(self, limit: int | None = None) -> list[MergeCandidate]:
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
        return [cast(MergeCandidate, dict(r)) for r in self._run(sql)]
