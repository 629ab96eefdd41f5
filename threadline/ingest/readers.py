"""Reading files into Documents: the entry points for every format.

``iter_documents`` yields ``(location, Document | InputError)`` for every
document a file holds (an archive, a feed or an e-mail holds several), so one
bad member costs one error and the rest continues. ``read_document`` is the
one-document shortcut. The formats live in :mod:`threadline.ingest.formats`,
chosen by :mod:`threadline.ingest.registry`; the caps in
:mod:`threadline.ingest.limits`.
"""

from __future__ import annotations

from pathlib import Path

from threadline.errors import InputError
from threadline.ingest.document import make_document, normalise_newlines
from threadline.ingest.formats.html import parse_html
from threadline.ingest.formats.text import decode, parse_front_matter
from threadline.ingest.limits import DEFAULT_LIMITS, Limits
from threadline.ingest.registry import SUPPORTED, read_source
from threadline.ingest.source import Context, Items, Source
from threadline.model import Document

MAX_BYTES = DEFAULT_LIMITS.max_file_bytes
SEVERAL = "holds several documents (an archive, a feed or an e-mail with attachments); ingest it with 'threadline add'"

__all__ = ["MAX_BYTES", "SUPPORTED", "decode", "iter_documents", "make_document", "normalise_newlines",
           "parse_front_matter", "parse_html", "read_bytes", "read_document"]


def iter_documents(path: str | Path, limits: Limits | None = None) -> Items:
    """Every document in one file, in order, as (location, Document or InputError)."""
    path = Path(path)
    limits = limits or DEFAULT_LIMITS
    try:
        data = _load(path, limits)
    except InputError as exc:
        yield str(path), exc
        return
    yield from read_source(Source(data, str(path), path.name), Context(limits))


def read_bytes(data: bytes, location: str, name: str | None = None, limits: Limits | None = None,
               content_type: str | None = None, charset: str | None = None, url: str | None = None) -> Items:
    """Every document in bytes from anywhere (a download, a test); ``name`` lends its suffix as a hint."""
    limits = limits or DEFAULT_LIMITS
    if len(data) > limits.max_file_bytes:
        yield location, InputError(f"too large ({len(data)} bytes; limit {limits.max_file_bytes})")
        return
    source = Source(data, location, name or location, content_type, charset, url)
    yield from read_source(source, Context(limits))


def read_document(path: str | Path, limits: Limits | None = None) -> Document:
    """Read a file holding one document, or raise InputError saying why not.

    A file holding several documents is refused rather than cut to its first.
    """
    found: list[Document | InputError] = []
    for _, item in iter_documents(path, limits):
        found.append(item)
        if len(found) > 1:
            raise InputError(SEVERAL)
    if not found:
        raise InputError("no documents in file")
    if isinstance(found[0], InputError):
        raise found[0]
    return found[0]


def _load(path: Path, limits: Limits) -> bytes:
    try:
        if not path.exists():
            raise InputError("no such file")
        if not path.is_file():
            raise InputError("not a regular file")
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise InputError(f"file too large ({size} bytes; limit {limits.max_file_bytes})")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
