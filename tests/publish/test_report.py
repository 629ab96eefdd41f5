"""Reports: one self-contained HTML file (nothing fetched), a network picture with state bodies
set apart, sourced footnotes with verbatim quotes, and a PDF that renders."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from threadline.analyse.snapshot import Snapshot
from threadline.errors import InputError
from threadline.publish.dossier import build_brief
from threadline.publish.report import MAX_NODES, NODE_STYLE, network_nodes, report

model = pytest.mark.model


@pytest.fixture(scope="module")
def snap(stored_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    from threadline.api import Workspace

    db = tmp_path_factory.mktemp("report") / "corpus.db"
    shutil.copy(stored_corpus, db)
    with Workspace(db) as ws:
        return ws.snapshot()


@pytest.fixture(scope="module")
def nl_html(snap: Snapshot, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = report(snap, country="NL", path=tmp_path_factory.mktemp("html") / "nl.html")
    return path.read_text("utf-8")


@pytest.fixture(scope="module")
def nl_pdf(snap: Snapshot, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report(snap, country="NL", path=tmp_path_factory.mktemp("pdf") / "nl.pdf")


def _clean(text: str) -> str:
    return " ".join(text.split())


@model
def test_html_is_self_contained(nl_html: str) -> None:
    assert nl_html.lstrip().startswith("<!DOCTYPE html>")
    assert "<script" not in nl_html.lower() and "<link" not in nl_html.lower() and "@import" not in nl_html
    assert not re.search(r"url\(\s*['\"]?(https?:|//|file:)", nl_html)
    assert not re.search(r"<img\b", nl_html)
    # no tag other than a plain link to a cited source may point outside the file
    for tag, attr, value in re.findall(r"<(\w+)\b[^>]*?\s((?:xlink:)?(?:src|href))=\"([^\"]*)\"", nl_html):
        if tag.lower() == "a" and attr == "href":
            assert value.startswith(("#", "https://", "http://")), value
        else:
            assert value.startswith("#") or value.startswith("data:"), (tag, attr, value)


@model
def test_html_has_network_picture_with_state_bodies_set_apart(nl_html: str) -> None:
    network = re.search(r"<svg class=\"chart net\".*?</svg>", nl_html, flags=re.S)
    assert network, "the network picture is an inline SVG"
    assert "<svg class=\"chart tl\"" in nl_html, "the timeline chart is an inline SVG"
    state_fill = NODE_STYLE["STATE_BODY"][1]
    assert state_fill in network.group(0), "state bodies are drawn in their own colour"
    others = {style[1] for type_, style in NODE_STYLE.items() if type_ != "STATE_BODY"}
    assert state_fill not in others
    # in the text, state bodies carry their own class, which the stylesheet sets apart
    assert re.search(r"\.entity\.state-body\s*\{[^}]*color", nl_html)
    assert '<span class="entity state-body">Dutch foreign ministry</span>' in nl_html


@model
def test_html_footnotes_give_source_and_verbatim_quote(snap: Snapshot, nl_html: str) -> None:
    refs = set(re.findall(r'<a href="#fn-(\d+)">', nl_html))
    notes = re.findall(r'<li id="fn-(\d+)"[^>]*>(.*?)</li>', nl_html, flags=re.S)
    assert notes and refs == {n for n, _ in notes}
    texts = {d.title: _clean(d.text) for d in snap.documents.values()}
    for _, body in notes:
        title = html.unescape(re.search(r"<cite>(.*?)</cite>", body).group(1))
        quote = html.unescape(re.search(r'<q class="quote">(.*?)</q>', body, flags=re.S).group(1))
        assert title in texts and quote in texts[title]
        assert "Threadline example corpus" in body and re.search(r"\d{4}-\d{2}-\d{2}", body)
        assert 'href="https://' in body, "the source URL is given"


@model
def test_html_sections(nl_html: str) -> None:
    for section in ("network", "key-entities", "state-links", "timeline", "contested", "open-questions", "sources"):
        assert f'<section id="{section}">' in nl_html
    assert "Chinese embassy in The Hague</span> denies any knowledge of the stations" in nl_html


@model
def test_network_is_limited_to_the_most_relevant(snap: Snapshot) -> None:
    brief = build_brief(snap, country="CN")
    nodes, links = network_nodes(brief)
    assert 10 < len(nodes) <= MAX_NODES
    assert all(l.source in nodes and l.target in nodes and l.label != "denies" for l in links)
    assert any(brief.entities[n].type == "STATE_BODY" for n in nodes)


@model
def test_pdf_renders(nl_pdf: Path, tmp_path: Path) -> None:
    assert nl_pdf.read_bytes().startswith(b"%PDF")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed, so page 1 cannot be rasterised")
    subprocess.run([pdftoppm, "-r", "60", "-f", "1", "-l", "1", "-png", str(nl_pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    import matplotlib.image

    pixels = matplotlib.image.imread(str(pages[0]))
    height, width = pixels.shape[:2]
    assert width > 400 and height > 550  # A4 at 60 dpi is 496 x 702
    grey = pixels[..., :3].mean(axis=2)
    inked = (grey < 0.9).mean()
    assert 0.01 < inked < 0.6, f"page 1 looks blank or black ({inked:.3f} of pixels inked)"
    red = ((pixels[..., 0] > 0.6) & (pixels[..., 1] < 0.35) & (pixels[..., 2] < 0.35)).sum()
    assert red > 50, "state bodies (red squares) are visible on page 1"
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run([pdftotext, str(nl_pdf), "-"], check=True, capture_output=True, text=True).stdout
        assert "Dossier: Netherlands (NL)" in text and "Contested points" in text and "Sources" in text


@model
def test_report_needs_html_or_pdf(snap: Snapshot, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        report(snap, country="NL", path=tmp_path / "report.docx")


def test_small_snapshot_renders_without_the_corpus(tmp_path: Path) -> None:
    """A hand-made snapshot, and one with nothing to show, both give a complete page (no model needed)."""
    from threadline.analyse.snapshot import Fact, SDocument, SEntity

    text = "Safeguard Defenders alleged that the Chinese embassy ran a station. The embassy denied it."
    snap = Snapshot()
    snap.entities = {"sd": SEntity("sd", "ORG", "Safeguard Defenders", "ES", (), False),
                     "emb": SEntity("emb", "STATE_BODY", "Chinese embassy", "CN", (), False),
                     "lone": SEntity("lone", "GPE", "Atlantis", "XA", (), False)}
    snap.documents = {"d": SDocument("d", "A story", "Wire <b>", "2024-05-01", None, "a.md", "en", "news", text)}
    snap.facts = [
        Fact("c1", "claim", "sd", "emb", "alleges", "d", "Safeguard Defenders alleged that the Chinese embassy ran a station.",
             "that the Chinese embassy ran a station", "machine", 0),
        Fact("c2", "claim", "emb", None, "denies", "d", "The embassy denied it.", "it", "machine", 69),
    ]
    page = report(snap, entity="Chinese embassy", path=tmp_path / "r.html").read_text("utf-8")
    assert '<svg class="chart net"' in page and "Wire &lt;b&gt;" in page and "<b>" not in page
    assert "Allegation</h4>" in page and "Denial</h4>" in page
    assert "File: <code>a.md</code>" in page
    assert "Safeguard Defenders</span> alleges that the Chinese embassy ran a station" in page
    assert "Chinese embassy</span> denies it" in page
    empty = report(snap, country="XA", path=tmp_path / "empty.html").read_text("utf-8")
    assert "No dated events or claims in scope." in empty and "No linked entities in scope." in empty
    assert empty.count("<svg") == 2
