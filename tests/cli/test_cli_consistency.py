"""Consistency across commands: stats and entities count the same entities; show on an ambiguous name lists
the candidates as path does; every --json output holds lists as JSON lists; add, resolve, dossier and report
have --json summaries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from threadline.cli import cli
from threadline.model import Document, Entity, Evidence, Extraction, Mention
from threadline.resolve import resolve_entity
from threadline.store import SQLiteStore

LIST_KEYS = {"aliases", "about", "members", "added", "unchanged", "failed", "skipped", "duplicates", "documents"}


def run(*args: str) -> Result:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, list(args), catch_exceptions=False)


def as_json(*args: str, code: int = 0) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == code, (args, result.output, result.stderr)
    return json.loads(result.stdout)


def lists_are_lists(value: Any, where: str = "") -> None:
    """Every aliases/about/... value is a list, and no string anywhere is a list joined with ' | '."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in LIST_KEYS and not isinstance(item, (list, int)):
                raise AssertionError(f"{where}.{key} is {type(item).__name__}, not a list: {item!r}")
            lists_are_lists(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            lists_are_lists(item, f"{where}[{i}]")
    elif isinstance(value, str) and " | " in value and where.rsplit(".", 1)[-1] in LIST_KEYS | {"alias", "name"}:
        raise AssertionError(f"{where} joins a list into a string: {value!r}")


def one_entity_doc(text: str, name: str, type_: str) -> Extraction:
    doc = Document(text=text)
    start = text.index(name)
    ev = Evidence(doc.id, start, start + len(name), text, "test.hand", "test-1")
    return Extraction(doc, (Entity(name, type_),), (Mention(name, type_, name, ev),), (), (), (),
                      {"name": "threadline", "version": "test-1", "language": "en"})


@pytest.fixture
def ambiguous(tmp_path: Path) -> Path:
    """Two entities called Jordan: a person and a country, never merged."""
    from threadline.api import Workspace

    db = tmp_path / "jordan.db"
    store = SQLiteStore(db)
    store.save(one_entity_doc("Jordan said the harbour office was open.", "Jordan", "PERSON"), resolve=resolve_entity)
    store.save(one_entity_doc("The delegation travelled to Jordan in May.", "Jordan", "GPE"), resolve=resolve_entity)
    store.close()
    with Workspace(db) as ws:
        ws.resolve()
    return db


def test_show_on_an_ambiguous_name_lists_the_candidates_as_path_does(ambiguous: Path) -> None:
    from threadline.api import Workspace

    shown = run("show", "Jordan", "--db", str(ambiguous))
    assert shown.exit_code == 1
    with Workspace(ambiguous) as ws:
        ids = {e["id"]: e["type"] for e in ws.entities()}
    assert len(ids) == 2
    for entity_id, type_ in ids.items():
        assert f"{entity_id} ({type_} Jordan)" in shown.stderr
    assert "Use an id instead" in shown.stderr
    path = run("path", "Jordan", "Jordan", "--db", str(ambiguous))
    assert path.exit_code == 1 and all(f"{i} ({t} Jordan)" in path.stderr for i, t in ids.items())
    one = next(iter(ids))
    [profile] = as_json("show", one, "--db", str(ambiguous))
    assert profile["id"] == one


def test_stats_and_entities_count_the_same_entities(ambiguous: Path) -> None:
    stats = as_json("stats", "--db", str(ambiguous))
    assert stats["entities"] == len(as_json("entities", "--db", str(ambiguous))) == 2
    assert stats["extracted_entities"] == 2
    listed = run("entities", "--db", str(ambiguous))
    assert "2 canonical entities (after resolution), from 2 extracted" in listed.stdout


@pytest.mark.model
def test_every_json_output_holds_lists_as_lists_and_counts_agree(stored_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    shutil.copy(stored_corpus, db)
    d = str(db)
    stats = as_json("stats", "--db", d)
    entities = as_json("entities", "--db", d)
    assert stats["entities"] == len(entities) < stats["extracted_entities"]  # merges made fewer canonical ones
    assert any(e["aliases"] for e in entities)
    claims = as_json("claims", "--db", d)
    assert any(len(c["about"]) > 1 for c in claims)
    outputs = {"stats": stats, "entities": entities, "claims": claims,
               "show": as_json("show", "Safeguard Defenders", "--db", d),
               "search": as_json("search", "police", "--db", d),
               "resolve": as_json("resolve", "--db", d),
               "dossier": as_json("dossier", "--country", "NL", "--db", d),
               "report": as_json("report", "--country", "NL", "-o", str(tmp_path / "nl.html"), "--db", d)}
    for name, value in outputs.items():
        lists_are_lists(value, name)
    resolved = outputs["resolve"]
    assert resolved["entities_after"] == stats["entities"] and resolved["entities_before"] == stats["extracted_entities"]
    dossier = outputs["dossier"]
    assert dossier["counts"]["documents"] == len(dossier["documents"]) > 0 and dossier["markdown"].startswith("# Dossier")
    assert outputs["report"]["output"].endswith("nl.html") and (tmp_path / "nl.html").exists()


@pytest.mark.model
def test_add_json_summary(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(corpus.glob("01-*.md")), folder / "a.md")
    (folder / "bad.txt").write_bytes(b"")
    db = str(tmp_path / "add.db")
    summary = as_json("add", str(folder), "--db", db, "--jobs", "1", code=1)
    assert summary["ok"] is False and len(summary["added"]) == 1 and summary["unchanged"] == []
    assert summary["failed"] == [{"location": str(folder / "bad.txt"), "reason": summary["failed"][0]["reason"]}]
    assert summary["store"]["documents"] == 1 and summary["store"]["entities"] > 0
    again = as_json("add", str(folder / "a.md"), "--db", db, "--jobs", "1")
    assert again["ok"] is True and again["added"] == [] and len(again["unchanged"]) == 1
