"""Readers: .txt, .md (YAML front matter) and .html into Documents; bad files as InputError."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadline.errors import InputError
from threadline.ingest import expand_paths, read_document

BODY = "The foreign ministry summoned the ambassador on Monday, officials said."


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


# -- plain text ------------------------------------------------------------------


def test_txt_keeps_text_and_takes_title_from_first_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "\n\nEmbassy summoned\r\n\r\n" + BODY + "\n")
    doc = read_document(path)
    assert doc.text == "Embassy summoned\n\n" + BODY  # CRLF normalised, outer blank lines stripped
    assert doc.title == "Embassy summoned"
    assert doc.publisher is None and doc.published is None and doc.url is None
    assert doc.path == str(path)


# -- markdown front matter ---------------------------------------------------------


def test_md_front_matter_sets_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", (
        "---\n"
        'title: "Ministry summons ambassador"\n'
        "publisher: Harbour Gazette\n"
        "published: 2023-03-14\n"
        "language: en\n"
        'source_url: "https://example.org/story"\n'
        "country: NL\n"
        "---\n\n" + BODY + "\n"
    ))
    doc = read_document(path)
    assert doc.title == "Ministry summons ambassador"
    assert doc.publisher == "Harbour Gazette"
    assert doc.published == "2023-03-14"  # a YAML date becomes an ISO string
    assert isinstance(doc.published, str)
    assert doc.language == "en"
    assert doc.url == "https://example.org/story"
    assert doc.text == BODY  # front matter is not part of the text
    assert doc.meta.get("country") == "NL"


def test_md_without_front_matter_is_plain_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.md", "# Heading\n\n" + BODY))
    assert doc.text.startswith("# Heading") and doc.title == "# Heading"


def test_md_front_matter_datetime_is_iso(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.md", "---\npublished: 2021-06-01 09:30:00\n---\n" + BODY))
    assert doc.published is not None and doc.published.startswith("2021-06-01")


# -- html ----------------------------------------------------------------------------


HTML = """<!doctype html>
<html lang="en-GB">
<head>
  <title>Consulate closes office | Harbour Gazette</title>
  <meta property="og:site_name" content="Harbour Gazette">
  <meta property="article:published_time" content="2022-11-02T08:15:00Z">
  <style>body { color: red; } .hidden-rule {}</style>
  <script>var trackingSecret = "do-not-show";</script>
</head>
<body>
  <nav>Home | World | Sport</nav>
  <h1>Consulate closes office</h1>
  <p>The consulate closed the office on Friday, the&nbsp;city council said.</p>
  <p>Police &amp; prosecutors are reviewing the case.</p>
  <script>console.log("also hidden")</script>
