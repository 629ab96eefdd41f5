"""Italian elisions split off: "L'ambasciata" -> "L'" + "ambasciata", "dell'Interno" -> "dell'" + "Interno".

Italian goes through the English model, whose tokenizer keeps such words
whole, so neither the tagger nor the name rules would see "ambasciata" or
"Interno". The text is unchanged; only token boundaries move. Other languages
are left alone.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

ELIDED = re.compile(r"^(?i:l|dell|all|nell|dall|sull|coll|un|quest|quell|d|c|sant|nessun|tutt)['’](?=\w\w)")
LANGUAGES = frozenset({"it"})


def split_elisions(doc: Doc) -> Doc:
    """Split every elided article or preposition from the word it is attached to."""
    hits = [(t, m.end()) for t in doc if (m := ELIDED.match(t.text)) is not None and len(t.text) > m.end()]
    if hits:
        with doc.retokenize() as retokenizer:
            for token, cut in hits:
                retokenizer.split(token, [token.text[:cut], token.text[cut:]], heads=[(token, 1), (token, 1)])
    return doc


@Language.component("threadline_elisions_v1")
def elisions(doc: Doc) -> Doc:
    language = doc._.tl_language if Doc.has_extension("tl_language") else None
    return split_elisions(doc) if language in LANGUAGES else doc
