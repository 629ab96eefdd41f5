"""One ``add`` run: documents read, checked for copies, extracted in parallel, stored in input order.

This process reads, checks each document against what is stored and what is
in flight, and writes: one transaction per document, in input order, naming
the stored entity each extracted one is with :func:`~threadline.resolve.resolve_entity`
(the store answers its lookups inside the transaction). Workers
only extract: local processes (:mod:`threadline.extract.parallel`) or the
workers of a Dask cluster (:mod:`threadline.extract.cluster`), two backends
of one contract (one result per document, in input order). So an interrupted
run leaves whole documents, and a re-run completes it without duplicates, and
the store is the same whichever backend extracted.

Copies are not extracted again:

- the same text (the same document id) adds the file as another location;
- a near-duplicate (:mod:`threadline.resolve.duplicates`: a syndicated copy
  under another headline or footer) is recorded as another location of the
  original, with its similarity, and reported as "duplicate of <title>
  (similarity 0.93)". Analysis then counts it once, as one source.

A copy of a document still being extracted waits for it; if that extraction
fails, the copy is extracted in its own right after the rest. The index of
signatures is built from the store only when a document needs checking.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from threadline.errors import InputError, Skipped
from threadline.model import Document, Extraction
from threadline.resolve import resolve_entity
from threadline.resolve.duplicates import SCHEME, DuplicateIndex, from_bytes, shingles, signature, to_bytes
from threadline.store import Store

if TYPE_CHECKING:
    from threadline.api import IngestReport
    from threadline.extract.cluster import Cluster

Items = Iterable[tuple[str, "Document | InputError"]]  # documents by location, or why one cannot be read
Progress = Callable[[str, str], None]  # (location, outcome) once per document or failure


@dataclass(frozen=True)
class NearDuplicate:
    """A document not stored because it copies a stored one: where it was, the original, how similar."""

    location: str
    original: str  # document id
    title: str | None  # the original's title
    similarity: float

    def __str__(self) -> str:
        return f"duplicate of {self.title or self.original} (similarity {self.similarity:.2f})"


@dataclass
class _Doc:
    location: str
    document: Document
    shingles: frozenset[str] = frozenset()
    signature: Any = None  # numpy array, once computed


class Intake:
    """Adds documents to a store and fills in an IngestReport."""

    def __init__(self, store: Store, report: IngestReport, progress: Progress | None = None,
                 extract_seconds: float | None = None):
        self.store, self.report, self.progress = store, report, progress
        self.extract_seconds = extract_seconds  # per document in a worker; past it the worker is stopped
        self.index: DuplicateIndex | None = None
        self.in_flight: dict[str, _Doc] = {}
        self.waiting: dict[str, list[tuple[_Doc, float | None]]] = {}  # copies of documents in flight
        self.orphans: list[_Doc] = []  # copies whose original failed
        self._stored_shingles: dict[str, frozenset[str] | None] = {}

    def run(self, items: Items, jobs: int, batch_size: int, expected: int | None = None,
            cluster: Cluster | None = None) -> None:
        """Add the documents; ``jobs`` worker processes extract (1: this process), ``batch_size`` at a time,
        or the workers of ``cluster`` when one is given.

        ``expected``: how many documents are coming, when known (a hint for starting workers early).
        """
        todo: Iterator[_Doc] = self._read(items)
        while True:
            self._extract(todo, jobs, batch_size, expected, cluster)
            expected = None
            if not self.orphans:
                break
            orphans, self.orphans = self.orphans, []
            todo = (doc for doc in orphans if self._check(doc))

    # -- reading and checking ----------------------------------------------------------

    def _read(self, items: Items) -> Iterator[_Doc]:
        for location, item in items:
            if isinstance(item, Skipped):  # named in the report, but nothing failed
                self.report.skipped.append((location, str(item)))
                continue
            if isinstance(item, InputError):
                self.report.failed.append((location, str(item)))
                self._done(location, "failed")
                continue
            doc = _Doc(location, item)
            if self._check(doc):
                yield doc

    def _check(self, doc: _Doc) -> bool:
        """True when the document is new and goes to extraction; otherwise it is settled or waits."""
        document = doc.document
        if self.store.has_document(document.id):
            self.store.add_location(document.id, doc.location)
            self.report.unchanged.append(doc.location)
            self._done(doc.location, "unchanged")
            return False
        if document.id in self.in_flight:
            self.waiting.setdefault(document.id, []).append((doc, None))
            return False
        if doc.signature is None:
            doc.shingles = shingles(document.text)
            doc.signature = signature(doc.shingles)
        index = self._index()
        match = index.match(doc.shingles, doc.signature, self._shingles_of)
        if match and match.key in self.in_flight:
            self.waiting.setdefault(match.key, []).append((doc, match.similarity))
            return False
        if match:
            stored = self.store.document_text(match.key)
            self._copy(doc, match.key, match.similarity, stored[1] if stored else None)
            return False
        self.in_flight[document.id] = doc
        index.add(document.id, doc.signature)
        return True

    def _index(self) -> DuplicateIndex:
        """The signatures of stored documents; computed and stored for any that have none yet."""
        if self.index is None:
            self.index = DuplicateIndex()
            missing = []
            for doc_id, blob in self.store.signatures(SCHEME):
                if blob is None:
                    missing.append(doc_id)
                else:
                    self.index.add(doc_id, from_bytes(blob))
            for doc_id in missing:  # stored before signatures were, or under another scheme
                stored = self.store.document_text(doc_id)
                if stored is not None:
                    sig = signature(shingles(stored[0]))
                    self.store.set_signature(doc_id, SCHEME, to_bytes(sig))
                    self.index.add(doc_id, sig)
        return self.index

    def _shingles_of(self, doc_id: str) -> frozenset[str] | None:
        if doc_id in self.in_flight:
            return self.in_flight[doc_id].shingles
        if doc_id not in self._stored_shingles:
            if len(self._stored_shingles) > 256:
                self._stored_shingles.clear()
            stored = self.store.document_text(doc_id)
            self._stored_shingles[doc_id] = shingles(stored[0]) if stored else None
        return self._stored_shingles[doc_id]

    # -- extracting and storing --------------------------------------------------------

    def _extract(self, todo: Iterator[_Doc], jobs: int, batch_size: int, expected: int | None,
                 cluster: Cluster | None = None) -> None:
        from threadline.extract.parallel import extract_parallel

        sent: deque[_Doc] = deque()

        def documents() -> Iterator[Document]:
            for doc in todo:
                sent.append(doc)
                yield doc.document

        if cluster is not None:
            results = cluster.extract(documents(), batch_size, timeout=self.extract_seconds)
        else:
            results = extract_parallel(documents(), jobs, batch_size, expected=expected, timeout=self.extract_seconds)
        for result in results:
            self._save(sent.popleft(), result)

    def _save(self, doc: _Doc, result: Extraction | Exception) -> None:
        document = doc.document
        del self.in_flight[document.id]
        copies = self.waiting.pop(document.id, [])
        if isinstance(result, Exception):
            self.report.failed.append((doc.location, f"extraction failed: {result}"))
            if self.index is not None:
                self.index.remove(document.id)
            self._done(doc.location, "failed")
            self.orphans.extend(copy for copy, _ in copies)
            return
        saved = self.store.save(result, (SCHEME, to_bytes(doc.signature)), resolve=resolve_entity)
        for key, value in saved.counts.items():
            self.report.counts[key] = self.report.counts.get(key, 0) + value
        (self.report.added if saved.created else self.report.unchanged).append(doc.location)
        self._done(doc.location, "added" if saved.created else "unchanged")
        for copy, similarity in copies:
            if similarity is None:  # the same text
                self.store.add_location(document.id, copy.location)
                self.report.unchanged.append(copy.location)
                self._done(copy.location, "unchanged")
            else:
                self._copy(copy, document.id, similarity, document.title)

    def _copy(self, doc: _Doc, original: str, similarity: float, title: str | None) -> None:
        note = f"near-duplicate (similarity {similarity:.2f})" + (f": {doc.document.title}" if doc.document.title else "")
        self.store.add_location(original, doc.location, round(similarity, 4), note)
        self.report.duplicates.append(NearDuplicate(doc.location, original, title, similarity))
        self._done(doc.location, "near-duplicate")

    def _done(self, location: str, outcome: str) -> None:
        if self.progress:
            self.progress(location, outcome)
