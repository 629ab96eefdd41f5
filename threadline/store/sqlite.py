"""SQLite backend: one file per investigation, WAL, foreign keys, migrations, FTS5.

The queries are shared with PostgreSQL (:mod:`threadline.store.sql`); this
module connects and runs transactions (:class:`SQLiteConnection`, which the team
registry runs on too), migrates (``PRAGMA user_version``) and searches with FTS5.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from threadline.errors import StoreError
from threadline.store.shared import SQLITE, read_migrations
from threadline.store.sql import SQLStore


def migrations() -> list[tuple[int, str]]:
    """Numbered SQL migrations shipped with the package, in order."""
    return read_migrations()


class SQLiteConnection:
    """A SQLite file opened as Threadline opens every one: WAL, foreign keys, statements with ``?`` placeholders, and
    transactions that join an outer one. The store (:class:`SQLiteStore`) and the team registry both run on it."""

    dialect = SQLITE

    def __init__(self, path: str | Path, *, what: str = "store", timeout: float = 30, durable: bool = False):
        """``what`` names the file in errors; ``durable``: every commit reaches the disk before it returns
        (``synchronous = FULL``; NORMAL may lose the last commits, never consistency, in a power cut)."""
        self.path = str(path)
        try:
            # check_same_thread off: a web request may open the store in one worker thread and use it in another
            # (never two at once); each request has its own connection.
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {what} {self.path}: {exc}") from exc

    def _run(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, args)

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def create_schema(self) -> None:
        """Nothing to create: the file holds the tables (PostgreSQL creates its schema here)."""

    def columns(self, table: str) -> list[str]:
        return [r["name"] for r in self.conn.execute("SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0", (table,))]

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """BEGIN IMMEDIATE: one writer at a time per file; a nested call joins the outer transaction."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")  # deferred: in WAL mode a read snapshot that never blocks writers
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


class SQLiteStore(SQLiteConnection, SQLStore):
    """The default store: an embedded SQLite file."""

    def __init__(self, path: str | Path):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(path)
        self.migrate()

    # -- schema ------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply the migrations this file has not seen yet, each in its own transaction."""
        for number, sql in migrations():
            if number <= self.schema_version:
                continue
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                if number <= self.schema_version:  # another process migrated meanwhile
                    self.conn.execute("ROLLBACK")
                    continue
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                raise StoreError(f"migration {number} failed on {self.path}: {exc}") from exc

    def tables(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'documents_fts%' ORDER BY name")]

    # -- search -------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20, marks: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
        """Ranked by FTS5's bm25 among the newest ``rank_window`` matches (all of them, for a rarer query). The best
        rows are picked from the index alone; their documents and snippets are read for those rows only, in one walk
        of the window from the oldest of them: joining the index to each best row by rowid opened the full-text
        query again for each (about 1 ms a row at 100,000 documents, most of a search), walking it does not."""
        fts = _fts_query(query)
        try:
            floor = self.conn.execute(  # the window's oldest match: a walk down the index, no ranking
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                (fts, self.dialect.rank_window - 1)).fetchone()
            rows = self.conn.execute(
                "WITH hits AS MATERIALIZED (SELECT rowid AS n, rank AS r FROM documents_fts"
                "  WHERE documents_fts MATCH ?1 AND rowid >= ?2 ORDER BY rank, rowid LIMIT ?3)"
                " SELECT d.id, d.title, d.path, d.publisher, d.published, d.date_source, d.language,"
                " snippet(documents_fts, 1, ?4, ?5, ' … ', 16) AS snippet"
                " FROM documents_fts CROSS JOIN hits CROSS JOIN documents d"
                " WHERE documents_fts MATCH ?1 AND documents_fts.rowid >= (SELECT min(n) FROM hits)"
                # +rowid: a test of each row walked, not a lookup (which would open the query once a row)
                " AND hits.n = +documents_fts.rowid AND d.rowid = hits.n ORDER BY hits.r, hits.n",
                (fts, floor[0] if floor else 0, limit, marks[0], marks[1]),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot search for {query!r}: {exc}") from exc
        return [dict(r) for r in rows]


def _fts_query(query: str) -> str:
    """Quote each word so user text never becomes FTS5 syntax by accident."""
    words = [w.replace('"', '""') for w in query.split() if w.strip()]
    return " ".join(f'"{w}"' for w in words) or '""'


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out: list[str] = []
    buf: list[str] = []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out
