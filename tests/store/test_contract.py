"""One contract for every store backend: each test runs against SQLite and PostgreSQL with the same assertions.

Each test gets a fresh, empty investigation (a SQLite file, or a PostgreSQL schema dropped afterwards)
and fills it with hand-built Extractions (no spaCy model).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from extractions import Builder  # tests/extractions.py: Extractions whose evidence points into the text

from threadline.api import Workspace
from threadline.errors import InputError, NotFound
from threadline.model import Document, Extraction
from threadline.resolve import resolve_entity
from threadline.resolve.cluster import Resolution, ReviewPair
from threadline.store import open_store
from threadline.store.sql import SQLStore

BACKENDS = ["sqlite", "postgres"]

TEXT_1 = ("Lanternwatch said the Bureau of Harbour Affairs ran a depot in Gdansk. "
          "The bureau denied the report on 12 March 2022. The depot closed in 2022.")
TEXT_2 = ("Officials in Tallinn said Lantern Watch had shared its files with the BHA. "
          "Lanternwatch alleges that the depot in Tallinn tracked sailors.")
TEXT_3 = ("Journalist Zoë Sánchez reported that the Crédit Maritime office in Liège was closed. "
          "Crédit Maritime declined to comment on 100% of the questions.")


def doc_1() -> Extraction:
    return (Builder(TEXT_1, title="Gdansk depot", publisher="Baltic Ledger", published="2022-03-14", path="one.txt")
            .entity("Lanternwatch", "ORG")
            .entity("Bureau of Harbour Affairs", "STATE_BODY", "BHA", "the bureau")
            .entity("Gdansk", "GPE")
            .claim("Lanternwatch", "alleges", ("Bureau of Harbour Affairs",), "the Bureau of Harbour Affairs ran a depot in Gdansk")
            .claim("Bureau of Harbour Affairs", "denies", ("Lanternwatch",), "denied the report")
            .relation("Bureau of Harbour Affairs", "located_in", "Gdansk", "ran a depot in Gdansk")
            .event("depot closed", "2022", "year", ("Bureau of Harbour Affairs", "Gdansk"), "The depot closed in 2022")
            .build())


def doc_2() -> Extraction:
    return (Builder(TEXT_2, title="Tallinn files", published="2022-04-02", path="two.txt")
            .entity("Lantern Watch", "ORG", "Lanternwatch")
            .entity("BHA", "STATE_BODY")
            .entity("Tallinn", "GPE")
            .claim("Lantern Watch", "alleges", ("Tallinn", "BHA"), "the depot in Tallinn tracked sailors")
            .claim(None, "reports", ("BHA",), "had shared its files with the BHA")
            .build())


def doc_3() -> Extraction:
    return (Builder(TEXT_3, title="Liège office", path="three.txt")  # no publication date
            .entity("Zoë Sánchez", "PERSON")
            .entity("Crédit Maritime", "ORG")
            .entity("Liège", "GPE")
            .claim("Zoë Sánchez", "reports", ("Crédit Maritime",), "the Crédit Maritime office in Liège was closed")
            .relation("Crédit Maritime", "located_in", "Liège", "office in Liège")
            .build())


def open_backend(backend: str, request: pytest.FixtureRequest, tmp_path: Path, name: str = "contract") -> SQLStore:
    location = str(tmp_path / f"{name}.db") if backend == "sqlite" else request.getfixturevalue("pg_schemas")()
    store = open_store(location)
    assert isinstance(store, SQLStore)
    return store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    s = open_backend(request.param, request, tmp_path)
    yield s
    s.close()


@pytest.fixture
def filled(store: SQLStore) -> SQLStore:
    for ex in (doc_1(), doc_2(), doc_3()):
        assert store.save(ex, resolve=resolve_entity).created
    return store


def one(store: SQLStore, name: str) -> str:
    (found,) = store.find_entities(name)
    return str(found["id"])


# -- writes ------------------------------------------------------------------------------------------


def test_save_counts_and_stats(store: SQLStore) -> None:
    ex = doc_1()
    result = store.save(ex, resolve=resolve_entity)
    assert result.created and result.doc_id == ex.document.id
    assert result.counts == {"mentions": len(ex.mentions), "relations": 1, "claims": 2, "events": 1, "entities": 3}
    assert store.stats() == {"documents": 1, "near_duplicates": 0, "entities": 3, "extracted_entities": 3,
                             "mentions": len(ex.mentions),
                             "relations": 1, "claims": 2, "events": 1}
    assert store.has_document(ex.document.id) and not store.has_document(Document("other").id)


def test_a_write_the_database_refuses_midway_leaves_nothing_and_the_store_works_on(store: SQLStore) -> None:
    # The bad claim is the last write of the document, after its entities, names and mentions were sent
    # (PostgreSQL pipelines them): the whole document is rolled back, and the connection stays usable.
    bad = (Builder(TEXT_1, path="one.txt").entity("Lanternwatch", "ORG").entity("Gdansk", "GPE")
           .claim("Lanternwatch", "speculates", ("Gdansk",), "ran a depot in Gdansk").build())
    with pytest.raises(Exception, match="(?i)check"):
        store.save(bad, resolve=resolve_entity)
    assert set(store.stats().values()) == {0}
    assert not store.has_document(bad.document.id)
    result = store.save(doc_1(), resolve=resolve_entity)
    assert result.created and result.counts["mentions"] == len(doc_1().mentions) > 0
    assert store.stats()["documents"] == 1


def test_saving_again_adds_nothing_but_the_new_location(filled: SQLStore) -> None:
    before = filled.stats()
    ex = doc_1()
    moved = Extraction(Document(ex.document.text, title="copy", path="elsewhere/one.txt"), ex.entities, ex.mentions,
                       ex.relations, ex.claims, ex.events, ex.extractor)
    again = filled.save(moved, resolve=resolve_entity)
    assert again.created is False and again.doc_id == ex.document.id and sum(again.counts.values()) == 0
    assert filled.stats() == before
    assert filled.document(ex.document.id)["locations"] == ["one.txt", "elsewhere/one.txt"]


def test_resaving_an_unextracted_document_replaces_it(store: SQLStore) -> None:
    bare = Extraction(Document("A bare report about a consulate."), (), (), (), (), ())
    assert store.save(bare, resolve=resolve_entity).created
    assert store.save(bare, resolve=resolve_entity).created is False
    assert store.search("consulate")[0]["id"] == bare.document.id


def test_locations_near_duplicates_and_signatures(filled: SQLStore) -> None:
    one_id, two_id, three_id = doc_1().document.id, doc_2().document.id, doc_3().document.id
    filled.add_location(one_id, "copy.txt")
    filled.add_location(one_id, "copy.txt")  # once only
    filled.add_location(one_id, "syndicated.html", 0.9123, "near-duplicate (similarity 0.91): Depot story")
    assert filled.stats()["near_duplicates"] == 1
    assert filled.document(one_id)["locations"] == ["one.txt", "copy.txt", "syndicated.html"]
    assert list(filled.signatures("s1")) == [(one_id, None), (two_id, None), (three_id, None)]
    filled.set_signature(two_id, "s1", b"\x00\x01\xff" * 4)
    filled.set_signature(one_id, "s0", b"old")
    filled.set_signature(one_id, "s1", b"new")  # replaces the other scheme's
    assert list(filled.signatures("s1")) == [(one_id, b"new"), (two_id, b"\x00\x01\xff" * 4), (three_id, None)]
    assert filled.document_text(three_id) == (TEXT_3, "Liège office")
    assert filled.document_text("doc-missing") is None


def test_atomic_is_all_or_nothing_and_nests(filled: SQLStore) -> None:
    claim = filled.claims(stance="denies")[0]["id"]
    with pytest.raises(RuntimeError):
        with filled.atomic():
            filled.decide(claim, "accept", "alice")
            with filled.atomic():
                filled.update_fact(claim, {"status": "accepted"})
            raise RuntimeError("undo")
    assert filled.decisions() == [] and filled.fact(claim)["status"] == "machine"
    with filled.atomic():
        filled.decide(claim, "accept", "alice")
        filled.update_fact(claim, {"status": "accepted"})
    assert len(filled.decisions()) == 1 and filled.fact(claim)["status"] == "accepted"


# -- decisions and resolution ---------------------------------------------------------------------


def test_decisions_retract_and_history(filled: SQLStore) -> None:
    org = one(filled, "Lanternwatch")
    first = filled.decide(org, "protect", "alice", {"members": [org]})
    second = filled.decide(org, "not_same", "bob", {"other": "ent-x", "note": "«quoted» 100%"})
    third = filled.decide("ent-y", "merge", "carol", {"other": org})
    assert 0 < first < second < third
    assert [d["action"] for d in filled.decisions()] == ["protect", "not_same", "merge"]
    assert [d["id"] for d in filled.decisions(["merge", "not_same"])] == [second, third]
    assert filled.decisions(["not_same"])[0]["value"] == {"other": "ent-x", "note": "«quoted» 100%"}
    assert filled.decisions(["not_same"])[0]["user"] == "bob"
    filled.retract(second)
    with pytest.raises(NotFound):
        filled.retract(second)
    assert [d["id"] for d in filled.decisions()] == [first, third]
    history = filled.history([org])
    assert [(h["id"], h["user"], h["deleted_at"] is not None) for h in history] == [
        (first, "alice", False), (second, "bob", True), (third, "carol", False)]  # third names it as "other"


def test_shared_aliases_resolve_to_one_entity(filled: SQLStore) -> None:
    assert one(filled, "Lanternwatch") == one(filled, "Lantern Watch")
    assert one(filled, "BHA") == one(filled, "Bureau of Harbour Affairs")
    assert filled.stats()["entities"] == 7
    records = filled.resolution_records()
    assert len({r.id for r in records}) == len(records) == 7
    assert [r.names[0] for r in records] == ["Lanternwatch", "Bureau of Harbour Affairs", "Gdansk", "Tallinn",
                                             "Zoë Sánchez", "Crédit Maritime", "Liège"]
    bureau = next(r for r in records if r.names[0] == "Bureau of Harbour Affairs")
    assert set(bureau.names) == {"Bureau of Harbour Affairs", "BHA", "the bureau"}
    assert one(filled, "Gdansk") in bureau.neighbours


def test_a_name_two_entities_of_one_document_share_joins_them_as_before(store: SQLStore) -> None:
    """The stored names are read once per document; a later entity naming a form an earlier one wrote still finds
    it (the store answers that look-up after the earlier rows), as when each entity asked the store."""
    text = "Harbour Watch (HW) met the HW Group in Gdansk. The HW Group thanked Harbour Watch."
    ex = (Builder(text, path="shared-forms.txt").entity("Harbour Watch", "ORG", "HW")
          .entity("HW Group", "ORG", "HW").entity("Gdansk", "GPE").build())
    assert store.save(ex, resolve=resolve_entity).counts["entities"] == 2
    assert one(store, "HW Group") == one(store, "Harbour Watch")


@pytest.mark.parametrize("type_, forms", [
    ("ORG", ["lanternwatch"]), ("ORG", ["lantern watch", "lanternwatch"]), ("STATE_BODY", ["bha", "the bureau"]),
    ("STATE_BODY", ["the bureau", "bureau of harbour affairs"]), ("GPE", ["bha"]), ("PERSON", ["zoe sanchez"]),
    ("ORG", ["nobody"]),
])
def test_the_stored_names_read_at_once_rank_as_the_stores_own_lookup(filled: SQLStore, type_: str,
                                                                     forms: list[str]) -> None:
    from threadline.model import Entity
    from threadline.store.writer import _best_stored

    ex = Builder("x", path="probe.txt").build()
    probe = Extraction(ex.document, tuple(Entity(f, type_) for f in forms), (), (), (), (), ex.extractor)
    assert _best_stored(filled._stored_names(probe), type_, forms) == filled._lookup(type_, forms)


def test_a_records_neighbours_are_the_entities_mentioned_with_it_in_any_document(filled: SQLStore) -> None:
    by_doc: dict[str, set[str]] = {}
    for doc_id, entity_id in filled._run("SELECT doc_id, entity_id FROM mentions").fetchall():
        by_doc.setdefault(doc_id, set()).add(entity_id)
    records = filled.resolution_records()
    assert any(r.neighbours for r in records)
    for r in records:
        assert r.neighbours == {e for ents in by_doc.values() if r.id in ents for e in ents} - {r.id}


def test_merge_split_and_members(filled: SQLStore) -> None:
    ws = Workspace(store=filled)
    gdansk, tallinn = one(filled, "Gdansk"), one(filled, "Tallinn")
    ws.merge("Gdansk", "Tallinn", user="alice")
    assert filled.members(tallinn) == [gdansk, tallinn] and filled.members(gdansk) == [gdansk, tallinn]
    assert filled.find_entities("Tallinn") == [{"id": gdansk, "type": "GPE", "name": "Gdansk"}]
    row = next(e for e in filled.entities(type="GPE") if e["id"] == gdansk)
    assert (row["members"], row["aliases"], row["documents"]) == (2, ["Tallinn"], 2)
    assert filled.stats()["entities"] == len(filled.entities()) == filled.stats()["extracted_entities"] - 1
    assert filled.entity_profile(tallinn)["id"] == gdansk
    ws.split("Gdansk", user="alice")
    assert filled.members(tallinn) == [tallinn]
    assert {e["name"] for e in filled.entities(type="GPE")} == {"Gdansk", "Tallinn", "Liège"}


def test_apply_resolution_and_merge_candidates(filled: SQLStore) -> None:
    ids = [r.id for r in filled.resolution_records()]
    lantern, bureau, gdansk, tallinn = ids[:4]
    resolution = Resolution(canonical={**{i: i for i in ids}, tallinn: gdansk},
                            review=[ReviewPair(lantern, bureau, 0.61, ("token overlap", "same country")),
                                    ReviewPair(gdansk, ids[6], 0.72, ("place names",))],
                            compared=9, merged_by_machine=1)
    before = filled.revision()
    filled.apply_resolution(resolution, len(ids))
    assert filled.revision() != before
    assert filled.members(tallinn) == [gdansk, tallinn]
    candidates = filled.merge_candidates()
    assert [(c["a"], c["b"], c["score"], c["explanation"]) for c in candidates] == [
        (gdansk, ids[6], 0.72, "place names"), (lantern, bureau, 0.61, "token overlap; same country")]
    assert candidates[0]["name_a"] == "Gdansk" and candidates[0]["type"] == "GPE"
    assert len(filled.merge_candidates(limit=1)) == 1
    answer = filled.decide(bureau, "not_same", "alice", {"other": lantern})  # answered either way round
    assert [c["a"] for c in filled.merge_candidates()] == [gdansk]
    filled.retract(answer)
    assert len(filled.merge_candidates()) == 2
    filled.apply_resolution(Resolution(canonical={i: i for i in ids}), len(ids))  # the next run replaces it all
    assert filled.merge_candidates() == [] and filled.members(tallinn) == [tallinn]


def test_protected_members_and_snapshot(filled: SQLStore) -> None:
    person = one(filled, "Zoë Sánchez")
    assert filled.set_protected(person, True) == [person]
    with pytest.raises(NotFound):
        filled.set_protected("ent-missing", True)
    snap = filled.snapshot_rows()
    assert [e["name"] for e in snap["entities"]] == ["Lanternwatch", "Bureau of Harbour Affairs", "Gdansk", "Tallinn",
                                                     "Zoë Sánchez", "Crédit Maritime", "Liège"]
    assert [e["protected"] for e in snap["entities"]] == [False] * 4 + [True, False, False]
    assert next(e for e in snap["entities"] if e["name"] == "Bureau of Harbour Affairs")["aliases"] == ["BHA", "the bureau"]
    assert [d["title"] for d in snap["documents"]] == ["Gdansk depot", "Tallinn files", "Liège office"]
    assert [(f["kind"], f["label"]) for f in snap["facts"]][:1] and len(snap["facts"]) == 2 + 5 + 1  # claims x about
    two_about = [f for f in snap["facts"] if f["label"] == "alleges" and f["doc_id"] == doc_2().document.id]
    assert [f["target"] for f in two_about] == sorted(f["target"] for f in two_about)
    (event,) = snap["events"]
    assert event["entities"] == [one(filled, "BHA"), one(filled, "Gdansk")] and event["anchored"] == 0
    assert next(e for e in filled.entities() if e["id"] == person)["protected"] == 1
    filled.set_protected(person, False)
    assert not any(e["protected"] for e in filled.snapshot_rows()["entities"])


# -- reads ------------------------------------------------------------------------------------------------


def test_search_with_marks(filled: SQLStore) -> None:
    (hit,) = filled.search("sailors", marks=("«", "»"))
    assert hit["id"] == doc_2().document.id and hit["title"] == "Tallinn files" and "«sailors»" in hit["snippet"]
    assert len(hit["snippet"].split()) <= 20
    assert [h["id"] for h in filled.search("depot")] and {h["id"] for h in filled.search("depot")} == {
        doc_1().document.id, doc_2().document.id}
    assert filled.search("depot", limit=1)[0]["id"] in {doc_1().document.id, doc_2().document.id}
    assert filled.search("depot sailors")[0]["id"] == doc_2().document.id  # every word
    assert [h["id"] for h in filled.search("sanchez liege")] == [doc_3().document.id]  # accents ignored
    assert "<b>Sánchez</b>" in filled.search("Sanchez", marks=("<b>", "</b>"))[0]["snippet"]
    for query in ('"depot', "depot OR nothing", "-depot", "depot*", "NEAR(depot)", "100%", "it's", "a AND"):
        filled.search(query)  # user text is never query syntax: no error
    assert filled.search("nothingmatcheshere") == []


def test_document_reads_offsets_and_facts(filled: SQLStore) -> None:
    doc = filled.document(doc_1().document.id)
    assert doc["text"] == TEXT_1 and doc["title"] == "Gdansk depot" and doc["meta"] == {} and doc["path"] == "one.txt"
    for m in doc["mentions"]:
        assert TEXT_1[m["start"]:m["end"]] == m["text"]
    assert [m["start"] for m in doc["mentions"]] == sorted(m["start"] for m in doc["mentions"])
    assert [c["stance"] for c in doc["claims"]] == ["alleges", "denies"] and doc["claims"][0]["claimant"] == "Lanternwatch"
    assert [(r["subject"], r["predicate"], r["object"]) for r in doc["relations"]] == [
        ("Bureau of Harbour Affairs", "located_in", "Gdansk")]
    assert [(e["what"], e["date"], e["precision"]) for e in doc["events"]] == [("depot closed", "2022", "year")]
    assert [e["name"] for e in doc["entities"]][0] == "Bureau of Harbour Affairs"
    with pytest.raises(NotFound):
        filled.document("doc-missing")


def test_claims_profiles_lookup_and_facets(filled: SQLStore) -> None:
    assert [c["text"] for c in filled.claims(about="BHA")] == [
        "the Bureau of Harbour Affairs ran a depot in Gdansk", "had shared its files with the BHA",
        "the depot in Tallinn tracked sailors"]
    assert [c["stance"] for c in filled.claims(by="Lantern Watch")] == ["alleges", "alleges"]
    assert filled.claims()[0]["doc_id"] == doc_3().document.id  # undated documents first
    assert filled.claims(stance="alleges", limit=1)[0]["about"] == ["Bureau of Harbour Affairs"]
    assert filled.claims(about="Tallinn")[0]["about"] == ["Bureau of Harbour Affairs", "Tallinn"]
    assert filled.claims(stance="reports")[-1]["claimant"] is None and filled.claims()[0]["page"] is None
    profile = filled.entity_profile(one(filled, "BHA"))
    assert profile["name"] == "Bureau of Harbour Affairs" and "rowid" not in profile
    assert profile["aliases"] == ["BHA", "Bureau of Harbour Affairs", "the bureau"]
    assert [m["doc_id"] for m in profile["mentions"]][0] == doc_1().document.id
    assert [c["stance"] for c in profile["claims_by"]] == ["denies"]
    assert len(profile["claims_about"]) == 3 and len(profile["relations"]) == 1 and len(profile["events"]) == 1
    with pytest.raises(NotFound):
        filled.entity_profile("ent-missing")
    assert [e["name"] for e in filled.lookup_entities("mari")] == ["Crédit Maritime"]
    assert [e["name"] for e in filled.lookup_entities("", type="gpe", limit=2)] == ["Tallinn", "Gdansk"]
    assert filled.lookup_entities("100%") == [] and filled.lookup_entities("_") == []
    assert filled.lookup_entities("watch")[0]["aliases"] == ["Lantern Watch"]
    assert filled.facets() == {
        "type": {"GPE": 3, "ORG": 2, "PERSON": 1, "STATE_BODY": 1}, "country": {}, "language": {"en": 3},
        "stance": {"alleges": 2, "reports": 2, "denies": 1}, "status": {"machine": 7}}
    assert [e["name"] for e in filled.entities(limit=2)] == ["Lanternwatch", "Bureau of Harbour Affairs"]


# -- review of single facts --------------------------------------------------------------------------


def test_fact_update_review_queue_and_replay(filled: SQLStore) -> None:
    queue = filled.review_queue("claim")
    assert [c["stance"] for c in queue][:2] == ["alleges", "alleges"] and len(queue) == 5
    assert queue[0]["doc_id"] == doc_2().document.id  # allegations first, newest first
    denial = filled.claims(stance="denies")[0]["id"]
    fact = filled.fact(denial)
    assert fact["kind"] == "claim" and fact["stance"] == "denies" and "rowid" not in fact
    assert set(fact) == {"kind", "id", "claimant_id", "source", "stance", "text", "cue", "doc_id", "start", "end", "sentence",
                         "extractor", "version", "status", "machine", "about"}
    assert fact["machine"] is None and fact["about"] == [one(filled, "Lanternwatch")]
    filled.update_fact(denial, {"status": "rejected"})
    assert denial not in {c["id"] for c in filled.review_queue("claim")}
    assert [c["id"] for c in filled.review_queue("claim", ("rejected",))] == [denial]
    assert len(filled.review_queue("claim", ("machine", "rejected"), limit=2, offset=4)) == 1
    relation = filled.review_queue("relation")[0]
    assert relation["subject"] == "Bureau of Harbour Affairs" and filled.fact(relation["id"])["kind"] == "relation"
    with pytest.raises(InputError):
        filled.update_fact(denial, {"sentence": "rewritten"})
    with pytest.raises(InputError):
        filled.review_queue("event")
    with pytest.raises(NotFound):
        filled.fact("clm-missing")
    with pytest.raises(NotFound):
        filled.update_fact("clm-missing", {"status": "accepted"})
    with pytest.raises(NotFound):
        filled.fact("xyz-1")
    # decisions replay onto the rows: status, and edited fields
    filled.decide(denial, "accept", "alice", {"before": {"status": "machine"}, "after": {"status": "accepted"}})
    filled.decide(relation["id"], "edit", "bob", {"before": {}, "after": {"predicate": "owns", "status": "accepted",
                                                                          "sentence": "not editable"}})
    assert filled.replay_fact_decisions(doc_3().document.id) == 0
    assert filled.replay_fact_decisions() == 2
    assert filled.fact(denial)["status"] == "accepted"
    edited = filled.fact(relation["id"])
    assert (edited["predicate"], edited["status"]) == ("owns", "accepted") and edited["sentence"] != "not editable"


def test_review_through_the_workspace(filled: SQLStore) -> None:
    ws = Workspace(store=filled)
    claim = filled.review_queue("claim")[0]["id"]
    after = ws.review(claim, "edit", {"stance": "states"}, user="alice")
    assert (after["stance"], after["status"]) == ("states", "accepted")
    (entry,) = filled.history([claim])
    assert entry["value"] == {"before": {"stance": "alleges", "status": "machine"}, "after": {"stance": "states", "status": "accepted"}}


# -- reference sets and revision -----------------------------------------------------------------------


def _reference(n: int, dataset: str) -> list[dict[str, Any]]:
    return [{"id": f"{dataset}-{i}", "schema": "Person", "name": f"Person {i}", "names": [f"Person {i}", f"P. {i}"],
             "countries": ["ee"] if i % 2 else [], "raw": f'{{"id": "{dataset}-{i}"}}'} for i in range(n)]


def test_reference_sets(store: SQLStore) -> None:
    assert store.replace_reference_set("sanctions", _reference(3, "s")) == 3
    assert store.replace_reference_set("peps", _reference(2, "p")) == 2
    assert store.reference_sets() == {"peps": 2, "sanctions": 3}
    rows = list(store.reference_entities("sanctions"))
    assert [r["id"] for r in rows] == ["s-0", "s-1", "s-2"]
    assert rows[1] == {"id": "s-1", "schema": "Person", "name": "Person 1", "names": ["Person 1", "P. 1"],
                       "countries": ["ee"], "dataset": "sanctions", "raw": '{"id": "s-1"}'}
    assert [r["dataset"] for r in store.reference_entities()] == ["sanctions"] * 3 + ["peps"] * 2
    assert store.replace_reference_set("sanctions", _reference(1, "t")) == 1  # replaces that set only
    assert store.reference_sets() == {"peps": 2, "sanctions": 1}


def test_revision_changes_with_evidence_and_decisions(store: SQLStore) -> None:
    seen = [store.revision()]
    store.save(doc_1(), resolve=resolve_entity)
    seen.append(store.revision())
    decision = store.decide(one(store, "Gdansk"), "protect", "alice")
    seen.append(store.revision())
    store.retract(decision)
    seen.append(store.revision())
    Workspace(store=store).resolve()
    seen.append(store.revision())
    assert len(set(seen)) == len(seen)
    assert store.revision() == seen[-1]  # and stays put without changes


# -- the two backends agree ----------------------------------------------------------------------------


def test_schemas_have_the_same_tables_and_columns(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    sqlite, postgres = (open_backend(b, request, tmp_path) for b in BACKENDS)
    try:
        assert sqlite.tables() == postgres.tables()
        for table in sqlite.tables():
            assert sorted(sqlite.columns(table)) == sorted(postgres.columns(table)), table
    finally:
        sqlite.close()
        postgres.close()


def _observe(store: SQLStore) -> dict[str, Any]:
    """Everything the read side answers, without the clock's timestamps."""
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in ("added_at", "created_at", "seen_at", "at")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    ids = [e["id"] for e in store.entities()]
    docs = [d["id"] for d in store.snapshot_rows()["documents"]]
    return clean({
        "stats": store.stats(), "entities": store.entities(), "claims": store.claims(), "snapshot": store.snapshot_rows(),
        "profiles": [store.entity_profile(i) for i in ids], "documents": [store.document(d) for d in docs],
        "queue": [store.review_queue("claim", ("machine", "accepted", "rejected")), store.review_queue("relation")],
        "lookup": store.lookup_entities(""), "facets": store.facets(), "candidates": store.merge_candidates(),
        "records": store.resolution_records(), "decisions": store.decisions(), "revision": store.revision(),
        "history": store.history(ids), "search": sorted(h["id"] for h in store.search("depot")),
    })


