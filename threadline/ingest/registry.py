"""Which reader reads what: formats keyed by suffix and content type, overruled by content sniffing.

A file's name is a hint; its first bytes decide when they are conclusive
(``%PDF``, a zip, an RSS or Atom root, HTML). A file whose name claims a
binary format its content does not have is refused with the reason.
Readers are imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from threadline.errors import InputError
from threadline.ingest.document import one_line
from threadline.ingest.sniff import sniff
from threadline.ingest.source import Context, Items, Source

Reader = Callable[[Source, Context], Items]


@dataclass(frozen=True)
class Format:
    """An input format: the names and content types that claim it and the reader that reads it."""

    name: str
    label: str
    suffixes: tuple[str, ...]
    content_types: tuple[str, ...]
    reader: str  # "module:function", imported on first use
    binary: bool = False  # the content must sniff as this format; a name alone is not enough

    def load(self) -> Reader:
        module, function = self.reader.split(":")
        return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


_F = "threadline.ingest.formats."
FORMATS: tuple[Format, ...] = (
    Format("text", "text", (".txt", ".text"), ("text/plain",), _F + "text:read"),
    Format("markdown", "Markdown", (".md", ".markdown"), ("text/markdown", "text/x-markdown"), _F + "text:read_markdown"),
    Format("html", "HTML", (".html", ".htm", ".xhtml"), ("text/html", "application/xhtml+xml"), _F + "html:read"),
    Format("pdf", "PDF", (".pdf",), ("application/pdf",), _F + "pdf:read", binary=True),
    Format("docx", "DOCX", (".docx",), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
           _F + "docx:read", binary=True),
    Format("eml", "e-mail", (".eml",), ("message/rfc822",), _F + "eml:read"),
    Format("feed", "RSS/Atom feed", (".rss", ".atom", ".xml"),
           ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"),
           _F + "feed:read"),
    Format("zip", "zip archive", (".zip",), ("application/zip", "application/x-zip-compressed"), _F + "archive:read",
           binary=True),
)
BY_NAME = {f.name: f for f in FORMATS}
BY_SUFFIX = {suffix: f for f in FORMATS for suffix in f.suffixes}
BY_TYPE = {ctype: f for f in FORMATS for ctype in f.content_types}
SUPPORTED = frozenset(BY_SUFFIX)
_MISMATCH = {"pdf": "not a PDF (no %PDF header)", "docx": "not a DOCX file (not a Word zip container)",
             "zip": "not a zip archive (no PK header)"}


def detect(source: Source) -> Format:
    """The format to read a source with; InputError if none fits, saying why."""
    kind = sniff(source.data)
    if kind and kind.startswith("refused:"):
        raise InputError(kind.removeprefix("refused:"))
    claimed = _claimed(source)
    if kind in ("pdf", "docx", "zip"):
        return BY_NAME[kind]
    if claimed and claimed.binary:
        raise InputError(_MISMATCH[claimed.name])
    if kind == "feed" and (claimed is None or claimed.name in ("text", "html", "feed")):
        return BY_NAME["feed"]
    if kind == "html" and (claimed is None or claimed.name in ("text", "feed", "html")):
        return BY_NAME["html"]
    if claimed:
        return claimed
    if kind == "xml":
        return BY_NAME["feed"]  # the feed reader says when it is some other XML
    if source.content_type:
        if source.content_type.startswith("text/"):
            return BY_NAME["text"]
        raise InputError(f"not a document (content type {source.content_type})")
    raise InputError(f"unsupported file type {source.suffix or '(none)'}; supported: {', '.join(sorted(SUPPORTED))}")


def _claimed(source: Source) -> Format | None:
    """The format the content type (for downloads) or else the name claims."""
    if source.content_type:
        found = BY_TYPE.get(source.content_type)
        if found:
            return found
    return BY_SUFFIX.get(source.suffix)


def wanted(name: str) -> bool:
    """Whether a member or attachment of this name is worth unpacking (supported suffix, or none to sniff)."""
    from pathlib import PurePosixPath

    suffix = PurePosixPath(name).suffix.lower()
    return suffix in SUPPORTED or not suffix


def read_source(source: Source, ctx: Context) -> Items:
    """Every document in a source; a failure is one (location, InputError) pair and the rest continues."""
    try:
        fmt = detect(source)
    except InputError as exc:
        yield source.location, exc
        return
    yield from _guarded(fmt.load()(source, ctx), source)


def read_member(source: Source, ctx: Context) -> Items:
    """Like :func:`read_source`, but a member nothing reads (an image, a stylesheet) is skipped silently."""
    try:
        detect(source)
    except InputError:
        if source.suffix not in SUPPORTED:
            return
    yield from read_source(source, ctx)


def _guarded(items: Items, source: Source) -> Items:
    """Turn a reader's failure into an error for its source, whatever raised it."""
    try:
        yield from items
    except InputError as exc:
        yield source.location, exc
    except RecursionError:
        yield source.location, InputError("structure nested too deeply to read; refused")
    except MemoryError:
        yield source.location, InputError("out of memory while reading; refused")
    except Exception as exc:  # a parser bug on hostile input must cost one file, not the batch
        yield source.location, InputError(f"cannot read {source.suffix or 'file'}: {type(exc).__name__}: {one_line(exc)}")
