"""An optional parser that is missing or breaks must hand over to the fallback, never fail the file.

trafilatura reads HTML only when its whole import chain is there (lxml, lxml_html_clean, justext,
htmldate); a plain install once lacked one link and every HTML file failed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from ingest_samples import make_eml, write

from threadline.ingest import read_document

PAGE = ("<!doctype html><html lang='en'><head><title>Harbour office opens</title>"
        "<meta property='og:site_name' content='Harbour Gazette'></head><body><nav>Home | News</nav>"
        "<article><p>The Harbour Friendship Association opened an office in Rotterdam in March 2021.</p>"
        "<p>Its chair, Anna Berg, said the office would host language classes.</p></article></body></html>")


@pytest.fixture
def no_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import trafilatura`` raise ImportError, as a broken install does."""
    monkeypatch.setitem(sys.modules, "trafilatura", None)


def test_html_is_read_without_trafilatura(tmp_path: Path, no_trafilatura: None) -> None:
    doc = read_document(write(tmp_path / "office.html", PAGE))
    assert doc.title == "Harbour office opens"
    assert doc.publisher == "Harbour Gazette"
    assert doc.language == "en"
    assert "opened an office in Rotterdam" in doc.text and "Anna Berg" in doc.text
    assert "Home | News" not in doc.text  # the fallback still drops navigation


def test_html_mail_body_is_read_without_trafilatura(tmp_path: Path, no_trafilatura: None) -> None:
    doc = read_document(write(tmp_path / "statement.eml", make_eml(html=True)))
    assert "Rotterdam office remained open" in doc.text and "did not reply" in doc.text


def test_html_is_read_when_trafilatura_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    doc = read_document(write(tmp_path / "office.html", PAGE))
    assert doc.title == "Harbour office opens" and "Anna Berg" in doc.text


def test_trafilatura_import_chain_is_complete() -> None:
    """The dependency that was missing from a plain install: lxml.html.clean must import."""
    import lxml.html.clean  # noqa: F401
    import trafilatura

    result = trafilatura.bare_extraction(PAGE, with_metadata=True)
    assert result is not None and "Anna Berg" in result.text
