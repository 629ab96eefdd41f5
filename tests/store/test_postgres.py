"""What only the PostgreSQL backend has: URLs and schemas, its migrations, concurrent openers, errors."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from extractions import Builder
from test_contract import doc_1, doc_3

from threadline.cli import cli
from threadline.errors import StoreError
from threadline.model import Document, Extraction
from threadline.resolve import resolve_entity
from threadline.store import display_location, is_url, open_store, postgres
from threadline.store.postgres import PostgresStore, migrations, parse_location, redact
from threadline.store.sqlite import migrations as sqlite_migrations


def test_locations() -> None:
    assert parse_location("postgresql://u:p@h:5432/db?schema=harbour&sslmode=prefer") == (
        "postgresql://u:p@h:5432/db?sslmode=prefer", "harbour")
    assert parse_location("postgres://h/db") == ("postgres://h/db", "public")
    for bad in ("", "pg_toast", "x" * 64, "1st", 'a"b', "a b", "ü"):
        with pytest.raises(StoreError):
            parse_location(f"postgresql://h/db?schema={bad}")
    assert parse_location("postgresql://h/db?schema=Case_2-b")[1] == "Case_2-b"
    assert redact("postgresql://me:secret@h:5/db?schema=a") == "postgresql://me:***@h:5/db?schema=a"
    assert redact("postgresql://me@h/db") == "postgresql://me@h/db"
    assert display_location("inv.db") == "inv.db" and is_url("postgres://h/db") and not is_url("inv.db")


def test_every_sqlite_migration_has_a_postgres_twin() -> None:
    assert [n for n, _ in migrations()] == [n for n, _ in sqlite_migrations()]


def test_migrations_are_recorded_once(pg_location: str) -> None:
    with PostgresStore(pg_location) as store:
        assert store.schema_version == len(migrations())
        versions = [r["version"] for r in store.query("SELECT version FROM schema_version ORDER BY version")]
        assert versions == [n for n, _ in migrations()]
    with PostgresStore(pg_location) as store:  # re-opening migrates nothing
        assert store.query("SELECT count(*) AS n FROM schema_version") == [{"n": len(versions)}]


def test_concurrent_openers_migrate_once(pg_location: str) -> None:
    start, errors, versions = threading.Barrier(4), [], []

    def open_one() -> None:
        start.wait()
        try:
            with PostgresStore(pg_location) as store:
                versions.append(store.schema_version)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and versions == [len(migrations())] * 4


def test_search_vectors_stored_before_version_11_move_into_their_rows(pg_location: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Invented notes of 300 different words each: a tsvector of about 4.5 kB, which version 10 kept in the TOAST table.
    notes = [Builder(" ".join(f"quay{n}x{i:03d}" for i in range(300)) + " lantern.", title=f"Note {n}", path=f"n{n}.txt").build()
             for n in range(3)]
    every = migrations()
    monkeypatch.setattr(postgres, "migrations", lambda: every[:10])
    with PostgresStore(pg_location) as store:
        for note in notes:
            store.save(note, resolve=resolve_entity)
        size = "SELECT pg_relation_size('documents') / current_setting('block_size')::int AS pages"
        assert store.query(size) == [{"pages": 1}]  # the three rows hold pointers to their vectors
        before = [h["id"] for h in store.search("lantern")]
    monkeypatch.undo()
    with PostgresStore(pg_location) as store:
        assert store.schema_version == len(every)
        assert store.query("SELECT attstorage FROM pg_attribute WHERE attrelid = 'documents'::regclass"
                           " AND attname = 'search'") == [{"attstorage": "m"}]
        assert store.query(size) == [{"pages": 3}]  # each row holds its vector now
        # and the rewritten table was vacuumed, so index-only scans of it read no rows
        assert store.query("SELECT relallvisible FROM pg_class WHERE oid = 'documents'::regclass") == [{"relallvisible": 3}]
        assert [h["id"] for h in store.search("lantern")] == before and len(before) == 3
        assert [h["title"] for h in store.search("quay1x299")] == ["Note 1"]


def test_schemas_keep_investigations_apart(pg_schemas: Callable[[], str]) -> None:
    a, b = pg_schemas(), pg_schemas()
    with open_store(a) as one, open_store(b) as other:
        one.save(doc_1(), resolve=resolve_entity)
        other.save(doc_3(), resolve=resolve_entity)
        assert [d["title"] for d in one.search("depot")] == ["Gdansk depot"] and other.search("depot") == []
        assert one.stats()["documents"] == other.stats()["documents"] == 1
        assert {e["name"] for e in other.entities()} == {"Zoë Sánchez", "Crédit Maritime", "Liège"}


def test_the_cli_takes_a_url(pg_location: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(pg_location) as store:
        store.save(doc_1(), resolve=resolve_entity)
    result = CliRunner().invoke(cli, ["stats", "--db", pg_location, "--json"])
    assert result.exit_code == 0 and '"documents": 1' in result.output
    monkeypatch.setenv("THREADLINE_DB", pg_location)
    result = CliRunner().invoke(cli, ["search", "depot"])
    assert result.exit_code == 0 and "Gdansk depot" in result.output


def test_an_unreachable_server_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://someone:hunter2@127.0.0.1:1/nothing?schema=x")
    assert "hunter2" not in str(caught.value) and "***" in str(caught.value)


def test_text_with_nul_characters_is_refused_plainly(pg_location: str) -> None:
    with open_store(pg_location) as store:
        with pytest.raises(StoreError, match="NUL"):
            store.save(Extraction(Document("a\x00b"), (), (), (), (), (), {"version": "t"}), resolve=resolve_entity)
        assert store.stats()["documents"] == 0


def test_a_writing_connection_gives_the_planner_statistics_as_the_store_grows(pg_location: str) -> None:
    """Foreign-key look-ups are planned once per connection: planned on empty tables they would scan the whole
    documents table for every mention until autovacuum's first ANALYZE, so the writer ANALYZEs after 64 documents."""
    def reltuples(store: PostgresStore) -> float:
        return float(store.conn.execute("SELECT reltuples FROM pg_class WHERE oid = 'documents'::regclass").fetchall()[0][0])

    with PostgresStore(pg_location) as store:
        for n in range(postgres._FIRST_ANALYSE):
            ex = Builder(f"Harbour note {n}. The Bureau of Harbour Affairs met on day {n}.", path=f"note{n}.txt") \
                .entity("Bureau of Harbour Affairs", "STATE_BODY").build()
            assert store.save(ex, resolve=resolve_entity).created
        assert reltuples(store) == postgres._FIRST_ANALYSE  # -1, never analysed, until autovacuum's turn
