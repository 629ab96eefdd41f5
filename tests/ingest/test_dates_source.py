"""Publication dates: explicit metadata or the text's own dateline, never a file's creation date; every
document says where its date came from, in the store, `show`, the document view and the exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest_samples import make_pdf, write

from threadline.ingest import read_document
from threadline.ingest.dateline import find_dateline


@pytest.mark.parametrize("text, date", [
    ("ROTTERDAM, 4 May 2023 — The association opened an office.", "2023-05-04"),
    ("Harbour news\nPublished: 4 May 2023\nThe association opened an office.", "2023-05-04"),
    ("Posted on March 3, 2021 by the desk\nText.", "2021-03-03"),
    ("Headline\n\nThe Hague (Reuters) - 12 March 2022 - Police said so.", "2022-03-12"),
    ("Monday 4 May 2023\nThe office opened.", "2023-05-04"),
    ("Gepubliceerd op 3 maart 2021\nDe vereniging opende een kantoor.", "2021-03-03"),
    ("2023年5月4日 新华社消息", "2023-05-04"),
])
def test_datelines_are_read(text: str, date: str) -> None:
    assert find_dateline(text) == date


@pytest.mark.parametrize("text", [
    "It closed on 4 May 2023, the chair said.",  # a date inside a sentence is an event
    "In a report published on 4 May 2023, the monitor alleged it.",
    "On September 12, 2022, the monitor released its second report.",  # a sentence opening with its date
    "Title of the page\n\nAm 3. Mai 2023, sagte die Sprecherin, sei das Büro geschlossen worden.",
    "The office opened in 2021.",  # a year alone is no dateline
    "\n".join(["Line one.", "Line two.", "Line three.", "Line four.", "Line five.", "Line six.", "4 May 2023"]),
    "2023年5月4日，王小明表示欢迎。",
])
def test_dates_in_sentences_are_not_datelines(text: str) -> None:
    assert find_dateline(text) is None


def test_pdf_creation_date_is_not_published_but_its_dateline_is(tmp_path: Path) -> None:
    undated = read_document(write(tmp_path / "a.pdf", make_pdf(["The office opened in Rotterdam."], title="Report")))
    assert undated.published is None and undated.date_source is None and undated.meta["created"] == "2023-05-04"
    dated = read_document(write(tmp_path / "b.pdf", make_pdf(["ROTTERDAM, 2 March 2021 - The office opened."],
                                                             title="Report")))
    assert (dated.published, dated.date_source) == ("2021-03-02", "dateline")


def test_front_matter_wins_over_a_dateline(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.md", b"---\npublished: 2020-01-02\n---\nROTTERDAM, 4 May 2023 - Text.\n"))
    assert (doc.published, doc.date_source) == ("2020-01-02", "front matter")
    plain = read_document(write(tmp_path / "b.txt", b"ROTTERDAM, 4 May 2023 - Text.\n"))
    assert (plain.published, plain.date_source) == ("2023-05-04", "dateline")
    none = read_document(write(tmp_path / "c.txt", b"The office opened on 4 May 2023.\n"))
    assert (none.published, none.date_source) == (None, None)


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    write(folder / "front.md", b"---\ntitle: Front matter story\npublished: 2020-01-02\n---\n"
          b"The Coastal Rights Monitor said the office was closed.\n")
    write(folder / "dateline.txt", b"Rotterdam, 4 May 2023\nThe Coastal Rights Monitor said the office had reopened.\n"
)
    write(folder / "created.pdf", make_pdf(["The Coastal Rights Monitor said the office had moved."], title="Moved"))
    return folder


@pytest.mark.model
def test_date_source_is_stored_shown_and_exported(tmp_path: Path) -> None:
    from threadline.api import Workspace
    from threadline.cli import cli

    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "inv.db"
    with Workspace(db) as ws:
        assert ws.add([corpus]).ok
        docs = {d["title"]: d for d in ws.store.snapshot_rows()["documents"]}
        assert docs["Front matter story"]["date_source"] == "front matter"
        assert (docs["Moved"]["published"], docs["Moved"]["date_source"]) == (None, None)
        dateline = next(d for d in docs.values() if d["date_source"] == "dateline")
        assert dateline["published"] == "2023-05-04"
        assert ws.document(dateline["id"])["date_source"] == "dateline"
    runner = CliRunner()
    shown = runner.invoke(cli, ["show", "--db", str(db), "Coastal Rights Monitor"])
    assert shown.exit_code == 0, shown.output
    assert "2023-05-04 [dateline]" in shown.output and "2020-01-02 [front matter]" in shown.output
    out = tmp_path / "csv"
    exported = runner.invoke(cli, ["export", "-f", "csv", "--db", str(db), "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    rows = [row for f in out.glob("*.csv") for row in csv.DictReader(f.open(encoding="utf-8")) if "date_source" in row]
    assert rows and {r["date_source"] for r in rows} >= {"dateline"}
    extracted = runner.invoke(cli, ["extract", str(corpus / "dateline.txt")])
    assert json.loads(extracted.output)["document"]["date_source"] == "dateline"
