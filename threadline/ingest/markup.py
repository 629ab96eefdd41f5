"""Cheap checks on HTML and XML before a parser sees them: nesting depth and entity bombs.

The scan is linear and approximate on purpose: it only has to catch markup
that would make a real parser recurse or expand without end.
"""

from __future__ import annotations

import re

from threadline.errors import InputError

VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr command".split())
OPTIONAL_END = frozenset("p li dt dd tr td th option optgroup thead tbody tfoot colgroup caption rb rt rp rtc html head body".split())
RAW_TEXT = {"script": "</script", "style": "</style", "textarea": "</textarea", "title": "</title"}

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)[^<>]*?(/?)>|<!--|<!\[CDATA\[")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)

ENTITY_BOMB = "declares XML entities (possible entity bomb); refused"


def check_depth(markup: str, limit: int, html: bool = True) -> None:
    """Raise InputError when elements nest deeper than ``limit``."""
    depth, pos, end = 0, 0, len(markup)
    lower = markup.lower()
    while pos < end:
        match = _TAG.search(markup, pos)
        if not match:
            return
        token = match.group(0)
        if token == "<!--":
            pos = _after(markup, "-->", match.end())
            continue
        if token == "<![CDATA[":
            pos = _after(markup, "]]>", match.end())
            continue
        pos = match.end()
        closing, name, selfclosing = match.group(1), match.group(2).lower(), match.group(3)
        if html and (name in VOID or name in OPTIONAL_END):
            continue
        if html and name in RAW_TEXT:
            if not closing and not selfclosing:
                pos = _after(lower, RAW_TEXT[name], pos)
            continue
        if closing:
            depth = max(0, depth - 1)
        elif not selfclosing:
            depth += 1
            if depth > limit:
                raise InputError(f"markup nested deeper than {limit} levels; refused")


def _after(text: str, marker: str, start: int) -> int:
    found = text.find(marker, start)
    return len(text) if found < 0 else found + len(marker)


def check_entities(data: bytes) -> None:
    """Refuse markup that declares entities: nothing we read needs them, and they are how entity bombs work."""
    if _ENTITY_DECL.search(data):
        raise InputError(ENTITY_BOMB)


def check_xml(data: bytes) -> None:
    """Parse XML with defusedxml, which refuses entity declarations and external references.

    Ordinary parse errors are left to the real reader (feedparser tolerates
    broken feeds); only the dangerous constructs are refused here.
    """
    import defusedxml
    import defusedxml.ElementTree as SafeET

    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise InputError(ENTITY_BOMB) from None
    except Exception:
        return
