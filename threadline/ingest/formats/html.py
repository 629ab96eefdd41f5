"""HTML: main text and metadata through trafilatura, the standard-library parser as fallback.

trafilatura drops navigation, footers and comments and reads title, site
name, author and date; when it finds nothing (short pages, odd markup) the
visible text from :class:`_HTMLText` is used instead. Nesting depth and
entity declarations are checked before either parser runs.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

from threadline.errors import InputError
from threadline.ingest.document import finish
from threadline.ingest.formats.text import decode
from threadline.ingest.limits import Limits
from threadline.ingest.markup import check_depth, check_entities
from threadline.ingest.source import Context, Items, Source
from threadline.model import Document

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def read(source: Source, ctx: Context) -> Items:
    yield source.location, html_document(source, ctx)


def html_document(source: Source, ctx: Context) -> Document:
    markup = decode(source.data, source.charset or declared_charset(source.data))
    check_entities(source.data)
    check_depth(markup, ctx.limits.max_markup_depth)
    meta, body = extract_html(markup, source.url, ctx.limits)
    if meta.get("published"):
        meta.setdefault("date_source", "page metadata")
    ctx.budget.check()
    return finish(body, meta, source.path, source.url)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def extract_html(markup: str, url: str | None = None, limits: Limits | None = None) -> tuple[dict[str, Any], str]:
    """Metadata and main text of a page; trafilatura first, the standard-library parser when it yields nothing."""
    meta, body = parse_html(markup)
    if limits is not None and len(markup) > limits.trafilatura_bytes:
        return meta, body
    found = _trafilatura(markup, url)
    if found is None:
        return meta, body
    text, extra = found
    for key, value in extra.items():
        if value and (key != "language" or "language" not in meta):
            meta[key] = value
    title = meta.get("title")
    if title and title not in text[: len(title) + 200]:
        text = f"{title}\n\n{text}"  # keep the headline: it often names who and what
    return meta, text


def _trafilatura(markup: str, url: str | None) -> tuple[str, dict[str, Any]] | None:
    """trafilatura's text and metadata, or None when it is missing, breaks or finds nothing.

    The import sits inside the ``try``: a broken install (lxml without
    ``lxml_html_clean``, for one) must reach the fallback parser, not fail the page.
    """
    params = {"original_date": True, "extensive_search": False,  # never guess a date from the body text
              "max_date": dt.date.today().isoformat()}
    try:
        import trafilatura

        result: Any = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                                             include_tables=True, date_extraction_params=params)
    except Exception:  # missing, or failing on odd markup; the fallback parser still reads it
        return None
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        return None
    lines = [" ".join(line.split()) for line in text.splitlines()]
    meta = {"title": result.title, "publisher": result.sitename, "author": result.author,
            "published": result.date, "url": result.url, "language": result.language}
    return "\n\n".join(line for line in lines if line), {k: v for k, v in meta.items() if v}


class _HTMLText(HTMLParser):
    """Visible text of a page, one block per line, plus the usual metadata tags."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header", "footer", "blockquote", "title"}
    SKIP = {"script", "style", "noscript", "template", "svg", "nav"}
    META = {"og:title": "title", "og:site_name": "publisher", "article:published_time": "published",
            "date": "published", "dc.date": "published", "og:url": "url", "author": "author"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, Any] = {}
        self.skip = 0
        self.in_title = False
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "html" and a.get("lang"):
            self.meta.setdefault("language", a["lang"].split("-")[0].lower())
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            value = a.get("content", "")
            if key in self.META and value:
                self.meta.setdefault(self.META[key], value[:10] if self.META[key] == "published" else value)
        elif tag == "time" and a.get("datetime"):
            self.meta.setdefault("published", a["datetime"][:10])
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag == "title":
            self.in_title = False
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


def parse_html(text: str) -> tuple[dict[str, Any], str]:
    """Visible text and metadata of an HTML page (stdlib parser; robust to broken markup)."""
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser rarely raises, but never let one page stop a batch
        raise InputError(f"cannot parse HTML: {exc}") from None
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).splitlines()]
    body = "\n\n".join(line for line in lines if line)
    meta = dict(parser.meta)
    if parser.title and "title" not in meta:
        meta["title"] = " ".join("".join(parser.title).split())
    return meta, body
