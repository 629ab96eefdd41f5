"""A PDF's text layer as prose: running headers and footers dropped, wrapped lines joined, spaces collapsed.

A text layer holds one line per printed line. Left as it is, every line end
becomes a sentence end (the extractor starts a sentence at each newline, which
is right for headlines and captions), so a quote is cut in two wherever the
page wrapped it, and a header printed on every page is read as text. Pure
functions; :mod:`threadline.ingest.formats.pdf` calls :func:`reflow_pages`.

How a line end is read (the text layer carries no paragraph marks):

- a hyphen at the end, before a lower-case letter: a word cut in two, joined
  without the hyphen ("of-" + "fice"), unless the document writes the hyphenated
  form elsewhere ("state-" + "owned" when "state-owned" occurs);
- a line followed by one starting in lower case, or ending in a comma: the
  sentence goes on;
- a line nearly as long as the document's full lines: wrapped, joined;
- anything else (a short line before a capital: a headline, a paragraph's
  last line) stays a line break.

Limits: a paragraph whose last line happens to be nearly full is joined to
the next one (its sentences are still split at their full stops); columns and
tables come out as pypdf orders them.
"""

from __future__ import annotations

import re
from collections import Counter

HYPHENS = "-\u00ad\u2010\u2011"  # ASCII, soft hyphen, hyphen, non-breaking hyphen
FULL_LINE = 0.75  # a line this share of the document's full line width or longer was wrapped by the page
EDGE_LINES = 3  # running headers and footers are looked for among a page's first and last lines
_PAGE_NUMBER = re.compile(r"(?i)^[-–—(\[]?\s*(?:page|p\.|seite|pagina|página|blz\.?)?\s*\d{1,4}"
                          r"(?:\s*(?:/|of|de|von|di|van|sur)\s*\d{1,4})?\s*[-–—)\]]?$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_CJK = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")
CUT = "\x00"  # what _join returns for a word cut by a hyphen at the line end
_ENDS_SENTENCE = tuple(".!?:;…。！？：；\"”’»)")


def reflow_pages(pages: list[str]) -> tuple[str, list[int]]:
    """The pages' text as prose, and the offset where each page starts.

    An empty page starts where the next page with text starts, so the page of
    an offset is always a page that has text. A paragraph that goes on over a
    page break is joined like any wrapped line; otherwise pages are separated
    by a blank line.
    """
    lines = drop_running_lines([_lines(page) for page in pages])
    full = _full_width([line for page in lines for line in page])
    words = _hyphenated_words("\n".join(line for page in lines for line in page))
    parts: list[str] = []
    length = 0
    starts: list[int | None] = []
    previous: str | None = None
    for page in lines:
        starts.append(None)
        for n, line in enumerate(page):
            if previous is None:
                sep = ""
            else:
                sep = _join(previous, line, full, words, page_break=n == 0)
                if sep == CUT:
                    parts[-1], length, sep = parts[-1][:-1], length - 1, ""
            if n == 0:
                starts[-1] = length + len(sep)
            parts.append(sep + line)
            length += len(sep) + len(line)
            previous = line
    text = "".join(parts)
    filled: list[int] = []
    following = len(text)
    for start in reversed(starts):
        following = start if start is not None else following
        filled.append(following)
    return text, filled[::-1]


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without their running headers, footers and page numbers.

    A running line is one that stands among a page's first or last
    ``EDGE_LINES`` lines on every page with text but at most one (the first
    page often has a masthead instead), digits aside ("Page 3 of 9"), and
    nowhere in the middle of a page. A lone page number at a page's edge goes too.
    """
    with_text = [page for page in pages if page]
    needed = len(with_text) if len(with_text) < 3 else len(with_text) - 1
    counts: Counter[str] = Counter()
    inside: set[str] = set()  # lines of the body: a line the text repeats there is prose, not a running line
    for page in with_text:
        counts.update({_key(line) for line in _edges(page)})
        inside.update(_key(line) for line in page[EDGE_LINES:-EDGE_LINES])
    running = {key for key, count in counts.items() if count >= needed >= 2 and key not in inside}
    out = []
    for page in pages:
        edge = set(range(min(EDGE_LINES, len(page)))) | set(range(max(0, len(page) - EDGE_LINES), len(page)))
        out.append([line for i, line in enumerate(page)
                    if not (i in edge and (_key(line) in running or _PAGE_NUMBER.match(line)))])
    return out


def _lines(page: str) -> list[str]:
    """A page's non-blank lines, each with its runs of spaces collapsed to one."""
    return [line for line in (_SPACES.sub(" ", raw).strip() for raw in page.splitlines()) if line]


def _edges(page: list[str]) -> list[str]:
    return page[:EDGE_LINES] + page[-EDGE_LINES:]


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", line.casefold()) if len(line) <= 120 else "\x00" + line


def _full_width(lines: list[str]) -> float:
    """The length of a full line: a high percentile, so one long URL or title does not set it (the longest in a short text)."""
    if not lines:
        return 0.0
    lengths = sorted(len(line) for line in lines)
    return float(lengths[int(0.8 * (len(lengths) - 1))] if len(lengths) >= 10 else lengths[-1])


def _hyphenated_words(text: str) -> set[str]:
    """Hyphenated words written whole on one line somewhere in the document ("state-owned")."""
    return {m.group(0).casefold() for m in re.finditer(r"\w+-\w+", re.sub("[\u2010\u2011]", "-", text))}


def _join(line: str, following: str, full: float, hyphenated: set[str], page_break: bool) -> str:
    """What goes between two lines: CUT (drop the hyphen, join the word), "" , " " (a wrapped line) or a line break."""
    if _CJK.match(line[-1]) and _CJK.match(following[0]):
        return "" if not line.endswith(_ENDS_SENTENCE) else ("\n\n" if page_break else "\n")
    starts_lower = following[0].islower()
    if line[-1] in HYPHENS and len(line) > 1 and line[-2].isalpha() and starts_lower:
        first = re.search(r"\w+$", line[:-1])
        rest = re.match(r"\w+", following)
        kept = first is not None and rest is not None and f"{first.group(0)}-{rest.group(0)}".casefold() in hyphenated
        return "" if kept else CUT
    if starts_lower or line.endswith((",", "\u201c", "(")):
        return " "
    if len(line) >= FULL_LINE * full and not (page_break and line.endswith(_ENDS_SENTENCE)):
        return " "
    return "\n\n" if page_break else "\n"
