"""Formats beyond text: PDF (with pages), DOCX, e-mail, RSS/Atom, zip, HTML through trafilatura, encodings.

Every input is built here, in code; no model is needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_samples import ATOM, PAGE_ONE, PAGE_THREE, PAGE_TWO, RSS, make_docx, make_eml, make_pdf, make_zip, write

from threadline.errors import InputError, Skipped
from threadline.ingest import expand_paths, iter_documents, page_of, read_bytes, read_document
from threadline.model import Claim, Document, Entity, Evidence, Extraction, Mention
from threadline.publish.exchange import to_exchange
from threadline.resolve import resolve_entity
from threadline.store import SQLiteStore


def documents(path: Path) -> dict[str, Document]:
    """Location -> document, failing the test on any error."""
    found = {}
    for location, item in iter_documents(path):
        assert isinstance(item, Document), f"{location}: {item}"
        found[location] = item
    return found


# -- PDF -------------------------------------------------------------------------------------------


def test_pdf_text_pages_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "report.pdf", make_pdf([PAGE_ONE, "", PAGE_TWO, PAGE_THREE], title="Monitor report"))
    doc = read_document(path)
    assert doc.title == "Monitor report"
    assert doc.published is None and doc.date_source is None  # the file's creation date is not when it was published
    assert doc.meta["created"] == "2023-05-04"
    assert doc.meta["author"] == "Research Desk"
    assert doc.path == str(path)
    starts = doc.meta["pages"]
    assert len(starts) == 4 and starts[0] == 0
    assert starts[1] == starts[2]  # the empty page 2 starts where page 3 does
    assert doc.text[starts[2]:].startswith("In a report published on 4 May 2023")
    assert doc.text[starts[3]:].startswith("The association denied the claim")
    assert doc.text[:starts[2]].rstrip().endswith("host language classes.")
    assert page_of(doc.meta, doc.text.index("Anna Berg")) == 1
    assert page_of(doc.meta, doc.text.index("Coastal Rights Monitor")) == 3  # never the empty page
    assert page_of(doc.meta, doc.text.index("denied")) == 4


def test_page_of_is_none_without_pages() -> None:
    assert page_of({}, 10) is None
    assert page_of(None, 10) is None
    assert page_of({"pages": [0, 50]}, -1) is None
    assert [page_of({"pages": [0, 50, 50, 90]}, n) for n in (0, 49, 50, 89, 90, 500)] == [1, 1, 3, 3, 4, 4]


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "misnamed.txt", make_pdf([PAGE_ONE])))
    assert doc.text.startswith("The Harbour Friendship Association") and doc.meta["pages"] == [0]


def test_page_reaches_exchange_and_store(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "report.pdf", make_pdf([PAGE_ONE, PAGE_TWO])))
    mention_at = doc.text.index("Coastal Rights Monitor")
    claim_at = doc.text.index("In a report")
    sentence_end = doc.text.index("students.") + len("students.")
    sentence = doc.text[claim_at:sentence_end]
    evidence = Evidence(doc.id, claim_at, sentence_end, sentence, "test.hand", "test-1")
    mention = Mention("Coastal Rights Monitor", "ORG", "Coastal Rights Monitor",
                      Evidence(doc.id, mention_at, mention_at + 22, sentence, "test.hand", "test-1"))
    claim = Claim("Coastal Rights Monitor", "alleges", (), sentence, "alleged", evidence)
    extraction = Extraction(doc, (Entity("Coastal Rights Monitor", "ORG"),), (mention,), (), (claim,), (),
                            {"name": "threadline", "version": "test-1", "language": "en"})
    assert to_exchange(extraction)["claims"][0]["page"] == 2
    store = SQLiteStore(tmp_path / "inv.db")
    try:
        store.save(extraction, resolve=resolve_entity)
        [entity] = store.find_entities("Coastal Rights Monitor")
        profile = store.entity_profile(entity["id"])
        assert [m["page"] for m in profile["mentions"]] == [2]
        assert [c["page"] for c in store.claims()] == [2]
    finally:
        store.close()


def test_text_documents_have_no_page(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "inv.db")
    doc = read_document(write(tmp_path / "a.txt", PAGE_TWO))
    at = doc.text.index("Coastal")
    ev = Evidence(doc.id, at, at + 22, doc.text, "test.hand", "test-1")
    try:
        store.save(Extraction(doc, (Entity("Coastal Rights Monitor", "ORG"),),
                              (Mention("Coastal Rights Monitor", "ORG", "Coastal Rights Monitor", ev),), (), (), (), {}), resolve=resolve_entity)
        [entity] = store.find_entities("Coastal Rights Monitor")
        assert store.entity_profile(entity["id"])["mentions"][0]["page"] is None
    finally:
        store.close()


# -- DOCX ------------------------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "review.docx", make_docx()))
    assert doc.text == ("The association held eleven cultural events in Antwerp in 2022.\n\n"
                        "Event | City\n\nLantern festival | Ghent\n\n"
                        "Its treasurer, Pieter Visser, resigned in November 2022.")
    assert doc.title == "Annual review of the Harbour Friendship Association"
    assert doc.meta["author"] == "Lena Vos"
    assert doc.published is None and doc.meta["created"] == "2022-09-14"  # created is not published


# -- e-mail ----------------------------------------------------------------------------------------


def test_eml_plain_body_and_headers(tmp_path: Path) -> None:
    path = write(tmp_path / "statement.eml", make_eml())
    doc = read_document(path)
    assert doc.text == "The Coastal Rights Monitor said on Thursday that the Rotterdam office remained open."
    assert doc.title == "Statement on the Rotterdam office"
    assert doc.publisher == "Coastal Rights Monitor"
    assert doc.meta["author"] == "Coastal Rights Monitor <press@monitor.example>"
    assert doc.published == "2023-05-04" and doc.date_source == "e-mail Date header"


def test_eml_html_body_goes_through_the_html_reader(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "statement.eml", make_eml(html=True)))
    assert "<p>" not in doc.text
    assert doc.text.endswith("remained open.\n\nThe association did not reply.")
    assert doc.title == "Statement on the Rotterdam office"  # the Subject, not a guess from the HTML


def test_eml_attachments_are_documents(tmp_path: Path) -> None:
    path = write(tmp_path / "mail.eml", make_eml(attachments={
        "note.txt": b"The office closed in June 2023, the association said.",
        "report.pdf": make_pdf([PAGE_TWO]),
        "logo.png": b"\x89PNG\r\n\x1a\n" + bytes(64),  # not a document: skipped without an error
    }))
    found = documents(path)
    assert list(found) == [str(path), f"{path}#note.txt", f"{path}#report.pdf"]
    assert found[f"{path}#report.pdf"].meta["pages"] == [0]
    assert found[f"{path}#note.txt"].path == f"{path}#note.txt"
    with pytest.raises(InputError, match="holds several documents"):
        read_document(path)


# -- feeds -----------------------------------------------------------------------------------------


def test_rss_entries_are_documents(tmp_path: Path) -> None:
    path = write(tmp_path / "gazette.xml", RSS)
    items = list(iter_documents(path))
    assert [location for location, _ in items] == [f"{path}#entry-1", f"{path}#entry-2", f"{path}#entry-3"]
    first, second, empty = (item for _, item in items)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.text == "The Harbour Friendship Association opened an office in Rotterdam, its chair said."
    assert first.title == "Association opens office"
    assert first.url == "https://gazette.example/office"
    assert first.publisher == "Harbour Gazette" and first.language == "en"
    assert first.published == "2021-03-02" and first.date_source == "feed entry"
    assert second.published == "2023-05-04"
    assert isinstance(empty, InputError) and str(empty) == "no text in feed entry"


def test_atom_entry(tmp_path: Path) -> None:
    [(location, doc)] = list(iter_documents(write(tmp_path / "updates.atom", ATOM)))
    assert isinstance(doc, Document) and location.endswith("updates.atom#entry-1")
    assert doc.text == "The association said it had closed the Rotterdam office in June 2023."
    assert doc.meta["author"] == "Research Desk" and doc.published == "2023-06-20"


def test_feed_named_txt_is_read_as_feed(tmp_path: Path) -> None:
    items = list(iter_documents(write(tmp_path / "feed.txt", ATOM)))
    assert [location.rsplit("#", 1)[1] for location, _ in items] == ["entry-1"]


# -- zip -------------------------------------------------------------------------------------------


def test_zip_members_are_documents(tmp_path: Path) -> None:
    inner = make_zip({"deeper/c.md": b"---\ntitle: Inner note\n---\nThe office reopened in 2024.\n"})
    path = write(tmp_path / "bundle.zip", make_zip({
        "a.txt": PAGE_ONE.encode(),
        "reports/b.pdf": make_pdf([PAGE_TWO, PAGE_THREE]),
        "feed.rss": RSS.encode()[: RSS.index("<item>", RSS.index("</item>"))] + b"</channel></rss>",
        "images/photo.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "__MACOSX/._a.txt": b"\x00\x05\x16\x07",
        "inner.zip": inner,
    }))
    items = list(iter_documents(path))
    skipped = {loc: str(item) for loc, item in items if isinstance(item, Skipped)}
    assert skipped == {f"{path}!images/photo.png": "skipped: not a supported document type",
                       f"{path}!__MACOSX/._a.txt": "skipped: macOS metadata"}  # named, with why, but not failures
    found = {loc: item for loc, item in items if not isinstance(item, Skipped)}
    assert all(isinstance(item, Document) for item in found.values())
    assert list(found) == [f"{path}!a.txt", f"{path}!reports/b.pdf", f"{path}!feed.rss#entry-1",
                           f"{path}!inner.zip!deeper/c.md"]
    assert found[f"{path}!reports/b.pdf"].meta["pages"][0] == 0
    assert found[f"{path}!inner.zip!deeper/c.md"].title == "Inner note"
    assert found[f"{path}!a.txt"].path == f"{path}!a.txt"


def test_zip_members_that_climb_out_are_named_and_refused(tmp_path: Path) -> None:
    from threadline.api import Workspace

    path = write(tmp_path / "climb.zip", make_zip({
        "../../escape.txt": PAGE_ONE.encode(), "/etc/absolute.txt": PAGE_ONE.encode(),
        "ok/../../../up.txt": PAGE_ONE.encode(), "C:/windows.txt": PAGE_ONE.encode(),
        ".hidden.txt": PAGE_ONE.encode(), "fine.txt": PAGE_TWO.encode()}))
    items = dict(iter_documents(path))
    unsafe = "unsafe member name (path traversal or absolute path); not read"
    for name in ("../../escape.txt", "/etc/absolute.txt", "ok/../../../up.txt", "C:/windows.txt"):
        item = items[f"{path}!{name}"]
        assert isinstance(item, InputError) and not isinstance(item, Skipped) and str(item) == unsafe
    assert str(items[f"{path}!.hidden.txt"]) == "skipped: hidden file"
    assert isinstance(items[f"{path}!fine.txt"], Document)
    with Workspace(tmp_path / "s.db") as ws:
        report = ws.add([path])
    assert len(report.added) == 1 and len(report.failed) == 4 and report.skipped == [(f"{path}!.hidden.txt", "skipped: hidden file")]


# -- HTML ------------------------------------------------------------------------------------------

ARTICLE = """<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <title>Vereniging opent kantoor - Havenkrant</title>
  <meta property="og:site_name" content="Havenkrant">
  <meta name="author" content="Joris de Wit">
  <meta property="article:published_time" content="2021-03-02T07:00:00+01:00">
  <link rel="canonical" href="https://havenkrant.example/kantoor">
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weer">Weer</a></nav></header>
  <article>
    <h1>Vereniging opent kantoor</h1>
    <p>De Havenvriendschapsvereniging heeft in maart een kantoor geopend in Rotterdam, zei voorzitter Anna Berg.</p>
    <p>Volgens de vereniging worden er taallessen en culturele avonden gegeven voor nieuwe bewoners van de wijk.</p>
    <p>De gemeente Rotterdam zei dat zij het kantoor niet had goedgekeurd en om uitleg had gevraagd.</p>
  </article>
  <footer><p>Abonneer nu op de nieuwsbrief van de Havenkrant voor het laatste nieuws.</p></footer>
