"""Content sniffing: what the first bytes say a file is, whatever its name claims.

A PDF named ``.txt`` is read as a PDF; a text file named ``.pdf`` is refused
with the reason. Kinds that are documents map to a format name; kinds that
are clearly not documents (images, legacy Office, gzip) carry a refusal.
"""

from __future__ import annotations

import io
import re
import zipfile

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # empty archive
)

REFUSED: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office (OLE2) file such as .doc or .xls; save it as .docx or PDF"),
    (b"\x89PNG\r\n\x1a\n", "image (PNG), not a document"),
    (b"\xff\xd8\xff", "image (JPEG), not a document"),
    (b"GIF87a", "image (GIF), not a document"),
    (b"GIF89a", "image (GIF), not a document"),
    (b"\x1f\x8b", "gzip-compressed file; unpack it first"),
    (b"Rar!\x1a\x07", "RAR archive; only zip archives are read"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive; only zip archives are read"),
    (b"{\\rtf", "RTF file; save it as .docx, PDF or text"),
)

OFFICE_OTHERS = {"xl/": "Excel workbook", "ppt/": "PowerPoint presentation"}

_PROLOGUE = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|<\?[^>]*>)\s*)*",
                       re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(rb"<([A-Za-z][\w:.-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf"}


def sniff(data: bytes) -> str | None:
    """The kind the content shows: a format name, ``"refused:<reason>"``, or None (plain text or unknown)."""
    head = data[:1024]
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return _zip_kind(data) if kind == "zip" else kind
    for magic, reason in REFUSED:
        if head.startswith(magic):
            return "refused:" + reason
    return _markup_kind(data[:4096])


def _zip_kind(data: bytes) -> str:
    """``docx`` for a Word document, a refusal for other Office files, else ``zip``."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"  # the archive reader says what is wrong with it
    if "word/document.xml" in names:
        return "docx"
    for prefix, what in OFFICE_OTHERS.items():
        if any(n.startswith(prefix) for n in names) and "[Content_Types].xml" in names:
            return f"refused:{what}, not a document Threadline reads"
    return "zip"


def _markup_kind(head: bytes) -> str | None:
    """``feed`` for RSS/Atom, ``html`` for HTML, ``xml`` for other XML, None for anything else."""
    probe = head.lstrip()
    if probe[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None  # UTF-16 text: decoded as text
    prologue = _PROLOGUE.match(head)
    rest = head[prologue.end() if prologue else 0:]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:14].lower().startswith(b"<!doctype html"):
        return "html"
    root = _ROOT.match(rest)
    if not root:
        return None
    name = root.group(1).lower()
    if name in _FEED_ROOTS:
        return "feed"
    if name == b"html":
        return "html"
    if probe.startswith(b"<?xml"):
        return "xml"
    return None