def test_both_backends_answer_alike(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    answers = []
    for backend in BACKENDS:
        store = open_backend(backend, request, tmp_path)
        try:
            for ex in (doc_1(), doc_2(), doc_3()):
                store.save(ex, resolve=resolve_entity)
            ws = Workspace(store=store)
            ws.merge("Gdansk", "Tallinn", user="alice")
            ws.protect("Zoë Sánchez", user="alice")
            claim = store.review_queue("claim")[0]["id"]
            ws.review(claim, "reject", user="bob")
            answers.append(_observe(store))
        finally:
            store.close()
    sqlite, postgres = answers
    for key in sqlite:
        assert sqlite[key] == postgres[key], key


@pytest.mark.model
def test_the_corpus_reads_the_same_on_both_backends(stored_corpus: Path, corpus: Path, pg_location: str) -> None:
    """``add`` of examples/corpus into PostgreSQL gives what it gives in SQLite, answer for answer."""
    with Workspace(pg_location) as ws:
        report = ws.add([corpus])
        assert report.ok and len(report.added) == 8
        assert not ws.add([corpus]).added  # idempotent here too
        postgres = _observe(ws.store)  # type: ignore[arg-type]
        postgres["api"] = [ws.stats(), ws.entities(), ws.claims(), ws.store.snapshot_rows()]
    with Workspace(stored_corpus) as ws:
        sqlite = _observe(ws.store)  # type: ignore[arg-type]
        sqlite["api"] = [ws.stats(), ws.entities(), ws.claims(), ws.store.snapshot_rows()]
    assert sqlite["stats"]["documents"] == 8 and sqlite["stats"]["claims"] > 20
    for key in sqlite:
        assert sqlite[key] == postgres[key], key
