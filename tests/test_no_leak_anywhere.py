"""One test over every output: a protected person's name and aliases appear in none of them,
and appear again only when protected persons are explicitly included."""

import shutil
import subprocess
from pathlib import Path

import pytest

from threadline.api import Workspace

pytestmark = pytest.mark.model
PERSON = "Laura Harth"


def every_output(db: Path, out: Path, include: bool) -> str:
    """Generate every export, report and analysis output; return all their text."""
    from threadline.analyse.graph import EvidenceGraph
    from threadline.analyse.timeline import timeline

    out.mkdir()
    texts = []
    with Workspace(db) as ws:
        for fmt, name in (("ftm", "x.ftm.json"), ("gexf", "x.gexf"), ("graphml", "x.graphml"), ("csv", "csv")):
            ws.export(fmt, out / name, include_protected=include)
        texts.append(ws.dossier(country="IT", include_protected=include))
        texts.append(ws.dossier(entity="Safeguard Defenders", include_protected=include))
        ws.report(out / "r.html", entity="Safeguard Defenders", include_protected=include)
        ws.report(out / "r.pdf", country="BE", include_protected=include)
        snap = ws.snapshot(include)
        graph = EvidenceGraph(snap)
        sd = snap.one("Safeguard Defenders").id
        texts.append(repr(graph.neighbours(sd, depth=2)))
        texts.append(repr(timeline(snap, country="IT")) + repr(timeline(snap, country="BE")))
        texts.append(repr(graph.rank("pagerank", limit=1000)) + repr(graph.communities(1)))
        texts.append(repr(ws.xref(include_protected=include)))  # a reference set naming her is loaded below
    for path in out.rglob("*"):
        if path.suffix == ".pdf":
            if shutil.which("pdftotext"):
                texts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
        elif path.is_file():
            texts.append(path.read_text("utf-8", errors="replace"))
    return "\n".join(texts)


def test_protected_person_leaks_nowhere(stored_corpus, tmp_path):
    db = tmp_path / "inv.db"
    shutil.copy(stored_corpus, db)
    reference = tmp_path / "ref.json"
    reference.write_text('{"id": "ref-1", "schema": "Person", "properties": {"name": ["Laura Harth"]}}\n', "utf-8")
    with Workspace(db) as ws:
        forms = {PERSON, *ws.show(PERSON)[0]["aliases"]}
        ws.import_ftm(reference, dataset="ref")
        ws.protect(PERSON)
    assert "Harth" in forms
    hidden = every_output(db, tmp_path / "hidden", include=False)
    for form in forms:
        assert form not in hidden, f"{form!r} leaked"
    assert "[protected person" in hidden
    shown = every_output(db, tmp_path / "shown", include=True)
    assert PERSON in shown
