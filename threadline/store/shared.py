"""What every SQL module of the store shares: the dialect, the seam a backend fills, row helpers.

The store's SQL is written once for both engines: SQLite (3.39 or newer) and PostgreSQL, with ``?`` placeholders.
A backend supplies a connection (``_run``, ``_run_many``), transactions (``atomic``), migrations, full-text search
and a :class:`Dialect`: the few fragments the two engines spell differently. Conventions the queries rely on:

- insertion order is ``rowid``: implicit in SQLite, an identity column in PostgreSQL;
- ``end`` and ``user`` are reserved words in PostgreSQL and are always quoted;
- NULL ordering is explicit (``NULLS FIRST``/``LAST``), as the engines' defaults differ;
- every ORDER BY is total (a last tie-break on rowid or a key), so both backends
  return rows in the same order;
- JSON is stored as text and read through :class:`Dialect` fragments.

:class:`SQLBase` is the base of every part of :class:`~threadline.store.sql.SQLStore` (the writer, the read
modules, the table tools, corrections, profiles): the backend's seam and the SQL fragments several parts use.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from importlib import resources
from typing import Any

from threadline.model.rows import DecisionRow
from threadline.store.base import Store

LIST_SEP = "\x1f"  # joins a list inside one SQL value (aliases, what a claim is about); no name holds it


def listed(rows: Iterable[Any], *keys: str) -> list[dict[str, Any]]:
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
    # (store/profile_pages.py): SQLite joins each of the entity's rows to its document one lookup at a time, so walking
    # documents pays off early; PostgreSQL hashes the join and sorts the top rows, 0.1-0.3 µs a row measured.
    document_cost: int = 1
    # A search matching more documents than this is ranked among its rank_window newest matches (the last added),
    # not all of them, on both backends: ranking reads every match (FTS5's bm25 about 2-6 µs each; PostgreSQL's
    # ts_rank read each tsvector from TOAST, about 18 µs, before migration 11 kept them in the row), so a word found
    # in nearly every document cost 40 ms and 400 ms at 20,000 documents, growing with the store. At 100,000
    # documents bm25 over a 10,000-match window took 50-80 ms, over 2,000 about 20 (bench/results/store_scale.md).
    # Backends rank differently anyway (bm25 against ts_rank); the window is the same.
    rank_window: int = 2_000
    # About how many rows {table} holds, cheaply (the plan of an entity's page needs no more).
    rows_estimate: str = "SELECT coalesce(max(rowid), 0) FROM {table}"
    # Column types of tables made in code rather than by the migrations (the team registry's): a float, and an
    # integer key the engine numbers.
    real: str = "REAL"
    identity: str = "INTEGER PRIMARY KEY AUTOINCREMENT"

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
    rows_estimate="SELECT CASE WHEN max(reltuples) > 0 THEN max(reltuples)::bigint ELSE (SELECT count(*) FROM {table}) END"
                  " FROM pg_class WHERE oid = to_regclass('{table}')",  # the planner's count, once analysed
    real="DOUBLE PRECISION",
    identity="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
)

def marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def visible(row: Any) -> dict[str, Any]:
    """A row as a dict, without PostgreSQL's explicit ``rowid`` (SQLite's is never selected by ``*``)."""
    out = dict(row)
    out.pop("rowid", None)
    return out


def decoded(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Rows as dicts with ``machine`` (the machine's values beside an analyst's correction) decoded from JSON."""
    out = []
    for row in rows:
        item = visible(row)
        if "machine" in item:
            item["machine"] = json.loads(item["machine"]) if item["machine"] else None
        out.append(item)
    return out


def decision_row(row: Any) -> DecisionRow:
    """A row of ``decisions`` (every column, in table order) with its ``value`` decoded from JSON."""
    return DecisionRow(id=row["id"], target=row["target"], action=row["action"],
                       value=json.loads(row["value"]) if row["value"] else None, user=row["user"],
                       created_at=row["created_at"], deleted_at=row["deleted_at"])


class SQLBase(Store):
    """The seam a backend fills (connection, read snapshots) and SQL fragments shared by the store's parts."""

    dialect: Dialect

    # -- what a backend provides -------------------------------------------------------

    def _run(self, sql: str, args: Sequence[Any] = ()) -> Any:
        """Execute one statement with ``?`` placeholders; returns a cursor (iterable, fetchone, rowcount)."""
        raise NotImplementedError

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def pipelined(self) -> AbstractContextManager[Any]:
        """Writes sent without waiting for each one's answer, where the backend talks over a socket (PostgreSQL's
        pipeline mode): a read waits for the writes before it, but a write's ``rowcount`` is known only once the
        block ends. In-process SQLite has no round trips to save."""
        return nullcontext()

    def snapshot(self) -> AbstractContextManager[None]:
        """A read-only transaction: every read inside sees the store as it was when it began."""
        raise NotImplementedError

    def _stream(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Any]:
        """Rows of a query that may be too big to hold in memory at once."""
        return iter(self._run(sql, args))

    # -- fragments several reads share -------------------------------------------------------

    def _aliases_of(self, entity: str) -> str:
        """SQL for the aliases (other than the name) of a canonical entity, joined with LIST_SEP (see listed)."""
        return (f"(SELECT {self.dialect.concat('alias', LIST_SEP)} FROM (SELECT DISTINCT a.alias FROM aliases a"
                f" JOIN canon k2 ON k2.id = a.entity_id WHERE k2.cid = {entity}.id AND a.alias != {entity}.name"
                " ORDER BY a.alias) s)")

    def _about(self) -> str:
        """SQL for the names of the canonical entities a claim ``c`` is about, joined with LIST_SEP (see listed)."""
        return (f"(SELECT {self.dialect.concat('name', LIST_SEP)} FROM (SELECT DISTINCT x.name FROM claim_about ca"
                " JOIN canon kx ON kx.id = ca.entity_id JOIN entities x ON x.id = kx.cid WHERE ca.claim_id = c.id AND x.rejected = 0"
                " ORDER BY x.name) s)")

    def claims_sql(self) -> str:
        """SELECT and FROM of a claim as ``claims`` lists it, with its document, page and what it is about."""
        return (
            'SELECT c.id, c.stance, c.text, c.sentence, c.status, c.start, c."end", e.name AS claimant, e.id AS claimant_id,'
            " c.source AS unnamed_source, c.machine, c.extractor,"
            f" d.id AS doc_id, d.title, d.path, d.publisher, d.published, d.date_source, d.language AS doc_language, {self.dialect.page('c.start')}, {self._about()} AS about"
            " FROM claims c LEFT JOIN canon kc ON kc.id = c.claimant_id LEFT JOIN entities e ON e.id = kc.cid"
            " JOIN documents d ON d.id = c.doc_id"
        )

    def _about_ids(self, claim_id: str) -> list[str]:
        return [r[0] for r in self._run("SELECT entity_id FROM claim_about WHERE claim_id = ? ORDER BY entity_id", (claim_id,))]
