"""A Doc's text and token attributes read in bulk, as plain Python lists.

Building spaCy ``Token`` objects costs more than most rules spend on them, so components that scan
every token read the attributes they need as arrays of string ids (``Doc.to_array``) and look the
ids up once. Columns are read fresh each time (a later component may change tags or entities); the
text is joined once per Doc, since tokenization never changes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from weakref import WeakKeyDictionary

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc

_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once per Doc for every component that asks (``Doc.text`` builds and joins every
    token each time). A Doc's text never changes after tokenization (retokenizing keeps it), so it cannot go stale."""
    text = _TEXTS.get(doc)
    if text is None:  # Token.text_with_ws for every token, from the ORTH and SPACY arrays: no Token is built
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, SPACY]).tolist() if len(doc) else []
        text = _TEXTS[doc] = "".join(strings[orth] + " " if space else strings[orth] for orth, space in rows)
    return text


def string_columns(doc: Doc, attrs: Sequence[int]) -> list[list[str]]:
    """One list per attribute (``LOWER``, ``POS``, …) of every token's string value, read as one array."""
    if not len(doc):
        return [[] for _ in attrs]
    strings = doc.vocab.strings
    rows = doc.to_array(list(attrs)).tolist()
    if len(attrs) == 1:
        return [[strings[x] for x in rows]]
    return [[strings[row[k]] for row in rows] for k in range(len(attrs))]
