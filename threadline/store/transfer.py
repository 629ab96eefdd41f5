"""Copy an investigation from one store to another (SQLite and PostgreSQL, either way), then prove nothing was lost.

    report = migrate("inv.db", "postgresql://me@db.example/threadline?schema=harbour")
    report.ok          # every table has the same row count and checksum on both sides

Every table is copied as stored: ids, canonical ids, protection, review statuses,
decision ids and timestamps, in insertion order. The target must be empty
(``force`` empties it first), and the copy is one transaction on the target.
The check reads both stores again with the same function: per table, the row
count and a SHA-256 over every column of every row in key order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from threadline.errors import InputError, StoreError
from threadline.store import display_location, is_url, open_store
from threadline.store.sql import SQLStore


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]        # unique: the order rows are checksummed in
    deferred: tuple[str, ...] = ()  # columns pointing at rows of the same table, set once every row is in


# In an order that satisfies every foreign key. A table the source has and this list lacks stops the copy.
TABLES = (
    Table("documents", ("id",)),
    Table("document_locations", ("doc_id", "location")),
    Table("document_signatures", ("doc_id",)),
    Table("entities", ("id",), deferred=("canonical_id",)),
    Table("aliases", ("entity_id", "folded")),
    Table("mentions", ("id",)),
    Table("relations", ("id",)),
    Table("claims", ("id",)),
    Table("claim_about", ("claim_id", "entity_id")),
    Table("events", ("id",)),
    Table("event_entities", ("event_id", "entity_id")),
    Table("decisions", ("id",)),
    Table("resolution_runs", ("id",)),
    Table("merge_candidates", ("a", "b")),
    Table("reference_entities", ("dataset", "id")),
    Table("settings", ("name",)),
)


@dataclass(frozen=True)
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sum == self.target_sum


@dataclass(frozen=True)
class TransferReport:
    source: str
    target: str
    tables: list[TableCheck]

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)


def migrate(source_location: str, target_location: str, force: bool = False) -> TransferReport:
    """Copy every table of the investigation at ``source_location`` into ``target_location``, then compare them.

    Raises ``InputError`` when the source does not exist or is the target, and
    ``StoreError`` when the target holds data (unless ``force``) or a table
    cannot be copied.
    """
    if source_location == target_location:
        raise InputError("the source and the target are the same store")
    if not is_url(source_location) and not Path(source_location).is_file():
        raise InputError(f"no store at {source_location}")
    source = _open(source_location)
    try:
        target = _open(target_location)
        try:
            with source.snapshot():  # one consistent view of the source, even if someone writes to it meanwhile
                copy(source, target, force)
                checks = compare(source, target)
        finally:
            target.close()
    finally:
        source.close()
    return TransferReport(display_location(source_location), display_location(target_location), checks)


def _open(location: str) -> SQLStore:
    store = open_store(location)
    if not isinstance(store, SQLStore):
        store.close()
        raise StoreError(f"cannot copy tables of {display_location(location)}: not an SQL store")
    return store


def _tables(source: SQLStore, target: SQLStore) -> list[Table]:
    """The tables to copy: every known table the source has, checking nothing would be left behind."""
    present, known = set(source.tables()), {t.name for t in TABLES}
    unknown = sorted(present - known)
    if unknown:
        raise StoreError(f"the source has tables this version cannot copy: {', '.join(unknown)}")
    missing = sorted(present - set(target.tables()))
    if missing:
        raise StoreError(f"the target lacks tables: {', '.join(missing)} (is it an older version?)")
    return [t for t in TABLES if t.name in present]


def copy(source: SQLStore, target: SQLStore, force: bool = False) -> dict[str, int]:
    """Copy every table in one target transaction; returns rows copied per table."""
    tables = _tables(source, target)
    copied = {}
    with target.atomic():
        filled = [t.name for t in tables if target.count_rows(t.name)]
        if filled and not force:
            raise StoreError(f"the target is not empty ({', '.join(filled)}); use --force to replace its contents")
        for table in reversed(tables):
            target.delete_rows(table.name)
        for table in tables:
            copied[table.name] = _copy_table(source, target, table)
    return copied


def _copy_table(source: SQLStore, target: SQLStore, table: Table) -> int:
    columns = source.columns(table.name)
    extra = set(columns) - set(target.columns(table.name))
    if extra:
        raise StoreError(f"the target's {table.name} lacks columns: {', '.join(sorted(extra))}")
    later: list[tuple[Any, ...]] = []
    deferred = [columns.index(c) for c in table.deferred if c in columns]
    keys = [columns.index(c) for c in table.key]

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in source.rows(table.name, columns, source.insertion_order(table.name, table.key)):
            if deferred and any(row[i] is not None for i in deferred):
                later.append(row)
                row = tuple(None if i in deferred else v for i, v in enumerate(row))
            yield row

    count = target.insert_rows(table.name, columns, rows())
    if later:
        target.update_rows(table.name, [columns[i] for i in deferred], list(table.key),
                           [tuple(row[i] for i in deferred) + tuple(row[i] for i in keys) for row in later])
    target.loaded(table.name)
    return count


def checksum(store: SQLStore, table: Table, columns: list[str]) -> tuple[int, str]:
    """Rows and a SHA-256 over every row (the given columns, in key order); the same on any backend for the same data."""
    digest, count = hashlib.sha256(), 0
    for row in store.rows(table.name, columns, table.key):
        digest.update(json.dumps([_plain(v) for v in row], ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count, digest.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"bytes": bytes(value).hex()}
    return value


def compare(source: SQLStore, target: SQLStore) -> list[TableCheck]:
    """Row counts and checksums of every table the source has, on both sides."""
    checks = []
    for table in _tables(source, target):
        columns = source.columns(table.name)
        (n, a), (m, b) = checksum(source, table, columns), checksum(target, table, columns)
        checks.append(TableCheck(table.name, n, m, a, b))
    return checks
