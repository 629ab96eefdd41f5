"""PostgreSQL backend: a team's investigations in one server, one schema each.

    postgresql://user@host:5432/dbname?schema=harbour

The URL is psycopg's (libpq's), so a password can stay out of it (``~/.pgpass``
or ``PGPASSWORD``); ``schema`` is Threadline's own parameter, removed before
connecting: it names the PostgreSQL schema that holds this investigation
(created when missing; default ``public``). The queries are shared with SQLite
(:mod:`threadline.store.sql`); this module connects and serialises writers like
SQLite does (an advisory lock per investigation, taken by ``atomic``) in
:class:`PostgresConnection`, which the team registry runs on too; migrates (a
``schema_version`` table, one transaction per migration, an advisory lock so
concurrent openers migrate once); and searches with ``tsvector`` /
``websearch_to_tsquery`` / ``ts_headline``.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql as pgsql
from psycopg.pq import TransactionStatus

from threadline.errors import StoreError
from threadline.model import Extraction
from threadline.model.resolution import EntityResolver
from threadline.store.base import SaveResult
from threadline.store.shared import POSTGRES, read_migrations
from threadline.store.sql import SQLStore

_START, _STOP = "\x02", "\x03"  # ts_headline marks, replaced by the caller's afterwards
_HEADLINE = f'StartSel={_START}, StopSel={_STOP}, MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "'
_cursors = itertools.count()
# Migrations that rewrite a table (CLUSTER), which leaves its visibility map empty: until a VACUUM, an index-only
# scan of it (documents_order, for an entity's pages) reads every row from the table as well.
_REWRITES = {11: "documents"}
_WRITTEN_TABLES = ("documents", "entities", "aliases", "mentions", "relations", "claims", "claim_about", "events",
                   "event_entities")
_FIRST_ANALYSE, _ANALYSE_STEP, _LAST_ANALYSE = 64, 8, 4096  # documents a connection stores before each ANALYZE


def migrations() -> list[tuple[int, str]]:
    """Numbered PostgreSQL migrations shipped with the package, in order."""
    return read_migrations("postgres")


def parse_location(location: str) -> tuple[str, str]:
    """(the URL to connect to, the schema): ``?schema=NAME`` is removed from the URL; default ``public``."""
    parts = urlsplit(location)
    params = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in params if key == "schema"]
    schema = schemas[-1] if schemas else "public"
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]{0,62}", schema) or schema.lower().startswith("pg_"):
        raise StoreError(f"schema must be up to 63 letters, digits, _ or -, not starting with a digit or pg_; not {schema!r}")
    url = urlunsplit(parts._replace(query=urlencode([(k, v) for k, v in params if k != "schema"])))
    return url, schema


def redact(location: str) -> str:
    """The location with any password in it replaced by ***, for messages."""
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


class Row(tuple):  # type: ignore[type-arg]
    """A result row read like sqlite3.Row: by position, by column name, and as ``dict(row)``."""

    names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def _rows(cursor: Any) -> Any:
    """psycopg row factory making :class:`Row` objects."""
    return _row_class(tuple(column.name for column in cursor.description or ()))


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"names": {name: i for i, name in enumerate(names)}, "__slots__": ()})


@lru_cache(maxsize=512)
def psycopg_sql(sql: str) -> str:
    """Shared SQL to psycopg's: ``?`` outside string literals becomes ``%s``, and every ``%`` is doubled."""
    def swap(m: re.Match[str]) -> str:
        token = m.group()
        return "%s" if token == "?" else token.replace("%", "%%")
    return re.sub(r"'(?:[^']|'')*'|\?|%", swap, sql)


