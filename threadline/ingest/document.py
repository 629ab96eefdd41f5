"""From extracted text to a Document: one cleaning step for every format.

Every reader ends here, so the text stored is exactly the text the extractor
sees and every offset points into it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from threadline.errors import InputError
from threadline.ingest.source_line import find_publisher
from threadline.model import Document
from threadline.publish.safety import safe_url

_META_KEYS = ("title", "publisher", "published", "language", "url", "source_url", "date_source")
_FIXER = None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fix_mojibake(text: str) -> str:
    """Repair text decoded with the wrong codec ("Ã©tÃ©" -> "été"), changing nothing else.

    ftfy runs with only its encoding repairs switched on: quotes stay curly,
    full-width characters and HTML entities stay as written, no Unicode
    normalisation. It is deterministic.
    """
    global _FIXER
    import ftfy

    if _FIXER is None:
        _FIXER = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, fix_character_width=False,
                                      fix_latin_ligatures=False, fix_line_breaks=False, normalization=None,
                                      explain=False)
    return ftfy.fix_text(text, _FIXER)


def clean_text(text: str) -> str:
    """Newlines as \\n, mojibake repaired, outer blank lines dropped."""
    return fix_mojibake(normalise_newlines(text)).strip("\n")


def finish(text: str, meta: dict[str, Any], path: str | None, url: str | None = None,
           empty: str = "no text in file") -> Document:
    """Clean the text and make the Document; InputError when no text is left."""
    text = clean_text(text)
    if not text.strip():
        raise InputError(empty)
    return make_document(text, meta, path, url)


def make_document(text: str, meta: dict[str, Any], path: str | None, url: str | None = None) -> Document:
    """A Document from text and whatever metadata came with it (``url`` wins over ``meta["url"]``)."""
    meta = {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in meta.items()}
    title = meta.get("title") or _first_line(text)
    published, date_source = publication_date(text, meta)
    return Document(
        text=text,
        title=str(title) if title else None,
        publisher=_str(meta.get("publisher")) or find_publisher(text),
        published=published,
        language=_str(meta.get("language") or meta.get("lang")),
        url=safe_url(url or _str(meta.get("url") or meta.get("source_url"))),  # no javascript: links, ever
        path=path,
        meta={k: v for k, v in meta.items() if k not in _META_KEYS and v not in (None, "")},
        date_source=date_source,
    )


def publication_date(text: str, meta: dict[str, Any]) -> tuple[str | None, str | None]:
    """The publication date and where it came from: explicit metadata, else the text's own dateline.

    A reader that sets ``published`` names its origin in ``meta["date_source"]``
    ("front matter", "page metadata", ...); a file's creation date is never one
    (readers keep it as ``created``, for information only).
    """
    given = _str(meta.get("published") or meta.get("date"))
    if given:
        return given, _str(meta.get("date_source")) or "metadata"
    from threadline.ingest.dateline import find_dateline

    found = find_dateline(text)
    return (found, "dateline") if found else (None, None)


def one_line(exc: BaseException | str, limit: int = 160) -> str:
    """A dependency's error message as one short line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _str(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return None