</body>
</html>
"""


def test_html_metadata_and_visible_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "page.html", HTML))
    assert doc.title == "Consulate closes office"  # trafilatura drops the " | site name" tail
    assert doc.text.startswith("Consulate closes office\n\n")  # the headline stays in the text
    assert doc.publisher == "Harbour Gazette"
    assert doc.published == "2022-11-02"
    assert doc.language == "en"
    assert "The consulate closed the office on Friday, the city council said." in doc.text
    assert "Police & prosecutors are reviewing the case." in doc.text  # entities decoded
    for hidden in ("trackingSecret", "do-not-show", "also hidden", "color: red", "hidden-rule", "<p>", "Sport"):
        assert hidden not in doc.text


def test_htm_suffix_is_html(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "page.HTM", "<html><body><p>Short <b>bold</b> note.</p></body></html>"))
    assert doc.text == "Short bold note."


# -- errors ---------------------------------------------------------------------------


def _one_line(exc: pytest.ExceptionInfo[InputError]) -> str:
    message = str(exc.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_document(tmp_path / "absent.txt")
    assert "no such file" in _one_line(exc)


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = write(tmp_path / "slides.key", BODY.encode())
    with pytest.raises(InputError) as exc:
        read_document(path)
    message = _one_line(exc)
    assert ".key" in message and "unsupported" in message and ".txt" in message and ".pdf" in message


def test_directory_is_not_a_document(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(InputError) as exc:
        read_document(tmp_path / "folder.txt")
    assert "not a regular file" in _one_line(exc)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"], ids=["zero-bytes", "whitespace"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path / "empty.txt", content))
    assert "empty" in _one_line(exc) or "no text" in _one_line(exc)


def test_binary_junk_named_txt(tmp_path: Path) -> None:
    junk = bytes(range(256)) * 8
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path / "junk.txt", junk))
    assert "binary" in _one_line(exc)


def test_control_character_junk_without_nul(tmp_path: Path) -> None:
    junk = bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13)) * 40
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path / "junk.txt", junk))
    assert "binary" in _one_line(exc)


def test_bad_yaml_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.md", '---\ntitle: "unterminated\n  - [\n---\n\n' + BODY + "\n")
    with pytest.raises(InputError) as exc:
        read_document(path)
    assert _one_line(exc).startswith("bad YAML front matter")


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_document(write(tmp_path / "list.md", "---\n- one\n- two\n---\n" + BODY))
    assert "mapping" in _one_line(exc)


def test_front_matter_only_has_no_text(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_document(write(tmp_path / "meta.md", "---\ntitle: Nothing below\n---\n\n"))


# -- decoding -----------------------------------------------------------------------------


def test_cp1252_fallback(tmp_path: Path) -> None:
    raw = "Caf\u00e9 owners in Montr\u00e9al said the \u201coffice\u201d closed \u2013 officials agreed.".encode("cp1252")
    doc = read_document(write(tmp_path / "legacy.txt", raw))
    assert doc.text == "Caf\u00e9 owners in Montr\u00e9al said the \u201coffice\u201d closed \u2013 officials agreed."


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + "Z\u00fcrich council met.".encode()))
    assert doc.text == "Z\u00fcrich council met."


# -- document identity -----------------------------------------------------------------------


def test_document_id_is_content_derived(tmp_path: Path) -> None:
    a = read_document(write(tmp_path / "one" / "a.txt", BODY))
    b = read_document(write(tmp_path / "two" / "copy-of-a.txt", BODY + "\n"))  # trailing newline stripped
    c = read_document(write(tmp_path / "c.txt", BODY + " Extra."))
    assert a.id == b.id and a.path != b.path
    assert a.id != c.id
    assert a.id.startswith("doc-")
    assert read_document(tmp_path / "one" / "a.txt").id == a.id  # stable across reads


def test_same_text_in_md_and_txt_has_same_id(tmp_path: Path) -> None:
    md = read_document(write(tmp_path / "a.md", "---\ntitle: Different title\n---\n" + BODY))
    txt = read_document(write(tmp_path / "b.txt", BODY))
    assert md.id == txt.id  # metadata is not part of the identity


# -- folders ---------------------------------------------------------------------------------


def test_expand_paths_on_folder(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    for rel in ("b.txt", "a.md", "sub/c.html", "sub/d.HTM", "README.md", "sub/readme.md",
                ".hidden.txt", ".git/e.txt", "notes.pdf", "image.png", "slides.key"):
        write(root / rel, BODY)
    found = [p.relative_to(root).as_posix() for p in expand_paths([root])]
    assert found == ["a.md", "b.txt", "notes.pdf", "sub/c.html", "sub/d.HTM"]


def test_expand_paths_keeps_files_and_missing_paths_as_given(tmp_path: Path) -> None:
    file = write(tmp_path / "z.txt", BODY)
    missing = tmp_path / "missing.txt"
    assert list(expand_paths([str(file), missing])) == [file, missing]


def test_expand_paths_on_example_corpus(corpus: Path) -> None:
    found = list(expand_paths([corpus]))
    assert [p.name for p in found] == sorted(p.name for p in corpus.glob("*.md") if p.name != "README.md")
    assert len(found) == 8
