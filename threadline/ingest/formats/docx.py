"""DOCX: paragraphs and tables in document order, with title, author and creation date.

A DOCX is a zip, so the archive checks (member count, sizes, compression
ratio) run on it before python-docx unpacks anything.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from threadline.errors import InputError
from threadline.ingest.document import finish, one_line
from threadline.ingest.formats.archive import check_member, check_members, open_zip
from threadline.ingest.source import Context, Items, Source
from threadline.model import Document

# python-docx's blank template carries these; they say nothing about the document
TEMPLATE_AUTHOR = "python-docx"
TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15)


def read(source: Source, ctx: Context) -> Items:
    yield source.location, docx_document(source, ctx)


def docx_document(source: Source, ctx: Context) -> Document:
    archive = open_zip(source.data, "DOCX file")
    members = archive.infolist()
    check_members(members, ctx.limits)
    for info in members:
        check_member(info, ctx.limits)
    ctx.unpacked += sum(info.file_size for info in members)
    import docx

    try:
        document = docx.Document(io.BytesIO(source.data))
    except Exception as exc:
        raise InputError(f"cannot read DOCX: {one_line(exc)}") from None
    blocks = list(_blocks(document))
    ctx.budget.check()
    return finish("\n\n".join(blocks), _metadata(document), source.path, source.url)


def _blocks(document: Any) -> Any:
    """Paragraph texts and table rows, in the order they appear in the body."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                yield text
        elif tag == "tbl":
            yield from _rows(Table(child, document))


def _rows(table: Any) -> Any:
    """One line per row, cells separated by " | "; a merged cell counts once."""
    for row in table.rows:
        cells: list[str] = []
        seen: list[Any] = []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):
                continue
            seen.append(cell._tc)
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            yield " | ".join(cells)


def _metadata(document: Any) -> dict[str, Any]:
    props = document.core_properties
    meta: dict[str, Any] = {}
    if props.title and props.title.strip():
        meta["title"] = props.title.strip()
    if props.author and props.author.strip() and props.author != TEMPLATE_AUTHOR:
        meta["author"] = props.author.strip()
    if props.created and props.created.replace(tzinfo=None) != TEMPLATE_CREATED:
        meta["created"] = props.created.date().isoformat()  # when the file was made, never taken as published
    if props.language:
        meta["language"] = props.language.split("-")[0].lower()
    return meta