</body>
</html>
"""


def test_html_main_text_and_metadata_through_trafilatura(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "kantoor.html", ARTICLE))
    assert doc.title == "Vereniging opent kantoor"
    assert doc.publisher == "Havenkrant"
    assert doc.meta["author"] == "Joris de Wit"
    assert doc.published == "2021-03-02" and doc.date_source == "page metadata"
    assert doc.url == "https://havenkrant.example/kantoor"
    assert doc.language == "nl"
    assert doc.text.startswith("Vereniging opent kantoor\n\nDe Havenvriendschapsvereniging heeft")
    assert "goedgekeurd" in doc.text
    for boilerplate in ("Sport", "Weer", "Abonneer"):
        assert boilerplate not in doc.text


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "tiny.html", "<html><body><p>Short <b>bold</b> note.</p></body></html>"))
    assert doc.text == "Short bold note."


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    page = ('<html><head><meta charset="windows-1252"><title>Caf\u00e9</title></head>'
            "<body><p>L\u2019association a publi\u00e9 son rapport \u00e0 Li\u00e8ge.</p></body></html>")
    doc = read_document(write(tmp_path / "legacy.html", page.encode("cp1252")))
    assert "L\u2019association a publi\u00e9 son rapport \u00e0 Li\u00e8ge." in doc.text


# -- encodings -------------------------------------------------------------------------------------

ENCODED = {
    "cp1252": "Caf\u00e9 owners in Montr\u00e9al said the \u201coffice\u201d closed \u2013 officials agreed.",
    "latin-1": "L'association des \u00e9tudiants de Li\u00e8ge a publi\u00e9 un rapport sur la soci\u00e9t\u00e9 civile \u00e0 Bruxelles.",
    "shift_jis": "\u6771\u4eac\u306e\u6587\u5316\u4ea4\u6d41\u5354\u4f1a\u306f\u3001\u5e74\u6b21\u5831\u544a\u66f8\u3092"
                 "\u516c\u958b\u3057\u305f\u3068\u767a\u8868\u3057\u307e\u3057\u305f\u3002",
    "gb18030": "\u6e2f\u53e3\u540c\u4e61\u4f1a\u8868\u793a\uff0c\u8be5\u534f\u4f1a\u5728\u9f99\u6cc9\u5e02\u4e3e\u529e"
               "\u4e86\u6587\u5316\u4ea4\u6d41\u6d3b\u52a8\u3002",
    "utf-16": "Die Vereinigung ver\u00f6ffentlichte ihren Bericht in M\u00fcnchen.",
}


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_legacy_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    text = ENCODED[encoding]
    doc = read_document(write(tmp_path / f"{encoding}.txt", text.encode(encoding)))
    assert doc.text == text


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    broken = "L'\u00c3\u00a9t\u00c3\u00a9 dernier, l'association a publi\u00c3\u00a9 un \u00e2\u20ac\u0153rapport\u00e2\u20ac\u009d."
    doc = read_document(write(tmp_path / "moji.txt", broken))
    assert doc.text == "L'\u00e9t\u00e9 dernier, l'association a publi\u00e9 un \u201crapport\u201d."


def test_repair_leaves_good_text_alone(tmp_path: Path) -> None:
    text = "\u201cQuoted\u201d \uff08full-width\uff09 A&amp;B \ufb01ne \u6e2f\u53e3\uff0c\u534f\u4f1a."
    assert read_document(write(tmp_path / "good.txt", text)).text == text


# -- several documents, folders, bytes -----------------------------------------------------------


def test_read_bytes_uses_the_name_as_a_hint() -> None:
    [(location, doc)] = list(read_bytes(PAGE_ONE.encode(), "memo", name="memo.md"))
    assert location == "memo" and isinstance(doc, Document) and doc.path == "memo"


def test_expand_paths_finds_the_new_formats(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.docx", "c.eml", "d.rss", "e.atom", "f.xml", "g.zip", "h.xhtml", "i.png", "j.csv"):
        write(tmp_path / name, b"x")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.pdf", "b.docx", "c.eml", "d.rss", "e.atom", "f.xml",
                                                         "g.zip", "h.xhtml"]
