"""Two writers on one investigation at once: ``threadline add`` in another process while this one reviews facts.

Afterwards nothing is lost, on either backend: every document is stored whole, every review decision is on
record and applied, and the store's integrity checks pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_contract import BACKENDS, doc_1, doc_2, doc_3

from threadline.api import Workspace
from threadline.resolve import resolve_entity
from threadline.store.sql import SQLStore

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
PORTS = ["Klaipeda", "Gdynia", "Riga", "Turku", "Aarhus", "Bergen", "Malmo", "Kiel", "Rostock", "Oulu"]
NAMES = ["Ilse Varga", "Tomas Lind", "Mara Quist", "Oskar Berne", "Freya Holm"]
ORPHANS = [  # (child table, column, parent table): rows whose parent is missing
    ("document_locations", "doc_id", "documents"), ("aliases", "entity_id", "entities"), ("mentions", "doc_id", "documents"),
    ("mentions", "entity_id", "entities"), ("relations", "doc_id", "documents"), ("claims", "doc_id", "documents"),
    ("claim_about", "claim_id", "claims"), ("claim_about", "entity_id", "entities"), ("events", "doc_id", "documents"),
    ("event_entities", "event_id", "events"), ("event_entities", "entity_id", "entities"),
    ("entities", "canonical_id", "entities"), ("document_signatures", "doc_id", "documents"),
]


def write_documents(folder: Path, n: int = 20) -> list[str]:
    """n short invented dispatches, distinct enough not to be near-duplicates; returns their paths."""
    folder.mkdir()
    paths = []
    for i in range(n):
        port, name = PORTS[i % len(PORTS)], NAMES[i % len(NAMES)]
        text = (f"Dispatch {i} from {port}\n\n"
                f"The watchdog Tidewatch alleged on {i % 27 + 1} May 2024 that a shipping agency in {port} filed "
                f"{3 * i + 7} false cargo manifests. {name}, a harbour official in {port}, said inspectors had "
                f"seized ledger number {1000 + i}. The agency denied the allegation in a statement.\n")
        path = folder / f"dispatch-{i:02d}.txt"
        path.write_text(text, "utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_ingest_and_a_reviewer_write_at_once(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    location = str(tmp_path / "shared.db") if backend == "sqlite" else request.getfixturevalue("pg_schemas")()
    with Workspace(location) as ws:
        for ex in (doc_1(), doc_2(), doc_3()):
            ws.store.save(ex, resolve=resolve_entity)
        facts = [c["id"] for c in ws.review_queue("claim", "all")] + [r["id"] for r in ws.review_queue("relation", "all")]
    files = write_documents(tmp_path / "docs")
    env = {k: v for k, v in os.environ.items() if k != "THREADLINE_DB"}
    log = tmp_path / "add.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "threadline", "add", str(tmp_path / "docs"), "--db", location,
                                 "--jobs", "1", "--quiet"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    done: list[tuple[str, str]] = []
    overlapped = 0  # reviews made while the ingest had stored some but not all documents
    deadline = time.monotonic() + 300
    try:
        with Workspace(location) as ws:
            while proc.poll() is None or len(done) < 20:
                assert time.monotonic() < deadline, "the ingest did not finish in time:\n" + log.read_text()
                fact, action = facts[len(done) % len(facts)], ("accept", "reject")[len(done) % 3 == 0]
                ws.review(fact, action, user="reviewer")
                done.append((fact, action))
                overlapped += 3 < ws.stats()["documents"] < 23
                time.sleep(0.01)
    finally:
        if proc.poll() is None:  # only the process this test started
            proc.kill()
        proc.wait(timeout=60)
    assert proc.returncode == 0, log.read_text()
    assert overlapped, "the reviews never overlapped the ingest's writes"

    with Workspace(location) as ws:
        store = ws.store
        assert isinstance(store, SQLStore)
        stored = {r["location"]: r["doc_id"] for r in store.query("SELECT doc_id, location FROM document_locations")}
        new_docs = [stored[f] for f in files]
        assert store.stats()["documents"] == 23 and all(store.has_document(d) for d in new_docs)
        for doc_id in new_docs:  # whole documents: text, facts, search index
            document = store.document(doc_id)
            assert document["mentions"] and document["claims"], doc_id
        assert {h["id"] for h in store.search("Tidewatch", limit=50)} == set(new_docs)
        assert [(d["target"], d["action"]) for d in store.decisions(["accept", "reject"])] == done
        last = dict(done)
        for fact, action in last.items():
            assert store.fact(fact)["status"] == ("accepted" if action == "accept" else "rejected")
        for child, column, parent in ORPHANS:
            orphans = store.query(f"SELECT count(*) AS n FROM {child} c WHERE c.{column} IS NOT NULL"
                                  f" AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = c.{column})")
            assert orphans == [{"n": 0}], (child, column)
        assert store.query("SELECT count(*) AS n FROM documents WHERE extractor IS NULL") == [{"n": 0}]
        if backend == "sqlite":
            assert store.query("PRAGMA integrity_check") == [{"integrity_check": "ok"}]
            assert store.query("PRAGMA foreign_key_check") == []
            store.query("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
