"""Corrections through the CLI, on a store of hand-built documents (no spaCy model): each command, its history
entry with who and when, its replay through 'resolve' and re-extraction, and 'retract'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from extractions import TEXT_A, doc_a, doc_b

from threadline.api import Workspace
from threadline.cli import cli
from threadline.model import Extraction
from threadline.resolve import resolve_entity


def run(*args: str, input: str | None = None, ok: bool = True) -> str:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    assert (result.exit_code == 0) is ok, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture
def db(tmp_path: Path) -> str:
    location = str(tmp_path / "inv.db")
    with Workspace(location) as ws:
        for ex in (doc_a(), doc_b()):
            ws.store.save(ex, resolve=resolve_entity)
        ws.resolve()
    return location


def reextract(db: str) -> None:
    with Workspace(db) as ws:
        for ex in (doc_a(), doc_b()):
            ws.store._run("UPDATE documents SET extractor = NULL WHERE id = ?", (ex.document.id,))  # type: ignore[attr-defined]
            ws.store.save(Extraction(ex.document, ex.entities, ex.mentions, ex.relations, ex.claims, ex.events,
                                     {"name": "threadline", "version": "test-2", "language": "en"}), resolve=resolve_entity)
        ws.resolve()


def profile(db: str, name: str) -> dict:
    return json.loads(run("show", name, "--db", db, "--json"))[0]


def test_entity_corrections_replay_and_retract(db: str) -> None:
    assert "renamed: Public Security Ministry" in run("entity", "rename", "MPS", "Public Security Ministry", "--db", db, "--user", "ana")
    run("entity", "retype", "MPS", "org", "--db", db)
    run("entity", "country", "MPS", "CN", "--db", db)
    run("entity", "alias", "MPS", "Gong'anbu", "--db", db)
    for _ in range(2):
        assert run("resolve", "--db", db)
        reextract(db)
        p = profile(db, "Gong'anbu")
        assert (p["name"], p["type"], p["country"]) == ("Public Security Ministry", "ORG", "CN")
        assert p["machine"]["type"] == "STATE_BODY"
    rows = json.loads(run("history", "MPS", "--db", db, "--json"))
    assert [r["action"] for r in rows] == ["rename", "retype", "set_country", "add_alias"] and rows[0]["user"] == "ana"
    listed = run("history", "MPS", "--db", db)
    assert "rename" in listed and str(rows[0]["id"]) in listed
    run("entity", "country", "MPS", "--clear", "--db", db)
    assert profile(db, "MPS")["country"] is None
    run("retract", str(rows[0]["id"]), "--db", db)
    assert profile(db, "MPS")["name"] == "Ministry of Public Security"
    assert "already retracted" in run("retract", str(rows[0]["id"]), "--db", db, ok=False)
    assert "unknown country" in run("entity", "country", "MPS", "Atlantis", "--db", db, ok=False)


def test_reject_removes_from_entities_and_exports(db: str, tmp_path: Path) -> None:
    run("entity", "reject", "Rotterdam", "--reason", "not in the story", "--db", db)
    listed = json.loads(run("entities", "--db", db, "--json"))
    assert "Rotterdam" not in {e["name"] for e in listed}
    out = tmp_path / "graph.gexf"
    run("export", "--format", "gexf", "-o", str(out), "--db", db)
    graph = out.read_text("utf-8")
    assert 'label="Harbourwatch"' in graph and 'label="Rotterdam"' not in graph
    assert profile(db, "Rotterdam")["rejected"]
    assert json.loads(run("history", "Rotterdam", "--db", db, "--json"))[0]["value"]["reason"] == "not in the story"


def test_entity_add_from_a_span_and_facts_by_hand(db: str) -> None:
    doc = doc_a().document.id
    at = TEXT_A.index("an office in Rotterdam")
    span = f"{at}:{at + len('an office')}"
    assert "marked: Rotterdam office" in run("entity", "add", doc, "--span", span, "--type", "FACILITY", "--name",
                                             "Rotterdam office", "--db", db)
    claim = json.loads(run("claim", "add", doc, "--span", span, "--stance", "alleges", "--claimant", "Harbourwatch",
                           "--about", "Rotterdam office", "--db", db, "--json"))
    assert claim["extractor"] == "hand" and claim["sentence"].startswith("Harbourwatch said")
    relation = json.loads(run("relation", "add", doc, "MPS", "operates", "Rotterdam office", "--span", span, "--db", db,
                              "--json"))
    reextract(db)
    p = profile(db, "Rotterdam office")
    assert p["type"] == "FACILITY" and [m["start"] for m in p["mentions"]] == [at]
    assert {c["id"] for c in p["claims_about"]} == {claim["id"]} and {r["id"] for r in p["relations"]} == {relation["id"]}
    assert "--span must be START:END" in run("entity", "add", doc, "--span", "x", "--type", "ORG", "--db", db, ok=False)


def test_claim_and_relation_edits(db: str) -> None:
    with Workspace(db) as ws:
        claim = ws.claims(stance="denies")[0]["id"]
        relation = ws.review_queue("relation")[0]["id"]
    out = run("claim", "edit", claim, "--claimant", "Harbourwatch", "--stance", "states", "--about", "MPS", "--db", db)
    assert "the machine said" in out and "denies" in out
    run("relation", "edit", relation, "--predicate", "operates", "--object", "Harbourwatch", "--db", db)
    reextract(db)
    with Workspace(db) as ws:
        fact = ws.store.fact(claim)
        assert fact["stance"] == "states" and fact["claimant_id"] == ws.entity_id("Harbourwatch")
        assert fact["machine"]["stance"] == "denies"
        assert ws.store.fact(relation)["predicate"] == "operates"
    assert "nothing to change" in run("claim", "edit", claim, "--stance", "states", "--db", db, ok=False)


def test_merge_of_different_types_asks_first(db: str) -> None:
    out = run("merge", "Harbourwatch", "MPS", "--db", db, input="n\n")
    assert "ORG" in out and "STATE_BODY" in out and "not merged" in out
    assert profile(db, "Harbourwatch")["id"] != profile(db, "MPS")["id"]
    run("merge", "Harbourwatch", "MPS", "--db", db, "--yes")
    assert profile(db, "Harbourwatch")["id"] == profile(db, "MPS")["id"]


def test_review_merges_asks_each_pair_once_with_a_reason(db: str) -> None:
    from threadline.resolve.cluster import Resolution, ReviewPair

    with Workspace(db) as ws:
        ws.merge("Rotterdam", "Antwerp")
        places = ws.store.members(ws.entity_id("Rotterdam"))
        other = ws.entity_id("Harbourwatch")
        ws.store.apply_resolution(Resolution(review=[ReviewPair(places[0], other, 0.8, ()),
                                                     ReviewPair(places[1], other, 0.72, ("x",))]), 0)
    out = run("review-merges", "--db", db, input="s\ns\n")
    assert out.count("same?") == 1 and "names alike" in out
