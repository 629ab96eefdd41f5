"""Corrections through the library, on SQLite and PostgreSQL: each is a decision with who and when, shows in the
entity's history, can be retracted, and survives re-resolution and re-extraction with a newer extractor."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_contract import BACKENDS, TEXT_1, doc_1, doc_2, doc_3, open_backend

from threadline.api import Workspace
from threadline.errors import InputError, ReviewConflict
from threadline.model import Extraction
from threadline.resolve import resolve_entity
from threadline.resolve.cluster import Resolution, ReviewPair
from threadline.store import open_store
from threadline.store.sql import SQLStore

NEWER = {"name": "threadline", "version": "test-2", "language": "en"}


@pytest.fixture(params=BACKENDS)
def ws(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    store = open_backend(request.param, request, tmp_path, "corrections")
    for ex in (doc_1(), doc_2(), doc_3()):
        store.save(ex, resolve=resolve_entity)
    workspace = Workspace(store=store)
    workspace.resolve()
    yield workspace
    store.close()


def reextract(ws: Workspace, *extractions: Extraction) -> None:
    """What a newer extractor does to stored documents: their rows go and come back, then resolution runs."""
    for ex in extractions or (doc_1(), doc_2(), doc_3()):
        ws.store._run("UPDATE documents SET extractor = NULL WHERE id = ?", (ex.document.id,))  # type: ignore[attr-defined]
        newer = Extraction(ex.document, ex.entities, ex.mentions, ex.relations, ex.claims, ex.events, NEWER)
        assert ws.store.save(newer, resolve=resolve_entity).created
    ws.resolve()


def actions(ws: Workspace, name: str) -> list[tuple[str, bool]]:
    return [(d["action"], d["deleted_at"] is None) for d in ws.history(name)]


def test_rename_retype_country_alias_replay_and_retract(ws: Workspace) -> None:
    bureau = ws.entity_id("BHA")
    assert ws.rename("BHA", "Harbour Affairs Bureau", user="ana")["name"] == "Harbour Affairs Bureau"
    assert ws.retype("BHA", "ORG", user="ana")["type"] == "ORG"
    assert ws.set_country("BHA", "Poland")["country"] == "PL"
    assert "Harbour Bureau" in ws.add_alias("BHA", "Harbour Bureau")["aliases"]
    for _ in range(2):
        reextract(ws)
        profile = ws.store.entity_profile(bureau)
        assert (profile["name"], profile["type"], profile["country"]) == ("Harbour Affairs Bureau", "ORG", "PL")
        assert profile["machine"] == {"name": "Bureau of Harbour Affairs", "type": "STATE_BODY", "country": None}
        assert ws.entity_id("Harbour Bureau") == ws.entity_id("Harbour Affairs Bureau") == bureau
    snap = ws.snapshot().entities[bureau]
    assert (snap.name, snap.type, snap.country) == ("Harbour Affairs Bureau", "ORG", "PL")
    history = ws.history(bureau)
    assert [d["action"] for d in history][:4] == ["rename", "retype", "set_country", "add_alias"]
    assert history[0]["user"] == "ana" and history[0]["created_at"] and history[0]["value"]["before"] == "Bureau of Harbour Affairs"
    assert ws.set_country("BHA", None)["country"] is None
    ws.retract(history[1]["id"], user="bo")  # the retype
    profile = ws.store.entity_profile(bureau)
    assert (profile["name"], profile["type"]) == ("Harbour Affairs Bureau", "STATE_BODY")
    assert ("retract", True) in actions(ws, bureau) and ("retype", False) in actions(ws, bureau)
    with pytest.raises(InputError):
        ws.retract(history[1]["id"])


def test_a_rejected_entity_leaves_every_analysis_and_stays_in_history(ws: Workspace) -> None:
    lantern = ws.entity_id("Lanternwatch")
    before = ws.snapshot()
    assert any(lantern in (f.source, f.target) for f in before.facts)
    ws.reject_entity("Lanternwatch", user="ana", reason="not an organisation")
    snap = ws.snapshot()
    assert lantern not in snap.entities and not any(lantern in (f.source, f.target) for f in snap.facts)
    assert lantern not in {e["id"] for e in ws.entities()} and not ws.lookup("lantern")
    assert all(c["claimant_id"] != lantern for c in ws.claims()) and all(c["claimant_id"] != lantern for c in ws.review_queue())
    assert ws.show("Lanternwatch")[0]["rejected"] and actions(ws, lantern)[-1] == ("reject_entity", True)
    reextract(ws)
    assert lantern not in ws.snapshot().entities
    ws.retract(ws.history(lantern)[-1]["id"])
    assert lantern in ws.snapshot().entities and len(ws.snapshot().facts) == len(before.facts)


def test_an_entity_marked_by_hand_survives_reextraction_and_retraction_removes_it(ws: Workspace) -> None:
    doc = doc_1().document.id
    start = TEXT_1.index("depot in Gdansk")
    profile = ws.add_entity(doc, start, start + len("depot"), "FACILITY", name="Gdansk depot", user="ana")
    assert profile["type"] == "FACILITY" and profile["mentions"][0]["status"] == "accepted"
    assert profile["mentions"][0]["sentence"].startswith("Lanternwatch said")
    with pytest.raises(InputError):
        ws.add_entity(doc, start, start + len("depot"), "FACILITY", name="Gdansk depot")
    reextract(ws)
    assert [m["start"] for m in ws.show("Gdansk depot")[0]["mentions"]] == [start]
    assert "Gdansk depot" in {e.name for e in ws.snapshot().entities.values()}
    ws.retract(ws.history("Gdansk depot")[0]["id"])
    assert not ws.store.find_entities("Gdansk depot")
    with pytest.raises(InputError):
        ws.add_entity(doc, 0, 10_000, "ORG")


def test_claim_and_relation_edits_keep_the_machine_original_and_replay(ws: Workspace) -> None:
    claim = ws.claims(stance="alleges", by="Lanternwatch")[0]
    lantern, bureau, gdansk = (ws.entity_id(n) for n in ("Lanternwatch", "BHA", "Gdansk"))
    edited = ws.review(claim["id"], "edit", {"claimant": "Gdansk", "stance": "reports", "about": ["Lanternwatch", "BHA"]}, "ana")
    assert (edited["claimant_id"], edited["stance"], sorted(edited["about"])) == (gdansk, "reports", sorted([lantern, bureau]))
    assert edited["machine"]["claimant_id"] == lantern and edited["machine"]["stance"] == "alleges"
    relation = ws.review_queue("relation")[0]
    moved = ws.review(relation["id"], "edit", {"predicate": "funds", "object": "Lanternwatch"}, "ana")
    assert (moved["predicate"], moved["object_id"], moved["machine"]["object_id"]) == ("funds", lantern, gdansk)
    reextract(ws)
    again = ws.store.fact(claim["id"])
    assert (again["claimant_id"], again["stance"], again["status"]) == (gdansk, "reports", "accepted")
    assert ws.store.fact(relation["id"])["predicate"] == "funds"
    assert any(f.id == relation["id"] and f.label == "funds" and f.target == lantern for f in ws.snapshot().facts)
    edit = [d for d in ws.history("Gdansk") if d["action"] == "edit" and d["target"] == claim["id"]][0]
    ws.retract(edit["id"])
    back = ws.store.fact(claim["id"])
    assert (back["claimant_id"], back["stance"], back["status"], back["machine"]) == (lantern, "alleges", "machine", None)
    with pytest.raises(InputError):
        ws.review(claim["id"], "edit", {"predicate": "funds"})


def test_an_event_edit_takes_the_fields_of_the_schema_and_its_precision_follows_the_date(ws: Workspace) -> None:
    (event,) = [v for v in ws.snapshot().events if v.what == "depot closed"]
    assert (event.date, event.precision) == ("2022", "year")
    edited = ws.review(event.id, "edit", {"date": "2022-10-25", "what": "depot shut"}, "ana")
    assert (edited["date"], edited["precision"], edited["what"], edited["status"]) == ("2022-10-25", "day", "depot shut", "accepted")
    assert edited["machine"] == {"date": "2022", "precision": "year", "what": "depot closed"}
    reextract(ws)
    again = ws.store.fact(event.id)
    assert (again["date"], again["precision"], again["what"]) == ("2022-10-25", "day", "depot shut")
    assert ws.review(event.id, "edit", {"date": "2022-11"})["precision"] == "month"
    for bad in ({"date": "2022-13"}, {"date": "25 October 2022"}, {"precision": "day"}, {"stance": "denies"}):
        with pytest.raises(InputError):
            ws.review(event.id, "edit", bad)
    assert ws.store.fact(event.id)["date"] == "2022-11"


def test_the_schema_names_every_fact_kind_the_store_keeps() -> None:
    from threadline.corrections import ENTITY_FIELDS, FACT_FIELDS
    from threadline.model import SCHEMA
    from threadline.store.corrections import EDITABLE, FACT_PREFIXES, fact_table

    assert {k.table for k in SCHEMA.fact_kinds.values()} == set(EDITABLE) == set(FACT_PREFIXES.values())
    for kind in SCHEMA.fact_kinds.values():  # what the API lets an analyst edit is what the store lets it write
        assert {ENTITY_FIELDS.get(f, f) for f in FACT_FIELDS[kind.name]} | set(kind.derived) | {"status"} == EDITABLE[kind.table]
        assert fact_table(kind.prefix + "0123") == kind.table and SCHEMA.fact_kind_of(kind.prefix + "x") == kind
    assert EDITABLE["events"] == {"date", "precision", "what", "status"} and FACT_FIELDS["event"] == ("date", "what")


def test_claims_and_relations_added_by_hand(ws: Workspace) -> None:
    doc = doc_1().document.id
    at = TEXT_1.index("closed in 2022")
    claim = ws.add_claim(doc, at, at + len("closed in 2022"), "states", claimant="BHA", about=["Gdansk"], user="ana")
    assert claim["extractor"] == "hand" and claim["status"] == "accepted" and claim["sentence"] == "The depot closed in 2022."
    assert claim["text"] == "closed in 2022" and claim["about"] == [ws.entity_id("Gdansk")]
    relation = ws.add_relation(doc, at, at + 6, "Lanternwatch", "located_in", "Gdansk", user="ana")
    with pytest.raises(InputError):
        ws.add_relation(doc, at, at + 6, "Lanternwatch", "located_in", "Gdansk")
    reextract(ws)
    assert ws.store.fact(claim["id"])["stance"] == "states" and ws.store.fact(relation["id"])["predicate"] == "located_in"
    assert claim["id"] in {f.id for f in ws.snapshot().facts}
    added = [d for d in ws.history("BHA") if d["action"] == "add_claim"][0]
    assert added["user"] == "ana"
    ws.retract(added["id"])
    assert claim["id"] not in {f.id for f in ws.snapshot().facts}


def test_merging_different_types_needs_confirmation(ws: Workspace) -> None:
    preview = ws.merge_preview("Lanternwatch", "BHA")
    assert preview["needs_confirmation"] and preview["keep"] == ws.entity_id("Lanternwatch")
    assert any("STATE_BODY" in c for c in preview["changes"])
    with pytest.raises(ReviewConflict, match="ORG.*STATE_BODY"):
        ws.merge("Lanternwatch", "BHA")
    assert ws.entity_id("Lanternwatch") != ws.entity_id("BHA")
    ws.merge("Lanternwatch", "BHA", confirm=True)
    assert ws.entity_id("Lanternwatch") == ws.entity_id("BHA")
    assert ws.merge_preview("Zoë Sánchez", "Liège")["needs_confirmation"]


def test_review_pairs_come_once_and_always_with_a_reason(ws: Workspace) -> None:
    ws.merge("Tallinn", "Gdansk")
    lantern = ws.store.members(ws.entity_id("Tallinn"))
    assert len(lantern) == 2  # one entity of two stored ones
    other = ws.entity_id("Liège")
    pairs = [ReviewPair(lantern[0], other, 0.8, ()), ReviewPair(lantern[1], other, 0.75, ("why",))]
    ws.store.apply_resolution(Resolution(canonical={}, review=pairs), 0)
    (pair,) = ws.review_candidates()
    assert pair["score"] == 0.8 and pair["explanation"].strip()
    from threadline.resolve.judgements import Judgement

    ws.answer(lantern[0], other, Judgement.UNSURE)
    assert ws.review_candidates() == []  # the other member's pair is the same question


# -- the property: no re-run undoes a decision ------------------------------------------------------

CORRECTIONS = st.lists(st.one_of(
    st.tuples(st.just("rename"), st.sampled_from(["BHA", "Lanternwatch", "Liège"]), st.sampled_from(["Alpha", "Beta Body", "Gamma"])),
    st.tuples(st.just("retype"), st.sampled_from(["BHA", "Lanternwatch", "Zoë Sánchez"]), st.sampled_from(["ORG", "PERSON", "STATE_BODY"])),
    st.tuples(st.just("set_country"), st.sampled_from(["BHA", "Crédit Maritime"]), st.sampled_from(["PL", "EE", None])),
    st.tuples(st.just("add_alias"), st.sampled_from(["BHA", "Crédit Maritime"]), st.sampled_from(["Delta", "Epsilon"])),
    st.tuples(st.just("reject_entity"), st.sampled_from(["Tallinn", "Zoë Sánchez"]), st.none()),
    st.tuples(st.just("rerun"), st.sampled_from(["resolve", "reextract"]), st.none()),
), min_size=1, max_size=7)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(CORRECTIONS)
def test_property_no_rerun_undoes_a_correction(steps: list[tuple[str, str, str | None]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "p.db"))
        assert isinstance(store, SQLStore)
        for ex in (doc_1(), doc_2(), doc_3()):
            store.save(ex, resolve=resolve_entity)
        ws = Workspace(store=store)
        ws.resolve()
        ids = {name: ws.entity_id(name) for name in ("BHA", "Lanternwatch", "Liège", "Zoë Sánchez", "Crédit Maritime", "Tallinn")}
        expected: dict[str, dict[str, object]] = {}
        for action, name, value in steps:
            if action == "rerun":
                reextract(ws) if name == "reextract" else ws.resolve()
                continue
            method = getattr(ws, action)
            try:
                method(ids[name]) if action == "reject_entity" else method(ids[name], value)
            except InputError:
                continue  # no change asked (already so)
            field = {"rename": "name", "retype": "type", "set_country": "country", "reject_entity": "rejected"}.get(action)
            if field:
                expected.setdefault(ids[name], {})[field] = True if action == "reject_entity" else value
            else:
                expected.setdefault(ids[name], {}).setdefault("aliases", set()).add(value)  # type: ignore[union-attr]
        reextract(ws)
        for entity, fields in expected.items():
            profile = ws.store.entity_profile(entity)
            for field, value in fields.items():
                if field == "aliases":
                    assert value <= set(profile["aliases"])  # type: ignore[operator]
                elif field == "rejected":
                    assert profile["rejected"] and entity not in ws.snapshot().entities
                else:
                    assert profile[field] == value, (field, steps)
        store.close()
