"""``Workspace.add``: parallel extraction stores the same facts, progress per file, near-duplicates as locations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadline.api import Workspace
from threadline.cli import cli

pytestmark = pytest.mark.model

# Invented texts. COPY is STORY syndicated: another headline, one hyphen, a wire footer.
STORY = """Harbour council reviews lease of community office

The council of the port town of Westmere said on Tuesday that it would review the lease of a community office run by a local hometown association, after a civil society group reported that the office had been used to pressure residents to return to their country of origin.

The group, Open Harbour Monitor, said in a report published on 3 March 2024 that volunteers at the office had contacted at least twelve residents and urged them to settle legal matters abroad. The report cited interviews with four residents and messages seen by its researchers.

A spokesperson for the association, Daniel Okafor, denied the allegations and said the office offered help with driving licence renewals and pension paperwork. He said the association had no links to any foreign government.

Council member Ingrid Hale said the review would examine whether the lease terms had been respected and whether the premises had been used for purposes other than those agreed. She said the council would publish its findings before the summer recess.

The national police said they were aware of the report but declined to comment on whether an investigation had been opened. The foreign ministry said it took any reports of transnational repression seriously and was in contact with local authorities.
"""
COPY = STORY.replace("Harbour council reviews lease of community office",
                     "Westmere to examine community office lease after NGO report").replace(
    "driving licence", "driving-licence") + "\nDistributed by Coastal Wire Service. Not for resale without a licence.\n"
OTHER = """Residents describe calls from volunteers at Northgate office

Several residents of Northgate told a local newspaper this week that they had received repeated telephone calls from volunteers working out of a small office above a grocery shop on Mill Road.

One woman, who asked not to be named, said the callers knew where her parents lived and suggested that her family would be better off if she travelled home to answer questions from the authorities there.

