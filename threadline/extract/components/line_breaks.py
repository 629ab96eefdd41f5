"""Newlines end sentences: headlines, captions and list items are not run-on prose."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every token that holds a newline."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("threadline_line_breaks_v1")
def line_breaks(doc: Doc) -> Doc:
    return mark_line_breaks(doc)
