"""A text's own source line: "Source: United States Department of Justice", "Quelle: dpa", "来源：新华社".

Texts copied out of a site or a newsletter often carry the publisher on a line
of its own, first or last. It is the publisher when no metadata names one, so the
document's voice (an NGO's release, a prosecutor's statement, a news report) is
read from the text itself. Pure functions.
"""

from __future__ import annotations

import re

EDGE_LINES = 3  # the line stands among a text's first or last non-blank lines
_LABELS = ("source", "sources", "quelle", "bron", "fonte", "fuente", "publisher", "herausgeber", "uitgever", "éditeur",
           "editore", "editor", "来源", "來源", "出处")
_LINE = re.compile(r"^(?P<label>[^\W\d][\w ]{0,15}?)\s*[:：]\s*(?P<name>[^:：\n]{2,80})$")


def find_publisher(text: str) -> str | None:
    """The name a "Source:" line gives, or None. A URL, a sentence or a line with a date is no publisher."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in (*lines[:EDGE_LINES], *lines[-EDGE_LINES:]):
        m = _LINE.match(line)
        if m is None or m["label"].casefold() not in _LABELS:
            continue
        name = m["name"].strip().rstrip(".")
        if "/" in name or any(ch.isdigit() for ch in name) or len(name.split()) > 10:
            continue  # "Source: https://…", "Source: Reuters, 4 May 2023", a sentence
        return name
    return None
