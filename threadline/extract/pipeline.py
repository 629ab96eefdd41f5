"""Document in, :class:`Extraction` out: runs the spaCy pipeline and turns its
annotations into provenance-carrying records. A pure function of one document
(plus the loaded pipeline), so it can be mapped over a process pool or a cluster."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from threadline.extract.columns import doc_text
from threadline.extract.language import detect_language, language_code
from threadline.extract.nlp import load_pipeline, pipeline_version, settle
from threadline.model import Claim, Document, Entity, Event, Evidence, Extraction, Mention, Relation

EXTRACTOR = "threadline"


def _version(nlp: Language) -> str:
    from threadline import __version__

    return f"{__version__}+{pipeline_version(nlp)}"


class _Passages:
    """Each evidence sentence's offsets and stripped text, worked out once per span (many mentions share
    a sentence) from the Doc's text joined once: ``Span.text`` is ``doc.text[start_char:end_char]``."""

    def __init__(self, doc: Doc):
        self.text = doc_text(doc)
        self.found: dict[tuple[int, int], tuple[int, int, str]] = {}

    def of(self, sent: Span) -> tuple[int, int, str]:
        key = (sent.start, sent.end)
        found = self.found.get(key)
        if found is None:
            text = self.text[sent.start_char:sent.end_char]
            lead = len(text) - len(text.lstrip())
            stripped = text.strip()
            start = sent.start_char + lead
            found = self.found[key] = (start, start + len(stripped), stripped)
        return found


def _evidence(doc: Doc, document: Document, sent: Span, component: str, version: str,
              passages: _Passages | None = None) -> Evidence:
    start, end, stripped = (passages or _Passages(doc)).of(sent)
    return Evidence(document.id, start, end, stripped, f"{EXTRACTOR}.{component}", version)


def to_extraction(doc: Doc, document: Document, version: str, model: str = "") -> Extraction:
    """Convert a processed Doc's annotations into records with evidence."""
    groups = doc._.tl_entities or []
    names = [g.name for g in groups]
    entities = tuple(
        Entity(g.name, g.type, tuple(g.forms[1:]), g.country, g.kind, g.gazetteer) for g in groups
    )
    passages = _Passages(doc)
    mentions = []
    for g in groups:
        for m in g.mentions:
            span = doc[m.start:m.end]
            sentence = passages.of(span.sent)[2]
            ev = Evidence(document.id, span.start_char, span.end_char, sentence, f"{EXTRACTOR}.mentions.{m.source}", version)
            mentions.append(Mention(span.text, g.type, g.name, ev, m.source))
    claims = tuple(
        Claim(
            names[h.claimant] if h.claimant is not None else None,
            h.stance,
            tuple(names[a] for a in h.about),
            doc[h.text_start:h.text_end].text.strip(),
            h.cue,
            _evidence(doc, document, doc[slice(*h.evidence_span())], "claims", version, passages),
            h.source if h.claimant is None else None,
        )
        for h in doc._.tl_claims or []
    )
    relations = tuple(
        Relation(names[h.subject], h.predicate, names[h.object],
                 _evidence(doc, document, doc[h.sent_start:h.sent_end], "relations", version, passages))
        for h in doc._.tl_relations or []
    )
    events = tuple(
        Event(h.what, h.date.value, h.date.precision, tuple(names[e] for e in h.entities),
              _evidence(doc, document, doc[h.sent_start:h.sent_end], "events", version, passages), h.date.relative)
        for h in doc._.tl_events or []
    )
    return Extraction(document, entities, tuple(mentions), relations, claims, events,
                      {"name": EXTRACTOR, "version": version, "model": model,
                       "language": (doc._.tl_language if Doc.has_extension("tl_language") else None) or doc.lang_})


def language_of(document: Document) -> str:
    """The document's own language tag when it has one ("zh-Hant" -> "zh"), else a guess from its text."""
    return language_code(document.language) or detect_language(document.text)


# Ours, written to reach the lazily built parts: a dateline, a quoted claim with its speaker and role, a denial,
# "according to", an organisation, a state body, places and a date.
WARM_UP = (
    "Warm-up dispatch\n\n"
    "BERLIN, 3 March 2024 - The Ministry of the Interior said on Monday that it had opened an inquiry. "
    "\"We will not accept this,\" Minister Anna Keller told reporters in Hamburg. "
    "The embassy denied the report, according to the Centre for Press Freedom."
)


def warm_up() -> None:
    """For a process about to extract many documents (a local job's fork server, a Dask worker): load the default
    pipeline, extract :data:`WARM_UP` so the tables built on first use are built, and freeze it all out of the
    garbage collector's reach (:func:`~threadline.extract.nlp.settle`), so no collection walks them again."""
    load_pipeline()
    extract(Document(text=WARM_UP))
    settle()


def extract(document: Document, nlp: Language | None = None) -> Extraction:
    """Extract entities, claims, relations and events from one document."""
    return next(extract_many([document], nlp=nlp))


def extract_many(documents: Iterable[Document], nlp: Language | None = None, batch_size: int = 32) -> Iterator[Extraction]:
    """Extract from many documents in input order, batching each language through ``nlp.pipe``."""
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from _extract_batch(batch, nlp)
            batch = []
    if batch:
        yield from _extract_batch(batch, nlp)


def _extract_batch(documents: list[Document], nlp: Language | None) -> Iterator[Extraction]:
    results: dict[int, Extraction] = {}
    by_language: dict[str, list[int]] = {}
    for i, document in enumerate(documents):
        by_language.setdefault("" if nlp else language_of(document), []).append(i)
    for language, indexes in by_language.items():
        pipe = nlp or load_pipeline(language)
        version, model = _version(pipe), pipeline_version(pipe)
        docs = []
        for i in indexes:
            doc = pipe.make_doc(documents[i].text)
            doc._.tl_published = documents[i].published
            doc._.tl_publisher = documents[i].publisher
            doc._.tl_language = language or language_of(documents[i])
            docs.append(doc)
        for i, doc in zip(indexes, pipe.pipe(docs)):
            results[i] = to_extraction(doc, documents[i], version, model)
    for i in range(len(documents)):
        yield results[i]
