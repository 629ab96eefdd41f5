"""RSS and Atom: each entry is a document, located as "feed.xml#entry-N".

The feed is checked first (nesting depth, and defusedxml refusing entity
declarations), then parsed by feedparser. Entry content or summary goes
through the HTML reader's text parser.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from threadline.errors import InputError
from threadline.ingest.document import finish, one_line
from threadline.ingest.formats.html import parse_html
from threadline.ingest.formats.text import decode
from threadline.ingest.markup import check_depth, check_entities, check_xml
from threadline.ingest.source import Context, Items, Source
from threadline.model import Document


def read(source: Source, ctx: Context) -> Items:
    try:
        parsed = parse(source, ctx)
    except InputError as exc:
        yield source.location, exc
        return
    entries = parsed.entries
    channel = parsed.get("feed", {})
    limit = ctx.limits.max_feed_entries
    for number, entry in enumerate(entries[:limit], start=1):
        if ctx.budget.spent:
            yield source.location, InputError(f"took longer than {ctx.limits.max_seconds:g} s (time limit per file); "
                                              f"stopped before entry {number}")
            return
        location = f"{source.location}#entry-{number}"
        try:
            yield location, entry_document(entry, channel, source, location)
        except InputError as exc:
            yield location, exc
    if len(entries) > limit:
        yield source.location, InputError(f"feed has {len(entries)} entries; only the first {limit} were read")


def parse(source: Source, ctx: Context) -> Any:
    import feedparser

    text = decode(source.data, source.charset)  # refuses binary junk before any XML parser sees it
    check_entities(source.data)
    check_depth(text, ctx.limits.max_markup_depth, html=False)
    check_xml(source.data)
    parsed = feedparser.parse(source.data)
    ctx.budget.check()
    if not parsed.entries:
        if not parsed.get("version"):
            reason = parsed.get("bozo_exception")
            raise InputError("not an RSS or Atom feed" + (f" ({one_line(reason)})" if reason else ""))
        raise InputError("feed has no entries")
    return parsed


def entry_document(entry: Any, channel: Any, source: Source, location: str) -> Document:
    meta: dict[str, Any] = {}
    if entry.get("title"):
        meta["title"] = " ".join(parse_html(entry["title"])[1].split()) or None
    if channel.get("title"):
        meta["publisher"] = channel["title"]
    if channel.get("language"):
        meta["language"] = str(channel["language"]).split("-")[0].lower()
    if entry.get("author"):
        meta["author"] = entry["author"]
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if when:
        meta["published"] = dt.datetime.fromtimestamp(calendar.timegm(when), dt.UTC).date().isoformat()
        meta["date_source"] = "feed entry"
    link = entry.get("link") or None
    url = link or (location if source.url else None)
    path = None if source.url else location
    return finish(_body(entry), meta, path, url, empty="no text in feed entry")


def _body(entry: Any) -> str:
    """The entry's fullest text: content, else summary; HTML read as a page fragment."""
    detail = None
    if entry.get("content"):
        detail = max(entry["content"], key=lambda c: len(c.get("value") or ""))
    elif entry.get("summary_detail"):
        detail = entry["summary_detail"]
    if detail is None:
        return str(entry.get("summary") or "")
    value = str(detail.get("value") or "")
    if "html" in str(detail.get("type") or "html"):
        return parse_html(value)[1]
    return value
