"""Nothing executable leaves Threadline: the one check of a link's scheme, and the policy of HTML output.

A document's URL comes from untrusted input (front matter, a feed's link). It
is checked when a document is read and again whenever a link is written, so a
store filled before the check, or edited by hand, still cannot put a
``javascript:`` link into a report.
"""

from __future__ import annotations

import re
from urllib.parse import quote

SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
# Reports are self-contained: their own styles and data: images, nothing else, no script at all.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
              "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'")


def safe_url(url: str | None) -> str | None:
    """The URL if its scheme is http, https or mailto, else None (browsers ignore the blanks an attacker hides)."""
    if not url:
        return None
    squeezed = _INVISIBLE.sub("", url)
    found = _SCHEME.match(squeezed)
    if not found or found.group(1).lower() not in SCHEMES:
        return None
    return url.strip()


def link_target(url: str | None) -> str | None:
    """A safe URL with the characters that could end a Markdown or HTML link percent-encoded."""
    safe = safe_url(url)
    return quote(safe, safe=":/?#[]@!$&'()*+,;=%~-._") if safe else None