def _lock_key(purpose: str, schema: str) -> int:
    """A 64-bit advisory lock key for one purpose in one schema (advisory locks are per database)."""
    digest = hashlib.sha256(f"threadline.{purpose}.{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _websearch(query: str) -> str:
    """Each word quoted, so user text never becomes websearch syntax (or, -, quotes) by accident."""
    words = [w.replace('"', " ").strip() for w in query.split()]
    return " ".join(f'"{w}"' for w in words if w)


class PostgresConnection:
    """A PostgreSQL schema opened as Threadline opens every one: the URL's ``?schema=`` as the search path,
    statements with ``?`` placeholders, and transactions that hold an advisory lock (writers take turns) and join an
    outer one. The store (:class:`PostgresStore`) and the team registry both run on it."""

    dialect = POSTGRES

    def __init__(self, location: str, *, what: str = "store", lock: str = "write"):
        """``what`` names the database in errors; ``lock``: what the write lock is for (one lock per purpose and
        schema, so the team registry's writers never wait for an investigation's)."""
        self.location = location
        url, self.schema = parse_location(location)
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=_rows, connect_timeout=15)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open {what} {redact(location)}: {str(exc).strip()}") from exc
        self._write_key = _lock_key(lock, self.schema)
        self.conn.execute(pgsql.SQL("SET search_path TO {}").format(pgsql.Identifier(self.schema)))

    def _run(self, sql: str, args: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self.conn.execute(psycopg_sql(sql), tuple(args))

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(psycopg_sql(sql), [tuple(r) for r in rows])

    def _stream(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Any]:
        """Rows through a server-side cursor, a few thousand at a time (for tables too big for memory)."""
        with self.conn.cursor(name=f"threadline_{next(_cursors)}", withhold=True) as cur:
            cur.itersize = 2000
            cur.execute(psycopg_sql(sql), tuple(args))
            yield from cur

    def create_schema(self) -> None:
        """Create the URL's schema if it is missing (inside the caller's transaction and lock, if any)."""
        if self.conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (self.schema,)).fetchone() is None:
            self.conn.execute(pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(pgsql.Identifier(self.schema)))

    def columns(self, table: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = %s"
            " AND is_generated = 'NEVER' AND column_name != 'rowid' ORDER BY ordinal_position", (table,))]

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A transaction holding the write lock (of this schema and purpose), so writers take turns as with SQLite;
        readers never wait. A nested call joins the outer transaction."""
        if self.conn.info.transaction_status != TransactionStatus.IDLE:
            yield
            return
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (self._write_key,))
            yield

    def pipelined(self) -> AbstractContextManager[Any]:
        return self.conn.pipeline()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        if self.conn.info.transaction_status != TransactionStatus.IDLE:
            yield
            return
        with self.conn.transaction():
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield

    def close(self) -> None:
        self.conn.close()


class PostgresStore(PostgresConnection, SQLStore):
    """An investigation in a PostgreSQL schema; several people may read and write it at once."""

    def __init__(self, location: str):
        super().__init__(location)
        self.migrate()
        self._saved = 0  # documents this connection has stored
        self._analyse_at = _FIRST_ANALYSE

    # -- schema ------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        (version,) = self.conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()
        return int(version[0])

    def migrate(self) -> None:
        """Create the schema if needed and apply the migrations it has not seen, each in its own transaction."""
        lock = pgsql.SQL("SELECT pg_advisory_xact_lock({})").format(_lock_key("migrate", self.schema))
        try:
            with self.conn.transaction():
                self.conn.execute(lock)
                self.create_schema()
                if self.conn.execute("SELECT to_regclass('schema_version')").fetchall()[0][0] is None:
                    self.conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        except psycopg.Error as exc:
            raise StoreError(f"cannot create schema {self.schema} in {redact(self.location)}: {str(exc).strip()}") from exc
        for number, text in migrations():
            if number <= self.schema_version:
                continue
            try:
                with self.conn.transaction():
                    self.conn.execute(lock)
                    if number <= self.schema_version:  # another process migrated meanwhile
                        continue
                    self.conn.execute(text.encode("utf-8"))
                    self.conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (%s, now()::text)", (number,))
                if number in _REWRITES:  # VACUUM cannot run in the migration's transaction
                    self.conn.execute(pgsql.SQL("VACUUM {}").format(pgsql.Identifier(_REWRITES[number])))
            except psycopg.Error as exc:
                raise StoreError(f"migration {number} failed on {redact(self.location)}: {str(exc).strip()}") from exc

    def tables(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_type = 'BASE TABLE' AND table_name != 'schema_version' ORDER BY 1")]

    def insertion_order(self, table: str, key: Sequence[str]) -> list[str]:
        columns = {r[0] for r in self.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = %s",
            (table,))}
        return ["rowid"] if "rowid" in columns else list(key)

    def loaded(self, table: str) -> None:
        """Move an identity sequence past ids copied in explicitly, so new rows do not collide with them."""
        for (column,) in self.conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = %s AND identity_generation = 'BY DEFAULT'", (table,)).fetchall():
            self.conn.execute(pgsql.SQL("SELECT setval(pg_get_serial_sequence({}, {}), max({})) FROM {}").format(
                pgsql.Literal(f'"{self.schema}"."{table}"'), pgsql.Literal(column), pgsql.Identifier(column),
                pgsql.Identifier(table)))

    # -- saving, search -------------------------------------------------------------------------

    def save(self, extraction: Extraction, signature: tuple[str, bytes] | None = None, *,
             resolve: EntityResolver) -> SaveResult:
        try:
            result = super().save(extraction, signature, resolve=resolve)
        except psycopg.DataError as exc:
            if "NUL" not in str(exc):
                raise
            raise StoreError(f"PostgreSQL cannot store text holding NUL characters ({extraction.document.path or extraction.document.id})") from exc
        self._saved += result.created
        if self._analyse_at <= min(self._saved, _LAST_ANALYSE) and self.conn.info.transaction_status == TransactionStatus.IDLE:
            self._analyse_at *= _ANALYSE_STEP
            self.analyse_written()
        return result

    def analyse_written(self) -> None:
        """Fresh planner statistics for the tables a save writes. A foreign-key check plans its look-up once per
        connection and keeps the plan: planned while the tables were nearly empty, it scans the whole documents
        table for every mention and claim, a cost that grows with the store until autovacuum's first ANALYZE (a
        minute or more into a run) has it planned again. So a connection that writes ANALYZEs them itself after
        64, 512 and 4,096 documents, and the look-ups stay on the index. A member who does not own the tables
        gets PostgreSQL's warning and the old plans."""
        for table in _WRITTEN_TABLES:
            self.conn.execute(pgsql.SQL("ANALYZE {}").format(pgsql.Identifier(table)))

    def search(self, query: str, limit: int = 20, marks: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
        """Ranked by ts_rank among the newest ``rank_window`` matches, in one statement: the planner walks the
        rowid index from the newest document, testing each tsvector (kept in the row since migration 11, so
        reading one is cheap) and ranking it, until the window is full, when matches are common; it reads a
        rare word's matches from the GIN index and sorts them. Snippets are made for the best rows only."""
        words = _websearch(query)
        try:
            # Planned for these words every time (prepare=False): a statement psycopg prepares after five runs
            # could get a generic plan, made without knowing how common the words are, that reads every match
            # of a common word from the GIN index and ranks them all (1.6 s at 100,000 documents).
            rows = self.conn.execute(psycopg_sql(
                "WITH hits AS MATERIALIZED (SELECT n, r FROM ("
                "  SELECT d.rowid AS n, ts_rank(d.search, websearch_to_tsquery('threadline_search', ?)) AS r FROM documents d"
                "  WHERE d.search @@ websearch_to_tsquery('threadline_search', ?) ORDER BY d.rowid DESC LIMIT ?) w"
                "  ORDER BY r DESC, n LIMIT ?)"
                " SELECT d.id, d.title, d.path, d.publisher, d.published, d.date_source, d.language,"
                " ts_headline('threadline_search', d.text, websearch_to_tsquery('threadline_search', ?), ?) AS snippet"
                " FROM hits JOIN documents d ON d.rowid = hits.n ORDER BY hits.r DESC, hits.n"),
                (words, words, self.dialect.rank_window, int(limit), words, _HEADLINE), prepare=False).fetchall()
        except psycopg.Error as exc:
            raise StoreError(f"cannot search for {query!r}: {str(exc).strip()}") from exc
        return [{**dict(r), "snippet": r["snippet"].replace(_START, marks[0]).replace(_STOP, marks[1])} for r in rows]
