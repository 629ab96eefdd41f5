"""Search snippets cut from redacted text, with the highlights added afterwards.

The store's snippets mark matches inside the raw text, so a mark inside a name
would hide the name from redaction. For a member without ``sensitive`` the
snippet is made here instead: redact the document first, then find the query's
words in what is left, then mark them. A document that matched only through a
protected name is not a hit at all.
"""

from __future__ import annotations

import re

from threadline.analyse import forms as F

WIDTH = 90  # characters of context on each side of the first match


def words_of(query: str) -> list[str]:
    return [w for w in F.words(query) if w]


def matches(text: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of every whole-word occurrence of the folded ``words``."""
    if not words:
        return []
    folded, where = F.fold(text)
    found = []
    for m in re.finditer(F.START + "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")" + F.END,
                         folded):
        start, end = (m.start(), m.end()) if where is None else (where[m.start()], where[m.end() - 1] + 1)
        found.append((start, end))
    return found


def snippet(text: str, words: list[str], marks: tuple[str, str]) -> str | None:
    """A window of ``text`` around its first match with every match marked, or None unless every word is there."""
    found = matches(text, words)
    if not found or not set(words) <= {F.fold(text[s:e])[0] for s, e in found}:
        return None
    first = found[0][0]
    start = max(0, first - WIDTH)
    end = min(len(text), found[0][1] + WIDTH)
    while start > 0 and not text[start - 1].isspace() and first - start < WIDTH + 20:
        start -= 1
    while end < len(text) and not text[end].isspace() and end - found[0][1] < WIDTH + 20:
        end += 1
    out, cursor = [], start
    for s, e in found:
        if s < start or e > end:
            continue
        out += [text[cursor:s], marks[0], text[s:e], marks[1]]
        cursor = e
    out.append(text[cursor:end])
    body = " ".join("".join(out).split())
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")
