"""E-mail (.eml): the body is one document, each attachment of a supported type another.

The body is the text/plain part, else the HTML part read like a page.
Subject is the title, From the publisher and author, Date the publication
date. Attachments are located as "mail.eml#attachment-name".
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from threadline.errors import InputError
from threadline.ingest.document import finish
from threadline.ingest.formats.archive import check_container
from threadline.ingest.formats.html import extract_html
from threadline.ingest.formats.text import decode
from threadline.ingest.markup import check_depth, check_entities
from threadline.ingest.source import Context, Items, Source
from threadline.model import Document

_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version", "return-path")


def read(source: Source, ctx: Context) -> Items:
    try:
        check_container(source, ctx.limits)
        message = parse(source.data)
    except InputError as exc:
        yield source.location, exc
        return
    attachments = list(message.iter_attachments())
    try:
        body = body_document(message, source, ctx)
    except InputError as exc:
        if not attachments or str(exc) != "no text in e-mail body":
            yield source.location, exc
    else:
        yield source.location, body
    yield from _attachments(attachments, source, ctx)


def parse(data: bytes) -> EmailMessage:
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:8192]:
        raise InputError("binary content (NUL bytes), not an e-mail")
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not any(message.get(header) for header in _HEADERS):
        raise InputError("not an e-mail message (no From, Subject or Date header)")
    return message  # type: ignore[return-value]


def body_document(message: EmailMessage, source: Source, ctx: Context) -> Document:
    meta = _metadata(message)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise InputError("no text in e-mail body")
    text = _content(part)
    if part.get_content_subtype() == "html":
        check_entities(text.encode("utf-8", "replace"))
        check_depth(text, ctx.limits.max_markup_depth)
        page_meta, text = extract_html(text, None, ctx.limits)
        meta = {**{k: v for k, v in page_meta.items() if k in ("language",)}, **meta}
    ctx.budget.check()
    return finish(text, meta, source.path, source.url, empty="no text in e-mail body")


def _content(part: Any) -> str:
    """A text part decoded by its declared charset, or by our own detection when that fails."""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        content = None
    if isinstance(content, str):
        return content
    payload = part.get_payload(decode=True) or b""
    return decode(payload) if payload else ""


def _metadata(message: EmailMessage) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    subject = " ".join(str(message.get("subject", "")).split())
    if subject:
        meta["title"] = subject
    sender = str(message.get("from", "")).strip()
    if sender:
        name, address = parseaddr(sender)
        meta["publisher"] = name or address or sender
        meta["author"] = sender
    date = message.get("date")
    when = getattr(date, "datetime", None)
    if when is not None:
        meta["published"] = when.date().isoformat()
        meta["date_source"] = "e-mail Date header"
    message_id = str(message.get("message-id", "")).strip()
    if message_id:
        meta["message_id"] = message_id
    return meta


def _attachments(parts: list[Any], source: Source, ctx: Context) -> Items:
    from threadline.ingest.registry import read_member, wanted

    limits = ctx.limits
    for number, part in enumerate(parts, start=1):
        if number > limits.max_attachments:
            yield source.location, InputError(f"more than {limits.max_attachments} attachments; the rest not read")
            return
        ctx.budget.check()
        name = part.get_filename() or f"attachment-{number}"
        if part.get_content_type() == "message/rfc822":
            inner = part.get_content()
            data = inner.as_bytes() if hasattr(inner, "as_bytes") else bytes(inner)
            name = name if "." in name else name + ".eml"
        else:
            data = part.get_payload(decode=True) or b""
        if not wanted(name):
            continue
        location = f"{source.location}#{name}"
        if len(data) > limits.max_file_bytes:
            yield location, InputError(f"attachment too large ({len(data)} bytes; limit {limits.max_file_bytes})")
            continue
        yield from read_member(source.member(data, location, name), ctx)
