"""Whether a text presents itself as an organisation's own release or report.

A press release, a report or a briefing speaks in the voice of whoever issued
it, even when it names that organisation in the third person and never says
"we". It gives itself away at its head: a label on a line of its own ("Press
release", "Presseerklärung vom 25. November 2009") or an opening sentence that
starts on the document itself ("This latest report documents …"). A news story
that mentions someone's press release does neither. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HEAD_LINES = 6  # a label stands on one of the first non-blank lines
OPENING_LINES = 4  # a self-reference opens one of the first paragraphs
_LABEL_TAIL = 40  # a label line may carry a date or a number after the label, nothing longer


def declares_release(text: str, labels: Iterable[str], determiners: Iterable[str], nouns: Iterable[str]) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return _labelled(lines[:HEAD_LINES], labels) or _self_referring(lines[:OPENING_LINES], determiners, nouns)


def _labelled(lines: list[str], labels: Iterable[str]) -> bool:
    folded = sorted({w.casefold() for w in labels}, key=len, reverse=True)
    for line in lines:
        low = line.casefold()
        for label in folded:
            if low.startswith(label) and len(low) - len(label) <= _LABEL_TAIL and not low[len(label):len(label) + 1].isalpha():
                tail = low[len(label):].strip(" :–—-")
                if not tail or any(ch.isdigit() for ch in tail):
                    return True  # "Press release", "Presseerklärung vom 25. November 2009", "PRESS RELEASE: 12/2023"
    return False


def _self_referring(lines: list[str], determiners: Iterable[str], nouns: Iterable[str]) -> bool:
    dets = "|".join(re.escape(d) for d in sorted({d.casefold() for d in determiners}, key=len, reverse=True))
    heads = "|".join(re.escape(n) for n in sorted({n.casefold() for n in nouns}, key=len, reverse=True))
    if not dets or not heads:
        return False
    opening = re.compile(rf"^(?:{dets})\s+(?:\w+\s+)?(?:{heads})\b", re.IGNORECASE)
    return any(opening.match(line) for line in lines)
