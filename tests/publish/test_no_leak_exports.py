"""A protected person's name, aliases and store ids appear in no exported file of any format,
and do appear when the export explicitly includes protected persons."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from threadline.api import Workspace

pytestmark = pytest.mark.model

FORMATS = [("ftm", "graph.ftm.json", {"body_text": True}), ("gexf", "graph.gexf", {}),
           ("graphml", "graph.graphml", {}), ("csv", "csv", {})]
# people whose every name form is their own (a bare "Wang" also names other people)
PERSONS = ["Tom Tugendhat", "Chen Jinping"]


def export_all(ws: Workspace, folder: Path, include_protected: bool) -> str:
    """Every format into ``folder``; returns the text of every file written."""
    for fmt, name, options in FORMATS:
        ws.export(fmt, folder / name, include_protected=include_protected, **options)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert len(files) == 8  # ftm, gexf, graphml and five csv files
    return "\n".join(p.read_text("utf-8") for p in files)


@pytest.fixture(params=PERSONS)
def protected(request: pytest.FixtureRequest, stored_corpus: Path, tmp_path: Path) -> dict:
    db = tmp_path / "store.db"
    shutil.copy(stored_corpus, db)
    with Workspace(db) as ws:
        entity = ws.snapshot(include_protected=True).one(request.param)
        forms = [entity.name, *entity.aliases]
        assert len(forms) >= 2 and all(len(f) >= 4 for f in forms)
        members = ws.protect(request.param)
        facts = [f for f in ws.snapshot(include_protected=True).facts if entity.id in (f.source, f.target)]
        assert facts, "the person should take part in facts for this test to mean something"
        # ids made from the person's id: relations either way, claims the person made
        hashed = [f.id for f in facts if f.kind == "relation" or f.source == entity.id]
    return {"db": db, "entity": entity, "forms": forms, "ids": [entity.id, *members, *hashed]}


def test_protected_person_leaves_no_trace(protected: dict, tmp_path: Path) -> None:
    with Workspace(protected["db"]) as ws:
        text = export_all(ws, tmp_path / "redacted", include_protected=False)
    folded = text.casefold()
    for form in protected["forms"]:
        assert form.casefold() not in folded, f"{form!r} leaked"
    for store_id in protected["ids"]:  # store ids are hashes of names: guessable
        assert store_id not in text, f"{store_id} leaked"
    assert "[protected person" in text  # the person is still there, as a placeholder


def test_include_protected_shows_the_person(protected: dict, tmp_path: Path) -> None:
    with Workspace(protected["db"]) as ws:
        text = export_all(ws, tmp_path / "full", include_protected=True)
    for form in protected["forms"]:
        assert form in text, f"{form!r} missing from an export that includes protected persons"
    assert protected["entity"].id in text
    assert "[protected person" not in text


def test_xref_leaves_protected_persons_out(protected: dict, tmp_path: Path) -> None:
    ref = tmp_path / "ref.json"
    entity = protected["entity"]
    ref.write_text(json.dumps({"id": "ref-1", "schema": "Person", "properties": {"name": [entity.name]}}) + "\n", "utf-8")
    with Workspace(protected["db"]) as ws:
        ws.import_ftm(ref)
        assert [m for m in ws.xref() if m["reference_id"] == "ref-1"] == []
        (match,) = [m for m in ws.xref(include_protected=True) if m["reference_id"] == "ref-1"]
    assert match["entity_id"] == entity.id and match["score"] >= 0.9  # "possible": a name alone is never "same"
