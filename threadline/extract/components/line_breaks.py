"""Sentence boundaries the parser gets wrong: newlines end sentences (headlines, captions and list
items are not run-on prose), and neither a title's abbreviation ("said Sgt. Ana Reyes") nor a quotation
that a comma continues ("'… ?', a-t-il dénoncé", '"Why?", she asked') does."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from threadline.extract.languages import borrowed_languages
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


_FREE_START = 1  # words after a line's first that the parser may still break at
_ENDS = frozenset({".", "!", "?", "…"})
_OPENERS = frozenset({'"', "“", "„", "«", "‘", "'", "(", "[", "-", "–", "—"})


def mark_prose_sentences(doc: Doc, months: frozenset[str], titles: frozenset[str]) -> Doc:
    """Sentences by punctuation, for a language the English parser reads without knowing it: its guesses cut German
    and Dutch clauses at capitalised nouns and verbs ("Die Botschaft habe | im Zusammenhang …"). A sentence ends at
    ".", "!", "?" or "…" (and the closing quotes and brackets after it) before a capital, a digit or an opening mark;
    never after an ordinal before a month ("am 3. November") or an abbreviated title. Every other token continues
    its sentence, which the parser then respects. Right after a line break the parser keeps a word of freedom:
    forbidden every break there, it drops the line's own boundary and glues a heading to the sentence after it."""
    tokens = list(doc)
    closers = _QUOTE_MARKS | {")", "]"}
    line_start: int | None = None  # where the paragraph began, until its first sentence ends
    for i in range(1, len(tokens)):
        token, before = tokens[i], tokens[i - 1]
        if before.is_space and "\n" in before.text or "\n" in before.whitespace_:
            line_start = i
            continue  # the line break's own boundary, set before
        if token.is_space:
            continue
        j = i - 1
        while j > 0 and tokens[j].text in closers and (tokens[j - 1].text in _ENDS or tokens[j - 1].text in closers):
            j -= 1  # 'sagte er.“ Dann': the end mark stands before the closing quote
        end = tokens[j]
        ends = (end.text in _ENDS or (end.text.endswith("…") and len(end.text) > 1)) and bool(before.whitespace_)
        opens = token.text[:1].isupper() or token.text[:1].isdigit() or token.text in _OPENERS
        ordinal = end.text == "." and j > 0 and tokens[j - 1].text.isdigit() and token.lower_ in months
        if ends and (ordinal or _after_title(tokens, j, titles)):
            token.is_sent_start = False  # "am 3. November", "Dr. Keller"
        elif ends and opens:
            token.is_sent_start, line_start = True, None
        elif line_start is None or i - line_start > _FREE_START:
            token.is_sent_start = False
    return doc


@lru_cache(maxsize=8)
def _months(lang: str) -> frozenset[str]:
    """Month and weekday names: after an ordinal's full stop they continue the sentence."""
    from threadline.extract.languages import language_data

    return frozenset(language_data(lang).calendar_words)


@Language.component("threadline_line_breaks_v1")
def line_breaks(doc: Doc) -> Doc:
    mark_line_breaks(doc, _titles())
    lang = doc._.tl_language if Doc.has_extension("tl_language") else None
    if lang in borrowed_languages():  # read by the English pipeline, which does not know their sentences
        mark_prose_sentences(doc, _months(lang), _titles())
    return doc

