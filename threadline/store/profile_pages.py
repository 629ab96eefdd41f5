"""How each list of an entity's page is read, a page at a time, with the length of the whole list.

A busy entity (a state body named in most documents) has tens of thousands of
mentions and claims; reading them all to show the first few took seconds. So
every list of a profile (``PARTS``, each a :class:`Part`) is read as a page, ``limit`` rows from
``offset``, and ``totals`` gives each list's length, counted up to ``TOTAL_CAP`` rows: a longer list is
reported as longer than that (``capped``), not counted. (An exact count reads every row of the entity: at 100,000
documents the busiest one, with 324,687 mentions and as many claims about it, took 95-237 ms to count, most of its
page; counting at most ``TOTAL_CAP`` + 1 rows costs about 1 ms a list.) (Not the number of
documents that mention the entity: counting distinct documents reads every
mention, 40 ms for the busiest entity at 20,000 documents, so it is left out.) The lists keep their order: the document's
publication date (undated first), the document, the position in it; events by
their own date.

Two plans give the same page, and the cheaper one is chosen from the counts:

- *from the entity*: every row of the entity through its index, joined to its
  document and sorted. It costs the entity's row count, and is the plan for
  most entities (and for reading a whole list);
- *from the documents*: documents (or events) in list order through an index,
  and the entity's rows in each, until the page is full. It costs the page,
  not the entity, when the entity is in many documents. It reads the first K
  of them, K twice what the page would need if the entity's rows were
  spread evenly; rows in those K documents precede every row in later ones, so
  when they fill the page it is exact, and when they do not the first plan
  runs. Either way the cost stays within a few times the cheaper plan's. For a list
  longer than the cap, whose length is not known, the first read assumes a row in
  every document (``offset + limit`` documents and a few more), and when they do not fill
  the page the rows they held give the entity's density, which sizes the next read (at
  least four times as many documents) or sends the page to the first plan.

``exclude`` leaves out the rows that name other entities by one of the given
ids (claims about the entity made by a protected person, relations to one), in
the pages and in the totals alike, so a page holds ``limit`` rows a reader may
see and the totals count only those.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from threadline.store.shared import SQLBase, decoded, listed, marks

PARTS = ("mentions", "claims_by", "claims_about", "relations", "events")
SPREAD = 2  # documents read from the documents' side: this many times what an even spread needs
# Each list of an entity's page is counted up to this many rows; a longer one is "more than 10,000". Measured at
# 100,000 documents (bench/results/store_scale.md): counting 10,001 index entries of a list takes about 1 ms.
TOTAL_CAP = 10_000


@dataclass(frozen=True)
class Part:
    """How one list of a profile is read. ``{M}`` stands for the member ids' marks, ``{H}`` for the excluded ids'."""

    table: str  # the fact table and its alias
    mine: str  # the row belongs to the entity (as a set: indexes on the entity's ids)
    mine_probe: str  # the same, as a test of one row (the documents' side)
    order: str  # the list's order; d: its document, v: the event itself
    hidden: str  # the row names an excluded id (empty: rows never do)
    counted: str  # one row for each of the entity's rows, when nothing is excluded (counted up to the cap)
    by_events: bool = False  # the list is of events, ordered by their own date, not by document


PROFILE = {
    "mentions": Part(
        "mentions m",
        "m.entity_id IN ({M})",
        "m.entity_id IN ({M})",
        "d.published NULLS FIRST, d.id, m.start, m.rowid",
        "",
        "SELECT 1 FROM mentions WHERE entity_id IN ({M})",
    ),
    "claims_by": Part(
        "claims c",
        "c.claimant_id IN ({M})",
        "c.claimant_id IN ({M})",
        "d.published NULLS FIRST, d.id, c.start, c.rowid",
        "",
        "SELECT 1 FROM claims WHERE claimant_id IN ({M})",
    ),
    "claims_about": Part(
        "claims c",
        "c.id IN (SELECT claim_id FROM claim_about WHERE entity_id IN ({M}))",
        "EXISTS (SELECT 1 FROM claim_about ca WHERE ca.claim_id = c.id AND ca.entity_id IN ({M}))",
        "d.published NULLS FIRST, d.id, c.start, c.rowid",
        "c.claimant_id IN ({H})",
        "SELECT DISTINCT claim_id FROM claim_about WHERE entity_id IN ({M})",
    ),
    "relations": Part(
        "relations r",
        "(r.subject_id IN ({M}) OR r.object_id IN ({M}))",
        "(r.subject_id IN ({M}) OR r.object_id IN ({M}))",
        "d.published NULLS FIRST, d.id, r.start, r.rowid",
        "(r.subject_id IN ({H}) OR r.object_id IN ({H}))",
        # as subject, plus as object with another subject: two index-only reads (an OR reads every row)
        "SELECT 1 FROM relations WHERE subject_id IN ({M})"
        " UNION ALL SELECT 1 FROM relations WHERE object_id IN ({M}) AND subject_id NOT IN ({M})",
    ),
    "events": Part(
        "events v",
        "v.id IN (SELECT event_id FROM event_entities WHERE entity_id IN ({M}))",
        "EXISTS (SELECT 1 FROM event_entities ee WHERE ee.event_id = v.id AND ee.entity_id IN ({M}))",
        "v.date, v.rowid",
        "",
        "SELECT DISTINCT event_id FROM event_entities WHERE entity_id IN ({M})",
        by_events=True,
    ),
}
_SINGLE = {  # with one member, a claim or event is about it at most once: no DISTINCT, from the index alone
    "claims_about": "SELECT 1 FROM claim_about WHERE entity_id IN ({M})",
    "events": "SELECT 1 FROM event_entities WHERE entity_id IN ({M})",
}


@dataclass(frozen=True)
class Totals:
    """Each list's length as counted, and what the plan of a page needs besides."""

    counts: dict[str, int]  # each list's length; for a list longer than the cap, the cap + 1 (a floor)
    capped: frozenset[str]  # the lists longer than the cap
    documents: int  # about how many documents and events are stored (estimates, for the plan)
    events: int

    def shown(self) -> dict[str, int]:
        """The totals a page shows: each list's length, the cap for a longer one (``capped`` says which)."""
        return {k: v - 1 if k in self.capped else v for k, v in self.counts.items()}


