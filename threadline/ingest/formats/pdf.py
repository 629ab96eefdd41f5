"""PDF: the text layer, page by page, with the offset where each page starts.

``Document.meta["pages"]`` lists those offsets, so a fact's character offset
names its page (:func:`threadline.model.pages.page_of`). Scanned PDFs without
a text layer, encrypted ones and broken ones are refused with the reason.
Wrapped lines are joined and running headers dropped
(:mod:`threadline.ingest.formats.pdf_layout`).
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from threadline.errors import InputError
from threadline.ingest.document import clean_text, make_document, one_line
from threadline.ingest.formats.pdf_layout import reflow_pages
from threadline.ingest.source import Context, Items, Source
from threadline.model import Document

logging.getLogger("pypdf").addHandler(logging.NullHandler())  # pypdf warns about every repaired xref on stderr
_PDF_DATE = re.compile(r"(?:D:)?((?:19|20)\d\d)(0[1-9]|1[0-2])?(0[1-9]|[12]\d|3[01])?")


def read(source: Source, ctx: Context) -> Items:
    yield source.location, pdf_document(source, ctx)


def pdf_document(source: Source, ctx: Context) -> Document:
    if not source.data.startswith(b"%PDF-"):
        raise InputError("not a PDF (no %PDF header)")
    reader = _open(source.data)
    pages = _page_count(reader, ctx.limits.max_pdf_pages)
    texts = []
    for number in range(pages):
        ctx.budget.check()
        texts.append(clean_text(_page_text(reader, number)))
    text, starts = reflow_pages(texts)
    if not text.strip():
        raise InputError("PDF has no text layer (scanned pages? run OCR first)")
    meta = _metadata(reader)
    meta["pages"] = starts
    return make_document(text, meta, source.path, source.url)


def _open(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise _broken(data, exc) from None
    if reader.is_encrypted:
        try:
            opened = int(reader.decrypt(""))  # an owner password alone still lets anyone read
        except DependencyError:
            raise InputError("encrypted PDF (AES), cannot decrypt without the 'cryptography' package") from None
        except Exception:
            opened = 0
        if not opened:
            raise InputError("encrypted PDF, cannot read without password")
    return reader


def _page_count(reader: Any, limit: int) -> int:
    try:
        pages = len(reader.pages)
    except Exception as exc:
        raise InputError(f"malformed PDF: cannot read its page tree ({one_line(exc)})") from None
    if pages > limit:
        raise InputError(f"PDF has {pages} pages; limit {limit}")
    if pages == 0:
        raise InputError("PDF has no pages")
    return pages


def _page_text(reader: Any, number: int) -> str:
    from pypdf.errors import LimitReachedError

    try:
        return reader.pages[number].extract_text() or ""
    except LimitReachedError:
        raise InputError(f"PDF page {number + 1} is over pypdf's decompression limit (PDF bomb?); refused") from None
    except RecursionError:
        raise InputError(f"malformed PDF: page {number + 1} nests too deeply") from None
    except Exception as exc:
        raise InputError(f"malformed PDF: cannot read page {number + 1} ({one_line(exc)})") from None


def _broken(data: bytes, exc: Exception) -> InputError:
    if b"%%EOF" not in data[-2048:]:
        return InputError("truncated PDF (no %EOF marker), cannot read")
    return InputError(f"malformed PDF: {one_line(exc)}")


def _metadata(reader: Any) -> dict[str, Any]:
    """Title, author and creation date (``created``, not ``published``) from the document information dictionary."""
    try:
        info = reader.metadata or {}
        raw = {key: info.get(key) for key in ("/Title", "/Author", "/CreationDate")}
    except Exception:  # a broken info dictionary costs the metadata, not the text
        return {}
    meta: dict[str, Any] = {}
    if isinstance(raw["/Title"], str) and raw["/Title"].strip():
        meta["title"] = " ".join(raw["/Title"].split())
    if isinstance(raw["/Author"], str) and raw["/Author"].strip():
        meta["author"] = " ".join(raw["/Author"].split())
    date = _PDF_DATE.match(str(raw["/CreationDate"] or ""))
    if date:  # when the file was made, never taken as published: only a dateline in the text is
        meta["created"] = "-".join(part for part in date.groups() if part)
    return meta
