"""Parliamentary questions and answers: whose voice each sentence of such a document speaks in.

A written question and its answer are published by a parliament, yet the answers are the
minister's statements and the questions are the member's. The header says who is who
("Indieners …", "Beantwoord door …", "Asked by …", "Answered by …"), with labels as data in
``patterns/hearings.yaml`` (read with the other pattern data). :func:`find_hearing` reads that header; the claim finder then gives
answers to the answerer and asserting questions to the asker.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from threadline.extract.components.context import DocView, span_text

_ACTORS = ("PERSON", "ORG", "STATE_BODY")
_HEADER_LINES = 40  # a header this long at most: beyond it a label is text, not a field


@dataclass(frozen=True)
class Hearing:
    """Who asks and who answers, and where the questions begin (a character offset)."""

    asker: int | None
    answerer: int | None
    body_start: int

    def in_body(self, sent: Span) -> bool:
        return sent.start_char >= self.body_start


def is_question(sent: Span) -> bool:
    return span_text(sent).rstrip().rstrip("\"'”»“").rstrip().endswith("?")


def find_hearing(doc: Doc, view: DocView, lang: str) -> Hearing | None:
    """The document's asker and answerer when its header names an answerer and questions follow, else None."""
    text = view.text
    if "?" not in text:
        return None  # most documents: no question, no sentence to look at
    first_question = next((s for s in doc.sents if is_question(s)), None)
    if first_question is None:
        return None
    header = text[:first_question.start_char]
    roles = view.patterns.hearings
    found: dict[str, int | None] = {"askers": None, "answerers": None}
    offset = 0
    for n, line in enumerate(header.split("\n")):
        if n >= _HEADER_LINES:
            break
        start = offset + len(line) - len(line.lstrip(" \t•*-–·"))
        offset += len(line) + 1
        lowered = text[start:offset].lower()
        for role in found:
            label = next((w for w in roles[role].get(lang, ()) if lowered.startswith(w)), None)
            if label is not None and found[role] is None:
                found[role] = _first_actor(doc, view, start + len(label), offset)
    if found["answerers"] is None:
        return None
    return Hearing(found["askers"], found["answerers"], first_question.start_char)


def _first_actor(doc: Doc, view: DocView, start: int, end: int) -> int | None:
    """The first person or body named between two character offsets (on the label's line)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for t in span:
        g = view.token_group.get(t.i)
        if g is not None and view.groups[g].type in _ACTORS:
            return g
    return None