class ProfilePages(SQLBase):
    """Counts and pages of an entity's lists, by the cheaper plan (the base of :class:`~threadline.store.profile.ProfileReads`)."""

    total_cap: int | None = TOTAL_CAP  # lists are counted up to this many rows (None: exactly)

    def _totals(
        self, members: list[str], hidden: list[str], parts: Sequence[str] = PARTS, exact: bool = False
    ) -> Totals:
        """Each list's length, up to the cap unless ``exact``, and (for the plan only) the documents and events stored."""
        cap = None if exact else self.total_cap
        m = marks(members)
        queries, args = [], []
        for name in parts:
            part = PROFILE[name]
            if hidden and part.hidden:
                sql = f"SELECT 1 FROM {part.table} WHERE {part.mine} AND NOT {part.hidden}"
                args += [*members] * sql.count("{M}") + hidden * sql.count("{H}")
            else:
                sql = _SINGLE.get(name, part.counted) if len(members) == 1 else part.counted
                args += [*members] * sql.count("{M}")
            limit = "" if cap is None else f" LIMIT {int(cap) + 1}"
            queries.append(f"SELECT count(*) FROM ({sql}{limit}) t".replace("{M}", m).replace("{H}", marks(hidden)))
        queries += [self.dialect.rows_estimate.format(table=t) for t in ("documents", "events")]
        row = self._run("SELECT " + ", ".join(f"({q})" for q in queries), args).fetchone()
        counts = {name: int(value) for name, value in zip(parts, row, strict=False)}
        capped = frozenset(k for k, v in counts.items() if cap is not None and v > cap)
        return Totals(counts, capped, int(row[-2]), int(row[-1]))

    def _part(
        self, name: str, members: list[str], hidden: list[str], limit: int | None, offset: int, totals: Totals
    ) -> list[dict[str, Any]]:
        total, capped = totals.counts[name], name in totals.capped  # capped: the list is longer than total
        offset = max(0, int(offset))
        if offset >= total and not capped or limit is not None and limit <= 0:
            return []
        if limit is not None and (capped or offset + limit < total):
            keys = self._from_documents(name, members, hidden, limit, offset, totals)
            if keys is not None:
                return self._rows(name, keys)
        return self._rows(name, self._keys(name, members, hidden, limit, offset, None))

    def _from_documents(
        self, name: str, members: list[str], hidden: list[str], limit: int, offset: int, totals: Totals
    ) -> list[Any] | None:
        """The page's row ids read from the first documents, or None when the entity's own rows are the cheaper
        read or the documents read did not fill the page.

        ``first`` documents are what an even spread of the list's rows needs, ``SPREAD`` times over. A capped list
        is longer than its count, so that is a ceiling: its first read assumes a row in every document, and each
        next one reads what the entity's rows in those documents (its density) say the page needs, ``SPREAD``
        times over, but two to four times as many documents as before and no more than the ceiling, while that
        density says the list is long enough for the documents to be the cheaper read."""
        total, capped = totals.counts[name], name in totals.capped
        stored = totals.events if PROFILE[name].by_events else totals.documents
        ceiling = math.ceil(SPREAD * (offset + limit) * stored / total) + 8
        first = min(ceiling, offset + limit + 8) if capped else ceiling
        estimate = total  # about how many rows the entity's own index would read (a floor when capped)
        while first < stored and first * self.dialect.document_cost < estimate:
            keys = self._keys(name, members, hidden, limit, offset, first)
            if len(keys) >= limit:
                return keys
            if first >= ceiling:
                return None
            held = offset + len(keys) if keys else 0  # the entity's rows in those documents (0: at most offset)
            estimate = max(total, math.ceil((held + 1) * stored / first))
            needs = math.ceil(SPREAD * (offset + limit) * first / (held + 1)) + 8  # at the density found
            first = min(ceiling, max(2 * first, min(4 * first, needs)))
        return None

    def _keys(
        self, name: str, members: list[str], hidden: list[str], limit: int | None, offset: int, first: int | None
    ) -> list[Any]:
        """Row ids of one page, in list order: from the entity (``first`` None) or from the first ``first`` documents."""
        part = PROFILE[name]
        alias = part.table.split()[1]
        exclude = f" AND NOT {part.hidden}" if hidden and part.hidden else ""
        page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
        if first is None:
            joined = "" if part.by_events else f" JOIN documents d ON d.id = {alias}.doc_id"
            sql = f"SELECT {alias}.id FROM {part.table}{joined} WHERE {part.mine}{exclude} ORDER BY {part.order}{page}"
            head: list[Any] = []
        elif part.by_events:
            sql = (
                f"WITH v AS MATERIALIZED (SELECT id, date, rowid AS n FROM events ORDER BY date, rowid LIMIT ?)"
                f" SELECT v.id FROM v WHERE {part.mine_probe} ORDER BY v.date, v.n{page}"
            )
            head = [first]
        else:
            sql = (
                f"WITH d AS MATERIALIZED (SELECT id, published FROM documents ORDER BY published NULLS FIRST, id LIMIT ?)"
                f" SELECT {alias}.id FROM d CROSS JOIN {part.table} WHERE {alias}.doc_id = d.id AND {part.mine_probe}"
                f"{exclude} ORDER BY {part.order}{page}"
            )
            head = [first]
        args = [*head, *[*members] * sql.count("{M}"), *hidden * sql.count("{H}")]
        sql = sql.replace("{M}", marks(members)).replace("{H}", marks(hidden))
        return [r[0] for r in self._run(sql, args)]

    def _rows(self, name: str, keys: list[Any]) -> list[dict[str, Any]]:
        """The rows of one page, with their documents, in the order of ``keys``."""
        if not keys:
            return []
        where = f"id IN ({marks(keys)})"
        if name == "mentions":
            sql = (
                'SELECT m.id AS _key, m.text, m.sentence, m.start, m."end", m.status, d.id AS doc_id, d.title, d.path,'
                " d.publisher, d.published, d.date_source, d.language AS doc_language,"
                f" {self.dialect.page('m.start')} FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.{where}"
            )
        elif name in ("claims_by", "claims_about"):
            sql = self.claims_sql().replace("SELECT ", "SELECT c.id AS _key, ", 1) + f" WHERE c.{where}"
        elif name == "relations":
            sql = (
                "SELECT r.id AS _key, r.id, s.name AS subject, ks.cid AS subject_id, r.predicate, o.name AS object,"
                " ko.cid AS object_id, r.sentence, r.status, r.doc_id, d.title, d.path, d.publisher, d.published,"
                " d.date_source, d.language AS doc_language, r.machine, r.extractor FROM relations r"
                " JOIN canon ks ON ks.id = r.subject_id JOIN entities s ON s.id = ks.cid"
                " JOIN canon ko ON ko.id = r.object_id JOIN entities o ON o.id = ko.cid JOIN documents d ON d.id = r.doc_id"
                f" WHERE r.{where}"
            )
        else:
            sql = (
                "SELECT v.id AS _key, v.id, v.what, v.date, v.precision, v.sentence, v.doc_id, d.title, d.path"
                f" FROM events v JOIN documents d ON d.id = v.doc_id WHERE v.{where}"
            )
        found = {r["_key"]: r for r in decoded(self._run(sql, keys))}
        out = []
        for key in keys:
            row = found[key]
            row.pop("_key")
            out.append(row)
        return listed(out, "about") if name in ("claims_by", "claims_about") else out

