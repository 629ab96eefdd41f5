"""threadline dossier / report: one of --country or --entity, Markdown to stdout or a file,
HTML or PDF reports."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadline.cli import cli

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db(stored_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    copy = tmp_path_factory.mktemp("cli-report") / "corpus.db"
    shutil.copy(stored_corpus, copy)
    return str(copy)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_dossier_country_to_stdout(db: str) -> None:
    result = run("dossier", "--country", "NL", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Dossier: Netherlands (NL)")
    assert re.search(r"^\[\^1\]: ", result.output, flags=re.M)


def test_dossier_entity_to_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "sd.md"
    result = run("dossier", "--entity", "Safeguard Defenders", "-o", str(out), "--db", db)
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert text.startswith("# Dossier: Safeguard Defenders") and "## Contested points" in text


def test_report_html_and_pdf(db: str, tmp_path: Path) -> None:
    html = tmp_path / "nl.html"
    result = run("report", "--country", "NL", "-o", str(html), "--db", db)
    assert result.exit_code == 0, result.output
    assert "<svg" in html.read_text("utf-8")
    pdf = tmp_path / "sd.pdf"
    result = run("report", "--entity", "Safeguard Defenders", "-o", str(pdf), "--db", db)
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


@pytest.mark.parametrize("command", [["dossier"], ["report", "-o", "x.html"]])
@pytest.mark.parametrize("scope", [[], ["--country", "NL", "--entity", "Safeguard Defenders"]])
def test_exactly_one_scope(db: str, command: list[str], scope: list[str]) -> None:
    result = run(*command, *scope, "--db", db)
    assert result.exit_code == 2
    assert "Usage:" in result.output and "exactly one of --country CODE or --entity NAME" in result.output


def test_report_needs_an_output_file_of_a_known_kind(db: str, tmp_path: Path) -> None:
    result = run("report", "--country", "NL", "--db", db)
    assert result.exit_code == 2 and "--output" in result.output
    result = run("report", "--country", "NL", "-o", str(tmp_path / "r.docx"), "--db", db)
    assert result.exit_code == 2 and ".html or .pdf" in result.output


def test_unknown_scope_is_a_one_line_error(db: str) -> None:
    result = run("dossier", "--entity", "Nobody In Particular", "--db", db)
    assert result.exit_code == 1 and "no entity named" in result.output and "Traceback" not in result.output
    result = run("dossier", "--country", "BR", "--db", db)
    assert result.exit_code == 1 and "no entity recorded with country BR" in result.output
