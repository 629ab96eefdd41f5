"""An entity's page: the entity, its members and aliases, each of its lists a page at a time, its decisions.

How a list is read a page at a time (the two plans, the totals) is :mod:`threadline.store.profile_pages`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from threadline.errors import InputError, NotFound
from threadline.store.profile_pages import PARTS, PROFILE, TOTAL_CAP, ProfilePages
from threadline.store.shared import decoded, marks

PAGE = 50  # rows of each list an entity's page shows unless asked for more (Workspace.show, the web page)


class ProfileReads(ProfilePages):
    """An entity's page and the reads it rests on (a part of SQLStore)."""

    # -- the entity ---------------------------------------------------------------------

    def canonical_of(self, entity_id: str) -> str:
        row = self._run("SELECT coalesce(canonical_id, id) FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFound(f"no entity with id {entity_id}")
        return str(row[0])

    def members(self, entity_id: str) -> list[str]:
        """Ids of the stored entities resolved into the same canonical entity, oldest first."""
        cid = self._run("SELECT coalesce(canonical_id, id) FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return [] if cid is None else self._members_of(cid[0])

    def _members_of(self, cid: str) -> list[str]:
        return [
            r[0]
            for r in self._run("SELECT id FROM entities WHERE id = ? OR canonical_id = ? ORDER BY rowid", (cid, cid))
        ]

    def entity_profile(
        self, entity_id: str, limit: int | None = None, offset: int = 0, exclude: Iterable[str] = (),
        exact: bool = False,
    ) -> dict[str, Any]:
        cid = self.canonical_of(entity_id)
        members = self._members_of(cid)
        hidden = sorted(set(exclude))
        row = self._run("SELECT * FROM entities WHERE id = ?", (cid,)).fetchone()
        profile = decoded([row])[0]
        profile["members"] = members
        profile["aliases"] = [
            r[0]
            for r in self._run(
                f"SELECT DISTINCT alias FROM aliases WHERE entity_id IN ({marks(members)}) ORDER BY alias", members
            )
        ]
        totals = self._totals(members, hidden, exact=exact)
        for part in PARTS:
            profile[part] = self._part(part, members, hidden, limit, offset, totals)
        profile["totals"] = totals.shown()
        profile["capped"] = {part: part in totals.capped for part in PARTS}
        profile["page"] = {"offset": int(offset), "limit": limit}
        return profile

    def entity_part(
        self, entity_id: str, part: str, limit: int | None = None, offset: int = 0, exclude: Iterable[str] = ()
    ) -> tuple[list[dict[str, Any]], int, bool]:
        """A page of one list of an entity's profile, the list's length (up to the cap), and whether it is longer."""
        if part not in PROFILE:
            raise InputError(f"an entity's list is one of {', '.join(PARTS)}, not {part!r}")
        members = self._members_of(self.canonical_of(entity_id))
        hidden = sorted(set(exclude))
        totals = self._totals(members, hidden, (part,))
        return self._part(part, members, hidden, limit, offset, totals), totals.shown()[part], part in totals.capped

    def entity_history(self, entity_id: str) -> list[dict[str, Any]]:
        """Every decision (live or retracted) on the entity's members or on the claims and relations of its
        profile, oldest first: what ``history`` gives for those ids, found from the decisions' side."""
        members = self._members_of(self.canonical_of(entity_id))

        def mine(x: str) -> str:  # the id x is a member, or a claim or relation of the profile
            return (
                f"({x} IN ({{M}}) OR EXISTS (SELECT 1 FROM claims c WHERE c.id = {x} AND (c.claimant_id IN ({{M}})"
                " OR EXISTS (SELECT 1 FROM claim_about ca WHERE ca.claim_id = c.id AND ca.entity_id IN ({M}))))"
                f" OR EXISTS (SELECT 1 FROM relations r WHERE r.id = {x} AND (r.subject_id IN ({{M}}) OR r.object_id IN ({{M}}))))"
            )

        sql = (
            'SELECT d.id, d.target, d.action, d.value, d."user", d.created_at, d.deleted_at FROM decisions d'
            f" WHERE {mine('d.target')} OR {mine(self.dialect.json('d.value', 'other'))} ORDER BY d.id"
        )
        args = [*members] * sql.count("{M}")
        rows = self._run(sql.replace("{M}", marks(members)), args).fetchall()
        return [{**dict(r), "value": json.loads(r["value"]) if r["value"] else None} for r in rows]


__all__ = ["PAGE", "PARTS", "TOTAL_CAP", "ProfileReads"]
