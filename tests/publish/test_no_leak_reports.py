"""A protected person's name and aliases appear in no dossier, HTML report or PDF report,
nor in the network picture, and do appear when the report explicitly includes protected persons."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadline.api import Workspace
from threadline.cli import cli
from threadline.errors import NotFound
from threadline.publish.dossier import build_brief
from threadline.publish.report import network_svg

pytestmark = pytest.mark.model

PERSON = "Wopke Hoekstra"  # in the Dutch story, with the alias "Hoekstra"; every form is his own


@pytest.fixture(scope="module")
def protected(stored_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("leak") / "store.db"
    shutil.copy(stored_corpus, db)
    with Workspace(db) as ws:
        entity = ws.snapshot(include_protected=True).one(PERSON)
        forms = [entity.name, *entity.aliases]
        assert len(forms) >= 2 and all(len(f) >= 4 for f in forms)
        assert PERSON in ws.dossier(country="NL"), "the person should be in the brief for this test to mean something"
        ws.protect(PERSON)
    return {"db": db, "entity": entity, "forms": forms}


def _pdf_text(path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be read")
    return subprocess.run([pdftotext, str(path), "-"], check=True, capture_output=True, text=True).stdout


def _absent(forms: list[str], text: str, where: str) -> None:
    folded = " ".join(html.unescape(text).split()).casefold()
    for form in forms:
        assert form.casefold() not in folded, f"{form!r} leaked into the {where}"


def test_dossier_and_html_show_no_protected_person(protected: dict, tmp_path: Path) -> None:
    with Workspace(protected["db"]) as ws:
        for scope in ({"country": "NL"}, {"country": "CN"}):
            _absent(protected["forms"], ws.dossier(**scope), f"dossier {scope}")
        _absent(protected["forms"], ws.report(tmp_path / "nl.html", country="NL").read_text("utf-8"), "HTML report")
        brief = build_brief(ws.snapshot(), country="NL")
        _, labels = network_svg(brief)
        assert labels and not any(label.startswith("[protected person") for label in labels)  # no node, not even a placeholder
        _absent(protected["forms"], "\n".join(labels), "network picture")
        with pytest.raises(NotFound):
            ws.dossier(entity=PERSON)  # a protected person cannot be the subject of a redacted brief


def test_pdf_shows_no_protected_person(protected: dict, tmp_path: Path) -> None:
    with Workspace(protected["db"]) as ws:
        pdf = ws.report(tmp_path / "nl.pdf", country="NL")
    _absent(protected["forms"], _pdf_text(pdf), "PDF report")


def test_cli_redacts_unless_asked(protected: dict, tmp_path: Path) -> None:
    runner = CliRunner()
    redacted = runner.invoke(cli, ["dossier", "--country", "NL", "--db", str(protected["db"])], catch_exceptions=False)
    assert redacted.exit_code == 0
    _absent(protected["forms"], redacted.output, "dossier command")
    shown = runner.invoke(cli, ["dossier", "--country", "NL", "--include-protected", "--db", str(protected["db"])],
                          catch_exceptions=False)
    assert shown.exit_code == 0 and PERSON in shown.output and "INCLUDED" in shown.output


def test_included_when_asked(protected: dict, tmp_path: Path) -> None:
    with Workspace(protected["db"]) as ws:
        assert PERSON in ws.dossier(country="NL", include_protected=True)
        assert PERSON in ws.dossier(entity=PERSON, include_protected=True)
        page = ws.report(tmp_path / "nl.html", country="NL", include_protected=True).read_text("utf-8")
        assert PERSON in page
        pdf = ws.report(tmp_path / "nl.pdf", country="NL", include_protected=True)
    assert PERSON in " ".join(_pdf_text(pdf).split())
