"""Sentence boundaries the parser gets wrong: newlines end sentences (headlines, captions and list
items are not run-on prose), and neither a title's abbreviation ("said Sgt. Ana Reyes") nor a quotation
that a comma continues ("'… ?', a-t-il dénoncé", '"Why?", she asked') does."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from threadline.extract.patterns import load_patterns

_QUOTE_MARKS = frozenset({'"', "”", "“", "»", "«", "’", "'"})


def mark_line_breaks(doc: Doc, titles: frozenset[str] = frozenset()) -> Doc:
    """Start a sentence after every token that holds a newline; never right after "Sgt." or "Dr.", nor at the
    comma after a quotation mark or the word after that comma: the sentence goes on to name the speaker."""
    tokens = list(doc)  # each token made once, not once per look
    for token, nxt in zip(tokens, tokens[1:]):
        if "\n" in token.text or "\n" in token.whitespace_:
            nxt.is_sent_start = True
        elif _after_title(tokens, token.i, titles) and nxt.text[:1].isupper():
            nxt.is_sent_start = False
        elif token.text in _QUOTE_MARKS and nxt.text == "," and nxt.i + 1 < len(tokens) and token.i > 0 \
                and not tokens[token.i - 1].whitespace_ and "\n" not in nxt.whitespace_:
            for t in (token, nxt, tokens[nxt.i + 1]):  # the closing mark, its comma and the word after it
                t.is_sent_start = False
    return doc


def _after_title(tokens: Doc | list[Token], i: int, titles: frozenset[str]) -> bool:
    """Token i ends an abbreviated title: "Gen." as one token, or "Sgt" followed by "."."""
    token = tokens[i]
    if token.text.endswith(".") and token.text[:-1].lower() in titles:
        return True
    return token.text == "." and i > 0 and not tokens[i - 1].whitespace_ and tokens[i - 1].lower_ in titles


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return load_patterns().words("title_abbreviations")


@Language.component("threadline_line_breaks_v1")
def line_breaks(doc: Doc) -> Doc:
    return mark_line_breaks(doc, _titles())
