"""Plain text and Markdown (with YAML front matter); the decoding every text format shares."""

from __future__ import annotations

import codecs
import re
from typing import Any

import yaml

from threadline.errors import InputError
from threadline.ingest.document import finish, normalise_newlines
from threadline.ingest.source import Context, Items, Source

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
SNIFF_BYTES = 8192
MAX_META_NODES = 10_000


def read(source: Source, ctx: Context) -> Items:
    """A .txt file (or any text without a better format) is one document."""
    document = finish(decode(source.data, source.charset), {}, source.path, source.url)
    ctx.budget.check()
    yield source.location, document


def read_markdown(source: Source, ctx: Context) -> Items:
    meta, body = parse_front_matter(decode(source.data, source.charset))
    if meta.get("published") or meta.get("date"):
        meta.setdefault("date_source", "front matter")
    document = finish(body, meta, source.path, source.url)
    ctx.budget.check()
    yield source.location, document


def decode(raw: bytes, declared: str | None = None) -> str:
    """Bytes to text: BOM, else UTF-8, else the declared charset, else charset-normalizer's guess.

    Binary content is refused. Windows-1252 is the last resort, as before.
    Mojibake left in the result is repaired later, in one place (``finish``).
    """
    if not raw:
        raise InputError("empty file")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return _check_controls(raw.decode(codec))
            except UnicodeDecodeError:
                raise InputError(f"cannot decode text: broken {codec.upper()}") from None
    if b"\x00" in raw[:SNIFF_BYTES]:
        raise InputError("binary content (NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_legacy(raw, declared)
    return _check_controls(text)


def _decode_legacy(raw: bytes, declared: str | None) -> str:
    if declared:
        try:
            return raw.decode(_codec(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None:
        try:
            return raw.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError("binary content (no text encoding fits), not text") from None


def _codec(name: str) -> str:
    """A declared charset as Python knows it; ISO-8859-1 means Windows-1252, as browsers read it."""
    name = codecs.lookup(name.strip().strip("\"'")).name
    return "cp1252" if name in ("iso8859-1", "latin-1", "ascii") else name


def _check_controls(text: str) -> str:
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(sample) // 50):
        raise InputError("binary content (control characters), not text")
    return text


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
    if _nodes(meta, MAX_META_NODES) > MAX_META_NODES:
        raise InputError(f"front matter has more than {MAX_META_NODES} values (YAML alias bomb?); refused")
    return meta, normalise_newlines(text)[match.end():]


def _nodes(value: Any, limit: int) -> int:
    """Values in a YAML structure, counting shared (aliased) ones each time; stops past ``limit``."""
    count, stack = 0, [value]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)
    return count
