"""Hostile and broken input: each costs exactly one one-line error naming the file, and the batch goes on.

Every file is generated here: zip bombs, entity bombs, encrypted and
truncated PDFs, deep markup, junk, wrong names. The messages are part of the
contract (the README lists them), so they are asserted exactly.
"""

from __future__ import annotations

import functools
import io
import json
import random
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest_samples import PAGE_ONE, PAGE_THREE, PAGE_TWO, encrypt_pdf, make_docx, make_pdf, make_zip, write

from threadline.errors import InputError
from threadline.ingest import Limits, iter_documents, read_document

MiB = 1024 * 1024
ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Harbour Gazette</title>
<item><title>Laughs</title><description>&lol9;</description></item></channel></rss>
"""
YAML_BOMB = ("---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
             "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n"
             "The association met in Ghent.\n")


@functools.cache
def zip_bomb() -> bytes:
    """One member of 8 MiB of zeros: it deflates about a thousandfold."""
    return make_zip({"zeros.txt": bytes(8 * MiB)})


def zip_ratio(data: bytes, member: str) -> int:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    return round(info.file_size / info.compress_size)


def encrypted_member_zip() -> bytes:
    """A zip whose member claims to be encrypted (flag bit 0 in the local and central headers)."""
    data = bytearray(make_zip({"secret.txt": PAGE_ONE.encode()}))
    data[6] |= 1
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 1
    return bytes(data)


def deep_html(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + "<p>The association met.</p>" + "</div>" * depth + "</body></html>"


def deep_email(depth: int) -> bytes:
    """Multiparts inside multiparts: the standard parser recurses once per level."""
    head = "From: desk@example.org\nSubject: Deep\nDate: Thu, 04 May 2023 09:30:00 +0200\nMIME-Version: 1.0\n"
    opening = "".join(f'Content-Type: multipart/mixed; boundary="b{n}"\n\n--b{n}\n' for n in range(depth))
    closing = "".join(f"--b{n}--\n" for n in reversed(range(depth)))
    return (head + opening + "Content-Type: text/plain\n\nThe association met.\n" + closing).encode()


def pdf() -> bytes:
    return make_pdf([PAGE_ONE, PAGE_TWO, PAGE_THREE])


def nested_zips() -> bytes:
    deepest = make_zip({"c.txt": PAGE_THREE.encode()})
    middle = make_zip({"b.txt": PAGE_TWO.encode(), "deep.zip": deepest})
    return make_zip({"a.txt": PAGE_ONE.encode(), "mid.zip": middle})


# (file name, content, expected (location suffix, message) pairs, limits)
CASES: dict[str, tuple[str, bytes | str, list[tuple[str, str]], Limits | None]] = {
    "file-too-large": ("big.txt", PAGE_ONE * 40, [("", f"file too large ({len(PAGE_ONE) * 40} bytes; limit 4096)")],
                       Limits(max_file_bytes=4096)),
    "zip-bomb": ("bomb.zip", zip_bomb(), [("!zeros.txt", f"compression ratio {zip_ratio(zip_bomb(), 'zeros.txt')}:1 over "
                                                         "the limit of 100:1 (zip bomb?)")], None),
    "zip-total": ("many.zip", make_zip({f"m{n}.txt": PAGE_ONE.encode() * 10 for n in range(4)}),
                  [("", f"archive would unpack to {len(PAGE_ONE) * 40} bytes; limit 4000 (zip bomb?)")],
                  Limits(max_archive_total=4000)),
    "zip-members": ("crowd.zip", make_zip({f"m{n}.txt": f"Note {n}.".encode() for n in range(5)}),
                    [("", "archive has 5 members; limit 3")], Limits(max_archive_members=3)),
    "zip-depth": ("outer.zip", nested_zips(), [("!mid.zip!deep.zip", "nested deeper than 1 archive level; not opened")],
                  None),
    "zip-encrypted": ("locked.zip", encrypted_member_zip(),
                      [("!secret.txt", "encrypted zip member, cannot read without password")], None),
    "zip-corrupt": ("broken.zip", b"PK\x03\x04" + bytes(60), [("", "not a valid zip archive: File is not a zip file")],
                    None),
    "zip-empty": ("empty.zip", make_zip({}), [("", "archive holds no supported documents")], None),
    "entity-bomb": ("laughs.xml", ENTITY_BOMB, [("", "declares XML entities (possible entity bomb); refused")], None),
    "entity-bomb-html": ("laughs.html", ENTITY_BOMB.replace("rss", "html"),
                         [("", "declares XML entities (possible entity bomb); refused")], None),
    "deep-html": ("deep.html", deep_html(2000), [("", "markup nested deeper than 512 levels; refused")], None),
    "deep-feed": ("deep.rss", '<rss version="2.0"><channel>' + "<x>" * 2000 + "</x>" * 2000 + "</channel></rss>",
                  [("", "markup nested deeper than 512 levels; refused")], None),
    "yaml-bomb": ("aliases.md", YAML_BOMB, [("", "front matter has more than 10000 values (YAML alias bomb?); refused")],
                  None),
    "encrypted-pdf": ("locked.pdf", encrypt_pdf(pdf(), "secret"), [("", "encrypted PDF, cannot read without password")],
                      None),
    "truncated-pdf": ("cut.pdf", pdf()[: len(pdf()) // 2], [("", "truncated PDF (no %EOF marker), cannot read")], None),
    "malformed-pdf": ("odd.pdf", b"%PDF-1.4\nnothing to see\n%%EOF\n", [("", "malformed PDF: startxref not found")], None),
    "scanned-pdf": ("scan.pdf", make_pdf(["", ""]), [("", "PDF has no text layer (scanned pages? run OCR first)")], None),
    "pdf-pages": ("long.pdf", pdf(), [("", "PDF has 3 pages; limit 2")], Limits(max_pdf_pages=2)),
    "pdf-time": ("slow.pdf", pdf(), [("", "took longer than 0 s (time limit per file)")], Limits(max_seconds=0)),
    "zip-time": ("slow.zip", make_zip({"a.txt": PAGE_ONE.encode()}),
                 [("", "took longer than 0 s (time limit per file); stopped before 'a.txt'")], Limits(max_seconds=0)),
    "random-bytes": ("noise.txt", random.Random(7).randbytes(4096), [("", "binary content (NUL bytes), not text")], None),
    "random-bytes-no-nul": ("noise2.txt", bytes(b for b in random.Random(3).randbytes(6000) if b),
                            [("", "binary content (no text encoding fits), not text")], None),
    "control-chars": ("controls.txt", bytes(range(1, 9)) * 200, [("", "binary content (control characters), not text")],
                      None),
    "png-named-txt": ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), [("", "image (PNG), not a document")], None),
    "doc-named-docx": ("old.docx", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(512),
                       [("", "legacy Office (OLE2) file such as .doc or .xls; save it as .docx or PDF")], None),
    "text-named-pdf": ("notes.pdf", PAGE_ONE, [("", "not a PDF (no %PDF header)")], None),
    "text-named-docx": ("notes.docx", PAGE_ONE, [("", "not a DOCX file (not a Word zip container)")], None),
    "text-named-zip": ("notes.zip", PAGE_ONE, [("", "not a zip archive (no PK header)")], None),
    "xml-not-feed": ("config.xml", '<?xml version="1.0"?><config><a>1</a></config>', [("", "not an RSS or Atom feed")],
                     None),
    "not-an-email": ("words.eml", "just some words\n", [("", "not an e-mail message (no From, Subject or Date header)")],
                     None),
    "empty": ("empty.txt", b"", [("", "empty file")], None),
    "deep-email": ("deep.eml", deep_email(2000), [("", "structure nested too deeply to read; refused")], None),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_is_one_exact_error(tmp_path: Path, case: str) -> None:
    name, content, expected, limits = CASES[case]
    path = write(tmp_path / name, content)
    found = [(location, str(item)) for location, item in iter_documents(path, limits)
             if isinstance(item, InputError)]
    assert found == [(f"{path}{suffix}", message) for suffix, message in expected]
    for _, message in found:
        assert "\n" not in message and "Traceback" not in message


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """The ratio check reads the central directory only: a far bigger bomb costs no time or memory."""
    import time

    path = write(tmp_path / "bigger.zip", make_zip({"zeros.txt": bytes(64 * MiB)}))
    started = time.monotonic()
    [(location, error)] = list(iter_documents(path))
    assert isinstance(error, InputError) and "zip bomb" in str(error)
    assert time.monotonic() - started < 1.0


def test_good_members_survive_bad_ones(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.zip", make_zip({
        "good.txt": PAGE_ONE.encode(),
        "junk.txt": random.Random(1).randbytes(2048),
        "fake.pdf": PAGE_TWO.encode(),
        "report.pdf": pdf(),
    }))
    outcome = [(location.split("!", 1)[1], item if isinstance(item, InputError) else "ok")
               for location, item in iter_documents(path)]
    assert [(m, str(r)) for m, r in outcome] == [
        ("good.txt", "ok"),
        ("junk.txt", "binary content (NUL bytes), not text"),
        ("fake.pdf", "not a PDF (no %PDF header)"),
        ("report.pdf", "ok"),
    ]


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "open.pdf", encrypt_pdf(pdf(), "")))
    assert doc.text.startswith("The Harbour Friendship Association") and len(doc.meta["pages"]) == 3


def test_markup_just_under_the_depth_cap_is_read(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "deepish.html", deep_html(500)))
    assert doc.text == "The association met."


def test_script_and_comments_do_not_count_as_depth(tmp_path: Path) -> None:
    script = "<script>" + "if (a<b) { x = '<div>'; }" * 1000 + "</script>"
    page = f"<html><body>{script}<!-- {'<div>' * 1000} --><p>The association met in Ghent.</p></body></html>"
    assert read_document(write(tmp_path / "tricky.html", page)).text == "The association met in Ghent."


def test_no_pypdf_warnings_reach_stderr(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    list(iter_documents(write(tmp_path / "cut.pdf", pdf()[:300])))
    assert capfd.readouterr().err == ""


# -- a batch through the CLI -----------------------------------------------------------------------


def hostile_batch(folder: Path) -> dict[str, str]:
    """Good files and bad ones side by side; returns bad location -> message."""
    write(folder / "good.txt", "Embassy denies running an office in Lisbon\n\nThe human rights group Safeguard "
                               "Defenders alleged on 4 March 2023 that an office in Lisbon was run by police.\n")
    write(folder / "report.pdf", make_pdf([PAGE_ONE, PAGE_TWO]))
    write(folder / "review.docx", make_docx())
    bad = {
        "bomb.zip!zeros.txt": f"compression ratio {zip_ratio(zip_bomb(), 'zeros.txt')}:1 over the limit of 100:1 (zip bomb?)",
        "laughs.xml": "declares XML entities (possible entity bomb); refused",
        "locked.pdf": "encrypted PDF, cannot read without password",
        "cut.pdf": "truncated PDF (no %EOF marker), cannot read",
        "deep.html": "markup nested deeper than 512 levels; refused",
        "noise.txt": "binary content (NUL bytes), not text",
    }
    write(folder / "bomb.zip", zip_bomb())
    write(folder / "laughs.xml", ENTITY_BOMB)
    write(folder / "locked.pdf", encrypt_pdf(pdf(), "secret"))
    write(folder / "cut.pdf", pdf()[: len(pdf()) // 2])
    write(folder / "deep.html", deep_html(2000))
    write(folder / "noise.txt", random.Random(7).randbytes(4096))
    write(folder / "legacy.txt", "L'\u00c3\u00a9t\u00c3\u00a9 dernier, l'association a publi\u00c3\u00a9 un rapport "
                                 "\u00e0 Bruxelles.".encode("utf-8"))
    write(folder / "cp1252.txt", "Caf\u00e9 owners in Montr\u00e9al said the office closed.".encode("cp1252"))
    return {str(folder / name): message for name, message in bad.items()}


@pytest.mark.model
def test_add_batch_of_hostile_files(tmp_path: Path) -> None:
    from threadline.cli import cli

    folder = tmp_path / "inbox"
    bad = hostile_batch(folder)
    db = tmp_path / "inv.db"
    result = CliRunner().invoke(cli, ["add", str(folder), "--db", str(db), "--quiet", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error ")]
    assert sorted(lines) == sorted(f"error {location}: {message}" for location, message in bad.items())

    stats = json.loads(CliRunner().invoke(cli, ["stats", "--db", str(db), "--json"]).stdout)
    assert stats["documents"] == 5  # good.txt, report.pdf, review.docx, legacy.txt, cp1252.txt

    again = CliRunner().invoke(cli, ["add", str(folder), "--db", str(db)])
    assert again.exit_code == 1
    assert "0 added, 5 already stored, 6 failed" in again.stdout
    assert json.loads(CliRunner().invoke(cli, ["stats", "--db", str(db), "--json"]).stdout) == stats

    from threadline.api import Workspace

    with Workspace(db) as ws:
        texts = [row["text"] for row in ws.store.snapshot_rows()["documents"]]
    assert any(text.startswith("L'\u00e9t\u00e9 dernier") for text in texts)  # mojibake repaired before storing


def test_extract_refuses_a_file_of_several_documents(tmp_path: Path) -> None:
    from threadline.cli import cli

    path = write(tmp_path / "two.zip", make_zip({"a.txt": PAGE_ONE.encode(), "b.txt": PAGE_TWO.encode()}))
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error {path}: holds several documents (an archive, a feed or an e-mail with attachments); "
        "ingest it with 'threadline add'"]
