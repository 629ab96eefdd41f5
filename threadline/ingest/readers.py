"""Readers for plain text, Markdown (with YAML front matter) and HTML.

Each returns a Document whose text is exactly what the extractor sees, so
every offset stored later points into it.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from threadline.errors import InputError
from threadline.model import Document

MAX_BYTES = 20 * 1024 * 1024
SUPPORTED = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_META_KEYS = ("title", "publisher", "published", "language", "url")


def read_document(path: str | Path) -> Document:
    """Read one file into a Document, or raise InputError saying why not."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError("no such file")
    if not path.is_file():
        raise InputError("not a regular file")
    if suffix not in SUPPORTED:
        raise InputError(f"unsupported file type {suffix or '(none)'}; supported: {', '.join(sorted(SUPPORTED))}")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"file too large ({size} bytes; limit {MAX_BYTES})")
    raw = path.read_bytes()
    text = decode(raw)
    if suffix in (".html", ".htm"):
        meta, body = parse_html(text)
    elif suffix in (".md", ".markdown"):
        meta, body = parse_front_matter(text)
    else:
        meta, body = {}, text
    body = normalise_newlines(body).strip("\n")
    if not body.strip():
        raise InputError("no text in file")
    return make_document(body, meta, str(path))


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; binary content is refused."""
    if not raw:
        raise InputError("empty file")
    if b"\x00" in raw[:8192]:
        raise InputError("binary content (NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode text (neither UTF-8 nor Windows-1252): {exc.reason}") from None
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 50):
        raise InputError("binary content (control characters), not text")
    return text


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a YAML front matter block from Markdown text."""
    match = _FRONT_MATTER.match(normalise_newlines(text))
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"bad YAML front matter: {str(exc).splitlines()[0]}") from None
    if not isinstance(meta, dict):
        raise InputError("front matter is not a mapping")
    return meta, normalise_newlines(text)[match.end():]


def make_document(text: str, meta: dict[str, Any], path: str | None) -> Document:
    """A Document from text and whatever metadata came with it."""
    meta = {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in meta.items()}
    title = meta.get("title") or _first_line(text)
    return Document(
        text=text,
        title=str(title) if title else None,
        publisher=_str(meta.get("publisher")),
        published=_str(meta.get("published") or meta.get("date")),
        language=_str(meta.get("language") or meta.get("lang")),
        url=_str(meta.get("url") or meta.get("source_url")),
        path=path,
        meta={k: v for k, v in meta.items() if k not in _META_KEYS},
    )


def _str(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return None


class _HTMLText(HTMLParser):
    """Visible text of a page, one block per line, plus the usual metadata tags."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header", "footer", "blockquote", "title"}
    SKIP = {"script", "style", "noscript", "template", "svg", "nav"}

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
            mapping = {"og:title": "title", "og:site_name": "publisher", "article:published_time": "published",
                       "date": "published", "dc.date": "published", "og:url": "url", "author": "author"}
            if key in mapping and value:
                self.meta.setdefault(mapping[key], value[:10] if mapping[key] == "published" else value)
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