The office is registered as a cultural association and offers language classes on weekends. Its chairman, Victor Lindqvist, said the volunteers only helped older members with paperwork and that nobody had been asked to travel anywhere.
"""


def facts(db: Path) -> dict[str, list[str]]:
    with sqlite3.connect(db) as conn:
        return {table: sorted(r[0] for r in conn.execute(f"SELECT id FROM {table}"))
                for table in ("documents", "entities", "mentions", "relations", "claims", "events")}


def locations(db: Path) -> list[tuple[str, str, float | None]]:
    with sqlite3.connect(db) as conn:
        return [(Path(r[0]).name, r[1], r[2]) for r in conn.execute(
            "SELECT location, doc_id, similarity FROM document_locations ORDER BY location")]


def test_two_jobs_store_exactly_the_facts_of_one(tmp_path: Path, corpus: Path) -> None:
    with Workspace(tmp_path / "one.db") as ws:
        one = ws.add([corpus], jobs=1)
    with Workspace(tmp_path / "two.db") as ws:
        two = ws.add([corpus], jobs=2, batch_size=2)  # four batches, so two workers really start
    assert one.ok and two.ok and one.added == two.added and len(two.added) == 8
    assert one.counts == two.counts
    assert facts(tmp_path / "one.db") == facts(tmp_path / "two.db")


def test_progress_is_called_once_per_file_with_its_outcome(tmp_path: Path, corpus: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in sorted(corpus.glob("0*.md"))[:4]:
        (docs / path.name).write_text(path.read_text("utf-8"), "utf-8")
    (docs / "again.md").write_text((corpus / "01-netherlands.md").read_text("utf-8"), "utf-8")  # the same text
    (docs / "broken.txt").write_bytes(b"\x00\x01binary")
    (docs / "story.txt").write_text(STORY, "utf-8")
    (docs / "story-wire.txt").write_text(COPY, "utf-8")
    calls: list[tuple[str, str]] = []
    with Workspace(tmp_path / "inv.db") as ws:
        files = ws.files([docs])
        report = ws.add(files, progress=lambda path, outcome: calls.append((Path(path).name, outcome)), jobs=2,
                        batch_size=1)
    assert sorted(name for name, _ in calls) == sorted(f.name for f in files)
    outcomes = dict(calls)
    assert outcomes["again.md"] == "unchanged" and outcomes["broken.txt"] == "failed"
    assert outcomes["01-netherlands.md"] == "added"
    assert {outcomes["story.txt"], outcomes["story-wire.txt"]} == {"added", "near-duplicate"}
    assert len(report.added) == 5 and len(report.duplicates) == 1 and len(report.failed) == 1


def test_a_syndicated_copy_is_a_location_of_the_stored_story(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-story.txt").write_text(STORY, "utf-8")
    db = tmp_path / "inv.db"
    with Workspace(db) as ws:
        assert len(ws.add([docs / "a-story.txt"]).added) == 1
    (docs / "b-copy.txt").write_text(COPY, "utf-8")
    (docs / "c-other.txt").write_text(OTHER, "utf-8")
    with Workspace(db) as ws:  # a new workspace: the signatures come back from the store
        report = ws.add([docs])
        assert [Path(p).name for p in report.added] == ["c-other.txt"]
        assert [Path(p).name for p in report.unchanged] == ["a-story.txt"]
        (dup,) = report.duplicates
        assert Path(dup.location).name == "b-copy.txt" and dup.title == "Harbour council reviews lease of community office"
        assert 0.8 <= dup.similarity < 1.0
        assert str(dup) == f"duplicate of Harbour council reviews lease of community office (similarity {dup.similarity:.2f})"
        assert ws.stats()["documents"] == 2 and ws.stats()["near_duplicates"] == 1
        snapshot = ws.snapshot()
        assert len(snapshot.documents) == 2  # one source, not two
        story_id = dup.original
    assert ("b-copy.txt", story_id, round(dup.similarity, 4)) in locations(db)

    with Workspace(db) as ws:  # again: nothing new, the copy is reported again, not stored
        again = ws.add([docs])
        assert not again.added and len(again.duplicates) == 1 and ws.stats()["near_duplicates"] == 1


def test_copies_in_one_run_are_extracted_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-story.txt").write_text(STORY, "utf-8")
    (docs / "b-copy.txt").write_text(COPY, "utf-8")
    (docs / "c-same.txt").write_text(STORY, "utf-8")  # the very same text
    (docs / "d-other.txt").write_text(OTHER, "utf-8")
    db = tmp_path / "inv.db"
    with Workspace(db) as ws:
        report = ws.add([docs], batch_size=4)
    assert [Path(p).name for p in report.added] == ["a-story.txt", "d-other.txt"]
    assert [Path(p).name for p in report.unchanged] == ["c-same.txt"]
    assert [Path(d.location).name for d in report.duplicates] == ["b-copy.txt"]
    names = {name: (doc, sim) for name, doc, sim in locations(db)}
    assert names["b-copy.txt"][0] == names["a-story.txt"][0] == names["c-same.txt"][0]
    assert names["b-copy.txt"][1] is not None and names["c-same.txt"][1] is None


def test_stores_from_before_signatures_get_them_when_adding(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-story.txt").write_text(STORY, "utf-8")
    db = tmp_path / "inv.db"
    with Workspace(db) as ws:
        ws.add([docs])
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM document_signatures")
    (docs / "b-copy.txt").write_text(COPY, "utf-8")
    with Workspace(db) as ws:
        report = ws.add([docs / "b-copy.txt"])
    assert len(report.duplicates) == 1 and not report.added
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM document_signatures").fetchone()[0] == 1


def test_cli_reports_near_duplicates_and_takes_jobs(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-story.txt").write_text(STORY, "utf-8")
    (docs / "b-copy.txt").write_text(COPY, "utf-8")
    result = CliRunner().invoke(cli, ["add", str(docs), "--db", str(tmp_path / "inv.db"), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "b-copy.txt: duplicate of Harbour council reviews lease of community office (similarity 0.8" in text
    assert "1 added, 0 already stored, 0 failed" in text
    assert "1 near-duplicate recorded as extra location" in text
    assert CliRunner().invoke(cli, ["add", str(docs), "--jobs", "0"]).exit_code == 2
