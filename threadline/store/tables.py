"""Raw access to the store's tables for tools: transfer between backends, integrity checks, tests."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from threadline.store.shared import SQLBase, marks


class TableAccess(SQLBase):
    """Tables as rows: listed, counted, streamed, emptied, filled and updated as they are."""

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read-only query in portable SQL (``?`` placeholders), as dicts."""
        return [dict(r) for r in self._run(sql, args)]

    def tables(self) -> list[str]:
        """The investigation's tables (not views, not search indexes)."""
        raise NotImplementedError

    def columns(self, table: str) -> list[str]:
        """A table's stored columns: not generated ones, not PostgreSQL's explicit rowid."""
        raise NotImplementedError

    def rows(self, table: str, columns: Sequence[str], order: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """Every row of a table (the given columns, in the given order), streamed."""
        cols = ", ".join(f'"{c}"' for c in columns)
        keys = ", ".join(f'"{c}"' for c in order)
        for row in self._stream(f'SELECT {cols} FROM "{table}" ORDER BY {keys}'):
            yield tuple(row)

    def insertion_order(self, table: str, key: Sequence[str]) -> list[str]:
        """Columns that list a table's rows in the order they were inserted (else by ``key``)."""
        return ["rowid"]

    def count_rows(self, table: str) -> int:
        return int(self._run(f'SELECT count(*) FROM "{table}"').fetchone()[0])

    def delete_rows(self, table: str) -> None:
        """Empty a table. Use inside ``atomic``."""
        self._run(f'DELETE FROM "{table}"')

    def update_rows(self, table: str, columns: Sequence[str], key: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Set ``columns`` of the rows found by ``key``; each row holds the new values, then the key values."""
        sets = ", ".join(f'"{c}" = ?' for c in columns)
        where = " AND ".join(f'"{c}" = ?' for c in key)
        self._run_many(f'UPDATE "{table}" SET {sets} WHERE {where}', rows)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert rows as they are (ids included); returns the count. Use inside ``atomic``."""
        cols = ", ".join(f'"{c}"' for c in columns)
        sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks(columns)})'
        count, chunk = 0, []
        for row in rows:
            chunk.append(tuple(row))
            if len(chunk) >= 2000:
                self._run_many(sql, chunk)
                count, chunk = count + len(chunk), []
        if chunk:
            self._run_many(sql, chunk)
        return count + len(chunk)

    def loaded(self, table: str) -> None:
        """Called after ``insert_rows`` filled a table with explicit ids (PostgreSQL moves its id sequence on)."""
