"""The SQLite store (store/sqlite.py) on hand-built Extractions (tests/extractions.py, no spaCy model): saving,
resolution while saving, FTS5 search, profiles and decisions. What every backend must do is tests/store/test_contract.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from extractions import VERSION, Builder, doc_a, doc_b
from hypothesis import given, settings
from hypothesis import strategies as st

from threadline.errors import NotFound
from threadline.model import Document, Extraction
from threadline.resolve import resolve_entity
from threadline.resolve.exact import entity_id as new_entity_id
from threadline.store import SQLiteStore, sqlite
from threadline.store.profile_pages import PROFILE
from threadline.store.sqlite import migrations


@pytest.fixture
def store(tmp_path: Path):
    s = SQLiteStore(tmp_path / "store.db")
    yield s
    s.close()


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    assert store.save(doc_a(), resolve=resolve_entity).created
    assert store.save(doc_b(), resolve=resolve_entity).created
    return store


def test_hand_built_evidence_points_into_text() -> None:
    for ex in (doc_a(), doc_b()):
        text = ex.document.text
        for m in ex.mentions:
            assert text[m.evidence.start:m.evidence.end] == m.text
        for fact in (*ex.claims, *ex.relations, *ex.events):
            assert text[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence


# -- writes -----------------------------------------------------------------------------------


def test_saving_twice_adds_nothing(store: SQLiteStore) -> None:
    ex = doc_a()
    store.save(ex, resolve=resolve_entity)
    before = store.stats()
    again = store.save(ex, resolve=resolve_entity)
    assert again.created is False and again.doc_id == ex.document.id
    assert sum(again.counts.values()) == 0
    assert store.stats() == before


def test_saving_twice_adds_nothing_without_extractor_metadata(store: SQLiteStore) -> None:
    ex = doc_a()
    ex = Extraction(ex.document, ex.entities, ex.mentions, ex.relations, ex.claims, ex.events)  # extractor={}
    assert store.save(ex, resolve=resolve_entity).created
    assert store.save(ex, resolve=resolve_entity).created is False


def test_resaving_an_unextracted_document_keeps_fts_consistent(store: SQLiteStore) -> None:
    def bare(text: str) -> Extraction:
        return Extraction(Document(text), (), (), (), (), ())  # no extractor version: stored as not yet extracted

    store.save(bare("Alpha report about a consulate."), resolve=resolve_entity)
    store.save(bare("Beta report about an embassy."), resolve=resolve_entity)
    store.save(bare("Alpha report about a consulate."), resolve=resolve_entity)
    store.conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES('integrity-check', 1)")


def test_schema_version_and_pragmas(store: SQLiteStore, tmp_path: Path) -> None:
    assert store.schema_version == len(migrations()) == max(n for n, _ in migrations())
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()
    reopened = SQLiteStore(tmp_path / "store.db")  # re-opening migrates nothing and keeps the version
    try:
        assert reopened.schema_version == len(migrations())
    finally:
        reopened.close()


def test_foreign_keys_are_enforced(store: SQLiteStore) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO document_locations (doc_id, location, seen_at) VALUES ('doc-missing', 'x.txt', 'now')")


# -- cross-document resolution ------------------------------------------------------------------


def _ids_named(store: SQLiteStore, name: str) -> set[str]:
    return {r["id"] for r in store.find_entities(name)}


def test_same_entity_in_two_documents_is_one_entity(filled: SQLiteStore) -> None:
    a, b = doc_a().document.id, doc_b().document.id
    # shared alias: "Harbour Watch" (doc B) carries "Harbourwatch" (doc A's name)
    org = _ids_named(filled, "Harbourwatch")
    assert org == _ids_named(filled, "Harbour Watch") and len(org) == 1
    # doc B's "MPS" is one of doc A's aliases
    ministry = _ids_named(filled, "Ministry of Public Security")
    assert ministry == _ids_named(filled, "MPS") and len(ministry) == 1
    for ids in (org, ministry):
        profile = filled.entity_profile(next(iter(ids)))
        assert {m["doc_id"] for m in profile["mentions"]} == {a, b}  # sources accumulate
    assert filled.stats()["entities"] == 4  # Harbourwatch, ministry, Rotterdam, Antwerp
    row = next(r for r in filled.entities() if r["id"] in ministry)
    assert row["documents"] == 2


def test_same_name_different_type_stays_apart(store: SQLiteStore) -> None:
    text = "Lima said the talks in Lima went well."
    store.save(Builder(text).entity("Lima", "GPE").build(), resolve=resolve_entity)
    store.save(Builder(text + " Again.").entity("Lima", "PERSON").build(), resolve=resolve_entity)
    assert {r["type"] for r in store.find_entities("Lima")} == {"GPE", "PERSON"}


def test_gazetteer_entity_always_gets_the_same_id(store: SQLiteStore, tmp_path: Path) -> None:
    one = Builder("The United Front Work Department met envoys.").entity(
        "United Front Work Department", "STATE_BODY", gazetteer="cn-ufwd").build()
    two = Builder("Officials said UFWD staff attended.").entity("UFWD", "STATE_BODY", gazetteer="cn-ufwd").build()
    store.save(one, resolve=resolve_entity)
    store.save(two, resolve=resolve_entity)
    expected = new_entity_id(one.entities[0])
    assert expected == new_entity_id(two.entities[0])
    assert _ids_named(store, "UFWD") == _ids_named(store, "United Front Work Department") == {expected}
    other = SQLiteStore(tmp_path / "other.db")  # the same id in another store, whatever comes first
    try:
        other.save(two, resolve=resolve_entity)
        assert _ids_named(other, "UFWD") == {expected}
    finally:
        other.close()


def test_resolution_prefers_the_entity_with_the_same_name(store: SQLiteStore) -> None:
    first = Builder("Wang Wenbin spoke. Later Wang, a lawyer, replied.")
    first.entity("Wang", "PERSON").entity("Wang Wenbin", "PERSON")
    store.save(first.build(), resolve=resolve_entity)
    second = Builder("Spokesman Wang Wenbin said Wang had nothing to add.").entity("Wang Wenbin", "PERSON", "Wang").build()
    store.save(second, resolve=resolve_entity)
    full = store.conn.execute("SELECT id FROM entities WHERE name = 'Wang Wenbin'").fetchone()[0]
    docs = {r[0] for r in store.conn.execute("SELECT DISTINCT doc_id FROM mentions WHERE entity_id = ?", (full,))}
    assert second.document.id in docs


# -- claims -------------------------------------------------------------------------------------


def test_claim_filters(filled: SQLiteStore) -> None:
    assert len(filled.claims()) == 4
    by = filled.claims(by="harbour watch")
    assert len(by) == 2 and {c["stance"] for c in by} == {"alleges"}
    assert {c["claimant"] for c in by} == {"Harbourwatch"}  # the stored canonical name
    about = filled.claims(about="MPS")
    assert {c["stance"] for c in about} == {"alleges", "reports"}
    assert [c["stance"] for c in filled.claims(stance="denies")] == ["denies"]
    combined = filled.claims(by="Harbourwatch", about="Antwerp", stance="alleges")
    assert len(combined) == 1 and "Antwerp" in combined[0]["sentence"]
    assert filled.claims(by="Harbourwatch", stance="denies") == []
    assert filled.claims(about="Nobody At All") == []
    assert len(filled.claims(limit=1)) == 1


def test_claim_rows_carry_their_source(filled: SQLiteStore) -> None:
    for c in filled.claims():
        doc = filled.conn.execute("SELECT text, title FROM documents WHERE id = ?", (c["doc_id"],)).fetchone()
        assert doc["text"][c["start"]:c["end"]] == c["sentence"]
        assert c["title"] == doc["title"] and c["status"] == "machine"


def test_claim_in_the_documents_own_voice(filled: SQLiteStore) -> None:
    own = [c for c in filled.claims() if c["claimant"] is None]
    assert len(own) == 1
    assert own[0]["claimant_id"] is None and own[0]["stance"] == "reports" and own[0]["about"] == ["Ministry of Public Security"]
    assert own[0] in filled.claims(about="Ministry of Public Security")


# -- search and lookup -----------------------------------------------------------------------------


def test_search_finds_words_with_snippet(filled: SQLiteStore) -> None:
    rows = filled.search("pressured students")
    assert [r["id"] for r in rows] == [doc_b().document.id]
    assert "[pressured]" in rows[0]["snippet"] and "[students]" in rows[0]["snippet"]
    assert {r["id"] for r in filled.search("office")} == {doc_a().document.id, doc_b().document.id}
    assert filled.search("ROTTERDAM")[0]["title"] == "Rotterdam office"
    assert filled.search("zeppelin") == []


@pytest.mark.parametrize("query", ['"police" OR (', '"', "(", "NEAR(office students)", "office AND", "*", "-office",
                                   "title:office", "^office", "office\"s", "'; DROP TABLE documents; --"])
def test_search_never_exposes_fts_syntax(filled: SQLiteStore, query: str) -> None:
    filled.search(query)  # must not raise
    assert filled.stats()["documents"] == 2


def test_search_with_quotes_is_literal(filled: SQLiteStore) -> None:
    assert [r["id"] for r in filled.search('"Antwerp" students')] == [doc_b().document.id]


def test_search_ignores_accents(store: SQLiteStore) -> None:
    store.save(Builder("The consulate in Montr\u00e9al closed.").build(), resolve=resolve_entity)
    assert len(store.search("montreal")) == 1


def test_version_12_tests_claims_and_events_by_the_entity_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    every = migrations()
    monkeypatch.setattr(sqlite, "migrations", lambda: every[:11])
    with SQLiteStore(tmp_path / "store.db") as old:
        assert old.save(doc_a(), resolve=resolve_entity).created and old.save(doc_b(), resolve=resolve_entity).created
        (ministry,) = _ids_named(old, "Ministry of Public Security")
        before = old.entity_profile(ministry, limit=1)
    monkeypatch.undo()
    with SQLiteStore(tmp_path / "store.db") as store:
        assert store.schema_version == len(every) == 12
        indexes = {r[0]: r[1] for r in store.conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")}
        assert indexes["claim_about_entity_claim"] == "claim_about" and "claim_about_entity" not in indexes
        assert indexes["event_entities_entity_event"] == "event_entities" and "event_entities_entity" not in indexes
        assert store.entity_profile(ministry, limit=1) == before  # the same rows, the same order
        # the test of one claim or event for the entity (the documents' side of a page) reads the new indexes
        for part, index in (("claims_about", "claim_about_entity_claim"), ("events", "event_entities_entity_event")):
            table = PROFILE[part].table
            probe = PROFILE[part].mine_probe.replace("{M}", "?")
            plan = " ".join(r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN SELECT 1 FROM {table} WHERE {probe}", [ministry]))
            assert f"COVERING INDEX {index} (entity_id=? AND" in plan, plan
        # and counting an entity's claims about it or its events still reads an index alone
        plan = " ".join(r[3] for r in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT 1 FROM claim_about WHERE entity_id IN (?)", [ministry]))
        assert "COVERING INDEX claim_about_entity_claim (entity_id=?)" in plan, plan


def test_entity_profile_of_unknown_id(filled: SQLiteStore) -> None:
    with pytest.raises(NotFound):
        filled.entity_profile("ent-doesnotexist")


def test_entity_profile_contents(filled: SQLiteStore) -> None:
    (ministry,) = _ids_named(filled, "Ministry of Public Security")
    p = filled.entity_profile(ministry)
    assert p["name"] == "Ministry of Public Security" and p["type"] == "STATE_BODY"
    assert {"Ministry of Public Security", "MPS", "the ministry"} <= set(p["aliases"])
    assert [c["stance"] for c in p["claims_by"]] == ["denies"]
    assert {c["stance"] for c in p["claims_about"]} == {"alleges", "reports"}
    assert [(r["subject"], r["predicate"], r["object"]) for r in p["relations"]] == [
        ("Ministry of Public Security", "located_in", "Rotterdam")]
    assert [(e["date"], e["what"]) for e in p["events"]] == [("2023", "office closed")]


@pytest.mark.parametrize("query", ["harbourwatch", "HARBOURWATCH", "Harbour  Watch", "harbour-watch", "Harbourwatch's"])
def test_find_entities_ignores_case_and_punctuation(filled: SQLiteStore, query: str) -> None:
    assert [r["name"] for r in filled.find_entities(query)] == ["Harbourwatch"]


def test_find_entities_ignores_accents(store: SQLiteStore) -> None:
    store.save(Builder("Officials from the Sûreté de l'État met in Liège.").entity("Sûreté de l'État", "STATE_BODY")
               .entity("Liège", "GPE").build(), resolve=resolve_entity)
    assert [r["name"] for r in store.find_entities("surete de l'etat")] == ["Sûreté de l'État"]
    assert [r["name"] for r in store.find_entities("LIEGE")] == ["Liège"]
    assert store.find_entities("Brussels") == []


# -- review decisions ---------------------------------------------------------------------------------


def test_decisions_are_append_only(filled: SQLiteStore) -> None:
    (claim,) = filled.claims(stance="denies")
    first = filled.decide(claim["id"], "accept", "alice")
    second = filled.decide(claim["id"], "reject", "bob", {"why": "misattributed"})
    assert second > first > 0
    rows = filled.conn.execute("SELECT id, action, user, value FROM decisions WHERE target = ? ORDER BY id",
                               (claim["id"],)).fetchall()
    assert [(r["action"], r["user"]) for r in rows] == [("accept", "alice"), ("reject", "bob")]
    assert rows[1]["value"] == '{"why": "misattributed"}' and rows[0]["value"] is None


def test_add_location_records_other_paths(filled: SQLiteStore) -> None:
    a = doc_a().document.id
    filled.add_location(a, "copies/a.txt")
    filled.add_location(a, "copies/a.txt")
    locations = {r[0] for r in filled.conn.execute("SELECT location FROM document_locations WHERE doc_id = ?", (a,))}
    assert locations == {"a.txt", "copies/a.txt"}


# -- property ---------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300))
def test_document_text_round_trips(text: str) -> None:
    document = Document(text=text, title="t")
    assert document.id == Document(text=text, path="elsewhere.txt").id  # deterministic, content-only
    with SQLiteStore(":memory:") as store:
        result = store.save(Extraction(document, (), (), (), (), (), VERSION), resolve=resolve_entity)
        assert result.doc_id == document.id
        row = store.conn.execute("SELECT id, text FROM documents").fetchone()
        assert row["id"] == document.id and row["text"] == text
        assert store.save(Extraction(document, (), (), (), (), (), VERSION), resolve=resolve_entity).created is False
