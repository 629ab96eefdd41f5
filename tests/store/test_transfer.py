"""``threadline migrate``: SQLite -> PostgreSQL -> SQLite copies every table without loss, and proves it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_contract import doc_1, doc_2, doc_3

from threadline.api import Workspace
from threadline.cli import cli
from threadline.errors import InputError, StoreError
from threadline.resolve import resolve_entity
from threadline.resolve.cluster import Resolution, ReviewPair
from threadline.store import open_store
from threadline.store.sql import SQLStore
from threadline.store.transfer import TABLES, compare, migrate


def fill(location: str) -> None:
    """Something in every table: documents, copies, signatures, merges, protection, reviews, candidates, references,
    settings."""
    with Workspace(location) as ws:
        store = ws.store
        for ex in (doc_1(), doc_2(), doc_3()):
            store.save(ex, ("s1", bytes(range(256))), resolve=resolve_entity)
        store.add_location(doc_1().document.id, "mirror/one.html", 0.875, "near-duplicate (similarity 0.88): copy")
        ws.merge("Gdansk", "Tallinn", user="alice")  # Tallinn's canonical id is Gdansk: a deferred column
        ws.protect("Zoë Sánchez", user="alice")
        claim = store.review_queue("claim")[0]["id"]
        ws.review(claim, "edit", {"stance": "states"}, user="bob")
        store.retract(store.decide(claim, "reject", "carol"))
        ids = [r.id for r in store.resolution_records()]
        store.apply_resolution(Resolution(canonical={i: i for i in ids}, review=[ReviewPair(ids[0], ids[1], 0.5, ("why",))]),
                               len(ids))
        store.replace_reference_set("sanctions", [{"id": "s-1", "schema": "Person", "name": "Zoë Sánchez",
                                                   "names": ["Zoë Sánchez"], "countries": ["be"], "raw": '{"a": 1.5}'}])
        store.namespace_key()  # settings: the key that signs FtM ids


def counts(location: str) -> dict[str, int]:
    with open_store(location) as store:
        assert isinstance(store, SQLStore)
        return {t.name: store.count_rows(t.name) for t in TABLES}


def test_every_table_is_known_to_the_copy(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "new.db")) as store:
        assert isinstance(store, SQLStore)
        assert set(store.tables()) == {t.name for t in TABLES}


def test_sqlite_to_postgres_and_back_loses_nothing(tmp_path: Path, pg_location: str) -> None:
    source = str(tmp_path / "source.db")
    fill(source)
    assert all(counts(source).values()), counts(source)  # the test data fills every table
    there = migrate(source, pg_location)
    assert there.ok and [t.table for t in there.tables] == [t.name for t in TABLES]
    back = str(tmp_path / "back.db")
    assert migrate(pg_location, back).ok
    answers = []
    for location in (source, pg_location, back):
        with Workspace(location) as ws:
            answers.append({"stats": ws.stats(), "entities": ws.entities(), "claims": ws.claims(),
                            "snapshot": ws.store.snapshot_rows(), "decisions": ws.store.decisions(),
                            "candidates": ws.review_candidates(), "history": ws.history("Gdansk"),
                            "references": list(ws.store.reference_entities()), "members": ws.store.members(ws.entity_id("Tallinn")),
                            "signatures": list(ws.store.signatures("s1")), "revision": ws.revision()})
    assert answers[0] == answers[1] == answers[2]
    with open_store(source) as a, open_store(back) as b:
        assert isinstance(a, SQLStore) and isinstance(b, SQLStore)
        assert all(check.ok for check in compare(a, b))  # the round trip is byte for byte
    with open_store(pg_location) as store:  # new rows continue after the copied ids
        last = max(d["id"] for d in store.decisions())
        assert store.decide("ent-x", "protect", "dave") > last


def test_a_non_empty_target_is_refused_unless_forced(tmp_path: Path, pg_location: str) -> None:
    source = str(tmp_path / "source.db")
    fill(source)
    migrate(source, pg_location)
    with pytest.raises(StoreError, match="not empty"):
        migrate(source, pg_location)
    other = str(tmp_path / "other.db")
    with open_store(other) as store:
        store.save(doc_3(), resolve=resolve_entity)
    report = migrate(other, pg_location, force=True)
    assert report.ok and counts(pg_location) == counts(other)


def test_a_difference_shows_in_the_comparison(tmp_path: Path, pg_location: str) -> None:
    source = str(tmp_path / "source.db")
    fill(source)
    migrate(source, pg_location)
    with open_store(source) as a, open_store(pg_location) as b:
        assert isinstance(a, SQLStore) and isinstance(b, SQLStore)
        b.update_fact(b.review_queue("claim")[0]["id"], {"text": "tampered"})
        assert [c.table for c in compare(a, b) if not c.ok] == ["claims"]


def test_bad_sources_are_refused(tmp_path: Path, pg_location: str) -> None:
    with pytest.raises(InputError, match="no store"):
        migrate(str(tmp_path / "missing.db"), pg_location)
    with pytest.raises(InputError, match="same store"):
        migrate(pg_location, pg_location)
    odd = tmp_path / "odd.db"
    with open_store(str(odd)) as store:
        assert isinstance(store, SQLStore)
        store._run("CREATE TABLE notes (id TEXT PRIMARY KEY)")
    with pytest.raises(StoreError, match="cannot copy: notes"):
        migrate(str(odd), pg_location)


@pytest.mark.model
def test_cli_migrates_the_corpus(stored_corpus: Path, tmp_path: Path, pg_location: str) -> None:
    source = tmp_path / "corpus.db"
    shutil.copy(stored_corpus, source)
    result = CliRunner().invoke(cli, ["migrate", "--from", str(source), "--to", pg_location])
    assert result.exit_code == 0, result.output
    assert "rows copied and verified" in result.output and "DIFFERENT" not in result.output
    assert ":***@" in result.output or "@" not in result.output  # no password on screen
    again = CliRunner().invoke(cli, ["migrate", "--from", str(source), "--to", pg_location])
    assert again.exit_code == 1 and "--force" in again.output
    back = tmp_path / "back.db"
    result = CliRunner().invoke(cli, ["migrate", "--from", pg_location, "--to", str(back), "--json"])
    assert result.exit_code == 0 and '"ok": true' in result.output
    with Workspace(source) as a, Workspace(str(back)) as b:
        assert a.store.snapshot_rows() == b.store.snapshot_rows()
