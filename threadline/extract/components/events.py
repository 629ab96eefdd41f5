"""Dated events: a sentence that gives a date (at least a year) describes something that happened then.

Relative dates ("in May", "on Wednesday") count only when the document's
publication date is known; they are resolved against it and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from threadline.extract.components.context import DocView
from threadline.extract.dates import DateHit, find_dates, parse_published
from threadline.extract.patterns import Patterns, load_patterns

_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class EventHit:
    sent_start: int
    sent_end: int
    what: str
    date: DateHit
    entities: tuple[int, ...]


def summarise(sent: Span, max_words: int = 14, max_chars: int = 40) -> str:
    """A short "who did what" line from the sentence's main clause; without a parse (Chinese), its opening."""
    if not sent.doc.has_annotation("DEP"):
        text = " ".join(sent.text.split()).rstrip("。！？.!?")
        return text[:max_chars] + ("..." if len(text) > max_chars else "")
    root = sent.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass")), None)
    parts: list[Token] = []
    if subject is not None:
        parts.extend(subject.subtree)
    parts.append(root)
    for c in root.children:
        if c.dep_ in ("dobj", "obj", "attr", "prt", "acomp", "xcomp", "ccomp", "oprd") or (c.dep_ in ("auxpass", "neg", "aux:pass")):
            parts.extend(c.subtree)
    if len(parts) < 6:
        for c in root.children:
            if c.dep_ in ("prep", "agent") and c.i > root.i:
                parts.extend(c.subtree)
                break
    words = [t.text for t in sorted(set(parts), key=lambda t: t.i) if not t.is_space]
    if len(words) < 3:
        words = [t.text for t in sent if not t.is_space]
    text = " ".join(words[:max_words]).strip(" ,;:")
    return text + ("..." if len(words) > max_words else "")


class EventFinder:
    def __init__(self, patterns: Patterns):
        self.patterns = patterns

    def __call__(self, doc: Doc) -> Doc:
        view = DocView(doc, self.patterns)
        reference = parse_published(doc._.tl_published) if Doc.has_extension("tl_published") else None
        hits = []
        for sent in doc.sents:
            if view.is_furniture(sent):
                continue
            dates = find_dates(view.text[sent.start_char:sent.end_char], reference)  # sent.text, without its tokens
            if not dates:
                continue
            best = max(dates, key=lambda d: (not d.relative, _RANK[d.precision], -d.start))
            date = DateHit(best.value, best.precision, sent.start_char + best.start, sent.start_char + best.end, best.relative)
            hits.append(EventHit(sent.start, sent.end, summarise(sent), date, tuple(view.groups_in(sent))))
        doc._.tl_events = hits
        return doc


@Language.factory("threadline_events_v1", assigns=["doc._.tl_events"], requires=["doc._.tl_entities"])
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    for attr in ("tl_events", "tl_published", "tl_language"):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)
    return EventFinder(load_patterns())
